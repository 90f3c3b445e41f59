package devenv

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// DemoResult is what the demo observed, for tests to check.
type DemoResult struct {
	// Schedule is the schedule the demo wrote, relative to the day it ran.
	Schedule DemoSchedule
	// EventsAfterApply counts the events the mock held after the first apply.
	EventsAfterApply int
	JoinURLs         map[string]string
	// Attendees counts the attendees of every event after the first
	// apply, and AttendeesOf those of each session, by id.
	Attendees   int
	AttendeesOf map[string]int
	// Warnings are the CLI's warnings of the steps "apply", "drop" and
	// "destroy": one "<summary>: <session id>" per warning, sorted.
	Warnings map[string][]string
	// SecondPlanChanges tells whether the plan right after the apply had changes.
	SecondPlanChanges bool
	// ChangePlan is the plan shown for the moved session.
	ChangePlan string
	// ChangeRequests counts the Graph requests of the apply after the move, by route.
	ChangeRequests map[graphmock.Route]int
	// MovedUTC is the moved session's start as Graph stores it (UTC),
	// before and after the move.
	MovedUTC [2]string
	// Mail counts the outbox's mail of each step ("apply", "move",
	// "holiday", "drop", "destroy") by kind.
	Mail map[string]map[graphmock.MailKind]int
	// OccurrenceMail counts the mail of each step about one occurrence
	// of a series, by kind and date ("cancellation 2026-11-25").
	OccurrenceMail map[string]map[string]int
	// SessionMail counts the mail of each step by kind and session id
	// ("update 04-lab"), whether about a whole event or one occurrence.
	SessionMail map[string]map[string]int
	// HeldCancellations counts the cancellations of each step about a
	// date that had passed: a session, or an occurrence of a series,
	// that had begun (a cancellation of a whole series that had begun
	// counts too).
	HeldCancellations map[string]int
	// HolidayRequests counts the Graph writes of the apply that adds a
	// holiday to the weekly lab, by route.
	HolidayRequests map[graphmock.Route]int
	// DropPlan is the plan shown when a session held and the series under
	// way leave the schedule; DropRequests counts the requests of its
	// apply, by route.
	DropPlan     string
	DropRequests map[graphmock.Route]int
	// Writes counts the Graph writes (create, PATCH, DELETE, cancel) of
	// the steps "drop" and "destroy" by session id, every session of the
	// step listed, 0 included.
	Writes map[string]map[string]int
	// LabRange is the weekly lab's range as Graph holds it after the
	// drop, and LabLastHeld the lab's last session that had begun then.
	LabRange    graph.RecurrenceRange
	LabLastHeld string
	// DestroyRequests counts the requests of destroy, by route.
	DestroyRequests map[graphmock.Route]int
	// Kept are the sessions whose events Graph still holds after
	// destroy, sorted: those that had begun.
	Kept []string
	// EventsAfterDestroy counts the events left after destroy beyond the
	// sessions that had begun (Kept): destroy deletes every session
	// ahead, so 0.
	EventsAfterDestroy int
}

// RunDemo applies the training-programme example against a fresh mock
// Graph, with a schedule laid out around the day it runs (see
// newDemoSchedule) instead of the example's sessions.csv: create, a
// second plan without changes, one session moved across the next
// daylight-saving change and applied in place, one more holiday for the
// weekly lab, a session held and the series under way dropped from the
// schedule, destroy. It narrates to w, with the mail the mock's outbox
// recorded at each step. The example's own files are never changed.
func RunDemo(ctx context.Context, w io.Writer, setup *Setup, exampleDir string) (*DemoResult, error) {
	sched, err := newDemoSchedule(time.Now())
	if err != nil {
		return nil, err
	}
	mock, err := graphmock.Start(graphmock.Config{ClientSecret: graphmock.DefaultClientSecret})
	if err != nil {
		return nil, err
	}
	defer mock.Close()
	workdir, err := os.MkdirTemp("", "msgraph-demo-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(workdir)
	if err := CopyDir(exampleDir, workdir); err != nil {
		return nil, err
	}
	holidays := []string{sched.LabHoliday}
	sessions := slices.Clone(sched.Sessions)
	if err := sched.write(workdir, sessions, holidays); err != nil {
		return nil, err
	}
	tf, err := setup.Terraform(workdir, MockEnv(mock))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	tf.SetStdout(&out)
	d := &demo{w: w, out: &out, mock: mock, sched: sched, sessions: sessions}
	res := &DemoResult{
		Schedule: sched, Mail: map[string]map[graphmock.MailKind]int{}, OccurrenceMail: map[string]map[string]int{},
		SessionMail: map[string]map[string]int{}, HeldCancellations: map[string]int{}, Warnings: map[string][]string{},
		Writes: map[string]map[string]int{}, AttendeesOf: map[string]int{},
	}
	record := func(step string) {
		res.Mail[step] = d.mail()
		res.OccurrenceMail[step] = d.occurrenceMail()
		res.SessionMail[step] = d.sessionMail()
		res.HeldCancellations[step] = d.heldCancellations()
	}

	d.step("The mock Microsoft Graph is listening on %s.\nThe provider is %s, wired in through dev_overrides; the CLI is %s.",
		mock.URL, filepath.Join(setup.Dir, providerBinary()), setup.CLI)

	cli := filepath.Base(setup.CLI)
	d.step("1. %s apply: one calendar event per session, its trainers and the trainees invited", cli)
	d.say("   The demo's copy of %s has a schedule around today, %s (%s): sessions.csv and demo.auto.tfvars.", exampleDir, day(sched.Today), demoZone)
	d.schedule()
	if err := d.run(func() error { return tf.ApplyJSON(ctx, &out) }, "Plan:", "Apply complete!"); err != nil {
		return nil, err
	}
	res.Warnings["apply"] = d.warnings(false)
	d.say("   The warnings are expected: the programme began weeks ago, so creating it now invites people to sessions that took place.")
	res.EventsAfterApply = mock.EventCount()
	if res.JoinURLs, err = joinURLs(ctx, tf); err != nil {
		return nil, err
	}
	d.ids = map[string]string{}
	for _, e := range mock.Events(demoOrganizer) {
		id := d.sessionOf(e)
		d.ids[e.ID] = id
		res.Attendees += len(e.Attendees)
		res.AttendeesOf[id] = len(e.Attendees)
		if id == sched.Moved {
			res.MovedUTC[0] = e.Start.DateTime
		}
	}
	d.say("   Graph now holds %d events, %d attendees in all. Join links:", res.EventsAfterApply, res.Attendees)
	for _, id := range sortedKeys(res.JoinURLs) {
		d.say("     %-14s %s", id, shorten(res.JoinURLs[id], 90))
	}
	record("apply")
	d.say("   The lab's holiday of %s has passed, yet its %d attendees get a cancellation for it: Graph creates a series whole,\n"+
		"   and the provider then cancels that occurrence. A schedule that begins in the past mails about the past once, when it is created.",
		day(sched.LabHoliday), res.AttendeesOf[sched.Lab])
	d.requests()

	d.step("2. %s plan again: nothing drifted, nothing to do, no mail", cli)
	planFile := filepath.Join(workdir, "demo.tfplan")
	if err := d.run(func() (err error) {
		res.SecondPlanChanges, err = tf.Plan(ctx, tfexec.Out(planFile))
		return err
	}, "No changes.", "Plan:"); err != nil {
		return nil, err
	}

	moved := sched.session(sched.Moved)
	d.step("3. Session %s moves from %s to %s, Berlin time, across the clock change of %s",
		sched.Moved, describe(sched.MoveFrom), describe(sched.MoveTo), day(sched.ClockChange))
	d.setSession(sched.Moved, func(s *DemoSession) {
		s.Start, s.End = sched.MoveTo, sched.MoveTo[:11]+moved.End[11:]
	})
	if err := sched.write(workdir, d.sessions, holidays); err != nil {
		return nil, err
	}
	if _, err := tf.Plan(ctx, tfexec.Out(planFile)); err != nil {
		return nil, d.failed(err)
	}
	if res.ChangePlan, err = tf.ShowPlanFileRaw(ctx, planFile); err != nil {
		return nil, err
	}
	d.say("%s", indent(changedLines(res.ChangePlan), "   "))
	mock.ResetRequests()
	mock.ResetOutbox()
	if err := d.run(func() error { return tf.Apply(ctx, tfexec.DirOrPlan(planFile)) }, "Apply complete!"); err != nil {
		return nil, err
	}
	res.ChangeRequests = mock.Stats().Requests
	for _, e := range mock.Events(demoOrganizer) {
		if d.ids[e.ID] == sched.Moved {
			res.MovedUTC[1] = e.Start.DateTime
		}
	}
	d.say("   Graph stores the start in UTC: %s before, %s after (%s Berlin time both):\n   %s",
		res.MovedUTC[0], res.MovedUTC[1], sched.MoveFrom[11:16], utcShift(sched.MoveFrom, sched.MoveTo))
	record("move")
	d.requests()

	holidays = append(holidays, sched.NewHoliday)
	d.step("4. The weekly lab gets one more holiday, %s: its attendees get a cancellation for that date, and nothing else", day(sched.NewHoliday))
	if err := sched.write(workdir, d.sessions, holidays); err != nil {
		return nil, err
	}
	if _, err := tf.Plan(ctx, tfexec.Out(planFile)); err != nil {
		return nil, d.failed(err)
	}
	holidayPlan, err := tf.ShowPlanFileRaw(ctx, planFile)
	if err != nil {
		return nil, err
	}
	d.say("%s", indent(changedLines(holidayPlan), "   "))
	mock.ResetRequests()
	mock.ResetOutbox()
	if err := d.run(func() error { return tf.Apply(ctx, tfexec.DirOrPlan(planFile)) }, "Apply complete!"); err != nil {
		return nil, err
	}
	res.HolidayRequests = mock.Stats().Requests
	record("holiday")
	d.requests()

	d.step("5. Session %s, held on %s, and the weekly lab, under way, leave the schedule: nothing that took place is cancelled",
		sched.Dropped[0], day(sched.session(sched.Dropped[0]).Start[:10]))
	d.say("   Their rows leave sessions.csv, and the lab's holidays and moved session leave demo.auto.tfvars.")
	d.sessions = slices.DeleteFunc(d.sessions, func(s DemoSession) bool { return slices.Contains(sched.Dropped, s.ID) })
	if err := sched.write(workdir, d.sessions, nil); err != nil {
		return nil, err
	}
	d.say("   %s plan:", cli)
	if err := d.run(func() (err error) {
		_, err = tf.PlanJSON(ctx, &out, tfexec.Out(planFile))
		return err
	}); err != nil {
		return nil, err
	}
	if res.DropPlan, err = tf.ShowPlanFileRaw(ctx, planFile); err != nil {
		return nil, err
	}
	d.say("%s", indent(changedLines(res.DropPlan), "   "))
	planWarnings := d.warnings(true)
	mock.ResetRequests()
	mock.ResetOutbox()
	d.say("   %s apply:", cli)
	if err := d.run(func() error { return tf.ApplyJSON(ctx, &out, tfexec.DirOrPlan(planFile)) }, "Apply complete!"); err != nil {
		return nil, err
	}
	res.Warnings["drop"] = slices.Compact(slices.Sorted(slices.Values(append(planWarnings, d.warnings(false)...))))
	res.DropRequests = mock.Stats().Requests
	d.requests()
	res.Writes["drop"] = d.writes(sched.Dropped)
	res.LabLastHeld = sched.labLastHeld(time.Now(), []string{sched.LabHoliday, sched.NewHoliday})
	for _, e := range mock.Events(demoOrganizer) {
		if d.ids[e.ID] == sched.Lab && e.Recurrence != nil {
			res.LabRange = e.Recurrence.Range
		}
	}
	d.say("   The lab's series in Graph now ends on %s (%s range), its last session held; the sessions after it left every calendar.",
		day(res.LabRange.EndDate), res.LabRange.Type)
	record("drop")
	d.say("   Cancellations: %d, of which for held dates: %d.", res.Mail["drop"][graphmock.MailCancellation], res.HeldCancellations["drop"])

	var held, ahead []string
	for _, s := range d.sessions {
		if instant(s.Start).After(time.Now()) {
			ahead = append(ahead, s.ID)
		} else {
			held = append(held, s.ID)
		}
	}
	stays := fmt.Sprintf("those held (%s) stay", strings.Join(held, ", "))
	if len(held) == 1 {
		stays = fmt.Sprintf("the one held (%s) stays", held[0])
	}
	d.step("6. %s destroy: the sessions ahead (%s) are cancelled, %s", cli, strings.Join(ahead, ", "), stays)
	mock.ResetRequests()
	mock.ResetOutbox()
	if err := d.run(func() error { return tf.DestroyJSON(ctx, &out) }, "Destroy complete!"); err != nil {
		return nil, err
	}
	res.Warnings["destroy"] = d.warnings(false)
	res.DestroyRequests = mock.Stats().Requests
	d.requests()
	left := make([]string, 0, len(d.sessions))
	for _, s := range d.sessions {
		left = append(left, s.ID)
	}
	res.Writes["destroy"] = d.writes(left)
	record("destroy")
	d.say("   Cancellations: %d, of which for held dates: %d.", res.Mail["destroy"][graphmock.MailCancellation], res.HeldCancellations["destroy"])
	for _, e := range mock.Events(demoOrganizer) {
		id := d.ids[e.ID]
		if s, ok := d.sessionByID(id); ok && !instant(s.Start).After(time.Now()) {
			res.Kept = append(res.Kept, id)
		} else {
			res.EventsAfterDestroy++
		}
	}
	slices.Sort(res.Kept)
	kept := slices.Clone(res.Kept)
	if i := slices.Index(kept, sched.Lab); i >= 0 {
		kept[i] += " (up to " + day(res.LabRange.EndDate) + ")"
	}
	d.say("   Graph holds %d events, those of the sessions that took place: %s.\n   The mock is stopped; the demo is over.",
		len(res.Kept)+res.EventsAfterDestroy, strings.Join(kept, ", "))
	return res, nil
}

// demoOrganizer is the example's default organizer_id.
const demoOrganizer = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"

// utcShift tells how far a move from one wall-clock time to another moves
// the UTC time, next to the calendar.
func utcShift(from, to string) string {
	a, b := instant(from), instant(to)
	calendar := civilDate(b).Sub(civilDate(a)) + time.Duration(b.Hour()-a.Hour())*time.Hour + time.Duration(b.Minute()-a.Minute())*time.Minute
	utc := b.Sub(a)
	switch {
	case utc < calendar:
		return fmt.Sprintf("on the calendar the session moves by %s, in UTC by %s, an hour less, as the clocks go forward in between.", hours(calendar), hours(utc))
	case utc > calendar:
		return fmt.Sprintf("on the calendar the session moves by %s, in UTC by %s, an hour more, as the clocks go back in between.", hours(calendar), hours(utc))
	}
	return fmt.Sprintf("on the calendar and in UTC the session moves by %s.", hours(utc))
}

func hours(d time.Duration) string { return fmt.Sprintf("%dh", int(d.Hours())) }
