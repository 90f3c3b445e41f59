package devenv

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	tfjson "github.com/hashicorp/terraform-json"
)

// docsSource is the address tfplugindocs looks a provider's schema up
// under when it is handed a schema file.
const docsSource = "registry.terraform.io/hashicorp/msgraph"

// ProviderSchema asks the CLI for the provider's schema, as `providers
// schema -json` prints it, under the address tfplugindocs expects. With
// OpenTofu 1.12 it includes resource identity, which Terraform 1.5.7
// cannot show.
func (s *Setup) ProviderSchema(ctx context.Context) (*tfjson.ProviderSchemas, error) {
	dir, err := os.MkdirTemp("", "msgraph-schema-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	config := fmt.Sprintf("terraform {\n  required_providers {\n    msgraph = { source = %q }\n  }\n}\n", docsSource)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		return nil, err
	}
	configFile := filepath.Join(dir, "docs.tfrc")
	if err := writeDevOverrides(configFile, docsSource, s.Dir); err != nil {
		return nil, err
	}
	tf, err := s.Terraform(dir, map[string]string{"TF_CLI_CONFIG_FILE": configFile})
	if err != nil {
		return nil, err
	}
	return tf.ProvidersSchema(ctx)
}
