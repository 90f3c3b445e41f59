package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

var _ provider.Provider = &msgraphProvider{}

// New returns a constructor of the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &msgraphProvider{version: version, getenv: os.Getenv}
	}
}

// msgraphProvider is the msgraph provider.
type msgraphProvider struct {
	version string
	// getenv reads the environment variables that back the attributes;
	// tests replace it to stay independent of the machine's environment.
	getenv func(string) string
	// graphOptions, when set, adjusts the Graph client (tests shorten the
	// retry backoff with it).
	graphOptions func(*graph.Options)
}

// msgraphProviderModel maps the provider schema.
type msgraphProviderModel struct {
	TenantID                  types.String `tfsdk:"tenant_id"`
	ClientID                  types.String `tfsdk:"client_id"`
	ClientSecret              types.String `tfsdk:"client_secret"`
	ClientCertificate         types.String `tfsdk:"client_certificate"`
	ClientCertificatePath     types.String `tfsdk:"client_certificate_path"`
	ClientCertificatePassword types.String `tfsdk:"client_certificate_password"`
	UseOIDC                   types.Bool   `tfsdk:"use_oidc"`
	OIDCToken                 types.String `tfsdk:"oidc_token"`
	OIDCTokenFilePath         types.String `tfsdk:"oidc_token_file_path"`
	OIDCRequestURL            types.String `tfsdk:"oidc_request_url"`
	OIDCRequestToken          types.String `tfsdk:"oidc_request_token"`
	AccessToken               types.String `tfsdk:"access_token"`
	Environment               types.String `tfsdk:"environment"`
	AuthorityHost             types.String `tfsdk:"authority_host"`
	GraphEndpoint             types.String `tfsdk:"graph_endpoint"`
	AcceptLanguage            types.String `tfsdk:"accept_language"`
	MaxRetries                types.Int64  `tfsdk:"max_retries"`
}

func (p *msgraphProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "msgraph"
	resp.Version = p.version
}

func (p *msgraphProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The msgraph provider manages Microsoft Teams online meetings through Microsoft Graph v1.0. " +
			"Every argument is optional and falls back to its environment variable. Configure exactly one credential: " +
			"a client secret, a client certificate, workload identity federation (`use_oidc`) or a ready `access_token`.",
		Attributes: map[string]schema.Attribute{
			"tenant_id": schema.StringAttribute{
				MarkdownDescription: "The Microsoft Entra tenant, as a GUID or a domain such as `contoso.onmicrosoft.com`. Falls back to `ARM_TENANT_ID`. Required by every credential except `access_token`.",
				Optional:            true,
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "The application (client) id of the Entra app registration. Falls back to `ARM_CLIENT_ID`. Required by every credential except `access_token`.",
				Optional:            true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "A client secret of the app, for the OAuth 2.0 client credentials grant. Falls back to `ARM_CLIENT_SECRET`.",
				Optional:            true,
				Sensitive:           true,
			},
			"client_certificate": schema.StringAttribute{
				MarkdownDescription: "A base64-encoded PKCS#12 (`.pfx`) bundle holding a certificate registered on the app and its RSA private key. Falls back to `ARM_CLIENT_CERTIFICATE`. Conflicts with `client_certificate_path`.",
				Optional:            true,
				Sensitive:           true,
			},
			"client_certificate_path": schema.StringAttribute{
				MarkdownDescription: "The path to a PKCS#12 bundle, or to a PEM file holding the certificate and an unencrypted private key. Falls back to `ARM_CLIENT_CERTIFICATE_PATH`.",
				Optional:            true,
			},
			"client_certificate_password": schema.StringAttribute{
				MarkdownDescription: "The password of the PKCS#12 bundle. Falls back to `ARM_CLIENT_CERTIFICATE_PASSWORD`.",
				Optional:            true,
				Sensitive:           true,
			},
			"use_oidc": schema.BoolAttribute{
				MarkdownDescription: "Authenticate with workload identity federation (OIDC), as GitHub Actions and other CI systems allow: a federated token from `oidc_token`, `oidc_token_file_path`, or the CI's token endpoint (`oidc_request_url` and `oidc_request_token`) is exchanged for a Graph token. Falls back to `ARM_USE_OIDC`.",
				Optional:            true,
			},
			"oidc_token": schema.StringAttribute{
				MarkdownDescription: "A federated ID token, used when `use_oidc` is true. Falls back to `ARM_OIDC_TOKEN`.",
				Optional:            true,
				Sensitive:           true,
			},
			"oidc_token_file_path": schema.StringAttribute{
				MarkdownDescription: "A file holding the federated ID token, read at every token request (Kubernetes workload identity rotates it). Falls back to `ARM_OIDC_TOKEN_FILE_PATH`.",
				Optional:            true,
			},
			"oidc_request_url": schema.StringAttribute{
				MarkdownDescription: "The CI's ID-token endpoint. Falls back to `ARM_OIDC_REQUEST_URL`, then to `ACTIONS_ID_TOKEN_REQUEST_URL`, which GitHub Actions sets for jobs with `permissions: id-token: write`.",
				Optional:            true,
			},
			"oidc_request_token": schema.StringAttribute{
				MarkdownDescription: "The bearer token for `oidc_request_url`. Falls back to `ARM_OIDC_REQUEST_TOKEN`, then to `ACTIONS_ID_TOKEN_REQUEST_TOKEN`.",
				Optional:            true,
				Sensitive:           true,
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "A ready Graph access token, used as it is and never refreshed. A delegated (user) token enables meetings without `user_id`, which Graph addresses as `/me`. Falls back to `MSGRAPH_ACCESS_TOKEN`.",
				Optional:            true,
				Sensitive:           true,
			},
			"environment": schema.StringAttribute{
				MarkdownDescription: "The Microsoft cloud: `global` (default), `usgovernmentl4` (GCC High), `usgovernmentl5` (DoD) or `china`. It picks the login and Graph hosts. Online meetings are not offered in `china`. Falls back to `ARM_ENVIRONMENT`, which may also hold the azurerm provider's `public` (`global`) or `usgovernment` (`usgovernmentl4`).",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(graph.CloudNames...)},
			},
			"authority_host": schema.StringAttribute{
				MarkdownDescription: "Overrides the login host of `environment`, e.g. `https://login.microsoftonline.com`. Plain `http://` is accepted only for a loopback address. Falls back to `ARM_AUTHORITY_HOST`.",
				Optional:            true,
				Validators:          []validator.String{httpsOrLoopbackURL()},
			},
			"graph_endpoint": schema.StringAttribute{
				MarkdownDescription: "Overrides the Graph base URL of `environment`, including the version; default `https://graph.microsoft.com/v1.0`. Plain `http://` is accepted only for a loopback address. Falls back to `MSGRAPH_ENDPOINT`.",
				Optional:            true,
				Validators:          []validator.String{httpsOrLoopbackURL()},
			},
			"accept_language": schema.StringAttribute{
				MarkdownDescription: "Sent as `Accept-Language`, so that Graph localises meeting join information, e.g. `de-DE`. Falls back to `MSGRAPH_ACCEPT_LANGUAGE`.",
				Optional:            true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How often a throttled (429) or transient (503, 504, dropped connection) request is retried, honouring Graph's `Retry-After`, within the resource's timeout. Default 8; 0 disables retries. Falls back to `MSGRAPH_MAX_RETRIES`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 50)},
			},
		},
	}
}

func (p *msgraphProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config msgraphProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for name, value := range config.values() {
		if value.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown Provider Configuration Value",
				"The provider cannot be configured with a value that is only known after apply. "+
					"Set "+name+" from a variable or a literal, or leave it unset and use its environment variable.")
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	settings, diags := resolveSettings(config, p.getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	secrets := settings.secrets()
	ctx = masked(ctx, secrets)
	credential, diags := settings.credential()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	// One Configure per graph walk: the walk's plans share the claims.
	data := &providerData{claims: newMeetingClaims()}
	if credential == nil {
		// Nothing is configured: validate and plans without resources work;
		// anything that needs Graph reports the missing credential.
		tflog.Debug(ctx, "No msgraph credential configured")
		resp.ResourceData, resp.DataSourceData = data, data
		return
	}

	opts := graph.Options{
		Endpoint:       settings.graphEndpoint,
		Credential:     credential,
		MaxRetries:     settings.maxRetries,
		AcceptLanguage: settings.acceptLanguage,
		UserAgent:      "terraform-provider-msgraph/" + p.version,
		OnRequest:      logRequest(secrets),
		OnRetry:        logRetry(secrets),
	}
	if p.graphOptions != nil {
		p.graphOptions(&opts)
	}
	client, err := graph.New(opts)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create Microsoft Graph Client", "The provider could not set up its Graph client: "+err.Error())
		return
	}

	tflog.Debug(ctx, "Configured Microsoft Graph client", map[string]any{
		"credential":     settings.credentialKind(),
		"tenant_id":      settings.tenantID,
		"client_id":      settings.clientID,
		"authority_host": settings.authorityHost,
		"graph_endpoint": settings.graphEndpoint,
		"max_retries":    settings.maxRetries,
	})
	data.client, data.clientID = client, settings.clientID
	resp.ResourceData, resp.DataSourceData = data, data
}

// values lists the model's attributes by name.
func (m msgraphProviderModel) values() map[string]attr.Value {
	return map[string]attr.Value{
		"tenant_id": m.TenantID, "client_id": m.ClientID, "client_secret": m.ClientSecret,
		"client_certificate": m.ClientCertificate, "client_certificate_path": m.ClientCertificatePath,
		"client_certificate_password": m.ClientCertificatePassword, "use_oidc": m.UseOIDC,
		"oidc_token": m.OIDCToken, "oidc_token_file_path": m.OIDCTokenFilePath,
		"oidc_request_url": m.OIDCRequestURL, "oidc_request_token": m.OIDCRequestToken,
		"access_token": m.AccessToken, "environment": m.Environment, "authority_host": m.AuthorityHost,
		"graph_endpoint": m.GraphEndpoint, "accept_language": m.AcceptLanguage, "max_retries": m.MaxRetries,
	}
}

func (p *msgraphProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewOnlineMeetingResource,
	}
}

func (p *msgraphProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewOnlineMeetingDataSource,
	}
}
