package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// onlineMeetingModel holds the attributes that the resource and the data
// source share: one per onlineMeeting property, the meeting options in
// Settings.
type onlineMeetingModel struct {
	ID            types.String   `tfsdk:"id"`
	ExternalID    types.String   `tfsdk:"external_id"`
	UserID        types.String   `tfsdk:"user_id"`
	Subject       types.String   `tfsdk:"subject"`
	StartDateTime timestampValue `tfsdk:"start_date_time"`
	EndDateTime   timestampValue `tfsdk:"end_date_time"`
	Participants  types.Object   `tfsdk:"participants"`
	// Settings are the meeting options of meetingSettings, by attribute
	// name: see getMeeting and setMeeting.
	Settings                       map[string]attr.Value `tfsdk:"-"`
	JoinMeetingIDSettings          types.Object          `tfsdk:"join_meeting_id_settings"`
	JoinInformation                types.Object          `tfsdk:"join_information"`
	AllowParticipantsToChangeName  types.Bool            `tfsdk:"allow_participants_to_change_name"`
	ShareMeetingChatHistoryDefault types.String          `tfsdk:"share_meeting_chat_history_default"`
	JoinWebURL                     types.String          `tfsdk:"join_web_url"`
	VideoTeleconferenceID          types.String          `tfsdk:"video_teleconference_id"`
	CreationDateTime               timestampValue        `tfsdk:"creation_date_time"`
	ExpiryDateTime                 timestampValue        `tfsdk:"expiry_date_time"`
	MeetingOptionsWebURL           types.String          `tfsdk:"meeting_options_web_url"`
	MeetingType                    types.String          `tfsdk:"meeting_type"`
	ChatInfo                       types.Object          `tfsdk:"chat_info"`
	AudioConferencing              types.Object          `tfsdk:"audio_conferencing"`
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

// onlineMeetingSchema is the resource's schema, built once: the types of
// its object attributes derive from it.
var onlineMeetingSchema = sync.OnceValue(func() schema.Schema {
	var resp resource.SchemaResponse
	(&onlineMeetingResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return resp.Schema
})

// objectTypeAt is the type of the object attribute at a path of attribute
// names; a set on the way stands for its elements.
func objectTypeAt(names ...string) types.ObjectType {
	t := onlineMeetingSchema().Type()
	for _, name := range names {
		obj, _ := t.(types.ObjectType)
		t = obj.AttrTypes[name]
		if set, ok := t.(types.SetType); ok {
			t = set.ElemType
		}
	}
	obj, _ := t.(types.ObjectType)
	return obj
}

// participantType is the type of an attendee or the organizer.
var participantType = sync.OnceValue(func() types.ObjectType {
	return objectTypeAt("participants", "organizer")
})

// describe names the meeting for diagnostics.
func (m onlineMeetingModel) describe() string {
	if m.ExternalID.IsNull() || m.ExternalID.IsUnknown() {
		return fmt.Sprintf("the online meeting %s", m.ID.ValueString())
	}
	return fmt.Sprintf("the online meeting with external_id %q", m.ExternalID.ValueString())
}

// organizerID is the organizer's object id as Graph's path takes it: ""
// for the signed-in user (/me).
func (m onlineMeetingModel) organizerID() string {
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
	m.Subject = nonEmpty(g.Subject)
	m.StartDateTime = timestampOf(g.StartDateTime)
	m.EndDateTime = timestampOf(g.EndDateTime)
	m.Settings = readSettings(meetingSettings, &g.MeetingSettings)
	m.AllowParticipantsToChangeName = types.BoolPointerValue(g.AllowParticipantsToChangeName)
	m.ShareMeetingChatHistoryDefault = nonEmpty(g.ShareMeetingChatHistoryDefault)
	m.JoinWebURL = types.StringPointerValue(g.JoinWebURL)
	m.VideoTeleconferenceID = types.StringPointerValue(g.VideoTeleconferenceID)
	m.CreationDateTime = timestampOf(g.CreationDateTime)
	m.ExpiryDateTime = timestampOf(g.ExpiryDateTime)
	m.MeetingOptionsWebURL = types.StringPointerValue(g.MeetingOptionsWebURL)
	m.MeetingType = nonEmpty(g.MeetingType)

	var d diag.Diagnostics
	m.Participants, d = m.participantsFrom(ctx, g.Participants)
	diags.Append(d...)
	m.JoinMeetingIDSettings, d = objectFrom(ctx, "join_meeting_id_settings", g.JoinMeetingIDSettings, func(j *graph.JoinMeetingIDSettings) any {
		return joinMeetingIDSettingsModel{
			JoinMeetingID:      types.StringPointerValue(j.JoinMeetingID),
			IsPasscodeRequired: types.BoolPointerValue(j.IsPasscodeRequired),
			Passcode:           types.StringPointerValue(j.Passcode),
		}
	})
	diags.Append(d...)
	if g.JoinInformation != nil && g.JoinInformation.Content == nil {
		g.JoinInformation = nil
	}
	m.JoinInformation, d = objectFrom(ctx, "join_information", g.JoinInformation, func(j *graph.ItemBody) any {
		return joinInformationModel{
			// Graph writes "Html" for the bodyType member "html".
			ContentType: types.StringValue(strings.ToLower(deref(j.ContentType))),
			Content:     types.StringValue(j.HTML()),
		}
	})
	diags.Append(d...)
	m.ChatInfo, d = objectFrom(ctx, "chat_info", g.ChatInfo, func(c *graph.ChatInfo) any {
		return chatInfoModel{
			ThreadID:            types.StringPointerValue(c.ThreadID),
			MessageID:           types.StringPointerValue(c.MessageID),
			ReplyChainMessageID: types.StringPointerValue(c.ReplyChainMessageID),
		}
	})
	diags.Append(d...)
	m.AudioConferencing, d = objectFrom(ctx, "audio_conferencing", g.AudioConferencing, func(a *graph.AudioConferencing) any {
		toll, d1 := types.ListValueFrom(ctx, types.StringType, nonNil(a.TollNumbers))
		tollFree, d2 := types.ListValueFrom(ctx, types.StringType, nonNil(a.TollFreeNumbers))
		diags.Append(d1...)
		diags.Append(d2...)
		return audioConferencingModel{
			ConferenceID: types.StringPointerValue(a.ConferenceID), DialinURL: types.StringPointerValue(a.DialinURL),
			TollNumbers: toll, TollFreeNumbers: tollFree,
		}
	})
	diags.Append(d...)
	return diags
}

// objectFrom is the object attribute name of the meeting for g, built by
// model; null when Graph sent no g.
func objectFrom[T any](ctx context.Context, name string, g *T, model func(*T) any) (types.Object, diag.Diagnostics) {
	typ := objectTypeAt(name)
	if g == nil {
		return types.ObjectNull(typ.AttrTypes), nil
	}
	return types.ObjectValueFrom(ctx, typ.AttrTypes, model(g))
}

// participantsFrom maps Graph's participants. Attendees are matched to the
// ones m already holds by user id, so that a UPN that differs only in
// letter case keeps m's text; a role Graph leaves null is "attendee".
func (m onlineMeetingModel) participantsFrom(ctx context.Context, g *graph.MeetingParticipants) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	if g == nil {
		return types.ObjectNull(objectTypeAt("participants").AttrTypes), nil
	}
	prior, _, d := m.attendees(ctx)
	diags.Append(d...)
	byUser := attendeesByUser(prior)

	list := make([]participantModel, 0, len(g.Attendees))
	for _, a := range g.Attendees {
		p := participantFrom(a)
		if known, ok := byUser[caseless(a.UserID())]; ok {
			p.UserID = known.UserID
			if !known.UPN.IsUnknown() && strings.EqualFold(known.UPN.ValueString(), p.UPN.ValueString()) {
				p.UPN = known.UPN
			}
		}
		list = append(list, p)
	}
	attendees, d := types.SetValueFrom(ctx, participantType(), list)
	diags.Append(d...)

	organizer := types.ObjectNull(participantType().AttrTypes)
	if g.Organizer != nil {
		o := participantFrom(*g.Organizer)
		if g.Organizer.Role == nil {
			o.Role = types.StringNull()
		}
		organizer, d = types.ObjectValueFrom(ctx, participantType().AttrTypes, o)
		diags.Append(d...)
	}
	obj, d := types.ObjectValueFrom(ctx, objectTypeAt("participants").AttrTypes, participantsModel{Attendees: attendees, Organizer: organizer})
	diags.Append(d...)
	return obj, diags
}

func participantFrom(p graph.MeetingParticipantInfo) participantModel {
	role := string(graph.RoleAttendee)
	if p.Role != nil {
		role = string(*p.Role)
	}
	return participantModel{UserID: types.StringValue(p.UserID()), UPN: nonEmpty(&p.UPN), Role: types.StringValue(role)}
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
	var u graph.OnlineMeetingUpdate
	diags.Append(writeSettings(ctx, meetingSettings, &u.MeetingSettings, desired.Settings, current.Settings)...)

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

	return u, diags
}

// sameAttendees compares attendee lists as sets of (user id, role), and
// UPNs where want knows one.
func sameAttendees(want, have []participantModel) bool {
	if len(want) != len(have) {
		return false
	}
	byUser := attendeesByUser(have)
	for _, w := range want {
		h, ok := byUser[caseless(w.UserID.ValueString())]
		if !ok || roleOf(w) != roleOf(h) {
			return false
		}
		if upn := knownString(w.UPN); upn != nil && !strings.EqualFold(*upn, h.UPN.ValueString()) {
			return false
		}
	}
	return true
}

// attendeesByUser indexes attendees by user id, which is a GUID: the same
// id in other letter case is the same user.
func attendeesByUser(list []participantModel) map[string]participantModel {
	out := make(map[string]participantModel, len(list))
	for _, p := range list {
		out[caseless(p.UserID.ValueString())] = p
	}
	return out
}

// meetingAttendee plans a meeting's attendee: its user_id as written; its
// role as written, or "attendee"; its UPN as written, or else the one in
// state for the same user (Graph's), or unknown for a new attendee.
func meetingAttendee() attendeeKind[participantModel] {
	return attendeeKind[participantModel]{
		description: "Unset, the attendees keep their state; an attendee's role defaults to attendee and its UPN to the one Graph reports.",
		key: func(p participantModel) (string, bool) {
			return caseless(p.UserID.ValueString()), !p.UserID.IsUnknown()
		},
		plan: func(p participantModel, inState *participantModel) participantModel {
			if p.Role.IsNull() {
				p.Role = types.StringValue(string(graph.RoleAttendee))
			}
			if p.UPN.IsNull() {
				p.UPN = types.StringUnknown()
				if inState != nil {
					p.UPN = inState.UPN
				}
			}
			return p
		},
	}
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

// objectAs reads a known object into target, leaving target's zero value
// (all null) for a null or unknown object.
func objectAs(ctx context.Context, obj types.Object, target any) diag.Diagnostics {
	if obj.IsNull() || obj.IsUnknown() {
		return nil
	}
	return obj.As(ctx, target, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true})
}

// getMeeting reads a plan, a state or a configuration (get is its Get)
// into target, a model that embeds onlineMeetingModel, and the meeting
// options into *settings: the framework maps a struct's fields one to one
// to attributes, and the options come from the meetingSettings table
// instead of fields.
func getMeeting(ctx context.Context, get func(context.Context, any) diag.Diagnostics, target any, settings *map[string]attr.Value) diag.Diagnostics {
	var whole types.Object
	diags := get(ctx, &whole)
	if diags.HasError() {
		return diags
	}
	restTypes, rest := map[string]attr.Type{}, map[string]attr.Value{}
	allTypes := whole.AttributeTypes(ctx)
	options := map[string]attr.Value{}
	for name, v := range whole.Attributes() {
		if _, ok := meetingSettingAttributes()[name]; ok {
			options[name] = v
			continue
		}
		restTypes[name], rest[name] = allTypes[name], v
	}
	obj, d := types.ObjectValue(restTypes, rest)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	// As replaces the whole target, settings included: fill them after.
	diags.Append(obj.As(ctx, target, basetypes.ObjectAsOptions{})...)
	*settings = options
	return diags
}

// setMeeting writes source, a model that embeds onlineMeetingModel, and
// the meeting options in settings with set (a state's Set), whose schema
// typ is.
func setMeeting(ctx context.Context, set func(context.Context, any) diag.Diagnostics, typ attr.Type, source any, settings map[string]attr.Value) diag.Diagnostics {
	obj, _ := typ.(attr.TypeWithAttributeTypes)
	if obj == nil {
		var diags diag.Diagnostics
		diags.AddError("Unexpected Schema Type", fmt.Sprintf("The schema is a %T, not an object. Please report this issue to the provider developers.", typ))
		return diags
	}
	allTypes := obj.AttributeTypes()
	restTypes := map[string]attr.Type{}
	for name, t := range allTypes {
		if _, ok := meetingSettingAttributes()[name]; !ok {
			restTypes[name] = t
		}
	}
	rest, diags := types.ObjectValueFrom(ctx, restTypes, source)
	if diags.HasError() {
		return diags
	}
	values := rest.Attributes()
	for name := range meetingSettingAttributes() {
		v, ok := settings[name]
		if !ok {
			v = nullOf(allTypes[name])
		}
		values[name] = v
	}
	whole, d := types.ObjectValue(allTypes, values)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	diags.Append(set(ctx, whole)...)
	return diags
}

// meetingSettingAttributes are the meeting options' attributes, by name.
var meetingSettingAttributes = sync.OnceValue(func() map[string]schema.Attribute {
	return settingsAttributes(meetingSettings)
})

// nullOf is the null value of a type.
func nullOf(t attr.Type) attr.Value {
	v, _ := t.ValueFromTerraform(context.Background(), tftypes.NewValue(t.TerraformType(context.Background()), nil))
	return v
}
