package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
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

// The tests of sessions over time (SPEC §8) run at the machine's clock,
// with every date relative to it: a session held last week, a series
// that began three weeks ago, a session next week.

var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

// berlinDay is hour:00 in Berlin, days from today.
func berlinDay(days, hour int) time.Time {
	now := time.Now().In(berlin)
	return time.Date(now.Year(), now.Month(), now.Day()+days, hour, 0, 0, 0, berlin)
}

// wallDate and wallTime write a Berlin time as the events take it.
func wallDate(t time.Time) string { return t.Format(time.DateOnly) }
func wallTime(t time.Time) string { return t.Format(wallClockLayout) }

// pastEvent is one calendar event of these tests, msgraph_calendar_event.<key>,
// from start for two hours, with the two trainees; extra is more of its body.
func pastEvent(key string, start time.Time, extra string) string {
	return fmt.Sprintf(`
resource "msgraph_calendar_event" %[1]q {
  user_id         = %[2]q
  external_id     = "past-%[1]s"
  subject         = "Session %[1]s"
  start_date_time = %[3]q
  end_date_time   = %[4]q
  time_zone       = "Europe/Berlin"
%[5]s
%[6]s
}
`, key, organizerID, wallTime(start), wallTime(start.Add(2*time.Hour)), twoTrainees, extra)
}

// weeklySeries is the recurrence of a weekly series of n sessions from
// start, with extra (its holidays and moves).
func weeklySeries(start time.Time, n int, extra string) string {
	return fmt.Sprintf(`  recurrence = {
    pattern = { type = "weekly", interval = 1, days_of_week = [%q] }
    range   = { type = "numbered", start_date = %q, number_of_occurrences = %d }
  }
%s`, strings.ToLower(start.Weekday().String()), wallDate(start), n, extra)
}

// expectWarning checks that the provider's calls of a kind ("" for any)
// returned at least one warning whose summary contains summary and whose
// detail contains each of details; want false checks that none did.
func (e *testEnv) expectWarning(call, summary string, want bool, details ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		found := e.diagnosticsOf(call, summary)
		if !want {
			if len(found) > 0 {
				return fmt.Errorf("a %q warning, want none: %s", summary, found[0].Detail)
			}
			return nil
		}
		for _, d := range found {
			if !slices.ContainsFunc(details, func(s string) bool { return !strings.Contains(d.Detail, s) }) {
				return nil
			}
		}
		var got []string
		for _, d := range found {
			got = append(got, d.Detail)
		}
		return fmt.Errorf("no %q warning from %q with %q; got %q", summary, call, details, got)
	}
}

// mailOnly checks the mail each trainee got: these counts by kind, and no
// other.
func (e *testEnv) mailOnly(perKind map[graphmock.MailKind]int) resource.TestCheckFunc {
	checks := []resource.TestCheckFunc{}
	for _, kind := range []graphmock.MailKind{graphmock.MailInvitation, graphmock.MailUpdate, graphmock.MailCancellation} {
		for _, to := range []string{"trainer@contoso.example", "learner@contoso.example"} {
			checks = append(checks, e.expectMail(kind, to, perKind[kind]))
		}
	}
	return resource.ComposeTestCheckFunc(checks...)
}

// eventHeld checks that the mock still holds the event of key.
func (e *testEnv) eventHeld(key string, want bool) resource.TestCheckFunc {
	return e.onMock(func(m *graphmock.Instance) error {
		held := false
		for _, ev := range m.Events(organizerID) {
			if k, _ := ev.ExtendedProperty(externalIDProperty); k == "past-"+key {
				held = true
			}
		}
		if held != want {
			return fmt.Errorf("the mock holds the event %q: %v, want %v", key, held, want)
		}
		return nil
	})
}

func (e *testEnv) clearRecords() {
	e.resetMail()
	e.resetDiagnostics()
}

// checkedThenCleared is the PreConfig of the step after a plan-only one:
// it checks what that plan recorded (a plan-only step runs no Check),
// then clears the records.
func (e *testEnv) checkedThenCleared(t *testing.T, checks ...resource.TestCheckFunc) func() {
	return func() {
		if err := resource.ComposeAggregateTestCheckFunc(checks...)(nil); err != nil {
			t.Error(err)
		}
		e.clearRecords()
	}
}

// TestAccCalendarEvent_heldSessionKept: a session held last week is
// created with a warning (nothing warns of the one ahead); removed from
// the configuration, it leaves the state without a request or a mail, the
// plan and the apply saying so, and stays in the calendars; a session
// ahead removed is deleted as always, with a cancellation for each
// attendee.
func TestAccCalendarEvent_heldSessionKept(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "keeps sessions in the mailbox on purpose").atMachineClock()
	held := pastEvent("held", berlinDay(-7, 9), "")
	ahead := pastEvent("ahead", berlinDay(7, 9), "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(held + ahead),
				Check: resource.ComposeTestCheckFunc(
					env.expectWarning("plan", "Creating a Session That Has Ended", true, `"past-held"`, "its 2 attendees", "wrong year"),
					env.onMock(func(*graphmock.Instance) error {
						for _, d := range env.diagnostics("Creating a Session That Has Ended") {
							if strings.Contains(d.Detail, "past-ahead") {
								return fmt.Errorf("a warning about the session ahead: %s", d.Detail)
							}
						}
						return nil
					}),
					env.mailOnly(map[graphmock.MailKind]int{graphmock.MailInvitation: 2}),
				),
			},
			{
				// A key known only at apply replaces the held session: the
				// old half is kept, and the plan says so.
				PreConfig: env.clearRecords,
				Config: env.config(ahead + strings.Replace(held, `"past-held"`, `"past-held${terraform_data.key.output}"`, 1) +
					`resource "terraform_data" "key" { input = "-2" }`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: env.checkedThenCleared(t, env.expectWarning("plan", "Calendar Event Kept: Its Session Has Ended", true, `"past-held"`)),
				Config:    env.config(ahead),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("msgraph_calendar_event.held", plancheck.ResourceActionDestroy)},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectWarning("plan", "Calendar Event Kept: Its Session Has Ended", true, `"past-held"`, "stays in the calendars", "keep_past_on_destroy = false"),
					env.expectWarning("apply", "Calendar Event Kept: Its Session Has Ended", true, `"past-held"`),
					env.noEventWrites(),
					env.mailOnly(nil),
					env.eventHeld("held", true),
				),
			},
			{
				PreConfig: env.clearRecords,
				Config:    env.config(`# nothing`),
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventDelete: 1, graphmock.RouteEventCancel: 0, graphmock.RouteEventPatch: 0}),
					env.mailOnly(map[graphmock.MailKind]int{graphmock.MailCancellation: 1}),
					env.eventHeld("ahead", false),
					env.expectWarning("", "Kept", false),
				),
			},
		},
	})
	after(t, env.eventHeld("held", true))
}

// TestAccCalendarEvent_keepPastOnDestroyFalse: with keep_past_on_destroy
// false, a session held and a series that has begun are deleted as
// sessions ahead are, with Graph's cancellations; a change of the
// attribute alone plans that change and sends nothing.
func TestAccCalendarEvent_keepPastOnDestroyFalse(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "creates sessions in the past").atMachineClock()
	start := berlinDay(-20, 10)
	held := pastEvent("held", berlinDay(-7, 9), "")
	series := pastEvent("lab", start, weeklySeries(start, 6, ""))
	off := "  keep_past_on_destroy = false"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(held + series)},
			{
				PreConfig: env.clearRecords,
				Config:    env.config(pastEvent("held", berlinDay(-7, 9), off) + pastEvent("lab", start, weeklySeries(start, 6, off))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("msgraph_calendar_event.held", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("msgraph_calendar_event.held", tfjsonpath.New("keep_past_on_destroy"), knownvalue.Bool(false)),
						expectChangesOnly("msgraph_calendar_event.lab", "keep_past_on_destroy"),
					},
				},
				Check: resource.ComposeTestCheckFunc(env.noEventWrites(), env.mailOnly(nil), env.expectWarning("", "Changing a Session That Has Ended", false)),
			},
			{
				PreConfig: env.clearRecords,
				Config:    env.config(`# nothing`),
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventDelete: 2, graphmock.RouteEventPatch: 0}),
					env.mailOnly(map[graphmock.MailKind]int{graphmock.MailCancellation: 2}),
					env.eventHeld("held", false), env.eventHeld("lab", false),
					env.expectWarning("", "Kept", false),
				),
			},
		},
	})
}

// TestAccCalendarEvent_runningSeriesEnded: a weekly series that began
// three weeks ago, with a holiday held and a session moved, leaves the
// configuration: one PATCH ends it after its last session held, each
// trainee gets one update and no cancellation, the held sessions stay as
// they were and those ahead leave the calendar. A moved session that was
// held is one more update (Graph mails one per occurrence updated
// separately). Should Graph drop the exceptions when the range changes
// (undocumented), the apply says which held dates it reset and sends
// nothing to put them back.
func TestAccCalendarEvent_runningSeriesEnded(t *testing.T) {
	start := berlinDay(-20, 10) // sessions on days -20, -13, -6, +1, +8, +15
	holiday, lastHeld := wallDate(start.AddDate(0, 0, 7)), wallDate(start.AddDate(0, 0, 14))
	moveOf := func(date time.Time) string {
		to := date.AddDate(0, 0, 1)
		return fmt.Sprintf(`  moved_occurrences = { %q = { start_date_time = %q, end_date_time = %q } }`,
			wallDate(date), wallTime(to), wallTime(to.Add(time.Hour)))
	}
	for name, tc := range map[string]struct {
		moved time.Time
		// mode is what Graph does to the exceptions (undocumented).
		mode      string
		movedHeld bool
		updates   int
	}{
		"the moved session ahead":                       {start.AddDate(0, 0, 28), graphmock.SeriesExceptionsKept, false, 1},
		"the moved session held":                        {start, graphmock.SeriesExceptionsKept, true, 2},
		"the moved session held, exceptions discarded":  {start, graphmock.SeriesExceptionsDiscarded, true, 1},
		"the moved session ahead, exceptions discarded": {start.AddDate(0, 0, 28), graphmock.SeriesExceptionsDiscarded, false, 1},
	} {
		t.Run(name, func(t *testing.T) {
			env := newMockEventEnv(t, graphmock.Config{SeriesExceptions: tc.mode}, "keeps sessions in the mailbox on purpose").atMachineClock()
			lab := pastEvent("lab", start, weeklySeries(start, 6, fmt.Sprintf("  cancelled_occurrences = [%q]\n%s", holiday, moveOf(tc.moved))))
			discarded := tc.mode == graphmock.SeriesExceptionsDiscarded
			var reset []string
			if discarded {
				reset = append(reset, "the holiday of "+holiday+" shows as a session again")
				if tc.movedHeld {
					reset = append(reset, "the session of "+wallDate(start)+" shows at the pattern's time again")
				}
			}
			var seriesID string
			var heldBefore map[string]graph.Event
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{
					{
						Config: env.config(lab),
						Check: resource.ComposeTestCheckFunc(
							env.expectWarning("plan", "Creating a Series That Has Begun", true, `"past-lab"`, "its 2 attendees", "2 sessions, up to "+lastHeld,
								"a cancellation for its holiday that has passed"),
							func(*terraform.State) error {
								seriesID = env.eventIDOf(t, "past-lab")
								heldBefore = env.occurrences(t, seriesID)
								return nil
							},
						),
					},
					{
						PreConfig: env.clearRecords,
						Config:    env.config(`# the lab leaves the schedule`),
						Check: resource.ComposeTestCheckFunc(
							env.expectWarning("plan", "Calendar Series Ended After Its Last Session Held", true, "2 of its sessions, up to "+lastHeld, "ends it on "+lastHeld),
							env.expectWarning("apply", "Calendar Series Ended After Its Last Session Held", true, `"past-lab"`),
							env.expectWarning("apply", "Graph Reset Its Held Exceptions", discarded, append([]string{`"past-lab"`, "does not put them back"}, reset...)...),
							func(*terraform.State) error {
								moved := strings.Contains(env.diagnosticsOf("apply", "Calendar Series Ended After")[0].Detail, "one more for its session held that was moved")
								if moved != tc.movedHeld {
									return fmt.Errorf("the warning tells of a held session moved: %v, want %v", moved, tc.movedHeld)
								}
								return nil
							},
							// One PATCH of the range, and one read of the occurrences
							// to check the held ones (the other is the plan's
							// refresh): nothing else, whatever Graph did.
							env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 1, graphmock.RouteEventInstances: 2,
								graphmock.RouteEventDelete: 0, graphmock.RouteEventCancel: 0}),
							env.onMock(func(m *graphmock.Instance) error {
								body := string(m.RequestsTo(graphmock.RouteEventPatch)[0].Body)
								if want := `"range":{"type":"endDate","startDate":"` + wallDate(start) + `","endDate":"` + lastHeld + `"`; !strings.Contains(body, want) || !strings.HasPrefix(body, `{"recurrence":`) {
									return fmt.Errorf("the range PATCH %s, want %s in it", body, want)
								}
								return nil
							}),
							env.mailOnly(map[graphmock.MailKind]int{graphmock.MailUpdate: tc.updates}),
							env.eventHeld("lab", true),
							func(*terraform.State) error {
								after := env.occurrences(t, seriesID)
								var dates []string
								for d, o := range after {
									dates = append(dates, d)
									held, ok := heldBefore[d]
									if reverted := discarded && (d == holiday || tc.movedHeld && d == wallDate(start)); ok && !reverted && (*held.Start != *o.Start || *held.End != *o.End) {
										return fmt.Errorf("the session of %s moved: %v – %v, was %v – %v", d, o.Start, o.End, held.Start, held.End)
									}
								}
								slices.Sort(dates)
								want := []string{wallDate(start), lastHeld}
								if discarded {
									want = []string{wallDate(start), holiday, lastHeld}
								}
								if !slices.Equal(dates, want) {
									return fmt.Errorf("the series has sessions %v, want %v", dates, want)
								}
								return nil
							},
						),
					},
				},
			})
		})
	}
}

// TestAccCalendarEvent_runningSeriesGoneAtApply: a running series deleted
// in Outlook between the plan and the apply that ends it: the range PATCH
// finds nothing, and the apply neither fails nor says the series was ended.
func TestAccCalendarEvent_runningSeriesGoneAtApply(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "deletes an event out of band without mail").atMachineClock()
	start := berlinDay(-20, 10)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(pastEvent("lab", start, weeklySeries(start, 6, "")))},
			{
				PreConfig: env.clearRecords,
				Config:    env.config(`# the lab leaves the schedule`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{beforeApply(func() { env.deleteEvent(t, organizerID, env.eventIDOf(t, "past-lab")) })},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectWarning("plan", "Calendar Series Ended After Its Last Session Held", true, `"past-lab"`),
					env.expectWarning("apply", "Calendar Series Ended", false),
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 1, graphmock.RouteEventDelete: 0, graphmock.RouteEventCancel: 0}),
				),
			},
		},
	})
}

// beforeApply is a plan check that runs f between the plan and its apply.
type beforeApply func()

func (f beforeApply) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

// occurrences are a series' sessions as Graph lists them, by original
// date in Berlin.
func (e *testEnv) occurrences(t *testing.T, seriesID string) map[string]graph.Event {
	t.Helper()
	client, err := graph.New(graph.Options{Endpoint: e.mock.GraphURL(), Credential: graph.AccessTokenCredential(e.mock.IssueToken(e.mock.URL)), Backoff: testBackoff})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]graph.Event{}
	err = client.ListInstances(context.Background(), organizerID, seriesID, "Europe/Berlin", time.Now().AddDate(-1, 0, 0), time.Now().AddDate(1, 0, 0), func(page []graph.Event) error {
		for _, o := range page {
			original, err := o.OriginalStartTime()
			if err != nil {
				return err
			}
			out[wallDate(original.In(berlin))] = o
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAccCalendarEvent_pastChangesWarn: a change of a session held warns
// how many attendees it mails; a change of the times of a series that has
// begun warns that the held sessions move too and how to split the series
// instead; the same changes of sessions ahead warn of nothing.
func TestAccCalendarEvent_pastChangesWarn(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "creates sessions in the past").atMachineClock()
	start, future := berlinDay(-20, 10), berlinDay(10, 10)
	config := func(subject, hour string) string {
		c := pastEvent("held", berlinDay(-7, 9), "") + pastEvent("ahead", berlinDay(7, 9), "") +
			pastEvent("lab", start, weeklySeries(start, 6, "")) + pastEvent("next", future, weeklySeries(future, 4, ""))
		c = strings.ReplaceAll(c, `"Session `, `"`+subject+` `)
		return strings.ReplaceAll(c, "T10:00:00", "T"+hour+":00:00")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(config("Session", "10"))},
			{
				PreConfig: env.clearRecords,
				Config:    env.config(config("Lesson", "11")),
				Check: resource.ComposeTestCheckFunc(
					env.expectWarning("plan", "Changing a Session That Has Ended", true, `"past-held"`, "mails its 2 attendees an update about a session in the past", "remove them from the configuration"),
					env.expectWarning("plan", "Changing a Series That Has Begun", true, `"past-lab"`, "3 of its sessions, up to "+wallDate(start.AddDate(0, 0, 14)),
						"its times", `end_date = "`+wallDate(start.AddDate(0, 0, 14))+`"`, "from "+wallDate(start.AddDate(0, 0, 21))),
					func(*terraform.State) error {
						for _, summary := range []string{"Changing", "Creating", "Kept"} {
							for _, d := range env.diagnostics(summary) {
								if strings.Contains(d.Detail, "past-ahead") || strings.Contains(d.Detail, "past-next") {
									return fmt.Errorf("a warning about a session ahead: %s: %s", d.Summary, d.Detail)
								}
							}
						}
						return nil
					},
					// The changes were applied all the same.
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 4}),
				),
			},
		},
	})
}

// TestAccCalendarEvent_goneAfterItsSession: an event held that was
// deleted in Outlook is history, not drift: the refresh keeps it with a
// warning and the plan creates nothing; removing it sends nothing. Moved
// into the future, it is created again.
func TestAccCalendarEvent_goneAfterItsSession(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "deletes an event out of band without mail").atMachineClock()
	held := pastEvent("held", berlinDay(-7, 9), "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(held)},
			{
				PreConfig: func() {
					env.deleteEvent(t, organizerID, env.eventIDOf(t, "past-held"))
					env.clearRecords()
				},
				Config: env.config(held),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectWarning("read", "Calendar Event No Longer in Graph", true, `"past-held"`, "deleted or cancelled outside Terraform", "destroying it sends nothing"),
					env.noEventWrites(), env.mailOnly(nil),
				),
			},
			{
				// A change of it is kept in state: there is nothing to send it to.
				PreConfig: env.clearRecords,
				Config:    env.config(strings.Replace(held, `"Session held"`, `"Session held (renamed)"`, 1)),
				Check: resource.ComposeTestCheckFunc(
					env.expectWarning("plan", "No Longer in Graph: Change Kept in State Only", true),
					env.expectWarning("plan", "Changing a Session That Has Ended", false),
					env.noEventWrites(), env.mailOnly(nil),
					resource.TestCheckResourceAttr(calendarEventAt("held"), "subject", "Session held (renamed)"),
				),
			},
			{
				PreConfig: env.clearRecords,
				Config:    env.config(strings.ReplaceAll(held, wallDate(berlinDay(-7, 9)), wallDate(berlinDay(7, 9)))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(calendarEventAt("held"), plancheck.ResourceActionReplace)},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCreate: 1, graphmock.RouteEventDelete: 0, graphmock.RouteEventCancel: 0}),
					env.mailOnly(map[graphmock.MailKind]int{graphmock.MailInvitation: 1}),
				),
			},
		},
	})
}

func calendarEventAt(key string) string { return "msgraph_calendar_event." + key }

// eventIDOf is the id of the organizer's event with the external id key.
func (e *testEnv) eventIDOf(t *testing.T, key string) string {
	t.Helper()
	for _, ev := range e.mock.Events(organizerID) {
		if k, _ := ev.ExtendedProperty(externalIDProperty); k == key {
			return ev.ID
		}
	}
	t.Fatalf("no event with external id %q", key)
	return ""
}

// pastMeeting is msgraph_online_meeting.test from start for an hour, with
// the trainer as attendee; extra is more of its body.
func pastMeeting(start time.Time, extra string) string {
	return meetingConfig(fmt.Sprintf(`  subject         = "Held meeting"
  start_date_time = %q
  end_date_time   = %q
  participants = { attendees = [{ user_id = %q }] }
%s`, start.UTC().Format(time.RFC3339), start.Add(time.Hour).UTC().Format(time.RFC3339), trainerID, extra))
}

// TestAccOnlineMeeting_expiredAfterItsSession: Graph removes a meeting 60
// days after its session; the next refresh keeps it, with a warning, and
// never calls createOrGet; removing it then sends nothing. A meeting
// whose session has ended and that Graph still holds is not deleted when
// it leaves the configuration either.
func TestAccOnlineMeeting_expiredAfterItsSession(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{}).atMachineClock()
	held := pastMeeting(time.Now().Add(-48*time.Hour), "")
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(held),
				Check: resource.ComposeTestCheckFunc(
					env.expectWarning("plan", "Creating a Session That Has Ended", true, `"acc-test"`, "Graph mails no one about online meetings"),
					func(s *terraform.State) error { id = s.RootModule().Resources[meeting].Primary.ID; return nil },
				),
			},
			{
				PreConfig: func() {
					env.mock.Advance(61 * 24 * time.Hour)
					env.resetRequests()
					env.resetDiagnostics()
				},
				Config: env.config(held),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
						if v != id {
							return fmt.Errorf("id %s, want the expired meeting's %s, as last read", v, id)
						}
						return nil
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectWarning("read", "Online Meeting No Longer in Graph", true, `"acc-test"`, "60 days after its session", "join link no longer works"),
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 0, graphmock.RouteCreate: 0, graphmock.RoutePatch: 0, graphmock.RouteDelete: 0}),
					env.expectMeetingCount(0, "Graph removed it"),
				),
			},
			{
				PreConfig: func() { env.resetRequests(); env.resetDiagnostics() },
				Config:    env.config(`# the meeting leaves the configuration`),
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 0, graphmock.RouteDelete: 0, graphmock.RoutePatch: 0}),
				),
			},
		},
	})
}

// TestAccOnlineMeeting_expiredMovedAhead: an expired meeting whose
// configuration moves it into the future is replaced: createOrGet makes
// a new meeting, and nothing is deleted.
func TestAccOnlineMeeting_expiredMovedAhead(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{}).atMachineClock()
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(pastMeeting(time.Now().Add(-48*time.Hour), "")),
				Check:  func(s *terraform.State) error { id = s.RootModule().Resources[meeting].Primary.ID; return nil },
			},
			{
				PreConfig: func() { env.mock.Advance(61 * 24 * time.Hour); env.resetRequests() },
				Config:    env.config(pastMeeting(time.Now().Add(7*24*time.Hour), "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionReplace)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 1, graphmock.RouteDelete: 0}),
					env.expectMeetingCount(1, "the new meeting"),
					func(s *terraform.State) error {
						if s.RootModule().Resources[meeting].Primary.ID == id {
							return fmt.Errorf("the meeting kept the expired id")
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccOnlineMeeting_heldKeptOnDestroy: a meeting whose session has
// ended is not deleted by terraform destroy (it keeps its attendance
// reports), and a change of keep_past_on_destroy alone plans only that
// attribute; with false, destroy deletes it.
func TestAccOnlineMeeting_heldKeptOnDestroy(t *testing.T) {
	for name, keep := range map[string]bool{"kept": true, "deleted": false} {
		t.Run(name, func(t *testing.T) {
			env := newMockEnv(t, graphmock.Config{}).atMachineClock()
			extra := fmt.Sprintf("  keep_past_on_destroy = %v", keep)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{
					{Config: env.config(pastMeeting(time.Now().Add(-48*time.Hour), ""))},
					{
						PreConfig: env.resetRequests,
						Config:    env.config(pastMeeting(time.Now().Add(-48*time.Hour), extra)),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{expectChangesOnly(meeting, map[bool][]string{true: {}, false: {"keep_past_on_destroy"}}[keep]...)},
						},
						Check: env.expectRequests(map[graphmock.Route]int{graphmock.RoutePatch: 0}),
					},
				},
				CheckDestroy: func(*terraform.State) error {
					if n, want := env.mock.CountRequests(graphmock.RouteDelete), map[bool]int{true: 0, false: 1}[keep]; n != want {
						return fmt.Errorf("DELETE requests = %d, want %d", n, want)
					}
					if kept := env.mock.MeetingCount() == 1; kept != keep {
						return fmt.Errorf("the mock holds the meeting: %v, want %v", kept, keep)
					}
					if keep && len(env.diagnosticsOf("apply", "Online Meeting Kept: Its Session Has Ended")) == 0 {
						return fmt.Errorf("no warning that the meeting is kept")
					}
					return nil
				},
			})
		})
	}
}

// TestUpgradeStateFromV0 adds keep_past_on_destroy = true to a state that
// 0.1.0 wrote, and changes nothing else of it.
func TestUpgradeStateFromV0(t *testing.T) {
	up := stateUpgraders()[0].StateUpgrader
	for name, tt := range map[string]struct{ in, want string }{
		"without it": {`{"id":"x","subject":"Module 1","timeouts":null}`, `{"id":"x","keep_past_on_destroy":true,"subject":"Module 1","timeouts":null}`},
		"with it":    {`{"id":"x","keep_past_on_destroy":false}`, `{"id":"x","keep_past_on_destroy":false}`},
	} {
		t.Run(name, func(t *testing.T) {
			var resp fwresource.UpgradeStateResponse
			up(context.Background(), upgradeRequest(tt.in), &resp)
			if resp.Diagnostics.HasError() || resp.DynamicValue == nil || string(resp.DynamicValue.JSON) != tt.want {
				t.Errorf("upgraded %s to %v (%v), want %s", tt.in, resp.DynamicValue, resp.Diagnostics, tt.want)
			}
		})
	}
	var resp fwresource.UpgradeStateResponse
	up(context.Background(), upgradeRequest(`[1]`), &resp)
	if !resp.Diagnostics.HasError() || !regexp.MustCompile(`import it again`).MatchString(resp.Diagnostics[0].Detail()) {
		t.Errorf("a state that is no object: %v", resp.Diagnostics)
	}
}

func upgradeRequest(state string) fwresource.UpgradeStateRequest {
	return fwresource.UpgradeStateRequest{RawState: &tfprotov6.RawState{JSON: []byte(state)}}
}

// TestAccCalendarEvent_runningSeriesChanged: a running series whose range
// ends at its last session held, as the warnings advise, warns of nothing
// (it is what destroying it does) and sends one update; a range that ends
// before sessions held warns that they leave the calendars; a change of
// the attendees of a session held warns of the mail to those it adds.
func TestAccCalendarEvent_runningSeriesChanged(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "creates sessions in the past").atMachineClock()
	start := berlinDay(-20, 10) // sessions on days -20, -13, -6, +1, +8, +15
	lab := func(n int) string { return pastEvent("lab", start, weeklySeries(start, n, "")) }
	weekday := strings.ToLower(start.Weekday().String())
	held := pastEvent("held", berlinDay(-7, 9), "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(lab(6) + held)},
			{
				// A pattern known only at apply may move the held sessions.
				PreConfig: env.clearRecords,
				Config: env.config(strings.Replace(lab(6), fmt.Sprintf("{ type = \"weekly\", interval = 1, days_of_week = [%q] }", weekday), "terraform_data.pattern.output", 1) + held +
					fmt.Sprintf(`resource "terraform_data" "pattern" { input = { type = "weekly", interval = 1, days_of_week = [%q] } }`, weekday)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig:          env.checkedThenCleared(t, env.expectWarning("plan", "Changing a Series That Has Begun", true, `"past-lab"`, "it changes recurrence (known only at apply)")),
				Config:             env.config(lab(2) + strings.Replace(held, `{ email = "learner@contoso.example", type = "optional" },`, "", 1)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: env.checkedThenCleared(t,
					env.expectWarning("plan", "Changing a Series That Has Begun", true, `"past-lab"`,
						"its range now ends before "+wallDate(start.AddDate(0, 0, 14)), "sessions that have taken place leave every calendar"),
					env.expectWarning("plan", "Changing a Session That Has Ended", true, `"past-held"`, "mails the 1 it adds or removes")),
				Config: env.config(lab(3) + held),
				Check: resource.ComposeTestCheckFunc(
					env.expectWarning("", "Changing a", false),
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 1, graphmock.RouteEventDelete: 0, graphmock.RouteEventCancel: 0}),
					env.mailOnly(map[graphmock.MailKind]int{graphmock.MailUpdate: 1}),
				),
			},
		},
	})
}

// TestAccCalendarEvent_goneSeriesExtended: a series that has ended and
// was deleted in Outlook is kept; extending its range into the future,
// with its first session where it was, plans a new series.
func TestAccCalendarEvent_goneSeriesExtended(t *testing.T) {
	env := newMockEventEnv(t, graphmock.Config{}, "deletes an event out of band without mail").atMachineClock()
	start := berlinDay(-22, 10)
	lab := func(n int) string { return pastEvent("lab", start, weeklySeries(start, n, "")) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(lab(3))},
			{
				PreConfig: func() { env.deleteEvent(t, organizerID, env.eventIDOf(t, "past-lab")); env.clearRecords() },
				Config:    env.config(lab(3)),
				Check:     env.expectWarning("read", "Calendar Event No Longer in Graph", true, `"past-lab"`),
			},
			{
				PreConfig: env.clearRecords,
				Config:    env.config(lab(8)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(calendarEventAt("lab"), plancheck.ResourceActionReplace)},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCreate: 1, graphmock.RouteEventDelete: 0}),
					env.eventHeld("lab", true),
				),
			},
		},
	})
}

// TestAccOnlineMeeting_underWayDeleted: a meeting made without times
// starts when it is created; destroying it while it is under way deletes
// it, as for any session that has not ended. A meeting whose end alone
// moves ahead after Graph removed it is replaced.
func TestAccOnlineMeeting_underWayDeleted(t *testing.T) {
	t.Run("under way", func(t *testing.T) { testUnderWayDeleted(t) })
	t.Run("gone, its end moved ahead", func(t *testing.T) { testGoneEndMoved(t) })
}

func testUnderWayDeleted(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{}).atMachineClock()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps:                    []resource.TestStep{{Config: env.config(meetingConfig(`  subject = "Ad hoc"`))}},
		CheckDestroy: func(*terraform.State) error {
			if n := env.mock.CountRequests(graphmock.RouteDelete); n != 1 {
				return fmt.Errorf("DELETE requests = %d, want 1", n)
			}
			return nil
		},
	})
}

func testGoneEndMoved(t *testing.T) {
	moved := newMockEnv(t, graphmock.Config{}).atMachineClock()
	begin := time.Now().Add(-48 * time.Hour)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: moved.factories(),
		Steps: []resource.TestStep{
			{Config: moved.config(pastMeeting(begin, ""))},
			{
				PreConfig: func() { moved.mock.Advance(61 * 24 * time.Hour); moved.resetRequests() },
				Config: moved.config(strings.Replace(pastMeeting(begin, ""), begin.Add(time.Hour).UTC().Format(time.RFC3339),
					time.Now().Add(7*24*time.Hour).UTC().Format(time.RFC3339), 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionReplace)},
				},
				Check: moved.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 1, graphmock.RouteDelete: 0}),
			},
		},
	})
}
