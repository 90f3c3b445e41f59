package provider

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

const calendarEvent = "msgraph_calendar_event.test"

// The trainees of the event tests, as the mock's directory spells them.
var trainees = []graphmock.User{
	{ID: mockTrainerID, UPN: "Trainer@Contoso.example", DisplayName: "Tara Trainer"},
	{ID: mockLearnerID, UPN: "Learner@Contoso.example", DisplayName: "Lee Learner"},
	{ID: mockLearner2ID, UPN: "Learner2@Contoso.example", DisplayName: "Lou Learner"},
}

// newEventEnv is the world of an event test: the mock, with the trainees
// in its directory; in live mode the tenant, with MSGRAPH_ACC_ATTENDEE_EMAILS
// for the trainees' addresses, unless the test configures the mock (cfg is
// not the zero Config), which only the mock can be. A test on the tenant
// reaches Graph only through testEnv's methods (addEvent, editEventBody,
// deleteEvent, onMock, ...), never through env.mock.
func newEventEnv(t *testing.T, cfg graphmock.Config) *testEnv {
	t.Helper()
	if liveMode != nil && reflect.DeepEqual(cfg, graphmock.Config{}) {
		return newTestEnv(t)
	}
	return newMockEventEnv(t, cfg, "configures the mock Graph (its faults, directory or behaviour)")
}

// newMockEventEnv is the world of an event test that only the mock can
// be, such as one that changes the mock's store in ways Outlook cannot;
// why says so, as the test's skip reason in live mode.
func newMockEventEnv(t *testing.T, cfg graphmock.Config, why string) *testEnv {
	t.Helper()
	if liveMode != nil {
		t.Skip(why + ": runs on the mock only")
	}
	cfg.Users = append(cfg.Users, trainees...)
	return newMockEnv(t, cfg)
}

// attendeeName checks the name Graph gives an attendee: the mock
// directory's, or in live mode the tenant directory's, whatever it is.
func (e *testEnv) attendeeName(mockName string) knownvalue.Check {
	if e.live != nil {
		return knownvalue.StringRegexp(regexp.MustCompile(`\S`))
	}
	return knownvalue.StringExact(mockName)
}

// eventID is the id of the organizer's event that eventConfig declares
// (external id "event-test", written as on the mock).
func (e *testEnv) eventID(t *testing.T, organizer string) string {
	t.Helper()
	const name = "event-test"
	if e.live != nil {
		if id, ok := e.live.byExternalID(createdEvent, organizer, name); ok {
			return id
		}
	} else {
		for _, ev := range e.mock.Events(organizer) {
			if key, _ := ev.ExtendedProperty(externalIDProperty); strings.EqualFold(key, name) {
				return ev.ID
			}
		}
	}
	t.Fatalf("no event of %s with external id %q was created", organizer, e.externalID(name))
	return ""
}

// addEvent creates an event out of band, as someone using Outlook would,
// with the external id key (written as on the mock) unless key is "": in
// the mock's store, without mail, or through the tenant's events API,
// which mails the attendees. A live run waits until the key is visible to
// Graph's $filter, as the provider's lookups need it.
func (e *testEnv) addEvent(t *testing.T, organizer, key string, ev graph.Event) graph.Event {
	t.Helper()
	if key != "" {
		ev.SingleValueExtendedProperties = []graph.SingleValueExtendedProperty{{ID: externalIDProperty, Value: e.externalID(key)}}
	}
	if e.mock != nil {
		return e.mock.AddEvent(organizer, ev)
	}
	ctx := context.Background()
	made, err := e.live.client.CreateEvent(ctx, organizer, "", ev)
	if err != nil {
		t.Fatalf("creating event %q out of band: %v", e.externalID(key), err)
	}
	for deadline := time.Now().Add(2 * time.Minute); key != ""; time.Sleep(2 * time.Second) {
		found, err := e.live.client.FindEventsByExtendedProperty(ctx, organizer, externalIDProperty, e.externalID(key), "")
		if err != nil {
			t.Fatalf("looking up event %q: %v", e.externalID(key), err)
		}
		if len(found) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("event %s (%q) is not visible to $filter after 2 minutes", made.ID, e.externalID(key))
		}
	}
	return *made
}

// editEventBody changes an event's body out of band, as someone using
// Outlook would: edit gets the body as Graph holds it, join block and all.
func (e *testEnv) editEventBody(t *testing.T, organizer, id string, edit func(string) string) {
	t.Helper()
	if e.mock != nil {
		if !e.mock.EditEvent(id, func(ev *graph.Event) { *ev.Body.Content = edit(*ev.Body.Content) }) {
			t.Fatalf("the mock holds no event %s to edit", id)
		}
		return
	}
	ctx := context.Background()
	ev, err := e.live.client.GetEvent(ctx, organizer, id, "", "")
	if err != nil {
		t.Fatalf("reading event %s: %v", id, err)
	}
	body := &graph.ItemBody{ContentType: ev.Body.ContentType, Content: graph.Ptr(edit(*ev.Body.Content))}
	if _, err := e.live.client.UpdateEvent(ctx, organizer, id, "", graph.EventUpdate{Body: body}); err != nil {
		t.Fatalf("editing event %s out of band: %v", id, err)
	}
}

// deleteEvent deletes an event out of band, as someone using Outlook
// would: in the mock's store, without mail, or through the tenant's events
// API, which mails the attendees a cancellation.
func (e *testEnv) deleteEvent(t *testing.T, organizer, id string) {
	t.Helper()
	if e.mock != nil {
		if !e.mock.DeleteEvent(id) {
			t.Fatalf("the mock holds no event %s to delete", id)
		}
		return
	}
	if err := e.live.client.DeleteEvent(context.Background(), organizer, id); err != nil {
		t.Fatalf("deleting event %s out of band: %v", id, err)
	}
}

// eventConfig is the test event with body as its further attributes.
func eventConfig(body string) string {
	return fmt.Sprintf(`
resource "msgraph_calendar_event" "test" {
  user_id     = %q
  external_id = "event-test"
%s
}
`, organizerID, body)
}

const twoTrainees = `
  attendees = [
    { email = "trainer@contoso.example" },
    { email = "learner@contoso.example", type = "optional" },
  ]`

// expectMail checks how many mails of a kind the mock's outbox holds, in
// all and to one address ("" for all recipients).
func (e *testEnv) expectMail(kind graphmock.MailKind, to string, want int) resource.TestCheckFunc {
	return e.onMock(func(m *graphmock.Instance) error {
		if n := m.CountMail(kind, to); n != want {
			return fmt.Errorf("%s mails to %q = %d, want %d (outbox: %v)", kind, to, n, want, m.Outbox())
		}
		return nil
	})
}

// resetMail empties the outbox and the request log, as a step's PreConfig;
// in live mode there is neither.
func (e *testEnv) resetMail() {
	if e.mock != nil {
		e.mock.ResetOutbox()
		e.mock.ResetRequests()
	}
}

// expectEventPatchKeys checks the property names of the last event PATCH.
func (e *testEnv) expectEventPatchKeys(want ...string) resource.TestCheckFunc {
	return e.onMock(func(m *graphmock.Instance) error {
		var keys []string
		if reqs := m.RequestsTo(graphmock.RouteEventPatch); len(reqs) > 0 {
			keys = reqs[len(reqs)-1].BodyKeys()
		}
		if !slices.Equal(keys, want) {
			return fmt.Errorf("event PATCH body = %v, want %v", keys, want)
		}
		return nil
	})
}

// expectNoMailboxRefusals checks that Outlook refused no request for a
// fifth one in flight to a mailbox (MailboxConcurrency).
func (e *testEnv) expectNoMailboxRefusals() resource.TestCheckFunc {
	return e.onMock(func(m *graphmock.Instance) error {
		if n := m.Stats().MailboxConcurrency429; n != 0 {
			return fmt.Errorf("MailboxConcurrency answers = %d, want 0", n)
		}
		return nil
	})
}

// noEventWrites checks that no request created, changed or removed an event.
func (e *testEnv) noEventWrites() resource.TestCheckFunc {
	return e.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCreate: 0, graphmock.RouteEventPatch: 0,
		graphmock.RouteEventDelete: 0, graphmock.RouteEventCancel: 0})
}

// TestAccCalendarEvent_lifecycle: create invites each attendee once; each
// kind of change PATCHes only itself and mails only whom it concerns; an
// apply without change writes nothing; destroy cancels for everyone.
func TestAccCalendarEvent_lifecycle(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	base := `  subject         = "Module 1"
  start_date_time = "2026-03-30T09:00:00"
  end_date_time   = "2026-03-30T12:00:00"
  time_zone       = "Europe/Berlin"
  body            = { content = "Bring a laptop.\nRoom 1." }`
	three := strings.Replace(twoTrainees, "  ]", "    { email = \"Learner2@contoso.EXAMPLE\" },\n  ]", 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy: resource.ComposeTestCheckFunc(
			env.expectMail(graphmock.MailCancellation, "", 3),
			env.expectMail(graphmock.MailCancellation, "learner2@contoso.example", 1),
			env.onMock(func(m *graphmock.Instance) error {
				// Ids stay valid only if every request asks for immutable ones.
				for _, r := range m.Requests() {
					if strings.HasPrefix(string(r.Route), "event-") && !r.ImmutableID {
						return fmt.Errorf("%s %s without Prefer: IdType=\"ImmutableId\"", r.Method, r.Path)
					}
				}
				return nil
			}),
		),
		Steps: []resource.TestStep{
			{
				Config: env.config(eventConfig(base + twoTrainees)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("start_date_time"), knownvalue.StringExact("2026-03-30T09:00:00")),
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("join_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://teams\.microsoft\.com/l/meetup-join/`))),
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("show_as"), knownvalue.StringExact("busy")),
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("attendees"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"email": knownvalue.StringExact(env.email("trainer@contoso.example")), "name": env.attendeeName("Tara Trainer"), "type": knownvalue.StringExact("required")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"email": knownvalue.StringExact(env.email("learner@contoso.example")), "name": env.attendeeName("Lee Learner"), "type": knownvalue.StringExact("optional")}),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectMail(graphmock.MailInvitation, "", 2),
					env.expectMail(graphmock.MailInvitation, "trainer@contoso.example", 1),
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCreate: 1, graphmock.RouteEventPatch: 0}),
					env.onMock(func(m *graphmock.Instance) error {
						// 09:00 in Berlin on 30 March 2026 is summer time: 07:00 UTC.
						for _, e := range m.Events(organizerID) {
							if e.Start.DateTime != "2026-03-30T07:00:00.0000000" || e.Start.TimeZone != "UTC" {
								return fmt.Errorf("Graph's start = %+v, want 07:00 UTC", e.Start)
							}
							if v, _ := e.ExtendedProperty(externalIDProperty); v != "event-test" {
								return fmt.Errorf("the event's key = %q", v)
							}
							if e.TransactionID == nil || *e.TransactionID != transactionID(organizerID, "event-test") {
								return fmt.Errorf("transactionId = %v", e.TransactionID)
							}
						}
						return nil
					}),
				),
			},
			{
				// Only the reminder: a PATCH of it alone, and no mail.
				PreConfig: env.resetMail,
				Config:    env.config(eventConfig(base + twoTrainees + "\n  reminder_minutes_before_start = 30")),
				Check: resource.ComposeTestCheckFunc(
					env.expectEventPatchKeys("reminderMinutesBeforeStart"),
					env.expectMail(graphmock.MailUpdate, "", 0),
				),
			},
			{
				// The location: an update to each attendee, without the attendee list.
				PreConfig: env.resetMail,
				Config:    env.config(eventConfig(base + twoTrainees + "\n  reminder_minutes_before_start = 30\n  location = \"Room 2\"")),
				Check: resource.ComposeTestCheckFunc(
					env.expectEventPatchKeys("location"),
					env.expectMail(graphmock.MailUpdate, "", 2),
				),
			},
			{
				// A third trainee, written in other letter case: one invitation, to them.
				PreConfig: env.resetMail,
				Config:    env.config(eventConfig(base + three + "\n  reminder_minutes_before_start = 30\n  location = \"Room 2\"")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectEventPatchKeys("attendees"),
					env.expectMail(graphmock.MailInvitation, "learner2@contoso.example", 1),
					env.expectMail(graphmock.MailInvitation, "", 1),
					env.expectMail(graphmock.MailUpdate, "", 0),
				),
			},
			{
				// The same configuration again: no write at all.
				PreConfig: env.resetMail,
				Config:    env.config(eventConfig(base + three + "\n  reminder_minutes_before_start = 30\n  location = \"Room 2\"")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(env.noEventWrites(), env.expectMail("", "", 0)),
			},
			{
				// The session moves a day: one update per attendee.
				PreConfig: env.resetMail,
				Config: env.config(eventConfig(strings.ReplaceAll(base, "2026-03-30", "2026-03-31") + three +
					"\n  reminder_minutes_before_start = 30\n  location = \"Room 2\"")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectEventPatchKeys("end", "start"),
					env.expectMail(graphmock.MailUpdate, "", 3),
					env.expectMail(graphmock.MailInvitation, "", 0),
				),
			},
			{
				// A trainee leaves: a cancellation to them only.
				PreConfig: env.resetMail,
				Config: env.config(eventConfig(strings.ReplaceAll(base, "2026-03-30", "2026-03-31") + twoTrainees +
					"\n  reminder_minutes_before_start = 30\n  location = \"Room 2\"")),
				Check: resource.ComposeTestCheckFunc(
					env.expectEventPatchKeys("attendees"),
					env.expectMail(graphmock.MailCancellation, "learner2@contoso.example", 1),
					env.expectMail(graphmock.MailCancellation, "", 1),
					env.expectMail(graphmock.MailUpdate, "", 0),
				),
			},
			{
				// Back to three for the destroy's count.
				PreConfig: env.resetMail,
				Config: env.config(eventConfig(strings.ReplaceAll(base, "2026-03-30", "2026-03-31") + three +
					"\n  reminder_minutes_before_start = 30\n  location = \"Room 2\"")),
			},
		},
	})
}

// TestAccCalendarEvent_timeZones: sessions either side of the European
// daylight-saving change, in an IANA and in a Windows zone, keep their
// wall-clock time, and plan no change, also when Graph answers in UTC
// because it ignores an IANA name in Prefer (reported, undocumented).
func TestAccCalendarEvent_timeZones(t *testing.T) {
	for name, ignoreIANA := range map[string]bool{"Prefer honoured": false, "IANA Prefer ignored": true} {
		t.Run(name, func(t *testing.T) {
			env := newEventEnv(t, graphmock.Config{Faults: graphmock.Faults{IgnoreIANATimeZonePrefer: ignoreIANA}})
			config := env.config(fmt.Sprintf(`
resource "msgraph_calendar_event" "before" {
  user_id         = %[1]q
  external_id     = "before-dst"
  subject         = "Saturday session"
  start_date_time = "2026-03-28T09:00:00"
  end_date_time   = "2026-03-28T10:30:00.000"
  time_zone       = "Europe/Berlin"
}
resource "msgraph_calendar_event" "after" {
  user_id         = %[1]q
  external_id     = "after-dst"
  subject         = "Monday session"
  start_date_time = "2026-03-30T09:00:00"
  end_date_time   = "2026-03-30T10:30:00.0000000"
  time_zone       = "W. Europe Standard Time"
}
`, organizerID))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("msgraph_calendar_event.before", tfjsonpath.New("end_date_time"), knownvalue.StringExact("2026-03-28T10:30:00.000")),
							statecheck.ExpectKnownValue("msgraph_calendar_event.after", tfjsonpath.New("end_date_time"), knownvalue.StringExact("2026-03-30T10:30:00.0000000")),
						},
						Check: env.onMock(func(m *graphmock.Instance) error {
							want := map[string]string{"before-dst": "2026-03-28T08:00:00.0000000", "after-dst": "2026-03-30T07:00:00.0000000"}
							for _, e := range m.Events(organizerID) {
								key, _ := e.ExtendedProperty(externalIDProperty)
								if e.Start.DateTime != want[key] {
									return fmt.Errorf("%s starts at %s UTC, want %s", key, e.Start.DateTime, want[key])
								}
							}
							return nil
						}),
					},
					{
						Config:   config,
						PlanOnly: true,
					},
				},
			})
		})
	}
}

// TestAccCalendarEvent_lostCreate: the answer to the POST is lost after
// Graph created the event. The provider finds the event by its key
// before any second POST, also when the key only becomes visible to
// $filter a moment later; or, when the key stays invisible for longer
// than it looks, posts again with the same transactionId, which Graph
// (where it deduplicates) answers with the same event. Never two events,
// never a second round of invitations.
func TestAccCalendarEvent_lostCreate(t *testing.T) {
	old := lookupAfterLostCreate
	lookupAfterLostCreate.total, lookupAfterLostCreate.every = 2*time.Second, 100*time.Millisecond
	t.Cleanup(func() { lookupAfterLostCreate = old })
	tests := map[string]struct {
		cfg   graphmock.Config
		posts int
	}{
		"visible at once":                         {cfg: graphmock.Config{}, posts: 1},
		"visible after a moment":                  {cfg: graphmock.Config{Faults: graphmock.Faults{EventFilterDelay: 700 * time.Millisecond}}, posts: 1},
		"invisible for long, transactionId dedup": {cfg: graphmock.Config{EventTransactionDedup: true, Faults: graphmock.Faults{EventFilterDelay: time.Minute}}, posts: 2},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			tt.cfg.Faults.DropEventCreateEvery = 1
			env := newEventEnv(t, tt.cfg)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config: env.config(eventConfig(`  subject = "Lost answer"
  start_date_time = "2026-04-01T09:00:00"
  end_date_time   = "2026-04-01T10:00:00"` + twoTrainees)),
					Check: resource.ComposeTestCheckFunc(
						env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCreate: tt.posts}),
						env.onMock(func(m *graphmock.Instance) error {
							if n := m.EventCount(); n != 1 {
								return fmt.Errorf("events = %d, want 1", n)
							}
							return nil
						}),
						env.expectMail(graphmock.MailInvitation, "", 2),
						func(s *terraform.State) error {
							if id := s.RootModule().Resources[calendarEvent].Primary.ID; id != env.mock.Events(organizerID)[0].ID {
								return fmt.Errorf("state holds event %s, Graph %s", id, env.mock.Events(organizerID)[0].ID)
							}
							return nil
						},
					),
				}},
			})
		})
	}
}

// TestAccCalendarEvent_bodyDrift: Graph's rewriting of the body never
// shows as a change; an edit in Outlook does, and writing the body back
// keeps the Teams join block and its link.
func TestAccCalendarEvent_bodyDrift(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	config := env.config(eventConfig(`  subject = "Module 2"
  start_date_time = "2026-04-02T09:00:00"
  end_date_time   = "2026-04-02T10:00:00"
  body = { content = "Chapter 3 & 4 <before> class." }` + twoTrainees))
	var joinURL string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					joinURL = s.RootModule().Resources[calendarEvent].Primary.Attributes["join_url"]
					return nil
				},
			},
			{
				PreConfig: func() {
					env.resetMail()
					env.editEventBody(t, organizerID, env.eventID(t, organizerID), func(body string) string {
						return strings.Replace(body, "Chapter 3", "Chapter 5", 1)
					})
					env.resetMail()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(calendarEvent, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("join_url"), knownvalue.StringFunc(func(v string) error {
						if v != joinURL {
							return fmt.Errorf("join_url %s, want it kept: %s", v, joinURL)
						}
						return nil
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectEventPatchKeys("body"),
					env.expectMail(graphmock.MailUpdate, "", 2),
					env.onMock(func(m *graphmock.Instance) error {
						e := m.Events(organizerID)[0]
						if c := *e.Body.Content; !strings.Contains(c, "Chapter 3 &amp; 4 &lt;before&gt; class.") || !strings.Contains(c, joinURL) {
							return fmt.Errorf("body after the write-back: %s", c)
						}
						return nil
					}),
				),
			},
		},
	})
}

// TestAccCalendarEvent_recurrence: a weekly series reads back without a
// diff although Graph fills every unused field; changing its length is
// one PATCH of the recurrence.
func TestAccCalendarEvent_recurrence(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	series := func(n int) string {
		return env.config(eventConfig(fmt.Sprintf(`  subject = "Weekly lab"
  start_date_time = "2026-03-23T14:00:00"
  end_date_time   = "2026-03-23T15:30:00"
  time_zone       = "Europe/Berlin"
  recurrence = {
    pattern = { type = "weekly", interval = 1, days_of_week = ["monday"] }
    range   = { type = "numbered", start_date = "2026-03-23", number_of_occurrences = %d }
  }`, n) + twoTrainees))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: series(6),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("recurrence").AtMapKey("pattern").AtMapKey("first_day_of_week"), knownvalue.StringExact("sunday")),
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("recurrence").AtMapKey("pattern").AtMapKey("day_of_month"), knownvalue.Null()),
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("recurrence").AtMapKey("range").AtMapKey("end_date"), knownvalue.Null()),
				},
			},
			{
				PreConfig: env.resetMail,
				Config:    series(8),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(env.expectEventPatchKeys("recurrence"), env.expectMail(graphmock.MailUpdate, "", 2)),
			},
		},
	})
}

// TestAccCalendarEvent_cancel: with cancellation_message, destroy cancels
// with it; an event deleted in Outlook is planned again.
func TestAccCalendarEvent_cancel(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	config := env.config(eventConfig(`  subject = "Dropped session"
  start_date_time = "2026-04-03T09:00:00"
  end_date_time   = "2026-04-03T10:00:00"
  cancellation_message = "This session is dropped; see you next week."` + twoTrainees))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy: resource.ComposeTestCheckFunc(
			env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCancel: 1, graphmock.RouteEventDelete: 0}),
			env.expectMail(graphmock.MailCancellation, "", 2),
			env.onMock(func(m *graphmock.Instance) error {
				for _, mail := range m.Outbox() {
					if mail.Kind == graphmock.MailCancellation && mail.Comment != "This session is dropped; see you next week." {
						return fmt.Errorf("cancellation without the message: %+v", mail)
					}
				}
				return nil
			}),
		),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					env.deleteEvent(t, organizerID, env.eventID(t, organizerID))
					env.resetMail()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(calendarEvent, plancheck.ResourceActionCreate)},
				},
				Check: env.expectMail(graphmock.MailInvitation, "", 2),
			},
			{PreConfig: env.resetMail, Config: config},
		},
	})
}

// TestAccCalendarEvent_importAndAdoption: an event made in Outlook is
// imported, and its key written on in place without a mail; an event that
// already carries the key is adopted on create without new invitations.
func TestAccCalendarEvent_importAndAdoption(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	made := func(key, zone string) graph.Event {
		e := graph.Event{
			Subject: graph.Ptr("Made in Outlook"),
			Body:    &graph.ItemBody{ContentType: graph.Ptr("text"), Content: graph.Ptr("Bring the \"Terraform & you\" notes.\nRoom 4.")},
			Start:   &graph.DateTimeTimeZone{DateTime: "2026-04-06T09:00:00", TimeZone: zone},
			End:     &graph.DateTimeTimeZone{DateTime: "2026-04-06T10:00:00", TimeZone: zone},
			Attendees: []graph.Attendee{{EmailAddress: graph.EmailAddress{Address: env.email("trainer@contoso.example")}, Type: "required"},
				{EmailAddress: graph.EmailAddress{Address: env.email("learner@contoso.example")}, Type: "optional"}},
			IsOnlineMeeting: graph.Ptr(true), OnlineMeetingProvider: graph.Ptr("teamsForBusiness"),
		}
		return env.addEvent(t, organizerID, key, e)
	}
	// Made in Outlook in the Windows name of the zone the configuration
	// names in IANA's, with the body the configuration has.
	imported := made("", "W. Europe Standard Time")
	made("adopted", "Europe/Berlin")
	resources := env.config(fmt.Sprintf(`
resource "msgraph_calendar_event" "imported" {
  user_id         = %[1]q
  external_id     = "imported"
  subject         = "Made in Outlook"
  start_date_time = "2026-04-06T09:00:00"
  end_date_time   = "2026-04-06T10:00:00"
  time_zone       = "Europe/Berlin"
  body            = { content = "Bring the \"Terraform & you\" notes.\nRoom 4." }
%[2]s
}
resource "msgraph_calendar_event" "adopted" {
  user_id         = %[1]q
  external_id     = "adopted"
  subject         = "Made in Outlook"
  start_date_time = "2026-04-06T09:00:00"
  end_date_time   = "2026-04-06T10:00:00"
  time_zone       = "Europe/Berlin"
  body            = { content = "Bring the \"Terraform & you\" notes.\nRoom 4." }
%[2]s
}
import {
  to = msgraph_calendar_event.imported
  id = %[3]q
}
`, organizerID, twoTrainees, organizerID+"/"+imported.ID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: env.resetMail,
			Config:    resources,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("msgraph_calendar_event.imported", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("msgraph_calendar_event.adopted", plancheck.ResourceActionCreate),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.ComposeTestCheckFunc(
				env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCreate: 0, graphmock.RouteEventPatch: 1}),
				env.expectEventPatchKeys("singleValueExtendedProperties"),
				env.expectMail("", "", 0),
				env.onMock(func(m *graphmock.Instance) error {
					e, _ := m.Event(imported.ID)
					if v, _ := e.ExtendedProperty(externalIDProperty); v != "imported" {
						return fmt.Errorf("the imported event's key = %q", v)
					}
					return nil
				}),
				func(*terraform.State) error {
					if w := env.diagnostics("Adopted Existing Calendar Event"); len(w) != 1 {
						return fmt.Errorf("adoption warnings = %v", w)
					}
					return nil
				},
			),
		}},
	})
}

// TestAccCalendarEvent_badInput: what Graph would refuse is refused at
// plan time, naming the attribute, before any request.
func TestAccCalendarEvent_badInput(t *testing.T) {
	many := make([]string, graph.MaxAttendees+1)
	for i := range many {
		many[i] = fmt.Sprintf(`{ email = "t%d@contoso.example" }`, i)
	}
	times := `  start_date_time = "2026-03-30T09:00:00"
  end_date_time   = "2026-03-30T10:00:00"`
	tests := map[string]struct{ body, want string }{
		"offset in the time":      {`  start_date_time = "2026-03-30T09:00:00+02:00"` + "\n" + `  end_date_time = "2026-03-30T10:00:00"`, `Invalid Wall-Clock Time.*start_date_time is "2026-03-30T09:00:00\+02:00", which has an offset`},
		"end before start":        {`  start_date_time = "2026-03-30T09:00:00"` + "\n" + `  end_date_time = "2026-03-30T08:00:00"`, `End Not After Start.*end_date_time 2026-03-30T08:00:00 is not after`},
		"unknown time zone":       {times + "\n  time_zone = \"Greenwich Mean Time\"", `Unknown Time Zone.*time_zone is "Greenwich Mean Time"`},
		"bad e-mail":              {times + "\n  attendees = [{ email = \"trainer at contoso\" }]", `Invalid E-mail Address.*attendees.*"trainer at contoso"`},
		"too many attendees":      {times + "\n  attendees = [" + strings.Join(many, ", ") + "]", `attendees set must contain at most 500 elements`},
		"weekly without days":     {times + "\n  recurrence = { pattern = { type = \"weekly\", interval = 1 }, range = { type = \"noEnd\", start_date = \"2026-03-30\" } }", `Missing Recurrence Field.*"weekly"\s+needs\s+recurrence.pattern.days_of_week`},
		"numbered without count":  {times + "\n  recurrence = { pattern = { type = \"daily\", interval = 1 }, range = { type = \"numbered\", start_date = \"2026-03-30\" } }", `Missing Recurrence Field.*"numbered"\s+needs\s+recurrence.range.number_of_occurrences`},
		"options with a UPN":      {times + "\n  online_meeting_settings = { allow_recording = false }", `Object ID Needed for Meeting Options`},
		"series starts elsewhere": {times + "\n  recurrence = { pattern = { type = \"daily\", interval = 1 }, range = { type = \"noEnd\", start_date = \"2026-03-31\" } }", `Recurrence Start Date Mismatch.*set start_date to 2026-03-30`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			env := newEventEnv(t, graphmock.Config{})
			config := eventConfig("  subject = \"Bad\"\n" + tt.body)
			if strings.Contains(tt.body, "online_meeting_settings") {
				config = strings.Replace(config, organizerID, "trainer@contoso.example", 1)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      env.config(config),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)` + tt.want),
				}},
			})
			after(t, env.expectNoRequests())
		})
	}
}

// TestAccCalendarEvent_sharedKey: two events with one mailbox and key are
// refused at plan time, as meetings are; a meeting with the same key is
// another thing and does not conflict.
func TestAccCalendarEvent_sharedKey(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	event := func(name string) string {
		return fmt.Sprintf(`
resource "msgraph_calendar_event" %q {
  user_id         = %q
  external_id     = "2026-kickoff"
  subject         = "Kick-off"
  start_date_time = "2026-03-30T09:00:00"
  end_date_time   = "2026-03-30T10:00:00"
}
`, name, organizerID)
	}
	meeting := fmt.Sprintf(`
resource "msgraph_online_meeting" "kickoff" {
  user_id     = %q
  external_id = "2026-kickoff"
  subject     = "Kick-off"
}
`, organizerID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      env.config(event("a") + event("b")),
				ExpectError: regexp.MustCompile(`(?s)Calendar Event Claimed by Two Resources.*external_id\s+` + env.externalIDPattern("2026-kickoff")),
			},
			{
				Config: env.config(event("a") + meeting),
			},
		},
	})
}

// TestAccCalendarEvent_mailboxConcurrency: thirty events in one mailbox,
// applied by Terraform's ten parallel workers, never have more than four
// requests in flight: Outlook refuses none with MailboxConcurrency.
func TestAccCalendarEvent_mailboxConcurrency(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{Faults: graphmock.Faults{Latency: 50 * time.Millisecond}})
	config := env.config(fmt.Sprintf(`
resource "msgraph_calendar_event" "session" {
  count           = 30
  user_id         = %q
  external_id     = "session-${count.index}"
  subject         = "Session ${count.index}"
  start_date_time = "2026-05-04T09:00:00"
  end_date_time   = "2026-05-04T10:00:00"
}
`, organizerID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.expectNoMailboxRefusals(),
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeTestCheckFunc(env.expectNoMailboxRefusals(), env.onMock(func(m *graphmock.Instance) error {
				if n := m.EventCount(); n != 30 {
					return fmt.Errorf("events = %d, want 30", n)
				}
				return nil
			})),
		}},
	})
}

// TestAccCalendarEvent_meetingOptions: online_meeting_settings are the
// options of msgraph_online_meeting, applied to the event's Teams meeting
// found by its join link, with a PATCH of the options alone, which mails
// no one; the event's own PATCHes never carry them.
func TestAccCalendarEvent_meetingOptions(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	options := func(presenters string) string {
		return env.config(eventConfig(fmt.Sprintf(`  subject = "Exam"
  start_date_time = "2026-04-07T09:00:00"
  end_date_time   = "2026-04-07T11:00:00"
  online_meeting_settings = {
    allowed_presenters    = %q
    allow_meeting_chat    = "disabled"
    lobby_bypass_settings = { scope = "organizer" }
  }`, presenters) + twoTrainees))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: options("organizer"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("online_meeting_settings").AtMapKey("allowed_presenters"), knownvalue.StringExact("organizer")),
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("online_meeting_settings").AtMapKey("allow_recording"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("online_meeting_id"), knownvalue.NotNull()),
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectPatchKeys("allowMeetingChat", "allowedPresenters", "lobbyBypassSettings"),
					env.expectMail(graphmock.MailInvitation, "", 2),
				),
			},
			{
				PreConfig: env.resetMail,
				Config:    options("everyone"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.expectPatchKeys("allowedPresenters"),
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 0}),
					env.expectMail("", "", 0),
				),
			},
		},
	})
}

// TestAccCalendarEvent_meetingOptionsRefused: where Graph refuses to
// change a calendar-backed meeting's options (undocumented either way),
// the apply fails on online_meeting_settings and records nothing; without
// the options, the next apply adopts the event it made: one event, one
// round of invitations.
func TestAccCalendarEvent_meetingOptionsRefused(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{CalendarMeetingPatch: graphmock.CalendarMeetingPatchRefuse})
	event := `  subject = "Exam"
  start_date_time = "2026-04-07T09:00:00"
  end_date_time   = "2026-04-07T11:00:00"` + twoTrainees
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      env.config(eventConfig(event + "\n  online_meeting_settings = { allowed_presenters = \"organizer\" }")),
				ExpectError: regexp.MustCompile(`(?s)Unable to Apply Teams Meeting Options.*remove\s+online_meeting_settings.*not\s+recorded\s+in\s+the\s+state`),
			},
			{
				Config: env.config(eventConfig(event)),
				Check: resource.ComposeTestCheckFunc(
					env.onMock(func(m *graphmock.Instance) error {
						if n := m.EventCount(); n != 1 {
							return fmt.Errorf("events = %d, want 1", n)
						}
						return nil
					}),
					env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventCreate: 1}),
					env.expectMail(graphmock.MailInvitation, "", 2),
				),
			},
		},
	})
}

// TestAccCalendarEventDataSource: an event found by id and by external_id,
// with its times in the zone asked for.
func TestAccCalendarEventDataSource(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(eventConfig(`  subject = "Published"
  start_date_time = "2026-04-08T09:00:00"
  end_date_time   = "2026-04-08T10:00:00"
  time_zone       = "Europe/Berlin"`) + fmt.Sprintf(`
data "msgraph_calendar_event" "by_id" {
  user_id   = %[1]q
  id        = msgraph_calendar_event.test.id
  time_zone = "UTC"
}
data "msgraph_calendar_event" "by_key" {
  user_id     = %[1]q
  external_id = msgraph_calendar_event.test.external_id
  time_zone   = "Europe/Berlin"
}
`, organizerID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.msgraph_calendar_event.by_id", tfjsonpath.New("start_date_time"), knownvalue.StringExact("2026-04-08T07:00:00")),
				statecheck.ExpectKnownValue("data.msgraph_calendar_event.by_id", tfjsonpath.New("external_id"), knownvalue.StringExact(env.externalID("event-test"))),
				statecheck.ExpectKnownValue("data.msgraph_calendar_event.by_key", tfjsonpath.New("start_date_time"), knownvalue.StringExact("2026-04-08T09:00:00")),
				statecheck.CompareValuePairs("data.msgraph_calendar_event.by_key", tfjsonpath.New("join_url"), calendarEvent, tfjsonpath.New("join_url"), compare.ValuesSame()),
			},
		}},
	})
}

// TestAccCalendarEvent_renamedKey: a renamed resource (or for_each key)
// without a moved block would cancel the event and invite everyone to a
// new one; the plan is refused, and a moved block makes the rename a
// no-op.
func TestAccCalendarEvent_renamedKey(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	sessions := func(name, moved string) string {
		return env.config(fmt.Sprintf(`
resource "msgraph_calendar_event" %q {
  user_id         = %q
  external_id     = "course-01"
  subject         = "Introduction"
  start_date_time = "2026-04-13T09:00:00"
  end_date_time   = "2026-04-13T10:00:00"
%s
}
%s`, name, organizerID, twoTrainees, moved))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: sessions("intro", "")},
			{
				PreConfig:   env.resetMail,
				Config:      sessions("introduction", ""),
				ExpectError: regexp.MustCompile(`(?s)Calendar Event Would Be Deleted and Re-created.*external_id\s+` + env.externalIDPattern("course-01") + `.*moved\s+\{`),
			},
			{
				Config: sessions("introduction", "moved {\n  from = msgraph_calendar_event.intro\n  to   = msgraph_calendar_event.introduction\n}\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("msgraph_calendar_event.introduction", plancheck.ResourceActionNoop)},
				},
				Check: resource.ComposeTestCheckFunc(env.noEventWrites(), env.expectMail("", "", 0)),
			},
		},
	})
}

// TestAccCalendarEvent_idChanged: an event whose id changed (exported and
// imported again in Outlook) answers 404 by its old id; the provider
// finds it by its key and keeps it, instead of inviting everyone anew.
func TestAccCalendarEvent_idChanged(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	config := env.config(eventConfig(`  subject = "Survives an export"
  start_date_time = "2026-04-14T09:00:00"
  end_date_time   = "2026-04-14T10:00:00"` + twoTrainees))
	// The event as it comes back from an export and import: the same
	// meeting and key, under a new id.
	exported := graph.Event{
		Subject: graph.Ptr("Survives an export"),
		Start:   &graph.DateTimeTimeZone{DateTime: "2026-04-14T09:00:00", TimeZone: "UTC"},
		End:     &graph.DateTimeTimeZone{DateTime: "2026-04-14T10:00:00", TimeZone: "UTC"},
		Attendees: []graph.Attendee{{EmailAddress: graph.EmailAddress{Address: env.email("trainer@contoso.example")}, Type: "required"},
			{EmailAddress: graph.EmailAddress{Address: env.email("learner@contoso.example")}, Type: "optional"}},
		IsOnlineMeeting: graph.Ptr(true), OnlineMeetingProvider: graph.Ptr("teamsForBusiness"),
	}
	var newID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					env.deleteEvent(t, organizerID, env.eventID(t, organizerID))
					newID = env.addEvent(t, organizerID, "event-test", exported).ID
					env.resetMail()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					env.noEventWrites(),
					env.expectMail("", "", 0),
					func(s *terraform.State) error {
						if id := s.RootModule().Resources[calendarEvent].Primary.ID; id != newID {
							return fmt.Errorf("state holds %s, want the event's new id %s", id, newID)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccCalendarEvent_addAndRemoveParts: options, a recurrence and its
// type added to, changed on and removed from an existing event are
// planned as apply sets them (no inconsistent result), and each change
// sends only itself.
func TestAccCalendarEvent_addAndRemoveParts(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	event := func(extra string) string {
		return env.config(eventConfig(`  subject = "Evolving"
  start_date_time = "2026-04-15T09:00:00"
  end_date_time   = "2026-04-15T10:00:00"
  time_zone       = "Europe/Berlin"` + twoTrainees + extra))
	}
	weekly := `
  recurrence = {
    pattern = { type = "weekly", interval = 1, days_of_week = ["wednesday"] }
    range   = { type = "noEnd", start_date = "2026-04-15" }
  }`
	monthly := `
  recurrence = {
    pattern = { type = "relativeMonthly", interval = 1, days_of_week = ["wednesday"] }
    range   = { type = "numbered", start_date = "2026-04-15", number_of_occurrences = 3 }
  }`
	options := `
  online_meeting_settings = { allow_recording = false }`
	empty := []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: event("")},
			{Config: event(options), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: empty},
				Check: resource.ComposeTestCheckFunc(env.expectPatchKeys("allowRecording"), env.expectRequests(map[graphmock.Route]int{graphmock.RouteEventPatch: 0}))},
			{Config: event(""), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: empty},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("online_meeting_id"), knownvalue.Null())}},
			{PreConfig: env.resetMail, Config: event(weekly), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: empty},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("recurrence").AtMapKey("pattern").AtMapKey("first_day_of_week"), knownvalue.StringExact("sunday")),
				},
				Check: resource.ComposeTestCheckFunc(env.expectEventPatchKeys("recurrence"), env.expectMail(graphmock.MailUpdate, "", 2))},
			{Config: event(monthly), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: empty},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(calendarEvent, tfjsonpath.New("recurrence").AtMapKey("pattern").AtMapKey("index"), knownvalue.StringExact("first")),
				}},
			{Config: event(""), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: empty},
				Check: env.onMock(func(m *graphmock.Instance) error {
					if e := m.Events(organizerID)[0]; e.Recurrence != nil {
						return fmt.Errorf("the series is still a series: %+v", e.Recurrence)
					}
					return nil
				})},
		},
	})
}

// TestAccCalendarEvent_keysByCase: Graph finds an event's key without
// regard to case, so two keys that differ only in case are one key: the
// plan is refused.
func TestAccCalendarEvent_keysByCase(t *testing.T) {
	env := newEventEnv(t, graphmock.Config{})
	event := func(name, key string) string {
		return fmt.Sprintf(`
resource "msgraph_calendar_event" %q {
  user_id         = %q
  external_id     = %q
  subject         = "Week 1"
  start_date_time = "2026-04-20T09:00:00"
  end_date_time   = "2026-04-20T10:00:00"
}
`, name, organizerID, key)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      env.config(event("a", "Week-1") + event("b", "week-1")),
			ExpectError: regexp.MustCompile(`(?s)Calendar Event Claimed by Two Resources`),
		}},
	})
	after(t, env.expectNoRequests())
}
