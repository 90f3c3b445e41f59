package graph_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		value string
		want  time.Duration
		ok    bool
	}{
		"integer seconds":       {"10", 10 * time.Second, true},
		"fractional seconds":    {"2.128", 2128 * time.Millisecond, true},
		"half a second":         {"0.5", 500 * time.Millisecond, true},
		"spaces":                {" 1 ", time.Second, true},
		"zero":                  {"0", 0, true},
		"HTTP date":             {"Mon, 02 Mar 2026 08:00:03 GMT", 3 * time.Second, true},
		"HTTP date in the past": {"Mon, 02 Mar 2026 07:00:00 GMT", 0, true},
		"empty":                 {"", 0, false},
		"negative":              {"-1", 0, false},
		"garbage":               {"soon", 0, false},
		"NaN":                   {"NaN", 0, false},
		"absurdly long":         {"1e12", 0, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok := graph.ParseRetryAfter(tt.value, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.value, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestBackoffIsCappedAndJittered(t *testing.T) {
	t.Parallel()
	b := graph.Backoff{Min: time.Second, Max: 8 * time.Second}
	for attempt, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second} {
		seen := map[time.Duration]bool{}
		for range 50 {
			d := b.Delay(attempt)
			if d < want/2 || d > want {
				t.Fatalf("Delay(%d) = %v, want within [%v, %v]", attempt, d, want/2, want)
			}
			seen[d] = true
		}
		if len(seen) < 2 {
			t.Errorf("Delay(%d) has no jitter", attempt)
		}
	}
	if d := b.Delay(5000); d > 8*time.Second {
		t.Errorf("Delay(5000) = %v overflows the cap", d)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	for _, retryAfter := range []string{"1", "0.5"} {
		t.Run(retryAfter, func(t *testing.T) {
			t.Parallel()
			mock := newMock(t, graphmock.Config{})
			m := mock.AddMeeting(organizer, "x", "", graph.CreateOrGetRequest{})
			mock.SetFaults(graphmock.Faults{ThrottleEvery: 1, RetryAfter: retryAfter})
			var events []graph.RetryEvent
			var mu sync.Mutex
			c := newClient(t, mock, func(o *graph.Options) {
				o.OnRetry = func(_ context.Context, e graph.RetryEvent) { mu.Lock(); events = append(events, e); mu.Unlock() }
			})

			done := make(chan error, 1)
			began := time.Now()
			go func() { _, err := c.GetOnlineMeeting(context.Background(), organizer, m.ID); done <- err }()
			// Let the first answer (429) arrive, then lift the throttle.
			time.Sleep(100 * time.Millisecond)
			mock.SetFaults(graphmock.Faults{})
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			want, _ := graph.ParseRetryAfter(retryAfter, time.Now())
			if elapsed := time.Since(began); elapsed < want {
				t.Errorf("retried after %v, before Retry-After %v", elapsed, want)
			}
			if len(events) != 1 || !events[0].FromRetryAfter || events[0].Wait != want || events[0].StatusCode != http.StatusTooManyRequests {
				t.Errorf("retry events = %+v, want one that waits Retry-After", events)
			}
			gets := mock.RequestsTo(graphmock.RouteGet)
			if len(gets) != 2 || gets[1].Headers.Get("Retry-Attempt") != "1" {
				t.Errorf("GET requests = %d (second with Retry-Attempt %q), want 2", len(gets), gets[len(gets)-1].Headers.Get("Retry-Attempt"))
			}
		})
	}
}

func TestRetriesAreBounded(t *testing.T) {
	t.Parallel()
	for name, faults := range map[string]graphmock.Faults{
		"429": {ThrottleEvery: 1, RetryAfter: "0.01"},
		"503": {UnavailableEvery: 1},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			mock := newMock(t, graphmock.Config{})
			c := newClient(t, mock, func(o *graph.Options) { o.MaxRetries = 2 })
			mock.SetFaults(faults)
			_, err := c.GetOnlineMeeting(context.Background(), organizer, "any")
			e, ok := graph.AsError(err)
			if !ok || e.Attempts != 3 {
				t.Fatalf("err = %v, want a Graph error after 3 attempts", err)
			}
			if n := mock.CountRequests(graphmock.RouteGet); n != 3 {
				t.Errorf("requests = %d, want 1 + MaxRetries = 3", n)
			}
		})
	}
}

func TestRetriesStopAtTheDeadline(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	c := newClient(t, mock, func(o *graph.Options) { o.MaxRetries = 100 })
	c.GetOnlineMeeting(context.Background(), organizer, "warm-up-the-token") //nolint:errcheck // 404 expected
	mock.SetFaults(graphmock.Faults{ThrottleEvery: 1, RetryAfter: "30"})

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	began := time.Now()
	_, err := c.GetOnlineMeeting(ctx, organizer, "any")
	if elapsed := time.Since(began); elapsed > time.Second {
		t.Errorf("gave up after %v; a Retry-After beyond the deadline should end the call at once", elapsed)
	}
	if !graph.IsThrottled(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want Graph's 429 that also tells the deadline stopped the retries", err)
	}

	// Without Retry-After, backoff sleeps end when the context does.
	mock.SetFaults(graphmock.Faults{UnavailableEvery: 1})
	c = newClient(t, mock, func(o *graph.Options) {
		o.MaxRetries = 100
		o.Backoff = graph.Backoff{Min: 100 * time.Millisecond, Max: 100 * time.Millisecond}
	})
	ctx, cancel = context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	began = time.Now()
	_, err = c.GetOnlineMeeting(ctx, organizer, "any")
	if elapsed := time.Since(began); elapsed > time.Second {
		t.Errorf("retries went on for %v after a 300ms deadline", elapsed)
	}
	if !errors.Is(err, context.DeadlineExceeded) && !isStatus(err, 503) {
		t.Errorf("err = %v, want the deadline or the last 503", err)
	}
}

func isStatus(err error, status int) bool {
	e, ok := graph.AsError(err)
	return ok && e.StatusCode == status
}

// TestDroppedCreateOrGetMakesNoDuplicate is the no-duplicate promise: a
// createOrGet committed by Graph whose answer is lost is retried, and the
// retry finds the meeting the lost attempt created.
func TestDroppedCreateOrGetMakesNoDuplicate(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{Faults: graphmock.Faults{DropCreateEvery: 1}})
	c := newClient(t, mock)
	m, outcome, err := c.CreateOrGetOnlineMeeting(context.Background(), organizer, graph.CreateOrGetRequest{ExternalID: "once"})
	if err != nil {
		t.Fatal(err)
	}
	if n := mock.MeetingCount(); n != 1 {
		t.Fatalf("meetings = %d, want exactly 1", n)
	}
	if outcome != graph.ExistingAfterLostAttempt {
		t.Errorf("outcome = %v, want ExistingAfterLostAttempt", outcome)
	}
	stored, _ := mock.MeetingByExternalID(organizer, "once")
	if m.ID != stored.ID {
		t.Errorf("id = %s, want the stored meeting %s", m.ID, stored.ID)
	}
	reqs := mock.RequestsTo(graphmock.RouteCreateOrGet)
	if len(reqs) != 2 || reqs[0].Status != 0 || reqs[1].Status != http.StatusOK {
		t.Errorf("createOrGet statuses = %v, want dropped then 200", statuses(reqs))
	}
}

func TestThrottledCreateOrGetIsNotALostAttempt(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	c := newClient(t, mock)
	mock.FailNext(graphmock.Failure{Route: graphmock.RouteCreateOrGet, Status: 429, Code: "TooManyRequests"})
	_, outcome, err := c.CreateOrGetOnlineMeeting(context.Background(), organizer, graph.CreateOrGetRequest{ExternalID: "throttled"})
	if err != nil || outcome != graph.Created {
		t.Errorf("outcome = %v, %v; want Created after a refused (429) attempt", outcome, err)
	}
}

func statuses(reqs []graphmock.Request) []int {
	out := make([]int, len(reqs))
	for i, r := range reqs {
		out[i] = r.Status
	}
	return out
}
