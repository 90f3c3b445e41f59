package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ resource.ConfigValidator = timeRangeValidator{}

// timeRange refuses what Graph would refuse at apply: an end_date_time
// without a start_date_time, or one before it. It runs at validate and
// plan time, before any request reaches Graph.
func timeRange() resource.ConfigValidator {
	return timeRangeValidator{}
}

type timeRangeValidator struct{}

func (v timeRangeValidator) Description(_ context.Context) string {
	return "end_date_time requires start_date_time and must not be before it"
}

func (v timeRangeValidator) MarkdownDescription(ctx context.Context) string {
	return "`end_date_time` requires `start_date_time` and must not be before it"
}

func (v timeRangeValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var start, end timestampValue
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("start_date_time"), &start)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("end_date_time"), &end)...)
	if resp.Diagnostics.HasError() || end.IsNull() || end.IsUnknown() || start.IsUnknown() {
		return
	}
	if start.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("end_date_time"), "End Without Start",
			"end_date_time is set but start_date_time is not. Graph derives a meeting's times from its start: "+
				"set start_date_time too, or remove end_date_time to let the meeting start now and last an hour.")
		return
	}
	s, okStart := start.time()
	e, okEnd := end.time()
	if okStart && okEnd && e.Before(s) {
		resp.Diagnostics.AddAttributeError(path.Root("end_date_time"), "End Before Start",
			fmt.Sprintf("end_date_time %s is before start_date_time %s. Set an end at or after the start, or remove end_date_time for a one-hour meeting.",
				end.ValueString(), start.ValueString()))
	}
}
