package provider

import (
	"encoding/base64"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// providerSettings is the provider configuration with the environment
// variables applied: each attribute wins over its variables.
type providerSettings struct {
	tenantID, clientID                                 string
	clientSecret                                       string
	clientCertificate, clientCertificatePath, password string
	useOIDC, useAKSWorkloadIdentity, useMSI            bool
	oidcToken, oidcTokenFilePath                       string
	oidcRequestURL, oidcRequestToken                   string
	adoServiceConnectionID                             string
	// managedIdentity is where use_msi's tokens come from.
	managedIdentity graph.ManagedIdentity
	// platformSecrets are secrets read from variables that are no
	// attribute's (IDENTITY_HEADER), masked in logs like the others.
	platformSecrets              []string
	accessToken                  string
	cloud                        graph.Cloud
	authorityHost, graphEndpoint string
	acceptLanguage               string
	maxRetries                   int
	// resolved holds every string attribute's value after the fallback,
	// by attribute name.
	resolved map[string]string
}

func resolveSettings(m msgraphProviderModel, getenv func(string) string) (providerSettings, diag.Diagnostics) {
	var diags diag.Diagnostics
	resolved := map[string]string{}
	str := func(attr string, v types.String) string {
		if !v.IsNull() {
			resolved[attr] = v.ValueString()
			return v.ValueString()
		}
		for _, name := range envOf(attr) {
			if val := strings.TrimSpace(getenv(name)); val != "" {
				resolved[attr] = val
				return val
			}
		}
		return ""
	}
	s := providerSettings{
		resolved:               resolved,
		tenantID:               str("tenant_id", m.TenantID),
		clientID:               str("client_id", m.ClientID),
		clientSecret:           str("client_secret", m.ClientSecret),
		clientCertificate:      str("client_certificate", m.ClientCertificate),
		clientCertificatePath:  str("client_certificate_path", m.ClientCertificatePath),
		password:               str("client_certificate_password", m.ClientCertificatePassword),
		oidcToken:              str("oidc_token", m.OIDCToken),
		oidcTokenFilePath:      str("oidc_token_file_path", m.OIDCTokenFilePath),
		oidcRequestURL:         str("oidc_request_url", m.OIDCRequestURL),
		oidcRequestToken:       str("oidc_request_token", m.OIDCRequestToken),
		adoServiceConnectionID: str("ado_pipeline_service_connection_id", m.ADOServiceConnectionID),
		accessToken:            str("access_token", m.AccessToken),
		acceptLanguage:         str("accept_language", m.AcceptLanguage),
		maxRetries:             graph.DefaultMaxRetries,
	}

	boolean := func(attr string, v types.Bool) bool {
		if !v.IsNull() {
			return v.ValueBool()
		}
		raw := str(attr, types.StringNull())
		if raw == "" {
			return false
		}
		b, err := strconv.ParseBool(raw)
		if err != nil {
			diags.AddAttributeError(path.Root(attr), "Invalid Environment Variable",
				fmt.Sprintf("%s must be true or false, got %q.", strings.Join(envOf(attr), " or "), raw))
		}
		return b
	}
	s.useOIDC = boolean("use_oidc", m.UseOIDC)
	s.useAKSWorkloadIdentity = boolean("use_aks_workload_identity", m.UseAKSWorkloadIdentity)
	s.useMSI = boolean("use_msi", m.UseMSI)
	if s.useAKSWorkloadIdentity {
		// The workload identity webhook's variables stand in for unset
		// attributes and their ARM_ variables.
		for _, fill := range []struct {
			target *string
			env    string
		}{{&s.clientID, "AZURE_CLIENT_ID"}, {&s.tenantID, "AZURE_TENANT_ID"}} {
			if *fill.target == "" {
				*fill.target = strings.TrimSpace(getenv(fill.env))
			}
		}
		if s.oidcToken == "" && s.oidcTokenFilePath == "" {
			s.oidcTokenFilePath = strings.TrimSpace(getenv("AZURE_FEDERATED_TOKEN_FILE"))
		}
	}

	if !m.MaxRetries.IsNull() {
		s.maxRetries = int(m.MaxRetries.ValueInt64())
	} else if raw := str("max_retries", types.StringNull()); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 || n > maxRetriesLimit {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid Environment Variable",
				fmt.Sprintf("MSGRAPH_MAX_RETRIES must be a whole number from 0 to %d, got %q.", maxRetriesLimit, raw))
		}
		s.maxRetries = n
	}

	environment := str("environment", m.Environment)
	if environment == "" {
		environment = "global"
	}
	if m.Environment.IsNull() {
		// ARM_ENVIRONMENT is shared with azurerm: accept its spelling and
		// its names too.
		environment = strings.ToLower(environment)
		if alias, ok := graph.CloudAliases[environment]; ok {
			environment = alias
		}
	}
	cloud, ok := graph.Clouds[environment]
	if !ok {
		diags.AddAttributeError(path.Root("environment"), "Unknown Microsoft Cloud",
			fmt.Sprintf("%s is %q; it must be one of %s.", named("environment"), environment, strings.Join(graph.CloudNames, ", ")))
		return s, diags
	}
	if !cloud.OnlineMeetings {
		diags.AddAttributeWarning(path.Root("environment"), "Online Meetings Are Not Available in This Cloud",
			"Microsoft Graph does not offer online meetings in the "+environment+" cloud (21Vianet); every meeting request will fail there.")
	}
	s.cloud = cloud
	s.authorityHost, s.graphEndpoint = cloud.AuthorityHost, cloud.GraphEndpoint
	for _, endpoint := range []struct {
		attr   string
		config types.String
		target *string
	}{
		{"authority_host", m.AuthorityHost, &s.authorityHost},
		{"graph_endpoint", m.GraphEndpoint, &s.graphEndpoint},
	} {
		if override := str(endpoint.attr, endpoint.config); override != "" {
			*endpoint.target = override
		} else if host := strings.TrimSpace(getenv("AZURE_AUTHORITY_HOST")); endpoint.attr == "authority_host" && s.useAKSWorkloadIdentity && host != "" {
			*endpoint.target = host
		}
		if err := graph.CheckEndpointURL(*endpoint.target); err != nil {
			diags.AddAttributeError(path.Root(endpoint.attr), "Invalid Endpoint URL", fmt.Sprintf("%s: %s.", named(endpoint.attr), err))
		}
	}
	if msiEndpoint := str("msi_endpoint", m.MSIEndpoint); s.useMSI {
		diags.Append(s.resolveManagedIdentity(msiEndpoint, getenv)...)
	}
	return s, diags
}

// resolveManagedIdentity picks use_msi's endpoint: msi_endpoint when set,
// else the App Service / Functions / Container Apps endpoint the platform
// announces (IDENTITY_ENDPOINT with IDENTITY_HEADER), else the instance
// metadata endpoint.
func (s *providerSettings) resolveManagedIdentity(override string, getenv func(string) string) diag.Diagnostics {
	var diags diag.Diagnostics
	s.managedIdentity = graph.ManagedIdentity{Endpoint: graph.IMDSEndpoint, ClientID: s.clientID}
	platformEndpoint, header := strings.TrimSpace(getenv("IDENTITY_ENDPOINT")), strings.TrimSpace(getenv("IDENTITY_HEADER"))
	switch {
	case override != "":
		s.managedIdentity.Endpoint = override
		if err := graph.CheckManagedIdentityEndpoint(override, false); err != nil {
			diags.AddAttributeError(path.Root("msi_endpoint"), "Invalid Endpoint URL", fmt.Sprintf("%s: %s.", named("msi_endpoint"), err))
		}
	case platformEndpoint != "" && header != "":
		s.managedIdentity.Endpoint, s.managedIdentity.IdentityHeader = platformEndpoint, header
		s.platformSecrets = append(s.platformSecrets, header)
		if err := graph.CheckManagedIdentityEndpoint(platformEndpoint, true); err != nil {
			diags.AddAttributeError(path.Root("use_msi"), "Invalid Endpoint URL", fmt.Sprintf("IDENTITY_ENDPOINT: %s.", err))
		}
	}
	return diags
}

// credentialKind names the configured credential, for logs and
// diagnostics; "" when none is configured.
func (s providerSettings) credentialKind() string {
	return strings.Join(s.credentialKinds(), ", ")
}

func (s providerSettings) credentialKinds() []string {
	var kinds []string
	if s.accessToken != "" {
		kinds = append(kinds, "access_token")
	}
	if s.clientSecret != "" {
		kinds = append(kinds, "client_secret")
	}
	if s.clientCertificate != "" {
		kinds = append(kinds, "client_certificate")
	}
	if s.clientCertificatePath != "" {
		kinds = append(kinds, "client_certificate_path")
	}
	switch {
	case s.useOIDC:
		kinds = append(kinds, "use_oidc")
	case s.useAKSWorkloadIdentity:
		// AKS workload identity is workload identity federation too:
		// with use_oidc, it is one credential, not two.
		kinds = append(kinds, "use_aks_workload_identity")
	}
	if s.useMSI {
		kinds = append(kinds, "use_msi")
	}
	return kinds
}

// credential builds the one configured credential. It returns nil without
// error when none is configured at all.
func (s providerSettings) credential() (graph.Credential, diag.Diagnostics) {
	var diags diag.Diagnostics
	kinds := s.credentialKinds()
	switch {
	case len(kinds) == 0:
		return nil, nil
	case len(kinds) > 1:
		list := make([]string, len(kinds))
		for i, k := range kinds {
			list[i] = named(k)
		}
		diags.AddAttributeError(path.Root(kinds[1]), "Conflicting Credentials",
			"More than one credential is configured: "+strings.Join(list, "; ")+". "+
				"Configure exactly one; check the environment variables as well as the provider block.")
		return nil, diags
	case kinds[0] == "access_token":
		return graph.AccessTokenCredential(s.accessToken), nil
	case kinds[0] == "use_msi":
		return graph.ManagedIdentityCredential(s.managedIdentity), nil
	}

	for _, required := range []struct{ attr, summary, value string }{
		{"tenant_id", "Missing Tenant ID", s.tenantID},
		{"client_id", "Missing Client ID", s.clientID},
	} {
		if required.value == "" {
			diags.AddAttributeError(path.Root(required.attr), required.summary,
				fmt.Sprintf("The %s credential needs %s. Set it in the provider block or in the environment.", kinds[0], named(required.attr)))
		}
	}
	if diags.HasError() {
		return nil, diags
	}
	app := graph.App{TenantID: s.tenantID, ClientID: s.clientID, AuthorityHost: s.authorityHost}

	switch kinds[0] {
	case "client_secret":
		return graph.ClientSecretCredential(app, s.clientSecret), nil
	case "client_certificate", "client_certificate_path":
		cert, d := s.loadCertificate(kinds[0])
		if d.HasError() {
			return nil, d
		}
		return graph.ClientCertificateCredential(app, cert), nil
	}
	assertion, d := s.federatedToken()
	if d.HasError() {
		return nil, d
	}
	return graph.ClientAssertionCredential(app, assertion), nil
}

func (s providerSettings) loadCertificate(attr string) (graph.ClientCertificate, diag.Diagnostics) {
	var diags diag.Diagnostics
	var data []byte
	var err error
	if attr == "client_certificate" {
		data, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s.clientCertificate), ""))
		if err != nil {
			diags.AddAttributeError(path.Root(attr), "Invalid Client Certificate",
				named(attr)+" must be a base64-encoded PKCS#12 bundle: "+err.Error()+".")
			return graph.ClientCertificate{}, diags
		}
	} else if data, err = os.ReadFile(s.clientCertificatePath); err != nil {
		diags.AddAttributeError(path.Root(attr), "Unable to Read Client Certificate", fmt.Sprintf("Reading %s: %s.", named(attr), err))
		return graph.ClientCertificate{}, diags
	}
	cert, err := graph.ParseClientCertificate(data, s.password)
	if err != nil {
		diags.AddAttributeError(path.Root(attr), "Unable to Read Client Certificate",
			fmt.Sprintf("The bundle from %s could not be used: %s. A wrong password is set with %s.", named(attr), err, named("client_certificate_password")))
	}
	return cert, diags
}

// federatedToken picks the OIDC token source: a token, else a token file,
// else the CI's token endpoint.
func (s providerSettings) federatedToken() (graph.AssertionFunc, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case s.oidcToken != "":
		return graph.StaticAssertion(s.oidcToken), nil
	case s.oidcTokenFilePath != "":
		// The file is read at every token request (it rotates), but one that
		// cannot be read now is a configuration error, not a failed apply.
		if _, err := os.ReadFile(s.oidcTokenFilePath); err != nil {
			attr, name := "oidc_token_file_path", named("oidc_token_file_path")
			if s.useAKSWorkloadIdentity && s.resolved["oidc_token_file_path"] == "" {
				attr, name = "use_aks_workload_identity", "AZURE_FEDERATED_TOKEN_FILE"
			}
			diags.AddAttributeError(path.Root(attr), "Unable to Read Federated Token", fmt.Sprintf("Reading %s: %s.", name, err))
			return nil, diags
		}
		return graph.FederatedTokenFile(s.oidcTokenFilePath), nil
	case s.useAKSWorkloadIdentity && s.oidcRequestURL == "":
		diags.AddAttributeError(path.Root("use_aks_workload_identity"), "Missing Federated Token",
			"use_aks_workload_identity is true but AZURE_FEDERATED_TOKEN_FILE is not set. The AKS workload identity webhook sets it in pods "+
				"whose service account is annotated with azure.workload.identity/client-id and that are labelled azure.workload.identity/use: \"true\".")
	case s.oidcRequestURL != "" && s.oidcRequestToken == "":
		hint := "In GitHub Actions, grant the job `permissions: id-token: write`."
		if s.adoServiceConnectionID != "" {
			hint = "In Azure DevOps, map the job's token into the task: env: { SYSTEM_ACCESSTOKEN: $(System.AccessToken) }."
		}
		diags.AddAttributeError(path.Root("oidc_request_token"), "Missing OIDC Request Token",
			named("oidc_request_url")+" is set but "+named("oidc_request_token")+" is not. "+hint)
	case s.adoServiceConnectionID != "" && s.oidcRequestURL == "":
		diags.AddAttributeError(path.Root("oidc_request_url"), "Missing OIDC Request URL",
			named("ado_pipeline_service_connection_id")+" is set but "+named("oidc_request_url")+" is not. "+
				"Azure DevOps sets SYSTEM_OIDCREQUESTURI in pipeline jobs; run the provider in a job of the pipeline that uses the service connection.")
	case s.oidcRequestURL != "":
		if err := graph.CheckEndpointURL(s.oidcRequestURL); err != nil {
			diags.AddAttributeError(path.Root("oidc_request_url"), "Invalid Endpoint URL", named("oidc_request_url")+": "+err.Error()+".")
			return nil, diags
		}
		if s.adoServiceConnectionID != "" {
			return graph.ADOPipelineToken(s.oidcRequestURL, s.oidcRequestToken, s.adoServiceConnectionID), nil
		}
		return graph.FederatedTokenRequest(s.oidcRequestURL, s.oidcRequestToken, s.cloud.FederatedAudience), nil
	default:
		diags.AddAttributeError(path.Root("use_oidc"), "Missing Federated Token",
			"use_oidc is true but no federated token is available. Set one of "+named("oidc_token")+", "+
				named("oidc_token_file_path")+", or "+named("oidc_request_url")+" with "+named("oidc_request_token")+
				". In GitHub Actions, grant the job `permissions: id-token: write`.")
	}
	return nil, diags
}

// secrets are the configured values of the sensitive attributes, which
// must never reach a log.
func (s providerSettings) secrets() []string {
	var out []string
	for _, a := range providerAttributes {
		if v := s.resolved[a.name]; a.sensitive && v != "" {
			out = append(out, v)
		}
	}
	return append(out, s.platformSecrets...)
}
