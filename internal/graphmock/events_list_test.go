package graphmock_test

import (
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// listEvent is an out-of-band event of the list tests: start is a UTC
// wall-clock time, the event lasts an hour.
func listEvent(subject, start string, teams bool) graph.Event {
	t, err := time.Parse("2006-01-02T15:04:05", start)
	if err != nil {
		panic(err)
	}
	e := graph.Event{
		Subject: graph.Ptr(subject),
		Start:   &graph.DateTimeTimeZone{DateTime: start, TimeZone: "UTC"},
		End:     &graph.DateTimeTimeZone{DateTime: t.Add(time.Hour).Format("2006-01-02T15:04:05"), TimeZone: "UTC"},
	}
	if teams {
		e.IsOnlineMeeting = graph.Ptr(true)
	}
	return e
}

// listSetup holds a mailbox with: its own sessions (one a Teams series),
// an invitation from Adele, a cancelled meeting, and another mailbox's
// event, which no listing of the first may show.
func listSetup(t *testing.T) *graphmock.Instance {
	t.Helper()
	ts := graphmock.NewTestServer(t, eventsConfig())
	ts.AddEvent(organizerID, listEvent("Kick-off", "2026-03-02T09:00:00", true))
	ts.AddEvent(organizerID, listEvent("Module 1: Basics", "2026-03-09T09:00:00", true))
	series := listEvent("Weekly O'Brien sync", "2026-03-03T15:00:00", true)
	series.Recurrence = &graph.PatternedRecurrence{
		Pattern: graph.RecurrencePattern{Type: "weekly", Interval: 1, DaysOfWeek: []string{"tuesday"}},
		Range:   graph.RecurrenceRange{Type: "noEnd", StartDate: "2026-03-03"},
	}
	ts.AddEvent(organizerID, series)
	ts.AddEvent(organizerID, listEvent("Lunch", "2026-03-10T12:00:00", false))
	ts.ReceiveEvent(organizerID, "adelev@contoso.onmicrosoft.com", listEvent("Adele's review", "2026-03-11T10:00:00", true))
	cancelled := ts.AddEvent(organizerID, listEvent("Module 2: Cancelled", "2026-03-16T09:00:00", true))
	if !ts.MarkEventCancelled(cancelled.ID) {
		t.Fatal("MarkEventCancelled found no event")
	}
	ts.AddEvent(adeleID, listEvent("Adele's own", "2026-03-02T09:00:00", true))
	return ts
}

// listPage GETs one page of the list; query is a raw query, headers as
// send takes them.
func listPage(t *testing.T, ts *graphmock.Instance, query string, headers ...string) answer {
	t.Helper()
	path := eventsPath(organizerID)
	if query != "" {
		path += "?" + query
	}
	return send(t, ts, "GET", path, "", headers...)
}

func filterQuery(f string) string { return "$filter=" + url.QueryEscape(f) }

func subjects(a answer) []string {
	var out []string
	for _, v := range list(a.body, "value") {
		out = append(out, str(v, "subject"))
	}
	return out
}

func TestEventListFilters(t *testing.T) {
	t.Parallel()
	ts := listSetup(t)
	all := []string{"Kick-off", "Module 1: Basics", "Weekly O'Brien sync", "Lunch", "Adele's review", "Module 2: Cancelled"}
	tests := []struct {
		filter string
		want   []string
	}{
		{"", all},
		{"start/dateTime ge '2026-03-09T09:00:00'", []string{"Module 1: Basics", "Lunch", "Adele's review", "Module 2: Cancelled"}},
		{"start/dateTime gt '2026-03-09T09:00:00'", []string{"Lunch", "Adele's review", "Module 2: Cancelled"}},
		{"start/dateTime lt '2026-03-09T09:00:00'", []string{"Kick-off", "Weekly O'Brien sync"}},
		{"start/dateTime le '2026-03-09T09:00:00.0000000'", []string{"Kick-off", "Module 1: Basics", "Weekly O'Brien sync"}},
		{"start/dateTime ge '2026-03-03T00:00:00' and start/dateTime lt '2026-03-11T00:00:00'", []string{"Module 1: Basics", "Weekly O'Brien sync", "Lunch"}},
		{"end/dateTime le '2026-03-02T10:00:00'", []string{"Kick-off"}},
		{"contains(subject,'module')", []string{"Module 1: Basics", "Module 2: Cancelled"}},
		{"contains(subject, 'o''brien')", []string{"Weekly O'Brien sync"}},
		{"startswith(subject,'MODULE 1')", []string{"Module 1: Basics"}},
		{"subject eq 'lunch'", []string{"Lunch"}},
		{"isOrganizer eq false", []string{"Adele's review"}},
		{"isOnlineMeeting eq false", []string{"Lunch"}},
		{"isCancelled eq true", []string{"Module 2: Cancelled"}},
		{"type eq 'seriesMaster'", []string{"Weekly O'Brien sync"}},
		{"type eq 'occurrence'", nil},
		{"(isOrganizer eq true and isCancelled eq false) and isOnlineMeeting eq true and contains(subject,'o')", []string{"Kick-off", "Module 1: Basics", "Weekly O'Brien sync"}},
	}
	for _, tt := range tests {
		q := ""
		if tt.filter != "" {
			q = filterQuery(tt.filter)
		}
		a := listPage(t, ts, q)
		if a.status != 200 || !reflect.DeepEqual(subjects(a), tt.want) {
			t.Errorf("$filter=%s: %d %v, want %v (%s)", tt.filter, a.status, subjects(a), tt.want, a.raw)
		}
	}
	// Spaces encoded as + or %20 alike.
	if a := listPage(t, ts, "$filter=subject+eq+'Lunch'"); !reflect.DeepEqual(subjects(a), []string{"Lunch"}) {
		t.Errorf("+ for spaces: %s", a.raw)
	}

	// The invitation and the cancelled meeting, as Graph shows them.
	a := listPage(t, ts, filterQuery("isOrganizer eq false or isCancelled eq true"))
	if a.status != 400 {
		t.Fatalf("or: %d", a.status)
	}
	invitation := list(listPage(t, ts, filterQuery("isOrganizer eq false")).body, "value")[0]
	if at(invitation, "isOrganizer") != false || str(invitation, "organizer", "emailAddress", "address") != adeleUPN ||
		str(invitation, "organizer", "emailAddress", "name") != "Adele Vance" || str(invitation, "responseStatus", "response") != "notResponded" ||
		at(invitation, "isOnlineMeeting") != true || str(invitation, "onlineMeeting", "joinUrl") == "" {
		t.Errorf("the invitation: %v", invitation)
	}
	cancelled := list(listPage(t, ts, filterQuery("isCancelled eq true")).body, "value")[0]
	if at(cancelled, "isCancelled") != true || at(cancelled, "isOrganizer") != true {
		t.Errorf("the cancelled meeting: %v", cancelled)
	}
}

func TestEventListRefusedFilters(t *testing.T) {
	t.Parallel()
	ts := listSetup(t)
	tests := map[string]string{
		// Not OData: Graph's front end refuses them.
		"subject eq 'Lunch":                   "BadRequest",
		"contains(subject,'x'":                "BadRequest",
		"subject eq 'a' and":                  "BadRequest",
		"start/dateTime ge 2026-03-02T09:00Z": "BadRequest",
		"subject eq \"Lunch\"":                "BadRequest",
		// OData the mock does not take.
		"subject eq 'Lunch' or subject eq 'Kick-off'":             "ErrorInvalidUrlQueryFilter",
		"not (isCancelled eq true)":                               "ErrorInvalidUrlQueryFilter",
		"subject ne 'Lunch'":                                      "ErrorInvalidUrlQueryFilter",
		"bodyPreview eq 'x'":                                      "ErrorInvalidUrlQueryFilter",
		"contains(bodyPreview,'x')":                               "ErrorInvalidUrlQueryFilter",
		"endswith(subject,'x')":                                   "ErrorInvalidUrlQueryFilter",
		"attendees/any(a: a/emailAddress/address eq 'x')":         "ErrorInvalidUrlQueryFilter",
		"start/dateTime eq '2026-03-02T09:00:00'":                 "ErrorInvalidUrlQueryFilter",
		"start/dateTime ge '2026-03-02'":                          "ErrorInvalidUrlQueryFilter",
		"start/dateTime ge '2026-03-02T09:00:00Z'":                "ErrorInvalidUrlQueryFilter",
		"start/dateTime ge '2026-13-02T09:00:00'":                 "ErrorInvalidUrlQueryFilter",
		"isOrganizer eq 'true'":                                   "ErrorInvalidUrlQueryFilter",
		"isOrganizer":                                             "ErrorInvalidUrlQueryFilter",
		"type eq 'meeting'":                                       "ErrorInvalidUrlQueryFilter",
		"Subject eq 'Lunch'":                                      "ErrorInvalidUrlQueryFilter",
		"'Lunch' eq subject":                                      "ErrorInvalidUrlQueryFilter",
		"iCalUId eq '040000008200E00074C5B7101A82E008'":           "ErrorInvalidUrlQueryFilter",
		"isOnlineMeeting eq true and categories/any(c: c eq 'x')": "ErrorInvalidUrlQueryFilter",
	}
	for filter, code := range tests {
		a := listPage(t, ts, filterQuery(filter))
		if a.status != 400 || errorCode(a.body) != code || str(a.body, "error", "innerError", "request-id") == "" {
			t.Errorf("$filter=%s: %d %s, want 400 %s", filter, a.status, a.raw, code)
		}
	}
	for _, q := range []string{"$top=0", "$top=1001", "$top=ten", "$orderby=end/dateTime", "$orderby=subject%20up", "$skip=10", "$count=true", "$search=x"} {
		if a := listPage(t, ts, q); a.status != 400 || errorCode(a.body) != "BadRequest" {
			t.Errorf("%s: %d %s", q, a.status, a.raw)
		}
	}
}

// pages follows a listing to its end, checking each nextLink; it returns
// the subjects of every page.
func pages(t *testing.T, ts *graphmock.Instance, query string, headers ...string) [][]string {
	t.Helper()
	var out [][]string
	a := listPage(t, ts, query, headers...)
	for n := 0; ; n++ {
		if a.status != 200 || n > 100 {
			t.Fatalf("page %d: %d %s", n, a.status, a.raw)
		}
		out = append(out, subjects(a))
		next := str(a.body, "@odata.nextLink")
		if next == "" {
			return out
		}
		if !strings.HasPrefix(next, ts.GraphURL()+"/users/"+organizerID+"/events?") || !strings.Contains(next, "skiptoken=") {
			t.Fatalf("nextLink %s", next)
		}
		a = send(t, ts, "GET", strings.TrimPrefix(next, ts.URL), "", headers...)
	}
}

func sizes(pages [][]string) []int {
	var out []int
	for _, p := range pages {
		out = append(out, len(p))
	}
	return out
}

func TestEventListPaging(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	var want []string
	for i := range 25 {
		subject := fmt.Sprintf("Session %02d", i)
		// Created in reverse order of start: the default order is not the start's.
		ts.AddEvent(organizerID, listEvent(subject, fmt.Sprintf("2026-04-%02dT09:00:00", 26-i), true))
		want = append(want, subject)
	}
	flat := func(p [][]string) []string { return slices.Concat(p...) }

	def := pages(t, ts, "")
	if !reflect.DeepEqual(sizes(def), []int{10, 10, 5}) || !reflect.DeepEqual(flat(def), want) {
		t.Errorf("default paging: %v %v", sizes(def), flat(def))
	}
	first := listPage(t, ts, "", "Prefer", "odata.maxpagesize=7")
	if first.header.Get("Preference-Applied") != "odata.maxpagesize=7" {
		t.Errorf("Preference-Applied %q", first.header.Get("Preference-Applied"))
	}
	if p := pages(t, ts, "", "Prefer", "odata.maxpagesize=7"); !reflect.DeepEqual(sizes(p), []int{7, 7, 7, 4}) || !reflect.DeepEqual(flat(p), want) {
		t.Errorf("maxpagesize=7: %v", sizes(p))
	}
	// $top is the page size, carried on by the nextLink; it wins over
	// maxpagesize, which is then not applied.
	top := listPage(t, ts, "$top=12", "Prefer", "odata.maxpagesize=7")
	if len(list(top.body, "value")) != 12 || top.header.Get("Preference-Applied") != "" || !strings.Contains(str(top.body, "@odata.nextLink"), "top=12") {
		t.Errorf("$top with maxpagesize: %d, Preference-Applied %q, %s", len(list(top.body, "value")), top.header.Get("Preference-Applied"), str(top.body, "@odata.nextLink"))
	}
	if p := pages(t, ts, "$top=12"); !reflect.DeepEqual(sizes(p), []int{12, 12, 1}) {
		t.Errorf("$top=12: %v", sizes(p))
	}
	if p := pages(t, ts, "$top=1000"); !reflect.DeepEqual(sizes(p), []int{25}) {
		t.Errorf("$top=1000: %v", sizes(p))
	}
	// A filtered, ordered listing pages through its own results, with
	// timezone and $select answered on every page.
	q := filterQuery("start/dateTime ge '2026-04-05T00:00:00'") + "&$orderby=" + url.QueryEscape("start/dateTime desc") + "&$select=subject,start"
	p := pages(t, ts, q, "Prefer", "odata.maxpagesize=4", "Prefer", `outlook.timezone="Pacific Standard Time"`)
	if !reflect.DeepEqual(sizes(p), []int{4, 4, 4, 4, 4, 2}) || flat(p)[0] != "Session 00" || flat(p)[21] != "Session 21" {
		t.Errorf("filtered and ordered: %v %v", sizes(p), flat(p))
	}
	last := listPage(t, ts, q, "Prefer", "odata.maxpagesize=4, outlook.timezone=\"Pacific Standard Time\"")
	if got := last.header.Get("Preference-Applied"); got != `odata.maxpagesize=4, outlook.timezone="Pacific Standard Time"` {
		t.Errorf("Preference-Applied %q", got)
	}
	if v := list(last.body, "value")[0]; str(v, "start", "timeZone") != "Pacific Standard Time" || str(v, "start", "dateTime") != "2026-04-26T02:00:00.0000000" || at(v, "body") != nil {
		t.Errorf("a listed event with Prefer and $select: %v", v)
	}
	if !strings.HasSuffix(str(last.body, "@odata.context"), "/events(subject,start)") {
		t.Errorf("@odata.context %s", str(last.body, "@odata.context"))
	}

	// The token is opaque and bound to its listing.
	next, _ := url.Parse(str(listPage(t, ts, "").body, "@odata.nextLink"))
	token := next.Query().Get("$skiptoken")
	tampered := func(mutate func(url.Values)) answer {
		v := next.Query()
		mutate(v)
		return send(t, ts, "GET", next.Path+"?"+v.Encode(), "")
	}
	for name, mutate := range map[string]func(url.Values){
		"edited": func(v url.Values) {
			v.Set("$skiptoken", strings.ToUpper(token[:1])+strings.ToLower(token[1:2])+token[2:]+"A")
		},
		"unknown":        func(v url.Values) { v.Set("$skiptoken", "AAAAAAAAAAAAAAAAAAAAAAAAAAA") },
		"another filter": func(v url.Values) { v.Set("$filter", "isOrganizer eq true") },
	} {
		if a := tampered(mutate); a.status != 400 || errorCode(a.body) != "BadRequest" {
			t.Errorf("%s token: %d %s", name, a.status, a.raw)
		}
	}
	if a := send(t, ts, "GET", eventsPath(organizerUPN)+"?"+next.RawQuery, ""); a.status != 200 || len(list(a.body, "value")) != 10 {
		t.Errorf("the token through the mailbox's UPN: %d", a.status)
	}
	if a := send(t, ts, "GET", eventsPath(adeleID)+"?"+next.RawQuery, ""); a.status != 400 {
		t.Errorf("the token on another mailbox: %d", a.status)
	}
}

func TestEventListOrderBy(t *testing.T) {
	t.Parallel()
	ts := listSetup(t)
	tests := map[string][]string{
		"start/dateTime":              {"Kick-off", "Weekly O'Brien sync", "Module 1: Basics", "Lunch", "Adele's review", "Module 2: Cancelled"},
		"start/dateTime asc":          {"Kick-off", "Weekly O'Brien sync", "Module 1: Basics", "Lunch", "Adele's review", "Module 2: Cancelled"},
		"start/dateTime desc":         {"Module 2: Cancelled", "Adele's review", "Lunch", "Module 1: Basics", "Weekly O'Brien sync", "Kick-off"},
		"subject":                     {"Adele's review", "Kick-off", "Lunch", "Module 1: Basics", "Module 2: Cancelled", "Weekly O'Brien sync"},
		"subject desc,start/dateTime": {"Weekly O'Brien sync", "Module 2: Cancelled", "Module 1: Basics", "Lunch", "Kick-off", "Adele's review"},
	}
	for order, want := range tests {
		if a := listPage(t, ts, "$orderby="+url.QueryEscape(order)); a.status != 200 || !reflect.DeepEqual(subjects(a), want) {
			t.Errorf("$orderby=%s: %d %v", order, a.status, subjects(a))
		}
	}
}

// TestEventListRoutes: the key lookup keeps its route, the list has its
// own, and both are requests of the mailbox under its concurrency limit.
func TestEventListRoutes(t *testing.T) {
	t.Parallel()
	ts := listSetup(t)
	expand := "$expand=" + url.QueryEscape("singleValueExtendedProperties($filter=id eq '"+propID+"')")
	listPage(t, ts, "")
	listPage(t, ts, filterQuery("isOrganizer eq true")+"&"+expand)
	listPage(t, ts, filterQuery("singleValueExtendedProperties/Any(ep: ep/id eq '"+propID+"' and ep/value eq 'k')"))
	listPage(t, ts, filterQuery("singleValueExtendedProperties/Any(ep: ep/id eq '"+propID+"' and contains(ep/value, 'k'))"))
	if f, l := ts.CountRequests(graphmock.RouteEventFind), ts.CountRequests(graphmock.RouteEventList); f != 2 || l != 2 {
		t.Errorf("key lookups %d, lists %d; want 2 and 2", f, l)
	}
	if r := ts.RequestsTo(graphmock.RouteEventList)[1]; r.UserID != organizerID || !strings.Contains(r.Query, "isOrganizer") {
		t.Errorf("recorded list request: %+v", r)
	}
	ts.FailNext(graphmock.Failure{Route: graphmock.RouteEventList, Status: 429, Code: "TooManyRequests", Message: "Please retry again later."})
	if a := listPage(t, ts, ""); a.status != 429 {
		t.Errorf("FailNext on the list route: %d", a.status)
	}

	// The list with $expand: the property, [] where the event has none.
	withKey := ts.AddEvent(organizerID, graph.Event{
		Subject: graph.Ptr("Keyed"), Start: &graph.DateTimeTimeZone{DateTime: "2026-05-01T09:00:00", TimeZone: "UTC"},
		End:                           &graph.DateTimeTimeZone{DateTime: "2026-05-01T10:00:00", TimeZone: "UTC"},
		SingleValueExtendedProperties: []graph.SingleValueExtendedProperty{{ID: propID, Value: "k1"}},
	})
	a := listPage(t, ts, filterQuery("start/dateTime ge '2026-03-01T00:00:00'")+"&$orderby=start/dateTime%20desc&"+expand)
	if v := list(a.body, "value"); len(v) != 7 || str(v[0], "id") != withKey.ID || str(v[0], "singleValueExtendedProperties", 0, "value") != "k1" ||
		!reflect.DeepEqual(at(v[1], "singleValueExtendedProperties"), []any{}) {
		t.Errorf("$expand on the list: %s", a.raw)
	}
	if a := listPage(t, ts, "$expand=attachments"); a.status != 400 {
		t.Errorf("$expand of another navigation: %d", a.status)
	}

	// Six pages at once: the mailbox takes four.
	ts.SetFaults(graphmock.Faults{Latency: 500 * time.Millisecond})
	var wg sync.WaitGroup
	statuses := make([]int, 6)
	for i := range statuses {
		wg.Go(func() { statuses[i] = listPage(t, ts, "").status })
	}
	wg.Wait()
	slices.Sort(statuses)
	if !reflect.DeepEqual(statuses, []int{200, 200, 200, 200, 429, 429}) || ts.Stats().MailboxConcurrency429 != 2 {
		t.Errorf("concurrent pages: %v", statuses)
	}
}

// TestEventReceived: what an attendee's mailbox may do with its copy.
func TestEventReceived(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	e := ts.ReceiveEvent(organizerUPN, "Someone@Fabrikam.example", listEvent("External", "2026-03-02T09:00:00", true))
	if e.IsOrganizer == nil || *e.IsOrganizer || e.Organizer.EmailAddress.Address != "Someone@Fabrikam.example" || e.OnlineMeeting == nil || ts.MeetingCount() != 0 {
		t.Errorf("ReceiveEvent = %+v, %d meetings", e, ts.MeetingCount())
	}
	if a := send(t, ts, "POST", eventPath(organizerID, e.ID)+"/cancel", ""); a.status != 400 || !strings.Contains(str(a.body, "error", "message"), "organizer") {
		t.Errorf("cancel by an attendee: %d %s", a.status, a.raw)
	}
	if a := send(t, ts, "PATCH", eventPath(organizerID, e.ID), `{"subject":"Mine"}`); a.status != 200 || len(ts.Outbox()) != 0 {
		t.Errorf("PATCH of an attendee's copy: %d, outbox %v", a.status, ts.Outbox())
	}
	if a := send(t, ts, "DELETE", eventPath(organizerID, e.ID), ""); a.status != 204 || len(ts.Outbox()) != 0 {
		t.Errorf("DELETE of an attendee's copy: %d, outbox %v", a.status, ts.Outbox())
	}
	if ts.MarkEventCancelled(e.ID) {
		t.Error("MarkEventCancelled of a deleted event")
	}
}
