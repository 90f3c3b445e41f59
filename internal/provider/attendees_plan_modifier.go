package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ planmodifier.Set = attendeesModifier[struct{}]{}

// attendeeKind is what attendeesPlan needs to know of one resource's
// attendees, of model T.
type attendeeKind[T any] struct {
	// description says how an attendee is planned, for the docs.
	description string
	// key identifies an attendee as Graph does (without regard to case);
	// false when it is not known yet.
	key func(T) (string, bool)
	// plan is a configured attendee as apply will record it, given the
	// attendee with the same key in state (nil for a new one).
	plan func(configured T, inState *T) T
}

// attendeesPlan plans a set of attendees so that the plan is what apply
// produces, and known wherever it can be:
//
//   - unset: the attendees in state (Graph's), as UseStateForUnknown would;
//   - each configured attendee: as kind.plan makes it from the
//     configuration and the attendee in state with the same key, so that
//     values Graph fills in (a name, a UPN) and Graph's spelling of the
//     key stay as they are instead of showing as a change.
//
// Schema defaults on the members cannot do this: the framework finds a set
// element's configuration by the element's value, which no longer matches
// once Graph has filled a value in, and then overwrites the configured one.
func attendeesPlan[T any](kind attendeeKind[T]) planmodifier.Set {
	return attendeesModifier[T]{kind}
}

type attendeesModifier[T any] struct{ kind attendeeKind[T] }

func (m attendeesModifier[T]) Description(_ context.Context) string { return m.kind.description }

func (m attendeesModifier[T]) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m attendeesModifier[T]) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.ConfigValue.IsUnknown() {
		return
	}
	if req.ConfigValue.IsNull() {
		if !req.StateValue.IsNull() {
			resp.PlanValue = req.StateValue
		}
		return
	}
	var configured, inState []T
	resp.Diagnostics.Append(req.ConfigValue.ElementsAs(ctx, &configured, false)...)
	if !req.StateValue.IsNull() && !req.StateValue.IsUnknown() {
		resp.Diagnostics.Append(req.StateValue.ElementsAs(ctx, &inState, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	known := make(map[string]T, len(inState))
	for _, s := range inState {
		if k, ok := m.kind.key(s); ok {
			known[k] = s
		}
	}
	planned := make([]T, len(configured))
	for i, c := range configured {
		var prior *T
		if k, ok := m.kind.key(c); ok {
			if s, found := known[k]; found {
				prior = &s
			}
		}
		planned[i] = m.kind.plan(c, prior)
	}
	plan, diags := types.SetValueFrom(ctx, req.ConfigValue.ElementType(ctx), planned)
	resp.Diagnostics.Append(diags...)
	resp.PlanValue = plan
}
