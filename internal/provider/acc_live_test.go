package provider

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// The live-tenant mode: with MSGRAPH_ACC_LIVE=1 the acceptance tests run
// against the Microsoft Graph that the provider's own ARM_* and MSGRAPH_*
// variables name, instead of an in-process mock. Tests that configure the
// mock's behaviour (faults, token endpoints) do not run then, and checks
// that read the mock's records (request counts, bodies, its store) are
// skipped; every other check runs against the tenant.
const (
	liveVar          = "MSGRAPH_ACC_LIVE"
	liveOrganizerVar = "MSGRAPH_ACC_ORGANIZER_ID"
	liveAttendeesVar = "MSGRAPH_ACC_ATTENDEE_IDS"
	// liveCleanupProbeVar runs TestAccLive_cleanupProbe, which fails on
	// purpose: make test-live-mock runs it to prove the clean-up.
	liveCleanupProbeVar = "MSGRAPH_ACC_LIVE_CLEANUP_PROBE"
)

// liveMode is the suite's live-tenant configuration; nil on the mock.
var liveMode = loadLiveMode(os.Getenv)

type liveSettings struct {
	// organizer and attendees are the tenant's users the tests use in
	// place of organizerID, trainerID, learnerID and learner2ID.
	organizer string
	attendees [3]string
	// run, with a test's own hash, suffixes every external id of the
	// test, so that neither another run nor another test of this run
	// meets its meetings through createOrGet.
	run string
}

func loadLiveMode(getenv func(string) string) *liveSettings {
	if getenv(liveVar) != "1" {
		return nil
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	s := &liveSettings{organizer: getenv(liveOrganizerVar), run: "tfacc" + hex.EncodeToString(b)}
	ids := strings.Split(getenv(liveAttendeesVar), ",")
	for i := range s.attendees {
		if i < len(ids) {
			s.attendees[i] = strings.TrimSpace(ids[i])
		}
	}
	return s
}

// user returns the tenant's user in live mode, else the mock's.
func (s *liveSettings) user(mockUser string) string {
	if s == nil {
		return mockUser
	}
	switch mockUser {
	case mockOrganizerID:
		return s.organizer
	case mockTrainerID:
		return s.attendees[0]
	case mockLearnerID:
		return s.attendees[1]
	default:
		return s.attendees[2]
	}
}

// check reports what a live run is missing, before any test runs.
func (s *liveSettings) check() error {
	var missing []string
	if !isObjectID(s.organizer) {
		missing = append(missing, liveOrganizerVar+" (the organizer's Entra object id)")
	}
	for _, a := range s.attendees {
		if !isObjectID(a) {
			missing = append(missing, liveAttendeesVar+" (three comma-separated user object ids)")
			break
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s=1 needs %s", liveVar, strings.Join(missing, " and "))
	}
	return nil
}

func isObjectID(s string) bool { return guidPattern.MatchString(s) }

// externalID is the external id a test writes as name: name itself on the
// mock, name with the test's suffix on a tenant.
func (e *testEnv) externalID(name string) string {
	if e.live == nil {
		return name
	}
	return name + "-" + e.live.suffix
}

// externalIDPattern matches the external id a test wrote as name, quoted
// as diagnostics quote it.
func (e *testEnv) externalIDPattern(name string) string {
	return regexp.QuoteMeta(strconv.Quote(e.externalID(name)))
}

var externalIDAttribute = regexp.MustCompile(`(external_id\s*=\s*)"([^"$]*)"`)

// liveConfiguration gives every literal external_id of a test's
// configuration the test's suffix.
func (e *testEnv) liveConfiguration(config string) string {
	return externalIDAttribute.ReplaceAllStringFunc(config, func(m string) string {
		parts := externalIDAttribute.FindStringSubmatch(m)
		return parts[1] + strconv.Quote(e.externalID(parts[2]))
	})
}

// liveTenant is a test's view of the real tenant: a Graph client of its
// own, as Teams or another tool would be, and the record of every meeting
// created while the test ran, by the provider or by the test, which the
// test's clean-up deletes whether it passed, failed or panicked.
type liveTenant struct {
	t      testing.TB
	client *graph.Client
	// suffix ends the test's external ids.
	suffix string

	mu      sync.Mutex
	created []createdMeeting
}

type createdMeeting struct{ organizer, id, externalID string }

func newLiveTenant(t testing.TB) *liveTenant {
	t.Helper()
	if err := liveMode.check(); err != nil {
		t.Fatal(err)
	}
	name := sha256.Sum256([]byte(t.Name()))
	lt := &liveTenant{t: t, suffix: liveMode.run + "-" + hex.EncodeToString(name[:3])}
	settings, diags := resolveSettings(msgraphProviderModel{}, os.Getenv)
	if diags.HasError() {
		t.Fatalf("%s=1: the provider's environment does not configure it: %v", liveVar, diags)
	}
	credential, diags := settings.credential()
	if diags.HasError() || credential == nil {
		t.Fatalf("%s=1: the provider's environment holds no usable credential: %v", liveVar, diags)
	}
	client, err := graph.New(graph.Options{
		Endpoint: settings.graphEndpoint, Credential: credential, MaxRetries: settings.maxRetries,
		Backoff: testBackoff, Transport: lt.transport(nil), UserAgent: "terraform-provider-msgraph-acc",
	})
	if err != nil {
		t.Fatal(err)
	}
	lt.client = client
	t.Cleanup(lt.deleteCreated)
	return lt
}

// transport records the meetings that the requests through it create.
func (lt *liveTenant) transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return recordingTransport{base: base, record: lt.record}
}

func (lt *liveTenant) record(m createdMeeting) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	for _, c := range lt.created {
		if c.id == m.id {
			return
		}
	}
	lt.created = append(lt.created, m)
	lt.t.Logf("live: meeting %s of %s (external id %q) created; the test's clean-up deletes it", m.id, m.organizer, m.externalID)
}

// deleteCreated deletes every meeting created during the test that still
// exists: those Terraform's destroy removed answer 404, which is fine.
func (lt *liveTenant) deleteCreated() {
	lt.mu.Lock()
	created := append([]createdMeeting(nil), lt.created...)
	lt.mu.Unlock()
	for _, m := range created {
		err := lt.client.DeleteOnlineMeeting(context.Background(), m.organizer, m.id)
		if err != nil && !graph.IsNotFound(err) {
			lt.t.Errorf("live clean-up: meeting %s of %s (external id %q) is left in the tenant: %v", m.id, m.organizer, m.externalID, err)
		}
	}
}

// byExternalID returns the id of the meeting created in this test under
// an external id (written as on the mock).
func (lt *liveTenant) byExternalID(organizer, name string) (string, bool) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	for i := len(lt.created) - 1; i >= 0; i-- {
		if c := lt.created[i]; strings.EqualFold(c.organizer, organizer) && c.externalID == name+"-"+lt.suffix {
			return c.id, true
		}
	}
	return "", false
}

// recordingTransport passes requests on and reports the meetings that a
// create or a createOrGet answered with.
type recordingTransport struct {
	base   http.RoundTripper
	record func(createdMeeting)
}

var createPath = regexp.MustCompile(`/users/([^/]+)/onlineMeetings(/createOrGet)?$`)

func (rt recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := rt.base.RoundTrip(req)
	match := createPath.FindStringSubmatch(req.URL.Path)
	if err != nil || req.Method != http.MethodPost || match == nil || resp.StatusCode/100 != 2 {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var m struct {
		ID         string `json:"id"`
		ExternalID string `json:"externalId"`
	}
	if json.Unmarshal(body, &m) == nil && m.ID != "" {
		rt.record(createdMeeting{organizer: match[1], id: m.ID, externalID: m.ExternalID})
	}
	return resp, nil
}

// TestAccLive_cleanupProbe fails on purpose, after a meeting was created
// that Terraform's destroy cannot remove (prevent_destroy): make
// test-live-mock runs it alone and then checks that the tenant (the mock
// process) holds no meeting, which only the test's clean-up can achieve.
func TestAccLive_cleanupProbe(t *testing.T) {
	if liveMode == nil || os.Getenv(liveCleanupProbeVar) != "1" {
		t.Skipf("fails on purpose; run by make test-live-mock with %s=1 and %s=1", liveVar, liveCleanupProbeVar)
	}
	env := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(`
resource "msgraph_online_meeting" "probe" {
  user_id     = "` + organizerID + `"
  external_id = "cleanup-probe"
  subject     = "Left behind unless the clean-up deletes it"
  lifecycle { prevent_destroy = true }
}`),
		}},
	})
}

// TestLiveMode_settings: the live mode is off unless MSGRAPH_ACC_LIVE=1,
// maps the mock's users onto the tenant's, and names what is missing.
func TestLiveMode_settings(t *testing.T) {
	if loadLiveMode(func(string) string { return "" }) != nil {
		t.Error("live mode without MSGRAPH_ACC_LIVE")
	}
	vars := map[string]string{liveVar: "1", liveOrganizerVar: mockLearner2ID}
	s := loadLiveMode(func(k string) string { return vars[k] })
	if err := s.check(); err == nil || !strings.Contains(err.Error(), liveAttendeesVar) || strings.Contains(err.Error(), liveOrganizerVar) {
		t.Errorf("check() = %v, want only %s named", err, liveAttendeesVar)
	}
	vars[liveAttendeesVar] = mockOrganizerID + ", " + mockTrainerID + "," + mockLearnerID
	s = loadLiveMode(func(k string) string { return vars[k] })
	if err := s.check(); err != nil {
		t.Fatal(err)
	}
	for mock, want := range map[string]string{mockOrganizerID: mockLearner2ID, mockTrainerID: mockOrganizerID, mockLearnerID: mockTrainerID, mockLearner2ID: mockLearnerID} {
		if got := s.user(mock); got != want {
			t.Errorf("user(%s) = %s, want %s", mock, got, want)
		}
	}
}

// TestLiveMode_configuration: literal external ids get the test's suffix;
// references and interpolations are left alone.
func TestLiveMode_configuration(t *testing.T) {
	e := &testEnv{live: &liveTenant{suffix: "tfacc0a0b0c-123456"}}
	got := e.liveConfiguration(`
  external_id = "kickoff"
  external_id     = var.key
  external_id = "${each.key}"
  subject     = "external_id = \"x\""`)
	want := `
  external_id = "kickoff-tfacc0a0b0c-123456"
  external_id     = var.key
  external_id = "${each.key}"
  subject     = "external_id = \"x\""`
	if got != want {
		t.Errorf("liveConfiguration =%s\nwant%s", got, want)
	}
	if (&testEnv{}).externalID("kickoff") != "kickoff" {
		t.Error("the mock's external ids changed")
	}
}
