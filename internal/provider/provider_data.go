package provider

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// providerData is what the provider hands to its resources and data
// sources: one Graph client, sharing one cached token, per provider
// instance. client is nil when no credential is configured.
type providerData struct {
	client *graph.Client
	// clientID is the application's id, quoted in access policy advice.
	clientID string
	// credentialKind names the configured credential (the attribute that
	// selects it), for advice in diagnostics.
	credentialKind string
	// claims are the meeting keys that this walk's plans claim.
	claims *meetingClaims
	// now is the clock that decides which sessions have begun or ended
	// (past_sessions.go); nil is the machine's.
	now func() time.Time
}

// configuredData extracts the provider's data in a resource's or data
// source's Configure. It returns nil without diagnostics before the
// provider is configured (validation), and reports a missing credential
// once Graph is actually needed.
func configuredData(from any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if from == nil {
		return nil, nil
	}
	data, ok := from.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data Type",
			fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", from))
		return nil, diags
	}
	if data.client == nil {
		diags.AddError("Missing Microsoft Graph Credentials",
			"The msgraph provider has no credential, so it cannot reach Microsoft Graph. Configure exactly one of:\n"+
				"  - "+named("client_secret")+"\n"+
				"  - "+named("client_certificate")+" or "+named("client_certificate_path")+"\n"+
				"  - "+named("use_oidc")+" with a federated token (also from Azure DevOps, with "+named("ado_pipeline_service_connection_id")+")\n"+
				"  - "+named("use_aks_workload_identity")+"\n"+
				"  - "+named("use_msi")+", the managed identity of the machine or app\n"+
				"  - "+named("access_token")+"\n"+
				"together with "+strings.Join([]string{named("tenant_id"), named("client_id")}, " and ")+" for the first three.")
		return nil, diags
	}
	return data, nil
}
