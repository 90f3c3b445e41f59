package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/meetingops/terraform-provider-msgraph/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

// cpuProfileEnv, when set, names a file prefix: each provider process
// writes its CPU profile to <prefix>.<pid> (see BENCHMARKS.md).
const cpuProfileEnv = "MSGRAPH_CPU_PROFILE"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()
	if err := serve(debug); err != nil {
		log.Fatal(err.Error())
	}
}

func serve(debug bool) error {
	if prefix := os.Getenv(cpuProfileEnv); prefix != "" {
		f, err := os.Create(fmt.Sprintf("%s.%d", prefix, os.Getpid()))
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			_ = f.Close()
		}()
	}
	return providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/meetingops/msgraph",
		Debug:   debug,
	})
}
