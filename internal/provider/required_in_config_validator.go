package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var _ validator.String = requiredInConfigValidator{}

// requiredInConfig makes an Optional+Computed attribute required in the
// configuration. Attributes inside an Optional+Computed nested attribute
// must all be Computed for Terraform to keep the unconfigured object from
// state; this restores "required" for the ones users must write.
func requiredInConfig() validator.String {
	return requiredInConfigValidator{}
}

type requiredInConfigValidator struct{}

func (v requiredInConfigValidator) Description(_ context.Context) string {
	return "value must be set in the configuration"
}

func (v requiredInConfigValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v requiredInConfigValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() {
		resp.Diagnostics.AddAttributeError(req.Path, "Missing Required Attribute",
			"The argument "+req.Path.String()+" is required, but no definition was found.")
	}
}
