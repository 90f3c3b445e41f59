package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// meetingsPath is the onlineMeetings collection of a user, or of the
// signed-in user (/me, delegated tokens only) when userID is empty.
func meetingsPath(userID string) string {
	if userID == "" {
		return "/me/onlineMeetings"
	}
	return "/users/" + pathSegment(userID) + "/onlineMeetings"
}

func meetingPath(userID, meetingID string) string {
	return meetingsPath(userID) + "/" + pathSegment(meetingID)
}

// pathSegment percent-encodes s as one path segment. Meeting ids are
// base64 and hold "/" and "+"; url.PathEscape leaves "+" alone, which
// some servers decode as a space, so it is encoded as well.
func pathSegment(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), "+", "%2B")
}

// CreateOrGetOutcome tells what createOrGet did.
type CreateOrGetOutcome int

const (
	// Created: Graph created the meeting (201).
	Created CreateOrGetOutcome = iota + 1
	// Existing: the meeting existed before this call (200); Graph returned
	// it unchanged.
	Existing
	// ExistingAfterLostAttempt: Graph answered 200 to a retry that followed
	// an attempt whose outcome was lost (a dropped connection, 503 or 504).
	// The meeting is the one that attempt created, or one that existed
	// before; nobody can tell which.
	ExistingAfterLostAttempt
)

// String names the outcome, for logs.
func (o CreateOrGetOutcome) String() string {
	switch o {
	case Created:
		return "created"
	case Existing:
		return "existing"
	case ExistingAfterLostAttempt:
		return "existing after a lost attempt"
	}
	return fmt.Sprintf("CreateOrGetOutcome(%d)", int(o))
}

// CreateOrGetOnlineMeeting creates the meeting with req's external id, or
// returns the one that already exists, unchanged. An empty userID means
// /me. Retrying it is safe: the external id makes it idempotent.
func (c *Client) CreateOrGetOnlineMeeting(ctx context.Context, userID string, req CreateOrGetRequest) (*OnlineMeeting, CreateOrGetOutcome, error) {
	var m OnlineMeeting
	ex, err := c.do(ctx, http.MethodPost, meetingsPath(userID)+"/createOrGet", "", req, &m)
	switch {
	case err != nil:
		return nil, 0, err
	case ex.status == http.StatusCreated:
		return &m, Created, nil
	case ex.lostAttempt:
		return &m, ExistingAfterLostAttempt, nil
	}
	return &m, Existing, nil
}

// CreateOnlineMeeting creates a meeting with Graph's plain create, which
// takes every settable property at once (a passcode among them) but, unlike
// createOrGet, has no idempotency key: each call that Graph carries out
// makes a new meeting. It is therefore retried only when Graph certainly
// did not act (429, or no connection); after any other failure
// OutcomeUnknown tells whether a meeting may nevertheless exist.
func (c *Client) CreateOnlineMeeting(ctx context.Context, userID string, req OnlineMeetingCreate) (*OnlineMeeting, error) {
	var m OnlineMeeting
	if _, err := c.doOnce(ctx, http.MethodPost, meetingsPath(userID), req, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// OutcomeUnknown reports whether a failed request may still have been
// carried out: Graph answered 5xx, or the answer was lost (a dropped
// connection, a timeout). A 4xx answer, a failure to obtain a token and a
// connection that was never established all mean Graph did nothing.
func OutcomeUnknown(err error) bool {
	if err == nil {
		return false
	}
	if e, ok := AsError(err); ok {
		return e.StatusCode >= 500
	}
	var auth *AuthError
	if errors.As(err, &auth) {
		return false
	}
	return !neverSent(err)
}

// GetOnlineMeeting reads a meeting by id.
func (c *Client) GetOnlineMeeting(ctx context.Context, userID, meetingID string) (*OnlineMeeting, error) {
	var m OnlineMeeting
	if _, err := c.do(ctx, http.MethodGet, meetingPath(userID, meetingID), "", nil, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// FindOnlineMeetingByJoinWebURL looks a meeting up by its join link. It
// returns an error wrapping ErrNotFound when none matches.
func (c *Client) FindOnlineMeetingByJoinWebURL(ctx context.Context, userID, joinWebURL string) (*OnlineMeeting, error) {
	return c.findOne(ctx, userID, "JoinWebUrl", joinWebURL)
}

// FindOnlineMeetingByJoinMeetingID looks a meeting up by the meeting id that
// people type to join. It returns an error wrapping ErrNotFound when none
// matches.
func (c *Client) FindOnlineMeetingByJoinMeetingID(ctx context.Context, userID, joinMeetingID string) (*OnlineMeeting, error) {
	return c.findOne(ctx, userID, "joinMeetingIdSettings/joinMeetingId", joinMeetingID)
}

func (c *Client) findOne(ctx context.Context, userID, property, value string) (*OnlineMeeting, error) {
	var page struct {
		Value []OnlineMeeting `json:"value"`
	}
	if _, err := c.do(ctx, http.MethodGet, meetingsPath(userID), FilterQuery(property, value), nil, &page); err != nil {
		return nil, err
	}
	if len(page.Value) == 0 {
		return nil, fmt.Errorf("%w: %s eq %q", ErrNotFound, property, value)
	}
	return &page.Value[0], nil
}

// FilterQuery is the raw query "$filter={property} eq '{value}'", with the
// value quoted as an OData string literal and the whole expression
// percent-encoded (a join link holds '?', '&' and '%').
func FilterQuery(property, value string) string {
	return "$filter=" + queryEscape(property+" eq "+odataString(value))
}

// UpdateOnlineMeeting PATCHes the properties set in update and returns the
// meeting as Graph stored it. Graph documents the answer as the whole
// meeting, but its own examples answer an excerpt; after an answer that is
// not a whole meeting (see isWhole), the meeting is read.
func (c *Client) UpdateOnlineMeeting(ctx context.Context, userID, meetingID string, update OnlineMeetingUpdate) (*OnlineMeeting, error) {
	var m OnlineMeeting
	ex, err := c.do(ctx, http.MethodPatch, meetingPath(userID, meetingID), "", update, &m)
	if err != nil {
		return nil, err
	}
	if ex.status == http.StatusNoContent || !m.isWhole() {
		return c.GetOnlineMeeting(ctx, userID, meetingID)
	}
	return &m, nil
}

// DeleteOnlineMeeting deletes a meeting. Graph answers 404 for a meeting
// that is already gone; see IsNotFound.
func (c *Client) DeleteOnlineMeeting(ctx context.Context, userID, meetingID string) error {
	_, err := c.do(ctx, http.MethodDelete, meetingPath(userID, meetingID), "", nil, nil)
	return err
}
