package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

type eventAttendeeModel struct {
	Email types.String `tfsdk:"email"`
	Name  types.String `tfsdk:"name"`
	Type  types.String `tfsdk:"type"`
}

func eventAttendeeType() types.ObjectType {
	return types.ObjectType{AttrTypes: map[string]attr.Type{"email": types.StringType, "name": types.StringType, "type": types.StringType}}
}

// eventAttendee plans an event's attendee: its address as in state when
// the state has it in another case (Exchange compares addresses without
// regard to case, and answers them in the directory's spelling), else as
// written; its type as written, or "required"; its name as written, or
// else the one in state for the same address, or unknown for a new one.
func eventAttendee() attendeeKind[eventAttendeeModel] {
	return attendeeKind[eventAttendeeModel]{
		description: "Unset, the attendees keep their state; an address written in another case than Graph's is no change; " +
			"an attendee's type defaults to required and its name to the one Graph reports.",
		key: func(a eventAttendeeModel) (string, bool) {
			return caseless(a.Email.ValueString()), !a.Email.IsUnknown()
		},
		plan: func(a eventAttendeeModel, inState *eventAttendeeModel) eventAttendeeModel {
			if a.Type.IsNull() {
				a.Type = types.StringValue(graph.AttendeeRequired)
			}
			if inState != nil {
				a.Email = inState.Email
			}
			if a.Name.IsNull() {
				a.Name = types.StringUnknown()
				if inState != nil {
					a.Name = inState.Name
				}
			}
			return a
		},
	}
}

// attendees reads the attendee set; nil when it is null or unknown.
func (m calendarEventModel) attendees(ctx context.Context) ([]eventAttendeeModel, diag.Diagnostics) {
	if m.Attendees.IsNull() || m.Attendees.IsUnknown() {
		return nil, nil
	}
	var out []eventAttendeeModel
	diags := m.Attendees.ElementsAs(ctx, &out, false)
	return out, diags
}

func eventGraphAttendees(list []eventAttendeeModel) []graph.Attendee {
	out := make([]graph.Attendee, 0, len(list))
	for _, a := range list {
		ga := graph.Attendee{EmailAddress: graph.EmailAddress{Address: a.Email.ValueString()}, Type: a.Type.ValueString()}
		if !a.Name.IsNull() && !a.Name.IsUnknown() {
			ga.EmailAddress.Name = a.Name.ValueString()
		}
		if ga.Type == "" {
			ga.Type = graph.AttendeeRequired
		}
		out = append(out, ga)
	}
	return out
}

// sameEventAttendees compares attendee lists as Exchange does: by address
// without regard to case, with their types, and with names only where the
// plan sets them (an unknown name is the one Graph will report).
func sameEventAttendees(plan, state []eventAttendeeModel) bool {
	if len(plan) != len(state) {
		return false
	}
	byEmail := map[string]eventAttendeeModel{}
	for _, s := range state {
		byEmail[caseless(s.Email.ValueString())] = s
	}
	for _, p := range plan {
		s, ok := byEmail[caseless(p.Email.ValueString())]
		if !ok || !p.Type.IsUnknown() && !strings.EqualFold(p.Type.ValueString(), s.Type.ValueString()) ||
			!p.Name.IsUnknown() && !p.Name.IsNull() && p.Name.ValueString() != s.Name.ValueString() {
			return false
		}
	}
	return true
}

func (m *calendarEventModel) refreshAttendees(ctx context.Context, answered []graph.Attendee) diag.Diagnostics {
	prior, diags := m.attendees(ctx)
	byEmail := map[string]eventAttendeeModel{}
	for _, p := range prior {
		byEmail[caseless(p.Email.ValueString())] = p
	}
	out := make([]eventAttendeeModel, 0, len(answered))
	for _, a := range answered {
		entry := eventAttendeeModel{Email: types.StringValue(a.EmailAddress.Address), Name: nonEmpty(&a.EmailAddress.Name), Type: types.StringValue(strings.ToLower(a.Type))}
		if p, ok := byEmail[caseless(a.EmailAddress.Address)]; ok {
			entry.Email = p.Email // the configured case: Graph re-cases addresses
			if strings.EqualFold(p.Type.ValueString(), a.Type) {
				entry.Type = p.Type
			}
		}
		out = append(out, entry)
	}
	set, d := types.SetValueFrom(ctx, eventAttendeeType(), out)
	diags.Append(d...)
	m.Attendees = set
	return diags
}

// attendeesAttribute is the attendees attribute of msgraph_calendar_event.
func attendeesAttribute() schema.SetNestedAttribute {
	return schema.SetNestedAttribute{
		MarkdownDescription: fmt.Sprintf("Who is invited, at most %d. Adding one sends them an invitation, removing one a cancellation; "+
			"the others may get an update. Addresses are compared without regard to case.", graph.MaxAttendees),
		Optional:      true,
		Computed:      true,
		Validators:    []validator.Set{setvalidator.SizeAtMost(graph.MaxAttendees), distinctAddresses()},
		PlanModifiers: []planmodifier.Set{attendeesPlan(eventAttendee())},
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"email": schema.StringAttribute{
				MarkdownDescription: "The attendee's e-mail address.",
				Required:            true,
				Validators:          []validator.String{emailAddress()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The attendee's display name. Unset, it is the one Graph reports.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "`required` (default), `optional`, or `resource` (a room or equipment).",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf(graph.AttendeeRequired, graph.AttendeeOptional, graph.AttendeeResource)},
			},
		}},
	}
}
