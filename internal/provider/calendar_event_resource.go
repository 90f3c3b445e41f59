package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

var (
	_ resource.Resource                     = &calendarEventResource{}
	_ resource.ResourceWithConfigure        = &calendarEventResource{}
	_ resource.ResourceWithConfigValidators = &calendarEventResource{}
	_ resource.ResourceWithImportState      = &calendarEventResource{}
	_ resource.ResourceWithModifyPlan       = &calendarEventResource{}
)

// bodyFingerprintKey is the private-state key of the body's fingerprint
// after the provider last wrote it (see bodyFingerprint).
const bodyFingerprintKey = "body_fingerprint"

// lookupAfterLostCreate bounds how long a create whose answer was lost
// looks for the event before it posts again: a new event may take seconds
// to become visible to the key's $filter.
var lookupAfterLostCreate = struct{ total, every time.Duration }{total: 60 * time.Second, every: 3 * time.Second}

// NewCalendarEventResource is the msgraph_calendar_event resource.
func NewCalendarEventResource() resource.Resource {
	return &calendarEventResource{}
}

type calendarEventResource struct {
	*providerData
}

type calendarEventResourceModel struct {
	calendarEventModel
	CancellationMessage types.String   `tfsdk:"cancellation_message"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

func (r *calendarEventResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_calendar_event"
}

func (r *calendarEventResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true, PlanModifiers: stable}
	}
	serverBool := func(description string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: description, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}}
	}
	serverEnum := func(description string, values ...string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description + " One of " + quoted(values) + ".", Optional: true, Computed: true,
			Validators: []validator.String{stringvalidator.OneOf(values...)}, PlanModifiers: stable}
	}
	// Graph fills these in when unset, and only for the types that use
	// them: a null in state (another type, or no recurrence) stays unknown.
	graphDefault := []planmodifier.String{stringplanmodifier.UseNonNullStateForUnknown()}
	weekdays := []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Teams meeting in the organizer's Outlook calendar, with invitations: Graph sends every attendee an invitation when it is created, " +
			"an update when it changes, and a cancellation when it is destroyed. Creating it is safe to repeat: the event carries its `external_id` " +
			"and is found again by it, so a retried or interrupted apply never makes a second event or a second round of invitations.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The event id Graph assigned (an immutable id, which survives moves between calendars). Opaque: do not parse it."),
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The organizer's mailbox: an Entra object id or a user principal name. Changing it replaces the event, " +
					"which cancels it for every attendee and invites them to a new one with a new join link.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{replaceOnOrganizerChange()},
			},
			"external_id": schema.StringAttribute{
				MarkdownDescription: "Your key for the event, unique per mailbox, such as `course-2026-week-1`. It is stored on the event " +
					"(as a single-value extended property), and creating an event whose key already exists adopts that event. " +
					"Changing it replaces the event; setting it after an import writes it on the event without mailing anyone.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{replaceOnExternalIDChange()},
			},
			"subject": schema.StringAttribute{
				MarkdownDescription: "The event's title, as attendees see it in their calendar.",
				Required:            true,
			},
			"body": schema.SingleNestedAttribute{
				MarkdownDescription: "The invitation's text. Graph turns it into HTML and appends the Teams join block; the provider never compares " +
					"your text with Graph's rewriting, keeps the join block when it changes the body, and plans the body back when it was edited in Outlook.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"content_type": schema.StringAttribute{
						MarkdownDescription: "The format of `content`: `text` (default) or `html`.",
						Optional:            true,
						Computed:            true,
						Default:             stringdefault.StaticString("text"),
						Validators:          []validator.String{stringvalidator.OneOf("text", "html")},
					},
					"content": schema.StringAttribute{MarkdownDescription: "The text or HTML.", Required: true},
				},
			},
			"start_date_time": schema.StringAttribute{
				MarkdownDescription: "When the event starts, as wall-clock time in `time_zone` without an offset, such as `2026-03-30T09:00:00`. " +
					"A session at 09:00 in `Europe/Berlin` stays at 09:00 across the daylight-saving change.",
				Required:   true,
				Validators: []validator.String{wallClockTime()},
			},
			"end_date_time": schema.StringAttribute{
				MarkdownDescription: "When the event ends, as wall-clock time in `time_zone` without an offset. Must be after `start_date_time`.",
				Required:            true,
				Validators:          []validator.String{wallClockTime()},
			},
			"time_zone": schema.StringAttribute{
				MarkdownDescription: "The time zone of the times: an IANA name (`Europe/Berlin`) or a Windows name (`W. Europe Standard Time`). Default `UTC`. " +
					"Times are read back in this zone, so they never show a diff.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(defaultTimeZone),
				Validators: []validator.String{timeZoneName()},
			},
			"location": schema.StringAttribute{
				MarkdownDescription: "Where the event takes place, such as a room name; shown in the invitation.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"attendees": schema.SetNestedAttribute{
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
			},
			"recurrence": schema.SingleNestedAttribute{
				MarkdownDescription: "Makes the event a recurring series (the provider manages the series, not single occurrences). " +
					"Fields that the pattern or range type does not use are not needed and never show a diff.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"pattern": schema.SingleNestedAttribute{
						MarkdownDescription: "How often the event recurs.",
						Required:            true,
						Attributes: map[string]schema.Attribute{
							"type": schema.StringAttribute{
								MarkdownDescription: "`daily`, `weekly`, `absoluteMonthly`, `relativeMonthly`, `absoluteYearly` or `relativeYearly`.",
								Required:            true,
								Validators:          []validator.String{stringvalidator.OneOf(sortedKeys(patternUses)...)},
							},
							"interval": schema.Int64Attribute{
								MarkdownDescription: "Days, weeks, months or years between occurrences, by `type`.",
								Required:            true,
								Validators:          []validator.Int64{int64validator.AtLeast(1)},
							},
							"days_of_week": schema.SetAttribute{
								MarkdownDescription: "The days, such as `[\"monday\"]`: for `weekly`, `relativeMonthly` and `relativeYearly`.",
								Optional:            true,
								ElementType:         types.StringType,
								Validators:          []validator.Set{setvalidator.ValueStringsAre(stringvalidator.OneOf(weekdays...)), setvalidator.SizeAtLeast(1)},
							},
							"day_of_month": schema.Int64Attribute{
								MarkdownDescription: "The day of the month: for `absoluteMonthly` and `absoluteYearly`.",
								Optional:            true,
								Validators:          []validator.Int64{int64validator.Between(1, 31)},
							},
							"month": schema.Int64Attribute{
								MarkdownDescription: "The month, 1 to 12: for `absoluteYearly` and `relativeYearly`.",
								Optional:            true,
								Validators:          []validator.Int64{int64validator.Between(1, 12)},
							},
							"index": schema.StringAttribute{
								MarkdownDescription: "Which of the month's `days_of_week`: `first` (default), `second`, `third`, `fourth` or `last`; for the relative types.",
								Optional:            true,
								Computed:            true,
								Validators:          []validator.String{stringvalidator.OneOf("first", "second", "third", "fourth", "last")},
								PlanModifiers:       graphDefault,
							},
							"first_day_of_week": schema.StringAttribute{
								MarkdownDescription: "The first day of the week, for `weekly` with an `interval` above 1. Default `sunday`.",
								Optional:            true,
								Computed:            true,
								Validators:          []validator.String{stringvalidator.OneOf(weekdays...)},
								PlanModifiers:       graphDefault,
							},
						},
					},
					"range": schema.SingleNestedAttribute{
						MarkdownDescription: "When the series starts and ends.",
						Required:            true,
						Attributes: map[string]schema.Attribute{
							"type": schema.StringAttribute{
								MarkdownDescription: "`endDate`, `noEnd` or `numbered`.",
								Required:            true,
								Validators:          []validator.String{stringvalidator.OneOf(sortedKeys(rangeUses)...)},
							},
							"start_date": schema.StringAttribute{
								MarkdownDescription: "The first day, `YYYY-MM-DD`: the date of `start_date_time`.",
								Required:            true,
								Validators:          []validator.String{calendarDate()},
							},
							"end_date": schema.StringAttribute{
								MarkdownDescription: "The last day, `YYYY-MM-DD`: for `endDate`.",
								Optional:            true,
								Validators:          []validator.String{calendarDate()},
							},
							"number_of_occurrences": schema.Int64Attribute{
								MarkdownDescription: "How many occurrences: for `numbered`.",
								Optional:            true,
								Validators:          []validator.Int64{int64validator.AtLeast(1)},
							},
						},
					},
				},
			},
			"reminder_minutes_before_start": schema.Int64Attribute{
				MarkdownDescription: "When the organizer's reminder fires, in minutes before the start. Unset, Graph's default (15).",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(0)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"is_reminder_on":           serverBool("Whether the organizer gets a reminder. Unset, Graph's default (true)."),
			"response_requested":       serverBool("Whether attendees are asked to respond. Unset, Graph's default (true)."),
			"allow_new_time_proposals": serverBool("Whether attendees may propose another time. Unset, Graph's default (true)."),
			"hide_attendees":           serverBool("Whether each attendee sees only themselves in the invitation. Unset, Graph's default (false)."),
			"show_as":                  serverEnum("How the time shows in the organizer's free/busy. Unset, Graph's default (`busy`).", "free", "tentative", "busy", "oof", "workingElsewhere", "unknown"),
			"sensitivity":              serverEnum("The event's sensitivity. Unset, Graph's default (`normal`).", "normal", "personal", "private", "confidential"),
			"importance":               serverEnum("The event's importance. Unset, Graph's default (`normal`).", "low", "normal", "high"),
			"categories": schema.SetAttribute{
				MarkdownDescription: "Outlook categories of the organizer's copy, by display name.",
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				PlanModifiers:       []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"cancellation_message": schema.StringAttribute{
				MarkdownDescription: "A message sent to the attendees when the event is destroyed: set, destroy cancels the meeting with it; " +
					"unset, destroy deletes the event, which sends a plain cancellation.",
				Optional: true,
			},
			"online_meeting_settings": schema.SingleNestedAttribute{
				MarkdownDescription: "The Teams meeting's options (lobby, presenters, recording, chat, ...), the same attributes as `msgraph_online_meeting`'s. " +
					"Set, the provider finds the event's Teams meeting by its join link and changes only these options; the event keeps its subject, times and attendees. " +
					"Needs `OnlineMeetings.ReadWrite.All` with a Teams application access policy, and `user_id` as an object id. " +
					"Each option left unset keeps the tenant's default.",
				Optional:   true,
				Attributes: settingsAttributes(meetingSettings),
			},
			"online_meeting_id": schema.StringAttribute{
				MarkdownDescription: "The id of the event's Teams meeting, with `online_meeting_settings`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{onlineMeetingIDPlan()},
			},
			"join_url":      computed("The Teams join link, as in the invitation."),
			"conference_id": computed("The dial-in conference id, when the organizer has Audio Conferencing."),
			"toll_number":   computed("The dial-in toll number, when the organizer has Audio Conferencing."),
			"ical_uid":      computed("The event's iCalendar UID, the same in every attendee's calendar."),
			"web_link":      computed("The event in Outlook on the web."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (r *calendarEventResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if data == nil || resp.Diagnostics.HasError() {
		return
	}
	r.providerData = data
}

func (r *calendarEventResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{eventTimes(), recurrenceFields(), settingsNeedObjectID()}
}

// ModifyPlan refuses a plan that would make two resources share an event,
// or delete an event at one address while creating it at another, as for
// meetings (see meetingClaims).
func (r *calendarEventResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.providerData != nil {
		r.claims.check(ctx, eventSubject, req, resp)
	}
}

// privateSetter is what Create, Read and Update can write private state to.
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func (r *calendarEventResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan calendarEventResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	call := r.call(plan.calendarEventModel, "Unable to Create Calendar Event", "Creating", "create", timeout)
	mailbox, key := plan.UserID.ValueString(), plan.ExternalID.ValueString()
	// done records the event Graph holds after the create, and its
	// meeting's options; nothing is recorded when they fail.
	done := func(e *graph.Event, bodyWritten bool) {
		resp.Diagnostics.Append(r.finish(ctx, &plan.calendarEventModel, e, resp.Private, bodyWritten)...)
		resp.Diagnostics.Append(r.applySettings(ctx, &plan.calendarEventModel, true)...)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		}
	}

	existing, others, err := r.findByKey(ctx, mailbox, key, plan.zone())
	if err != nil {
		resp.Diagnostics.Append(graphErrorDiagnostic(call, err))
		return
	}
	if existing != nil {
		duplicatesWarning(&resp.Diagnostics, key, mailbox, existing.ID, others)
	}
	if existing == nil {
		body, diags := plan.createEvent(ctx)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		created, err := r.client.CreateEvent(ctx, mailbox, plan.zone(), body)
		if err != nil && graph.OutcomeUnknown(err) {
			// Graph may have created it: find it before any second POST.
			tflog.Warn(ctx, "The answer to an event create was lost; looking the event up by its key", map[string]any{"external_id": key, "error": err.Error()})
			if existing, err = r.awaitByKey(ctx, mailbox, key, plan.zone()); err == nil && existing == nil {
				created, err = r.client.CreateEvent(ctx, mailbox, plan.zone(), body)
			}
			if existing != nil {
				// Found after the lost answer: the event this apply created,
				// with the configured body.
				tflog.Debug(ctx, "Found the event of the lost create by its key", map[string]any{"external_id": key, "event_id": existing.ID})
				done(existing, true)
				return
			}
		}
		if err != nil {
			resp.Diagnostics.Append(graphErrorDiagnostic(call, err))
			return
		}
		if existing == nil {
			tflog.Debug(ctx, "Created calendar event", map[string]any{"external_id": key, "event_id": created.ID})
			done(created, true)
			return
		}
	} else {
		resp.Diagnostics.AddAttributeWarning(path.Root("external_id"), "Adopted Existing Calendar Event",
			fmt.Sprintf("An event with external_id %q already existed in the mailbox of %s (id %s), so the provider adopted it instead of creating one, "+
				"and has brought it in line with the configuration (attendees were mailed only if something they see changed). "+
				"This is expected after an apply that failed part-way; otherwise check that no other configuration uses the same external_id.",
				key, mailbox, existing.ID))
	}

	// Adopted: converge it, sending only what differs.
	current := plan.calendarEventModel
	resp.Diagnostics.Append(current.refresh(ctx, existing, "")...)
	current.Body = adoptedBody(plan.Body, existing)
	event, bodyKept, diags := r.apply(ctx, call, plan.calendarEventModel, current, existing)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	done(event, bodyKept)
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
		userID:    mailbox, clientID: r.clientID, credential: r.credentialKind,
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
		d := graphErrorDiagnostic(call, err)
		detail := d.Detail() + "\n\nGraph does not document whether the options of a meeting that belongs to a calendar event can be changed through the onlineMeetings API, " +
			"and in this tenant it did not: remove online_meeting_settings (the meeting then keeps the tenant's defaults, and the organizer can change them in Teams), " +
			"or check that the application has OnlineMeetings.ReadWrite.All and a Teams application access policy for the organizer."
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

// finish refreshes plan from the event Graph answered a write with and
// records the body's fingerprint; when the configured body could not be
// written (bodyWritten false), one that matches nothing, so that the next
// refresh shows Graph's body and the plan keeps proposing the change.
func (r *calendarEventResource) finish(ctx context.Context, plan *calendarEventModel, e *graph.Event, private privateSetter, bodyWritten bool) diag.Diagnostics {
	diags := plan.refresh(ctx, e, "")
	switch {
	case !bodyWritten:
		diags.Append(private.SetKey(ctx, bodyFingerprintKey, []byte(`"not written"`))...)
	case e.Body != nil && e.Body.Content != nil:
		diags.Append(private.SetKey(ctx, bodyFingerprintKey, []byte(fmt.Sprintf("%q", bodyFingerprint(*e.Body.Content))))...)
	}
	diags.Append(private.SetKey(ctx, claimTicketKey, nil)...)
	return diags
}

// findByKey returns the mailbox's event with the key, or nil, and the ids
// of any other events that carry it. Two events with one key can only
// come from a create Graph carried out twice; the oldest is kept and the
// others are reported, not deleted (deleting mails a cancellation to
// every attendee).
func (r *calendarEventResource) findByKey(ctx context.Context, mailbox, key, zone string) (*graph.Event, []string, error) {
	found, err := r.client.FindEventsByExtendedProperty(ctx, mailbox, externalIDProperty, key, zone)
	if err != nil || len(found) == 0 {
		return nil, nil, err
	}
	sort.SliceStable(found, func(i, j int) bool {
		return stringOf(found[i].CreatedDateTime) < stringOf(found[j].CreatedDateTime)
	})
	var others []string
	for _, e := range found[1:] {
		others = append(others, e.ID)
	}
	return &found[0], others, nil
}

// duplicatesWarning tells the user about events that share a key.
func duplicatesWarning(diags *diag.Diagnostics, key, mailbox, kept string, others []string) {
	if len(others) == 0 {
		return
	}
	diags.AddAttributeWarning(path.Root("external_id"), "More Than One Calendar Event With This Key",
		fmt.Sprintf("The mailbox of %s holds %d events with external_id %q. The provider manages the oldest (id %s) and leaves the others alone: %s. "+
			"Their attendees hold invitations to them; cancel them in Outlook, which mails those attendees a cancellation.",
			mailbox, len(others)+1, key, kept, strings.Join(others, ", ")))
}

func stringOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// adoptedBody is the body to assume an adopted event has: the configured
// one when Graph's says the same (see sameBody), else none, so that the
// configured body is written.
func adoptedBody(configured *eventBodyModel, e *graph.Event) *eventBodyModel {
	if sameBody(configured, e) {
		return configured
	}
	return nil
}

// awaitByKey looks the event up for a bounded time: a new event may not
// be visible to the key's $filter at once. With too little of the create
// timeout left to look, it gives up with an error rather than let a second
// POST follow: the next apply's lookup finds the event.
func (r *calendarEventResource) awaitByKey(ctx context.Context, mailbox, key, zone string) (*graph.Event, error) {
	deadline := time.Now().Add(lookupAfterLostCreate.total)
	if d, ok := ctx.Deadline(); ok && time.Until(d)/2 < lookupAfterLostCreate.total {
		deadline = time.Now().Add(time.Until(d) / 2)
	}
	for attempt := 0; ; attempt++ {
		e, _, err := r.findByKey(ctx, mailbox, key, zone)
		if err != nil || e != nil {
			return e, err
		}
		if time.Now().Add(lookupAfterLostCreate.every).After(deadline) {
			if attempt < 2 {
				return nil, fmt.Errorf("the answer to the create was lost, and too little of the create timeout is left to look for the event " +
					"that Graph may have made before posting again: run apply again (it looks the event up by its external_id first), or raise timeouts.create")
			}
			return nil, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(lookupAfterLostCreate.every):
		}
	}
}

// apply PATCHes what differs between plan and state, if anything, and
// returns the event as Graph holds it afterwards (current when nothing was
// sent).
func (r *calendarEventResource) apply(ctx context.Context, call graphCall, plan, state calendarEventModel, current *graph.Event) (*graph.Event, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	mailbox, id := plan.UserID.ValueString(), state.ID.ValueString()
	if !plan.Body.equal(state.Body) && (current == nil || current.Body == nil) {
		// (Also after an import: eventUpdate compares Graph's body.)
		// The body is rewritten around Graph's join block: read it first.
		var err error
		if current, err = r.client.GetEvent(ctx, mailbox, id, plan.zone(), ""); err != nil {
			diags.Append(graphErrorDiagnostic(call, err))
			return nil, true, diags
		}
	}
	update, bodyKept, d := eventUpdate(ctx, plan, state, current)
	diags.Append(d...)
	if !bodyKept {
		diags.AddAttributeWarning(path.Root("body"), "Calendar Event Body Not Updated",
			"The event's body in Graph holds a Teams join link, but not in the form the provider knows, so the provider cannot replace your text "+
				"while keeping the join block; writing the body anyway would remove the Teams meeting from the invitation. "+
				"The body was left as it is; everything else was applied. Edit the text in Outlook, or recreate the event.")
	}
	if diags.HasError() || update.IsEmpty() {
		if current == nil {
			e, d := r.read(ctx, call, plan)
			return e, bodyKept, append(diags, d...)
		}
		return current, bodyKept, diags
	}
	tflog.Debug(ctx, "Updating calendar event", map[string]any{"event_id": id, "fields": strings.Join(update.Fields(), ",")})
	event, err := r.client.UpdateEvent(ctx, mailbox, id, plan.zone(), update)
	if err != nil {
		d := graphErrorDiagnostic(call, err)
		detail := d.Detail()
		if graph.OutcomeUnknown(err) {
			detail += "\n\nGraph's answer was lost, so the change may have been applied (and attendees mailed). The provider does not send it again blindly: " +
				"run plan, which reads the event, to see what is left to change."
		}
		diags.AddError(d.Summary(), detail)
		return nil, bodyKept, diags
	}
	return event, bodyKept, diags
}

func (r *calendarEventResource) read(ctx context.Context, call graphCall, m calendarEventModel) (*graph.Event, diag.Diagnostics) {
	var diags diag.Diagnostics
	e, err := r.client.GetEvent(ctx, m.UserID.ValueString(), m.ID.ValueString(), m.zone(), externalIDProperty)
	if err != nil {
		diags.Append(graphErrorDiagnostic(call, err))
	}
	return e, diags
}

func (r *calendarEventResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state calendarEventResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	call := r.call(state.calendarEventModel, "Unable to Read Calendar Event", "Reading", "read", timeout)
	mailbox := state.UserID.ValueString()

	event, err := r.client.GetEvent(ctx, mailbox, state.ID.ValueString(), state.zone(), externalIDProperty)
	if graph.IsNotFound(err) && !state.ExternalID.IsNull() {
		// Immutable ids still change when an event is exported and
		// imported again: look for the key before giving the event up.
		var others []string
		event, others, err = r.findByKey(ctx, mailbox, state.ExternalID.ValueString(), state.zone())
		if err == nil && event == nil {
			err = &graph.Error{StatusCode: 404}
		}
		if event != nil {
			duplicatesWarning(&resp.Diagnostics, state.ExternalID.ValueString(), mailbox, event.ID, others)
		}
	}
	if err == nil && event.IsCancelled != nil && *event.IsCancelled {
		// Cancelled in Outlook: the event waits in Deleted Items, and
		// its attendees were told it is off.
		err = &graph.Error{StatusCode: 404}
	}
	if graph.IsNotFound(err) {
		tflog.Warn(ctx, "Calendar event not found; removing it from state so that the next apply creates it again",
			map[string]any{"event_id": state.ID.ValueString(), "external_id": state.ExternalID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(graphErrorDiagnostic(call, err))
		return
	}
	fingerprint, diags := req.Private.GetKey(ctx, bodyFingerprintKey)
	resp.Diagnostics.Append(diags...)
	var fp string
	if len(fingerprint) > 2 {
		fp = strings.Trim(string(fingerprint), `"`)
	}
	resp.Diagnostics.Append(state.refresh(ctx, event, fp)...)
	if state.settingsConfigured() {
		meeting, err := r.client.FindOnlineMeetingByJoinWebURL(ctx, mailbox, state.JoinURL.ValueString())
		if err != nil {
			call := r.call(state.calendarEventModel, "Unable to Read Teams Meeting Options", "Reading the Teams meeting of", "read", timeout)
			call.api = onlineMeetingsAPI
			resp.Diagnostics.Append(graphErrorDiagnostic(call, err))
			return
		}
		resp.Diagnostics.Append(state.refreshSettings(meeting)...)
	}
	if fp == "" && event.Body != nil && event.Body.Content != nil && state.Body != nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, bodyFingerprintKey, []byte(fmt.Sprintf("%q", bodyFingerprint(*event.Body.Content))))...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *calendarEventResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state calendarEventResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	call := r.call(plan.calendarEventModel, "Unable to Update Calendar Event", "Updating", "update", timeout)
	plan.ID = state.ID
	if plan.settingsConfigured() && plan.OnlineMeetingSettings.Equal(state.OnlineMeetingSettings) {
		// Unchanged options: no onlineMeetings request at all.
		plan.OnlineMeetingID = state.OnlineMeetingID
	} else if plan.settingsConfigured() {
		// The options first: when Graph refuses them, nothing else has
		// been sent, and nobody mailed.
		plan.JoinURL = state.JoinURL
		resp.Diagnostics.Append(r.applySettings(ctx, &plan.calendarEventModel, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	settings, meetingID := plan.OnlineMeetingSettings, plan.OnlineMeetingID
	event, bodyKept, diags := r.apply(ctx, call, plan.calendarEventModel, state.calendarEventModel, nil)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.finish(ctx, &plan.calendarEventModel, event, resp.Private, bodyKept)...)
	plan.OnlineMeetingSettings, plan.OnlineMeetingID = settings, meetingID
	if !plan.settingsConfigured() {
		plan.OnlineMeetingID = types.StringNull()
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *calendarEventResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state calendarEventResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	mailbox, id := state.UserID.ValueString(), state.ID.ValueString()
	var err error
	if msg := state.CancellationMessage.ValueString(); msg != "" {
		err = r.client.CancelEvent(ctx, mailbox, id, msg)
	} else {
		err = r.client.DeleteEvent(ctx, mailbox, id)
	}
	if err != nil && !graph.IsNotFound(err) {
		resp.Diagnostics.Append(graphErrorDiagnostic(r.call(state.calendarEventModel, "Unable to Delete Calendar Event", "Deleting", "delete", timeout), err))
	}
}

// ImportState accepts "<user_id>/<event_id>"; event ids may themselves
// contain "/", mailboxes do not.
func (r *calendarEventResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	user, id, ok := strings.Cut(req.ID, "/")
	if !ok || user == "" || id == "" {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("The import id must be \"<user_id>/<event_id>\", where user_id is the organizer's object id or user principal name; got %q.\n\n"+
				"Example: terraform import msgraph_calendar_event.kickoff trainer@contoso.com/AAMkAGI1AAAt8AHjAAA=", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), user)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// call describes a request about m for error diagnostics.
func (r *calendarEventResource) call(m calendarEventModel, summary, verb, timeoutName string, timeout time.Duration) graphCall {
	return graphCall{
		summary:     summary,
		attempted:   fmt.Sprintf("%s %s in the mailbox of %s", verb, m.describe(), m.UserID.ValueString()),
		timeoutName: timeoutName,
		timeout:     timeout,
		userID:      m.UserID.ValueString(),
		clientID:    r.clientID,
		credential:  r.credentialKind,
		api:         eventsAPI,
	}
}
