package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

var _ planmodifier.String = sameInstantModifier{}

// keepSameInstant plans the state's text for a time whose configuration
// denotes the same instant in another offset or precision, such as
// "2030-05-01T09:00:00+02:00" over Graph's "2030-05-01T07:00:00.0000000Z"
// right after an import. Terraform accepts a planned value equal to the
// prior state for a functionally equivalent configuration, so the plan
// shows no change; a different instant still plans the configured text.
func keepSameInstant() planmodifier.String {
	return sameInstantModifier{}
}

type sameInstantModifier struct{}

func (m sameInstantModifier) Description(_ context.Context) string {
	return "A configured time that denotes the same instant as the state's keeps the state's text, so that it shows no change."
}

func (m sameInstantModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m sameInstantModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	// Null and unknown values have no text, so they never match.
	if sameKnownInstant(req.ConfigValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

// sameKnownInstant is sameInstant for two texts that both parse.
func sameKnownInstant(a, b string) bool {
	return a != "" && b != "" && sameInstant(a, b)
}
