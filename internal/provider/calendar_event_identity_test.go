package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// TestAccCalendarEvent_identity: the identity is the organizer's mailbox
// and the event id, set on create and kept through an update, and an
// import block with that identity finds the event and plans nothing.
func TestAccCalendarEvent_identity(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	session := func(subject string) string {
		return env.config(eventConfig(`  subject         = "` + subject + `"
  start_date_time = "2026-04-27T09:00:00"
  end_date_time   = "2026-04-27T10:00:00"`))
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: session("Identity"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(calendarEvent, map[string]knownvalue.Check{
						"user_id": knownvalue.StringExact(strings.ToLower(organizerID)),
						"id":      knownvalue.NotNull(),
					}),
					statecheck.ExpectIdentityValueMatchesState(calendarEvent, tfjsonpath.New("id")),
				},
			},
			{
				Config: session("Identity, renamed"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(calendarEvent, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    calendarEvent,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// TestAccCalendarEvent_importByIdentity: an event made in Outlook, imported
// by an identity that names the organizer by user principal name, plans
// its key alone and writes it without mail; deleted in Outlook, it leaves
// the state with its identity and is planned anew.
func TestAccCalendarEvent_importByIdentity(t *testing.T) {
	const upn = "Organizer@Contoso.example"
	env := newEventEnv(t, graphmock.Config{Users: []graphmock.User{{ID: organizerID, UPN: upn, DisplayName: "Olga Organizer"}}})
	made := addressedInOutlook(env, "", "trainer@contoso.example")
	config := env.config(fmt.Sprintf(`
resource "msgraph_calendar_event" "test" {
  user_id     = %q
  external_id = "module-2"
%s
}
`, upn, addressedSession+attendeesIn("trainer@contoso.example")))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: env.resetMail,
				Config: config + fmt.Sprintf(`
import {
  to = msgraph_calendar_event.test
  identity = {
    user_id = %q
    id      = %q
  }
}`, upn, made.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(calendarEvent, plancheck.ResourceActionUpdate),
						expectUnchanged(calendarEvent, "attendees"),
						expectUnchanged(calendarEvent, "subject"),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(calendarEvent, map[string]knownvalue.Check{
						"user_id": knownvalue.StringExact(strings.ToLower(upn)),
						"id":      knownvalue.StringExact(made.ID),
					}),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectEventPatchKeys("singleValueExtendedProperties"),
					env.expectMail("", "", 0),
				),
			},
			{
				PreConfig: func() { env.mock.DeleteEvent(made.ID) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(calendarEvent, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}
