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
	"net/mail"
	"os"
	"regexp"
	"slices"
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
// that read the mock's records (request counts, bodies, the outbox, its
// store) are skipped; every other check runs against the tenant.
const (
	liveVar          = "MSGRAPH_ACC_LIVE"
	liveOrganizerVar = "MSGRAPH_ACC_ORGANIZER_ID"
	liveAttendeesVar = "MSGRAPH_ACC_ATTENDEE_IDS"
	// liveEmailsVar names the mailboxes that calendar events invite in
	// place of the mock's trainer@, learner@ and learner2@contoso.example.
	liveEmailsVar = "MSGRAPH_ACC_ATTENDEE_EMAILS"
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
	// emails are the SMTP addresses of three mailboxes of the tenant,
	// which events invite in place of the mock's addresses of the users
	// mockAttendees lists (the same users as attendees, preferably).
	emails [3]string
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
	s.attendees = splitThree(getenv(liveAttendeesVar))
	s.emails = splitThree(getenv(liveEmailsVar))
	return s
}

func splitThree(list string) [3]string {
	var out [3]string
	for i, v := range strings.SplitN(list, ",", len(out)+1) {
		if i < len(out) {
			out[i] = strings.TrimSpace(v)
		}
	}
	return out
}

// mockAttendees are the mock's users that a live run replaces with
// MSGRAPH_ACC_ATTENDEE_IDS and MSGRAPH_ACC_ATTENDEE_EMAILS, in order.
var mockAttendees = [3]string{mockTrainerID, mockLearnerID, mockLearner2ID}

// user returns the tenant's user in live mode, else the mock's.
func (s *liveSettings) user(mockUser string) string {
	if s == nil {
		return mockUser
	}
	if i := slices.Index(mockAttendees[:], mockUser); i >= 0 {
		return s.attendees[i]
	}
	return s.organizer
}

// email returns the address a test wrote for one of the mock's attendees
// (trainees, as the mock's directory spells them) as the tenant's
// mailbox, in the letter case the test wrote it: lower case stays lower
// case, and an address written in mixed case (a test of case-insensitive
// comparison) gets the same case pattern part by part. Any other address
// is returned as written.
func (s *liveSettings) email(written string) string {
	if s == nil {
		return written
	}
	for _, u := range trainees {
		if i := slices.Index(mockAttendees[:], u.ID); i >= 0 && strings.EqualFold(u.UPN, written) {
			return recase(s.emails[i], written)
		}
	}
	return written
}

// recase spells address in the case pattern of like: local part and
// domain each lower case, upper case or capitalised as like's are; a
// domain label by label, the last label as like's last, the others as
// like's first.
func recase(address, like string) string {
	local, domain, _ := strings.Cut(address, "@")
	likeLocal, likeDomain, _ := strings.Cut(like, "@")
	labels, likeLabels := strings.Split(domain, "."), strings.Split(likeDomain, ".")
	for i := range labels {
		pattern := likeLabels[0]
		if i == len(labels)-1 {
			pattern = likeLabels[len(likeLabels)-1]
		}
		labels[i] = casedLike(labels[i], pattern)
	}
	return casedLike(local, likeLocal) + "@" + strings.Join(labels, ".")
}

func casedLike(s, like string) string {
	switch {
	case like == strings.ToLower(like):
		return strings.ToLower(s)
	case like == strings.ToUpper(like):
		return strings.ToUpper(s)
	case s == "":
		return s
	default:
		return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
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
	for i, a := range s.emails {
		if parsed, err := mail.ParseAddress(a); err != nil || parsed.Address != a || slices.ContainsFunc(s.emails[:i], func(b string) bool { return strings.EqualFold(a, b) }) {
			missing = append(missing, liveEmailsVar+" (three comma-separated, distinct mailbox addresses)")
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

// email is the address a test wrote for one of the mock's attendees:
// itself on the mock, the tenant's mailbox in the same letter case live.
func (e *testEnv) email(written string) string {
	if e.live == nil {
		return written
	}
	return e.live.settings.email(written)
}

var (
	externalIDAttribute = regexp.MustCompile(`(external_id\s*=\s*)"([^"$]*)"`)
	emailAttribute      = regexp.MustCompile(`(email\s*=\s*)"([^"$]*)"`)
)

// liveConfiguration gives every literal external_id of a test's
// configuration the test's suffix, and makes every literal attendee email
// of the mock's users the tenant's mailbox.
func (e *testEnv) liveConfiguration(config string) string {
	config = externalIDAttribute.ReplaceAllStringFunc(config, func(m string) string {
		parts := externalIDAttribute.FindStringSubmatch(m)
		return parts[1] + strconv.Quote(e.externalID(parts[2]))
	})
	return emailAttribute.ReplaceAllStringFunc(config, func(m string) string {
		parts := emailAttribute.FindStringSubmatch(m)
		return parts[1] + strconv.Quote(e.email(parts[2]))
	})
}

// liveTenant is a test's view of the real tenant: a Graph client of its
// own, as Teams, Outlook or another tool would be, and the record of every
// meeting and event created while the test ran, by the provider or by the
// test, which the test's clean-up deletes whether it passed, failed or
// panicked.
type liveTenant struct {
	t        testing.TB
	client   *graph.Client
	settings *liveSettings
	// suffix ends the test's external ids.
	suffix string

	mu      sync.Mutex
	created []createdObject
}

// createdObject is a meeting or an event that a test created.
type createdObject struct {
	kind                      createdKind
	organizer, id, externalID string
}

type createdKind string

const (
	createdMeeting createdKind = "meeting"
	createdEvent   createdKind = "event"
)

func newLiveTenant(t testing.TB) *liveTenant {
	t.Helper()
	if err := liveMode.check(); err != nil {
		t.Fatal(err)
	}
	name := sha256.Sum256([]byte(t.Name()))
	lt := &liveTenant{t: t, settings: liveMode, suffix: liveMode.run + "-" + hex.EncodeToString(name[:3])}
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

// transport records the meetings and events that the requests through it
// create.
func (lt *liveTenant) transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return recordingTransport{base: base, record: lt.record}
}

func (lt *liveTenant) record(c createdObject) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	for _, known := range lt.created {
		if known.kind == c.kind && known.id == c.id {
			return
		}
	}
	lt.created = append(lt.created, c)
	lt.t.Logf("live: %s %s of %s (external id %q) created; the test's clean-up deletes it", c.kind, c.id, c.organizer, c.externalID)
}

// deleteCreated deletes every meeting and event created during the test
// that still exists: those Terraform's destroy removed answer 404, which
// is fine. Events go first: a calendar-backed meeting goes with its event.
// Deleting an event mails its attendees a cancellation.
func (lt *liveTenant) deleteCreated() {
	lt.mu.Lock()
	created := append([]createdObject(nil), lt.created...)
	lt.mu.Unlock()
	slices.SortStableFunc(created, func(a, b createdObject) int {
		return strings.Compare(string(b.kind), string(a.kind)) // events, then meetings
	})
	for _, c := range created {
		var err error
		if c.kind == createdEvent {
			err = lt.client.DeleteEvent(context.Background(), c.organizer, c.id)
		} else {
			err = lt.client.DeleteOnlineMeeting(context.Background(), c.organizer, c.id)
		}
		switch {
		case err == nil:
			lt.t.Logf("live clean-up: %s %s of %s (external id %q) deleted", c.kind, c.id, c.organizer, c.externalID)
		case !graph.IsNotFound(err):
			lt.t.Errorf("live clean-up: %s %s of %s (external id %q) is left in the tenant: %v", c.kind, c.id, c.organizer, c.externalID, err)
		}
	}
}

// byExternalID returns the id of the meeting or event created in this
// test under an external id (written as on the mock).
func (lt *liveTenant) byExternalID(kind createdKind, organizer, name string) (string, bool) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	for i := len(lt.created) - 1; i >= 0; i-- {
		c := lt.created[i]
		// Graph matches an event's key without regard to case.
		sameKey := c.externalID == name+"-"+lt.suffix || kind == createdEvent && strings.EqualFold(c.externalID, name+"-"+lt.suffix)
		if c.kind == kind && strings.EqualFold(c.organizer, organizer) && sameKey {
			return c.id, true
		}
	}
	return "", false
}

// recordingTransport passes requests on and reports the meetings that a
// create or a createOrGet answered with, and the events that an events
// POST answered with.
type recordingTransport struct {
	base   http.RoundTripper
	record func(createdObject)
}

var (
	createPath      = regexp.MustCompile(`/users/([^/]+)/onlineMeetings(/createOrGet)?$`)
	createEventPath = regexp.MustCompile(`/users/([^/]+)/events$`)
)

func (rt recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	meeting := createPath.FindStringSubmatch(req.URL.Path)
	event := createEventPath.FindStringSubmatch(req.URL.Path)
	if req.Method != http.MethodPost || meeting == nil && event == nil {
		return rt.base.RoundTrip(req)
	}
	// An event's key is in the request: Graph answers extended properties
	// only when asked to expand them.
	var sent []byte
	if event != nil && req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			sent, _ = io.ReadAll(body)
			_ = body.Close()
		}
	}
	resp, err := rt.base.RoundTrip(req)
	if err != nil || resp.StatusCode/100 != 2 {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var answer struct {
		ID         string `json:"id"`
		ExternalID string `json:"externalId"`
	}
	if json.Unmarshal(body, &answer) == nil && answer.ID != "" {
		c := createdObject{kind: createdMeeting, id: answer.ID, externalID: answer.ExternalID}
		if meeting != nil {
			c.organizer = meeting[1]
		} else {
			c.kind, c.organizer, c.externalID = createdEvent, event[1], eventKey(sent)
		}
		rt.record(c)
	}
	return resp, nil
}

// eventKey is the external id that an events POST body carries.
func eventKey(body []byte) string {
	var e graph.Event
	_ = json.Unmarshal(body, &e)
	key, _ := e.ExtendedProperty(externalIDProperty)
	return key
}

// TestAccLive_cleanupProbe fails on purpose, after a meeting and a
// calendar event were created that Terraform's destroy cannot remove
// (prevent_destroy): make test-live-mock runs it alone and then checks that
// the tenant (the mock process) holds no meeting and no event, which only
// the test's clean-up can achieve.
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
}
resource "msgraph_calendar_event" "probe" {
  user_id         = "` + organizerID + `"
  external_id     = "cleanup-probe"
  subject         = "Left behind unless the clean-up deletes it"
  start_date_time = "2026-06-01T09:00:00"
  end_date_time   = "2026-06-01T10:00:00"
  attendees       = [{ email = "trainer@contoso.example" }]
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
	if err := s.check(); err == nil || !strings.Contains(err.Error(), liveAttendeesVar) || !strings.Contains(err.Error(), liveEmailsVar) || strings.Contains(err.Error(), liveOrganizerVar) {
		t.Errorf("check() = %v, want only %s and %s named", err, liveAttendeesVar, liveEmailsVar)
	}
	vars[liveAttendeesVar] = mockOrganizerID + ", " + mockTrainerID + "," + mockLearnerID
	for _, bad := range []string{"a@x.example,b@x.example", "a@x.example,b@x.example,A@X.example", "a@x.example,b@x.example,c at x.example"} {
		vars[liveEmailsVar] = bad
		if err := loadLiveMode(func(k string) string { return vars[k] }).check(); err == nil || !strings.Contains(err.Error(), liveEmailsVar) || strings.Contains(err.Error(), liveAttendeesVar) {
			t.Errorf("%s=%s: check() = %v, want only %s named", liveEmailsVar, bad, err, liveEmailsVar)
		}
	}
	vars[liveEmailsVar] = "AdeleV@M365x.OnMicrosoft.com, alexw@m365x.onmicrosoft.com,diego.s@m365x.onmicrosoft.com"
	s = loadLiveMode(func(k string) string { return vars[k] })
	if err := s.check(); err != nil {
		t.Fatal(err)
	}
	for mock, want := range map[string]string{mockOrganizerID: mockLearner2ID, mockTrainerID: mockOrganizerID, mockLearnerID: mockTrainerID, mockLearner2ID: mockLearnerID} {
		if got := s.user(mock); got != want {
			t.Errorf("user(%s) = %s, want %s", mock, got, want)
		}
	}
	for written, want := range map[string]string{
		"trainer@contoso.example":  "adelev@m365x.onmicrosoft.com",
		"Trainer@Contoso.example":  "Adelev@M365x.Onmicrosoft.com",
		"learner@contoso.example":  "alexw@m365x.onmicrosoft.com",
		"LEARNER2@CONTOSO.EXAMPLE": "DIEGO.S@M365X.ONMICROSOFT.COM",
		"Learner2@contoso.EXAMPLE": "Diego.s@m365x.onmicrosoft.COM",
		"t1@contoso.example":       "t1@contoso.example",
	} {
		if got := s.email(written); got != want {
			t.Errorf("email(%s) = %s, want %s", written, got, want)
		}
	}
}

// TestLiveMode_configuration: literal external ids get the test's suffix
// and literal attendee emails of the mock's users become the tenant's;
// references and interpolations are left alone.
func TestLiveMode_configuration(t *testing.T) {
	settings := &liveSettings{emails: [3]string{"adelev@m365x.onmicrosoft.com", "alexw@m365x.onmicrosoft.com", "diegos@m365x.onmicrosoft.com"}}
	e := &testEnv{live: &liveTenant{suffix: "tfacc0a0b0c-123456", settings: settings}}
	got := e.liveConfiguration(`
  external_id = "kickoff"
  external_id     = var.key
  external_id = "${each.key}"
  subject     = "external_id = \"x\""
  attendees = [
    { email = "trainer@contoso.example" },
    { email = "Learner2@contoso.EXAMPLE", type = "optional" },
    { email = "guest@fabrikam.example" },
    { email = var.email },
  ]`)
	want := `
  external_id = "kickoff-tfacc0a0b0c-123456"
  external_id     = var.key
  external_id = "${each.key}"
  subject     = "external_id = \"x\""
  attendees = [
    { email = "adelev@m365x.onmicrosoft.com" },
    { email = "Diegos@m365x.onmicrosoft.COM", type = "optional" },
    { email = "guest@fabrikam.example" },
    { email = var.email },
  ]`
	if got != want {
		t.Errorf("liveConfiguration =%s\nwant%s", got, want)
	}
	if (&testEnv{}).externalID("kickoff") != "kickoff" || (&testEnv{}).email("trainer@contoso.example") != "trainer@contoso.example" {
		t.Error("the mock's external ids or addresses changed")
	}
}
