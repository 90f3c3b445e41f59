package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// TestAccCalendarEvent_sameTimesInAnotherZone: a configuration that writes
// an event's times in another zone plans no change, sends nothing and
// mails no one (an imported event keeps the zone it was made in); a real
// move in that zone is one PATCH of the times and one update per
// attendee.
func TestAccCalendarEvent_sameTimesInAnotherZone(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	session := func(zone, start, end string) string {
		return env.config(eventConfig(`  subject         = "Module 4"
  start_date_time = "` + start + `"
  end_date_time   = "` + end + `"
  time_zone       = "` + zone + `"` + twoTrainees))
	}
	inBerlin := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("time_zone"), knownvalue.StringExact("Europe/Berlin")),
		statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("start_date_time"), knownvalue.StringExact("2026-04-13T09:00:00")),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: session("Europe/Berlin", "2026-04-13T09:00:00", "2026-04-13T10:00:00")},
			{
				// 09:00 in Berlin in April is 07:00 UTC.
				PreConfig: env.resetMail,
				Config:    session("UTC", "2026-04-13T07:00:00", "2026-04-13T08:00:00"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: inBerlin,
				Check:             resource.ComposeTestCheckFunc(env.noEventWrites(), env.expectMail("", "", 0)),
			},
			{
				PreConfig: env.resetMail,
				Config:    session("UTC", "2026-04-13T07:30:00", "2026-04-13T08:30:00"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(calendarEvent, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("start_date_time"), knownvalue.StringExact("2026-04-13T07:30:00")),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectEventPatchKeys("end", "start"),
					env.expectMail(graphmock.MailUpdate, "", 2),
				),
			},
		},
	})
}
