package graphmock

// A new onlineMeeting as Graph fills it in: ids, join URLs, dial-in,
// the tenant's default settings, and times as Graph writes them.

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-uuid"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// newMeeting fills in what Graph generates, and the tenant's defaults for
// settings createOrGet cannot take; its creation and expiry go by the
// mock's clock. passcodeRequired nil means the tenant's policy.
func (s *Server) newMeeting(userID, externalID string, subject *string, start, end time.Time, attendees []graph.MeetingParticipantInfo, passcodeRequired *bool) graph.OnlineMeeting {
	now := s.Now()
	join := &graph.JoinMeetingIDSettings{JoinMeetingID: graph.Ptr(randomDigits(12)), IsPasscodeRequired: graph.Ptr(!s.cfg.NoPasscodeByDefault)}
	if passcodeRequired != nil {
		join.IsPasscodeRequired = graph.Ptr(*passcodeRequired)
	}
	if *join.IsPasscodeRequired {
		join.Passcode = graph.Ptr("pc" + randomString(6))
	}
	thread := "19:meeting_" + randomString(44) + "@thread.v2"
	joinContext := fmt.Sprintf(`{"Tid":"%s","Oid":"%s"}`, s.cfg.TenantID, userID)
	conferenceID := randomDigits(9)
	if attendees == nil {
		attendees = []graph.MeetingParticipantInfo{}
	}
	m := graph.OnlineMeeting{
		ID:               base64.RawStdEncoding.EncodeToString([]byte("1*" + userID + "*0**" + thread)),
		ExternalID:       &externalID,
		Subject:          subject,
		StartDateTime:    graphTime(start),
		EndDateTime:      graphTime(end),
		CreationDateTime: graphTime(now),
		ExpiryDateTime:   s.expiryAfter(end),
		Participants: &graph.MeetingParticipants{
			Organizer: &graph.MeetingParticipantInfo{
				Identity: &graph.IdentitySet{User: &graph.Identity{ID: userID, TenantID: s.cfg.TenantID}},
				Role:     graph.Ptr(graph.RolePresenter),
				UPN:      "organizer-" + userID[:8] + "@contoso.example",
			},
			Attendees: attendees,
		},
		MeetingSettings: graph.MeetingSettings{
			AllowedPresenters:                    graph.Ptr(graph.PresentersEveryone),
			AllowMeetingChat:                     graph.Ptr(graph.ChatEnabled),
			AllowedLobbyAdmitters:                graph.Ptr(graph.LobbyAdmittersOrganizerAndCoOrganizersAndPresenters),
			AllowLiveShare:                       graph.Ptr(graph.LiveShareEnabled),
			AllowAttendeeToEnableCamera:          graph.Ptr(true),
			AllowAttendeeToEnableMic:             graph.Ptr(true),
			AllowBreakoutRooms:                   graph.Ptr(true),
			AllowCopyingAndSharingMeetingContent: graph.Ptr(true),
			AllowPowerPointSharing:               graph.Ptr(true),
			AllowRecording:                       graph.Ptr(true),
			AllowTeamworkReactions:               graph.Ptr(true),
			AllowTranscription:                   graph.Ptr(true),
			AllowWhiteboard:                      graph.Ptr(true),
			IsEndToEndEncryptionEnabled:          graph.Ptr(false),
			IsEntryExitAnnounced:                 graph.Ptr(true),
			RecordAutomatically:                  graph.Ptr(false),
			MeetingSpokenLanguageTag:             graph.Ptr("en-US"),
			LobbyBypassSettings:                  &graph.LobbyBypassSettings{Scope: graph.Ptr(graph.LobbyBypassOrganization), IsDialInBypassEnabled: graph.Ptr(false)},
			WatermarkProtection:                  &graph.WatermarkProtectionValues{IsEnabledForContentSharing: graph.Ptr(false), IsEnabledForVideo: graph.Ptr(false)},
		},
		AllowParticipantsToChangeName:  graph.Ptr(false),
		ShareMeetingChatHistoryDefault: graph.Ptr(graph.MeetingChatHistoryDefaultMode("none")),
		JoinMeetingIDSettings:          join,
		JoinWebURL:                     graph.Ptr("https://teams.microsoft.com/l/meetup-join/" + url.PathEscape(thread) + "/0?context=" + url.QueryEscape(joinContext)),
		VideoTeleconferenceID:          graph.Ptr(randomDigits(10)),
		MeetingOptionsWebURL:           graph.Ptr("https://teams.microsoft.com/meetingOptions/?organizerId=" + userID + "&tenantId=" + s.cfg.TenantID + "&threadId=" + url.QueryEscape(thread) + "&messageId=0&language=en-US"),
		MeetingType:                    graph.Ptr(graph.OnlineMeetingType("scheduled")),
		ChatInfo:                       &graph.ChatInfo{ThreadID: &thread, MessageID: graph.Ptr("0"), ReplyChainMessageID: graph.Ptr("0")},
		AudioConferencing: &graph.AudioConferencing{
			ConferenceID:    &conferenceID,
			DialinURL:       graph.Ptr("https://dialin.teams.microsoft.com/" + newRequestID() + "?id=" + conferenceID),
			TollNumbers:     []string{"+1 206-555-0100"},
			TollFreeNumbers: []string{"+1 800-555-0100"},
		},
	}
	if s.cfg.UnsetOptionalSettings {
		m.MeetingSpokenLanguageTag, m.WatermarkProtection = nil, nil
	}
	return m
}

// graphTime writes t as Graph does: UTC, "Z", up to seven fractional
// digits with trailing zeros trimmed.
func graphTime(t time.Time) graph.DateTime {
	d, _ := graph.ParseDateTime(t.UTC().Format("2006-01-02T15:04:05.9999999Z"))
	return d
}

func randomDigits(n int) string {
	var b strings.Builder
	for range n {
		d, _ := rand.Int(rand.Reader, big.NewInt(10))
		b.WriteByte(byte('0' + d.Int64()))
	}
	return b.String()
}

// newRequestID returns a fresh id, as Graph's request-id is.
func newRequestID() string {
	id, err := uuid.GenerateUUID()
	if err != nil {
		panic(err) // the mock runs only where randomness works
	}
	return id
}
