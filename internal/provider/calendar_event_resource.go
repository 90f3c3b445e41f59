package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
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
	_ resource.ResourceWithIdentity         = &calendarEventResource{}
	_ resource.ResourceWithModifyPlan       = &calendarEventResource{}
	_ resource.ResourceWithUpgradeState     = &calendarEventResource{}
)

// NewCalendarEventResource is the msgraph_calendar_event resource.
func NewCalendarEventResource() resource.Resource {
	return &calendarEventResource{}
}

type calendarEventResource struct {
	*providerData
}

type calendarEventResourceModel struct {
	calendarEventModel
	occurrencesModel
	CancellationMessage types.String   `tfsdk:"cancellation_message"`
	KeepPastOnDestroy   types.Bool     `tfsdk:"keep_past_on_destroy"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

// calendarEventIdentityModel is the resource identity: the organizer's
// mailbox and the event id, as Graph addresses an event.
type calendarEventIdentityModel struct {
	UserID types.String `tfsdk:"user_id"`
	ID     types.String `tfsdk:"id"`
}

// identity is m's identity. The mailbox is lower-cased: an object id or a
// user principal name in other letter case is the same mailbox.
func (m calendarEventModel) identity() calendarEventIdentityModel {
	user := m.UserID
	if !user.IsNull() && !user.IsUnknown() {
		user = types.StringValue(caseless(user.ValueString()))
	}
	return calendarEventIdentityModel{UserID: user, ID: m.ID}
}

func (r *calendarEventResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_calendar_event"
	// Immutable ids still change when a mailbox is exported and imported
	// again; Read then finds the event by its key, under its new id.
	resp.ResourceBehavior.MutableIdentity = true
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
	resp.Schema = schema.Schema{
		Version: stateVersion,
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
			"body": bodyAttribute(),
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
			"attendees":  attendeesAttribute(),
			"recurrence": recurrenceAttribute(),
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
			"keep_past_on_destroy":    keepPastOnDestroyAttribute(eventSessions),
			"cancelled_occurrences":   cancelledOccurrencesAttribute(),
			"moved_occurrences":       movedOccurrencesAttribute(),
			"online_meeting_settings": meetingOptionsAttribute(),
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
			"timeouts": eventTimeouts(ctx),
		},
	}
}

func (r *calendarEventResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"user_id": identityschema.StringAttribute{
				Description:       "The organizer's mailbox: an Entra object id or a user principal name.",
				RequiredForImport: true,
			},
			"id": identityschema.StringAttribute{
				Description:       "The event id Graph assigned.",
				RequiredForImport: true,
			},
		},
	}
}

func (r *calendarEventResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if data == nil || resp.Diagnostics.HasError() {
		return
	}
	r.providerData = data
}

// UpgradeState brings state written by earlier versions to this schema.
func (r *calendarEventResource) UpgradeState(_ context.Context) map[int64]resource.StateUpgrader {
	return stateUpgraders()
}

func (r *calendarEventResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{eventTimes(), recurrenceFields(), settingsNeedObjectID(), seriesExceptionsValid()}
}

// ModifyPlan keeps times that the configuration writes in another zone as
// the event has them (see keepEquivalentTimes), refuses a plan that would
// make two resources share an event, or delete an event at one address
// while creating it at another, as for meetings (see meetingClaims), and
// applies the rules of sessions over time (see planPast). It runs for
// every plan of the walk, destroys included.
func (r *calendarEventResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	resp.Diagnostics.Append(keepEquivalentTimes(ctx, &resp.Plan, req.State)...)
	if !req.State.Raw.IsNull() && !req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(cancellationsKept(ctx, resp.Plan, req.State)...)
	}
	if r.providerData != nil {
		r.claims.check(ctx, eventSubject, req, resp)
	}
	r.planPast(ctx, req, resp, eventSessionIn, eventSubject, eventSilent, eventTiming, planDetails(ctx, req, resp))
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
	event, bodyWritten, diags := r.createOrAdopt(ctx, call, plan.calendarEventModel)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The event is recorded with its meeting's options, or not at all.
	resp.Diagnostics.Append(r.finish(ctx, &plan.calendarEventModel, event, resp.Private, bodyWritten)...)
	resp.Diagnostics.Append(r.applySettings(ctx, &plan.calendarEventModel, true)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.settleOccurrences(ctx, call, plan, nil)...)
	if resp.Diagnostics.HasError() {
		// The series exists: record it, with the occurrences as Graph
		// has them, so that the next plan shows what is left to do.
		// Terraform taints a resource whose create failed, and would
		// replace it: cancel the series and invite everyone again.
		resp.Diagnostics.Append(r.readOccurrencesInto(ctx, call, plan.calendarEventModel, &plan.occurrencesModel, false)...)
		resp.Diagnostics.AddWarning("Series Created, Its Occurrences Not All Settled",
			fmt.Sprintf("Graph created %s and sent its invitations, but not every holiday or moved session of the series went through (see the error). "+
				"Terraform marks a resource whose create failed as tainted and would replace it on the next apply, which cancels the series and invites "+
				"everyone again. Run terraform untaint on this resource first: the next apply then does only what is left.", plan.describe()))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, plan.identity())...)
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
	// Set before any RemoveResource: Terraform requires an identity even
	// of a resource that leaves the state.
	resp.Diagnostics.Append(resp.Identity.Set(ctx, state.identity())...)

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
		if now := r.clock(); goneFromGraph(ctx, eventSessionIn(ctx, req.State.GetAttribute, now), now, resp.Private, &resp.Diagnostics,
			"it is no longer in the organizer's calendar (deleted or cancelled outside Terraform)") {
			return
		}
		tflog.Warn(ctx, "Calendar event not found; removing it from state so that the next apply creates it again",
			map[string]any{"event_id": state.ID.ValueString(), "external_id": state.ExternalID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(graphErrorDiagnostic(call, err))
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, goneKey, nil)...)
	if state.KeepPastOnDestroy.IsNull() {
		state.KeepPastOnDestroy = types.BoolValue(true) // imported: the default
	}
	fingerprint, diags := req.Private.GetKey(ctx, bodyFingerprintKey)
	resp.Diagnostics.Append(diags...)
	var fp string
	if len(fingerprint) > 2 {
		fp = strings.Trim(string(fingerprint), `"`)
	}
	resp.Diagnostics.Append(state.refresh(ctx, event, fp)...)
	imported, diags := req.Private.GetKey(ctx, importedKey)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(r.readOccurrencesInto(ctx, call, state.calendarEventModel, &state.occurrencesModel, imported != nil)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if imported != nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
	}
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
	resp.Diagnostics.Append(resp.Identity.Set(ctx, state.identity())...)
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
	if isGone(ctx, req.Private) {
		// Graph removed it after it ended: nothing to send it to.
		resp.Diagnostics.Append(recordOnly(req.Plan.Raw, req.State.Raw, &resp.State)...)
		resp.Diagnostics.Append(resp.Identity.Set(ctx, plan.identity())...)
		return
	}
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
	resp.Diagnostics.Append(r.settleOccurrences(ctx, call, plan, &state)...)
	if resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(r.readOccurrencesInto(ctx, call, plan.calendarEventModel, &plan.occurrencesModel, false)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, plan.identity())...)
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
	if isGone(ctx, req.Private) {
		return // Graph no longer holds it
	}
	call := r.call(state.calendarEventModel, "Unable to Delete Calendar Event", "Deleting", "delete", timeout)
	now := r.clock()
	past := eventSessionIn(ctx, req.State.GetAttribute, now)
	switch action, last := past.onDestroy(now); action {
	case keepSession:
		past.destroyWarning(&resp.Diagnostics, now, action, last)
		return
	case endSeries:
		ended, diags := r.endSeries(ctx, state, last, call)
		if ended {
			past.destroyWarning(&resp.Diagnostics, now, action, last)
		}
		resp.Diagnostics.Append(diags...)
		return
	}
	mailbox, id := state.UserID.ValueString(), state.ID.ValueString()
	var err error
	if msg := state.CancellationMessage.ValueString(); msg != "" {
		err = r.client.CancelEvent(ctx, mailbox, id, msg)
	} else {
		err = r.client.DeleteEvent(ctx, mailbox, id)
	}
	if err != nil && !graph.IsNotFound(err) {
		resp.Diagnostics.Append(graphErrorDiagnostic(call, err))
	}
}

// ImportState accepts "<user_id>/<event_id>" (event ids may themselves
// contain "/", mailboxes do not) or, on Terraform 1.12+ and OpenTofu, an
// identity { user_id, id }.
func (r *calendarEventResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var identity calendarEventIdentityModel
	if req.ID != "" {
		user, id, ok := strings.Cut(req.ID, "/")
		if !ok || user == "" || id == "" {
			resp.Diagnostics.AddError("Invalid Import ID",
				fmt.Sprintf("The import id must be \"<user_id>/<event_id>\", where user_id is the organizer's object id or user principal name; got %q.\n\n"+
					"Example: terraform import msgraph_calendar_event.kickoff trainer@contoso.com/AAMkAGI1AAAt8AHjAAA=", req.ID))
			return
		}
		identity = calendarEventIdentityModel{UserID: types.StringValue(user), ID: types.StringValue(id)}
	} else {
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), identity.UserID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), identity.ID)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte("true"))...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, calendarEventModel{UserID: identity.UserID, ID: identity.ID}.identity())...)
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

// privateSetter is what Create, Read and Update can write private state to.
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
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

// eventTimeouts is the resource's timeouts block: one for each operation.
func eventTimeouts(ctx context.Context) schema.Block {
	return timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true})
}
