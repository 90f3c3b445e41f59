package provider

import (
	"context"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

var (
	_ provider.Provider                  = &msgraphProvider{}
	_ provider.ProviderWithListResources = &msgraphProvider{}
)

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
	// now, when set, is the clock that decides which sessions have begun
	// or ended; tests set it. Unset, the machine's clock.
	now func() time.Time
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
	ADOServiceConnectionID    types.String `tfsdk:"ado_pipeline_service_connection_id"`
	UseAKSWorkloadIdentity    types.Bool   `tfsdk:"use_aks_workload_identity"`
	UseMSI                    types.Bool   `tfsdk:"use_msi"`
	MSIEndpoint               types.String `tfsdk:"msi_endpoint"`
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
		MarkdownDescription: "The msgraph provider manages Microsoft Teams meetings through Microsoft Graph v1.0: standalone online meetings (`msgraph_online_meeting`, " +
			"Teams' onlineMeetings API) and Teams meetings in the organizer's Outlook calendar, with invitations (`msgraph_calendar_event`, Outlook's events API). " +
			"Every argument is optional and falls back to its environment variable. Configure exactly one credential: " +
			"a client secret, a client certificate, workload identity federation (`use_oidc`, also from Azure DevOps, or `use_aks_workload_identity`), " +
			"a managed identity (`use_msi`) or a ready `access_token`.",
		Attributes: providerSchemaAttributes(),
	}
}

func (p *msgraphProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config msgraphProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var values types.Object
	resp.Diagnostics.Append(req.Config.Get(ctx, &values)...)
	for _, a := range providerAttributes {
		if values.Attributes()[a.name].IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(a.name), "Unknown Provider Configuration Value",
				"The provider cannot be configured with a value that is only known after apply. "+
					"Set "+a.name+" from a variable or a literal, or leave it unset and use its environment variable.")
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
	data := &providerData{claims: newMeetingClaims(), now: p.now}
	if credential == nil {
		// Nothing is configured: validate and plans without resources work;
		// anything that needs Graph reports the missing credential.
		tflog.Debug(ctx, "No msgraph credential configured")
		resp.ResourceData, resp.DataSourceData, resp.ListResourceData = data, data, data
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
	data.client, data.clientID, data.credentialKind = client, settings.clientID, settings.credentialKind()
	resp.ResourceData, resp.DataSourceData, resp.ListResourceData = data, data, data
}

func (p *msgraphProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewOnlineMeetingResource,
		NewCalendarEventResource,
	}
}

// ListResources are what terraform query (Terraform 1.14+) can list.
// msgraph_online_meeting has none: Graph offers no way to list a user's
// standalone meetings.
func (p *msgraphProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewCalendarEventListResource,
	}
}

func (p *msgraphProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewOnlineMeetingDataSource,
		NewCalendarEventDataSource,
	}
}
