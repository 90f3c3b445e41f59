package graphmock

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// tokenBucket limits requests to rate per second with the given burst.
type tokenBucket struct {
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newTokenBucket(rate float64, burst int) tokenBucket {
	if burst < 1 {
		burst = max(1, int(math.Ceil(rate)))
	}
	return tokenBucket{rate: rate, burst: float64(burst), tokens: float64(burst), last: time.Now()}
}

// take spends one token, or tells how long until one is available.
func (b *tokenBucket) take(now time.Time) (time.Duration, bool) {
	if b.rate <= 0 {
		return 0, true
	}
	b.tokens = math.Min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / b.rate * float64(time.Second)), false
}

// injectFault answers the request with a fault when one is due, and
// reports whether it did. It runs after authentication, as Graph's
// throttling does.
func (s *Server) injectFault(w http.ResponseWriter, c *call) bool {
	s.mu.Lock()
	s.graphCount++
	n, f := s.graphCount, s.faults
	wait, allowed := s.bucket.take(time.Now())
	var failure *Failure
	for i := range s.failures {
		if s.failures[i].Route == c.route && s.failures[i].Count > 0 {
			s.failures[i].Count--
			fc := s.failures[i]
			failure = &fc
			break
		}
	}
	s.failures = slices.DeleteFunc(s.failures, func(f Failure) bool { return f.Count == 0 })
	s.mu.Unlock()

	switch {
	case !allowed:
		w.Header().Set("Retry-After", strconv.FormatFloat(wait.Seconds(), 'f', 3, 64))
		writeThrottled(w, c.requestID)
	case f.ThrottleEvery > 0 && n%f.ThrottleEvery == 0:
		w.Header().Set("Retry-After", f.RetryAfter)
		writeThrottled(w, c.requestID)
	case f.UnavailableEvery > 0 && n%f.UnavailableEvery == 0:
		writeError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "The service is temporarily unavailable. Please retry later.", c.requestID)
	case failure != nil:
		if failure.RequestID != "" {
			c.requestID = failure.RequestID
			w.Header().Set("request-id", failure.RequestID)
		}
		writeError(w, failure.Status, failure.Code, failure.Message, c.requestID)
	default:
		return false
	}
	return true
}

func writeThrottled(w http.ResponseWriter, requestID string) {
	writeError(w, http.StatusTooManyRequests, "TooManyRequests", "Please retry again later.", requestID)
}

// dropConnection closes the client's connection without an answer, as a
// network failure after the server committed the request would.
func dropConnection(w http.ResponseWriter) {
	if sw, ok := w.(*statusWriter); ok && sw.beforeDrop != nil {
		sw.beforeDrop()
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
