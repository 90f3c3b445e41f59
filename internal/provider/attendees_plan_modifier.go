package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

var _ planmodifier.Set = attendeesModifier{}

// attendeesPlan plans participants.attendees so that the plan is what
// apply will produce, and known wherever it can be:
//
//   - unset: the attendees in state (Graph's), as UseStateForUnknown would;
//   - each configured attendee: its user_id as written; its role as
//     written, or "attendee"; its UPN as written, or else the one in state
//     for the same user (Graph's), or unknown for a new attendee.
//
// A schema Default on role cannot do this: the framework finds a set
// element's configuration by the element's value, which no longer matches
// once Graph has filled in a UPN, and then overwrites the configured role.
func attendeesPlan() planmodifier.Set {
	return attendeesModifier{}
}

type attendeesModifier struct{}

func (m attendeesModifier) Description(_ context.Context) string {
	return "Unset, the attendees keep their state; an attendee's role defaults to attendee and its UPN to the one Graph reports."
}

func (m attendeesModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m attendeesModifier) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.ConfigValue.IsUnknown() {
		return
	}
	if req.ConfigValue.IsNull() {
		if !req.StateValue.IsNull() {
			resp.PlanValue = req.StateValue
		}
		return
	}
	var configured, inState []participantModel
	resp.Diagnostics.Append(req.ConfigValue.ElementsAs(ctx, &configured, false)...)
	if !req.StateValue.IsNull() && !req.StateValue.IsUnknown() {
		resp.Diagnostics.Append(req.StateValue.ElementsAs(ctx, &inState, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	known := attendeesByUser(inState)
	planned := make([]participantModel, len(configured))
	for i, c := range configured {
		p := c
		if p.Role.IsNull() {
			p.Role = types.StringValue(string(graph.RoleAttendee))
		}
		if p.UPN.IsNull() {
			p.UPN = types.StringUnknown()
			if s, ok := known[userKey(c.UserID.ValueString())]; ok && !c.UserID.IsUnknown() {
				p.UPN = s.UPN
			}
		}
		planned[i] = p
	}
	plan, diags := types.SetValueFrom(ctx, participantType(), planned)
	resp.Diagnostics.Append(diags...)
	resp.PlanValue = plan
}
