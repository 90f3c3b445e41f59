package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

var _ planmodifier.Set = eventAttendeesModifier{}

// eventAttendeesPlan plans an event's attendees so that the plan is what
// apply produces, and known wherever it can be:
//
//   - unset: the attendees in state, as UseStateForUnknown would;
//   - each configured attendee: its address as written; its type as
//     written, or "required"; its name as written, or else the one in
//     state for the same address (compared without regard to case, as
//     Exchange does), or unknown for a new attendee.
func eventAttendeesPlan() planmodifier.Set {
	return eventAttendeesModifier{}
}

type eventAttendeesModifier struct{}

func (m eventAttendeesModifier) Description(_ context.Context) string {
	return "Unset, the attendees keep their state; an attendee's type defaults to required and its name to the one Graph reports."
}

func (m eventAttendeesModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m eventAttendeesModifier) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.ConfigValue.IsUnknown() {
		return
	}
	if req.ConfigValue.IsNull() {
		if !req.StateValue.IsNull() {
			resp.PlanValue = req.StateValue
		}
		return
	}
	var configured, inState []eventAttendeeModel
	resp.Diagnostics.Append(req.ConfigValue.ElementsAs(ctx, &configured, false)...)
	if !req.StateValue.IsNull() && !req.StateValue.IsUnknown() {
		resp.Diagnostics.Append(req.StateValue.ElementsAs(ctx, &inState, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	known := map[string]eventAttendeeModel{}
	for _, s := range inState {
		known[strings.ToLower(s.Email.ValueString())] = s
	}
	planned := make([]eventAttendeeModel, len(configured))
	for i, c := range configured {
		p := c
		if p.Type.IsNull() {
			p.Type = types.StringValue(graph.AttendeeRequired)
		}
		if p.Name.IsNull() {
			p.Name = types.StringUnknown()
			if s, ok := known[strings.ToLower(c.Email.ValueString())]; ok && !c.Email.IsUnknown() {
				p.Name = s.Name
			}
		}
		planned[i] = p
	}
	plan, diags := types.SetValueFrom(ctx, eventAttendeeType(), planned)
	resp.Diagnostics.Append(diags...)
	resp.PlanValue = plan
}
