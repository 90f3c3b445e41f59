package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// Users of the test tenant.
const (
	organizerID = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
	trainerID   = "1f35f2e6-9cab-44ad-8d5a-b74c14720000"
	learnerID   = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
	learner2ID  = "c0ffee00-1234-4abc-9def-0123456789ab"
)

// testBackoff keeps retry waits short when Graph gives no Retry-After;
// Retry-After itself is always honoured as given.
var testBackoff = graph.Backoff{Min: 50 * time.Millisecond, Max: 500 * time.Millisecond}

// testEnv is an acceptance test's world: a fresh mock Graph, and a record
// of the diagnostics the provider returned to Terraform.
type testEnv struct {
	mock *graphmock.TestServer

	mu    sync.Mutex
	diags []*tfprotov6.Diagnostic
}

func newTestEnv(t *testing.T, cfg graphmock.Config) *testEnv {
	t.Helper()
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = graphmock.DefaultClientSecret
	}
	return &testEnv{mock: graphmock.NewTestServer(t, cfg)}
}

// factories attach the provider in-process, configured independently of
// the machine's environment variables.
func (e *testEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return e.factoriesWithEnv(map[string]string{})
}

func (e *testEnv) factoriesWithEnv(environment map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"msgraph": func() (tfprotov6.ProviderServer, error) {
			p := &msgraphProvider{
				version:      "test",
				getenv:       func(k string) string { return environment[k] },
				graphOptions: func(o *graph.Options) { o.Backoff = testBackoff },
			}
			server, err := providerserver.NewProtocol6WithError(p)()
			return &recordingServer{ProviderServer: server, env: e}, err
		},
	}
}

// providerBlock configures the provider for the mock with a client secret.
func (e *testEnv) providerBlock() string {
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

// config prepends the provider block to resource configuration.
func (e *testEnv) config(resources string) string {
	return e.providerBlock() + resources
}

// diagnostics returns the diagnostics the provider reported so far whose
// summary contains summary.
func (e *testEnv) diagnostics(summary string) []*tfprotov6.Diagnostic {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []*tfprotov6.Diagnostic
	for _, d := range e.diags {
		if strings.Contains(d.Summary, summary) {
			out = append(out, d)
		}
	}
	return out
}

func (e *testEnv) record(diags []*tfprotov6.Diagnostic) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.diags = append(e.diags, diags...)
}

// recordingServer passes every call to the provider and keeps the
// diagnostics it returns, since terraform-plugin-testing cannot assert on
// warnings.
type recordingServer struct {
	tfprotov6.ProviderServer
	env *testEnv
}

func (s *recordingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	resp, err := s.ProviderServer.ConfigureProvider(ctx, req)
	if resp != nil {
		s.env.record(resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		s.env.record(resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		s.env.record(resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		s.env.record(resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		s.env.record(resp.Diagnostics)
	}
	return resp, err
}

// checkMeeting checks the meeting the mock holds for a user and external id.
func (e *testEnv) checkMeeting(userID, externalID string, check func(graph.OnlineMeeting) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		m, ok := e.mock.MeetingByExternalID(userID, externalID)
		if !ok {
			return fmt.Errorf("Graph holds no meeting with external id %q for %s", externalID, userID)
		}
		return check(m)
	}
}

// expectUnchanged checks that a plan keeps an attribute at its prior
// value, whatever that value is.
func expectUnchanged(address, attribute string) plancheck.PlanCheck {
	return unchangedCheck{address: address, attribute: attribute}
}

type unchangedCheck struct{ address, attribute string }

func (c unchangedCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.address {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		if unknown[c.attribute] == true {
			resp.Error = fmt.Errorf("%s.%s is planned unknown, want its prior value %v", c.address, c.attribute, before[c.attribute])
		} else if before[c.attribute] == nil || before[c.attribute] != after[c.attribute] {
			resp.Error = fmt.Errorf("%s.%s planned %v, want its prior value %v", c.address, c.attribute, after[c.attribute], before[c.attribute])
		}
		return
	}
	resp.Error = fmt.Errorf("no planned change for %s", c.address)
}
