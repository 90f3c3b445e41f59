package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/meetingops/terraform-provider-msgraph/internal/devenv"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// setup is the built provider, shared by the tests of this package.
var setup *devenv.Setup

// root is the module's directory.
var root string

func TestMain(m *testing.M) {
	// Like acceptance tests, these need TF_ACC and a CLI; `make test` sets both.
	if os.Getenv("TF_ACC") == "" || os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		os.Exit(m.Run())
	}
	code, err := func() (int, error) {
		wd, err := os.Getwd()
		if err != nil {
			return 0, err
		}
		if root, err = devenv.ModuleRoot(wd); err != nil {
			return 0, err
		}
		dir, err := os.MkdirTemp("", "msgraph-e2e-")
		if err != nil {
			return 0, err
		}
		defer os.RemoveAll(dir)
		if setup, err = devenv.NewSetup(context.Background(), os.Getenv("TF_ACC_TERRAFORM_PATH"), root, dir); err != nil {
			return 0, err
		}
		return m.Run(), nil
	}()
	if err != nil {
		panic(err)
	}
	os.Exit(code)
}

// versions is what a user's configuration declares, and what the snippets
// of examples/resources leave out.
const versions = `terraform {
  required_providers {
    msgraph = {
      source = "meetingops/msgraph"
    }
  }
}
`

// workspace copies example files into a fresh directory, with the
// required_providers block, and returns a CLI handle for it, talking to
// mock with env added.
func workspace(t *testing.T, mock *graphmock.Instance, env map[string]string, files ...string) *tfexec.Terraform {
	t.Helper()
	if setup == nil {
		t.Skip("end-to-end tests need TF_ACC=1 and TF_ACC_TERRAFORM_PATH; run `make test`")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "versions.tf"), []byte(versions), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, ".tf") {
			// A configuration's sessions; a query file's window names
			// sessions already in the mailbox, and stays as written.
			b = datedAhead(b, time.Now())
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	vars := devenv.MockEnv(mock)
	for k, v := range env {
		vars[k] = v
	}
	tf, err := setup.Terraform(dir, vars)
	if err != nil {
		t.Fatal(err)
	}
	return tf
}

// exampleDate is a date as the examples write them.
var exampleDate = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}`)

// datedAhead is an example's text with its dates (those of its date-times
// too) moved ahead by whole 52-week steps, which keep weekdays and
// spacing, when they do not lie a month or more ahead of now already: the
// examples are dated, and applying one whose sessions have ended would
// keep them on destroy.
func datedAhead(text []byte, now time.Time) []byte {
	earliest := time.Time{}
	for _, m := range exampleDate.FindAll(text, -1) {
		if d, err := time.Parse(time.DateOnly, string(m)); err == nil && (earliest.IsZero() || d.Before(earliest)) {
			earliest = d
		}
	}
	weeks := 0
	for !earliest.IsZero() && earliest.AddDate(0, 0, 7*weeks).Before(now.AddDate(0, 1, 0)) {
		weeks += 52
	}
	if weeks == 0 {
		return text
	}
	return exampleDate.ReplaceAllFunc(text, func(m []byte) []byte {
		d, err := time.Parse(time.DateOnly, string(m))
		if err != nil {
			return m
		}
		return []byte(d.AddDate(0, 0, 7*weeks).Format(time.DateOnly))
	})
}

func newMock(t *testing.T, cfg graphmock.Config) *graphmock.Instance {
	cfg.ClientSecret = graphmock.DefaultClientSecret
	return graphmock.NewTestServer(t, cfg)
}
