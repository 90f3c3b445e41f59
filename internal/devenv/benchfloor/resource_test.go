package benchfloor

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync/atomic"
	"testing"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/meetingops/terraform-provider-msgraph/internal/provider"
)

const floorConfig = `
resource "msgraph_bench_floor" "m" {
  user_id         = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
  external_id     = "floor"
  subject         = "Floor"
  start_date_time = "2026-03-02T09:00:00Z"
}
`

// TestAccBenchFloor: the floor resource takes msgraph_online_meeting's
// configuration, applies and plans no change without a single request;
// the provider users install has no such resource.
func TestAccBenchFloor(t *testing.T) {
	t.Parallel()
	var requests atomic.Int32
	graph := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(graph.Close)
	providerBlock := `
provider "msgraph" {
  tenant_id      = "00000000-0000-4000-8000-000000000001"
  client_id      = "00000000-0000-4000-8000-000000000002"
  client_secret  = "not-a-secret"
  authority_host = "` + graph.URL + `"
  graph_endpoint = "` + graph.URL + `/v1.0"
}
`
	served := func(p func() fwprovider.Provider) map[string]func() (tfprotov6.ProviderServer, error) {
		return map[string]func() (tfprotov6.ProviderServer, error){"msgraph": providerserver.NewProtocol6WithError(p())}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: served(func() fwprovider.Provider { return Provider(provider.New("test")()) }),
		Steps: []resource.TestStep{{
			Config: providerBlock + floorConfig,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	if n := requests.Load(); n != 0 {
		t.Errorf("the floor sent %d requests", n)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: served(provider.New("test")),
		Steps: []resource.TestStep{{
			Config:      providerBlock + floorConfig,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?i)invalid resource type`),
		}},
	})
}
