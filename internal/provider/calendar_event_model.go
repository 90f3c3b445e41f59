package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"time"

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

// defaultTimeZone is the zone of an event whose time_zone is unset.
const defaultTimeZone = "UTC"

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

type eventBodyModel struct {
	ContentType types.String `tfsdk:"content_type"`
	Content     types.String `tfsdk:"content"`
}

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
			return addressKey(a.Email.ValueString()), !a.Email.IsUnknown()
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

// addressKey is an e-mail address as Exchange compares it: without regard
// to case.
func addressKey(address string) string { return strings.ToLower(address) }

type recurrenceModel struct {
	Pattern *recurrencePatternModel `tfsdk:"pattern"`
	Range   *recurrenceRangeModel   `tfsdk:"range"`
}

type recurrencePatternModel struct {
	Type           types.String `tfsdk:"type"`
	Interval       types.Int64  `tfsdk:"interval"`
	DaysOfWeek     types.Set    `tfsdk:"days_of_week"`
	DayOfMonth     types.Int64  `tfsdk:"day_of_month"`
	Month          types.Int64  `tfsdk:"month"`
	Index          types.String `tfsdk:"index"`
	FirstDayOfWeek types.String `tfsdk:"first_day_of_week"`
}

type recurrenceRangeModel struct {
	Type                types.String `tfsdk:"type"`
	StartDate           types.String `tfsdk:"start_date"`
	EndDate             types.String `tfsdk:"end_date"`
	NumberOfOccurrences types.Int64  `tfsdk:"number_of_occurrences"`
}

// Which recurrence fields each pattern and range type uses (Graph's
// recurrencePattern and recurrenceRange); the others are neither sent nor
// read back.
var (
	patternUses = map[string][]string{
		"daily":           {},
		"weekly":          {"days_of_week", "first_day_of_week"},
		"absoluteMonthly": {"day_of_month"},
		"relativeMonthly": {"days_of_week", "index"},
		"absoluteYearly":  {"day_of_month", "month"},
		"relativeYearly":  {"days_of_week", "index", "month"},
	}
	rangeUses = map[string][]string{
		"endDate":  {"end_date"},
		"noEnd":    {},
		"numbered": {"number_of_occurrences"},
	}
)

func patternUsesField(patternType, field string) bool {
	return slices.Contains(patternUses[patternType], field)
}

func rangeUsesField(rangeType, field string) bool {
	return slices.Contains(rangeUses[rangeType], field)
}

// zone is the event's time zone as configured, or UTC.
func (m calendarEventModel) zone() string {
	if m.TimeZone.IsNull() || m.TimeZone.IsUnknown() || m.TimeZone.ValueString() == "" {
		return defaultTimeZone
	}
	return m.TimeZone.ValueString()
}

// transactionID is the event's deterministic transactionId: a UUID derived
// from the mailbox and the external id, so that a POST repeated after a
// crash or a lost answer carries the same one.
func transactionID(mailbox, externalID string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(mailbox) + "\x00" + externalID))
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// wallClock parses a dateTime without offset, with up to seven fractional
// digits, as Graph writes and takes them ({date}T{time}).
func wallClock(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02T15:04:05.9999999", s)
	return t, err == nil
}

// instantIn is the instant a wall-clock time denotes in a zone.
func instantIn(wall time.Time, zone string) (time.Time, bool) {
	loc, err := timezone.Load(zone)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), loc), true
}

// readTime is the text of a time Graph answered (dt in respZone) for an
// event configured in zone, given the text in state: the state's text
// when it denotes the same time (compared as wall clock when Graph
// answered in the configured zone, else as instants), otherwise Graph's
// time as wall clock in the configured zone.
func readTime(state types.String, zone string, dt graph.DateTimeTimeZone) types.String {
	answered, ok := wallClock(dt.DateTime)
	if !ok {
		return types.StringValue(dt.DateTime)
	}
	respZone := dt.TimeZone
	if respZone == "" {
		respZone = defaultTimeZone
	}
	if respZone == zone {
		if s, ok := wallClock(state.ValueString()); ok && s.Equal(answered) {
			return state
		}
		return types.StringValue(answered.Format("2006-01-02T15:04:05"))
	}
	at, ok := instantIn(answered, respZone)
	if !ok {
		return types.StringValue(dt.DateTime)
	}
	if s, ok := wallClock(state.ValueString()); ok {
		if mine, ok := instantIn(s, zone); ok && mine.Equal(at) {
			return state
		}
	}
	if loc, err := timezone.Load(zone); err == nil {
		return types.StringValue(at.In(loc).Format("2006-01-02T15:04:05"))
	}
	return types.StringValue(dt.DateTime)
}

// The Teams join block Graph appends to a calendar-backed meeting's body:
// a separator line, the "me-email-text" block with the join link and the
// dial-in details, and a closing separator. Its markup is observed, not
// documented, and varies by tenant and language; these are the parts that
// every observed form shares.
var (
	joinBlockText = regexp.MustCompile(`class="me-email-text"`)
	separatorDiv  = regexp.MustCompile(`<div style="width:\s*100%;?\s*height:\s*20px;?">`)
	bodyOpen      = regexp.MustCompile(`(?i)<body[^>]*>`)
	whitespace    = regexp.MustCompile(`\s+`)
)

// splitBody splits the HTML of an event body into what precedes the
// user's content (up to and including <body>), the user's content, and
// the join block with everything after it. found is false when the body
// has no join block.
func splitBody(content string) (head, user, block string, found bool) {
	start := 0
	if loc := bodyOpen.FindStringIndex(content); loc != nil {
		start = loc[1]
	}
	text := joinBlockText.FindStringIndex(content)
	if text == nil || text[0] < start {
		end := len(content)
		if i := strings.LastIndex(strings.ToLower(content), "</body>"); i >= start {
			end = i
		}
		return content[:start], content[start:end], content[end:], false
	}
	blockStart := text[0]
	for _, loc := range separatorDiv.FindAllStringIndex(content[start:text[0]], -1) {
		blockStart = start + loc[0] // the last separator before the block
	}
	return content[:start], content[start:blockStart], content[blockStart:], true
}

// bodyFingerprint identifies the user's part of an event body as Graph
// holds it, whatever whitespace Graph adds: a different fingerprint means
// the body was edited since the provider last wrote it.
func bodyFingerprint(content string) string {
	_, user, _, _ := splitBody(content)
	sum := sha256.Sum256([]byte(strings.TrimSpace(whitespace.ReplaceAllString(user, " "))))
	return hex.EncodeToString(sum[:])
}

var (
	htmlTag   = regexp.MustCompile(`(?s)<[^>]*>`)
	htmlBreak = regexp.MustCompile(`(?i)<br\s*/?>|</p>|</div>`)
)

// plainText is what HTML says, for comparing a body with Graph's rewriting
// of it: tags dropped (line breaks kept as spaces), entities decoded,
// whitespace collapsed.
func plainText(h string) string {
	h = htmlBreak.ReplaceAllString(h, " ")
	h = html.UnescapeString(htmlTag.ReplaceAllString(h, ""))
	return strings.TrimSpace(whitespace.ReplaceAllString(h, " "))
}

// sameBody tells whether Graph's body (its user part) says what the
// configured body says: Graph's HTML rewriting aside, the same text.
func sameBody(configured *eventBodyModel, e *graph.Event) bool {
	if configured == nil || e == nil || e.Body == nil || e.Body.Content == nil {
		return configured == nil
	}
	_, user, _, _ := splitBody(*e.Body.Content)
	want := configured.Content.ValueString()
	if configured.ContentType.ValueString() == "html" {
		want = plainText(want)
	}
	return strings.TrimSpace(whitespace.ReplaceAllString(want, " ")) == plainText(user)
}

// userHTML is the configured body as the HTML Graph would hold.
func (b *eventBodyModel) userHTML() string {
	if b == nil {
		return ""
	}
	if b.ContentType.ValueString() == "html" {
		return b.Content.ValueString()
	}
	return strings.ReplaceAll(html.EscapeString(b.Content.ValueString()), "\n", "<br>\r\n")
}

func (b *eventBodyModel) graphBody() *graph.ItemBody {
	if b == nil {
		return nil
	}
	contentType := b.ContentType.ValueString()
	if contentType == "" {
		contentType = "text"
	}
	return &graph.ItemBody{ContentType: graph.Ptr(contentType), Content: graph.Ptr(b.Content.ValueString())}
}

func (b *eventBodyModel) equal(o *eventBodyModel) bool {
	if b == nil || o == nil {
		return b == o
	}
	return b.ContentType.Equal(o.ContentType) && b.Content.Equal(o.Content)
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
		byEmail[strings.ToLower(s.Email.ValueString())] = s
	}
	for _, p := range plan {
		s, ok := byEmail[strings.ToLower(p.Email.ValueString())]
		if !ok || !p.Type.IsUnknown() && !strings.EqualFold(p.Type.ValueString(), s.Type.ValueString()) ||
			!p.Name.IsUnknown() && !p.Name.IsNull() && p.Name.ValueString() != s.Name.ValueString() {
			return false
		}
	}
	return true
}

func (r *recurrenceModel) graphRecurrence(ctx context.Context, zone string) (*graph.PatternedRecurrence, diag.Diagnostics) {
	if r == nil || r.Pattern == nil || r.Range == nil {
		return nil, nil
	}
	var diags diag.Diagnostics
	p, rg := r.Pattern, r.Range
	out := &graph.PatternedRecurrence{
		Pattern: graph.RecurrencePattern{Type: p.Type.ValueString(), Interval: int(p.Interval.ValueInt64())},
		Range:   graph.RecurrenceRange{Type: rg.Type.ValueString(), StartDate: rg.StartDate.ValueString(), RecurrenceTimeZone: zone},
	}
	known := func(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }
	t := out.Pattern.Type
	if patternUsesField(t, "days_of_week") && known(p.DaysOfWeek) {
		diags.Append(p.DaysOfWeek.ElementsAs(ctx, &out.Pattern.DaysOfWeek, false)...)
		slices.Sort(out.Pattern.DaysOfWeek)
	}
	if patternUsesField(t, "day_of_month") && known(p.DayOfMonth) {
		out.Pattern.DayOfMonth = int(p.DayOfMonth.ValueInt64())
	}
	if patternUsesField(t, "month") && known(p.Month) {
		out.Pattern.Month = int(p.Month.ValueInt64())
	}
	if patternUsesField(t, "index") && known(p.Index) {
		out.Pattern.Index = p.Index.ValueString()
	}
	if patternUsesField(t, "first_day_of_week") && known(p.FirstDayOfWeek) {
		out.Pattern.FirstDayOfWeek = p.FirstDayOfWeek.ValueString()
	}
	if rangeUsesField(out.Range.Type, "end_date") {
		out.Range.EndDate = rg.EndDate.ValueString()
	}
	if rangeUsesField(out.Range.Type, "number_of_occurrences") {
		out.Range.NumberOfOccurrences = int(rg.NumberOfOccurrences.ValueInt64())
	}
	return out, diags
}

// sameRecurrence compares the fields that the pattern and range types use,
// and those only where the plan knows them.
func sameRecurrence(plan, state *recurrenceModel) bool {
	if plan == nil || state == nil || plan.Pattern == nil || state.Pattern == nil || plan.Range == nil || state.Range == nil {
		return plan == nil && state == nil
	}
	p, s := plan.Pattern, state.Pattern
	pr, sr := plan.Range, state.Range
	if !p.Type.Equal(s.Type) || !p.Interval.Equal(s.Interval) || !pr.Type.Equal(sr.Type) || !pr.StartDate.Equal(sr.StartDate) {
		return false
	}
	same := func(used bool, a, b attr.Value) bool { return !used || a.IsUnknown() || a.Equal(b) }
	t, rt := p.Type.ValueString(), pr.Type.ValueString()
	return same(patternUsesField(t, "days_of_week"), p.DaysOfWeek, s.DaysOfWeek) &&
		same(patternUsesField(t, "day_of_month"), p.DayOfMonth, s.DayOfMonth) &&
		same(patternUsesField(t, "month"), p.Month, s.Month) &&
		same(patternUsesField(t, "index"), p.Index, s.Index) &&
		same(patternUsesField(t, "first_day_of_week"), p.FirstDayOfWeek, s.FirstDayOfWeek) &&
		same(rangeUsesField(rt, "end_date"), pr.EndDate, sr.EndDate) &&
		same(rangeUsesField(rt, "number_of_occurrences"), pr.NumberOfOccurrences, sr.NumberOfOccurrences)
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

func knownInt(v types.Int64) *int {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return graph.Ptr(int(v.ValueInt64()))
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

// keepJoinBlock is the body to PATCH for the configured one: Graph's
// documents that a Teams event's body must keep its join block, or the
// meeting is lost; so the user's part is replaced and the block kept.
func keepJoinBlock(configured *eventBodyModel, current *graph.Event) (*graph.ItemBody, bool) {
	var content string
	if current != nil && current.Body != nil && current.Body.Content != nil {
		content = *current.Body.Content
	}
	head, _, block, found := splitBody(content)
	if !found {
		if current != nil && current.OnlineMeeting != nil && current.OnlineMeeting.JoinURL != "" {
			return nil, false
		}
		return configured.graphBody(), true
	}
	return &graph.ItemBody{ContentType: graph.Ptr("html"), Content: graph.Ptr(head + "\r\n" + configured.userHTML() + "\r\n" + block)}, true
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
	categories, d := types.SetValueFrom(ctx, types.StringType, nonNilStrings(e.Categories))
	diags.Append(d...)
	m.Categories = categories
	m.JoinURL, m.ConferenceID, m.TollNumber = types.StringNull(), types.StringNull(), types.StringNull()
	if om := e.OnlineMeeting; om != nil {
		m.JoinURL = optionalString(om.JoinURL)
		m.ConferenceID = optionalString(om.ConferenceID)
		m.TollNumber = optionalString(om.TollNumber)
	}
	m.ICalUID = types.StringPointerValue(e.ICalUID)
	m.WebLink = types.StringPointerValue(e.WebLink)
	return diags
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// enumValue keeps the configured spelling of an enum member Graph answers
// in another case.
func enumValue(prior types.String, answered *string) types.String {
	if answered == nil {
		return types.StringNull()
	}
	if strings.EqualFold(prior.ValueString(), *answered) {
		return prior
	}
	return types.StringValue(*answered)
}

func (m *calendarEventModel) refreshAttendees(ctx context.Context, answered []graph.Attendee) diag.Diagnostics {
	prior, diags := m.attendees(ctx)
	byEmail := map[string]eventAttendeeModel{}
	for _, p := range prior {
		byEmail[strings.ToLower(p.Email.ValueString())] = p
	}
	out := make([]eventAttendeeModel, 0, len(answered))
	for _, a := range answered {
		entry := eventAttendeeModel{Email: types.StringValue(a.EmailAddress.Address), Name: optionalString(a.EmailAddress.Name), Type: types.StringValue(strings.ToLower(a.Type))}
		if p, ok := byEmail[strings.ToLower(a.EmailAddress.Address)]; ok {
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

func (m *calendarEventModel) refreshRecurrence(ctx context.Context, r *graph.PatternedRecurrence) diag.Diagnostics {
	if r == nil {
		m.Recurrence = nil
		return nil
	}
	var diags diag.Diagnostics
	prior := m.Recurrence
	if prior == nil || prior.Pattern == nil || prior.Range == nil {
		prior = &recurrenceModel{Pattern: &recurrencePatternModel{}, Range: &recurrenceRangeModel{}}
	}
	t, rt := r.Pattern.Type, r.Range.Type
	// A field the type does not use keeps what the configuration says of
	// it (Graph answers a 0 or a default): it is neither sent nor diffed.
	pp, pr := prior.Pattern, prior.Range
	p := &recurrencePatternModel{
		Type: enumValue(pp.Type, &t), Interval: types.Int64Value(int64(r.Pattern.Interval)),
		DaysOfWeek: keptSet(pp.DaysOfWeek), DayOfMonth: keptInt(pp.DayOfMonth), Month: keptInt(pp.Month),
		Index: keptString(pp.Index), FirstDayOfWeek: keptString(pp.FirstDayOfWeek),
	}
	if patternUsesField(t, "days_of_week") {
		days := make([]string, len(r.Pattern.DaysOfWeek))
		for i, d := range r.Pattern.DaysOfWeek {
			days[i] = strings.ToLower(d)
		}
		set, d := types.SetValueFrom(ctx, types.StringType, days)
		diags.Append(d...)
		p.DaysOfWeek = set
	}
	if patternUsesField(t, "day_of_month") {
		p.DayOfMonth = types.Int64Value(int64(r.Pattern.DayOfMonth))
	}
	if patternUsesField(t, "month") {
		p.Month = types.Int64Value(int64(r.Pattern.Month))
	}
	if patternUsesField(t, "index") {
		p.Index = enumValue(pp.Index, &r.Pattern.Index)
	}
	if patternUsesField(t, "first_day_of_week") {
		p.FirstDayOfWeek = enumValue(pp.FirstDayOfWeek, &r.Pattern.FirstDayOfWeek)
	}
	rg := &recurrenceRangeModel{Type: enumValue(pr.Type, &rt), StartDate: types.StringValue(r.Range.StartDate),
		EndDate: keptString(pr.EndDate), NumberOfOccurrences: keptInt(pr.NumberOfOccurrences)}
	if rangeUsesField(rt, "end_date") {
		rg.EndDate = types.StringValue(r.Range.EndDate)
	}
	if rangeUsesField(rt, "number_of_occurrences") {
		rg.NumberOfOccurrences = types.Int64Value(int64(r.Range.NumberOfOccurrences))
	}
	m.Recurrence = &recurrenceModel{Pattern: p, Range: rg}
	return diags
}

// keptString, keptInt and keptSet are a prior value where it is known,
// else null.
func keptString(v types.String) types.String {
	if v.IsUnknown() {
		return types.StringNull()
	}
	return v
}

func keptInt(v types.Int64) types.Int64 {
	if v.IsUnknown() {
		return types.Int64Null()
	}
	return v
}

func keptSet(v types.Set) types.Set {
	if v.IsUnknown() || v.IsNull() {
		return types.SetNull(types.StringType)
	}
	return v
}

// describe names the event for diagnostics.
func (m calendarEventModel) describe() string {
	if m.ExternalID.IsNull() || m.ExternalID.IsUnknown() {
		return fmt.Sprintf("the calendar event %s", m.ID.ValueString())
	}
	return fmt.Sprintf("the calendar event with external_id %q", m.ExternalID.ValueString())
}
