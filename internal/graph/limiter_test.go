package graph

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// send acquires a slot for a new request and returns when it was sent.
func send(t *testing.T, l *concurrencyLimiter) sent {
	t.Helper()
	at, err := l.acquire(context.Background(), l.ticket())
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func TestConcurrencyLimiterAdapts(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	// Throttled one after another, each sent after the last decrease.
	for range 10 {
		l.release(send(t, l), true, 0)
	}
	if l.limit != 1 {
		t.Fatalf("limit after ten successive congested answers = %v, want 1", l.limit)
	}
	// Additive increase: one more slot per window of successes.
	for range 3 {
		l.release(send(t, l), false, 0)
	}
	if l.limit < 2.5 || l.limit > 3 {
		t.Errorf("limit after three successes from 1 = %v, want about 2.8", l.limit)
	}
}

// TestRecoveryAfterABurst: a burst of throttled requests sent together
// takes the limit down at once; while Graph may still throttle, successes
// bring it up slowly; once it has been quiet, fast to half of where it was
// (slow start), then slowly again.
func TestRecoveryAfterABurst(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	epochs := make([]sent, 10)
	for i := range epochs {
		epochs[i] = send(t, l)
	}
	for _, e := range epochs {
		l.release(e, true, 0)
	}
	if l.limit != 1 {
		t.Fatalf("limit after a throttled burst of 10 = %v, want 1", l.limit)
	}
	l.release(send(t, l), false, 0)
	if l.limit != 2 {
		t.Fatalf("limit after a success right after throttling = %v, want 2 (additive)", l.limit)
	}
	l.release(send(t, l), false, 0)
	if l.limit != 2.5 {
		t.Fatalf("limit after another success = %v, want 2.5 (one per window)", l.limit)
	}
	l.lastCongested = time.Now().Add(-quietPeriod - time.Second)
	for range 7 {
		l.release(send(t, l), false, 0)
	}
	if l.limit != 9.5 {
		t.Errorf("limit after 7 quiet successes from 2.5 = %v, want 9.5 (one per success)", l.limit)
	}
	for range 2 {
		l.release(send(t, l), false, 0)
	}
	for range 30 {
		l.release(send(t, l), false, 0)
	}
	if want := float64(maxConcurrency / 2); l.limit < want || l.limit > want+1 {
		t.Errorf("limit after 39 successes = %v, want just above %v (half the limit before the burst)", l.limit, want)
	}
}

func TestConcurrencyLimiterBoundsInFlight(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	l.limit = 2
	var inFlight, peak atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			at, err := l.acquire(context.Background(), l.ticket())
			if err != nil {
				t.Error(err)
				return
			}
			n := inFlight.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(10 * time.Millisecond)
			inFlight.Add(-1)
			l.release(at, true, 0) // keeps the limit at its floor of 1
		}()
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Errorf("%d requests in flight with a limit of 2", p)
	}
}

func TestConcurrencyLimiterWaitEndsWithContext(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	l.limit = 1
	send(t, l)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(ctx, l.ticket()); err == nil {
		t.Fatal("acquired a slot beyond the limit")
	}
	if len(l.waiting) != 0 {
		t.Errorf("an abandoned wait left %d tickets in line", len(l.waiting))
	}
}

// TestRetryAfterHoldsEveryRequest: while Graph's Retry-After runs, no
// request of the client goes out, not only the one that was throttled.
func TestRetryAfterHoldsEveryRequest(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	l.release(send(t, l), true, 200*time.Millisecond)
	began := time.Now()
	at := send(t, l)
	if waited := time.Since(began); waited < 150*time.Millisecond {
		t.Errorf("another request went out %v into a 200ms Retry-After", waited)
	}
	l.release(at, false, 0)

	// A wait cut short by its context takes no slot.
	l.release(send(t, l), true, time.Hour)
	short, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(short, l.ticket()); err == nil {
		t.Fatal("acquired through a closed gate")
	}
	if l.inFlight != 0 {
		t.Errorf("in flight = %d after an abandoned wait, want 0", l.inFlight)
	}
}

// TestOldestRequestGoesFirst: a request keeps its place in line across
// retries, so the one throttled longest gets the next slot.
func TestOldestRequestGoesFirst(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	l.limit = 1
	old, young := l.ticket(), l.ticket()
	holder := send(t, l)
	order := make(chan uint64, 2)
	var wg sync.WaitGroup
	for _, ticket := range []uint64{young, old} { // the young one asks first
		wg.Add(1)
		go func() {
			defer wg.Done()
			at, err := l.acquire(context.Background(), ticket)
			if err != nil {
				t.Error(err)
				return
			}
			order <- ticket
			l.release(at, false, 0)
		}()
		time.Sleep(20 * time.Millisecond)
	}
	l.release(holder, false, 0)
	wg.Wait()
	if first := <-order; first != old {
		t.Errorf("ticket %d went first, want the older %d", first, old)
	}
}

// TestProbeAfterThrottling: after a throttled answer, one request goes
// alone until a request sent after it is answered without throttling; an
// answer to an older request does not open the line.
func TestProbeAfterThrottling(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	early := send(t, l)            // goes out before the throttling
	l.release(send(t, l), true, 0) // throttled
	l.release(early, false, 0)     // the early success arrives late
	probe := send(t, l)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(ctx, l.ticket()); err == nil {
		t.Fatal("a second request went out beside the probe")
	}
	l.release(probe, false, 0)
	if _, err := l.acquire(context.Background(), l.ticket()); err != nil {
		t.Fatalf("the line stayed closed after the probe succeeded: %v", err)
	}
}
