// Command demo applies examples/training-programme with the provider built
// from this module, against the bundled mock Microsoft Graph: no tenant and
// no network needed. Run it with `make demo`.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/devenv"
)

func main() {
	cli := flag.String("cli", "", "absolute path of the terraform (or tofu) binary to use")
	flag.Parse()
	if err := run(os.Stdout, *cli); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(out io.Writer, cli string) error {
	began := time.Now()
	ctx := context.Background()
	fmt.Fprintln(out, "Building the provider...")
	setup, root, cleanup, err := devenv.NewTempSetup(ctx, cli)
	if err != nil {
		return err
	}
	defer cleanup()
	res, err := devenv.RunDemo(ctx, out, setup, filepath.Join(root, "examples", "training-programme"))
	if err != nil {
		return err
	}
	if res.SecondPlanChanges || res.EventsAfterDestroy != 0 {
		return fmt.Errorf("the demo did not go as it should: %+v", res)
	}
	fmt.Fprintf(out, "\nDone in %.0fs.\n", time.Since(began).Seconds())
	return nil
}
