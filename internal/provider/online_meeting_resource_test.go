package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

const meeting = "msgraph_online_meeting.test"

func meetingConfig(body string) string {
	return fmt.Sprintf(`
resource "msgraph_online_meeting" "test" {
  user_id     = %q
  external_id = "acc-test"
%s
}
`, organizerID, body)
}

// TestAccOnlineMeeting_startOnly: the end is start + 1 h, known at plan
// time, in the offset the start was written in; on update it follows a
// new start.
func TestAccOnlineMeeting_startOnly(t *testing.T) {
	env := newTestEnv(t, graphmock.Config{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(meetingConfig(`  subject = "Start only"
  start_date_time = "2026-03-02T09:00:00+01:00"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(meeting, tfjsonpath.New("end_date_time"), knownvalue.StringExact("2026-03-02T10:00:00+01:00")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("start_date_time"), knownvalue.StringExact("2026-03-02T09:00:00+01:00")),
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("end_date_time"), knownvalue.StringExact("2026-03-02T10:00:00+01:00")),
				},
			},
			{
				Config: env.config(meetingConfig(`  subject = "Start only"
  start_date_time = "2026-03-03T14:30:00-05:00"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(meeting, tfjsonpath.New("end_date_time"), knownvalue.StringExact("2026-03-03T15:30:00-05:00")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.checkMeeting(organizerID, "acc-test", func(m graph.OnlineMeeting) error {
					if got := m.EndDateTime.String(); got != "2026-03-03T20:30:00Z" {
						return fmt.Errorf("Graph's end = %s, want the new start + 1 h", got)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccOnlineMeeting_endWithoutStart(t *testing.T) {
	env := newTestEnv(t, graphmock.Config{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      env.config(meetingConfig(`  end_date_time = "2026-03-02T10:00:00Z"`)),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)End Without Start.*end_date_time is set but start_date_time is not`),
		}},
	})
	if n := env.mock.CountRequests(); n != 0 {
		t.Errorf("Graph requests = %d, want 0 for a plan-time error", n)
	}
}
