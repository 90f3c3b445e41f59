package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// terraform query needs Terraform 1.14+ (OpenTofu 1.12 has none, and
// reports a version below it).
var queryCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// programmeQuery lists the hand-made programme's window; provider is the
// provider block, for a query that is a test's first step.
func programmeQuery(provider string) string {
	return provider + fmt.Sprintf(`
list "msgraph_calendar_event" "programme" {
  provider         = msgraph
  include_resource = true

  config {
    user_id      = %q
    start_from   = %q
    start_before = %q
    time_zone    = "Europe/Berlin"
  }
}
`, organizerID, graphmock.ProgrammeStart, graphmock.ProgrammeEnd)
}

// TestAccCalendarEventList_programme: a mailbox that holds a hand-made
// programme over more than one page, and an event the provider made, is
// listed whole and alone: the sessions and the series the mailbox
// organizes in the window, each with its identity, display name and the
// resource as Read has it, with a suggested key where it has none and its
// own where it has one; never the cancelled event, the invitation, the
// room booking or what lies outside the window.
func TestAccCalendarEventList_programme(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "fills a mailbox with a hand-made programme")
	programme := env.mock.AddHandMadeProgramme(organizerID, "trainer@contoso.example", 12)
	const address = "msgraph_calendar_event.programme"
	kickoff := queryfilter.ByDisplayName(knownvalue.StringRegexp(regexp.MustCompile(`^Kickoff `)))
	module1 := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
		"user_id": knownvalue.StringExact(strings.ToLower(organizerID)),
		"id":      knownvalue.StringExact(programme.Sessions[0].ID),
	})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryCLIs,
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				// One session the provider made, with its key.
				Config: env.config(eventConfig(`  subject         = "Kickoff"
  start_date_time = "2027-03-01T08:00:00"
  end_date_time   = "2027-03-01T08:30:00"
  time_zone       = "Europe/Berlin"`)),
			},
			{
				PreConfig: env.resetRequests,
				Query:     true,
				Config:    programmeQuery(""),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(address, len(programme.Sessions)+1),
					querycheck.ExpectIdentity(address, map[string]knownvalue.Check{
						"user_id": knownvalue.StringExact(strings.ToLower(organizerID)),
						"id":      knownvalue.StringExact(programme.Sessions[len(programme.Sessions)-1].ID),
					}),
					querycheck.ExpectResourceDisplayName(address, module1, knownvalue.StringExact("Terraform module 1 (2027-03-01 09:00 Europe/Berlin)")),
					querycheck.ExpectResourceKnownValues(address, module1, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("external_id"), KnownValue: knownvalue.StringExact("terraform-module-1-2027-03-01")},
						{Path: tfjsonpath.New("start_date_time"), KnownValue: knownvalue.StringExact("2027-03-01T09:00:00")},
						{Path: tfjsonpath.New("time_zone"), KnownValue: knownvalue.StringExact("Europe/Berlin")},
						{Path: tfjsonpath.New("location"), KnownValue: knownvalue.StringExact("Room 4")},
						{Path: tfjsonpath.New("join_url"), KnownValue: knownvalue.NotNull()},
					}),
					querycheck.ExpectResourceKnownValues(address, kickoff, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("external_id"), KnownValue: knownvalue.StringExact("event-test")},
					}),
				},
			},
		},
	})
	// 13 sessions and the kickoff: two pages of ten, each one request.
	after(t, env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventList: 2}))
}

// TestAccCalendarEventList_fiftyEvents measures a query over a mailbox of
// 50 sessions: Graph's default page of 10 makes it five requests, one per
// ten events.
func TestAccCalendarEventList_fiftyEvents(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "fills a mailbox with fifty sessions and counts its requests")
	programme := env.mock.AddHandMadeProgramme(organizerID, "trainer@contoso.example", 49)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryCLIs,
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig:         env.resetRequests,
			Query:             true,
			Config:            programmeQuery(env.providerBlock()),
			QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("msgraph_calendar_event.programme", len(programme.Sessions))},
		}},
	})
	pages := env.mock.CountRequests(graphmock.RouteEventList)
	t.Logf("terraform query over %d events: %d list requests (%d per page, %.2f per event); %d requests in all",
		len(programme.Sessions), pages, 10, float64(pages)/float64(len(programme.Sessions)), env.requestTotal())
	if pages != 5 {
		t.Errorf("list requests = %d, want 5", pages)
	}
}
