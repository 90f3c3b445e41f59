package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// maxRetriesLimit bounds max_retries and MSGRAPH_MAX_RETRIES.
const maxRetriesLimit = 50

// providerAttribute is one attribute of the provider block, declared once:
// its kind, its environment variables in fallback order, its sensitivity
// and validation drive the schema (and its "Falls back to" text), the
// unknown-value check, the fallback itself and the diagnostics that name
// the attribute with its variables.
type providerAttribute struct {
	name string
	kind providerAttributeKind
	// env are the variables read when the attribute is unset, first wins.
	env       []string
	sensitive bool
	// description is the text before the "Falls back to" sentence, and
	// envNote ends that sentence (", which GitHub Actions sets ..."); after
	// follows it.
	description, envNote, after string
	stringValidators            []validator.String
	int64Validators             []validator.Int64
}

type providerAttributeKind int

const (
	stringKind providerAttributeKind = iota
	boolKind
	int64Kind
)

// providerAttributes are the provider's attributes, in the order the
// provider checks them.
var providerAttributes = []providerAttribute{
	{
		name: "tenant_id", env: []string{"ARM_TENANT_ID"},
		description: "The Microsoft Entra tenant, as a GUID or a domain such as `contoso.onmicrosoft.com`.",
		after:       "Required by every credential except `access_token`.",
	},
	{
		name: "client_id", env: []string{"ARM_CLIENT_ID"},
		description: "The application (client) id of the Entra app registration.",
		after:       "Required by every credential except `access_token`.",
	},
	{
		name: "client_secret", env: []string{"ARM_CLIENT_SECRET"}, sensitive: true,
		description: "A client secret of the app, for the OAuth 2.0 client credentials grant.",
	},
	{
		name: "client_certificate", env: []string{"ARM_CLIENT_CERTIFICATE"}, sensitive: true,
		description: "A base64-encoded PKCS#12 (`.pfx`) bundle holding a certificate registered on the app and its RSA private key.",
		after:       "Conflicts with `client_certificate_path`.",
	},
	{
		name: "client_certificate_path", env: []string{"ARM_CLIENT_CERTIFICATE_PATH"},
		description: "The path to a PKCS#12 bundle, or to a PEM file holding the certificate and an unencrypted private key.",
	},
	{
		name: "client_certificate_password", env: []string{"ARM_CLIENT_CERTIFICATE_PASSWORD"}, sensitive: true,
		description: "The password of the PKCS#12 bundle.",
	},
	{
		name: "use_oidc", kind: boolKind, env: []string{"ARM_USE_OIDC"},
		description: "Authenticate with workload identity federation (OIDC), as GitHub Actions and other CI systems allow: " +
			"a federated token from `oidc_token`, `oidc_token_file_path`, or the CI's token endpoint (`oidc_request_url` and `oidc_request_token`) is exchanged for a Graph token.",
	},
	{
		name: "oidc_token", env: []string{"ARM_OIDC_TOKEN"}, sensitive: true,
		description: "A federated ID token, used when `use_oidc` is true.",
	},
	{
		name: "oidc_token_file_path", env: []string{"ARM_OIDC_TOKEN_FILE_PATH"},
		description: "A file holding the federated ID token, read at every token request (Kubernetes workload identity rotates it).",
	},
	{
		name: "oidc_request_url", env: []string{"ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL", "SYSTEM_OIDCREQUESTURI"},
		description: "The CI's ID-token endpoint.",
		envNote: " (GitHub Actions sets `ACTIONS_ID_TOKEN_REQUEST_URL` for jobs with `permissions: id-token: write`; " +
			"Azure DevOps sets `SYSTEM_OIDCREQUESTURI`)",
	},
	{
		name: "oidc_request_token", env: []string{"ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "SYSTEM_ACCESSTOKEN"}, sensitive: true,
		description: "The bearer token for `oidc_request_url`.",
		envNote:     " (in Azure DevOps, map `SYSTEM_ACCESSTOKEN: $(System.AccessToken)` into the task's environment)",
	},
	{
		name: "ado_pipeline_service_connection_id", env: []string{"ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"},
		description: "The id of an Azure DevOps service connection that uses workload identity federation. With `use_oidc`, " +
			"the federated token is requested from the pipeline's OIDC endpoint (`oidc_request_url`) for this service connection, as azurerm does.",
	},
	{
		name: "use_aks_workload_identity", kind: boolKind, env: []string{"ARM_USE_AKS_WORKLOAD_IDENTITY"},
		description: "Authenticate with AKS workload identity: the federated token is read from `AZURE_FEDERATED_TOKEN_FILE`, " +
			"and `AZURE_CLIENT_ID`, `AZURE_TENANT_ID` and `AZURE_AUTHORITY_HOST`, which the workload identity webhook sets, " +
			"stand in for `client_id`, `tenant_id` and `authority_host` when those are unset.",
	},
	{
		name: "use_msi", kind: boolKind, env: []string{"ARM_USE_MSI"},
		description: "Authenticate with the managed identity of the machine or app the provider runs on: the instance metadata endpoint " +
			"(a VM, a scale set, a self-hosted agent), or the identity endpoint that App Service, Functions and Container Apps " +
			"announce in `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`. `client_id` picks a user-assigned identity; `tenant_id` is not needed.",
	},
	{
		name: "msi_endpoint", env: []string{"ARM_MSI_ENDPOINT"},
		description: "Overrides the managed identity token endpoint, default `" + graph.IMDSEndpoint + "` (or `IDENTITY_ENDPOINT` where the platform sets it). " +
			"Plain `http://` is accepted only for a loopback address or the metadata service's `169.254.169.254`.",
	},
	{
		name: "access_token", env: []string{"MSGRAPH_ACCESS_TOKEN"}, sensitive: true,
		description: "A ready Graph access token, used as it is and never refreshed. " +
			"A delegated (user) token enables meetings without `user_id`, which Graph addresses as `/me`.",
	},
	{
		name: "environment", env: []string{"ARM_ENVIRONMENT"},
		description: "The Microsoft cloud: `global` (default), `usgovernmentl4` (GCC High), `usgovernmentl5` (DoD) or `china`. " +
			"It picks the login and Graph hosts. Online meetings are not offered in `china`.",
		envNote:          ", which may also hold the azurerm provider's `public` (`global`) or `usgovernment` (`usgovernmentl4`)",
		stringValidators: []validator.String{stringvalidator.OneOf(graph.CloudNames...)},
	},
	{
		name: "authority_host", env: []string{"ARM_AUTHORITY_HOST"},
		description: "Overrides the login host of `environment`, e.g. `https://login.microsoftonline.com`. " +
			"Plain `http://` is accepted only for a loopback address.",
		stringValidators: []validator.String{httpsOrLoopbackURL()},
	},
	{
		name: "graph_endpoint", env: []string{"MSGRAPH_ENDPOINT"},
		description: "Overrides the Graph base URL of `environment`, including the version; default `https://graph.microsoft.com/v1.0`. " +
			"Plain `http://` is accepted only for a loopback address.",
		stringValidators: []validator.String{httpsOrLoopbackURL()},
	},
	{
		name: "accept_language", env: []string{"MSGRAPH_ACCEPT_LANGUAGE"},
		description: "Sent as `Accept-Language`, so that Graph localises meeting join information, e.g. `de-DE`.",
	},
	{
		name: "max_retries", kind: int64Kind, env: []string{"MSGRAPH_MAX_RETRIES"},
		description: fmt.Sprintf("How often a throttled (429) or transient (503, 504, dropped connection) request is retried, "+
			"honouring Graph's `Retry-After`, within the resource's timeout. Default %d; 0 disables retries.", graph.DefaultMaxRetries),
		int64Validators: []validator.Int64{int64validator.Between(0, maxRetriesLimit)},
	},
}

// markdownDescription is the attribute's description with its fallback.
func (a providerAttribute) markdownDescription() string {
	vars := make([]string, len(a.env))
	for i, e := range a.env {
		vars[i] = "`" + e + "`"
	}
	text := a.description + " Falls back to " + strings.Join(vars, ", then to ") + a.envNote + "."
	if a.after != "" {
		text += " " + a.after
	}
	return text
}

func (a providerAttribute) schemaAttribute() schema.Attribute {
	switch a.kind {
	case boolKind:
		return schema.BoolAttribute{MarkdownDescription: a.markdownDescription(), Optional: true, Sensitive: a.sensitive}
	case int64Kind:
		return schema.Int64Attribute{MarkdownDescription: a.markdownDescription(), Optional: true, Sensitive: a.sensitive, Validators: a.int64Validators}
	}
	return schema.StringAttribute{MarkdownDescription: a.markdownDescription(), Optional: true, Sensitive: a.sensitive, Validators: a.stringValidators}
}

// providerSchemaAttributes is the provider schema's attributes.
func providerSchemaAttributes() map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(providerAttributes))
	for _, a := range providerAttributes {
		out[a.name] = a.schemaAttribute()
	}
	return out
}

// envOf is the environment variables behind an attribute, in fallback
// order.
func envOf(name string) []string {
	for _, a := range providerAttributes {
		if a.name == name {
			return a.env
		}
	}
	panic("envOf: no provider attribute " + name)
}

// named is how diagnostics refer to an attribute: with its variables,
// since the value may have come from either.
func named(name string) string {
	return fmt.Sprintf("%s (environment variable %s)", name, strings.Join(envOf(name), " or "))
}
