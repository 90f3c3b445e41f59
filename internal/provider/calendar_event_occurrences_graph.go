package provider

// Reading and writing a series' occurrences (SPEC §6). Graph addresses
// each occurrence by an id of its own whose encoding is undocumented, so
// the provider never builds one: it lists the series' instances over the
// dates it needs and knows each by its originalStart, the start the
// pattern gave it. Graph leaves cancelled occurrences out of that list
// (documented); an occurrence listed with isCancelled is cancelled too,
// should Graph list them after all.

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/recurrence"
	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

// openSeriesHorizon is how far ahead a series without an end is read, for
// occurrences cancelled or moved in Outlook.
const openSeriesHorizon = 366 * 24 * time.Hour

// occurrences are a series' occurrences as Graph holds them.
type occurrences struct {
	exceptions
	// ids are the occurrences that take place, by date.
	ids map[string]string
	// dates are the series' occurrences read, cancelled ones included.
	dates []string
}

// readOccurrences lists the occurrences of a series: all of them, or of a
// series without an end, those up to a year from now or to the latest
// date x names, whichever is later.
func (p *providerData) readOccurrences(ctx context.Context, mailbox, id string, s series, x exceptions) (occurrences, error) {
	have := occurrences{exceptions: exceptions{cancelled: map[string]bool{}, moved: map[string]move{}}, ids: map[string]string{}}
	loc, err := timezone.Load(s.zone)
	if err != nil {
		return have, err
	}
	have.dates, err = s.dates(max(x.lastDate(), time.Now().Add(openSeriesHorizon).Format(recurrence.DateLayout)))
	if err != nil || len(have.dates) == 0 {
		return have, err
	}
	// Graph lists the occurrences that overlap a window, by where they
	// take place. A session stays between its neighbours, but the first
	// and the last may be moved any distance before or after the series:
	// the window reaches a year beyond both ends (which costs no request:
	// Graph lists the series' own occurrences only), or for a series
	// without an end, a week beyond what is read of it. Occurrences of
	// dates beyond that are left out.
	first, last := have.dates[0], have.dates[len(have.dates)-1]
	day := func(d string, after int) time.Time {
		t, _ := time.ParseInLocation(recurrence.DateLayout, d, loc)
		return t.AddDate(0, 0, after)
	}
	from, to := day(first, -366), day(last, 367)
	if s.rng.Type == "noEnd" {
		to = day(last, 8)
	}
	isDate := make(map[string]bool, len(have.dates))
	for _, d := range have.dates {
		isDate[d] = true
	}
	err = p.client.ListInstances(ctx, mailbox, id, s.zone, from, to, func(page []graph.Event) error {
		for _, e := range page {
			original, err := e.OriginalStartTime()
			if err != nil {
				return err
			}
			date := original.In(loc).Format(recurrence.DateLayout)
			if !isDate[date] {
				continue
			}
			if e.IsCancelled != nil && *e.IsCancelled {
				have.cancelled[date] = true
				continue
			}
			have.ids[date] = e.ID
			if e.Type == nil || *e.Type != "exception" || e.Start == nil || e.End == nil {
				continue
			}
			m := move{}
			var okStart, okEnd bool
			m.start, okStart = wallClockIn(*e.Start, loc)
			m.end, okEnd = wallClockIn(*e.End, loc)
			if !okStart || !okEnd {
				return fmt.Errorf("occurrence %s of %s: start or end %v, %v is not a time Graph writes", e.ID, date, *e.Start, *e.End)
			}
			if e.Location != nil {
				m.location = e.Location.DisplayName
			}
			if m = s.own(m); m != s.at(date) {
				have.moved[date] = m
			}
		}
		return nil
	})
	for _, d := range have.dates {
		if _, ok := have.ids[d]; !ok {
			have.cancelled[d] = true
		}
	}
	return have, err
}

// wallClockIn is a time Graph answered as wall clock in loc.
func wallClockIn(dt graph.DateTimeTimeZone, loc *time.Location) (time.Time, bool) {
	wall, ok := wallClock(dt.DateTime)
	if !ok {
		return time.Time{}, false
	}
	at, ok := instantIn(wall, cmp.Or(dt.TimeZone, defaultTimeZone))
	if !ok {
		return time.Time{}, false
	}
	t := at.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), true
}

// seriesWriter brings one series' occurrences to what the plan wants.
type seriesWriter struct {
	*providerData
	mailbox, id string
	series      series
	want        exceptions
	// comment is the cancellations' comment (cancellation_message).
	comment string
	// call describes a request about the series' occurrences, for
	// diagnostics: reading them (date ""), or one occurrence's.
	call func(summary, verb, date string) graphCall
}

// apply brings the occurrences from have to w.want: each date to cancel
// is cancelled (one cancellation per attendee), each move that differs
// is one PATCH of that occurrence (one update per attendee), and each
// occurrence moved that w.want does not move is put back where the
// pattern has it. Nothing else is sent.
func (w seriesWriter) apply(ctx context.Context, have occurrences) diag.Diagnostics {
	var diags diag.Diagnostics
	cancel, pending := w.changes(have)
	for _, d := range cancel {
		diags.Append(w.cancel(ctx, have, d)...)
	}
	// Graph keeps each occurrence between its neighbours at every step:
	// sessions moved one after another (Monday's to Wednesday, Wednesday's
	// to Thursday) go in an order that allows it. Should none remain that
	// fits, Graph's refusal says which.
	for len(pending) > 0 {
		dates := sortedKeys(pending)
		next := slices.IndexFunc(dates, func(d string) bool { return have.fits(w.series, d, pending[d]) })
		d := dates[max(next, 0)]
		diags.Append(w.move(ctx, have, d, pending[d])...)
		delete(pending, d)
	}
	return diags
}

// changes are what it takes to bring the occurrences from have to w.want:
// the dates to cancel, in order, and the occurrences to move, by date
// (back where the pattern has them, for those w.want does not move).
func (w seriesWriter) changes(have occurrences) (cancel []string, moves map[string]move) {
	for _, d := range sortedKeys(w.want.cancelled) {
		if !have.cancelled[d] {
			cancel = append(cancel, d)
		}
	}
	moves = map[string]move{}
	for d := range have.moved {
		if _, moved := w.want.moved[d]; !moved && !w.want.cancelled[d] {
			moves[d] = w.series.at(d)
		}
	}
	for d, m := range w.want.moved {
		if have.current(w.series, d) != m {
			moves[d] = m
		}
	}
	return cancel, moves
}

// current is where and when the occurrence of date takes place.
func (have occurrences) current(s series, date string) move {
	if m, ok := have.moved[date]; ok {
		return m
	}
	return s.at(date)
}

// fits tells whether the occurrence of date may be moved to m now: after
// the day of the occurrence before it and before the day of the one after
// it, where they take place (Graph's ErrorOccurrenceCrossingBoundary).
func (have occurrences) fits(s series, date string, m move) bool {
	day := func(d string) string { return have.current(s, d).start.Format(recurrence.DateLayout) }
	newDay := m.start.Format(recurrence.DateLayout)
	previous, next := recurrence.Neighbours(have.dates, date)
	return (previous == "" || newDay > day(previous)) && (next == "" || newDay < day(next))
}

// move PATCHes the occurrence of date to m, only what differs, and
// records it in have.
func (w seriesWriter) move(ctx context.Context, have occurrences, date string, m move) diag.Diagnostics {
	var diags diag.Diagnostics
	occurrence, ok := have.ids[date]
	if !ok {
		diags.AddAttributeError(path.Root("moved_occurrences").AtMapKey(date), "Occurrence Not Found",
			fmt.Sprintf("Graph lists no occurrence of the series on %s, so it cannot be moved: it may have been cancelled in Outlook. "+
				"Run plan to see the series as Graph has it.", date))
		return diags
	}
	s, cur := w.series, have.current(w.series, date)
	var u graph.EventUpdate
	if !cur.start.Equal(m.start) || !cur.end.Equal(m.end) {
		u.Start = &graph.DateTimeTimeZone{DateTime: m.start.Format(wallClockLayout), TimeZone: s.zone}
		u.End = &graph.DateTimeTimeZone{DateTime: m.end.Format(wallClockLayout), TimeZone: s.zone}
	}
	if cur.location != m.location {
		u.Location = &graph.Location{DisplayName: cmp.Or(m.location, s.location)}
	}
	tflog.Debug(ctx, "Updating an occurrence of a calendar series", map[string]any{"date": date, "fields": u.Fields()})
	if _, err := w.client.UpdateEvent(ctx, w.mailbox, occurrence, s.zone, u); err != nil {
		diags.Append(graphErrorDiagnostic(w.call("Unable to Move Occurrence of Calendar Series", "Moving", date), err))
		return diags
	}
	if m == s.at(date) {
		delete(have.moved, date)
	} else {
		have.moved[date] = m
	}
	return diags
}

// lostCancelRereads are the pauses before each reading of the series that
// settles a cancellation whose answer was lost: Graph's listing may take
// a moment to leave a cancelled occurrence out.
var lostCancelRereads = []time.Duration{0, time.Second, 2 * time.Second}

// cancel cancels the occurrence of date. An answer that is lost (or a
// 404: someone else was quicker) is settled by reading the series again,
// never by a second cancellation that would mail everyone twice: only
// while the occurrence is still listed after the last reading is it
// cancelled again.
func (w seriesWriter) cancel(ctx context.Context, have occurrences, date string) diag.Diagnostics {
	var diags diag.Diagnostics
	occurrence, ok := have.ids[date]
	if !ok {
		return diags // neither cancelled nor listed: nothing Graph could cancel
	}
	tflog.Debug(ctx, "Cancelling an occurrence of a calendar series", map[string]any{"date": date})
	err := w.client.CancelOccurrence(ctx, w.mailbox, occurrence, w.comment)
	if err != nil && (graph.OutcomeUnknown(err) || graph.IsNotFound(err)) {
		var again occurrences
		var rerr error
		for _, pause := range lostCancelRereads {
			if rerr = sleepCtx(ctx, pause); rerr != nil {
				break
			}
			if again, rerr = w.readOccurrences(ctx, w.mailbox, w.id, w.series, w.want); rerr != nil || again.cancelled[date] {
				break
			}
		}
		switch {
		case rerr != nil:
		case again.cancelled[date]:
			err = nil
		case graph.OutcomeUnknown(err) && again.ids[date] != "":
			tflog.Debug(ctx, "The occurrence is still listed after a lost answer: cancelling it again", map[string]any{"date": date})
			err = w.client.CancelOccurrence(ctx, w.mailbox, again.ids[date], w.comment)
		}
	}
	if err != nil {
		diags.Append(graphErrorDiagnostic(w.call("Unable to Cancel Occurrence of Calendar Series", "Cancelling", date), err))
		return diags
	}
	have.cancelled[date] = true
	delete(have.ids, date)
	return diags
}

// refreshOccurrences sets the state's cancelled and moved occurrences from
// have; was is what the state said of them. A date cancelled in Graph but
// not in state was cancelled outside Terraform: it is reported, not
// recorded, since the configuration must say it (nothing could restore
// it) — unless adopt: an import records every cancelled occurrence, for
// the configuration to list. A move stays in state while Graph's
// occurrence is where it says, even where that is where the pattern has
// it (after the series moved to the session's hour).
func (m *occurrencesModel) refreshOccurrences(ctx context.Context, was exceptions, have occurrences, s series, subject string, adopt bool) diag.Diagnostics {
	var diags diag.Diagnostics
	var kept, outside []string
	for _, d := range sortedKeys(have.cancelled) {
		if was.cancelled[d] || adopt {
			kept = append(kept, d)
		} else {
			outside = append(outside, d)
		}
	}
	if len(outside) > 0 {
		diags.AddAttributeWarning(path.Root("cancelled_occurrences"), "Occurrences Cancelled Outside Terraform",
			fmt.Sprintf("The series %q has occurrences cancelled outside Terraform (in Outlook, say): %s. Graph cannot restore them. "+
				"Add these dates to cancelled_occurrences so that the configuration says what takes place.", subject, quoted(outside)))
	}
	if len(kept) > 0 || !m.CancelledOccurrences.IsNull() {
		set, d := types.SetValueFrom(ctx, types.StringType, nonNil(kept))
		diags.Append(d...)
		m.CancelledOccurrences = set
	}

	var prior map[string]movedOccurrenceModel
	if !m.MovedOccurrences.IsNull() {
		diags.Append(m.MovedOccurrences.ElementsAs(ctx, &prior, false)...)
	}
	entries := map[string]movedOccurrenceModel{}
	for date, mv := range have.moved {
		p := prior[date]
		e := movedOccurrenceModel{
			StartDateTime: keptWallClock(p.StartDateTime, mv.start),
			EndDateTime:   keptWallClock(p.EndDateTime, mv.end),
			Location:      nonEmpty(&mv.location),
		}
		if mv.location == "" && p.Location.ValueString() == s.location && s.location != "" {
			e.Location = p.Location // the series' location, written out
		}
		entries[date] = e
	}
	priorMoves := was.in(s).moved
	for date, p := range prior {
		if _, listed := have.ids[date]; listed && !have.cancelled[date] && have.current(s, date) == priorMoves[date] {
			entries[date] = p
		}
	}
	if len(entries) == 0 && m.MovedOccurrences.IsNull() {
		return diags
	}
	value, d := types.MapValueFrom(ctx, movedOccurrenceType, entries)
	diags.Append(d...)
	m.MovedOccurrences = value
	return diags
}

// keptWallClock is the state's text of a time when it says t, else t.
func keptWallClock(state types.String, t time.Time) types.String {
	if s, ok := wallClock(state.ValueString()); ok && s.Equal(t) {
		return state
	}
	return types.StringValue(t.Format(wallClockLayout))
}

// settleOccurrences brings a series' occurrences to what plan says, once
// the series itself is written. On create, only when plan cancels or moves
// any. On update (state set), when they changed, and also after a change
// of the series' pattern or times: whether Graph keeps a series'
// exceptions across such a PATCH is undocumented (Outlook tells its users
// they are lost), so the provider reads them back and re-applies what the
// configuration still says, under either behaviour.
func (r *calendarEventResource) settleOccurrences(ctx context.Context, call graphCall, plan calendarEventResourceModel, state *calendarEventResourceModel) diag.Diagnostics {
	w, have, ok, diags := r.occurrencesFor(ctx, call, plan, state)
	if ok {
		diags.Append(w.apply(ctx, have)...)
	}
	return diags
}

// occurrencesFor reads a series' occurrences, when there is something to
// bring to what plan says (see settleOccurrences): ok with the writer
// that would and what it read.
func (r *calendarEventResource) occurrencesFor(ctx context.Context, call graphCall, plan calendarEventResourceModel,
	state *calendarEventResourceModel) (seriesWriter, occurrences, bool, diag.Diagnostics) {
	want, ok, diags := exceptionsOf(ctx, plan.CancelledOccurrences, plan.MovedOccurrences)
	s, isSeries := seriesOf(plan.calendarEventModel)
	if !ok || !isSeries || !s.placed {
		return seriesWriter{}, occurrences{}, false, diags
	}
	want = want.in(s)
	if state == nil && want.empty() {
		return seriesWriter{}, occurrences{}, false, diags
	}
	var was exceptions
	if state != nil {
		was, _, _ = exceptionsOf(ctx, state.CancelledOccurrences, state.MovedOccurrences)
		was = was.in(s)
		sameSeries := sameRecurrence(plan.Recurrence, state.Recurrence) && plan.StartDateTime.Equal(state.StartDateTime) &&
			plan.EndDateTime.Equal(state.EndDateTime) && plan.zone() == state.zone() && plan.Location.Equal(state.Location)
		if sameSeries && want.equal(was) {
			return seriesWriter{}, occurrences{}, false, diags
		}
	}
	mailbox := plan.UserID.ValueString()
	w := seriesWriter{
		providerData: r.providerData,
		mailbox:      mailbox, id: plan.ID.ValueString(),
		series: s, want: want, comment: plan.CancellationMessage.ValueString(),
		call: func(summary, verb, date string) graphCall {
			c := call
			c.summary, c.occurrence = summary, date
			c.attempted = fmt.Sprintf("%s the occurrence of %s of %s in the mailbox of %s", verb, date, plan.describe(), mailbox)
			return c
		},
	}
	// Read with what the state says too, so that a move to take back is
	// among the occurrences read.
	have, err := r.readOccurrences(ctx, w.mailbox, w.id, s, want.union(was))
	if err != nil {
		c := call
		c.summary, c.attempted = "Unable to Read Occurrences of Calendar Series", fmt.Sprintf("Reading the occurrences of %s in the mailbox of %s", plan.describe(), mailbox)
		diags.Append(graphErrorDiagnostic(c, err))
		return seriesWriter{}, occurrences{}, false, diags
	}
	return w, have, true, diags
}

// own writes a move to the series' own location as one with no location
// of its own, which is how moves are compared.
func (s series) own(m move) move {
	if m.location == s.location {
		m.location = ""
	}
	return m
}

// in is x with each move as s.own writes it, to compare with what
// readOccurrences reads.
func (x exceptions) in(s series) exceptions {
	moved := make(map[string]move, len(x.moved))
	for d, m := range x.moved {
		moved[d] = s.own(m)
	}
	return exceptions{cancelled: x.cancelled, moved: moved}
}

// union is x with o's dates and moves added, for reading the occurrences
// both name.
func (x exceptions) union(o exceptions) exceptions {
	u := exceptions{cancelled: maps.Clone(x.cancelled), moved: maps.Clone(x.moved)}
	maps.Copy(u.cancelled, o.cancelled)
	for d, m := range o.moved {
		if _, ok := u.moved[d]; !ok {
			u.moved[d] = m
		}
	}
	return u
}

func (x exceptions) empty() bool { return len(x.cancelled)+len(x.moved) == 0 }

func (x exceptions) equal(o exceptions) bool {
	return maps.Equal(x.cancelled, o.cancelled) && maps.Equal(x.moved, o.moved)
}

// readOccurrencesInto refreshes the state's occurrences of a series (see
// refreshOccurrences for adopt).
func (p *providerData) readOccurrencesInto(ctx context.Context, call graphCall, event calendarEventModel, state *occurrencesModel, adopt bool) diag.Diagnostics {
	s, isSeries := seriesOf(event)
	if !isSeries || !s.placed {
		return nil
	}
	was, _, diags := exceptionsOf(ctx, state.CancelledOccurrences, state.MovedOccurrences)
	have, err := p.readOccurrences(ctx, event.UserID.ValueString(), event.ID.ValueString(), s, was)
	if err != nil {
		diags.Append(graphErrorDiagnostic(call, err))
		return diags
	}
	diags.Append(state.refreshOccurrences(ctx, was, have, s, event.Subject.ValueString(), adopt)...)
	return diags
}

// importedKey is the private-state key that marks a resource just
// imported, whose first read records every cancelled occurrence.
const importedKey = "imported"
