package graphmock

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// The meeting accessors, like Graph's paths, do not show a meeting that
// has expired by the mock's clock (meetings_expiry.go).

// MeetingCount returns how many meetings exist.
func (s *Server) MeetingCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeExpired()
	return len(s.meetings)
}

// Meetings returns copies of all meetings, ordered by external id.
func (s *Server) Meetings() []graph.OnlineMeeting {
	s.mu.Lock()
	s.purgeExpired()
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
	s.purgeExpired()
	sm, ok := s.meetings[id]
	if !ok {
		return graph.OnlineMeeting{}, false
	}
	return clone(sm.meeting), true
}

// MeetingByExternalID returns a copy of a user's meeting with that external id.
func (s *Server) MeetingByExternalID(userID, externalID string) (graph.OnlineMeeting, bool) {
	s.mu.Lock()
	s.purgeExpired()
	id, ok := s.byKey[meetingKey{strings.ToLower(userID), externalID}]
	s.mu.Unlock()
	if !ok {
		return graph.OnlineMeeting{}, false
	}
	return s.Meeting(id)
}

// AddMeeting stores a meeting as if someone had created it with
// createOrGet, and returns it: created and expiring by the mock's clock. A
// non-empty id replaces the generated one.
func (s *Server) AddMeeting(userID, externalID, id string, req graph.CreateOrGetRequest) graph.OnlineMeeting {
	userID = strings.ToLower(userID)
	start, end, err := defaultTimes(req.StartDateTime, req.EndDateTime, s.Now())
	if err != nil {
		panic(err)
	}
	var attendees []graph.MeetingParticipantInfo
	if req.Participants != nil {
		attendees = req.Participants.Attendees
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeExpired()
	m := s.newMeeting(userID, externalID, req.Subject, start, end, attendees, nil)
	if id != "" {
		m.ID = id
	}
	s.meetings[m.ID] = &storedMeeting{userID: userID, meeting: m}
	s.byKey[meetingKey{userID, externalID}] = m.ID
	return clone(m)
}

// EditMeeting changes a stored meeting out of band, as someone using Teams
// would. It reports false when there is no such meeting. The expiry stays
// as it was unless edit sets it (which a test may, to expire a meeting).
func (s *Server) EditMeeting(id string, edit func(*graph.OnlineMeeting)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeExpired()
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
	s.purgeExpired()
	sm, ok := s.meetings[id]
	if ok {
		s.forgetMeeting(id, sm)
	}
	return ok
}

// EventCount returns how many events exist, in all mailboxes.
func (s *Server) EventCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.events)
}

// EventMailboxes returns the object ids of the mailboxes that hold
// events, sorted: with Events, what a mock holds in all.
func (s *Server) EventMailboxes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, e := range s.events {
		if !slices.Contains(out, e.mailbox) {
			out = append(out, e.mailbox)
		}
	}
	slices.Sort(out)
	return out
}

// Events returns a mailbox's events (object id or UPN), oldest first, as a
// GET without Prefer answers them, extended properties included.
func (s *Server) Events(mailbox string) []graph.Event {
	id := s.storeMailbox(mailbox)
	s.mu.Lock()
	var found []*storedEvent
	for _, e := range s.events {
		if e.mailbox == id {
			found = append(found, e)
		}
	}
	slices.SortFunc(found, func(a, b *storedEvent) int { return a.created.Compare(b.created) })
	out := make([]graph.Event, 0, len(found))
	for _, e := range found {
		out = append(out, s.graphEvent(e))
	}
	s.mu.Unlock()
	return out
}

// Event returns the event with the given id, in any mailbox.
func (s *Server) Event(id string) (graph.Event, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.events[id]
	if !ok {
		return graph.Event{}, false
	}
	return s.graphEvent(e), true
}

// AddEvent creates an event in a mailbox as someone using Outlook would:
// with the server's defaults and rewriting, a Teams meeting if e asks for
// one, and no mail. A non-empty e.ID replaces the generated id; the other
// read-only properties of e are ignored. It panics on an event that the
// events API would refuse.
func (s *Server) AddEvent(mailbox string, e graph.Event) graph.Event {
	return s.addEvent("AddEvent", mailbox, e, func(*storedEvent) {})
}

// addEvent stores e out of band in mailbox, as AddEvent says, and lets
// adjust change it before it is answered; s.mu is held while adjust runs.
// who names the caller in its panic.
func (s *Server) addEvent(who, mailbox string, e graph.Event, adjust func(*storedEvent)) graph.Event {
	in, present, eerr := decodeEvent(outOfBandBody(e, nil), true)
	if eerr != nil {
		panic("graphmock: " + who + ": " + eerr.message)
	}
	id := s.storeMailbox(mailbox)
	s.mu.Lock()
	defer s.mu.Unlock()
	stored, eerr := s.createEvent(id, e.ID, in, present, modeOutOfBand)
	if eerr != nil {
		panic("graphmock: " + who + ": " + eerr.message)
	}
	adjust(stored)
	return s.graphEvent(stored)
}

// EditEvent changes a stored event out of band, as someone using Outlook
// would: edit gets the event as Events returns it, and what it changes is
// applied as a PATCH would apply it, except that no mail goes out and a
// body without the join block keeps the meeting. The changeKey changes.
// It reports false when there is no such event, and panics on a change
// the events API would refuse.
func (s *Server) EditEvent(id string, edit func(*graph.Event)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.events[id]
	if !ok {
		return false
	}
	before := s.graphEvent(e)
	after := cloneEvent(before)
	edit(&after)
	in, present, eerr := decodeEvent(outOfBandBody(after, &before), true)
	if eerr != nil {
		panic("graphmock: EditEvent: " + eerr.message)
	}
	edited := e.clone()
	if present["singleValueExtendedProperties"] {
		edited.extended = nil // replaced, not merged
	}
	if eerr := s.applyEvent(edited, in, present, modeOutOfBand); eerr != nil {
		panic("graphmock: EditEvent: " + eerr.message)
	}
	if eerr := s.reshapeSeries(e, edited); eerr != nil {
		panic("graphmock: EditEvent: " + eerr.message)
	}
	edited.changeKey, edited.modified = newChangeKey(), time.Now()
	s.events[id] = edited
	s.syncMeeting(edited)
	return true
}

// DeleteEvent deletes an event out of band, without mail. It reports false
// when there is no such event.
func (s *Server) DeleteEvent(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.events[id]
	if ok {
		s.removeEvent(e)
	}
	return ok
}

// storeMailbox resolves a mailbox as the events paths do; it panics on a
// UPN that Config.Users does not list.
func (s *Server) storeMailbox(mailbox string) string {
	id, ok := s.resolveMailbox(mailbox)
	if !ok {
		panic("graphmock: no mailbox " + mailbox + " in Config.Users")
	}
	return id
}

// graphEvent is e as the client's type. s.mu must be held.
func (s *Server) graphEvent(e *storedEvent) graph.Event {
	b, _ := json.Marshal(s.render(e, presentation{loc: time.UTC, zone: "UTC", all: true}))
	var out graph.Event
	_ = json.Unmarshal(b, &out)
	return out
}

func cloneEvent(e graph.Event) graph.Event {
	b, _ := json.Marshal(e)
	var out graph.Event
	_ = json.Unmarshal(b, &out)
	return out
}

// outOfBandBody writes e as a create body, or, with before, as a PATCH
// body of what differs from before; read-only properties are left out.
func outOfBandBody(e graph.Event, before *graph.Event) []byte {
	props := func(e graph.Event) map[string]json.RawMessage {
		b, _ := json.Marshal(e)
		var m map[string]json.RawMessage
		_ = json.Unmarshal(b, &m)
		return m
	}
	after, was := props(e), map[string]json.RawMessage{}
	if before != nil {
		was = props(*before)
	}
	body := map[string]json.RawMessage{}
	for k := range eventProperties {
		switch eventProperties[k] {
		case propWritable, propCreateOnly:
		default:
			continue
		}
		v, ok := after[k]
		switch {
		case before == nil && ok:
			body[k] = v
		case before == nil:
		case !ok && was[k] != nil && (k == "attendees" || k == "categories" || k == "singleValueExtendedProperties"):
			body[k] = json.RawMessage("[]")
		case !ok && was[k] != nil:
			body[k] = json.RawMessage("null")
		case ok && !bytes.Equal(v, was[k]):
			body[k] = v
		}
	}
	b, _ := json.Marshal(body)
	return b
}
