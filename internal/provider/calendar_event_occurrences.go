package provider

// Holidays and moved sessions in a series: cancelled_occurrences and
// moved_occurrences (SPEC §6). This file holds the attributes, the
// series' layout and the plan-time checks; calendar_event_occurrences_graph.go
// reads and writes the occurrences.

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/recurrence"
)

func cancelledOccurrencesAttribute() schema.SetAttribute {
	return schema.SetAttribute{
		MarkdownDescription: "Dates (`YYYY-MM-DD`, in `time_zone`) of occurrences of the series that do not take place, such as public holidays. " +
			"After the series exists, each is cancelled alone: its attendees get one cancellation for that date (with `cancellation_message` " +
			"as its comment, when set), and nothing else is mailed. Each date must be an occurrence of `recurrence`. " +
			"Graph cannot restore a cancelled occurrence, so a date cannot be removed again: for a session on that day after all, " +
			"declare a single `msgraph_calendar_event`. An occurrence cancelled in Outlook is reported with a warning to add its date here.",
		ElementType: types.StringType,
		Optional:    true,
		Validators:  []validator.Set{setvalidator.ValueStringsAre(calendarDate())},
	}
}

func movedOccurrencesAttribute() schema.MapNestedAttribute {
	return schema.MapNestedAttribute{
		MarkdownDescription: "Occurrences of the series that take place at another time or place, keyed by the occurrence's date " +
			"(`YYYY-MM-DD`, in `time_zone`, as the pattern gives it). Each is one update of that occurrence: its attendees get one update " +
			"for that date only. Removing an entry puts the occurrence back as the series has it (the pattern's time, the series' location). " +
			"Graph refuses to move an occurrence onto or past the day of a neighbouring occurrence.",
		Optional: true,
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"start_date_time": schema.StringAttribute{
					MarkdownDescription: "The occurrence's new start, wall-clock time in `time_zone` (`YYYY-MM-DDThh:mm:ss`).",
					Required:            true,
					Validators:          []validator.String{wallClockTime()},
				},
				"end_date_time": schema.StringAttribute{
					MarkdownDescription: "The occurrence's new end, wall-clock time in `time_zone`.",
					Required:            true,
					Validators:          []validator.String{wallClockTime()},
				},
				"location": schema.StringAttribute{
					MarkdownDescription: "Where this occurrence takes place; unset, the series' `location`.",
					Optional:            true,
					Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				},
			},
		},
		Validators: []validator.Map{mapvalidator.KeysAre(calendarDate())},
	}
}

// occurrencesModel is what the resource and the data source say of a
// series' occurrences.
type occurrencesModel struct {
	CancelledOccurrences types.Set `tfsdk:"cancelled_occurrences"`
	MovedOccurrences     types.Map `tfsdk:"moved_occurrences"`
}

func noOccurrences() occurrencesModel {
	return occurrencesModel{CancelledOccurrences: types.SetNull(types.StringType), MovedOccurrences: types.MapNull(movedOccurrenceType)}
}

type movedOccurrenceModel struct {
	StartDateTime types.String `tfsdk:"start_date_time"`
	EndDateTime   types.String `tfsdk:"end_date_time"`
	Location      types.String `tfsdk:"location"`
}

// movedOccurrenceType is the type of moved_occurrences' values, as the
// schema has it.
var movedOccurrenceType = movedOccurrencesAttribute().NestedObject.Type()

// move is where and when one occurrence takes place instead: wall-clock
// times in the series' zone, and the location ("" keeps the series').
type move struct {
	start, end time.Time
	location   string
}

// exceptions are a series' cancelled and moved occurrences, by date.
type exceptions struct {
	cancelled map[string]bool
	moved     map[string]move
}

// exceptionsOf reads the two attributes; ok is false while either is
// unknown, or a time does not parse (the validators say so).
func exceptionsOf(ctx context.Context, cancelled types.Set, moved types.Map) (exceptions, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	x := exceptions{cancelled: map[string]bool{}, moved: map[string]move{}}
	if cancelled.IsUnknown() || moved.IsUnknown() {
		return x, false, nil
	}
	for _, v := range cancelled.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() {
			return x, false, nil
		}
		x.cancelled[s.ValueString()] = true
	}
	if moved.IsNull() {
		return x, true, nil
	}
	var entries map[string]movedOccurrenceModel
	if diags.Append(moved.ElementsAs(ctx, &entries, false)...); diags.HasError() {
		return x, false, diags
	}
	for date, e := range entries {
		start, okStart := wallClock(e.StartDateTime.ValueString())
		end, okEnd := wallClock(e.EndDateTime.ValueString())
		if !okStart || !okEnd || e.Location.IsUnknown() {
			return x, false, diags
		}
		x.moved[date] = move{start: start, end: end, location: e.Location.ValueString()}
	}
	return x, true, diags
}

// series is what lays out a series' occurrences: its pattern and range,
// and the first event's wall-clock times, zone and location, which every
// occurrence has unless it is moved.
type series struct {
	pattern    recurrence.Pattern
	rng        recurrence.Range
	start, end time.Time
	zone       string
	location   string
	// placed tells that times, zone and location are known: the dates
	// need only the pattern and the range.
	placed bool
}

// seriesOf is m's series; ok is false when m is not a series, or when its
// pattern or range is not known yet.
func seriesOf(m calendarEventModel) (series, bool) {
	r := m.Recurrence
	if r == nil || r.Pattern == nil || r.Range == nil {
		return series{}, false
	}
	p, rg := r.Pattern, r.Range
	fields := map[string]attr.Value{
		"days_of_week": p.DaysOfWeek, "day_of_month": p.DayOfMonth, "month": p.Month, "index": p.Index,
		"first_day_of_week": p.FirstDayOfWeek, "end_date": rg.EndDate, "number_of_occurrences": rg.NumberOfOccurrences,
	}
	used := []attr.Value{p.Type, p.Interval, rg.Type, rg.StartDate}
	for _, f := range slices.Concat(patternUses[p.Type.ValueString()], rangeUses[rg.Type.ValueString()]) {
		used = append(used, fields[f])
	}
	if slices.ContainsFunc(used, attr.Value.IsUnknown) {
		return series{}, false
	}
	s := series{
		pattern: recurrence.Pattern{
			Type: p.Type.ValueString(), Interval: int(p.Interval.ValueInt64()), DayOfMonth: int(p.DayOfMonth.ValueInt64()),
			Month: int(p.Month.ValueInt64()), Index: p.Index.ValueString(), FirstDayOfWeek: p.FirstDayOfWeek.ValueString(),
		},
		rng: recurrence.Range{
			Type: rg.Type.ValueString(), StartDate: rg.StartDate.ValueString(), EndDate: rg.EndDate.ValueString(),
			NumberOfOccurrences: int(rg.NumberOfOccurrences.ValueInt64()),
		},
		zone: m.zone(), location: m.Location.ValueString(),
	}
	for _, d := range p.DaysOfWeek.Elements() {
		if d, ok := d.(types.String); ok {
			s.pattern.DaysOfWeek = append(s.pattern.DaysOfWeek, d.ValueString())
		}
	}
	var okStart, okEnd bool
	s.start, okStart = wallClock(m.StartDateTime.ValueString())
	s.end, okEnd = wallClock(m.EndDateTime.ValueString())
	s.placed = okStart && okEnd && !m.TimeZone.IsUnknown() && !m.Location.IsUnknown()
	return s, true
}

// dates are the series' occurrences in order: all of them, or of a series
// without an end, those up to and including through (a date).
func (s series) dates(through string) ([]string, error) {
	if s.rng.Type != "noEnd" {
		through = ""
	}
	return recurrence.Dates(s.pattern, s.rng, through)
}

// at is the time the pattern gives the occurrence of date: the first
// event's wall-clock times on that day.
func (s series) at(date string) move {
	d, _ := time.Parse(recurrence.DateLayout, date)
	start := time.Date(d.Year(), d.Month(), d.Day(), s.start.Hour(), s.start.Minute(), s.start.Second(), s.start.Nanosecond(), time.UTC)
	return move{start: start, end: start.Add(s.end.Sub(s.start))}
}

// lastDate is the latest of the dates and the moves' new days, so that
// the occurrences read or checked reach every date the configuration
// names.
func (x exceptions) lastDate() string {
	last := ""
	for d := range x.cancelled {
		last = max(last, d)
	}
	for d, m := range x.moved {
		last = max(last, d, m.end.Format(recurrence.DateLayout))
	}
	return last
}

// check refuses, naming the date, what Graph would refuse or the
// configuration cannot mean: a date that is no occurrence of the series,
// one both cancelled and moved, a move that ends before it starts or
// lands on or past the day of a neighbouring occurrence.
func (x exceptions) check(s series) diag.Diagnostics {
	var diags diag.Diagnostics
	dates, err := s.dates(x.lastDate())
	if err != nil {
		return diags // the recurrence's own validators say what is wrong
	}
	cancelledPath := func(d string) path.Path { return path.Root("cancelled_occurrences").AtSetValue(types.StringValue(d)) }
	movedPath := func(d string) path.Path { return path.Root("moved_occurrences").AtMapKey(d) }
	notOccurrence := func(p path.Path, d string) {
		diags.AddAttributeError(p, "Not an Occurrence of the Series",
			fmt.Sprintf("%s is not a date on which the series takes place (%s). List only dates the recurrence produces, in time_zone %s; "+
				"after a change of the pattern or range, remove the dates that are no longer occurrences.", d, s.describe(dates), s.zone))
	}
	for _, d := range slices.Sorted(maps.Keys(x.cancelled)) {
		if _, found := slices.BinarySearch(dates, d); !found {
			notOccurrence(cancelledPath(d), d)
		}
	}
	// A neighbour counts at its new date when it is moved too.
	day := func(d string) string {
		if m, ok := x.moved[d]; ok {
			return m.start.Format(recurrence.DateLayout)
		}
		return d
	}
	for _, d := range sortedKeys(x.moved) {
		m := x.moved[d]
		if _, found := slices.BinarySearch(dates, d); !found {
			notOccurrence(movedPath(d), d)
			continue
		}
		if x.cancelled[d] {
			diags.AddAttributeError(movedPath(d), "Occurrence Both Cancelled and Moved",
				fmt.Sprintf("The occurrence of %s is in cancelled_occurrences and in moved_occurrences. Keep it in one of them.", d))
			continue
		}
		if !m.end.After(m.start) {
			diags.AddAttributeError(movedPath(d), "End Not After Start",
				fmt.Sprintf("The occurrence of %s is moved to end at %s, which is not after its new start %s. Set an end after the start.",
					d, m.end.Format(wallClockLayout), m.start.Format(wallClockLayout)))
			continue
		}
		newDay := m.start.Format(recurrence.DateLayout)
		previous, next := recurrence.Neighbours(dates, d)
		if previous != "" && newDay <= day(previous) || next != "" && newDay >= day(next) {
			diags.AddAttributeError(movedPath(d), "Occurrence Moved Past a Neighbour",
				fmt.Sprintf("The occurrence of %s is moved to %s, but Graph keeps a moved occurrence between its neighbours: it must fall after %s and before %s "+
					"(Graph's ErrorOccurrenceCrossingBoundary). Pick a day in between, or cancel this occurrence and declare a single msgraph_calendar_event for that day.",
					d, newDay, cmp.Or(day(previous), "the series' start"), cmp.Or(day(next), "the series' end")))
		}
	}
	return diags
}

// describe names the series' first occurrences, for a diagnostic.
func (s series) describe(dates []string) string {
	switch {
	case len(dates) == 0:
		return "it has no occurrences up to that date"
	case len(dates) <= 4:
		return "its occurrences are " + strings.Join(dates, ", ")
	}
	return fmt.Sprintf("its occurrences are %s, … %s", strings.Join(dates[:3], ", "), dates[len(dates)-1])
}

// seriesExceptionsValid refuses, at plan time, exceptions of an event
// that is not a series, and the dates check finds wrong.
func seriesExceptionsValid() resource.ConfigValidator { return seriesExceptionsValidator{} }

type seriesExceptionsValidator struct{}

func (v seriesExceptionsValidator) Description(_ context.Context) string {
	return "cancelled_occurrences and moved_occurrences name occurrences of the series, and moves stay between their neighbours"
}

func (v seriesExceptionsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v seriesExceptionsValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	x, ok, diags := exceptionsIn(ctx, req.Config.GetAttribute)
	resp.Diagnostics.Append(diags...)
	var recurrenceObject types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("recurrence"), &recurrenceObject)...)
	if !ok || len(x.cancelled)+len(x.moved) == 0 || recurrenceObject.IsUnknown() || resp.Diagnostics.HasError() {
		return
	}
	if recurrenceObject.IsNull() {
		for name, n := range map[string]int{"cancelled_occurrences": len(x.cancelled), "moved_occurrences": len(x.moved)} {
			if n > 0 {
				resp.Diagnostics.AddAttributeError(path.Root(name), "Occurrences of an Event That Is Not a Series",
					name+" names occurrences of a recurring series, but this event has no recurrence. Set recurrence, or remove "+name+".")
			}
		}
		return
	}
	if s, ok := seriesIn(ctx, req.Config.GetAttribute); ok {
		resp.Diagnostics.Append(x.check(s)...)
	}
}

// attributeGetter is the GetAttribute of a configuration, plan or state.
type attributeGetter func(context.Context, path.Path, any) diag.Diagnostics

// exceptionsIn reads cancelled_occurrences and moved_occurrences.
func exceptionsIn(ctx context.Context, get attributeGetter) (exceptions, bool, diag.Diagnostics) {
	var cancelled types.Set
	var moved types.Map
	diags := get(ctx, path.Root("cancelled_occurrences"), &cancelled)
	diags.Append(get(ctx, path.Root("moved_occurrences"), &moved)...)
	if diags.HasError() {
		return exceptions{}, false, diags
	}
	return exceptionsOf(ctx, cancelled, moved)
}

// seriesIn is the series as far as it is known; a part still unknown (a
// whole pattern, say) leaves the checks to Graph, at apply.
func seriesIn(ctx context.Context, get attributeGetter) (series, bool) {
	var m calendarEventModel
	var diags diag.Diagnostics
	for name, target := range map[string]any{
		"recurrence": &m.Recurrence, "start_date_time": &m.StartDateTime, "end_date_time": &m.EndDateTime,
		"time_zone": &m.TimeZone, "location": &m.Location,
	} {
		diags.Append(get(ctx, path.Root(name), target)...)
	}
	if diags.HasError() {
		return series{}, false
	}
	return seriesOf(m)
}

// cancellationsKept refuses a plan that drops a cancelled occurrence that
// is still an occurrence of the planned series: Graph cannot restore it.
func cancellationsKept(ctx context.Context, plan tfsdk.Plan, state tfsdk.State) diag.Diagnostics {
	was, okWas, _ := exceptionsIn(ctx, state.GetAttribute)
	will, okWill, _ := exceptionsIn(ctx, plan.GetAttribute)
	s, okSeries := seriesIn(ctx, plan.GetAttribute)
	if !okWas || !okWill || !okSeries {
		return nil
	}
	var dropped []string
	for _, d := range slices.Sorted(maps.Keys(was.cancelled)) {
		if !will.cancelled[d] {
			dropped = append(dropped, d)
		}
	}
	if len(dropped) == 0 {
		return nil
	}
	dates, err := s.dates(dropped[len(dropped)-1])
	if err != nil {
		return nil
	}
	var diags diag.Diagnostics
	for _, d := range dropped {
		if _, found := slices.BinarySearch(dates, d); !found {
			continue // no longer an occurrence: nothing to restore
		}
		diags.AddAttributeError(path.Root("cancelled_occurrences"), "Cancelled Occurrence Cannot Be Restored",
			fmt.Sprintf("The occurrence of %s is cancelled, and the configuration no longer lists it. Graph cannot restore a cancelled occurrence of a series, "+
				"so apply could not make it take place again. Keep %q in cancelled_occurrences; for a session on that day after all, declare a single "+
				"msgraph_calendar_event with its own start_date_time and end_date_time.", d, d))
	}
	return diags
}
