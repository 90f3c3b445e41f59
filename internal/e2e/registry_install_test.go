package e2e

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	"golang.org/x/mod/sumdb/dirhash"

	"github.com/meetingops/terraform-provider-msgraph/internal/devenv"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// distEnv names the directory holding a `make release-snapshot` build
// (make test-install sets it).
const distEnv = "MSGRAPH_DIST"

// TestRegistryInstall installs the provider the way the registry does: from
// the release zips and their SHA256SUMS, served over the Provider Network
// Mirror Protocol on a loopback HTTPS server, with `terraform init` and no
// dev_overrides. The CLI must accept the zip against the hash SHA256SUMS
// lists, the lock file must hold the h1: hash of that zip, and the resource
// example must apply against the mock with the installed binary.
func TestRegistryInstall(t *testing.T) {
	dist := os.Getenv(distEnv)
	if dist == "" {
		t.Skip(distEnv + " is unset: `make test-install` builds the release zips and runs this test")
	}
	if setup == nil {
		t.Fatal("TF_ACC and TF_ACC_TERRAFORM_PATH are unset; run `make test-install`")
	}
	rawVersion, sums := releaseSums(t, dist)
	// A mirror's versions are case-insensitive and the CLIs compare them in
	// lower case: a snapshot's "0.0.0-SNAPSHOT-abc1234" is
	// "0.0.0-snapshot-abc1234" to them. (Release versions have no letters.)
	version := strings.ToLower(rawVersion)
	mirror := httptest.NewTLSServer(networkMirror(dist, rawVersion, version, sums))
	t.Cleanup(mirror.Close)

	work := t.TempDir()
	caFile := filepath.Join(work, "mirror-ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: mirror.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	cliConfig := filepath.Join(work, "mirror.tfrc")
	if err := os.WriteFile(cliConfig, []byte(fmt.Sprintf("provider_installation {\n  network_mirror {\n    url = %q\n  }\n}\n", mirror.URL+"/")), 0o600); err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(filepath.Join(root, "examples/resources/msgraph_online_meeting/resource.tf"))
	if err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf("terraform {\n  required_providers {\n    msgraph = {\n      source  = \"meetingops/msgraph\"\n      version = %q\n    }\n  }\n}\n", version)
	if err := os.WriteFile(filepath.Join(work, "main.tf"), append([]byte(config), datedAhead(example, time.Now())...), 0o600); err != nil {
		t.Fatal(err)
	}

	mock := newMock(t, graphmock.Config{})
	env := devenv.MockEnv(mock)
	env["TF_CLI_CONFIG_FILE"] = cliConfig // the mirror, instead of dev_overrides
	env["SSL_CERT_FILE"] = caFile         // the CLIs trust the mirror's certificate
	tf, err := setup.Terraform(work, env)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := tf.Init(ctx, tfexec.Upgrade(false)); err != nil {
		t.Fatalf("init from the mirror: %v", err)
	}

	lock, err := os.ReadFile(filepath.Join(work, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(lock), `version     = "`+version+`"`) {
		t.Errorf("the lock file does not pin %s:\n%s", version, lock)
	}
	// A mirror is not the origin registry, so Terraform records no zh:
	// hashes from it (it checks the download against the mirror's zh:
	// hash, which is SHA256SUMS'), only the h1: hash of what it installed.
	// That must be the h1: hash of the very zip SHA256SUMS lists for this
	// platform.
	zip := filepath.Join(dist, fmt.Sprintf("terraform-provider-msgraph_%s_%s_%s.zip", rawVersion, runtime.GOOS, runtime.GOARCH))
	if got := fileSHA256(t, zip); got != sums[filepath.Base(zip)] {
		t.Fatalf("%s has SHA-256 %s, SHA256SUMS says %s", zip, got, sums[filepath.Base(zip)])
	}
	h1, err := dirhash.HashZip(zip, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(lock), `"`+h1+`"`) {
		t.Errorf("the lock file does not hold %s, the h1: hash of %s:\n%s", h1, filepath.Base(zip), lock)
	}
	// OpenTofu also records the mirror's zh: hash: it must be SHA256SUMS'.
	for _, m := range regexp.MustCompile(`"zh:([0-9a-f]{64})"`).FindAllSubmatch(lock, -1) {
		if string(m[1]) != sums[filepath.Base(zip)] {
			t.Errorf("the lock file holds zh:%s, which SHA256SUMS does not list for %s", m[1], filepath.Base(zip))
		}
	}

	if err := tf.Apply(ctx); err != nil {
		t.Fatalf("apply with the installed provider: %v", err)
	}
	if _, ok := mock.MeetingByExternalID(organizer, "platform-training-2027-kickoff"); !ok {
		t.Error("the example's meeting is not in Graph")
	}
	if err := tf.Destroy(ctx); err != nil {
		t.Fatal(err)
	}
}

// networkMirror serves a release build by the Provider Network Mirror
// Protocol, for both registries' host names (OpenTofu resolves
// meetingops/msgraph on registry.opentofu.org): the versions, each
// platform's archive with its zh: hash from SHA256SUMS, and the zips.
func networkMirror(dist, rawVersion, version string, sums map[string]string) http.Handler {
	archives := map[string]any{}
	for name, sum := range sums {
		platform, ok := strings.CutPrefix(strings.TrimSuffix(name, ".zip"), "terraform-provider-msgraph_"+rawVersion+"_")
		if ok && strings.HasSuffix(name, ".zip") {
			archives[platform] = map[string]any{"url": name, "hashes": []string{"zh:" + sum}}
		}
	}
	mux := http.NewServeMux()
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		base := "/" + host + "/meetingops/msgraph/"
		mux.HandleFunc("GET "+base+"index.json", func(w http.ResponseWriter, _ *http.Request) {
			writeMirrorJSON(w, map[string]any{"versions": map[string]any{version: map[string]any{}}})
		})
		mux.HandleFunc("GET "+base+version+".json", func(w http.ResponseWriter, _ *http.Request) {
			writeMirrorJSON(w, map[string]any{"archives": archives})
		})
		mux.HandleFunc("GET "+base+"{zip}", func(w http.ResponseWriter, r *http.Request) {
			if _, ok := sums[r.PathValue("zip")]; !ok || !strings.HasSuffix(r.PathValue("zip"), ".zip") {
				http.NotFound(w, r)
				return
			}
			http.ServeFile(w, r, filepath.Join(dist, r.PathValue("zip")))
		})
	}
	return mux
}

// writeMirrorJSON answers as the protocol requires: application/json.
func writeMirrorJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// releaseSums reads a release build's SHA256SUMS: its version and each
// listed file's hash.
func releaseSums(t *testing.T, dist string) (string, map[string]string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dist, "terraform-provider-msgraph_*_SHA256SUMS"))
	if err != nil || len(files) != 1 {
		t.Fatalf("%s holds %d SHA256SUMS files, want 1", dist, len(files))
	}
	version := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(files[0]), "terraform-provider-msgraph_"), "_SHA256SUMS")
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sums := map[string]string{}
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		hash, file, ok := strings.Cut(scanner.Text(), "  ")
		if _, err := hex.DecodeString(hash); !ok || err != nil || len(hash) != 64 {
			t.Fatalf("SHA256SUMS line %q", scanner.Text())
		}
		sums[file] = hash
	}
	if _, ok := sums[fmt.Sprintf("terraform-provider-msgraph_%s_%s_%s.zip", version, runtime.GOOS, runtime.GOARCH)]; !ok {
		t.Fatalf("SHA256SUMS lists no zip for %s_%s", runtime.GOOS, runtime.GOARCH)
	}
	return version, sums
}
