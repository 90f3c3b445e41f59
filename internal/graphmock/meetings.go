package graphmock

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/go-uuid"

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

// createdTimesAndAttendees checks what both creates take alike: the times,
// with createOrGet's defaults, and the attendees. It answers 400 and
// reports false when Graph would refuse them.
func (s *Server) createdTimesAndAttendees(w http.ResponseWriter, c *call, start, end graph.DateTime, participants *graph.MeetingParticipants) (time.Time, time.Time, []graph.MeetingParticipantInfo, bool) {
	from, to, err := defaultTimes(start, end, time.Now())
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
	m.ExpiryDateTime = graphTime(m.EndDateTime.Time().Add(60 * 24 * time.Hour))
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
	sm, ok := s.meetings[r.PathValue("id")]
	if ok && sm.userID == c.userID {
		delete(s.meetings, sm.meeting.ID)
		delete(s.byKey, meetingKey{sm.userID, deref(sm.meeting.ExternalID)})
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

func (s *Server) lookup(userID, id string) (graph.OnlineMeeting, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sm, ok := s.meetings[id]
	if !ok || sm.userID != userID {
		return graph.OnlineMeeting{}, false
	}
	return clone(sm.meeting), true
}

// newMeeting fills in what Graph generates, and the tenant's defaults for
// settings createOrGet cannot take. passcodeRequired nil means the tenant's
// policy.
func (s *Server) newMeeting(userID, externalID string, subject *string, start, end time.Time, attendees []graph.MeetingParticipantInfo, passcodeRequired *bool) graph.OnlineMeeting {
	now := time.Now()
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
		ExpiryDateTime:   graphTime(end.Add(60 * 24 * time.Hour)),
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
		m.MeetingSettings.MeetingSpokenLanguageTag, m.MeetingSettings.WatermarkProtection = nil, nil
	}
	return m
}

// writeMeeting answers with a meeting as Graph shows it.
func (s *Server) writeMeeting(w http.ResponseWriter, r *http.Request, c *call, status int, m graph.OnlineMeeting) {
	body := s.encodeMeeting(c, m)
	var withContext map[string]json.RawMessage
	_ = json.Unmarshal(body, &withContext)
	withContext["@odata.context"], _ = json.Marshal(s.graphBase(r) + "/$metadata#users('" + c.userID + "')/onlineMeetings/$entity")
	writeJSON(w, status, withContext)
}

// encodeMeeting applies the presentation rules that depend on the request:
// evolvable enum members, attendee order and the language of the join
// information.
func (s *Server) encodeMeeting(c *call, m graph.OnlineMeeting) json.RawMessage {
	s.mu.Lock()
	reverse, resolve := s.faults.ReverseAttendees, s.faults.ResolveAttendeeUPNs
	s.mu.Unlock()
	if m.Participants != nil {
		if reverse {
			slices.Reverse(m.Participants.Attendees)
		}
		for i, a := range m.Participants.Attendees {
			if resolve && a.UPN == "" && len(a.UserID()) >= 8 {
				m.Participants.Attendees[i].UPN = "user-" + a.UserID()[:8] + "@contoso.example"
			}
		}
		if !c.prefer {
			for i := range m.Participants.Attendees {
				if r := m.Participants.Attendees[i].Role; r != nil {
					m.Participants.Attendees[i].Role = graph.Ptr(graph.OnlineMeetingRole(s.hideNewMember("onlineMeetingRole", string(*r))))
				}
			}
		}
	}
	m.JoinInformation = joinInformation(c.language, m)
	if !c.prefer && m.LobbyBypassSettings != nil && m.LobbyBypassSettings.Scope != nil {
		m.LobbyBypassSettings.Scope = graph.Ptr(graph.LobbyBypassScope(s.hideNewMember("lobbyBypassScope", string(*m.LobbyBypassSettings.Scope))))
	}
	b, _ := json.Marshal(m)
	return b
}

// hideNewMember is what Graph does without Prefer: include-unknown-enum-members.
func (s *Server) hideNewMember(enumName, v string) string {
	if slices.Contains(s.rules.enums[enumName].afterSentinel, v) {
		return "unknownFutureValue"
	}
	return v
}

func (s *Server) graphBase(r *http.Request) string { return "http://" + r.Host + "/v1.0" }

// graphTime writes t as Graph does: UTC, "Z", up to seven fractional
// digits with trailing zeros trimmed.
func graphTime(t time.Time) graph.DateTime {
	d, _ := graph.ParseDateTime(t.UTC().Format("2006-01-02T15:04:05.9999999Z"))
	return d
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
