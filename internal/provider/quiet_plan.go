package provider

import (
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// quietPlan returns the prior state when a plan changes nothing but makes
// computed values unknown. The framework marks every computed attribute
// without a configured value unknown as soon as the configuration differs
// from the state in any text, so a configuration that writes a time in
// another offset than the state (the state keeps Graph's text after an
// import) would plan `expiry_date_time` and the unset halves of nested
// settings as "known after apply" although the attribute modifiers have
// planned every configured value as the state's. When the plan is the
// state but for such unknowns, and the configuration holds no unknown
// value that could stand for a change, nothing will change: the prior
// state is the plan.
func quietPlan(planned, prior, config tftypes.Value) (tftypes.Value, bool) {
	if planned.IsNull() || prior.IsNull() || !config.IsFullyKnown() || planned.Equal(prior) {
		return planned, false
	}
	filled, err := tftypes.Transform(planned, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		if was, _, err := tftypes.WalkAttributePath(prior, p); err == nil {
			if wasValue, ok := was.(tftypes.Value); ok && wasValue.Type().Equal(v.Type()) {
				return wasValue, nil
			}
		}
		return v, nil
	})
	if err != nil || !filled.Equal(prior) {
		return planned, false
	}
	return prior, true
}
