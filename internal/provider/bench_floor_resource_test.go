package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

var floorConfig = `
resource "msgraph_bench_floor" "m" {
  user_id         = "` + organizerID + `"
  external_id     = "floor"
  subject         = "Floor"
  start_date_time = "2026-03-02T09:00:00Z"
}
`

// TestAccBenchFloor: with MSGRAPH_BENCH_FLOOR=1 the floor resource takes
// msgraph_online_meeting's configuration, applies and plans no change
// without a single request; without it, it does not exist.
func TestAccBenchFloor(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{})
	t.Parallel()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factoriesWithEnv(map[string]string{BenchFloorEnv: "1"}),
		Steps: []resource.TestStep{{
			Config: `provider "msgraph" {}` + floorConfig,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	if n := env.mock.CountRequests(graphmock.RouteToken) + env.mock.CountRequests(); n != 0 {
		t.Errorf("the floor sent %d requests", n)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      `provider "msgraph" {}` + floorConfig,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?i)invalid resource type`),
		}},
	})
}
