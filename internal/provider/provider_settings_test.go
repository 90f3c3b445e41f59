package provider

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

func TestResolveSettings(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		config  msgraphProviderModel
		env     map[string]string
		check   func(*testing.T, providerSettings)
		wantErr string // substring of an error detail; also checks the attribute path
		path    string
	}{
		"defaults to the global cloud": {
			check: func(t *testing.T, s providerSettings) {
				if s.authorityHost != "https://login.microsoftonline.com" || s.graphEndpoint != "https://graph.microsoft.com/v1.0" || s.maxRetries != 8 {
					t.Errorf("settings = %+v", s)
				}
			},
		},
		"environment picks the hosts": {
			env: map[string]string{"ARM_ENVIRONMENT": "usgovernmentl5"},
			check: func(t *testing.T, s providerSettings) {
				if s.authorityHost != "https://login.microsoftonline.us" || s.graphEndpoint != "https://dod-graph.microsoft.us/v1.0" {
					t.Errorf("hosts = %s %s", s.authorityHost, s.graphEndpoint)
				}
			},
		},
		"attributes win over environment variables": {
			config: msgraphProviderModel{TenantID: types.StringValue("from-config"), MaxRetries: types.Int64Value(2)},
			env:    map[string]string{"ARM_TENANT_ID": "from-env", "ARM_CLIENT_ID": "client-from-env", "MSGRAPH_MAX_RETRIES": "5"},
			check: func(t *testing.T, s providerSettings) {
				if s.tenantID != "from-config" || s.clientID != "client-from-env" || s.maxRetries != 2 {
					t.Errorf("settings = %+v", s)
				}
			},
		},
		"GitHub Actions variables back the OIDC request": {
			env: map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": "https://token.actions.example/x", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "gh", "ARM_USE_OIDC": "true"},
			check: func(t *testing.T, s providerSettings) {
				if !s.useOIDC || s.oidcRequestURL != "https://token.actions.example/x" || s.oidcRequestToken != "gh" {
					t.Errorf("settings = %+v", s)
				}
			},
		},
		"ARM_ variables win over GitHub's": {
			env: map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": "https://github", "ARM_OIDC_REQUEST_URL": "https://arm"},
			check: func(t *testing.T, s providerSettings) {
				if s.oidcRequestURL != "https://arm" {
					t.Errorf("oidc_request_url = %s", s.oidcRequestURL)
				}
			},
		},
		"azurerm's names for the clouds in ARM_ENVIRONMENT": {
			env: map[string]string{"ARM_ENVIRONMENT": "public"},
			check: func(t *testing.T, s providerSettings) {
				if s.cloud.Name != "global" {
					t.Errorf("ARM_ENVIRONMENT=public picked %s, want global", s.cloud.Name)
				}
			},
		},
		"azurerm's usgovernment": {
			env: map[string]string{"ARM_ENVIRONMENT": "USGovernment"},
			check: func(t *testing.T, s providerSettings) {
				if s.cloud.Name != "usgovernmentl4" {
					t.Errorf("ARM_ENVIRONMENT=USGovernment picked %s, want usgovernmentl4", s.cloud.Name)
				}
			},
		},
		"loopback overrides may use plain HTTP": {
			env: map[string]string{"ARM_AUTHORITY_HOST": "http://127.0.0.1:8443", "MSGRAPH_ENDPOINT": "http://localhost:9/v1.0"},
			check: func(t *testing.T, s providerSettings) {
				if s.authorityHost != "http://127.0.0.1:8443" || s.graphEndpoint != "http://localhost:9/v1.0" {
					t.Errorf("hosts = %s %s", s.authorityHost, s.graphEndpoint)
				}
			},
		},
		"plain HTTP to another host is refused": {
			env:     map[string]string{"MSGRAPH_ENDPOINT": "http://graph.example.com/v1.0"},
			wantErr: "MSGRAPH_ENDPOINT", path: "graph_endpoint",
		},
		"plain HTTP authority host is refused": {
			config:  msgraphProviderModel{AuthorityHost: types.StringValue("http://10.0.0.1")},
			wantErr: "not a loopback address", path: "authority_host",
		},
		"unknown cloud from the environment": {
			env:     map[string]string{"ARM_ENVIRONMENT": "mars"},
			wantErr: "ARM_ENVIRONMENT", path: "environment",
		},
		"bad ARM_USE_OIDC": {
			env:     map[string]string{"ARM_USE_OIDC": "yes please"},
			wantErr: "ARM_USE_OIDC must be true or false", path: "use_oidc",
		},
		"bad MSGRAPH_MAX_RETRIES": {
			env:     map[string]string{"MSGRAPH_MAX_RETRIES": "-3"},
			wantErr: "MSGRAPH_MAX_RETRIES", path: "max_retries",
		},
		"a managed identity uses the metadata endpoint": {
			env: map[string]string{"ARM_USE_MSI": "true", "ARM_CLIENT_ID": "user-assigned"},
			check: func(t *testing.T, s providerSettings) {
				if want := (graph.ManagedIdentity{Endpoint: graph.IMDSEndpoint, ClientID: "user-assigned"}); s.managedIdentity != want {
					t.Errorf("managed identity = %+v, want %+v", s.managedIdentity, want)
				}
			},
		},
		"App Service announces its identity endpoint": {
			env: map[string]string{"ARM_USE_MSI": "true", "IDENTITY_ENDPOINT": "http://172.16.4.2:8081/msi/token", "IDENTITY_HEADER": "app-service-secret"},
			check: func(t *testing.T, s providerSettings) {
				if s.managedIdentity.Endpoint != "http://172.16.4.2:8081/msi/token" || s.managedIdentity.IdentityHeader != "app-service-secret" ||
					!slices.Contains(s.secrets(), "app-service-secret") {
					t.Errorf("managed identity = %+v, secrets masked %v", s.managedIdentity, slices.Contains(s.secrets(), "app-service-secret"))
				}
			},
		},
		"msi_endpoint wins over the platform's": {
			env: map[string]string{"ARM_USE_MSI": "true", "ARM_MSI_ENDPOINT": "http://169.254.169.254/metadata/identity/oauth2/token?x=1",
				"IDENTITY_ENDPOINT": "http://172.16.4.2:8081/msi/token", "IDENTITY_HEADER": "h"},
			check: func(t *testing.T, s providerSettings) {
				if s.managedIdentity.Endpoint != "http://169.254.169.254/metadata/identity/oauth2/token?x=1" || s.managedIdentity.IdentityHeader != "" {
					t.Errorf("managed identity = %+v", s.managedIdentity)
				}
			},
		},
		"msi_endpoint on a private address is refused": {
			env:     map[string]string{"ARM_USE_MSI": "true", "ARM_MSI_ENDPOINT": "http://10.0.0.5/metadata/identity/oauth2/token"},
			wantErr: "ARM_MSI_ENDPOINT", path: "msi_endpoint",
		},
		"an IDENTITY_ENDPOINT on a public address is refused": {
			env:     map[string]string{"ARM_USE_MSI": "true", "IDENTITY_ENDPOINT": "http://203.0.113.9/msi/token", "IDENTITY_HEADER": "h"},
			wantErr: "IDENTITY_ENDPOINT", path: "use_msi",
		},
		"the metadata endpoint's plain HTTP is for managed identities only": {
			env:     map[string]string{"ARM_AUTHORITY_HOST": "http://169.254.169.254"},
			wantErr: "not a loopback address", path: "authority_host",
		},
		"AKS workload identity fills the app and the authority host": {
			env: map[string]string{"ARM_USE_AKS_WORKLOAD_IDENTITY": "true", "AZURE_CLIENT_ID": "aks-client", "AZURE_TENANT_ID": "aks-tenant",
				"AZURE_AUTHORITY_HOST": "https://login.microsoftonline.com/", "AZURE_FEDERATED_TOKEN_FILE": "/var/run/secrets/azure/tokens/azure-identity-token"},
			check: func(t *testing.T, s providerSettings) {
				if s.clientID != "aks-client" || s.tenantID != "aks-tenant" || s.authorityHost != "https://login.microsoftonline.com/" ||
					s.oidcTokenFilePath != "/var/run/secrets/azure/tokens/azure-identity-token" {
					t.Errorf("settings = %+v", s)
				}
			},
		},
		"attributes and ARM_ variables win over AKS's": {
			env: map[string]string{"ARM_USE_AKS_WORKLOAD_IDENTITY": "true", "ARM_CLIENT_ID": "arm-client", "AZURE_CLIENT_ID": "aks-client",
				"ARM_OIDC_TOKEN_FILE_PATH": "/arm/token", "AZURE_FEDERATED_TOKEN_FILE": "/aks/token"},
			check: func(t *testing.T, s providerSettings) {
				if s.clientID != "arm-client" || s.oidcTokenFilePath != "/arm/token" {
					t.Errorf("settings = %+v", s)
				}
			},
		},
		"without AKS workload identity its variables are ignored": {
			env: map[string]string{"AZURE_CLIENT_ID": "aks-client", "AZURE_AUTHORITY_HOST": "https://login.example"},
			check: func(t *testing.T, s providerSettings) {
				if s.clientID != "" || s.authorityHost != "https://login.microsoftonline.com" {
					t.Errorf("settings = %+v", s)
				}
			},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, diags := resolveSettings(tt.config, func(k string) string { return tt.env[k] })
			checkDiags(t, diags, tt.wantErr, tt.path)
			if tt.check != nil && !diags.HasError() {
				tt.check(t, s)
			}
		})
	}
}

func TestCredential(t *testing.T) {
	t.Parallel()
	pfx := testPKCS12(t, "pw")
	pfxPath := filepath.Join(t.TempDir(), "app.pfx")
	if err := os.WriteFile(pfxPath, pfx, 0o600); err != nil {
		t.Fatal(err)
	}
	tokenPath := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenPath, []byte("jwt"), 0o600); err != nil {
		t.Fatal(err)
	}
	app := map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c"}
	with := func(extra map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range app {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	tests := map[string]struct {
		env      map[string]string
		wantNone bool
		wantErr  string
		path     string
	}{
		"nothing configured is not an error here": {env: map[string]string{}, wantNone: true},
		"client secret":           {env: with(map[string]string{"ARM_CLIENT_SECRET": "s"})},
		"certificate from base64": {env: with(map[string]string{"ARM_CLIENT_CERTIFICATE": base64.StdEncoding.EncodeToString(pfx), "ARM_CLIENT_CERTIFICATE_PASSWORD": "pw"})},
		"certificate from a path": {env: with(map[string]string{"ARM_CLIENT_CERTIFICATE_PATH": pfxPath, "ARM_CLIENT_CERTIFICATE_PASSWORD": "pw"})},
		"OIDC token":              {env: with(map[string]string{"ARM_USE_OIDC": "true", "ARM_OIDC_TOKEN": "jwt"})},
		"OIDC token file":         {env: with(map[string]string{"ARM_USE_OIDC": "true", "ARM_OIDC_TOKEN_FILE_PATH": tokenPath})},
		"OIDC token file unreadable": {
			env:     with(map[string]string{"ARM_USE_OIDC": "true", "ARM_OIDC_TOKEN_FILE_PATH": "/nonexistent/token"}),
			wantErr: "/nonexistent/token", path: "oidc_token_file_path",
		},
		"Azure DevOps": {env: with(map[string]string{
			"ARM_USE_OIDC": "true", "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID": "sc", "SYSTEM_OIDCREQUESTURI": "https://dev.azure.example/oidctoken", "SYSTEM_ACCESSTOKEN": "x",
		})},
		"Azure DevOps without the job's token": {
			env:     with(map[string]string{"ARM_USE_OIDC": "true", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID": "sc", "SYSTEM_OIDCREQUESTURI": "https://dev.azure.example/oidctoken"}),
			wantErr: "SYSTEM_ACCESSTOKEN: $(System.AccessToken)", path: "oidc_request_token",
		},
		"Azure DevOps outside a pipeline": {
			env:     with(map[string]string{"ARM_USE_OIDC": "true", "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID": "sc"}),
			wantErr: "SYSTEM_OIDCREQUESTURI", path: "oidc_request_url",
		},
		"AKS workload identity from the webhook's variables": {env: map[string]string{
			"ARM_USE_AKS_WORKLOAD_IDENTITY": "true", "AZURE_FEDERATED_TOKEN_FILE": tokenPath, "AZURE_CLIENT_ID": "c", "AZURE_TENANT_ID": "t",
		}},
		"AKS workload identity without the token file": {
			env:     map[string]string{"ARM_USE_AKS_WORKLOAD_IDENTITY": "true", "AZURE_CLIENT_ID": "c", "AZURE_TENANT_ID": "t"},
			wantErr: "AZURE_FEDERATED_TOKEN_FILE is not set", path: "use_aks_workload_identity",
		},
		"AKS workload identity with an unreadable token file": {
			env:     map[string]string{"ARM_USE_AKS_WORKLOAD_IDENTITY": "true", "AZURE_FEDERATED_TOKEN_FILE": "/nonexistent/azure-token", "AZURE_CLIENT_ID": "c", "AZURE_TENANT_ID": "t"},
			wantErr: "Reading AZURE_FEDERATED_TOKEN_FILE", path: "use_aks_workload_identity",
		},
		"AKS workload identity and use_oidc are one credential": {env: map[string]string{
			"ARM_USE_AKS_WORKLOAD_IDENTITY": "true", "ARM_USE_OIDC": "true", "AZURE_FEDERATED_TOKEN_FILE": tokenPath, "AZURE_CLIENT_ID": "c", "AZURE_TENANT_ID": "t",
		}},
		"managed identity needs no tenant": {env: map[string]string{"ARM_USE_MSI": "true"}},
		"managed identity and a secret conflict": {
			env:     map[string]string{"ARM_USE_MSI": "true", "ARM_CLIENT_SECRET": "s"},
			wantErr: "ARM_USE_MSI", path: "use_msi",
		},
		"OIDC request":              {env: with(map[string]string{"ARM_USE_OIDC": "true", "ACTIONS_ID_TOKEN_REQUEST_URL": "https://gh", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "x"})},
		"access token needs no app": {env: map[string]string{"MSGRAPH_ACCESS_TOKEN": "eyJ"}},
		"secret and certificate conflict": {
			env:     with(map[string]string{"ARM_CLIENT_SECRET": "s", "ARM_CLIENT_CERTIFICATE_PATH": pfxPath}),
			wantErr: "ARM_CLIENT_CERTIFICATE_PATH", path: "client_certificate_path",
		},
		"access token and secret conflict": {
			env:     with(map[string]string{"ARM_CLIENT_SECRET": "s", "MSGRAPH_ACCESS_TOKEN": "eyJ"}),
			wantErr: "ARM_CLIENT_SECRET", path: "client_secret",
		},
		"both certificate forms conflict": {
			env:     with(map[string]string{"ARM_CLIENT_CERTIFICATE": "eA==", "ARM_CLIENT_CERTIFICATE_PATH": pfxPath}),
			wantErr: "More than one credential", path: "client_certificate_path",
		},
		"secret without tenant": {
			env:     map[string]string{"ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": "s"},
			wantErr: "ARM_TENANT_ID", path: "tenant_id",
		},
		"secret without client id": {
			env:     map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_SECRET": "s"},
			wantErr: "ARM_CLIENT_ID", path: "client_id",
		},
		"OIDC without a token": {
			env:     with(map[string]string{"ARM_USE_OIDC": "true"}),
			wantErr: "ACTIONS_ID_TOKEN_REQUEST_URL", path: "use_oidc",
		},
		"OIDC request URL without its token": {
			env:     with(map[string]string{"ARM_USE_OIDC": "true", "ARM_OIDC_REQUEST_URL": "https://gh"}),
			wantErr: "id-token: write", path: "oidc_request_token",
		},
		"OIDC request over plain HTTP": {
			env:     with(map[string]string{"ARM_USE_OIDC": "true", "ARM_OIDC_REQUEST_URL": "http://ci.example", "ARM_OIDC_REQUEST_TOKEN": "x"}),
			wantErr: "not a loopback address", path: "oidc_request_url",
		},
		"certificate that is not base64": {
			env:     with(map[string]string{"ARM_CLIENT_CERTIFICATE": "not base64!"}),
			wantErr: "base64", path: "client_certificate",
		},
		"certificate with a wrong password": {
			env:     with(map[string]string{"ARM_CLIENT_CERTIFICATE_PATH": pfxPath, "ARM_CLIENT_CERTIFICATE_PASSWORD": "wrong"}),
			wantErr: "ARM_CLIENT_CERTIFICATE_PASSWORD", path: "client_certificate_path",
		},
		"missing certificate file": {
			env:     with(map[string]string{"ARM_CLIENT_CERTIFICATE_PATH": "/nonexistent.pfx"}),
			wantErr: "/nonexistent.pfx", path: "client_certificate_path",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, diags := resolveSettings(msgraphProviderModel{}, func(k string) string { return tt.env[k] })
			if diags.HasError() {
				t.Fatal(diags)
			}
			cred, diags := s.credential()
			checkDiags(t, diags, tt.wantErr, tt.path)
			if tt.wantErr == "" && (cred == nil) != tt.wantNone {
				t.Errorf("credential = %v, want none: %v", cred, tt.wantNone)
			}
			for _, d := range diags {
				for _, secret := range []string{"pw", "jwt", "eyJ"} {
					if strings.Contains(d.Detail(), `"`+secret+`"`) {
						t.Errorf("diagnostic reveals a secret: %s", d.Detail())
					}
				}
			}
		})
	}
}

func checkDiags(t *testing.T, diags diag.Diagnostics, wantErr, path string) {
	t.Helper()
	if wantErr == "" {
		if diags.HasError() {
			t.Fatalf("unexpected errors: %v", diags)
		}
		return
	}
	for _, d := range diags.Errors() {
		withPath, ok := d.(diag.DiagnosticWithPath)
		if strings.Contains(d.Detail(), wantErr) && ok && withPath.Path().String() == path {
			return
		}
	}
	t.Errorf("diagnostics %v: want an error on %s mentioning %q", diags, path, wantErr)
}

// testPKCS12 makes a throwaway certificate and key as a PKCS#12 bundle.
func testPKCS12(t *testing.T, password string) []byte {
	t.Helper()
	cert, key := graphmock.NewCertificate(t)
	pfx, err := pkcs12.Modern.Encode(key, cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	return pfx
}

// TestProviderAttributesTable: every attribute of the provider model has
// an entry in providerAttributes, every string entry's first variable
// reaches the settings, and every sensitive one is among the secrets the
// logs mask.
func TestProviderAttributesTable(t *testing.T) {
	t.Parallel()
	entries := map[string]providerAttribute{}
	for _, a := range providerAttributes {
		entries[a.name] = a
	}
	typ := reflect.TypeFor[msgraphProviderModel]()
	for i := range typ.NumField() {
		name := typ.Field(i).Tag.Get("tfsdk")
		if _, ok := entries[name]; !ok {
			t.Errorf("msgraphProviderModel.%s (%s) has no entry in providerAttributes", typ.Field(i).Name, name)
		}
	}
	if len(entries) != typ.NumField() {
		t.Errorf("providerAttributes has %d entries for %d model fields", len(entries), typ.NumField())
	}
	for _, a := range providerAttributes {
		if a.kind != stringKind {
			continue
		}
		t.Run(a.name, func(t *testing.T) {
			probe := "probe-" + a.name
			if a.name == "authority_host" || a.name == "graph_endpoint" {
				probe = "https://" + strings.ReplaceAll(a.name, "_", "-") + ".example"
			}
			if a.name == "environment" {
				probe = "usgovernmentl4"
			}
			s, _ := resolveSettings(msgraphProviderModel{}, func(k string) string {
				if k == a.env[0] {
					return probe
				}
				return ""
			})
			if s.resolved[a.name] != probe {
				t.Errorf("%s=%q resolved %s to %q", a.env[0], probe, a.name, s.resolved[a.name])
			}
			if got := slices.Contains(s.secrets(), probe); got != a.sensitive {
				t.Errorf("%s among the secrets: %v, want %v", a.name, got, a.sensitive)
			}
		})
	}
}
