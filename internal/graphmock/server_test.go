package graphmock_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

const user = "4b75189b-2f2e-4a8c-9d7e-1f0c2a3b4c5d"

// call sends a raw request with a valid token and returns status and body.
func call(t *testing.T, ts *graphmock.Instance, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+ts.IssueToken(ts.URL))
	req.Header.Set("Prefer", "include-unknown-enum-members")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

func errorCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

func TestStrictness(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, graphmock.Config{})
	existing := ts.AddMeeting(user, "existing", "", graph.CreateOrGetRequest{})
	meetingPath := "/v1.0/users/" + user + "/onlineMeetings/" + url.PathEscape(existing.ID)
	create := "/v1.0/users/" + user + "/onlineMeetings/createOrGet"
	plain := "/v1.0/users/" + user + "/onlineMeetings"

	tests := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"createOrGet takes its own properties", "POST", create, `{"externalId":"a","subject":"s","startDateTime":"2026-03-02T09:00:00Z","endDateTime":"2026-03-02T10:00:00Z","participants":{"attendees":[]},"chatInfo":{}}`, 201, ""},
		{"createOrGet under its SDK name", "POST", "/v1.0/users/" + user + "/onlineMeetings/microsoft.graph.createOrGet", `{"externalId":"a"}`, 200, ""},
		{"createOrGet refuses a PATCH-only setting", "POST", create, `{"externalId":"b","allowRecording":false}`, 400, "BadRequest"},
		{"createOrGet refuses a read-only property", "POST", create, `{"externalId":"b","joinWebUrl":"x"}`, 400, "BadRequest"},
		{"createOrGet needs an external id", "POST", create, `{"subject":"x"}`, 400, "BadRequest"},
		{"createOrGet refuses end without start", "POST", create, `{"externalId":"c","endDateTime":"2026-03-02T10:00:00Z"}`, 400, "BadRequest"},
		{"createOrGet refuses end before start", "POST", create, `{"externalId":"c","startDateTime":"2026-03-02T10:00:00Z","endDateTime":"2026-03-02T09:00:00Z"}`, 400, "BadRequest"},
		{"createOrGet refuses an unknown role", "POST", create, `{"externalId":"c","participants":{"attendees":[{"identity":{"user":{"id":"` + user + `"}},"role":"boss"}]}}`, 400, "BadRequest"},
		{"plain create takes every settable property", "POST", plain, `{"externalId":"existing","subject":"s","startDateTime":"2026-03-02T09:00:00Z","endDateTime":"2026-03-02T10:00:00Z","allowRecording":false,"lobbyBypassSettings":{"scope":"invited"},"joinMeetingIdSettings":{"isPasscodeRequired":true}}`, 201, ""},
		{"plain create makes a new meeting every time", "POST", plain, `{"externalId":"existing"}`, 201, ""},
		{"plain create refuses a read-only property", "POST", plain, `{"joinWebUrl":"x"}`, 400, "BadRequest"},
		{"plain create refuses the generated passcode", "POST", plain, `{"joinMeetingIdSettings":{"passcode":"1234"}}`, 400, "BadRequest"},
		{"plain create refuses a property Graph does not take", "POST", plain, `{"allowParticipantsToChangeName":true}`, 400, "BadRequest"},
		{"plain create refuses a beta-only property", "POST", plain, `{"anonymizeIdentityForRoles":["attendee"]}`, 400, "BadRequest"},
		{"plain create refuses end before start", "POST", plain, `{"startDateTime":"2026-03-02T10:00:00Z","endDateTime":"2026-03-02T09:00:00Z"}`, 400, "BadRequest"},
		{"plain create refuses an unknown enum member", "POST", plain, `{"allowMeetingChat":"sometimes"}`, 400, "BadRequest"},
		{"plain create on /me with an application token", "POST", "/v1.0/me/onlineMeetings", `{"subject":"x"}`, 400, "BadRequest"},
		{"PATCH takes documented properties", "PATCH", meetingPath, `{"subject":"x","allowRecording":false,"lobbyBypassSettings":{"scope":"invited"}}`, 200, ""},
		{"PATCH refuses a read-only property", "PATCH", meetingPath, `{"joinWebUrl":"x"}`, 400, "BadRequest"},
		{"PATCH refuses a create-only property", "PATCH", meetingPath, `{"externalId":"x"}`, 400, "BadRequest"},
		{"PATCH refuses a property Graph does not update", "PATCH", meetingPath, `{"allowParticipantsToChangeName":true}`, 400, "BadRequest"},
		{"PATCH refuses a beta-only property", "PATCH", meetingPath, `{"anonymizeIdentityForRoles":["attendee"]}`, 400, "BadRequest"},
		{"PATCH needs start and end together", "PATCH", meetingPath, `{"startDateTime":"2026-03-02T09:00:00Z"}`, 400, "BadRequest"},
		{"PATCH refuses the organizer", "PATCH", meetingPath, `{"participants":{"organizer":{}}}`, 400, "BadRequest"},
		{"PATCH refuses an unknown enum member", "PATCH", meetingPath, `{"allowMeetingChat":"sometimes"}`, 400, "BadRequest"},
		{"PATCH refuses unknownFutureValue", "PATCH", meetingPath, `{"allowedPresenters":"unknownFutureValue"}`, 400, "BadRequest"},
		{"PATCH of roleIsPresenter needs attendees", "PATCH", meetingPath, `{"allowedPresenters":"roleIsPresenter"}`, 400, "BadRequest"},
		{"PATCH of a missing meeting", "PATCH", meetingPath + "x", `{"subject":"x"}`, 404, "NotFound"},
		{"a filter other than Graph's", "GET", "/v1.0/users/" + user + "/onlineMeetings?$filter=" + url.QueryEscape("subject eq 'x'"), "", 400, "InvalidArgument"},
		{"no filter at all", "GET", "/v1.0/users/" + user + "/onlineMeetings", "", 400, "InvalidArgument"},
		{"a UPN in the path", "GET", "/v1.0/users/ada@contoso.example/onlineMeetings/x", "", 404, "NotFound"},
		{"/me with an application token", "GET", "/v1.0/me/onlineMeetings/x", "", 400, "BadRequest"},
		{"an unknown path", "GET", "/v1.0/users/" + user + "/contacts", "", 400, "BadRequest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, ts, tt.method, tt.path, tt.body)
			if status != tt.status || errorCode(body) != tt.code {
				t.Errorf("%s %s = %d %q, want %d %q (%v)", tt.method, tt.path, status, errorCode(body), tt.status, tt.code, body)
			}
		})
	}
	// The two plain creates with externalId "existing" made two meetings
	// beside the one createOrGet keys by it.
	n := 0
	for _, m := range ts.Meetings() {
		if m.ExternalID != nil && *m.ExternalID == "existing" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("meetings with externalId existing = %d, want 3", n)
	}
}

func TestAnswersLikeGraph(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, graphmock.Config{})
	status, body := call(t, ts, "POST", "/v1.0/users/"+user+"/onlineMeetings/createOrGet",
		`{"externalId":"x","startDateTime":"2026-03-02T09:00:00.1234567+01:00","participants":{"attendees":[{"identity":{"user":{"id":"`+user+`"}},"role":"coorganizer"}]}}`)
	if status != 201 {
		t.Fatalf("status = %d", status)
	}
	if got := body["startDateTime"]; got != "2026-03-02T08:00:00.1234567Z" {
		t.Errorf("startDateTime = %v, want UTC with seven digits", got)
	}
	if got := body["endDateTime"]; got != "2026-03-02T09:00:00.1234567Z" {
		t.Errorf("endDateTime = %v, want start + 1 h", got)
	}
	if ctx, _ := body["@odata.context"].(string); !strings.HasSuffix(ctx, "/$metadata#users('"+user+"')/onlineMeetings/$entity") {
		t.Errorf("@odata.context = %q", ctx)
	}
	for _, key := range []string{"id", "joinWebUrl", "joinMeetingIdSettings", "chatInfo", "audioConferencing", "creationDateTime", "expiryDateTime", "participants"} {
		if body[key] == nil {
			t.Errorf("%s not filled in", key)
		}
	}

	// Without Prefer: include-unknown-enum-members, newer members are hidden.
	id, _ := body["id"].(string)
	req, _ := http.NewRequest("GET", ts.URL+"/v1.0/users/"+user+"/onlineMeetings/"+url.PathEscape(id), nil)
	req.Header.Set("Authorization", "Bearer "+ts.IssueToken(ts.URL))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(raw), `"role":"unknownFutureValue"`) {
		t.Errorf("without Prefer the coorganizer role must read unknownFutureValue: %s", raw)
	}
}

func TestBearerTokens(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, graphmock.Config{})
	for name, token := range map[string]string{
		"none":                 "",
		"unknown":              "forged",
		"issued for elsewhere": ts.IssueToken("https://graph.microsoft.com"),
	} {
		req, _ := http.NewRequest("GET", ts.GraphURL()+"/users/"+user+"/onlineMeetings/x", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s token: status %d, want 401", name, resp.StatusCode)
		}
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	ts := graphmock.NewTestServer(t, graphmock.Config{Faults: graphmock.Faults{ThrottleEvery: 3, RetryAfter: "2.128", UnavailableEvery: 4}})
	var statuses []int
	for range 8 {
		status, _ := call(t, ts, "GET", "/v1.0/users/"+user+"/onlineMeetings/none", "")
		statuses = append(statuses, status)
	}
	want := []int{404, 404, 429, 503, 404, 429, 404, 503}
	if !reflect.DeepEqual(statuses, want) {
		t.Errorf("statuses = %v, want %v", statuses, want)
	}

	ts.SetFaults(graphmock.Faults{RateLimit: 1}) // holds one request
	req, _ := http.NewRequest("GET", ts.GraphURL()+"/users/"+user+"/onlineMeetings/none", nil)
	req.Header.Set("Authorization", "Bearer "+ts.IssueToken(ts.URL))
	for i := range 2 {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if i == 1 && (resp.StatusCode != 429 || !strings.Contains(resp.Header.Get("Retry-After"), ".")) {
			t.Errorf("second request within the rate: %d, Retry-After %q; want 429 with a fractional wait", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
}

// TestClientTypesMatchTheSchema cross-checks the client's JSON names with
// the onlineMeeting schema extract, so that a misspelt tag cannot pass in
// both the client and the mock.
func TestClientTypesMatchTheSchema(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("onlinemeeting-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	properties := func(name string) map[string]bool {
		var s struct {
			Properties map[string]any `json:"properties"`
			AllOf      []struct {
				Properties map[string]any `json:"properties"`
				Ref        string         `json:"$ref"`
			} `json:"allOf"`
		}
		if err := json.Unmarshal(doc.Components.Schemas[name], &s); err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for k := range s.Properties {
			out[k] = true
		}
		for _, part := range s.AllOf {
			for k := range part.Properties {
				out[k] = true
			}
		}
		return out
	}
	meeting := properties("microsoft.graph.onlineMeeting")
	for k := range properties("microsoft.graph.onlineMeetingBase") {
		meeting[k] = true
	}
	meeting["id"] = true
	identity := properties("microsoft.graph.identity")
	identity["tenantId"] = true // returned by Graph, documented, not in the CSDL

	for typ, props := range map[reflect.Type]map[string]bool{
		reflect.TypeFor[graph.OnlineMeeting]():                           meeting,
		reflect.TypeFor[graph.OnlineMeetingUpdate]():                     meeting,
		reflect.TypeFor[graph.OnlineMeetingCreate]():                     meeting,
		reflect.TypeFor[graph.ItemBody]():                                properties("microsoft.graph.itemBody"),
		reflect.TypeFor[graph.CreateOrGetRequest]():                      properties("createOrGetPostRequestBody"),
		reflect.TypeFor[graph.MeetingParticipants]():                     properties("microsoft.graph.meetingParticipants"),
		reflect.TypeFor[graph.MeetingParticipantInfo]():                  properties("microsoft.graph.meetingParticipantInfo"),
		reflect.TypeFor[graph.IdentitySet]():                             properties("microsoft.graph.identitySet"),
		reflect.TypeFor[graph.Identity]():                                identity,
		reflect.TypeFor[graph.LobbyBypassSettings]():                     properties("microsoft.graph.lobbyBypassSettings"),
		reflect.TypeFor[graph.WatermarkProtectionValues]():               properties("microsoft.graph.watermarkProtectionValues"),
		reflect.TypeFor[graph.OnlineMeetingSensitivityLabelAssignment](): properties("microsoft.graph.onlineMeetingSensitivityLabelAssignment"),
		reflect.TypeFor[graph.JoinMeetingIDSettings]():                   properties("microsoft.graph.joinMeetingIdSettings"),
		reflect.TypeFor[graph.ChatInfo]():                                properties("microsoft.graph.chatInfo"),
		reflect.TypeFor[graph.AudioConferencing]():                       properties("microsoft.graph.audioConferencing"),
	} {
		for _, f := range reflect.VisibleFields(typ) {
			if f.Anonymous {
				continue // its fields are visible too
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !props[name] {
				t.Errorf("%s.%s is sent or read as %q, which the schema does not define", typ.Name(), f.Name, name)
			}
		}
	}
}
