package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// The weekly lab of these tests: ten Mondays from 22 March 2027, 14:00 to
// 16:00 in Berlin. Easter Monday (29 March) and Whit Monday (17 May) have
// no lab, and the lab of 10 May moves to Thursday 13 May, in Room 2.
const (
	labHolidays = `["2027-03-29", "2027-05-17"]`
	labMove     = `{
    "2027-05-10" = { start_date_time = "2027-05-13T14:00:00", end_date_time = "2027-05-13T16:00:00", location = "Room 2" }
  }`
)

// weeklyLab is the lab's configuration at start (a wall-clock time on
// 22 March), with the given exceptions ("" leaves one out).
func weeklyLab(start, cancelled, moved string) string {
	body := fmt.Sprintf(`  subject         = "Weekly lab"
  start_date_time = "2027-03-22T%[1]s:00"
  end_date_time   = "2027-03-22T%[2]s:00"
  time_zone       = "Europe/Berlin"
  location        = "Lab 1"
  cancellation_message = "No lab this week: public holiday."
  recurrence = {
    pattern = { type = "weekly", interval = 1, days_of_week = ["monday"] }
    range   = { type = "numbered", start_date = "2027-03-22", number_of_occurrences = 10 }
  }`, start, addHours(start, 2))
	if cancelled != "" {
		body += "\n  cancelled_occurrences = " + cancelled
	}
	if moved != "" {
		body += "\n  moved_occurrences = " + moved
	}
	return eventConfig(body + twoTrainees)
}

// renamed is the lab under another subject.
func renamed(config string) string {
	return strings.Replace(config, `"Weekly lab"`, `"Weekly lab (Terraform track)"`, 1)
}

func addHours(hhmm string, n int) string {
	t, _ := time.Parse("15:04", hhmm)
	return t.Add(time.Duration(n) * time.Hour).Format("15:04")
}

// expectOccurrenceMail checks the mail of one kind each trainee got about
// the series: per occurrence date ("" for the series itself), and none
// about any other date.
func (e *testEnv) expectOccurrenceMail(kind graphmock.MailKind, perDate map[string]int) resource.TestCheckFunc {
	return e.onMock(func(m *graphmock.Instance) error {
		for _, to := range []string{"trainer@contoso.example", "learner@contoso.example"} {
			got := map[string]int{}
			for _, mail := range m.Outbox() {
				if mail.Kind == kind && mail.To == to {
					got[mail.Occurrence]++
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(perDate) {
				return fmt.Errorf("%s mails to %s by occurrence = %v, want %v (outbox: %v)", kind, to, got, perDate, m.Outbox())
			}
		}
		return nil
	})
}

func (e *testEnv) expectNoOccurrenceMail(kinds ...graphmock.MailKind) resource.TestCheckFunc {
	checks := make([]resource.TestCheckFunc, len(kinds))
	for i, k := range kinds {
		checks[i] = e.expectOccurrenceMail(k, map[string]int{})
	}
	return resource.ComposeTestCheckFunc(checks...)
}

var (
	cancelledOccurrences = tfjsonpath.New("cancelled_occurrences")
	movedOccurrences     = tfjsonpath.New("moved_occurrences")
	labHolidaysValue     = knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("2027-03-29"), knownvalue.StringExact("2027-05-17")})
)

// TestAccCalendarEvent_seriesExceptions: the lab is created with its
// holidays and its moved session in the fewest requests the API allows,
// mailing each trainee one invitation, two cancellations and one update;
// another holiday later is one cancellation; an unrelated change plans
// nothing else; a move taken back puts the session where the series has
// it; and a holiday cannot be taken back.
func TestAccCalendarEvent_seriesExceptions(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(weeklyLab("14:00", labHolidays, labMove)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(calendarEvent, cancelledOccurrences, labHolidaysValue),
					statecheck.ExpectKnownValue(calendarEvent, movedOccurrences.AtMapKey("2027-05-10").AtMapKey("location"), knownvalue.StringExact("Room 2")),
				},
				Check: resource.ComposeTestCheckFunc(
					// The key lookup, the series' POST, its instances (the
					// only way to an occurrence's id), two cancellations
					// and one PATCH.
					env.expectRequests(map[graphmock.Route]int{
						graphmock.RouteEventFind: 1, graphmock.RouteEventCreate: 1, graphmock.RouteEventInstances: 1,
						graphmock.RouteEventCancel: 2, graphmock.RouteEventPatch: 1, graphmock.RouteEventDelete: 0,
					}),
					env.expectOccurrenceMail(graphmock.MailInvitation, map[string]int{"": 1}),
					env.expectOccurrenceMail(graphmock.MailCancellation, map[string]int{"2027-03-29": 1, "2027-05-17": 1}),
					env.expectOccurrenceMail(graphmock.MailUpdate, map[string]int{"2027-05-10": 1}),
					env.onMock(func(m *graphmock.Instance) error {
						for _, mail := range m.Outbox() {
							if mail.Kind == graphmock.MailCancellation && mail.Comment != "No lab this week: public holiday." {
								return fmt.Errorf("cancellation comment = %q", mail.Comment)
							}
						}
						return nil
					}),
				),
			},
			{
				// Imported, the series brings its holidays and its moved
				// session, and reading it mails no one.
				PreConfig:    env.resetMail,
				ResourceName: calendarEvent,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					r := s.RootModule().Resources[calendarEvent].Primary
					return r.Attributes["user_id"] + "/" + r.ID, nil
				},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					a := states[0].Attributes
					want := map[string]string{
						"cancelled_occurrences.#": "2", "cancelled_occurrences.0": "2027-03-29", "cancelled_occurrences.1": "2027-05-17",
						"moved_occurrences.%": "1", "moved_occurrences.2027-05-10.start_date_time": "2027-05-13T14:00:00",
						"moved_occurrences.2027-05-10.end_date_time": "2027-05-13T16:00:00", "moved_occurrences.2027-05-10.location": "Room 2",
					}
					for k, v := range want {
						if a[k] != v {
							return fmt.Errorf("imported %s = %q, want %q", k, a[k], v)
						}
					}
					return env.expectNoOccurrenceMail(graphmock.MailInvitation, graphmock.MailUpdate, graphmock.MailCancellation)(nil)
				},
			},
			{
				// One more holiday: one cancellation per trainee, nothing else.
				PreConfig: env.resetMail,
				Config:    env.config(weeklyLab("14:00", `["2027-03-29", "2027-05-17", "2027-04-26"]`, labMove)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectEventChangesOnly("cancelled_occurrences")},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCancel: 1, graphmock.RouteEventPatch: 0, graphmock.RouteEventCreate: 0}),
					env.expectOccurrenceMail(graphmock.MailCancellation, map[string]int{"2027-04-26": 1}),
					env.expectNoOccurrenceMail(graphmock.MailInvitation, graphmock.MailUpdate),
				),
			},
			{
				// Nothing to change: nothing beyond the refresh.
				PreConfig: env.resetMail,
				Config:    env.config(weeklyLab("14:00", `["2027-04-26", "2027-03-29", "2027-05-17"]`, labMove)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(env.noEventWrites(), env.expectNoOccurrenceMail(graphmock.MailInvitation, graphmock.MailUpdate, graphmock.MailCancellation)),
			},
			{
				// An unrelated change plans that change only; Graph mails
				// the series' update and one per moved occurrence (§5.2).
				PreConfig: env.resetMail,
				Config:    env.config(renamed(weeklyLab("14:00", `["2027-04-26", "2027-03-29", "2027-05-17"]`, labMove))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectEventChangesOnly("subject")},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectEventPatchKeys("subject"),
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 1, graphmock.RouteEventCancel: 0}),
					env.expectNoOccurrenceMail(graphmock.MailCancellation),
				),
			},
			{
				// The move taken back: one PATCH puts the session on its
				// Monday at the series' time and place.
				PreConfig: env.resetMail,
				Config:    env.config(renamed(weeklyLab("14:00", `["2027-04-26", "2027-03-29", "2027-05-17"]`, ""))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{expectEventChangesOnly("moved_occurrences")},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectEventPatchKeys("end", "location", "start"),
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 1, graphmock.RouteEventCancel: 0}),
					env.expectOccurrenceMail(graphmock.MailUpdate, map[string]int{"2027-05-10": 1}),
					env.expectNoOccurrenceMail(graphmock.MailCancellation, graphmock.MailInvitation),
				),
			},
			{
				// A holiday cannot be taken back.
				Config:      env.config(renamed(weeklyLab("14:00", `["2027-03-29", "2027-05-17"]`, ""))),
				ExpectError: regexp.MustCompile(`(?s)Cancelled Occurrence Cannot Be Restored.*2027-04-26.*single\s+msgraph_calendar_event`),
			},
		},
	})
}

// TestAccCalendarEvent_seriesMoved: the whole series moves from 14:00 to
// 15:00; its holidays and its moved session stay as configured whether
// Graph keeps a series' exceptions across such a PATCH or discards them
// (undocumented).
func TestAccCalendarEvent_seriesMoved(t *testing.T) {
	for name, tc := range map[string]struct {
		mode string
		// what the re-application mails each trainee
		cancellations, updates map[string]int
	}{
		"exceptions kept":      {graphmock.SeriesExceptionsKept, map[string]int{}, map[string]int{"": 1, "2027-05-10": 1}},
		"exceptions discarded": {graphmock.SeriesExceptionsDiscarded, map[string]int{"2027-03-29": 1, "2027-05-17": 1}, map[string]int{"": 1, "2027-05-10": 1}},
	} {
		t.Run(name, func(t *testing.T) {
			env := newMockEventEnv(t, graphmock.Config{SeriesExceptions: tc.mode}, "switches what Graph does to a series' exceptions")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{
					{Config: env.config(weeklyLab("14:00", labHolidays, labMove))},
					{
						PreConfig: env.resetMail,
						Config:    env.config(weeklyLab("15:00", labHolidays, labMove)),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{expectEventChangesOnly("start_date_time", "end_date_time")},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(calendarEvent, cancelledOccurrences, labHolidaysValue),
							statecheck.ExpectKnownValue(calendarEvent, movedOccurrences.AtMapKey("2027-05-10").AtMapKey("start_date_time"), knownvalue.StringExact("2027-05-13T14:00:00")),
						},
						Check: resource.ComposeTestCheckFunc(
							env.expectOccurrenceMail(graphmock.MailCancellation, tc.cancellations),
							env.expectOccurrenceMail(graphmock.MailUpdate, tc.updates),
						),
					},
				},
			})
		})
	}
}

// TestAccCalendarEvent_occurrencesEditedInOutlook: a session moved in
// Outlook is planned back (one update for that date); one cancelled in
// Outlook is reported with a warning, never planned as something apply
// could restore, and listing it afterwards sends nothing.
func TestAccCalendarEvent_occurrencesEditedInOutlook(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "edits occurrences as Outlook would")
	var seriesID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(weeklyLab("14:00", "", ""))},
			{
				PreConfig: func() {
					seriesID = env.eventID(t, organizerID)
					berlin, _ := time.LoadLocation("Europe/Berlin")
					if err := env.mock.MoveOccurrence(seriesID, "2027-04-12", time.Date(2027, 4, 13, 9, 0, 0, 0, berlin), time.Date(2027, 4, 13, 11, 0, 0, 0, berlin), ""); err != nil {
						t.Fatal(err)
					}
					if err := env.mock.CancelOccurrence(seriesID, "2027-04-19", "Trainer ill"); err != nil {
						t.Fatal(err)
					}
					env.resetMail()
				},
				Config: env.config(weeklyLab("14:00", "", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						expectEventChangesOnly("moved_occurrences"),
						plancheck.ExpectKnownValue(calendarEvent, movedOccurrences, knownvalue.Null()),
						plancheck.ExpectKnownValue(calendarEvent, cancelledOccurrences, knownvalue.Null()),
					},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 1, graphmock.RouteEventCancel: 0, graphmock.RouteEventDelete: 0}),
					env.expectOccurrenceMail(graphmock.MailUpdate, map[string]int{"2027-04-12": 1}),
					env.expectNoOccurrenceMail(graphmock.MailCancellation, graphmock.MailInvitation),
					func(*terraform.State) error {
						if d := env.diagnostics("Occurrences Cancelled Outside Terraform"); len(d) == 0 || !strings.Contains(d[0].Detail, "2027-04-19") {
							return fmt.Errorf("no warning names the occurrence cancelled in Outlook: %v", d)
						}
						return nil
					},
				),
			},
			{
				// Listed: recorded without a request or a mail.
				PreConfig: env.resetMail,
				Config:    env.config(weeklyLab("14:00", `["2027-04-19"]`, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{expectEventChangesOnly("cancelled_occurrences")},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(env.noEventWrites(), env.expectNoOccurrenceMail(graphmock.MailUpdate, graphmock.MailCancellation)),
			},
		},
	})
}

// TestAccCalendarEvent_occurrenceCancelAnswerLost: Graph cancels the
// occurrence but its answer is lost; the provider reads the series to
// find out and never cancels twice, whether Graph's instances leave the
// cancelled occurrence out (documented) or list it as cancelled.
func TestAccCalendarEvent_occurrenceCancelAnswerLost(t *testing.T) {
	for name, listed := range map[string]bool{"instances leave it out": false, "instances list it cancelled": true} {
		t.Run(name, func(t *testing.T) {
			env := newMockEventEnv(t, graphmock.Config{InstancesListCancelled: listed, Faults: graphmock.Faults{DropOccurrenceCancelEvery: 1}},
				"drops Graph's answers")
			resource.ParallelTest(t, env.holidayCancelledOnce(1))
		})
	}
}

// holidayCancelledOnce is a test case that makes the lab with Easter
// Monday off: the apply sends that many cancel requests, mails each
// trainee one cancellation for that date, and the next plan is empty.
func (e *testEnv) holidayCancelledOnce(cancels int) resource.TestCase {
	return resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(weeklyLab("14:00", `["2027-03-29"]`, "")),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.ComposeTestCheckFunc(
				e.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCancel: cancels}),
				e.expectOccurrenceMail(graphmock.MailCancellation, map[string]int{"2027-03-29": 1}),
			),
		}},
	}
}

// TestAccCalendarEvent_seriesExceptionsRefused: what cannot be done is
// refused at plan time, naming the date, before any request.
func TestAccCalendarEvent_seriesExceptionsRefused(t *testing.T) {
	tests := map[string]struct{ cancelled, moved, want string }{
		"a date the pattern never produces": {`["2027-03-30"]`, "", `Not an Occurrence of the Series.*2027-03-30 is not a date on which the series takes place.*2027-03-22`},
		"a date after the range":            {`["2027-05-31"]`, "", `Not an Occurrence of the Series.*2027-05-31`},
		"a move of no occurrence":           {"", `{ "2027-03-23" = { start_date_time = "2027-03-24T14:00:00", end_date_time = "2027-03-24T16:00:00" } }`, `Not an Occurrence of the Series.*2027-03-23`},
		"cancelled and moved":               {`["2027-05-10"]`, labMove, `Occurrence Both Cancelled and Moved.*2027-05-10`},
		"a move onto the next occurrence":   {"", `{ "2027-05-10" = { start_date_time = "2027-05-17T09:00:00", end_date_time = "2027-05-17T10:00:00" } }`, `Occurrence Moved Past a Neighbour.*moved_occurrences.*2027-05-10 is moved to 2027-05-17.*before\s+2027-05-17`},
		"a move before the previous one":    {"", `{ "2027-05-10" = { start_date_time = "2027-05-03T18:00:00", end_date_time = "2027-05-03T19:00:00" } }`, `Occurrence Moved Past a Neighbour.*after 2027-05-03`},
		"a move that ends before it starts": {"", `{ "2027-05-10" = { start_date_time = "2027-05-13T14:00:00", end_date_time = "2027-05-13T13:00:00" } }`, `End Not After Start.*2027-05-10`},
		"a date that is no date":            {`["29 March"]`, "", `Invalid Date.*"29 March"`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			env := newEventEnv(t, graphmock.Config{})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      env.config(weeklyLab("14:00", tt.cancelled, tt.moved)),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)` + tt.want),
				}},
			})
			after(t, env.expectNoRequests())
		})
	}
	t.Run("an event that is not a series", func(t *testing.T) {
		env := newEventEnv(t, graphmock.Config{})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factories(),
			Steps: []resource.TestStep{{
				Config: env.config(eventConfig(`  subject = "Kick-off"
  start_date_time = "2027-03-22T14:00:00"
  end_date_time   = "2027-03-22T16:00:00"
  cancelled_occurrences = ["2027-03-22"]`)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Occurrences of an Event That Is Not a Series.*Set recurrence`),
			}},
		})
	})
	t.Run("a pattern that no longer produces a listed date", func(t *testing.T) {
		env := newMockEventEnv(t, graphmock.Config{}, "counts requests")
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.factories(),
			Steps: []resource.TestStep{
				{Config: env.config(weeklyLab("14:00", labHolidays, ""))},
				{
					PreConfig:   env.resetMail,
					Config:      env.config(strings.Replace(weeklyLab("14:00", labHolidays, ""), "number_of_occurrences = 10", "number_of_occurrences = 6", 1)),
					ExpectError: regexp.MustCompile(`(?s)Not an Occurrence of the Series.*2027-05-17.*remove the dates that are no longer occurrences`),
				},
				{
					Config: env.config(strings.Replace(weeklyLab("14:00", `["2027-03-29"]`, ""), "number_of_occurrences = 10", "number_of_occurrences = 6", 1)),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: env.expectOccurrenceMail(graphmock.MailCancellation, map[string]int{}),
				},
			},
		})
	})
}

// TestAccCalendarEvent_movedInTheSeriesRoom: a move that names the series'
// own location is one PATCH of the times, and plans nothing afterwards.
func TestAccCalendarEvent_movedInTheSeriesRoom(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "counts requests")
	move := `{ "2027-05-10" = { start_date_time = "2027-05-11T09:00:00", end_date_time = "2027-05-11T11:00:00", location = "Lab 1" } }`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(weeklyLab("14:00", "", move)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.ComposeTestCheckFunc(
				env.expectEventPatchKeys("end", "start"),
				env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 1}),
				env.expectOccurrenceMail(graphmock.MailUpdate, map[string]int{"2027-05-10": 1}),
			),
		}},
	})
}

// TestAccCalendarEvent_occurrencesWithinMailboxLimit: eight weekly labs in
// one mailbox, each with two holidays and a moved session, applied by
// Terraform's ten workers: the occurrence requests count against Outlook's
// four per mailbox like any other, and Outlook refuses none. Without a
// cancellation_message, each holiday is the DELETE of its occurrence.
func TestAccCalendarEvent_occurrencesWithinMailboxLimit(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{Faults: graphmock.Faults{Latency: 30 * time.Millisecond}}, "counts Outlook's refusals")
	config := env.config(fmt.Sprintf(`
resource "msgraph_calendar_event" "lab" {
  count           = 8
  user_id         = %q
  external_id     = "lab-${count.index}"
  subject         = "Lab group ${count.index}"
  start_date_time = "2027-03-22T14:00:00"
  end_date_time   = "2027-03-22T16:00:00"
  time_zone       = "Europe/Berlin"
  recurrence = {
    pattern = { type = "weekly", interval = 1, days_of_week = ["monday"] }
    range   = { type = "numbered", start_date = "2027-03-22", number_of_occurrences = 10 }
  }
  cancelled_occurrences = %s
  moved_occurrences     = %s
}
`, organizerID, labHolidays, labMove))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeTestCheckFunc(env.expectNoMailboxRefusals(),
				env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCreate: 8, graphmock.RouteEventDelete: 16, graphmock.RouteEventCancel: 0, graphmock.RouteEventPatch: 8})),
		}},
	})
}

// TestAccCalendarEvent_lastOccurrenceMovedInOutlook: the last session,
// moved in Outlook eleven days past the series' end (which Graph allows:
// it has no next neighbour), is still found and planned back, not taken
// for a cancelled one.
func TestAccCalendarEvent_lastOccurrenceMovedInOutlook(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "edits an occurrence as Outlook would")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(weeklyLab("14:00", "", ""))},
			{
				PreConfig: func() {
					berlin, _ := time.LoadLocation("Europe/Berlin")
					if err := env.mock.MoveOccurrence(env.eventID(t, organizerID), "2027-05-24",
						time.Date(2027, 6, 4, 14, 0, 0, 0, berlin), time.Date(2027, 6, 4, 16, 0, 0, 0, berlin), ""); err != nil {
						t.Fatal(err)
					}
					env.resetMail()
				},
				Config: env.config(weeklyLab("14:00", "", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{expectEventChangesOnly("moved_occurrences")},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectOccurrenceMail(graphmock.MailUpdate, map[string]int{"2027-05-24": 1}),
					func(*terraform.State) error {
						if d := env.diagnostics("Occurrences Cancelled Outside Terraform"); len(d) != 0 {
							return fmt.Errorf("the moved session was taken for a cancelled one: %s", d[0].Detail)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccCalendarEvent_occurrenceRefusedOnCreate: Graph refuses a holiday's
// cancellation after the series was created: the error names the date, the
// series is recorded with what Graph holds, and the warning says how to
// keep Terraform from replacing it (and mailing everyone again).
func TestAccCalendarEvent_occurrenceRefusedOnCreate(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "injects a failure into the mock")
	env.mock.FailNext(graphmock.Failure{Route: graphmock.RouteEventCancel, Status: 400, Code: "ErrorInvalidRequest", Message: "The request is invalid."})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      env.config(weeklyLab("14:00", `["2027-03-29", "2027-05-17"]`, "")),
			ExpectError: regexp.MustCompile(`(?s)Unable to Cancel Occurrence of Calendar Series.*Cancelling\s+the\s+occurrence\s+of\s+2027-03-29\s+of\s+the\s+calendar\s+event.*HTTP 400`),
		}},
	})
	warnings := env.diagnostics("Series Created, Its Occurrences Not All Settled")
	if len(warnings) == 0 || !strings.Contains(warnings[0].Detail, "terraform untaint") {
		t.Errorf("no warning says to untaint the series: %v", warnings)
	}
	after(t, resource.ComposeTestCheckFunc(
		env.expectOccurrenceMail(graphmock.MailInvitation, map[string]int{"": 1}),
		// The other holiday went through; the destroy at the test's end
		// cancelled the series.
		env.expectOccurrenceMail(graphmock.MailCancellation, map[string]int{"2027-05-17": 1, "": 1}),
	))
}

// TestAccCalendarEvent_occurrencesAfterTheLastHoliday: with a holiday
// early in the series, a session later on that Outlook moves is still
// seen and planned back, and a move later on is still taken back.
func TestAccCalendarEvent_occurrencesAfterTheLastHoliday(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "edits an occurrence as Outlook would")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(weeklyLab("14:00", `["2027-03-29"]`, labMove))},
			{
				PreConfig: func() {
					berlin, _ := time.LoadLocation("Europe/Berlin")
					if err := env.mock.MoveOccurrence(env.eventID(t, organizerID), "2027-05-03",
						time.Date(2027, 5, 4, 14, 0, 0, 0, berlin), time.Date(2027, 5, 4, 16, 0, 0, 0, berlin), ""); err != nil {
						t.Fatal(err)
					}
					env.resetMail()
				},
				// Outlook's move planned back; the configured move taken back.
				Config: env.config(weeklyLab("14:00", `["2027-03-29"]`, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{expectEventChangesOnly("moved_occurrences")},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 2, graphmock.RouteEventCancel: 0}),
					env.expectOccurrenceMail(graphmock.MailUpdate, map[string]int{"2027-05-03": 1, "2027-05-10": 1}),
				),
			},
		},
	})
}

// TestAccCalendarEvent_movesInARow: Monday's session moves to the next
// Monday's morning and that one to Wednesday; each PATCH keeps the
// session between its neighbours as Graph requires, in the order that
// allows it.
func TestAccCalendarEvent_movesInARow(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "counts requests")
	moves := `{
    "2027-05-03" = { start_date_time = "2027-05-10T09:00:00", end_date_time = "2027-05-10T11:00:00" }
    "2027-05-10" = { start_date_time = "2027-05-12T14:00:00", end_date_time = "2027-05-12T16:00:00" }
  }`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(weeklyLab("14:00", "", moves)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 2}),
					env.expectOccurrenceMail(graphmock.MailUpdate, map[string]int{"2027-05-03": 1, "2027-05-10": 1}),
				),
			},
			{
				// Both back, in the order that allows it.
				PreConfig: env.resetMail,
				Config:    env.config(weeklyLab("14:00", "", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.expectOccurrenceMail(graphmock.MailUpdate, map[string]int{"2027-05-03": 1, "2027-05-10": 1}),
			},
		},
	})
}

// TestAccCalendarEvent_seriesMovedToTheSessionsHour: a session moved to
// 15:00 stays planned as configured once the whole series moves to 15:00,
// whether Graph keeps it an exception or not.
func TestAccCalendarEvent_seriesMovedToTheSessionsHour(t *testing.T) {
	move := `{ "2027-05-10" = { start_date_time = "2027-05-10T15:00:00", end_date_time = "2027-05-10T17:00:00" } }`
	for _, mode := range []string{graphmock.SeriesExceptionsKept, graphmock.SeriesExceptionsDiscarded} {
		t.Run(mode, func(t *testing.T) {
			env := newMockEventEnv(t, graphmock.Config{SeriesExceptions: mode}, "switches what Graph does to a series' exceptions")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{
					{Config: env.config(weeklyLab("14:00", "", move))},
					{
						Config: env.config(weeklyLab("15:00", "", move)),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
		})
	}
}

// TestAccCalendarEvent_occurrenceCancelNotCarriedOut: Graph answers 503
// without having cancelled: the occurrence is still listed on every
// reading, so the provider cancels it again, once.
func TestAccCalendarEvent_occurrenceCancelNotCarriedOut(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "injects a failure into the mock")
	env.mock.FailNext(graphmock.Failure{Route: graphmock.RouteEventCancel, Status: 503, Code: "ServiceNotAvailable", Message: "Service unavailable."})
	resource.ParallelTest(t, env.holidayCancelledOnce(2))
}

// TestAccCalendarEvent_occurrenceCancelAnswerLostListingLags: Graph
// cancels the occurrence, the answer is lost, and its instances go on
// listing the occurrence for a while: the provider reads again until they
// catch up, and does not cancel a second time.
func TestAccCalendarEvent_occurrenceCancelAnswerLostListingLags(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{Faults: graphmock.Faults{DropOccurrenceCancelEvery: 1, CancelledOccurrenceListedFor: 1500 * time.Millisecond}},
		"drops Graph's answers and delays its listing")
	resource.ParallelTest(t, env.holidayCancelledOnce(1))
}

// TestAccCalendarEventDataSource_seriesExceptions: the data source shows a
// series' holidays and moved session as Graph holds them.
func TestAccCalendarEventDataSource_seriesExceptions(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	lookup := fmt.Sprintf(`
data "msgraph_calendar_event" "lab" {
  user_id     = %q
  external_id = msgraph_calendar_event.test.external_id
  time_zone   = "Europe/Berlin"
}
`, organizerID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(weeklyLab("14:00", labHolidays, labMove))},
			{
				Config: env.config(weeklyLab("14:00", labHolidays, labMove) + lookup),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.msgraph_calendar_event.lab", cancelledOccurrences, labHolidaysValue),
					statecheck.ExpectKnownValue("data.msgraph_calendar_event.lab", movedOccurrences.AtMapKey("2027-05-10"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"start_date_time": knownvalue.StringExact("2027-05-13T14:00:00"),
						"end_date_time":   knownvalue.StringExact("2027-05-13T16:00:00"),
						"location":        knownvalue.StringExact("Room 2"),
					})),
				},
			},
		},
	})
}
