package provider

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// Users of the mock tenant. In live mode the tests use the tenant's users
// that MSGRAPH_ACC_ORGANIZER_ID and MSGRAPH_ACC_ATTENDEE_IDS name instead.
const (
	mockOrganizerID = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
	mockTrainerID   = "1f35f2e6-9cab-44ad-8d5a-b74c14720000"
	mockLearnerID   = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
	mockLearner2ID  = "c0ffee00-1234-4abc-9def-0123456789ab"
)

// The users the tests configure.
var (
	organizerID = liveMode.user(mockOrganizerID)
	trainerID   = liveMode.user(mockTrainerID)
	learnerID   = liveMode.user(mockLearnerID)
	learner2ID  = liveMode.user(mockLearner2ID)
)

// testBackoff keeps retry waits short when Graph gives no Retry-After;
// Retry-After itself is always honoured as given.
var testBackoff = graph.Backoff{Min: 50 * time.Millisecond, Max: 500 * time.Millisecond}

// suiteClock is the clock the provider runs the suite's tests at. Their
// configurations are dated 2026 and 2027, and what destroying a session
// does depends on whether it has begun (keep_past_on_destroy): at a clock
// set before every date they write, their sessions lie ahead, whatever day
// the suite runs. The tests of sessions over time (past_sessions_test.go)
// run at the machine's clock instead (atMachineClock), with dates relative
// to it.
var suiteClock = func() time.Time { return time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC) }

// testEnv is an acceptance test's world: a fresh mock Graph (or, in live
// mode, the real tenant), the provider's clock, and a record of the
// diagnostics the provider returned to Terraform.
type testEnv struct {
	// mock is nil in live mode: tests reach it only through testEnv's
	// methods, which skip what a tenant cannot show.
	mock *graphmock.Instance
	live *liveTenant
	// now is the provider's clock: suiteClock, or the machine's.
	now func() time.Time

	mu    sync.Mutex
	diags []recordedDiagnostic
	// configures counts provider instances that were configured: one per
	// CLI command that needs the provider.
	configures int
}

// newTestEnv is the world of a test that runs on the mock and on a live
// tenant alike.
func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	if liveMode != nil {
		return &testEnv{live: newLiveTenant(t), now: suiteClock}
	}
	return newMockEnv(t, graphmock.Config{})
}

// newMockEnv is the world of a test that needs the mock: one that sets the
// mock's faults, credentials or endpoints. It does not run in live mode.
func newMockEnv(t *testing.T, cfg graphmock.Config) *testEnv {
	t.Helper()
	if liveMode != nil {
		t.Skip("configures the mock Graph (faults, token or identity endpoints): runs on the mock only")
	}
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = graphmock.DefaultClientSecret
	}
	return &testEnv{mock: graphmock.NewTestServer(t, cfg), now: suiteClock}
}

// atMachineClock makes the provider of e go by the machine's clock, for
// the tests whose dates are relative to it.
func (e *testEnv) atMachineClock() *testEnv {
	e.now = time.Now
	return e
}

// factories attach the provider in-process, configured independently of
// the machine's environment variables; in live mode, configured by them.
func (e *testEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	if e.live != nil {
		return e.factoriesWith(os.Getenv)
	}
	return e.factoriesWithEnv(map[string]string{})
}

func (e *testEnv) factoriesWithEnv(environment map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	return e.factoriesWith(func(k string) string { return environment[k] })
}

func (e *testEnv) factoriesWith(getenv func(string) string) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"msgraph": func() (tfprotov6.ProviderServer, error) {
			p := &msgraphProvider{
				version: "test",
				getenv:  getenv,
				now:     e.now,
				graphOptions: func(o *graph.Options) {
					o.Backoff = testBackoff
					if e.live != nil {
						o.Transport = e.live.transport(o.Transport)
					}
				},
			}
			server, err := providerserver.NewProtocol6WithError(p)()
			return &recordingServer{ProviderServer: server, env: e}, err
		},
	}
}

// providerBlock configures the provider for the mock with a client secret;
// in live mode the provider takes everything from its environment.
func (e *testEnv) providerBlock() string {
	if e.live != nil {
		return "\nprovider \"msgraph\" {\n}\n"
	}
	return fmt.Sprintf(`
provider "msgraph" {
  tenant_id      = %q
  client_id      = %q
  client_secret  = %q
  authority_host = %q
  graph_endpoint = %q
}
`, graphmock.DefaultTenantID, graphmock.DefaultClientID, graphmock.DefaultClientSecret, e.mock.URL, e.mock.GraphURL())
}

// config prepends the provider block to resource configuration; in live
// mode every external_id gets the run's suffix.
func (e *testEnv) config(resources string) string {
	return e.configWithProvider(e.providerBlock(), resources)
}

// configWithProvider is config with a provider block of the test's own.
func (e *testEnv) configWithProvider(provider, resources string) string {
	if e.live != nil {
		return provider + e.liveConfiguration(resources)
	}
	return provider + resources
}

// filledIn is s with its placeholders replaced: {mock} by the mock's URL,
// {ado} by its Azure DevOps OIDC request URL, {tokenfile} by tokenFile.
// Braces keep them apart from anything a credential may contain (a
// certificate's base64 may hold "ADO").
func (e *testEnv) filledIn(s, tokenFile string) string {
	return strings.NewReplacer("{mock}", e.mock.URL, "{ado}", e.mock.ADOOIDCRequestURL(), "{tokenfile}", tokenFile).Replace(s)
}

// mockEnv is the provider's environment for the mock, without a credential.
func (e *testEnv) mockEnv() map[string]string {
	env := graphmock.ProviderEnv(e.mock.URL, graphmock.Config{})
	delete(env, "ARM_CLIENT_SECRET")
	return env
}

// recordedDiagnostic is a diagnostic the provider returned, and the call
// that returned it ("plan", "apply", "read", ...).
type recordedDiagnostic struct {
	*tfprotov6.Diagnostic
	call string
}

// diagnostics returns the diagnostics the provider reported so far whose
// summary contains summary.
func (e *testEnv) diagnostics(summary string) []*tfprotov6.Diagnostic {
	return e.diagnosticsOf("", summary)
}

// diagnosticsOf is diagnostics of one kind of call ("" for any).
func (e *testEnv) diagnosticsOf(call, summary string) []*tfprotov6.Diagnostic {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []*tfprotov6.Diagnostic
	for _, d := range e.diags {
		if strings.Contains(d.Summary, summary) && (call == "" || d.call == call) {
			out = append(out, d.Diagnostic)
		}
	}
	return out
}

// resetDiagnostics forgets the diagnostics recorded so far, as a step's
// PreConfig.
func (e *testEnv) resetDiagnostics() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.diags = nil
}

func (e *testEnv) record(call string, diags []*tfprotov6.Diagnostic) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, d := range diags {
		e.diags = append(e.diags, recordedDiagnostic{Diagnostic: d, call: call})
	}
}

// recordingServer passes every call to the provider and keeps the
// diagnostics it returns, since terraform-plugin-testing cannot assert on
// warnings.
type recordingServer struct {
	tfprotov6.ProviderServer
	env *testEnv
}

// listResources is the provider's list resource server, which
// tfprotov6.ProviderServer does not name yet.
func (s *recordingServer) listResources() (tfprotov6.ListResourceServer, error) {
	if l, ok := s.ProviderServer.(tfprotov6.ListResourceServer); ok {
		return l, nil
	}
	return nil, fmt.Errorf("the provider server %T serves no list resources", s.ProviderServer)
}

func (s *recordingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	l, err := s.listResources()
	if err != nil {
		return nil, err
	}
	return l.ValidateListResourceConfig(ctx, req)
}

func (s *recordingServer) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	l, err := s.listResources()
	if err != nil {
		return nil, err
	}
	return l.ListResource(ctx, req)
}

func (s *recordingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	s.env.mu.Lock()
	s.env.configures++
	s.env.mu.Unlock()
	resp, err := s.ProviderServer.ConfigureProvider(ctx, req)
	if resp != nil {
		s.env.record("configure", resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		s.env.record("plan", resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		s.env.record("apply", resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		s.env.record("read", resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		s.env.record("read-data", resp.Diagnostics)
	}
	return resp, err
}

// onMock is a check that reads the mock's own records: the requests it
// received and what its store holds. A tenant cannot show them, so in live
// mode the check is skipped (and only such checks are).
func (e *testEnv) onMock(check func(*graphmock.Instance) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.mock == nil {
			return nil
		}
		return check(e.mock)
	}
}

// checkMeeting checks the organizer's meeting that Graph holds under an
// external id: the mock's, or the tenant's as a GET returns it.
func (e *testEnv) checkMeeting(externalID string, check func(graph.OnlineMeeting) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var m graph.OnlineMeeting
		ok := false
		if e.live != nil {
			if id, found := e.live.byExternalID(createdMeeting, organizerID, externalID); found {
				got, err := e.live.client.GetOnlineMeeting(context.Background(), organizerID, id)
				if err != nil && !graph.IsNotFound(err) {
					return err
				}
				if ok = err == nil; ok {
					m = *got
				}
			}
		} else {
			m, ok = e.mock.MeetingByExternalID(organizerID, externalID)
		}
		if !ok {
			return fmt.Errorf("Graph holds no meeting with external id %q", externalID)
		}
		return check(m)
	}
}

// expectRequests checks how many requests of each route the mock received.
func (e *testEnv) expectRequests(want map[graphmock.Route]int) resource.TestCheckFunc {
	return e.onMock(func(m *graphmock.Instance) error {
		for route, n := range want {
			if got := m.CountRequests(route); got != n {
				return fmt.Errorf("%s requests = %d, want %d", route, got, n)
			}
		}
		return nil
	})
}

// expectNoRequests checks that the mock received no request at all, token
// requests included.
func (e *testEnv) expectNoRequests() resource.TestCheckFunc {
	return e.onMock(func(m *graphmock.Instance) error {
		if reqs := m.Requests(); len(reqs) != 0 {
			return fmt.Errorf("%d requests reached the mock (first: %s %s), want none", len(reqs), reqs[0].Method, reqs[0].Path)
		}
		return nil
	})
}

// requestTotal is how many requests the mock received so far; 0 in live
// mode, where comparisons of it are skipped by construction.
func (e *testEnv) requestTotal() int {
	if e.mock == nil {
		return 0
	}
	return len(e.mock.Requests())
}

// after runs a check once the test case has ended.
func after(t *testing.T, check resource.TestCheckFunc) {
	t.Helper()
	if err := check(nil); err != nil {
		t.Error(err)
	}
}

// expectMeetingCount checks how many meetings the mock holds.
func (e *testEnv) expectMeetingCount(want int, what string) resource.TestCheckFunc {
	return e.onMock(func(m *graphmock.Instance) error {
		if n := m.MeetingCount(); n != want {
			return fmt.Errorf("meetings = %d, want %d: %s", n, want, what)
		}
		return nil
	})
}

// expectPatchKeys checks the property names of the last PATCH.
func (e *testEnv) expectPatchKeys(want ...string) resource.TestCheckFunc {
	return e.onMock(func(m *graphmock.Instance) error {
		var keys []string
		if reqs := m.RequestsTo(graphmock.RoutePatch); len(reqs) > 0 {
			keys = reqs[len(reqs)-1].BodyKeys()
		}
		if !slices.Equal(keys, want) {
			return fmt.Errorf("PATCH body = %v, want %v", keys, want)
		}
		return nil
	})
}

// resetRequests forgets the requests the mock received so far, as a
// step's PreConfig.
func (e *testEnv) resetRequests() {
	if e.mock != nil {
		e.mock.ResetRequests()
	}
}

// expectAttendeesSent checks that the last PATCH carried the full attendee
// list, with roles.
func (e *testEnv) expectAttendeesSent(n int) resource.TestCheckFunc {
	return e.onMock(func(m *graphmock.Instance) error {
		reqs := m.RequestsTo(graphmock.RoutePatch)
		if len(reqs) == 0 {
			return fmt.Errorf("no PATCH was sent")
		}
		var body struct {
			Participants *struct {
				Attendees []struct {
					Role *string `json:"role"`
				} `json:"attendees"`
			} `json:"participants"`
		}
		if err := json.Unmarshal(reqs[len(reqs)-1].Body, &body); err != nil {
			return err
		}
		if body.Participants == nil || len(body.Participants.Attendees) != n {
			return fmt.Errorf("PATCH %s: want all %d attendees", reqs[len(reqs)-1].Body, n)
		}
		for _, a := range body.Participants.Attendees {
			if a.Role == nil {
				return fmt.Errorf("PATCH %s: an attendee has no role", reqs[len(reqs)-1].Body)
			}
		}
		return nil
	})
}

// addMeeting creates a meeting out of band, as Teams or another tool
// would: in the mock's store, or through the tenant's createOrGet.
func (e *testEnv) addMeeting(t *testing.T, organizer, name string, req graph.CreateOrGetRequest) graph.OnlineMeeting {
	t.Helper()
	if e.mock != nil {
		return e.mock.AddMeeting(organizer, name, "", req)
	}
	req.ExternalID = e.externalID(name)
	m, _, err := e.live.client.CreateOrGetOnlineMeeting(context.Background(), organizer, req)
	if err != nil {
		t.Fatalf("creating meeting %q out of band: %v", req.ExternalID, err)
	}
	return *m
}

// moveMeeting moves a meeting out of band, as Teams would.
func (e *testEnv) moveMeeting(t *testing.T, organizer, id, start, end string) graph.OnlineMeeting {
	t.Helper()
	s, err := graph.ParseDateTime(start)
	if err != nil {
		t.Fatal(err)
	}
	en, err := graph.ParseDateTime(end)
	if err != nil {
		t.Fatal(err)
	}
	if e.mock != nil {
		e.mock.EditMeeting(id, func(m *graph.OnlineMeeting) { m.StartDateTime, m.EndDateTime = s, en })
		m, _ := e.mock.Meeting(id)
		return m
	}
	m, err := e.live.client.UpdateOnlineMeeting(context.Background(), organizer, id, graph.OnlineMeetingUpdate{StartDateTime: s, EndDateTime: en})
	if err != nil {
		t.Fatalf("moving meeting %s out of band: %v", id, err)
	}
	return *m
}

// deleteMeeting deletes a meeting out of band, as Teams would.
func (e *testEnv) deleteMeeting(t *testing.T, organizer, id string) {
	t.Helper()
	if e.mock != nil {
		if !e.mock.DeleteMeeting(id) {
			t.Fatalf("the mock holds no meeting %s to delete", id)
		}
		return
	}
	if err := e.live.client.DeleteOnlineMeeting(context.Background(), organizer, id); err != nil {
		t.Fatalf("deleting meeting %s out of band: %v", id, err)
	}
}

// meetingExists reports whether Graph still holds a meeting.
func (e *testEnv) meetingExists(t *testing.T, organizer, id string) bool {
	t.Helper()
	if e.mock != nil {
		_, ok := e.mock.Meeting(id)
		return ok
	}
	_, err := e.live.client.GetOnlineMeeting(context.Background(), organizer, id)
	if err != nil && !graph.IsNotFound(err) {
		t.Fatal(err)
	}
	return err == nil
}

// expectUnchanged checks that a plan keeps an attribute at its prior
// value, whatever that value is.
func expectUnchanged(address, attribute string) plancheck.PlanCheck {
	return unchangedCheck{address: address, attribute: attribute}
}

type unchangedCheck struct{ address, attribute string }

func (c unchangedCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	before, after, unknown, err := plannedChange(req, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	prior, ok := before[c.attribute]
	switch {
	case !ok:
		resp.Error = fmt.Errorf("%s has no prior %s", c.address, c.attribute)
	case anyUnknown(unknown[c.attribute]):
		resp.Error = fmt.Errorf("%s.%s is planned (partly) unknown, want its prior value %v", c.address, c.attribute, prior)
	case !reflect.DeepEqual(prior, after[c.attribute]):
		resp.Error = fmt.Errorf("%s.%s planned %v, want its prior value %v", c.address, c.attribute, after[c.attribute], prior)
	}
}

// plannedChange is a resource's planned change, as top-level attributes:
// before, after, and which of after are (partly) unknown.
func plannedChange(req plancheck.CheckPlanRequest, address string) (before, after, unknown map[string]any, err error) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == address {
			before, _ = rc.Change.Before.(map[string]any)
			after, _ = rc.Change.After.(map[string]any)
			unknown, _ = rc.Change.AfterUnknown.(map[string]any)
			return before, after, unknown, nil
		}
	}
	return nil, nil, nil, fmt.Errorf("no planned change for %s", address)
}

// anyUnknown tells whether a plan's after_unknown value marks anything
// unknown, at any depth.
func anyUnknown(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case map[string]any:
		for _, e := range v {
			if anyUnknown(e) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if anyUnknown(e) {
				return true
			}
		}
	}
	return false
}

// importBlock is an import block that imports the meeting of organizer
// with meetingID into address, by the "<user_id>/<meeting_id>" import id.
func importBlock(address, organizer, meetingID string) string {
	return fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", address, organizer+"/"+meetingID)
}

// minimalMeeting is a resource that needs Graph, for provider tests.
func minimalMeeting(userID string) string {
	user := ""
	if userID != "" {
		user = fmt.Sprintf("user_id = %q", userID)
	}
	return fmt.Sprintf(`
resource "msgraph_online_meeting" "test" {
  %s
  external_id = "provider-test"
  subject     = "Provider test"
}
`, user)
}

func TestAccProvider_credentials(t *testing.T) {
	t.Parallel()
	cert, key := graphmock.NewCertificate(t)
	pfx, err := pkcs12.Modern.Encode(key, cert, nil, "pfx-pw")
	if err != nil {
		t.Fatal(err)
	}
	pemPath := filepath.Join(t.TempDir(), "app.pem")
	pemBundle := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}),
		pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})...)
	if err := os.WriteFile(pemPath, pemBundle, 0o600); err != nil {
		t.Fatal(err)
	}
	tokenPath := filepath.Join(t.TempDir(), "federated-token")
	if err := os.WriteFile(tokenPath, []byte("federated-jwt"), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := map[string]struct {
		credential string // provider arguments besides the endpoints
		env        map[string]string
		userID     string
		tokens     int             // token requests expected per provider process
		route      graphmock.Route // where tokens come from; default the token endpoint
		// exchanges counts requests that must reach a CI's or a platform's
		// endpoint besides, at least one.
		exchanges graphmock.Route
		// query must be in the token requests' query.
		query string
	}{
		"client secret": {
			credential: fmt.Sprintf("tenant_id = %q\nclient_id = %q\nclient_secret = %q", graphmock.DefaultTenantID, graphmock.DefaultClientID, graphmock.DefaultClientSecret),
			userID:     organizerID, tokens: 1,
		},
		"PKCS#12 certificate": {
			credential: fmt.Sprintf("tenant_id = %q\nclient_id = %q\nclient_certificate = %q\nclient_certificate_password = \"pfx-pw\"",
				graphmock.DefaultTenantID, graphmock.DefaultClientID, base64.StdEncoding.EncodeToString(pfx)),
			userID: organizerID, tokens: 1,
		},
		"PEM certificate file": {
			credential: fmt.Sprintf("tenant_id = %q\nclient_id = %q\nclient_certificate_path = %q", graphmock.DefaultTenantID, graphmock.DefaultClientID, pemPath),
			userID:     organizerID, tokens: 1,
		},
		"OIDC token": {
			credential: fmt.Sprintf("tenant_id = %q\nclient_id = %q\nuse_oidc = true\noidc_token = \"federated-jwt\"", graphmock.DefaultTenantID, graphmock.DefaultClientID),
			userID:     organizerID, tokens: 1,
		},
		"OIDC token file": {
			credential: fmt.Sprintf("tenant_id = %q\nclient_id = %q\nuse_oidc = true\noidc_token_file_path = %q", graphmock.DefaultTenantID, graphmock.DefaultClientID, tokenPath),
			userID:     organizerID, tokens: 1,
		},
		"OIDC from the CI": {
			credential: fmt.Sprintf("tenant_id = %q\nclient_id = %q\nuse_oidc = true\noidc_request_url = \"{mock}/oidc/token?api-version=2.0\"\noidc_request_token = \"ci-request-token\"",
				graphmock.DefaultTenantID, graphmock.DefaultClientID),
			userID: organizerID, tokens: 1,
		},
		"delegated access token on /me": {
			credential: `access_token = "delegated-token"`,
			tokens:     0,
		},
		"Azure DevOps workload identity federation": {
			credential: fmt.Sprintf("tenant_id = %q\nclient_id = %q\nuse_oidc = true", graphmock.DefaultTenantID, graphmock.DefaultClientID),
			env:        map[string]string{"ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID": "sc-training", "SYSTEM_OIDCREQUESTURI": "{ado}", "SYSTEM_ACCESSTOKEN": "ado-job-token"},
			userID:     organizerID, tokens: 1, exchanges: graphmock.RouteADOOIDC,
		},
		"AKS workload identity": {
			credential: "use_aks_workload_identity = true",
			env: map[string]string{"AZURE_FEDERATED_TOKEN_FILE": tokenPath, "AZURE_CLIENT_ID": graphmock.DefaultClientID,
				"AZURE_TENANT_ID": graphmock.DefaultTenantID, "AZURE_AUTHORITY_HOST": "{mock}/"},
			userID: organizerID, tokens: 1,
		},
		"managed identity, metadata endpoint": {
			credential: "use_msi = true\nmsi_endpoint = \"{mock}" + graphmock.IMDSPath + "\"",
			userID:     organizerID, tokens: 1, route: graphmock.RouteIMDS,
		},
		"managed identity, user-assigned": {
			credential: "use_msi = true\nclient_id = \"5d1f0000-0000-4000-8000-00000000aaaa\"\nmsi_endpoint = \"{mock}" + graphmock.IMDSPath + "\"",
			userID:     organizerID, tokens: 1, route: graphmock.RouteIMDS, query: "client_id=5d1f0000-0000-4000-8000-00000000aaaa",
		},
		"managed identity, App Service": {
			credential: "use_msi = true",
			env:        map[string]string{"IDENTITY_ENDPOINT": "{mock}" + graphmock.AppServiceIdentityPath, "IDENTITY_HEADER": "app-service-header"},
			userID:     organizerID, tokens: 1, route: graphmock.RouteAppService,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			env := newMockEnv(t, graphmock.Config{
				Certificate: cert.Raw, FederatedToken: "federated-jwt", OIDCRequestToken: "ci-request-token",
				DelegatedTokens: map[string]string{"delegated-token": organizerID},
				ADORequestToken: "ado-job-token", ADOServiceConnectionID: "sc-training",
				SystemAssignedIdentity: true, UserAssignedIdentities: []string{"5d1f0000-0000-4000-8000-00000000aaaa"}, IdentityHeader: "app-service-header",
			})
			authority := fmt.Sprintf("authority_host = %q\n", env.mock.URL)
			if strings.Contains(tt.credential, "use_aks_workload_identity") {
				authority = "" // AZURE_AUTHORITY_HOST, with its trailing slash
			}
			provider := fmt.Sprintf("provider \"msgraph\" {\n%s\n%sgraph_endpoint = %q\n}\n",
				env.filledIn(tt.credential, ""), authority, env.mock.GraphURL())
			vars := map[string]string{}
			for k, v := range tt.env {
				vars[k] = env.filledIn(v, "")
			}
			route := tt.route
			if route == "" {
				route = graphmock.RouteToken
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factoriesWithEnv(vars),
				Steps: []resource.TestStep{{
					Config: provider + minimalMeeting(tt.userID),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("msgraph_online_meeting.test", tfjsonpath.New("participants").AtMapKey("organizer").AtMapKey("user_id"), knownvalue.StringExact(organizerID)),
					},
					Check: func(*terraform.State) error {
						// Plan, apply and the post-apply refresh each run in a
						// fresh provider instance: at most one token each.
						if n := env.mock.CountRequests(route); tt.tokens == 0 && n != 0 || n > 3*tt.tokens || tt.tokens > 0 && n == 0 {
							return fmt.Errorf("%s requests = %d", route, n)
						}
						if tt.exchanges != "" && env.mock.CountRequests(tt.exchanges) == 0 {
							return fmt.Errorf("no %s request", tt.exchanges)
						}
						for _, r := range env.mock.RequestsTo(route) {
							if !strings.Contains(r.Query, tt.query) {
								return fmt.Errorf("token request query %q, want %q in it", r.Query, tt.query)
							}
						}
						return nil
					},
				}},
			})
		})
	}
}

// TestAccProvider_managedIdentityFailures: a managed identity that cannot
// be had fails the apply with what the endpoint said, or where it could
// not be reached, and creates nothing.
func TestAccProvider_managedIdentityFailures(t *testing.T) {
	closed := closedLoopbackURL(t)
	tests := map[string]struct {
		credential string
		want       string
	}{
		"no identity assigned": {
			credential: "use_msi = true\nmsi_endpoint = \"{mock}" + graphmock.IMDSPath + "\"",
			want:       `(?s)could not obtain an access token.*invalid_request:\s+Identity\s+not\s+found.*has a managed identity`,
		},
		"no managed identity endpoint": {
			credential: "use_msi = true\nmsi_endpoint = \"" + closed + graphmock.IMDSPath + "\"",
			want:       `(?s)could not obtain an access token.*managed\s+identity.*connection\s+refused.*with\s+a\s+managed\s+identity`,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			env := newMockEnv(t, graphmock.Config{})
			provider := fmt.Sprintf("provider \"msgraph\" {\n%s\ngraph_endpoint = %q\n}\n", env.filledIn(tt.credential, ""), env.mock.GraphURL())
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      provider + minimalMeeting(organizerID),
					ExpectError: regexp.MustCompile(tt.want),
				}},
			})
			after(t, env.expectMeetingCount(0, "the apply failed"))
		})
	}
}

// closedLoopbackURL is the base URL of a loopback port nothing listens on.
func closedLoopbackURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + l.Addr().String()
	_ = l.Close()
	return u
}

func TestAccProvider_environmentFallback(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factoriesWithEnv(map[string]string{
			"ARM_TENANT_ID": graphmock.DefaultTenantID, "ARM_CLIENT_ID": graphmock.DefaultClientID, "ARM_CLIENT_SECRET": graphmock.DefaultClientSecret,
			"ARM_AUTHORITY_HOST": env.mock.URL, "MSGRAPH_ENDPOINT": env.mock.GraphURL(), "MSGRAPH_ACCEPT_LANGUAGE": "de-DE",
		}),
		Steps: []resource.TestStep{{
			Config: `provider "msgraph" {}` + minimalMeeting(organizerID),
			Check: func(*terraform.State) error {
				if got := env.mock.RequestsTo(graphmock.RouteCreateOrGet)[0].Headers.Get("Accept-Language"); got != "de-DE" {
					return fmt.Errorf("Accept-Language = %q, want MSGRAPH_ACCEPT_LANGUAGE", got)
				}
				return nil
			},
		}},
	})
}

// An empty configuration validates and plans without any credential.
func TestAccProvider_noCredentialsEmptyConfig(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:   `provider "msgraph" {}`,
			PlanOnly: true,
		}},
	})
}

func TestAccProvider_configurationErrors(t *testing.T) {
	tests := map[string]struct {
		provider string
		env      map[string]string
		want     string
	}{
		"no credential": {
			provider: `provider "msgraph" {}`,
			want:     `(?s)Missing Microsoft Graph Credentials.*ARM_CLIENT_SECRET`,
		},
		"conflicting credentials": {
			provider: `provider "msgraph" {
  tenant_id     = "t"
  client_id     = "c"
  client_secret = "s"
}`,
			env:  map[string]string{"MSGRAPH_ACCESS_TOKEN": "token"},
			want: `(?s)Conflicting Credentials.*access_token \(environment variable\s+MSGRAPH_ACCESS_TOKEN\).*client_secret`,
		},
		"missing tenant": {
			provider: `provider "msgraph" {
  client_id     = "c"
  client_secret = "s"
}`,
			want: `(?s)Missing Tenant ID.*tenant_id \(environment variable\s+ARM_TENANT_ID\)`,
		},
		"plain HTTP Graph endpoint": {
			provider: `provider "msgraph" {
  access_token   = "token"
  graph_endpoint = "http://graph.example.com/v1.0"
}`,
			want: `(?s)Invalid Endpoint URL.*graph_endpoint.*not a loopback address`,
		},
		"managed identity and a client secret": {
			provider: `provider "msgraph" {
  use_msi = true
}`,
			env:  map[string]string{"ARM_CLIENT_SECRET": "s"},
			want: `(?s)Conflicting Credentials.*client_secret \(environment variable\s+ARM_CLIENT_SECRET\).*use_msi`,
		},
		"AKS federated token file unreadable": {
			provider: `provider "msgraph" {
  use_aks_workload_identity = true
}`,
			env:  map[string]string{"AZURE_FEDERATED_TOKEN_FILE": "/nonexistent/azure-identity-token", "AZURE_CLIENT_ID": "c", "AZURE_TENANT_ID": "t"},
			want: `(?s)Unable to Read Federated Token.*AZURE_FEDERATED_TOKEN_FILE.*/nonexistent/azure-identity-token`,
		},
		"managed identity endpoint in plain HTTP on another host": {
			provider: `provider "msgraph" {
  use_msi      = true
  msi_endpoint = "http://192.168.1.20/metadata/identity/oauth2/token"
}`,
			want: `(?s)Invalid Endpoint URL.*msi_endpoint.*169\.254\.169\.254`,
		},
		"plain HTTP authority host from the environment": {
			provider: `provider "msgraph" {
  client_secret = "s"
}`,
			env:  map[string]string{"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_AUTHORITY_HOST": "http://login.example.com"},
			want: `(?s)Invalid Endpoint URL.*ARM_AUTHORITY_HOST`,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			env := newTestEnv(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factoriesWithEnv(tt.env),
				Steps: []resource.TestStep{{
					Config:      tt.provider + minimalMeeting(organizerID),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tt.want),
				}},
			})
			after(t, env.expectNoRequests())
		})
	}
}

// expectEventChangesOnly checks that a plan changes exactly the named
// top-level attributes of the event test resource (calendarEvent), and
// leaves every other one as it was (known).
func expectEventChangesOnly(attributes ...string) plancheck.PlanCheck {
	return expectChangesOnly(calendarEvent, attributes...)
}

// expectChangesOnly checks that a plan changes exactly the named top-level
// attributes of the resource at address.
func expectChangesOnly(address string, attributes ...string) plancheck.PlanCheck {
	return changesOnlyCheck{address: address, attributes: attributes}
}

type changesOnlyCheck struct {
	address    string
	attributes []string
}

func (c changesOnlyCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	before, after, unknown, err := plannedChange(req, c.address)
	if err != nil {
		resp.Error = err
		return
	}
	var changed []string
	for name := range after {
		if anyUnknown(unknown[name]) || !reflect.DeepEqual(before[name], after[name]) {
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	if want := slices.Sorted(slices.Values(c.attributes)); !slices.Equal(changed, want) {
		resp.Error = fmt.Errorf("%s: the plan changes %v, want %v", c.address, changed, want)
	}
}
