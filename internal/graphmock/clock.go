package graphmock

// The mock's clock, which tests move to see what time does to online
// meetings: their creationDateTime, createOrGet's "start now" default and
// their expiry (meetings_expiry.go). Calendar events' bookkeeping
// (createdDateTime, lastModifiedDateTime, changeKeys) and the fault timers
// (Faults.EventFilterDelay, Faults.CancelledOccurrenceListedFor, token
// lifetimes) measure real elapsed time, and keep the machine's clock: a
// latency does not pass because a test skipped two months.

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
	"time"
)

// Now is the mock's time: the machine's, moved by every Advance so far.
// It takes no lock of the Server's, so that code holding s.mu may ask it.
func (s *Server) Now() time.Time {
	return time.Now().Add(time.Duration(s.clockOffset.Load()))
}

// Advance moves the mock's clock by d (back, when d is negative; what
// expired on the way stays gone). It is safe for concurrent use.
func (s *Server) Advance(d time.Duration) {
	s.clockOffset.Add(int64(d))
}

// clockAnswer is the body of both /_mock/clock answers.
type clockAnswer struct {
	Now string `json:"now"` // RFC 3339, UTC
}

// handleClock is GET and POST /_mock/clock, for a maintainer who drives the
// mock process with a CLI: GET answers the mock's time; POST with
// {"advance":"1464h"} (a Go duration) moves it first. The body is checked
// as strictly as Graph's: JSON, advance a duration, nothing else.
func (s *Server) handleClock(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
			writeError(w, http.StatusBadRequest, "BadRequest", `The request body must be a JSON object such as {"advance":"1464h"}.`, newRequestID())
			return
		}
		for _, k := range slices.Sorted(maps.Keys(raw)) {
			if k != "advance" {
				writeError(w, http.StatusBadRequest, "BadRequest", "The property '"+k+"' is not a parameter of the mock's clock: only 'advance' is.", newRequestID())
				return
			}
		}
		var text string
		if err := json.Unmarshal(raw["advance"], &text); err != nil || text == "" {
			writeError(w, http.StatusBadRequest, "BadRequest", `The parameter 'advance' is required: a Go duration string such as "1464h".`, newRequestID())
			return
		}
		d, err := time.ParseDuration(text)
		if err != nil {
			writeError(w, http.StatusBadRequest, "BadRequest", "The value '"+text+"' of the parameter 'advance' is not a Go duration (such as \"1464h\" or \"90m\").", newRequestID())
			return
		}
		s.Advance(d)
	}
	writeJSON(w, http.StatusOK, clockAnswer{Now: s.Now().UTC().Format(time.RFC3339Nano)})
}
