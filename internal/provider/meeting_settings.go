package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// meetingSettings are the Teams meeting options, each defined once: its
// attribute (name, kind, allowed values, description) and where it lives
// in graph.MeetingSettings. The table drives the schema of every resource
// that carries a Teams meeting, the mapping from Graph's answer
// (readSettings) and into a PATCH (writeSettings), and, through the
// schema, the attribute types.
//
// A new setting is one field in graph.MeetingSettings and one entry here.
var meetingSettings = []setting[graph.MeetingSettings]{
	choice("allowed_presenters", "Who can present.", graph.OnlineMeetingPresentersValues,
		func(s *graph.MeetingSettings) **graph.OnlineMeetingPresenters { return &s.AllowedPresenters }),
	choice("allow_meeting_chat", "Whether the meeting chat is on; `limited` allows chat only during the meeting.", graph.MeetingChatModeValues,
		func(s *graph.MeetingSettings) **graph.MeetingChatMode { return &s.AllowMeetingChat }),
	choice("allowed_lobby_admitters", "Who can admit people from the lobby.", graph.AllowedLobbyAdmitterRolesValues,
		func(s *graph.MeetingSettings) **graph.AllowedLobbyAdmitterRoles { return &s.AllowedLobbyAdmitters }),
	choice("allow_live_share", "Whether Live Share is on.", graph.MeetingLiveShareOptionsValues,
		func(s *graph.MeetingSettings) **graph.MeetingLiveShareOptions { return &s.AllowLiveShare }),
	toggle("allow_attendee_to_enable_camera", "Whether attendees can turn on their camera.",
		func(s *graph.MeetingSettings) **bool { return &s.AllowAttendeeToEnableCamera }),
	toggle("allow_attendee_to_enable_mic", "Whether attendees can turn on their microphone.",
		func(s *graph.MeetingSettings) **bool { return &s.AllowAttendeeToEnableMic }),
	toggle("allow_breakout_rooms", "Whether breakout rooms are available.",
		func(s *graph.MeetingSettings) **bool { return &s.AllowBreakoutRooms }),
	toggle("allow_copying_and_sharing_meeting_content", "Whether meeting content can be copied and shared.",
		func(s *graph.MeetingSettings) **bool { return &s.AllowCopyingAndSharingMeetingContent }),
	toggle("allow_power_point_sharing", "Whether PowerPoint Live sharing is available.",
		func(s *graph.MeetingSettings) **bool { return &s.AllowPowerPointSharing }),
	toggle("allow_recording", "Whether the meeting can be recorded.",
		func(s *graph.MeetingSettings) **bool { return &s.AllowRecording }),
	toggle("allow_teamwork_reactions", "Whether reactions are on.",
		func(s *graph.MeetingSettings) **bool { return &s.AllowTeamworkReactions }),
	toggle("allow_transcription", "Whether the meeting can be transcribed.",
		func(s *graph.MeetingSettings) **bool { return &s.AllowTranscription }),
	toggle("allow_whiteboard", "Whether Whiteboard is available.",
		func(s *graph.MeetingSettings) **bool { return &s.AllowWhiteboard }),
	toggle("is_end_to_end_encryption_enabled", "Whether end-to-end encryption is on (subject to the Teams policy, which can take up to 24 hours to change).",
		func(s *graph.MeetingSettings) **bool { return &s.IsEndToEndEncryptionEnabled }),
	toggle("is_entry_exit_announced", "Whether callers joining or leaving are announced.",
		func(s *graph.MeetingSettings) **bool { return &s.IsEntryExitAnnounced }),
	toggle("record_automatically", "Whether recording starts automatically.",
		func(s *graph.MeetingSettings) **bool { return &s.RecordAutomatically }),
	text("meeting_spoken_language_tag", schema.StringAttribute{
		MarkdownDescription: "The language spoken in the meeting, for transcription and captions, as a language tag such as `en-US`. Unset, it keeps the tenant's default.",
		Validators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`),
			"must be a language tag such as en-US or de-DE")},
	}, func(s *graph.MeetingSettings) **string { return &s.MeetingSpokenLanguageTag }),
	group("lobby_bypass_settings", "Who skips the lobby. Unset, it keeps the tenant's default.",
		func(s *graph.MeetingSettings) **graph.LobbyBypassSettings { return &s.LobbyBypassSettings },
		choice("scope", "Who is admitted directly. `organization` includes guests; `organizationExcludingGuests` does not.", graph.LobbyBypassScopeValues,
			func(s *graph.LobbyBypassSettings) **graph.LobbyBypassScope { return &s.Scope }),
		toggle("is_dial_in_bypass_enabled", "Whether callers by phone skip the lobby.",
			func(s *graph.LobbyBypassSettings) **bool { return &s.IsDialInBypassEnabled }),
	),
	group("watermark_protection", "Watermarks on shared content and video (Teams Premium). Unset, it keeps the tenant's default.",
		func(s *graph.MeetingSettings) **graph.WatermarkProtectionValues { return &s.WatermarkProtection },
		toggle("is_enabled_for_content_sharing", "Whether shared content is watermarked.",
			func(s *graph.WatermarkProtectionValues) **bool { return &s.IsEnabledForContentSharing }),
		toggle("is_enabled_for_video", "Whether video is watermarked.",
			func(s *graph.WatermarkProtectionValues) **bool { return &s.IsEnabledForVideo }),
	),
	group("", "", // Graph nests the label; the attribute is flat.
		func(s *graph.MeetingSettings) **graph.OnlineMeetingSensitivityLabelAssignment {
			return &s.SensitivityLabelAssignment
		},
		text("sensitivity_label_id", schema.StringAttribute{
			MarkdownDescription: "The id (a GUID) of the Microsoft Purview sensitivity label applied to the meeting. Unset, it keeps the current label.",
			Validators:          []validator.String{stringvalidator.RegexMatches(guidPattern, "must be a sensitivity label id (a GUID)")},
		}, func(s *graph.OnlineMeetingSensitivityLabelAssignment) **string { return &s.SensitivityLabelID }),
	),
}

// setting is one meeting option, or a group of them, stored in a Graph
// struct S. Every setting is optional and computed: unset, it keeps what
// Graph has (the tenant's default), and that lands in state without a diff.
type setting[S any] struct {
	// attributes are the setting's schema attributes by name: one, or, for
	// a group that Graph nests but the schema does not, its members.
	attributes map[string]schema.Attribute
	// read returns the attribute values in s.
	read func(s *S) map[string]attr.Value
	// write puts the desired values into s when any differs from current,
	// and reports whether one did.
	write func(ctx context.Context, s *S, desired, current map[string]attr.Value) (bool, diag.Diagnostics)
}

// settingsAttributes are the schema attributes of the table.
func settingsAttributes[S any](table []setting[S]) map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for _, s := range table {
		for name, a := range s.attributes {
			out[name] = a
		}
	}
	return out
}

// readSettings returns the attribute values of every setting in s.
func readSettings[S any](table []setting[S], s *S) map[string]attr.Value {
	out := map[string]attr.Value{}
	for _, st := range table {
		for name, v := range st.read(s) {
			out[name] = v
		}
	}
	return out
}

// writeSettings puts into s every setting whose desired value is known and
// differs from current (Graph's rules for the groups: the whole object).
func writeSettings[S any](ctx context.Context, table []setting[S], s *S, desired, current map[string]attr.Value) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, st := range table {
		_, d := st.write(ctx, s, desired, current)
		diags.Append(d...)
	}
	return diags
}

// choice is a string setting with a fixed set of values.
func choice[S any, T ~string](name, description string, values []T, field func(*S) **T) setting[S] {
	v := enumValues(values)
	return text(name, schema.StringAttribute{
		MarkdownDescription: description + " One of " + quoted(v) + ". Unset, it keeps the tenant's default.",
		Validators:          []validator.String{stringvalidator.OneOf(v...)},
	}, field)
}

// text is a string setting; attribute gives its description and
// validators, the rest is the same for every setting.
func text[S any, T ~string](name string, attribute schema.StringAttribute, field func(*S) **T) setting[S] {
	attribute.Optional, attribute.Computed = true, true
	attribute.PlanModifiers = []planmodifier.String{stateForUnknown()}
	return setting[S]{
		attributes: map[string]schema.Attribute{name: attribute},
		read: func(s *S) map[string]attr.Value {
			return map[string]attr.Value{name: nonEmpty(*field(s))}
		},
		write: func(_ context.Context, s *S, desired, current map[string]attr.Value) (bool, diag.Diagnostics) {
			want, _ := desired[name].(types.String)
			have, _ := current[name].(types.String)
			v := changedString(want, have)
			if v != nil {
				*field(s) = graph.Ptr(T(*v))
			}
			return v != nil, nil
		},
	}
}

// toggle is a Boolean setting.
func toggle[S any](name, description string, field func(*S) **bool) setting[S] {
	return setting[S]{
		attributes: map[string]schema.Attribute{name: schema.BoolAttribute{
			MarkdownDescription: description + " Unset, it keeps the tenant's default.",
			Optional:            true,
			Computed:            true,
			PlanModifiers:       []planmodifier.Bool{stateForUnknown()},
		}},
		read: func(s *S) map[string]attr.Value {
			return map[string]attr.Value{name: types.BoolPointerValue(*field(s))}
		},
		write: func(_ context.Context, s *S, desired, current map[string]attr.Value) (bool, diag.Diagnostics) {
			want, _ := desired[name].(types.Bool)
			have, _ := current[name].(types.Bool)
			v := changedBool(want, have)
			if v != nil {
				*field(s) = v
			}
			return v != nil, nil
		},
	}
}

// group is settings that Graph keeps in one nested object N, which a
// PATCH replaces whole: when one member changes, every known member is
// sent. With a name, the schema nests them too, as an object attribute;
// without, they are attributes of their own.
func group[S, N any](name, description string, field func(*S) **N, members ...setting[N]) setting[S] {
	nested := settingsAttributes(members)
	g := setting[S]{
		read: func(s *S) map[string]attr.Value {
			n := *field(s)
			if n == nil {
				n = new(N)
			}
			return readSettings(members, n)
		},
		write: func(ctx context.Context, s *S, desired, current map[string]attr.Value) (bool, diag.Diagnostics) {
			var changed N
			for _, m := range members {
				if ok, d := m.write(ctx, &changed, desired, current); ok || d.HasError() {
					all := new(N)
					diags := writeSettings(ctx, members, all, desired, nil)
					*field(s) = all
					return true, append(d, diags...)
				}
			}
			return false, nil
		},
	}
	if name == "" {
		g.attributes = nested
		return g
	}
	objectType := types.ObjectType{AttrTypes: attributeTypes(nested)}
	g.attributes = map[string]schema.Attribute{name: schema.SingleNestedAttribute{
		MarkdownDescription: description,
		Optional:            true,
		Computed:            true,
		PlanModifiers:       []planmodifier.Object{stateForUnknown()},
		Attributes:          nested,
	}}
	flat := g
	g.read = func(s *S) map[string]attr.Value {
		if *field(s) == nil {
			return map[string]attr.Value{name: types.ObjectNull(objectType.AttrTypes)}
		}
		obj, _ := types.ObjectValue(objectType.AttrTypes, flat.read(s))
		return map[string]attr.Value{name: obj}
	}
	g.write = func(ctx context.Context, s *S, desired, current map[string]attr.Value) (bool, diag.Diagnostics) {
		return flat.write(ctx, s, objectAttributes(desired[name]), objectAttributes(current[name]))
	}
	return g
}

// objectAttributes are the attribute values of a known object; none
// otherwise.
func objectAttributes(v attr.Value) map[string]attr.Value {
	obj, ok := v.(types.Object)
	if !ok || obj.IsNull() || obj.IsUnknown() {
		return nil
	}
	return obj.Attributes()
}

// attributeTypes are the types of schema attributes.
func attributeTypes(attributes map[string]schema.Attribute) map[string]attr.Type {
	out := make(map[string]attr.Type, len(attributes))
	for name, a := range attributes {
		out[name] = a.GetType()
	}
	return out
}
