// Package azure stands in for Terraform's "azurerm" state backend, whose
// module the Go module proxy does not serve. The provider's tests keep
// state locally; this backend only refuses to be configured.
package azure

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/configs/configschema"
	"github.com/hashicorp/terraform/internal/states/statemgr"
	"github.com/hashicorp/terraform/internal/tfdiags"
	"github.com/zclconf/go-cty/cty"
)

const missing = "this Terraform was built for tests without the azurerm state backend"

// New is what Terraform's internal/backend/init calls for "azurerm".
func New() backend.Backend { return stub{} }

type stub struct{}

func refused() tfdiags.Diagnostics {
	var diags tfdiags.Diagnostics
	return diags.Append(tfdiags.Sourceless(tfdiags.Error, "Unsupported state backend", missing))
}

func (stub) ConfigSchema() *configschema.Block { return &configschema.Block{} }

func (stub) PrepareConfig(v cty.Value) (cty.Value, tfdiags.Diagnostics) { return v, refused() }

func (stub) Configure(cty.Value) tfdiags.Diagnostics { return refused() }

func (stub) StateMgr(string) (statemgr.Full, tfdiags.Diagnostics) { return nil, refused() }

func (stub) DeleteWorkspace(string, bool) tfdiags.Diagnostics { return refused() }

func (stub) Workspaces() ([]string, tfdiags.Diagnostics) { return nil, refused() }
