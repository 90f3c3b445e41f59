package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

func passcodeConfig(required bool, extra string) string {
	return meetingConfig(fmt.Sprintf(`  subject         = "Exam"
  start_date_time = "2026-06-01T09:00:00+02:00"
  end_date_time   = "2026-06-01T11:00:00+02:00"
  join_meeting_id_settings = { is_passcode_required = %t }
%s`, required, extra))
}

// sensitiveInPlan checks that the plan marks attributes sensitive, given
// as fragments of the JSON of after_sensitive.
type sensitiveInPlan []string

func (want sensitiveInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != meeting {
			continue
		}
		b, _ := json.Marshal(rc.Change.AfterSensitive)
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				resp.Error = fmt.Errorf("after_sensitive = %s, want %s", b, w)
			}
		}
		return
	}
	resp.Error = fmt.Errorf("no planned change for %s", meeting)
}

// TestAccOnlineMeeting_passcode: is_passcode_required creates the meeting
// with Graph's plain create, in one request that carries every configured
// setting; the passcode lands in state, sensitive; a second plan is empty;
// changing the setting replaces the meeting.
func TestAccOnlineMeeting_passcode(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{NoPasscodeByDefault: true})
	settings := `  allow_recording = false
  lobby_bypass_settings = { scope = "invited" }
  participants = { attendees = [{ user_id = "` + trainerID + `", role = "presenter" }] }
  allowed_presenters = "roleIsPresenter"`
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(passcodeConfig(true, settings)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionCreate),
						sensitiveInPlan{`"join_meeting_id_settings":{"passcode":true}`},
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
						sensitiveInPlan{`"join_meeting_id_settings":{"passcode":true}`, `"join_information":{"content":true}`},
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("join_meeting_id_settings"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"is_passcode_required": knownvalue.Bool(true),
						"join_meeting_id":      knownvalue.NotNull(),
						"passcode":             knownvalue.StringRegexp(regexp.MustCompile(`^pc`)),
					})),
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("allowed_presenters"), knownvalue.StringExact("roleIsPresenter")),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreate: 1, graphmock.RouteCreateOrGet: 0, graphmock.RoutePatch: 0}),
					func(s *terraform.State) error {
						firstID = s.RootModule().Resources[meeting].Primary.ID
						body := env.mock.RequestsTo(graphmock.RouteCreate)[0].BodyKeys()
						want := []string{"allowRecording", "allowedPresenters", "endDateTime", "externalId", "joinMeetingIdSettings", "lobbyBypassSettings", "participants", "startDateTime", "subject"}
						if !slices.Equal(body, want) {
							return fmt.Errorf("create body = %v, want %v", body, want)
						}
						return nil
					},
					env.checkMeeting("acc-test", func(m graph.OnlineMeeting) error {
						if m.JoinMeetingIDSettings.Passcode == nil || *m.AllowRecording || *m.LobbyBypassSettings.Scope != "invited" {
							return fmt.Errorf("Graph holds %+v", m)
						}
						return nil
					}),
				),
			},
			{
				// Removing the setting from the configuration keeps the meeting.
				Config: env.config(meetingConfig(`  subject         = "Exam"
  start_date_time = "2026-06-01T09:00:00+02:00"
  end_date_time   = "2026-06-01T11:00:00+02:00"
` + settings)),
				PlanOnly: true,
			},
			{
				Config: env.config(passcodeConfig(false, settings)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("join_meeting_id_settings").AtMapKey("passcode"), knownvalue.Null()),
				},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources[meeting].Primary.ID; id == firstID {
						return fmt.Errorf("the passcode setting changed but the meeting did not")
					}
					if n := env.mock.MeetingCount(); n != 1 {
						return fmt.Errorf("meetings = %d, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccOnlineMeeting_passcodeLostAnswer: plain create has no idempotency
// key, so a lost answer is not retried: the error says a meeting may exist,
// and the mock holds exactly one. A 503 is not retried either; a 429 is.
func TestAccOnlineMeeting_passcodeLostAnswer(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{Faults: graphmock.Faults{DropCreateEvery: 1}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      env.config(passcodeConfig(true, "")),
				ExpectError: regexp.MustCompile(`(?s)Online Meeting May Have Been Created.*Graph may have created it anyway.*expires on its own.*creates a new meeting`),
			},
			{
				PreConfig: func() {
					if n := env.mock.CountRequests(graphmock.RouteCreate); n != 1 {
						t.Errorf("plain create sent %d times after a lost answer, want 1", n)
					}
					if n := env.mock.MeetingCount(); n != 1 {
						t.Errorf("meetings = %d, want 1", n)
					}
					env.mock.SetFaults(graphmock.Faults{})
					env.mock.FailNext(graphmock.Failure{Route: graphmock.RouteCreate, Status: 503, Code: "ServiceUnavailable", Message: "Try later."})
					env.mock.ResetRequests()
				},
				Config:      env.config(passcodeConfig(true, "")),
				ExpectError: regexp.MustCompile(`(?s)Online Meeting May Have Been Created.*HTTP 503`),
			},
			{
				PreConfig: func() {
					if n := env.mock.CountRequests(graphmock.RouteCreate); n != 1 {
						t.Errorf("plain create sent %d times after a 503, want 1", n)
					}
					env.mock.FailNext(graphmock.Failure{Route: graphmock.RouteCreate, Status: 429, Code: "TooManyRequests", Message: "Please retry again later."})
					env.mock.ResetRequests()
				},
				Config: env.config(passcodeConfig(true, "")),
				Check: func(*terraform.State) error {
					if n := env.mock.CountRequests(graphmock.RouteCreate); n != 2 {
						return fmt.Errorf("plain create sent %d times around a 429, want 2", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccOnlineMeeting_passcodeImport: a passcode meeting imports with a
// configuration that sets is_passcode_required, and plans no change.
func TestAccOnlineMeeting_passcodeImport(t *testing.T) {
	env := newTestEnv(t)
	existing := env.addMeeting(t, organizerID, "acc-test", graph.CreateOrGetRequest{Subject: graph.Ptr("Exam")})
	config := env.config(meetingConfig(`  subject = "Exam"
  join_meeting_id_settings = { is_passcode_required = true }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config + importBlock(meeting, organizerID, existing.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("join_meeting_id_settings").AtMapKey("passcode"),
						knownvalue.StringExact(*existing.JoinMeetingIDSettings.Passcode)),
				},
				Check: env.noWrites(),
			},
		},
	})
}

// TestAccOnlineMeeting_tenantPasscodePolicy: without the setting, create
// stays createOrGet and the meeting follows the tenant's policy, in state
// without a diff.
func TestAccOnlineMeeting_tenantPasscodePolicy(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{NoPasscodeByDefault: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(meetingConfig(`  subject = "Policy"`)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(meeting, tfjsonpath.New("join_meeting_id_settings").AtMapKey("is_passcode_required"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(meeting, tfjsonpath.New("join_meeting_id_settings").AtMapKey("passcode"), knownvalue.Null()),
			},
			Check: env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 1, graphmock.RouteCreate: 0}),
		}},
	})
}

// TestAccOnlineMeeting_joinInformation: the join block comes decoded into
// plain HTML, in the language of accept_language.
func TestAccOnlineMeeting_joinInformation(t *testing.T) {
	env := newTestEnv(t)
	german := strings.Replace(env.providerBlock(), "provider \"msgraph\" {", "provider \"msgraph\" {\n  accept_language = \"de-DE\"", 1)
	content := func(want string) knownvalue.Check {
		return knownvalue.StringFunc(func(v string) error {
			if !strings.HasPrefix(v, "<div") || !strings.Contains(v, want) || strings.Contains(v, "%3C") || !strings.Contains(v, "width:100%;") {
				return fmt.Errorf("join information %q: want plain HTML holding %q", v, want)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(meetingConfig(`  subject = "Join"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("join_information").AtMapKey("content_type"), knownvalue.StringExact("html")),
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("join_information").AtMapKey("content"), content("Join the meeting now")),
				},
			},
			{
				Config: env.configWithProvider(german, meetingConfig(`  subject = "Join"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("join_information").AtMapKey("content"), content("Jetzt an der Besprechung teilnehmen")),
				},
				Check: env.onMock(func(m *graphmock.Instance) error {
					for _, r := range m.RequestsTo(graphmock.RouteGet) {
						if got := r.Headers.Get("Accept-Language"); got == "de-DE" {
							return nil
						}
					}
					return fmt.Errorf("no GET carried Accept-Language: de-DE")
				}),
			},
		},
	})
}
