package e2e

import (
	"context"
	"encoding/base64"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/meetingops/terraform-provider-msgraph/internal/devenv"
	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

const organizer = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"

// identityVersion is the first CLI version with resource identity.
var identityVersion = version.Must(version.NewVersion("1.12.0"))

// TestDemo runs `make demo`'s scenario and checks what it promises.
func TestDemo(t *testing.T) {
	if setup == nil {
		t.Skip("end-to-end tests need TF_ACC=1 and TF_ACC_TERRAFORM_PATH; run `make test`")
	}
	var log strings.Builder
	res, err := devenv.RunDemo(context.Background(), &log, setup, filepath.Join(root, "examples", "training-programme"))
	if err != nil {
		t.Fatal(err)
	}
	t.Log(log.String())
	if res.EventsAfterApply != 6 || len(res.JoinURLs) != 6 {
		t.Errorf("apply made %d events with %d join links, want 6 each", res.EventsAfterApply, len(res.JoinURLs))
	}
	// Each session invites its trainers and the three trainees; the
	// weekly lab's attendees (its trainer and the trainees) also get one
	// cancellation for its Easter-break session and one update for the
	// session moved to Thursday.
	if res.Attendees != 28 || res.Mail["apply"][graphmock.MailInvitation] != res.Attendees || res.Mail["apply"][graphmock.MailCancellation] != 4 ||
		res.Mail["apply"][graphmock.MailUpdate] != 4 || len(res.Mail["apply"]) != 3 {
		t.Errorf("apply mailed %v to %d attendees, want one invitation each, and 4 cancellations and 4 updates for the lab", res.Mail["apply"], res.Attendees)
	}
	if want := map[string]int{"cancellation 2026-04-08": 4, "update 2026-04-22": 4}; !maps.Equal(res.OccurrenceMail["apply"], want) {
		t.Errorf("apply mailed %v about the lab's occurrences, want %v", res.OccurrenceMail["apply"], want)
	}
	if want := map[string]int{"cancellation 2026-04-29": 4}; !maps.Equal(res.OccurrenceMail["holiday"], want) || len(res.Mail["holiday"]) != 1 {
		t.Errorf("the new holiday mailed %v (%v by occurrence), want %v and nothing else", res.Mail["holiday"], res.OccurrenceMail["holiday"], want)
	}
	if res.HolidayRequests[graphmock.RouteEventCancel] != 1 || res.HolidayRequests[graphmock.RouteEventPatch] != 0 || res.HolidayRequests[graphmock.RouteEventCreate] != 0 {
		t.Errorf("the new holiday's apply sent %v, want one occurrence cancel", res.HolidayRequests)
	}
	if res.SecondPlanChanges {
		t.Error("the plan after apply has changes")
	}
	if !strings.Contains(res.ChangePlan, `msgraph_calendar_event.session["03-modules"] will be updated in-place`) ||
		!strings.Contains(res.ChangePlan, "0 to add, 1 to change, 0 to destroy") {
		t.Errorf("the move's plan is not one in-place update:\n%s", res.ChangePlan)
	}
	if res.ChangeRequests[graphmock.RouteEventPatch] != 1 || res.ChangeRequests[graphmock.RouteEventCreate] != 0 || res.ChangeRequests[graphmock.RoutePatch] != 0 {
		t.Errorf("the move's apply sent %v, want one event PATCH", res.ChangeRequests)
	}
	// The moved session has its trainer and the three trainees.
	if res.Mail["move"][graphmock.MailUpdate] != 4 || len(res.Mail["move"]) != 1 {
		t.Errorf("the move mailed %v, want one update per attendee (4)", res.Mail["move"])
	}
	if res.MovedUTC != [2]string{"2026-03-26T08:00:00.0000000", "2026-03-30T07:00:00.0000000"} {
		t.Errorf("the moved session starts at %v in UTC, want 09:00 Berlin time on both sides of the clock change", res.MovedUTC)
	}
	if res.Mail["destroy"][graphmock.MailCancellation] != res.Attendees || len(res.Mail["destroy"]) != 1 {
		t.Errorf("destroy mailed %v, want one cancellation per attendee (%d)", res.Mail["destroy"], res.Attendees)
	}
	if res.EventsAfterDestroy != 0 {
		t.Errorf("%d events left after destroy", res.EventsAfterDestroy)
	}
}

func TestProviderExampleValidates(t *testing.T) {
	mock := newMock(t, graphmock.Config{})
	tf := workspace(t, mock, nil, "examples/provider/provider.tf")
	// provider.tf declares required_providers itself.
	if err := os.Remove(filepath.Join(tf.WorkingDir(), "versions.tf")); err != nil {
		t.Fatal(err)
	}
	out, err := tf.Validate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !out.Valid {
		t.Errorf("examples/provider is not valid: %+v", out.Diagnostics)
	}
}

func TestResourceExampleApplies(t *testing.T) {
	mock := newMock(t, graphmock.Config{})
	tf := workspace(t, mock, nil, "examples/resources/msgraph_online_meeting/resource.tf")
	ctx := context.Background()
	if err := tf.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	if changes, err := tf.Plan(ctx); err != nil || changes {
		t.Errorf("plan after apply: changes %v, err %v", changes, err)
	}
	if m, ok := mock.MeetingByExternalID(organizer, "platform-training-2026-kickoff"); !ok || *m.AllowedPresenters != "roleIsPresenter" {
		t.Errorf("the example's meeting is not in Graph as configured: %+v", m)
	}
	if err := tf.Destroy(ctx); err != nil {
		t.Fatal(err)
	}
}

// exampleMeetingID is the meeting id the import examples use; the mock
// holds a meeting under it.
func exampleMeetingID(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "examples/resources/msgraph_online_meeting/import-by-string-id.tf"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`id = "` + organizer + `/([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("import-by-string-id.tf has no <user_id>/<meeting_id>")
	}
	decoded, err := base64.RawStdEncoding.DecodeString(string(m[1]))
	if err != nil || !strings.HasPrefix(string(decoded), "1*"+organizer+"*0**19:meeting_") {
		t.Fatalf("the example's meeting id %s does not look like one of the organizer's meetings", m[1])
	}
	return string(m[1])
}

func TestImportScriptExample(t *testing.T) {
	meetingID := exampleMeetingID(t)
	script, err := os.ReadFile(filepath.Join(root, "examples/resources/msgraph_online_meeting/import.sh"))
	if err != nil {
		t.Fatal(err)
	}
	commands := regexp.MustCompile(`(?m)^terraform import (\S+) "([^"]+)"$`).FindAllStringSubmatch(string(script), -1)
	if len(commands) != 2 {
		t.Fatalf("import.sh has %d import commands, want 2", len(commands))
	}
	ctx := context.Background()

	// "<user_id>/<meeting_id>" with an application credential.
	mock := newMock(t, graphmock.Config{DelegatedTokens: map[string]string{"delegated": organizer}})
	mock.AddMeeting(organizer, "platform-training-2026-kickoff", meetingID, graph.CreateOrGetRequest{})
	tf := workspace(t, mock, nil, "examples/resources/msgraph_online_meeting/resource.tf")
	if err := tf.Import(ctx, commands[0][1], commands[0][2]); err != nil {
		t.Fatalf("%s: %v", commands[0][0], err)
	}
	state, err := tf.Show(ctx)
	if err != nil || len(state.Values.RootModule.Resources) != 1 || state.Values.RootModule.Resources[0].AttributeValues["id"] != meetingID {
		t.Fatalf("state after import: %+v, %v", state, err)
	}

	// "me/<meeting_id>" with a delegated token.
	tf = workspace(t, mock, map[string]string{"MSGRAPH_ACCESS_TOKEN": "delegated", "ARM_CLIENT_SECRET": ""})
	if err := os.WriteFile(filepath.Join(tf.WorkingDir(), "main.tf"), []byte(`resource "msgraph_online_meeting" "mine" {
  external_id = "platform-training-2026-kickoff"
}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := tf.Import(ctx, commands[1][1], commands[1][2]); err != nil {
		t.Fatalf("%s: %v", commands[1][0], err)
	}
}

func TestImportBlockExample(t *testing.T) {
	meetingID := exampleMeetingID(t)
	mock := newMock(t, graphmock.Config{})
	mock.AddMeeting(organizer, "platform-training-2026-kickoff", meetingID, graph.CreateOrGetRequest{})
	tf := workspace(t, mock, nil, "examples/resources/msgraph_online_meeting/resource.tf",
		"examples/resources/msgraph_online_meeting/import-by-string-id.tf")
	importing := applyImport(t, tf)
	if importing.ID != organizer+"/"+meetingID {
		t.Errorf("the plan imports %q, want the example's %s/%s", importing.ID, organizer, meetingID)
	}
	if n := mock.MeetingCount(); n != 1 {
		t.Errorf("meetings = %d: importing must not create one", n)
	}
	if n := mock.CountRequests(graphmock.RouteCreateOrGet); n != 0 {
		t.Errorf("createOrGet requests = %d during an import", n)
	}
}

func TestDataSourceExampleReads(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "examples/data-sources/msgraph_online_meeting/data-source.tf"))
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`join_web_url = "([^"]+)"`).FindSubmatch(b)
	joinID := regexp.MustCompile(`join_meeting_id = "([^"]+)"`).FindSubmatch(b)
	if link == nil || joinID == nil {
		t.Fatal("the data source example has no join_web_url or join_meeting_id")
	}
	mock := newMock(t, graphmock.Config{})
	allHands := mock.AddMeeting(organizer, "all-hands", "", graph.CreateOrGetRequest{Subject: graph.Ptr("All hands")})
	standup := mock.AddMeeting(organizer, "standup", "", graph.CreateOrGetRequest{Subject: graph.Ptr("Stand-up")})
	// Give the mock's meetings the example's link and join id.
	mock.EditMeeting(allHands.ID, func(m *graph.OnlineMeeting) { m.JoinWebURL = graph.Ptr(string(link[1])) })
	mock.EditMeeting(standup.ID, func(m *graph.OnlineMeeting) { m.JoinMeetingIDSettings.JoinMeetingID = graph.Ptr(string(joinID[1])) })

	tf := workspace(t, mock, nil, "examples/data-sources/msgraph_online_meeting/data-source.tf")
	ctx := context.Background()
	if err := tf.Apply(ctx); err != nil {
		t.Fatal(err)
	}
	outputs, err := tf.Output(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(outputs["all_hands_starts"].Value); got != `"`+allHands.StartDateTime.String()+`"` {
		t.Errorf("all_hands_starts = %s, want the meeting's start %s", got, allHands.StartDateTime)
	}
	if got := string(outputs["standup_dial_in"].Value); got != `"`+*standup.AudioConferencing.DialinURL+`"` {
		t.Errorf("standup_dial_in = %s, want the meeting's dial-in page", got)
	}
}

// TestImportByIdentityExample needs a CLI with resource identity
// (Terraform 1.12+, OpenTofu 1.12+): it runs in make test-terraform-1.16
// and make test-tofu.
func TestImportByIdentityExample(t *testing.T) {
	meetingID := exampleMeetingID(t)
	mock := newMock(t, graphmock.Config{})
	mock.AddMeeting(organizer, "platform-training-2026-kickoff", meetingID, graph.CreateOrGetRequest{})
	tf := workspace(t, mock, nil, "examples/resources/msgraph_online_meeting/resource.tf",
		"examples/resources/msgraph_online_meeting/import-by-identity.tf")
	ctx := context.Background()
	v, _, err := tf.Version(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if v.LessThan(identityVersion) {
		t.Skipf("%s %s has no resource identity; make test-terraform-1.16 and make test-tofu run this test", filepath.Base(setup.CLI), v)
	}
	applyImport(t, tf)
	state, err := tf.Show(ctx)
	if err != nil || state.Values.RootModule.Resources[0].AttributeValues["id"] != meetingID {
		t.Fatalf("state after import by identity: %+v, %v", state, err)
	}
}

// applyImport plans a configuration holding one import block, checks that
// the plan imports one resource, applies it, and returns what it imported.
func applyImport(t *testing.T, tf *tfexec.Terraform) *tfjson.Importing {
	t.Helper()
	ctx := context.Background()
	planFile := filepath.Join(tf.WorkingDir(), "import.tfplan")
	if _, err := tf.Plan(ctx, tfexec.Out(planFile)); err != nil {
		t.Fatal(err)
	}
	plan, err := tf.ShowPlanFile(ctx, planFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.ResourceChanges) != 1 || plan.ResourceChanges[0].Change.Importing == nil {
		t.Fatalf("the plan does not import one meeting: %+v", plan.ResourceChanges)
	}
	if err := tf.Apply(ctx, tfexec.DirOrPlan(planFile)); err != nil {
		t.Fatal(err)
	}
	return plan.ResourceChanges[0].Change.Importing
}
