package graphmock

// Online meetings, /users/{id}/onlineMeetings and /me/onlineMeetings: the
// handlers (createOrGet, plain create, get, find, PATCH, delete) and graph,
// the wrapper every Graph route goes through.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// graph wraps a Graph handler: bearer token check, faults, then the user
// the path names (or the /me user of a delegated token); for event routes,
// the mailbox and its concurrency limit.
func (s *Server) graph(route Route, h func(http.ResponseWriter, *http.Request, *call)) http.HandlerFunc {
	return s.record(route, func(w http.ResponseWriter, r *http.Request, c *call) {
		c.prefer = slices.ContainsFunc(r.Header.Values("Prefer"), func(v string) bool {
			return strings.Contains(v, "include-unknown-enum-members")
		})
		if !s.authorize(r, c) {
			writeError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token is empty, expired or not valid for this resource.", c.requestID)
			return
		}
		if s.injectFault(w, c) {
			return
		}
		user := r.PathValue("user")
		if route.isEvent() {
			s.serveMailbox(w, r, c, user, h)
			return
		}
		switch {
		case user == "" && !c.delegated:
			writeError(w, http.StatusBadRequest, "BadRequest", "/me request is only valid with delegated authentication flow.", c.requestID)
			return
		case user == "":
			// c.userID is the signed-in user of the delegated token.
		case !isGUID(user):
			writeError(w, http.StatusNotFound, "NotFound", "User '"+user+"' not found: online meetings are addressed by the organizer's Entra object id (a GUID).", c.requestID)
			return
		default:
			c.userID = strings.ToLower(user)
			if !c.delegated && s.denied(c.userID) {
				writeError(w, http.StatusForbidden, "Forbidden", "No application access policy found for this app", c.requestID)
				return
			}
		}
		h(w, r, c)
	})
}

func (s *Server) denied(userID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.ContainsFunc(s.faults.DeniedUsers, func(u string) bool { return strings.EqualFold(u, userID) })
}

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func isGUID(s string) bool { return guidPattern.MatchString(s) }

func (s *Server) handleCreateOrGet(w http.ResponseWriter, r *http.Request, c *call) {
	var req graph.CreateOrGetRequest
	if !s.decodeBody(w, c, s.rules.createOrGet, "createOrGet", &req) {
		return
	}
	if req.ExternalID == "" {
		writeError(w, http.StatusBadRequest, "BadRequest", "The parameter 'externalId' is required and must not be empty.", c.requestID)
		return
	}
	start, end, attendees, ok := s.createdTimesAndAttendees(w, c, req.StartDateTime, req.EndDateTime, req.Participants)
	if !ok {
		return
	}

	key := meetingKey{c.userID, req.ExternalID}
	s.mu.Lock()
	s.purgeExpired() // an expired meeting's key makes a new one
	status := http.StatusOK
	id, exists := s.byKey[key]
	if !exists {
		m := s.newMeeting(c.userID, req.ExternalID, req.Subject, start, end, attendees, nil)
		id = m.ID
		s.meetings[id] = &storedMeeting{userID: c.userID, meeting: m}
		s.byKey[key] = id
		s.newCreates++
		status = http.StatusCreated
	}
	meeting := clone(s.meetings[id].meeting)
	drop := status == http.StatusCreated && s.faults.DropCreateEvery > 0 && s.newCreates%s.faults.DropCreateEvery == 0
	s.mu.Unlock()

	if drop {
		dropConnection(w)
		return
	}
	s.writeMeeting(w, r, c, status, meeting)
}

// handleCreate is Graph's plain create: every settable property in one
// request, and a new meeting each time, whatever its externalId (which
// createOrGet would use as a key). It validates the body as createOrGet and
// PATCH do, and joinMeetingIdSettings as the create doc's example 2 sends it.
func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request, c *call) {
	var raw map[string]json.RawMessage
	if !s.decodeBody(w, c, s.rules.create, "create", &raw) {
		return
	}
	var req struct {
		graph.OnlineMeeting
		JoinMeetingIDSettings map[string]json.RawMessage `json:"joinMeetingIdSettings"`
	}
	if err := json.Unmarshal(c.body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "BadRequest", "Invalid request body: "+err.Error(), c.requestID)
		return
	}
	var passcode *bool
	for k, v := range req.JoinMeetingIDSettings {
		if k != "isPasscodeRequired" {
			writeError(w, http.StatusBadRequest, "BadRequest", "The property 'joinMeetingIdSettings."+k+"' is read-only and cannot be set.", c.requestID)
			return
		}
		if err := json.Unmarshal(v, &passcode); err != nil {
			writeError(w, http.StatusBadRequest, "BadRequest", "joinMeetingIdSettings.isPasscodeRequired must be a Boolean.", c.requestID)
			return
		}
	}
	start, end, attendees, ok := s.createdTimesAndAttendees(w, c, req.StartDateTime, req.EndDateTime, req.Participants)
	if !ok {
		return
	}

	s.mu.Lock()
	s.purgeExpired() // an expired meeting no longer holds its key
	m := s.newMeeting(c.userID, deref(req.ExternalID), req.Subject, start, end, attendees, passcode)
	// The body's settings override the tenant's defaults, nested objects
	// merged as PATCH merges them (decodeBody checked the body is JSON).
	_ = json.Unmarshal(c.body, &m.MeetingSettings)
	if req.ExternalID == nil {
		m.ExternalID = nil
	}
	if err := s.checkMeeting(m); err != nil {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "BadRequest", err.Error(), c.requestID)
		return
	}
	s.meetings[m.ID] = &storedMeeting{userID: c.userID, meeting: m}
	if key := (meetingKey{c.userID, deref(req.ExternalID)}); key.externalID != "" {
		if _, taken := s.byKey[key]; !taken {
			s.byKey[key] = m.ID
		}
	}
	s.newCreates++
	drop := s.faults.DropCreateEvery > 0 && s.newCreates%s.faults.DropCreateEvery == 0
	m = clone(m)
	s.mu.Unlock()

	if drop {
		dropConnection(w)
		return
	}
	s.writeMeeting(w, r, c, http.StatusCreated, m)
}

func (s *Server) handleGet(w http.ResponseWriter, r *http.Request, c *call) {
	m, ok := s.lookup(c.userID, r.PathValue("id"))
	if !ok {
		writeNotFound(w, c)
		return
	}
	s.mu.Lock()
	if s.faults.OmitExternalIDOnGet {
		m.ExternalID = nil
	}
	s.mu.Unlock()
	s.writeMeeting(w, r, c, http.StatusOK, m)
}

var filterPattern = regexp.MustCompile(`^(?i:(JoinWebUrl|joinMeetingIdSettings/joinMeetingId))\s+eq\s+'((?:[^']|'')*)'$`)

func (s *Server) handleFind(w http.ResponseWriter, r *http.Request, c *call) {
	match := filterPattern.FindStringSubmatch(strings.TrimSpace(r.URL.Query().Get("$filter")))
	if match == nil {
		writeError(w, http.StatusBadRequest, "InvalidArgument", "Filter expression expected - /onlineMeetings?$filter={ParameterName} eq '{id}'.", c.requestID)
		return
	}
	byURL := strings.EqualFold(match[1], "JoinWebUrl")
	value := strings.ReplaceAll(match[2], "''", "'")

	var found []graph.OnlineMeeting
	s.mu.Lock()
	s.purgeExpired()
	for _, sm := range s.meetings {
		if sm.userID != c.userID {
			continue
		}
		m := sm.meeting
		if byURL && m.JoinWebURL != nil && *m.JoinWebURL == value ||
			!byURL && m.JoinMeetingIDSettings != nil && m.JoinMeetingIDSettings.JoinMeetingID != nil && *m.JoinMeetingIDSettings.JoinMeetingID == value {
			found = append(found, clone(m))
		}
	}
	s.mu.Unlock()

	values := make([]json.RawMessage, 0, len(found))
	for _, m := range found {
		values = append(values, s.encodeMeeting(c, m))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"@odata.context": s.graphBase(r) + "/$metadata#users('" + c.userID + "')/onlineMeetings",
		"value":          values,
	})
}

func (s *Server) handlePatch(w http.ResponseWriter, r *http.Request, c *call) {
	var raw map[string]json.RawMessage
	if !s.decodeBody(w, c, s.rules.patchable, "update", &raw) {
		return
	}
	if s.calendarBacked(c.userID, r.PathValue("id")) {
		for _, k := range []string{"subject", "startDateTime", "endDateTime", "participants"} {
			if _, ok := raw[k]; ok {
				writeError(w, http.StatusBadRequest, "BadRequest", "The property '"+k+"' of an online meeting created with a calendar event belongs to the event: update the event instead.", c.requestID)
				return
			}
		}
		if s.cfg.CalendarMeetingPatch == CalendarMeetingPatchRefuse {
			writeError(w, http.StatusForbidden, "Forbidden", "Updating an online meeting that was created with a calendar event is not supported.", c.requestID)
			return
		}
	}
	_, hasStart := raw["startDateTime"]
	_, hasEnd := raw["endDateTime"]
	if hasStart != hasEnd {
		writeError(w, http.StatusBadRequest, "BadRequest", "startDateTime and endDateTime must be updated together.", c.requestID)
		return
	}
	var update struct {
		AllowedPresenters *string                    `json:"allowedPresenters"`
		Participants      map[string]json.RawMessage `json:"participants"`
	}
	if err := json.Unmarshal(c.body, &update); err != nil {
		writeError(w, http.StatusBadRequest, "BadRequest", "Invalid request body: "+err.Error(), c.requestID)
		return
	}
	for k := range update.Participants {
		if k != "attendees" {
			writeError(w, http.StatusBadRequest, "BadRequest", "Only participants.attendees can be updated; '"+k+"' cannot.", c.requestID)
			return
		}
	}
	if update.AllowedPresenters != nil && *update.AllowedPresenters == string(graph.PresentersRoleIsPresenter) && update.Participants["attendees"] == nil {
		writeError(w, http.StatusBadRequest, "BadRequest", "Setting allowedPresenters to roleIsPresenter requires the full participants.attendees list with roles in the same request.", c.requestID)
		return
	}

	m, status, err := s.update(c, r.PathValue("id"), hasStart)
	if err != nil {
		code := "BadRequest"
		if status == http.StatusNotFound {
			code = "NotFound"
		}
		writeError(w, status, code, err.Error(), c.requestID)
		return
	}
	s.mu.Lock()
	partial := s.faults.PartialPatchAnswers
	s.mu.Unlock()
	if partial {
		answer := map[string]json.RawMessage{}
		full := map[string]json.RawMessage{}
		_ = json.Unmarshal(s.encodeMeeting(c, m), &full)
		for k := range raw {
			answer[k] = full[k]
		}
		answer["id"] = full["id"]
		writeJSON(w, http.StatusOK, answer)
		return
	}
	s.writeMeeting(w, r, c, http.StatusOK, m)
}

// update applies a checked PATCH body to a stored meeting. Nested objects
// merge, as Graph merges them; an invalid result changes nothing.
func (s *Server) update(c *call, id string, timesChanged bool) (graph.OnlineMeeting, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeExpired()
	sm, ok := s.meetings[id]
	if !ok || sm.userID != c.userID {
		return graph.OnlineMeeting{}, http.StatusNotFound, errMeetingNotFound
	}
	m := clone(sm.meeting)
	if err := json.Unmarshal(c.body, &m); err != nil {
		return m, http.StatusBadRequest, fmt.Errorf("Invalid request body: %w", err)
	}
	if timesChanged {
		if m.StartDateTime.IsZero() || m.EndDateTime.IsZero() {
			return m, http.StatusBadRequest, errors.New("startDateTime and endDateTime must not be null.")
		}
		if m.EndDateTime.Time().Before(m.StartDateTime.Time()) {
			return m, http.StatusBadRequest, fmt.Errorf("endDateTime %s is earlier than startDateTime %s", m.EndDateTime, m.StartDateTime)
		}
		m.StartDateTime = graphTime(m.StartDateTime.Time())
		m.EndDateTime = graphTime(m.EndDateTime.Time())
	}
	if err := s.checkMeeting(m); err != nil {
		return m, http.StatusBadRequest, err
	}
	// Graph extends a meeting's life with every update.
	m.ExpiryDateTime = s.expiryAfter(m.EndDateTime.Time())
	sm.meeting = m
	return clone(m), http.StatusOK, nil
}

func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	delay := s.faults.DeleteDelay
	s.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	s.mu.Lock()
	s.purgeExpired()
	sm, ok := s.meetings[r.PathValue("id")]
	if ok && sm.userID == c.userID {
		s.forgetMeeting(sm.meeting.ID, sm)
	}
	s.mu.Unlock()
	if !ok || sm.userID != c.userID {
		writeNotFound(w, c)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

var errMeetingNotFound = errors.New("The onlineMeeting does not exist or does not belong to the user in the path.")

func writeNotFound(w http.ResponseWriter, c *call) {
	writeError(w, http.StatusNotFound, "NotFound", errMeetingNotFound.Error(), c.requestID)
}

func (s *Server) lookup(userID, id string) (graph.OnlineMeeting, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.purgeExpired()
	sm, ok := s.meetings[id]
	if !ok || sm.userID != userID {
		return graph.OnlineMeeting{}, false
	}
	return clone(sm.meeting), true
}

func clone(m graph.OnlineMeeting) graph.OnlineMeeting {
	b, _ := json.Marshal(m)
	var out graph.OnlineMeeting
	_ = json.Unmarshal(b, &out)
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
