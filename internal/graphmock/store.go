package graphmock

import (
	"slices"
	"strings"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// MeetingCount returns how many meetings exist.
func (s *Server) MeetingCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.meetings)
}

// Meetings returns copies of all meetings, ordered by external id.
func (s *Server) Meetings() []graph.OnlineMeeting {
	s.mu.Lock()
	out := make([]graph.OnlineMeeting, 0, len(s.meetings))
	for _, sm := range s.meetings {
		out = append(out, clone(sm.meeting))
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b graph.OnlineMeeting) int { return strings.Compare(deref(a.ExternalID), deref(b.ExternalID)) })
	return out
}

// Meeting returns a copy of the meeting with the given id.
func (s *Server) Meeting(id string) (graph.OnlineMeeting, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sm, ok := s.meetings[id]
	if !ok {
		return graph.OnlineMeeting{}, false
	}
	return clone(sm.meeting), true
}

// MeetingByExternalID returns a copy of a user's meeting with that external id.
func (s *Server) MeetingByExternalID(userID, externalID string) (graph.OnlineMeeting, bool) {
	s.mu.Lock()
	id, ok := s.byKey[meetingKey{strings.ToLower(userID), externalID}]
	s.mu.Unlock()
	if !ok {
		return graph.OnlineMeeting{}, false
	}
	return s.Meeting(id)
}

// AddMeeting stores a meeting as if someone had created it with
// createOrGet, and returns it. A non-empty id replaces the generated one.
func (s *Server) AddMeeting(userID, externalID, id string, req graph.CreateOrGetRequest) graph.OnlineMeeting {
	userID = strings.ToLower(userID)
	start, end, err := defaultTimes(req.StartDateTime, req.EndDateTime, time.Now())
	if err != nil {
		panic(err)
	}
	var attendees []graph.MeetingParticipantInfo
	if req.Participants != nil {
		attendees = req.Participants.Attendees
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.newMeeting(userID, externalID, req.Subject, start, end, attendees, nil)
	if id != "" {
		m.ID = id
	}
	s.meetings[m.ID] = &storedMeeting{userID: userID, meeting: m}
	s.byKey[meetingKey{userID, externalID}] = m.ID
	return clone(m)
}

// EditMeeting changes a stored meeting out of band, as someone using Teams
// would. It reports false when there is no such meeting.
func (s *Server) EditMeeting(id string, edit func(*graph.OnlineMeeting)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sm, ok := s.meetings[id]
	if ok {
		edit(&sm.meeting)
	}
	return ok
}

// DeleteMeeting deletes a meeting out of band. It reports false when there
// is no such meeting.
func (s *Server) DeleteMeeting(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sm, ok := s.meetings[id]
	if ok {
		delete(s.meetings, id)
		delete(s.byKey, meetingKey{sm.userID, deref(sm.meeting.ExternalID)})
	}
	return ok
}
