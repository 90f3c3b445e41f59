package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
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
	env := newTestEnv(t)
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
				Check: env.checkMeeting("acc-test", func(m graph.OnlineMeeting) error {
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
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      env.config(meetingConfig(`  end_date_time = "2026-03-02T10:00:00Z"`)),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)End Without Start.*end_date_time is set but start_date_time is not`),
		}},
	})
	after(t, env.expectNoRequests())
}

// TestAccOnlineMeeting_neitherTime: Graph picks the times on create (the
// plan shows them unknown) and an update keeps them.
func TestAccOnlineMeeting_neitherTime(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(meetingConfig(`  subject = "Now"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(meeting, tfjsonpath.New("start_date_time")),
					plancheck.ExpectUnknownValue(meeting, tfjsonpath.New("end_date_time")),
				}},
				Check: env.checkMeeting("acc-test", func(m graph.OnlineMeeting) error {
					if d := m.EndDateTime.Time().Sub(m.StartDateTime.Time()); d != time.Hour {
						return fmt.Errorf("Graph made a meeting of %v, want 1h", d)
					}
					return nil
				}),
			},
			{
				Config: env.config(meetingConfig(`  subject = "Still now"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionUpdate),
						expectUnchanged(meeting, "start_date_time"),
						expectUnchanged(meeting, "end_date_time"),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.expectPatchKeys("subject"),
			},
		},
	})
}

// TestAccOnlineMeeting_startAndEnd: both times are planned as written, on
// create and on update, and the update sends both together.
func TestAccOnlineMeeting_startAndEnd(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(meetingConfig(`  start_date_time = "2026-03-02T09:00:00Z"
  end_date_time   = "2026-03-02T11:30:00Z"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(meeting, tfjsonpath.New("start_date_time"), knownvalue.StringExact("2026-03-02T09:00:00Z")),
					plancheck.ExpectKnownValue(meeting, tfjsonpath.New("end_date_time"), knownvalue.StringExact("2026-03-02T11:30:00Z")),
				}},
			},
			{
				Config: env.config(meetingConfig(`  start_date_time = "2026-03-02T09:00:00Z"
  end_date_time   = "2026-03-02T12:00:00Z"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(meeting, tfjsonpath.New("end_date_time"), knownvalue.StringExact("2026-03-02T12:00:00Z")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				// Graph takes start and end together, even if one changed.
				Check: env.expectPatchKeys("endDateTime", "startDateTime"),
			},
		},
	})
}

// TestAccOnlineMeeting_timeErrors: an end without a start, or before it, is
// refused at plan time on create and on update, before any Graph request.
func TestAccOnlineMeeting_timeErrors(t *testing.T) {
	env := newTestEnv(t)
	var requestsBefore int
	snapshot := func() { requestsBefore = env.requestTotal() }
	noNewRequests := func() {
		if n := env.requestTotal(); n != requestsBefore {
			t.Errorf("a refused plan sent %d Graph requests, want 0", n-requestsBefore)
		}
	}
	endBeforeStart := regexp.MustCompile(`(?s)End Before Start.*end_date_time\s+2026-03-02T08:00:00Z\s+is\s+before\s+start_date_time`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: snapshot,
				Config: env.config(meetingConfig(`  start_date_time = "2026-03-02T09:00:00Z"
  end_date_time   = "2026-03-02T08:00:00Z"`)),
				PlanOnly:    true,
				ExpectError: endBeforeStart,
			},
			{
				PreConfig: func() { noNewRequests() },
				Config:    env.config(meetingConfig(`  start_date_time = "2026-03-02T09:00:00Z"`)),
			},
			{
				PreConfig:   snapshot,
				Config:      env.config(meetingConfig(`  end_date_time = "2026-03-02T10:00:00Z"`)),
				ExpectError: regexp.MustCompile(`(?s)End Without Start.*end_date_time is set but start_date_time is not`),
			},
			{
				PreConfig: func() { noNewRequests() },
				Config: env.config(meetingConfig(`  start_date_time = "2026-03-02T09:00:00Z"
  end_date_time   = "2026-03-02T08:00:00Z"`)),
				ExpectError: endBeforeStart,
			},
			{
				PreConfig:   func() { noNewRequests() },
				Config:      env.config(meetingConfig(`  start_date_time = "2 March 2026"`)),
				ExpectError: regexp.MustCompile(`(?s)Invalid RFC 3339 Date-Time.*start_date_time must be an RFC 3339`),
			},
			{
				// Also the configuration the post-test destroy runs with.
				PreConfig: func() { noNewRequests() },
				Config:    env.config(meetingConfig(`  start_date_time = "2026-03-02T09:00:00Z"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccOnlineMeeting_offsetsCompareByInstant: a configuration written in
// +01:00 against Graph's UTC never shows a diff, after apply or refresh,
// and state keeps the text as written.
func TestAccOnlineMeeting_offsetsCompareByInstant(t *testing.T) {
	env := newTestEnv(t)
	config := env.config(meetingConfig(`  start_date_time = "2026-03-02T09:00:00+01:00"
  end_date_time   = "2026-03-02T10:15:30.5+01:00"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("start_date_time"), knownvalue.StringExact("2026-03-02T09:00:00+01:00")),
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("end_date_time"), knownvalue.StringExact("2026-03-02T10:15:30.5+01:00")),
				},
				Check: env.checkMeeting("acc-test", func(m graph.OnlineMeeting) error {
					if m.StartDateTime.String() != "2026-03-02T08:00:00Z" || m.EndDateTime.String() != "2026-03-02T09:15:30.5Z" {
						return fmt.Errorf("Graph holds %s – %s, want UTC", m.StartDateTime, m.EndDateTime)
					}
					return nil
				}),
			},
			{
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr(meeting, "start_date_time", "2026-03-02T09:00:00+01:00"),
			},
			{Config: config, PlanOnly: true},
		},
	})
}

// TestAccOnlineMeeting_updateAndReplace: settings change in place with a
// PATCH of only what changed; external_id and user_id replace the meeting.
func TestAccOnlineMeeting_updateAndReplace(t *testing.T) {
	env := newTestEnv(t)
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(meetingConfig(`  subject = "Kick-off"
  start_date_time = "2026-03-02T09:00:00Z"`)),
				Check: func(s *terraform.State) error {
					firstID = s.RootModule().Resources[meeting].Primary.ID
					return nil
				},
			},
			{
				Config: env.config(meetingConfig(`  subject = "Kick-off (room B)"
  start_date_time = "2026-03-02T09:00:00Z"
  allow_recording = false
  lobby_bypass_settings = { scope = "everyone" }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectPatchKeys("allowRecording", "lobbyBypassSettings", "subject"),
					env.checkMeeting("acc-test", func(m graph.OnlineMeeting) error {
						if *m.AllowRecording || *m.LobbyBypassSettings.Scope != "everyone" || *m.Subject != "Kick-off (room B)" {
							return fmt.Errorf("Graph holds %+v", m)
						}
						return nil
					}),
				),
			},
			{
				Config: env.config(`
resource "msgraph_online_meeting" "test" {
  user_id         = "` + organizerID + `"
  external_id     = "acc-test-renamed"
  subject         = "Kick-off (room B)"
  start_date_time = "2026-03-02T09:00:00Z"
  allow_recording = false
}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						if id := s.RootModule().Resources[meeting].Primary.ID; id == firstID {
							return fmt.Errorf("external_id changed but the meeting id did not")
						}
						if env.meetingExists(t, organizerID, firstID) {
							return fmt.Errorf("the replaced meeting %s still exists", firstID)
						}
						return nil
					},
					env.expectMeetingCount(1, "after replacement"),
				),
			},
			{
				Config: env.config(`
resource "msgraph_online_meeting" "test" {
  user_id         = "` + trainerID + `"
  external_id     = "acc-test-renamed"
  subject         = "Kick-off (room B)"
  start_date_time = "2026-03-02T09:00:00Z"
  allow_recording = false
}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

// TestAccOnlineMeeting_createRequests: createOrGet alone when only its own
// properties are configured; one PATCH more for other settings.
func TestAccOnlineMeeting_createRequests(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: env.resetRequests,
				Config: env.config(meetingConfig(`  subject = "Only createOrGet"
  start_date_time = "2026-03-02T09:00:00Z"
  participants = { attendees = [{ user_id = "` + trainerID + `", upn = "trainer@contoso.example", role = "presenter" }] }`)),
				Check: env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 1, graphmock.RoutePatch: 0}),
			},
			{
				PreConfig: env.resetRequests,
				Config: env.config(`
resource "msgraph_online_meeting" "test" {
  user_id            = "` + organizerID + `"
  external_id        = "with-settings"
  subject            = "createOrGet and one PATCH"
  allow_meeting_chat = "disabled"
  record_automatically = true
}`),
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 1, graphmock.RoutePatch: 1}),
					env.expectPatchKeys("allowMeetingChat", "recordAutomatically"),
				),
			},
		},
	})
}

// TestAccOnlineMeeting_adoption: a meeting that already has the external id
// is adopted, converged with one PATCH, and the user is warned.
func TestAccOnlineMeeting_adoption(t *testing.T) {
	env := newTestEnv(t)
	existing := env.addMeeting(t, organizerID, "acc-test", graph.CreateOrGetRequest{Subject: graph.Ptr("Old subject")})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(meetingConfig(`  subject = "New subject"
  allow_meeting_chat = "limited"`)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(meeting, tfjsonpath.New("id"), knownvalue.StringExact(existing.ID)),
				statecheck.ExpectKnownValue(meeting, tfjsonpath.New("subject"), knownvalue.StringExact("New subject")),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: resource.ComposeTestCheckFunc(
				env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 1, graphmock.RoutePatch: 1}),
				env.expectMeetingCount(1, "the adopted one only"),
				env.expectPatchKeys("allowMeetingChat", "subject"),
				func(*terraform.State) error {
					warnings := env.diagnostics("Adopted Existing Online Meeting")
					if len(warnings) != 1 || warnings[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
						!strings.Contains(warnings[0].Detail, fmt.Sprintf("external_id %q", env.externalID("acc-test"))) {
						return fmt.Errorf("adoption warnings = %v, want one naming the external id", warnings)
					}
					return nil
				},
			),
		}},
	})
}

// TestAccOnlineMeeting_deletedOutOfBand: a meeting deleted in Teams leaves
// the state on refresh; the next apply creates it again.
func TestAccOnlineMeeting_deletedOutOfBand(t *testing.T) {
	env := newTestEnv(t)
	config := env.config(meetingConfig(`  subject = "Survives deletion"`))
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					firstID = s.RootModule().Resources[meeting].Primary.ID
					return nil
				},
			},
			{
				PreConfig: func() { env.deleteMeeting(t, organizerID, firstID) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectMeetingCount(1, "the recreated one"),
					func(s *terraform.State) error {
						if s.RootModule().Resources[meeting].Primary.ID == firstID {
							return fmt.Errorf("the recreated meeting kept the deleted id")
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccOnlineMeeting_import: terraform import with "<user_id>/<id>",
// verified against the created state, then a plan without changes.
func TestAccOnlineMeeting_import(t *testing.T) {
	env := newTestEnv(t)
	config := env.config(meetingConfig(`  subject         = "Imported"
  start_date_time = "2026-03-02T08:00:00Z"
  end_date_time   = "2026-03-02T09:30:00Z"
  allow_recording = false
  participants    = { attendees = [{ user_id = "` + trainerID + `", upn = "trainer@contoso.example", role = "presenter" }] }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				ResourceName:            meeting,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateIdFunc:       importID,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:  meeting,
				ImportState:   true,
				ImportStateId: "4b75189b/not-a-guid",
				ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*<user_id>/<meeting_id>`),
			},
			{Config: config, PlanOnly: true},
		},
	})
}

// TestAccOnlineMeeting_importBlock: an import block brings an existing
// meeting under management; a matching configuration plans no change.
func TestAccOnlineMeeting_importBlock(t *testing.T) {
	env := newTestEnv(t)
	start, _ := graph.ParseDateTime("2026-05-04T13:00:00Z")
	existing := env.addMeeting(t, organizerID, "made-elsewhere", graph.CreateOrGetRequest{Subject: graph.Ptr("Made in Teams"), StartDateTime: start})
	resourceConfig := `
resource "msgraph_online_meeting" "test" {
  user_id         = "` + organizerID + `"
  external_id     = "made-elsewhere"
  subject         = "Made in Teams"
  start_date_time = "2026-05-04T13:00:00Z"
}`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(resourceConfig + importBlock(meeting, organizerID, existing.ID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("id"), knownvalue.StringExact(existing.ID)),
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("join_web_url"), knownvalue.StringExact(*existing.JoinWebURL)),
				},
				Check: env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 0, graphmock.RoutePatch: 0}),
			},
			{
				// The same, with terraform-plugin-testing's own import block.
				Config:          env.config(resourceConfig),
				ResourceName:    meeting,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   organizerID + "/" + existing.ID,
			},
		},
	})
}

// TestAccOnlineMeeting_delegatedMe: without user_id the provider acts as the
// signed-in user of a delegated token, and imports "me/<id>".
func TestAccOnlineMeeting_delegatedMe(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{DelegatedTokens: map[string]string{"delegated-token": organizerID}})
	provider := fmt.Sprintf(`provider "msgraph" {
  access_token   = "delegated-token"
  graph_endpoint = %q
}`, env.mock.GraphURL())
	config := provider + `
resource "msgraph_online_meeting" "test" {
  external_id = "mine"
  subject     = "My meeting"
}`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("user_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("participants").AtMapKey("organizer").AtMapKey("user_id"), knownvalue.StringExact(organizerID)),
				},
				Check: func(*terraform.State) error {
					if p := env.mock.RequestsTo(graphmock.RouteCreateOrGet)[0].Path; p != "/v1.0/me/onlineMeetings/createOrGet" {
						return fmt.Errorf("path = %s, want /me", p)
					}
					return nil
				},
			},
			{
				ResourceName:      meeting,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return "me/" + s.RootModule().Resources[meeting].Primary.ID, nil
				},
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}

// TestAccOnlineMeeting_accessPolicyError: Graph's 403 for a missing
// application access policy is reported with status, code, message and
// request id, explains what the admin must grant, is not retried, and
// leaves nothing behind.
func TestAccOnlineMeeting_accessPolicyError(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{Faults: graphmock.Faults{DeniedUsers: []string{organizerID}}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(meetingConfig(`  subject = "Denied"`)),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create Online Meeting.*HTTP 403 Forbidden.*code: Forbidden.*` +
					`message: No application access policy found for this app.*request-id: [0-9a-f-]{36}.*` +
					`New-CsApplicationAccessPolicy.*Grant-CsApplicationAccessPolicy.*OnlineMeetings.ReadWrite.All`),
			},
			{
				// Once the admin grants the policy, the next plan creates the
				// meeting: the refused apply left nothing in the state.
				PreConfig: func() { env.mock.SetFaults(graphmock.Faults{}) },
				Config:    env.config(meetingConfig(`  subject = "Denied"`)),
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionCreate)},
				},
				ExpectNonEmptyPlan: true,
			},
		},
	})
	calls := env.mock.RequestsTo(graphmock.RouteCreateOrGet)
	if len(calls) != 1 {
		t.Errorf("createOrGet sent %d times, want once: a 403 is not retried", len(calls))
	}
	errs := env.diagnostics("Unable to Create Online Meeting")
	if len(calls) == 0 || len(errs) != 1 || !strings.Contains(errs[0].Detail, "request-id: "+calls[0].RequestID) {
		t.Errorf("diagnostics %v do not quote Graph's request id", errs)
	}
	if env.mock.MeetingCount() != 0 {
		t.Error("a refused create left a meeting behind")
	}
}

// TestAccOnlineMeeting_badRequestError: Graph's 400 is reported with the
// status, code, message and request id Graph sent.
func TestAccOnlineMeeting_badRequestError(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{})
	env.mock.FailNext(graphmock.Failure{Route: graphmock.RouteCreateOrGet, Status: 400, Code: "BadRequest",
		Message: "Invalid meeting subject.", RequestID: "1b2c3d4e-0000-4000-8000-00000000400a"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(meetingConfig(`  subject = "Refused"`)),
			ExpectError: regexp.MustCompile(`(?s)HTTP 400 Bad Request.*code: BadRequest.*message: Invalid meeting subject\..*` +
				`request-id: 1b2c3d4e-0000-4000-8000-00000000400a`),
		}},
	})
}

// TestAccOnlineMeeting_attendeeOrder: the order Graph returns attendees in
// never shows a diff.
func TestAccOnlineMeeting_attendeeOrder(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{Faults: graphmock.Faults{ReverseAttendees: true}})
	config := env.config(meetingConfig(`  participants = {
    attendees = [
      { user_id = "` + trainerID + `", upn = "trainer@contoso.example", role = "presenter" },
      { user_id = "` + learnerID + `", upn = "learner@contoso.example" },
      { user_id = "` + learner2ID + `", upn = "learner2@contoso.example" },
    ]
  }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("participants").AtMapKey("attendees"), knownvalue.SetExact([]knownvalue.Check{
						attendeeValue(trainerID, "trainer@contoso.example", "presenter"),
						attendeeValue(learnerID, "learner@contoso.example", "attendee"),
						attendeeValue(learner2ID, "learner2@contoso.example", "attendee"),
					})),
				},
			},
			{RefreshState: true},
			{Config: config, PlanOnly: true},
		},
	})
}

// TestAccOnlineMeeting_attendeeChanges: a changed attendee list is sent in
// full; roleIsPresenter carries the attendees and their roles.
func TestAccOnlineMeeting_attendeeChanges(t *testing.T) {
	env := newTestEnv(t)
	attendees := func(role string) string {
		return `  participants = {
    attendees = [
      { user_id = "` + trainerID + `", role = "` + role + `" },
      { user_id = "` + learnerID + `" },
    ]
  }`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(meetingConfig(attendees("attendee")))},
			{
				Config: env.config(meetingConfig(attendees("presenter"))),
				Check:  env.expectAttendeesSent(2),
			},
			{
				Config: env.config(meetingConfig(attendees("presenter") + "\n  allowed_presenters = \"roleIsPresenter\"")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectAttendeesSent(2),
					env.expectPatchKeys("allowedPresenters", "participants"),
				),
			},
			{
				Config: env.config(meetingConfig(`  participants = { attendees = [] }
  allowed_presenters = "roleIsPresenter"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.expectAttendeesSent(0),
			},
		},
	})
}

// TestAccOnlineMeeting_everyAttribute is a round trip of every settable
// attribute: created, read back without a diff, imported, and changed.
func TestAccOnlineMeeting_everyAttribute(t *testing.T) {
	env := newTestEnv(t)
	all := func(v everyValue) string {
		return env.config(fmt.Sprintf(`
resource "msgraph_online_meeting" "test" {
  user_id         = %[1]q
  external_id     = "every-attribute"
  subject         = %[2]q
  start_date_time = "2026-04-01T09:00:00+02:00"
  end_date_time   = %[3]q
  participants = {
    attendees = [
      { user_id = %[4]q, upn = "trainer@contoso.example", role = "presenter" },
      { user_id = %[5]q, upn = "learner@contoso.example", role = %[6]q },
    ]
  }
  allowed_presenters                        = %[7]q
  allow_meeting_chat                        = %[8]q
  allowed_lobby_admitters                   = %[9]q
  allow_live_share                          = %[10]q
  allow_attendee_to_enable_camera           = %[11]t
  allow_attendee_to_enable_mic              = %[11]t
  allow_breakout_rooms                      = %[11]t
  allow_copying_and_sharing_meeting_content = %[11]t
  allow_power_point_sharing                 = %[11]t
  allow_recording                           = %[11]t
  allow_teamwork_reactions                  = %[11]t
  allow_transcription                       = %[11]t
  allow_whiteboard                          = %[11]t
  is_end_to_end_encryption_enabled          = %[12]t
  is_entry_exit_announced                   = %[11]t
  record_automatically                      = %[12]t
  meeting_spoken_language_tag               = %[13]q
  lobby_bypass_settings = {
    scope                     = %[14]q
    is_dial_in_bypass_enabled = %[12]t
  }
  watermark_protection = {
    is_enabled_for_content_sharing = %[12]t
    is_enabled_for_video           = %[12]t
  }
  sensitivity_label_id = %[15]q
}`, organizerID, v.subject, v.end, trainerID, learnerID, v.role, v.presenters, v.chat, v.admitters, v.liveShare,
			v.allow, !v.allow, v.language, v.scope, v.label))
	}
	first := everyValue{"Everything", "2026-04-01T12:30:00+02:00", "coorganizer", "roleIsPresenter", "limited",
		"organizerAndCoOrganizers", "disabled", false, "de-DE", "invited", "c7f2d7a7-6a36-4a41-9a6b-0d2761a9f4f0"}
	second := everyValue{"Everything, changed", "2026-04-01T13:00:00+02:00", "attendee", "organization", "disabled",
		"organizerAndCoOrganizersAndPresenters", "enabled", true, "fr-FR", "organizationExcludingGuests", "0b9f0c3e-2f5d-4c1a-8e7b-6a5d4c3b2a10"}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: all(first),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: first.stateChecks(),
				Check:             env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 1, graphmock.RoutePatch: 1}),
			},
			{
				ResourceName:            meeting,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateIdFunc:       importID,
				ImportStateVerifyIgnore: []string{"timeouts", "start_date_time", "end_date_time"},
				ImportStateCheck:        sameInstants("2026-04-01T07:00:00Z", "2026-04-01T10:30:00Z"),
			},
			{
				Config: all(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: second.stateChecks(),
				Check: env.checkMeeting("every-attribute", func(m graph.OnlineMeeting) error {
					if *m.Subject != second.subject || *m.AllowedPresenters != "organization" || !*m.AllowRecording ||
						*m.LobbyBypassSettings.Scope != "organizationExcludingGuests" || *m.SensitivityLabelAssignment.SensitivityLabelID != second.label {
						return fmt.Errorf("Graph holds %+v", m)
					}
					return nil
				}),
			},
		},
	})
}

type everyValue struct {
	subject, end, role, presenters, chat, admitters, liveShare string
	allow                                                      bool
	language, scope, label                                     string
}

func (v everyValue) stateChecks() []statecheck.StateCheck {
	str := func(attr, want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(meeting, tfjsonpath.New(attr), knownvalue.StringExact(want))
	}
	boolean := func(attr string, want bool) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(meeting, tfjsonpath.New(attr), knownvalue.Bool(want))
	}
	checks := []statecheck.StateCheck{
		str("subject", v.subject), str("end_date_time", v.end), str("allowed_presenters", v.presenters),
		str("allow_meeting_chat", v.chat), str("allowed_lobby_admitters", v.admitters), str("allow_live_share", v.liveShare),
		str("meeting_spoken_language_tag", v.language), str("sensitivity_label_id", v.label),
		boolean("is_end_to_end_encryption_enabled", !v.allow), boolean("record_automatically", !v.allow),
		statecheck.ExpectKnownValue(meeting, tfjsonpath.New("lobby_bypass_settings"), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"scope": knownvalue.StringExact(v.scope), "is_dial_in_bypass_enabled": knownvalue.Bool(!v.allow),
		})),
		statecheck.ExpectKnownValue(meeting, tfjsonpath.New("watermark_protection"), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"is_enabled_for_content_sharing": knownvalue.Bool(!v.allow), "is_enabled_for_video": knownvalue.Bool(!v.allow),
		})),
		statecheck.ExpectKnownValue(meeting, tfjsonpath.New("participants").AtMapKey("attendees"), knownvalue.SetExact([]knownvalue.Check{
			attendeeValue(trainerID, "trainer@contoso.example", "presenter"),
			attendeeValue(learnerID, "learner@contoso.example", v.role),
		})),
		statecheck.ExpectSensitiveValue(meeting, tfjsonpath.New("join_meeting_id_settings").AtMapKey("passcode")),
	}
	for _, attr := range []string{"allow_attendee_to_enable_camera", "allow_attendee_to_enable_mic", "allow_breakout_rooms",
		"allow_copying_and_sharing_meeting_content", "allow_power_point_sharing", "allow_recording", "allow_teamwork_reactions",
		"allow_transcription", "allow_whiteboard", "is_entry_exit_announced"} {
		checks = append(checks, boolean(attr, v.allow))
	}
	return checks
}

// TestAccOnlineMeeting_tenantDefaults: settings the configuration leaves
// out land in state as Graph reports them, without a diff.
func TestAccOnlineMeeting_tenantDefaults(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(meetingConfig(`  subject = "Defaults"`)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(meeting, tfjsonpath.New("allow_recording")),
					plancheck.ExpectUnknownValue(meeting, tfjsonpath.New("lobby_bypass_settings")),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(meeting, tfjsonpath.New("allow_recording"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(meeting, tfjsonpath.New("allowed_presenters"), knownvalue.StringExact("everyone")),
				statecheck.ExpectKnownValue(meeting, tfjsonpath.New("lobby_bypass_settings").AtMapKey("scope"), knownvalue.StringExact("organization")),
				statecheck.ExpectKnownValue(meeting, tfjsonpath.New("join_web_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://teams\.microsoft\.com/l/meetup-join/`))),
				statecheck.ExpectKnownValue(meeting, tfjsonpath.New("sensitivity_label_id"), knownvalue.Null()),
			},
		}},
	})
}

// TestAccOnlineMeeting_settingsPatchFails: when the PATCH after createOrGet
// fails, nothing enters the state; the next apply converges the same
// meeting without a duplicate.
func TestAccOnlineMeeting_settingsPatchFails(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{})
	env.mock.FailNext(graphmock.Failure{Route: graphmock.RoutePatch, Status: 400, Code: "BadRequest", Message: "Lobby settings are locked by a template."})
	config := env.config(meetingConfig(`  subject = "Settings fail once"
  lobby_bypass_settings = { scope = "organizer" }`))
	var createdID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: regexp.MustCompile(`(?s)Unable to Apply Online Meeting Settings.*was created.*Run apply again`),
			},
			{
				PreConfig: func() {
					m, ok := env.mock.MeetingByExternalID(organizerID, "acc-test")
					if !ok {
						t.Fatal("the failed apply did not create the meeting")
					}
					createdID = m.ID
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					if n := env.mock.MeetingCount(); n != 1 {
						return fmt.Errorf("meetings = %d, want 1", n)
					}
					if id := s.RootModule().Resources[meeting].Primary.ID; id != createdID {
						return fmt.Errorf("state holds %s, want the meeting the failed apply created (%s)", id, createdID)
					}
					m, _ := env.mock.Meeting(createdID)
					if *m.LobbyBypassSettings.Scope != "organizer" {
						return fmt.Errorf("lobby scope = %s, want the configured one", *m.LobbyBypassSettings.Scope)
					}
					return nil
				},
			},
		},
	})
}

func attendeeValue(userID, upn, role string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"user_id": knownvalue.StringExact(userID), "upn": knownvalue.StringExact(upn), "role": knownvalue.StringExact(role),
	})
}

func importID(s *terraform.State) (string, error) {
	r := s.RootModule().Resources[meeting].Primary
	return r.Attributes["user_id"] + "/" + r.ID, nil
}

// sameInstants checks that imported times denote the given instants.
func sameInstants(start, end string) resource.ImportStateCheckFunc {
	return func(states []*terraform.InstanceState) error {
		got := states[0].Attributes
		if !sameInstant(got["start_date_time"], start) || !sameInstant(got["end_date_time"], end) {
			return fmt.Errorf("imported times %s – %s, want %s – %s", got["start_date_time"], got["end_date_time"], start, end)
		}
		return nil
	}
}

// TestAccOnlineMeeting_importKeepsTheMeeting: when Graph's GET leaves the
// external id out, or the import id writes the organizer's GUID in capitals,
// the plan after import updates the state in place instead of replacing the
// meeting (whose join link people already have), and sends Graph nothing.
func TestAccOnlineMeeting_importKeepsTheMeeting(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{Faults: graphmock.Faults{OmitExternalIDOnGet: true}})
	start, _ := graph.ParseDateTime("2026-05-04T13:00:00Z")
	existing := env.mock.AddMeeting(organizerID, "made-elsewhere", "", graph.CreateOrGetRequest{Subject: graph.Ptr("Made in Teams"), StartDateTime: start})
	config := env.config(`
resource "msgraph_online_meeting" "test" {
  user_id         = "` + organizerID + `"
  external_id     = "made-elsewhere"
  subject         = "Made in Teams"
  start_date_time = "2026-05-04T13:00:00Z"
}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config + importBlock(meeting, strings.ToUpper(organizerID), existing.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("id"), knownvalue.StringExact(existing.ID)),
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("external_id"), knownvalue.StringExact("made-elsewhere")),
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("user_id"), knownvalue.StringExact(organizerID)),
				},
				Check: env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 0, graphmock.RoutePatch: 0, graphmock.RouteDelete: 0}),
			},
			{
				// A real change of either still replaces the meeting.
				Config: strings.Replace(config, `external_id     = "made-elsewhere"`, `external_id     = "made-here"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

// TestAccOnlineMeeting_updateWithoutPatch: a change Graph need not hear
// about (the timeouts) applies without a request, and leaves nothing
// unknown in state — including attendees' UPNs that only Graph knows; a
// time rewritten in another offset plans no change at all.
func TestAccOnlineMeeting_updateWithoutPatch(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{Faults: graphmock.Faults{ResolveAttendeeUPNs: true}})
	body := func(start, extra string) string {
		return env.config(meetingConfig(`  subject = "No PATCH"
  start_date_time = "` + start + `"
  participants = { attendees = [{ user_id = "` + trainerID + `", role = "presenter" }] }
` + extra))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: body("2026-03-02T09:00:00Z", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("participants").AtMapKey("attendees"), knownvalue.SetExact([]knownvalue.Check{
						attendeeValue(trainerID, "user-1f35f2e6@contoso.example", "presenter"),
					})),
				},
			},
			{
				PreConfig: env.resetRequests,
				Config:    body("2026-03-02T09:00:00Z", `  timeouts { update = "30m" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.expectRequests(map[graphmock.Route]int{graphmock.RoutePatch: 0}),
			},
			{
				// The same instant in another offset is no change at all:
				// the state keeps its text until the time really changes.
				PreConfig: env.resetRequests,
				Config:    body("2026-03-02T10:00:00+01:00", `  timeouts { update = "30m" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("start_date_time"), knownvalue.StringExact("2026-03-02T09:00:00Z")),
				},
				Check: env.expectRequests(map[graphmock.Route]int{graphmock.RoutePatch: 0}),
			},
		},
	})
}

// TestAccOnlineMeeting_patchAnswersAnExcerpt: when Graph answers a PATCH
// with only what was sent, as its update examples show, create and update
// still record the whole meeting, consistent with the plan.
func TestAccOnlineMeeting_patchAnswersAnExcerpt(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{Faults: graphmock.Faults{PartialPatchAnswers: true}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(meetingConfig(`  subject = "Excerpts"
  allow_recording = false`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: env.config(meetingConfig(`  subject = "Excerpts, updated"
  allow_recording = false
  lobby_bypass_settings = { scope = "invited" }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("join_meeting_id_settings").AtMapKey("join_meeting_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("lobby_bypass_settings").AtMapKey("is_dial_in_bypass_enabled"), knownvalue.Bool(false)),
				},
			},
		},
	})
}
