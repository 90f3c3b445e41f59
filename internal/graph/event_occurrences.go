package graph

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// A series' occurrences. Graph addresses each by an id of its own, which
// only Graph can tell: how it encodes the occurrence's date is
// undocumented, so the client never builds or parses one; it asks the
// series for its instances and goes by their originalStart.

// instancesPageSize is the page the instances are asked for in: a
// season's weekly course in one request.
const instancesPageSize = 100

// instancesSelect is what the provider needs of an occurrence.
var instancesSelect = strings.Join([]string{
	"id", "type", "seriesMasterId", "originalStart", "start", "end", "location", "isCancelled",
}, ",")

// ListInstances lists the occurrences and exceptions of the series
// seriesID that overlap [from, to), in order of start, with start and end
// in timeZone: page is called with each page Graph answers. Graph leaves
// cancelled occurrences out (documented); should it list one, it has
// IsCancelled set. An error page returns stops the listing.
func (c *Client) ListInstances(ctx context.Context, mailbox, seriesID, timeZone string, from, to time.Time, page func([]Event) error) error {
	query := strings.Join([]string{
		"startDateTime=" + queryEscape(from.UTC().Format(time.RFC3339)),
		"endDateTime=" + queryEscape(to.UTC().Format(time.RFC3339)),
		"$select=" + queryEscape(instancesSelect),
	}, "&")
	p, err := c.eventPage(ctx, mailbox, timeZone, instancesPageSize, c.endpoint.String()+eventPath(mailbox, seriesID)+"/instances?"+query)
	if err != nil {
		return err
	}
	return c.followPages(ctx, mailbox, timeZone, instancesPageSize, p, page)
}

// CancelOccurrence cancels one occurrence of a series, which mails its
// attendees a cancellation for that date: with comment, by the cancel
// action; without, by deleting the occurrence. Neither is sent twice: a
// second cancellation after a lost answer would mail everyone again, so
// after any failure OutcomeUnknown tells whether it may have been carried
// out, and the caller reads the series to find out.
func (c *Client) CancelOccurrence(ctx context.Context, mailbox, id, comment string) error {
	if comment == "" {
		return c.deleteEvent(ctx, mailbox, id, true)
	}
	return c.cancelEvent(ctx, mailbox, id, comment, true)
}

// OriginalStartTime is the instant an occurrence's pattern started it at.
func (e *Event) OriginalStartTime() (time.Time, error) {
	if e.OriginalStart == nil {
		return time.Time{}, fmt.Errorf("graph: occurrence %s has no originalStart", e.ID)
	}
	t, err := time.Parse(time.RFC3339Nano, *e.OriginalStart)
	if err != nil {
		return time.Time{}, fmt.Errorf("graph: occurrence %s: originalStart %q: %w", e.ID, *e.OriginalStart, err)
	}
	return t, nil
}
