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

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
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
	if address, _ := s.mailboxAddress(id); !c.delegated && (s.denied(id) || s.denied(address)) {
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

// The wire types below are Graph's (microsoft.graph.*, which Exchange's
// messages call Microsoft.OutlookServices.*): the mock reads requests and
// writes answers with them, not with the client's types, so that a wrong
// property name in the client fails here as it would against Graph.

type itemBody struct {
	ContentType string `json:"contentType"`
	Content     string `json:"content"`
}

type dateTimeTimeZone struct {
	DateTime string `json:"dateTime"`
	TimeZone string `json:"timeZone"`
}

type emailAddress struct {
	Name    string `json:"name"`
	Address string `json:"address"`
}

type responseStatus struct {
	Response string `json:"response"`
	Time     string `json:"time"`
}

type attendee struct {
	Type         string          `json:"type"`
	Status       *responseStatus `json:"status,omitempty"` // server-maintained: ignored in requests
	EmailAddress emailAddress    `json:"emailAddress"`
}

type recipient struct {
	EmailAddress emailAddress `json:"emailAddress"`
}

// location: uniqueId and uniqueIdType are "for internal use only" and
// locationType "Read-only" (§1.3), yet clients send them; the server sets
// them. address and coordinates are kept as sent.
type location struct {
	DisplayName          string          `json:"displayName"`
	LocationType         string          `json:"locationType"`
	UniqueID             string          `json:"uniqueId,omitempty"`
	UniqueIDType         string          `json:"uniqueIdType"`
	LocationEmailAddress string          `json:"locationEmailAddress,omitempty"`
	LocationURI          string          `json:"locationUri,omitempty"`
	Address              json.RawMessage `json:"address,omitempty"`
	Coordinates          json.RawMessage `json:"coordinates,omitempty"`
}

type patternedRecurrence struct {
	Pattern recurrencePattern `json:"pattern"`
	Range   recurrenceRange   `json:"range"`
}

// recurrencePattern and recurrenceRange are answered with every member, as
// in the reference's example (§1.6); in requests, 0, "" and [] are unset.
type recurrencePattern struct {
	Type           string   `json:"type"`
	Interval       int      `json:"interval"`
	Month          int      `json:"month"`
	DayOfMonth     int      `json:"dayOfMonth"`
	DaysOfWeek     []string `json:"daysOfWeek"`
	FirstDayOfWeek string   `json:"firstDayOfWeek"`
	Index          string   `json:"index"`
}

type recurrenceRange struct {
	Type                string `json:"type"`
	StartDate           string `json:"startDate"`
	EndDate             string `json:"endDate"`
	RecurrenceTimeZone  string `json:"recurrenceTimeZone"`
	NumberOfOccurrences int    `json:"numberOfOccurrences"`
}

type onlineMeetingInfo struct {
	JoinURL      string `json:"joinUrl"`
	ConferenceID string `json:"conferenceId"`
	TollNumber   string `json:"tollNumber"`
}

type singleValueLegacyExtendedProperty struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

// eventInput is a create or PATCH body.
type eventInput struct {
	Subject                       *string                             `json:"subject"`
	Body                          *itemBody                           `json:"body"`
	Start                         *dateTimeTimeZone                   `json:"start"`
	End                           *dateTimeTimeZone                   `json:"end"`
	Location                      *location                           `json:"location"`
	Attendees                     []attendee                          `json:"attendees"`
	Recurrence                    *patternedRecurrence                `json:"recurrence"`
	Categories                    []string                            `json:"categories"`
	ReminderMinutesBeforeStart    *int                                `json:"reminderMinutesBeforeStart"`
	IsReminderOn                  *bool                               `json:"isReminderOn"`
	ResponseRequested             *bool                               `json:"responseRequested"`
	AllowNewTimeProposals         *bool                               `json:"allowNewTimeProposals"`
	HideAttendees                 *bool                               `json:"hideAttendees"`
	ShowAs                        *string                             `json:"showAs"`
	Sensitivity                   *string                             `json:"sensitivity"`
	Importance                    *string                             `json:"importance"`
	IsOnlineMeeting               *bool                               `json:"isOnlineMeeting"`
	OnlineMeetingProvider         *string                             `json:"onlineMeetingProvider"`
	TransactionID                 *string                             `json:"transactionId"`
	SingleValueExtendedProperties []singleValueLegacyExtendedProperty `json:"singleValueExtendedProperties"`
}

// wireEvent is an event as Graph answers it (§2.3).
type wireEvent struct {
	ODataContext               string               `json:"@odata.context,omitempty"`
	ODataETag                  string               `json:"@odata.etag"`
	ID                         string               `json:"id"`
	CreatedDateTime            string               `json:"createdDateTime"`
	LastModifiedDateTime       string               `json:"lastModifiedDateTime"`
	ChangeKey                  string               `json:"changeKey"`
	Categories                 []string             `json:"categories"`
	TransactionID              *string              `json:"transactionId,omitempty"` // only when set (§1.2)
	OriginalStartTimeZone      string               `json:"originalStartTimeZone"`
	OriginalEndTimeZone        string               `json:"originalEndTimeZone"`
	ICalUID                    string               `json:"iCalUId"`
	ReminderMinutesBeforeStart int                  `json:"reminderMinutesBeforeStart"`
	IsReminderOn               bool                 `json:"isReminderOn"`
	HasAttachments             bool                 `json:"hasAttachments"`
	Subject                    string               `json:"subject"`
	BodyPreview                string               `json:"bodyPreview"`
	Importance                 string               `json:"importance"`
	Sensitivity                string               `json:"sensitivity"`
	IsAllDay                   bool                 `json:"isAllDay"`
	IsCancelled                bool                 `json:"isCancelled"`
	IsDraft                    bool                 `json:"isDraft"`
	IsOrganizer                bool                 `json:"isOrganizer"`
	ResponseRequested          bool                 `json:"responseRequested"`
	SeriesMasterID             *string              `json:"seriesMasterId"`
	ShowAs                     string               `json:"showAs"`
	Type                       string               `json:"type"`
	WebLink                    string               `json:"webLink"`
	OnlineMeetingURL           *string              `json:"onlineMeetingUrl"`
	IsOnlineMeeting            bool                 `json:"isOnlineMeeting"`
	OnlineMeetingProvider      string               `json:"onlineMeetingProvider"`
	AllowNewTimeProposals      bool                 `json:"allowNewTimeProposals"`
	HideAttendees              bool                 `json:"hideAttendees"`
	ResponseStatus             responseStatus       `json:"responseStatus"`
	Body                       itemBody             `json:"body"`
	Start                      dateTimeTimeZone     `json:"start"`
	End                        dateTimeTimeZone     `json:"end"`
	Location                   location             `json:"location"`
	Locations                  []location           `json:"locations"`
	Recurrence                 *patternedRecurrence `json:"recurrence"`
	Attendees                  []attendee           `json:"attendees"`
	Organizer                  recipient            `json:"organizer"`
	OnlineMeeting              *onlineMeetingInfo   `json:"onlineMeeting"`
	// SingleValueExtendedProperties is answered only when expanded (§4.1).
	SingleValueExtendedProperties *[]singleValueLegacyExtendedProperty `json:"singleValueExtendedProperties,omitempty"`
}

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
}

type txnKey struct{ mailbox, transactionID string }

func (e *storedEvent) clone() *storedEvent {
	c := *e
	c.attendees = slices.Clone(e.attendees)
	c.categories = slices.Clone(e.categories)
	c.extended = slices.Clone(e.extended)
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

// eventError is a refusal in Graph's envelope.
type eventError struct {
	status        int
	code, message string
}

func (e *eventError) write(w http.ResponseWriter, c *call) {
	writeError(w, e.status, e.code, e.message, c.requestID)
}

func badRequest(code, format string, args ...any) *eventError {
	return &eventError{http.StatusBadRequest, code, fmt.Sprintf(format, args...)}
}

func errItemNotFound() *eventError {
	return &eventError{http.StatusNotFound, "ErrorItemNotFound", "The specified object was not found in the store."}
}

// Properties of microsoft.graph.event, by what a request may do with them.
type eventProperty int

const (
	propWritable   eventProperty = iota + 1 // create and PATCH
	propCreateOnly                          // transactionId: immutable once set (§1.2)
	propReadOnly                            // server-maintained
	propUnmodelled                          // Graph takes it; the mock does not model it
)

// eventProperties follows §1.2 and the v1.0 PATCH table (§5.1), with
// singleValueExtendedProperties written inline (§4.1) and
// allowNewTimeProposals, missing from the PATCH table, accepted by PATCH
// too. organizer and originalStart/EndTimeZone, whose writability is
// undocumented, are refused: the server sets them.
var eventProperties = func() map[string]eventProperty {
	m := map[string]eventProperty{"transactionId": propCreateOnly}
	for kind, names := range map[eventProperty][]string{
		propWritable: {"subject", "body", "start", "end", "location", "attendees", "recurrence", "categories",
			"reminderMinutesBeforeStart", "isReminderOn", "responseRequested", "allowNewTimeProposals",
			"hideAttendees", "showAs", "sensitivity", "importance", "isOnlineMeeting", "onlineMeetingProvider",
			"singleValueExtendedProperties"},
		propReadOnly: {"id", "iCalUId", "webLink", "onlineMeeting", "createdDateTime", "lastModifiedDateTime",
			"changeKey", "organizer", "type", "isCancelled", "isOrganizer", "isDraft", "hasAttachments",
			"bodyPreview", "responseStatus", "seriesMasterId", "originalStart", "originalStartTimeZone",
			"originalEndTimeZone", "onlineMeetingUrl", "cancelledOccurrences", "instances",
			"exceptionOccurrences", "calendar"},
		propUnmodelled: {"isAllDay", "locations", "multiValueExtendedProperties", "extensions", "attachments"},
	} {
		for _, name := range names {
			m[name] = kind
		}
	}
	return m
}()

// nullableProperties may be sent as null: recurrence null makes a series a
// single event (§5.1); the others clear the property.
var nullableProperties = map[string]bool{
	"subject": true, "body": true, "location": true, "attendees": true, "recurrence": true,
	"categories": true, "transactionId": true,
}

// notifyingProperties make a PATCH mail an update to every attendee (see
// mailPatch).
var notifyingProperties = []string{
	"subject", "body", "start", "end", "location", "recurrence", "isOnlineMeeting", "onlineMeetingProvider",
	"hideAttendees", "responseRequested", "allowNewTimeProposals", "importance", "sensitivity",
}

// decodeEvent checks a create (or PATCH) body property by property and
// decodes it; present lists the properties it carries.
func decodeEvent(body []byte, create bool) (*eventInput, map[string]bool, *eventError) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		if len(strings.TrimSpace(string(body))) == 0 {
			return nil, nil, badRequest("RequestBodyRead", "Empty Payload. JSON content expected.")
		}
		return nil, nil, badRequest("RequestBodyRead", "Invalid JSON. A JSON object was expected.")
	}
	present := map[string]bool{}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		if strings.HasPrefix(k, "@odata.") {
			continue
		}
		switch eventProperties[k] {
		case propWritable:
		case propCreateOnly:
			if !create {
				return nil, nil, badRequest("ErrorInvalidPropertySet", "Set action is invalid for property: %s.", k)
			}
		case propReadOnly:
			return nil, nil, badRequest("ErrorInvalidPropertySet", "Set action is invalid for property: %s.", k)
		case propUnmodelled:
			return nil, nil, badRequest("NotModelledByMock", "Graph takes the event property '%s', but the mock does not model it.", k)
		default:
			return nil, nil, badRequest("RequestBodyRead", "%s", unknownProperty(k, "Event"))
		}
		if string(raw[k]) == "null" && !nullableProperties[k] {
			return nil, nil, badRequest("RequestBodyRead", "A null value was found for the property named '%s', which expects a non-null value.", k)
		}
		present[k] = true
	}
	if err := checkShape(body, reflect.TypeFor[eventInput]()); err != nil {
		return nil, nil, badRequest("RequestBodyRead", "%s", err)
	}
	var in eventInput
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, nil, badRequest("RequestBodyRead", "%s", jsonError(err))
	}
	return &in, present, nil
}

func unknownProperty(name, typeName string) string {
	return fmt.Sprintf("The property '%s' does not exist on type 'Microsoft.OutlookServices.%s'. Make sure to only use property names that are defined by the type or mark the type as open type.", name, typeName)
}

func jsonError(err error) string {
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return fmt.Sprintf("Cannot convert a JSON %s to the type of property '%s'.", te.Value, te.Field)
	}
	return "Cannot read the request body: " + err.Error()
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// checkShape refuses object members that the Go type t does not name
// exactly: Go's decoder would match them case-insensitively or drop them.
func checkShape(raw json.RawMessage, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawMessageType {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			return nil // null, or a mismatch that the decoder reports
		}
		var m map[string]json.RawMessage
		_ = json.Unmarshal(raw, &m) // the body parsed: raw is JSON
		fields := map[string]reflect.Type{}
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			fields[name] = f.Type
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			ft, ok := fields[k]
			switch {
			case strings.HasPrefix(k, "@odata."):
			case !ok:
				name := strings.TrimSuffix(t.Name(), "Input")
				return errors.New(unknownProperty(k, strings.ToUpper(name[:1])+name[1:]))
			default:
				if err := checkShape(m[k], ft); err != nil {
					return err
				}
			}
		}
	case reflect.Slice:
		if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
			return nil
		}
		var items []json.RawMessage
		_ = json.Unmarshal(raw, &items)
		for _, item := range items {
			if err := checkShape(item, t.Elem()); err != nil {
				return err
			}
		}
	}
	return nil
}

// eventEnums are the members of the event's enum types (§1.4). Requests
// may write them in any case; answers use these spellings.
var eventEnums = map[string][]string{
	"Importance":                {"low", "normal", "high"},
	"Sensitivity":               {"normal", "personal", "private", "confidential"},
	"FreeBusyStatus":            {"unknown", "free", "tentative", "busy", "oof", "workingElsewhere"},
	"BodyType":                  {"text", "html"},
	"AttendeeType":              {"required", "optional", "resource"},
	"OnlineMeetingProviderType": {"unknown", "skypeForBusiness", "skypeForConsumer", "teamsForBusiness"},
	"RecurrencePatternType":     {"daily", "weekly", "absoluteMonthly", "relativeMonthly", "absoluteYearly", "relativeYearly"},
	"RecurrenceRangeType":       {"endDate", "noEnd", "numbered"},
	"DayOfWeek":                 {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"},
	"WeekIndex":                 {"first", "second", "third", "fourth", "last"},
	"LocationType":              {"default", "conferenceRoom", "homeAddress", "businessAddress", "geoCoordinates", "streetAddress", "hotel", "restaurant", "localBusiness", "postalAddress"},
}

// enumMember returns v in the enum's own spelling.
func enumMember(enumName, v string) (string, *eventError) {
	for _, m := range eventEnums[enumName] {
		if strings.EqualFold(m, v) {
			return m, nil
		}
	}
	return "", badRequest("RequestBodyRead", "Cannot convert the literal '%s' to the expected type 'Microsoft.OutlookServices.%s'.", v, enumName)
}

// setEnum sets *dst from v when v is given.
func setEnum(dst *string, enumName string, v *string) *eventError {
	if v == nil {
		return nil
	}
	m, err := enumMember(enumName, *v)
	if err == nil {
		*dst = m
	}
	return err
}

var wallClockPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$`)

const (
	wallClockLayout = "2006-01-02T15:04:05.0000000"
	dateLayout      = "2006-01-02"
	zeroDate        = "0001-01-01" // Graph's unused recurrence endDate
)

// parseWallClock reads a request's dateTimeTimeZone: a date and time
// without offset, fractions allowed (§1.3), in a zone timezone.Load knows.
func parseWallClock(property string, d dateTimeTimeZone) (time.Time, *eventError) {
	loc, err := timezone.Load(d.TimeZone)
	if err != nil {
		return time.Time{}, timeZoneNotSupported(d.TimeZone)
	}
	if !wallClockPattern.MatchString(d.DateTime) {
		return time.Time{}, badRequest("ErrorInvalidRequest", "The %s.dateTime '%s' is not a date and time without offset, such as 2026-03-30T09:00:00.", property, d.DateTime)
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05", d.DateTime, loc)
	if err != nil {
		return time.Time{}, badRequest("ErrorInvalidRequest", "The %s.dateTime '%s' is not a valid date and time.", property, d.DateTime)
	}
	return t, nil
}

func timeZoneNotSupported(zone string) *eventError {
	// Reported shape (I6); the status is not shown there.
	return badRequest("TimeZoneNotSupportedException", "A valid TimeZone value must be specified. The following TimeZone value is not supported: '%s'.", zone)
}

// wallDate is the date of t in zone (which the event's writes checked).
func wallDate(t time.Time, zone string) string {
	loc, err := timezone.Load(zone)
	if err != nil {
		loc = time.UTC
	}
	return t.In(loc).Format(dateLayout)
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
		mailbox: mailbox, id: newEventID(), iCalUID: newICalUID(now), changeKey: newChangeKey(),
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

// applyOnline makes the event a Teams meeting when asked to (§2.3, §5.5)
// and applies the reported rewriting of a body PATCH (I7, #18896): a body
// without the event's join URL gets a new meeting, with a new join URL and
// a fresh join block; one that keeps the URL keeps the meeting. Turning a
// meeting off, or changing its provider, is ignored, as documented.
func (s *Server) applyOnline(e *storedEvent, in *eventInput, present map[string]bool, mode eventMode) *eventError {
	provider := "unknown"
	if in.OnlineMeetingProvider != nil {
		p, err := enumMember("OnlineMeetingProviderType", *in.OnlineMeetingProvider)
		if err != nil {
			return err
		}
		provider = p
	}
	want := in.IsOnlineMeeting != nil && *in.IsOnlineMeeting || in.IsOnlineMeeting == nil && provider == "teamsForBusiness"
	switch {
	case e.online == nil && want && (provider == "skypeForBusiness" || provider == "skypeForConsumer"):
		// Undocumented error (§2.2): the mock's calendars allow Teams only.
		return badRequest("ErrorInvalidRequest", "The online meeting provider '%s' is not in the calendar's allowedOnlineMeetingProviders (teamsForBusiness).", provider)
	case e.online == nil && want:
		s.newCalendarMeeting(e)
	case e.online != nil && mode == modePatch && present["body"] && !containsJoinURL(e.bodyInner, e.online.JoinURL):
		delete(s.meetings, e.meetingID)
		s.newCalendarMeeting(e)
	}
	return nil
}

func containsJoinURL(inner, joinURL string) bool {
	return strings.Contains(inner, joinURL) || strings.Contains(inner, html.EscapeString(joinURL))
}

// newCalendarMeeting gives e a Teams meeting: an onlineMeeting of the
// organizer whose joinWebUrl is the event's joinUrl, so that the
// JoinWebUrl $filter finds it (§7.2, I10), and the join block at the end
// of the body. s.mu must be held.
func (s *Server) newCalendarMeeting(e *storedEvent) {
	subject := e.subject
	m := s.newMeeting(e.mailbox, "", &subject, e.start, e.end, s.meetingAttendees(e.attendees), nil)
	m.ExternalID = nil
	s.meetings[m.ID] = &storedMeeting{userID: e.mailbox, meeting: m, eventID: e.id}
	e.meetingID = m.ID
	e.online = &onlineMeetingInfo{JoinURL: *m.JoinWebURL, ConferenceID: *m.AudioConferencing.ConferenceID, TollNumber: m.AudioConferencing.TollNumbers[0]}
	block := joinBlock(m)
	if e.bodyInner == "" {
		e.bodyInner = block
	} else {
		e.bodyInner += "\r\n" + block
	}
}

// meetingAttendees are the event's attendees that the directory knows,
// as onlineMeeting participants.
func (s *Server) meetingAttendees(attendees []attendee) []graph.MeetingParticipantInfo {
	out := []graph.MeetingParticipantInfo{}
	for _, a := range attendees {
		if u, ok := s.users[strings.ToLower(a.EmailAddress.Address)]; ok {
			out = append(out, graph.MeetingParticipantInfo{
				Identity: &graph.IdentitySet{User: &graph.Identity{ID: strings.ToLower(u.ID), TenantID: s.cfg.TenantID}},
				Role:     graph.Ptr(graph.OnlineMeetingRole("attendee")),
				UPN:      u.UPN,
			})
		}
	}
	return out
}

// syncMeeting copies the subject and times, which the event owns, to its
// onlineMeeting. s.mu must be held.
func (s *Server) syncMeeting(e *storedEvent) {
	if sm, ok := s.meetings[e.meetingID]; ok {
		subject := e.subject
		sm.meeting.Subject = &subject
		sm.meeting.StartDateTime = graphTime(e.start)
		sm.meeting.EndDateTime = graphTime(e.end)
	}
}

// calendarBacked tells whether a user's meeting was created by an event.
func (s *Server) calendarBacked(userID, meetingID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sm, ok := s.meetings[meetingID]
	return ok && sm.userID == userID && sm.eventID != ""
}

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

// normaliseRecurrence checks a recurrence by the rules of §1.6 and answers
// it normalised as the reference's example shows: members the pattern or
// range type does not use come back as 0, [], "first", "sunday" and
// 0001-01-01, day names lower-camel, recurrenceTimeZone the event's zone.
// startDate must be the date of the event's start. firstDayOfWeek, which
// one doc page requires for weekly and the other calls optional, defaults
// to sunday.
func normaliseRecurrence(in patternedRecurrence, startDate, zone string) (*patternedRecurrence, *eventError) {
	invalid := func(format string, args ...any) *eventError {
		return badRequest("ErrorCalendarInvalidRecurrence", format, args...)
	}
	p, rg := in.Pattern, in.Range
	if p.Type == "" {
		return nil, invalid("recurrence.pattern.type is required.")
	}
	if rg.Type == "" {
		return nil, invalid("recurrence.range.type is required.")
	}
	out := patternedRecurrence{}
	var err *eventError
	if out.Pattern.Type, err = enumMember("RecurrencePatternType", p.Type); err != nil {
		return nil, err
	}
	if out.Range.Type, err = enumMember("RecurrenceRangeType", rg.Type); err != nil {
		return nil, err
	}
	// Every member given is validated, used or not ([S21] concept page).
	days := make([]string, 0, len(p.DaysOfWeek))
	for _, d := range p.DaysOfWeek {
		m, err := enumMember("DayOfWeek", d)
		if err != nil {
			return nil, err
		}
		days = append(days, m)
	}
	firstDay, index := "sunday", "first"
	if p.FirstDayOfWeek != "" {
		if firstDay, err = enumMember("DayOfWeek", p.FirstDayOfWeek); err != nil {
			return nil, err
		}
	}
	if p.Index != "" {
		if index, err = enumMember("WeekIndex", p.Index); err != nil {
			return nil, err
		}
	}
	switch {
	case p.Interval < 1:
		return nil, invalid("recurrence.pattern.interval must be at least 1.")
	case p.Month < 0 || p.Month > 12:
		return nil, invalid("recurrence.pattern.month must be 1 to 12.")
	case p.DayOfMonth < 0 || p.DayOfMonth > 31:
		return nil, invalid("recurrence.pattern.dayOfMonth must be 1 to 31.")
	case rg.NumberOfOccurrences < 0:
		return nil, invalid("recurrence.range.numberOfOccurrences must not be negative.")
	}
	out.Pattern.Interval = p.Interval
	out.Pattern.DaysOfWeek = []string{}
	out.Pattern.FirstDayOfWeek, out.Pattern.Index = "sunday", "first"
	typ := out.Pattern.Type
	needs := func(member string, ok bool) *eventError {
		if !ok {
			return invalid("recurrence.pattern.%s is required for a %s pattern.", member, typ)
		}
		return nil
	}
	if slices.Contains([]string{"weekly", "relativeMonthly", "relativeYearly"}, typ) {
		if err := needs("daysOfWeek", len(days) > 0); err != nil {
			return nil, err
		}
		out.Pattern.DaysOfWeek = days
	}
	if typ == "weekly" {
		out.Pattern.FirstDayOfWeek = firstDay
	}
	if typ == "relativeMonthly" || typ == "relativeYearly" {
		out.Pattern.Index = index
	}
	if typ == "absoluteMonthly" || typ == "absoluteYearly" {
		if err := needs("dayOfMonth", p.DayOfMonth > 0); err != nil {
			return nil, err
		}
		out.Pattern.DayOfMonth = p.DayOfMonth
	}
	if typ == "absoluteYearly" || typ == "relativeYearly" {
		if err := needs("month", p.Month > 0); err != nil {
			return nil, err
		}
		out.Pattern.Month = p.Month
	}

	if rg.StartDate == "" {
		return nil, invalid("recurrence.range.startDate is required.")
	}
	if _, err := time.Parse(dateLayout, rg.StartDate); err != nil {
		return nil, invalid("recurrence.range.startDate '%s' is not a date (YYYY-MM-DD).", rg.StartDate)
	}
	if rg.StartDate != startDate {
		return nil, invalid("recurrence.range.startDate %s must be the date of the event's start, %s in %s.", rg.StartDate, startDate, zone)
	}
	out.Range.StartDate, out.Range.EndDate = rg.StartDate, zeroDate
	if rg.EndDate != "" && rg.EndDate != zeroDate {
		if _, err := time.Parse(dateLayout, rg.EndDate); err != nil {
			return nil, invalid("recurrence.range.endDate '%s' is not a date (YYYY-MM-DD).", rg.EndDate)
		}
	}
	switch out.Range.Type {
	case "endDate":
		if rg.EndDate == "" || rg.EndDate == zeroDate {
			return nil, invalid("recurrence.range.endDate is required for an endDate range.")
		}
		if rg.EndDate < rg.StartDate {
			return nil, invalid("recurrence.range.endDate %s is before its startDate %s.", rg.EndDate, rg.StartDate)
		}
		out.Range.EndDate = rg.EndDate
	case "numbered":
		if rg.NumberOfOccurrences < 1 {
			return nil, invalid("recurrence.range.numberOfOccurrences must be positive for a numbered range.")
		}
		out.Range.NumberOfOccurrences = rg.NumberOfOccurrences
	}
	out.Range.RecurrenceTimeZone = zone
	if rg.RecurrenceTimeZone != "" {
		if _, err := timezone.Load(rg.RecurrenceTimeZone); err != nil {
			return nil, timeZoneNotSupported(rg.RecurrenceTimeZone)
		}
		out.Range.RecurrenceTimeZone = rg.RecurrenceTimeZone
	}
	return &out, nil
}

// Bodies are answered as HTML (§2.3, I9): the content inside a fixed
// html/head/body frame, text HTML-escaped with <br> for line breaks.
const (
	htmlHead = "<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n</head>\r\n<body>\r\n"
	htmlTail = "\r\n</body>\r\n</html>\r\n"
)

// bodyInner returns what goes inside <body> for a request's body: HTML
// loses its own html/head/body frame (as when a client sends back a body
// it read).
func bodyInner(b itemBody) (string, *eventError) {
	contentType := "text"
	if b.ContentType != "" {
		t, err := enumMember("BodyType", b.ContentType)
		if err != nil {
			return "", err
		}
		contentType = t
	}
	content := b.Content
	if contentType == "text" {
		content = strings.ReplaceAll(html.EscapeString(strings.ReplaceAll(content, "\r\n", "\n")), "\n", "<br>")
		return content, nil
	}
	lower := asciiLower(content)
	if i := strings.Index(lower, "<body"); i >= 0 {
		if j := strings.IndexByte(lower[i:], '>'); j >= 0 {
			start := i + j + 1
			end := len(content)
			if k := strings.LastIndex(lower, "</body>"); k >= start {
				end = k
			}
			content = content[start:end]
		}
	}
	return strings.Trim(content, "\r\n"), nil
}

// asciiLower lower-cases ASCII letters only, keeping byte offsets.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func bodyContent(inner string) string {
	if inner == "" {
		return ""
	}
	return htmlHead + inner + htmlTail
}

// HasJoinBlock reports whether an event body carries the Teams join block
// for joinURL: the headline link of the block Graph appends (§2.3).
func HasJoinBlock(body, joinURL string) bool {
	return strings.Contains(body, JoinBlockMarker) &&
		strings.Contains(body, `<a class="me-email-headline" href="`+html.EscapeString(joinURL)+`"`)
}

// JoinBlockMarker opens the Teams join block (after its separator line).
const JoinBlockMarker = `<div class="me-email-text"`

const joinSeparator = `<div style="width:100%; height:20px"><span style="white-space:nowrap; color:gray; opacity:.36">________________________________________________________________________________</span>` + "\r\n</div>"

// joinBlock is the join-Teams-meeting blob of the reference's example
// (§2.3), for m.
func joinBlock(m graph.OnlineMeeting) string {
	conferenceID := deref(m.AudioConferencing.ConferenceID)
	toll := m.AudioConferencing.TollNumbers[0]
	var spaced strings.Builder
	for i, r := range conferenceID {
		if i > 0 && i%3 == 0 {
			spaced.WriteByte(' ')
		}
		spaced.WriteRune(r)
	}
	esc := html.EscapeString
	tel := strings.ReplaceAll(esc(toll), "+", "&#43;")
	var b strings.Builder
	b.WriteString(joinSeparator + "\r\n")
	b.WriteString(JoinBlockMarker + ` style="color:#252424; font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif">` + "\r\n")
	fmt.Fprintf(&b, `<div style="margin-top:24px; margin-bottom:10px"><a class="me-email-headline" href="%s" target="_blank" rel="noreferrer noopener" style="font-size:18px; font-family:'Segoe UI Semibold','Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif; text-decoration:underline; color:#6264a7">Join`+"\r\n"+` Microsoft Teams Meeting</a> </div>`+"\r\n", esc(deref(m.JoinWebURL)))
	fmt.Fprintf(&b, `<div>`+"\r\n"+`<div><a class="me-email-link" href="tel:%s,,%s# " target="_blank" rel="noreferrer noopener" style="font-size:14px; text-decoration:none; color:#6264a7">%s</a>`+"\r\n"+`<span style="font-size:12px">&nbsp; United States, Seattle (Toll) </span></div>`+"\r\n"+`</div>`+"\r\n", tel, conferenceID, tel)
	fmt.Fprintf(&b, `<div style="margin-top:10px; margin-bottom:20px"><span style="font-size:12px">Conference ID:`+"\r\n"+`</span><span style="font-size:14px">%s# </span></div>`+"\r\n", spaced.String())
	fmt.Fprintf(&b, `<div style="margin-bottom:24px"><a class="me-email-link" target="_blank" href="%s" rel="noreferrer noopener" style="font-size:12px; text-decoration:none; color:#6264a7">Local`+"\r\n"+` numbers</a> | <a class="me-email-link" target="_blank" href="https://mysettings.lync.com/pstnconferencing" rel="noreferrer noopener" style="font-size:12px; text-decoration:none; color:#6264a7">`+"\r\n"+`Reset PIN</a> | <a class="me-email-link" target="_blank" href="https://aka.ms/JoinTeamsMeeting" rel="noreferrer noopener" style="font-size:12px; text-decoration:none; color:#6264a7">`+"\r\n"+`Learn more about Teams</a> | <a class="me-email-link" target="_blank" href="%s" rel="noreferrer noopener" style="font-size:12px; text-decoration:none; color:#6264a7">`+"\r\n"+`Meeting options</a> </div>`+"\r\n",
		esc(deref(m.AudioConferencing.DialinURL)), esc(deref(m.MeetingOptionsWebURL)))
	b.WriteString(`<div style="font-size:14px; margin-bottom:4px"></div>` + "\r\n" + `<div style="font-size:12px"></div>` + "\r\n</div>\r\n")
	b.WriteString(joinSeparator)
	return b.String()
}

var (
	htmlDropped = regexp.MustCompile(`(?is)<(head|style|script)\b.*?</(head|style|script)\s*>`)
	htmlBreaks  = regexp.MustCompile(`(?i)<br\s*/?>|</(div|p|tr|li|h[1-6])\s*>`)
	htmlTags    = regexp.MustCompile(`<[^>]*>`)
)

// bodyPreview is the plain text of a body, its first 255 characters, as
// Exchange makes it (§1.2, [S12]).
func bodyPreview(inner string) string {
	text := htmlDropped.ReplaceAllString(inner, "")
	text = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(text)
	text = htmlTags.ReplaceAllString(htmlBreaks.ReplaceAllString(text, "\n"), "")
	text = html.UnescapeString(text)
	var lines []string
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			lines = append(lines, line)
		}
	}
	text = strings.Join(lines, "\r\n")
	if utf8.RuneCountInString(text) > 255 {
		text = string([]rune(text)[:255])
	}
	return text
}

// presentation is what a request asks of the answer.
type presentation struct {
	loc     *time.Location // of start and end; UTC by default
	zone    string         // their timeZone
	applied bool           // answer Preference-Applied
	// expand is the extended property id of $expand; all includes every
	// extended property (the store accessors).
	expand *string
	all    bool
	selct  []string // $select
}

// preferences returns the Prefer tokens of h by lower-case name, values
// unquoted. Graph documents neither separate Prefer lines nor
// comma-separated tokens for its Outlook preferences (§2.6); RFC 7240
// allows both, and so does the mock.
func preferences(h http.Header) map[string]string {
	out := map[string]string{}
	for _, line := range h.Values("Prefer") {
		for _, token := range splitUnquoted(line, ',') {
			pref := splitUnquoted(token, ';')[0] // parameters do not matter here
			name, value, _ := strings.Cut(pref, "=")
			name, value = strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = value[1 : len(value)-1]
			}
			if _, seen := out[name]; name != "" && !seen {
				out[name] = value
			}
		}
	}
	return out
}

// splitUnquoted splits s at sep outside double quotes.
func splitUnquoted(s string, sep byte) []string {
	var parts []string
	quoted, from := false, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case s[i] == sep && !quoted:
			parts = append(parts, s[from:i])
			from = i + 1
		}
	}
	return append(parts, s[from:])
}

var expandPattern = regexp.MustCompile(`^singleValueExtendedProperties\(\s*\$filter\s*=\s*id\s+eq\s+'((?:[^']|'')*)'\s*\)$`)

// presentation reads Prefer: outlook.timezone (§2.5, §3.1) and the query
// options the route takes. An unknown zone in Prefer is ignored, without
// Preference-Applied (undocumented).
func (s *Server) presentation(r *http.Request, options ...string) (presentation, *eventError) {
	p := presentation{loc: time.UTC, zone: "UTC"}
	if name, ok := preferences(r.Header)["outlook.timezone"]; ok {
		s.mu.Lock()
		ignoreIANA := s.faults.IgnoreIANATimeZonePrefer
		s.mu.Unlock()
		if loc, err := timezone.Load(name); err == nil && (!ignoreIANA || timezone.IsWindows(name)) {
			p.loc, p.zone, p.applied = loc, name, true
		}
	}
	q := r.URL.Query()
	for _, k := range slices.Sorted(maps.Keys(q)) {
		if strings.HasPrefix(k, "$") && !slices.Contains(options, k) {
			return p, badRequest("BadRequest", "The mock does not support the query option '%s' here.", k)
		}
	}
	if v := q.Get("$expand"); v != "" {
		m := expandPattern.FindStringSubmatch(strings.TrimSpace(v))
		if m == nil {
			return p, badRequest("BadRequest", "Parsing OData Select and Expand failed: the mock expands only singleValueExtendedProperties($filter=id eq '…'), not '%s'.", v)
		}
		id := strings.ReplaceAll(m[1], "''", "'")
		p.expand = &id
	}
	if v := q.Get("$select"); v != "" {
		known := jsonNames(reflect.TypeFor[wireEvent]())
		for name := range strings.SplitSeq(v, ",") {
			name = strings.TrimSpace(name)
			if !known[name] || strings.HasPrefix(name, "@") {
				return p, badRequest("RequestBroker--ParseUri", "Could not find a property named '%s' on type 'Microsoft.OutlookServices.Event'.", name)
			}
			p.selct = append(p.selct, name)
		}
	}
	return p, nil
}

func jsonNames(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		out[name] = true
	}
	return out
}

// render answers e as Graph would for p. s.mu must be held.
func (s *Server) render(e *storedEvent, p presentation) wireEvent {
	address, name := s.mailboxAddress(e.mailbox)
	loc := e.location
	loc.LocationType = cmp.Or(loc.LocationType, "default")
	loc.UniqueID, loc.UniqueIDType = "", "unknown"
	locations := []location{}
	if loc.DisplayName != "" {
		loc.UniqueID, loc.UniqueIDType = loc.DisplayName, "private"
		locations = append(locations, loc)
	}
	typ := "singleInstance"
	var recurrence *patternedRecurrence
	if e.recurrence != nil {
		typ = "seriesMaster"
		recurrence = e.clone().recurrence
	}
	provider, online := "unknown", (*onlineMeetingInfo)(nil)
	if e.online != nil {
		provider, online = "teamsForBusiness", e.clone().online
	}
	w := wireEvent{
		ODataETag: `W/"` + e.changeKey + `"`, ID: e.id,
		CreatedDateTime: e.created.UTC().Format(wallClockLayout + "Z"), LastModifiedDateTime: e.modified.UTC().Format(wallClockLayout + "Z"),
		ChangeKey: e.changeKey, Categories: slices.Clone(e.categories), TransactionID: e.transactionID,
		OriginalStartTimeZone: e.startZone, OriginalEndTimeZone: e.endZone, ICalUID: e.iCalUID,
		ReminderMinutesBeforeStart: e.reminderMinutes, IsReminderOn: e.isReminderOn,
		Subject: e.subject, BodyPreview: bodyPreview(e.bodyInner),
		Importance: e.importance, Sensitivity: e.sensitivity, IsOrganizer: true, ResponseRequested: e.responseRequested,
		ShowAs: e.showAs, Type: typ,
		WebLink:         "https://outlook.office365.com/owa/?itemid=" + url.QueryEscape(e.id) + "&exvsurl=1&path=/calendar/item",
		IsOnlineMeeting: e.online != nil, OnlineMeetingProvider: provider,
		AllowNewTimeProposals: e.allowNewTimeProposals, HideAttendees: e.hideAttendees,
		ResponseStatus: responseStatus{Response: "organizer", Time: "0001-01-01T00:00:00Z"},
		Body:           itemBody{ContentType: "html", Content: bodyContent(e.bodyInner)},
		Start:          dateTimeTimeZone{DateTime: e.start.In(p.loc).Format(wallClockLayout), TimeZone: p.zone},
		End:            dateTimeTimeZone{DateTime: e.end.In(p.loc).Format(wallClockLayout), TimeZone: p.zone},
		Location:       loc, Locations: locations, Recurrence: recurrence,
		Attendees:     slices.Clone(e.attendees),
		Organizer:     recipient{EmailAddress: emailAddress{Name: name, Address: address}},
		OnlineMeeting: online,
	}
	switch {
	case p.all:
		props := slices.Clone(e.extended)
		w.SingleValueExtendedProperties = &props
	case p.expand != nil:
		props := []singleValueLegacyExtendedProperty{}
		for _, x := range e.extended {
			if x.ID == *p.expand {
				props = append(props, x)
			}
		}
		w.SingleValueExtendedProperties = &props
	}
	return w
}

// encodeEvent applies $select to a rendered event.
func encodeEvent(w wireEvent, p presentation) any {
	if len(p.selct) == 0 {
		return w
	}
	b, _ := json.Marshal(w)
	var all, out map[string]json.RawMessage
	_ = json.Unmarshal(b, &all)
	out = map[string]json.RawMessage{}
	for k, v := range all {
		if strings.HasPrefix(k, "@odata.") || k == "id" || k == "singleValueExtendedProperties" || slices.Contains(p.selct, k) {
			out[k] = v
		}
	}
	return out
}

// writeEvent answers with one event.
func (s *Server) writeEvent(w http.ResponseWriter, r *http.Request, c *call, status int, p presentation, ev wireEvent) {
	segment := "events"
	if len(p.selct) > 0 {
		segment += "(" + strings.Join(p.selct, ",") + ")"
	}
	ev.ODataContext = s.graphBase(r) + "/$metadata#users('" + c.userID + "')/" + segment + "/$entity"
	if p.applied {
		w.Header().Set("Preference-Applied", `outlook.timezone="`+p.zone+`"`)
	}
	writeJSON(w, status, encodeEvent(ev, p))
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

// handleEventCreate is POST /users/{id}/events: 201 with the event (§2.2).
// With EventTransactionDedup, a transactionId already used in the mailbox
// answers the existing event and creates nothing (undocumented, §2.4).
func (s *Server) handleEventCreate(w http.ResponseWriter, r *http.Request, c *call) {
	in, present, eerr := decodeEvent(c.body, true)
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	p, eerr := s.presentation(r)
	if eerr != nil {
		eerr.write(w, c)
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
	e, eerr := s.lookupEvent(c.userID, r.PathValue("id"))
	if eerr != nil {
		s.mu.Unlock()
		eerr.write(w, c)
		return
	}
	ev := s.render(e, p)
	s.mu.Unlock()
	s.writeEvent(w, r, c, http.StatusOK, p, ev)
}

// filterPattern is the one $filter the mock takes (§4.1): by a single-value
// extended property's id (exact) and value (any case).
var eventFilterPattern = regexp.MustCompile(`^singleValueExtendedProperties/(?i:any)\(\s*(\w+)\s*:\s*(\w+)/id\s+eq\s+'((?:[^']|'')*)'\s+and\s+(\w+)/value\s+eq\s+'((?:[^']|'')*)'\s*\)$`)

// handleEventFind lists a mailbox's events, or those the extended-property
// $filter matches, oldest first, without paging. Matches leave the
// property out unless $expand asks for it. Any other $filter is refused.
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
	in, present, eerr := decodeEvent(c.body, false)
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	p, eerr := s.presentation(r)
	if eerr != nil {
		eerr.write(w, c)
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

// patchEvent applies a PATCH and mails about it. s.mu must be held.
func (s *Server) patchEvent(mailbox, id string, in *eventInput, present map[string]bool, p presentation) (wireEvent, *eventError) {
	old, eerr := s.lookupEvent(mailbox, id)
	if eerr != nil {
		return wireEvent{}, eerr
	}
	if len(present) == 0 {
		return s.render(old, p), nil
	}
	e := old.clone()
	// applyEvent changes meetings only once everything else passed.
	if eerr := s.applyEvent(e, in, present, modePatch); eerr != nil {
		return wireEvent{}, eerr
	}
	e.changeKey, e.modified = newChangeKey(), time.Now()
	s.events[e.id] = e
	s.syncMeeting(e)
	s.mailPatch(old, e, present)
	return s.render(e, p), nil
}

// handleEventDelete is DELETE: 204, and a cancellation to every attendee (§6).
func (s *Server) handleEventDelete(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	e, eerr := s.lookupEvent(c.userID, r.PathValue("id"))
	if eerr == nil {
		s.removeEvent(e)
		s.mailCancel(e, "")
	}
	s.mu.Unlock()
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleEventCancel is the cancel action (§6): an optional Comment (the
// CSDL's spelling; the docs also write "comment", and both are taken),
// 202 without a body; the event leaves the calendar (to Deleted Items,
// which the mock does not keep).
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
	s.mu.Lock()
	e, eerr := s.lookupEvent(c.userID, r.PathValue("id"))
	if eerr == nil {
		s.removeEvent(e)
		s.mailCancel(e, comment)
	}
	s.mu.Unlock()
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	w.WriteHeader(http.StatusAccepted)
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
