package graphmock_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// near tells whether got is want give or take a few seconds: the machine's
// clock runs on between the two readings.
func near(got, want time.Time) bool {
	d := got.Sub(want)
	return d > -5*time.Second && d < 5*time.Second
}

func TestClock(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, graphmock.Config{})
	if !near(ts.Now(), time.Now()) {
		t.Fatalf("Now() = %v at first, want the machine's time %v", ts.Now(), time.Now())
	}
	ts.Advance(48 * time.Hour)
	if !near(ts.Now(), time.Now().Add(48*time.Hour)) {
		t.Errorf("after Advance(48h): Now() = %v, want %v", ts.Now(), time.Now().Add(48*time.Hour))
	}
	// Concurrent moves add up, and Now may be read meanwhile.
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			ts.Advance(time.Hour)
			_ = ts.Now()
		})
	}
	wg.Wait()
	if !near(ts.Now(), time.Now().Add(98*time.Hour)) {
		t.Errorf("after 50 concurrent Advance(1h): Now() = %v, want %v", ts.Now(), time.Now().Add(98*time.Hour))
	}
	ts.Advance(-98 * time.Hour)
	if !near(ts.Now(), time.Now()) {
		t.Errorf("back again: Now() = %v", ts.Now())
	}

	// createOrGet's "start now" and creationDateTime go by it.
	ts.Advance(30 * 24 * time.Hour)
	status, body := call(t, ts, "POST", "/v1.0/users/"+user+"/onlineMeetings/createOrGet", `{"externalId":"now"}`)
	if status != 201 {
		t.Fatalf("createOrGet: %d %v", status, body)
	}
	for _, k := range []string{"startDateTime", "creationDateTime"} {
		got, err := time.Parse(time.RFC3339Nano, str(body, k))
		if err != nil || !near(got, ts.Now()) {
			t.Errorf("%s = %v, want the mock's now %v", k, body[k], ts.Now())
		}
	}
	// Calendar events' bookkeeping keeps the machine's clock.
	cfg := eventsConfig()
	es := graphmock.NewTestServer(t, cfg)
	es.Advance(30 * 24 * time.Hour)
	e := create(t, es, organizerID, plainEvent(""))
	if created, err := time.Parse(time.RFC3339Nano, str(e.body, "createdDateTime")); err != nil || !near(created, time.Now()) {
		t.Errorf("an event's createdDateTime = %s, want the machine's time", str(e.body, "createdDateTime"))
	}
}

// clockRequest sends a request to /_mock/clock (no token: it is the
// mock's own endpoint) and decodes the answer.
func clockRequest(t *testing.T, ts *graphmock.Instance, method, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+"/_mock/clock", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s /_mock/clock: %d, body not JSON: %v", method, resp.StatusCode, err)
	}
	return resp.StatusCode, out
}

// answeredNow reads the now of a clock answer: RFC 3339 in UTC.
func answeredNow(t *testing.T, body map[string]any) time.Time {
	t.Helper()
	text := str(body, "now")
	now, err := time.Parse(time.RFC3339Nano, text)
	if err != nil || !strings.HasSuffix(text, "Z") || len(body) != 1 {
		t.Fatalf("clock answer %v: want {\"now\":\"<RFC 3339 UTC>\"}", body)
	}
	return now
}

func TestClockEndpoint(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, graphmock.Config{})
	status, body := clockRequest(t, ts, "GET", "")
	if status != 200 || !near(answeredNow(t, body), time.Now()) {
		t.Fatalf("GET: %d %v", status, body)
	}

	status, body = clockRequest(t, ts, "POST", `{"advance":"1464h"}`)
	want := time.Now().Add(1464 * time.Hour)
	if status != 200 || !near(answeredNow(t, body), want) || !near(ts.Now(), want) {
		t.Fatalf("POST 1464h: %d %v, Now() %v; want %v", status, body, ts.Now(), want)
	}
	// GET does not move it.
	for range 2 {
		if status, body := clockRequest(t, ts, "GET", `{"advance":"1h"}`); status != 200 || !near(answeredNow(t, body), want) {
			t.Errorf("GET after POST: %d %v, want %v", status, body, want)
		}
	}
	status, body = clockRequest(t, ts, "POST", `{"advance":"-30m"}`)
	want = want.Add(-30 * time.Minute)
	if status != 200 || !near(answeredNow(t, body), want) {
		t.Errorf("POST -30m: %d %v, want %v", status, body, want)
	}

	for _, tt := range []struct{ name, body string }{
		{"no body", ""},
		{"not JSON", "advance=1h"},
		{"an array", `["1h"]`},
		{"no advance", `{}`},
		{"advance null", `{"advance":null}`},
		{"advance empty", `{"advance":""}`},
		{"a number", `{"advance":3600}`},
		{"not a duration", `{"advance":"two months"}`},
		{"days are not Go units", `{"advance":"61d"}`},
		{"another property", `{"advance":"1h","to":"2027-01-01T00:00:00Z"}`},
	} {
		status, body := clockRequest(t, ts, "POST", tt.body)
		if status != 400 || errorCode(body) != "BadRequest" || str(body, "error", "message") == "" || str(body, "error", "innerError", "request-id") == "" {
			t.Errorf("%s: %d %v, want 400 in Graph's envelope", tt.name, status, body)
		}
	}
	if !near(ts.Now(), want) {
		t.Errorf("refused POSTs moved the clock: %v, want %v", ts.Now(), want)
	}
}
