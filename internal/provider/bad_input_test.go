package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccBadInput: invalid configurations fail at plan time with an error
// that names the attribute, and nothing reaches Graph (not even a token
// request).
func TestAccBadInput(t *testing.T) {
	attendee := func(fields string) string {
		return `  participants = { attendees = [{ ` + fields + ` }] }`
	}
	tests := map[string]struct {
		provider string // default: the mock's client secret
		body     string // inside the resource
		want     string
	}{
		"start not RFC 3339":       {body: `start_date_time = "2026-03-02 09:00"`, want: `start_date_time must be an RFC 3339`},
		"start without offset":     {body: `start_date_time = "2026-03-02T09:00:00"`, want: `start_date_time must be an RFC 3339`},
		"end not RFC 3339":         {body: "start_date_time = \"2026-03-02T09:00:00Z\"\nend_date_time = \"tomorrow\"", want: `end_date_time must be an RFC 3339`},
		"end without start":        {body: `end_date_time = "2026-03-02T10:00:00Z"`, want: `End Without Start.*end_date_time is set but start_date_time is not`},
		"end before start":         {body: "start_date_time = \"2026-03-02T10:00:00Z\"\nend_date_time = \"2026-03-02T09:59:59Z\"", want: `End Before Start.*end_date_time`},
		"allowed_presenters":       {body: `allowed_presenters = "nobody"`, want: `Attribute allowed_presenters value must be one of`},
		"allow_meeting_chat":       {body: `allow_meeting_chat = "sometimes"`, want: `Attribute allow_meeting_chat value must be one of`},
		"allowed_lobby_admitters":  {body: `allowed_lobby_admitters = "anyone"`, want: `Attribute allowed_lobby_admitters value must be one of`},
		"allow_live_share":         {body: `allow_live_share = "maybe"`, want: `Attribute allow_live_share value must be one of`},
		"lobby scope":              {body: `lobby_bypass_settings = { scope = "friends" }`, want: `Attribute lobby_bypass_settings.scope value must be one of`},
		"attendee role":            {body: attendee(`user_id = "` + trainerID + `", role = "host"`), want: `Attribute\s+participants.attendees\[.*\]\.role\s+value\s+must be one of`},
		"UPN as user_id":           {body: `user_id = "ada@contoso.com"`, want: `Invalid User Object ID.*user_id must be a user's Microsoft Entra object id.*user principal name`},
		"UPN as attendee":          {body: attendee(`user_id = "ada@contoso.com"`), want: `Invalid User Object ID.*participants.attendees\[.*\].user_id.*user principal name`},
		"attendee without user_id": {body: attendee(`upn = "ada@contoso.com"`), want: `Missing Required Attribute.*participants.attendees\[.*\].user_id\s+is required`},
		"empty external_id":        {body: `external_id = ""`, want: `Attribute external_id string length must be at least 1`},
		"empty subject":            {body: `subject = ""`, want: `Attribute subject string length must be at least 1`},
		"language tag":             {body: `meeting_spoken_language_tag = "English"`, want: `Attribute meeting_spoken_language_tag must be a language tag`},
		"sensitivity label":        {body: `sensitivity_label_id = "Confidential"`, want: `Attribute sensitivity_label_id must be a sensitivity label id`},
		"unknown timeout duration": {body: `timeouts { create = "soon" }`, want: `Invalid Attribute Value Time Duration.*create = "soon"`},
		"conflicting credentials": {
			provider: `provider "msgraph" {
  tenant_id     = "t"
  client_id     = "c"
  client_secret = "s"
  access_token  = "a"
}`,
			want: `Conflicting Credentials.*access_token.*client_secret`,
		},
		"plain-HTTP graph_endpoint": {
			provider: `provider "msgraph" {
  access_token   = "a"
  graph_endpoint = "http://graph.contoso.internal/v1.0"
}`,
			want: `Invalid Endpoint URL.*graph_endpoint.*not a loopback address`,
		},
		"plain-HTTP authority_host": {
			provider: `provider "msgraph" {
  tenant_id      = "t"
  client_id      = "c"
  client_secret  = "s"
  authority_host = "http://login.contoso.internal"
}`,
			want: `Invalid Endpoint URL.*authority_host.*not a loopback address`,
		},
		"unknown environment": {
			provider: `provider "msgraph" {
  environment = "moon"
}`,
			want: `Attribute environment value must be one of`,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			env := newTestEnv(t)
			provider := tt.provider
			if provider == "" {
				provider = env.providerBlock()
			}
			body := tt.body
			for attr, value := range map[string]string{"external_id": "bad-input", "user_id": organizerID} {
				if !regexp.MustCompile(`(?m)^\s*` + attr).MatchString(body) {
					body = attr + " = \"" + value + "\"\n" + body
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config:      provider + "\nresource \"msgraph_online_meeting\" \"test\" {\n" + body + "\n}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(`(?s)` + tt.want),
				}},
			})
			after(t, env.expectNoRequests())
		})
	}
}
