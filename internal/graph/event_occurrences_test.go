package graph_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// addWeeklySeries adds an out-of-band weekly series of n Mondays from
// 2027-03-22, 14:00 to 16:00 in Berlin, with one attendee.
func addWeeklySeries(mock *graphmock.Instance, n int) graph.Event {
	return mock.AddEvent(organizer, graph.Event{
		Subject:   graph.Ptr("Weekly lab"),
		Start:     &graph.DateTimeTimeZone{DateTime: "2027-03-22T14:00:00", TimeZone: "Europe/Berlin"},
		End:       &graph.DateTimeTimeZone{DateTime: "2027-03-22T16:00:00", TimeZone: "Europe/Berlin"},
		Attendees: []graph.Attendee{{EmailAddress: graph.EmailAddress{Address: "trainee@contoso.example"}, Type: graph.AttendeeRequired}},
		Recurrence: &graph.PatternedRecurrence{
			Pattern: graph.RecurrencePattern{Type: "weekly", Interval: 1, DaysOfWeek: []string{"monday"}},
			Range:   graph.RecurrenceRange{Type: "numbered", StartDate: "2027-03-22", NumberOfOccurrences: n},
		},
	})
}

// instances lists a series' occurrences over its whole span.
func instances(t *testing.T, c *graph.Client, seriesID string) []graph.Event {
	t.Helper()
	var all []graph.Event
	err := c.ListInstances(context.Background(), organizer, seriesID, "Europe/Berlin",
		time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC),
		func(page []graph.Event) error { all = append(all, page...); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// TestListInstances: every occurrence, over as many pages as it takes,
// with its original start, in the zone asked for, and the ids Graph gave.
func TestListInstances(t *testing.T) {
	t.Parallel()
	for _, n := range []int{3, 150} {
		mock := newMock(t, graphmock.Config{})
		c := newClient(t, mock)
		series := addWeeklySeries(mock, n)
		got := instances(t, c, series.ID)
		if len(got) != n {
			t.Fatalf("%d occurrences, want %d", len(got), n)
		}
		if pages, want := mock.CountRequests(graphmock.RouteEventInstances), (n+99)/100; pages != want {
			t.Errorf("%d occurrences in %d requests, want %d (pages of 100)", n, pages, want)
		}
		first := got[0]
		if first.ID == series.ID || first.SeriesMasterID == nil || *first.SeriesMasterID != series.ID {
			t.Errorf("the first occurrence has id %q and series %v, want its own id in the series %q", first.ID, first.SeriesMasterID, series.ID)
		}
		if start, err := first.OriginalStartTime(); err != nil || !start.Equal(time.Date(2027, 3, 22, 13, 0, 0, 0, time.UTC)) {
			t.Errorf("the first occurrence's original start = %v (%v), want 13:00 UTC", start, err)
		}
		if first.Start == nil || first.Start.TimeZone != "Europe/Berlin" || !strings.HasPrefix(first.Start.DateTime, "2027-03-22T14:00:00") {
			t.Errorf("the first occurrence starts %+v, want 14:00 in Europe/Berlin", first.Start)
		}
		req := mock.RequestsTo(graphmock.RouteEventInstances)[0]
		if !strings.Contains(req.Query, "startDateTime=2027-03-01T00%3A00%3A00Z") || !strings.Contains(req.Query, "$select=id") {
			t.Errorf("the instances request's query is %q, want the window in UTC and a $select", req.Query)
		}
	}
}

// TestCancelOccurrence: with a comment, the cancel action; without, the
// occurrence's DELETE. Each mails the attendee one cancellation for that
// date, and the occurrence leaves the series' instances.
func TestCancelOccurrence(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		comment string
		route   graphmock.Route
	}{{"Public holiday", graphmock.RouteEventCancel}, {"", graphmock.RouteEventDelete}} {
		mock := newMock(t, graphmock.Config{})
		c := newClient(t, mock)
		series := addWeeklySeries(mock, 3)
		second := instances(t, c, series.ID)[1]
		if err := c.CancelOccurrence(context.Background(), organizer, second.ID, tc.comment); err != nil {
			t.Fatal(err)
		}
		if n := mock.CountRequests(tc.route); n != 1 {
			t.Errorf("comment %q: %s requests = %d, want 1", tc.comment, tc.route, n)
		}
		if n := mock.CountOccurrenceMail(graphmock.MailCancellation, "trainee@contoso.example", "2027-03-29"); n != 1 {
			t.Errorf("comment %q: cancellations for 2027-03-29 = %d, want 1 (outbox %v)", tc.comment, n, mock.Outbox())
		}
		if left := instances(t, c, series.ID); len(left) != 2 {
			t.Errorf("comment %q: %d occurrences left, want 2", tc.comment, len(left))
		}
	}
}

// TestCancelOccurrenceNotRepeated: a cancel whose answer is lost is not
// sent again by the client: Graph may have carried it out, and a second
// one would mail everyone twice. OutcomeUnknown says so.
func TestCancelOccurrenceNotRepeated(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{Faults: graphmock.Faults{DropOccurrenceCancelEvery: 1}})
	c := newClient(t, mock)
	series := addWeeklySeries(mock, 3)
	err := c.CancelOccurrence(context.Background(), organizer, instances(t, c, series.ID)[0].ID, "Public holiday")
	if err == nil || !graph.OutcomeUnknown(err) {
		t.Fatalf("CancelOccurrence = %v, want an error whose outcome is unknown", err)
	}
	if n := mock.CountRequests(graphmock.RouteEventCancel); n != 1 {
		t.Errorf("cancel requests = %d, want 1", n)
	}
	if n := mock.CountMail(graphmock.MailCancellation, ""); n != 1 {
		t.Errorf("cancellations = %d, want 1", n)
	}
}
