package graphmock_test

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

const day = 24 * time.Hour

func meetingsPath() string { return "/v1.0/users/" + user + "/onlineMeetings" }

func meetingPath(id string) string { return meetingsPath() + "/" + url.PathEscape(id) }

// createOrGet asks for the meeting with that external id, from start to
// end, and returns the status and the answer.
func createOrGet(t *testing.T, ts *graphmock.Instance, externalID string, start, end time.Time) (int, map[string]any) {
	t.Helper()
	return call(t, ts, "POST", meetingsPath()+"/createOrGet",
		`{"externalId":"`+externalID+`","startDateTime":"`+start.UTC().Format(time.RFC3339)+`","endDateTime":"`+end.UTC().Format(time.RFC3339)+`"}`)
}

func expiryOf(t *testing.T, body map[string]any) time.Time {
	t.Helper()
	text := str(body, "expiryDateTime")
	e, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		t.Fatalf("expiryDateTime %q: %v", text, err)
	}
	return e
}

// gone checks that a meeting is gone as an unknown one is: 404 NotFound on
// every path, not found by its join URL, not shown by the accessors.
func gone(t *testing.T, ts *graphmock.Instance, id, joinURL string) {
	t.Helper()
	for _, r := range []struct{ method, body string }{{"GET", ""}, {"PATCH", `{"subject":"x"}`}, {"DELETE", ""}} {
		if status, body := call(t, ts, r.method, meetingPath(id), r.body); status != 404 || errorCode(body) != "NotFound" {
			t.Errorf("%s of an expired meeting: %d %v, want 404 NotFound", r.method, status, body)
		}
	}
	status, body := call(t, ts, "GET", meetingsPath()+"?$filter="+url.QueryEscape("JoinWebUrl eq '"+joinURL+"'"), "")
	if status != 200 || len(list(body, "value")) != 0 {
		t.Errorf("$filter by the join URL of an expired meeting: %d %v", status, body)
	}
	if _, ok := ts.Meeting(id); ok {
		t.Error("Meeting shows an expired meeting")
	}
	if slices.ContainsFunc(ts.Meetings(), func(m graph.OnlineMeeting) bool { return m.ID == id }) {
		t.Error("Meetings shows an expired meeting")
	}
	if ts.EditMeeting(id, func(*graph.OnlineMeeting) {}) || ts.DeleteMeeting(id) {
		t.Error("EditMeeting or DeleteMeeting found an expired meeting")
	}
}

func TestMeetingExpiry(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC().Truncate(time.Hour)
	for _, tt := range []struct {
		name       string
		start, end time.Time
		// lives is how long from its creation the meeting lives.
		lives time.Duration
	}{
		{"a past session lives 60 days from its creation", now.Add(-7 * day), now.Add(-7*day + time.Hour), 60 * day},
		{"a session ahead lives 60 days after its end", now.Add(10 * day), now.Add(10*day + 2*time.Hour), 70*day + 2*time.Hour},
		{"a session running now", now.Add(-time.Hour), now.Add(3 * time.Hour), 60*day + 3*time.Hour},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := graphmock.NewTestServer(t, graphmock.Config{})
			created := ts.Now()
			status, body := createOrGet(t, ts, "k", tt.start, tt.end)
			if status != 201 {
				t.Fatalf("createOrGet: %d %v", status, body)
			}
			id, joinURL := str(body, "id"), str(body, "joinWebUrl")
			if want := later(tt.end, created).Add(60 * day); !near(expiryOf(t, body), want) {
				t.Errorf("expiryDateTime %v, want %v", expiryOf(t, body), want)
			}

			// A day before it expires, it is there on every path.
			ts.Advance(tt.lives - day)
			if status, body := call(t, ts, "GET", meetingPath(id), ""); status != 200 {
				t.Fatalf("GET a day before expiry: %d %v", status, body)
			}
			if status, body := createOrGet(t, ts, "k", tt.start, tt.end); status != 200 || body["id"] != id {
				t.Errorf("createOrGet a day before expiry: %d, id %v", status, body["id"])
			}
			if st := ts.Stats(); st.Meetings != 1 || ts.MeetingCount() != 1 {
				t.Errorf("a day before expiry: Stats %d, MeetingCount %d", st.Meetings, ts.MeetingCount())
			}

			// A day after, it is gone, and its key makes a new meeting.
			ts.Advance(2 * day)
			if st := ts.Stats(); st.Meetings != 0 || ts.MeetingCount() != 0 || len(ts.Meetings()) != 0 {
				t.Errorf("a day after expiry: Stats %d, MeetingCount %d, Meetings %d", st.Meetings, ts.MeetingCount(), len(ts.Meetings()))
			}
			if _, ok := ts.MeetingByExternalID(user, "k"); ok {
				t.Error("MeetingByExternalID shows an expired meeting")
			}
			gone(t, ts, id, joinURL)
			status, body = createOrGet(t, ts, "k", tt.start, tt.end)
			if status != 201 || body["id"] == id || body["id"] == nil {
				t.Fatalf("createOrGet after expiry: %d, id %v (was %s); want 201 and a new meeting", status, body["id"], id)
			}
			if m, ok := ts.MeetingByExternalID(user, "k"); !ok || m.ID != body["id"] || ts.MeetingCount() != 1 {
				t.Errorf("after re-creation: MeetingByExternalID %v %v, MeetingCount %d", m.ID, ok, ts.MeetingCount())
			}
		})
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func TestMeetingExpiryExtendedByUpdates(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, graphmock.Config{})
	past := time.Now().UTC().Truncate(time.Hour).Add(-14 * day)
	status, body := createOrGet(t, ts, "k", past, past.Add(time.Hour))
	if status != 201 {
		t.Fatalf("createOrGet: %d %v", status, body)
	}
	id := str(body, "id")

	// 50 days on, an update gives it 60 days from then.
	ts.Advance(50 * day)
	status, body = call(t, ts, "PATCH", meetingPath(id), `{"subject":"Renamed"}`)
	if status != 200 || !near(expiryOf(t, body), ts.Now().Add(60*day)) {
		t.Fatalf("PATCH: %d, expiryDateTime %v; want %v", status, body["expiryDateTime"], ts.Now().Add(60*day))
	}
	// A refused PATCH extends nothing.
	if status, _ := call(t, ts, "PATCH", meetingPath(id), `{"allowMeetingChat":"sometimes"}`); status != 400 {
		t.Fatalf("a bad PATCH: %d", status)
	}
	if m, _ := ts.Meeting(id); !near(m.ExpiryDateTime.Time(), ts.Now().Add(60*day)) {
		t.Errorf("after a refused PATCH: expiry %v", m.ExpiryDateTime)
	}
	// Moving it ahead counts from its new end.
	ahead := ts.Now().UTC().Truncate(time.Hour).Add(100 * day)
	status, body = call(t, ts, "PATCH", meetingPath(id), `{"startDateTime":"`+ahead.Format(time.RFC3339)+`","endDateTime":"`+ahead.Add(time.Hour).Format(time.RFC3339)+`"}`)
	if status != 200 || !expiryOf(t, body).Equal(ahead.Add(time.Hour+60*day)) {
		t.Errorf("PATCH of the times: %d, expiryDateTime %v; want %v", status, body["expiryDateTime"], ahead.Add(time.Hour+60*day))
	}
	// Without the update it would have gone 60 days after its creation.
	ts.Advance(20 * day)
	if status, _ := call(t, ts, "GET", meetingPath(id), ""); status != 200 {
		t.Errorf("GET 70 days after creation, 20 after the update: %d", status)
	}
	ts.Advance(160 * day)
	gone(t, ts, id, str(body, "joinWebUrl"))
}

func TestMeetingExpiryOtherCreates(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, eventsConfig())
	past := time.Now().UTC().Truncate(time.Hour).Add(-30 * day)
	ahead := time.Now().UTC().Truncate(time.Hour).Add(200 * day)

	// createOrGet keys "shared" to a meeting that lives long; a plain
	// create with the same externalId makes another, of a past session.
	status, keyed := createOrGet(t, ts, "shared", ahead, ahead.Add(time.Hour))
	if status != 201 {
		t.Fatalf("createOrGet: %d %v", status, keyed)
	}
	status, plain := call(t, ts, "POST", meetingsPath(), `{"externalId":"shared","startDateTime":"`+past.Format(time.RFC3339)+`","endDateTime":"`+past.Add(time.Hour).Format(time.RFC3339)+`"}`)
	if status != 201 || !near(expiryOf(t, plain), ts.Now().Add(60*day)) {
		t.Fatalf("plain create: %d, expiryDateTime %v", status, plain["expiryDateTime"])
	}
	added := ts.AddMeeting(user, "added", "", graph.CreateOrGetRequest{StartDateTime: graphTimeOf(past), EndDateTime: graphTimeOf(past.Add(time.Hour))})
	if !near(added.ExpiryDateTime.Time(), ts.Now().Add(60*day)) {
		t.Errorf("AddMeeting: expiryDateTime %v", added.ExpiryDateTime)
	}
	// A calendar event's meeting, of a session as far back.
	ev := create(t, ts, organizerID, `{"subject":"Past","start":{"dateTime":"`+past.Format("2006-01-02T15:04:05")+`","timeZone":"UTC"},"end":{"dateTime":"`+past.Add(time.Hour).Format("2006-01-02T15:04:05")+`","timeZone":"UTC"},"isOnlineMeeting":true,"onlineMeetingProvider":"teamsForBusiness"}`)
	joinURL := str(ev.body, "onlineMeeting", "joinUrl")

	ts.Advance(61 * day)
	gone(t, ts, str(plain, "id"), str(plain, "joinWebUrl"))
	gone(t, ts, added.ID, *added.JoinWebURL)
	if _, ok := ts.MeetingByExternalID(user, "added"); ok {
		t.Error("MeetingByExternalID shows the expired AddMeeting")
	}
	// The plain create's expiry leaves createOrGet's key to its meeting.
	if status, body := createOrGet(t, ts, "shared", ahead, ahead.Add(time.Hour)); status != 200 || body["id"] != keyed["id"] {
		t.Errorf("createOrGet of the key after the plain create expired: %d, id %v, want 200 %v", status, body["id"], keyed["id"])
	}
	// Calendar-backed meetings do not expire in the mock.
	ts.Advance(365 * day)
	a := send(t, ts, "GET", "/v1.0/users/"+organizerID+"/onlineMeetings?$filter="+url.QueryEscape("JoinWebUrl eq '"+joinURL+"'"), "")
	if a.status != 200 || len(list(a.body, "value")) != 1 {
		t.Errorf("the event's meeting a year on: %d %s", a.status, a.raw)
	}
	if n := ts.MeetingCount(); n != 1 {
		t.Errorf("MeetingCount a year on = %d, want the event's meeting only", n)
	}
}

func graphTimeOf(t time.Time) graph.DateTime {
	d, err := graph.ParseDateTime(t.UTC().Format(time.RFC3339))
	if err != nil {
		panic(err)
	}
	return d
}
