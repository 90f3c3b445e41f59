package e2e

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// TestQueryAdoptsProgramme is the whole flow of a team that adopts the
// provider for a programme made by hand in Outlook (Terraform 1.14+): a
// query file, `terraform query -generate-config-out`, a plan that imports
// exactly the listed events with no change but the keys they lacked, an
// apply that writes each key with one PATCH of that property alone and
// mails no one, and an empty plan after it. Once with the guide's query
// file; once with the organizer written in another case, the default zone
// (UTC, while the series was made in Berlin), every event rather than
// Teams meetings only, and an event that already has the key a hand-made
// one would be given.
func TestQueryAdoptsProgramme(t *testing.T) {
	t.Run("the guide's query", func(t *testing.T) { testAdoption(t, "", false) })
	t.Run("default zone, organizer in another case, every event", func(t *testing.T) {
		testAdoption(t, `list "msgraph_calendar_event" "programme" {
  provider         = msgraph
  include_resource = true
  config {
    user_id      = "Trainer@Contoso.COM"
    start_from   = "2027-03-01T00:00:00Z"
    start_before = "2027-07-01T00:00:00Z"
    teams_only   = false
  }
}
`, true)
	})
}

// testAdoption runs the flow with query (the guide's example when "");
// everything adds the room booking, which is no Teams meeting, and an
// event with a key of its own to the events the listing must find.
func testAdoption(t *testing.T, query string, everything bool) {
	const trainer = "6a0d7c9e-1b2f-4c3d-8e4f-5a6b7c8d9e0f"
	mock := newMock(t, graphmock.Config{Users: []graphmock.User{
		{ID: trainer, UPN: "trainer@contoso.com", DisplayName: "Tara Trainer"},
		{ID: "0b1e5a1d-7c3e-4f00-9a61-00000000a002", UPN: "Learner@Contoso.com", DisplayName: "Lee Learner"},
	}})
	programme := mock.AddHandMadeProgramme(trainer, "learner@contoso.com", 12)
	listed, keyless := programme.Sessions, len(programme.Sessions)
	if everything {
		for _, e := range programme.Others {
			if !*e.IsOnlineMeeting {
				listed = append(listed, e)
				keyless++
			}
		}
		keyed := programme.Sessions[0]
		keyed.ID = ""
		keyed.SingleValueExtendedProperties = []graph.SingleValueExtendedProperty{{
			ID: "String {8a3f6c1e-5b2d-4e7a-9c41-6d2f0b9e7a15} Name externalId", Value: "Terraform-Module-1-2027-03-01"}}
		listed = append(listed, mock.AddEvent(trainer, keyed))
	}
	tf := workspace(t, mock, nil, "examples/list-resources/msgraph_calendar_event/list-resource.tfquery.hcl")
	if query != "" {
		if err := os.WriteFile(filepath.Join(tf.WorkingDir(), "list-resource.tfquery.hcl"), []byte(query), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	if v, _, err := tf.Version(ctx, false); err != nil {
		t.Fatal(err)
	} else if v.LessThan(version.Must(version.NewVersion("1.14.0"))) {
		t.Skipf("terraform query needs Terraform 1.14+, not %s", v)
	}
	mock.ResetRequests()
	messages, err := tf.QueryJSON(ctx, tfexec.GenerateConfigOut("sessions.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for m := range messages {
		if m.Err != nil {
			t.Fatalf("terraform query: %v", m.Err)
		}
	}
	generated, err := os.ReadFile(filepath.Join(tf.WorkingDir(), "sessions.tf"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sessions.tf:\n%s", generated)
	if n := strings.Count(string(generated), "\nimport {"); n != len(listed) {
		t.Errorf("sessions.tf imports %d events, want %d", n, len(listed))
	}
	for _, other := range programme.Others {
		if strings.Contains(string(generated), other.ID) != slices.ContainsFunc(listed, func(e graph.Event) bool { return e.ID == other.ID }) {
			t.Errorf("sessions.tf imports %q: %t", *other.Subject, strings.Contains(string(generated), other.ID))
		}
	}
	// The lab's holiday and moved session are written out, so that the
	// import keeps them.
	for _, want := range []string{`cancelled_occurrences = ["` + graphmock.ProgrammeLabHoliday + `"]`, `"` + graphmock.ProgrammeLabMoved + `" = {`, `"2027-03-18T09:00:00"`, `"Room 5"`} {
		if !strings.Contains(string(generated), want) {
			t.Errorf("sessions.tf does not say %s", want)
		}
	}
	if strings.Contains(string(generated), "keep_past_on_destroy") {
		t.Error("sessions.tf writes keep_past_on_destroy, which the import leaves at its default")
	}
	if strings.Count(strings.ToLower(string(generated)), `"terraform-module-1-2027-03-01"`) > 1 {
		t.Error("sessions.tf gives two events one external_id")
	}
	if n, pages := mock.CountRequests(graphmock.RouteEventList), (len(listed)+9)/10; n != pages {
		t.Errorf("list requests = %d, want %d (%d events, pages of 10)", n, pages, len(listed))
	}

	if _, err := tf.Plan(ctx, tfexec.Out("adopt.tfplan")); err != nil {
		t.Fatal(err)
	}
	plan, err := tf.ShowPlanFile(ctx, "adopt.tfplan")
	if err != nil {
		t.Fatal(err)
	}
	imported := 0
	for _, rc := range plan.ResourceChanges {
		if rc.Change.Importing == nil {
			t.Errorf("%s: %v without an import", rc.Address, rc.Change.Actions)
			continue
		}
		imported++
		if !rc.Change.Actions.NoOp() && !rc.Change.Actions.Update() {
			t.Errorf("%s: %v, want an import with no change or an update in place", rc.Address, rc.Change.Actions)
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		for name := range after {
			if name != "external_id" && !reflect.DeepEqual(before[name], after[name]) {
				t.Errorf("%s: plans %s %v -> %v; only external_id may change", rc.Address, name, before[name], after[name])
			}
		}
		if before["external_id"] != nil && before["external_id"] != after["external_id"] || after["external_id"] == nil {
			t.Errorf("%s: external_id %v -> %v, want a key kept or written where there was none", rc.Address, before["external_id"], after["external_id"])
		}
	}
	if imported != len(listed) {
		t.Errorf("the plan imports %d events, want %d", imported, len(listed))
	}

	mock.ResetRequests()
	mock.ResetOutbox()
	if err := tf.Apply(ctx, tfexec.DirOrPlan("adopt.tfplan")); err != nil {
		t.Fatal(err)
	}
	patches := mock.RequestsTo(graphmock.RouteEventPatch)
	if len(patches) != keyless {
		t.Errorf("event PATCHes = %d, want one per event without a key (%d)", len(patches), keyless)
	}
	for _, p := range patches {
		if keys := p.BodyKeys(); !reflect.DeepEqual(keys, []string{"singleValueExtendedProperties"}) {
			t.Errorf("a PATCH sent %v, want the key property alone", keys)
		}
	}
	if mail := mock.Outbox(); len(mail) != 0 {
		t.Errorf("the adoption mailed %d messages, want none: %v", len(mail), mail)
	}
	for _, s := range listed {
		e, _ := mock.Event(s.ID)
		if len(e.SingleValueExtendedProperties) != 1 {
			t.Errorf("%q carries no key after apply", *s.Subject)
		}
	}
	changes, err := tf.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if changes {
		t.Error("the plan after the adoption has changes")
	}
}
