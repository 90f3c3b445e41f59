package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// replaceOnExternalIDChange replaces the meeting when external_id changes,
// but not when the state has none: Graph's GET may leave externalId out,
// so after an import the configuration supplies it, and replacing would
// delete a meeting whose join link people already have.
func replaceOnExternalIDChange() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.StateValue.IsNull()
		},
		"Changing the external id replaces the meeting; setting one that the state lacks (after an import) does not.",
		"Changing the external id replaces the meeting; setting one that the state lacks (after an import) does not.",
	)
}

// replaceOnOrganizerChange replaces the meeting when the organizer changes.
// Object ids are GUIDs: the same id in other letter case is no change.
func replaceOnOrganizerChange() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = req.StateValue.IsNull() || req.PlanValue.IsNull() ||
				!strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString())
		},
		"Changing the organizer replaces the meeting; the same object id in other letter case does not.",
		"Changing the organizer replaces the meeting; the same object id in other letter case does not.",
	)
}

// replaceOnPasscodeChange replaces the meeting when is_passcode_required is
// configured to another value than the meeting has: Graph sets it at
// creation only. Removing it from the configuration keeps the meeting.
func replaceOnPasscodeChange() planmodifier.Bool {
	return boolplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() && !req.StateValue.IsUnknown() &&
				!req.ConfigValue.Equal(req.StateValue)
		},
		"Changing whether a passcode is required replaces the meeting; Graph cannot change it afterwards.",
		"Changing whether a passcode is required replaces the meeting; Graph cannot change it afterwards.",
	)
}
