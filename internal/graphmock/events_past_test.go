package graphmock_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// datedEvent is a create body for an event at start (UTC) for an hour,
// with two attendees; a series has three weekly occurrences from start.
func datedEvent(start time.Time, series bool) string {
	const wall = "2006-01-02T15:04:05"
	recurrence := ""
	if series {
		recurrence = `,"recurrence":{"pattern":{"type":"weekly","interval":1,"daysOfWeek":["` + strings.ToLower(start.Weekday().String()) + `"]},` +
			`"range":{"type":"numbered","startDate":"` + start.Format(time.DateOnly) + `","numberOfOccurrences":3}}`
	}
	return `{"subject":"Session",` +
		`"start":{"dateTime":"` + start.Format(wall) + `","timeZone":"UTC"},` +
		`"end":{"dateTime":"` + start.Add(time.Hour).Format(wall) + `","timeZone":"UTC"},` +
		`"attendees":[{"emailAddress":{"address":"adelev@contoso.onmicrosoft.com"}},{"emailAddress":{"address":"kim@fabrikam.example"}}],` +
		`"isOnlineMeeting":true,"onlineMeetingProvider":"teamsForBusiness"` + recurrence + `}`
}

// TestPastEventsMail: deleting, cancelling or updating an event mails its
// attendees whether it lies in the past or ahead, as Graph does (SPEC §8).
func TestPastEventsMail(t *testing.T) {
	t.Parallel()
	hour := time.Now().UTC().Truncate(time.Hour)
	attendees := []string{"adelev@contoso.onmicrosoft.com", kim}
	each := func(kind graphmock.MailKind, occurrence string) map[string]int {
		out := map[string]int{}
		for _, to := range attendees {
			out[strings.TrimSpace(string(kind)+" "+to+" "+occurrence)] = 1
		}
		return out
	}
	for _, when := range []struct {
		name  string
		start time.Time
	}{
		{"last week", hour.AddDate(0, 0, -7)},
		{"five weeks ago, a series that has ended", hour.AddDate(0, 0, -35)},
		{"next week", hour.AddDate(0, 0, 7)},
	} {
		second := when.start.AddDate(0, 0, 7).Format(time.DateOnly)
		for _, tt := range []struct {
			name   string
			series bool
			act    func(t *testing.T, ts *graphmock.Instance, id string) answer
			status int
			want   map[string]int
		}{
			{"DELETE", false, func(t *testing.T, ts *graphmock.Instance, id string) answer {
				return send(t, ts, "DELETE", eventPath(organizerID, id), "")
			}, 204, each(graphmock.MailCancellation, "")},
			{"cancel", false, func(t *testing.T, ts *graphmock.Instance, id string) answer {
				return send(t, ts, "POST", eventPath(organizerID, id)+"/cancel", `{"Comment":"Sorry"}`)
			}, 202, each(graphmock.MailCancellation, "")},
			{"PATCH", false, func(t *testing.T, ts *graphmock.Instance, id string) answer {
				return send(t, ts, "PATCH", eventPath(organizerID, id), `{"subject":"Session (slides attached)"}`)
			}, 200, each(graphmock.MailUpdate, "")},
			{"DELETE of a series", true, func(t *testing.T, ts *graphmock.Instance, id string) answer {
				return send(t, ts, "DELETE", eventPath(organizerID, id), "")
			}, 204, each(graphmock.MailCancellation, "")},
			{"cancel of a series", true, func(t *testing.T, ts *graphmock.Instance, id string) answer {
				return send(t, ts, "POST", eventPath(organizerID, id)+"/cancel", `{"Comment":"Sorry"}`)
			}, 202, each(graphmock.MailCancellation, "")},
			{"PATCH of a series", true, func(t *testing.T, ts *graphmock.Instance, id string) answer {
				return send(t, ts, "PATCH", eventPath(organizerID, id), `{"location":{"displayName":"Room 2"}}`)
			}, 200, each(graphmock.MailUpdate, "")},
			{"cancel of an occurrence", true, func(t *testing.T, ts *graphmock.Instance, id string) answer {
				return send(t, ts, "POST", eventPath(organizerID, occurrenceOn(t, ts, id, when.start, second))+"/cancel", "")
			}, 202, each(graphmock.MailCancellation, second)},
			{"DELETE of an occurrence", true, func(t *testing.T, ts *graphmock.Instance, id string) answer {
				return send(t, ts, "DELETE", eventPath(organizerID, occurrenceOn(t, ts, id, when.start, second)), "")
			}, 204, each(graphmock.MailCancellation, second)},
		} {
			t.Run(when.name+": "+tt.name, func(t *testing.T) {
				t.Parallel()
				ts := graphmock.NewTestServer(t, eventsConfig())
				c := create(t, ts, organizerID, datedEvent(when.start, tt.series))
				id := str(c.body, "id")
				if got := mailLog(ts, id); !reflect.DeepEqual(got, each(graphmock.MailInvitation, "")) {
					t.Errorf("create: outbox %v, want an invitation to each attendee", got)
				}
				ts.ResetOutbox()
				if a := tt.act(t, ts, id); a.status != tt.status {
					t.Fatalf("%d %s, want %d", a.status, a.raw, tt.status)
				}
				if got := mailLog(ts, id); !reflect.DeepEqual(got, tt.want) {
					t.Errorf("outbox %v, want %v", got, tt.want)
				}
			})
		}
	}
}

// occurrenceOn returns the id of the occurrence on date (YYYY-MM-DD, UTC)
// of the series master that starts at start.
func occurrenceOn(t *testing.T, ts *graphmock.Instance, master string, start time.Time, date string) string {
	t.Helper()
	window := "startDateTime=" + start.AddDate(0, 0, -1).Format(time.RFC3339) + "&endDateTime=" + start.AddDate(0, 0, 30).Format(time.RFC3339)
	a := send(t, ts, "GET", instancesPath(master, window), "")
	for _, v := range list(a.body, "value") {
		if strings.HasPrefix(str(v, "originalStart"), date+"T") {
			return str(v, "id")
		}
	}
	t.Fatalf("no occurrence on %s: %d %s", date, a.status, a.raw)
	return ""
}
