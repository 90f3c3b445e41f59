// Command providerschema builds the provider and writes its schema, as the
// given CLI reports it, for `tfplugindocs generate --providers-schema`.
// The GNUmakefile runs it with OpenTofu, whose schema output includes
// resource identity.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/meetingops/terraform-provider-msgraph/internal/devenv"
)

func main() {
	cli := flag.String("cli", "", "absolute path of the tofu (or terraform) binary")
	out := flag.String("o", "providers-schema.json", "file to write")
	flag.Parse()
	if err := run(*cli, *out); err != nil {
		fmt.Fprintln(os.Stderr, "providerschema:", err)
		os.Exit(1)
	}
}

func run(cli, out string) error {
	ctx := context.Background()
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	root, err := devenv.ModuleRoot(wd)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "msgraph-provider-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	setup, err := devenv.NewSetup(ctx, cli, root, dir)
	if err != nil {
		return err
	}
	schema, err := setup.ProviderSchema(ctx)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(schema, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o600)
}
