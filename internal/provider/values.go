package provider

import (
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// Conversions between Terraform values and Graph's, which both resources
// use.

// knownString, knownBool and knownInt are a value for Graph: nil when it
// is null or unknown, so that a request leaves the property out.
func knownString(v types.String) *string {
	if v.IsUnknown() || v.IsNull() {
		return nil
	}
	return graph.Ptr(v.ValueString())
}

func knownBool(v types.Bool) *bool {
	if v.IsUnknown() || v.IsNull() {
		return nil
	}
	return graph.Ptr(v.ValueBool())
}

func knownInt(v types.Int64) *int {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return graph.Ptr(int(v.ValueInt64()))
}

// changedString is desired's value when it is known, set, and differs
// from current; nil otherwise.
func changedString(desired, current types.String) *string {
	v := knownString(desired)
	if v == nil || !current.IsUnknown() && !current.IsNull() && current.ValueString() == *v {
		return nil
	}
	return v
}

// changedBool is changedString for a Boolean.
func changedBool(desired, current types.Bool) *bool {
	v := knownBool(desired)
	if v == nil || !current.IsUnknown() && !current.IsNull() && current.ValueBool() == *v {
		return nil
	}
	return v
}

// nonEmpty is Graph's text as a value: null when Graph sent none, or "".
func nonEmpty[T ~string](v *T) types.String {
	if v == nil || *v == "" {
		return types.StringNull()
	}
	return types.StringValue(string(*v))
}

// nonNil is Graph's list as a set's elements: empty, not null, when Graph
// sent none.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// deref is Graph's text, or "" when it sent none.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// enumValue keeps the configured spelling of an enum member Graph answers
// in another case.
func enumValue(prior types.String, answered *string) types.String {
	if answered == nil {
		return types.StringNull()
	}
	if strings.EqualFold(prior.ValueString(), *answered) {
		return prior
	}
	return types.StringValue(*answered)
}

// enumValues are an enum's members as the strings a validator takes.
func enumValues[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// caseless is a key as Graph and Exchange compare it, without regard to
// case: an object id (a GUID), a user principal name, an e-mail address,
// an external_id.
func caseless(s string) string { return strings.ToLower(s) }

// quoted lists values as code, for descriptions: `a`, `b`.
func quoted(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}

// sortedKeys are a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
