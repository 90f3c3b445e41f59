package graphmock

// The wire shapes of calendar events: Graph's JSON types, the table of
// what a request may write, decodeEvent and checkShape, enum members,
// wall-clock times and the refusals they answer.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

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
	// OriginalStart is answered for occurrences and exceptions only, in
	// UTC: "This property is not returned for events that are single
	// instances" (§1.2).
	OriginalStart *string `json:"originalStart,omitempty"`
	// CancelledOccurrences and ExceptionOccurrences are a series master's,
	// answered only by a GET of the master that selects them (and, for the
	// exceptions, expands them) (§1.2, §3.2).
	CancelledOccurrences *[]string    `json:"cancelledOccurrences,omitempty"`
	ExceptionOccurrences *[]wireEvent `json:"exceptionOccurrences,omitempty"`
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
