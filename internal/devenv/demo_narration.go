package devenv

// The demo's narration: what it says at each step, the CLI's output and
// warnings, and what the mock's outbox and request log recorded.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// demo narrates the run.
type demo struct {
	w     io.Writer
	out   *bytes.Buffer
	mock  *graphmock.Instance
	began time.Time
	sched DemoSchedule
	// sessions are the rows of sessions.csv as it stands.
	sessions []DemoSession
	// ids maps the events' ids to their sessions' ids.
	ids map[string]string
	// diagnostics are the warnings of the last run (JSON output only).
	diagnostics []uiDiagnostic
}

func (d *demo) say(format string, args ...any) { fmt.Fprintf(d.w, format+"\n", args...) }

func (d *demo) step(format string, args ...any) {
	d.say("\n==> "+format, args...)
	d.began = time.Now()
}

// schedule shows the sessions as written, and which have taken place.
func (d *demo) schedule() {
	now := time.Now()
	for _, s := range d.sessions {
		when := describe(s.Start) + "–" + s.End[11:16]
		state := "ahead"
		if !instant(s.End).After(now) {
			state = "held"
		}
		if s.ID == d.sched.Moved {
			state += fmt.Sprintf(", the last weekday before the clocks change on %s", day(d.sched.ClockChange))
		}
		if s.Weeks > 0 {
			dates := d.sched.labDates()
			when = fmt.Sprintf("%s, %d weeks", when, s.Weeks)
			state = fmt.Sprintf("weekly, under way, to %s\n%-57sholiday %s (passed); the session of %s moves to %s, Room 2",
				day(dates[len(dates)-1]), "", day(d.sched.LabHoliday), day(d.sched.LabMoved), describe(d.sched.labMovedTo()))
		}
		d.say("     %-13s %-37s %s", s.ID, when, state)
	}
}

func (d *demo) setSession(id string, edit func(*DemoSession)) {
	for i := range d.sessions {
		if d.sessions[i].ID == id {
			edit(&d.sessions[i])
		}
	}
}

func (d *demo) sessionByID(id string) (DemoSession, bool) {
	i := slices.IndexFunc(d.sessions, func(s DemoSession) bool { return s.ID == id })
	if i < 0 {
		// A session dropped from the schedule: as first written.
		i = slices.IndexFunc(d.sched.Sessions, func(s DemoSession) bool { return s.ID == id })
		if i < 0 {
			return DemoSession{}, false
		}
		return d.sched.Sessions[i], true
	}
	return d.sessions[i], true
}

// sessionOf tells an event's session by its subject, as a user of Outlook
// would.
func (d *demo) sessionOf(e graph.Event) string {
	for _, s := range d.sched.Sessions {
		if e.Subject != nil && strings.HasSuffix(*e.Subject, ": "+s.Title) {
			return s.ID
		}
	}
	return e.ID
}

// uiLine is one line of the CLI's machine-readable output (-json).
type uiLine struct {
	Message    string        `json:"@message"`
	Diagnostic *uiDiagnostic `json:"diagnostic"`
}

type uiDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
}

// run runs a CLI command and shows the lines of its output that start with
// one of the prefixes; of machine-readable output, the messages, and it
// keeps the warnings for d.warnings.
func (d *demo) run(command func() error, prefixes ...string) error {
	d.out.Reset()
	d.diagnostics = nil
	if err := command(); err != nil {
		return d.failed(err)
	}
	for _, line := range d.lines() {
		for _, p := range prefixes {
			if strings.HasPrefix(line, p) {
				d.say("   %s", line)
			}
		}
	}
	d.say("   (%.1fs)", time.Since(d.began).Seconds())
	return nil
}

// lines are the CLI's output lines, trimmed; of machine-readable output,
// the messages, with the diagnostics kept in d.diagnostics.
func (d *demo) lines() []string {
	var lines []string
	d.diagnostics = nil
	for _, line := range strings.Split(d.out.String(), "\n") {
		var ui uiLine
		if strings.HasPrefix(line, "{") && json.Unmarshal([]byte(line), &ui) == nil {
			if ui.Diagnostic != nil {
				d.diagnostics = append(d.diagnostics, *ui.Diagnostic)
				if ui.Diagnostic.Detail != "" {
					ui.Message += "\n" + ui.Diagnostic.Detail
				}
			}
			line = ui.Message
		}
		lines = append(lines, strings.TrimSpace(line))
	}
	return lines
}

// warnings returns the provider's warnings of the last run, once each
// (a plan's warning comes again from the apply that carries it out), as
// "<summary>: <session id>", sorted, and shows them by summary, with
// their text when details is set.
func (d *demo) warnings(details bool) []string {
	seen := map[string]bool{}
	bySummary := map[string][]string{}
	detail := map[string]string{}
	for _, w := range d.diagnostics {
		if w.Severity != "warning" || strings.HasPrefix(w.Summary, "Provider development overrides") {
			continue
		}
		if k := w.Summary + ": " + d.warned(w); !seen[k] {
			seen[k] = true
			bySummary[w.Summary] = append(bySummary[w.Summary], d.warned(w))
			detail[k] = w.Detail
		}
	}
	list := slices.Sorted(maps.Keys(seen))
	d.say("   Warnings: %d.", len(list))
	for _, s := range slices.Sorted(maps.Keys(bySummary)) {
		slices.Sort(bySummary[s])
		d.say("     %s: %s", s, strings.Join(bySummary[s], ", "))
		if details {
			for _, id := range bySummary[s] {
				d.say("%s", wrap(detail[s+": "+id], "       ", 110))
			}
		}
	}
	return list
}

// warned tells the session a warning is about: by its address in a plan,
// by the external_id its text names in an apply.
func (d *demo) warned(w uiDiagnostic) string {
	if _, key, ok := strings.Cut(w.Address, `["`); ok {
		return strings.TrimSuffix(key, `"]`)
	}
	for _, s := range d.sched.Sessions {
		if strings.Contains(w.Detail, "-"+s.ID+`"`) {
			return s.ID
		}
	}
	return w.Address
}

// wrap breaks text into lines of at most width characters, each after
// prefix.
func wrap(text, prefix string, width int) string {
	var lines []string
	line := prefix
	for _, word := range strings.Fields(text) {
		if len(line) > len(prefix) && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = prefix
		}
		if len(line) > len(prefix) {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}

func (d *demo) failed(err error) error {
	return fmt.Errorf("%w\n\nCLI output:\n%s", err, strings.Join(d.lines(), "\n"))
}

// mail shows and returns what the outbox recorded, by kind.
func (d *demo) mail() map[graphmock.MailKind]int {
	byKind := map[graphmock.MailKind]int{}
	recipients := map[string]bool{}
	for _, m := range d.mock.Outbox() {
		byKind[m.Kind]++
		recipients[m.To] = true
	}
	var parts []string
	for _, k := range []graphmock.MailKind{graphmock.MailInvitation, graphmock.MailUpdate, graphmock.MailCancellation} {
		if n := byKind[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %ss", n, k))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "nothing")
	}
	d.say("   Mail the mock's outbox recorded: %s, to %d people.", strings.Join(parts, ", "), len(recipients))
	return byKind
}

// occurrenceMail shows and returns the mail about one occurrence of a
// series, by kind and date.
func (d *demo) occurrenceMail() map[string]int {
	byDate := map[string]int{}
	for _, m := range d.mock.Outbox() {
		if m.Occurrence != "" {
			byDate[string(m.Kind)+" "+m.Occurrence]++
		}
	}
	for _, k := range slices.Sorted(maps.Keys(byDate)) {
		kind, date, _ := strings.Cut(k, " ")
		d.say("     of which about the series' occurrence of %s: %d %ss", day(date), byDate[k], kind)
	}
	return byDate
}

// sessionMail returns the outbox's mail by kind and session, and shows it
// when it is about fewer sessions than the programme has.
func (d *demo) sessionMail() map[string]int {
	bySession := map[string]int{}
	for _, m := range d.mock.Outbox() {
		bySession[string(m.Kind)+" "+d.ids[m.EventID]]++
	}
	if len(bySession) > 0 && len(bySession) < len(d.sched.Sessions) {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(bySession)) {
			kind, id, _ := strings.Cut(k, " ")
			parts = append(parts, fmt.Sprintf("%s %d %ss", id, bySession[k], kind))
		}
		d.say("     by session: %s", strings.Join(parts, ", "))
	}
	return bySession
}

// heldCancellations counts the outbox's cancellations about a session or
// an occurrence that has begun.
func (d *demo) heldCancellations() int {
	now, n := time.Now(), 0
	for _, m := range d.mock.Outbox() {
		if m.Kind != graphmock.MailCancellation {
			continue
		}
		s, ok := d.sessionByID(d.ids[m.EventID])
		switch {
		case !ok:
			n++ // about an event the demo does not know: count it
		case m.Occurrence != "":
			if !d.sched.labOccurrenceStart(m.Occurrence).After(now) {
				n++
			}
		case !instant(s.Start).After(now):
			n++
		}
	}
	return n
}

// writes shows and returns the Graph writes since the last reset to the
// events of the sessions ids, by session.
func (d *demo) writes(ids []string) map[string]int {
	bySession := map[string]int{}
	for _, id := range ids {
		bySession[id] = 0
	}
	for _, r := range d.mock.Requests() {
		switch r.Route {
		case graphmock.RouteEventCreate, graphmock.RouteEventPatch, graphmock.RouteEventDelete, graphmock.RouteEventCancel:
		default:
			continue
		}
		p, err := url.PathUnescape(r.Path)
		if err != nil {
			p = r.Path
		}
		for event, id := range d.ids {
			if strings.Contains(p, "/events/"+event) {
				bySession[id]++
			}
		}
	}
	var parts []string
	for _, id := range ids {
		parts = append(parts, fmt.Sprintf("%s %d", id, bySession[id]))
	}
	d.say("   Writes to each session's event: %s.", strings.Join(parts, ", "))
	return bySession
}

func (d *demo) requests() {
	st := d.mock.Stats()
	var parts []string
	for _, r := range []graphmock.Route{graphmock.RouteToken, graphmock.RouteEventFind, graphmock.RouteEventCreate, graphmock.RouteEventGet,
		graphmock.RouteEventInstances, graphmock.RouteEventPatch, graphmock.RouteFind, graphmock.RoutePatch, graphmock.RouteEventDelete, graphmock.RouteEventCancel} {
		if n := st.Requests[r]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", r, n))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "none")
	}
	d.say("   Requests the mock received: %s.", strings.Join(parts, ", "))
}

func joinURLs(ctx context.Context, tf *tfexec.Terraform) (map[string]string, error) {
	outputs, err := tf.Output(ctx)
	if err != nil {
		return nil, err
	}
	urls := map[string]string{}
	if err := json.Unmarshal(outputs["join_urls"].Value, &urls); err != nil {
		return nil, fmt.Errorf("reading the join_urls output: %w", err)
	}
	return urls, nil
}

// changedLines keeps the resource header, the changed attributes and the
// set elements added of a human-readable plan.
func changedLines(plan string) string {
	var keep []string
	resources := false
	for _, line := range strings.Split(plan, "\n") {
		t := strings.TrimSpace(line)
		// The legend before the resources, and the outputs after them,
		// are left out.
		if strings.HasPrefix(t, "Changes to Outputs:") {
			break
		}
		if resources = resources || strings.HasPrefix(t, "#"); !resources {
			continue
		}
		if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "~") || strings.HasPrefix(t, "+ \"") || strings.HasPrefix(t, "Plan:") {
			keep = append(keep, strings.TrimRight(line, " "))
		}
	}
	return strings.Join(keep, "\n")
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
