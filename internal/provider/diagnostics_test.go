package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// TestAccCalendarEvent_diagnostics: every Graph error an event meets is
// explained for the events API, through the CLI against the mock's
// faults: Exchange Online's scoping for a 403, the mailbox for
// MailboxNotEnabledForRESTAPI, the import id's form for a malformed id,
// and the event for a 404; Teams' access policy is not mentioned.
func TestAccCalendarEvent_diagnostics(t *testing.T) {
	session := `  subject         = "Module 3"
  start_date_time = "2026-04-20T09:00:00"
  end_date_time   = "2026-04-20T10:00:00"`
	tests := map[string]struct {
		faults graphmock.Faults
		// first, when set, is applied before config, which then fails
		// with failure, when set.
		first   string
		failure *graphmock.Failure
		config  string
		summary string
		want    string
	}{
		"mailbox out of the app's scope": {
			faults:  graphmock.Faults{DeniedUsers: []string{organizerID}},
			config:  eventConfig(session),
			summary: "Unable to Create Calendar Event",
			want: `HTTP 403.*ErrorAccessDenied.*Access to OData is disabled.*Calendars.ReadWrite.*RBAC for Applications.*` +
				`New-ManagementRoleAssignment -App "` + graphmock.DefaultClientID + `" -Role "Application Calendars.ReadWrite".*New-ApplicationAccessPolicy`,
		},
		"no Exchange Online mailbox": {
			faults:  graphmock.Faults{NoMailboxUsers: []string{organizerID}},
			config:  eventConfig(session),
			summary: "Unable to Create Calendar Event",
			want:    `HTTP 404.*MailboxNotEnabledForRESTAPI.*not in Exchange Online.*licence.*guest`,
		},
		"import of a malformed id": {
			config:  eventConfig(session) + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", calendarEvent, organizerID+"/AAMk!not-an-id"),
			summary: "Unable to Read Calendar Event",
			want:    `HTTP 400.*ErrorInvalidIdMalformed.*"<user_id>/<event_id>"`,
		},
		"an event gone before the update": {
			failure: &graphmock.Failure{Route: graphmock.RouteEventPatch, Status: 404, Code: "ErrorItemNotFound", Message: "The specified object was not found in the store."},
			first:   eventConfig(session),
			config:  eventConfig(strings.Replace(session, "Module 3", "Module 3b", 1)),
			summary: "Unable to Update Calendar Event",
			want:    `HTTP 404.*ErrorItemNotFound.*user_id.*names\s+a\s+mailbox\s+of\s+this\s+tenant.*still\s+in\s+that\s+mailbox's\s+calendar`,
		},
		"an occurrence gone before its move": {
			failure: &graphmock.Failure{Route: graphmock.RouteEventPatch, Status: 404, Code: "ErrorItemNotFound", Message: "The specified object was not found in the store."},
			first:   weeklyLab("14:00", "", ""),
			config:  weeklyLab("14:00", "", labMove),
			summary: "Unable to Move Occurrence of Calendar Series",
			want:    `HTTP 404.*ErrorItemNotFound.*no\s+longer\s+has\s+an\s+occurrence\s+on\s+2027-05-10.*Run\s+plan`,
		},
		// Where the new day is not known at plan time, Graph's refusal is
		// explained at apply.
		"a move past a neighbour": {
			failure: &graphmock.Failure{Route: graphmock.RouteEventPatch, Status: 400, Code: "ErrorOccurrenceCrossingBoundary", Message: "Modified occurrence is crossing or overlapping adjacent occurrence"},
			first:   weeklyLab("14:00", "", ""),
			config:  weeklyLab("14:00", "", labMove),
			summary: "Unable to Move Occurrence of Calendar Series",
			want:    `Moving\s+the\s+occurrence\s+of\s+2027-05-10\s+of\s+the\s+calendar\s+event.*HTTP 400.*ErrorOccurrenceCrossingBoundary.*between\s+its\s+neighbours.*moved_occurrences`,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var env *testEnv
			if tt.failure != nil {
				env = newMockEventEnv(t, graphmock.Config{Faults: tt.faults}, "injects a failure into the mock")
			} else {
				env = newEventEnv(t, graphmock.Config{Faults: tt.faults})
			}
			var steps []resource.TestStep
			if tt.first != "" {
				steps = append(steps, resource.TestStep{Config: env.config(tt.first)})
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: append(steps, resource.TestStep{
					PreConfig: func() {
						if tt.failure != nil {
							env.mock.FailNext(*tt.failure)
						}
					},
					Config:      env.config(tt.config),
					ExpectError: regexp.MustCompile(`(?s)` + regexp.QuoteMeta(tt.summary) + `.*` + tt.want),
				}),
			})
			diags := env.diagnostics(tt.summary)
			if len(diags) == 0 {
				t.Fatalf("no %q diagnostic recorded", tt.summary)
			}
			for _, d := range diags {
				for _, teams := range []string{"CsApplicationAccessPolicy", "online meeting", "OnlineMeetings.ReadWrite.All with"} {
					if strings.Contains(d.Detail, teams) {
						t.Errorf("the event's diagnostic speaks of Teams (%q):\n%s", teams, d.Detail)
					}
				}
			}
			if tt.first == "" {
				after(t, env.onMock(func(m *graphmock.Instance) error {
					if n := m.EventCount(); n != 0 {
						return fmt.Errorf("events = %d, want 0: nothing half-created", n)
					}
					return nil
				}))
			}
		})
	}
}
