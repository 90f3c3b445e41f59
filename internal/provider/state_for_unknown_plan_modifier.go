package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ planmodifier.String = stateForUnknownModifier{}
	_ planmodifier.Bool   = stateForUnknownModifier{}
	_ planmodifier.Object = stateForUnknownModifier{}
)

// stateForUnknown plans an unset optional and computed attribute as it is
// in state, null included, when the object that holds it was in state too:
// an update that does not configure the attribute leaves it as Graph has
// it, so a meeting option Graph left unset stays null instead of showing
// as "known after apply" in the plan of an unrelated change. When the
// holding object is new (online_meeting_settings or a nested option group
// added to the configuration), the attribute stays unknown: Graph fills it
// in. At the top level of a resource it is UseStateForUnknown.
func stateForUnknown() stateForUnknownModifier { return stateForUnknownModifier{} }

type stateForUnknownModifier struct{}

func (m stateForUnknownModifier) Description(_ context.Context) string {
	return "Unset, the value stays as it is in state (null included) while the object holding it was in state."
}

func (m stateForUnknownModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m stateForUnknownModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if keepState(ctx, req.State, req.Path, req.PlanValue, req.ConfigValue) {
		resp.PlanValue = req.StateValue
	}
}

func (m stateForUnknownModifier) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	if keepState(ctx, req.State, req.Path, req.PlanValue, req.ConfigValue) {
		resp.PlanValue = req.StateValue
	}
}

func (m stateForUnknownModifier) PlanModifyObject(ctx context.Context, req planmodifier.ObjectRequest, resp *planmodifier.ObjectResponse) {
	if keepState(ctx, req.State, req.Path, req.PlanValue, req.ConfigValue) {
		resp.PlanValue = req.StateValue
	}
}

// keepState tells whether an unknown planned value at p is to be the
// state's: the resource exists, the configuration leaves the value to the
// provider, and the object holding it is in state.
func keepState(ctx context.Context, state tfsdk.State, p path.Path, plan, config attr.Value) bool {
	if state.Raw.IsNull() || !plan.IsUnknown() || config.IsUnknown() {
		return false
	}
	parent := p.ParentPath()
	if len(parent.Steps()) == 0 {
		return true
	}
	var holder types.Object
	diags := state.GetAttribute(ctx, parent, &holder)
	return !diags.HasError() && !holder.IsNull() && !holder.IsUnknown()
}
