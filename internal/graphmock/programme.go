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
	ProgrammeStart = "2026-03-01"
	ProgrammeEnd   = "2026-07-01"
)

// The weekly lab's holiday and moved session in a hand-made programme.
const (
	ProgrammeLabHoliday = "2026-04-01"
	ProgrammeLabMoved   = "2026-03-18"
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
	first := time.Date(2026, time.March, 2, 0, 0, 0, 0, time.UTC)
	for i := range sessions {
		// Every other day from 2 March: up to 60 sessions fit the window.
		date := first.AddDate(0, 0, 2*i).Format(time.DateOnly)
		p.Sessions = append(p.Sessions, s.AddEvent(mailbox, event(fmt.Sprintf("Terraform module %d", i+1), date, true)))
	}
	lab := event("Terraform lab", "2026-03-04", true)
	lab.Recurrence = &graph.PatternedRecurrence{
		Pattern: graph.RecurrencePattern{Type: "weekly", Interval: 1, DaysOfWeek: []string{"wednesday"}, FirstDayOfWeek: "monday"},
		Range:   graph.RecurrenceRange{Type: "numbered", StartDate: "2026-03-04", NumberOfOccurrences: 10, RecurrenceTimeZone: "W. Europe Standard Time"},
	}
	lab = s.AddEvent(mailbox, lab)
	p.Sessions = append(p.Sessions, lab)
	// The lab has no session in the Easter week, and its session of
	// 18 March moved to Thursday, in Room 5; Outlook mailed both.
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if err := s.CancelOccurrence(lab.ID, ProgrammeLabHoliday, "Easter break"); err != nil {
		panic(err)
	}
	if err := s.MoveOccurrence(lab.ID, ProgrammeLabMoved, time.Date(2026, time.March, 19, 9, 0, 0, 0, berlin), time.Date(2026, time.March, 19, 10, 30, 0, 0, berlin), "Room 5"); err != nil {
		panic(err)
	}

	cancelled := s.AddEvent(mailbox, event("Terraform module 0 (cancelled)", "2026-03-16", true))
	s.MarkEventCancelled(cancelled.ID)
	cancelled.IsCancelled = graph.Ptr(true)
	p.Others = append(p.Others,
		cancelled,
		s.ReceiveEvent(mailbox, "someone@fabrikam.example", event("Vendor briefing", "2026-03-10", true)),
		s.AddEvent(mailbox, event("Room booking", "2026-03-11", false)),
		s.AddEvent(mailbox, event("Last year's module", "2025-11-03", true)),
		s.AddEvent(mailbox, event("Next year's module", "2026-09-07", true)),
	)
	return p
}
