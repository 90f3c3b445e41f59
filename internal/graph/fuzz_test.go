package graph_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// The seed corpora are in testdata/fuzz. `make fuzz` runs each target for a
// bounded time; plain `go test` runs the seeds.

func FuzzParseRetryAfter(f *testing.F) {
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, value string) {
		d, ok := graph.ParseRetryAfter(value, now)
		if !ok && d != 0 {
			t.Fatalf("ParseRetryAfter(%q) = %v without a value", value, d)
		}
		if ok && (d < 0 || d > 24*time.Hour) {
			t.Fatalf("ParseRetryAfter(%q) = %v, outside [0, 24h]", value, d)
		}
	})
}

func FuzzParseDateTime(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := graph.ParseDateTime(s)
		if err != nil {
			return
		}
		if d.String() != s || !d.Equal(d) {
			t.Fatalf("%q: String %q, self-equal %v", s, d.String(), d.Equal(d))
		}
		if other := graph.NewDateTime(d.Time()); !other.Equal(d) {
			t.Fatalf("%q: re-formatted as %q, a different instant", s, other)
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var back graph.DateTime
		if err := json.Unmarshal(b, &back); err != nil || back.String() != s || !back.Equal(d) {
			t.Fatalf("%q: JSON round trip gave %q, %v", s, back.String(), err)
		}
	})
}

func FuzzDecodeError(f *testing.F) {
	f.Fuzz(func(t *testing.T, status int, body []byte, requestIDHeader string) {
		header := http.Header{}
		header.Set("request-id", requestIDHeader)
		e := graph.DecodeError(status, header, body)
		if e.StatusCode != status {
			t.Fatalf("status %d became %d", status, e.StatusCode)
		}
		if e.RequestID == "" && strings.TrimSpace(header.Get("request-id")) != "" {
			t.Fatalf("the request-id header %q was lost", header.Get("request-id"))
		}
		_ = e.Error()
	})
}

func FuzzDecodeOnlineMeeting(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		var m graph.OnlineMeeting
		if json.Unmarshal(body, &m) != nil {
			return
		}
		// What decodes must encode, and encode the same after a round trip.
		once, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("encoding a decoded meeting: %v", err)
		}
		var again graph.OnlineMeeting
		if err := json.Unmarshal(once, &again); err != nil {
			t.Fatalf("decoding %s: %v", once, err)
		}
		twice, _ := json.Marshal(again)
		if string(once) != string(twice) {
			t.Fatalf("round trip changed the meeting:\n%s\n%s", once, twice)
		}
	})
}
