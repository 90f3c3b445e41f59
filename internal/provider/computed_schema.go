package provider

import (
	"fmt"
	"regexp"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// computedAttributes turns a resource's attributes into a data source's:
// the same names, types, nesting and sensitivity, all computed, each
// described by the first sentence of the resource's description (which
// goes on to say how to set the attribute). The data source thus exposes
// exactly what the resource does.
func computedAttributes(attrs map[string]rschema.Attribute) map[string]dschema.Attribute {
	out := make(map[string]dschema.Attribute, len(attrs))
	for name, a := range attrs {
		desc := firstSentence(a.GetMarkdownDescription())
		switch a := a.(type) {
		case rschema.StringAttribute:
			out[name] = dschema.StringAttribute{MarkdownDescription: desc, Computed: true, Sensitive: a.Sensitive, CustomType: a.CustomType}
		case rschema.BoolAttribute:
			out[name] = dschema.BoolAttribute{MarkdownDescription: desc, Computed: true, Sensitive: a.Sensitive}
		case rschema.Int64Attribute:
			out[name] = dschema.Int64Attribute{MarkdownDescription: desc, Computed: true, Sensitive: a.Sensitive}
		case rschema.ListAttribute:
			out[name] = dschema.ListAttribute{MarkdownDescription: desc, Computed: true, Sensitive: a.Sensitive, ElementType: a.ElementType}
		case rschema.SetAttribute:
			out[name] = dschema.SetAttribute{MarkdownDescription: desc, Computed: true, Sensitive: a.Sensitive, ElementType: a.ElementType}
		case rschema.SingleNestedAttribute:
			out[name] = dschema.SingleNestedAttribute{MarkdownDescription: desc, Computed: true, Attributes: computedAttributes(a.Attributes)}
		case rschema.SetNestedAttribute:
			out[name] = dschema.SetNestedAttribute{MarkdownDescription: desc, Computed: true,
				NestedObject: dschema.NestedAttributeObject{Attributes: computedAttributes(a.NestedObject.Attributes)}}
		case rschema.MapNestedAttribute:
			out[name] = dschema.MapNestedAttribute{MarkdownDescription: desc, Computed: true,
				NestedObject: dschema.NestedAttributeObject{Attributes: computedAttributes(a.NestedObject.Attributes)}}
		default:
			// A new kind of attribute in the resource must be taught here.
			panic(fmt.Sprintf("computedAttributes: attribute %q is a %T", name, a))
		}
	}
	return out
}

// dataAttributes are a resource's attributes as its data source exposes
// them (computedAttributes), without those that say what destroying the
// resource does: they are no fact of the meeting or event.
func dataAttributes(attrs map[string]rschema.Attribute) map[string]dschema.Attribute {
	out := computedAttributes(attrs)
	for _, name := range []string{"cancellation_message", "keep_past_on_destroy"} {
		delete(out, name)
	}
	return out
}

// sentenceEnd is a full stop followed by a new sentence ("e.g. `x`" is not).
var sentenceEnd = regexp.MustCompile(`\.\s+[A-Z]`)

func firstSentence(s string) string {
	if loc := sentenceEnd.FindStringIndex(s); loc != nil {
		return s[:loc[0]+1]
	}
	return s
}
