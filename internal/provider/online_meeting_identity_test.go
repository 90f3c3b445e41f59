package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// Resource identity needs Terraform 1.12+ or OpenTofu 1.12+: these tests
// skip on Terraform 1.5.7 and run on Terraform 1.16.4 (make
// test-terraform-1.16) and OpenTofu 1.12.6 (make test-tofu).
var identityCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// TestAccOnlineMeeting_identity: the identity is the organizer and the
// meeting id, set on create and kept through update, and an import block
// with that identity finds the meeting.
func TestAccOnlineMeeting_identity(t *testing.T) {
	env := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(meetingConfig(`  subject = "Identity"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(meeting, map[string]knownvalue.Check{
						"user_id": knownvalue.StringExact(organizerID),
						"id":      knownvalue.NotNull(),
					}),
					statecheck.ExpectIdentityValueMatchesState(meeting, tfjsonpath.New("id")),
				},
			},
			{
				Config: env.config(meetingConfig(`  subject = "Identity, renamed"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(meeting, tfjsonpath.New("id")),
					statecheck.ExpectIdentityValueMatchesState(meeting, tfjsonpath.New("user_id")),
				},
			},
			{
				ResourceName:    meeting,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// TestAccOnlineMeeting_importByIdentity: an import block written with the
// identity object brings an existing meeting under management, and a
// meeting deleted out of band still has an identity when it leaves state.
func TestAccOnlineMeeting_importByIdentity(t *testing.T) {
	env := newTestEnv(t)
	existing := env.addMeeting(t, organizerID, "acc-test", graph.CreateOrGetRequest{Subject: graph.Ptr("Made in Teams")})
	config := env.config(meetingConfig(`  subject = "Made in Teams"`))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: config + `
import {
  to = msgraph_online_meeting.test
  identity = {
    user_id = "` + organizerID + `"
    id      = "` + existing.ID + `"
  }
}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(meeting, tfjsonpath.New("id"), knownvalue.StringExact(existing.ID)),
					statecheck.ExpectIdentity(meeting, map[string]knownvalue.Check{
						"user_id": knownvalue.StringExact(organizerID),
						"id":      knownvalue.StringExact(existing.ID),
					}),
				},
			},
			{
				PreConfig: func() { env.deleteMeeting(t, organizerID, existing.ID) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(meeting, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// TestAccOnlineMeeting_identityMe: a meeting of the signed-in user has an
// identity without user_id.
func TestAccOnlineMeeting_identityMe(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{DelegatedTokens: map[string]string{"delegated-token": organizerID}})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: `provider "msgraph" {
  access_token   = "delegated-token"
  graph_endpoint = "` + env.mock.GraphURL() + `"
}
resource "msgraph_online_meeting" "test" {
  external_id = "mine"
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(meeting, map[string]knownvalue.Check{
						"user_id": knownvalue.Null(),
						"id":      knownvalue.NotNull(),
					}),
				},
			},
			{
				ResourceName:    meeting,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}
