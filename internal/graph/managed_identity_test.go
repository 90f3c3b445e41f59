package graph_test

import (
	"context"
	"strings"
	"testing"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// TestManagedIdentity: the metadata endpoint and the App Service endpoint
// each yield a Graph token that is cached for the client's requests.
func TestManagedIdentity(t *testing.T) {
	mock := newMock(t, graphmock.Config{SystemAssignedIdentity: true, UserAssignedIdentities: []string{"uai"}, IdentityHeader: "hdr"})
	for name, tt := range map[string]struct {
		mi    graph.ManagedIdentity
		route graphmock.Route
		query string
	}{
		"metadata endpoint, system-assigned": {graph.ManagedIdentity{Endpoint: mock.URL + graphmock.IMDSPath}, graphmock.RouteIMDS, "api-version=2018-02-01"},
		"metadata endpoint, user-assigned":   {graph.ManagedIdentity{Endpoint: mock.URL + graphmock.IMDSPath, ClientID: "uai"}, graphmock.RouteIMDS, "client_id=uai"},
		"App Service":                        {graph.ManagedIdentity{Endpoint: mock.URL + graphmock.AppServiceIdentityPath, IdentityHeader: "hdr"}, graphmock.RouteAppService, "api-version=2019-08-01"},
	} {
		t.Run(name, func(t *testing.T) {
			mock.ResetRequests()
			c := newClient(t, mock, func(o *graph.Options) { o.Credential = graph.ManagedIdentityCredential(tt.mi) })
			for range 3 {
				if _, err := c.GetOnlineMeeting(context.Background(), organizer, "none"); !graph.IsNotFound(err) {
					t.Fatalf("err = %v, want Graph's 404 with a valid token", err)
				}
			}
			reqs := mock.RequestsTo(tt.route)
			if len(reqs) != 1 || !strings.Contains(reqs[0].Query, tt.query) || !strings.Contains(reqs[0].Query, "resource=") {
				t.Errorf("token requests %+v, want one with %s and the resource", reqs, tt.query)
			}
		})
	}
	t.Run("an identity the machine lacks", func(t *testing.T) {
		c := newClient(t, mock, func(o *graph.Options) {
			o.Credential = graph.ManagedIdentityCredential(graph.ManagedIdentity{Endpoint: mock.URL + graphmock.IMDSPath, ClientID: "other"})
		})
		_, err := c.GetOnlineMeeting(context.Background(), organizer, "none")
		if err == nil || !strings.Contains(err.Error(), "Identity not found") {
			t.Errorf("err = %v, want the endpoint's answer", err)
		}
	})
}

func TestCheckManagedIdentityEndpoint(t *testing.T) {
	for raw, want := range map[string][2]bool{ // [set by the platform] -> ok
		"https://identity.example/token":                        {true, true},
		"http://127.0.0.1:41741/MSI/token/":                     {true, true},
		"http://localhost:42356/msi/token":                      {true, true},
		"http://169.254.169.254/metadata/identity/oauth2/token": {true, true},
		"http://172.16.4.2:8081/msi/token":                      {false, true},
		"http://203.0.113.9/msi/token":                          {false, false},
		"http://169.254.169.253/metadata/identity/oauth2/token": {false, false},
	} {
		if got := graph.CheckManagedIdentityEndpoint(raw, false) == nil; got != want[0] {
			t.Errorf("%s as msi_endpoint: ok %v, want %v", raw, got, want[0])
		}
		if got := graph.CheckManagedIdentityEndpoint(raw, true) == nil; got != want[1] {
			t.Errorf("%s as IDENTITY_ENDPOINT: ok %v, want %v", raw, got, want[1])
		}
	}
	if graph.CheckEndpointURL("http://169.254.169.254") == nil {
		t.Error("the metadata endpoint's address passes the rule for every other endpoint")
	}
}

// TestADOPipelineToken asks the pipeline's endpoint as azurerm does.
func TestADOPipelineToken(t *testing.T) {
	mock := newMock(t, graphmock.Config{FederatedToken: "federated", ADORequestToken: "job", ADOServiceConnectionID: "sc"})
	token, err := graph.ADOPipelineToken(mock.ADOOIDCRequestURL(), "job", "sc")(context.Background())
	if err != nil || token != "federated" {
		t.Fatalf("token %q, err %v", token, err)
	}
	r := mock.RequestsTo(graphmock.RouteADOOIDC)[0]
	if r.Method != "POST" || !strings.Contains(r.Query, "api-version=7.1") || !strings.Contains(r.Query, "serviceConnectionId=sc") {
		t.Errorf("request %s ?%s", r.Method, r.Query)
	}
	if _, err := graph.ADOPipelineToken(mock.ADOOIDCRequestURL(), "job", "another")(context.Background()); err == nil || strings.Contains(err.Error(), "job") {
		t.Errorf("another service connection: err = %v, want a refusal that does not quote the token", err)
	}
}
