package graphmock_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

const (
	organizerID  = "a1b2c3d4-0000-4000-8000-00000000d4a4"
	organizerUPN = "DanaS@contoso.example"
	adeleID      = "a1b2c3d4-0000-4000-8000-0000000ade1e"
	adeleUPN     = "AdeleV@contoso.OnMicrosoft.com"
	propID       = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name externalId"
)

var directory = []graphmock.User{
	{ID: organizerID, UPN: organizerUPN, DisplayName: "Dana Swope"},
	{ID: adeleID, UPN: adeleUPN, DisplayName: "Adele Vance"},
}

func eventsConfig() graphmock.Config { return graphmock.Config{Users: directory} }

// answer is an HTTP answer with its JSON body.
type answer struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

// send makes one request with a valid application token; headers are
// name, value pairs (a name given twice sends two lines).
func send(t *testing.T, ts *graphmock.Instance, method, path, body string, headers ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+ts.IssueToken(ts.URL))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: raw}
	_ = json.Unmarshal(raw, &a.body)
	return a
}

// at walks a decoded JSON value along object keys and array indexes.
func at(v any, keys ...any) any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			s, _ := v.([]any)
			if k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

func list(v any, keys ...any) []any {
	l, _ := at(v, keys...).([]any)
	return l
}

func str(v any, keys ...any) string {
	s, _ := at(v, keys...).(string)
	return s
}

func eventsPath(mailbox string) string { return "/v1.0/users/" + mailbox + "/events" }

func eventPath(mailbox, id string) string { return eventsPath(mailbox) + "/" + url.PathEscape(id) }

// teamsEvent is a create body for a Teams event in Berlin time.
const teamsEvent = `{
	"subject": "Planning",
	"body": {"contentType": "HTML", "content": "<p>Agenda</p>"},
	"start": {"dateTime": "2026-03-30T09:00:00", "timeZone": "W. Europe Standard Time"},
	"end": {"dateTime": "2026-03-30T10:00:00", "timeZone": "W. Europe Standard Time"},
	"location": {"displayName": "Room 1"},
	"attendees": [{"emailAddress": {"address": "adelev@contoso.onmicrosoft.com"}, "type": "Required"}],
	"isOnlineMeeting": true,
	"onlineMeetingProvider": "teamsForBusiness"
}`

// plainEvent returns a create body without a meeting; extra is spliced in
// as more properties.
func plainEvent(extra string) string {
	if extra != "" {
		extra = "," + extra
	}
	return `{"subject":"Standup","start":{"dateTime":"2026-03-30T09:00:00","timeZone":"UTC"},"end":{"dateTime":"2026-03-30T09:15:00","timeZone":"UTC"}` + extra + `}`
}

func create(t *testing.T, ts *graphmock.Instance, mailbox, body string, headers ...string) answer {
	t.Helper()
	a := send(t, ts, "POST", eventsPath(mailbox), body, headers...)
	if a.status != http.StatusCreated {
		t.Fatalf("create: %d %s", a.status, a.raw)
	}
	return a
}

func TestEventCreateAnswer(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	a := create(t, ts, organizerID, teamsEvent)
	id := str(a.body, "id")
	if !strings.Contains(id, "/") || !strings.Contains(id, "+") || !strings.HasPrefix(id, "AAMkA") {
		t.Errorf("id %q: want an Exchange-style id with / and +", id)
	}
	if ctx := str(a.body, "@odata.context"); !strings.HasSuffix(ctx, "/v1.0/$metadata#users('"+organizerID+"')/events/$entity") {
		t.Errorf("@odata.context = %q", ctx)
	}
	changeKey := str(a.body, "changeKey")
	if str(a.body, "@odata.etag") != `W/"`+changeKey+`"` || changeKey == "" {
		t.Errorf("@odata.etag %q, changeKey %q", str(a.body, "@odata.etag"), changeKey)
	}
	stamp := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$`)
	for _, k := range []string{"createdDateTime", "lastModifiedDateTime"} {
		if !stamp.MatchString(str(a.body, k)) {
			t.Errorf("%s = %q, want UTC with seven digits", k, str(a.body, k))
		}
	}
	want := map[string]any{
		"subject": "Planning", "importance": "normal", "sensitivity": "normal", "showAs": "busy",
		"reminderMinutesBeforeStart": 15.0, "isReminderOn": true, "responseRequested": true,
		"allowNewTimeProposals": true, "hideAttendees": false, "categories": []any{}, "type": "singleInstance",
		"isCancelled": false, "isOrganizer": true, "isOnlineMeeting": true, "onlineMeetingProvider": "teamsForBusiness",
		"originalStartTimeZone": "W. Europe Standard Time", "originalEndTimeZone": "W. Europe Standard Time",
		"responseStatus": map[string]any{"response": "organizer", "time": "0001-01-01T00:00:00Z"},
		"organizer":      map[string]any{"emailAddress": map[string]any{"name": "Dana Swope", "address": organizerUPN}},
		"start":          map[string]any{"dateTime": "2026-03-30T07:00:00.0000000", "timeZone": "UTC"},
		"end":            map[string]any{"dateTime": "2026-03-30T08:00:00.0000000", "timeZone": "UTC"},
		"location":       map[string]any{"displayName": "Room 1", "locationType": "default", "uniqueId": "Room 1", "uniqueIdType": "private"},
		"locations":      []any{map[string]any{"displayName": "Room 1", "locationType": "default", "uniqueId": "Room 1", "uniqueIdType": "private"}},
		"recurrence":     nil,
		"attendees": []any{map[string]any{
			"type":         "required",
			"status":       map[string]any{"response": "none", "time": "0001-01-01T00:00:00Z"},
			"emailAddress": map[string]any{"name": "Adele Vance", "address": adeleUPN},
		}},
		"webLink": "https://outlook.office365.com/owa/?itemid=" + url.QueryEscape(id) + "&exvsurl=1&path=/calendar/item",
	}
	for k, v := range want {
		if got := a.body[k]; !reflect.DeepEqual(got, v) {
			t.Errorf("%s = %#v, want %#v", k, got, v)
		}
	}
	if !strings.HasPrefix(str(a.body, "iCalUId"), "040000008200E00074C5B7101A82E008") {
		t.Errorf("iCalUId = %q", str(a.body, "iCalUId"))
	}
	if !strings.HasPrefix(str(a.body, "onlineMeeting", "joinUrl"), "https://teams.microsoft.com/l/meetup-join/") ||
		str(a.body, "onlineMeeting", "conferenceId") == "" || str(a.body, "onlineMeeting", "tollNumber") == "" {
		t.Errorf("onlineMeeting = %v", a.body["onlineMeeting"])
	}
	for _, k := range []string{"transactionId", "singleValueExtendedProperties"} {
		if _, ok := a.body[k]; ok {
			t.Errorf("%s answered though not set or not expanded", k)
		}
	}

	// The id must be percent-encoded: with a bare "/" the path is another.
	if g := send(t, ts, "GET", eventPath(organizerID, id), ""); g.status != 200 || str(g.body, "id") != id {
		t.Errorf("GET by the encoded id: %d %s", g.status, g.raw)
	}
	if g := send(t, ts, "GET", eventsPath(organizerID)+"/"+id, ""); g.status != 400 {
		t.Errorf("GET by the bare id: %d, want 400", g.status)
	}
	// Every write changes the changeKey.
	p := send(t, ts, "PATCH", eventPath(organizerID, id), `{"categories":["Red category"]}`)
	if p.status != 200 || str(p.body, "changeKey") == changeKey || str(p.body, "@odata.etag") != `W/"`+str(p.body, "changeKey")+`"` {
		t.Errorf("PATCH: %d, changeKey %q (was %q)", p.status, str(p.body, "changeKey"), changeKey)
	}

	// Without a meeting and a body.
	plain := create(t, ts, organizerID, plainEvent(""))
	for k, v := range map[string]any{
		"isOnlineMeeting": false, "onlineMeetingProvider": "unknown", "onlineMeeting": nil,
		"body":      map[string]any{"contentType": "html", "content": ""},
		"location":  map[string]any{"displayName": "", "locationType": "default", "uniqueIdType": "unknown"},
		"locations": []any{}, "attendees": []any{}, "bodyPreview": "",
	} {
		if got := plain.body[k]; !reflect.DeepEqual(got, v) {
			t.Errorf("plain event: %s = %#v, want %#v", k, got, v)
		}
	}
	if ts.EventCount() != 2 || ts.Stats().Events != 2 {
		t.Errorf("EventCount %d, Stats.Events %d; want 2", ts.EventCount(), ts.Stats().Events)
	}
}

func TestEventBody(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	const head = "<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n</head>\r\n<body>\r\n"
	const tail = "\r\n</body>\r\n</html>\r\n"

	teams := create(t, ts, organizerID, teamsEvent)
	content, joinURL := str(teams.body, "body", "content"), str(teams.body, "onlineMeeting", "joinUrl")
	if str(teams.body, "body", "contentType") != "html" || !strings.HasPrefix(content, head+"<p>Agenda</p>\r\n") || !strings.HasSuffix(content, tail) {
		t.Errorf("body = %q", content)
	}
	if !graphmock.HasJoinBlock(content, joinURL) || strings.Count(content, graphmock.JoinBlockMarker) != 1 {
		t.Errorf("the body must end with one join block for %s: %q", joinURL, content)
	}
	preview := str(teams.body, "bodyPreview")
	if !strings.HasPrefix(preview, "Agenda\r\n________________") || !strings.Contains(preview, "\r\nJoin Microsoft Teams Meeting\r\n") ||
		!strings.Contains(preview, "Conference ID: ") || len([]rune(preview)) > 255 {
		t.Errorf("bodyPreview = %q", preview)
	}

	text := create(t, ts, organizerID, plainEvent(`"body":{"contentType":"text","content":"Fish & chips\n<b>not bold</b>"}`))
	if got := str(text.body, "body", "content"); got != head+"Fish &amp; chips<br>&lt;b&gt;not bold&lt;/b&gt;"+tail {
		t.Errorf("text body = %q", got)
	}
	if got := str(text.body, "bodyPreview"); got != "Fish & chips\r\n<b>not bold</b>" {
		t.Errorf("text bodyPreview = %q", got)
	}
	if strings.Contains(str(text.body, "body", "content"), graphmock.JoinBlockMarker) {
		t.Error("an event without a meeting has no join block")
	}
}

func TestEventPreferTimeZone(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	// 09:00 in Berlin on both sides of the change to summer time (29 March).
	body := func(day string) string {
		return `{"subject":"x","start":{"dateTime":"2026-03-` + day + `T09:00:00","timeZone":"Europe/Berlin"},"end":{"dateTime":"2026-03-` + day + `T09:30:00.5","timeZone":"Europe/Berlin"}}`
	}
	before, after := create(t, ts, organizerID, body("28")), create(t, ts, organizerID, body("30"))
	ids := map[string]string{"28": str(before.body, "id"), "30": str(after.body, "id")}

	tests := []struct {
		name    string
		faults  graphmock.Faults
		headers []string
		zone    string            // answered timeZone
		start   map[string]string // by day
		applied string            // Preference-Applied
	}{
		{"no Prefer: UTC", graphmock.Faults{}, nil, "UTC", map[string]string{"28": "2026-03-28T08:00:00.0000000", "30": "2026-03-30T07:00:00.0000000"}, ""},
		{"IANA", graphmock.Faults{}, []string{"Prefer", `outlook.timezone="Europe/Berlin"`}, "Europe/Berlin", map[string]string{"28": "2026-03-28T09:00:00.0000000", "30": "2026-03-30T09:00:00.0000000"}, `outlook.timezone="Europe/Berlin"`},
		{"Windows", graphmock.Faults{}, []string{"Prefer", `outlook.timezone="W. Europe Standard Time"`}, "W. Europe Standard Time", map[string]string{"28": "2026-03-28T09:00:00.0000000", "30": "2026-03-30T09:00:00.0000000"}, `outlook.timezone="W. Europe Standard Time"`},
		{"Pacific", graphmock.Faults{}, []string{"Prefer", `outlook.timezone="Pacific Standard Time"`}, "Pacific Standard Time", map[string]string{"28": "2026-03-28T01:00:00.0000000", "30": "2026-03-30T00:00:00.0000000"}, `outlook.timezone="Pacific Standard Time"`},
		{"one line, two tokens", graphmock.Faults{}, []string{"Prefer", `IdType="ImmutableId", outlook.timezone="Europe/Berlin"`}, "Europe/Berlin", map[string]string{"28": "2026-03-28T09:00:00.0000000"}, `outlook.timezone="Europe/Berlin"`},
		{"two lines", graphmock.Faults{}, []string{"Prefer", `IdType="ImmutableId"`, "Prefer", `outlook.timezone="Europe/Berlin"`}, "Europe/Berlin", map[string]string{"30": "2026-03-30T09:00:00.0000000"}, `outlook.timezone="Europe/Berlin"`},
		{"an unknown zone is ignored", graphmock.Faults{}, []string{"Prefer", `outlook.timezone="Mars/Olympus"`}, "UTC", map[string]string{"28": "2026-03-28T08:00:00.0000000"}, ""},
		{"IANA ignored by fault", graphmock.Faults{IgnoreIANATimeZonePrefer: true}, []string{"Prefer", `outlook.timezone="Europe/Berlin"`}, "UTC", map[string]string{"30": "2026-03-30T07:00:00.0000000"}, ""},
		{"Windows honoured despite the fault", graphmock.Faults{IgnoreIANATimeZonePrefer: true}, []string{"Prefer", `outlook.timezone="W. Europe Standard Time"`}, "W. Europe Standard Time", map[string]string{"30": "2026-03-30T09:00:00.0000000"}, `outlook.timezone="W. Europe Standard Time"`},
	}
	for _, tt := range tests { // sequential: faults are per server
		ts.SetFaults(tt.faults)
		for day, start := range tt.start {
			a := send(t, ts, "GET", eventPath(organizerID, ids[day]), "", tt.headers...)
			if a.status != 200 {
				t.Fatalf("%s: %d %s", tt.name, a.status, a.raw)
			}
			if got := at(a.body, "start"); !reflect.DeepEqual(got, map[string]any{"dateTime": start, "timeZone": tt.zone}) {
				t.Errorf("%s, 2026-03-%s: start = %v, want %s %s", tt.name, day, got, start, tt.zone)
			}
			if got := str(a.body, "end", "timeZone"); got != tt.zone {
				t.Errorf("%s: end.timeZone = %q", tt.name, got)
			}
			if got := a.header.Get("Preference-Applied"); got != tt.applied {
				t.Errorf("%s: Preference-Applied = %q, want %q", tt.name, got, tt.applied)
			}
		}
	}
	ts.SetFaults(graphmock.Faults{})
	for _, r := range ts.RequestsTo(graphmock.RouteEventGet) {
		wantImmutable := strings.Contains(strings.Join(r.Headers.Values("Prefer"), ","), "ImmutableId")
		if r.ImmutableID != wantImmutable {
			t.Errorf("request with Prefer %q: ImmutableID = %v", r.Headers.Values("Prefer"), r.ImmutableID)
		}
	}

	// Seven fractional digits, and Prefer on the answers of POST and PATCH.
	if got := str(after.body, "end", "dateTime"); got != "2026-03-30T07:30:00.5000000" {
		t.Errorf("end = %q", got)
	}
	tokyo := []string{"Prefer", `outlook.timezone="Tokyo Standard Time"`}
	c := create(t, ts, organizerID, body("30"), tokyo...)
	if str(c.body, "start", "dateTime") != "2026-03-30T16:00:00.0000000" || c.header.Get("Preference-Applied") != `outlook.timezone="Tokyo Standard Time"` {
		t.Errorf("POST with Prefer: start %v, Preference-Applied %q", c.body["start"], c.header.Get("Preference-Applied"))
	}
	p := send(t, ts, "PATCH", eventPath(organizerID, str(c.body, "id")), `{"start":{"dateTime":"2026-03-30T08:00:00","timeZone":"Europe/Berlin"}}`, tokyo...)
	if str(p.body, "start", "dateTime") != "2026-03-30T15:00:00.0000000" || str(p.body, "originalStartTimeZone") != "Europe/Berlin" {
		t.Errorf("PATCH with Prefer: start %v, originalStartTimeZone %q", p.body["start"], str(p.body, "originalStartTimeZone"))
	}

	for name, tt := range map[string]struct {
		body, code, message string
	}{
		"a display name": {`{"start":{"dateTime":"2026-03-30T09:00:00","timeZone":"Greenwich Mean Time"},"end":{"dateTime":"2026-03-30T10:00:00","timeZone":"UTC"}}`, "TimeZoneNotSupportedException", "A valid TimeZone value must be specified. The following TimeZone value is not supported: 'Greenwich Mean Time'."},
		"no zone":        {`{"start":{"dateTime":"2026-03-30T09:00:00"},"end":{"dateTime":"2026-03-30T10:00:00","timeZone":"UTC"}}`, "TimeZoneNotSupportedException", ""},
		"an offset":      {`{"start":{"dateTime":"2026-03-30T09:00:00+02:00","timeZone":"UTC"},"end":{"dateTime":"2026-03-30T10:00:00","timeZone":"UTC"}}`, "ErrorInvalidRequest", ""},
		"eight digits":   {`{"start":{"dateTime":"2026-03-30T09:00:00.12345678","timeZone":"UTC"},"end":{"dateTime":"2026-03-30T10:00:00","timeZone":"UTC"}}`, "ErrorInvalidRequest", ""},
		"end first":      {`{"start":{"dateTime":"2026-03-30T09:00:00","timeZone":"Europe/Berlin"},"end":{"dateTime":"2026-03-30T06:30:00","timeZone":"UTC"}}`, "ErrorCalendarEndDateIsEarlierThanStartDate", ""},
		"no end":         {`{"start":{"dateTime":"2026-03-30T09:00:00","timeZone":"UTC"}}`, "ErrorInvalidRequest", ""},
	} {
		a := send(t, ts, "POST", eventsPath(organizerID), tt.body)
		if a.status != 400 || errorCode(a.body) != tt.code || tt.message != "" && str(a.body, "error", "message") != tt.message {
			t.Errorf("%s: %d %s, want 400 %s", name, a.status, a.raw, tt.code)
		}
	}
}

func TestEventRecurrence(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	// 00:30 in Berlin is the previous day in UTC: startDate is the date in
	// the event's zone.
	withRecurrence := func(recurrence string) string {
		return `{"subject":"series","start":{"dateTime":"2026-03-30T00:30:00","timeZone":"Europe/Berlin"},"end":{"dateTime":"2026-03-30T01:00:00","timeZone":"Europe/Berlin"},"recurrence":` + recurrence + `}`
	}
	normalised := []struct {
		name, recurrence, want string
	}{
		{"weekly, as the doc's example",
			`{"pattern":{"type":"weekly","interval":1,"daysOfWeek":["Monday"]},"range":{"type":"endDate","startDate":"2026-03-30","endDate":"2026-06-29"}}`,
			`{"pattern":{"type":"weekly","interval":1,"month":0,"dayOfMonth":0,"daysOfWeek":["monday"],"firstDayOfWeek":"sunday","index":"first"},"range":{"type":"endDate","startDate":"2026-03-30","endDate":"2026-06-29","recurrenceTimeZone":"Europe/Berlin","numberOfOccurrences":0}}`},
		{"numbered, unused members dropped",
			`{"pattern":{"type":"absoluteMonthly","interval":2,"dayOfMonth":30,"daysOfWeek":["friday"],"index":"Last","firstDayOfWeek":"monday"},"range":{"type":"numbered","startDate":"2026-03-30","numberOfOccurrences":6}}`,
			`{"pattern":{"type":"absoluteMonthly","interval":2,"month":0,"dayOfMonth":30,"daysOfWeek":[],"firstDayOfWeek":"sunday","index":"first"},"range":{"type":"numbered","startDate":"2026-03-30","endDate":"0001-01-01","recurrenceTimeZone":"Europe/Berlin","numberOfOccurrences":6}}`},
		{"relativeYearly, no end, own zone",
			`{"pattern":{"type":"relativeYearly","interval":1,"month":3,"daysOfWeek":["MONDAY"],"index":"last"},"range":{"type":"noEnd","startDate":"2026-03-30","recurrenceTimeZone":"W. Europe Standard Time"}}`,
			`{"pattern":{"type":"relativeYearly","interval":1,"month":3,"dayOfMonth":0,"daysOfWeek":["monday"],"firstDayOfWeek":"sunday","index":"last"},"range":{"type":"noEnd","startDate":"2026-03-30","endDate":"0001-01-01","recurrenceTimeZone":"W. Europe Standard Time","numberOfOccurrences":0}}`},
		{"daily",
			`{"pattern":{"type":"daily","interval":1},"range":{"type":"numbered","startDate":"2026-03-30","numberOfOccurrences":3}}`,
			`{"pattern":{"type":"daily","interval":1,"month":0,"dayOfMonth":0,"daysOfWeek":[],"firstDayOfWeek":"sunday","index":"first"},"range":{"type":"numbered","startDate":"2026-03-30","endDate":"0001-01-01","recurrenceTimeZone":"Europe/Berlin","numberOfOccurrences":3}}`},
	}
	for _, tt := range normalised {
		a := create(t, ts, organizerID, withRecurrence(tt.recurrence))
		var want any
		if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
			t.Fatal(err)
		}
		if got := a.body["recurrence"]; !reflect.DeepEqual(got, want) {
			got, _ := json.Marshal(got)
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
		if str(a.body, "type") != "seriesMaster" {
			t.Errorf("%s: type %q, want seriesMaster", tt.name, str(a.body, "type"))
		}
	}

	invalid := []struct {
		name, recurrence, code string
	}{
		{"weekly without days", `{"pattern":{"type":"weekly","interval":1},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "ErrorCalendarInvalidRecurrence"},
		{"relativeMonthly without days", `{"pattern":{"type":"relativeMonthly","interval":1,"index":"first"},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "ErrorCalendarInvalidRecurrence"},
		{"absoluteMonthly without dayOfMonth", `{"pattern":{"type":"absoluteMonthly","interval":1},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "ErrorCalendarInvalidRecurrence"},
		{"absoluteYearly without month", `{"pattern":{"type":"absoluteYearly","interval":1,"dayOfMonth":30},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "ErrorCalendarInvalidRecurrence"},
		{"relativeYearly without month", `{"pattern":{"type":"relativeYearly","interval":1,"daysOfWeek":["monday"]},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "ErrorCalendarInvalidRecurrence"},
		{"no pattern type", `{"pattern":{"interval":1},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "ErrorCalendarInvalidRecurrence"},
		{"interval 0", `{"pattern":{"type":"daily","interval":0},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "ErrorCalendarInvalidRecurrence"},
		{"month 13", `{"pattern":{"type":"absoluteYearly","interval":1,"dayOfMonth":1,"month":13},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "ErrorCalendarInvalidRecurrence"},
		{"an unknown pattern type", `{"pattern":{"type":"hourly","interval":1},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "RequestBodyRead"},
		{"an unknown day, even unused", `{"pattern":{"type":"daily","interval":1,"daysOfWeek":["someday"]},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "RequestBodyRead"},
		{"an unknown index", `{"pattern":{"type":"relativeMonthly","interval":1,"daysOfWeek":["monday"],"index":"fifth"},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "RequestBodyRead"},
		{"an unknown range type", `{"pattern":{"type":"daily","interval":1},"range":{"type":"forever","startDate":"2026-03-30"}}`, "RequestBodyRead"},
		{"numbered without a count", `{"pattern":{"type":"daily","interval":1},"range":{"type":"numbered","startDate":"2026-03-30"}}`, "ErrorCalendarInvalidRecurrence"},
		{"endDate without an end", `{"pattern":{"type":"daily","interval":1},"range":{"type":"endDate","startDate":"2026-03-30"}}`, "ErrorCalendarInvalidRecurrence"},
		{"endDate before startDate", `{"pattern":{"type":"daily","interval":1},"range":{"type":"endDate","startDate":"2026-03-30","endDate":"2026-03-01"}}`, "ErrorCalendarInvalidRecurrence"},
		{"no startDate", `{"pattern":{"type":"daily","interval":1},"range":{"type":"noEnd"}}`, "ErrorCalendarInvalidRecurrence"},
		{"startDate is the UTC date", `{"pattern":{"type":"daily","interval":1},"range":{"type":"noEnd","startDate":"2026-03-29"}}`, "ErrorCalendarInvalidRecurrence"},
		{"an unknown member", `{"pattern":{"type":"daily","interval":1,"every":2},"range":{"type":"noEnd","startDate":"2026-03-30"}}`, "RequestBodyRead"},
		{"an unknown recurrenceTimeZone", `{"pattern":{"type":"daily","interval":1},"range":{"type":"noEnd","startDate":"2026-03-30","recurrenceTimeZone":"Berlin"}}`, "TimeZoneNotSupportedException"},
	}
	for _, tt := range invalid {
		a := send(t, ts, "POST", eventsPath(organizerID), withRecurrence(tt.recurrence))
		if a.status != 400 || errorCode(a.body) != tt.code {
			t.Errorf("%s: %d %s, want 400 %s", tt.name, a.status, a.raw, tt.code)
		}
	}

	// A PATCH of recurrence checks startDate against the event's start;
	// recurrence null makes the series a single event.
	series := create(t, ts, organizerID, withRecurrence(normalised[0].recurrence))
	path := eventPath(organizerID, str(series.body, "id"))
	if a := send(t, ts, "PATCH", path, `{"recurrence":{"pattern":{"type":"daily","interval":1},"range":{"type":"noEnd","startDate":"2026-03-31"}}}`); a.status != 400 || errorCode(a.body) != "ErrorCalendarInvalidRecurrence" {
		t.Errorf("PATCH with another startDate: %d %s", a.status, a.raw)
	}
	a := send(t, ts, "PATCH", path, `{"recurrence":null}`)
	if a.status != 200 || a.body["recurrence"] != nil || str(a.body, "type") != "singleInstance" {
		t.Errorf("PATCH recurrence null: %d recurrence %v type %q", a.status, a.body["recurrence"], str(a.body, "type"))
	}
}

func TestEventAttendees(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	a := create(t, ts, organizerID, plainEvent(`"attendees":[
		{"emailAddress":{"address":"ADELEV@contoso.onmicrosoft.com"},"type":"Optional"},
		{"emailAddress":{"address":"kim@fabrikam.example","name":"Kim"}},
		{"emailAddress":{"address":"room1@contoso.example"},"type":"resource","status":{"response":"accepted","time":"2026-01-01T00:00:00Z"}}]`))
	none := map[string]any{"response": "none", "time": "0001-01-01T00:00:00Z"}
	want := []any{
		map[string]any{"type": "optional", "status": none, "emailAddress": map[string]any{"name": "Adele Vance", "address": adeleUPN}},
		map[string]any{"type": "required", "status": none, "emailAddress": map[string]any{"name": "Kim", "address": "kim@fabrikam.example"}},
		map[string]any{"type": "resource", "status": none, "emailAddress": map[string]any{"name": "room1@contoso.example", "address": "room1@contoso.example"}},
	}
	if got := a.body["attendees"]; !reflect.DeepEqual(got, want) {
		t.Errorf("attendees = %v\nwant %v", got, want)
	}

	many := make([]string, 501)
	for i := range many {
		many[i] = fmt.Sprintf(`{"emailAddress":{"address":"a%d@contoso.example"}}`, i)
	}
	for name, tt := range map[string]struct{ attendees, code string }{
		"an unknown type":  {`[{"emailAddress":{"address":"kim@fabrikam.example"},"type":"boss"}]`, "RequestBodyRead"},
		"not an address":   {`[{"emailAddress":{"address":"Kim"}}]`, "ErrorInvalidRecipients"},
		"501 attendees":    {"[" + strings.Join(many, ",") + "]", "ErrorInvalidRequest"},
		"a misspelt field": {`[{"emailAddress":{"Address":"kim@fabrikam.example"}}]`, "RequestBodyRead"},
	} {
		if a := send(t, ts, "POST", eventsPath(organizerID), plainEvent(`"attendees":`+tt.attendees)); a.status != 400 || errorCode(a.body) != tt.code {
			t.Errorf("%s: %d %s, want 400 %s", name, a.status, a.raw, tt.code)
		}
	}
	if a := send(t, ts, "POST", eventsPath(organizerID), plainEvent(`"attendees":[`+strings.Join(many[:500], ",")+`]`)); a.status != 201 {
		t.Errorf("500 attendees: %d", a.status)
	}
}

func TestEventStrictness(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	for name, tt := range map[string]struct{ extra, code string }{
		"an unknown property":             {`"colour":"red"`, "RequestBodyRead"},
		"a property in another case":      {`"Subject":"x"`, "RequestBodyRead"},
		"an unknown nested property":      {`"body":{"contentType":"text","content":"x","charset":"utf-8"}`, "RequestBodyRead"},
		"id":                              {`"id":"AAMkA="`, "ErrorInvalidPropertySet"},
		"iCalUId":                         {`"iCalUId":"0400"`, "ErrorInvalidPropertySet"},
		"webLink":                         {`"webLink":"https://x"`, "ErrorInvalidPropertySet"},
		"onlineMeeting":                   {`"onlineMeeting":{"joinUrl":"https://x"}`, "ErrorInvalidPropertySet"},
		"createdDateTime":                 {`"createdDateTime":"2026-01-01T00:00:00Z"`, "ErrorInvalidPropertySet"},
		"organizer":                       {`"organizer":{"emailAddress":{"address":"x@contoso.example"}}`, "ErrorInvalidPropertySet"},
		"originalStartTimeZone":           {`"originalStartTimeZone":"UTC"`, "ErrorInvalidPropertySet"},
		"isAllDay, which the mock lacks":  {`"isAllDay":false`, "NotModelledByMock"},
		"null for a Boolean":              {`"isReminderOn":null`, "RequestBodyRead"},
		"a number for a string":           {`"subject":5`, "RequestBodyRead"},
		"an unknown importance":           {`"importance":"urgent"`, "RequestBodyRead"},
		"an unknown showAs":               {`"showAs":"away"`, "RequestBodyRead"},
		"an unknown contentType":          {`"body":{"contentType":"markdown","content":"x"}`, "RequestBodyRead"},
		"an unknown provider":             {`"onlineMeetingProvider":"zoom"`, "RequestBodyRead"},
		"a provider the calendar lacks":   {`"isOnlineMeeting":true,"onlineMeetingProvider":"skypeForBusiness"`, "ErrorInvalidRequest"},
		"an extended property without id": {`"singleValueExtendedProperties":[{"id":"externalId","value":"x"}]`, "ErrorInvalidExtendedProperty"},
		"a negative reminder":             {`"reminderMinutesBeforeStart":-5`, "ErrorInvalidRequest"},
	} {
		if a := send(t, ts, "POST", eventsPath(organizerID), plainEvent(tt.extra)); a.status != 400 || errorCode(a.body) != tt.code {
			t.Errorf("%s: %d %s, want 400 %s", name, a.status, a.raw, tt.code)
		}
	}
	for _, body := range []string{"", "[]", "null"} {
		if a := send(t, ts, "POST", eventsPath(organizerID), body); a.status != 400 || errorCode(a.body) != "RequestBodyRead" {
			t.Errorf("body %q: %d %s", body, a.status, a.raw)
		}
	}
	if ts.EventCount() != 0 {
		t.Errorf("%d events after refusals", ts.EventCount())
	}

	// Enums in any case, answered lower-camel.
	a := create(t, ts, organizerID, plainEvent(`"importance":"HIGH","sensitivity":"Private","showAs":"WorkingElsewhere","location":{"displayName":"Room 2","locationType":"ConferenceRoom"},"@odata.type":"#microsoft.graph.event"`))
	for k, v := range map[string]string{"importance": "high", "sensitivity": "private", "showAs": "workingElsewhere"} {
		if str(a.body, k) != v {
			t.Errorf("%s = %q, want %q", k, str(a.body, k), v)
		}
	}
	if str(a.body, "location", "locationType") != "conferenceRoom" {
		t.Errorf("locationType = %q", str(a.body, "location", "locationType"))
	}

	// $select keeps the named properties (and id, etag, context).
	g := send(t, ts, "GET", eventPath(organizerID, str(a.body, "id"))+"?$select=subject,start", "")
	if g.status != 200 || len(g.body) != 5 || str(g.body, "subject") != "Standup" || !strings.HasSuffix(str(g.body, "@odata.context"), "/events(subject,start)/$entity") {
		t.Errorf("$select: %d %s", g.status, g.raw)
	}
	if g := send(t, ts, "GET", eventPath(organizerID, str(a.body, "id"))+"?$select=colour", ""); g.status != 400 {
		t.Errorf("$select of an unknown property: %d", g.status)
	}
	if g := send(t, ts, "GET", eventPath(organizerID, str(a.body, "id"))+"?$expand=attachments", ""); g.status != 400 {
		t.Errorf("$expand of something else: %d", g.status)
	}
}

func TestEventExtendedPropertyFilter(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	withProperty := func(value string) string {
		return plainEvent(`"singleValueExtendedProperties":[{"id":"` + propID + `","value":"` + value + `"}]`)
	}
	c := create(t, ts, organizerID, withProperty("abc-DEF"))
	id := str(c.body, "id")
	create(t, ts, organizerID, withProperty("other"))
	create(t, ts, adeleID, withProperty("abc-DEF")) // another mailbox

	expand := "$expand=" + url.QueryEscape("singleValueExtendedProperties($filter=id eq '"+propID+"')")
	if g := send(t, ts, "GET", eventPath(organizerID, id), ""); g.body["singleValueExtendedProperties"] != nil {
		t.Errorf("GET without $expand returned %v", g.body["singleValueExtendedProperties"])
	}
	g := send(t, ts, "GET", eventPath(organizerID, id)+"?"+expand, "")
	if want := []any{map[string]any{"id": propID, "value": "abc-DEF"}}; !reflect.DeepEqual(g.body["singleValueExtendedProperties"], want) {
		t.Errorf("GET with $expand: %v", g.body["singleValueExtendedProperties"])
	}
	other := "$expand=" + url.QueryEscape("singleValueExtendedProperties($filter=id eq 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name other')")
	if g := send(t, ts, "GET", eventPath(organizerID, id)+"?"+other, ""); !reflect.DeepEqual(g.body["singleValueExtendedProperties"], []any{}) {
		t.Errorf("$expand of another property: %v", g.body["singleValueExtendedProperties"])
	}

	find := func(id, value string, more ...string) answer {
		t.Helper()
		esc := func(s string) string { return strings.ReplaceAll(s, "'", "''") }
		q := "$filter=" + url.QueryEscape("singleValueExtendedProperties/Any(ep: ep/id eq '"+esc(id)+"' and ep/value eq '"+esc(value)+"')")
		for _, m := range more {
			q += "&" + m
		}
		a := send(t, ts, "GET", eventsPath(organizerID)+"?"+q, "")
		if a.status != 200 {
			t.Fatalf("find: %d %s", a.status, a.raw)
		}
		return a
	}
	hits := func(a answer) []string {
		var ids []string
		for _, v := range list(a.body, "value") {
			ids = append(ids, str(v, "id"))
		}
		return ids
	}
	a := find(propID, "ABC-def")
	if got := hits(a); !reflect.DeepEqual(got, []string{id}) || at(a.body, "value", 0, "singleValueExtendedProperties") != nil {
		t.Errorf("find by a value in another case: %v (%s)", got, a.raw)
	}
	if !strings.HasSuffix(str(a.body, "@odata.context"), "/$metadata#users('"+organizerID+"')/events") || str(a.body, "value", 0, "@odata.etag") == "" {
		t.Errorf("collection shape: %s", a.raw)
	}
	if a := find(propID, "abc-def", expand); str(a.body, "value", 0, "singleValueExtendedProperties", 0, "value") != "abc-DEF" {
		t.Errorf("find with $expand: %s", a.raw)
	}
	if got := hits(find(strings.Replace(propID, "externalId", "externalid", 1), "abc-DEF")); got != nil {
		t.Errorf("the id's name is case-sensitive: %v", got)
	}
	quoted := create(t, ts, organizerID, withProperty("o'brien"))
	if got := hits(find(propID, "O'Brien")); !reflect.DeepEqual(got, []string{str(quoted.body, "id")}) {
		t.Errorf("'' in a literal: %v", got)
	}
	if all := send(t, ts, "GET", eventsPath(organizerID), ""); len(list(all.body, "value")) != 3 {
		t.Errorf("list without $filter: %s", all.raw)
	}
	// The list's own filters are events_list_test.go's; these are refused.
	for _, f := range []string{"subject ne 'Standup'", "transactionId eq 'x'", "singleValueExtendedProperties/Any(ep: ep/id eq '" + propID + "' and contains(ep/value, 'abc'))"} {
		if a := send(t, ts, "GET", eventsPath(organizerID)+"?$filter="+url.QueryEscape(f), ""); a.status != 400 || errorCode(a.body) != "ErrorInvalidUrlQueryFilter" {
			t.Errorf("$filter=%s: %d %s", f, a.status, a.raw)
		}
	}

	// The index latency: a new event is found only after the delay.
	ts.SetFaults(graphmock.Faults{EventFilterDelay: 300 * time.Millisecond})
	late := create(t, ts, organizerID, withProperty("late"))
	if got := hits(find(propID, "late")); got != nil {
		t.Errorf("found before the index caught up: %v", got)
	}
	if g := send(t, ts, "GET", eventPath(organizerID, str(late.body, "id")), ""); g.status != 200 {
		t.Errorf("GET by id during the delay: %d", g.status)
	}
	time.Sleep(350 * time.Millisecond)
	if got := hits(find(propID, "late")); !reflect.DeepEqual(got, []string{str(late.body, "id")}) {
		t.Errorf("after the delay: %v", got)
	}

	// PATCH adds or replaces a property and mails no one.
	ts.SetFaults(graphmock.Faults{})
	ts.ResetOutbox()
	p := send(t, ts, "PATCH", eventPath(organizerID, id), `{"singleValueExtendedProperties":[{"id":"`+propID+`","value":"new"}]}`)
	if p.status != 200 || p.body["singleValueExtendedProperties"] != nil {
		t.Errorf("PATCH of the property: %d %s", p.status, p.raw)
	}
	if e, _ := ts.Event(id); len(e.SingleValueExtendedProperties) != 1 || e.SingleValueExtendedProperties[0].Value != "new" {
		t.Errorf("stored properties: %v", e.SingleValueExtendedProperties)
	}
	if v, ok := ts.Events(organizerUPN)[0].ExtendedProperty(propID); !ok || v != "new" {
		t.Errorf("Events() must include the extended properties: %q %v", v, ok)
	}
}

func TestEventTransactionID(t *testing.T) {
	t.Parallel()
	body := plainEvent(`"transactionId":"7E163156-7762-4BEB-A1C6-729EA81755A7","attendees":[{"emailAddress":{"address":"kim@fabrikam.example"}}]`)
	for _, dedup := range []bool{false, true} {
		cfg := eventsConfig()
		cfg.EventTransactionDedup = dedup
		ts := graphmock.NewTestServer(t, cfg)
		first, second := create(t, ts, organizerID, body), create(t, ts, organizerID, body)
		create(t, ts, adeleID, body) // the same id in another mailbox is another event
		for _, a := range []answer{first, second} {
			if str(a.body, "transactionId") != "7E163156-7762-4BEB-A1C6-729EA81755A7" {
				t.Errorf("dedup %v: transactionId not echoed: %s", dedup, a.raw)
			}
		}
		sameID := str(first.body, "id") == str(second.body, "id")
		wantEvents, wantMail := 3, 3
		if dedup {
			wantEvents, wantMail = 2, 2
		}
		if sameID != dedup || ts.EventCount() != wantEvents || ts.CountMail(graphmock.MailInvitation, "") != wantMail {
			t.Errorf("dedup %v: same id %v, %d events, %d invitations", dedup, sameID, ts.EventCount(), ts.CountMail(graphmock.MailInvitation, ""))
		}
		p := send(t, ts, "PATCH", eventPath(organizerID, str(first.body, "id")), `{"transactionId":"other"}`)
		if p.status != 400 || errorCode(p.body) != "ErrorInvalidPropertySet" {
			t.Errorf("PATCH of transactionId: %d %s", p.status, p.raw)
		}
	}
}

func TestEventPatchOutbox(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	people := func(list ...string) string {
		var out []string
		for _, p := range list {
			address, typ, _ := strings.Cut(p, ":")
			out = append(out, `{"emailAddress":{"address":"`+address+`"},"type":"`+cmpOr(typ, "required")+`"}`)
		}
		return "[" + strings.Join(out, ",") + "]"
	}
	c := create(t, ts, organizerID, plainEvent(`"attendees":`+people("a@x.example", "b@x.example", "c@x.example:optional", strings.ToLower(organizerUPN))))
	path := eventPath(organizerID, str(c.body, "id"))
	if got := ts.Outbox(); len(got) != 3 || ts.CountMail(graphmock.MailInvitation, "A@X.example") != 1 || ts.CountMail(graphmock.MailInvitation, organizerUPN) != 0 {
		t.Errorf("create: %v, want an invitation to each attendee but the organizer", got)
	}

	steps := []struct {
		name, body string
		want       map[string]int // "kind to" → count
	}{
		{"attendees: one added, one removed, one retyped", `{"attendees":` + people("a@x.example", "b@x.example:optional", "d@x.example") + `}`,
			map[string]int{"invitation d@x.example": 1, "cancellation c@x.example": 1, "update b@x.example": 1}},
		{"subject", `{"subject":"Standup v2"}`, map[string]int{"update a@x.example": 1, "update b@x.example": 1, "update d@x.example": 1}},
		{"location", `{"location":{"displayName":"Room 3"}}`, map[string]int{"update a@x.example": 1, "update b@x.example": 1, "update d@x.example": 1}},
		{"times", `{"start":{"dateTime":"2026-03-31T09:00:00","timeZone":"UTC"},"end":{"dateTime":"2026-03-31T09:30:00","timeZone":"UTC"}}`, map[string]int{"update a@x.example": 1, "update b@x.example": 1, "update d@x.example": 1}},
		{"allowNewTimeProposals", `{"allowNewTimeProposals":false}`, map[string]int{"update a@x.example": 1, "update b@x.example": 1, "update d@x.example": 1}},
		{"attendees and subject", `{"subject":"Standup v3","attendees":` + people("a@x.example", "b@x.example:optional", "d@x.example", "e@x.example") + `}`,
			map[string]int{"invitation e@x.example": 1, "update a@x.example": 1, "update b@x.example": 1, "update d@x.example": 1}},
		{"the same attendees", `{"attendees":` + people("A@x.example", "b@x.example:optional", "d@x.example", "e@x.example") + `}`, map[string]int{}},
		{"categories", `{"categories":["Red category"]}`, map[string]int{}},
		{"reminders and showAs", `{"reminderMinutesBeforeStart":5,"isReminderOn":false,"showAs":"tentative"}`, map[string]int{}},
		{"an extended property", `{"singleValueExtendedProperties":[{"id":"` + propID + `","value":"k"}]}`, map[string]int{}},
		{"nothing", `{}`, map[string]int{}},
	}
	for _, st := range steps {
		ts.ResetOutbox()
		a := send(t, ts, "PATCH", path, st.body)
		if a.status != 200 {
			t.Fatalf("%s: %d %s", st.name, a.status, a.raw)
		}
		got := map[string]int{}
		for _, m := range ts.Outbox() {
			got[string(m.Kind)+" "+m.To]++
			if m.EventID != str(c.body, "id") {
				t.Errorf("%s: mail for event %q", st.name, m.EventID)
			}
		}
		if !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s: outbox %v, want %v", st.name, got, st.want)
		}
	}
	// attendees replaced the list: exactly the last one sent.
	g := send(t, ts, "GET", path, "")
	var addresses []string
	for _, a := range list(g.body, "attendees") {
		addresses = append(addresses, str(a, "emailAddress", "address"))
	}
	if !reflect.DeepEqual(addresses, []string{"A@x.example", "b@x.example", "d@x.example", "e@x.example"}) || str(g.body, "subject") != "Standup v3" {
		t.Errorf("attendees after the PATCHes: %v", addresses)
	}

	ts.ResetOutbox()
	for name, tt := range map[string]struct{ body, code string }{
		"organizer":             {`{"organizer":{"emailAddress":{"address":"x@x.example"}}}`, "ErrorInvalidPropertySet"},
		"id":                    {`{"id":"x"}`, "ErrorInvalidPropertySet"},
		"iCalUId":               {`{"iCalUId":"x"}`, "ErrorInvalidPropertySet"},
		"an unknown property":   {`{"colour":"red"}`, "RequestBodyRead"},
		"a misspelt nested one": {`{"start":{"dateTime":"2026-03-31T09:00:00","timezone":"UTC"}}`, "RequestBodyRead"},
		"end before start":      {`{"end":{"dateTime":"2026-03-31T08:00:00","timeZone":"UTC"}}`, "ErrorCalendarEndDateIsEarlierThanStartDate"},
		"start null":            {`{"start":null}`, "RequestBodyRead"},
	} {
		if a := send(t, ts, "PATCH", path, tt.body); a.status != 400 || errorCode(a.body) != tt.code {
			t.Errorf("PATCH %s: %d %s, want 400 %s", name, a.status, a.raw, tt.code)
		}
	}
	if len(ts.Outbox()) != 0 {
		t.Errorf("refused PATCHes mailed %v", ts.Outbox())
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestEventBodyPatchAndJoinURL(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	c := create(t, ts, organizerID, teamsEvent)
	path := eventPath(organizerID, str(c.body, "id"))
	joinURL, conferenceID := str(c.body, "onlineMeeting", "joinUrl"), str(c.body, "onlineMeeting", "conferenceId")
	meetingsByURL := func(u string) int {
		t.Helper()
		a := send(t, ts, "GET", "/v1.0/users/"+organizerID+"/onlineMeetings?$filter="+url.QueryEscape("JoinWebUrl eq '"+u+"'"), "")
		if a.status != 200 {
			t.Fatalf("onlineMeetings $filter: %d %s", a.status, a.raw)
		}
		return len(list(a.body, "value"))
	}

	// The read body, edited around the block, keeps the meeting.
	edited := strings.Replace(str(c.body, "body", "content"), "<p>Agenda</p>", "<p>Agenda v2</p>", 1)
	b, _ := json.Marshal(map[string]any{"body": map[string]string{"contentType": "html", "content": edited}})
	p := send(t, ts, "PATCH", path, string(b))
	content := str(p.body, "body", "content")
	if p.status != 200 || str(p.body, "onlineMeeting", "joinUrl") != joinURL || !strings.Contains(content, "<p>Agenda v2</p>") ||
		strings.Count(content, graphmock.JoinBlockMarker) != 1 || strings.Count(content, "<html>") != 1 || content != edited {
		t.Errorf("a body with the block: %d, joinUrl kept %v, body %q", p.status, str(p.body, "onlineMeeting", "joinUrl") == joinURL, content)
	}
	if meetingsByURL(joinURL) != 1 {
		t.Error("the meeting must stay findable by its join URL")
	}

	// A body without the join URL: a new meeting, as reported (#18896).
	p = send(t, ts, "PATCH", path, `{"body":{"contentType":"text","content":"New agenda"}}`)
	newURL := str(p.body, "onlineMeeting", "joinUrl")
	content = str(p.body, "body", "content")
	if newURL == joinURL || newURL == "" || str(p.body, "onlineMeeting", "conferenceId") == conferenceID ||
		!graphmock.HasJoinBlock(content, newURL) || strings.Contains(content, joinURL) || !strings.Contains(content, "New agenda") {
		t.Errorf("a body without the block: joinUrl %q (was %q), body %q", newURL, joinURL, content)
	}
	if meetingsByURL(joinURL) != 0 || meetingsByURL(newURL) != 1 {
		t.Error("the new join URL must find the new meeting, the old one none")
	}

	// Other PATCHes keep the meeting; it cannot be turned off.
	p = send(t, ts, "PATCH", path, `{"subject":"Planning v2","isOnlineMeeting":false}`)
	if str(p.body, "onlineMeeting", "joinUrl") != newURL || at(p.body, "isOnlineMeeting") != true {
		t.Errorf("subject PATCH: onlineMeeting %v", p.body["onlineMeeting"])
	}

	// A meeting added later brings its block to the existing body.
	plain := create(t, ts, organizerID, plainEvent(`"body":{"contentType":"text","content":"Hello"}`))
	p = send(t, ts, "PATCH", eventPath(organizerID, str(plain.body, "id")), `{"isOnlineMeeting":true,"onlineMeetingProvider":"teamsForBusiness"}`)
	if u := str(p.body, "onlineMeeting", "joinUrl"); u == "" || !graphmock.HasJoinBlock(str(p.body, "body", "content"), u) || !strings.Contains(str(p.body, "body", "content"), "Hello") {
		t.Errorf("enabling the meeting: %s", p.raw)
	}
}

func TestEventDeleteAndCancel(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	body := strings.Replace(teamsEvent, `"attendees": [`, `"attendees": [{"emailAddress": {"address": "kim@fabrikam.example"}},`, 1)
	notFound := func(path string) {
		t.Helper()
		a := send(t, ts, "GET", path, "")
		if a.status != 404 || errorCode(a.body) != "ErrorItemNotFound" || str(a.body, "error", "message") != "The specified object was not found in the store." || str(a.body, "error", "innerError", "request-id") == "" {
			t.Errorf("GET %s: %d %s, want Graph's 404", path, a.status, a.raw)
		}
	}

	deleted := create(t, ts, organizerID, body)
	path := eventPath(organizerID, str(deleted.body, "id"))
	ts.ResetOutbox()
	if a := send(t, ts, "DELETE", path, ""); a.status != 204 || len(a.raw) != 0 {
		t.Errorf("DELETE: %d %s", a.status, a.raw)
	}
	notFound(path)
	if a := send(t, ts, "DELETE", path, ""); a.status != 404 || errorCode(a.body) != "ErrorItemNotFound" {
		t.Errorf("second DELETE: %d %s", a.status, a.raw)
	}
	if ts.CountMail(graphmock.MailCancellation, "") != 2 || ts.CountMail(graphmock.MailCancellation, "kim@fabrikam.example") != 1 || len(ts.Outbox()) != 2 {
		t.Errorf("DELETE outbox: %v", ts.Outbox())
	}
	if ts.MeetingCount() != 0 {
		t.Errorf("the event's meeting outlived it: %d meetings", ts.MeetingCount())
	}

	for _, key := range []string{"Comment", "comment"} {
		cancelled := create(t, ts, organizerID, body)
		path := eventPath(organizerID, str(cancelled.body, "id"))
		ts.ResetOutbox()
		if a := send(t, ts, "POST", path+"/cancel", `{"`+key+`":"Sorry, all hands"}`); a.status != 202 || len(a.raw) != 0 {
			t.Errorf("cancel with %s: %d %s", key, a.status, a.raw)
		}
		notFound(path)
		for _, m := range ts.Outbox() {
			if m.Kind != graphmock.MailCancellation || m.Comment != "Sorry, all hands" || m.Subject != "Planning" {
				t.Errorf("cancel mail: %+v", m)
			}
		}
		if len(ts.Outbox()) != 2 {
			t.Errorf("cancel outbox: %v", ts.Outbox())
		}
	}
	last := create(t, ts, organizerID, plainEvent(""))
	path = eventPath(organizerID, str(last.body, "id"))
	if a := send(t, ts, "POST", path+"/cancel", `{"reason":"x"}`); a.status != 400 || errorCode(a.body) != "RequestBodyRead" {
		t.Errorf("cancel with another parameter: %d %s", a.status, a.raw)
	}
	if a := send(t, ts, "POST", path+"/cancel", ""); a.status != 202 {
		t.Errorf("cancel without a body: %d %s", a.status, a.raw)
	}
	if a := send(t, ts, "POST", path+"/cancel", ""); a.status != 404 || errorCode(a.body) != "ErrorItemNotFound" {
		t.Errorf("cancel twice: %d %s", a.status, a.raw)
	}

	// Unknown, foreign and malformed ids.
	notFound(eventPath(organizerID, "AAMkAGI1AAAt8AHjAAA="))
	other := create(t, ts, adeleID, plainEvent(""))
	notFound(eventPath(organizerID, str(other.body, "id")))
	if a := send(t, ts, "GET", eventsPath(organizerID)+"/"+url.PathEscape(url.PathEscape(str(other.body, "id"))), ""); a.status != 400 || errorCode(a.body) != "ErrorInvalidIdMalformed" {
		t.Errorf("an id encoded twice: %d %s", a.status, a.raw)
	}
}

func TestMailboxConcurrency(t *testing.T) {
	t.Parallel()
	for _, retryAfter := range []string{"", "2"} {
		ts := graphmock.NewTestServer(t, eventsConfig())
		path := eventPath(organizerID, str(create(t, ts, organizerID, plainEvent("")).body, "id"))
		ts.SetFaults(graphmock.Faults{Latency: 600 * time.Millisecond, MailboxConcurrencyRetryAfter: retryAfter})

		var wg sync.WaitGroup
		answers := make([]answer, 8)
		for i := range answers {
			wg.Go(func() {
				if i < 6 {
					answers[i] = send(t, ts, "GET", path, "")
				} else { // another mailbox is not limited by this one
					answers[i] = send(t, ts, "GET", eventsPath(adeleUPN), "")
				}
			})
		}
		wg.Wait()
		throttled := 0
		for i, a := range answers {
			switch {
			case a.status == 429:
				throttled++
				if i >= 6 || errorCode(a.body) != "ApplicationThrottled" || str(a.body, "error", "message") != "Application is over its MailboxConcurrency limit." || a.header.Get("Retry-After") != retryAfter {
					t.Errorf("Retry-After %q: answer %d: 429 %s, Retry-After %q", retryAfter, i, a.raw, a.header.Get("Retry-After"))
				}
			case a.status != 200:
				t.Errorf("answer %d: %d %s", i, a.status, a.raw)
			}
		}
		if throttled != 2 || ts.Stats().MailboxConcurrency429 != 2 {
			t.Errorf("Retry-After %q: %d answers 429, Stats %d; want 2", retryAfter, throttled, ts.Stats().MailboxConcurrency429)
		}
		// Once they are done, the mailbox takes requests again.
		ts.SetFaults(graphmock.Faults{})
		if a := send(t, ts, "GET", path, ""); a.status != 200 {
			t.Errorf("after the burst: %d", a.status)
		}
	}
}

func TestCalendarBackedMeeting(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"", graphmock.CalendarMeetingPatchAllow, graphmock.CalendarMeetingPatchRefuse} {
		cfg := eventsConfig()
		cfg.CalendarMeetingPatch = mode
		ts := graphmock.NewTestServer(t, cfg)
		c := create(t, ts, strings.ToUpper(organizerUPN), teamsEvent) // by UPN: the meeting is the object id's
		joinURL := str(c.body, "onlineMeeting", "joinUrl")
		f := send(t, ts, "GET", "/v1.0/users/"+organizerID+"/onlineMeetings?$filter="+url.QueryEscape("JoinWebUrl eq '"+joinURL+"'"), "")
		if f.status != 200 || str(f.body, "value", 0, "joinWebUrl") != joinURL || str(f.body, "value", 0, "subject") != "Planning" {
			t.Fatalf("mode %q: meeting by JoinWebUrl: %d %s", mode, f.status, f.raw)
		}
		meeting := "/v1.0/users/" + organizerID + "/onlineMeetings/" + url.PathEscape(str(f.body, "value", 0, "id"))

		wantOptions, wantCode := 200, ""
		if mode == graphmock.CalendarMeetingPatchRefuse {
			wantOptions, wantCode = 403, "Forbidden"
		}
		if a := send(t, ts, "PATCH", meeting, `{"allowMeetingChat":"disabled","lobbyBypassSettings":{"scope":"invited"}}`); a.status != wantOptions || errorCode(a.body) != wantCode {
			t.Errorf("mode %q: PATCH of options: %d %s", mode, a.status, a.raw)
		}
		for _, body := range []string{`{"subject":"x"}`, `{"startDateTime":"2026-03-30T07:00:00Z","endDateTime":"2026-03-30T08:00:00Z"}`, `{"participants":{"attendees":[]}}`} {
			if a := send(t, ts, "PATCH", meeting, body); a.status != 400 || errorCode(a.body) != "BadRequest" {
				t.Errorf("mode %q: PATCH %s: %d %s", mode, body, a.status, a.raw)
			}
		}
		// The event's subject is the meeting's.
		send(t, ts, "PATCH", eventPath(organizerID, str(c.body, "id")), `{"subject":"Planning v2"}`)
		if g := send(t, ts, "GET", meeting, ""); str(g.body, "subject") != "Planning v2" {
			t.Errorf("mode %q: meeting subject %q after the event's PATCH", mode, str(g.body, "subject"))
		}
	}
}

func TestEventMailboxes(t *testing.T) {
	t.Parallel()
	cfg := eventsConfig()
	cfg.Faults.DeniedUsers = []string{"adelev@contoso.onmicrosoft.com"}
	ts := graphmock.NewTestServer(t, cfg)
	c := create(t, ts, "danas@CONTOSO.example", plainEvent(""))
	if ctx := str(c.body, "@odata.context"); !strings.Contains(ctx, "users('"+organizerID+"')") {
		t.Errorf("@odata.context %q must name the object id", ctx)
	}
	id := str(c.body, "id")
	for _, mailbox := range []string{organizerID, strings.ToUpper(organizerID), organizerUPN} {
		if g := send(t, ts, "GET", eventPath(mailbox, id), ""); g.status != 200 {
			t.Errorf("GET through %s: %d", mailbox, g.status)
		}
	}
	a := send(t, ts, "GET", eventsPath("nobody@contoso.example"), "")
	if a.status != 404 || errorCode(a.body) != "ErrorInvalidUser" || str(a.body, "error", "message") != "The requested user 'nobody@contoso.example' is invalid." {
		t.Errorf("an unknown UPN: %d %s", a.status, a.raw)
	}
	if a := send(t, ts, "GET", eventsPath(adeleID), ""); a.status != 403 || errorCode(a.body) != "ErrorAccessDenied" {
		t.Errorf("a denied mailbox: %d %s", a.status, a.raw)
	}
	// A GUID the directory does not list is a mailbox of its own.
	o := create(t, ts, user, plainEvent(""))
	if got := str(o.body, "organizer", "emailAddress", "address"); got != user+"@contoso.example" {
		t.Errorf("organizer of an unlisted mailbox: %q", got)
	}
	if a := send(t, ts, "GET", "/v1.0/me/events", ""); a.status != 400 {
		t.Errorf("/me/events with an application token: %d", a.status)
	}
	if ts.RequestsTo(graphmock.RouteEventCreate)[0].UserID != organizerID {
		t.Error("requests record the mailbox's object id")
	}
}

func TestEventCreateDropped(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, graphmock.Config{Users: directory, Faults: graphmock.Faults{DropEventCreateEvery: 2}})
	create(t, ts, organizerID, teamsEvent)
	req, _ := http.NewRequest("POST", ts.URL+eventsPath(organizerID), strings.NewReader(teamsEvent))
	req.Header.Set("Authorization", "Bearer "+ts.IssueToken(ts.URL))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the second create was answered %d; want a dropped connection", resp.StatusCode)
	}
	if ts.EventCount() != 2 || ts.CountMail(graphmock.MailInvitation, adeleUPN) != 2 {
		t.Errorf("a dropped create is committed, with its invitation: %d events, %v", ts.EventCount(), ts.Outbox())
	}
	// The client sees the connection drop before the server has recorded
	// the request: give it a moment.
	reqs := ts.RequestsTo(graphmock.RouteEventCreate)
	for deadline := time.Now().Add(2 * time.Second); len(reqs) < 2 && time.Now().Before(deadline); reqs = ts.RequestsTo(graphmock.RouteEventCreate) {
		time.Sleep(10 * time.Millisecond)
	}
	if len(reqs) != 2 || reqs[1].Status != 0 {
		t.Errorf("requests: %+v", reqs)
	}
}

func TestEventStore(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	e := ts.AddEvent(organizerUPN, graph.Event{
		ID:              "AAMkAGI1AAAt8AHjAAA=",
		Subject:         graph.Ptr("From Outlook"),
		Body:            &graph.ItemBody{ContentType: graph.Ptr("text"), Content: graph.Ptr("Hi")},
		Start:           &graph.DateTimeTimeZone{DateTime: "2026-03-30T09:00:00", TimeZone: "Pacific Standard Time"},
		End:             &graph.DateTimeTimeZone{DateTime: "2026-03-30T10:00:00", TimeZone: "Pacific Standard Time"},
		Attendees:       []graph.Attendee{{EmailAddress: graph.EmailAddress{Address: "adelev@contoso.onmicrosoft.com"}}},
		IsOnlineMeeting: graph.Ptr(true),
		SingleValueExtendedProperties: []graph.SingleValueExtendedProperty{
			{ID: propID, Value: "k1"},
		},
	})
	if e.ID != "AAMkAGI1AAAt8AHjAAA=" || deref(e.Importance) != "normal" || e.OnlineMeeting == nil || e.Attendees[0].EmailAddress.Address != adeleUPN ||
		e.Start.DateTime != "2026-03-30T16:00:00.0000000" || e.Start.TimeZone != "UTC" || !graphmock.HasJoinBlock(deref(e.Body.Content), e.OnlineMeeting.JoinURL) {
		t.Errorf("AddEvent = %+v", e)
	}
	if v, _ := e.ExtendedProperty(propID); v != "k1" || len(ts.Outbox()) != 0 || ts.MeetingCount() != 1 {
		t.Errorf("AddEvent: property %q, outbox %v, %d meetings", v, ts.Outbox(), ts.MeetingCount())
	}
	if g := send(t, ts, "GET", eventPath(organizerID, e.ID), ""); g.status != 200 {
		t.Errorf("GET of an added event: %d", g.status)
	}

	// An Outlook edit: no mail, a new changeKey, the meeting kept even
	// when the block goes.
	if !ts.EditEvent(e.ID, func(ev *graph.Event) {
		ev.Subject = graph.Ptr("Edited")
		ev.Body = &graph.ItemBody{ContentType: graph.Ptr("html"), Content: graph.Ptr("<p>no block</p>")}
		ev.End = &graph.DateTimeTimeZone{DateTime: "2026-03-30T11:00:00", TimeZone: "Pacific Standard Time"}
		ev.SingleValueExtendedProperties = nil
	}) {
		t.Fatal("EditEvent found no event")
	}
	edited, _ := ts.Event(e.ID)
	if deref(edited.Subject) != "Edited" || deref(edited.ChangeKey) == deref(e.ChangeKey) || edited.OnlineMeeting.JoinURL != e.OnlineMeeting.JoinURL ||
		strings.Contains(deref(edited.Body.Content), graphmock.JoinBlockMarker) || edited.End.DateTime != "2026-03-30T18:00:00.0000000" ||
		deref(edited.OriginalStartTimeZone) != "Pacific Standard Time" || len(edited.SingleValueExtendedProperties) != 0 || len(ts.Outbox()) != 0 {
		t.Errorf("after EditEvent: %+v, outbox %v", edited, ts.Outbox())
	}
	if ts.EditEvent("none", func(*graph.Event) {}) {
		t.Error("EditEvent of a missing event")
	}

	second := ts.AddEvent(organizerID, graph.Event{
		Subject: graph.Ptr("second"),
		Start:   &graph.DateTimeTimeZone{DateTime: "2026-03-30T09:00:00", TimeZone: "UTC"},
		End:     &graph.DateTimeTimeZone{DateTime: "2026-03-30T10:00:00", TimeZone: "UTC"},
	})
	if list := ts.Events(strings.ToLower(organizerUPN)); len(list) != 2 || list[0].ID != e.ID || list[1].ID != second.ID {
		t.Errorf("Events: %d", len(list))
	}
	if !ts.DeleteEvent(e.ID) || ts.DeleteEvent(e.ID) || ts.EventCount() != 1 || ts.MeetingCount() != 0 || len(ts.Outbox()) != 0 {
		t.Errorf("DeleteEvent: %d events, %d meetings, outbox %v", ts.EventCount(), ts.MeetingCount(), ts.Outbox())
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
