package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

var (
	_ resource.Resource                     = &onlineMeetingResource{}
	_ resource.ResourceWithConfigure        = &onlineMeetingResource{}
	_ resource.ResourceWithConfigValidators = &onlineMeetingResource{}
	_ resource.ResourceWithImportState      = &onlineMeetingResource{}
	_ resource.ResourceWithIdentity         = &onlineMeetingResource{}
	_ resource.ResourceWithModifyPlan       = &onlineMeetingResource{}
	_ resource.ResourceWithUpgradeState     = &onlineMeetingResource{}
)

// NewOnlineMeetingResource is the msgraph_online_meeting resource.
func NewOnlineMeetingResource() resource.Resource {
	return &onlineMeetingResource{}
}

type onlineMeetingResource struct {
	*providerData
}

type onlineMeetingResourceModel struct {
	onlineMeetingModel
	KeepPastOnDestroy types.Bool     `tfsdk:"keep_past_on_destroy"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// onlineMeetingIdentityModel is the resource identity: the organizer and
// the meeting id, as Graph addresses a meeting.
type onlineMeetingIdentityModel struct {
	UserID types.String `tfsdk:"user_id"`
	ID     types.String `tfsdk:"id"`
}

// identity is m's identity. The user id is lower-cased, so that the same
// GUID written in other letter case is the same identity.
func (m onlineMeetingModel) identity() onlineMeetingIdentityModel {
	return onlineMeetingIdentityModel{UserID: lowerGUID(m.UserID), ID: m.ID}
}

func lowerGUID(v types.String) types.String {
	if v.IsNull() || v.IsUnknown() {
		return v
	}
	return types.StringValue(caseless(v.ValueString()))
}

func (r *onlineMeetingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_online_meeting"
}

func (r *onlineMeetingResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true, PlanModifiers: stable}
	}

	attributes := settingsAttributes(meetingSettings)
	maps.Copy(attributes, map[string]schema.Attribute{
		"id":                   computed("The meeting id Graph assigned. Opaque: do not parse it."),
		"keep_past_on_destroy": keepPastOnDestroyAttribute(meetingSessions),
		"external_id": schema.StringAttribute{
			MarkdownDescription: "Your key for the meeting, unique per organizer, such as `training-2026-03-module-1`. " +
				"Creating a meeting whose `external_id` already exists adopts the existing meeting. Changing it replaces the meeting.",
			Required:      true,
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: []planmodifier.String{replaceOnExternalIDChange()},
		},
		"user_id": schema.StringAttribute{
			MarkdownDescription: "The organizer's Microsoft Entra object id (a GUID, not a UPN: Graph addresses meetings by object id). " +
				"Leave it unset to act as the signed-in user (`/me`), which needs a delegated `access_token`. Changing it replaces the meeting.",
			Optional:      true,
			Validators:    []validator.String{entraObjectID()},
			PlanModifiers: []planmodifier.String{replaceOnOrganizerChange()},
		},
		"subject": schema.StringAttribute{
			MarkdownDescription: "The meeting's title.",
			Optional:            true,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"start_date_time": schema.StringAttribute{
			CustomType: timestampType{},
			MarkdownDescription: "When the meeting starts, in RFC 3339 with an offset, e.g. `2026-03-02T09:00:00+01:00`. " +
				"Times are compared by instant: Graph's UTC form of the same time never shows a diff, and state keeps the text you wrote. " +
				"Unset on create, the meeting starts now; unset later, it keeps its time.",
			Optional:      true,
			Computed:      true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), keepSameInstant()},
		},
		"end_date_time": schema.StringAttribute{
			CustomType: timestampType{},
			MarkdownDescription: "When the meeting ends, in RFC 3339. Requires `start_date_time` and must not be before it. " +
				"Unset, it is planned as `start_date_time` + 1 hour, in the offset the start was written in, as Graph sets it.",
			Optional:      true,
			Computed:      true,
			PlanModifiers: []planmodifier.String{endDateTimeFromStart()},
		},
		"participants": schema.SingleNestedAttribute{
			MarkdownDescription: "Who takes part. Unset, the provider leaves the meeting's participants alone.",
			Optional:            true,
			Computed:            true,
			PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]schema.Attribute{
				"attendees": schema.SetNestedAttribute{
					MarkdownDescription: "The attendees, as a set: the order Graph returns them in never shows a diff. " +
						"Unset, the meeting keeps its attendees; `[]` removes them all.",
					Optional:      true,
					Computed:      true,
					PlanModifiers: []planmodifier.Set{attendeesPlan(meetingAttendee())},
					// The attributes below are Computed as well, although
					// users set them: Terraform keeps an unconfigured
					// participants object from state only when nothing
					// inside it is purely configuration.
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"user_id": schema.StringAttribute{
							MarkdownDescription: "The attendee's Microsoft Entra object id (a GUID). Required.",
							Optional:            true,
							Computed:            true,
							Validators:          []validator.String{requiredInConfig(), entraObjectID()},
						},
						"upn": schema.StringAttribute{
							MarkdownDescription: "The attendee's user principal name, e.g. `ada@contoso.com`. Unset, it is whatever Graph reports.",
							Optional:            true,
							Computed:            true,
						},
						"role": schema.StringAttribute{
							MarkdownDescription: "The attendee's role: " + quoted(roleValues()) + ". Default `attendee`. " +
								"Presenters matter when `allowed_presenters` is `roleIsPresenter`.",
							Optional:   true,
							Computed:   true,
							Validators: []validator.String{stringvalidator.OneOf(roleValues()...)},
						},
					}},
				},
				"organizer": schema.SingleNestedAttribute{
					MarkdownDescription: "The organizer, set by Graph from `user_id` (or the signed-in user).",
					Computed:            true,
					PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
					Attributes: map[string]schema.Attribute{
						"user_id": schema.StringAttribute{MarkdownDescription: "The organizer's Entra object id.", Computed: true},
						"upn":     schema.StringAttribute{MarkdownDescription: "The organizer's user principal name.", Computed: true},
						"role":    schema.StringAttribute{MarkdownDescription: "The organizer's role.", Computed: true},
					},
				},
			},
		},
		"join_meeting_id_settings": schema.SingleNestedAttribute{
			MarkdownDescription: "The meeting id and passcode that people type to join. Graph sets them at creation and they cannot be changed afterwards. " +
				"Unset, the meeting follows the tenant's Teams policy.",
			Optional:      true,
			Computed:      true,
			PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]schema.Attribute{
				"is_passcode_required": schema.BoolAttribute{
					MarkdownDescription: "Whether joining by meeting id needs a passcode, which Graph generates. " +
						"Setting it creates the meeting with Graph's plain create instead of `createOrGet` (see *Passcode-protected meetings* above); " +
						"changing it replaces the meeting, because Graph cannot change it afterwards. Unset, it is the tenant's default.",
					Optional:      true,
					Computed:      true,
					PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), replaceOnPasscodeChange()},
				},
				"join_meeting_id": schema.StringAttribute{
					MarkdownDescription: "The meeting id to type when joining.",
					Computed:            true,
					PlanModifiers:       stable,
				},
				"passcode": schema.StringAttribute{
					MarkdownDescription: "The passcode to type with the meeting id, when one is required.",
					Computed:            true,
					Sensitive:           true,
					PlanModifiers:       stable,
				},
			},
		},
		"join_information": schema.SingleNestedAttribute{
			MarkdownDescription: "The join block an invitation carries (the \"Join the meeting now\" link, the meeting id, the passcode and dial-in details), " +
				"in the language of the provider's `accept_language`. Ready to paste into a course page or an e-mail.",
			Computed:      true,
			PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]schema.Attribute{
				"content_type": schema.StringAttribute{MarkdownDescription: "The format of `content`: `html`.", Computed: true},
				"content": schema.StringAttribute{
					MarkdownDescription: "The join block as plain HTML, decoded from the data URL Graph sends. Sensitive, because it holds the passcode.",
					Computed:            true,
					Sensitive:           true,
				},
			},
		},
		"allow_participants_to_change_name": schema.BoolAttribute{
			MarkdownDescription: "Whether participants can change their display name. Graph does not let it be set.",
			Computed:            true,
			PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		"share_meeting_chat_history_default": computed("Whether the chat history is shared with people added later. Graph does not let it be set."),
		"join_web_url":                       computed("The link to join the meeting."),
		"video_teleconference_id":            computed("The id for video teleconferencing devices (needs a Cloud Video Interop licence)."),
		"creation_date_time": schema.StringAttribute{
			CustomType:          timestampType{},
			MarkdownDescription: "When the meeting was created (UTC).",
			Computed:            true,
			PlanModifiers:       stable,
		},
		"expiry_date_time": schema.StringAttribute{
			CustomType:          timestampType{},
			MarkdownDescription: "When Graph will delete the meeting: 60 days after its start or end, pushed back by every update.",
			Computed:            true,
		},
		"meeting_options_web_url": computed("The organizer's meeting options page."),
		"meeting_type":            computed("The kind of meeting, e.g. `scheduled`."),
		"chat_info": schema.SingleNestedAttribute{
			MarkdownDescription: "The meeting's chat thread.",
			Computed:            true,
			PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]schema.Attribute{
				"thread_id":              schema.StringAttribute{MarkdownDescription: "The chat thread id.", Computed: true},
				"message_id":             schema.StringAttribute{MarkdownDescription: "The chat message id.", Computed: true},
				"reply_chain_message_id": schema.StringAttribute{MarkdownDescription: "The reply chain message id.", Computed: true},
			},
		},
		"audio_conferencing": schema.SingleNestedAttribute{
			MarkdownDescription: "Dial-in details, when the organizer has an Audio Conferencing licence.",
			Computed:            true,
			PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]schema.Attribute{
				"conference_id":     schema.StringAttribute{MarkdownDescription: "The conference id for dial-in.", Computed: true},
				"dialin_url":        schema.StringAttribute{MarkdownDescription: "The page listing local dial-in numbers.", Computed: true},
				"toll_numbers":      schema.ListAttribute{MarkdownDescription: "Toll numbers.", Computed: true, ElementType: types.StringType},
				"toll_free_numbers": schema.ListAttribute{MarkdownDescription: "Toll-free numbers.", Computed: true, ElementType: types.StringType},
			},
		},
	})
	resp.Schema = schema.Schema{
		Version: stateVersion,
		MarkdownDescription: "A Microsoft Teams online meeting, created with Graph's `createOrGet` keyed by `external_id`: " +
			"an apply that is repeated, retried or interrupted finds the meeting it already made instead of creating a second one. " +
			"An existing meeting with the same `external_id` and organizer is adopted and brought in line with the configuration.",
		Attributes: attributes,
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *onlineMeetingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"user_id": identityschema.StringAttribute{
				Description:       "The organizer's Microsoft Entra object id. Unset for a meeting of the signed-in user (/me, delegated access token).",
				OptionalForImport: true,
			},
			"id": identityschema.StringAttribute{
				Description:       "The meeting id Graph assigned.",
				RequiredForImport: true,
			},
		},
	}
}

func (r *onlineMeetingResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if data == nil || resp.Diagnostics.HasError() {
		return
	}
	r.providerData = data
}

// UpgradeState brings state written by earlier versions to this schema.
func (r *onlineMeetingResource) UpgradeState(_ context.Context) map[int64]resource.StateUpgrader {
	return stateUpgraders()
}

func (r *onlineMeetingResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{timeRange()}
}

// ModifyPlan plans no change where nothing changes but computed values
// (see quietPlan), refuses a plan that would make two resources share a
// meeting, or delete a meeting at one address while creating it at
// another (see meetingClaims), and applies the rules of sessions over
// time (see planPast). It runs for every plan of the walk, destroys
// included.
func (r *onlineMeetingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if quiet, ok := quietPlan(req.Plan.Raw, req.State.Raw, req.Config.Raw, meetingSilent...); ok {
		resp.Plan.Raw = quiet
	}
	if r.providerData != nil {
		r.claims.check(ctx, nil, req, resp)
	}
	r.planPast(ctx, req, resp, meetingSessionIn, nil, meetingSilent, meetingTiming, nil)
}

func (r *onlineMeetingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan onlineMeetingResourceModel
	resp.Diagnostics.Append(getMeeting(ctx, req.Plan.Get, &plan, &plan.Settings)...)
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

	if plan.passcodeConfigured(ctx) {
		r.createWithPasscodeSetting(ctx, plan, timeout, resp)
		return
	}
	body, diags := plan.createOrGetRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	call := r.call(plan.onlineMeetingModel, "Unable to Create Online Meeting", "Creating", "create", timeout)
	meeting, outcome, err := r.client.CreateOrGetOnlineMeeting(ctx, plan.organizerID(), body)
	if err != nil {
		resp.Diagnostics.Append(graphErrorDiagnostic(call, err))
		return
	}
	tflog.Debug(ctx, "createOrGet answered", map[string]any{"external_id": body.ExternalID, "meeting_id": meeting.ID, "outcome": outcome.String()})
	if outcome == graph.Existing {
		resp.Diagnostics.AddAttributeWarning(path.Root("external_id"), "Adopted Existing Online Meeting",
			fmt.Sprintf("A meeting with external_id %q already existed for this organizer (id %s), so Graph returned it instead of creating one. "+
				"The provider now manages it and has brought it in line with the configuration. "+
				"This is expected after an apply that failed part-way; otherwise check that no other configuration uses the same external_id.",
				body.ExternalID, meeting.ID))
	}

	// Bring the meeting to the plan: the settings createOrGet cannot take,
	// and on adoption whatever else differs, in one PATCH.
	current := plan.onlineMeetingModel
	resp.Diagnostics.Append(current.refresh(ctx, meeting)...)
	update, diags := updateRequest(ctx, plan.onlineMeetingModel, current)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !update.IsEmpty() {
		if meeting, err = r.client.UpdateOnlineMeeting(ctx, plan.organizerID(), meeting.ID, update); err != nil {
			call.summary = "Unable to Apply Online Meeting Settings"
			how := "was created"
			if outcome == graph.Existing {
				how = "already existed and was adopted"
			}
			call.attempted = fmt.Sprintf("The meeting with external_id %q %s (id %s), but applying its settings", body.ExternalID, how, current.ID.ValueString())
			d := graphErrorDiagnostic(call, err)
			resp.Diagnostics.AddError(d.Summary(), d.Detail()+"\n\nThe meeting is not recorded in the state. "+
				"Run apply again: createOrGet finds the same meeting by its external_id and the provider applies the settings; no second meeting is created.")
			return
		}
	}
	resp.Diagnostics.Append(plan.refresh(ctx, meeting)...)
	resp.Diagnostics.Append(setMeeting(ctx, resp.State.Set, resp.State.Schema.Type(), plan, plan.Settings)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, plan.identity())...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, claimTicketKey, nil)...)
}

// createWithPasscodeSetting creates the meeting with Graph's plain create,
// the only operation that takes is_passcode_required, in one request with
// every configured setting. Plain create has no idempotency key, so a
// failure after which the meeting may nevertheless exist says so.
func (r *onlineMeetingResource) createWithPasscodeSetting(ctx context.Context, plan onlineMeetingResourceModel, timeout time.Duration, resp *resource.CreateResponse) {
	body, diags := plan.createRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	call := r.call(plan.onlineMeetingModel, "Unable to Create Online Meeting", "Creating", "create", timeout)
	meeting, err := r.client.CreateOnlineMeeting(ctx, plan.organizerID(), body)
	if err != nil {
		d := graphErrorDiagnostic(call, err)
		detail := d.Detail()
		if graph.OutcomeUnknown(err) {
			call.summary = "Online Meeting May Have Been Created"
			detail = d.Detail() + "\n\nThe meeting was requested with Graph's plain create (because join_meeting_id_settings.is_passcode_required is set), " +
				"and Graph's answer does not tell whether it acted (a server error, or an answer that was lost), so Graph may have created it anyway. " +
				"Graph offers no way to find such a meeting again, " +
				"and the provider does not retry, because a second request could create a second meeting. " +
				"A meeting that nobody uses expires on its own (60 days after its end). Running apply again creates a new meeting."
		}
		resp.Diagnostics.AddError(call.summary, detail)
		return
	}
	tflog.Debug(ctx, "Created online meeting with plain create", map[string]any{"external_id": body.ExternalID, "meeting_id": meeting.ID})
	resp.Diagnostics.Append(plan.refresh(ctx, meeting)...)
	resp.Diagnostics.Append(setMeeting(ctx, resp.State.Set, resp.State.Schema.Type(), plan, plan.Settings)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, plan.identity())...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, claimTicketKey, nil)...)
}

func (r *onlineMeetingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state onlineMeetingResourceModel
	resp.Diagnostics.Append(getMeeting(ctx, req.State.Get, &state, &state.Settings)...)
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

	// Set before any RemoveResource: Terraform requires an identity even
	// for a resource that is gone.
	resp.Diagnostics.Append(resp.Identity.Set(ctx, state.identity())...)
	meeting, err := r.client.GetOnlineMeeting(ctx, state.organizerID(), state.ID.ValueString())
	if graph.IsNotFound(err) {
		if now := r.clock(); goneFromGraph(ctx, meetingSessionIn(ctx, req.State.GetAttribute, now), now, resp.Private, &resp.Diagnostics,
			"Graph removes an online meeting 60 days after its session (later if it was updated), and its join link no longer works") {
			return
		}
		tflog.Warn(ctx, "Online meeting not found; removing it from state so that the next apply creates it again",
			map[string]any{"meeting_id": state.ID.ValueString(), "external_id": state.ExternalID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(graphErrorDiagnostic(r.call(state.onlineMeetingModel, "Unable to Read Online Meeting", "Reading", "read", timeout), err))
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, goneKey, nil)...)
	if state.KeepPastOnDestroy.IsNull() {
		state.KeepPastOnDestroy = types.BoolValue(true) // imported: the default
	}
	resp.Diagnostics.Append(state.refresh(ctx, meeting)...)
	resp.Diagnostics.Append(setMeeting(ctx, resp.State.Set, resp.State.Schema.Type(), state, state.Settings)...)
}

func (r *onlineMeetingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state onlineMeetingResourceModel
	resp.Diagnostics.Append(getMeeting(ctx, req.Plan.Get, &plan, &plan.Settings)...)
	resp.Diagnostics.Append(getMeeting(ctx, req.State.Get, &state, &state.Settings)...)
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

	if isGone(ctx, req.Private) {
		// Graph removed it after its session: nothing to send it to.
		resp.Diagnostics.Append(recordOnly(req.Plan.Raw, req.State.Raw, &resp.State)...)
		resp.Diagnostics.Append(resp.Identity.Set(ctx, state.identity())...)
		return
	}
	update, diags := updateRequest(ctx, plan.onlineMeetingModel, state.onlineMeetingModel)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if update.IsEmpty() {
		// Only text changed (a time in another offset) or the timeouts:
		// nothing to send, and nothing Graph computes moves.
		plan.ExpiryDateTime = state.ExpiryDateTime
		resp.Diagnostics.Append(setMeeting(ctx, resp.State.Set, resp.State.Schema.Type(), plan, plan.Settings)...)
		resp.Diagnostics.Append(resp.Identity.Set(ctx, plan.identity())...)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, claimTicketKey, nil)...)
		return
	}
	meeting, err := r.client.UpdateOnlineMeeting(ctx, plan.organizerID(), plan.ID.ValueString(), update)
	if err != nil {
		resp.Diagnostics.Append(graphErrorDiagnostic(r.call(plan.onlineMeetingModel, "Unable to Update Online Meeting", "Updating", "update", timeout), err))
		return
	}
	resp.Diagnostics.Append(plan.refresh(ctx, meeting)...)
	resp.Diagnostics.Append(setMeeting(ctx, resp.State.Set, resp.State.Schema.Type(), plan, plan.Settings)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, plan.identity())...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, claimTicketKey, nil)...)
}

func (r *onlineMeetingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state onlineMeetingResourceModel
	resp.Diagnostics.Append(getMeeting(ctx, req.State.Get, &state, &state.Settings)...)
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
	now := r.clock()
	past := meetingSessionIn(ctx, req.State.GetAttribute, now)
	if action, last := past.onDestroy(now); action != deleteSession {
		past.destroyWarning(&resp.Diagnostics, now, action, last)
		return
	}
	err := r.client.DeleteOnlineMeeting(ctx, state.organizerID(), state.ID.ValueString())
	if err != nil && !graph.IsNotFound(err) {
		resp.Diagnostics.Append(graphErrorDiagnostic(r.call(state.onlineMeetingModel, "Unable to Delete Online Meeting", "Deleting", "delete", timeout), err))
	}
}

// ImportState accepts "<user_id>/<meeting_id>", or "me/<meeting_id>" for
// the signed-in user (meeting ids may themselves contain "/"), or, on
// Terraform 1.12+ and OpenTofu 1.12+, an identity.
func (r *onlineMeetingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var identity onlineMeetingIdentityModel
	if req.ID != "" {
		user, meetingID, ok := strings.Cut(req.ID, "/")
		if !ok || meetingID == "" || user != "me" && !guidPattern.MatchString(user) {
			resp.Diagnostics.AddError("Invalid Import ID",
				fmt.Sprintf("The import id must be \"<user_id>/<meeting_id>\", where user_id is the organizer's Entra object id (a GUID), "+
					"or \"me/<meeting_id>\" with a delegated access token; got %q.\n\n"+
					"Example: terraform import msgraph_online_meeting.kickoff 4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d/MSo0Yjc1MTg5Yi0yZjJl...", req.ID))
			return
		}
		identity = onlineMeetingIdentityModel{UserID: types.StringValue(user), ID: types.StringValue(meetingID)}
		if user == "me" {
			identity.UserID = types.StringNull()
		}
	} else {
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if u := identity.UserID.ValueString(); u != "" && !guidPattern.MatchString(u) {
			resp.Diagnostics.AddAttributeError(path.Root("user_id"), "Invalid Import Identity",
				fmt.Sprintf("identity.user_id must be the organizer's Entra object id (a GUID), or unset for /me; got %q.", u))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), identity.UserID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), identity.ID)...)
	identity.UserID = lowerGUID(identity.UserID)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, identity)...)
}

// call describes a request about m for error diagnostics.
func (r *onlineMeetingResource) call(m onlineMeetingModel, summary, verb, timeoutName string, timeout time.Duration) graphCall {
	who := "the signed-in user (/me)"
	if m.UserID.ValueString() != "" {
		who = "user " + m.UserID.ValueString()
	}
	return graphCall{
		summary:     summary,
		attempted:   fmt.Sprintf("%s %s of %s", verb, m.describe(), who),
		timeoutName: timeoutName,
		timeout:     timeout,
		userID:      m.UserID.ValueString(),
		clientID:    r.clientID,
		credential:  r.credentialKind,
	}
}

func roleValues() []string { return enumValues(graph.OnlineMeetingRoleValues) }
