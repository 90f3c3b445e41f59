package graph

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

// EventListQuery selects the events ListEvents returns.
type EventListQuery struct {
	// StartFrom and StartBefore bound the events' start: StartFrom <= start
	// < StartBefore, compared as instants (Graph compares in UTC). A zero
	// time leaves its side open.
	StartFrom, StartBefore time.Time
	// SubjectContains, when set, keeps the events whose subject contains
	// it, without regard to case.
	SubjectContains string
	// OnlineOnly keeps the Teams meetings (isOnlineMeeting).
	OnlineOnly bool
	// OrganizerOnly keeps the events the mailbox organizes (isOrganizer),
	// leaving out the invitations it received.
	OrganizerOnly bool
	// ExcludeCancelled leaves out the cancelled meetings that stayed in
	// the calendar (isCancelled).
	ExcludeCancelled bool
	// TimeZone is the zone start and end are answered in (Prefer:
	// outlook.timezone); "" is UTC.
	TimeZone string
	// PageSize asks Graph for at most this many events a page (Prefer:
	// odata.maxpagesize); 0 leaves Graph's default, 10.
	PageSize int
	// ExtendedProperty, when set, is the id of a single-value extended
	// property to expand on every event.
	ExtendedProperty string
}

// ListEvents lists the mailbox's single events and series masters that q
// selects, in order of start: page is called with the events of each page
// Graph answers, as they arrive (a page none of whose events q selects is
// skipped). An error page returns stops the listing, and ListEvents
// returns it as it is.
//
// Graph documents no filterable property of the events list, so q goes
// to Graph as a $filter of the forms clients commonly use, and the client
// checks every condition again on what comes back. Should Graph refuse the
// first page's $filter (400), the listing starts again with the window
// only, then with no $filter, and the client does the rest.
//
// Every page is a request of the mailbox: within its concurrency limit,
// retried like any GET, with immutable ids. @odata.nextLink is followed
// as Graph wrote it, provided it points into the client's endpoint, since
// the request carries the access token.
func (c *Client) ListEvents(ctx context.Context, mailbox string, q EventListQuery, page func([]Event) error) error {
	var p eventPage
	var err error
	for _, filter := range q.filters() {
		p, err = c.eventPage(ctx, mailbox, q.TimeZone, q.PageSize, c.endpoint.String()+eventsPath(mailbox)+"?"+q.rawQuery(filter))
		if !hasStatus(err, http.StatusBadRequest) {
			break
		}
	}
	if err != nil {
		return err
	}
	return c.followPages(ctx, mailbox, q.TimeZone, q.PageSize, p, func(value []Event) error {
		events, err := q.keep(value)
		if err != nil || len(events) == 0 {
			return err
		}
		return page(events)
	})
}

// followPages calls page with the events of p, then of each page its
// @odata.nextLink leads to, until the last one or an error.
func (c *Client) followPages(ctx context.Context, mailbox, timeZone string, pageSize int, p eventPage, page func([]Event) error) error {
	for {
		if err := page(p.Value); err != nil {
			return err
		}
		if p.NextLink == "" {
			return nil
		}
		next, err := c.nextLinkURL(p.NextLink)
		if err != nil {
			return err
		}
		if p, err = c.eventPage(ctx, mailbox, timeZone, pageSize, next); err != nil {
			return err
		}
	}
}

// eventPage is one page of an events list.
type eventPage struct {
	Value    []Event `json:"value"`
	NextLink string  `json:"@odata.nextLink"`
}

func (c *Client) eventPage(ctx context.Context, mailbox, timeZone string, pageSize int, u string) (eventPage, error) {
	trace := eventTrace(mailbox, timeZone, false)
	if pageSize > 0 {
		trace.prefer = append(trace.prefer, "odata.maxpagesize="+strconv.Itoa(pageSize))
	}
	var p eventPage
	_, err := c.sendURL(ctx, trace, http.MethodGet, u, nil, &p)
	return p, err
}

// nextLinkURL checks that a nextLink points into the endpoint (same
// scheme, host and version), and returns it unchanged.
func (c *Client) nextLinkURL(link string) (string, error) {
	u, err := url.Parse(link)
	if err != nil || !strings.EqualFold(u.Scheme, c.endpoint.Scheme) || !strings.EqualFold(u.Host, c.endpoint.Host) ||
		!strings.HasPrefix(u.EscapedPath(), c.endpoint.EscapedPath()+"/") || u.User != nil {
		return "", fmt.Errorf("graph: the @odata.nextLink %q of a list of events is not a URL of the Graph endpoint %s; not followed", link, c.endpoint)
	}
	return link, nil
}

// filters are the $filters to try, narrowest first: every condition, the
// window only, none.
func (q EventListQuery) filters() []string {
	window := q.windowClauses()
	out := []string{strings.Join(slices.Concat(window, q.propertyClauses()), " and ")}
	for _, f := range []string{strings.Join(window, " and "), ""} {
		if f != out[len(out)-1] {
			out = append(out, f)
		}
	}
	return out
}

// windowClauses compare start/dateTime with UTC wall-clock literals, which
// have whole seconds: the bounds are widened to them, and keep narrows.
func (q EventListQuery) windowClauses() []string {
	var out []string
	if !q.StartFrom.IsZero() {
		out = append(out, "start/dateTime ge "+odataString(q.StartFrom.UTC().Truncate(time.Second).Format(filterDateTime)))
	}
	if !q.StartBefore.IsZero() {
		before := q.StartBefore.UTC()
		if t := before.Truncate(time.Second); !t.Equal(before) {
			before = t.Add(time.Second)
		}
		out = append(out, "start/dateTime lt "+odataString(before.Format(filterDateTime)))
	}
	return out
}

const filterDateTime = "2006-01-02T15:04:05"

func (q EventListQuery) propertyClauses() []string {
	var out []string
	if q.SubjectContains != "" {
		out = append(out, "contains(subject,"+odataString(q.SubjectContains)+")")
	}
	if q.OnlineOnly {
		out = append(out, "isOnlineMeeting eq true")
	}
	if q.OrganizerOnly {
		out = append(out, "isOrganizer eq true")
	}
	if q.ExcludeCancelled {
		out = append(out, "isCancelled eq false")
	}
	return out
}

// rawQuery is the first page's query: filter, order by start, and the
// extended property.
func (q EventListQuery) rawQuery(filter string) string {
	var parts []string
	if filter != "" {
		parts = append(parts, "$filter="+queryEscape(filter))
	}
	parts = append(parts, "$orderby="+queryEscape("start/dateTime"))
	if e := expandQuery(q.ExtendedProperty); e != "" {
		parts = append(parts, e)
	}
	return strings.Join(parts, "&")
}

// keep returns the events of a page that q selects: single events and
// series masters that meet every condition.
func (q EventListQuery) keep(events []Event) ([]Event, error) {
	out := events[:0:0]
	for _, e := range events {
		ok, err := q.selects(&e)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return out, nil
}

func (q EventListQuery) selects(e *Event) (bool, error) {
	is := func(b *bool) bool { return b != nil && *b }
	switch {
	case e.Type != nil && *e.Type != "singleInstance" && *e.Type != "seriesMaster",
		q.OnlineOnly && !is(e.IsOnlineMeeting),
		q.OrganizerOnly && !is(e.IsOrganizer),
		q.ExcludeCancelled && is(e.IsCancelled),
		q.SubjectContains != "" && (e.Subject == nil || !strings.Contains(strings.ToLower(*e.Subject), strings.ToLower(q.SubjectContains))):
		return false, nil
	}
	if q.StartFrom.IsZero() && q.StartBefore.IsZero() {
		return true, nil
	}
	start, err := e.startTime()
	if err != nil {
		return false, err
	}
	return (q.StartFrom.IsZero() || !start.Before(q.StartFrom)) && (q.StartBefore.IsZero() || start.Before(q.StartBefore)), nil
}

// startTime is the instant the event starts.
func (e *Event) startTime() (time.Time, error) {
	if e.Start == nil {
		return time.Time{}, fmt.Errorf("graph: event %s has no start", e.ID)
	}
	loc, err := timezone.Load(e.Start.TimeZone)
	if err != nil {
		return time.Time{}, fmt.Errorf("graph: event %s: %w", e.ID, err)
	}
	// Graph writes seven fractional digits, which parsing takes though
	// the layout has none.
	t, err := time.ParseInLocation(filterDateTime, e.Start.DateTime, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("graph: event %s: start %q: %w", e.ID, e.Start.DateTime, err)
	}
	return t, nil
}
