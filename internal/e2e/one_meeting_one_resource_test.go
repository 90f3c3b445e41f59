package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// programme is a training programme's meetings from a for_each, as users
// write it; keys maps each for_each key to its external id. They start a
// month ahead: a meeting that has begun is kept when it is replaced.
func programme(keys string, extra string) string {
	return `
resource "msgraph_online_meeting" "session" {
  for_each        = {` + keys + `}
  user_id         = "` + organizer + `"
  external_id     = each.value
  subject         = "Session ${each.key}"
  start_date_time = "` + time.Now().AddDate(0, 1, 0).UTC().Format("2006-01-02T15:00:00Z") + `"
}
` + extra
}

// TestForEachKeyRename: with the real CLI and the built provider, as a
// user runs them. Renaming a for_each key without a moved block is refused
// at plan time, the meeting and its join link survive (the mock holds
// DELETEs back, so that a create that ran first would be handed the meeting
// the delete then removes); a moved block makes the rename work; -target,
// a saved plan applied later and an apply without a saved plan (plan and
// apply walks) all work.
func TestForEachKeyRename(t *testing.T) {
	mock := newMock(t, graphmock.Config{Faults: graphmock.Faults{DeleteDelay: 300 * time.Millisecond}})
	tf := workspace(t, mock, nil)
	ctx := context.Background()
	write := func(config string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(tf.WorkingDir(), "main.tf"), []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(programme(`"01-intro" = "course-01", "02-modules" = "course-02"`, ""))
	if err := tf.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	before, ok := mock.MeetingByExternalID(organizer, "course-01")
	if !ok {
		t.Fatal("no meeting course-01")
	}

	mock.ResetRequests()
	write(programme(`"01-introduction" = "course-01", "02-modules" = "course-02"`, ""))
	_, err := tf.Plan(ctx)
	if err == nil || !strings.Contains(err.Error(), "Online Meeting Would Be Deleted and Re-created") || !strings.Contains(err.Error(), "moved") {
		t.Fatalf("plan of a renamed key: err = %v, want the refusal that suggests a moved block", err)
	}
	err = tf.Apply(ctx)
	if err == nil || !strings.Contains(err.Error(), "Online Meeting Would Be Deleted and Re-created") {
		t.Fatalf("apply of a renamed key: err = %v, want the refusal", err)
	}
	if n := mock.CountRequests(graphmock.RouteCreateOrGet, graphmock.RouteDelete, graphmock.RoutePatch); n != 0 {
		t.Errorf("the refused plans sent %d writes to Graph", n)
	}

	// -target plans only the targeted instance: it works, and no other
	// meeting is touched.
	write(programme(`"01-intro" = "course-01", "02-modules" = "course-02"`, "") +
		"\nlocals {\n  unused = 1\n}\n")
	if err := tf.Apply(ctx, tfexec.Target(`msgraph_online_meeting.session["02-modules"]`)); err != nil {
		t.Fatalf("apply -target: %v", err)
	}

	// The rename with a moved block, as a saved plan applied later.
	write(programme(`"01-introduction" = "course-01", "02-modules" = "course-02"`, `
moved {
  from = msgraph_online_meeting.session["01-intro"]
  to   = msgraph_online_meeting.session["01-introduction"]
}`))
	planFile := filepath.Join(tf.WorkingDir(), "rename.tfplan")
	if _, err := tf.Plan(ctx, tfexec.Out(planFile)); err != nil {
		t.Fatalf("plan with moved: %v", err)
	}
	if err := tf.Apply(ctx, tfexec.DirOrPlan(planFile)); err != nil {
		t.Fatalf("apply of the saved plan: %v", err)
	}
	after, ok := mock.MeetingByExternalID(organizer, "course-01")
	if !ok || after.ID != before.ID || *after.JoinWebURL != *before.JoinWebURL {
		t.Errorf("after the moved rename: meeting %v (found %v), want the same meeting and join link", after.ID, ok)
	}

	// A replacement (a new external id) in one apply, plan and apply walks.
	write(programme(`"01-introduction" = "course-01b", "02-modules" = "course-02"`, ""))
	if err := tf.Apply(ctx); err != nil {
		t.Fatalf("apply of a replacement: %v", err)
	}
	if n := mock.MeetingCount(); n != 2 {
		t.Errorf("meetings = %d after the replacement, want 2", n)
	}
	if err := tf.Destroy(ctx); err != nil {
		t.Fatal(err)
	}
}
