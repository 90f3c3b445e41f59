package benchfloor

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Provider is p with msgraph_bench_floor among its resources.
func Provider(p provider.Provider) provider.Provider {
	return withFloor{p}
}

type withFloor struct{ provider.Provider }

func (p withFloor) Resources(ctx context.Context) []func() resource.Resource {
	return append(p.Provider.Resources(ctx), NewResource)
}
