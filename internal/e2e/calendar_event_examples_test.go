package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// TestCalendarEventExamples applies the calendar event's resource example
// and, alongside it, the data source example pointed at the same key:
// the trainees are invited once, the series is weekly, the data source
// finds the event's join link, and the plan after apply is empty.
func TestCalendarEventExamples(t *testing.T) {
	mock := newMock(t, graphmock.Config{Users: []graphmock.User{
		{ID: "6a0d7c9e-1b2f-4c3d-8e4f-5a6b7c8d9e0f", UPN: "trainer@contoso.com", DisplayName: "Tara Trainer"},
	}})
	ds, err := os.ReadFile(filepath.Join(root, "examples/data-sources/msgraph_calendar_event/data-source.tf"))
	if err != nil {
		t.Fatal(err)
	}
	tf := workspace(t, mock, nil, "examples/resources/msgraph_calendar_event/resource.tf")
	ds = []byte(strings.Replace(string(ds), `"2027-spring-kickoff"`, "msgraph_calendar_event.weekly_lab.external_id", 1))
	if err := os.WriteFile(filepath.Join(tf.WorkingDir(), "data-source.tf"), ds, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := tf.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	events := mock.Events("trainer@contoso.com")
	if len(events) != 1 {
		t.Fatalf("events = %d, want 1", len(events))
	}
	if e := events[0]; e.Recurrence == nil || e.Recurrence.Pattern.Type != "weekly" || e.Recurrence.Range.NumberOfOccurrences != 8 {
		t.Errorf("the event's recurrence = %+v, want weekly, 8 times", e.Recurrence)
	}
	if n := mock.CountMail(graphmock.MailInvitation, ""); n != 3 {
		t.Errorf("invitations = %d, want one per attendee (3)", n)
	}
	outputs, err := tf.Output(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if lab, found := string(outputs["weekly_lab_join_url"].Value), string(outputs["kickoff_join_url"].Value); lab == "" || lab != found {
		t.Errorf("the data source found %s, want the resource's join link %s", found, lab)
	}
	changes, err := tf.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if changes {
		t.Error("the plan after apply has changes")
	}
	if err := tf.Destroy(ctx); err != nil {
		t.Fatal(err)
	}
	for _, m := range mock.Outbox() {
		if m.Kind == graphmock.MailCancellation && !strings.HasPrefix(m.Comment, "The lab series is cancelled") {
			t.Errorf("a cancellation without the example's cancellation_message: %+v", m)
		}
	}
	if n := mock.CountMail(graphmock.MailCancellation, ""); n != 3 {
		t.Errorf("cancellations = %d, want 3", n)
	}
}
