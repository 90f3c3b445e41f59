package devenv

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// DemoResult is what the demo observed, for tests to check.
type DemoResult struct {
	// MeetingsAfterApply counts the meetings the mock held after the first apply.
	MeetingsAfterApply int
	JoinURLs           map[string]string
	// SecondPlanChanges tells whether the plan right after the apply had changes.
	SecondPlanChanges bool
	// ChangePlan is the plan shown for the edited session.
	ChangePlan string
	// ChangeRequests counts the Graph requests of the apply after the edit, by route.
	ChangeRequests map[graphmock.Route]int
	// MeetingsAfterDestroy counts the meetings left after destroy.
	MeetingsAfterDestroy int
}

// editedSession is the session the demo moves by an hour, and how.
var editedSession = struct{ id, from, to string }{
	id:   "03-modules",
	from: "03-modules,Writing reusable modules,2026-03-04T09:00:00+01:00,2026-03-04T12:00:00+01:00",
	to:   "03-modules,Writing reusable modules (moved to 10:00),2026-03-04T10:00:00+01:00,2026-03-04T13:00:00+01:00",
}

// RunDemo applies the training-programme example against a fresh mock
// Graph: create, a second plan without changes, one edited session applied
// in place, destroy. It narrates to w.
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
	res := &DemoResult{}

	d.step("The mock Microsoft Graph is listening on %s.\nThe provider is %s, wired in through dev_overrides; the CLI is %s.",
		mock.URL, filepath.Join(setup.Dir, providerBinary()), setup.CLI)

	cli := filepath.Base(setup.CLI)
	d.step("1. %s apply: one Teams meeting per session in %s", cli, filepath.Join(exampleDir, "sessions.csv"))
	if err := d.run(func() error { return tf.Apply(ctx) }, "Plan:", "Apply complete!"); err != nil {
		return nil, err
	}
	res.MeetingsAfterApply = mock.MeetingCount()
	if res.JoinURLs, err = joinURLs(ctx, tf); err != nil {
		return nil, err
	}
	d.say("   Graph now holds %d meetings. Join links:", res.MeetingsAfterApply)
	for _, id := range sortedKeys(res.JoinURLs) {
		d.say("     %-14s %s", id, shorten(res.JoinURLs[id], 90))
	}
	d.requests()

	d.step("2. %s plan again: nothing drifted, nothing to do", cli)
	planFile := filepath.Join(workdir, "demo.tfplan")
	if err := d.run(func() (err error) {
		res.SecondPlanChanges, err = tf.Plan(ctx, tfexec.Out(planFile))
		return err
	}, "No changes.", "Plan:"); err != nil {
		return nil, err
	}

	d.step("3. Session %s moves to 10:00: edit sessions.csv, plan, apply", editedSession.id)
	csvPath := filepath.Join(workdir, "sessions.csv")
	if err := replaceInFile(csvPath, editedSession.from, editedSession.to); err != nil {
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
	if err := d.run(func() error { return tf.Apply(ctx, tfexec.DirOrPlan(planFile)) }, "Apply complete!"); err != nil {
		return nil, err
	}
	res.ChangeRequests = mock.Stats().Requests
	d.requests()

	d.step("4. %s destroy", cli)
	if err := d.run(func() error { return tf.Destroy(ctx) }, "Destroy complete!"); err != nil {
		return nil, err
	}
	res.MeetingsAfterDestroy = mock.MeetingCount()
	d.say("   Graph holds %d meetings. The mock is stopped; the demo is over.", res.MeetingsAfterDestroy)
	return res, nil
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

func (d *demo) requests() {
	st := d.mock.Stats()
	var parts []string
	for _, r := range []graphmock.Route{graphmock.RouteToken, graphmock.RouteCreateOrGet, graphmock.RouteGet, graphmock.RoutePatch, graphmock.RouteDelete} {
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

// changedLines keeps the resource header and the changed attributes of a
// human-readable plan.
func changedLines(plan string) string {
	var keep []string
	for _, line := range strings.Split(plan, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "~") || strings.HasPrefix(t, "Plan:") {
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
