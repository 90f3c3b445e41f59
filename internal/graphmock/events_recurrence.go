package graphmock

// Recurrence: the checks and normal form of an event's
// patternedRecurrence (§1.6).

import (
	"slices"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

// normaliseRecurrence checks a recurrence by the rules of §1.6 and answers
// it normalised as the reference's example shows: members the pattern or
// range type does not use come back as 0, [], "first", "sunday" and
// 0001-01-01, day names lower-camel, recurrenceTimeZone the event's zone.
// startDate must be the date of the event's start. firstDayOfWeek, which
// one doc page requires for weekly and the other calls optional, defaults
// to sunday.
func normaliseRecurrence(in patternedRecurrence, startDate, zone string) (*patternedRecurrence, *eventError) {
	invalid := func(format string, args ...any) *eventError {
		return badRequest("ErrorCalendarInvalidRecurrence", format, args...)
	}
	p, rg := in.Pattern, in.Range
	if p.Type == "" {
		return nil, invalid("recurrence.pattern.type is required.")
	}
	if rg.Type == "" {
		return nil, invalid("recurrence.range.type is required.")
	}
	out := patternedRecurrence{}
	var err *eventError
	if out.Pattern.Type, err = enumMember("RecurrencePatternType", p.Type); err != nil {
		return nil, err
	}
	if out.Range.Type, err = enumMember("RecurrenceRangeType", rg.Type); err != nil {
		return nil, err
	}
	// Every member given is validated, used or not ([S21] concept page).
	days := make([]string, 0, len(p.DaysOfWeek))
	for _, d := range p.DaysOfWeek {
		m, err := enumMember("DayOfWeek", d)
		if err != nil {
			return nil, err
		}
		days = append(days, m)
	}
	firstDay, index := "sunday", "first"
	if p.FirstDayOfWeek != "" {
		if firstDay, err = enumMember("DayOfWeek", p.FirstDayOfWeek); err != nil {
			return nil, err
		}
	}
	if p.Index != "" {
		if index, err = enumMember("WeekIndex", p.Index); err != nil {
			return nil, err
		}
	}
	switch {
	case p.Interval < 1:
		return nil, invalid("recurrence.pattern.interval must be at least 1.")
	case p.Month < 0 || p.Month > 12:
		return nil, invalid("recurrence.pattern.month must be 1 to 12.")
	case p.DayOfMonth < 0 || p.DayOfMonth > 31:
		return nil, invalid("recurrence.pattern.dayOfMonth must be 1 to 31.")
	case rg.NumberOfOccurrences < 0:
		return nil, invalid("recurrence.range.numberOfOccurrences must not be negative.")
	}
	out.Pattern.Interval = p.Interval
	out.Pattern.DaysOfWeek = []string{}
	out.Pattern.FirstDayOfWeek, out.Pattern.Index = "sunday", "first"
	typ := out.Pattern.Type
	needs := func(member string, ok bool) *eventError {
		if !ok {
			return invalid("recurrence.pattern.%s is required for a %s pattern.", member, typ)
		}
		return nil
	}
	if slices.Contains([]string{"weekly", "relativeMonthly", "relativeYearly"}, typ) {
		if err := needs("daysOfWeek", len(days) > 0); err != nil {
			return nil, err
		}
		out.Pattern.DaysOfWeek = days
	}
	if typ == "weekly" {
		out.Pattern.FirstDayOfWeek = firstDay
	}
	if typ == "relativeMonthly" || typ == "relativeYearly" {
		out.Pattern.Index = index
	}
	if typ == "absoluteMonthly" || typ == "absoluteYearly" {
		if err := needs("dayOfMonth", p.DayOfMonth > 0); err != nil {
			return nil, err
		}
		out.Pattern.DayOfMonth = p.DayOfMonth
	}
	if typ == "absoluteYearly" || typ == "relativeYearly" {
		if err := needs("month", p.Month > 0); err != nil {
			return nil, err
		}
		out.Pattern.Month = p.Month
	}

	if rg.StartDate == "" {
		return nil, invalid("recurrence.range.startDate is required.")
	}
	if _, err := time.Parse(dateLayout, rg.StartDate); err != nil {
		return nil, invalid("recurrence.range.startDate '%s' is not a date (YYYY-MM-DD).", rg.StartDate)
	}
	if rg.StartDate != startDate {
		return nil, invalid("recurrence.range.startDate %s must be the date of the event's start, %s in %s.", rg.StartDate, startDate, zone)
	}
	out.Range.StartDate, out.Range.EndDate = rg.StartDate, zeroDate
	if rg.EndDate != "" && rg.EndDate != zeroDate {
		if _, err := time.Parse(dateLayout, rg.EndDate); err != nil {
			return nil, invalid("recurrence.range.endDate '%s' is not a date (YYYY-MM-DD).", rg.EndDate)
		}
	}
	switch out.Range.Type {
	case "endDate":
		if rg.EndDate == "" || rg.EndDate == zeroDate {
			return nil, invalid("recurrence.range.endDate is required for an endDate range.")
		}
		if rg.EndDate < rg.StartDate {
			return nil, invalid("recurrence.range.endDate %s is before its startDate %s.", rg.EndDate, rg.StartDate)
		}
		out.Range.EndDate = rg.EndDate
	case "numbered":
		if rg.NumberOfOccurrences < 1 {
			return nil, invalid("recurrence.range.numberOfOccurrences must be positive for a numbered range.")
		}
		out.Range.NumberOfOccurrences = rg.NumberOfOccurrences
	}
	out.Range.RecurrenceTimeZone = zone
	if rg.RecurrenceTimeZone != "" {
		if _, err := timezone.Load(rg.RecurrenceTimeZone); err != nil {
			return nil, timeZoneNotSupported(rg.RecurrenceTimeZone)
		}
		out.Range.RecurrenceTimeZone = rg.RecurrenceTimeZone
	}
	return &out, nil
}
