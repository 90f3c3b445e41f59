package e2e

import (
	"context"
	"encoding/base64"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

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

// TestDemo runs `make demo`'s scenario and checks what it promises. The
// demo lays its schedule out around the day it runs (DemoResult.Schedule):
// two sessions held, a weekly lab under way, sessions ahead; what it
// should mail follows from that schedule.
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
	sched := res.Schedule
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(wallClock string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02T15:04:05", wallClock, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// The sessions held are weeks in the past, those ahead days or months
	// ahead: the test's clock tells them apart as the demo's did.
	now := time.Now()
	var held, ahead, createWarnings []string
	attendees := 0
	for _, s := range sched.Sessions {
		// Each session invites its trainers and the three trainees.
		if got, want := res.AttendeesOf[s.ID], len(strings.Fields(s.Trainers))+3; got != want {
			t.Errorf("session %s has %d attendees, want %d", s.ID, got, want)
		}
		attendees += res.AttendeesOf[s.ID]
		switch {
		case at(s.Start).After(now):
			ahead = append(ahead, s.ID)
		case s.Weeks > 0:
			held = append(held, s.ID)
			createWarnings = append(createWarnings, "Creating a Series That Has Begun: "+s.ID)
		default:
			held = append(held, s.ID)
			createWarnings = append(createWarnings, "Creating a Session That Has Ended: "+s.ID)
		}
	}
	if want := []string{"01-kickoff", "02-terraform", "04-lab"}; !slices.Equal(held, want) || len(ahead) != 3 {
		t.Fatalf("the demo's schedule has %v held and %v ahead, want %v held and three sessions ahead: %+v", held, ahead, want, sched)
	}
	lab := res.AttendeesOf[sched.Lab]

	// 1. apply: one invitation per attendee, and a warning for each session
	// created in the past. The lab's attendees also get one cancellation
	// for its holiday, which has passed (the series is created whole, then
	// that occurrence is cancelled: the one mail about a held date), and
	// one update for its session moved to the next day, ahead.
	if res.EventsAfterApply != len(sched.Sessions) || len(res.JoinURLs) != len(sched.Sessions) {
		t.Errorf("apply made %d events with %d join links, want %d each", res.EventsAfterApply, len(res.JoinURLs), len(sched.Sessions))
	}
	if res.Attendees != attendees || res.Mail["apply"][graphmock.MailInvitation] != res.Attendees || res.Mail["apply"][graphmock.MailCancellation] != lab ||
		res.Mail["apply"][graphmock.MailUpdate] != lab || len(res.Mail["apply"]) != 3 {
		t.Errorf("apply mailed %v to %d attendees, want one invitation each, and %d cancellations and %d updates for the lab", res.Mail["apply"], res.Attendees, lab, lab)
	}
	if want := map[string]int{"cancellation " + sched.LabHoliday: lab, "update " + sched.LabMoved: lab}; !maps.Equal(res.OccurrenceMail["apply"], want) {
		t.Errorf("apply mailed %v about the lab's occurrences, want %v", res.OccurrenceMail["apply"], want)
	}
	if sched.LabHoliday >= sched.Today || sched.LabMoved <= sched.Today || res.HeldCancellations["apply"] != lab {
		t.Errorf("the lab's holiday %s should have passed and its moved session %s lie ahead of %s, with %d cancellations for the held date, got %d",
			sched.LabHoliday, sched.LabMoved, sched.Today, lab, res.HeldCancellations["apply"])
	}
	slices.Sort(createWarnings)
	if !slices.Equal(res.Warnings["apply"], createWarnings) {
		t.Errorf("apply warned %q, want %q", res.Warnings["apply"], createWarnings)
	}

	// 2. A plan right after the apply has nothing to do.
	if res.SecondPlanChanges {
		t.Error("the plan after apply has changes")
	}

	// 3. A session ahead moves across the next clock change, at the same
	// wall-clock time: one in-place update, one update per attendee, and
	// Graph's UTC start moves an hour less (spring) or more (autumn).
	change, err := time.ParseInLocation(time.DateOnly, sched.ClockChange, berlin)
	if err != nil {
		t.Fatal(err)
	}
	from, to := at(sched.MoveFrom), at(sched.MoveTo)
	_, offsetBefore := from.Zone()
	_, offsetAfter := to.Zone()
	if !from.Before(change) || !to.After(change) || !from.After(now) || offsetBefore == offsetAfter {
		t.Errorf("session %s moves from %s to %s, which is not across a clock change ahead (%s)", sched.Moved, sched.MoveFrom, sched.MoveTo, sched.ClockChange)
	}
	if !strings.Contains(res.ChangePlan, `msgraph_calendar_event.session["`+sched.Moved+`"] will be updated in-place`) ||
		!strings.Contains(res.ChangePlan, "0 to add, 1 to change, 0 to destroy") {
		t.Errorf("the move's plan is not one in-place update:\n%s", res.ChangePlan)
	}
	if res.ChangeRequests[graphmock.RouteEventPatch] != 1 || res.ChangeRequests[graphmock.RouteEventCreate] != 0 || res.ChangeRequests[graphmock.RoutePatch] != 0 {
		t.Errorf("the move's apply sent %v, want one event PATCH", res.ChangeRequests)
	}
	if res.Mail["move"][graphmock.MailUpdate] != res.AttendeesOf[sched.Moved] || len(res.Mail["move"]) != 1 {
		t.Errorf("the move mailed %v, want one update per attendee (%d)", res.Mail["move"], res.AttendeesOf[sched.Moved])
	}
	const graphUTC = "2006-01-02T15:04:05.0000000"
	if want := [2]string{from.UTC().Format(graphUTC), to.UTC().Format(graphUTC)}; res.MovedUTC != want {
		t.Errorf("the moved session starts at %v in UTC, want %v: the same Berlin time on both sides of the clock change", res.MovedUTC, want)
	}

	// 4. One more holiday for the lab, ahead: one cancellation per
	// attendee of the lab, for that date only.
	if sched.NewHoliday <= sched.Today {
		t.Errorf("the new holiday %s is not ahead of %s", sched.NewHoliday, sched.Today)
	}
	if want := map[string]int{"cancellation " + sched.NewHoliday: lab}; !maps.Equal(res.OccurrenceMail["holiday"], want) || len(res.Mail["holiday"]) != 1 {
		t.Errorf("the new holiday mailed %v (%v by occurrence), want %v and nothing else", res.Mail["holiday"], res.OccurrenceMail["holiday"], want)
	}
	if res.HolidayRequests[graphmock.RouteEventCancel] != 1 || res.HolidayRequests[graphmock.RouteEventPatch] != 0 || res.HolidayRequests[graphmock.RouteEventCreate] != 0 {
		t.Errorf("the new holiday's apply sent %v, want one occurrence cancel", res.HolidayRequests)
	}

	// 5. A session held and the series under way leave the schedule: the
	// session is kept without a request, the series ended after its last
	// session held with one PATCH of its range, which mails each of its
	// attendees one update and no one a cancellation.
	for _, id := range sched.Dropped {
		if !strings.Contains(res.DropPlan, `msgraph_calendar_event.session["`+id+`"] will be destroyed`) {
			t.Errorf("the drop's plan does not destroy %s:\n%s", id, res.DropPlan)
		}
	}
	if !strings.Contains(res.DropPlan, "0 to add, 0 to change, 2 to destroy") {
		t.Errorf("the drop's plan is not two destroys:\n%s", res.DropPlan)
	}
	if want := []string{"Calendar Event Kept: Its Session Has Ended: 01-kickoff", "Calendar Series Ended After Its Last Session Held: " + sched.Lab}; !slices.Equal(res.Warnings["drop"], want) {
		t.Errorf("the drop warned %q, want %q", res.Warnings["drop"], want)
	}
	if r := res.DropRequests; r[graphmock.RouteEventPatch] != 1 || r[graphmock.RouteEventDelete] != 0 || r[graphmock.RouteEventCancel] != 0 || r[graphmock.RouteEventCreate] != 0 {
		t.Errorf("the drop's apply sent %v, want one event PATCH and no delete or cancel", r)
	}
	if want := map[string]int{"01-kickoff": 0, sched.Lab: 1}; !maps.Equal(res.Writes["drop"], want) {
		t.Errorf("the drop wrote %v to the sessions' events, want %v", res.Writes["drop"], want)
	}
	if want := map[graphmock.MailKind]int{graphmock.MailUpdate: lab}; !maps.Equal(res.Mail["drop"], want) ||
		!maps.Equal(res.SessionMail["drop"], map[string]int{"update " + sched.Lab: lab}) || len(res.OccurrenceMail["drop"]) != 0 {
		t.Errorf("the drop mailed %v (%v by session, %v by occurrence), want one update per attendee of the lab (%d) and nothing else",
			res.Mail["drop"], res.SessionMail["drop"], res.OccurrenceMail["drop"], lab)
	}
	if res.HeldCancellations["drop"] != 0 {
		t.Errorf("the drop mailed %d cancellations for held dates", res.HeldCancellations["drop"])
	}
	if res.LabLastHeld == "" || res.LabLastHeld > sched.Today || res.LabLastHeld == sched.LabHoliday ||
		res.LabRange.Type != "endDate" || res.LabRange.EndDate != res.LabLastHeld {
		t.Errorf("after the drop the lab's range is %+v, want it to end on its last session held, %s", res.LabRange, res.LabLastHeld)
	}

	// 6. destroy: the sessions ahead are cancelled, one cancellation per
	// attendee; the one held stays, without a request.
	cancelled := 0
	wantMail, wantWrites := map[string]int{}, map[string]int{}
	for _, id := range ahead {
		cancelled += res.AttendeesOf[id]
		wantMail["cancellation "+id] = res.AttendeesOf[id]
		wantWrites[id] = 1
	}
	for _, id := range held {
		if !slices.Contains(sched.Dropped, id) {
			wantWrites[id] = 0
		}
	}
	if res.Mail["destroy"][graphmock.MailCancellation] != cancelled || len(res.Mail["destroy"]) != 1 || !maps.Equal(res.SessionMail["destroy"], wantMail) {
		t.Errorf("destroy mailed %v (%v by session), want %v", res.Mail["destroy"], res.SessionMail["destroy"], wantMail)
	}
	if res.HeldCancellations["destroy"] != 0 {
		t.Errorf("destroy mailed %d cancellations for held dates", res.HeldCancellations["destroy"])
	}
	if !maps.Equal(res.Writes["destroy"], wantWrites) || res.DestroyRequests[graphmock.RouteEventCancel] != len(ahead) ||
		res.DestroyRequests[graphmock.RouteEventDelete] != 0 || res.DestroyRequests[graphmock.RouteEventPatch] != 0 {
		t.Errorf("destroy wrote %v to the sessions' events (requests %v), want %v: a cancel for each session ahead, nothing for the held one",
			res.Writes["destroy"], res.DestroyRequests, wantWrites)
	}
	if want := []string{"Calendar Event Kept: Its Session Has Ended: 02-terraform"}; !slices.Equal(res.Warnings["destroy"], want) {
		t.Errorf("destroy warned %q, want %q", res.Warnings["destroy"], want)
	}
	if !slices.Equal(res.Kept, held) || res.EventsAfterDestroy != 0 {
		t.Errorf("after destroy Graph holds the events of %v and %d others, want those of the sessions held, %v, and no other", res.Kept, res.EventsAfterDestroy, held)
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
	if m, ok := mock.MeetingByExternalID(organizer, "platform-training-2027-kickoff"); !ok || *m.AllowedPresenters != "roleIsPresenter" {
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
	mock.AddMeeting(organizer, "platform-training-2027-kickoff", meetingID, graph.CreateOrGetRequest{})
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
  external_id = "platform-training-2027-kickoff"
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
	mock.AddMeeting(organizer, "platform-training-2027-kickoff", meetingID, graph.CreateOrGetRequest{})
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
	mock.AddMeeting(organizer, "platform-training-2027-kickoff", meetingID, graph.CreateOrGetRequest{})
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
