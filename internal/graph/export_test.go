package graph

import (
	"net/http"
	"time"
)

// What only the tests need.

// IsForbidden reports whether err is Graph's 403.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsThrottled reports whether err is a 429 that outlasted the retries.
func IsThrottled(err error) bool { return hasStatus(err, http.StatusTooManyRequests) }

// NewDateTime returns the DateTime of t, written in RFC 3339 with the
// offset of t's location.
func NewDateTime(t time.Time) DateTime {
	return DateTime{text: t.Format(time.RFC3339Nano), t: t}
}
