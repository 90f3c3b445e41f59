package timezone_test

import (
	"strings"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		want    string // the IANA name of the location; "" = an error
		windows bool
	}{
		{"UTC", "UTC", true},
		{"Europe/Berlin", "Europe/Berlin", false},
		{"America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires", false},
		{"Etc/GMT+12", "Etc/GMT+12", false},
		{"W. Europe Standard Time", "Europe/Berlin", true},
		{"Pacific Standard Time", "America/Los_Angeles", true},
		{"GMT Standard Time", "Europe/London", true},
		{"India Standard Time", "Asia/Calcutta", true},
		{"Tokyo Standard Time", "Asia/Tokyo", true},
		{"AUS Eastern Standard Time", "Australia/Sydney", true},
		{"E. South America Standard Time", "America/Sao_Paulo", true},
		{"Eastern Standard Time (Mexico)", "America/Cancun", true},
		{"UTC-11", "Etc/GMT+11", true},
		{"Greenwich Mean Time", "", false}, // a display name, not an id
		{"w. europe standard time", "", false},
		{"europe/berlin", "", false},
		{"Local", "", false},
		{"", "", false},
		{"../etc/passwd", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			loc, err := timezone.Load(tt.name)
			switch {
			case tt.want == "" && err == nil:
				t.Fatalf("Load(%q) = %v, want an error", tt.name, loc)
			case tt.want == "":
				if !strings.Contains(err.Error(), "\""+tt.name+"\"") || !strings.Contains(err.Error(), "neither an IANA") || !strings.Contains(err.Error(), "Windows") {
					t.Errorf("error %q must name the value and say it is neither IANA nor Windows", err)
				}
			case err != nil:
				t.Fatalf("Load(%q): %v", tt.name, err)
			case loc.String() != tt.want:
				t.Errorf("Load(%q) = %s, want %s", tt.name, loc, tt.want)
			}
			if got := timezone.IsWindows(tt.name); got != tt.windows {
				t.Errorf("IsWindows(%q) = %v, want %v", tt.name, got, tt.windows)
			}
			if iana, ok := timezone.WindowsToIANA(tt.name); ok != tt.windows || ok && iana != tt.want && tt.name != "UTC" {
				t.Errorf("WindowsToIANA(%q) = %q, %v", tt.name, iana, ok)
			}
		})
	}
}

// TestDaylightSaving: the IANA name and the Windows id of one zone agree on
// both sides of a change to summer time (Europe, 29 March 2026).
func TestDaylightSaving(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		day    int
		offset int // hours
	}{{28, 1}, {30, 2}} {
		for _, name := range []string{"Europe/Berlin", "W. Europe Standard Time"} {
			loc, err := timezone.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			_, off := time.Date(2026, time.March, tt.day, 9, 0, 0, 0, loc).Zone()
			if off != tt.offset*3600 {
				t.Errorf("%s on 2026-03-%d: offset %ds, want +%02d:00", name, tt.day, off, tt.offset)
			}
		}
	}
}

// TestEveryWindowsZoneLoads: each of the table's IANA names is known to
// the embedded time zone database.
func TestEveryWindowsZoneLoads(t *testing.T) {
	t.Parallel()
	n := 0
	for _, name := range timezone.WindowsIDs() {
		n++
		if _, err := timezone.Load(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n < 135 {
		t.Errorf("%d Windows ids, want the full list (about 140)", n)
	}
}

func TestSame(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"W. Europe Standard Time", "Europe/Berlin", true},
		{"UTC", "UTC", true},
		{"Europe/Berlin", "Europe/Paris", false},
		{"Romance Standard Time", "Europe/Berlin", false},
		{"Greenwich Mean Time", "Greenwich Mean Time", true}, // the same text, whatever it means
		{"Greenwich Mean Time", "Europe/London", false},
	} {
		if got := timezone.Same(tt.a, tt.b); got != tt.want {
			t.Errorf("Same(%q, %q) = %t, want %t", tt.a, tt.b, got, tt.want)
		}
	}
}
