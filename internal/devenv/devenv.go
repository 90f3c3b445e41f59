// Package devenv runs the provider the way its users do: the real Terraform
// or OpenTofu CLI, the provider binary built from this module and wired in
// through a dev_overrides CLI configuration, and the bundled mock Graph.
// The demo, the benchmark and the end-to-end example tests use it.
package devenv

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// ProviderSource is the provider's address in configurations.
const ProviderSource = "meetingops/msgraph"

// Setup is a built provider and a CLI configuration that points
// ProviderSource at it, so that no `init` or registry is needed.
type Setup struct {
	// CLI is the absolute path of terraform or tofu.
	CLI string
	// Dir holds the provider binary and the CLI configuration.
	Dir        string
	configFile string
}

// NewSetup builds the provider from the module at moduleDir into dir and
// writes the CLI configuration there.
func NewSetup(ctx context.Context, cli, moduleDir, dir string) (*Setup, error) {
	return newSetup(ctx, cli, moduleDir, dir, ".")
}

// newSetup is NewSetup with the provider built from the main package pkg
// of the module.
func newSetup(ctx context.Context, cli, moduleDir, dir, pkg string) (*Setup, error) {
	if !filepath.IsAbs(cli) {
		return nil, fmt.Errorf("the CLI path %q must be absolute: a terraform found on PATH may be another version", cli)
	}
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(dir, providerBinary()), pkg)
	build.Dir = moduleDir
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	s := &Setup{CLI: cli, Dir: dir, configFile: filepath.Join(dir, "dev.tfrc")}
	if err := writeDevOverrides(s.configFile, ProviderSource, dir); err != nil {
		return nil, err
	}
	return s, nil
}

// NewTempSetup is NewSetup for a command run from anywhere inside this
// module: it finds the module, builds into a temporary directory, and
// returns the module's root and a function that removes the directory.
func NewTempSetup(ctx context.Context, cli string) (setup *Setup, root string, cleanup func(), err error) {
	return newTempSetup(ctx, cli, ".")
}

// NewBenchSetup is NewTempSetup with the provider that also serves make
// bench's floor resource (cmd/benchprovider).
func NewBenchSetup(ctx context.Context, cli string) (setup *Setup, root string, cleanup func(), err error) {
	return newTempSetup(ctx, cli, "./internal/devenv/cmd/benchprovider")
}

func newTempSetup(ctx context.Context, cli, pkg string) (setup *Setup, root string, cleanup func(), err error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, "", nil, err
	}
	if root, err = ModuleRoot(wd); err != nil {
		return nil, "", nil, err
	}
	dir, err := os.MkdirTemp("", "msgraph-provider-")
	if err != nil {
		return nil, "", nil, err
	}
	cleanup = func() { _ = os.RemoveAll(dir) }
	if setup, err = newSetup(ctx, cli, root, dir, pkg); err != nil {
		cleanup()
		return nil, "", nil, err
	}
	return setup, root, cleanup, nil
}

func providerBinary() string {
	if runtime.GOOS == "windows" {
		return "terraform-provider-msgraph.exe"
	}
	return "terraform-provider-msgraph"
}

// Terraform returns a CLI handle for workdir. The CLI runs with only the
// given environment (plus what it needs to run), so that the machine's
// own ARM_* or TF_* variables cannot change the outcome.
func (s *Setup) Terraform(workdir string, env map[string]string) (*tfexec.Terraform, error) {
	tf, err := tfexec.NewTerraform(workdir, s.CLI)
	if err != nil {
		return nil, err
	}
	full := map[string]string{
		"TF_CLI_CONFIG_FILE": s.configFile,
		"CHECKPOINT_DISABLE": "1",
		"HOME":               os.Getenv("HOME"),
		"PATH":               os.Getenv("PATH"),
		"TMPDIR":             os.TempDir(),
	}
	for k, v := range env {
		full[k] = v
	}
	if err := tf.SetEnv(full); err != nil {
		return nil, err
	}
	return tf, nil
}

// MockEnv is the provider's environment for a mock instance: the mock's
// tenant, app and secret, and its URL as authority host and Graph endpoint.
func MockEnv(m *graphmock.Instance) map[string]string {
	return graphmock.ProviderEnv(m.URL, graphmock.Config{})
}

// CopyDir copies the regular files of src (not its subdirectories) into
// dst, which is created.
func CopyDir(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), "terraform.tfstate") {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// ModuleRoot finds the directory of this Go module, walking up from dir.
func ModuleRoot(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && strings.Contains(string(b), "module github.com/meetingops/terraform-provider-msgraph\n") {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no terraform-provider-msgraph module above %s", dir)
		}
	}
}

// writeDevOverrides writes a CLI configuration that takes the provider of
// source from dir instead of a registry.
func writeDevOverrides(file, source, dir string) error {
	config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", source, dir)
	return os.WriteFile(file, []byte(config), 0o600)
}
