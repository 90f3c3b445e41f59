package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

// defaultTimeZone is the zone of an event whose time_zone is unset.
const defaultTimeZone = "UTC"

// zone is the event's time zone as configured, or UTC.
func (m calendarEventModel) zone() string { return zoneOr(m.TimeZone) }

// zoneOr is a time_zone attribute's zone, or UTC while it is unset.
func zoneOr(v types.String) string {
	if v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
		return defaultTimeZone
	}
	return v.ValueString()
}

// wallClockLayout is how the provider writes a wall-clock time.
const wallClockLayout = "2006-01-02T15:04:05"

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
		return types.StringValue(answered.Format(wallClockLayout))
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
		return types.StringValue(at.In(loc).Format(wallClockLayout))
	}
	return types.StringValue(dt.DateTime)
}

// keepEquivalentTimes plans the state's start, end and time zone where the
// configuration writes the same times in another zone or another name of
// the zone, so that the plan shows no change and apply sends none: an
// event imported from Outlook keeps the zone it was made in, whatever
// zone the configuration (or terraform query) writes its times in.
// Terraform takes a planned value equal to the prior state for an
// equivalent configuration. A single event is the same when its start and
// end are the same instants; a series only in the same zone, where its
// occurrences keep their wall-clock time across daylight saving.
func keepEquivalentTimes(ctx context.Context, plan *tfsdk.Plan, state tfsdk.State) diag.Diagnostics {
	if plan.Raw.IsNull() || state.Raw.IsNull() {
		return nil
	}
	planned, diags := timesIn(ctx, plan.GetAttribute)
	held, d := timesIn(ctx, state.GetAttribute)
	diags.Append(d...)
	if diags.HasError() || !planned.known() || !held.known() || planned.sameText(held) {
		return diags
	}
	if planned.equivalent(held) {
		diags.Append(plan.SetAttribute(ctx, path.Root("time_zone"), held.zone)...)
		diags.Append(plan.SetAttribute(ctx, path.Root("start_date_time"), held.start)...)
		diags.Append(plan.SetAttribute(ctx, path.Root("end_date_time"), held.end)...)
	}
	return diags
}

// scheduledTimes are an event's times as a plan or a state holds them.
type scheduledTimes struct {
	zone, start, end types.String
	series           bool
}

func timesIn(ctx context.Context, get func(context.Context, path.Path, any) diag.Diagnostics) (scheduledTimes, diag.Diagnostics) {
	var t scheduledTimes
	var recurrence types.Object
	diags := get(ctx, path.Root("time_zone"), &t.zone)
	diags.Append(get(ctx, path.Root("start_date_time"), &t.start)...)
	diags.Append(get(ctx, path.Root("end_date_time"), &t.end)...)
	diags.Append(get(ctx, path.Root("recurrence"), &recurrence)...)
	t.series = !recurrence.IsNull()
	return t, diags
}

func (t scheduledTimes) known() bool {
	for _, v := range []types.String{t.zone, t.start, t.end} {
		if v.IsNull() || v.IsUnknown() {
			return false
		}
	}
	return true
}

func (t scheduledTimes) sameText(o scheduledTimes) bool {
	return t.zone.Equal(o.zone) && t.start.Equal(o.start) && t.end.Equal(o.end)
}

// equivalent tells whether t and o are the same times: the same wall
// clock in the same zone, or, for single events, the same instants.
func (t scheduledTimes) equivalent(o scheduledTimes) bool {
	sameZone := timezone.Same(t.zone.ValueString(), o.zone.ValueString())
	if !sameZone && (t.series || o.series) {
		return false
	}
	same := func(a, b types.String) bool {
		aw, okA := wallClock(a.ValueString())
		bw, okB := wallClock(b.ValueString())
		if !okA || !okB {
			return false
		}
		if sameZone {
			return aw.Equal(bw)
		}
		at, okA := instantIn(aw, t.zone.ValueString())
		bt, okB := instantIn(bw, o.zone.ValueString())
		return okA && okB && at.Equal(bt)
	}
	return same(t.start, o.start) && same(t.end, o.end)
}
