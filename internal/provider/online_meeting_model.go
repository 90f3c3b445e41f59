package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// onlineMeetingModel holds the attributes that the resource and the data
// source share: one per onlineMeeting property.
type onlineMeetingModel struct {
	ID                                   types.String   `tfsdk:"id"`
	ExternalID                           types.String   `tfsdk:"external_id"`
	UserID                               types.String   `tfsdk:"user_id"`
	Subject                              types.String   `tfsdk:"subject"`
	StartDateTime                        timestampValue `tfsdk:"start_date_time"`
	EndDateTime                          timestampValue `tfsdk:"end_date_time"`
	Participants                         types.Object   `tfsdk:"participants"`
	AllowedPresenters                    types.String   `tfsdk:"allowed_presenters"`
	AllowMeetingChat                     types.String   `tfsdk:"allow_meeting_chat"`
	AllowedLobbyAdmitters                types.String   `tfsdk:"allowed_lobby_admitters"`
	AllowLiveShare                       types.String   `tfsdk:"allow_live_share"`
	AllowAttendeeToEnableCamera          types.Bool     `tfsdk:"allow_attendee_to_enable_camera"`
	AllowAttendeeToEnableMic             types.Bool     `tfsdk:"allow_attendee_to_enable_mic"`
	AllowBreakoutRooms                   types.Bool     `tfsdk:"allow_breakout_rooms"`
	AllowCopyingAndSharingMeetingContent types.Bool     `tfsdk:"allow_copying_and_sharing_meeting_content"`
	AllowPowerPointSharing               types.Bool     `tfsdk:"allow_power_point_sharing"`
	AllowRecording                       types.Bool     `tfsdk:"allow_recording"`
	AllowTeamworkReactions               types.Bool     `tfsdk:"allow_teamwork_reactions"`
	AllowTranscription                   types.Bool     `tfsdk:"allow_transcription"`
	AllowWhiteboard                      types.Bool     `tfsdk:"allow_whiteboard"`
	IsEndToEndEncryptionEnabled          types.Bool     `tfsdk:"is_end_to_end_encryption_enabled"`
	IsEntryExitAnnounced                 types.Bool     `tfsdk:"is_entry_exit_announced"`
	RecordAutomatically                  types.Bool     `tfsdk:"record_automatically"`
	MeetingSpokenLanguageTag             types.String   `tfsdk:"meeting_spoken_language_tag"`
	LobbyBypassSettings                  types.Object   `tfsdk:"lobby_bypass_settings"`
	WatermarkProtection                  types.Object   `tfsdk:"watermark_protection"`
	SensitivityLabelID                   types.String   `tfsdk:"sensitivity_label_id"`
	JoinMeetingIDSettings                types.Object   `tfsdk:"join_meeting_id_settings"`
	JoinInformation                      types.Object   `tfsdk:"join_information"`
	AllowParticipantsToChangeName        types.Bool     `tfsdk:"allow_participants_to_change_name"`
	ShareMeetingChatHistoryDefault       types.String   `tfsdk:"share_meeting_chat_history_default"`
	JoinWebURL                           types.String   `tfsdk:"join_web_url"`
	VideoTeleconferenceID                types.String   `tfsdk:"video_teleconference_id"`
	CreationDateTime                     timestampValue `tfsdk:"creation_date_time"`
	ExpiryDateTime                       timestampValue `tfsdk:"expiry_date_time"`
	MeetingOptionsWebURL                 types.String   `tfsdk:"meeting_options_web_url"`
	MeetingType                          types.String   `tfsdk:"meeting_type"`
	ChatInfo                             types.Object   `tfsdk:"chat_info"`
	AudioConferencing                    types.Object   `tfsdk:"audio_conferencing"`
}

type participantsModel struct {
	Attendees types.Set    `tfsdk:"attendees"`
	Organizer types.Object `tfsdk:"organizer"`
}

type participantModel struct {
	UserID types.String `tfsdk:"user_id"`
	UPN    types.String `tfsdk:"upn"`
	Role   types.String `tfsdk:"role"`
}

type lobbyBypassSettingsModel struct {
	Scope                 types.String `tfsdk:"scope"`
	IsDialInBypassEnabled types.Bool   `tfsdk:"is_dial_in_bypass_enabled"`
}

type watermarkProtectionModel struct {
	IsEnabledForContentSharing types.Bool `tfsdk:"is_enabled_for_content_sharing"`
	IsEnabledForVideo          types.Bool `tfsdk:"is_enabled_for_video"`
}

type joinMeetingIDSettingsModel struct {
	JoinMeetingID      types.String `tfsdk:"join_meeting_id"`
	IsPasscodeRequired types.Bool   `tfsdk:"is_passcode_required"`
	Passcode           types.String `tfsdk:"passcode"`
}

type joinInformationModel struct {
	ContentType types.String `tfsdk:"content_type"`
	Content     types.String `tfsdk:"content"`
}

type chatInfoModel struct {
	ThreadID            types.String `tfsdk:"thread_id"`
	MessageID           types.String `tfsdk:"message_id"`
	ReplyChainMessageID types.String `tfsdk:"reply_chain_message_id"`
}

type audioConferencingModel struct {
	ConferenceID    types.String `tfsdk:"conference_id"`
	DialinURL       types.String `tfsdk:"dialin_url"`
	TollNumbers     types.List   `tfsdk:"toll_numbers"`
	TollFreeNumbers types.List   `tfsdk:"toll_free_numbers"`
}

var (
	participantAttrTypes = map[string]attr.Type{"user_id": types.StringType, "upn": types.StringType, "role": types.StringType}
	participantType      = types.ObjectType{AttrTypes: participantAttrTypes}
	participantsAttrType = map[string]attr.Type{
		"attendees": types.SetType{ElemType: participantType},
		"organizer": participantType,
	}
	lobbyBypassSettingsAttrTypes   = map[string]attr.Type{"scope": types.StringType, "is_dial_in_bypass_enabled": types.BoolType}
	watermarkProtectionAttrTypes   = map[string]attr.Type{"is_enabled_for_content_sharing": types.BoolType, "is_enabled_for_video": types.BoolType}
	joinMeetingIDSettingsAttrTypes = map[string]attr.Type{"join_meeting_id": types.StringType, "is_passcode_required": types.BoolType, "passcode": types.StringType}
	joinInformationAttrTypes       = map[string]attr.Type{"content_type": types.StringType, "content": types.StringType}
	chatInfoAttrTypes              = map[string]attr.Type{"thread_id": types.StringType, "message_id": types.StringType, "reply_chain_message_id": types.StringType}
	audioConferencingAttrTypes     = map[string]attr.Type{
		"conference_id": types.StringType, "dialin_url": types.StringType,
		"toll_numbers": types.ListType{ElemType: types.StringType}, "toll_free_numbers": types.ListType{ElemType: types.StringType},
	}
)

// userPath is the user_id as Graph's path needs it: "" means /me.
func (m onlineMeetingModel) userPath() string {
	return m.UserID.ValueString()
}

// refresh overwrites m with the meeting Graph returned. Where m already
// holds a value that means the same as Graph's (an attendee's UPN in other
// letter case, a role Graph leaves null), m's text is kept; times are
// reconciled by the framework through timestampType's semantic equality.
func (m *onlineMeetingModel) refresh(ctx context.Context, g *graph.OnlineMeeting) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(g.ID)
	if g.ExternalID != nil {
		// GET may leave externalId out; then the known one stays.
		m.ExternalID = types.StringValue(*g.ExternalID)
	}
	m.Subject = nonEmptyString(g.Subject)
	m.StartDateTime = timestampOf(g.StartDateTime)
	m.EndDateTime = timestampOf(g.EndDateTime)
	m.AllowedPresenters = enumString(g.AllowedPresenters)
	m.AllowMeetingChat = enumString(g.AllowMeetingChat)
	m.AllowedLobbyAdmitters = enumString(g.AllowedLobbyAdmitters)
	m.AllowLiveShare = enumString(g.AllowLiveShare)
	m.AllowAttendeeToEnableCamera = types.BoolPointerValue(g.AllowAttendeeToEnableCamera)
	m.AllowAttendeeToEnableMic = types.BoolPointerValue(g.AllowAttendeeToEnableMic)
	m.AllowBreakoutRooms = types.BoolPointerValue(g.AllowBreakoutRooms)
	m.AllowCopyingAndSharingMeetingContent = types.BoolPointerValue(g.AllowCopyingAndSharingMeetingContent)
	m.AllowPowerPointSharing = types.BoolPointerValue(g.AllowPowerPointSharing)
	m.AllowRecording = types.BoolPointerValue(g.AllowRecording)
	m.AllowTeamworkReactions = types.BoolPointerValue(g.AllowTeamworkReactions)
	m.AllowTranscription = types.BoolPointerValue(g.AllowTranscription)
	m.AllowWhiteboard = types.BoolPointerValue(g.AllowWhiteboard)
	m.IsEndToEndEncryptionEnabled = types.BoolPointerValue(g.IsEndToEndEncryptionEnabled)
	m.IsEntryExitAnnounced = types.BoolPointerValue(g.IsEntryExitAnnounced)
	m.RecordAutomatically = types.BoolPointerValue(g.RecordAutomatically)
	m.MeetingSpokenLanguageTag = nonEmptyString(g.MeetingSpokenLanguageTag)
	m.AllowParticipantsToChangeName = types.BoolPointerValue(g.AllowParticipantsToChangeName)
	m.ShareMeetingChatHistoryDefault = enumString(g.ShareMeetingChatHistoryDefault)
	m.JoinWebURL = types.StringPointerValue(g.JoinWebURL)
	m.VideoTeleconferenceID = types.StringPointerValue(g.VideoTeleconferenceID)
	m.CreationDateTime = timestampOf(g.CreationDateTime)
	m.ExpiryDateTime = timestampOf(g.ExpiryDateTime)
	m.MeetingOptionsWebURL = types.StringPointerValue(g.MeetingOptionsWebURL)
	m.MeetingType = enumString(g.MeetingType)
	m.SensitivityLabelID = types.StringNull()
	if g.SensitivityLabelAssignment != nil {
		m.SensitivityLabelID = nonEmptyString(g.SensitivityLabelAssignment.SensitivityLabelID)
	}

	var d diag.Diagnostics
	m.Participants, d = m.participantsFrom(ctx, g.Participants)
	diags.Append(d...)

	m.LobbyBypassSettings = types.ObjectNull(lobbyBypassSettingsAttrTypes)
	if s := g.LobbyBypassSettings; s != nil {
		m.LobbyBypassSettings, d = types.ObjectValueFrom(ctx, lobbyBypassSettingsAttrTypes, lobbyBypassSettingsModel{
			Scope: enumString(s.Scope), IsDialInBypassEnabled: types.BoolPointerValue(s.IsDialInBypassEnabled),
		})
		diags.Append(d...)
	}
	m.WatermarkProtection = types.ObjectNull(watermarkProtectionAttrTypes)
	if w := g.WatermarkProtection; w != nil {
		m.WatermarkProtection, d = types.ObjectValueFrom(ctx, watermarkProtectionAttrTypes, watermarkProtectionModel{
			IsEnabledForContentSharing: types.BoolPointerValue(w.IsEnabledForContentSharing),
			IsEnabledForVideo:          types.BoolPointerValue(w.IsEnabledForVideo),
		})
		diags.Append(d...)
	}
	m.JoinMeetingIDSettings = types.ObjectNull(joinMeetingIDSettingsAttrTypes)
	if j := g.JoinMeetingIDSettings; j != nil {
		m.JoinMeetingIDSettings, d = types.ObjectValueFrom(ctx, joinMeetingIDSettingsAttrTypes, joinMeetingIDSettingsModel{
			JoinMeetingID:      types.StringPointerValue(j.JoinMeetingID),
			IsPasscodeRequired: types.BoolPointerValue(j.IsPasscodeRequired),
			Passcode:           types.StringPointerValue(j.Passcode),
		})
		diags.Append(d...)
	}
	m.JoinInformation = types.ObjectNull(joinInformationAttrTypes)
	if j := g.JoinInformation; j != nil && j.Content != nil {
		m.JoinInformation, d = types.ObjectValueFrom(ctx, joinInformationAttrTypes, joinInformationModel{
			// Graph writes "Html" for the bodyType member "html".
			ContentType: types.StringValue(strings.ToLower(deref(j.ContentType))),
			Content:     types.StringValue(j.HTML()),
		})
		diags.Append(d...)
	}
	m.ChatInfo = types.ObjectNull(chatInfoAttrTypes)
	if c := g.ChatInfo; c != nil {
		m.ChatInfo, d = types.ObjectValueFrom(ctx, chatInfoAttrTypes, chatInfoModel{
			ThreadID:            types.StringPointerValue(c.ThreadID),
			MessageID:           types.StringPointerValue(c.MessageID),
			ReplyChainMessageID: types.StringPointerValue(c.ReplyChainMessageID),
		})
		diags.Append(d...)
	}
	m.AudioConferencing = types.ObjectNull(audioConferencingAttrTypes)
	if a := g.AudioConferencing; a != nil {
		toll, d1 := types.ListValueFrom(ctx, types.StringType, nonNil(a.TollNumbers))
		tollFree, d2 := types.ListValueFrom(ctx, types.StringType, nonNil(a.TollFreeNumbers))
		diags.Append(d1...)
		diags.Append(d2...)
		m.AudioConferencing, d = types.ObjectValueFrom(ctx, audioConferencingAttrTypes, audioConferencingModel{
			ConferenceID: types.StringPointerValue(a.ConferenceID), DialinURL: types.StringPointerValue(a.DialinURL),
			TollNumbers: toll, TollFreeNumbers: tollFree,
		})
		diags.Append(d...)
	}
	return diags
}

// participantsFrom maps Graph's participants. Attendees are matched to the
// ones m already holds by user id, so that a UPN that differs only in
// letter case keeps m's text; a role Graph leaves null is "attendee".
func (m onlineMeetingModel) participantsFrom(ctx context.Context, g *graph.MeetingParticipants) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	if g == nil {
		return types.ObjectNull(participantsAttrType), nil
	}
	prior, _, d := m.attendees(ctx)
	diags.Append(d...)
	byUser := map[string]participantModel{}
	for _, p := range prior {
		byUser[strings.ToLower(p.UserID.ValueString())] = p
	}

	list := make([]participantModel, 0, len(g.Attendees))
	for _, a := range g.Attendees {
		p := participantFrom(a)
		if known, ok := byUser[strings.ToLower(a.UserID())]; ok {
			p.UserID = known.UserID
			if !known.UPN.IsUnknown() && strings.EqualFold(known.UPN.ValueString(), p.UPN.ValueString()) {
				p.UPN = known.UPN
			}
		}
		list = append(list, p)
	}
	attendees, d := types.SetValueFrom(ctx, participantType, list)
	diags.Append(d...)

	organizer := types.ObjectNull(participantAttrTypes)
	if g.Organizer != nil {
		o := participantFrom(*g.Organizer)
		if g.Organizer.Role == nil {
			o.Role = types.StringNull()
		}
		organizer, d = types.ObjectValueFrom(ctx, participantAttrTypes, o)
		diags.Append(d...)
	}
	obj, d := types.ObjectValueFrom(ctx, participantsAttrType, participantsModel{Attendees: attendees, Organizer: organizer})
	diags.Append(d...)
	return obj, diags
}

func participantFrom(p graph.MeetingParticipantInfo) participantModel {
	role := string(graph.RoleAttendee)
	if p.Role != nil {
		role = string(*p.Role)
	}
	return participantModel{UserID: types.StringValue(p.UserID()), UPN: nonEmptyString(&p.UPN), Role: types.StringValue(role)}
}

// attendees returns m's attendee list, and whether it is known: set in a
// known participants object.
func (m onlineMeetingModel) attendees(ctx context.Context) ([]participantModel, bool, diag.Diagnostics) {
	if m.Participants.IsNull() || m.Participants.IsUnknown() {
		return nil, false, nil
	}
	var p participantsModel
	diags := m.Participants.As(ctx, &p, basetypes.ObjectAsOptions{})
	if diags.HasError() || p.Attendees.IsNull() || p.Attendees.IsUnknown() {
		return nil, false, diags
	}
	var list []participantModel
	diags.Append(p.Attendees.ElementsAs(ctx, &list, false)...)
	return list, true, diags
}

// createOrGetRequest builds createOrGet's body from a plan: only its own
// properties, and only those that are set.
func (m onlineMeetingModel) createOrGetRequest(ctx context.Context) (graph.CreateOrGetRequest, diag.Diagnostics) {
	req := graph.CreateOrGetRequest{
		ExternalID:    m.ExternalID.ValueString(),
		Subject:       knownString(m.Subject),
		StartDateTime: m.StartDateTime.dateTime(),
		EndDateTime:   m.EndDateTime.dateTime(),
	}
	attendees, known, diags := m.attendees(ctx)
	if known && len(attendees) > 0 {
		req.Participants = &graph.MeetingParticipants{Attendees: graphAttendees(attendees)}
	}
	return req, diags
}

// createRequest builds the body of Graph's plain create from a plan: the
// external id, the passcode setting and every other configured property,
// so that the meeting is made as planned in one request.
func (m onlineMeetingModel) createRequest(ctx context.Context) (graph.OnlineMeetingCreate, diag.Diagnostics) {
	var join joinMeetingIDSettingsModel
	diags := objectAs(ctx, m.JoinMeetingIDSettings, &join)
	settings, d := updateRequest(ctx, m, onlineMeetingModel{})
	diags.Append(d...)
	return graph.OnlineMeetingCreate{
		ExternalID:            m.ExternalID.ValueString(),
		JoinMeetingIDSettings: &graph.JoinMeetingIDSettings{IsPasscodeRequired: knownBool(join.IsPasscodeRequired)},
		OnlineMeetingUpdate:   settings,
	}, diags
}

// passcodeConfigured tells whether the plan sets is_passcode_required,
// which only Graph's plain create can.
func (m onlineMeetingModel) passcodeConfigured(ctx context.Context) bool {
	var join joinMeetingIDSettingsModel
	if objectAs(ctx, m.JoinMeetingIDSettings, &join).HasError() {
		return false
	}
	return knownBool(join.IsPasscodeRequired) != nil
}

// updateRequest builds the PATCH that turns current into desired: the
// known properties that differ, with Graph's rules applied (start and end
// together; the full attendee list whenever it changes or allowed_presenters
// becomes roleIsPresenter). An empty result means nothing to send.
func updateRequest(ctx context.Context, desired, current onlineMeetingModel) (graph.OnlineMeetingUpdate, diag.Diagnostics) {
	var diags diag.Diagnostics
	u := graph.OnlineMeetingUpdate{
		AllowedPresenters:           (*graph.OnlineMeetingPresenters)(changedString(desired.AllowedPresenters, current.AllowedPresenters)),
		AllowMeetingChat:            (*graph.MeetingChatMode)(changedString(desired.AllowMeetingChat, current.AllowMeetingChat)),
		AllowedLobbyAdmitters:       (*graph.AllowedLobbyAdmitterRoles)(changedString(desired.AllowedLobbyAdmitters, current.AllowedLobbyAdmitters)),
		AllowLiveShare:              (*graph.MeetingLiveShareOptions)(changedString(desired.AllowLiveShare, current.AllowLiveShare)),
		AllowAttendeeToEnableCamera: changedBool(desired.AllowAttendeeToEnableCamera, current.AllowAttendeeToEnableCamera),
		AllowAttendeeToEnableMic:    changedBool(desired.AllowAttendeeToEnableMic, current.AllowAttendeeToEnableMic),
		AllowBreakoutRooms:          changedBool(desired.AllowBreakoutRooms, current.AllowBreakoutRooms),
		AllowCopyingAndSharingMeetingContent: changedBool(desired.AllowCopyingAndSharingMeetingContent,
			current.AllowCopyingAndSharingMeetingContent),
		AllowPowerPointSharing:      changedBool(desired.AllowPowerPointSharing, current.AllowPowerPointSharing),
		AllowRecording:              changedBool(desired.AllowRecording, current.AllowRecording),
		AllowTeamworkReactions:      changedBool(desired.AllowTeamworkReactions, current.AllowTeamworkReactions),
		AllowTranscription:          changedBool(desired.AllowTranscription, current.AllowTranscription),
		AllowWhiteboard:             changedBool(desired.AllowWhiteboard, current.AllowWhiteboard),
		IsEndToEndEncryptionEnabled: changedBool(desired.IsEndToEndEncryptionEnabled, current.IsEndToEndEncryptionEnabled),
		IsEntryExitAnnounced:        changedBool(desired.IsEntryExitAnnounced, current.IsEntryExitAnnounced),
		RecordAutomatically:         changedBool(desired.RecordAutomatically, current.RecordAutomatically),
		MeetingSpokenLanguageTag:    changedString(desired.MeetingSpokenLanguageTag, current.MeetingSpokenLanguageTag),
	}

	// subject is optional without a default: removing it clears it.
	u.Subject = changedString(desired.Subject, current.Subject)
	if desired.Subject.IsNull() && current.Subject.ValueString() != "" {
		u.Subject = graph.Ptr("")
	}

	// Graph takes start and end together, or neither.
	if timeChanged(desired.StartDateTime, current.StartDateTime) || timeChanged(desired.EndDateTime, current.EndDateTime) {
		u.StartDateTime = firstKnown(desired.StartDateTime, current.StartDateTime).dateTime()
		u.EndDateTime = firstKnown(desired.EndDateTime, current.EndDateTime).dateTime()
	}

	want, wantKnown, d := desired.attendees(ctx)
	diags.Append(d...)
	have, _, d := current.attendees(ctx)
	diags.Append(d...)
	sendAttendees := wantKnown && !sameAttendees(want, have)
	if u.AllowedPresenters != nil && *u.AllowedPresenters == graph.PresentersRoleIsPresenter {
		// Graph needs the attendees and their roles in the same request.
		sendAttendees = true
		if !wantKnown {
			want = have
		}
	}
	if sendAttendees {
		u.Participants = &graph.MeetingParticipants{Attendees: graphAttendees(want)}
	}

	var lobbyWant, lobbyHave lobbyBypassSettingsModel
	diags.Append(objectAs(ctx, desired.LobbyBypassSettings, &lobbyWant)...)
	diags.Append(objectAs(ctx, current.LobbyBypassSettings, &lobbyHave)...)
	if changedString(lobbyWant.Scope, lobbyHave.Scope) != nil || changedBool(lobbyWant.IsDialInBypassEnabled, lobbyHave.IsDialInBypassEnabled) != nil {
		u.LobbyBypassSettings = &graph.LobbyBypassSettings{
			Scope:                 (*graph.LobbyBypassScope)(knownString(lobbyWant.Scope)),
			IsDialInBypassEnabled: knownBool(lobbyWant.IsDialInBypassEnabled),
		}
	}

	var wmWant, wmHave watermarkProtectionModel
	diags.Append(objectAs(ctx, desired.WatermarkProtection, &wmWant)...)
	diags.Append(objectAs(ctx, current.WatermarkProtection, &wmHave)...)
	if changedBool(wmWant.IsEnabledForContentSharing, wmHave.IsEnabledForContentSharing) != nil || changedBool(wmWant.IsEnabledForVideo, wmHave.IsEnabledForVideo) != nil {
		u.WatermarkProtection = &graph.WatermarkProtectionValues{
			IsEnabledForContentSharing: knownBool(wmWant.IsEnabledForContentSharing),
			IsEnabledForVideo:          knownBool(wmWant.IsEnabledForVideo),
		}
	}

	if label := changedString(desired.SensitivityLabelID, current.SensitivityLabelID); label != nil {
		u.SensitivityLabelAssignment = &graph.OnlineMeetingSensitivityLabelAssignment{SensitivityLabelID: label}
	}
	return u, diags
}

// sameAttendees compares attendee lists as sets of (user id, role), and
// UPNs where want knows one.
func sameAttendees(want, have []participantModel) bool {
	if len(want) != len(have) {
		return false
	}
	byUser := map[string]participantModel{}
	for _, h := range have {
		byUser[strings.ToLower(h.UserID.ValueString())] = h
	}
	for _, w := range want {
		h, ok := byUser[strings.ToLower(w.UserID.ValueString())]
		if !ok || roleOf(w) != roleOf(h) {
			return false
		}
		if upn := knownString(w.UPN); upn != nil && !strings.EqualFold(*upn, h.UPN.ValueString()) {
			return false
		}
	}
	return true
}

func roleOf(p participantModel) string {
	if p.Role.IsNull() || p.Role.IsUnknown() {
		return string(graph.RoleAttendee)
	}
	return p.Role.ValueString()
}

func graphAttendees(list []participantModel) []graph.MeetingParticipantInfo {
	out := make([]graph.MeetingParticipantInfo, 0, len(list))
	for _, p := range list {
		upn := ""
		if v := knownString(p.UPN); v != nil {
			upn = *v
		}
		out = append(out, graph.UserParticipant(p.UserID.ValueString(), upn, graph.OnlineMeetingRole(roleOf(p))))
	}
	return out
}

// changedString is desired's value when it is known, set, and differs
// from current; nil otherwise.
func changedString(desired, current types.String) *string {
	v := knownString(desired)
	if v == nil || !current.IsUnknown() && !current.IsNull() && current.ValueString() == *v {
		return nil
	}
	return v
}

func changedBool(desired, current types.Bool) *bool {
	v := knownBool(desired)
	if v == nil || !current.IsUnknown() && !current.IsNull() && current.ValueBool() == *v {
		return nil
	}
	return v
}

func timeChanged(desired, current timestampValue) bool {
	return !desired.IsUnknown() && !desired.IsNull() && (current.IsNull() || current.IsUnknown() || !sameInstant(desired.ValueString(), current.ValueString()))
}

func firstKnown(values ...timestampValue) timestampValue {
	for _, v := range values {
		if !v.IsUnknown() && !v.IsNull() {
			return v
		}
	}
	return timestampNull()
}

func knownString(v types.String) *string {
	if v.IsUnknown() || v.IsNull() {
		return nil
	}
	return graph.Ptr(v.ValueString())
}

func knownBool(v types.Bool) *bool {
	if v.IsUnknown() || v.IsNull() {
		return nil
	}
	return graph.Ptr(v.ValueBool())
}

// objectAs reads a known object into target, leaving target's zero value
// (all null) for a null or unknown object.
func objectAs(ctx context.Context, obj types.Object, target any) diag.Diagnostics {
	if obj.IsNull() || obj.IsUnknown() {
		return nil
	}
	return obj.As(ctx, target, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true})
}

func nonEmptyString(s *string) types.String {
	if s == nil || *s == "" {
		return types.StringNull()
	}
	return types.StringValue(*s)
}

func enumString[T ~string](v *T) types.String {
	if v == nil || *v == "" {
		return types.StringNull()
	}
	return types.StringValue(string(*v))
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
