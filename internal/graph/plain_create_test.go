package graph_test

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

func passcodeMeeting(t *testing.T) graph.OnlineMeetingCreate {
	return graph.OnlineMeetingCreate{
		ExternalID:            "exam-1",
		JoinMeetingIDSettings: &graph.JoinMeetingIDSettings{IsPasscodeRequired: graph.Ptr(true)},
		OnlineMeetingUpdate: graph.OnlineMeetingUpdate{
			Subject:         graph.Ptr("Exam"),
			StartDateTime:   start(t, "2026-06-01T09:00:00+02:00"),
			EndDateTime:     start(t, "2026-06-01T11:00:00+02:00"),
			MeetingSettings: graph.MeetingSettings{AllowRecording: graph.Ptr(false)},
		},
	}
}

// TestCreateOnlineMeeting: plain create takes every setting in one request
// and makes a new meeting each time, as Graph's does.
func TestCreateOnlineMeeting(t *testing.T) {
	mock := newMock(t, graphmock.Config{NoPasscodeByDefault: true})
	c := newClient(t, mock)
	m, err := c.CreateOnlineMeeting(context.Background(), organizer, passcodeMeeting(t))
	if err != nil {
		t.Fatal(err)
	}
	if m.JoinMeetingIDSettings == nil || m.JoinMeetingIDSettings.Passcode == nil || !*m.JoinMeetingIDSettings.IsPasscodeRequired || *m.AllowRecording {
		t.Errorf("created %+v, want a passcode and allowRecording false", m)
	}
	again, err := c.CreateOnlineMeeting(context.Background(), organizer, passcodeMeeting(t))
	if err != nil {
		t.Fatal(err)
	}
	if again.ID == m.ID || mock.MeetingCount() != 2 {
		t.Errorf("a second plain create returned %s (first %s), %d meetings; want a new meeting", again.ID, m.ID, mock.MeetingCount())
	}
	if n := mock.CountRequests(graphmock.RouteCreate); n != 2 {
		t.Errorf("plain create requests = %d, want 2", n)
	}
}

// TestCreateOnlineMeetingRetries: a request Graph may have carried out is
// never repeated; one it refused (429) or never received is.
func TestCreateOnlineMeetingRetries(t *testing.T) {
	tests := map[string]struct {
		faults   graphmock.Faults
		failure  *graphmock.Failure
		requests int
		unknown  bool
		ok       bool
	}{
		"429 is retried":              {failure: &graphmock.Failure{Route: graphmock.RouteCreate, Count: 2, Status: 429, Code: "TooManyRequests"}, requests: 3, ok: true},
		"503 is not":                  {failure: &graphmock.Failure{Route: graphmock.RouteCreate, Status: 503, Code: "ServiceUnavailable"}, requests: 1, unknown: true},
		"504 is not":                  {failure: &graphmock.Failure{Route: graphmock.RouteCreate, Status: 504, Code: "GatewayTimeout"}, requests: 1, unknown: true},
		"a dropped answer is not":     {faults: graphmock.Faults{DropCreateEvery: 1}, requests: 1, unknown: true},
		"a 400 is known not to exist": {failure: &graphmock.Failure{Route: graphmock.RouteCreate, Status: 400, Code: "BadRequest"}, requests: 1},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			mock := newMock(t, graphmock.Config{Faults: tt.faults})
			if tt.failure != nil {
				mock.FailNext(*tt.failure)
			}
			c := newClient(t, mock)
			_, err := c.CreateOnlineMeeting(context.Background(), organizer, passcodeMeeting(t))
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
			if got := graph.OutcomeUnknown(err); got != tt.unknown {
				t.Errorf("OutcomeUnknown(%v) = %v, want %v", err, got, tt.unknown)
			}
			// The mock records a dropped request once its handler returns,
			// which can be just after the client saw the connection close.
			n := 0
			for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if n = mock.CountRequests(graphmock.RouteCreate); n >= tt.requests {
					break
				}
			}
			time.Sleep(50 * time.Millisecond)
			if n = mock.CountRequests(graphmock.RouteCreate); n != tt.requests {
				t.Errorf("plain create requests = %d, want %d", n, tt.requests)
			}
		})
	}
}

// TestCreateOnlineMeetingNeverSent: a connection that cannot be made is
// no unknown outcome: nothing reached Graph.
func TestCreateOnlineMeetingNeverSent(t *testing.T) {
	mock := newMock(t, graphmock.Config{})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/v1.0"
	_ = l.Close()
	c := newClient(t, mock, func(o *graph.Options) { o.Endpoint = closed })
	_, err = c.CreateOnlineMeeting(context.Background(), organizer, passcodeMeeting(t))
	if err == nil || graph.OutcomeUnknown(err) {
		t.Errorf("err = %v, OutcomeUnknown = %v; want a refused connection that Graph never saw", err, graph.OutcomeUnknown(err))
	}
	if graph.OutcomeUnknown(&graph.AuthError{StatusCode: http.StatusUnauthorized}) {
		t.Error("a token failure counts as an unknown outcome")
	}
}

func TestItemBodyHTML(t *testing.T) {
	const html = `<div style="width:100%;">Join <a href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0">now</a> ü</div>`
	for name, tt := range map[string]struct{ content, want string }{
		// The create doc's form: the whole data URL in form encoding.
		"form-encoded data URL": {"data%3Atext%2Fhtml%2C%3Cdiv+style%3D%22width%3A100%25%3B%22%3EJoin+%3Ca+href%3D%22https%3A%2F%2Fteams.microsoft.com%2Fl%2Fmeetup-join%2F19%253ameeting_x%2540thread.v2%2F0%22%3Enow%3C%2Fa%3E+%C3%BC%3C%2Fdiv%3E", html},
		// RFC 2397's form: a literal prefix, the data percent-encoded.
		"data URL":            {"data:text/html,%3Cdiv%20style%3D%22width%3A100%25%3B%22%3EJoin%20%3Ca%20href%3D%22https%3A%2F%2Fteams.microsoft.com%2Fl%2Fmeetup-join%2F19%253ameeting_x%2540thread.v2%2F0%22%3Enow%3C%2Fa%3E%20%C3%BC%3C%2Fdiv%3E", html},
		"plain HTML":          {html, html},
		"broken escape stays": {"data:text/html,100%", "data:text/html,100%"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := (graph.ItemBody{Content: &tt.content}).HTML(); got != tt.want {
				t.Errorf("HTML() = %q, want %q", got, tt.want)
			}
		})
	}
}
