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

// TestProgrammeOverMonthsExample applies the guide's example module with
// a programme that began six weeks before today: first as it was planned
// at its start (as_of), then as of today, when the sessions that have
// ended leave the configuration: the plan destroys them, and the apply
// sends nothing and mails no one, while the running lab and the sessions
// ahead stay. Destroying the rest ends the lab after its last session held
// (one update) and cancels only the sessions ahead.
func TestProgrammeOverMonthsExample(t *testing.T) {
	dir := "examples/programme-over-months/"
	mock := newMock(t, graphmock.Config{})
	tf := workspace(t, mock, nil, dir+"main.tf", dir+"variables.tf", dir+"outputs.tf", dir+"schedule.csv")
	// main.tf declares required_providers itself.
	if err := removeFile(tf, "versions.tf"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	today := time.Now().In(berlin)
	monday := time.Date(today.Year(), today.Month(), today.Day()-(int(today.Weekday())+6)%7, 0, 0, 0, 0, berlin)
	start := monday.AddDate(0, 0, -6*7).Format(time.DateOnly) // today is in week 6: the lab (weeks 2 to 7) runs
	vars := func(more ...string) []string { return append([]string{"programme_start=" + start}, more...) }

	if err := tf.Apply(ctx, varOptions[tfexec.ApplyOption](vars("as_of="+start+"T00:00:00Z"))...); err != nil {
		t.Fatal(err)
	}
	if n := mock.EventCount(); n != 8 {
		t.Fatalf("events = %d, want the schedule's 8", n)
	}

	// As of today: the sessions of weeks 0, 1 and 5 have ended.
	mock.ResetRequests()
	mock.ResetOutbox()
	planFile := filepath.Join(tf.WorkingDir(), "today.tfplan")
	if _, err := tf.Plan(ctx, append(varOptions[tfexec.PlanOption](vars()), tfexec.Out(planFile))...); err != nil {
		t.Fatal(err)
	}
	plan, err := tf.ShowPlanFile(ctx, planFile)
	if err != nil {
		t.Fatal(err)
	}
	var destroyed []string
	for _, rc := range plan.ResourceChanges {
		switch {
		case rc.Change.Actions.Delete():
			key, _ := rc.Index.(string)
			destroyed = append(destroyed, key)
		case !rc.Change.Actions.NoOp():
			t.Errorf("%s: %v, want no change for what has not ended", rc.Address, rc.Change.Actions)
		}
	}
	if strings.Join(destroyed, " ") != "01-kickoff 02-terraform 03-modules 05-testing" {
		t.Errorf("the plan destroys %v, want the sessions that have ended", destroyed)
	}
	if err := tf.Apply(ctx, tfexec.DirOrPlan(planFile)); err != nil {
		t.Fatal(err)
	}
	expectNoWrites(t, mock, "dropping the sessions that have ended")
	if n := len(mock.Outbox()); n != 0 {
		t.Errorf("dropping the sessions that have ended mailed %v", mock.Outbox())
	}
	if n := mock.EventCount(); n != 8 {
		t.Errorf("events = %d after the drop, want all 8 still in the calendar", n)
	}

	lab := ""
	for _, e := range mock.Events(organizer) {
		if key, _ := e.ExtendedProperty("String {8a3f6c1e-5b2d-4e7a-9c41-6d2f0b9e7a15} Name externalId"); strings.HasSuffix(key, "-04-lab") {
			lab = e.ID
		}
	}
	mock.ResetRequests()
	mock.ResetOutbox()
	if err := tf.Destroy(ctx, varOptions[tfexec.DestroyOption](vars())...); err != nil {
		t.Fatal(err)
	}
	if n := mock.CountRequests(graphmock.RouteEventPatch); n != 1 {
		t.Errorf("event PATCHes = %d, want 1: the running lab's range", n)
	}
	if n := mock.CountRequests(graphmock.RouteEventCancel) + mock.CountRequests(graphmock.RouteEventDelete); n != 3 {
		t.Errorf("cancels and deletes = %d, want 3: the sessions ahead", n)
	}
	for _, m := range mock.Outbox() {
		if m.EventID == lab && m.Kind != graphmock.MailUpdate {
			t.Errorf("ending the running lab mailed a %s: %+v", m.Kind, m)
		}
	}
	if n := mock.CountMail(graphmock.MailUpdate, "alex@contoso.com"); n != 1 {
		t.Errorf("updates to a trainee of the running lab = %d, want 1", n)
	}
	if n := mock.EventCount(); n != 5 {
		t.Errorf("events = %d after destroy, want the 5 that began: 4 held sessions and the lab", n)
	}
}

func removeFile(tf *tfexec.Terraform, name string) error {
	return os.Remove(filepath.Join(tf.WorkingDir(), name))
}

// varOptions turns "name=value" pairs into -var options of any command.
func varOptions[T any](vars []string) []T {
	out := make([]T, 0, len(vars))
	for _, v := range vars {
		if o, ok := any(tfexec.Var(v)).(T); ok {
			out = append(out, o)
		}
	}
	return out
}
