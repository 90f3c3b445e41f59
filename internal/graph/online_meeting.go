package graph

import (
	"net/url"
	"strings"
)

// This file holds the typed shapes of Microsoft Graph v1.0's onlineMeeting
// and of the two request bodies this client sends. Optional properties are
// pointers, or DateTime values whose zero means absent, so that "not set"
// is never sent and a JSON null reads back as unset.

// OnlineMeeting is a microsoft.graph.onlineMeeting as Graph returns it.
type OnlineMeeting struct {
	ID               string               `json:"id"`
	ExternalID       *string              `json:"externalId,omitempty"`
	Subject          *string              `json:"subject,omitempty"`
	StartDateTime    DateTime             `json:"startDateTime,omitzero"`
	EndDateTime      DateTime             `json:"endDateTime,omitzero"`
	CreationDateTime DateTime             `json:"creationDateTime,omitzero"`
	ExpiryDateTime   DateTime             `json:"expiryDateTime,omitzero"`
	Participants     *MeetingParticipants `json:"participants,omitempty"`
	MeetingSettings
	AllowParticipantsToChangeName  *bool                          `json:"allowParticipantsToChangeName,omitempty"`
	ShareMeetingChatHistoryDefault *MeetingChatHistoryDefaultMode `json:"shareMeetingChatHistoryDefault,omitempty"`
	JoinMeetingIDSettings          *JoinMeetingIDSettings         `json:"joinMeetingIdSettings,omitempty"`
	JoinInformation                *ItemBody                      `json:"joinInformation,omitempty"`
	JoinWebURL                     *string                        `json:"joinWebUrl,omitempty"`
	VideoTeleconferenceID          *string                        `json:"videoTeleconferenceId,omitempty"`
	MeetingOptionsWebURL           *string                        `json:"meetingOptionsWebUrl,omitempty"`
	MeetingType                    *OnlineMeetingType             `json:"meetingType,omitempty"`
	ChatInfo                       *ChatInfo                      `json:"chatInfo,omitempty"`
	AudioConferencing              *AudioConferencing             `json:"audioConferencing,omitempty"`
}

// isWhole tells a whole meeting from an excerpt: every meeting Graph reads
// has an id, a join link, times and an attendee list (empty or not).
func (m *OnlineMeeting) isWhole() bool {
	return m.ID != "" && m.JoinWebURL != nil && !m.StartDateTime.IsZero() && !m.EndDateTime.IsZero() &&
		m.Participants != nil && m.Participants.Attendees != nil
}

// CreateOrGetRequest is the body of the createOrGet action. Graph accepts
// exactly these properties; every other setting needs a PATCH afterwards.
type CreateOrGetRequest struct {
	ExternalID    string               `json:"externalId"`
	Subject       *string              `json:"subject,omitempty"`
	StartDateTime DateTime             `json:"startDateTime,omitzero"`
	EndDateTime   DateTime             `json:"endDateTime,omitzero"`
	Participants  *MeetingParticipants `json:"participants,omitempty"`
	ChatInfo      *ChatInfo            `json:"chatInfo,omitempty"`
}

// OnlineMeetingCreate is the body of Graph's plain create (POST
// .../onlineMeetings): every property a client may set, in one request. It
// is the only way to set JoinMeetingIDSettings.IsPasscodeRequired, which
// createOrGet does not take and PATCH cannot change. Plain create has no
// idempotency key: see CreateOnlineMeeting.
type OnlineMeetingCreate struct {
	ExternalID            string                 `json:"externalId,omitempty"`
	JoinMeetingIDSettings *JoinMeetingIDSettings `json:"joinMeetingIdSettings,omitempty"`
	OnlineMeetingUpdate
}

// OnlineMeetingUpdate is a PATCH body. It holds only the properties Graph's
// update operation documents; nil fields are not sent.
//
// Graph's rules, which callers must follow: StartDateTime and EndDateTime
// travel together; Participants carries the full attendee list and no
// organizer; AllowedPresenters "roleIsPresenter" needs the attendee list,
// with roles, in the same request.
type OnlineMeetingUpdate struct {
	Subject       *string              `json:"subject,omitempty"`
	StartDateTime DateTime             `json:"startDateTime,omitzero"`
	EndDateTime   DateTime             `json:"endDateTime,omitzero"`
	Participants  *MeetingParticipants `json:"participants,omitempty"`
	MeetingSettings
}

// IsEmpty reports whether u would PATCH nothing.
func (u OnlineMeetingUpdate) IsEmpty() bool {
	return u == OnlineMeetingUpdate{}
}

// MeetingSettings are the meeting options that Graph reads and that PATCH
// takes: who presents, chat, lobby, recording and the rest. OnlineMeeting
// and OnlineMeetingUpdate both embed them, and so can any other type that
// carries a Teams meeting's options.
type MeetingSettings struct {
	AllowedPresenters                    *OnlineMeetingPresenters                 `json:"allowedPresenters,omitempty"`
	AllowMeetingChat                     *MeetingChatMode                         `json:"allowMeetingChat,omitempty"`
	AllowedLobbyAdmitters                *AllowedLobbyAdmitterRoles               `json:"allowedLobbyAdmitters,omitempty"`
	AllowLiveShare                       *MeetingLiveShareOptions                 `json:"allowLiveShare,omitempty"`
	AllowAttendeeToEnableCamera          *bool                                    `json:"allowAttendeeToEnableCamera,omitempty"`
	AllowAttendeeToEnableMic             *bool                                    `json:"allowAttendeeToEnableMic,omitempty"`
	AllowBreakoutRooms                   *bool                                    `json:"allowBreakoutRooms,omitempty"`
	AllowCopyingAndSharingMeetingContent *bool                                    `json:"allowCopyingAndSharingMeetingContent,omitempty"`
	AllowPowerPointSharing               *bool                                    `json:"allowPowerPointSharing,omitempty"`
	AllowRecording                       *bool                                    `json:"allowRecording,omitempty"`
	AllowTeamworkReactions               *bool                                    `json:"allowTeamworkReactions,omitempty"`
	AllowTranscription                   *bool                                    `json:"allowTranscription,omitempty"`
	AllowWhiteboard                      *bool                                    `json:"allowWhiteboard,omitempty"`
	IsEndToEndEncryptionEnabled          *bool                                    `json:"isEndToEndEncryptionEnabled,omitempty"`
	IsEntryExitAnnounced                 *bool                                    `json:"isEntryExitAnnounced,omitempty"`
	RecordAutomatically                  *bool                                    `json:"recordAutomatically,omitempty"`
	MeetingSpokenLanguageTag             *string                                  `json:"meetingSpokenLanguageTag,omitempty"`
	LobbyBypassSettings                  *LobbyBypassSettings                     `json:"lobbyBypassSettings,omitempty"`
	WatermarkProtection                  *WatermarkProtectionValues               `json:"watermarkProtection,omitempty"`
	SensitivityLabelAssignment           *OnlineMeetingSensitivityLabelAssignment `json:"sensitivityLabelAssignment,omitempty"`
}

// MeetingParticipants is a microsoft.graph.meetingParticipants.
type MeetingParticipants struct {
	Organizer *MeetingParticipantInfo `json:"organizer,omitempty"`
	// Attendees is sent as given: an empty, non-nil slice clears the list.
	Attendees []MeetingParticipantInfo `json:"attendees"`
}

// MeetingParticipantInfo is a microsoft.graph.meetingParticipantInfo.
type MeetingParticipantInfo struct {
	Identity *IdentitySet       `json:"identity,omitempty"`
	Role     *OnlineMeetingRole `json:"role,omitempty"`
	UPN      string             `json:"upn,omitempty"`
}

// UserID returns the Entra object id of the participant, or "".
func (p MeetingParticipantInfo) UserID() string {
	if p.Identity == nil || p.Identity.User == nil {
		return ""
	}
	return p.Identity.User.ID
}

// IdentitySet is the part of a microsoft.graph.identitySet that meetings use.
type IdentitySet struct {
	User *Identity `json:"user,omitempty"`
}

// Identity is a microsoft.graph.identity.
type Identity struct {
	ID          string `json:"id,omitempty"`
	DisplayName string `json:"displayName,omitempty"`
	TenantID    string `json:"tenantId,omitempty"`
}

// UserParticipant returns the participant info for an Entra user.
func UserParticipant(userID, upn string, role OnlineMeetingRole) MeetingParticipantInfo {
	return MeetingParticipantInfo{
		Identity: &IdentitySet{User: &Identity{ID: userID}},
		Role:     &role,
		UPN:      upn,
	}
}

// LobbyBypassSettings is a microsoft.graph.lobbyBypassSettings.
type LobbyBypassSettings struct {
	Scope                 *LobbyBypassScope `json:"scope,omitempty"`
	IsDialInBypassEnabled *bool             `json:"isDialInBypassEnabled,omitempty"`
}

// WatermarkProtectionValues is a microsoft.graph.watermarkProtectionValues.
type WatermarkProtectionValues struct {
	IsEnabledForContentSharing *bool `json:"isEnabledForContentSharing,omitempty"`
	IsEnabledForVideo          *bool `json:"isEnabledForVideo,omitempty"`
}

// OnlineMeetingSensitivityLabelAssignment is a
// microsoft.graph.onlineMeetingSensitivityLabelAssignment.
type OnlineMeetingSensitivityLabelAssignment struct {
	SensitivityLabelID *string `json:"sensitivityLabelId,omitempty"`
}

// JoinMeetingIDSettings is a microsoft.graph.joinMeetingIdSettings. Passcode
// is a secret: callers must never log it.
type JoinMeetingIDSettings struct {
	JoinMeetingID      *string `json:"joinMeetingId,omitempty"`
	IsPasscodeRequired *bool   `json:"isPasscodeRequired,omitempty"`
	Passcode           *string `json:"passcode,omitempty"`
}

// ItemBody is a microsoft.graph.itemBody. For joinInformation, Graph
// writes ContentType "Html" (not the enum's "html") and Content as a
// percent-encoded data URL: see HTML.
type ItemBody struct {
	ContentType *string `json:"contentType,omitempty"`
	Content     *string `json:"content,omitempty"`
}

// HTML returns the body's content as plain HTML. Graph sends the join
// information as a data URL, "data:text/html,<percent-encoded HTML>", and
// its examples percent-encode the whole URL in form encoding
// ("data%3Atext%2Fhtml%2C...", with "+" for a space). Either form is
// decoded exactly once, so that a "%" the HTML itself holds survives;
// content in neither form is returned as it is.
func (b ItemBody) HTML() string {
	content := ""
	if b.Content != nil {
		content = *b.Content
	}
	const prefix = "data:text/html,"
	if len(content) >= len("data%3A") && strings.EqualFold(content[:len("data%3A")], "data%3A") {
		if decoded, err := url.QueryUnescape(content); err == nil && strings.HasPrefix(decoded, prefix) {
			return strings.TrimPrefix(decoded, prefix)
		}
		return content
	}
	if rest, ok := strings.CutPrefix(content, prefix); ok {
		if decoded, err := url.PathUnescape(rest); err == nil {
			return decoded
		}
	}
	return content
}

// ChatInfo is a microsoft.graph.chatInfo.
type ChatInfo struct {
	ThreadID            *string `json:"threadId,omitempty"`
	MessageID           *string `json:"messageId,omitempty"`
	ReplyChainMessageID *string `json:"replyChainMessageId,omitempty"`
}

// AudioConferencing is a microsoft.graph.audioConferencing. Graph deprecated
// the single-number properties in favour of the collections, which also
// contain the single numbers.
type AudioConferencing struct {
	ConferenceID    *string  `json:"conferenceId,omitempty"`
	DialinURL       *string  `json:"dialinUrl,omitempty"`
	TollNumbers     []string `json:"tollNumbers,omitempty"`
	TollFreeNumbers []string `json:"tollFreeNumbers,omitempty"`
}

// Ptr returns a pointer to v, for filling optional fields.
func Ptr[T any](v T) *T { return &v }
