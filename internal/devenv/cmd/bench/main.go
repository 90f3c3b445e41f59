// Command bench measures what applies of many meetings cost, against the
// mock Graph with added latency, under a token-bucket throttle, and
// against terraform_data as the baseline of Terraform's own cost. It prints
// a Markdown table and checks the request budget. Run it with `make bench`.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/devenv"
)

func main() {
	cli := flag.String("cli", "", "absolute path of the terraform (or tofu) binary")
	opts := devenv.BenchOptions{}
	flag.IntVar(&opts.Meetings, "n", 100, "meetings per scenario")
	flag.DurationVar(&opts.Latency, "latency", 50*time.Millisecond, "latency the mock adds to every request")
	flag.Float64Var(&opts.Rate, "rate", 10, "throttled scenario: Graph requests per second")
	flag.IntVar(&opts.Runs, "runs", 3, "runs per scenario; wall times are medians")
	flag.Parse()
	if err := run(os.Stdout, *cli, opts); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run writes the table and the checks to out; progress goes to stderr.
func run(out io.Writer, cli string, opts devenv.BenchOptions) error {
	ctx := context.Background()
	setup, _, cleanup, err := devenv.NewBenchSetup(ctx, cli)
	if err != nil {
		return err
	}
	defer cleanup()
	began := time.Now()
	results, err := devenv.RunBench(ctx, os.Stderr, setup, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n%d meetings, mock latency %s, %d runs per scenario, default parallelism (10); %s on %d CPUs, %s.\n\n",
		opts.Meetings, opts.Latency, opts.Runs, cli, runtime.NumCPU(), time.Since(began).Round(time.Second))
	fmt.Fprintln(out, devenv.BenchTable(results, opts.Meetings))
	fmt.Fprintf(out, "%s: %d events, each with one attendee, in one mailbox, mock latency %s:\n\n", devenv.EventScenario, opts.Meetings, opts.Latency)
	fmt.Fprintln(out, devenv.EventTable(results, opts.Meetings))
	failed := false
	for _, c := range devenv.BenchChecks(results, opts) {
		status := "PASS"
		switch {
		case !c.OK && c.Target:
			status = "MISS (a target)"
		case !c.OK:
			status, failed = "FAIL", true
		}
		fmt.Fprintf(out, "- %s %s: %s\n", status, c.Promise, c.Got)
	}
	if failed {
		return fmt.Errorf("a promise of the request budget was not kept")
	}
	return nil
}
