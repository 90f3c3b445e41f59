package graphmock

// A series' instances, GET /users/{id}/events/{id}/instances
// ?startDateTime=…&endDateTime=…: the occurrences and exceptions of a
// series master in a time window, "excludes cancelled occurrences" (§1.2;
// Config.InstancesListCancelled lists them), in start order, paged as the
// events list is (events_list.go), with $select and Prefer:
// outlook.timezone as for one event.

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// windowPattern is an ISO 8601 date and time, as the instances page asks
// for ("2015-11-08T19:00:00.0000000"): seconds and up to seven fractional
// digits optional, with an offset or Z, or without one.
var windowPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?$`)

// queryValue returns a query parameter by its name in any case: Graph's
// own message spells them StartDateTime and EndDateTime.
func queryValue(v url.Values, name string) (string, bool) {
	for k, values := range v {
		if strings.EqualFold(k, name) && len(values) > 0 {
			return values[0], true
		}
	}
	return "", false
}

// readWindow reads startDateTime and endDateTime, both required. The
// instances page does not say how a value without an offset is read; the
// calendarView page says it is UTC, and is not affected by Prefer:
// outlook.timezone: so the mock reads it. Graph's codes for a missing or
// bad parameter are undocumented: ErrorInvalidParameter names the case.
func readWindow(v url.Values) (from, to time.Time, eerr *eventError) {
	read := func(name string) (time.Time, *eventError) {
		text, ok := queryValue(v, name)
		if !ok || text == "" {
			return time.Time{}, badRequest("ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.")
		}
		if !windowPattern.MatchString(text) {
			return time.Time{}, badRequest("ErrorInvalidParameter", "The value '%s' of the parameter '%s' is not an ISO 8601 date and time.", text, name)
		}
		if len(text) == len("2006-01-02T15:04") || text[16] != ':' {
			text = text[:16] + ":00" + text[16:]
		}
		if !strings.HasSuffix(text, "Z") && !strings.ContainsAny(text[19:], "+-") {
			text += "Z"
		}
		t, err := time.Parse(time.RFC3339Nano, text)
		if err != nil {
			return time.Time{}, badRequest("ErrorInvalidParameter", "The value '%s' of the parameter '%s' is not a valid date and time.", text, name)
		}
		return t, nil
	}
	if from, eerr = read("startDateTime"); eerr != nil {
		return from, to, eerr
	}
	if to, eerr = read("endDateTime"); eerr != nil {
		return from, to, eerr
	}
	if to.Before(from) {
		return from, to, badRequest("ErrorInvalidParameter", "The time window's EndDateTime is before its StartDateTime.")
	}
	return from, to, nil
}

// handleEventInstances answers one page of a series' instances.
func (s *Server) handleEventInstances(w http.ResponseWriter, r *http.Request, c *call) {
	p, eerr := s.presentation(r, "$select", "$top", "$skiptoken")
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	v := r.URL.Query()
	from, to, eerr := readWindow(v)
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	id := r.PathValue("id")
	start, _ := queryValue(v, "startDateTime")
	end, _ := queryValue(v, "endDateTime")
	scope := []string{id, start, end, v.Get("$select")}
	pg, eerr := readPaging(r, "instances", c.userID, scope)
	if eerr != nil {
		eerr.write(w, c)
		return
	}

	s.mu.Lock()
	m, date, eerr := s.lookupTarget(c.userID, id)
	if eerr == nil && (date != "" || m.recurrence == nil) {
		// Undocumented: what Graph answers for an event that is not a
		// series master.
		eerr = badRequest("ErrorInvalidRequest", "The event is not the master of a recurring series: it has no instances.")
	}
	var found []*storedEvent
	if eerr == nil {
		found, eerr = s.instances(m, from, to)
	}
	if eerr != nil {
		s.mu.Unlock()
		eerr.write(w, c)
		return
	}
	first, last := pg.page(len(found))
	values := make([]any, 0, last-first)
	for _, o := range found[first:last] {
		values = append(values, encodeEvent(s.render(o, p), p))
	}
	s.mu.Unlock()
	s.writePage(w, r, p, pg, "users('"+c.userID+"')/events('"+url.QueryEscape(m.id)+"')/instances", values, last < len(found), c.userID, scope)
}

// instances are the occurrences and exceptions of m that overlap the
// window (start before its end, end after its start), in start order; a
// series without an end is expanded only as far as the window needs.
// s.mu must be held.
func (s *Server) instances(m *storedEvent, from, to time.Time) ([]*storedEvent, *eventError) {
	dates, eerr := seriesDates(m, to.In(seriesLocation(m)).Format(dateLayout))
	if eerr != nil {
		return nil, eerr
	}
	// An exception moved into the window from a later date.
	for date, ed := range m.edits {
		if ed.moved && (len(dates) == 0 || date > dates[len(dates)-1]) {
			dates = append(dates, date)
		}
	}
	var found []*storedEvent
	for _, date := range dates {
		ed := m.edits[date]
		lagging := ed.cancelled && time.Since(ed.cancelledAt) < s.faults.CancelledOccurrenceListedFor
		if ed.cancelled && !lagging && !s.cfg.InstancesListCancelled {
			continue
		}
		start, end := patternTimes(m, date)
		if ed.moved {
			start, end = ed.start, ed.end
		}
		if start.Before(to) && end.After(from) {
			o := s.occurrenceOf(m, date)
			o.cancelled = o.cancelled && !lagging
			found = append(found, o)
		}
	}
	sortOccurrences(found)
	return found, nil
}
