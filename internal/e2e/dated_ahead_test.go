package e2e

import (
	"testing"
	"time"
)

// TestDatedAhead: an example's dates and date-times move ahead together,
// by whole 52-week steps, once they lie less than a month ahead.
func TestDatedAhead(t *testing.T) {
	example := []byte(`start_date_time = "2027-03-22T14:00:00"
range = { start_date = "2027-03-22" }
start = "2027-03-01T09:00:00+01:00"`)
	for _, tt := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), string(example)},
		{time.Date(2027, 2, 15, 0, 0, 0, 0, time.UTC), `start_date_time = "2028-03-20T14:00:00"
range = { start_date = "2028-03-20" }
start = "2028-02-28T09:00:00+01:00"`},
	} {
		if got := string(datedAhead(example, tt.now)); got != tt.want {
			t.Errorf("at %s: %s, want %s", tt.now.Format(time.DateOnly), got, tt.want)
		}
	}
}
