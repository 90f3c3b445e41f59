package graph

import (
	"encoding/json"
	"maps"
	"slices"
)

// This file holds the typed shapes of Microsoft Graph v1.0's calendar
// event (microsoft.graph.event) as this client sends and reads it. As for
// meetings, optional properties are pointers so that "not set" is never
// sent; Graph's event type is open (OpenType="true"), and members this
// client does not know are ignored when decoding.

// Event is a microsoft.graph.event.
type Event struct {
	ID                         string               `json:"id,omitempty"`
	TransactionID              *string              `json:"transactionId,omitempty"`
	Subject                    *string              `json:"subject,omitempty"`
	Body                       *ItemBody            `json:"body,omitempty"`
	BodyPreview                *string              `json:"bodyPreview,omitempty"`
	Start                      *DateTimeTimeZone    `json:"start,omitempty"`
	End                        *DateTimeTimeZone    `json:"end,omitempty"`
	OriginalStartTimeZone      *string              `json:"originalStartTimeZone,omitempty"`
	OriginalEndTimeZone        *string              `json:"originalEndTimeZone,omitempty"`
	Location                   *Location            `json:"location,omitempty"`
	Attendees                  []Attendee           `json:"attendees,omitempty"`
	Organizer                  *Recipient           `json:"organizer,omitempty"`
	Recurrence                 *PatternedRecurrence `json:"recurrence,omitempty"`
	ReminderMinutesBeforeStart *int                 `json:"reminderMinutesBeforeStart,omitempty"`
	IsReminderOn               *bool                `json:"isReminderOn,omitempty"`
	ResponseRequested          *bool                `json:"responseRequested,omitempty"`
	AllowNewTimeProposals      *bool                `json:"allowNewTimeProposals,omitempty"`
	HideAttendees              *bool                `json:"hideAttendees,omitempty"`
	ShowAs                     *string              `json:"showAs,omitempty"`
	Sensitivity                *string              `json:"sensitivity,omitempty"`
	Importance                 *string              `json:"importance,omitempty"`
	Categories                 []string             `json:"categories,omitempty"`
	IsOnlineMeeting            *bool                `json:"isOnlineMeeting,omitempty"`
	OnlineMeetingProvider      *string              `json:"onlineMeetingProvider,omitempty"`
	OnlineMeeting              *OnlineMeetingInfo   `json:"onlineMeeting,omitempty"`
	ICalUID                    *string              `json:"iCalUId,omitempty"`
	WebLink                    *string              `json:"webLink,omitempty"`
	Type                       *string              `json:"type,omitempty"`
	IsCancelled                *bool                `json:"isCancelled,omitempty"`
	IsOrganizer                *bool                `json:"isOrganizer,omitempty"`
	CreatedDateTime            *string              `json:"createdDateTime,omitempty"`
	LastModifiedDateTime       *string              `json:"lastModifiedDateTime,omitempty"`
	ChangeKey                  *string              `json:"changeKey,omitempty"`
	// SeriesMasterID and OriginalStart are an occurrence's: its series,
	// and the start the pattern gave it (UTC), whatever it was moved to.
	SeriesMasterID *string `json:"seriesMasterId,omitempty"`
	OriginalStart  *string `json:"originalStart,omitempty"`
	// SingleValueExtendedProperties is written inline on create and on
	// PATCH; Graph returns it only when a GET expands it.
	SingleValueExtendedProperties []SingleValueExtendedProperty `json:"singleValueExtendedProperties,omitempty"`
}

// ExtendedProperty returns the value of the single-value extended property
// with id, if the event carries it. Property ids are compared exactly, as
// Graph compares their names.
func (e *Event) ExtendedProperty(id string) (string, bool) {
	for _, p := range e.SingleValueExtendedProperties {
		if p.ID == id {
			return p.Value, true
		}
	}
	return "", false
}

// DateTimeTimeZone is a microsoft.graph.dateTimeTimeZone: a wall-clock time
// without offset ("2026-03-30T09:00:00"; Graph answers with seven
// fractional digits) in a named time zone.
type DateTimeTimeZone struct {
	DateTime string `json:"dateTime"`
	TimeZone string `json:"timeZone,omitempty"`
}

// Location is the part of a microsoft.graph.location this client uses.
type Location struct {
	DisplayName  string `json:"displayName"`
	LocationType string `json:"locationType,omitempty"`
	UniqueID     string `json:"uniqueId,omitempty"`
	UniqueIDType string `json:"uniqueIdType,omitempty"`
}

// EmailAddress is a microsoft.graph.emailAddress.
type EmailAddress struct {
	Address string `json:"address"`
	Name    string `json:"name,omitempty"`
}

// Recipient is a microsoft.graph.recipient.
type Recipient struct {
	EmailAddress EmailAddress `json:"emailAddress"`
}

// Attendee is a microsoft.graph.attendee. Status is server-maintained.
type Attendee struct {
	EmailAddress EmailAddress    `json:"emailAddress"`
	Type         string          `json:"type,omitempty"`
	Status       *ResponseStatus `json:"status,omitempty"`
}

// ResponseStatus is a microsoft.graph.responseStatus.
type ResponseStatus struct {
	Response string `json:"response,omitempty"`
	Time     string `json:"time,omitempty"`
}

// Attendee types.
const (
	AttendeeRequired = "required"
	AttendeeOptional = "optional"
	AttendeeResource = "resource"
)

// MaxAttendees is Graph's limit of attendees per event.
const MaxAttendees = 500

// PatternedRecurrence is a microsoft.graph.patternedRecurrence.
type PatternedRecurrence struct {
	Pattern RecurrencePattern `json:"pattern"`
	Range   RecurrenceRange   `json:"range"`
}

// RecurrencePattern is a microsoft.graph.recurrencePattern. Graph answers
// with every member, the unused ones as 0 or defaults ("sunday", "first").
type RecurrencePattern struct {
	Type           string   `json:"type"`
	Interval       int      `json:"interval"`
	DaysOfWeek     []string `json:"daysOfWeek,omitempty"`
	DayOfMonth     int      `json:"dayOfMonth,omitempty"`
	Month          int      `json:"month,omitempty"`
	Index          string   `json:"index,omitempty"`
	FirstDayOfWeek string   `json:"firstDayOfWeek,omitempty"`
}

// RecurrenceRange is a microsoft.graph.recurrenceRange.
type RecurrenceRange struct {
	Type                string `json:"type"`
	StartDate           string `json:"startDate"`
	EndDate             string `json:"endDate,omitempty"`
	NumberOfOccurrences int    `json:"numberOfOccurrences,omitempty"`
	RecurrenceTimeZone  string `json:"recurrenceTimeZone,omitempty"`
}

// OnlineMeetingInfo is a microsoft.graph.onlineMeetingInfo: the Teams
// meeting of a calendar event.
type OnlineMeetingInfo struct {
	JoinURL      string `json:"joinUrl,omitempty"`
	ConferenceID string `json:"conferenceId,omitempty"`
	TollNumber   string `json:"tollNumber,omitempty"`
}

// SingleValueExtendedProperty is a
// microsoft.graph.singleValueLegacyExtendedProperty.
type SingleValueExtendedProperty struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

// EventUpdate is an event PATCH body. Graph mails attendees about most
// PATCHes, so a caller sends only what changed; Fields lists, in Graph's
// names, the properties the body carries, and an empty list means the
// update sends nothing. Recurrence may be sent as null (RemoveRecurrence)
// to make a series a single event.
type EventUpdate struct {
	Subject                       *string
	Body                          *ItemBody
	Start, End                    *DateTimeTimeZone
	Location                      *Location
	Attendees                     []Attendee
	SetAttendees                  bool // send Attendees, even when empty
	Recurrence                    *PatternedRecurrence
	RemoveRecurrence              bool
	ReminderMinutesBeforeStart    *int
	IsReminderOn                  *bool
	ResponseRequested             *bool
	AllowNewTimeProposals         *bool
	HideAttendees                 *bool
	ShowAs                        *string
	Sensitivity                   *string
	Importance                    *string
	Categories                    []string
	SetCategories                 bool // send Categories, even when empty
	SingleValueExtendedProperties []SingleValueExtendedProperty
}

// fields returns the PATCH body as Graph's property names and values.
func (u EventUpdate) fields() map[string]any {
	f := map[string]any{}
	put := func(name string, v any, set bool) {
		if set {
			f[name] = v
		}
	}
	put("subject", u.Subject, u.Subject != nil)
	put("body", u.Body, u.Body != nil)
	put("start", u.Start, u.Start != nil)
	put("end", u.End, u.End != nil)
	put("location", u.Location, u.Location != nil)
	put("attendees", nonNil(u.Attendees), u.SetAttendees)
	put("recurrence", u.Recurrence, u.Recurrence != nil || u.RemoveRecurrence)
	put("reminderMinutesBeforeStart", u.ReminderMinutesBeforeStart, u.ReminderMinutesBeforeStart != nil)
	put("isReminderOn", u.IsReminderOn, u.IsReminderOn != nil)
	put("responseRequested", u.ResponseRequested, u.ResponseRequested != nil)
	put("allowNewTimeProposals", u.AllowNewTimeProposals, u.AllowNewTimeProposals != nil)
	put("hideAttendees", u.HideAttendees, u.HideAttendees != nil)
	put("showAs", u.ShowAs, u.ShowAs != nil)
	put("sensitivity", u.Sensitivity, u.Sensitivity != nil)
	put("importance", u.Importance, u.Importance != nil)
	put("categories", nonNil(u.Categories), u.SetCategories)
	put("singleValueExtendedProperties", u.SingleValueExtendedProperties, len(u.SingleValueExtendedProperties) > 0)
	return f
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Fields lists the Graph properties the update carries, sorted.
func (u EventUpdate) Fields() []string {
	return slices.Sorted(maps.Keys(u.fields()))
}

// IsEmpty reports whether u would PATCH nothing.
func (u EventUpdate) IsEmpty() bool { return len(u.fields()) == 0 }

// MarshalJSON writes only the properties the update carries.
func (u EventUpdate) MarshalJSON() ([]byte, error) { return json.Marshal(u.fields()) }
