package provider

// An online meeting as the rules of past_sessions.go see it: one session,
// from start_date_time to end_date_time.

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// meetingSilent are the attributes that only Terraform reads.
var meetingSilent = []string{"keep_past_on_destroy", "timeouts"}

// meetingTiming are the attributes that say when a meeting takes place.
var meetingTiming = []string{"start_date_time", "end_date_time"}

// meetingSessionIn is the meeting of a plan or a state.
func meetingSessionIn(ctx context.Context, get attributeGetter, now time.Time) session {
	var m onlineMeetingModel
	var keep types.Bool
	for name, target := range map[string]any{
		"id": &m.ID, "external_id": &m.ExternalID, "subject": &m.Subject, "participants": &m.Participants,
		"start_date_time": &m.StartDateTime, "end_date_time": &m.EndDateTime, "keep_past_on_destroy": &keep,
	} {
		get(ctx, path.Root(name), target)
	}
	s := session{kind: meetingSessions, name: m.describe(), subject: m.Subject.ValueString(), attendees: -1,
		keep: keep.IsNull() || keep.ValueBool(), loc: time.UTC}
	if attendees, known, _ := m.attendees(ctx); known {
		s.attendees = len(attendees)
	} else if m.Participants.IsNull() {
		s.attendees = 0
	}
	start, okStart := m.StartDateTime.time()
	end, okEnd := m.EndDateTime.time()
	if okStart && okEnd {
		s.occurrences = []occurrenceSpan{{start: start, end: end}}
	}
	return s
}
