package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// stateVersion is the schema version of both resources' state. Version 0
// is what 0.1.0 (main at a3eb6b0) wrote; version 1 adds
// keep_past_on_destroy. A state is upgraded once, on the first plan or
// refresh after an upgrade of the provider, and the plan that follows
// shows no change: a release whose first plan touched every session would
// mail every trainee (SPEC §9).
const stateVersion = 1

// stateUpgraders bring the state of either resource from each earlier
// version to stateVersion.
func stateUpgraders() map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {StateUpgrader: withAttribute("keep_past_on_destroy", true)},
	}
}

// withAttribute upgrades a state by adding one attribute with the value
// the schema defaults it to, leaving every other stored value as it was
// written, so that a configuration that leaves the attribute unset plans
// no change. It works on the state's JSON, which needs no copy of the
// prior schema.
func withAttribute(name string, value any) func(context.Context, resource.UpgradeStateRequest, *resource.UpgradeStateResponse) {
	return func(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
		var attributes map[string]json.RawMessage
		if req.RawState == nil || json.Unmarshal(req.RawState.JSON, &attributes) != nil || attributes == nil {
			resp.Diagnostics.AddError("Unable to Upgrade Resource State",
				"The state of this resource, written by an earlier version of the provider, is not the JSON object that version writes. "+
					"Restore the state from a backup, or remove the resource from the state and import it again.")
			return
		}
		if _, ok := attributes[name]; !ok {
			v, _ := json.Marshal(value)
			attributes[name] = v
		}
		upgraded, err := json.Marshal(attributes)
		if err != nil {
			resp.Diagnostics.AddError("Unable to Upgrade Resource State", "Encoding the upgraded state failed: "+err.Error())
			return
		}
		resp.DynamicValue = &tfprotov6.DynamicValue{JSON: upgraded}
	}
}
