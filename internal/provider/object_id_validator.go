package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var _ validator.String = objectIDValidator{}

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// entraObjectID accepts a user's Microsoft Entra object id (a GUID). Graph
// addresses online meetings by object id only: with an application token a
// UPN in the path is "not found", so a UPN is refused at plan time with an
// explanation.
func entraObjectID() validator.String {
	return objectIDValidator{}
}

type objectIDValidator struct{}

func (v objectIDValidator) Description(_ context.Context) string {
	return "value must be a Microsoft Entra object id (a GUID), not a user principal name"
}

func (v objectIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v objectIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if guidPattern.MatchString(value) {
		return
	}
	detail := fmt.Sprintf("%s must be a user's Microsoft Entra object id, a GUID such as 4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d; got %q.", req.Path, value)
	if strings.Contains(value, "@") {
		detail += " That looks like a user principal name (UPN): Microsoft Graph addresses online meetings by the user's object id, not by UPN. " +
			"Look it up with `az ad user show --id " + value + " --query id -o tsv`, or with the azuread provider's azuread_user data source (object_id)."
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid User Object ID", detail)
}
