package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/meetingops/terraform-provider-msgraph/internal/devenv"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// candidate is the 0.1.0 candidate: state it wrote must plan with no
// change under every later commit (SPEC §9).
const candidate = "a3eb6b0"

// TestUpgradeFromCandidate applies a programme with the provider built at
// candidate from this repository's history, then switches to this build:
// the plan is empty, without a refresh (which sends nothing at all) and
// with one (which sends only reads), and an apply sends no write and no
// mail. The programme has a meeting with
// options, events with options and Teams settings, a series with a
// holiday and a moved session, and a session held last week.
func TestUpgradeFromCandidate(t *testing.T) {
	if setup == nil {
		t.Skip("end-to-end tests need TF_ACC=1 and TF_ACC_TERRAFORM_PATH; run `make test`")
	}
	ctx := context.Background()
	old := candidateSetup(t, ctx)
	mock := newMock(t, graphmock.Config{})
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(versions+upgradeProgramme(time.Now())), 0o600); err != nil {
		t.Fatal(err)
	}
	before, err := old.Terraform(dir, devenv.MockEnv(mock))
	if err != nil {
		t.Fatal(err)
	}
	if err := before.Apply(ctx); err != nil {
		t.Fatalf("apply with the provider at %s: %v", candidate, err)
	}
	if _, ok := mock.MeetingByExternalID(organizer, "upgrade-kickoff"); !ok || mock.EventCount() != 3 {
		t.Fatalf("the candidate made %d events, and the kick-off meeting: %v; want 3 events and the meeting", mock.EventCount(), ok)
	}

	now, err := setup.Terraform(dir, devenv.MockEnv(mock))
	if err != nil {
		t.Fatal(err)
	}
	// Without a refresh, the plan is the upgraded state against the
	// configuration alone: nothing of it may change, and nothing is sent.
	mock.ResetRequests()
	mock.ResetOutbox()
	planFile := filepath.Join(dir, "upgrade.tfplan")
	for _, refresh := range []bool{false, true} {
		changes, err := now.Plan(ctx, tfexec.Out(planFile), tfexec.Refresh(refresh))
		if err != nil {
			t.Fatal(err)
		}
		if changes {
			plan, _ := now.ShowPlanFileRaw(ctx, planFile)
			t.Fatalf("the first plan after the upgrade (refresh %v) has changes:\n%s", refresh, plan)
		}
		if reqs := mock.Requests(); !refresh && len(reqs) != 0 {
			t.Errorf("the plan without refresh after the upgrade sent %d requests (first %s %s), want none", len(reqs), reqs[0].Method, reqs[0].Path)
		}
	}
	expectNoWrites(t, mock, "the first plans after the upgrade")

	if err := now.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	expectNoWrites(t, mock, "the first apply after the upgrade")
	if n := len(mock.Outbox()); n != 0 {
		t.Errorf("the upgrade mailed %d messages: %v", n, mock.Outbox())
	}

	state, err := now.Show(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.AttributeValues["keep_past_on_destroy"] != true {
			t.Errorf("%s: keep_past_on_destroy = %v after the upgrade, want its default, true", r.Address, r.AttributeValues["keep_past_on_destroy"])
		}
	}
}

// expectNoWrites fails the test when the mock received anything but reads
// (and tokens).
func expectNoWrites(t *testing.T, mock *graphmock.Instance, what string) {
	t.Helper()
	for _, r := range mock.Requests() {
		if r.Method != "GET" && r.Route != graphmock.RouteToken {
			t.Errorf("%s sent %s %s (%s), want reads only", what, r.Method, r.Path, r.Body)
		}
	}
}

// candidateSetup builds the provider at candidate, from this repository's
// own history, into bin/ (once per machine: the source is kept there, so
// that Go's build cache serves later builds).
func candidateSetup(t *testing.T, ctx context.Context) *devenv.Setup {
	t.Helper()
	src := filepath.Join(root, "bin", ".candidate-"+candidate)
	if _, err := os.Stat(filepath.Join(src, "go.mod")); err != nil {
		tmp := src + ".partial"
		_ = os.RemoveAll(tmp)
		if err := os.MkdirAll(tmp, 0o755); err != nil {
			t.Fatal(err)
		}
		archive := exec.CommandContext(ctx, "git", "-C", root, "archive", "--format=tar", candidate)
		extract := exec.CommandContext(ctx, "tar", "-x", "-C", tmp)
		pipe, err := archive.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		extract.Stdin = pipe
		var stderr strings.Builder
		archive.Stderr = &stderr
		if err := extract.Start(); err != nil {
			t.Fatal(err)
		}
		if err := archive.Run(); err != nil {
			t.Fatalf("git archive %s: %v: %s\nThis test builds the 0.1.0 candidate from the repository's history: run it in a clone that has commit %s (not a shallow one).",
				candidate, err, stderr.String(), candidate)
		}
		if err := extract.Wait(); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, src); err != nil {
			t.Fatal(err)
		}
	}
	old, err := devenv.NewSetup(ctx, setup.CLI, src, t.TempDir())
	if err != nil {
		t.Fatalf("building the provider at %s: %v", candidate, err)
	}
	return old
}

// upgradeProgramme is a programme whose sessions lie ahead of now, but
// for one held last week.
func upgradeProgramme(now time.Time) string {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	today := now.In(berlin)
	// A Monday two to three weeks ahead.
	monday := time.Date(today.Year(), today.Month(), today.Day()+14+(8-int(today.Weekday()))%7, 0, 0, 0, 0, berlin)
	at := func(days, hour int) string {
		return monday.AddDate(0, 0, days).Add(time.Duration(hour) * time.Hour).Format("2006-01-02T15:04:05")
	}
	date := func(days int) string { return monday.AddDate(0, 0, days).Format(time.DateOnly) }
	held := time.Date(today.Year(), today.Month(), today.Day()-7, 9, 0, 0, 0, berlin).Format("2006-01-02T15:04:05")
	heldEnd := time.Date(today.Year(), today.Month(), today.Day()-7, 11, 0, 0, 0, berlin).Format("2006-01-02T15:04:05")
	utc := func(days, hour int) string {
		return monday.AddDate(0, 0, days).Add(time.Duration(hour) * time.Hour).UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf(`
locals {
  organizer = %[1]q
  trainees  = ["ada@contoso.example", "grace@contoso.example"]
  options = {
    allowed_presenters    = "organization"
    allow_meeting_chat    = "limited"
    lobby_bypass_settings = { scope = "organization", is_dial_in_bypass_enabled = false }
    record_automatically  = true
  }
}

resource "msgraph_online_meeting" "kickoff" {
  user_id         = local.organizer
  external_id     = "upgrade-kickoff"
  subject         = "Kick-off"
  start_date_time = %[2]q
  participants = {
    attendees = [{ user_id = "1f35f2e6-9cab-44ad-8d5a-b74c14720000", upn = "ada@contoso.example", role = "presenter" }]
  }
  allowed_presenters    = "roleIsPresenter"
  lobby_bypass_settings = { scope = "organization" }
  watermark_protection  = { is_enabled_for_video = true }
  record_automatically  = true
}

resource "msgraph_online_meeting" "office_hours" {
  for_each    = toset(["a", "b"])
  user_id     = local.organizer
  external_id = "upgrade-office-hours-${each.key}"
  subject     = "Office hours ${each.key}"
  start_date_time = %[3]q
  end_date_time   = %[4]q
  allow_attendee_to_enable_camera = false
}

resource "msgraph_calendar_event" "module" {
  user_id         = local.organizer
  external_id     = "upgrade-module-1"
  subject         = "Module 1"
  body            = { content = "Bring a laptop." }
  start_date_time = %[5]q
  end_date_time   = %[6]q
  time_zone       = "Europe/Berlin"
  location        = "Room 1"
  attendees       = [for email in local.trainees : { email = email }]
  categories      = ["Training"]
  reminder_minutes_before_start = 30
  online_meeting_settings       = local.options
  cancellation_message          = "Module 1 is cancelled."
}

resource "msgraph_calendar_event" "lab" {
  user_id         = local.organizer
  external_id     = "upgrade-lab"
  subject         = "Weekly lab"
  start_date_time = %[7]q
  end_date_time   = %[8]q
  time_zone       = "Europe/Berlin"
  location        = "Lab"
  attendees       = [for email in local.trainees : { email = email, type = "optional" }]
  recurrence = {
    pattern = { type = "weekly", interval = 1, days_of_week = ["wednesday"] }
    range   = { type = "numbered", start_date = %[9]q, number_of_occurrences = 6 }
  }
  cancelled_occurrences = [%[10]q]
  moved_occurrences = {
    %[11]q = { start_date_time = %[12]q, end_date_time = %[13]q, location = "Room 2" }
  }
  cancellation_message = "No lab this week."
}

resource "msgraph_calendar_event" "held" {
  user_id         = local.organizer
  external_id     = "upgrade-held"
  subject         = "Held last week"
  start_date_time = %[14]q
  end_date_time   = %[15]q
  time_zone       = "Europe/Berlin"
  attendees       = [{ email = "ada@contoso.example" }]
}
`, organizer, utc(0, 9), utc(1, 15), utc(1, 16), at(2, 9), at(2, 12), at(2, 14), at(2, 16), date(2),
		date(9), date(16), at(17, 14), at(17, 16), held, heldEnd)
}
