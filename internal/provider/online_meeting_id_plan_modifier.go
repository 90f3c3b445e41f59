package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ planmodifier.String = onlineMeetingIDModifier{}

// onlineMeetingIDPlan plans an event's online_meeting_id as apply sets it:
// null without online_meeting_settings (the provider does not look the
// meeting up then), the id in state while they stay configured, unknown
// when they are newly configured.
func onlineMeetingIDPlan() planmodifier.String { return onlineMeetingIDModifier{} }

type onlineMeetingIDModifier struct{}

func (m onlineMeetingIDModifier) Description(_ context.Context) string {
	return "The Teams meeting's id while online_meeting_settings is set; null otherwise."
}

func (m onlineMeetingIDModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m onlineMeetingIDModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	var settings types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("online_meeting_settings"), &settings)...)
	switch {
	case settings.IsNull():
		resp.PlanValue = types.StringNull()
	case !req.StateValue.IsNull() && !req.StateValue.IsUnknown():
		resp.PlanValue = req.StateValue
	}
}
