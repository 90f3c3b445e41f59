package graph_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

const listPropID = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name externalId"

// addSession adds an out-of-band event to the organizer's calendar: start
// a UTC wall-clock time, an hour long.
func addSession(mock *graphmock.Instance, subject, start string, teams bool, key string) graph.Event {
	t, _ := time.Parse("2006-01-02T15:04:05", start)
	e := graph.Event{
		Subject: graph.Ptr(subject),
		Start:   &graph.DateTimeTimeZone{DateTime: start, TimeZone: "UTC"},
		End:     &graph.DateTimeTimeZone{DateTime: t.Add(time.Hour).Format("2006-01-02T15:04:05"), TimeZone: "UTC"},
	}
	if teams {
		e.IsOnlineMeeting = graph.Ptr(true)
	}
	if key != "" {
		e.SingleValueExtendedProperties = []graph.SingleValueExtendedProperty{{ID: listPropID, Value: key}}
	}
	return mock.AddEvent(organizer, e)
}

// listAll runs ListEvents and returns the subjects of each page.
func listAll(t *testing.T, c *graph.Client, q graph.EventListQuery) ([][]string, []graph.Event, error) {
	t.Helper()
	var pages [][]string
	var events []graph.Event
	err := c.ListEvents(context.Background(), organizer, q, func(page []graph.Event) error {
		var subjects []string
		for _, e := range page {
			subjects = append(subjects, *e.Subject)
		}
		pages = append(pages, subjects)
		events = append(events, page...)
		return nil
	})
	return pages, events, err
}

func TestListEvents(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	c := newClient(t, mock)
	addSession(mock, "Module 3", "2026-03-16T09:00:00", true, "")
	addSession(mock, "Module 1", "2026-03-02T09:00:00", true, "m1")
	addSession(mock, "Before the window", "2026-03-02T08:59:59", true, "")
	addSession(mock, "Lunch module", "2026-03-03T12:00:00", false, "")
	addSession(mock, "Module 2", "2026-03-09T09:00:00", true, "")
	addSession(mock, "Other topic", "2026-03-10T09:00:00", true, "")
	addSession(mock, "After the window module", "2026-04-01T09:00:00", true, "")
	cancelled := addSession(mock, "Module 2b (cancelled)", "2026-03-11T09:00:00", true, "")
	mock.MarkEventCancelled(cancelled.ID)
	mock.ReceiveEvent(organizer, "adelev@contoso.example", graph.Event{
		Subject: graph.Ptr("Module review (invited)"), IsOnlineMeeting: graph.Ptr(true),
		Start: &graph.DateTimeTimeZone{DateTime: "2026-03-04T09:00:00", TimeZone: "UTC"},
		End:   &graph.DateTimeTimeZone{DateTime: "2026-03-04T10:00:00", TimeZone: "UTC"},
	})

	berlin, _ := time.LoadLocation("Europe/Berlin")
	q := graph.EventListQuery{
		StartFrom:        time.Date(2026, 3, 2, 10, 0, 0, 0, berlin), // 09:00Z
		StartBefore:      time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC),
		SubjectContains:  "MODULE",
		OnlineOnly:       true,
		OrganizerOnly:    true,
		ExcludeCancelled: true,
		TimeZone:         "W. Europe Standard Time",
		PageSize:         2,
		ExtendedProperty: listPropID,
	}
	pages, events, err := listAll(t, c, q)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"Module 1", "Module 2"}, {"Module 3"}}; !reflect.DeepEqual(pages, want) {
		t.Errorf("pages = %v, want %v", pages, want)
	}
	if e := events[0]; e.Start.TimeZone != "W. Europe Standard Time" || e.Start.DateTime != "2026-03-02T10:00:00.0000000" ||
		!*e.IsOrganizer || *e.IsCancelled || *e.Type != "singleInstance" {
		t.Errorf("first event: %+v", e)
	}
	if v, ok := events[0].ExtendedProperty(listPropID); !ok || v != "m1" {
		t.Errorf("the expanded property: %q %v", v, ok)
	}
	if _, ok := events[1].ExtendedProperty(listPropID); ok || events[1].SingleValueExtendedProperties == nil {
		t.Errorf("an event without the property: %v", events[1].SingleValueExtendedProperties)
	}

	reqs := mock.RequestsTo(graphmock.RouteEventList)
	if len(reqs) != 2 {
		t.Fatalf("%d list requests, want 2 (pages of 2 of what Graph filtered)", len(reqs))
	}
	first, _ := url.ParseQuery(reqs[0].Query)
	wantFilter := "start/dateTime ge '2026-03-02T09:00:00' and start/dateTime lt '2026-04-01T09:00:00' and contains(subject,'MODULE') and " +
		"isOnlineMeeting eq true and isOrganizer eq true and isCancelled eq false"
	if first.Get("$filter") != wantFilter || first.Get("$orderby") != "start/dateTime" ||
		first.Get("$expand") != "singleValueExtendedProperties($filter=id eq '"+listPropID+"')" || strings.Contains(reqs[0].Query, "+") {
		t.Errorf("first page query: %s", reqs[0].Query)
	}
	for i, r := range reqs {
		prefer := strings.Join(r.Headers.Values("Prefer"), ", ")
		if !r.ImmutableID || !strings.Contains(prefer, `outlook.timezone="W. Europe Standard Time"`) || !strings.Contains(prefer, "odata.maxpagesize=2") || r.Status != 200 {
			t.Errorf("page %d: status %d, Prefer %q, immutable ids %v", i, r.Status, prefer, r.ImmutableID)
		}
	}
	if next, _ := url.ParseQuery(reqs[1].Query); next.Get("$skiptoken") == "" || next.Get("$filter") != wantFilter {
		t.Errorf("the second page must be the nextLink: %s", reqs[1].Query)
	}
}

func TestListEventsPaging(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	c := newClient(t, mock)
	var want []string
	for i := range 23 {
		addSession(mock, fmt.Sprintf("Session %02d", i), fmt.Sprintf("2026-05-%02dT09:00:00", i+1), true, "")
		want = append(want, fmt.Sprintf("Session %02d", i))
	}
	pages, _, err := listAll(t, c, graph.EventListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var sizes []int
	for _, p := range pages {
		got = append(got, p...)
		sizes = append(sizes, len(p))
	}
	if !reflect.DeepEqual(sizes, []int{10, 10, 3}) || !reflect.DeepEqual(got, want) {
		t.Errorf("Graph's default pages: %v, %v", sizes, got)
	}
	if r := mock.RequestsTo(graphmock.RouteEventList)[0]; r.Query != "$orderby=start%2FdateTime" || strings.Contains(strings.Join(r.Headers.Values("Prefer"), ","), "maxpagesize") {
		t.Errorf("an open query: %s, Prefer %v", r.Query, r.Headers.Values("Prefer"))
	}

	// A 429 on a page is retried; the listing goes on.
	mock.ResetRequests()
	got = nil
	err = c.ListEvents(context.Background(), organizer, graph.EventListQuery{PageSize: 5}, func(page []graph.Event) error {
		if len(got) == 0 {
			mock.FailNext(graphmock.Failure{Route: graphmock.RouteEventList, Count: 2, Status: 429, Code: "TooManyRequests", Message: "Please retry again later."})
		}
		for _, e := range page {
			got = append(got, *e.Subject)
		}
		return nil
	})
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("with a throttled page: %v, %v", err, got)
	}
	reqs := mock.RequestsTo(graphmock.RouteEventList)
	if len(reqs) != 7 || reqs[1].Status != 429 || reqs[2].Status != 429 || reqs[3].Status != 200 ||
		reqs[3].Headers.Get("Retry-Attempt") != "2" || reqs[1].Query != reqs[3].Query {
		t.Errorf("requests: %d", len(reqs))
		for _, r := range reqs {
			t.Logf("  %d %s Retry-Attempt %q", r.Status, r.Query, r.Headers.Get("Retry-Attempt"))
		}
	}

	// The callback's error stops the listing and comes back as it is.
	mock.ResetRequests()
	stop := errors.New("enough")
	calls := 0
	err = c.ListEvents(context.Background(), organizer, graph.EventListQuery{}, func([]graph.Event) error { calls++; return stop })
	if err != stop || calls != 1 || mock.CountRequests(graphmock.RouteEventList) != 1 {
		t.Errorf("stopping: %v after %d calls, %d requests", err, calls, mock.CountRequests(graphmock.RouteEventList))
	}

	// Other errors are Graph's.
	mock.FailNext(graphmock.Failure{Route: graphmock.RouteEventList, Status: 403, Code: "ErrorAccessDenied", Message: "Access to OData is disabled."})
	err = c.ListEvents(context.Background(), organizer, graph.EventListQuery{}, func([]graph.Event) error { return nil })
	if e, ok := graph.AsError(err); !ok || e.Code != "ErrorAccessDenied" {
		t.Errorf("a 403: %v", err)
	}
}

// TestListEventsFilterRefused: a Graph that refuses the filter gets a
// narrower one, and the client filters the rest.
func TestListEventsFilterRefused(t *testing.T) {
	t.Parallel()
	for refusals, wantFilter := range map[int]string{
		1: "start/dateTime ge '2026-03-01T00:00:00' and start/dateTime lt '2026-03-31T00:00:00'",
		2: "",
	} {
		mock := newMock(t, graphmock.Config{})
		c := newClient(t, mock)
		addSession(mock, "Teams in", "2026-03-02T09:00:00", true, "")
		addSession(mock, "Plain in", "2026-03-03T09:00:00", false, "")
		addSession(mock, "Teams out", "2026-04-02T09:00:00", true, "")
		addSession(mock, "Teams early", "2026-02-02T09:00:00", true, "")
		mock.FailNext(graphmock.Failure{Route: graphmock.RouteEventList, Count: refusals, Status: 400, Code: "ErrorInvalidUrlQueryFilter", Message: "The query filter contains one or more invalid nodes."})
		pages, _, err := listAll(t, c, graph.EventListQuery{
			StartFrom: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), StartBefore: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC),
			OnlineOnly: true, OrganizerOnly: true, ExcludeCancelled: true,
		})
		if err != nil || !reflect.DeepEqual(pages, [][]string{{"Teams in"}}) {
			t.Errorf("%d refusals: %v, %v", refusals, pages, err)
		}
		reqs := mock.RequestsTo(graphmock.RouteEventList)
		if last, _ := url.ParseQuery(reqs[len(reqs)-1].Query); len(reqs) != refusals+1 || last.Get("$filter") != wantFilter {
			t.Errorf("%d refusals: %d requests, last %s", refusals, len(reqs), reqs[len(reqs)-1].Query)
		}
	}

	// A 400 of every form is the last one's.
	mock := newMock(t, graphmock.Config{})
	mock.FailNext(graphmock.Failure{Route: graphmock.RouteEventList, Count: 3, Status: 400, Code: "BadRequest", Message: "no"})
	_, _, err := listAll(t, newClient(t, mock), graph.EventListQuery{SubjectContains: "x", StartFrom: time.Now()})
	if e, ok := graph.AsError(err); !ok || e.StatusCode != 400 || mock.CountRequests(graphmock.RouteEventList) != 3 {
		t.Errorf("three refusals: %v, %d requests", err, mock.CountRequests(graphmock.RouteEventList))
	}
}

// TestListEventsWindowRounding: wall-clock literals have whole seconds;
// the client widens the window to them and narrows the answer itself.
func TestListEventsWindowRounding(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	c := newClient(t, mock)
	addSession(mock, "at 09:00:00", "2026-03-02T09:00:00", true, "")
	addSession(mock, "at 09:00:01", "2026-03-02T09:00:01", true, "")
	addSession(mock, "at 09:00:02", "2026-03-02T09:00:02", true, "")
	pages, _, err := listAll(t, c, graph.EventListQuery{
		StartFrom:   time.Date(2026, 3, 2, 9, 0, 0, 500_000_000, time.UTC),
		StartBefore: time.Date(2026, 3, 2, 9, 0, 1, 500_000_000, time.UTC),
	})
	if err != nil || !reflect.DeepEqual(pages, [][]string{{"at 09:00:01"}}) {
		t.Errorf("pages %v, %v", pages, err)
	}
	q, _ := url.ParseQuery(mock.RequestsTo(graphmock.RouteEventList)[0].Query)
	if q.Get("$filter") != "start/dateTime ge '2026-03-02T09:00:00' and start/dateTime lt '2026-03-02T09:00:02'" {
		t.Errorf("$filter %s", q.Get("$filter"))
	}
}

// TestListEventsForeignNextLink: a nextLink off the endpoint would carry
// the token elsewhere; it is not followed.
func TestListEventsForeignNextLink(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	var mu sync.Mutex
	var hosts []string
	c := newClient(t, mock, func(o *graph.Options) {
		o.Transport = roundTripper(func(req *http.Request) (*http.Response, error) {
			mu.Lock()
			hosts = append(hosts, req.URL.Host)
			mu.Unlock()
			if strings.HasSuffix(req.URL.Path, "/events") {
				body := `{"value":[],"@odata.nextLink":"https://evil.example/v1.0/users/` + organizer + `/events?$skiptoken=x"}`
				return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
			}
			return http.DefaultTransport.RoundTrip(req)
		})
	})
	err := c.ListEvents(context.Background(), organizer, graph.EventListQuery{}, func([]graph.Event) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "not followed") {
		t.Errorf("err = %v", err)
	}
	for _, h := range hosts {
		if h == "evil.example" {
			t.Error("the foreign nextLink was followed")
		}
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestListEventsMailboxGate: listings of one mailbox in parallel stay
// within its four concurrent requests.
func TestListEventsMailboxGate(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	c := newClient(t, mock)
	for i := range 12 {
		addSession(mock, fmt.Sprintf("S%02d", i), fmt.Sprintf("2026-05-%02dT09:00:00", i+1), true, "")
	}
	mock.SetFaults(graphmock.Faults{Latency: 50 * time.Millisecond})
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			errs[i] = c.ListEvents(context.Background(), organizer, graph.EventListQuery{PageSize: 3}, func([]graph.Event) error { return nil })
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if n := mock.Stats().MailboxConcurrency429; n != 0 || mock.CountRequests(graphmock.RouteEventList) != 8*4 {
		t.Errorf("%d answers 429 ApplicationThrottled, %d pages; want none and 32", n, mock.CountRequests(graphmock.RouteEventList))
	}
}
