package devenv

// The demo's schedule: the training programme of examples/training-programme
// laid out around the day the demo runs, so that it always holds sessions
// that have taken place, a weekly series under way, and sessions ahead, one
// of them just before the next daylight-saving change.

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// demoZone is the example's time_zone.
const demoZone = "Europe/Berlin"

// DemoSession is one row of the demo's sessions.csv; Start and End are
// wall-clock times in demoZone (2006-01-02T15:04:05).
type DemoSession struct {
	ID, Title, Start, End, Room, Trainers string
	// Weeks is the number of weekly occurrences of a series; 0 for a
	// single session.
	Weeks int
}

// DemoSchedule is the schedule the demo wrote, relative to the day it ran.
type DemoSchedule struct {
	// Today is the day the demo ran, in demoZone (YYYY-MM-DD).
	Today string
	// Sessions are the rows of sessions.csv of the first apply.
	Sessions []DemoSession
	// Lab is the weekly series' id; LabHoliday its holiday that has
	// passed; LabMoved the date (as the pattern gives it) of its session
	// moved to the next day, which lies ahead; NewHoliday the holiday that
	// step 4 adds, ahead.
	Lab, LabHoliday, LabMoved, NewHoliday string
	// Moved is the session moved across ClockChange, the next
	// daylight-saving change in demoZone (the date of the Sunday the
	// clocks change); MoveFrom and MoveTo are its start before and after
	// the move (wall-clock).
	Moved, ClockChange, MoveFrom, MoveTo string
	// Dropped are the sessions that step 5 removes from the schedule: a
	// session held and the series under way.
	Dropped []string
}

const wallClockLayout = "2006-01-02T15:04:05"

// newDemoSchedule lays the programme out around now: two sessions held
// three weeks ago, a weekly lab that began the same week and runs for
// another month (a holiday that has passed, a session moved ahead), and
// three sessions around the next daylight-saving change.
func newDemoSchedule(now time.Time) (DemoSchedule, error) {
	loc, err := time.LoadLocation(demoZone)
	if err != nil {
		return DemoSchedule{}, err
	}
	today := civilDate(now.In(loc))
	monday := today.AddDate(0, 0, -(int(today.Weekday())+6)%7)
	change, err := nextClockChange(today, loc)
	if err != nil {
		return DemoSchedule{}, err
	}
	before := weekday(change.AddDate(0, 0, -1), -1)
	after := weekday(change, 1)
	retro := weekday(after.AddDate(0, 0, 1), 1)
	at := func(day time.Time, hhmm string) string { return day.Format(time.DateOnly) + "T" + hhmm + ":00" }
	lab := monday.AddDate(0, 0, -19) // a Wednesday, three weeks ago
	labWeek := func(n int) time.Time { return lab.AddDate(0, 0, 7*n) }
	s := DemoSchedule{
		Today: today.Format(time.DateOnly),
		Sessions: []DemoSession{
			{ID: "01-kickoff", Title: "Kick-off and ways of working", Start: at(lab.AddDate(0, 0, -2), "09:00"), End: at(lab.AddDate(0, 0, -2), "10:00"), Room: "Room 1", Trainers: "ada grace"},
			{ID: "02-terraform", Title: "Terraform fundamentals", Start: at(lab.AddDate(0, 0, -1), "09:00"), End: at(lab.AddDate(0, 0, -1), "12:00"), Room: "Room 1", Trainers: "ada"},
			{ID: "03-modules", Title: "Writing reusable modules", Start: at(before, "09:00"), End: at(before, "12:00"), Room: "Room 2", Trainers: "grace"},
			{ID: "04-lab", Title: "Weekly lab", Start: at(lab, "14:00"), End: at(lab, "15:30"), Room: "Lab", Trainers: "linus", Weeks: 8},
			{ID: "05-testing", Title: "Testing infrastructure code", Start: at(after, "13:00"), End: at(after, "16:00"), Room: "Room 2", Trainers: "linus grace"},
			{ID: "06-retro", Title: "Retrospective", Start: at(retro, "15:00"), End: at(retro, "16:00"), Room: "Room 1", Trainers: "ada grace linus"},
		},
		Lab:         "04-lab",
		LabHoliday:  labWeek(1).Format(time.DateOnly),
		LabMoved:    labWeek(4).Format(time.DateOnly),
		NewHoliday:  labWeek(6).Format(time.DateOnly),
		Moved:       "03-modules",
		ClockChange: change.Format(time.DateOnly),
		MoveFrom:    at(before, "09:00"),
		MoveTo:      at(after, "09:00"),
		Dropped:     []string{"01-kickoff", "04-lab"},
	}
	return s, nil
}

// civilDate is the date of t, at midnight UTC, for day arithmetic that no
// clock change disturbs.
func civilDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// weekday is day, or the nearest weekday from it in direction step (1
// forward, -1 back).
func weekday(day time.Time, step int) time.Time {
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, step)
	}
	return day
}

// nextClockChange is the day of loc's next change of UTC offset, from its
// zone data, whose last weekday before lies after today: a session can be
// scheduled on both sides of it. In Europe that is the last Sunday of March
// or of October.
func nextClockChange(today time.Time, loc *time.Location) (time.Time, error) {
	offset := func(day time.Time) int {
		_, o := time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, loc).Zone()
		return o
	}
	for day := today.AddDate(0, 0, 1); day.Before(today.AddDate(2, 0, 0)); day = day.AddDate(0, 0, 1) {
		if offset(day) != offset(day.AddDate(0, 0, -1)) && weekday(day.AddDate(0, 0, -1), -1).After(today) {
			return day, nil
		}
	}
	return time.Time{}, fmt.Errorf("%s changes its clocks on no day in the two years after %s: the demo has no daylight-saving change to show", loc, today.Format(time.DateOnly))
}

// session is the schedule's session id.
func (s DemoSchedule) session(id string) DemoSession {
	i := slices.IndexFunc(s.Sessions, func(x DemoSession) bool { return x.ID == id })
	if i < 0 {
		panic("the demo's schedule has no session " + id)
	}
	return s.Sessions[i]
}

// labDates are the dates the weekly lab's pattern gives.
func (s DemoSchedule) labDates() []string {
	lab := s.session(s.Lab)
	first, _ := time.Parse(wallClockLayout, lab.Start)
	dates := make([]string, lab.Weeks)
	for i := range dates {
		dates[i] = first.AddDate(0, 0, 7*i).Format(time.DateOnly)
	}
	return dates
}

// instant is a wall-clock time of the schedule as an instant.
func instant(wallClock string) time.Time {
	loc, err := time.LoadLocation(demoZone)
	if err != nil {
		panic(err)
	}
	t, err := time.ParseInLocation(wallClockLayout, wallClock, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// labOccurrenceStart is when the lab's occurrence of date (as the pattern
// gives it) starts, wherever it was moved.
func (s DemoSchedule) labOccurrenceStart(date string) time.Time {
	if date == s.LabMoved {
		return instant(s.labMovedTo())
	}
	return instant(date + s.session(s.Lab).Start[10:])
}

// labMovedTo is the start of the lab's moved session: the next day, same
// hour.
func (s DemoSchedule) labMovedTo() string {
	d, _ := time.Parse(time.DateOnly, s.LabMoved)
	return d.AddDate(0, 0, 1).Format(time.DateOnly) + s.session(s.Lab).Start[10:]
}

// labLastHeld is the lab's last occurrence that has begun at now and
// takes place (not a holiday): where ending the series leaves it.
func (s DemoSchedule) labLastHeld(now time.Time, holidays []string) string {
	last := ""
	for _, d := range s.labDates() {
		if !slices.Contains(holidays, d) && !s.labOccurrenceStart(d).After(now) {
			last = d
		}
	}
	return last
}

// write writes sessions as sessions.csv into dir, and the lab's
// exceptions (holidays, and its moved session) as demo.auto.tfvars: the
// copy of the example that the demo applies, never the example itself.
func (s DemoSchedule) write(dir string, sessions []DemoSession, holidays []string) error {
	var b strings.Builder
	b.WriteString("id,title,start,end,room,weeks,trainers\n")
	hasLab := false
	for _, x := range sessions {
		weeks := ""
		if x.Weeks > 0 {
			weeks = fmt.Sprint(x.Weeks)
		}
		hasLab = hasLab || x.ID == s.Lab
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s\n", x.ID, x.Title, x.Start, x.End, x.Room, weeks, x.Trainers)
	}
	if err := os.WriteFile(filepath.Join(dir, "sessions.csv"), []byte(b.String()), 0o600); err != nil {
		return err
	}
	vars := "# Written by the demo: the lab's holidays and moved session, relative to the day it runs.\nseries_exceptions = {}\n"
	if hasLab {
		moved := s.labMovedTo()
		end := moved[:11] + s.session(s.Lab).End[11:]
		vars = fmt.Sprintf(`# Written by the demo: the lab's holidays and moved session, relative to the day it runs.
series_exceptions = {
  %q = {
    cancelled = [%s]
    moved = {
      %q = { start_date_time = %q, end_date_time = %q, location = "Room 2" }
    }
  }
}
`, s.Lab, quoted(holidays), s.LabMoved, moved, end)
	}
	return os.WriteFile(filepath.Join(dir, "demo.auto.tfvars"), []byte(vars), 0o600)
}

func quoted(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// describe tells a wall-clock time as a person reads it: "Mon 16 Nov 2026 09:00".
func describe(wallClock string) string {
	t, err := time.Parse(wallClockLayout, wallClock)
	if err != nil {
		return wallClock
	}
	return t.Format("Mon 2 Jan 2006 15:04")
}

// day tells a date as a person reads it: "Wed 18 Nov".
func day(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.Format("Mon 2 Jan 2006")
}
