package graphmock

// Calendar events as the mock keeps them: storedEvent, its defaults and
// ids, and applyEvent, which checks a create or PATCH body and writes it
// onto an event (attendees here; recurrence, body and Teams meeting in
// their own files).

import (
	"cmp"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// storedEvent is an event as the mock keeps it.
type storedEvent struct {
	mailbox                 string // object id, lower-case
	id, iCalUID, changeKey  string
	transactionID           *string
	created, modified       time.Time
	indexed                 time.Time // extended properties last written
	subject                 string
	bodyInner               string // the HTML inside <body>, join block included
	start, end              time.Time
	startZone, endZone      string // as sent
	location                location
	attendees               []attendee
	recurrence              *patternedRecurrence
	importance, sensitivity string
	showAs                  string
	reminderMinutes         int
	isReminderOn            bool
	responseRequested       bool
	allowNewTimeProposals   bool
	hideAttendees           bool
	categories              []string
	online                  *onlineMeetingInfo
	meetingID               string // the calendar-backed onlineMeeting
	extended                []singleValueLegacyExtendedProperty
	// organizer is the organizer of a meeting the mailbox was invited to
	// (ReceiveEvent); nil when the mailbox organizes the event.
	organizer *emailAddress
	// cancelled: the organizer cancelled the meeting and this copy stayed
	// in the calendar (MarkEventCancelled); on an occurrence, that
	// occurrence was cancelled.
	cancelled bool

	// A series master keeps what was done to single occurrences, by their
	// original dates; seriesGen is part of every occurrence id, and changes
	// when the series' times or pattern do, not when only its range's end
	// does (events_occurrences.go, reshapeSeries).
	seriesGen string
	edits     map[string]occurrenceEdit

	// An occurrence is not stored: occurrenceOf builds it from its master,
	// filling these in.
	seriesMasterID string
	occurrenceDate string    // original date, in the series' zone
	originalStart  time.Time // the start the pattern gave it
	exception      bool
}

// eventType is the event's type as Graph answers it (§1.2). The store
// holds single instances and series masters; occurrences and exceptions
// are built from their master when they are asked for.
func (e *storedEvent) eventType() string {
	switch {
	case e.seriesMasterID != "" && e.exception:
		return "exception"
	case e.seriesMasterID != "":
		return "occurrence"
	case e.recurrence != nil:
		return "seriesMaster"
	}
	return "singleInstance"
}

type txnKey struct{ mailbox, transactionID string }

func (e *storedEvent) clone() *storedEvent {
	c := *e
	c.attendees = slices.Clone(e.attendees)
	c.categories = slices.Clone(e.categories)
	c.extended = slices.Clone(e.extended)
	c.edits = maps.Clone(e.edits)
	if e.recurrence != nil {
		r := *e.recurrence
		r.Pattern.DaysOfWeek = slices.Clone(r.Pattern.DaysOfWeek)
		c.recurrence = &r
	}
	if e.online != nil {
		o := *e.online
		c.online = &o
	}
	return &c
}

// eventMode says who writes an event.
type eventMode int

const (
	modeCreate    eventMode = iota // POST
	modePatch                      // PATCH
	modeOutOfBand                  // AddEvent, EditEvent: someone in Outlook
)

// newStoredEvent returns an event with the server's defaults (§1.2, §2.3).
func (s *Server) newStoredEvent(mailbox string, now time.Time) *storedEvent {
	return &storedEvent{
		mailbox: mailbox, id: newEventID(), iCalUID: newICalUID(now), changeKey: newChangeKey(), seriesGen: newChangeKey(),
		created: now, modified: now, indexed: now,
		importance: "normal", sensitivity: "normal", showAs: "busy",
		reminderMinutes: 15, isReminderOn: true, responseRequested: true, allowNewTimeProposals: true,
		categories: []string{}, attendees: []attendee{},
	}
}

// applyEvent writes the properties of in that present lists onto e,
// checking them as Exchange does. s.mu must be held; on an error, e is
// half-written and must be dropped.
func (s *Server) applyEvent(e *storedEvent, in *eventInput, present map[string]bool, mode eventMode) *eventError {
	if mode == modeCreate && (!present["start"] || !present["end"]) {
		return badRequest("ErrorInvalidRequest", "An event needs both start and end.")
	}
	if present["subject"] {
		e.subject = deref(in.Subject)
	}
	for _, en := range []struct {
		dst  *string
		enum string
		v    *string
	}{{&e.importance, "Importance", in.Importance}, {&e.sensitivity, "Sensitivity", in.Sensitivity}, {&e.showAs, "FreeBusyStatus", in.ShowAs}} {
		if err := setEnum(en.dst, en.enum, en.v); err != nil {
			return err
		}
	}
	setBool := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	setBool(&e.isReminderOn, in.IsReminderOn)
	setBool(&e.responseRequested, in.ResponseRequested)
	setBool(&e.allowNewTimeProposals, in.AllowNewTimeProposals)
	setBool(&e.hideAttendees, in.HideAttendees)
	if in.ReminderMinutesBeforeStart != nil {
		if *in.ReminderMinutesBeforeStart < 0 {
			return badRequest("ErrorInvalidRequest", "reminderMinutesBeforeStart must not be negative.")
		}
		e.reminderMinutes = *in.ReminderMinutesBeforeStart
	}
	if present["categories"] {
		e.categories = append([]string{}, in.Categories...)
	}
	if present["transactionId"] {
		e.transactionID = in.TransactionID
	}

	startMoved := false
	if in.Start != nil {
		t, err := parseWallClock("start", *in.Start)
		if err != nil {
			return err
		}
		startMoved = !t.Equal(e.start) || in.Start.TimeZone != e.startZone
		e.start, e.startZone = t, in.Start.TimeZone
	}
	if in.End != nil {
		t, err := parseWallClock("end", *in.End)
		if err != nil {
			return err
		}
		e.end, e.endZone = t, in.End.TimeZone
	}
	if e.end.Before(e.start) {
		// A zero-length event is allowed, as in Outlook.
		return badRequest("ErrorCalendarEndDateIsEarlierThanStartDate", "The end date occurs before the start date.")
	}

	if present["location"] {
		e.location = location{}
		if in.Location != nil {
			e.location = *in.Location
			if e.location.LocationType != "" {
				if err := setEnum(&e.location.LocationType, "LocationType", &in.Location.LocationType); err != nil {
					return err
				}
			}
		}
	}
	if present["attendees"] {
		attendees, err := s.normaliseAttendees(in.Attendees, e.attendees)
		if err != nil {
			return err
		}
		e.attendees = attendees
	}
	if present["body"] {
		e.bodyInner = ""
		if in.Body != nil {
			inner, err := bodyInner(*in.Body)
			if err != nil {
				return err
			}
			e.bodyInner = inner
		}
	}
	switch {
	case present["recurrence"] && in.Recurrence == nil:
		e.recurrence = nil
	case present["recurrence"]:
		r, err := normaliseRecurrence(*in.Recurrence, wallDate(e.start, e.startZone), e.startZone)
		if err != nil {
			return err
		}
		e.recurrence = r
	case startMoved && e.recurrence != nil:
		// Undocumented: the series moves with its start, as in Outlook.
		e.recurrence.Range.StartDate = wallDate(e.start, e.startZone)
	}

	for _, p := range in.SingleValueExtendedProperties {
		if !extendedPropertyID.MatchString(p.ID) {
			return badRequest("ErrorInvalidExtendedProperty", "The extended property attribute combination is invalid: '%s'.", p.ID)
		}
		if i := slices.IndexFunc(e.extended, func(q singleValueLegacyExtendedProperty) bool { return q.ID == p.ID }); i >= 0 {
			e.extended[i].Value = p.Value
		} else {
			e.extended = append(e.extended, p)
		}
		e.indexed = time.Now()
	}
	return s.applyOnline(e, in, present, mode)
}

// extendedPropertyID is the id of a single-value extended property (§4.1):
// "{type} {guid} Name {name}", "{type} {guid} Id {id}" or "{type} {proptag}".
var extendedPropertyID = regexp.MustCompile(`^(Binary|Boolean|CLSID|Currency|Double|Integer|Long|Object|Short|String|SystemTime|Float) (\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\} (Name \S.*|Id 0x[0-9A-Fa-f]{1,4})|0x[0-9A-Fa-f]{1,8})$`)

// normaliseAttendees checks a new attendee list and answers it as
// Exchange does: types lower-camel (required by default), addresses the
// directory knows in its casing (§2.3, the [S5] example), names filled in
// (the directory's, else the address) and the response status kept for
// attendees who stay.
func (s *Server) normaliseAttendees(in, old []attendee) ([]attendee, *eventError) {
	if len(in) > graph.MaxAttendees {
		return nil, badRequest("ErrorInvalidRequest", "An event can have at most %d attendees; this one has %d.", graph.MaxAttendees, len(in))
	}
	out := make([]attendee, 0, len(in))
	for _, a := range in {
		typ := "required"
		if a.Type != "" {
			t, err := enumMember("AttendeeType", a.Type)
			if err != nil {
				return nil, err
			}
			typ = t
		}
		address := a.EmailAddress.Address
		local, domain, ok := strings.Cut(address, "@")
		if !ok || local == "" || domain == "" || strings.ContainsAny(address, " <>,;") || strings.Contains(domain, "@") {
			return nil, badRequest("ErrorInvalidRecipients", "At least one recipient isn't valid: '%s' is not an SMTP address.", address)
		}
		name := a.EmailAddress.Name
		if u, ok := s.users[strings.ToLower(address)]; ok {
			address = u.UPN
			name = cmp.Or(name, u.DisplayName)
		}
		status := responseStatus{Response: "none", Time: "0001-01-01T00:00:00Z"}
		if i := slices.IndexFunc(old, func(o attendee) bool { return strings.EqualFold(o.EmailAddress.Address, address) }); i >= 0 && old[i].Status != nil {
			status = *old[i].Status
		}
		out = append(out, attendee{Type: typ, Status: &status, EmailAddress: emailAddress{Name: cmp.Or(name, address), Address: address}})
	}
	return out, nil
}

// newEventID returns an Exchange-style REST id (AAMkA…=): base64 with "+",
// "/" and "=", which clients must percent-encode in paths (§1.2, I4).
// Every id has a "/" and a "+", so that a client that does not encode
// fails every time, not now and then.
func newEventID() string {
	for {
		b := make([]byte, 71)
		_, _ = rand.Read(b)
		copy(b, []byte{0x00, 0x03, 0x24, 0x00})
		id := base64.StdEncoding.EncodeToString(b)
		if strings.Contains(id, "/") && strings.Contains(id, "+") {
			return id
		}
	}
}

// newICalUID returns an Outlook global object id: the fixed class id, no
// instance date, the creation time and a random id (§2.3's example).
func newICalUID(now time.Time) string {
	var filetime [8]byte
	binary.LittleEndian.PutUint64(filetime[:], uint64(now.UnixNano()/100+116444736000000000))
	random := make([]byte, 16)
	_, _ = rand.Read(random)
	return strings.ToUpper("040000008200E00074C5B7101A82E008" + "00000000" + hex.EncodeToString(filetime[:]) + "0000000000000000" + "10000000" + hex.EncodeToString(random))
}

func newChangeKey() string {
	b := make([]byte, 22)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}
