package graph

import (
	"context"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// DefaultMaxRetries is how often a throttled or transient failure is
// retried when Options.MaxRetries is not set.
const DefaultMaxRetries = 8

// Backoff is the capped exponential backoff used when Graph gives no
// Retry-After: the n-th retry waits a random duration in [d/2, d] where
// d = min(Max, Min*2^n).
type Backoff struct {
	Min time.Duration
	Max time.Duration
}

// DefaultBackoff is the Backoff used when Options.Backoff is zero.
var DefaultBackoff = Backoff{Min: time.Second, Max: time.Minute}

// Delay returns the wait before retry number attempt (0 for the first).
func (b Backoff) Delay(attempt int) time.Duration {
	d := float64(b.Min) * math.Pow(2, float64(attempt))
	if d > float64(b.Max) || math.IsInf(d, 0) {
		d = float64(b.Max)
	}
	return time.Duration(d/2 + rand.Float64()*d/2)
}

// ParseRetryAfter reads a Retry-After header: delay-seconds, which Graph
// may send with a fraction ("2.128"), or an HTTP-date. It reports false for
// an absent or unusable value.
func ParseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(value, 64); err == nil {
		// One day is far beyond any sensible throttle; larger values, NaN
		// and infinities are treated as garbage rather than obeyed.
		if secs < 0 || secs > 86400 || math.IsNaN(secs) {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(value); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		if d > 24*time.Hour {
			return 0, false
		}
		return d, true
	}
	return 0, false
}

// retryAttemptHeader numbers retries, as Microsoft's SDKs do.
const retryAttemptHeader = "Retry-Attempt"

// RetryEvent describes a retry about to happen, for logging.
type RetryEvent struct {
	Method string
	URL    string
	// Attempt is the number of the retry about to be sent (1 for the first).
	Attempt int
	// StatusCode is the status that caused the retry, 0 for a dropped
	// connection, in which case Err says what happened.
	StatusCode int
	Err        error
	Wait       time.Duration
	// FromRetryAfter tells whether Wait came from the server's Retry-After.
	FromRetryAfter bool
}

// retryTransport retries throttled (429), unavailable (503, 504) and
// dropped requests. GET, DELETE and a meeting's PATCH are idempotent and
// createOrGet is keyed by the external id, so a retry after a lost
// response finds the same meeting. Requests that must not reach Graph
// twice (a plain create, an event's POST, and an event's PATCH, which
// mails its attendees) are marked notIdempotent and retried only when
// Graph certainly did not act (see retryableUnsafe).
type retryTransport struct {
	next       http.RoundTripper
	maxRetries int
	backoff    Backoff
	onRetry    func(context.Context, RetryEvent)
	// paced tells that next is a limitTransport, whose gate enforces
	// Retry-After for every request.
	paced bool
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 {
			r = req.Clone(ctx)
			r.Header.Set(retryAttemptHeader, strconv.Itoa(attempt))
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				r.Body = body
			}
		}
		resp, err := t.next.RoundTrip(r)
		trace, _ := ctx.Value(traceKey{}).(*attemptTrace)
		again := retryable
		if trace != nil && trace.notIdempotent {
			again = retryableUnsafe
		}
		if attempt >= t.maxRetries || !again(resp, err) {
			return resp, err
		}

		wait, fromHeader := time.Duration(0), false
		if resp != nil {
			wait, fromHeader = ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		if !fromHeader {
			wait = t.backoff.Delay(attempt)
		}
		// Sleeping past the deadline would only turn Graph's answer into a
		// bare "context deadline exceeded": give up now and return it.
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			if trace != nil {
				trace.stoppedByDeadline = true
			}
			return resp, err
		}
		if trace != nil && (resp == nil || resp.StatusCode != http.StatusTooManyRequests) {
			trace.lost = true // a throttled request was refused; the others may have been carried out
		}

		event := RetryEvent{Method: req.Method, URL: redactedURL(req), Attempt: attempt + 1, Err: err, Wait: wait, FromRetryAfter: fromHeader}
		if resp != nil {
			event.StatusCode = resp.StatusCode
			drain(resp)
		}
		if t.onRetry != nil {
			t.onRetry(ctx, event)
		}

		if fromHeader && t.paced {
			// The limiter's gate holds every request, this one in its place
			// in line, until the Retry-After ends.
			continue
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-timer.C:
		}
	}
}

func retryable(resp *http.Response, err error) bool {
	if err != nil {
		return isDroppedConnection(err)
	}
	return congested(resp.StatusCode)
}

// retryableUnsafe is retryable for a request without an idempotency key
// (Graph's plain create): only a throttled request, which Graph refused,
// or one whose connection was never established is sent again. A dropped
// connection, a timeout or a 5xx after sending may hide a request Graph
// carried out, and repeating it could create a second meeting.
func retryableUnsafe(resp *http.Response, err error) bool {
	if err != nil {
		return neverSent(err) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
	}
	return resp.StatusCode == http.StatusTooManyRequests
}

// neverSent tells an error that happened before the request could reach
// Graph: no connection was established.
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// isDroppedConnection tells a connection lost mid-request, worth a retry,
// from errors that another attempt cannot fix (a wrong host name, a refused
// connection, a bad certificate, a cancelled context).
func isDroppedConnection(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// drain lets the connection be reused before the response is dropped.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

// attemptTrace records what the retries of one request went through.
type attemptTrace struct {
	// lost: an attempt's outcome was lost before a retry (a dropped
	// connection, or a 503 or 504 that a gateway may have returned after
	// the service acted).
	lost bool
	// stoppedByDeadline: retrying stopped because the next wait would
	// outlast the context's deadline.
	stoppedByDeadline bool
	// ticket is the request's place in the limiter's line, kept across
	// its retries.
	ticket uint64
	// notIdempotent: the request must not reach Graph twice.
	notIdempotent bool
	// mailbox, for Outlook requests, is the mailbox whose concurrency
	// limit the request counts against (see mailboxGate).
	mailbox string
	// prefer holds Prefer tokens besides include-unknown-enum-members.
	prefer []string
}

type traceKey struct{}

// attemptsOf counts the requests sent to obtain resp.
func attemptsOf(resp *http.Response) int {
	if resp == nil || resp.Request == nil {
		return 1
	}
	n, err := strconv.Atoi(resp.Request.Header.Get(retryAttemptHeader))
	if err != nil {
		return 1
	}
	return n + 1
}

// redactedURL is the request URL without user info, fit for logs.
func redactedURL(req *http.Request) string {
	u := *req.URL
	u.User = nil
	return u.String()
}
