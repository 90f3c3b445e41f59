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

// Addresses compare as Exchange compares them, without regard to case, on
// every path (SPEC §6, Addresses): the mock answers a directory user's
// address in the directory's spelling (Trainer@Contoso.example), and a
// guest's as it was last written.

// attendeesIn is an attendees attribute with the addresses given.
func attendeesIn(emails ...string) string {
	out := "\n  attendees = ["
	for _, e := range emails {
		out += fmt.Sprintf("\n    { email = %q },", e)
	}
	return out + "\n  ]"
}

const addressedSession = `  subject         = "Module 2"
  start_date_time = "2026-04-13T09:00:00"
  end_date_time   = "2026-04-13T12:00:00"
  time_zone       = "Europe/Berlin"`

// addressedInOutlook adds addressedSession to the organizer's mailbox as
// someone using Outlook would, with the attendees given and, unless key is
// "", the provider's key.
func addressedInOutlook(env *testEnv, key string, emails ...string) graph.Event {
	e := graph.Event{
		Subject:         graph.Ptr("Module 2"),
		Start:           &graph.DateTimeTimeZone{DateTime: "2026-04-13T09:00:00", TimeZone: "Europe/Berlin"},
		End:             &graph.DateTimeTimeZone{DateTime: "2026-04-13T12:00:00", TimeZone: "Europe/Berlin"},
		IsOnlineMeeting: graph.Ptr(true), OnlineMeetingProvider: graph.Ptr("teamsForBusiness"),
	}
	for _, address := range emails {
		e.Attendees = append(e.Attendees, graph.Attendee{EmailAddress: graph.EmailAddress{Address: address}, Type: "required"})
	}
	if key != "" {
		e.SingleValueExtendedProperties = []graph.SingleValueExtendedProperty{{ID: externalIDProperty, Value: key}}
	}
	return env.mock.AddEvent(organizerID, e)
}

// TestAccCalendarEvent_addressesInAnyCase: created with addresses in
// another case than Graph answers them, the event invites each attendee
// once; Graph re-casing an address on refresh, and the configuration
// writing the same addresses in another case, plan nothing, send nothing
// and mail no one; a new attendee is the one change, and only they are
// invited.
func TestAccCalendarEvent_addressesInAnyCase(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "re-cases a guest's address in the mock's store, which Outlook cannot")
	config := func(emails ...string) string {
		return env.config(eventConfig(addressedSession + attendeesIn(emails...)))
	}
	emailsInState := func(emails ...string) statecheck.StateCheck {
		checks := make([]knownvalue.Check, len(emails))
		for i, e := range emails {
			checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact(e)})
		}
		return statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("attendees"), knownvalue.SetExact(checks))
	}
	quiet := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				// Creation: Graph answers Trainer@Contoso.example.
				Config: config("trainer@contoso.example", "GUEST@fabrikam.example"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{emailsInState("trainer@contoso.example", "GUEST@fabrikam.example")},
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCreate: 1, graphmock.RouteEventPatch: 0}),
					env.expectMail(graphmock.MailInvitation, "trainer@contoso.example", 1),
					env.expectMail(graphmock.MailInvitation, "guest@fabrikam.example", 1),
					env.expectMail("", "", 2),
				),
			},
			{
				// Refresh: Graph now spells the guest otherwise.
				PreConfig: func() {
					env.resetMail()
					for _, e := range env.mock.Events(organizerID) {
						env.mock.EditEvent(e.ID, func(e *graph.Event) {
							for i := range e.Attendees {
								if e.Attendees[i].EmailAddress.Address == "GUEST@fabrikam.example" {
									e.Attendees[i].EmailAddress.Address = "Guest@Fabrikam.Example"
								}
							}
						})
					}
				},
				Config:            config("trainer@contoso.example", "GUEST@fabrikam.example"),
				ConfigPlanChecks:  quiet,
				ConfigStateChecks: []statecheck.StateCheck{emailsInState("trainer@contoso.example", "GUEST@fabrikam.example")},
				Check:             resource.ComposeTestCheckFunc(env.noEventWrites(), env.expectMail("", "", 0)),
			},
			{
				// A configuration edit that changes only the case.
				PreConfig:         env.resetMail,
				Config:            config("TRAINER@CONTOSO.EXAMPLE", "guest@FABRIKAM.example"),
				ConfigPlanChecks:  quiet,
				ConfigStateChecks: []statecheck.StateCheck{emailsInState("trainer@contoso.example", "GUEST@fabrikam.example")},
				Check:             resource.ComposeTestCheckFunc(env.noEventWrites(), env.expectMail("", "", 0)),
			},
			{
				// A new attendee: the one change, whatever the others' case.
				PreConfig: env.resetMail,
				Config:    config("TRAINER@CONTOSO.EXAMPLE", "guest@FABRIKAM.example", "Learner@contoso.example"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(calendarEvent, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{emailsInState("trainer@contoso.example", "GUEST@fabrikam.example", "Learner@contoso.example")},
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 1}),
					env.expectEventPatchKeys("attendees"),
					env.expectMail(graphmock.MailInvitation, "learner@contoso.example", 1),
					env.expectMail(graphmock.MailInvitation, "", 1),
					env.expectMail(graphmock.MailCancellation, "", 0),
				),
			},
		},
	})
}

// TestAccCalendarEvent_importAddressesInAnyCase: an event made in Outlook,
// whose attendees Graph answers re-cased, imported by either form of the
// import id (organizer by object id, and by user principal name) under a
// configuration that writes the addresses in lower case: the plan changes
// the external_id alone, and the apply writes that property alone and
// mails no one.
func TestAccCalendarEvent_importAddressesInAnyCase(t *testing.T) {
	for name, organizer := range map[string]string{"object id": organizerID, "user principal name": "Organizer@Contoso.example"} {
		t.Run(name, func(t *testing.T) {
			env := newEventEnv(t, graphmock.Config{Users: []graphmock.User{{ID: organizerID, UPN: "Organizer@Contoso.example", DisplayName: "Olga Organizer"}}})
			made := addressedInOutlook(env, "", "TRAINER@contoso.example", "Guest@Fabrikam.Example")
			config := env.config(fmt.Sprintf(`
resource "msgraph_calendar_event" "test" {
  user_id     = %q
  external_id = "module-2"
%s
}
`, organizer, addressedSession+attendeesIn("trainer@contoso.example", "guest@fabrikam.example")) +
				fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", calendarEvent, organizer+"/"+made.ID))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					PreConfig: env.resetMail,
					Config:    config,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(calendarEvent, plancheck.ResourceActionUpdate),
							expectUnchanged(calendarEvent, "attendees"),
							plancheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("external_id"), knownvalue.StringExact("module-2")),
						},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: resource.ComposeTestCheckFunc(
						env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCreate: 0, graphmock.RouteEventPatch: 1}),
						env.expectEventPatchKeys("singleValueExtendedProperties"),
						env.expectMail("", "", 0),
					),
				}},
			})
		})
	}
}

// TestAccCalendarEvent_adoptAddressesInAnyCase: an event that already
// carries the key, with attendees Graph answers in its own spelling, is
// adopted under a configuration in a third spelling without a PATCH and
// without mail; the next plan is empty.
func TestAccCalendarEvent_adoptAddressesInAnyCase(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "invites a guest of a made-up domain")
	addressedInOutlook(env, "event-test", "trainer@contoso.example", "Guest@Fabrikam.Example")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: env.resetMail,
			Config:    env.config(eventConfig(addressedSession + attendeesIn("TRAINER@contoso.EXAMPLE", "guest@fabrikam.example"))),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.ComposeTestCheckFunc(
				env.noEventWrites(),
				env.expectMail("", "", 0),
			),
		}},
	})
}

// TestAccCalendarEvent_sameAddressTwice: one address written twice in
// different case is refused at plan time, naming both spellings, before
// any request.
func TestAccCalendarEvent_sameAddressTwice(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:   env.config(eventConfig(addressedSession + attendeesIn("trainer@contoso.example", "learner@contoso.example", "Trainer@Contoso.EXAMPLE"))),
			PlanOnly: true,
			ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)Duplicate Attendee.*attendees\s+lists\s+("%[1]s"\s+and\s+"%[2]s"|"%[2]s"\s+and\s+"%[1]s")`,
				regexp.QuoteMeta(env.email("trainer@contoso.example")), regexp.QuoteMeta(env.email("Trainer@Contoso.EXAMPLE")))),
		}},
	})
	after(t, env.expectNoRequests())
}
