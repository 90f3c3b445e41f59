package provider

import (
	"context"
	"strings"

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
