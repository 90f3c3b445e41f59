// Package benchfloor is make bench's floor: msgraph_online_meeting's
// schema served by a resource with nothing behind it, in a provider binary
// of its own (cmd/benchprovider), so that the provider users install never
// carries it.
package benchfloor

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/meetingops/terraform-provider-msgraph/internal/provider"
)

var _ resource.Resource = &benchFloorResource{}

// NewResource is msgraph_bench_floor: msgraph_online_meeting's schema
// with nothing behind it: create returns the plan with its computed values filled, read
// returns the state, no request leaves the process. What an apply of it
// costs is what Terraform and the framework spend on the schema alone, the
// floor beneath msgraph_online_meeting.
func NewResource() resource.Resource {
	return &benchFloorResource{}
}

type benchFloorResource struct{}

func (r *benchFloorResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_bench_floor"
}

func (r *benchFloorResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	provider.NewOnlineMeetingResource().Schema(ctx, req, resp)
}

func (r *benchFloorResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = filled(req.Plan.Raw)
}

func (r *benchFloorResource) Read(_ context.Context, _ resource.ReadRequest, _ *resource.ReadResponse) {
}

func (r *benchFloorResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = filled(req.Plan.Raw)
}

func (r *benchFloorResource) Delete(_ context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
}

// filled is a plan with every unknown value known: a time for times, a
// text as long as a join link for other strings, false, 0, and null for
// collections and objects.
func filled(plan tftypes.Value) tftypes.Value {
	out, _ := tftypes.Transform(plan, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		steps := p.Steps()
		name, _ := steps[len(steps)-1].(tftypes.AttributeName)
		switch {
		case v.Type().Is(tftypes.String) && strings.HasSuffix(string(name), "_date_time"):
			return tftypes.NewValue(tftypes.String, "2026-03-02T09:00:00.0000000Z"), nil
		case v.Type().Is(tftypes.String):
			return tftypes.NewValue(tftypes.String, "https://teams.microsoft.com/l/meetup-join/19%3ameeting_bench-floor%40thread.v2/0"), nil
		case v.Type().Is(tftypes.Bool):
			return tftypes.NewValue(tftypes.Bool, false), nil
		case v.Type().Is(tftypes.Number):
			return tftypes.NewValue(tftypes.Number, 0), nil
		}
		return tftypes.NewValue(v.Type(), nil), nil
	})
	return out
}
