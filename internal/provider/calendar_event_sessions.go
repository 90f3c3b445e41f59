package provider

// A calendar event as the rules of past_sessions.go see it: a single
// event, or a series laid out by its pattern, range, cancelled and moved
// occurrences; and the one request that ends a series after its last
// session held.

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

// eventSilent are the attributes whose change mails no attendee: they
// concern the organizer's copy, Terraform, or the Teams meeting's options
// (see the mail table of the resource's documentation).
var eventSilent = []string{
	"keep_past_on_destroy", "timeouts", "cancellation_message", "categories", "reminder_minutes_before_start", "is_reminder_on", "show_as",
	"external_id", "online_meeting_settings", "online_meeting_id",
}

// eventTiming are the attributes that say when an event takes place.
var eventTiming = []string{"start_date_time", "end_date_time", "time_zone", "recurrence", "cancelled_occurrences", "moved_occurrences"}

// eventSessionIn is the event of a plan or a state.
func eventSessionIn(ctx context.Context, get attributeGetter, now time.Time) session {
	var m calendarEventModel
	var keep types.Bool
	var recurrenceObject types.Object
	for name, target := range map[string]any{
		"id": &m.ID, "external_id": &m.ExternalID, "subject": &m.Subject, "attendees": &m.Attendees,
		"keep_past_on_destroy": &keep, "recurrence": &recurrenceObject,
		"start_date_time": &m.StartDateTime, "end_date_time": &m.EndDateTime, "time_zone": &m.TimeZone,
	} {
		get(ctx, path.Root(name), target)
	}
	s := session{kind: eventSessions, name: m.describe(), subject: m.Subject.ValueString(), attendees: -1, keep: keep.IsNull() || keep.ValueBool()}
	if !m.Attendees.IsUnknown() {
		s.attendees = len(m.Attendees.Elements())
	}
	if loc, err := timezone.Load(m.zone()); err == nil && !m.TimeZone.IsUnknown() {
		s.loc = loc
	}
	switch {
	case recurrenceObject.IsUnknown() || s.loc == nil:
	case recurrenceObject.IsNull():
		start, okStart := wallClock(m.StartDateTime.ValueString())
		end, okEnd := wallClock(m.EndDateTime.ValueString())
		if okStart && okEnd {
			startAt, _ := instantIn(start, m.zone())
			endAt, _ := instantIn(end, m.zone())
			s.occurrences = []occurrenceSpan{{start: startAt, end: endAt}}
		}
	default:
		get(ctx, path.Root("recurrence"), &m.Recurrence)
		get(ctx, path.Root("location"), &m.Location)
		if p := m.Recurrence; p != nil && p.Pattern != nil {
			// Planned unknown on create: Graph's defaults, which do not
			// move a series' first dates.
			p.Pattern.FirstDayOfWeek = knownOr(p.Pattern.FirstDayOfWeek, "sunday")
			p.Pattern.Index = knownOr(p.Pattern.Index, "first")
		}
		series, ok := seriesOf(m)
		x, okExceptions, _ := exceptionsIn(ctx, get)
		if !ok || !series.placed || !okExceptions {
			break
		}
		s.series, s.open = true, series.rng.Type == "noEnd"
		if spans, holidays, moved, ok := seriesSpans(series, x, now); ok {
			s.occurrences, s.heldHolidays, s.heldMoved = spans, holidays, moved
		}
	}
	return s
}

// knownOr is v, or value while v is unknown.
func knownOr(v types.String, value string) types.String {
	if v.IsUnknown() {
		return types.StringValue(value)
	}
	return v
}

// planDetails adds to an update's pastPlan what changes the layout of a
// series (its times, zone, pattern or range start, which move every
// occurrence; a range that now ends before a session held), and how many
// attendees it mails: those added or removed when the attendees alone
// change, else all of them.
func planDetails(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) func(*pastPlan, time.Time) {
	return func(pp *pastPlan, now time.Time) {
		var was, will calendarEventModel
		for _, m := range []struct {
			get   attributeGetter
			model *calendarEventModel
		}{{req.State.GetAttribute, &was}, {resp.Plan.GetAttribute, &will}} {
			for name, target := range map[string]any{
				"start_date_time": &m.model.StartDateTime, "end_date_time": &m.model.EndDateTime, "time_zone": &m.model.TimeZone,
				"recurrence": &m.model.Recurrence, "attendees": &m.model.Attendees,
			} {
				m.get(ctx, path.Root(name), target)
			}
		}
		if !changedBeyond(resp.Plan.Raw, req.State.Raw, append(slices.Clone(eventSilent), "attendees")...) {
			pp.planned.attendees, pp.attendeesOnly = mailedAttendees(ctx, was, will), true
		}
		var planned types.Object
		resp.Plan.GetAttribute(ctx, path.Root("recurrence"), &planned)
		if was.Recurrence != nil && !planned.IsNull() && (will.Recurrence == nil || will.Recurrence.Pattern == nil) {
			// Read only in part: what it will be is known at apply.
			pp.reshaped = append(pp.reshaped, "recurrence (known only at apply)")
		}
		if was.Recurrence == nil || will.Recurrence == nil || was.Recurrence.Pattern == nil || will.Recurrence.Pattern == nil {
			return
		}
		if !will.StartDateTime.Equal(was.StartDateTime) || !will.EndDateTime.Equal(was.EndDateTime) {
			pp.reshaped = append(pp.reshaped, "its times")
		}
		if !timezone.Same(will.zone(), was.zone()) {
			pp.reshaped = append(pp.reshaped, "time_zone")
		}
		samePattern := sameRecurrence(&recurrenceModel{Pattern: will.Recurrence.Pattern, Range: was.Recurrence.Range}, was.Recurrence)
		if !samePattern {
			pp.reshaped = append(pp.reshaped, "recurrence.pattern")
		}
		if !will.Recurrence.Range.StartDate.Equal(was.Recurrence.Range.StartDate) {
			pp.reshaped = append(pp.reshaped, "recurrence.range.start_date")
		}
		layout, ok := seriesIn(ctx, resp.Plan.GetAttribute)
		if len(pp.reshaped) > 0 || !ok || !pp.prior.known() {
			return
		}
		// The same pattern: a range that now ends before a session held.
		dates, err := layout.dates(now.AddDate(1, 0, 7).Format(time.DateOnly))
		held, _ := pp.prior.held(now)
		if err != nil || len(held) == 0 {
			return
		}
		last := ""
		if len(dates) > 0 {
			last = dates[len(dates)-1]
		}
		if held[len(held)-1].date > last {
			pp.rangeCut = last
		}
	}
}

// mailedAttendees counts the attendees an update of the attendee list
// alone mails: Graph mails only those added or removed (§5.2).
func mailedAttendees(ctx context.Context, was, will calendarEventModel) int {
	before, _ := was.attendees(ctx)
	after, _ := will.attendees(ctx)
	if will.Attendees.IsUnknown() {
		return -1
	}
	in := func(list []eventAttendeeModel) map[string]bool {
		set := map[string]bool{}
		for _, a := range list {
			set[caseless(a.Email.ValueString())] = true
		}
		return set
	}
	b, a := in(before), in(after)
	n := 0
	for e := range maps.Keys(a) {
		if !b[e] {
			n++
		}
	}
	for e := range maps.Keys(b) {
		if !a[e] {
			n++
		}
	}
	return n
}

// endSeries ends the series of state after its occurrence last: one PATCH
// of its range, whose end date becomes that occurrence's date in the
// series' zone. Graph drops the occurrences beyond it from every calendar
// and mails each attendee one update; the held ones stay. ended is false
// when Graph no longer holds the series. Whether Graph keeps the series'
// holidays and moved sessions across a change of its recurrence is
// undocumented (SPEC §6): the provider reads the held occurrences back and
// warns of what Graph reset, without putting it back, which would mail the
// attendees a cancellation or an update about a session that has taken
// place (SPEC §8 allows no cancellation for a held date).
func (r *calendarEventResource) endSeries(ctx context.Context, state calendarEventResourceModel, last occurrenceSpan, call graphCall) (ended bool, diags diag.Diagnostics) {
	zone := state.zone()
	after := state
	rng := *state.Recurrence.Range
	rng.Type, rng.EndDate, rng.NumberOfOccurrences = types.StringValue("endDate"), types.StringValue(last.date), types.Int64Null()
	after.Recurrence = &recurrenceModel{Pattern: state.Recurrence.Pattern, Range: &rng}
	recurrence, d := after.Recurrence.graphRecurrence(ctx, zone)
	diags.Append(d...)
	if diags.HasError() || recurrence == nil {
		return false, diags
	}
	call.summary = "Unable to End Calendar Series"
	call.attempted = fmt.Sprintf("Ending %s after its session of %s (keep_past_on_destroy) in the mailbox of %s", state.describe(), last.date, state.UserID.ValueString())
	_, err := r.client.UpdateEvent(ctx, state.UserID.ValueString(), state.ID.ValueString(), zone, graph.EventUpdate{Recurrence: recurrence})
	if graph.IsNotFound(err) {
		return false, diags
	}
	if err != nil {
		diags.Append(graphErrorDiagnostic(call, err))
		return false, diags
	}
	held, d := heldExceptions(ctx, state.occurrencesModel, last.date)
	diags.Append(d...)
	after.occurrencesModel = held
	w, have, ok, d := r.occurrencesFor(ctx, call, after, &state)
	diags.Append(d...)
	if ok {
		cancel, moves := w.changes(have)
		resetWarning(&diags, state, cancel, moves)
	}
	return true, diags
}

// resetWarning warns that Graph reset the held exceptions of a series it
// ended: the holidays that are sessions again (cancel) and the sessions
// no longer where they were moved (moves).
func resetWarning(diags *diag.Diagnostics, state calendarEventResourceModel, cancel []string, moves map[string]move) {
	if len(cancel)+len(moves) == 0 {
		return
	}
	var reset []string
	for _, d := range cancel {
		reset = append(reset, "the holiday of "+d+" shows as a session again")
	}
	for _, d := range sortedKeys(moves) {
		reset = append(reset, "the session of "+d+" shows at the pattern's time again")
	}
	diags.AddAttributeWarning(path.Root("keep_past_on_destroy"), "Calendar Series Ended: Graph Reset Its Held Exceptions",
		fmt.Sprintf("Graph dropped the holidays and moved sessions of %s when its range changed: in the calendars, %s. "+
			"The provider does not put them back, which would mail each attendee a cancellation or an update about a session that has taken place. "+
			"To put them back all the same, cancel or move those occurrences in the organizer's calendar (each mails the attendees).",
			state.describe(), strings.Join(reset, "; ")))
}

// heldExceptions are the cancelled and moved occurrences of x up to date.
func heldExceptions(ctx context.Context, x occurrencesModel, date string) (occurrencesModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	held := noOccurrences()
	var cancelled []string
	if !x.CancelledOccurrences.IsNull() {
		diags.Append(x.CancelledOccurrences.ElementsAs(ctx, &cancelled, false)...)
	}
	var moved map[string]movedOccurrenceModel
	if !x.MovedOccurrences.IsNull() {
		diags.Append(x.MovedOccurrences.ElementsAs(ctx, &moved, false)...)
	}
	cancelled = slices.DeleteFunc(cancelled, func(d string) bool { return d > date })
	maps.DeleteFunc(moved, func(d string, _ movedOccurrenceModel) bool { return d > date })
	var d diag.Diagnostics
	held.CancelledOccurrences, d = types.SetValueFrom(ctx, types.StringType, nonNil(cancelled))
	diags.Append(d...)
	if moved != nil {
		held.MovedOccurrences, d = types.MapValueFrom(ctx, movedOccurrenceType, moved)
		diags.Append(d...)
	}
	return held, diags
}
