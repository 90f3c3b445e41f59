package graphmock

// Calendar events, /users/{id | UPN}/events, as Exchange serves them
// through Graph v1.0. References in comments are to the sections of
// graph-calendar-events.md (the project's Graph reference for events).
//
// Error codes are Exchange's (EWS response codes, which the Outlook REST
// back end returns): the reference cites ErrorItemNotFound,
// ErrorInvalidIdMalformed, ErrorAccessDenied, TimeZoneNotSupportedException
// and ApplicationThrottled (§9.2); for the other refusals the code Graph
// uses is undocumented and the mock picks the EWS code that names the case.
//
// This file holds the mailbox a path names and the routes with their store
// operations; the rest is in events_wire.go (the JSON shapes and their
// checks), events_stored.go (the event as kept, and applyEvent),
// events_recurrence.go, events_body.go (bodies and the Teams join block),
// events_meeting.go (the onlineMeeting behind an event),
// events_presentation.go (Prefer, $expand, $select and rendering),
// events_list.go and events_list_filter.go (the list, its paging and its
// $filter), events_received.go (invitations from other organizers,
// cancelled meetings), events_occurrences.go (a series' occurrences: GET,
// PATCH, cancel and DELETE of one, by its id, which the routes here hand
// on; the master's cancelled and exception occurrences) and
// events_instances.go (a series' instances in a time window).

import (
	"cmp"
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// mailboxConcurrency is Outlook's limit of concurrent requests per app and
// mailbox (§9.3).
const mailboxConcurrency = 4

// serveMailbox serves an event request for the mailbox the path names: an
// object id (any case; an id the directory does not list is a mailbox
// too) or a UPN of Config.Users (any case). The fifth concurrent request
// to one mailbox gets 429 ApplicationThrottled (§9.4, I2); the Latency
// fault is spent holding the slot, so that overlapping requests are
// observable.
func (s *Server) serveMailbox(w http.ResponseWriter, r *http.Request, c *call, user string, h func(http.ResponseWriter, *http.Request, *call)) {
	id, ok := s.resolveMailbox(user)
	if !ok {
		writeError(w, http.StatusNotFound, "ErrorInvalidUser", "The requested user '"+user+"' is invalid.", c.requestID)
		return
	}
	c.userID = id
	address, _ := s.mailboxAddress(id)
	if s.noMailbox(id, address) {
		// No Exchange Online mailbox: a guest, an unlicensed or an
		// on-premises user (I5).
		writeError(w, http.StatusNotFound, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.", c.requestID)
		return
	}
	if !c.delegated && (s.denied(id) || s.denied(address)) {
		// An Exchange application access policy's refusal (§9.5).
		writeError(w, http.StatusForbidden, "ErrorAccessDenied", "Access to OData is disabled.", c.requestID)
		return
	}
	s.mu.Lock()
	if s.inFlight[id] >= mailboxConcurrency {
		s.mailbox429++
		retryAfter := s.faults.MailboxConcurrencyRetryAfter
		s.mu.Unlock()
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		writeError(w, http.StatusTooManyRequests, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", c.requestID)
		return
	}
	s.inFlight[id]++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight[id]--
		s.mu.Unlock()
	}()
	s.sleep(r)
	h(w, r, c)
}

// noMailbox tells whether a user has no mailbox Graph can reach.
func (s *Server) noMailbox(ids ...string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.ContainsFunc(s.faults.NoMailboxUsers, func(u string) bool {
		return slices.ContainsFunc(ids, func(id string) bool { return strings.EqualFold(u, id) })
	})
}

// resolveMailbox returns the lower-case object id of the mailbox that a
// path's {user} names.
func (s *Server) resolveMailbox(user string) (string, bool) {
	if isGUID(user) {
		return strings.ToLower(user), true
	}
	if u, ok := s.users[strings.ToLower(user)]; ok {
		return strings.ToLower(u.ID), true
	}
	return "", false
}

// mailboxAddress returns the SMTP address and display name of a mailbox.
func (s *Server) mailboxAddress(id string) (string, string) {
	if u, ok := s.users[id]; ok {
		return u.UPN, cmp.Or(u.DisplayName, u.UPN)
	}
	return id + "@contoso.example", id + "@contoso.example"
}

// eventIDPattern is the alphabet of Exchange's REST and immutable ids; an
// id outside it (say, percent-encoded twice) is malformed (§3.4, I4).
var eventIDPattern = regexp.MustCompile(`^[A-Za-z0-9+/=_-]+$`)

// lookupEvent finds a mailbox's event. s.mu must be held.
func (s *Server) lookupEvent(mailbox, id string) (*storedEvent, *eventError) {
	if !eventIDPattern.MatchString(id) {
		return nil, badRequest("ErrorInvalidIdMalformed", "Id is malformed.")
	}
	e, ok := s.events[id]
	if !ok || e.mailbox != mailbox {
		return nil, errItemNotFound()
	}
	return e, nil
}

// storeEvent keeps a new event. s.mu must be held.
func (s *Server) storeEvent(e *storedEvent) {
	s.events[e.id] = e
	if e.transactionID != nil {
		if _, taken := s.byTxn[txnKey{e.mailbox, *e.transactionID}]; !taken {
			s.byTxn[txnKey{e.mailbox, *e.transactionID}] = e.id
		}
	}
}

// removeEvent deletes an event and its Teams meeting (what Graph does to
// the meeting is undocumented, §6); a deleted event frees its
// transactionId. s.mu must be held.
func (s *Server) removeEvent(e *storedEvent) {
	delete(s.events, e.id)
	delete(s.meetings, e.meetingID)
	if e.transactionID != nil && s.byTxn[txnKey{e.mailbox, *e.transactionID}] == e.id {
		delete(s.byTxn, txnKey{e.mailbox, *e.transactionID})
	}
}

// createEvent builds, checks and stores a new event; id "" is a fresh
// one. s.mu must be held.
func (s *Server) createEvent(mailbox, id string, in *eventInput, present map[string]bool, mode eventMode) (*storedEvent, *eventError) {
	e := s.newStoredEvent(mailbox, time.Now())
	if id != "" {
		e.id = id
	}
	// applyEvent changes meetings only once everything else passed.
	if err := s.applyEvent(e, in, present, mode); err != nil {
		return nil, err
	}
	s.storeEvent(e)
	return e, nil
}

// decodeEventRequest reads a create (or PATCH) request: its body, then
// what it asks of the answer. On a refusal it has answered, and ok is
// false.
func (s *Server) decodeEventRequest(w http.ResponseWriter, r *http.Request, c *call, create bool) (in *eventInput, present map[string]bool, p presentation, ok bool) {
	in, present, eerr := decodeEvent(c.body, create)
	if eerr == nil {
		p, eerr = s.presentation(r)
	}
	if eerr != nil {
		eerr.write(w, c)
		return nil, nil, p, false
	}
	return in, present, p, true
}

// handleEventCreate is POST /users/{id}/events: 201 with the event (§2.2).
// With EventTransactionDedup, a transactionId already used in the mailbox
// answers the existing event and creates nothing (undocumented, §2.4).
func (s *Server) handleEventCreate(w http.ResponseWriter, r *http.Request, c *call) {
	in, present, p, ok := s.decodeEventRequest(w, r, c, true)
	if !ok {
		return
	}
	s.mu.Lock()
	if s.cfg.EventTransactionDedup && in.TransactionID != nil {
		if id, ok := s.byTxn[txnKey{c.userID, *in.TransactionID}]; ok {
			ev := s.render(s.events[id], p)
			s.mu.Unlock()
			s.writeEvent(w, r, c, http.StatusCreated, p, ev)
			return
		}
	}
	e, eerr := s.createEvent(c.userID, "", in, present, modeCreate)
	if eerr != nil {
		s.mu.Unlock()
		eerr.write(w, c)
		return
	}
	s.mailCreate(e)
	s.newEvents++
	drop := s.faults.DropEventCreateEvery > 0 && s.newEvents%s.faults.DropEventCreateEvery == 0
	ev := s.render(e, p)
	s.mu.Unlock()

	if drop {
		dropConnection(w)
		return
	}
	s.writeEvent(w, r, c, http.StatusCreated, p, ev)
}

func (s *Server) handleEventGet(w http.ResponseWriter, r *http.Request, c *call) {
	p, eerr := s.presentation(r, "$expand", "$select")
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	s.mu.Lock()
	e, date, eerr := s.lookupTarget(c.userID, r.PathValue("id"))
	if eerr != nil {
		s.mu.Unlock()
		eerr.write(w, c)
		return
	}
	var ev wireEvent
	if date != "" {
		ev = s.render(s.occurrenceOf(e, date), p)
	} else {
		ev = s.render(e, p)
		s.seriesMembers(&ev, e, p)
	}
	s.mu.Unlock()
	s.writeEvent(w, r, c, http.StatusOK, p, ev)
}

// eventFilterPattern is the key lookup's $filter (§4.1): by a single-value
// extended property's id (exact) and value (any case).
var eventFilterPattern = regexp.MustCompile(`^singleValueExtendedProperties/(?i:any)\(\s*(\w+)\s*:\s*(\w+)/id\s+eq\s+'((?:[^']|'')*)'\s+and\s+(\w+)/value\s+eq\s+'((?:[^']|'')*)'\s*\)$`)

// handleEventFind is the key lookup: the GETs of the events collection
// whose $filter names singleValueExtendedProperties (the others are the
// list, events_list.go). It answers the events the extended-property
// $filter matches, oldest first, without paging; matches leave the
// property out unless $expand asks for it. Any other form of that $filter
// is refused.
func (s *Server) handleEventFind(w http.ResponseWriter, r *http.Request, c *call) {
	p, eerr := s.presentation(r, "$filter", "$expand", "$select", "$top")
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	q := r.URL.Query()
	var propID, propValue *string
	if f := strings.TrimSpace(q.Get("$filter")); f != "" {
		m := eventFilterPattern.FindStringSubmatch(f)
		if m == nil || m[2] != m[1] || m[4] != m[1] {
			writeError(w, http.StatusBadRequest, "ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.", c.requestID)
			return
		}
		id, value := strings.ReplaceAll(m[3], "''", "'"), strings.ReplaceAll(m[5], "''", "'")
		propID, propValue = &id, &value
	}
	top := -1
	if v := q.Get("$top"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, "BadRequest", "Invalid $top value '"+v+"'.", c.requestID)
			return
		}
		top = n
	}

	s.mu.Lock()
	delay := s.faults.EventFilterDelay
	var found []*storedEvent
	for _, e := range s.events {
		if e.mailbox != c.userID {
			continue
		}
		if propID != nil {
			value, ok := extendedValue(e.extended, *propID)
			if !ok || !strings.EqualFold(value, *propValue) || time.Since(e.indexed) < delay {
				continue
			}
		}
		found = append(found, e)
	}
	slices.SortFunc(found, func(a, b *storedEvent) int { return a.created.Compare(b.created) })
	if top >= 0 && len(found) > top {
		found = found[:top]
	}
	values := make([]any, 0, len(found))
	for _, e := range found {
		values = append(values, encodeEvent(s.render(e, p), p))
	}
	s.mu.Unlock()

	if p.applied {
		w.Header().Set("Preference-Applied", `outlook.timezone="`+p.zone+`"`)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"@odata.context": s.graphBase(r) + "/$metadata#users('" + c.userID + "')/events",
		"value":          values,
	})
}

func extendedValue(props []singleValueLegacyExtendedProperty, id string) (string, bool) {
	for _, p := range props {
		if p.ID == id {
			return p.Value, true
		}
	}
	return "", false
}

// handleEventPatch is a partial update (§5.1): 200 with the whole event.
// attendees replaces the list (§5.3).
func (s *Server) handleEventPatch(w http.ResponseWriter, r *http.Request, c *call) {
	in, present, p, ok := s.decodeEventRequest(w, r, c, false)
	if !ok {
		return
	}
	s.mu.Lock()
	ev, eerr := s.patchEvent(c.userID, r.PathValue("id"), in, present, p)
	s.mu.Unlock()
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	s.writeEvent(w, r, c, http.StatusOK, p, ev)
}

// patchEvent applies a PATCH, of an event or of one occurrence of a
// series, and mails about it. s.mu must be held.
func (s *Server) patchEvent(mailbox, id string, in *eventInput, present map[string]bool, p presentation) (wireEvent, *eventError) {
	old, date, eerr := s.lookupTarget(mailbox, id)
	if eerr != nil {
		return wireEvent{}, eerr
	}
	if date != "" {
		o, eerr := s.patchOccurrence(old, date, in, present)
		if eerr != nil {
			return wireEvent{}, eerr
		}
		return s.render(o, p), nil
	}
	if len(present) == 0 {
		return s.render(old, p), nil
	}
	e := old.clone()
	// applyEvent changes meetings only once everything else passed.
	if eerr := s.applyEvent(e, in, present, modePatch); eerr != nil {
		return wireEvent{}, eerr
	}
	if eerr := s.reshapeSeries(old, e); eerr != nil {
		return wireEvent{}, eerr
	}
	e.changeKey, e.modified = newChangeKey(), time.Now()
	s.events[e.id] = e
	s.syncMeeting(e)
	if e.organizer == nil { // an attendee's changes to its copy mail no one
		s.mailExceptions(e, s.mailPatch(old, e, present))
	}
	return s.render(e, p), nil
}

// handleEventDelete is DELETE: 204, and a cancellation to every attendee
// (§6). An attendee deleting its copy mails no one (undocumented). The
// DELETE of one occurrence cancels that occurrence alone.
func (s *Server) handleEventDelete(w http.ResponseWriter, r *http.Request, c *call) {
	drop := false
	s.mu.Lock()
	e, date, eerr := s.lookupTarget(c.userID, r.PathValue("id"))
	switch {
	case eerr != nil:
	case date != "":
		s.cancelOccurrence(e, date, "")
		drop = s.occurrenceCancelDropped()
	default:
		s.removeEvent(e)
		if e.organizer == nil {
			s.mailCancel(e, "")
		}
	}
	s.mu.Unlock()
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	if drop {
		dropConnection(w)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleEventCancel is the cancel action (§6): an optional Comment (the
// CSDL's spelling; the docs also write "comment", and both are taken),
// 202 without a body; the event leaves the calendar (to Deleted Items,
// which the mock does not keep). Only the organizer may cancel: the
// documented refusal has no documented code (§6). "The organizer can also
// cancel an occurrence of a recurring meeting by providing the occurrence
// event ID" (§6): that occurrence alone.
func (s *Server) handleEventCancel(w http.ResponseWriter, r *http.Request, c *call) {
	comment := ""
	if len(strings.TrimSpace(string(c.body))) > 0 {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(c.body, &raw); err != nil || raw == nil {
			writeError(w, http.StatusBadRequest, "RequestBodyRead", "Invalid JSON. A JSON object was expected.", c.requestID)
			return
		}
		for _, k := range slices.Sorted(maps.Keys(raw)) {
			if k != "Comment" && k != "comment" {
				writeError(w, http.StatusBadRequest, "RequestBodyRead", "The parameter '"+k+"' in the request payload is not a valid parameter for the operation 'cancel'.", c.requestID)
				return
			}
			if err := json.Unmarshal(raw[k], &comment); err != nil {
				writeError(w, http.StatusBadRequest, "RequestBodyRead", "The parameter 'Comment' must be a string.", c.requestID)
				return
			}
		}
	}
	drop := false
	s.mu.Lock()
	e, date, eerr := s.lookupTarget(c.userID, r.PathValue("id"))
	if eerr == nil && e.organizer != nil {
		eerr = badRequest("ErrorInvalidRequest", "Your request can't be completed. You need to be an organizer to cancel a meeting.")
	}
	switch {
	case eerr != nil:
	case date != "":
		s.cancelOccurrence(e, date, comment)
		drop = s.occurrenceCancelDropped()
	default:
		s.removeEvent(e)
		s.mailCancel(e, comment)
	}
	s.mu.Unlock()
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	if drop {
		dropConnection(w)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
