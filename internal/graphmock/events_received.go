package graphmock

// Events a mailbox holds but did not organize, and cancelled meetings that
// stayed in a calendar: what a listing finds besides the mailbox's own
// sessions (§3.5), for tests to set up.

import (
	"cmp"
	"strings"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// ReceiveEvent stores, as AddEvent does, the copy of a meeting that the
// mailbox received as an invitation from organizer (an SMTP address;
// answered in the directory's casing and with its name when Config.Users
// lists it): isOrganizer false, that organizer, responseStatus
// notResponded, and no mail. A Teams meeting keeps its join information,
// but its onlineMeeting is the organizer's, not the mailbox's. It panics
// on an event that the events API would refuse.
func (s *Server) ReceiveEvent(mailbox, organizer string, e graph.Event) graph.Event {
	return s.addEvent("ReceiveEvent", mailbox, e, func(stored *storedEvent) {
		from := emailAddress{Name: organizer, Address: organizer}
		if u, ok := s.users[strings.ToLower(organizer)]; ok {
			from = emailAddress{Name: cmp.Or(u.DisplayName, u.UPN), Address: u.UPN}
		}
		stored.organizer = &from
		if stored.meetingID != "" {
			delete(s.meetings, stored.meetingID)
			stored.meetingID = ""
		}
	})
}

// MarkEventCancelled marks an event as its organizer's cancellation leaves
// it in a calendar: isCancelled true, the event otherwise unchanged (§3.5,
// §6). It mails no one, and reports false when there is no such event.
func (s *Server) MarkEventCancelled(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.events[id]
	if ok {
		e = e.clone()
		e.cancelled, e.changeKey = true, newChangeKey()
		s.events[id] = e
	}
	return ok
}
