package graphmock

import (
	"fmt"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// A hand-made programme: what a trainer's mailbox holds before the team
// adopts the provider, for the tests of terraform query.

// ProgrammeWindow is the window, in Europe/Berlin, that holds the
// programme's sessions: [ProgrammeStart, ProgrammeEnd).
const (
	ProgrammeStart = "2027-03-01"
	ProgrammeEnd   = "2027-07-01"
)

// The weekly lab's holiday and moved session in a hand-made programme.
const (
	ProgrammeLabHoliday = "2027-03-31"
	ProgrammeLabMoved   = "2027-03-17"
)

// Programme is what AddHandMadeProgramme put in a mailbox.
type Programme struct {
	// Sessions are the events a listing of the window finds: Teams
	// meetings the mailbox organizes, single events and one weekly
	// series, none with the provider's key.
	Sessions []graph.Event
	// Others are events the listing must leave out: a cancelled session,
	// an invitation from someone else, a session that is no Teams meeting,
	// and sessions before and after the window.
	Others []graph.Event
}

// AddHandMadeProgramme adds to mailbox, as someone using Outlook would, the
// given number of sessions in Berlin time (each with attendee as a
// required attendee), a weekly series with a holiday and a moved session,
// and the events a listing must leave out. Only the series' holiday and
// moved session mail (as Outlook does); the events arrive without mail.
func (s *Server) AddHandMadeProgramme(mailbox, attendee string, sessions int) Programme {
	var p Programme
	event := func(subject, date string, online bool) graph.Event {
		return graph.Event{
			Subject:         graph.Ptr(subject),
			Body:            &graph.ItemBody{ContentType: graph.Ptr("text"), Content: graph.Ptr("Bring a laptop.")},
			Start:           &graph.DateTimeTimeZone{DateTime: date + "T09:00:00", TimeZone: "W. Europe Standard Time"},
			End:             &graph.DateTimeTimeZone{DateTime: date + "T10:30:00", TimeZone: "W. Europe Standard Time"},
			Location:        &graph.Location{DisplayName: "Room 4"},
			Attendees:       []graph.Attendee{{EmailAddress: graph.EmailAddress{Address: attendee}, Type: graph.AttendeeRequired}},
			IsOnlineMeeting: graph.Ptr(online), OnlineMeetingProvider: graph.Ptr("teamsForBusiness"),
		}
	}
	first := time.Date(2027, time.March, 1, 0, 0, 0, 0, time.UTC)
	for i := range sessions {
		// Every other day from 1 March: up to 60 sessions fit the window.
		date := first.AddDate(0, 0, 2*i).Format(time.DateOnly)
		p.Sessions = append(p.Sessions, s.AddEvent(mailbox, event(fmt.Sprintf("Terraform module %d", i+1), date, true)))
	}
	lab := event("Terraform lab", "2027-03-03", true)
	lab.Recurrence = &graph.PatternedRecurrence{
		Pattern: graph.RecurrencePattern{Type: "weekly", Interval: 1, DaysOfWeek: []string{"wednesday"}, FirstDayOfWeek: "monday"},
		Range:   graph.RecurrenceRange{Type: "numbered", StartDate: "2027-03-03", NumberOfOccurrences: 10, RecurrenceTimeZone: "W. Europe Standard Time"},
	}
	lab = s.AddEvent(mailbox, lab)
	p.Sessions = append(p.Sessions, lab)
	// The lab has no session in the Easter week, and its session of
	// 17 March moved to Thursday, in Room 5; Outlook mailed both.
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if err := s.CancelOccurrence(lab.ID, ProgrammeLabHoliday, "Easter break"); err != nil {
		panic(err)
	}
	if err := s.MoveOccurrence(lab.ID, ProgrammeLabMoved, time.Date(2027, time.March, 18, 9, 0, 0, 0, berlin), time.Date(2027, time.March, 18, 10, 30, 0, 0, berlin), "Room 5"); err != nil {
		panic(err)
	}

	cancelled := s.AddEvent(mailbox, event("Terraform module 0 (cancelled)", "2027-03-15", true))
	s.MarkEventCancelled(cancelled.ID)
	cancelled.IsCancelled = graph.Ptr(true)
	p.Others = append(p.Others,
		cancelled,
		s.ReceiveEvent(mailbox, "someone@fabrikam.example", event("Vendor briefing", "2027-03-09", true)),
		s.AddEvent(mailbox, event("Room booking", "2027-03-10", false)),
		s.AddEvent(mailbox, event("Last year's module", "2026-11-02", true)),
		s.AddEvent(mailbox, event("Next year's module", "2027-09-06", true)),
	)
	return p
}
