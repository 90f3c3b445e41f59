package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// sessions is one meeting resource per name, each with the external id
// given in the map. (terraform-plugin-testing's state shim cannot address
// for_each instances; renaming a resource plans exactly what renaming a
// for_each key does, and internal/e2e renames real for_each keys.)
func sessions(keys map[string]string, extra string) string {
	out := ""
	for _, name := range slices.Sorted(maps.Keys(keys)) {
		out += fmt.Sprintf(`
resource "msgraph_online_meeting" %q {
  user_id     = %q
  external_id = %q
  subject     = "Session %s"
}
`, name, organizerID, keys[name], name)
	}
	return out + extra
}

// noWrites checks that Graph received no request that creates, changes or
// deletes a meeting.
func (e *testEnv) noWrites() resource.TestCheckFunc {
	return e.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 0, graphmock.RouteCreate: 0, graphmock.RoutePatch: 0, graphmock.RouteDelete: 0})
}

// TestAccMeetingClaims_sharedKey: two resources with one organizer and
// external id (a copy-paste slip) are refused at plan time, before Graph
// hears of either.
func TestAccMeetingClaims_sharedKey(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "msgraph_online_meeting" "kickoff" {
  user_id     = "` + organizerID + `"
  external_id = "2026-kickoff"
  subject     = "Kick-off"
}
resource "msgraph_online_meeting" "kickoff_copy" {
  user_id     = "` + organizerID + `"
  external_id = "2026-kickoff"
  subject     = "Kick-off (copy)"
}`),
			ExpectError: regexp.MustCompile(`(?s)Online Meeting Claimed by Two Resources.*organizer\s+` + organizerID + `\s+and\s+external_id\s+` + env.externalIDPattern("2026-kickoff")),
		}},
	})
	after(t, env.expectNoRequests())
}

// TestAccMeetingClaims_sharedKeyInState: two resources that already share
// one meeting (imported twice) are refused too, and a plan that would
// destroy one of them is refused as well: it would delete the other's
// meeting.
func TestAccMeetingClaims_sharedKeyInState(t *testing.T) {
	env := newTestEnv(t)
	existing := env.addMeeting(t, organizerID, "made-elsewhere", graph.CreateOrGetRequest{Subject: graph.Ptr("Made in Teams")})
	two := `
resource "msgraph_online_meeting" "a" {
  user_id     = "` + organizerID + `"
  external_id = "made-elsewhere"
  subject     = "Made in Teams"
}
resource "msgraph_online_meeting" "b" {
  user_id     = "` + organizerID + `"
  external_id = "made-elsewhere"
  subject     = "Made in Teams"
}
`
	importBoth := importBlock("msgraph_online_meeting.a", organizerID, existing.ID) +
		importBlock("msgraph_online_meeting.b", organizerID, existing.ID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      env.config(two + importBoth),
			ExpectError: regexp.MustCompile(`(?s)Online Meeting Claimed by Two Resources.*external_id\s+` + env.externalIDPattern("made-elsewhere")),
		}},
	})
	if !env.meetingExists(t, organizerID, existing.ID) {
		t.Error("the meeting is gone")
	}
	after(t, env.noWrites())
}

// TestAccMeetingClaims_renamedKey: renaming a for_each key without a moved
// block plans a delete and a create of one key. The mock holds DELETEs
// back, so that without the check the create adopts the meeting and the
// delete then removes it; with it, the plan is refused and the meeting and
// its join link survive. A moved block then makes the same rename work.
func TestAccMeetingClaims_renamedKey(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{Faults: graphmock.Faults{DeleteDelay: 300 * time.Millisecond}})
	var id, joinURL string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(sessions(map[string]string{"intro": "course-01", "modules": "course-02"}, "")),
				Check: func(s *terraform.State) error {
					r := s.RootModule().Resources[`msgraph_online_meeting.intro`].Primary
					id, joinURL = r.ID, r.Attributes["join_web_url"]
					return nil
				},
			},
			{
				PreConfig:   env.mock.ResetRequests,
				Config:      env.config(sessions(map[string]string{"introduction": "course-01", "modules": "course-02"}, "")),
				ExpectError: regexp.MustCompile(`(?s)Online Meeting Would Be Deleted and Re-created.*organizer\s+` + organizerID + `\s+with\s+external_id\s+"course-01".*moved\s+\{`),
			},
			{
				PreConfig: func() {
					if err := env.noWrites()(nil); err != nil {
						t.Error(err)
					}
					m, ok := env.mock.MeetingByExternalID(organizerID, "course-01")
					if !ok || m.ID != id || *m.JoinWebURL != joinURL || env.mock.MeetingCount() != 2 {
						t.Errorf("after the refused plan: meeting %+v (found %v), %d meetings; want the same meeting and 2", m.ID, ok, env.mock.MeetingCount())
					}
				},
				Config: env.config(sessions(map[string]string{"introduction": "course-01", "modules": "course-02"}, `
moved {
  from = msgraph_online_meeting.intro
  to   = msgraph_online_meeting.introduction
}`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(`msgraph_online_meeting.introduction`, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(`msgraph_online_meeting.introduction`, tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
						if v != id {
							return fmt.Errorf("id %s, want the moved meeting %s", v, id)
						}
						return nil
					})),
				},
				Check: env.expectRequests(map[graphmock.Route]int{graphmock.RouteCreateOrGet: 0, graphmock.RouteDelete: 0}),
			},
		},
	})
}

// TestAccMeetingClaims_swappedKeys: two resources that swap external ids
// would each create the key the other deletes: refused.
func TestAccMeetingClaims_swappedKeys(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(sessions(map[string]string{"a": "key-a", "b": "key-b"}, ""))},
			{
				Config:      env.config(sessions(map[string]string{"a": "key-b", "b": "key-a"}, "")),
				ExpectError: regexp.MustCompile(`Online Meeting Would Be Deleted and Re-created`),
			},
		},
	})
}

// TestAccMeetingClaims_noFalsePositives: what must keep working: a plain
// update, a replacement by external_id or user_id, a replacement forced by
// replace_triggered_by (Terraform plans it twice), a destroy, all in
// configurations with several meetings.
func TestAccMeetingClaims_noFalsePositives(t *testing.T) {
	env := newTestEnv(t)
	trigger := func(input string) string {
		return `
resource "terraform_data" "trigger" {
  input = "` + input + `"
}
resource "msgraph_online_meeting" "forced" {
  user_id     = "` + organizerID + `"
  external_id = "forced"
  subject     = "Replaced when the trigger changes"
  lifecycle {
    replace_triggered_by = [terraform_data.trigger]
  }
}`
	}
	first := "a"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(sessions(map[string]string{"a": "key-a", "b": "key-b"}, trigger("1")))},
			{
				// A plain update.
				Config: env.config(sessions(map[string]string{"a": "key-a", "b": "key-b"}, trigger("1")) + `
resource "msgraph_online_meeting" "extra" {
  user_id     = "` + trainerID + `"
  external_id = "key-a"
}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(`msgraph_online_meeting.extra`, plancheck.ResourceActionCreate),
				}},
			},
			{
				// Replacements: a new external id, and the same key forced
				// by replace_triggered_by.
				Config: env.config(sessions(map[string]string{first: "key-a2", "b": "key-b"}, trigger("2"))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(`msgraph_online_meeting.a`, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction(`msgraph_online_meeting.forced`, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction(`msgraph_online_meeting.extra`, plancheck.ResourceActionDestroy),
				}},
				Check: env.expectMeetingCount(3, "one per resource"),
			},
			{
				// A new organizer for the same key.
				Config: env.config(strings.Replace(sessions(map[string]string{first: "key-a2", "b": "key-b"}, trigger("2")),
					`"`+organizerID+`"`, `"`+trainerID+`"`, 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(`msgraph_online_meeting.a`, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
	after(t, env.expectMeetingCount(0, "after destroy"))
}

// TestMeetingClaims_register covers the rules directly, including the
// second plan Terraform makes of a replacement, which carries the ticket
// of the first.
func TestMeetingClaims_register(t *testing.T) {
	k := meetingKey{organizer: organizerID, externalID: "k"}
	other := meetingKey{organizer: organizerID, externalID: "other"}
	hold := func(kind claimKind, key meetingKey, id string) meetingClaim {
		return meetingClaim{kind: kind, key: key, meetingID: id}
	}
	tests := map[string]struct {
		first, second []meetingClaim
		sameOwner     bool
		want          conflictReason
	}{
		"two creates of one key":            {[]meetingClaim{hold(holdNew, k, "")}, []meetingClaim{hold(holdNew, k, "")}, false, sharedKey},
		"a create of a key another keeps":   {[]meetingClaim{hold(holdExisting, k, "m1")}, []meetingClaim{hold(holdNew, k, "")}, false, sharedKey},
		"two keep one meeting":              {[]meetingClaim{hold(holdExisting, k, "m1")}, []meetingClaim{hold(holdExisting, k, "m1")}, false, sharedKey},
		"a create of a key another deletes": {[]meetingClaim{hold(release, k, "m1")}, []meetingClaim{hold(holdNew, k, "")}, false, recreated},
		"a delete of a key another creates": {[]meetingClaim{hold(holdNew, k, "")}, []meetingClaim{hold(release, k, "m1")}, false, recreated},
		"a delete of a meeting another keeps": {
			[]meetingClaim{hold(holdExisting, k, "m1")}, []meetingClaim{hold(release, meetingKey{organizer: organizerID}, "m1")}, false, sharedMeeting,
		},
		"different keys":                         {[]meetingClaim{hold(holdNew, k, "")}, []meetingClaim{hold(holdNew, other, "")}, false, 0},
		"another organizer":                      {[]meetingClaim{hold(holdNew, k, "")}, []meetingClaim{hold(holdNew, meetingKey{organizer: trainerID, externalID: "k"}, "")}, false, 0},
		"two deletes":                            {[]meetingClaim{hold(release, k, "m1")}, []meetingClaim{hold(release, k, "m1")}, false, 0},
		"a deposed meeting deleted, a new kept":  {[]meetingClaim{hold(holdExisting, k, "m2")}, []meetingClaim{hold(release, k, "m1")}, false, 0},
		"a replacement planned again as create":  {[]meetingClaim{hold(holdNew, other, ""), hold(release, k, "m1")}, []meetingClaim{hold(holdNew, other, "")}, true, 0},
		"a forced replacement planned again":     {[]meetingClaim{hold(holdExisting, k, "m1")}, []meetingClaim{hold(holdNew, k, "")}, true, 0},
		"a replacement of the same key, planned": {[]meetingClaim{hold(holdNew, k, ""), hold(release, k, "m1")}, nil, false, 0},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			c := newMeetingClaims()
			owner, again := c.owner(nil)
			if again {
				t.Fatal("a plan without a ticket counts as planned before")
			}
			if got := c.register(owner, again, tt.first...); len(got) != 0 {
				t.Fatalf("first plan: conflicts %v", got)
			}
			ticket := []byte(nil)
			if tt.sameOwner {
				ticket = c.ticket(owner)
			}
			second, again := c.owner(ticket)
			if again != tt.sameOwner || (second == owner) != tt.sameOwner {
				t.Fatalf("owner %s (again %v) for ticket %s, first owner %s", second, again, ticket, owner)
			}
			got := c.register(second, again, tt.second...)
			switch {
			case tt.want == 0 && len(got) != 0:
				t.Errorf("conflicts %+v, want none", got)
			case tt.want != 0 && (len(got) != 1 || got[0].reason != tt.want):
				t.Errorf("conflicts %+v, want one of reason %d", got, tt.want)
			}
		})
	}

	t.Run("a ticket of another walk", func(t *testing.T) {
		earlier, now := newMeetingClaims(), newMeetingClaims()
		owner, _ := earlier.owner(nil)
		if _, again := now.owner(earlier.ticket(owner)); again {
			t.Error("a ticket from an earlier walk made a plan count as planned again")
		}
	})
}

// TestProviderConfigure_newClaimsPerWalk: each Configure (one per graph
// walk) hands resources new claims, so that the plans of the apply walk,
// which plan every changed resource again in the same provider process
// when Terraform reattaches to it, do not meet the claims of the plan walk.
func TestProviderConfigure_newClaimsPerWalk(t *testing.T) {
	p := &msgraphProvider{version: "test", getenv: func(string) string { return "" }}
	var schemaResp provider.SchemaResponse
	p.Schema(context.Background(), provider.SchemaRequest{}, &schemaResp)
	typ, ok := schemaResp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema is not an object")
	}
	empty := map[string]tftypes.Value{}
	for name, t := range typ.AttributeTypes {
		empty[name] = tftypes.NewValue(t, nil)
	}
	config := tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, empty)}
	var data []*providerData
	for range 2 {
		var resp provider.ConfigureResponse
		p.Configure(context.Background(), provider.ConfigureRequest{Config: config}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatal(resp.Diagnostics)
		}
		d, ok := resp.ResourceData.(*providerData)
		if !ok {
			t.Fatalf("ResourceData is a %T", resp.ResourceData)
		}
		data = append(data, d)
	}
	if data[0].claims == nil || data[0].claims == data[1].claims {
		t.Fatal("two Configure calls share their claims")
	}
	owner, _ := data[0].claims.owner(nil)
	key := meetingClaim{kind: holdNew, key: meetingKey{organizer: organizerID, externalID: "k"}}
	data[0].claims.register(owner, false, key)
	owner, _ = data[1].claims.owner(nil)
	if got := data[1].claims.register(owner, false, key); len(got) != 0 {
		t.Errorf("the second walk's plan conflicts with the first's: %+v", got)
	}
}

// TestClaimView_replacedBy matches the RequiresReplace modifiers.
func TestClaimView_replacedBy(t *testing.T) {
	v := func(user, external string, passcode types.Bool) claimView {
		return claimView{UserID: types.StringValue(user), ExternalID: types.StringValue(external), ID: types.StringValue("m"), IsPasscodeRequired: passcode}
	}
	prior := v(organizerID, "k", types.BoolValue(true))
	for name, tt := range map[string]struct {
		planned claimView
		want    bool
	}{
		"unchanged":                    {v(organizerID, "k", types.BoolValue(true)), false},
		"organizer in capitals":        {v("4B75189B-2F2E-4A8C-9D7E-1F0C2A3B4C5D", "k", types.BoolValue(true)), false},
		"another external id":          {v(organizerID, "k2", types.BoolValue(true)), true},
		"another organizer":            {v(trainerID, "k", types.BoolValue(true)), true},
		"passcode off":                 {v(organizerID, "k", types.BoolValue(false)), true},
		"passcode left to the default": {v(organizerID, "k", types.BoolUnknown()), false},
		"external id known at apply":   {claimView{UserID: types.StringValue(organizerID), ExternalID: types.StringUnknown(), IsPasscodeRequired: types.BoolValue(true)}, true},
		"organizer known at apply":     {claimView{UserID: types.StringUnknown(), ExternalID: types.StringValue("k"), IsPasscodeRequired: types.BoolValue(true)}, true},
		"external id after an import":  {claimView{UserID: types.StringValue(organizerID), ExternalID: types.StringValue("k"), IsPasscodeRequired: types.BoolValue(true)}, false},
	} {
		t.Run(name, func(t *testing.T) {
			p := prior
			if name == "external id after an import" {
				p.ExternalID = types.StringNull()
			}
			if got := p.replacedBy(tt.planned); got != tt.want {
				t.Errorf("replacedBy = %v, want %v", got, tt.want)
			}
		})
	}
}
