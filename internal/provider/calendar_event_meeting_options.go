package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// onlineMeetingSettingsTypes are the attribute types of
// online_meeting_settings.
func onlineMeetingSettingsTypes() map[string]attr.Type {
	return attributeTypes(settingsAttributes(meetingSettings))
}

// settingsConfigured tells whether the event manages its meeting's options.
func (m calendarEventModel) settingsConfigured() bool {
	return !m.OnlineMeetingSettings.IsNull()
}

// meetingSettingsUpdate is the PATCH of the Teams meeting's options that
// brings meeting to plan: the options alone, never subject, times or
// participants, which the event owns.
func (m calendarEventModel) meetingSettingsUpdate(ctx context.Context, meeting *graph.OnlineMeeting) (graph.OnlineMeetingUpdate, diag.Diagnostics) {
	var u graph.OnlineMeetingUpdate
	diags := writeSettings(ctx, meetingSettings, &u.MeetingSettings, objectAttributes(m.OnlineMeetingSettings), readSettings(meetingSettings, &meeting.MeetingSettings))
	return u, diags
}

// refreshSettings sets the options from the Teams meeting Graph holds.
func (m *calendarEventModel) refreshSettings(meeting *graph.OnlineMeeting) diag.Diagnostics {
	obj, diags := types.ObjectValue(onlineMeetingSettingsTypes(), readSettings(meetingSettings, &meeting.MeetingSettings))
	m.OnlineMeetingSettings = obj
	m.OnlineMeetingID = types.StringValue(meeting.ID)
	return diags
}

// applySettings brings the options of the event's Teams meeting to m's
// online_meeting_settings, when it has them, and reads them back. Graph
// does not document whether a calendar-backed meeting's options may be
// PATCHed; a refusal is an error that says what to do (created: the event
// has just been created, and is not recorded, so that the next apply
// adopts it instead of making another).
func (r *calendarEventResource) applySettings(ctx context.Context, m *calendarEventModel, created bool) diag.Diagnostics {
	var diags diag.Diagnostics
	if !m.settingsConfigured() {
		m.OnlineMeetingID = types.StringNull()
		return nil
	}
	mailbox := m.UserID.ValueString()
	call := graphCall{
		summary:   "Unable to Apply Teams Meeting Options",
		attempted: fmt.Sprintf("Applying online_meeting_settings to the Teams meeting of %s", m.describe()),
		userID:    mailbox, clientID: r.clientID, credential: r.credentialKind, api: onlineMeetingsAPI,
	}
	meeting, err := r.client.FindOnlineMeetingByJoinWebURL(ctx, mailbox, m.JoinURL.ValueString())
	if err == nil {
		var update graph.OnlineMeetingUpdate
		update, diags = m.meetingSettingsUpdate(ctx, meeting)
		if !diags.HasError() && !update.IsEmpty() {
			meeting, err = r.client.UpdateOnlineMeeting(ctx, mailbox, meeting.ID, update)
		}
	}
	if err != nil {
		detail := graphErrorDiagnostic(call, err).Detail()
		var gErr *graph.Error
		if errors.As(err, &gErr) && (gErr.StatusCode == http.StatusForbidden || gErr.StatusCode == http.StatusBadRequest) {
			detail += "\n\nGraph does not document whether the options of a meeting that belongs to a calendar event can be changed through the onlineMeetings API, " +
				"and in this tenant it did not: remove online_meeting_settings (the meeting then keeps the tenant's defaults, and the organizer can change them in Teams), " +
				"or check that the application has OnlineMeetings.ReadWrite.All and a Teams application access policy for the organizer."
		}
		if created {
			detail += "\n\nThe event itself was created and its attendees invited; it is not recorded in the state, so the next apply finds it by its external_id " +
				"and adopts it: no second event and no second invitation."
		}
		diags.AddAttributeError(path.Root("online_meeting_settings"), call.summary, detail)
		return diags
	}
	diags.Append(m.refreshSettings(meeting)...)
	return diags
}

// meetingOptionsAttribute is the online_meeting_settings attribute: the Teams meeting options of msgraph_calendar_event.
func meetingOptionsAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "The Teams meeting's options (lobby, presenters, recording, chat, ...), the same attributes as `msgraph_online_meeting`'s. " +
			"Set, the provider finds the event's Teams meeting by its join link and changes only these options; the event keeps its subject, times and attendees. " +
			"Needs `OnlineMeetings.ReadWrite.All` with a Teams application access policy, and `user_id` as an object id. " +
			"Each option left unset keeps the tenant's default.",
		Optional:   true,
		Attributes: settingsAttributes(meetingSettings),
	}
}

var _ planmodifier.String = onlineMeetingIDModifier{}

// onlineMeetingIDPlan plans an event's online_meeting_id as apply sets it:
// null without online_meeting_settings (the provider does not look the
// meeting up then), the id in state while they stay configured, unknown
// when they are newly configured.
func onlineMeetingIDPlan() planmodifier.String { return onlineMeetingIDModifier{} }

type onlineMeetingIDModifier struct{}

func (m onlineMeetingIDModifier) Description(_ context.Context) string {
	return "The Teams meeting's id while online_meeting_settings is set; null otherwise."
}

func (m onlineMeetingIDModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m onlineMeetingIDModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	var settings types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("online_meeting_settings"), &settings)...)
	switch {
	case settings.IsNull():
		resp.PlanValue = types.StringNull()
	case !req.StateValue.IsNull() && !req.StateValue.IsUnknown():
		resp.PlanValue = req.StateValue
	}
}
