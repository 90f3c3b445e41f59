package graphmock_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// courseSeries is a weekly series of six Mondays, 14:00–15:00 in Berlin
// (12:00Z: summer time started on 28 March 2027), with two attendees.
const courseSeries = `{
	"subject": "Course",
	"start": {"dateTime": "2027-03-29T14:00:00", "timeZone": "W. Europe Standard Time"},
	"end": {"dateTime": "2027-03-29T15:00:00", "timeZone": "W. Europe Standard Time"},
	"location": {"displayName": "Room 1"},
	"attendees": [{"emailAddress": {"address": "adelev@contoso.onmicrosoft.com"}}, {"emailAddress": {"address": "kim@fabrikam.example"}}],
	"isOnlineMeeting": true,
	"onlineMeetingProvider": "teamsForBusiness",
	"recurrence": {"pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["monday"]}, "range": {"type": "numbered", "startDate": "2027-03-29", "numberOfOccurrences": 6}}
}`

var courseDates = []string{"2027-03-29", "2027-04-05", "2027-04-12", "2027-04-19", "2027-04-26", "2027-05-03"}

const (
	allOf2027 = "startDateTime=2027-01-01T00:00:00Z&endDateTime=2028-01-01T00:00:00Z"
	kim       = "kim@fabrikam.example"
)

var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

// newCourse starts a mock with the course series; it returns the master's
// id, with the outbox emptied.
func newCourse(t *testing.T, cfg graphmock.Config) (*graphmock.Instance, string) {
	t.Helper()
	cfg.Users = directory
	ts := graphmock.NewTestServer(t, cfg)
	id := str(create(t, ts, organizerID, courseSeries).body, "id")
	ts.ResetOutbox()
	return ts, id
}

func instancesPath(master, query string) string {
	return eventPath(organizerID, master) + "/instances?" + query
}

// occurrences lists the series' instances over 2027, keyed by each one's
// original date in the series' zone.
func occurrences(t *testing.T, ts *graphmock.Instance, master string) map[string]any {
	t.Helper()
	a := send(t, ts, "GET", instancesPath(master, allOf2027), "")
	if a.status != 200 || str(a.body, "@odata.nextLink") != "" {
		t.Fatalf("instances: %d %s", a.status, a.raw)
	}
	out := map[string]any{}
	for _, v := range list(a.body, "value") {
		out[originalDate(t, v)] = v
	}
	return out
}

func originalDate(t *testing.T, v any) string {
	t.Helper()
	start, err := time.Parse(time.RFC3339, str(v, "originalStart"))
	if err != nil {
		t.Fatalf("originalStart %q: %v", str(v, "originalStart"), err)
	}
	return start.In(berlin).Format(time.DateOnly)
}

// mailLog counts the outbox by "kind to occurrence".
func mailLog(ts *graphmock.Instance, master string) map[string]int {
	out := map[string]int{}
	for _, m := range ts.Outbox() {
		if m.EventID != master {
			out["mail for another event "+m.EventID]++
		}
		out[strings.TrimSpace(string(m.Kind)+" "+m.To+" "+m.Occurrence)]++
	}
	return out
}

func TestEventInstances(t *testing.T) {
	t.Parallel()
	ts, master := newCourse(t, graphmock.Config{})
	m := send(t, ts, "GET", eventPath(organizerID, master), "")

	a := send(t, ts, "GET", instancesPath(master, allOf2027), "")
	if a.status != 200 || len(list(a.body, "value")) != 6 {
		t.Fatalf("instances: %d %s", a.status, a.raw)
	}
	if ctx := str(a.body, "@odata.context"); !strings.HasSuffix(ctx, "/$metadata#users('"+organizerID+"')/events('"+url.QueryEscape(master)+"')/instances") {
		t.Errorf("@odata.context %s", ctx)
	}
	ids := map[string]bool{master: true}
	for i, v := range list(a.body, "value") {
		id, date := str(v, "id"), courseDates[i]
		want := map[string]any{
			"type": "occurrence", "seriesMasterId": master, "isCancelled": false, "recurrence": nil,
			"originalStart":         date + "T12:00:00Z",
			"originalStartTimeZone": "W. Europe Standard Time",
			"start":                 map[string]any{"dateTime": date + "T12:00:00.0000000", "timeZone": "UTC"},
			"end":                   map[string]any{"dateTime": date + "T13:00:00.0000000", "timeZone": "UTC"},
			"subject":               "Course", "location": m.body["location"], "attendees": m.body["attendees"],
			"isOnlineMeeting": true, "onlineMeeting": m.body["onlineMeeting"], "organizer": m.body["organizer"],
		}
		for k, w := range want {
			if got := at(v, k); !reflect.DeepEqual(got, w) {
				t.Errorf("occurrence %d: %s = %#v, want %#v", i, k, got, w)
			}
		}
		// Opaque: distinct, percent-encoded in paths, and without the date.
		raw, err := base64.StdEncoding.DecodeString(id)
		if ids[id] || err != nil || !strings.ContainsAny(id, "/+") || strings.Contains(id, "2027") ||
			strings.Contains(string(raw), "2027") || strings.Contains(string(raw), strings.ReplaceAll(date, "-", "")) {
			t.Errorf("occurrence %d: id %q is not a fresh opaque id", i, id)
		}
		ids[id] = true
		if str(v, "iCalUId") == str(m.body, "iCalUId") {
			t.Errorf("occurrence %d: the master's iCalUId", i)
		}
		g := send(t, ts, "GET", eventPath(organizerID, id), "")
		if g.status != 200 || str(g.body, "id") != id || str(g.body, "type") != "occurrence" || str(g.body, "originalStart") != date+"T12:00:00Z" {
			t.Errorf("GET occurrence %d: %d %s", i, g.status, g.raw)
		}
	}
	// Stable while the series is.
	if b := send(t, ts, "GET", instancesPath(master, allOf2027), ""); !reflect.DeepEqual(b.body["value"], a.body["value"]) {
		t.Error("a second listing answered otherwise")
	}
	if _, ok := m.body["originalStart"]; ok {
		t.Error("the master answers originalStart")
	}

	windows := []struct {
		name, query string
		want        []string
	}{
		{"overlapping the start, offset", "startDateTime=2027-04-05T14:30:00%2B02:00&endDateTime=2027-04-12T12:00:00", []string{"2027-04-05"}},
		{"inside one occurrence, fractions", "startDateTime=2027-04-05T12:30:00.0000000Z&endDateTime=2027-04-05T12:31:00.0000000Z", []string{"2027-04-05"}},
		{"touching ends only", "startDateTime=2027-04-05T13:00:00Z&endDateTime=2027-04-12T12:00:00Z", nil},
		{"without seconds, names in another case", "StartDateTime=2027-04-18T00:00&ENDDATETIME=2027-05-01T00:00", []string{"2027-04-19", "2027-04-26"}},
		{"empty", "startDateTime=2027-04-06T00:00:00Z&endDateTime=2027-04-06T00:00:00Z", nil},
		{"after the series", "startDateTime=2027-06-01T00:00:00Z&endDateTime=2027-07-01T00:00:00Z", nil},
	}
	for _, w := range windows {
		a := send(t, ts, "GET", instancesPath(master, w.query), "")
		var got []string
		for _, v := range list(a.body, "value") {
			got = append(got, originalDate(t, v))
		}
		if a.status != 200 || !slices.Equal(got, w.want) {
			t.Errorf("%s: %d %v, want %v (%s)", w.name, a.status, got, w.want, a.raw)
		}
	}

	// Prefer: outlook.timezone, and $select.
	p := send(t, ts, "GET", instancesPath(master, allOf2027+"&$select=subject,start,type"), "", "Prefer", `outlook.timezone="W. Europe Standard Time"`)
	v := list(p.body, "value")
	if p.status != 200 || len(v) != 6 || str(v[0], "start", "dateTime") != "2027-03-29T14:00:00.0000000" || str(v[0], "start", "timeZone") != "W. Europe Standard Time" ||
		at(v[0], "end") != nil || at(v[0], "seriesMasterId") != nil || str(v[0], "type") != "occurrence" || str(v[0], "id") == "" {
		t.Errorf("with Prefer and $select: %d %s", p.status, p.raw)
	}
	if !strings.HasSuffix(str(p.body, "@odata.context"), "/instances(subject,start,type)") || p.header.Get("Preference-Applied") != `outlook.timezone="W. Europe Standard Time"` {
		t.Errorf("context %s, Preference-Applied %q", str(p.body, "@odata.context"), p.header.Get("Preference-Applied"))
	}

	refused := []struct {
		name, path string
		status     int
		code       string
	}{
		{"no startDateTime", instancesPath(master, "endDateTime=2027-05-01T00:00:00Z"), 400, "ErrorInvalidParameter"},
		{"no endDateTime", instancesPath(master, "startDateTime=2027-05-01T00:00:00Z"), 400, "ErrorInvalidParameter"},
		{"no window", instancesPath(master, ""), 400, "ErrorInvalidParameter"},
		{"a date only", instancesPath(master, "startDateTime=2027-04-01&endDateTime=2027-05-01T00:00:00Z"), 400, "ErrorInvalidParameter"},
		{"not a time", instancesPath(master, "startDateTime=tomorrow&endDateTime=2027-05-01T00:00:00Z"), 400, "ErrorInvalidParameter"},
		{"no such day", instancesPath(master, "startDateTime=2027-02-30T00:00:00Z&endDateTime=2027-05-01T00:00:00Z"), 400, "ErrorInvalidParameter"},
		{"end before start", instancesPath(master, "startDateTime=2027-05-01T00:00:00Z&endDateTime=2027-04-01T00:00:00Z"), 400, "ErrorInvalidParameter"},
		{"an unsupported option", instancesPath(master, allOf2027+"&$orderby=start/dateTime"), 400, "BadRequest"},
		{"a single event", instancesPath(str(create(t, ts, organizerID, plainEvent("")).body, "id"), allOf2027), 400, "ErrorInvalidRequest"},
		{"an occurrence", instancesPath(str(v[1], "id"), allOf2027), 400, "ErrorInvalidRequest"},
		{"an unknown event", instancesPath("AAMkAGI1AAAt8AHjAAA=", allOf2027), 404, "ErrorItemNotFound"},
	}
	for _, r := range refused {
		if a := send(t, ts, "GET", r.path, ""); a.status != r.status || errorCode(a.body) != r.code {
			t.Errorf("%s: %d %s, want %d %s", r.name, a.status, a.raw, r.status, r.code)
		}
	}
	if a := send(t, ts, "GET", "/v1.0/users/nobody@contoso.example/events/"+url.PathEscape(master)+"/instances?"+allOf2027, ""); a.status != 404 || errorCode(a.body) != "ErrorInvalidUser" {
		t.Errorf("an unknown mailbox: %d %s", a.status, a.raw)
	}
	if n := len(ts.RequestsTo(graphmock.RouteEventInstances)); n != 2+len(windows)+1+len(refused)+1 {
		t.Errorf("%d requests recorded as %s", n, graphmock.RouteEventInstances)
	}
	if len(ts.Outbox()) != 0 {
		t.Errorf("reads mailed %v", ts.Outbox())
	}
}

func TestEventInstancesPaging(t *testing.T) {
	t.Parallel()
	ts, master := newCourse(t, graphmock.Config{})
	follow := func(query string, headers ...string) (sizes []int, dates []string, applied string) {
		a := send(t, ts, "GET", instancesPath(master, query), "", headers...)
		applied = a.header.Get("Preference-Applied")
		for n := 0; ; n++ {
			if a.status != 200 || n > 10 {
				t.Fatalf("%s: page %d: %d %s", query, n, a.status, a.raw)
			}
			sizes = append(sizes, len(list(a.body, "value")))
			for _, v := range list(a.body, "value") {
				dates = append(dates, originalDate(t, v))
			}
			next := str(a.body, "@odata.nextLink")
			if next == "" {
				return sizes, dates, applied
			}
			if !strings.HasPrefix(next, ts.GraphURL()+"/users/"+organizerID+"/events/"+url.PathEscape(master)+"/instances?") || !strings.Contains(next, "skiptoken=") {
				t.Fatalf("nextLink %s", next)
			}
			a = send(t, ts, "GET", strings.TrimPrefix(next, ts.URL), "", headers...)
		}
	}
	for _, tt := range []struct {
		name, query string
		headers     []string
		sizes       []int
		applied     string
	}{
		{"default", allOf2027, nil, []int{6}, ""},
		{"$top", allOf2027 + "&$top=4", nil, []int{4, 2}, ""},
		{"maxpagesize", allOf2027, []string{"Prefer", "odata.maxpagesize=5"}, []int{5, 1}, "odata.maxpagesize=5"},
		{"$top wins", allOf2027 + "&$top=2", []string{"Prefer", "odata.maxpagesize=5"}, []int{2, 2, 2}, ""},
	} {
		sizes, dates, applied := follow(tt.query, tt.headers...)
		if !slices.Equal(sizes, tt.sizes) || !slices.Equal(dates, courseDates) || applied != tt.applied {
			t.Errorf("%s: pages %v of %v, Preference-Applied %q", tt.name, sizes, dates, applied)
		}
	}
	// A token is bound to its series and window.
	next, _ := url.Parse(str(send(t, ts, "GET", instancesPath(master, allOf2027+"&$top=4"), "").body, "@odata.nextLink"))
	v := next.Query()
	v.Set("endDateTime", "2027-12-01T00:00:00Z")
	if a := send(t, ts, "GET", next.Path+"?"+v.Encode(), ""); a.status != 400 || errorCode(a.body) != "BadRequest" {
		t.Errorf("a token for another window: %d %s", a.status, a.raw)
	}
	if a := send(t, ts, "GET", instancesPath(master, allOf2027+"&$top=0"), ""); a.status != 400 {
		t.Errorf("$top=0: %d", a.status)
	}

	// A series without an end is expanded as far as the window asks.
	daily := create(t, ts, organizerID, `{"subject":"Daily","start":{"dateTime":"2027-01-04T09:00:00","timeZone":"UTC"},"end":{"dateTime":"2027-01-04T09:15:00","timeZone":"UTC"},
		"recurrence":{"pattern":{"type":"daily","interval":1},"range":{"type":"noEnd","startDate":"2027-01-04"}}}`)
	a := send(t, ts, "GET", eventPath(organizerID, str(daily.body, "id"))+"/instances?startDateTime=2031-05-01T00:00:00Z&endDateTime=2031-05-08T00:00:00Z&$top=1000", "")
	if vs := list(a.body, "value"); a.status != 200 || len(vs) != 7 || str(vs[0], "originalStart") != "2031-05-01T09:00:00Z" {
		t.Errorf("a series without an end: %d, %d values", a.status, len(vs))
	}
}

func TestOccurrenceCancelDeletePatch(t *testing.T) {
	t.Parallel()
	ts, master := newCourse(t, graphmock.Config{})
	before := occurrences(t, ts, master)
	id := func(date string) string { return str(before[date], "id") }

	// cancel, with its comment, mails that date only.
	if a := send(t, ts, "POST", eventPath(organizerID, id("2027-04-05"))+"/cancel", `{"Comment":"Holiday"}`); a.status != 202 || len(a.raw) != 0 {
		t.Fatalf("cancel: %d %s", a.status, a.raw)
	}
	if got, want := mailLog(ts, master), map[string]int{"cancellation adelev@contoso.onmicrosoft.com 2027-04-05": 1, "cancellation kim@fabrikam.example 2027-04-05": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("cancel outbox %v", got)
	}
	for _, m := range ts.Outbox() {
		if m.Comment != "Holiday" || m.Subject != "Course" {
			t.Errorf("cancel mail %+v", m)
		}
	}
	if ts.CountOccurrenceMail(graphmock.MailCancellation, kim, "2027-04-05") != 1 || ts.CountOccurrenceMail("", kim, "") != 0 {
		t.Error("CountOccurrenceMail")
	}
	for _, method := range []string{"GET", "PATCH", "DELETE", "POST"} {
		path, body := eventPath(organizerID, id("2027-04-05")), `{"subject":"x"}`
		if method == "POST" {
			path, body = path+"/cancel", ""
		}
		if a := send(t, ts, method, path, body); a.status != 404 || errorCode(a.body) != "ErrorItemNotFound" {
			t.Errorf("%s of a cancelled occurrence: %d %s", method, a.status, a.raw)
		}
	}

	// DELETE cancels that occurrence alone, without a comment.
	ts.ResetOutbox()
	if a := send(t, ts, "DELETE", eventPath(organizerID, id("2027-04-12")), ""); a.status != 204 {
		t.Fatalf("DELETE: %d %s", a.status, a.raw)
	}
	if got, want := mailLog(ts, master), map[string]int{"cancellation adelev@contoso.onmicrosoft.com 2027-04-12": 1, "cancellation kim@fabrikam.example 2027-04-12": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("DELETE outbox %v", got)
	}

	// PATCH makes an exception and mails that date only.
	ts.ResetOutbox()
	p := send(t, ts, "PATCH", eventPath(organizerID, id("2027-04-19")), `{"start":{"dateTime":"2027-04-20T10:00:00","timeZone":"W. Europe Standard Time"},"end":{"dateTime":"2027-04-20T11:00:00","timeZone":"W. Europe Standard Time"},"location":{"displayName":"Room 2"}}`)
	if p.status != 200 || str(p.body, "type") != "exception" || str(p.body, "id") != id("2027-04-19") || str(p.body, "originalStart") != "2027-04-19T12:00:00Z" ||
		str(p.body, "start", "dateTime") != "2027-04-20T08:00:00.0000000" || str(p.body, "location", "displayName") != "Room 2" || str(p.body, "seriesMasterId") != master {
		t.Errorf("PATCH: %d %s", p.status, p.raw)
	}
	if got, want := mailLog(ts, master), map[string]int{"update adelev@contoso.onmicrosoft.com 2027-04-19": 1, "update kim@fabrikam.example 2027-04-19": 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("PATCH outbox %v", got)
	}
	after := occurrences(t, ts, master)
	if len(after) != 4 || after["2027-04-05"] != nil || after["2027-04-12"] != nil || str(after["2027-04-19"], "type") != "exception" ||
		str(after["2027-04-26"], "id") != id("2027-04-26") || str(after["2027-04-19"], "location", "displayName") != "Room 2" {
		t.Errorf("instances after: %v", after)
	}
	// The series itself is unchanged.
	if g := send(t, ts, "GET", eventPath(organizerID, master), ""); str(g.body, "location", "displayName") != "Room 1" || str(g.body, "type") != "seriesMaster" {
		t.Errorf("master after: %s", g.raw)
	}

	ts.ResetOutbox()
	for name, tt := range map[string]struct{ body, code string }{
		"end before start":     {`{"end":{"dateTime":"2027-04-20T09:00:00","timeZone":"W. Europe Standard Time"}}`, "ErrorCalendarEndDateIsEarlierThanStartDate"},
		"a recurrence":         {`{"recurrence":null}`, "ErrorInvalidRequest"},
		"categories":           {`{"categories":["Red"]}`, "NotModelledByMock"},
		"a read-only property": {`{"type":"occurrence"}`, "ErrorInvalidPropertySet"},
		"an unknown zone":      {`{"start":{"dateTime":"2027-04-20T10:00:00","timeZone":"Mars"}}`, "TimeZoneNotSupportedException"},
	} {
		if a := send(t, ts, "PATCH", eventPath(organizerID, id("2027-04-26")), tt.body); a.status != 400 || errorCode(a.body) != tt.code {
			t.Errorf("PATCH %s: %d %s, want 400 %s", name, a.status, a.raw, tt.code)
		}
	}
	if len(ts.Outbox()) != 0 {
		t.Errorf("refused PATCHes mailed %v", ts.Outbox())
	}
	if str(occurrences(t, ts, master)["2027-04-26"], "type") != "occurrence" {
		t.Error("a refused PATCH made an exception")
	}

	// A PATCH of the series that mails sends one update per exception
	// (§5.2); one of its times or pattern is TestSeriesExceptions.
	if a := send(t, ts, "PATCH", eventPath(organizerID, master), `{"subject":"Course v2"}`); a.status != 200 {
		t.Fatalf("PATCH master: %d %s", a.status, a.raw)
	}
	want := map[string]int{
		"update adelev@contoso.onmicrosoft.com": 1, "update kim@fabrikam.example": 1,
		"update adelev@contoso.onmicrosoft.com 2027-04-19": 1, "update kim@fabrikam.example 2027-04-19": 1,
	}
	if got := mailLog(ts, master); !reflect.DeepEqual(got, want) {
		t.Errorf("master PATCH outbox %v, want %v", got, want)
	}
	if o := occurrences(t, ts, master); str(o["2027-04-26"], "subject") != "Course v2" || str(o["2027-04-26"], "id") != id("2027-04-26") {
		t.Errorf("after a subject PATCH, occurrences follow the series and keep their ids: %v", o["2027-04-26"])
	}
	ts.ResetOutbox()
	send(t, ts, "PATCH", eventPath(organizerID, master), `{"categories":["Blue"]}`)
	if len(ts.Outbox()) != 0 {
		t.Errorf("a PATCH that mails no one mailed %v", ts.Outbox())
	}

	// The whole series: one cancellation per attendee, and no occurrence left.
	ts.ResetOutbox()
	if a := send(t, ts, "POST", eventPath(organizerID, master)+"/cancel", ""); a.status != 202 {
		t.Fatalf("cancel series: %d", a.status)
	}
	if got := mailLog(ts, master); !reflect.DeepEqual(got, map[string]int{"cancellation adelev@contoso.onmicrosoft.com": 1, "cancellation kim@fabrikam.example": 1}) {
		t.Errorf("cancel series outbox %v", got)
	}
	if a := send(t, ts, "GET", eventPath(organizerID, id("2027-04-26")), ""); a.status != 404 {
		t.Errorf("an occurrence of a cancelled series: %d", a.status)
	}
}

func TestSeriesMasterOccurrenceProperties(t *testing.T) {
	t.Parallel()
	ts, master := newCourse(t, graphmock.Config{})
	if err := ts.CancelOccurrence(master, "2027-04-05", ""); err != nil {
		t.Fatal(err)
	}
	if err := ts.MoveOccurrence(master, "2027-04-12", time.Date(2027, 4, 13, 16, 0, 0, 0, berlin), time.Date(2027, 4, 13, 17, 0, 0, 0, berlin), ""); err != nil {
		t.Fatal(err)
	}
	path := eventPath(organizerID, master)
	for _, tt := range []struct {
		name, query           string
		cancelled, exceptions bool
	}{
		{"no $select", "", false, false},
		{"$select of other properties", "?$select=subject", false, false},
		{"cancelledOccurrences", "?$select=subject,cancelledOccurrences", true, false},
		{"exceptionOccurrences without $expand", "?$select=exceptionOccurrences", false, false},
		{"$expand without $select", "?$expand=exceptionOccurrences", false, false},
		{"both, expanded", "?$select=cancelledOccurrences,exceptionOccurrences&$expand=exceptionOccurrences", true, true},
	} {
		a := send(t, ts, "GET", path+tt.query, "")
		_, hasCancelled := a.body["cancelledOccurrences"]
		_, hasExceptions := a.body["exceptionOccurrences"]
		if a.status != 200 || hasCancelled != tt.cancelled || hasExceptions != tt.exceptions {
			t.Errorf("%s: %d cancelledOccurrences %v, exceptionOccurrences %v", tt.name, a.status, hasCancelled, hasExceptions)
			continue
		}
		if tt.cancelled && !reflect.DeepEqual(a.body["cancelledOccurrences"], []any{"OID." + master + ".2027-04-05"}) {
			t.Errorf("%s: cancelledOccurrences %v", tt.name, a.body["cancelledOccurrences"])
		}
		if ex := list(a.body, "exceptionOccurrences"); tt.exceptions &&
			(len(ex) != 1 || str(ex[0], "type") != "exception" || str(ex[0], "start", "dateTime") != "2027-04-13T14:00:00.0000000" || str(ex[0], "seriesMasterId") != master || str(ex[0], "subject") != "Course") {
			t.Errorf("%s: exceptionOccurrences %v", tt.name, ex)
		}
	}
	// Only a GET of the series master answers them.
	l := send(t, ts, "GET", eventsPath(organizerID)+"?$select=subject,cancelledOccurrences", "")
	if v := list(l.body, "value"); l.status != 200 || len(v) != 1 || at(v[0], "cancelledOccurrences") != nil {
		t.Errorf("the list: %d %s", l.status, l.raw)
	}
	single := create(t, ts, organizerID, plainEvent(""))
	if g := send(t, ts, "GET", eventPath(organizerID, str(single.body, "id"))+"?$select=cancelledOccurrences", ""); g.status != 200 || g.body["cancelledOccurrences"] != nil {
		t.Errorf("a single event: %d %s", g.status, g.raw)
	}
	if a := send(t, ts, "GET", path+"?$expand=attachments", ""); a.status != 400 {
		t.Errorf("another $expand: %d", a.status)
	}
}

func TestOccurrenceBoundary(t *testing.T) {
	t.Parallel()
	// startingAt moves to start (09:00 in Berlin) for an hour.
	startingAt := func(start string) string {
		end := strings.Replace(start, "T09:", "T10:", 1)
		return `{"start":{"dateTime":"` + start + `","timeZone":"W. Europe Standard Time"},"end":{"dateTime":"` + end + `","timeZone":"W. Europe Standard Time"}}`
	}
	// The occurrence of 12 April moves; its neighbours are 5 and 19 April.
	cases := []struct {
		name  string
		setup func(ts *graphmock.Instance, master string)
		body  string
		ok    bool
	}{
		{"onto the previous day", nil, startingAt("2027-04-05T09:00:00"), false},
		{"before the previous", nil, startingAt("2027-04-01T09:00:00"), false},
		{"onto the next day", nil, startingAt("2027-04-19T09:00:00"), false},
		{"after the next", nil, startingAt("2027-04-21T09:00:00"), false},
		{"the day after the previous", nil, startingAt("2027-04-06T09:00:00"), true},
		{"the day before the next", nil, startingAt("2027-04-18T09:00:00"), true},
		{"the day before the next, late: the date is the series zone's", nil,
			`{"start":{"dateTime":"2027-04-18T23:30:00","timeZone":"UTC"},"end":{"dateTime":"2027-04-18T23:45:00","timeZone":"UTC"}}`, false},
		{"a cancelled neighbour still counts", func(ts *graphmock.Instance, master string) {
			if err := ts.CancelOccurrence(master, "2027-04-05", ""); err != nil {
				t.Fatal(err)
			}
		}, startingAt("2027-04-05T09:00:00"), false},
		{"a moved neighbour counts at its moved date", func(ts *graphmock.Instance, master string) {
			if err := ts.MoveOccurrence(master, "2027-04-19", time.Date(2027, 4, 15, 9, 0, 0, 0, berlin), time.Date(2027, 4, 15, 10, 0, 0, 0, berlin), ""); err != nil {
				t.Fatal(err)
			}
		}, startingAt("2027-04-16T09:00:00"), false},
		{"before a moved neighbour", func(ts *graphmock.Instance, master string) {
			if err := ts.MoveOccurrence(master, "2027-04-19", time.Date(2027, 4, 15, 9, 0, 0, 0, berlin), time.Date(2027, 4, 15, 10, 0, 0, 0, berlin), ""); err != nil {
				t.Fatal(err)
			}
		}, startingAt("2027-04-14T09:00:00"), true},
		{"the end alone, within the day", nil, `{"end":{"dateTime":"2027-04-12T16:00:00","timeZone":"W. Europe Standard Time"}}`, true},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts, master := newCourse(t, graphmock.Config{})
			if tt.setup != nil {
				tt.setup(ts, master)
			}
			ts.ResetOutbox()
			id := str(occurrences(t, ts, master)["2027-04-12"], "id")
			a := send(t, ts, "PATCH", eventPath(organizerID, id), tt.body)
			switch {
			case tt.ok && a.status != 200:
				t.Errorf("%d %s, want 200", a.status, a.raw)
			case !tt.ok && (a.status != 400 || errorCode(a.body) != "ErrorOccurrenceCrossingBoundary" ||
				str(a.body, "error", "message") != "Modified occurrence is crossing or overlapping adjacent occurrence."):
				t.Errorf("%d %s, want 400 ErrorOccurrenceCrossingBoundary", a.status, a.raw)
			case !tt.ok && len(ts.Outbox()) != 0:
				t.Errorf("a refused move mailed %v", ts.Outbox())
			}
		})
	}
}

func TestSeriesExceptions(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"", graphmock.SeriesExceptionsKept, graphmock.SeriesExceptionsDiscarded} {
		t.Run("mode "+mode, func(t *testing.T) {
			t.Parallel()
			ts, master := newCourse(t, graphmock.Config{SeriesExceptions: mode})
			before := occurrences(t, ts, master)
			send(t, ts, "POST", eventPath(organizerID, str(before["2027-04-05"], "id"))+"/cancel", "")
			send(t, ts, "PATCH", eventPath(organizerID, str(before["2027-04-12"], "id")), `{"start":{"dateTime":"2027-04-13T16:00:00","timeZone":"W. Europe Standard Time"},"end":{"dateTime":"2027-04-13T17:00:00","timeZone":"W. Europe Standard Time"}}`)
			ts.ResetOutbox()

			// The series moves from 14:00 to 15:00.
			a := send(t, ts, "PATCH", eventPath(organizerID, master), `{"start":{"dateTime":"2027-03-29T15:00:00","timeZone":"W. Europe Standard Time"},"end":{"dateTime":"2027-03-29T16:00:00","timeZone":"W. Europe Standard Time"}}`)
			if a.status != 200 {
				t.Fatalf("PATCH master: %d %s", a.status, a.raw)
			}
			after := occurrences(t, ts, master)
			for date, v := range before {
				if date != "2027-04-05" && str(after[date], "id") == str(v, "id") {
					t.Errorf("%s kept its id", date)
				}
				if g := send(t, ts, "GET", eventPath(organizerID, str(v, "id")), ""); g.status != 404 {
					t.Errorf("the old id of %s: %d", date, g.status)
				}
			}
			if str(after["2027-04-26"], "start", "dateTime") != "2027-04-26T13:00:00.0000000" || str(after["2027-04-26"], "originalStart") != "2027-04-26T13:00:00Z" {
				t.Errorf("an occurrence after the move: %v", after["2027-04-26"])
			}
			cancelled := list(send(t, ts, "GET", eventPath(organizerID, master)+"?$select=cancelledOccurrences", "").body, "cancelledOccurrences")
			wantMail := map[string]int{"update adelev@contoso.onmicrosoft.com": 1, "update kim@fabrikam.example": 1}
			if mode == graphmock.SeriesExceptionsDiscarded {
				if len(after) != 6 || str(after["2027-04-05"], "type") != "occurrence" || str(after["2027-04-12"], "type") != "occurrence" ||
					str(after["2027-04-12"], "start", "dateTime") != "2027-04-12T13:00:00.0000000" || len(cancelled) != 0 {
					t.Errorf("discarded: %d instances, 12 April %v, cancelled %v", len(after), after["2027-04-12"], cancelled)
				}
			} else {
				if len(after) != 5 || after["2027-04-05"] != nil || str(after["2027-04-12"], "type") != "exception" ||
					str(after["2027-04-12"], "start", "dateTime") != "2027-04-13T14:00:00.0000000" || len(cancelled) != 1 {
					t.Errorf("kept: %d instances, 12 April %v, cancelled %v", len(after), after["2027-04-12"], cancelled)
				}
				wantMail["update adelev@contoso.onmicrosoft.com 2027-04-12"] = 1
				wantMail["update kim@fabrikam.example 2027-04-12"] = 1
			}
			if got := mailLog(ts, master); !reflect.DeepEqual(got, wantMail) {
				t.Errorf("outbox %v, want %v", got, wantMail)
			}
		})
	}

	// Kept: what the new pattern no longer has is dropped.
	ts, master := newCourse(t, graphmock.Config{})
	if err := ts.CancelOccurrence(master, "2027-04-05", ""); err != nil {
		t.Fatal(err)
	}
	if err := ts.MoveOccurrence(master, "2027-04-19", time.Date(2027, 4, 20, 9, 0, 0, 0, berlin), time.Date(2027, 4, 20, 10, 0, 0, 0, berlin), "Room 9"); err != nil {
		t.Fatal(err)
	}
	send(t, ts, "PATCH", eventPath(organizerID, master), `{"recurrence":{"pattern":{"type":"weekly","interval":1,"daysOfWeek":["monday"]},"range":{"type":"numbered","startDate":"2027-03-29","numberOfOccurrences":3}}}`)
	o := occurrences(t, ts, master)
	cancelled := list(send(t, ts, "GET", eventPath(organizerID, master)+"?$select=cancelledOccurrences", "").body, "cancelledOccurrences")
	if len(o) != 2 || o["2027-04-19"] != nil || len(cancelled) != 1 {
		t.Errorf("a shorter series: %v, cancelled %v", o, cancelled)
	}
	if err := ts.MoveOccurrence(master, "2027-04-19", time.Date(2027, 4, 20, 9, 0, 0, 0, berlin), time.Date(2027, 4, 20, 10, 0, 0, 0, berlin), ""); err == nil {
		t.Error("MoveOccurrence of a date the series no longer has")
	}
}

func TestInstancesListCancelled(t *testing.T) {
	t.Parallel()
	ts, master := newCourse(t, graphmock.Config{InstancesListCancelled: true})
	if err := ts.CancelOccurrence(master, "2027-04-05", "Holiday"); err != nil {
		t.Fatal(err)
	}
	o := occurrences(t, ts, master)
	if len(o) != 6 || at(o["2027-04-05"], "isCancelled") != true || at(o["2027-04-12"], "isCancelled") != false {
		t.Errorf("instances: %v", o)
	}
	if g := send(t, ts, "GET", eventPath(organizerID, str(o["2027-04-05"], "id")), ""); g.status != 404 {
		t.Errorf("GET of a listed cancelled occurrence: %d", g.status)
	}
}

func TestOccurrenceCancelDropped(t *testing.T) {
	t.Parallel()
	ts, master := newCourse(t, graphmock.Config{Faults: graphmock.Faults{DropOccurrenceCancelEvery: 2}})
	o := occurrences(t, ts, master)
	if a := send(t, ts, "POST", eventPath(organizerID, str(o["2027-04-05"], "id"))+"/cancel", ""); a.status != 202 {
		t.Fatalf("first cancel: %d", a.status)
	}
	req, _ := http.NewRequest("POST", ts.URL+eventPath(organizerID, str(o["2027-04-12"], "id"))+"/cancel", strings.NewReader(`{"Comment":"Sorry"}`))
	req.Header.Set("Authorization", "Bearer "+ts.IssueToken(ts.URL))
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the second cancel was answered %d; want a dropped connection", resp.StatusCode)
	}
	if ts.CountOccurrenceMail(graphmock.MailCancellation, kim, "2027-04-12") != 1 || occurrences(t, ts, master)["2027-04-12"] != nil {
		t.Errorf("a dropped cancel is committed, with its mail: %v", ts.Outbox())
	}
	if a := send(t, ts, "DELETE", eventPath(organizerID, str(o["2027-04-19"], "id")), ""); a.status != 204 {
		t.Errorf("third cancel, by DELETE: %d", a.status)
	}
}

func TestOutlookOccurrenceEdits(t *testing.T) {
	t.Parallel()
	ts, master := newCourse(t, graphmock.Config{})
	if err := ts.MoveOccurrence(master, "2027-04-12", time.Date(2027, 4, 14, 9, 0, 0, 0, berlin), time.Date(2027, 4, 14, 10, 30, 0, 0, berlin), "Room 7"); err != nil {
		t.Fatal(err)
	}
	if err := ts.CancelOccurrence(master, "2027-04-26", "Holiday"); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"update adelev@contoso.onmicrosoft.com 2027-04-12": 1, "update kim@fabrikam.example 2027-04-12": 1,
		"cancellation adelev@contoso.onmicrosoft.com 2027-04-26": 1, "cancellation kim@fabrikam.example 2027-04-26": 1,
	}
	if got := mailLog(ts, master); !reflect.DeepEqual(got, want) {
		t.Errorf("outbox %v, want %v", got, want)
	}
	o := occurrences(t, ts, master)
	if v := o["2027-04-12"]; str(v, "type") != "exception" || str(v, "start", "dateTime") != "2027-04-14T07:00:00.0000000" || str(v, "end", "dateTime") != "2027-04-14T08:30:00.0000000" || str(v, "location", "displayName") != "Room 7" {
		t.Errorf("moved: %v", v)
	}
	if o["2027-04-26"] != nil || len(o) != 5 {
		t.Errorf("cancelled: %v", o)
	}
	// The same mistakes as through Graph, as errors.
	for name, err := range map[string]error{
		"not a date of the series": ts.CancelOccurrence(master, "2027-04-13", ""),
		"no such series":           ts.CancelOccurrence("AAMkAGI1AAAt8AHjAAA=", "2027-04-12", ""),
		"cancelled already":        ts.CancelOccurrence(master, "2027-04-26", ""),
		"across a neighbour":       ts.MoveOccurrence(master, "2027-04-19", time.Date(2027, 4, 14, 12, 0, 0, 0, berlin), time.Date(2027, 4, 14, 13, 0, 0, 0, berlin), ""),
		"end before start":         ts.MoveOccurrence(master, "2027-04-19", time.Date(2027, 4, 19, 12, 0, 0, 0, berlin), time.Date(2027, 4, 19, 11, 0, 0, 0, berlin), ""),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if len(ts.Outbox()) != 4 {
		t.Errorf("refused edits mailed: %v", ts.Outbox())
	}
}

// TestOutboxEndpoint: GET /_mock/outbox answers the outbox as JSON, each
// mail with the occurrence it is about, for a maintainer driving the mock
// process with a CLI.
func TestOutboxEndpoint(t *testing.T) {
	t.Parallel()
	ts, master := newCourse(t, graphmock.Config{})
	get := func() []graphmock.Mail {
		t.Helper()
		resp, err := http.Get(ts.URL + "/_mock/outbox")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var mail []graphmock.Mail
		if err := json.NewDecoder(resp.Body).Decode(&mail); err != nil || mail == nil {
			t.Fatalf("outbox: %v (%v)", err, mail)
		}
		return mail
	}
	if mail := get(); len(mail) != 0 {
		t.Fatalf("outbox after a reset = %v, want []", mail)
	}
	id := str(occurrences(t, ts, master)["2027-04-05"], "id")
	if a := send(t, ts, "POST", eventPath(organizerID, id)+"/cancel", `{"Comment":"Holiday"}`); a.status != 202 {
		t.Fatalf("cancel: %d %s", a.status, a.raw)
	}
	mail := get()
	if len(mail) != 2 || mail[1] != (graphmock.Mail{Kind: graphmock.MailCancellation, To: kim, EventID: master, Subject: "Course", Comment: "Holiday", Occurrence: "2027-04-05"}) {
		t.Errorf("outbox = %+v", mail)
	}
}
