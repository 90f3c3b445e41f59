package graph

import (
	"encoding/json"
	"fmt"
	"time"
)

// DateTime is a Graph Edm.DateTimeOffset. It keeps the exact text it was
// parsed from, so that a value can travel back to the caller as Graph (or
// the user) wrote it, and exposes the instant it denotes for comparisons.
//
// The zero DateTime is "no value": it encodes as JSON null, and a
// struct field tagged omitzero leaves it out. JSON null and "" decode to it.
type DateTime struct {
	text string
	t    time.Time
}

// ParseDateTime parses an RFC 3339 date-time such as
// "2026-03-02T09:00:00+01:00" or "2026-03-02T08:00:00.0000000Z".
func ParseDateTime(s string) (DateTime, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return DateTime{}, fmt.Errorf("%q is not an RFC 3339 date-time (for example 2026-03-02T09:00:00+01:00): %w", s, err)
	}
	return DateTime{text: s, t: t}, nil
}

// IsZero reports whether d holds no value.
func (d DateTime) IsZero() bool { return d.text == "" }

// Time returns the instant d denotes.
func (d DateTime) Time() time.Time { return d.t }

// String returns the text d was parsed from or created with.
func (d DateTime) String() string { return d.text }

// Equal reports whether d and o denote the same instant, whatever offset
// or number of fractional digits each was written with.
func (d DateTime) Equal(o DateTime) bool {
	if d.IsZero() || o.IsZero() {
		return d.IsZero() == o.IsZero()
	}
	return d.t.Equal(o.t)
}

// MarshalJSON writes the original text, or null for the zero value.
func (d DateTime) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.text)
}

// UnmarshalJSON accepts an RFC 3339 string or null.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date-time: %w", err)
	}
	if s == nil || *s == "" {
		*d = DateTime{}
		return nil
	}
	v, err := ParseDateTime(*s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
