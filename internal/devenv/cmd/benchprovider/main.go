// Command benchprovider is the provider with make bench's floor resource,
// msgraph_bench_floor (package benchfloor): make bench builds it and runs
// every scenario on it, so that the floor and msgraph_online_meeting are
// served by one binary, while the provider users install never has it.
package main

import (
	"context"
	"log"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/meetingops/terraform-provider-msgraph/internal/devenv"
	"github.com/meetingops/terraform-provider-msgraph/internal/devenv/benchfloor"
	"github.com/meetingops/terraform-provider-msgraph/internal/provider"
)

func main() {
	err := providerserver.Serve(context.Background(), func() fwprovider.Provider { return benchfloor.Provider(provider.New("bench")()) },
		providerserver.ServeOpts{Address: "registry.terraform.io/" + devenv.ProviderSource})
	if err != nil {
		log.Fatal(err)
	}
}
