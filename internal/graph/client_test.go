package graph_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

const (
	organizer = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"
	attendee  = "1f35f2e6-9cab-44ad-8d5a-b74c14720000"
)

// fastBackoff keeps retry tests short while exercising the same code.
var fastBackoff = graph.Backoff{Min: 10 * time.Millisecond, Max: 50 * time.Millisecond}

func newMock(t *testing.T, cfg graphmock.Config) *graphmock.Instance {
	t.Helper()
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = graphmock.DefaultClientSecret
	}
	return graphmock.NewTestServer(t, cfg)
}

func app(mock *graphmock.Instance) graph.App {
	return graph.App{TenantID: graphmock.DefaultTenantID, ClientID: graphmock.DefaultClientID, AuthorityHost: mock.URL}
}

func newClient(t *testing.T, mock *graphmock.Instance, mutate ...func(*graph.Options)) *graph.Client {
	t.Helper()
	opts := graph.Options{
		Endpoint:   mock.GraphURL(),
		Credential: graph.ClientSecretCredential(app(mock), graphmock.DefaultClientSecret),
		MaxRetries: 4,
		Backoff:    fastBackoff,
	}
	for _, m := range mutate {
		m(&opts)
	}
	c, err := graph.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func start(t *testing.T, s string) graph.DateTime {
	t.Helper()
	d, err := graph.ParseDateTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCreateOrGet(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	c := newClient(t, mock)
	ctx := context.Background()
	req := graph.CreateOrGetRequest{
		ExternalID:    "training-1",
		Subject:       graph.Ptr("Terraform basics"),
		StartDateTime: start(t, "2026-03-02T09:00:00+01:00"),
		Participants: &graph.MeetingParticipants{Attendees: []graph.MeetingParticipantInfo{
			graph.UserParticipant(attendee, "ada@contoso.example", graph.RolePresenter),
		}},
	}

	m, outcome, err := c.CreateOrGetOnlineMeeting(ctx, organizer, req)
	if err != nil {
		t.Fatal(err)
	}
	if outcome != graph.Created {
		t.Errorf("outcome = %v, want Created", outcome)
	}
	if got := m.StartDateTime.String(); got != "2026-03-02T08:00:00Z" {
		t.Errorf("startDateTime = %q, want Graph's UTC form", got)
	}
	if !m.EndDateTime.Equal(start(t, "2026-03-02T10:00:00+01:00")) {
		t.Errorf("endDateTime = %s, want start + 1 h", m.EndDateTime)
	}
	if m.JoinWebURL == nil || m.JoinMeetingIDSettings == nil || m.Participants.Organizer.UserID() != organizer {
		t.Errorf("read-only properties not filled: %+v", m)
	}

	again, outcome, err := c.CreateOrGetOnlineMeeting(ctx, organizer, graph.CreateOrGetRequest{ExternalID: "training-1", Subject: graph.Ptr("Other")})
	if err != nil {
		t.Fatal(err)
	}
	if outcome != graph.Existing || again.ID != m.ID || *again.Subject != "Terraform basics" {
		t.Errorf("second createOrGet = (%v, %q, %q), want Existing, same id, unchanged subject", outcome, again.ID, *again.Subject)
	}
	if n := mock.MeetingCount(); n != 1 {
		t.Errorf("meetings = %d, want 1", n)
	}
}

func TestOperations(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	c := newClient(t, mock)
	ctx := context.Background()
	// An id with every character that needs care in a path segment.
	const oddID = "MSo0Yjc1/MTg5Yi+0yZj:Jl@thread=="
	seeded := mock.AddMeeting(organizer, "seeded", oddID, graph.CreateOrGetRequest{Subject: graph.Ptr("Seeded")})

	// The cases run in order: later ones see the earlier updates.
	tests := []struct {
		name    string
		call    func() (*graph.OnlineMeeting, error)
		wantErr func(error) bool
		check   func(*testing.T, *graph.OnlineMeeting)
	}{
		{
			name: "get by an id that needs percent-encoding",
			call: func() (*graph.OnlineMeeting, error) { return c.GetOnlineMeeting(ctx, organizer, oddID) },
			check: func(t *testing.T, m *graph.OnlineMeeting) {
				wantSubject(t, m, "Seeded")
				// "/" must not split the path, and "+" must not read as a space.
				gets := mock.RequestsTo(graphmock.RouteGet)
				if p := gets[len(gets)-1].Path; !strings.HasSuffix(p, "/MSo0Yjc1%2FMTg5Yi%2B0yZj:Jl@thread==") {
					t.Errorf("path = %s, want the id with / and + percent-encoded", p)
				}
			},
		},
		{
			name:    "get of another user's meeting is not found",
			call:    func() (*graph.OnlineMeeting, error) { return c.GetOnlineMeeting(ctx, attendee, oddID) },
			wantErr: graph.IsNotFound,
		},
		{
			name:    "get of an unknown id is not found",
			call:    func() (*graph.OnlineMeeting, error) { return c.GetOnlineMeeting(ctx, organizer, "nope") },
			wantErr: graph.IsNotFound,
		},
		{
			name: "find by join link",
			call: func() (*graph.OnlineMeeting, error) {
				return c.FindOnlineMeetingByJoinWebURL(ctx, organizer, *seeded.JoinWebURL)
			},
			check: func(t *testing.T, m *graph.OnlineMeeting) { wantID(t, m, oddID) },
		},
		{
			name: "find by join meeting id",
			call: func() (*graph.OnlineMeeting, error) {
				return c.FindOnlineMeetingByJoinMeetingID(ctx, organizer, *seeded.JoinMeetingIDSettings.JoinMeetingID)
			},
			check: func(t *testing.T, m *graph.OnlineMeeting) { wantID(t, m, oddID) },
		},
		{
			name: "find without match",
			call: func() (*graph.OnlineMeeting, error) {
				return c.FindOnlineMeetingByJoinMeetingID(ctx, organizer, "0000")
			},
			wantErr: func(err error) bool {
				return errors.Is(err, graph.ErrNotFound) && strings.Contains(err.Error(), `"0000"`)
			},
		},
		{
			name: "find with a quote in the value",
			call: func() (*graph.OnlineMeeting, error) {
				return c.FindOnlineMeetingByJoinWebURL(ctx, organizer, "https://x/it's")
			},
			wantErr: func(err error) bool { return errors.Is(err, graph.ErrNotFound) },
		},
		{
			name: "update merges nested objects and returns the stored meeting",
			call: func() (*graph.OnlineMeeting, error) {
				return c.UpdateOnlineMeeting(ctx, organizer, oddID, graph.OnlineMeetingUpdate{
					Subject:         graph.Ptr("Renamed"),
					MeetingSettings: graph.MeetingSettings{LobbyBypassSettings: &graph.LobbyBypassSettings{IsDialInBypassEnabled: graph.Ptr(true)}},
				})
			},
			check: func(t *testing.T, m *graph.OnlineMeeting) {
				wantSubject(t, m, "Renamed")
				if *m.LobbyBypassSettings.Scope != graph.LobbyBypassOrganization || !*m.LobbyBypassSettings.IsDialInBypassEnabled {
					t.Errorf("lobbyBypassSettings = %+v, want scope kept and dial-in bypass on", m.LobbyBypassSettings)
				}
			},
		},
		{
			name: "update with end before start is Graph's 400",
			call: func() (*graph.OnlineMeeting, error) {
				return c.UpdateOnlineMeeting(ctx, organizer, oddID, graph.OnlineMeetingUpdate{
					StartDateTime: start(t, "2026-03-02T10:00:00Z"), EndDateTime: start(t, "2026-03-02T09:00:00Z"),
				})
			},
			wantErr: func(err error) bool {
				e, ok := graph.AsError(err)
				return ok && e.StatusCode == 400 && e.Code == "BadRequest"
			},
		},
		{
			name: "roleIsPresenter without attendees is refused as Graph does",
			call: func() (*graph.OnlineMeeting, error) {
				return c.UpdateOnlineMeeting(ctx, organizer, oddID, graph.OnlineMeetingUpdate{
					MeetingSettings: graph.MeetingSettings{AllowedPresenters: graph.Ptr(graph.PresentersRoleIsPresenter)},
				})
			},
			wantErr: func(err error) bool { e, ok := graph.AsError(err); return ok && e.StatusCode == 400 },
		},
		{
			name:    "a UPN in the path is not found",
			call:    func() (*graph.OnlineMeeting, error) { return c.GetOnlineMeeting(ctx, "ada@contoso.example", oddID) },
			wantErr: graph.IsNotFound,
		},
		{
			name:    "/me with an application token is Graph's 400",
			call:    func() (*graph.OnlineMeeting, error) { return c.GetOnlineMeeting(ctx, "", oddID) },
			wantErr: func(err error) bool { e, ok := graph.AsError(err); return ok && e.StatusCode == 400 },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.call()
			switch {
			case tt.wantErr != nil && (err == nil || !tt.wantErr(err)):
				t.Fatalf("err = %v, want a matching error", err)
			case tt.wantErr == nil && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.check != nil:
				tt.check(t, m)
			}
		})
	}
}

// TestUpdateReadsTheMeetingAfterAnExcerpt: Graph documents a PATCH answer
// as the whole meeting, but its own examples answer an excerpt; the client
// then reads the meeting rather than return half of it.
func TestUpdateReadsTheMeetingAfterAnExcerpt(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{Faults: graphmock.Faults{PartialPatchAnswers: true}})
	c := newClient(t, mock)
	m := mock.AddMeeting(organizer, "excerpt", "", graph.CreateOrGetRequest{Subject: graph.Ptr("Before")})
	got, err := c.UpdateOnlineMeeting(context.Background(), organizer, m.ID, graph.OnlineMeetingUpdate{Subject: graph.Ptr("After")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject == nil || *got.Subject != "After" || got.JoinWebURL == nil || got.JoinMeetingIDSettings == nil || got.Participants == nil {
		t.Errorf("UpdateOnlineMeeting returned an excerpt: %+v", got)
	}
	if n := mock.CountRequests(graphmock.RouteGet); n != 1 {
		t.Errorf("GET requests = %d, want 1 after an excerpt", n)
	}

	mock.SetFaults(graphmock.Faults{})
	if _, err := c.UpdateOnlineMeeting(context.Background(), organizer, m.ID, graph.OnlineMeetingUpdate{Subject: graph.Ptr("Again")}); err != nil {
		t.Fatal(err)
	}
	if n := mock.CountRequests(graphmock.RouteGet); n != 1 {
		t.Errorf("GET requests = %d, want none more after a whole meeting", n)
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	c := newClient(t, mock)
	ctx := context.Background()
	m := mock.AddMeeting(organizer, "to-delete", "", graph.CreateOrGetRequest{})
	if err := c.DeleteOnlineMeeting(ctx, organizer, m.ID); err != nil {
		t.Fatal(err)
	}
	if mock.MeetingCount() != 0 {
		t.Error("meeting still stored after DELETE")
	}
	if err := c.DeleteOnlineMeeting(ctx, organizer, m.ID); !graph.IsNotFound(err) {
		t.Errorf("second delete: err = %v, want 404", err)
	}
}

func TestDelegatedTokenUsesMe(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{DelegatedTokens: map[string]string{"delegated-token": organizer}})
	c := newClient(t, mock, func(o *graph.Options) { o.Credential = graph.AccessTokenCredential("delegated-token") })
	m, outcome, err := c.CreateOrGetOnlineMeeting(context.Background(), "", graph.CreateOrGetRequest{ExternalID: "mine"})
	if err != nil || outcome != graph.Created {
		t.Fatalf("createOrGet on /me = %v, %v", outcome, err)
	}
	if m.Participants.Organizer.UserID() != organizer {
		t.Errorf("organizer = %s, want the token's user", m.Participants.Organizer.UserID())
	}
	if r := mock.RequestsTo(graphmock.RouteCreateOrGet)[0]; r.Path != "/v1.0/me/onlineMeetings/createOrGet" {
		t.Errorf("path = %s", r.Path)
	}
	if n := mock.CountRequests(graphmock.RouteToken); n != 0 {
		t.Errorf("token requests = %d, want 0 with a ready token", n)
	}
}

func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	c := newClient(t, mock, func(o *graph.Options) { o.AcceptLanguage = "ja" })
	m, _, err := c.CreateOrGetOnlineMeeting(context.Background(), organizer, graph.CreateOrGetRequest{
		ExternalID: "enum",
		Participants: &graph.MeetingParticipants{Attendees: []graph.MeetingParticipantInfo{
			graph.UserParticipant(attendee, "", graph.RoleCoorganizer),
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// coorganizer comes after unknownFutureValue: Graph names it only for
	// clients that send Prefer: include-unknown-enum-members.
	if got := *m.Participants.Attendees[0].Role; got != graph.RoleCoorganizer {
		t.Errorf("role = %q, want coorganizer", got)
	}
	h := mock.RequestsTo(graphmock.RouteCreateOrGet)[0].Headers
	if h.Get("Accept-Language") != "ja" || h.Get("Prefer") != "include-unknown-enum-members" || len(h.Get("client-request-id")) != 36 {
		t.Errorf("headers = %v", h)
	}
}

func TestGraphErrors(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{Faults: graphmock.Faults{DeniedUsers: []string{organizer}}})
	c := newClient(t, mock)
	_, _, err := c.CreateOrGetOnlineMeeting(context.Background(), organizer, graph.CreateOrGetRequest{ExternalID: "x"})
	e, ok := graph.AsError(err)
	if !ok || !graph.IsForbidden(err) {
		t.Fatalf("err = %v, want a 403 *graph.Error", err)
	}
	recorded := mock.RequestsTo(graphmock.RouteCreateOrGet)
	if len(recorded) != 1 {
		t.Errorf("a 403 was sent %d times, want once (not retried)", len(recorded))
	}
	if e.Code != "Forbidden" || e.Message != "No application access policy found for this app" || e.RequestID != recorded[0].RequestID {
		t.Errorf("error = %+v", e)
	}
	for _, want := range []string{"HTTP 403", `"Forbidden"`, "No application access policy", recorded[0].RequestID, "/createOrGet"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not contain %q", err, want)
		}
	}
}

func TestDecodeError(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		body   string
		header http.Header
		want   graph.Error
	}{
		"envelope": {
			body: `{"error":{"code":"TooManyRequests","message":"Please retry again later.","innerError":{"request-id":"94fb3b52","client-request-id":"c1","date":"2020-08-18T12:51:51"}}}`,
			want: graph.Error{StatusCode: 429, Code: "TooManyRequests", Message: "Please retry again later.", RequestID: "94fb3b52", ClientRequestID: "c1", Date: "2020-08-18T12:51:51"},
		},
		"not JSON, request id from the header": {
			body:   `<html>Bad gateway</html>`,
			header: http.Header{"Request-Id": {"hdr-id"}},
			want:   graph.Error{StatusCode: 429, RequestID: "hdr-id"},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if tt.header == nil {
				tt.header = http.Header{}
			}
			if got := graph.DecodeError(429, tt.header, []byte(tt.body)); *got != tt.want {
				t.Errorf("DecodeError = %+v, want %+v", *got, tt.want)
			}
		})
	}
}

func TestNewRefusesInsecureEndpoint(t *testing.T) {
	t.Parallel()
	_, err := graph.New(graph.Options{Endpoint: "http://graph.example.com/v1.0", Credential: graph.AccessTokenCredential("x")})
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
		t.Errorf("err = %v, want the plain-HTTP refusal", err)
	}
}

func wantSubject(t *testing.T, m *graph.OnlineMeeting, want string) {
	t.Helper()
	if m.Subject == nil || *m.Subject != want {
		t.Errorf("subject = %v, want %q", m.Subject, want)
	}
}

func wantID(t *testing.T, m *graph.OnlineMeeting, want string) {
	t.Helper()
	if m.ID != want {
		t.Errorf("id = %q, want %q", m.ID, want)
	}
}
