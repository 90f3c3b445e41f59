package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// timestampType is an RFC 3339 date-time string whose values are equal when
// they denote the same instant: "2026-03-02T09:00:00+01:00" in a
// configuration and Graph's "2026-03-02T08:00:00.0000000Z" never make a
// diff, and state keeps the text that was written. Unlike
// terraform-plugin-framework-timetypes' RFC3339, the comparison does not
// depend on the offset the value was written in, and keeps sub-second
// precision.
type timestampType struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = timestampType{}
	_ basetypes.StringValuableWithSemanticEquals = timestampValue{}
	_ xattr.ValidateableAttribute                = timestampValue{}
)

func (t timestampType) Equal(o attr.Type) bool {
	_, ok := o.(timestampType)
	return ok
}

func (t timestampType) String() string { return "timestampType" }

func (t timestampType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return timestampValue{StringValue: in}, nil
}

func (t timestampType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return timestampValue{StringValue: s}, nil
}

func (t timestampType) ValueType(_ context.Context) attr.Value { return timestampValue{} }

// timestampValue is a value of timestampType.
type timestampValue struct {
	basetypes.StringValue
}

func timestampNull() timestampValue { return timestampValue{StringValue: basetypes.NewStringNull()} }

// timestampOf is the value of a Graph date-time, as Graph wrote it; null
// when Graph sent none.
func timestampOf(d graph.DateTime) timestampValue {
	if d.IsZero() {
		return timestampNull()
	}
	return timestampValue{StringValue: basetypes.NewStringValue(d.String())}
}

func (v timestampValue) Equal(o attr.Value) bool {
	other, ok := o.(timestampValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v timestampValue) Type(_ context.Context) attr.Type { return timestampType{} }

// StringSemanticEquals compares instants. A value that does not parse is
// equal only to the same text.
func (v timestampValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := newValuable.(timestampValue)
	if !ok {
		diags.AddError("Semantic Equality Check Error",
			fmt.Sprintf("Expected a timestampValue, got %T. Please report this issue to the provider developers.", newValuable))
		return false, diags
	}
	return sameInstant(v.ValueString(), other.ValueString()), diags
}

func sameInstant(a, b string) bool {
	if a == b {
		return true
	}
	ta, errA := graph.ParseDateTime(a)
	tb, errB := graph.ParseDateTime(b)
	return errA == nil && errB == nil && ta.Equal(tb)
}

// ValidateAttribute rejects text that is not an RFC 3339 date-time, at
// plan time, naming the attribute.
func (v timestampValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if _, err := graph.ParseDateTime(v.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid RFC 3339 Date-Time",
			fmt.Sprintf("%s must be an RFC 3339 date-time with an offset, such as 2026-03-02T09:00:00+01:00 or 2026-03-02T08:00:00Z; got %q.",
				req.Path, v.ValueString()))
	}
}

// dateTime converts a known, valid value for Graph; the zero DateTime
// (not sent) otherwise.
func (v timestampValue) dateTime() graph.DateTime {
	if v.IsNull() || v.IsUnknown() {
		return graph.DateTime{}
	}
	d, _ := graph.ParseDateTime(v.ValueString())
	return d
}

// time returns the instant of a known, valid value.
func (v timestampValue) time() (time.Time, bool) {
	d := v.dateTime()
	return d.Time(), !d.IsZero()
}
