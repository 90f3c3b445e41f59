// Package recurrence expands a Graph patternedRecurrence into the dates of
// its occurrences, the way Outlook lays a series out in its time zone.
// It knows nothing of Graph's wire format or of Terraform: both the
// provider (to check, at plan time, that a date is an occurrence) and the
// mock Graph (to serve a series' instances) use it.
//
// Graph's patterns are iCalendar recurrence rules under other names, so
// the expansion is RFC 5545's, by rrule-go:
//
//	daily            FREQ=DAILY
//	weekly           FREQ=WEEKLY;BYDAY=daysOfWeek;WKST=firstDayOfWeek
//	absoluteMonthly  FREQ=MONTHLY;BYMONTHDAY=dayOfMonth
//	relativeMonthly  FREQ=MONTHLY;BYDAY=daysOfWeek;BYSETPOS=index
//	absoluteYearly   FREQ=YEARLY;BYMONTH=month;BYMONTHDAY=dayOfMonth
//	relativeYearly   FREQ=YEARLY;BYMONTH=month;BYDAY=daysOfWeek;BYSETPOS=index
//
// with INTERVAL=interval, and the range as UNTIL=endDate (inclusive) or
// COUNT=numberOfOccurrences. As in Graph, the series starts on the first
// date from startDate on that fits the pattern, which may be later than
// startDate. One difference is Outlook's: a day of the month that a month
// does not have (the 31st in April) falls on its last day, where RFC 5545
// skips the month.
package recurrence

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// DateLayout is how dates are written: Graph's Edm.Date, YYYY-MM-DD.
const DateLayout = time.DateOnly

// Pattern is a recurrencePattern: members its type does not use are
// ignored.
type Pattern struct {
	Type           string // daily, weekly, absoluteMonthly, relativeMonthly, absoluteYearly, relativeYearly
	Interval       int
	DaysOfWeek     []string // sunday … saturday, any case
	DayOfMonth     int
	Month          int
	Index          string // first, second, third, fourth, last
	FirstDayOfWeek string // default sunday
}

// Range is a recurrenceRange.
type Range struct {
	Type                string // endDate, noEnd, numbered
	StartDate           string
	EndDate             string
	NumberOfOccurrences int
}

// Dates returns the dates of a series' occurrences in order, each
// YYYY-MM-DD in the series' time zone. A series without an end is
// expanded up to and including until (a date); until also bounds the
// others, when it is set.
func Dates(p Pattern, r Range, until string) ([]string, error) {
	rule, err := rule(p, r, until)
	if err != nil {
		return nil, err
	}
	var out []string
	next := rule.Iterator()
	for t, ok := next(); ok; t, ok = next() {
		out = append(out, t.Format(DateLayout))
	}
	return out, nil
}

// Neighbours returns the occurrences before and after date among dates
// (sorted, as Dates returns them); "" where there is none.
func Neighbours(dates []string, date string) (previous, next string) {
	i, found := slices.BinarySearch(dates, date)
	if i > 0 {
		previous = dates[i-1]
	}
	if found {
		i++
	}
	if i < len(dates) {
		next = dates[i]
	}
	return previous, next
}

var (
	weekdays = map[string]rrule.Weekday{
		"monday": rrule.MO, "tuesday": rrule.TU, "wednesday": rrule.WE, "thursday": rrule.TH,
		"friday": rrule.FR, "saturday": rrule.SA, "sunday": rrule.SU,
	}
	indexes = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
)

func rule(p Pattern, r Range, until string) (*rrule.RRule, error) {
	start, err := time.Parse(DateLayout, r.StartDate)
	if err != nil {
		return nil, fmt.Errorf("range start date %q is not a date (YYYY-MM-DD)", r.StartDate)
	}
	if p.Interval < 1 {
		return nil, fmt.Errorf("pattern interval must be at least 1, not %d", p.Interval)
	}
	o := rrule.ROption{Dtstart: start, Interval: p.Interval, Wkst: rrule.SU}
	days := make([]rrule.Weekday, 0, len(p.DaysOfWeek))
	for _, d := range p.DaysOfWeek {
		w, ok := weekdays[strings.ToLower(d)]
		if !ok {
			return nil, fmt.Errorf("pattern day of week %q is not a day", d)
		}
		days = append(days, w)
	}
	index := func() error {
		i, ok := indexes[strings.ToLower(p.Index)]
		if !ok && p.Index != "" {
			return fmt.Errorf("pattern index %q is not first, second, third, fourth or last", p.Index)
		}
		if !ok {
			i = 1 // Graph's default
		}
		o.Bysetpos = []int{i}
		return nil
	}
	needDays := func() error {
		if len(days) == 0 {
			return fmt.Errorf("a %s pattern needs days of the week", p.Type)
		}
		o.Byweekday = days
		return nil
	}
	switch p.Type {
	case "daily":
		o.Freq = rrule.DAILY
	case "weekly":
		o.Freq = rrule.WEEKLY
		if err = needDays(); err != nil {
			return nil, err
		}
		if p.FirstDayOfWeek != "" {
			w, ok := weekdays[strings.ToLower(p.FirstDayOfWeek)]
			if !ok {
				return nil, fmt.Errorf("pattern first day of week %q is not a day", p.FirstDayOfWeek)
			}
			o.Wkst = w
		}
	case "absoluteMonthly", "absoluteYearly":
		o.Freq = rrule.MONTHLY
		if p.Type == "absoluteYearly" {
			o.Freq, o.Bymonth = rrule.YEARLY, []int{p.Month}
		}
		if p.DayOfMonth < 1 || p.DayOfMonth > 31 {
			return nil, fmt.Errorf("pattern day of month must be 1 to 31, not %d", p.DayOfMonth)
		}
		o.Bymonthday = []int{p.DayOfMonth}
		if p.DayOfMonth > 28 {
			// Outlook: "Some months have fewer than 29/30/31 days. For
			// these months, the occurrence will fall on the last day of
			// the month" (and 29 February on the 28th in other years),
			// where RFC 5545 skips the month: the last of the days 28 to
			// dayOfMonth that the month has.
			o.Bymonthday, o.Bysetpos = nil, []int{-1}
			for d := 28; d <= p.DayOfMonth; d++ {
				o.Bymonthday = append(o.Bymonthday, d)
			}
		}
	case "relativeMonthly", "relativeYearly":
		o.Freq = rrule.MONTHLY
		if p.Type == "relativeYearly" {
			o.Freq, o.Bymonth = rrule.YEARLY, []int{p.Month}
		}
		if err = needDays(); err != nil {
			return nil, err
		}
		if err = index(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("pattern type %q is not one of Graph's", p.Type)
	}

	var last time.Time
	if until != "" {
		if last, err = time.Parse(DateLayout, until); err != nil {
			return nil, fmt.Errorf("until %q is not a date (YYYY-MM-DD)", until)
		}
	}
	switch r.Type {
	case "endDate":
		end, err := time.Parse(DateLayout, r.EndDate)
		if err != nil {
			return nil, fmt.Errorf("range end date %q is not a date (YYYY-MM-DD)", r.EndDate)
		}
		if last.IsZero() || end.Before(last) {
			last = end
		}
	case "numbered":
		if r.NumberOfOccurrences < 1 {
			return nil, fmt.Errorf("a numbered range needs a positive number of occurrences, not %d", r.NumberOfOccurrences)
		}
		o.Count = r.NumberOfOccurrences
	case "noEnd":
		if last.IsZero() {
			return nil, fmt.Errorf("a series without an end needs a date to stop at")
		}
	default:
		return nil, fmt.Errorf("range type %q is not one of Graph's", r.Type)
	}
	if !last.IsZero() {
		o.Until = last
	}
	return rrule.NewRRule(o)
}
