package recurrence

import (
	"slices"
	"strings"
	"testing"
)

func TestDates(t *testing.T) {
	weekly := Pattern{Type: "weekly", Interval: 1, DaysOfWeek: []string{"Monday"}}
	cases := []struct {
		name  string
		p     Pattern
		r     Range
		until string
		want  string
	}{
		{"weekly numbered", weekly, Range{Type: "numbered", StartDate: "2027-03-29", NumberOfOccurrences: 4}, "",
			"2027-03-29 2027-04-05 2027-04-12 2027-04-19"},
		{"weekly from a date off the pattern starts on the next fit", weekly, Range{Type: "numbered", StartDate: "2027-03-31", NumberOfOccurrences: 2}, "",
			"2027-04-05 2027-04-12"},
		{"fortnightly on two days, week from monday", Pattern{Type: "weekly", Interval: 2, DaysOfWeek: []string{"tuesday", "sunday"}, FirstDayOfWeek: "monday"},
			Range{Type: "endDate", StartDate: "2027-03-02", EndDate: "2027-03-31"}, "",
			"2027-03-02 2027-03-07 2027-03-16 2027-03-21 2027-03-30"},
		{"daily every third day, end date inclusive", Pattern{Type: "daily", Interval: 3}, Range{Type: "endDate", StartDate: "2027-01-30", EndDate: "2027-02-05"}, "",
			"2027-01-30 2027-02-02 2027-02-05"},
		{"absolute monthly", Pattern{Type: "absoluteMonthly", Interval: 1, DayOfMonth: 15}, Range{Type: "numbered", StartDate: "2027-01-15", NumberOfOccurrences: 3}, "",
			"2027-01-15 2027-02-15 2027-03-15"},
		{"relative monthly, last friday", Pattern{Type: "relativeMonthly", Interval: 1, DaysOfWeek: []string{"friday"}, Index: "last"},
			Range{Type: "numbered", StartDate: "2027-01-01", NumberOfOccurrences: 3}, "",
			"2027-01-29 2027-02-26 2027-03-26"},
		{"relative yearly, second monday of june", Pattern{Type: "relativeYearly", Interval: 1, Month: 6, DaysOfWeek: []string{"monday"}, Index: "second"},
			Range{Type: "numbered", StartDate: "2027-06-01", NumberOfOccurrences: 2}, "",
			"2027-06-14 2028-06-12"},
		{"absolute yearly", Pattern{Type: "absoluteYearly", Interval: 1, Month: 2, DayOfMonth: 3}, Range{Type: "numbered", StartDate: "2027-02-03", NumberOfOccurrences: 2}, "",
			"2027-02-03 2028-02-03"},
		// Outlook's, not RFC 5545's: a day the month lacks is its last.
		{"the 31st of every month", Pattern{Type: "absoluteMonthly", Interval: 1, DayOfMonth: 31}, Range{Type: "numbered", StartDate: "2027-01-31", NumberOfOccurrences: 5}, "",
			"2027-01-31 2027-02-28 2027-03-31 2027-04-30 2027-05-31"},
		{"the 30th, every other month, through a leap February", Pattern{Type: "absoluteMonthly", Interval: 2, DayOfMonth: 30}, Range{Type: "numbered", StartDate: "2027-12-30", NumberOfOccurrences: 3}, "",
			"2027-12-30 2028-02-29 2028-04-30"},
		{"29 February, yearly", Pattern{Type: "absoluteYearly", Interval: 1, Month: 2, DayOfMonth: 29}, Range{Type: "numbered", StartDate: "2028-02-29", NumberOfOccurrences: 3}, "",
			"2028-02-29 2029-02-28 2030-02-28"},
		{"the last weekday of the month", Pattern{Type: "relativeMonthly", Interval: 1, DaysOfWeek: []string{"monday", "tuesday", "wednesday", "thursday", "friday"}, Index: "last"},
			Range{Type: "numbered", StartDate: "2027-01-01", NumberOfOccurrences: 3}, "",
			"2027-01-29 2027-02-26 2027-03-31"},
		{"no end, up to until", weekly, Range{Type: "noEnd", StartDate: "2027-03-29"}, "2027-04-12",
			"2027-03-29 2027-04-05 2027-04-12"},
		{"until cuts a numbered range short", weekly, Range{Type: "numbered", StartDate: "2027-03-29", NumberOfOccurrences: 10}, "2027-04-06",
			"2027-03-29 2027-04-05"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Dates(c.p, c.r, c.until)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, " ") != c.want {
				t.Errorf("Dates = %v, want %s", got, c.want)
			}
		})
	}
}

func TestDatesRefusesWhatGraphRefuses(t *testing.T) {
	cases := []struct {
		p    Pattern
		r    Range
		want string
	}{
		{Pattern{Type: "weekly", Interval: 1}, Range{Type: "noEnd", StartDate: "2027-01-01"}, "needs days of the week"},
		{Pattern{Type: "daily", Interval: 0}, Range{Type: "noEnd", StartDate: "2027-01-01"}, "interval"},
		{Pattern{Type: "hourly", Interval: 1}, Range{Type: "noEnd", StartDate: "2027-01-01"}, "not one of Graph's"},
		{Pattern{Type: "daily", Interval: 1}, Range{Type: "noEnd", StartDate: "2027-01-01"}, "a date to stop at"},
		{Pattern{Type: "daily", Interval: 1}, Range{Type: "numbered", StartDate: "2027-01-01"}, "positive number"},
		{Pattern{Type: "daily", Interval: 1}, Range{Type: "endDate", StartDate: "1 Jan"}, "not a date"},
	}
	for _, c := range cases {
		if _, err := Dates(c.p, c.r, ""); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Dates(%+v, %+v) = %v, want an error with %q", c.p, c.r, err, c.want)
		}
	}
}

func TestNeighbours(t *testing.T) {
	dates := []string{"2027-04-05", "2027-04-12", "2027-04-19"}
	for _, c := range []struct{ date, prev, next string }{
		{"2027-04-12", "2027-04-05", "2027-04-19"},
		{"2027-04-05", "", "2027-04-12"},
		{"2027-04-19", "2027-04-12", ""},
		{"2027-04-13", "2027-04-12", "2027-04-19"},
	} {
		prev, next := Neighbours(dates, c.date)
		if prev != c.prev || next != c.next {
			t.Errorf("Neighbours(%s) = %q, %q; want %q, %q", c.date, prev, next, c.prev, c.next)
		}
	}
	if !slices.IsSorted(dates) {
		t.Fatal("test dates must be sorted")
	}
}
