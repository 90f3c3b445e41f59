package provider

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// TestAccOnlineMeetingDataSource_lookups finds a meeting someone else made
// by each of its three keys.
func TestAccOnlineMeetingDataSource_lookups(t *testing.T) {
	env := newTestEnv(t)
	start, _ := graph.ParseDateTime("2026-04-01T07:00:00Z")
	existing := env.addMeeting(t, organizerID, "made-in-teams", graph.CreateOrGetRequest{
		Subject: graph.Ptr("Quarterly review"), StartDateTime: start,
		Participants: &graph.MeetingParticipants{Attendees: []graph.MeetingParticipantInfo{graph.UserParticipant(trainerID, "trainer@contoso.example", graph.RolePresenter)}},
	})
	joinID := *existing.JoinMeetingIDSettings.JoinMeetingID
	config := env.config(fmt.Sprintf(`
data "msgraph_online_meeting" "by_id" {
  user_id = %[1]q
  id      = %[2]q
}
data "msgraph_online_meeting" "by_link" {
  user_id      = %[1]q
  join_web_url = %[3]q
}
data "msgraph_online_meeting" "by_join_id" {
  user_id         = %[1]q
  join_meeting_id = %[4]q
}
`, organizerID, existing.ID, *existing.JoinWebURL, joinID))

	checks := []statecheck.StateCheck{}
	for _, ds := range []string{"data.msgraph_online_meeting.by_id", "data.msgraph_online_meeting.by_link", "data.msgraph_online_meeting.by_join_id"} {
		checks = append(checks,
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact(existing.ID)),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("external_id"), knownvalue.StringExact(env.externalID("made-in-teams"))),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("subject"), knownvalue.StringExact("Quarterly review")),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("start_date_time"), knownvalue.StringExact("2026-04-01T07:00:00Z")),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("join_web_url"), knownvalue.StringExact(*existing.JoinWebURL)),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("join_meeting_id"), knownvalue.StringExact(joinID)),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("participants").AtMapKey("attendees"), knownvalue.SetExact([]knownvalue.Check{
				attendeeValue(trainerID, "trainer@contoso.example", "presenter"),
			})),
			statecheck.ExpectSensitiveValue(ds, tfjsonpath.New("join_meeting_id_settings").AtMapKey("passcode")),
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:            config,
			ConfigStateChecks: checks,
			// The join link travels percent-encoded inside $filter.
			Check: env.onMock(func(m *graphmock.Instance) error {
				for _, r := range m.RequestsTo(graphmock.RouteFind) {
					if strings.Contains(r.Query, "JoinWebUrl") && !strings.Contains(r.Query, url.QueryEscape(*existing.JoinWebURL)) {
						return fmt.Errorf("the join link is not percent-encoded in the query %s", r.Query)
					}
				}
				return nil
			}),
		}},
	})
}

// TestAccOnlineMeetingDataSource_matchesResource: a meeting made by the
// resource, looked up by its join link, reads the same.
func TestAccOnlineMeetingDataSource_matchesResource(t *testing.T) {
	env := newTestEnv(t)
	same := func(attr string) statecheck.StateCheck {
		return statecheck.CompareValuePairs(meeting, tfjsonpath.New(attr), "data.msgraph_online_meeting.test", tfjsonpath.New(attr), compare.ValuesSame())
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(meetingConfig(`  subject = "Looked up"
  start_date_time = "2026-03-02T08:00:00Z"
  participants = { attendees = [{ user_id = "`+learnerID+`", upn = "learner@contoso.example" }] }
  allow_meeting_chat = "limited"`) + `
data "msgraph_online_meeting" "test" {
  user_id      = msgraph_online_meeting.test.user_id
  join_web_url = msgraph_online_meeting.test.join_web_url
}`),
			ConfigStateChecks: []statecheck.StateCheck{
				same("id"), same("external_id"), same("subject"), same("start_date_time"), same("end_date_time"),
				same("participants"), same("allow_meeting_chat"), same("lobby_bypass_settings"), same("join_meeting_id_settings"),
				same("audio_conferencing"), same("chat_info"), same("expiry_date_time"), same("join_information"),
				statecheck.ExpectKnownValue("data.msgraph_online_meeting.test", tfjsonpath.New("join_information").AtMapKey("content"),
					knownvalue.StringRegexp(regexp.MustCompile(`^<div.*Join the meeting now`))),
			},
		}},
	})
}

func TestAccOnlineMeetingDataSource_errors(t *testing.T) {
	tests := map[string]struct {
		lookup string
		want   string
	}{
		"no match by join meeting id": {`join_meeting_id = "000000000000"`, `(?s)Online Meeting Not Found.*join_meeting_id\s+"000000000000"`},
		"no match by link":            {`join_web_url = "https://teams.microsoft.com/l/meetup-join/none"`, `(?s)Online Meeting Not Found.*join_web_url\s+"https://teams.microsoft.com/l/meetup-join/none"`},
		"no match by id":              {`id = "MSpub25l"`, `(?s)Online Meeting Not Found.*id\s+"MSpub25l"`},
		"no key":                      {``, `(?s)Missing Attribute Configuration.*id.*join_web_url.*join_meeting_id`},
		"two keys":                    {"id = \"x\"\njoin_meeting_id = \"1\"", `(?s)Invalid Attribute Combination`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			env := newTestEnv(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      env.config(fmt.Sprintf("data \"msgraph_online_meeting\" \"test\" {\n  user_id = %q\n  %s\n}\n", organizerID, tt.lookup)),
					ExpectError: regexp.MustCompile(tt.want),
				}},
			})
		})
	}
}

// TestAccOnlineMeetingDataSource_me: without user_id, a delegated token
// looks up the signed-in user's meeting.
func TestAccOnlineMeetingDataSource_me(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{DelegatedTokens: map[string]string{"delegated-token": organizerID}})
	existing := env.mock.AddMeeting(organizerID, "mine", "", graph.CreateOrGetRequest{Subject: graph.Ptr("Mine")})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "msgraph" {
  access_token   = "delegated-token"
  graph_endpoint = %q
}
data "msgraph_online_meeting" "test" {
  join_meeting_id = %q
}`, env.mock.GraphURL(), *existing.JoinMeetingIDSettings.JoinMeetingID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.msgraph_online_meeting.test", tfjsonpath.New("subject"), knownvalue.StringExact("Mine")),
			},
		}},
	})
}
