package devenv

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
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
	// EventsAfterApply counts the events the mock held after the first apply.
	EventsAfterApply int
	JoinURLs         map[string]string
	// Attendees counts the attendees of every event after the first apply.
	Attendees int
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
	// "holiday", "destroy") by kind.
	Mail map[string]map[graphmock.MailKind]int
	// OccurrenceMail counts the mail of each step about one occurrence
	// of a series, by kind and date ("cancellation 2026-04-08").
	OccurrenceMail map[string]map[string]int
	// HolidayRequests counts the Graph writes of the apply that adds a
	// holiday to the weekly lab, by route.
	HolidayRequests map[graphmock.Route]int
	// EventsAfterDestroy counts the events left after destroy.
	EventsAfterDestroy int
}

// movedSession is the session the demo moves, and how: from the Thursday
// before the clocks change to the Monday after, at the same wall-clock
// time, so that Graph's UTC time moves an hour less than the calendar.
var movedSession = struct{ id, title, from, to string }{
	id:    "03-modules",
	title: "Writing reusable modules",
	from:  "03-modules,Writing reusable modules,2026-03-26T09:00:00,2026-03-26T12:00:00",
	to:    "03-modules,Writing reusable modules,2026-03-30T09:00:00,2026-03-30T12:00:00",
}

// labHoliday is the holiday the demo adds to the weekly lab's exceptions.
var labHoliday = struct{ from, to string }{
	from: `cancelled = ["2026-04-08"]`,
	to:   `cancelled = ["2026-04-08", "2026-04-29"]`,
}

// RunDemo applies the training-programme example against a fresh mock
// Graph: create, a second plan without changes, one session moved across
// the daylight-saving change and applied in place, one more holiday for
// the weekly lab, destroy. It narrates
// to w, with the mail the mock's outbox recorded at each step.
func RunDemo(ctx context.Context, w io.Writer, setup *Setup, exampleDir string) (*DemoResult, error) {
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
	tf, err := setup.Terraform(workdir, MockEnv(mock))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	tf.SetStdout(&out)
	d := &demo{w: w, out: &out, mock: mock}
	res := &DemoResult{Mail: map[string]map[graphmock.MailKind]int{}, OccurrenceMail: map[string]map[string]int{}}

	d.step("The mock Microsoft Graph is listening on %s.\nThe provider is %s, wired in through dev_overrides; the CLI is %s.",
		mock.URL, filepath.Join(setup.Dir, providerBinary()), setup.CLI)

	cli := filepath.Base(setup.CLI)
	d.step("1. %s apply: one calendar event per session in %s, its trainers and the trainees invited", cli, filepath.Join(exampleDir, "sessions.csv"))
	if err := d.run(func() error { return tf.Apply(ctx) }, "Plan:", "Apply complete!"); err != nil {
		return nil, err
	}
	res.EventsAfterApply = mock.EventCount()
	if res.JoinURLs, err = joinURLs(ctx, tf); err != nil {
		return nil, err
	}
	for _, e := range mock.Events(demoOrganizer) {
		res.Attendees += len(e.Attendees)
		if isMoved(e) {
			res.MovedUTC[0] = e.Start.DateTime
		}
	}
	d.say("   Graph now holds %d events, %d attendees in all. Join links:", res.EventsAfterApply, res.Attendees)
	for _, id := range sortedKeys(res.JoinURLs) {
		d.say("     %-14s %s", id, shorten(res.JoinURLs[id], 90))
	}
	res.Mail["apply"] = d.mail()
	res.OccurrenceMail["apply"] = d.occurrenceMail()
	d.requests()

	d.step("2. %s plan again: nothing drifted, nothing to do, no mail", cli)
	planFile := filepath.Join(workdir, "demo.tfplan")
	if err := d.run(func() (err error) {
		res.SecondPlanChanges, err = tf.Plan(ctx, tfexec.Out(planFile))
		return err
	}, "No changes.", "Plan:"); err != nil {
		return nil, err
	}

	d.step("3. Session %s moves from Thursday 26 March to Monday 30 March, 09:00 Berlin time, across the change to summer time", movedSession.id)
	csvPath := filepath.Join(workdir, "sessions.csv")
	if err := replaceInFile(csvPath, movedSession.from, movedSession.to); err != nil {
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
		if isMoved(e) {
			res.MovedUTC[1] = e.Start.DateTime
		}
	}
	d.say("   Graph stores the start in UTC: %s before, %s after (09:00 Berlin time both).", res.MovedUTC[0], res.MovedUTC[1])
	res.Mail["move"] = d.mail()
	d.requests()

	d.step("4. The weekly lab gets one more holiday, 29 April: its attendees get a cancellation for that date, and nothing else")
	if err := replaceInFile(filepath.Join(workdir, "variables.tf"), labHoliday.from, labHoliday.to); err != nil {
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
	res.Mail["holiday"] = d.mail()
	res.OccurrenceMail["holiday"] = d.occurrenceMail()
	d.requests()

	d.step("5. %s destroy: every session cancelled", cli)
	mock.ResetOutbox()
	if err := d.run(func() error { return tf.Destroy(ctx) }, "Destroy complete!"); err != nil {
		return nil, err
	}
	res.EventsAfterDestroy = mock.EventCount()
	res.Mail["destroy"] = d.mail()
	d.say("   Graph holds %d events. The mock is stopped; the demo is over.", res.EventsAfterDestroy)
	return res, nil
}

// demoOrganizer is the example's default organizer_id.
const demoOrganizer = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"

// isMoved tells the moved session's event, by its subject, as a user of
// Outlook would.
func isMoved(e graph.Event) bool {
	return e.Subject != nil && strings.HasSuffix(*e.Subject, ": "+movedSession.title)
}

// demo narrates the run.
type demo struct {
	w     io.Writer
	out   *bytes.Buffer
	mock  *graphmock.Instance
	began time.Time
}

func (d *demo) say(format string, args ...any) { fmt.Fprintf(d.w, format+"\n", args...) }

func (d *demo) step(format string, args ...any) {
	d.say("\n==> "+format, args...)
	d.began = time.Now()
}

// run runs a CLI command and shows the lines of its output that start with
// one of the prefixes.
func (d *demo) run(command func() error, prefixes ...string) error {
	d.out.Reset()
	if err := command(); err != nil {
		return d.failed(err)
	}
	for _, line := range strings.Split(d.out.String(), "\n") {
		for _, p := range prefixes {
			if strings.HasPrefix(strings.TrimSpace(line), p) {
				d.say("   %s", strings.TrimSpace(line))
			}
		}
	}
	d.say("   (%.1fs)", time.Since(d.began).Seconds())
	return nil
}

func (d *demo) failed(err error) error {
	return fmt.Errorf("%w\n\nCLI output:\n%s", err, d.out.String())
}

// mail shows and returns what the outbox recorded, by kind.
func (d *demo) mail() map[graphmock.MailKind]int {
	byKind := map[graphmock.MailKind]int{}
	recipients := map[string]bool{}
	for _, m := range d.mock.Outbox() {
		byKind[m.Kind]++
		recipients[m.To] = true
	}
	var parts []string
	for _, k := range []graphmock.MailKind{graphmock.MailInvitation, graphmock.MailUpdate, graphmock.MailCancellation} {
		if n := byKind[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %ss", n, k))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "nothing")
	}
	d.say("   Mail the mock's outbox recorded: %s, to %d people.", strings.Join(parts, ", "), len(recipients))
	return byKind
}

// occurrenceMail shows and returns the mail about one occurrence of a
// series, by kind and date.
func (d *demo) occurrenceMail() map[string]int {
	byDate := map[string]int{}
	for _, m := range d.mock.Outbox() {
		if m.Occurrence != "" {
			byDate[string(m.Kind)+" "+m.Occurrence]++
		}
	}
	for _, k := range slices.Sorted(maps.Keys(byDate)) {
		kind, date, _ := strings.Cut(k, " ")
		d.say("     of which about the series' occurrence of %s: %d %ss", date, byDate[k], kind)
	}
	return byDate
}

func (d *demo) requests() {
	st := d.mock.Stats()
	var parts []string
	for _, r := range []graphmock.Route{graphmock.RouteToken, graphmock.RouteEventFind, graphmock.RouteEventCreate, graphmock.RouteEventGet,
		graphmock.RouteEventInstances, graphmock.RouteEventPatch, graphmock.RouteFind, graphmock.RoutePatch, graphmock.RouteEventDelete, graphmock.RouteEventCancel} {
		if n := st.Requests[r]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", r, n))
		}
	}
	d.say("   Requests the mock received: %s.", strings.Join(parts, ", "))
}

func joinURLs(ctx context.Context, tf *tfexec.Terraform) (map[string]string, error) {
	outputs, err := tf.Output(ctx)
	if err != nil {
		return nil, err
	}
	urls := map[string]string{}
	if err := json.Unmarshal(outputs["join_urls"].Value, &urls); err != nil {
		return nil, fmt.Errorf("reading the join_urls output: %w", err)
	}
	return urls, nil
}

// changedLines keeps the resource header, the changed attributes and the
// set elements added of a human-readable plan.
func changedLines(plan string) string {
	var keep []string
	for _, line := range strings.Split(plan, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "~") || strings.HasPrefix(t, "+ \"") || strings.HasPrefix(t, "Plan:") {
			keep = append(keep, strings.TrimRight(line, " "))
		}
	}
	return strings.Join(keep, "\n")
}

func replaceInFile(path, from, to string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Contains(b, []byte(from)) {
		return fmt.Errorf("%s does not hold the line %q", path, from)
	}
	return os.WriteFile(path, bytes.Replace(b, []byte(from), []byte(to), 1), 0o600)
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
