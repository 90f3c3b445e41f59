package devenv

import (
	"context"
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

// BenchOptions configures RunBench.
type BenchOptions struct {
	// Meetings is how many meetings (and terraform_data resources) each
	// scenario manages.
	Meetings int
	// Latency is added by the mock to every request.
	Latency time.Duration
	// Rate is the throttled scenario's token bucket, in Graph requests per
	// second.
	Rate float64
	// Runs repeats each scenario; wall times are reported as medians.
	Runs int
}

// Phase names, in the order each scenario runs them.
const (
	PhaseCreate         = "apply: create"
	PhaseCreateSettings = "apply: create with a PATCH-only setting"
	PhaseRefresh        = "plan -refresh-only"
	PhaseUpdate         = "apply: update every meeting"
	PhaseDestroy        = "destroy"
)

// PhaseResult is one phase of one scenario, over all runs.
type PhaseResult struct {
	Scenario, Phase string
	Walls           []time.Duration
	// Requests are per run, by route; Throttled counts 429 answers, and
	// MailboxThrottled those of Outlook's MailboxConcurrency limit.
	Requests         []map[graphmock.Route]int
	Throttled        []int
	MailboxThrottled []int
}

// Wall is the median wall time.
func (p PhaseResult) Wall() time.Duration { return median(p.Walls) }

func (p PhaseResult) medianThrottled() float64 {
	counts := make([]time.Duration, len(p.Throttled))
	for i, n := range p.Throttled {
		counts[i] = time.Duration(n)
	}
	return float64(median(counts))
}

// PerMeeting is the median number of requests of a route per meeting.
func (p PhaseResult) PerMeeting(route graphmock.Route, meetings int) float64 {
	counts := make([]time.Duration, len(p.Requests))
	for i, r := range p.Requests {
		counts[i] = time.Duration(r[route])
	}
	return float64(median(counts)) / float64(meetings)
}

// benchPreamble is what every msgraph scenario's configuration starts
// with: the provider and the variables benchRun sets.
const benchPreamble = `
terraform {
  required_providers {
    msgraph = { source = "meetingops/msgraph" }
  }
}

variable "meetings" { type = number }
variable "subject" { type = string }
variable "patch_setting" {
  type    = bool
  default = false
}
# When the sessions take place, as wall-clock times: a month after the
# run (benchRun), so that destroy deletes them (a session that has
# begun is kept, keep_past_on_destroy).
variable "start" { type = string }
variable "end" { type = string }
`

const benchConfig = benchPreamble + `
resource "msgraph_online_meeting" "m" {
  count           = var.meetings
  user_id         = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
  external_id     = "bench-${count.index}"
  subject         = "${var.subject} ${count.index}"
  start_date_time = "${var.start}Z"
  allow_recording = var.patch_setting ? false : null
}
`

// EventScenario names the calendar events' scenario: the meetings as
// events of one mailbox, each with an attendee.
const EventScenario = "msgraph_calendar_event, one mailbox"

const eventBenchConfig = benchPreamble + `
resource "msgraph_calendar_event" "m" {
  count           = var.meetings
  user_id         = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
  external_id     = "bench-${count.index}"
  subject         = "${var.subject} ${count.index}"
  start_date_time = var.start
  end_date_time   = var.end
  time_zone       = "Europe/Berlin"
  attendees       = [{ email = "trainee@contoso.com" }]
}
`

// floorConfig is benchConfig with the floor resource: the same schema,
// served by the same provider binary, with nothing behind it.
var floorConfig = strings.Replace(benchConfig, `resource "msgraph_online_meeting" "m"`, `resource "msgraph_bench_floor" "m"`, 1)

// FloorScenario names the floor's scenario.
const FloorScenario = "floor: the same schema, no Graph"

const baselineConfig = `
variable "meetings" { type = number }
variable "subject" { type = string }
variable "patch_setting" {
  type    = bool
  default = false
}
variable "start" { type = string }
variable "end" { type = string }

resource "terraform_data" "m" {
  count = var.meetings
  input = "${var.subject} ${count.index}"
}
`

// RunBench measures what applies of many meetings cost: wall time and
// Graph requests per meeting for each phase, against the mock with added
// latency, then under a token-bucket throttle, then the same number of
// terraform_data resources as the baseline of Terraform's own cost.
func RunBench(ctx context.Context, log io.Writer, setup *Setup, opts BenchOptions) ([]*PhaseResult, error) {
	var results []*PhaseResult
	scenarios := []struct {
		name     string
		config   string
		faults   *graphmock.Faults
		settings bool
	}{
		{"msgraph", benchConfig, &graphmock.Faults{Latency: opts.Latency}, true},
		{fmt.Sprintf("msgraph, throttled to %g req/s", opts.Rate), benchConfig, &graphmock.Faults{Latency: opts.Latency, RateLimit: opts.Rate}, false},
		{FloorScenario, floorConfig, nil, true},
		{EventScenario, eventBenchConfig, &graphmock.Faults{Latency: opts.Latency}, false},
		{"terraform_data (baseline)", baselineConfig, nil, false},
	}
	for _, sc := range scenarios {
		byPhase := map[string]*PhaseResult{}
		for run := 1; run <= opts.Runs; run++ {
			fmt.Fprintf(log, "%s, run %d of %d\n", sc.name, run, opts.Runs)
			phases, err := benchRun(ctx, setup, sc.config, sc.faults, sc.settings, opts.Meetings)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", sc.name, err)
			}
			for _, p := range phases {
				r := byPhase[p.phase]
				if r == nil {
					r = &PhaseResult{Scenario: sc.name, Phase: p.phase}
					byPhase[p.phase] = r
					results = append(results, r)
				}
				r.Walls = append(r.Walls, p.wall)
				r.Requests = append(r.Requests, p.requests)
				r.Throttled = append(r.Throttled, p.throttled)
				r.MailboxThrottled = append(r.MailboxThrottled, p.mailboxThrottled)
			}
		}
	}
	return results, nil
}

type phaseRun struct {
	phase                       string
	wall                        time.Duration
	requests                    map[graphmock.Route]int
	throttled, mailboxThrottled int
}

func benchRun(ctx context.Context, setup *Setup, config string, faults *graphmock.Faults, settings bool, n int) ([]phaseRun, error) {
	dir, err := os.MkdirTemp("", "msgraph-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		return nil, err
	}
	env := map[string]string{}
	var mock *graphmock.Instance
	if faults != nil {
		if mock, err = graphmock.Start(graphmock.Config{ClientSecret: graphmock.DefaultClientSecret}); err != nil {
			return nil, err
		}
		defer mock.Close()
		env = MockEnv(mock)
	}
	tf, err := setup.Terraform(dir, env)
	if err != nil {
		return nil, err
	}
	start := time.Now().UTC().AddDate(0, 1, 0).Truncate(time.Hour)
	vars := func(subject string, patch bool) []string {
		return []string{fmt.Sprintf("meetings=%d", n), "subject=" + subject, fmt.Sprintf("patch_setting=%t", patch),
			"start=" + start.Format("2006-01-02T15:04:05"), "end=" + start.Add(time.Hour).Format("2006-01-02T15:04:05")}
	}
	var out []phaseRun
	measure := func(phase string, fn func() error) error {
		if mock != nil {
			mock.ResetRequests()
			mock.SetFaults(*faults)
		}
		began := time.Now()
		if err := fn(); err != nil {
			return fmt.Errorf("%s: %w", phase, err)
		}
		p := phaseRun{phase: phase, wall: time.Since(began), requests: map[graphmock.Route]int{}}
		if mock != nil {
			st := mock.Stats()
			p.requests, p.throttled, p.mailboxThrottled = st.Requests, st.Statuses[429], st.MailboxConcurrency429
			mock.SetFaults(graphmock.Faults{}) // unthrottled between phases
		}
		out = append(out, p)
		return nil
	}
	apply := func(subject string, patch bool) func() error {
		return func() error { return tf.Apply(ctx, varOptions[tfexec.ApplyOption](vars(subject, patch))...) }
	}

	if settings {
		if err := measure(PhaseCreateSettings, apply("Settings", true)); err != nil {
			return nil, err
		}
		if err := tf.Destroy(ctx, varOptions[tfexec.DestroyOption](vars("Settings", true))...); err != nil {
			return nil, err
		}
	}
	steps := []struct {
		phase string
		fn    func() error
	}{
		{PhaseCreate, apply("Session", false)},
		{PhaseRefresh, func() error {
			changes, err := tf.Plan(ctx, append(varOptions[tfexec.PlanOption](vars("Session", false)), tfexec.RefreshOnly(true))...)
			if err == nil && changes {
				err = fmt.Errorf("the refresh found drift")
			}
			return err
		}},
		{PhaseUpdate, apply("Renamed session", false)},
		{PhaseDestroy, func() error {
			return tf.Destroy(ctx, varOptions[tfexec.DestroyOption](vars("Renamed session", false))...)
		}},
	}
	for _, s := range steps {
		if err := measure(s.phase, s.fn); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// varOptions turns "name=value" pairs into -var options of any command.
func varOptions[T any](vars []string) []T {
	var opts []T
	for _, v := range vars {
		if opt, ok := any(tfexec.Var(v)).(T); ok {
			opts = append(opts, opt)
		}
	}
	return opts
}

func median(values []time.Duration) time.Duration {
	if len(values) == 0 {
		return 0
	}
	s := slices.Clone(values)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// BenchTable renders results as a Markdown table, with each phase's wall
// time as a ratio to the same phase of the baseline scenario.
func BenchTable(results []*PhaseResult, meetings int) string {
	baseline, floor := walls(results, "terraform_data"), walls(results, FloorScenario)
	ratio := func(r *PhaseResult, to map[string]time.Duration) string {
		if base, ok := to[r.Phase]; ok && base > 0 && strings.HasPrefix(r.Scenario, "msgraph") {
			return fmt.Sprintf("%.2f×", float64(r.Wall())/float64(base))
		}
		return "—"
	}
	var b strings.Builder
	b.WriteString("| scenario | phase | wall (median) | vs floor | vs terraform_data | createOrGet / meeting | GET / meeting | PATCH / meeting | DELETE / meeting | 429 answers | token requests |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range results {
		if r.Scenario == EventScenario {
			continue // EventTable
		}
		noGraph := !strings.HasPrefix(r.Scenario, "msgraph")
		req := func(route graphmock.Route) string {
			if noGraph {
				return "—"
			}
			return fmt.Sprintf("%.2f", r.PerMeeting(route, meetings))
		}
		tokens := fmt.Sprintf("%.0f", r.PerMeeting(graphmock.RouteToken, 1))
		if noGraph {
			tokens = "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %.2fs | %s | %s | %s | %s | %s | %s | %.0f | %s |\n",
			r.Scenario, r.Phase, r.Wall().Seconds(), ratio(r, floor), ratio(r, baseline),
			req(graphmock.RouteCreateOrGet), req(graphmock.RouteGet), req(graphmock.RoutePatch), req(graphmock.RouteDelete),
			r.medianThrottled(), tokens)
	}
	return b.String()
}

// eventRoutes are the routes of the events table, and the minimum number
// of requests per event of each phase: a create looks its key up first.
var (
	eventRoutes = []graphmock.Route{graphmock.RouteEventFind, graphmock.RouteEventCreate, graphmock.RouteEventGet, graphmock.RouteEventPatch, graphmock.RouteEventDelete}
	eventBudget = map[string]map[graphmock.Route]float64{
		PhaseCreate:  {graphmock.RouteEventFind: 1, graphmock.RouteEventCreate: 1},
		PhaseRefresh: {graphmock.RouteEventGet: 1},
		PhaseUpdate:  {graphmock.RouteEventGet: 1, graphmock.RouteEventPatch: 1},
		PhaseDestroy: {graphmock.RouteEventGet: 1, graphmock.RouteEventDelete: 1},
	}
)

// EventTable renders the calendar events' scenario: wall time, requests
// per event by route, and the answers of Outlook's MailboxConcurrency
// limit, which must be none.
func EventTable(results []*PhaseResult, events int) string {
	var b strings.Builder
	b.WriteString("| phase | wall (median) | ")
	for _, r := range eventRoutes {
		fmt.Fprintf(&b, "%s / event | ", r)
	}
	b.WriteString("MailboxConcurrency 429 |\n|---|---:|")
	b.WriteString(strings.Repeat("---:|", len(eventRoutes)) + "---:|\n")
	for _, r := range results {
		if r.Scenario != EventScenario {
			continue
		}
		fmt.Fprintf(&b, "| %s | %.2fs | ", r.Phase, r.Wall().Seconds())
		for _, route := range eventRoutes {
			fmt.Fprintf(&b, "%.2f | ", r.PerMeeting(route, events))
		}
		fmt.Fprintf(&b, "%d |\n", slices.Max(r.MailboxThrottled))
	}
	return b.String()
}

// walls are the median wall times of the scenario whose name starts with
// prefix, by phase.
func walls(results []*PhaseResult, prefix string) map[string]time.Duration {
	out := map[string]time.Duration{}
	for _, r := range results {
		if strings.HasPrefix(r.Scenario, prefix) {
			out[r.Phase] = r.Wall()
		}
	}
	return out
}

// FloorTarget is how far above the floor each phase of the unthrottled
// msgraph scenario should stay.
const FloorTarget = 1.25

// BenchCheck is one promise the benchmark verifies, or one target it
// reports (a missed target does not fail the benchmark).
type BenchCheck struct {
	Promise string
	Got     string
	OK      bool
	Target  bool
}

// BenchChecks verifies the request budget (the minimum number of Graph
// requests per meeting for each phase, without throttling) and that a
// throttled apply runs at the throttle's rate: within 1.15 × N / R.
func BenchChecks(results []*PhaseResult, opts BenchOptions) []BenchCheck {
	want := map[string]map[graphmock.Route]float64{
		PhaseCreate:         {graphmock.RouteCreateOrGet: 1},
		PhaseCreateSettings: {graphmock.RouteCreateOrGet: 1, graphmock.RoutePatch: 1},
		PhaseRefresh:        {graphmock.RouteGet: 1},
		PhaseUpdate:         {graphmock.RouteGet: 1, graphmock.RoutePatch: 1},
		PhaseDestroy:        {graphmock.RouteGet: 1, graphmock.RouteDelete: 1},
	}
	routes := []graphmock.Route{graphmock.RouteCreateOrGet, graphmock.RouteGet, graphmock.RoutePatch, graphmock.RouteDelete}
	floor := walls(results, FloorScenario)
	var checks []BenchCheck
	for _, r := range results {
		switch {
		case r.Scenario == "msgraph":
			var got []string
			ok := true
			for _, route := range routes {
				n := r.PerMeeting(route, opts.Meetings)
				got = append(got, fmt.Sprintf("%s %.2f", route, n))
				ok = ok && n == want[r.Phase][route]
			}
			// One token per provider process: a CLI command starts at most two
			// (its plan and its apply), and tokens last an hour here.
			tokens := r.PerMeeting(graphmock.RouteToken, 1)
			got = append(got, fmt.Sprintf("tokens %.0f", tokens))
			checks = append(checks, BenchCheck{
				Promise: fmt.Sprintf("%s: minimal requests per meeting %v, at most 2 tokens", r.Phase, want[r.Phase]),
				Got:     strings.Join(got, ", "),
				OK:      ok && tokens <= 2,
			})
			if base := floor[r.Phase]; base > 0 {
				checks = append(checks, BenchCheck{
					Promise: fmt.Sprintf("%s: within %.2f × the floor", r.Phase, FloorTarget),
					Got:     fmt.Sprintf("%.2fs against %.2fs, %.2f×", r.Wall().Seconds(), base.Seconds(), float64(r.Wall())/float64(base)),
					OK:      float64(r.Wall()) <= FloorTarget*float64(base),
					Target:  true,
				})
			}
		case r.Scenario == EventScenario:
			var got []string
			ok := true
			for _, route := range eventRoutes {
				n := r.PerMeeting(route, opts.Meetings)
				got = append(got, fmt.Sprintf("%s %.2f", route, n))
				ok = ok && n == eventBudget[r.Phase][route]
			}
			worst := slices.Max(r.MailboxThrottled)
			got = append(got, fmt.Sprintf("MailboxConcurrency 429 %d (most in a run)", worst))
			checks = append(checks, BenchCheck{
				Promise: fmt.Sprintf("events %s: minimal requests per event %v, no MailboxConcurrency answer", r.Phase, eventBudget[r.Phase]),
				Got:     strings.Join(got, ", "),
				OK:      ok && worst == 0,
			})
		case strings.HasPrefix(r.Scenario, "msgraph, throttled") && r.Phase == PhaseCreate:
			limit := time.Duration(1.15 * float64(opts.Meetings) / opts.Rate * float64(time.Second))
			checks = append(checks, BenchCheck{
				Promise: fmt.Sprintf("throttled %s of %d meetings at %g req/s within 1.15 × N / R = %.2fs", r.Phase, opts.Meetings, opts.Rate, limit.Seconds()),
				Got:     fmt.Sprintf("%.2fs (median), %.0f answers 429", r.Wall().Seconds(), r.medianThrottled()),
				OK:      r.Wall() <= limit,
			})
		}
	}
	return checks
}
