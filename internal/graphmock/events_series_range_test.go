package graphmock_test

import (
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// courseRange is a PATCH of the course series' range alone: the pattern
// and startDate as created.
func courseRange(rangeJSON string) string {
	return `{"recurrence":{"pattern":{"type":"weekly","interval":1,"daysOfWeek":["monday"]},"range":` + rangeJSON + `}}`
}

// editedCourse is the course with a holiday on 5 April, the session of
// 12 April moved to Tuesday 13 April and that of 26 April to Tuesday 27
// April (all through Graph); it returns the occurrences as they were then,
// with the outbox emptied.
func editedCourse(t *testing.T, cfg graphmock.Config) (*graphmock.Instance, string, map[string]any) {
	t.Helper()
	ts, master := newCourse(t, cfg)
	before := occurrences(t, ts, master)
	if a := send(t, ts, "POST", eventPath(organizerID, str(before["2027-04-05"], "id"))+"/cancel", `{"Comment":"Holiday"}`); a.status != 202 {
		t.Fatalf("cancel: %d %s", a.status, a.raw)
	}
	for date, moved := range map[string]string{"2027-04-12": "2027-04-13", "2027-04-26": "2027-04-27"} {
		a := send(t, ts, "PATCH", eventPath(organizerID, str(before[date], "id")),
			`{"start":{"dateTime":"`+moved+`T16:00:00","timeZone":"W. Europe Standard Time"},"end":{"dateTime":"`+moved+`T17:00:00","timeZone":"W. Europe Standard Time"}}`)
		if a.status != 200 {
			t.Fatalf("move %s: %d %s", date, a.status, a.raw)
		}
	}
	ts.ResetOutbox()
	return ts, master, before
}

// seriesUpdates is the mail of a PATCH of the series that mails: one
// update for the series and one per exception date, to each attendee.
func seriesUpdates(exceptions ...string) map[string]int {
	want := map[string]int{}
	for _, to := range []string{"adelev@contoso.onmicrosoft.com", kim} {
		want["update "+to]++
		for _, date := range exceptions {
			want["update "+to+" "+date]++
		}
	}
	return want
}

func TestSeriesRangeEnd(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"", graphmock.SeriesExceptionsKept, graphmock.SeriesExceptionsDiscarded} {
		t.Run("ended early, mode "+mode, func(t *testing.T) {
			t.Parallel()
			ts, master, before := editedCourse(t, graphmock.Config{SeriesExceptions: mode})

			// The series ends after its session of 19 April.
			a := send(t, ts, "PATCH", eventPath(organizerID, master), courseRange(`{"type":"endDate","startDate":"2027-03-29","endDate":"2027-04-19"}`))
			if a.status != 200 || str(a.body, "recurrence", "range", "type") != "endDate" || str(a.body, "recurrence", "range", "endDate") != "2027-04-19" {
				t.Fatalf("PATCH of the range: %d %s", a.status, a.raw)
			}
			after := occurrences(t, ts, master)
			if mode == graphmock.SeriesExceptionsDiscarded {
				// Graph may discard a series' exceptions on any change of
				// its recurrence (undocumented): the holiday is back, and
				// the moved session at the pattern's time.
				if got := slices.Sorted(maps.Keys(after)); !slices.Equal(got, []string{"2027-03-29", "2027-04-05", "2027-04-12", "2027-04-19"}) ||
					str(after["2027-04-12"], "type") != "occurrence" || str(after["2027-04-19"], "id") != str(before["2027-04-19"], "id") {
					t.Errorf("discarded: instances %v, 12 April %s, 19 April's id kept %v", got, str(after["2027-04-12"], "type"), str(after["2027-04-19"], "id") == str(before["2027-04-19"], "id"))
				}
				if got, want := mailLog(ts, master), seriesUpdates(); !reflect.DeepEqual(got, want) {
					t.Errorf("outbox %v, want %v", got, want)
				}
				return
			}
			if got := slices.Sorted(maps.Keys(after)); !slices.Equal(got, []string{"2027-03-29", "2027-04-12", "2027-04-19"}) {
				t.Errorf("instances after %v, want 29 March, 12 April (moved) and 19 April", got)
			}
			// The held occurrences keep their ids and their edits.
			for _, date := range []string{"2027-03-29", "2027-04-12", "2027-04-19"} {
				if str(after[date], "id") != str(before[date], "id") {
					t.Errorf("%s: a new id", date)
				}
				if g := send(t, ts, "GET", eventPath(organizerID, str(before[date], "id")), ""); g.status != 200 {
					t.Errorf("GET %s by its id: %d %s", date, g.status, g.raw)
				}
			}
			if v := after["2027-04-12"]; str(v, "type") != "exception" || str(v, "start", "dateTime") != "2027-04-13T14:00:00.0000000" {
				t.Errorf("the moved session of 12 April: %s at %s", str(v, "type"), str(v, "start", "dateTime"))
			}
			cancelled := list(send(t, ts, "GET", eventPath(organizerID, master)+"?$select=cancelledOccurrences", "").body, "cancelledOccurrences")
			if !reflect.DeepEqual(cancelled, []any{"OID." + master + ".2027-04-05"}) {
				t.Errorf("cancelledOccurrences %v, want the holiday", cancelled)
			}
			if g := send(t, ts, "GET", eventPath(organizerID, str(before["2027-04-05"], "id")), ""); g.status != 404 {
				t.Errorf("the holiday came back: %d", g.status)
			}
			ex := list(send(t, ts, "GET", eventPath(organizerID, master)+"?$select=exceptionOccurrences&$expand=exceptionOccurrences", "").body, "exceptionOccurrences")
			if len(ex) != 1 || str(ex[0], "id") != str(before["2027-04-12"], "id") {
				t.Errorf("%d exceptionOccurrences, want 12 April's only", len(ex))
			}

			// The occurrences beyond the end, moved or not, are gone.
			for _, date := range []string{"2027-04-26", "2027-05-03"} {
				id := str(before[date], "id")
				for _, r := range []struct{ method, suffix, body string }{{"GET", "", ""}, {"PATCH", "", `{"subject":"x"}`}, {"DELETE", "", ""}, {"POST", "/cancel", ""}} {
					if a := send(t, ts, r.method, eventPath(organizerID, id)+r.suffix, r.body); a.status != 404 || errorCode(a.body) != "ErrorItemNotFound" {
						t.Errorf("%s%s of %s, beyond the end: %d %s", r.method, r.suffix, date, a.status, a.raw)
					}
				}
			}
			if err := ts.MoveOccurrence(master, "2027-04-26", time.Date(2027, 4, 27, 9, 0, 0, 0, berlin), time.Date(2027, 4, 27, 10, 0, 0, 0, berlin), ""); err == nil {
				t.Error("MoveOccurrence of a date beyond the end")
			}

			// One update for the series and one for the exception it
			// still has, to each attendee; no cancellation.
			if got, want := mailLog(ts, master), seriesUpdates("2027-04-12"); !reflect.DeepEqual(got, want) {
				t.Errorf("outbox %v, want %v", got, want)
			}
		})

		t.Run("extended, mode "+mode, func(t *testing.T) {
			t.Parallel()
			ts, master, before := editedCourse(t, graphmock.Config{SeriesExceptions: mode})
			a := send(t, ts, "PATCH", eventPath(organizerID, master), courseRange(`{"type":"numbered","startDate":"2027-03-29","numberOfOccurrences":8}`))
			if a.status != 200 {
				t.Fatalf("PATCH of the range: %d %s", a.status, a.raw)
			}
			after := occurrences(t, ts, master)
			if mode == graphmock.SeriesExceptionsDiscarded {
				if len(after) != 8 || str(after["2027-04-12"], "type") != "occurrence" {
					t.Errorf("discarded: %d instances, 12 April %s", len(after), str(after["2027-04-12"], "type"))
				}
				return
			}
			if got := slices.Sorted(maps.Keys(after)); !slices.Equal(got, []string{"2027-03-29", "2027-04-12", "2027-04-19", "2027-04-26", "2027-05-03", "2027-05-10", "2027-05-17"}) {
				t.Errorf("instances after %v", got)
			}
			for date, v := range before {
				if date != "2027-04-05" && str(after[date], "id") != str(v, "id") {
					t.Errorf("%s: a new id", date)
				}
			}
			for _, date := range []string{"2027-04-12", "2027-04-26"} {
				if str(after[date], "type") != "exception" {
					t.Errorf("%s is no longer moved: %s at %s", date, str(after[date], "type"), str(after[date], "start", "dateTime"))
				}
			}
			if got, want := mailLog(ts, master), seriesUpdates("2027-04-12", "2027-04-26"); !reflect.DeepEqual(got, want) {
				t.Errorf("outbox %v, want %v", got, want)
			}
		})
	}

	// The same, out of band: ids and edits kept, and no mail.
	ts, master, before := editedCourse(t, graphmock.Config{SeriesExceptions: graphmock.SeriesExceptionsKept})
	if !ts.EditEvent(master, func(e *graph.Event) {
		e.Recurrence.Range = graph.RecurrenceRange{Type: "numbered", StartDate: "2027-03-29", NumberOfOccurrences: 4}
	}) {
		t.Fatal("EditEvent found no series")
	}
	after := occurrences(t, ts, master)
	if len(after) != 3 || str(after["2027-04-12"], "id") != str(before["2027-04-12"], "id") || str(after["2027-04-12"], "type") != "exception" || len(ts.Outbox()) != 0 {
		t.Errorf("EditEvent of the range: instances %v, 12 April %s (id kept: %v), outbox %v", slices.Sorted(maps.Keys(after)),
			str(after["2027-04-12"], "type"), str(after["2027-04-12"], "id") == str(before["2027-04-12"], "id"), ts.Outbox())
	}

	// A change of the pattern is a reshaping: new ids.
	ts, master, before = editedCourse(t, graphmock.Config{SeriesExceptions: graphmock.SeriesExceptionsDiscarded})
	a := send(t, ts, "PATCH", eventPath(organizerID, master), `{"recurrence":{"pattern":{"type":"weekly","interval":2,"daysOfWeek":["monday"]},"range":{"type":"numbered","startDate":"2027-03-29","numberOfOccurrences":4}}}`)
	if a.status != 200 {
		t.Fatalf("PATCH of the pattern: %d %s", a.status, a.raw)
	}
	if o := occurrences(t, ts, master); str(o["2027-03-29"], "id") == str(before["2027-03-29"], "id") || str(o["2027-04-12"], "type") != "occurrence" {
		t.Errorf("after a pattern change (discarded): 29 March id kept %v, 12 April %s", str(o["2027-03-29"], "id") == str(before["2027-03-29"], "id"), str(o["2027-04-12"], "type"))
	}
}
