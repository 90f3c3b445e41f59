package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

// defaultTimeZone is the zone of an event whose time_zone is unset.
const defaultTimeZone = "UTC"

// zone is the event's time zone as configured, or UTC.
func (m calendarEventModel) zone() string {
	if m.TimeZone.IsNull() || m.TimeZone.IsUnknown() || m.TimeZone.ValueString() == "" {
		return defaultTimeZone
	}
	return m.TimeZone.ValueString()
}

// wallClock parses a dateTime without offset, with up to seven fractional
// digits, as Graph writes and takes them ({date}T{time}).
func wallClock(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02T15:04:05.9999999", s)
	return t, err == nil
}

// instantIn is the instant a wall-clock time denotes in a zone.
func instantIn(wall time.Time, zone string) (time.Time, bool) {
	loc, err := timezone.Load(zone)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), loc), true
}

// readTime is the text of a time Graph answered (dt in respZone) for an
// event configured in zone, given the text in state: the state's text
// when it denotes the same time (compared as wall clock when Graph
// answered in the configured zone, else as instants), otherwise Graph's
// time as wall clock in the configured zone.
func readTime(state types.String, zone string, dt graph.DateTimeTimeZone) types.String {
	answered, ok := wallClock(dt.DateTime)
	if !ok {
		return types.StringValue(dt.DateTime)
	}
	respZone := dt.TimeZone
	if respZone == "" {
		respZone = defaultTimeZone
	}
	if respZone == zone {
		if s, ok := wallClock(state.ValueString()); ok && s.Equal(answered) {
			return state
		}
		return types.StringValue(answered.Format("2006-01-02T15:04:05"))
	}
	at, ok := instantIn(answered, respZone)
	if !ok {
		return types.StringValue(dt.DateTime)
	}
	if s, ok := wallClock(state.ValueString()); ok {
		if mine, ok := instantIn(s, zone); ok && mine.Equal(at) {
			return state
		}
	}
	if loc, err := timezone.Load(zone); err == nil {
		return types.StringValue(at.In(loc).Format("2006-01-02T15:04:05"))
	}
	return types.StringValue(dt.DateTime)
}
