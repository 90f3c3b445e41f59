package graphmock

// The onlineMeeting behind a calendar event that is a Teams meeting.

import (
	"strings"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// applyOnline makes the event a Teams meeting when asked to (§2.3, §5.5)
// and applies the reported rewriting of a body PATCH (I7, #18896): a body
// without the event's join URL gets a new meeting, with a new join URL and
// a fresh join block; one that keeps the URL keeps the meeting. Turning a
// meeting off, or changing its provider, is ignored, as documented.
func (s *Server) applyOnline(e *storedEvent, in *eventInput, present map[string]bool, mode eventMode) *eventError {
	provider := "unknown"
	if in.OnlineMeetingProvider != nil {
		p, err := enumMember("OnlineMeetingProviderType", *in.OnlineMeetingProvider)
		if err != nil {
			return err
		}
		provider = p
	}
	want := in.IsOnlineMeeting != nil && *in.IsOnlineMeeting || in.IsOnlineMeeting == nil && provider == "teamsForBusiness"
	switch {
	case e.online == nil && want && (provider == "skypeForBusiness" || provider == "skypeForConsumer"):
		// Undocumented error (§2.2): the mock's calendars allow Teams only.
		return badRequest("ErrorInvalidRequest", "The online meeting provider '%s' is not in the calendar's allowedOnlineMeetingProviders (teamsForBusiness).", provider)
	case e.online == nil && want:
		s.newCalendarMeeting(e)
	case e.online != nil && mode == modePatch && present["body"] && !containsJoinURL(e.bodyInner, e.online.JoinURL):
		delete(s.meetings, e.meetingID)
		s.newCalendarMeeting(e)
	}
	return nil
}

// newCalendarMeeting gives e a Teams meeting: an onlineMeeting of the
// organizer whose joinWebUrl is the event's joinUrl, so that the
// JoinWebUrl $filter finds it (§7.2, I10), and the join block at the end
// of the body. s.mu must be held.
func (s *Server) newCalendarMeeting(e *storedEvent) {
	subject := e.subject
	m := s.newMeeting(e.mailbox, "", &subject, e.start, e.end, s.meetingAttendees(e.attendees), nil)
	m.ExternalID = nil
	s.meetings[m.ID] = &storedMeeting{userID: e.mailbox, meeting: m, eventID: e.id}
	e.meetingID = m.ID
	e.online = &onlineMeetingInfo{JoinURL: *m.JoinWebURL, ConferenceID: *m.AudioConferencing.ConferenceID, TollNumber: m.AudioConferencing.TollNumbers[0]}
	block := joinBlock(m)
	if e.bodyInner == "" {
		e.bodyInner = block
	} else {
		e.bodyInner += "\r\n" + block
	}
}

// meetingAttendees are the event's attendees that the directory knows,
// as onlineMeeting participants.
func (s *Server) meetingAttendees(attendees []attendee) []graph.MeetingParticipantInfo {
	out := []graph.MeetingParticipantInfo{}
	for _, a := range attendees {
		if u, ok := s.users[strings.ToLower(a.EmailAddress.Address)]; ok {
			out = append(out, graph.MeetingParticipantInfo{
				Identity: &graph.IdentitySet{User: &graph.Identity{ID: strings.ToLower(u.ID), TenantID: s.cfg.TenantID}},
				Role:     graph.Ptr(graph.OnlineMeetingRole("attendee")),
				UPN:      u.UPN,
			})
		}
	}
	return out
}

// syncMeeting copies the subject and times, which the event owns, to its
// onlineMeeting. s.mu must be held.
func (s *Server) syncMeeting(e *storedEvent) {
	if sm, ok := s.meetings[e.meetingID]; ok {
		subject := e.subject
		sm.meeting.Subject = &subject
		sm.meeting.StartDateTime = graphTime(e.start)
		sm.meeting.EndDateTime = graphTime(e.end)
	}
}

// calendarBacked tells whether a user's meeting was created by an event.
func (s *Server) calendarBacked(userID, meetingID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeExpired()
	sm, ok := s.meetings[meetingID]
	return ok && sm.userID == userID && sm.eventID != ""
}
