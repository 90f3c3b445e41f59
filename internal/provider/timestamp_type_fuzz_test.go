package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// FuzzTimestampSemanticEquality checks the time type's semantic equality
// and validation against the instants the strings denote. Seeds are in
// testdata/fuzz.
func FuzzTimestampSemanticEquality(f *testing.F) {
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, a, b string) {
		va := timestampValue{StringValue: basetypes.NewStringValue(a)}
		vb := timestampValue{StringValue: basetypes.NewStringValue(b)}
		ab, diags := va.StringSemanticEquals(ctx, vb)
		if diags.HasError() {
			t.Fatal(diags)
		}
		ba, _ := vb.StringSemanticEquals(ctx, va)
		if ab != ba {
			t.Fatalf("%q vs %q: not symmetric (%v, %v)", a, b, ab, ba)
		}
		if self, _ := va.StringSemanticEquals(ctx, va); !self {
			t.Fatalf("%q is not equal to itself", a)
		}
		ta, errA := graph.ParseDateTime(a)
		tb, errB := graph.ParseDateTime(b)
		switch {
		case errA == nil && errB == nil && ab != ta.Time().Equal(tb.Time()):
			t.Fatalf("%q vs %q: semantic equality %v, instants equal %v", a, b, ab, ta.Time().Equal(tb.Time()))
		case (errA != nil || errB != nil) && ab != (a == b):
			t.Fatalf("%q vs %q: an unparsable value must equal only its own text", a, b)
		}

		var resp xattr.ValidateAttributeResponse
		va.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: path.Root("start_date_time")}, &resp)
		if resp.Diagnostics.HasError() != (errA != nil) {
			t.Fatalf("%q: validation error %v, parse error %v", a, resp.Diagnostics.HasError(), errA)
		}
	})
}
