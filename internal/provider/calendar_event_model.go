package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

// externalIDProperty is the single-value extended property that carries an
// event's external_id: one fixed id for every event this provider makes
// (a named property per value would use up the mailbox's named-property
// quota), with the key in its value.
const externalIDProperty = "String {8a3f6c1e-5b2d-4e7a-9c41-6d2f0b9e7a15} Name externalId"

// calendarEventModel is what the resource and the data source share.
type calendarEventModel struct {
	ID                         types.String     `tfsdk:"id"`
	UserID                     types.String     `tfsdk:"user_id"`
	ExternalID                 types.String     `tfsdk:"external_id"`
	Subject                    types.String     `tfsdk:"subject"`
	Body                       *eventBodyModel  `tfsdk:"body"`
	StartDateTime              types.String     `tfsdk:"start_date_time"`
	EndDateTime                types.String     `tfsdk:"end_date_time"`
	TimeZone                   types.String     `tfsdk:"time_zone"`
	Location                   types.String     `tfsdk:"location"`
	Attendees                  types.Set        `tfsdk:"attendees"`
	Recurrence                 *recurrenceModel `tfsdk:"recurrence"`
	ReminderMinutesBeforeStart types.Int64      `tfsdk:"reminder_minutes_before_start"`
	IsReminderOn               types.Bool       `tfsdk:"is_reminder_on"`
	ResponseRequested          types.Bool       `tfsdk:"response_requested"`
	AllowNewTimeProposals      types.Bool       `tfsdk:"allow_new_time_proposals"`
	HideAttendees              types.Bool       `tfsdk:"hide_attendees"`
	ShowAs                     types.String     `tfsdk:"show_as"`
	Sensitivity                types.String     `tfsdk:"sensitivity"`
	Importance                 types.String     `tfsdk:"importance"`
	Categories                 types.Set        `tfsdk:"categories"`
	JoinURL                    types.String     `tfsdk:"join_url"`
	ConferenceID               types.String     `tfsdk:"conference_id"`
	TollNumber                 types.String     `tfsdk:"toll_number"`
	ICalUID                    types.String     `tfsdk:"ical_uid"`
	WebLink                    types.String     `tfsdk:"web_link"`
	// OnlineMeetingSettings holds the Teams meeting options, the very
	// attributes of msgraph_online_meeting (meetingSettings).
	OnlineMeetingSettings types.Object `tfsdk:"online_meeting_settings"`
	OnlineMeetingID       types.String `tfsdk:"online_meeting_id"`
}

// transactionID is the event's deterministic transactionId: a UUID derived
// from the mailbox and the external id, so that a POST repeated after a
// crash or a lost answer carries the same one.
func transactionID(mailbox, externalID string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(mailbox) + "\x00" + externalID))
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// createEvent is the POST body of m, with the key property and the
// transactionId.
func (m calendarEventModel) createEvent(ctx context.Context) (graph.Event, diag.Diagnostics) {
	var diags diag.Diagnostics
	zone := m.zone()
	e := graph.Event{
		TransactionID:                 graph.Ptr(transactionID(m.UserID.ValueString(), m.ExternalID.ValueString())),
		Subject:                       graph.Ptr(m.Subject.ValueString()),
		Body:                          m.Body.graphBody(),
		Start:                         &graph.DateTimeTimeZone{DateTime: m.StartDateTime.ValueString(), TimeZone: zone},
		End:                           &graph.DateTimeTimeZone{DateTime: m.EndDateTime.ValueString(), TimeZone: zone},
		IsOnlineMeeting:               graph.Ptr(true),
		OnlineMeetingProvider:         graph.Ptr("teamsForBusiness"),
		SingleValueExtendedProperties: []graph.SingleValueExtendedProperty{{ID: externalIDProperty, Value: m.ExternalID.ValueString()}},
	}
	if !m.Location.IsNull() && !m.Location.IsUnknown() {
		e.Location = &graph.Location{DisplayName: m.Location.ValueString()}
	}
	attendees, d := m.attendees(ctx)
	diags.Append(d...)
	e.Attendees = eventGraphAttendees(attendees)
	e.Recurrence, d = m.Recurrence.graphRecurrence(ctx, zone)
	diags.Append(d...)
	e.ReminderMinutesBeforeStart = knownInt(m.ReminderMinutesBeforeStart)
	e.IsReminderOn = knownBool(m.IsReminderOn)
	e.ResponseRequested = knownBool(m.ResponseRequested)
	e.AllowNewTimeProposals = knownBool(m.AllowNewTimeProposals)
	e.HideAttendees = knownBool(m.HideAttendees)
	e.ShowAs = knownString(m.ShowAs)
	e.Sensitivity = knownString(m.Sensitivity)
	e.Importance = knownString(m.Importance)
	if !m.Categories.IsNull() && !m.Categories.IsUnknown() {
		diags.Append(m.Categories.ElementsAs(ctx, &e.Categories, false)...)
	}
	return e, diags
}

// eventUpdate is the PATCH that brings state to plan: only what differs,
// since each PATCH can mail every attendee. The body, when it changed, is
// sent with Graph's Teams join block kept (current is the event as Graph
// holds it); bodyKept is false when that block cannot be found, and then
// the body is left alone. A body the state does not know (after an
// import) counts as changed only if Graph's says something else; a time
// zone, only if it is another zone, not another name of it.
func eventUpdate(ctx context.Context, plan, state calendarEventModel, current *graph.Event) (u graph.EventUpdate, bodyKept bool, diags diag.Diagnostics) {
	bodyKept = true
	changed := func(p, s attr.Value) bool { return !p.IsUnknown() && !p.Equal(s) }
	if changed(plan.Subject, state.Subject) {
		u.Subject = graph.Ptr(plan.Subject.ValueString())
	}
	if !plan.Body.equal(state.Body) && (state.Body != nil || !sameBody(plan.Body, current)) {
		u.Body, bodyKept = keepJoinBlock(plan.Body, current)
	}
	sameZone := timezone.Same(plan.zone(), state.zone())
	if changed(plan.StartDateTime, state.StartDateTime) || changed(plan.EndDateTime, state.EndDateTime) || !sameZone {
		u.Start = &graph.DateTimeTimeZone{DateTime: plan.StartDateTime.ValueString(), TimeZone: plan.zone()}
		u.End = &graph.DateTimeTimeZone{DateTime: plan.EndDateTime.ValueString(), TimeZone: plan.zone()}
	}
	if changed(plan.Location, state.Location) {
		u.Location = &graph.Location{DisplayName: plan.Location.ValueString()}
	}
	planned, d := plan.attendees(ctx)
	diags.Append(d...)
	held, d := state.attendees(ctx)
	diags.Append(d...)
	if !plan.Attendees.IsUnknown() && !sameEventAttendees(planned, held) {
		u.Attendees, u.SetAttendees = eventGraphAttendees(planned), true
	}
	if !sameRecurrence(plan.Recurrence, state.Recurrence) || plan.Recurrence != nil && !sameZone {
		if plan.Recurrence == nil {
			u.RemoveRecurrence = true
		} else {
			u.Recurrence, d = plan.Recurrence.graphRecurrence(ctx, plan.zone())
			diags.Append(d...)
		}
	}
	if changed(plan.ReminderMinutesBeforeStart, state.ReminderMinutesBeforeStart) {
		u.ReminderMinutesBeforeStart = knownInt(plan.ReminderMinutesBeforeStart)
	}
	if changed(plan.IsReminderOn, state.IsReminderOn) {
		u.IsReminderOn = knownBool(plan.IsReminderOn)
	}
	if changed(plan.ResponseRequested, state.ResponseRequested) {
		u.ResponseRequested = knownBool(plan.ResponseRequested)
	}
	if changed(plan.AllowNewTimeProposals, state.AllowNewTimeProposals) {
		u.AllowNewTimeProposals = knownBool(plan.AllowNewTimeProposals)
	}
	if changed(plan.HideAttendees, state.HideAttendees) {
		u.HideAttendees = knownBool(plan.HideAttendees)
	}
	if changed(plan.ShowAs, state.ShowAs) {
		u.ShowAs = knownString(plan.ShowAs)
	}
	if changed(plan.Sensitivity, state.Sensitivity) {
		u.Sensitivity = knownString(plan.Sensitivity)
	}
	if changed(plan.Importance, state.Importance) {
		u.Importance = knownString(plan.Importance)
	}
	if changed(plan.Categories, state.Categories) && !plan.Categories.IsNull() {
		diags.Append(plan.Categories.ElementsAs(ctx, &u.Categories, false)...)
		u.SetCategories = true
	}
	if state.ExternalID.IsNull() && !plan.ExternalID.IsUnknown() {
		// After an import: the key goes on in place, which mails no one.
		u.SingleValueExtendedProperties = []graph.SingleValueExtendedProperty{{ID: externalIDProperty, Value: plan.ExternalID.ValueString()}}
	}
	return u, bodyKept, diags
}

// refresh sets m from the event as Graph holds it. Configured text that
// means what Graph holds is kept: times in the configured zone, e-mail
// addresses in their configured case, the body as configured unless it
// was edited since the provider wrote it (fingerprint is the user part's
// fingerprint after that write; empty when unknown).
func (m *calendarEventModel) refresh(ctx context.Context, e *graph.Event, fingerprint string) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(e.ID)
	if v, ok := e.ExtendedProperty(externalIDProperty); ok && (m.ExternalID.IsNull() || !strings.EqualFold(v, m.ExternalID.ValueString())) {
		m.ExternalID = types.StringValue(v)
	}
	m.Subject = types.StringPointerValue(e.Subject)
	zone := m.zone()
	if m.TimeZone.IsNull() && m.StartDateTime.IsNull() && e.OriginalStartTimeZone != nil {
		// An import: take the zone the event was created in.
		if _, err := timezone.Load(*e.OriginalStartTimeZone); err == nil {
			zone = *e.OriginalStartTimeZone
			m.TimeZone = types.StringValue(zone)
		}
	}
	if m.TimeZone.IsUnknown() {
		m.TimeZone = types.StringValue(zone)
	}
	if e.Start != nil {
		m.StartDateTime = readTime(m.StartDateTime, zone, *e.Start)
	}
	if e.End != nil {
		m.EndDateTime = readTime(m.EndDateTime, zone, *e.End)
	}
	if e.Body != nil && e.Body.Content != nil && fingerprint != "" && bodyFingerprint(*e.Body.Content) != fingerprint {
		// Edited outside Terraform: show Graph's text, so that the plan
		// writes the configured body back.
		_, user, _, _ := splitBody(*e.Body.Content)
		m.Body = &eventBodyModel{ContentType: types.StringValue("html"), Content: types.StringValue(strings.TrimSpace(user))}
	}
	m.Location = types.StringNull()
	if e.Location != nil && e.Location.DisplayName != "" {
		m.Location = types.StringValue(e.Location.DisplayName)
	}
	diags.Append(m.refreshAttendees(ctx, e.Attendees)...)
	diags.Append(m.refreshRecurrence(ctx, e.Recurrence)...)
	m.ReminderMinutesBeforeStart = types.Int64Null()
	if e.ReminderMinutesBeforeStart != nil {
		m.ReminderMinutesBeforeStart = types.Int64Value(int64(*e.ReminderMinutesBeforeStart))
	}
	m.IsReminderOn = types.BoolPointerValue(e.IsReminderOn)
	m.ResponseRequested = types.BoolPointerValue(e.ResponseRequested)
	m.AllowNewTimeProposals = types.BoolPointerValue(e.AllowNewTimeProposals)
	m.HideAttendees = types.BoolPointerValue(e.HideAttendees)
	m.ShowAs = enumValue(m.ShowAs, e.ShowAs)
	m.Sensitivity = enumValue(m.Sensitivity, e.Sensitivity)
	m.Importance = enumValue(m.Importance, e.Importance)
	categories, d := types.SetValueFrom(ctx, types.StringType, nonNil(e.Categories))
	diags.Append(d...)
	m.Categories = categories
	m.JoinURL, m.ConferenceID, m.TollNumber = types.StringNull(), types.StringNull(), types.StringNull()
	if om := e.OnlineMeeting; om != nil {
		m.JoinURL = nonEmpty(&om.JoinURL)
		m.ConferenceID = nonEmpty(&om.ConferenceID)
		m.TollNumber = nonEmpty(&om.TollNumber)
	}
	m.ICalUID = types.StringPointerValue(e.ICalUID)
	m.WebLink = types.StringPointerValue(e.WebLink)
	return diags
}

// describe names the event for diagnostics.
func (m calendarEventModel) describe() string {
	if m.ExternalID.IsNull() || m.ExternalID.IsUnknown() {
		return fmt.Sprintf("the calendar event %s", m.ID.ValueString())
	}
	return fmt.Sprintf("the calendar event with external_id %q", m.ExternalID.ValueString())
}
