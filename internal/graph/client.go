// Package graph is a small, typed client for the Microsoft Graph v1.0
// online meeting operations: createOrGet, get (by id or $filter), update and
// delete. It authenticates with golang.org/x/oauth2, retries throttled and
// transient failures, and reports Graph's errors as *Error.
//
// The package knows nothing of Terraform.
package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-uuid"
	"golang.org/x/oauth2"
)

// Options configures a Client.
type Options struct {
	// Endpoint is Graph's base URL including the version, such as
	// https://graph.microsoft.com/v1.0. Plain HTTP is accepted only for a
	// loopback host.
	Endpoint string
	// Credential obtains the access tokens.
	Credential Credential
	// MaxRetries bounds the retries of one request; 0 disables retrying.
	MaxRetries int
	// Backoff applies when Graph sends no Retry-After; zero means
	// DefaultBackoff.
	Backoff Backoff
	// AcceptLanguage, when set, is sent as Accept-Language so that Graph
	// localises the join information.
	AcceptLanguage string
	// UserAgent is sent with every request.
	UserAgent string
	// Transport carries the requests; nil means a clone of
	// http.DefaultTransport.
	Transport http.RoundTripper
	// OnRequest, when set, is called after every HTTP exchange, token
	// requests included. It never sees headers or bodies.
	OnRequest func(context.Context, RequestEvent)
	// OnRetry, when set, is called before every retry.
	OnRetry func(context.Context, RetryEvent)
}

// RequestEvent describes one HTTP exchange, for logging.
type RequestEvent struct {
	Method     string
	URL        string
	StatusCode int
	Duration   time.Duration
	// RequestID is the request-id response header, if any.
	RequestID string
	Err       error
}

// Client calls Microsoft Graph. It is safe for concurrent use; all its
// requests share one cached, refreshed token.
type Client struct {
	endpoint       *url.URL
	http           *http.Client
	acceptLanguage string
	userAgent      string
}

// New returns a Client. It does not contact Graph or the token endpoint:
// the first token is fetched by the first request.
func New(opts Options) (*Client, error) {
	if err := CheckEndpointURL(opts.Endpoint); err != nil {
		return nil, fmt.Errorf("graph endpoint: %w", err)
	}
	endpoint, _ := url.Parse(strings.TrimSuffix(opts.Endpoint, "/"))
	if opts.Credential == nil {
		return nil, errors.New("graph: no credential")
	}
	if opts.MaxRetries < 0 {
		return nil, fmt.Errorf("graph: MaxRetries must not be negative, got %d", opts.MaxRetries)
	}
	if opts.Backoff == (Backoff{}) {
		opts.Backoff = DefaultBackoff
	}
	base := opts.Transport
	if base == nil {
		base = http.DefaultTransport
		if t, ok := base.(*http.Transport); ok {
			base = t.Clone()
		}
	}
	if opts.OnRequest != nil {
		base = &observeTransport{next: base, onRequest: opts.OnRequest}
	}
	withRetries := func(next http.RoundTripper, paced bool) http.RoundTripper {
		return &retryTransport{next: next, maxRetries: opts.MaxRetries, backoff: opts.Backoff, onRetry: opts.OnRetry, paced: paced}
	}

	tokenHTTP := &http.Client{Transport: withRetries(base, false), Timeout: 2 * time.Minute}
	// tokenFetcher moves the expiry earlier in proportion to the token's
	// lifetime; the cache itself only allows for a request's travel time.
	// (oauth2.ReuseTokenSource's fixed 10 s would make a token shorter-lived
	// than that useless.)
	tokens := oauth2.ReuseTokenSourceWithExpiry(nil, &tokenFetcher{src: opts.Credential.tokenSource(tokenHTTP, scopeFor(endpoint))}, time.Second)

	// Graph requests: retried, each attempt held to its mailbox's limit
	// (Outlook requests) and paced by the limiter, with a token.
	limited := &limitTransport{next: &oauth2.Transport{Source: tokens, Base: base}, limiter: newConcurrencyLimiter()}
	gated := &mailboxTransport{next: limited, gate: newMailboxGate(MailboxConcurrency)}
	return &Client{
		endpoint:       endpoint,
		http:           &http.Client{Transport: withRetries(gated, true)},
		acceptLanguage: opts.AcceptLanguage,
		userAgent:      opts.UserAgent,
	}, nil
}

// tokenFetcher wraps a credential's token source. It reports failures as
// *AuthError, and makes tokens count as expired a little before Graph would
// reject them: a tenth of their lifetime, at most five minutes, so that a
// request never leaves with a token that expires on the way while
// short-lived tokens are still reused.
type tokenFetcher struct {
	src oauth2.TokenSource
}

func (f *tokenFetcher) Token() (*oauth2.Token, error) {
	tok, err := f.src.Token()
	if err != nil {
		return nil, newAuthError(err)
	}
	if !tok.Expiry.IsZero() {
		margin := min(time.Until(tok.Expiry)/10, 5*time.Minute)
		tok.Expiry = tok.Expiry.Add(-margin)
	}
	return tok, nil
}

// observeTransport reports each exchange to a hook.
type observeTransport struct {
	next      http.RoundTripper
	onRequest func(context.Context, RequestEvent)
}

func (t *observeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	event := RequestEvent{Method: req.Method, URL: redactedURL(req), Duration: time.Since(start), Err: err}
	if resp != nil {
		event.StatusCode = resp.StatusCode
		event.RequestID = resp.Header.Get("request-id")
	}
	t.onRequest(req.Context(), event)
	return resp, err
}

// exchange is the outcome of a successful do.
type exchange struct {
	status int
	// lostAttempt: a retry followed an attempt whose outcome was lost.
	lostAttempt bool
}

// do sends one Graph request, with retries, and decodes a 2xx answer into
// out (if not nil).
func (c *Client) do(ctx context.Context, method, path, rawQuery string, in, out any) (exchange, error) {
	return c.send(ctx, &attemptTrace{}, method, path, rawQuery, in, out)
}

// doOnce is do for a request that Graph must not receive twice: it is
// retried only when Graph certainly did not act on it (see
// retryableUnsafe).
func (c *Client) doOnce(ctx context.Context, method, path string, in, out any) (exchange, error) {
	return c.send(ctx, &attemptTrace{notIdempotent: true}, method, path, "", in, out)
}

func (c *Client) send(ctx context.Context, trace *attemptTrace, method, path, rawQuery string, in, out any) (exchange, error) {
	u := c.endpoint.String() + path
	if rawQuery != "" {
		u += "?" + rawQuery
	}
	return c.sendURL(ctx, trace, method, u, in, out)
}

// sendURL is send for a URL of the endpoint, such as an @odata.nextLink
// (see nextLinkURL).
func (c *Client) sendURL(ctx context.Context, trace *attemptTrace, method, u string, in, out any) (exchange, error) {
	ctx = context.WithValue(ctx, traceKey{}, trace)
	var body io.Reader
	var payload []byte
	if in != nil {
		var err error
		if payload, err = json.Marshal(in); err != nil {
			return exchange{}, fmt.Errorf("encoding the %s body: %w", method, err)
		}
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return exchange{}, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Prefer", "include-unknown-enum-members")
	for _, p := range trace.prefer {
		req.Header.Add("Prefer", p)
	}
	req.Header.Set("client-request-id", newUUID())
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.acceptLanguage != "" {
		req.Header.Set("Accept-Language", c.acceptLanguage)
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return exchange{}, fmt.Errorf("%s %s: %w", method, req.URL.Path, unwrapURLError(err))
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return exchange{}, fmt.Errorf("%s %s: reading the answer: %w", method, req.URL.Path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := DecodeError(resp.StatusCode, resp.Header, respBody)
		e.Method, e.Path, e.Attempts = method, req.URL.Path, attemptsOf(resp)
		e.StoppedByDeadline = trace.stoppedByDeadline
		return exchange{}, e
	}
	if out != nil && len(bytes.TrimSpace(respBody)) > 0 {
		if err := json.Unmarshal(respBody, out); err != nil {
			return exchange{}, fmt.Errorf("%s %s: decoding the answer: %w", method, req.URL.Path, err)
		}
	}
	return exchange{status: resp.StatusCode, lostAttempt: trace.lost}, nil
}

// unwrapURLError drops *url.Error's "Post \"https://...\":" prefix; the
// caller names the request itself.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// newUUID returns a random UUID, for client-request-id headers and token
// ids. Should the system's randomness fail, the zero UUID still keeps the
// request going: these ids correlate logs, they protect nothing.
func newUUID() string {
	id, err := uuid.GenerateUUID()
	if err != nil {
		return "00000000-0000-0000-0000-000000000000"
	}
	return id
}
