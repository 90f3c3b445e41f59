package graph

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// maxConcurrency is where the concurrency limit starts and the most it
// grows to: above any Terraform -parallelism a user is likely to set.
const maxConcurrency = 64

// quietPeriod is how long Graph must not have throttled before the limit
// grows back fast.
const quietPeriod = 2 * time.Second

// concurrencyLimiter paces the requests of a Client to Graph, so that an
// apply under throttling spends its retries well:
//
//   - Graph throttles an application, not a request: while it says "retry
//     after", no request of the client goes out (the gate), not only the
//     one that was told.
//   - How many requests are in flight adapts much as TCP's window does: it
//     halves on every answer that says Graph throttles (429) or is
//     overloaded (503, 504), so that a throttled burst stops quickly, and
//     grows by one per window of successes. Once Graph has not throttled
//     for a while (quietPeriod), it grows back fast, like TCP's slow start:
//     by one per success, up to half the limit before the throttling
//     began. (Growing fast while Graph still throttles sends batches that
//     mostly fail, and the same oldest requests lose their retries.)
//   - Requests keep their place in line across retries: the oldest waiting
//     request goes first. And after Graph throttled, the oldest goes alone,
//     as a probe, until an answer comes back that is not throttled. Without
//     that, the attempt that happens to go alongside it or right after a
//     success is throttled again and again, and an unlucky request can lose
//     every round until its retries run out.
type concurrencyLimiter struct {
	mu       sync.Mutex
	limit    float64
	inFlight int
	// notBefore is when the last Retry-After ends.
	notBefore time.Time
	// recoverTo is half the limit before the last throttled window began:
	// up to it the limit grows fast again.
	recoverTo float64
	// epoch counts throttled windows: a congested answer to a request sent
	// in the current epoch starts a new one.
	epoch uint64
	// lastCongested is when Graph last throttled, and throttles how often.
	lastCongested time.Time
	throttles     uint64
	// probing holds all but one request until Graph answers a request sent
	// after the last throttled answer without throttling it.
	probing bool
	// waiting holds the tickets of requests waiting for a slot.
	waiting    map[uint64]bool
	nextTicket uint64
	// changed is closed, and replaced, whenever a slot frees, the limit
	// grows or a waiter leaves.
	changed chan struct{}
}

func newConcurrencyLimiter() *concurrencyLimiter {
	return &concurrencyLimiter{limit: maxConcurrency, waiting: map[uint64]bool{}, changed: make(chan struct{})}
}

// ticket returns a new place in line.
func (l *concurrencyLimiter) ticket() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.nextTicket++
	return l.nextTicket
}

// sent is when, in the limiter's terms, a request went out.
type sent struct {
	epoch, throttles uint64
}

// acquire waits until the gate is open, a slot is free, and no older
// ticket is waiting; or until ctx ends. It returns when the request is
// sent, for release.
func (l *concurrencyLimiter) acquire(ctx context.Context, ticket uint64) (sent, error) {
	l.mu.Lock()
	l.waiting[ticket] = true
	for {
		wait := time.Until(l.notBefore)
		free := float64(l.inFlight) < l.limit && (!l.probing || l.inFlight == 0)
		if wait <= 0 && free && l.oldestWaiting() == ticket {
			delete(l.waiting, ticket)
			l.inFlight++
			l.notify()
			at := sent{epoch: l.epoch, throttles: l.throttles}
			l.mu.Unlock()
			return at, nil
		}
		changed := l.changed
		l.mu.Unlock()

		var gate *time.Timer
		var gateOpens <-chan time.Time
		if wait > 0 {
			gate = time.NewTimer(wait)
			gateOpens = gate.C
		}
		select {
		case <-ctx.Done():
			l.mu.Lock()
			delete(l.waiting, ticket)
			l.notify()
			l.mu.Unlock()
			return sent{}, ctx.Err()
		case <-changed:
		case <-gateOpens:
		}
		if gate != nil {
			gate.Stop()
		}
		l.mu.Lock()
	}
}

func (l *concurrencyLimiter) oldestWaiting() uint64 {
	var oldest uint64
	for t := range l.waiting {
		if oldest == 0 || t < oldest {
			oldest = t
		}
	}
	return oldest
}

// notify wakes the waiters; l.mu must be held.
func (l *concurrencyLimiter) notify() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// release frees the slot of a request sent at and adapts to its outcome:
// whether Graph was congested, and for how long it asked to be left alone.
func (l *concurrencyLimiter) release(at sent, congested bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.notify()
	l.inFlight--
	if until := time.Now().Add(retryAfter); until.After(l.notBefore) {
		l.notBefore = until
	}
	switch {
	case congested:
		l.probing = true
		l.throttles++
	case at.throttles == l.throttles:
		l.probing = false
	}
	switch {
	case congested:
		if at.epoch == l.epoch {
			l.recoverTo = max(1, l.limit/2)
			l.epoch++
		}
		l.limit = max(1, l.limit/2)
		l.lastCongested = time.Now()
	case l.limit < l.recoverTo && time.Since(l.lastCongested) > quietPeriod:
		l.limit = min(l.recoverTo, l.limit+1)
	default:
		l.limit = min(maxConcurrency, l.limit+1/l.limit)
	}
}

// limitTransport sends each attempt through the limiter, with the ticket
// the request drew on its first attempt.
type limitTransport struct {
	next    http.RoundTripper
	limiter *concurrencyLimiter
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var ticket uint64
	trace, _ := req.Context().Value(traceKey{}).(*attemptTrace)
	if trace != nil {
		ticket = trace.ticket
	}
	if ticket == 0 {
		ticket = t.limiter.ticket()
		if trace != nil {
			trace.ticket = ticket
		}
	}
	at, err := t.limiter.acquire(req.Context(), ticket)
	if err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	var retryAfter time.Duration
	if err == nil && congested(resp.StatusCode) {
		retryAfter, _ = ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	t.limiter.release(at, err == nil && congested(resp.StatusCode), retryAfter)
	return resp, err
}

func congested(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}
