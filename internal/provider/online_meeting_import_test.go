package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// importedPair is two meetings that Graph holds in its seven-digit UTC
// text, and a configuration that writes the same instants otherwise: in
// another offset, and in UTC without the fraction.
type importedPair struct {
	a, b   graph.OnlineMeeting
	config string
}

func newImportedPair(t *testing.T, env *testEnv, startA string) importedPair {
	t.Helper()
	add := func(name, start, end string) graph.OnlineMeeting {
		m := env.addMeeting(t, organizerID, name, graph.CreateOrGetRequest{Subject: graph.Ptr("Imported " + name)})
		return env.moveMeeting(t, organizerID, m.ID, start, end)
	}
	p := importedPair{
		a: add("import-a", "2030-05-01T07:00:00.0000000Z", "2030-05-01T08:00:00.0000000Z"),
		b: add("import-b", "2030-05-02T07:00:00.0000000Z", "2030-05-02T08:00:00.0000000Z"),
	}
	p.config = env.config(fmt.Sprintf(`
resource "msgraph_online_meeting" "a" {
  user_id         = %[1]q
  external_id     = "import-a"
  subject         = "Imported import-a"
  start_date_time = %[2]q
  end_date_time   = "2030-05-01T10:00:00+02:00"
}
resource "msgraph_online_meeting" "b" {
  user_id         = %[1]q
  external_id     = "import-b"
  subject         = "Imported import-b"
  start_date_time = "2030-05-02T07:00:00Z"
}
`, organizerID, startA))
	return p
}

func (p importedPair) importBlocks() string {
	return importBlock("msgraph_online_meeting.a", organizerID, p.a.ID) + importBlock("msgraph_online_meeting.b", organizerID, p.b.ID)
}

var importedAddresses = []string{"msgraph_online_meeting.a", "msgraph_online_meeting.b"}

func noopFor(addresses ...string) []plancheck.PlanCheck {
	var checks []plancheck.PlanCheck
	for _, a := range addresses {
		checks = append(checks, plancheck.ExpectResourceAction(a, plancheck.ResourceActionNoop))
	}
	return checks
}

// TestAccOnlineMeeting_importPlansNoChange: right after an import block,
// a configuration that writes Graph's times in another offset or precision
// plans no change for either time or expiry_date_time, sends nothing, and
// the state keeps Graph's text; a different instant still plans an update,
// and so does a meeting moved out of band.
func TestAccOnlineMeeting_importPlansNoChange(t *testing.T) {
	env := newTestEnv(t)
	pair := newImportedPair(t, env, "2030-05-01T09:00:00+02:00")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: pair.config + pair.importBlocks(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             noopFor(importedAddresses...),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("msgraph_online_meeting.a", tfjsonpath.New("start_date_time"), knownvalue.StringExact(pair.a.StartDateTime.String())),
					statecheck.ExpectKnownValue("msgraph_online_meeting.b", tfjsonpath.New("end_date_time"), knownvalue.StringExact(pair.b.EndDateTime.String())),
				},
				Check: env.noWrites(),
			},
			{
				// Another instant is a change.
				Config: strings.Replace(pair.config, `"2030-05-01T09:00:00+02:00"`, `"2030-05-01T09:30:00+02:00"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(noopFor("msgraph_online_meeting.b"),
						plancheck.ExpectResourceAction("msgraph_online_meeting.a", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("msgraph_online_meeting.a", tfjsonpath.New("start_date_time"), knownvalue.StringExact("2030-05-01T09:30:00+02:00")),
					),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Moved in Teams: the plan moves it back.
				PreConfig: func() {
					env.moveMeeting(t, organizerID, pair.b.ID, "2030-05-02T09:00:00.0000000Z", "2030-05-02T10:00:00.0000000Z")
				},
				Config: strings.Replace(pair.config, `"2030-05-01T09:00:00+02:00"`, `"2030-05-01T09:30:00+02:00"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("msgraph_online_meeting.b", plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue("msgraph_online_meeting.b", tfjsonpath.New("start_date_time"), knownvalue.StringExact("2030-05-02T07:00:00Z")),
					},
				},
				Check: env.checkMeeting("import-b", func(m graph.OnlineMeeting) error {
					if m.StartDateTime.Time().UTC().Hour() != 7 {
						return fmt.Errorf("Graph's start = %s, want it moved back to 07:00Z", m.StartDateTime)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccOnlineMeeting_importCLIPlansNoChange: the same after
// `terraform import` and after an import block of terraform-plugin-testing.
func TestAccOnlineMeeting_importCLIPlansNoChange(t *testing.T) {
	env := newTestEnv(t)
	pair := newImportedPair(t, env, "2030-05-01T09:00:00+02:00")
	steps := []resource.TestStep{}
	for i, m := range []graph.OnlineMeeting{pair.a, pair.b} {
		steps = append(steps, resource.TestStep{
			Config:             pair.config,
			ResourceName:       importedAddresses[i],
			ImportState:        true,
			ImportStateId:      organizerID + "/" + m.ID,
			ImportStatePersist: true,
		})
	}
	steps = append(steps,
		resource.TestStep{
			Config:           pair.config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: noopFor(importedAddresses...)},
			Check:            env.noWrites(),
		},
		resource.TestStep{
			Config:          pair.config,
			ResourceName:    "msgraph_online_meeting.a",
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   organizerID + "/" + pair.a.ID,
		},
	)
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: env.factories(), Steps: steps})
}

// TestAccOnlineMeeting_importByIdentityPlansNoChange: the same with import
// blocks that name the identity (Terraform 1.12+, OpenTofu 1.12+).
func TestAccOnlineMeeting_importByIdentityPlansNoChange(t *testing.T) {
	env := newTestEnv(t)
	pair := newImportedPair(t, env, "2030-05-01T09:00:00+02:00")
	blocks := fmt.Sprintf(`
import {
  to       = msgraph_online_meeting.a
  identity = { user_id = %[1]q, id = %[2]q }
}
import {
  to       = msgraph_online_meeting.b
  identity = { user_id = %[1]q, id = %[3]q }
}`, organizerID, pair.a.ID, pair.b.ID)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: pair.config + blocks,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             noopFor(importedAddresses...),
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: env.noWrites(),
		}},
	})
}
