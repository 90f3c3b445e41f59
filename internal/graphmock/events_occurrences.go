package graphmock

// The occurrences of a recurring series. The store keeps the series master
// only, with what was done to single occurrences (occurrenceEdit, by the
// occurrence's original date); an occurrence is built from its master when
// it is asked for (occurrenceOf), by the series' pattern in the series'
// zone (the master's start zone) through internal/recurrence. Here: the
// ids, times and lookup of occurrences, PATCH, cancel and DELETE of one
// occurrence and their boundary rule (§5.4), what a PATCH of the master
// does to them, the master's cancelledOccurrences and exceptionOccurrences
// (§1.2, §3.2), and Outlook's own moves and cancellations of one
// occurrence. The instances listing is events_instances.go.

import (
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/recurrence"
	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

// occurrenceEdit is what was done to one occurrence of a series: cancelled,
// or made an exception by a PATCH (moved, or with its own subject, body or
// location). Its pointers are never written through: an edit is replaced.
type occurrenceEdit struct {
	cancelled bool
	// cancelledAt is when it was cancelled (Faults.CancelledOccurrenceListedFor).
	cancelledAt time.Time
	moved       bool
	start, end  time.Time // when moved
	subject     *string
	bodyInner   *string
	location    *location
	changeKey   string
	modified    time.Time
}

// exception tells whether the edit makes its occurrence an exception: a
// cancellation alone leaves it an occurrence (isCancelled).
func (ed occurrenceEdit) exception() bool {
	return ed.moved || ed.subject != nil || ed.bodyInner != nil || ed.location != nil
}

// occurrenceRef is what an occurrence id names: a date of a master's
// series as it was when the id was made.
type occurrenceRef struct{ master, gen, date string }

// occurrenceProperties are the properties a PATCH of an occurrence may
// carry in the mock: what the provider writes (start, end, location) and
// subject and body. Graph takes more; the mock does not model them.
var occurrenceProperties = []string{"subject", "body", "start", "end", "location"}

// seriesLocation is the series' zone: that of the master's start.
func seriesLocation(m *storedEvent) *time.Location {
	loc, err := timezone.Load(m.startZone)
	if err != nil {
		return time.UTC // the master's writes checked its zone
	}
	return loc
}

// seriesDates returns the series' occurrence dates up to until (inclusive,
// in the series' zone), cancelled ones included.
func seriesDates(m *storedEvent, until string) ([]string, *eventError) {
	p, r := m.recurrence.Pattern, m.recurrence.Range
	dates, err := recurrence.Dates(
		recurrence.Pattern{Type: p.Type, Interval: p.Interval, DaysOfWeek: p.DaysOfWeek, DayOfMonth: p.DayOfMonth, Month: p.Month, Index: p.Index, FirstDayOfWeek: p.FirstDayOfWeek},
		recurrence.Range{Type: r.Type, StartDate: r.StartDate, EndDate: r.EndDate, NumberOfOccurrences: r.NumberOfOccurrences},
		until)
	if err != nil {
		// normaliseRecurrence let through a pattern the expansion refuses.
		return nil, &eventError{http.StatusInternalServerError, "ErrorInternalServerError", "The mock cannot expand the series: " + err.Error()}
	}
	return dates, nil
}

// boundAfter is a date by which the series has its next occurrence after
// date, if it has one: the expansion of a series without an end must stop
// somewhere. Yearly patterns on 29 February recur only in leap years.
func boundAfter(m *storedEvent, date string) string {
	d, _ := time.Parse(dateLayout, date)
	n := m.recurrence.Pattern.Interval
	days := 0
	switch m.recurrence.Pattern.Type {
	case "daily":
		days = n + 1
	case "weekly":
		days = 7*n + 7
	case "absoluteMonthly", "relativeMonthly":
		days = 62*n + 31
	default:
		days = 366 * 8 * n
	}
	return d.AddDate(0, 0, days).Format(dateLayout)
}

// isOccurrence tells whether the series has an occurrence on date.
func isOccurrence(m *storedEvent, date string) (bool, *eventError) {
	if _, err := time.Parse(dateLayout, date); err != nil || m.recurrence == nil {
		return false, nil
	}
	dates, eerr := seriesDates(m, date)
	return len(dates) > 0 && dates[len(dates)-1] == date, eerr
}

// patternTimes are the start and end the pattern gives the occurrence on
// date: the master's wall-clock times in the series' zone on that date, so
// that a series keeps its hours across a change of daylight saving time.
func patternTimes(m *storedEvent, date string) (start, end time.Time) {
	loc := seriesLocation(m)
	d, _ := time.ParseInLocation(dateLayout, date, loc)
	s, e := m.start.In(loc), m.end.In(loc)
	civil := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	days := int(civil(e).Sub(civil(s)).Hours() / 24)
	ed := d.AddDate(0, 0, days)
	start = time.Date(d.Year(), d.Month(), d.Day(), s.Hour(), s.Minute(), s.Second(), s.Nanosecond(), loc)
	end = time.Date(ed.Year(), ed.Month(), ed.Day(), e.Hour(), e.Minute(), e.Second(), e.Nanosecond(), loc)
	return start, end
}

// occurrenceID returns the id of the occurrence of m on date and remembers
// what it names. Like Exchange's it is opaque: a hash, from which a client
// cannot read the date; the same while the series' times and pattern stay
// (seriesGen; a change of the range's end alone keeps it), another after
// they change. It has a "/" and a "+", as the mock's other ids do, so that
// a client that does not percent-encode it fails every time. s.mu must be
// held.
func (s *Server) occurrenceID(m *storedEvent, date string) string {
	for i := 0; ; i++ {
		sum := sha512.Sum512([]byte(m.id + "\x00" + m.seriesGen + "\x00" + date + "\x00" + strconv.Itoa(i)))
		id := base64.StdEncoding.EncodeToString(append([]byte{0x00, 0x03, 0x24, 0x00}, sum[:]...))
		if strings.Contains(id, "/") && strings.Contains(id, "+") {
			s.occurrenceIDs[id] = occurrenceRef{master: m.id, gen: m.seriesGen, date: date}
			return id
		}
	}
}

// occurrenceICalUID is the master's global object id with the occurrence's
// date in its instance-date bytes, as Outlook's are: "This ID is different
// for each occurrence in a recurring series" (§1.2).
func occurrenceICalUID(master, date string) string {
	d, err := time.Parse(dateLayout, date)
	if err != nil || len(master) < 40 {
		return master
	}
	return master[:32] + fmt.Sprintf("%04X%02X%02X", d.Year(), int(d.Month()), d.Day()) + master[40:]
}

// occurrenceOf builds the occurrence of m on date (which must be one) as
// Graph answers it: the master's properties, its own id, times and
// iCalUId, recurrence null, and what was done to it. s.mu must be held.
func (s *Server) occurrenceOf(m *storedEvent, date string) *storedEvent {
	o := m.clone()
	o.id = s.occurrenceID(m, date)
	o.iCalUID = occurrenceICalUID(m.iCalUID, date)
	o.recurrence, o.edits = nil, nil
	o.start, o.end = patternTimes(m, date)
	o.seriesMasterID, o.occurrenceDate, o.originalStart = m.id, date, o.start
	ed, ok := m.edits[date]
	if !ok {
		return o
	}
	o.cancelled = o.cancelled || ed.cancelled
	o.exception = ed.exception()
	o.changeKey, o.modified = ed.changeKey, ed.modified
	if ed.moved {
		o.start, o.end = ed.start, ed.end
	}
	if ed.subject != nil {
		o.subject = *ed.subject
	}
	if ed.bodyInner != nil {
		o.bodyInner = *ed.bodyInner
	}
	if ed.location != nil {
		o.location = *ed.location
	}
	return o
}

// lookupTarget finds what an event id names in a mailbox: a stored event
// (date "") or the occurrence on date of a stored series master. An
// occurrence id of an older state of its series, of a cancelled
// occurrence, or of a date that its series' range no longer reaches, is
// not found. s.mu must be held.
func (s *Server) lookupTarget(mailbox, id string) (*storedEvent, string, *eventError) {
	ref, ok := s.occurrenceIDs[id]
	if !ok {
		e, eerr := s.lookupEvent(mailbox, id)
		return e, "", eerr
	}
	m, ok := s.events[ref.master]
	if !ok || m.mailbox != mailbox || m.recurrence == nil || m.seriesGen != ref.gen || m.edits[ref.date].cancelled {
		return nil, "", errItemNotFound()
	}
	// A change of the range's end keeps the ids (reshapeSeries): those
	// beyond the new end name nothing.
	held, eerr := isOccurrence(m, ref.date)
	switch {
	case eerr != nil:
		return nil, "", eerr
	case !held:
		return nil, "", errItemNotFound()
	}
	return m, ref.date, nil
}

// withEdit stores a copy of the master with date's edit replaced, and
// returns it. The master's own changeKey stays: whether Graph changes it
// is undocumented. s.mu must be held.
func (s *Server) withEdit(m *storedEvent, date string, ed occurrenceEdit) *storedEvent {
	ed.changeKey, ed.modified = newChangeKey(), time.Now()
	nm := m.clone()
	if nm.edits == nil {
		nm.edits = map[string]occurrenceEdit{}
	}
	nm.edits[date] = ed
	s.events[nm.id] = nm
	return nm
}

// patchOccurrence applies a PATCH to the occurrence of m on date, which
// makes it an exception, and mails each attendee of the series an update
// for that occurrence. s.mu must be held.
func (s *Server) patchOccurrence(m *storedEvent, date string, in *eventInput, present map[string]bool) (*storedEvent, *eventError) {
	for _, k := range slices.Sorted(maps.Keys(present)) {
		switch {
		case slices.Contains(occurrenceProperties, k):
		case k == "recurrence":
			// Undocumented code: an occurrence belongs to its series.
			return nil, badRequest("ErrorInvalidRequest", "An occurrence of a series cannot have a recurrence of its own: PATCH the series master.")
		default:
			return nil, badRequest("NotModelledByMock", "Graph takes the event property '%s' on an occurrence, but the mock models only %s there.", k, strings.Join(occurrenceProperties, ", "))
		}
	}
	o := s.occurrenceOf(m, date)
	if len(present) == 0 {
		return o, nil
	}
	// Out of band as far as the Teams meeting goes: an occurrence shares
	// the series' meeting, and its body does not make a new one.
	if eerr := s.applyEvent(o, in, present, modeOutOfBand); eerr != nil {
		return nil, eerr
	}
	ed := m.edits[date]
	if present["start"] || present["end"] {
		if eerr := checkBoundary(m, date, o.start); eerr != nil {
			return nil, eerr
		}
		ed.moved, ed.start, ed.end = true, o.start, o.end
	}
	if present["subject"] {
		ed.subject = &o.subject
	}
	if present["body"] {
		ed.bodyInner = &o.bodyInner
	}
	if present["location"] {
		ed.location = &o.location
	}
	o = s.occurrenceOf(s.withEdit(m, date, ed), date)
	if m.organizer == nil { // an attendee's changes to its copy mail no one
		s.mailOccurrence(MailUpdate, o, "")
	}
	return o, nil
}

// checkBoundary is Exchange's rule for moving an occurrence (§5.4): "an
// occurrence cannot be moved to or before the day of the previous
// occurrence, and cannot be moved to or after the day of the following
// occurrence". The neighbours are the pattern's (cancelled ones too), each
// on its current day: the moved one's, for an exception.
func checkBoundary(m *storedEvent, date string, start time.Time) *eventError {
	dates, eerr := seriesDates(m, boundAfter(m, date))
	if eerr != nil {
		return eerr
	}
	loc := seriesLocation(m)
	current := func(d string) string {
		if ed := m.edits[d]; ed.moved {
			return ed.start.In(loc).Format(dateLayout)
		}
		return d
	}
	previous, next := recurrence.Neighbours(dates, date)
	day := start.In(loc).Format(dateLayout)
	if previous != "" && day <= current(previous) || next != "" && day >= current(next) {
		return badRequest("ErrorOccurrenceCrossingBoundary", "Modified occurrence is crossing or overlapping adjacent occurrence.")
	}
	return nil
}

// cancelOccurrence cancels the occurrence of m on date and mails each
// attendee of the series a cancellation for it, with the comment. s.mu
// must be held.
func (s *Server) cancelOccurrence(m *storedEvent, date, comment string) {
	o := s.occurrenceOf(m, date)
	ed := m.edits[date]
	ed.cancelled, ed.cancelledAt = true, time.Now()
	s.withEdit(m, date, ed)
	if m.organizer == nil {
		s.mailOccurrence(MailCancellation, o, comment)
	}
}

// occurrenceCancelDropped counts a request's cancel of one occurrence and
// tells whether DropOccurrenceCancelEvery drops its answer. s.mu must be
// held.
func (s *Server) occurrenceCancelDropped() bool {
	s.occurrenceCancels++
	n := s.faults.DropOccurrenceCancelEvery
	return n > 0 && s.occurrenceCancels%n == 0
}

// reshapeSeries applies to the occurrences a change that made e of the
// master old. A change of the range's end alone (its type, endDate or
// numberOfOccurrences; pattern, range startDate, times and zones as they
// were) keeps the ids of the occurrences the series still has; those
// beyond its end leave the series (lookupTarget no longer finds their
// ids). Any other change of the series' start, end, zones or recurrence
// gives every occurrence a new id. What either does to cancelled and
// moved occurrences is undocumented: Config.SeriesExceptions. s.mu must be
// held.
func (s *Server) reshapeSeries(old, e *storedEvent) *eventError {
	if e.recurrence == nil {
		e.edits = nil
		return nil
	}
	if old.recurrence != nil && old.start.Equal(e.start) && old.end.Equal(e.end) && old.startZone == e.startZone &&
		reflect.DeepEqual(old.recurrence, e.recurrence) {
		return nil
	}
	if !rangeEndOnly(old, e) {
		e.seriesGen = newChangeKey()
	}
	if s.cfg.SeriesExceptions == SeriesExceptionsDiscarded {
		e.edits = nil
		return nil
	}
	for _, date := range slices.Sorted(maps.Keys(e.edits)) {
		ok, eerr := isOccurrence(e, date)
		if eerr != nil {
			return eerr
		}
		if !ok {
			delete(e.edits, date)
		}
	}
	return nil
}

// rangeEndOnly tells whether e differs from old, both series masters, at
// most in where the recurrence's range ends: its type, endDate and
// numberOfOccurrences.
func rangeEndOnly(old, e *storedEvent) bool {
	if old.recurrence == nil || e.recurrence == nil || !old.start.Equal(e.start) || !old.end.Equal(e.end) ||
		old.startZone != e.startZone || old.endZone != e.endZone {
		return false
	}
	was, is := *old.recurrence, *e.recurrence
	was.Range.Type, was.Range.EndDate, was.Range.NumberOfOccurrences = is.Range.Type, is.Range.EndDate, is.Range.NumberOfOccurrences
	return reflect.DeepEqual(was, is)
}

// mailExceptions mails each of notified one update per exception of the
// series e: "one for the master series and one per instance that has been
// updated" (§5.2). s.mu must be held.
func (s *Server) mailExceptions(e *storedEvent, notified []attendee) {
	for _, date := range slices.Sorted(maps.Keys(e.edits)) {
		if ed := e.edits[date]; ed.exception() && !ed.cancelled {
			o := s.occurrenceOf(e, date)
			s.send(Mail{Kind: MailUpdate, EventID: e.id, Subject: o.subject, Occurrence: date}, e.mailbox, notified)
		}
	}
}

// seriesMembers adds to a GET of the series master e what it selects of
// cancelledOccurrences and (expanded) exceptionOccurrences: "Returned only
// on $select in a Get operation which specifies the ID … of a series
// master" (§1.2, §3.2); never otherwise. s.mu must be held.
func (s *Server) seriesMembers(w *wireEvent, e *storedEvent, p presentation) {
	if e.recurrence == nil {
		return
	}
	if p.selects("cancelledOccurrences") {
		// Graph's docs call these occurrenceId values and do not say what
		// they look like; Graph's beta shows OID.<master id>.<date>, which
		// the mock answers. Clients must not parse them.
		cancelled := []string{}
		for _, date := range slices.Sorted(maps.Keys(e.edits)) {
			if e.edits[date].cancelled {
				cancelled = append(cancelled, "OID."+e.id+"."+date)
			}
		}
		w.CancelledOccurrences = &cancelled
	}
	if p.selects("exceptionOccurrences") && p.expandExceptions {
		var found []*storedEvent
		for date, ed := range e.edits {
			if ed.exception() && !ed.cancelled {
				found = append(found, s.occurrenceOf(e, date))
			}
		}
		sortOccurrences(found)
		full := presentation{loc: p.loc, zone: p.zone}
		exceptions := make([]wireEvent, 0, len(found))
		for _, o := range found {
			exceptions = append(exceptions, s.render(o, full))
		}
		w.ExceptionOccurrences = &exceptions
	}
}

func sortOccurrences(found []*storedEvent) {
	slices.SortFunc(found, func(a, b *storedEvent) int {
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
		return strings.Compare(a.occurrenceDate, b.occurrenceDate)
	})
}

// seriesOccurrence finds the occurrence of a master on date for the
// out-of-band edits. s.mu must be held.
func (s *Server) seriesOccurrence(masterID, date string) (*storedEvent, error) {
	m, ok := s.events[masterID]
	if !ok || m.recurrence == nil {
		return nil, fmt.Errorf("graphmock: no series master %s", masterID)
	}
	ok, eerr := isOccurrence(m, date)
	switch {
	case eerr != nil:
		return nil, errors.New(eerr.message)
	case !ok:
		return nil, fmt.Errorf("graphmock: the series %s has no occurrence on %s", masterID, date)
	case m.edits[date].cancelled:
		return nil, fmt.Errorf("graphmock: the occurrence on %s of the series %s is cancelled", date, masterID)
	}
	return m, nil
}

// MoveOccurrence moves the occurrence of a series that the pattern puts on
// date (YYYY-MM-DD in the series' zone) to start and end, and to the
// location place unless it is "", as its organizer would in Outlook: the occurrence
// becomes an exception, and the attendees get the update a PATCH would
// send. The boundary rule holds as for a PATCH.
func (s *Server) MoveOccurrence(masterID, date string, start, end time.Time, place string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.seriesOccurrence(masterID, date)
	if err != nil {
		return err
	}
	loc := seriesLocation(m)
	in := &eventInput{
		Start: &dateTimeTimeZone{DateTime: start.In(loc).Format(wallClockLayout), TimeZone: m.startZone},
		End:   &dateTimeTimeZone{DateTime: end.In(loc).Format(wallClockLayout), TimeZone: m.startZone},
	}
	present := map[string]bool{"start": true, "end": true}
	if place != "" {
		in.Location, present["location"] = &location{DisplayName: place}, true
	}
	if _, eerr := s.patchOccurrence(m, date, in, present); eerr != nil {
		return fmt.Errorf("graphmock: MoveOccurrence: %s: %s", eerr.code, eerr.message)
	}
	return nil
}

// CancelOccurrence cancels the occurrence of a series that the pattern
// puts on date (YYYY-MM-DD in the series' zone), as its organizer would in
// Outlook: the attendees get the cancellation, with the comment, that the
// cancel action would send.
func (s *Server) CancelOccurrence(masterID, date, comment string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.seriesOccurrence(masterID, date)
	if err != nil {
		return err
	}
	s.cancelOccurrence(m, date, comment)
	return nil
}
