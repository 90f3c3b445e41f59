package graph

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// Every events request asks for immutable ids: an event's ordinary id
// changes when it moves to another folder or calendar, and the
// preference applies only to the request that carries it.
const immutableIDs = `IdType="ImmutableId"`

func eventsPath(mailbox string) string {
	return "/users/" + pathSegment(mailbox) + "/events"
}

func eventPath(mailbox, id string) string {
	return eventsPath(mailbox) + "/" + pathSegment(id)
}

// eventCall sends one events request of a mailbox: with immutable ids,
// within the mailbox's concurrency limit, and with start and end answered
// in timeZone when it is set.
func (c *Client) eventCall(ctx context.Context, mailbox, timeZone, method, path, rawQuery string, once bool, in, out any) (exchange, error) {
	return c.send(ctx, eventTrace(mailbox, timeZone, once), method, path, rawQuery, in, out)
}

// eventTrace is the trace of an events request: its mailbox, for the
// mailbox gate, and the Prefer headers every events request sends
// (immutable ids; the time zone, when set).
func eventTrace(mailbox, timeZone string, once bool) *attemptTrace {
	trace := &attemptTrace{notIdempotent: once, mailbox: mailbox, prefer: []string{immutableIDs}}
	if timeZone != "" {
		trace.prefer = append(trace.prefer, `outlook.timezone="`+timeZone+`"`)
	}
	return trace
}

// CreateEvent creates an event in the mailbox's calendar, which sends its
// invitations. Graph's transactionId is meant to make a repeated POST
// harmless, but what Graph does with it is undocumented; so the POST is
// retried only when Graph certainly did not act (429, or no connection),
// and after any other failure OutcomeUnknown tells whether the event may
// nevertheless exist: look it up (FindEventsByExtendedProperty) before
// posting again.
func (c *Client) CreateEvent(ctx context.Context, mailbox, timeZone string, e Event) (*Event, error) {
	var out Event
	if _, err := c.eventCall(ctx, mailbox, timeZone, http.MethodPost, eventsPath(mailbox), "", true, e, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetEvent reads an event with start and end in timeZone, and the
// extended property with id expandProperty when it is set.
func (c *Client) GetEvent(ctx context.Context, mailbox, id, timeZone, expandProperty string) (*Event, error) {
	var out Event
	if _, err := c.eventCall(ctx, mailbox, timeZone, http.MethodGet, eventPath(mailbox, id), expandQuery(expandProperty), false, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// FindEventsByExtendedProperty returns the mailbox's events (single events
// and series masters) whose single-value extended property propertyID has
// value (compared without regard to case, as Graph does), with the
// property expanded. A new event may take a while to become visible to
// this search.
func (c *Client) FindEventsByExtendedProperty(ctx context.Context, mailbox, propertyID, value, timeZone string) ([]Event, error) {
	var page struct {
		Value []Event `json:"value"`
	}
	filter := "singleValueExtendedProperties/Any(ep: ep/id eq " + odataString(propertyID) + " and ep/value eq " + odataString(value) + ")"
	query := "$filter=" + queryEscape(filter) + "&" + expandQuery(propertyID)
	if _, err := c.eventCall(ctx, mailbox, timeZone, http.MethodGet, eventsPath(mailbox), query, false, nil, &page); err != nil {
		return nil, err
	}
	return page.Value, nil
}

// UpdateEvent PATCHes the properties update carries and returns the event
// as Graph stored it, start and end in timeZone. Most PATCHes mail the
// attendees: send only what changed. A PATCH is repeated only when Graph
// certainly did not act on it, since a second one would mail everyone
// again; after any other failure OutcomeUnknown tells whether it may have
// been applied.
func (c *Client) UpdateEvent(ctx context.Context, mailbox, id, timeZone string, update EventUpdate) (*Event, error) {
	var out Event
	if _, err := c.eventCall(ctx, mailbox, timeZone, http.MethodPatch, eventPath(mailbox, id), "", true, update, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteEvent deletes an event, which mails a cancellation to its
// attendees. Graph answers 404 for an event that is already gone; see
// IsNotFound.
func (c *Client) DeleteEvent(ctx context.Context, mailbox, id string) error {
	return c.deleteEvent(ctx, mailbox, id, false)
}

func (c *Client) deleteEvent(ctx context.Context, mailbox, id string, once bool) error {
	_, err := c.eventCall(ctx, mailbox, "", http.MethodDelete, eventPath(mailbox, id), "", once, nil, nil)
	return err
}

// CancelEvent cancels a meeting with a comment to its attendees, and
// removes it from the organizer's calendar. Only the organizer may cancel.
func (c *Client) CancelEvent(ctx context.Context, mailbox, id, comment string) error {
	return c.cancelEvent(ctx, mailbox, id, comment, false)
}

func (c *Client) cancelEvent(ctx context.Context, mailbox, id, comment string, once bool) error {
	body := struct {
		Comment string `json:"Comment,omitempty"`
	}{comment}
	_, err := c.eventCall(ctx, mailbox, "", http.MethodPost, eventPath(mailbox, id)+"/cancel", "", once, body, nil)
	return err
}

// expandQuery asks for one single-value extended property.
func expandQuery(propertyID string) string {
	if propertyID == "" {
		return ""
	}
	return "$expand=" + queryEscape("singleValueExtendedProperties($filter=id eq "+odataString(propertyID)+")")
}

// odataString quotes s as an OData string literal.
func odataString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// queryEscape percent-encodes a query value, spaces as %20: Graph asks
// for colon, slash and space to be encoded in extended-property filters.
func queryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
