package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

var _ validator.String = httpsOrLoopbackURLValidator{}

// httpsOrLoopbackURL accepts an absolute https:// URL, or http:// to a
// loopback address, so that tokens never cross a network in clear text.
func httpsOrLoopbackURL() validator.String {
	return httpsOrLoopbackURLValidator{}
}

type httpsOrLoopbackURLValidator struct{}

func (v httpsOrLoopbackURLValidator) Description(_ context.Context) string {
	return "value must be an https:// URL, or an http:// URL of a loopback address (127.0.0.0/8, ::1, localhost)"
}

func (v httpsOrLoopbackURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v httpsOrLoopbackURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := graph.CheckEndpointURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Endpoint URL", req.Path.String()+": "+err.Error()+".")
	}
}
