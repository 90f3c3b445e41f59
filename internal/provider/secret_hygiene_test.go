package provider

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// TestAccSecretHygiene applies, refreshes and destroys a meeting with
// TF_LOG=TRACE for each kind of credential, with the provider's and the
// CLI's logs captured to files, then looks for every secret of the run in
// the logs and in the diagnostics: the configured secret, the client
// assertions and access tokens the mock saw or issued, and the meeting's
// passcode. Credentials come from the environment, as users pass them:
// a literal in the configuration would be logged by the test harness
// itself. It cannot run in parallel: the log settings are environment
// variables.
func TestAccSecretHygiene(t *testing.T) {
	cert, key := graphmock.NewCertificate(t)
	pfx, err := pkcs12.Modern.Encode(key, cert, nil, "pfx-password-8c2e")
	if err != nil {
		t.Fatal(err)
	}
	kinds := []struct {
		name       string
		credential map[string]string
		secrets    []string
	}{
		{
			name:       "client secret",
			credential: map[string]string{"ARM_CLIENT_SECRET": graphmock.DefaultClientSecret},
			secrets:    []string{graphmock.DefaultClientSecret},
		},
		{
			name: "client certificate",
			credential: map[string]string{
				"ARM_CLIENT_CERTIFICATE":          base64.StdEncoding.EncodeToString(pfx),
				"ARM_CLIENT_CERTIFICATE_PASSWORD": "pfx-password-8c2e",
			},
			secrets: []string{"pfx-password-8c2e", base64.StdEncoding.EncodeToString(pfx)},
		},
		{
			name: "OIDC",
			credential: map[string]string{
				"ARM_USE_OIDC":                   "true",
				"ACTIONS_ID_TOKEN_REQUEST_URL":   "{mock}/oidc/token",
				"ACTIONS_ID_TOKEN_REQUEST_TOKEN": "ci-request-token-5f1d",
			},
			secrets: []string{"ci-request-token-5f1d", "federated-jwt-0b7a"},
		},
		{
			name: "Azure DevOps workload identity federation",
			credential: map[string]string{
				"ARM_USE_OIDC": "true", "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID": "sc-hygiene",
				"SYSTEM_OIDCREQUESTURI": "{ado}", "SYSTEM_ACCESSTOKEN": "ado-job-token-31c4",
			},
			secrets: []string{"ado-job-token-31c4", "federated-jwt-0b7a"},
		},
		{
			name: "AKS workload identity",
			credential: map[string]string{
				"ARM_USE_AKS_WORKLOAD_IDENTITY": "true", "AZURE_FEDERATED_TOKEN_FILE": "{tokenfile}",
			},
			secrets: []string{"federated-jwt-0b7a"},
		},
		{
			name: "managed identity (App Service)",
			credential: map[string]string{
				"ARM_USE_MSI": "true", "IDENTITY_ENDPOINT": "{mock}" + graphmock.AppServiceIdentityPath, "IDENTITY_HEADER": "app-service-header-77e1",
			},
			secrets: []string{"app-service-header-77e1"},
		},
	}
	tokenFile := filepath.Join(t.TempDir(), "azure-identity-token")
	if err := os.WriteFile(tokenFile, []byte("federated-jwt-0b7a"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, kind := range kinds {
		t.Run(kind.name, func(t *testing.T) {
			logDir := t.TempDir()
			t.Setenv("TF_LOG", "TRACE")
			t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logDir, "provider-%s.log"))
			t.Setenv("TF_ACC_LOG_PATH", filepath.Join(logDir, "cli.log"))

			env := newMockEnv(t, graphmock.Config{
				Certificate: cert.Raw, FederatedToken: "federated-jwt-0b7a", OIDCRequestToken: "ci-request-token-5f1d",
				ADORequestToken: "ado-job-token-31c4", ADOServiceConnectionID: "sc-hygiene",
				SystemAssignedIdentity: true, UserAssignedIdentities: []string{graphmock.DefaultClientID}, IdentityHeader: "app-service-header-77e1",
			})
			vars := env.mockEnv()
			for k, v := range kind.credential {
				vars[k] = env.filledIn(v, tokenFile)
			}
			var passcodes []string
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factoriesWithEnv(vars),
				Steps: []resource.TestStep{
					{
						// One meeting by createOrGet, one by plain create: both
						// passcodes, also inside the join information, stay out.
						Config: `provider "msgraph" {}` + meetingConfig(`  subject = "Secret hygiene"`) + `
resource "msgraph_online_meeting" "passcode" {
  user_id     = "` + organizerID + `"
  external_id = "acc-test-passcode"
  subject     = "Secret hygiene, plain create"
  join_meeting_id_settings = { is_passcode_required = true }
}`,
						Check: func(*terraform.State) error {
							for _, m := range env.mock.Meetings() {
								passcodes = append(passcodes, *m.JoinMeetingIDSettings.Passcode)
							}
							return nil
						},
					},
					{RefreshState: true},
				},
			})

			secrets := append(append(append(kind.secrets, passcodes...), env.mock.IssuedTokens()...), env.mock.ClientAssertions()...)
			if len(passcodes) != 2 || len(env.mock.IssuedTokens()) == 0 {
				t.Fatalf("the run produced %d passcodes and %d tokens: nothing to look for", len(passcodes), len(env.mock.IssuedTokens()))
			}
			logs := readLogs(t, logDir)
			// The logs must be real for their innocence to mean anything.
			for _, want := range []string{"Microsoft Graph request", "/onlineMeetings/createOrGet", "Created online meeting with plain create", "PlanResourceChange"} {
				if !strings.Contains(logs, want) {
					t.Fatalf("the captured logs (%d bytes) do not contain %q", len(logs), want)
				}
			}
			assertNoSecrets(t, env, logs, secrets)
		})
	}

	// A refused credential: the error explains, without the secret.
	t.Run("refused secret", func(t *testing.T) {
		logDir := t.TempDir()
		t.Setenv("TF_LOG", "TRACE")
		t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logDir, "provider-%s.log"))
		env := newMockEnv(t, graphmock.Config{})
		vars := env.mockEnv()
		vars["ARM_CLIENT_SECRET"] = "wrong-secret-3d9a"
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factoriesWithEnv(vars),
			Steps: []resource.TestStep{{
				Config:      `provider "msgraph" {}` + meetingConfig(`  subject = "Refused"`),
				ExpectError: regexp.MustCompile(`(?s)could not obtain an access token.*invalid_client.*AADSTS7000215`),
			}},
		})
		assertNoSecrets(t, env, readLogs(t, logDir), []string{"wrong-secret-3d9a"})
	})
}

func readLogs(t *testing.T, dir string) string {
	t.Helper()
	var all strings.Builder
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	return all.String()
}

func assertNoSecrets(t *testing.T, env *testEnv, logs string, secrets []string) {
	t.Helper()
	env.mu.Lock()
	var diags strings.Builder
	for _, d := range env.diags {
		diags.WriteString(d.Summary + "\n" + d.Detail + "\n")
	}
	env.mu.Unlock()
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		if i := strings.Index(logs, secret); i >= 0 {
			t.Errorf("a secret (%.6s…) appears in the logs: …%s…", secret, logs[max(0, i-200):i])
		}
		if strings.Contains(diags.String(), secret) {
			t.Errorf("a secret (%.6s…) appears in a diagnostic", secret)
		}
	}
}
