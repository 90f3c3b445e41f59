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
	setup, _, cleanup, err := devenv.NewTempSetup(ctx, cli)
	if err != nil {
		return err
	}
	defer cleanup()
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
