package graphmock

// What an onlineMeeting request must be: a body of settable properties,
// enum members the schema knows, attendees by Entra object id, and
// createOrGet's times and their defaults.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// createdTimesAndAttendees checks what both creates take alike: the times,
// with createOrGet's defaults ("now" by the mock's clock), and the
// attendees. It answers 400 and reports false when Graph would refuse them.
func (s *Server) createdTimesAndAttendees(w http.ResponseWriter, c *call, start, end graph.DateTime, participants *graph.MeetingParticipants) (time.Time, time.Time, []graph.MeetingParticipantInfo, bool) {
	from, to, err := defaultTimes(start, end, s.Now())
	if err != nil {
		writeError(w, http.StatusBadRequest, "BadRequest", err.Error(), c.requestID)
		return from, to, nil, false
	}
	var attendees []graph.MeetingParticipantInfo
	if participants != nil {
		attendees = participants.Attendees
	}
	if err := s.checkAttendees(attendees); err != nil {
		writeError(w, http.StatusBadRequest, "BadRequest", err.Error(), c.requestID)
		return from, to, nil, false
	}
	return from, to, attendees, true
}

// defaultTimes applies createOrGet's rules: neither time → now and now + 1 h;
// start only → end = start + 1 h; end without start, or before it, is an error.
func defaultTimes(start, end graph.DateTime, now time.Time) (time.Time, time.Time, error) {
	switch {
	case start.IsZero() && end.IsZero():
		return now, now.Add(time.Hour), nil
	case start.IsZero():
		return time.Time{}, time.Time{}, fmt.Errorf("endDateTime cannot be set without startDateTime")
	case end.IsZero():
		return start.Time(), start.Time().Add(time.Hour), nil
	case end.Time().Before(start.Time()):
		return time.Time{}, time.Time{}, fmt.Errorf("endDateTime %s is earlier than startDateTime %s", end, start)
	}
	return start.Time(), end.Time(), nil
}

// decodeBody checks that the JSON body is an object whose properties are
// all in allowed, then decodes it into out.
func (s *Server) decodeBody(w http.ResponseWriter, c *call, allowed map[string]bool, operation string, out any) bool {
	body := c.body
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		writeError(w, http.StatusBadRequest, "BadRequest", "The request body must be a JSON object.", c.requestID)
		return false
	}
	for k := range raw {
		switch {
		case allowed[k]:
		case s.rules.readOnly[k]:
			writeError(w, http.StatusBadRequest, "BadRequest", "The property '"+k+"' is read-only and cannot be set.", c.requestID)
			return false
		default:
			writeError(w, http.StatusBadRequest, "BadRequest", "The property '"+k+"' cannot be set by the "+operation+" operation of microsoft.graph.onlineMeeting.", c.requestID)
			return false
		}
	}
	if err := json.Unmarshal(body, out); err != nil {
		writeError(w, http.StatusBadRequest, "BadRequest", "Invalid request body: "+err.Error(), c.requestID)
		return false
	}
	return true
}

// checkMeeting refuses enum members the schema does not know.
func (s *Server) checkMeeting(m graph.OnlineMeeting) error {
	checks := []struct {
		property, enum string
		value          *string
	}{
		{"allowedPresenters", "onlineMeetingPresenters", (*string)(m.AllowedPresenters)},
		{"allowMeetingChat", "meetingChatMode", (*string)(m.AllowMeetingChat)},
		{"allowedLobbyAdmitters", "allowedLobbyAdmitterRoles", (*string)(m.AllowedLobbyAdmitters)},
		{"allowLiveShare", "meetingLiveShareOptions", (*string)(m.AllowLiveShare)},
	}
	if m.LobbyBypassSettings != nil {
		checks = append(checks, struct {
			property, enum string
			value          *string
		}{"lobbyBypassSettings.scope", "lobbyBypassScope", (*string)(m.LobbyBypassSettings.Scope)})
	}
	for _, ch := range checks {
		if ch.value != nil && !s.rules.enums[ch.enum].has(*ch.value) {
			return fmt.Errorf("Requested value '%s' for %s is not a member of %s.", *ch.value, ch.property, ch.enum)
		}
	}
	if m.Participants != nil {
		return s.checkAttendees(m.Participants.Attendees)
	}
	return nil
}

func (s *Server) checkAttendees(attendees []graph.MeetingParticipantInfo) error {
	for _, a := range attendees {
		if !isGUID(a.UserID()) {
			return fmt.Errorf("Attendee '%s' must have identity.user.id set to an Entra object id.", a.UPN)
		}
		if a.Role != nil && !s.rules.enums["onlineMeetingRole"].has(string(*a.Role)) {
			return fmt.Errorf("Requested value '%s' for role is not a member of onlineMeetingRole.", *a.Role)
		}
	}
	return nil
}
