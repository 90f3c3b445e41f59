package provider

import (
	"slices"

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
// state is the plan. The top-level attributes named silent (such as
// keep_past_on_destroy, which only Terraform reads) keep their planned
// values: a change of them alone plans that change and nothing unknown.
func quietPlan(planned, prior, config tftypes.Value, silent ...string) (tftypes.Value, bool) {
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
	if err != nil {
		return planned, false
	}
	quiet, ok := withAttributes(prior, planned, silent)
	if !ok || !filled.Equal(quiet) {
		return planned, false
	}
	return quiet, true
}

// withAttributes is the object v with the top-level attributes named
// taken from from.
func withAttributes(v, from tftypes.Value, names []string) (tftypes.Value, bool) {
	var values, source map[string]tftypes.Value
	if v.As(&values) != nil || from.As(&source) != nil {
		return v, false
	}
	for _, name := range names {
		if s, ok := source[name]; ok {
			values[name] = s
		}
	}
	return tftypes.NewValue(v.Type(), values), true
}

// changedBeyond tells whether a plan changes any top-level attribute of
// the prior state but those named silent. An attribute planned unknown
// counts as changed.
func changedBeyond(planned, prior tftypes.Value, silent ...string) bool {
	var p, s map[string]tftypes.Value
	if planned.As(&p) != nil || prior.As(&s) != nil {
		return true
	}
	for name, v := range p {
		if !slices.Contains(silent, name) && !v.Equal(s[name]) {
			return true
		}
	}
	return false
}

// changedAttributes are those of the top-level attributes named that a
// plan changes (or plans unknown) from the prior state.
func changedAttributes(planned, prior tftypes.Value, names ...string) []string {
	var changed []string
	for _, name := range names {
		if changedBeyond(onlyAttribute(planned, name), onlyAttribute(prior, name)) {
			changed = append(changed, name)
		}
	}
	return changed
}

// onlyAttribute is the object v reduced to one attribute, for comparing.
func onlyAttribute(v tftypes.Value, name string) tftypes.Value {
	var values map[string]tftypes.Value
	if v.As(&values) != nil {
		return v
	}
	one := values[name]
	return tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{name: one.Type()}}, map[string]tftypes.Value{name: one})
}
