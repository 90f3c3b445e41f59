package graphmock

// Online meetings expire: Graph removes one "60 days after the meeting's
// start or end time", "extended by another 60 days" when it is updated
// (graph-online-meetings.md §1.1, expiryDateTime). The mock counts by its
// own clock (clock.go), so that a test can skip the 60 days, and purges
// lazily: each meeting operation and accessor first forgets what has
// expired (purgeExpired), so no timer runs and a meeting is gone exactly
// when the clock says so.

import (
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// meetingLifetime is how long a meeting lives after its end, or after its
// creation or last update when that is later.
const meetingLifetime = 60 * 24 * time.Hour

// expiryAfter is the expiryDateTime of a meeting that ends at end and is
// created or updated now: 60 days after its end, but never less than 60
// days from now, so that a meeting backfilled for a past session lives 60
// days from its creation and an update extends it from the update. The
// docs' "start or end" leaves open which; the end is the later, and the
// one a meeting that runs long needs.
func (s *Server) expiryAfter(end time.Time) graph.DateTime {
	return graphTime(later(end, s.Now()).Add(meetingLifetime))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// purgeExpired forgets the standalone meetings whose expiryDateTime has
// passed by the mock's clock: from then on every path answers 404 for
// them, the $filter does not find them, createOrGet with their external
// id makes a new meeting, and the accessors do not show them.
//
// A meeting a calendar event created (eventID set) does not expire here:
// what Graph does to the meeting of an event that lives on in the calendar
// is undocumented, and the event owns its times. s.mu must be held.
func (s *Server) purgeExpired() {
	now := s.Now()
	for id, sm := range s.meetings {
		expiry := sm.meeting.ExpiryDateTime
		if sm.eventID != "" || expiry.IsZero() || !expiry.Time().Before(now) {
			continue
		}
		s.forgetMeeting(id, sm)
	}
}

// forgetMeeting removes a meeting from the store. A plain create may have
// reused an external id that createOrGet keys to another meeting: the key
// is freed only if it is this meeting's. s.mu must be held.
func (s *Server) forgetMeeting(id string, sm *storedMeeting) {
	delete(s.meetings, id)
	key := meetingKey{sm.userID, deref(sm.meeting.ExternalID)}
	if s.byKey[key] == id {
		delete(s.byKey, key)
	}
}
