package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ planmodifier.String = endDateTimeModifier{}

// endDateTimeFromStart plans end_date_time the way Graph will set it, so
// that the plan shows what apply produces:
//
//   - end written in the configuration: as written, or the state's text
//     when that is the same instant (see keepSameInstant);
//   - start written, end not: start + 1 h, in the offset start was written in;
//   - neither written: unknown on create, the state's value on update.
//
// An end written without a start, or before it, is refused by
// timeRangeValidator before planning.
func endDateTimeFromStart() planmodifier.String {
	return endDateTimeModifier{}
}

type endDateTimeModifier struct{}

func (m endDateTimeModifier) Description(_ context.Context) string {
	return "When only the start is configured, the end is planned as start + 1 hour, as Graph sets it; when neither is, the end keeps its state value."
}

func (m endDateTimeModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m endDateTimeModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		keepSameInstant().PlanModifyString(ctx, req, resp)
		return
	}
	var start timestampValue
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("start_date_time"), &start)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case start.IsUnknown():
		resp.PlanValue = types.StringUnknown()
	case start.IsNull():
		// Graph keeps the times; on create it picks them.
		if !req.StateValue.IsNull() {
			resp.PlanValue = req.StateValue
		}
	default:
		t, ok := start.time()
		if !ok {
			return // the type's validation reports the bad start
		}
		end := t.Add(time.Hour).Format(time.RFC3339Nano)
		if sameKnownInstant(end, req.StateValue.ValueString()) {
			end = req.StateValue.ValueString() // same instant: no diff
		}
		resp.PlanValue = types.StringValue(end)
	}
}
