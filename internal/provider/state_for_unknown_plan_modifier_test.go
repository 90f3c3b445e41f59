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

// TestAccCalendarEvent_meetingOptionsQuiet: moving a session with
// online_meeting_settings, or changing its subject, plans every option as
// it is in state (the ones Graph left unset stay null) and its apply sends
// no onlineMeetings request; adding an option later plans and sends that
// option alone.
func TestAccCalendarEvent_meetingOptionsQuiet(t *testing.T) {
	// Graph fills every option in, or leaves the Premium and language
	// ones unset (both are documented).
	for name, unset := range map[string]bool{"options filled in": false, "options left unset": true} {
		t.Run(name, func(t *testing.T) { testMeetingOptionsQuiet(t, unset) })
	}
}

func testMeetingOptionsQuiet(t *testing.T, unset bool) {
	env := newEventEnv(t, graphmock.Config{UnsetOptionalSettings: unset})
	session := func(subject, day, options string) string {
		return env.config(eventConfig(`  subject         = "` + subject + `"
  start_date_time = "2026-04-` + day + `T09:00:00"
  end_date_time   = "2026-04-` + day + `T11:00:00"
  online_meeting_settings = {
    allowed_presenters = "organizer"` + options + `
  }` + twoTrainees))
	}
	options := tfjsonpath.New("online_meeting_settings")
	// asGraphHas checks the options Graph may leave unset.
	asGraphHas := func() []knownvalue.Check {
		if unset {
			return []knownvalue.Check{knownvalue.Null(), knownvalue.Null(), knownvalue.Null()}
		}
		return []knownvalue.Check{knownvalue.StringExact("en-US"), knownvalue.Null(), knownvalue.NotNull()}
	}()
	unsettable := []string{"meeting_spoken_language_tag", "sensitivity_label_id", "watermark_protection"}
	unchanged := []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(calendarEvent, plancheck.ResourceActionUpdate),
		expectUnchanged(calendarEvent, "online_meeting_settings"),
		expectUnchanged(calendarEvent, "online_meeting_id"),
	}
	var inState []statecheck.StateCheck
	for i, name := range unsettable {
		if env.mock == nil {
			break // a tenant fills in what it fills in; unchanged checks it stays so
		}
		unchanged = append(unchanged, plancheck.ExpectKnownValue(calendarEvent, options.AtMapKey(name), asGraphHas[i]))
		inState = append(inState, statecheck.ExpectKnownValue(calendarEvent, options.AtMapKey(name), asGraphHas[i]))
	}
	// Apply sends no onlineMeetings request: only the refresh before the
	// plan looks the meeting up.
	noMeetingRequests := env.expectRequests(map[graphmock.Route]int{graphmock.RouteFind: 1, graphmock.RoutePatch: 0, graphmock.RouteGet: 0})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:            session("Exam", "07", ""),
				ConfigStateChecks: inState,
			},
			{
				// Moved a day.
				PreConfig: env.resetMail,
				Config:    session("Exam", "08", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             unchanged,
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					noMeetingRequests,
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 1}),
					env.expectEventPatchKeys("end", "start"),
					env.expectMail(graphmock.MailUpdate, "", 2),
				),
			},
			{
				// Renamed.
				PreConfig: env.resetMail,
				Config:    session("Final exam", "08", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             unchanged,
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(noMeetingRequests,
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 1}), env.expectEventPatchKeys("subject")),
			},
			{
				// An option added: that option alone, and no event PATCH.
				PreConfig: env.resetMail,
				Config:    session("Final exam", "08", "\n    allow_recording = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append([]plancheck.PlanCheck{
						plancheck.ExpectKnownValue(calendarEvent, options.AtMapKey("allow_recording"), knownvalue.Bool(false)),
						expectUnchanged(calendarEvent, "online_meeting_id"),
					}, unchanged[3:]...),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectPatchKeys("allowRecording"),
					env.expectRequests(map[graphmock.Route]int{graphmock.RoutePatch: 1, graphmock.RouteEventPatch: 0}),
					env.expectMail("", "", 0),
				),
			},
		},
	})
}

// TestAccOnlineMeeting_optionsQuietOnMove: a meeting whose options Graph
// left unset keeps them null in the plan of a move, and the PATCH carries
// the times alone.
func TestAccOnlineMeeting_optionsQuietOnMove(t *testing.T) {
	for name, unset := range map[string]bool{"options filled in": false, "options left unset": true} {
		t.Run(name, func(t *testing.T) { testOnlineMeetingOptionsQuietOnMove(t, unset) })
	}
}

func testOnlineMeetingOptionsQuietOnMove(t *testing.T, unset bool) {
	env := newMockEnv(t, graphmock.Config{UnsetOptionalSettings: unset})
	moved := func(start string) string {
		return env.config(meetingConfig(`  subject = "Options stay"
  start_date_time = "` + start + `"
  allowed_presenters = "organizer"`))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: moved("2026-05-04T09:00:00Z")},
			{
				PreConfig: env.resetRequests,
				Config:    moved("2026-05-05T09:00:00Z"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionUpdate),
						expectUnchanged(meeting, "allowed_presenters"),
						expectUnchanged(meeting, "meeting_spoken_language_tag"),
						expectUnchanged(meeting, "sensitivity_label_id"),
						expectUnchanged(meeting, "watermark_protection"),
						expectUnchanged(meeting, "lobby_bypass_settings"),
						expectUnchanged(meeting, "allow_recording"),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.expectPatchKeys("endDateTime", "startDateTime"),
			},
		},
	})
}
