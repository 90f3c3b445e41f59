package graph

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestConcurrencyLimiterAdapts(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	ctx := context.Background()
	for range 10 {
		if err := l.acquire(ctx, l.ticket()); err != nil {
			t.Fatal(err)
		}
		l.release(true, 0)
	}
	if l.limit != 1 {
		t.Fatalf("limit after ten congested answers = %v, want 1", l.limit)
	}
	// Additive increase: one more slot per window of successes.
	for range 3 {
		_ = l.acquire(ctx, l.ticket())
		l.release(false, 0)
	}
	if l.limit < 2.5 || l.limit > 3 {
		t.Errorf("limit after three successes from 1 = %v, want about 2.8", l.limit)
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
			if err := l.acquire(context.Background(), l.ticket()); err != nil {
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
			l.release(true, 0) // keep the limit at its floor of 1 after the first
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
	_ = l.acquire(context.Background(), l.ticket())
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := l.acquire(ctx, l.ticket()); err == nil {
		t.Fatal("acquired a slot beyond the limit")
	}
}

// TestRetryAfterHoldsEveryRequest: while Graph's Retry-After runs, no
// request of the client goes out, not only the one that was throttled.
func TestRetryAfterHoldsEveryRequest(t *testing.T) {
	t.Parallel()
	l := newConcurrencyLimiter()
	ctx := context.Background()
	_ = l.acquire(ctx, l.ticket())
	l.release(true, 200*time.Millisecond)
	began := time.Now()
	if err := l.acquire(ctx, l.ticket()); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(began); waited < 150*time.Millisecond {
		t.Errorf("another request went out %v into a 200ms Retry-After", waited)
	}
	l.release(false, 0)

	// A wait cut short by its context gives its slot back.
	_ = l.acquire(ctx, l.ticket())
	l.release(true, time.Hour)
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := l.acquire(short, l.ticket()); err == nil {
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
	ctx := context.Background()
	old, young := l.ticket(), l.ticket()
	holder := l.ticket()
	if err := l.acquire(ctx, holder); err != nil {
		t.Fatal(err)
	}
	order := make(chan uint64, 2)
	var wg sync.WaitGroup
	for _, ticket := range []uint64{young, old} { // the young one asks first
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.acquire(ctx, ticket); err != nil {
				t.Error(err)
				return
			}
			order <- ticket
			l.release(false, 0)
		}()
		time.Sleep(20 * time.Millisecond)
	}
	l.release(false, 0)
	wg.Wait()
	if first := <-order; first != old {
		t.Errorf("ticket %d went first, want the older %d", first, old)
	}
}
