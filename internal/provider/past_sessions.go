package provider

// Sessions over time (SPEC §8): the rules that both resources follow for
// sessions that have begun or ended. A session that has begun stays as it
// was when it leaves the configuration (keep_past_on_destroy); a series
// that has begun and not ended is ended after its last session that has
// begun instead of deleted; a session that has ended and that Graph no
// longer holds (Graph removes an online meeting 60 days after its session)
// is not created again; and the plan warns wherever the past would be
// touched. When a session takes place comes from the configuration or the
// state, and the clock of the machine that runs Terraform: never from
// Graph.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/meetingops/terraform-provider-msgraph/internal/recurrence"
)

// sessionKind is what the rules say of one resource type's sessions.
type sessionKind struct {
	title, noun string
	// stays says what a session that is kept keeps.
	stays string
	// mails tells whether Graph mails the attendees about the session's
	// changes (calendar events) or never (online meetings).
	mails bool
}

var (
	meetingSessions = &sessionKind{
		title: "Online Meeting", noun: "online meeting",
		stays: "the meeting keeps its chat, recordings and attendance reports (Graph serves those only while the meeting exists) until Graph removes it, 60 days after its session",
	}
	eventSessions = &sessionKind{
		title: "Calendar Event", noun: "calendar event", mails: true,
		stays: "it stays in the calendars of its organizer and its attendees",
	}
)

// keepPastOnDestroyAttribute is the keep_past_on_destroy attribute of a
// resource whose sessions are of kind k.
func keepPastOnDestroyAttribute(k *sessionKind) schema.BoolAttribute {
	series, deleted := "", "."
	if k.mails {
		series = "A series that has begun and not ended is ended after its last session that has begun, with one update of its range: " +
			"its attendees get one update and no cancellation, the sessions ahead leave every calendar, and the held ones stay. "
		deleted = ", with the cancellations Graph then sends."
	}
	return schema.BoolAttribute{
		MarkdownDescription: "Whether destroying a session that has taken place (removing it from the configuration, `terraform destroy`, or the old half of a replacement) " +
			"leaves it as it was. Default `true`: a session that has ended is not deleted and nobody is mailed; it leaves the Terraform state, and " + k.stays + ". " +
			series + "A session that has not ended is deleted as always. `false` deletes sessions that have ended too" + deleted,
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(true),
	}
}

// session is what the rules know of one meeting or event, from a plan or
// a state.
type session struct {
	kind *sessionKind
	// name and subject name it in diagnostics.
	name, subject string
	// attendees counts its attendees; -1 while unknown.
	attendees int
	// occurrences are when it takes place, in order: one for a single
	// meeting or event, the occurrences that take place (not cancelled)
	// for a series; nil while the times are not known.
	occurrences []occurrenceSpan
	// series tells a recurring series; open, one without an end, whose
	// occurrences are those up to a horizon beyond the clock.
	series, open bool
	// heldHolidays and heldMoved count a series' cancelled and moved
	// occurrences whose day has come.
	heldHolidays, heldMoved int
	// keep is keep_past_on_destroy.
	keep bool
	// loc is the zone its times are told in.
	loc *time.Location
}

// occurrenceSpan is when one session, or one occurrence of a series,
// takes place; date is the occurrence's date as the pattern gives it.
type occurrenceSpan struct {
	date       string
	start, end time.Time
}

func (s session) known() bool { return s.occurrences != nil }

// ended tells whether the session's end is past: the end of a single
// session, or of the last occurrence of a series that takes place.
func (s session) ended(now time.Time) bool {
	if !s.known() || s.open {
		return false
	}
	return len(s.occurrences) == 0 || !s.occurrences[len(s.occurrences)-1].end.After(now)
}

// begun tells whether the session, or the first occurrence of a series
// that takes place, has started.
func (s session) begun(now time.Time) bool {
	return s.known() && len(s.occurrences) > 0 && !s.occurrences[0].start.After(now)
}

// held are the occurrences that have begun, and ahead the others.
func (s session) held(now time.Time) (held, ahead []occurrenceSpan) {
	for i, o := range s.occurrences {
		if o.start.After(now) {
			return s.occurrences[:i], s.occurrences[i:]
		}
	}
	return s.occurrences, nil
}

// destroyAction is what destroying a session does.
type destroyAction int

const (
	// deleteSession deletes (or cancels) it, as for any session.
	deleteSession destroyAction = iota
	// keepSession sends nothing: it has begun and nothing of it lies ahead.
	keepSession
	// endSeries ends the series after its last occurrence that has begun.
	endSeries
)

// onDestroy is what destroying s does at now, and for endSeries, the last
// occurrence that stays.
func (s session) onDestroy(now time.Time) (destroyAction, occurrenceSpan) {
	switch {
	case !s.keep || !s.begun(now):
		return deleteSession, occurrenceSpan{}
	case !s.series && s.ended(now):
		return keepSession, occurrenceSpan{}
	case !s.series:
		// Under way: deleted as a session that has not ended is (SPEC §8
		// keeps what has ended; a meeting made without times starts when
		// it is created, and must remain deletable).
		return deleteSession, occurrenceSpan{}
	}
	held, ahead := s.held(now)
	if len(ahead) == 0 && !s.open {
		return keepSession, occurrenceSpan{}
	}
	return endSeries, held[len(held)-1]
}

// at tells an instant in the session's zone.
func (s session) at(t time.Time) string {
	loc := s.loc
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

// title names the session at the start of a sentence: "The calendar
// event with external_id "x" ("Module 1")".
func (s session) title() string {
	if s.subject == "" {
		return capitalFirst(s.name)
	}
	return capitalFirst(fmt.Sprintf("%s (%q)", s.name, s.subject))
}

// attendeesText counts its attendees for a diagnostic.
func (s session) attendeesText() string {
	switch s.attendees {
	case -1:
		return "its attendees"
	case 1:
		return "its 1 attendee"
	}
	return fmt.Sprintf("its %d attendees", s.attendees)
}

// eachGets counts its attendees as the subject of "gets".
func (s session) eachGets() string {
	switch s.attendees {
	case -1:
		return "each of its attendees gets"
	case 1:
		return "its attendee gets"
	}
	return fmt.Sprintf("each of its %d attendees gets", s.attendees)
}

// destroyWarning is the warning of a plan or an apply that destroys s with
// action: what stays, and who gets what.
func (s session) destroyWarning(diags *diag.Diagnostics, now time.Time, action destroyAction, last occurrenceSpan) {
	switch action {
	case keepSession:
		when, summary := s.endedText(), s.kind.title+" Kept: Its Session Has Ended"
		if !s.ended(now) {
			when, summary = "has begun, and its last session is under way (it ends on "+s.at(s.lastEnd())+")", s.kind.title+" Kept: Its Last Session Is Under Way"
		}
		deleting := "Graph then mails each attendee a cancellation"
		if !s.kind.mails {
			deleting = "which deletes its attendance reports with it"
		}
		diags.AddAttributeWarning(path.Root("keep_past_on_destroy"), summary,
			fmt.Sprintf("%s %s. Destroying it sends nothing to Graph and mails no one: it leaves the Terraform state, and %s. "+
				"To delete sessions that have ended as well, set keep_past_on_destroy = false (%s).",
				s.title(), when, s.kind.stays, deleting))
	case endSeries:
		held, ahead := s.held(now)
		from := "every session ahead leaves every calendar"
		if len(ahead) > 0 {
			from = fmt.Sprintf("the sessions ahead (%d, from %s) leave every calendar", len(ahead), ahead[0].date)
			if s.open {
				from = fmt.Sprintf("the sessions ahead (from %s) leave every calendar", ahead[0].date)
			}
		}
		diags.AddAttributeWarning(path.Root("keep_past_on_destroy"), "Calendar Series Ended After Its Last Session Held",
			fmt.Sprintf("%s has begun: %d of its sessions, up to %s, have taken place. Destroying it does not delete the series but ends it on %s "+
				"with one update of its range: %s one update%s and no cancellation, %s, and the sessions that took place stay. "+
				"To delete the whole series instead, set keep_past_on_destroy = false.",
				s.title(), len(held), last.date, last.date, s.eachGets(), s.movedMail(), from))
	}
}

// movedMail is the mail Graph adds to an update of a series for its held
// sessions that were moved: one per occurrence updated on its own (§5.2).
func (s session) movedMail() string {
	switch s.heldMoved {
	case 0:
		return ""
	case 1:
		return " (and one more for its session held that was moved: Graph mails about each occurrence updated on its own)"
	}
	return fmt.Sprintf(" (and one more for each of its %d sessions held that were moved: Graph mails about each occurrence updated on its own)", s.heldMoved)
}

// pastPlan is one plan as the rules see it: the session in the prior
// state and the planned one (nil for a create and a destroy), whether the
// plan replaces it, and for an update whether it changes what its
// attendees see (changes) and what of a series' layout (reshaped).
type pastPlan struct {
	prior, planned *session
	replaced       bool
	changes        bool
	// reshaped names what the update changes of a series' layout: its
	// times, pattern or range start, which move every occurrence.
	reshaped []string
	// rangeCut is the planned last occurrence when the update ends the
	// series before an occurrence that has begun.
	rangeCut string
	// gone tells that Graph no longer holds the session (see Read).
	gone bool
	// attendeesOnly tells an update of the attendee list alone, which
	// mails only the attendees added (an invitation) and removed (a
	// cancellation); planned.attendees counts those.
	attendeesOnly bool
}

// warnings adds the plan's warnings about the past: nothing for what lies
// ahead.
func (p pastPlan) warnings(diags *diag.Diagnostics, now time.Time) {
	if p.prior != nil && (p.planned == nil || p.replaced) && !p.gone {
		if action, last := p.prior.onDestroy(now); action != deleteSession {
			p.prior.destroyWarning(diags, now, action, last)
		}
	}
	if p.planned != nil && (p.prior == nil || p.replaced) {
		p.planned.createWarning(diags, now)
	}
	if p.prior == nil || p.planned == nil || p.replaced || !p.changes {
		return
	}
	// A series stays one, as far as the plan tells: its planned layout
	// may not be known until apply.
	running := p.prior.series && (p.planned.series || !p.planned.known()) && p.prior.begun(now) && !p.prior.ended(now)
	switch {
	case p.gone:
		diags.AddWarning(p.prior.kind.title+" No Longer in Graph: Change Kept in State Only",
			fmt.Sprintf("%s has ended and Graph no longer holds it, so apply sends this change nowhere: it records it in the state only.", p.prior.title()))
	case running && (len(p.reshaped) > 0 || p.rangeCut != ""):
		p.prior.reshapeWarning(diags, now, p.reshaped, p.rangeCut)
	case running:
		// A series under way keeps its held sessions as they are: ending
		// it at one of them is what destroying it does.
	case p.prior.ended(now) || p.planned.ended(now):
		p.planned.changeWarning(diags, p.prior.ended(now), p.attendeesOnly)
	}
}

// sessionReader reads the session of a plan or a state.
type sessionReader func(ctx context.Context, get attributeGetter, now time.Time) session

// planPast applies the rules to one plan of a resource whose sessions
// read reads (subject as for meetingClaims): it warns where the plan
// touches the past, and replaces a session that Graph no longer holds
// when the configuration moves it into the future. silent are the
// attributes whose change sends attendees nothing, timing those that say
// when the session takes place; details, when set, adds what only the
// resource knows of an update.
func (p *providerData) planPast(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse,
	read sessionReader, subject *claimSubject, silent, timing []string, details func(*pastPlan, time.Time)) {
	now := p.clock()
	var pp pastPlan
	if !req.State.Raw.IsNull() {
		prior := read(ctx, req.State.GetAttribute, now)
		pp.prior = &prior
	}
	if !resp.Plan.Raw.IsNull() {
		planned := read(ctx, resp.Plan.GetAttribute, now)
		pp.planned = &planned
	}
	pp.gone = isGone(ctx, req.Private)
	if pp.prior != nil && pp.planned != nil {
		was, _ := claimViewOf(ctx, subject, false, req.State.GetAttribute)
		will, _ := claimViewOf(ctx, subject, false, resp.Plan.GetAttribute)
		pp.replaced = was != nil && will != nil && was.replacedBy(*will)
		pp.changes = changedBeyond(resp.Plan.Raw, req.State.Raw, silent...)
		if moved := changedAttributes(resp.Plan.Raw, req.State.Raw, timing...); pp.gone && !pp.replaced && len(moved) > 0 &&
			(!pp.planned.known() || !pp.planned.ended(now)) {
			// Graph removed the session after it ended: one moved into the
			// future (or to times not known yet) is a new one.
			for _, name := range moved {
				resp.RequiresReplace = append(resp.RequiresReplace, path.Root(name))
			}
			pp.replaced = true
		}
		if details != nil && !pp.replaced {
			details(&pp, now)
		}
	}
	pp.warnings(&resp.Diagnostics, now)
}

// createWarning warns of creating a session that has ended, or a series
// that has begun.
func (s session) createWarning(diags *diag.Diagnostics, now time.Time) {
	invited := "creating it invites " + s.attendeesText() + " to a session in the past"
	if !s.kind.mails {
		invited = "Graph mails no one about online meetings, but creating it makes a meeting and a join link for a session in the past"
	}
	check := "This is allowed (to keep a record of a session that took place), but it is usually a wrong date, such as a wrong year in a schedule file: " +
		"check start_date_time and end_date_time."
	switch {
	case s.series && s.begun(now) && !s.ended(now):
		held, _ := s.held(now)
		diags.AddAttributeWarning(path.Root("start_date_time"), "Creating a Series That Has Begun",
			fmt.Sprintf("%s starts on %s, which has passed: creating it invites %s to a series of which %d sessions, up to %s, lie in the past%s. %s",
				s.title(), held[0].date, s.attendeesText(), len(held), held[len(held)-1].date, s.holidayMail(),
				strings.Replace(check, "start_date_time and", "recurrence.range.start_date, start_date_time and", 1)))
	case s.ended(now) && len(s.occurrences) > 0:
		diags.AddAttributeWarning(path.Root("start_date_time"), "Creating a Session That Has Ended",
			fmt.Sprintf("%s ends on %s, which has passed: %s. %s", s.title(), s.at(s.lastEnd()), invited, check))
	}
}

// holidayMail is the mail that creating a series that has begun sends
// for its holidays that have passed: each is cancelled once the series
// exists.
func (s session) holidayMail() string {
	switch s.heldHolidays {
	case 0:
		return ""
	case 1:
		return ", and then sends them a cancellation for its holiday that has passed"
	}
	return fmt.Sprintf(", and then sends them a cancellation for each of its %d holidays that have passed", s.heldHolidays)
}

// changeWarning warns of a change to s that concerns a session in the
// past: one that has ended (wasEnded), or one moved into the past.
func (s session) changeWarning(diags *diag.Diagnostics, wasEnded, attendeesOnly bool) {
	what := fmt.Sprintf("%s has ended", s.title())
	if !wasEnded {
		title := s.title()
		what = fmt.Sprintf("This plan makes %s end in the past (it %s)", strings.ToLower(title[:1])+title[1:], s.endedText())
	}
	mailed := "this change mails " + s.attendeesText() + " an update about a session in the past"
	if attendeesOnly {
		those := "those"
		if s.attendees >= 0 {
			those = fmt.Sprintf("the %d", s.attendees)
		}
		mailed = "this change of its attendees mails " + those + " it adds or removes (an invitation, a cancellation) about a session in the past"
	}
	keeps := "they stay in the calendars"
	if !s.kind.mails {
		mailed = "this change rewrites the record of a session that took place (Graph mails no one about online meetings, and the update pushes the meeting's expiry back)"
		keeps = "each keeps its chat, recordings and attendance reports"
	}
	diags.AddWarning("Changing a Session That Has Ended",
		fmt.Sprintf("%s: %s. To leave sessions that took place as they are, remove them from the configuration instead: "+
			"with keep_past_on_destroy (default true), that sends nothing, and %s.", what, mailed, keeps))
}

// reshapeWarning warns of a change of a series that has begun that moves
// its held occurrences too.
func (s session) reshapeWarning(diags *diag.Diagnostics, now time.Time, reshaped []string, rangeCut string) {
	held, ahead := s.held(now)
	last := held[len(held)-1].date
	var changes []string
	if len(reshaped) > 0 {
		changes = append(changes, fmt.Sprintf("it changes %s, which Graph applies to every occurrence, the held ones too (Graph has no \"this and following\"), "+
			"so the calendars no longer show those sessions as they took place", strings.Join(reshaped, ", ")))
	}
	if rangeCut != "" {
		changes = append(changes, fmt.Sprintf("its range now ends before %s, so sessions that have taken place leave every calendar", last))
	}
	next := "the next date"
	if len(ahead) > 0 {
		next = ahead[0].date
	}
	diags.AddWarning("Changing a Series That Has Begun",
		fmt.Sprintf("%s has begun: %d of its sessions, up to %s, have taken place. This plan mails %s an update, and %s. "+
			"To change only what lies ahead, end this series instead (recurrence.range with type = \"endDate\" and end_date = %q, its last session held) "+
			"and declare a new msgraph_calendar_event for the sessions from %s.",
			s.title(), len(held), last, s.attendeesText(), strings.Join(changes, "; and "), last, next))
}

// endedText says when the session ended: "ended on …", or for a series
// whose every session was cancelled, that none takes place.
func (s session) endedText() string {
	if len(s.occurrences) == 0 {
		return "has no session that takes place"
	}
	return "ended on " + s.at(s.lastEnd())
}

func (s session) lastEnd() time.Time {
	if len(s.occurrences) == 0 {
		return time.Time{}
	}
	return s.occurrences[len(s.occurrences)-1].end
}

// goneWarning is Read's warning for a session that has ended and that
// Graph no longer holds.
func (s session) goneWarning(diags *diag.Diagnostics, why string) {
	diags.AddWarning(s.kind.title+" No Longer in Graph",
		fmt.Sprintf("%s %s, and Graph no longer holds it: %s. It stays in the state as last read, as the record of a session that took place: "+
			"the plan does not create it again, and destroying it sends nothing. Remove it from the configuration when its record is no longer needed.",
			s.title(), s.endedText(), why))
}

// goneFromGraph is Read's rule for a session that Graph answered 404 for
// (and that a lookup did not find elsewhere): one that has ended is not
// drift to repair but history, kept in state as last read, marked gone
// in private, with a warning that says why Graph lost it; it reports
// false for one that has not ended, which Read removes so that the next
// plan creates it again.
func goneFromGraph(ctx context.Context, s session, now time.Time, private privateSetter, diags *diag.Diagnostics, why string) bool {
	if !s.ended(now) {
		return false
	}
	s.goneWarning(diags, why)
	diags.Append(private.SetKey(ctx, goneKey, []byte("true"))...)
	return true
}

// recordOnly is Update's rule for a session Graph no longer holds: the
// change is written to state, with the values only Graph could tell kept
// from the prior state (or null), and nothing is sent.
func recordOnly(planned, prior tftypes.Value, state *tfsdk.State) diag.Diagnostics {
	var diags diag.Diagnostics
	filled, err := tftypes.Transform(planned, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		if was, _, err := tftypes.WalkAttributePath(prior, p); err == nil {
			if wasValue, ok := was.(tftypes.Value); ok && wasValue.Type().Equal(v.Type()) && wasValue.IsFullyKnown() {
				return wasValue, nil
			}
		}
		return tftypes.NewValue(v.Type(), nil), nil
	})
	if err != nil {
		diags.AddError("Unable to Record Change", "The provider could not write the planned state: "+err.Error()+". Please report this issue to the provider developers.")
		return diags
	}
	state.Raw = filled
	return diags
}

// goneKey is the private-state key that marks a session Graph no longer
// holds (see Read).
const goneKey = "gone"

// seriesSpans lays out the occurrences of series s that take place, by x's
// cancelled and moved occurrences, as instants: all of them, or of a
// series without an end, those up to a year beyond now.
// It also counts the holidays and the moved sessions whose time has
// come.
func seriesSpans(s series, x exceptions, now time.Time) (spans []occurrenceSpan, heldHolidays, heldMoved int, ok bool) {
	dates, err := s.dates(now.AddDate(1, 0, 7).Format(recurrence.DateLayout))
	if err != nil {
		return nil, 0, 0, false
	}
	spans = make([]occurrenceSpan, 0, len(dates))
	for _, d := range dates {
		m, moved := x.moved[d]
		if !moved {
			m = s.at(d)
		}
		start, okStart := instantIn(m.start, s.zone)
		end, okEnd := instantIn(m.end, s.zone)
		if !okStart || !okEnd {
			return nil, 0, 0, false
		}
		switch begun := !start.After(now); {
		case x.cancelled[d]:
			if begun {
				heldHolidays++
			}
			continue
		case moved && begun:
			heldMoved++
		}
		spans = append(spans, occurrenceSpan{date: d, start: start, end: end})
	}
	return spans, heldHolidays, heldMoved, true
}

// clock is the time the rules go by: the provider's clock (tests set it),
// or the machine's.
func (p *providerData) clock() time.Time {
	if p == nil || p.now == nil {
		return time.Now()
	}
	return p.now()
}

// privateGetter is the private state of a request.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// isGone tells whether private state marks the session gone from Graph.
func isGone(ctx context.Context, private privateGetter) bool {
	if private == nil {
		return false
	}
	v, _ := private.GetKey(ctx, goneKey)
	return len(v) > 0
}

func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
