// Package graphmock is a fake of the parts of Microsoft Graph and of the
// Microsoft identity platform that the provider uses: the OAuth 2.0 token
// endpoint, a GitHub-Actions-style OIDC token endpoint, the onlineMeetings
// operations (createOrGet, get, $filter, PATCH, DELETE) and the calendar
// events of /users/{id}/events (create, get, the list with its $filter
// and paging, the extended-property $filter, PATCH, DELETE, cancel, and a
// series' occurrences: its instances, and GET, PATCH, DELETE and cancel of
// one of them), with an outbox of the mail Exchange would send.
//
// It is strict the way Graph is: createOrGet takes only its own body
// properties, PATCH only the documented update properties, read-only
// properties are refused, enum members are checked, errors come in Graph's
// envelope and bearer tokens are checked. Fault switches make it throttle,
// fail, drop connections and deny users, so that tests can prove retries and
// the no-duplicate promise.
//
// Every Server is independent: tests start one each, in parallel.
package graphmock

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// Well-known values that the demo and tests use by default.
const (
	DefaultTenantID     = "72f988bf-0000-4000-8000-00000000a11c"
	DefaultClientID     = "0a0c1b8e-0000-4000-8000-0000000c11e7"
	DefaultClientSecret = "mock-client-secret-do-not-use"
)

// Config configures a Server. The credentials are fixed for the Server's
// life; the faults can be changed at any time with SetFaults.
type Config struct {
	// TenantID is the only tenant the token endpoint serves.
	TenantID string
	// ClientID is the application that may obtain tokens.
	ClientID string
	// ClientSecret, when set, is accepted as the client secret.
	ClientSecret string
	// Certificate, when set, makes the token endpoint accept client
	// assertions signed by its key (x5t#S256 must be its thumbprint).
	Certificate []byte // DER
	// FederatedToken, when set, is accepted as a client assertion
	// (workload identity federation).
	FederatedToken string
	// OIDCRequestToken, when set, is the bearer that GET /oidc/token
	// requires; that endpoint returns FederatedToken, as GitHub Actions'
	// ACTIONS_ID_TOKEN_REQUEST_URL does.
	OIDCRequestToken string
	// ADORequestToken and ADOServiceConnectionID, when set, make
	// POST ADOOIDCPath (an Azure DevOps pipeline's SYSTEM_OIDCREQUESTURI)
	// return FederatedToken as oidcToken, for that bearer
	// (SYSTEM_ACCESSTOKEN) and service connection.
	ADORequestToken        string
	ADOServiceConnectionID string
	// SystemAssignedIdentity and UserAssignedIdentities (client ids) are
	// the managed identities that the metadata endpoint (IMDSPath) and the
	// App Service identity endpoint (AppServiceIdentityPath) issue Graph
	// tokens for. IdentityHeader is the App Service endpoint's secret
	// (IDENTITY_HEADER).
	SystemAssignedIdentity bool
	UserAssignedIdentities []string
	IdentityHeader         string
	// DelegatedTokens maps ready access tokens to the user they act for;
	// only these tokens may call the /me paths.
	DelegatedTokens map[string]string
	// TokenLifetime is the expires_in of issued tokens (default one hour).
	TokenLifetime time.Duration
	// NoPasscodeByDefault is the tenant's Teams meeting policy: meetings
	// created without joinMeetingIdSettings.isPasscodeRequired get no
	// passcode. By default, as in a new tenant, every meeting has one.
	NoPasscodeByDefault bool
	// Users is the directory: the mailboxes /users/{id | UPN}/events
	// resolves UPNs to, and the casing and names attendee addresses are
	// answered with. A GUID that is not listed is a mailbox too.
	Users []User
	// EventTransactionDedup makes a second event create with a
	// transactionId already used in the mailbox answer 201 with the
	// existing event, creating and mailing nothing. Without it, as far as
	// Graph documents the property, the second create is a second event.
	EventTransactionDedup bool
	// CalendarMeetingPatch is what a PATCH of the options of an
	// onlineMeeting that a calendar event created gets (undocumented):
	// "" or CalendarMeetingPatchAllow applies it, CalendarMeetingPatchRefuse
	// answers 403. Subject, times and participants, which the event owns,
	// are refused 400 either way.
	CalendarMeetingPatch string
	// UnsetOptionalSettings leaves meetingSpokenLanguageTag and
	// watermarkProtection unset (null) on new meetings, as Graph does for
	// organizers without Teams Premium or a language preference (the docs
	// show both); sensitivityLabelAssignment is always unset.
	UnsetOptionalSettings bool
	// InstancesListCancelled makes a series' instances list its cancelled
	// occurrences too, with isCancelled true: an undocumented alternative
	// to the documented reading that instances "excludes cancelled
	// occurrences" (§1.2), which is the default.
	InstancesListCancelled bool
	// SeriesExceptions is what a PATCH (or an out-of-band edit) of a
	// series master that changes its start, end or recurrence does to the
	// series' cancelled and moved occurrences, which Graph does not
	// document: "" or SeriesExceptionsKept keeps those whose original date
	// the new pattern still has (moved ones at their moved times) and drops
	// the others; SeriesExceptionsDiscarded drops them all, so that every
	// occurrence follows the new pattern again. Occurrence ids change
	// either way.
	SeriesExceptions string

	Faults Faults
}

// CalendarMeetingPatch modes.
const (
	CalendarMeetingPatchAllow  = "allow"
	CalendarMeetingPatchRefuse = "refuse"
)

// SeriesExceptions modes.
const (
	SeriesExceptionsKept      = "kept"
	SeriesExceptionsDiscarded = "discarded"
)

// User is a directory user with a mailbox.
type User struct {
	ID          string // Entra object id
	UPN         string // also the primary SMTP address
	DisplayName string
}

// Faults are misbehaviours the Server can be told to show.
type Faults struct {
	// Latency is added to every request.
	Latency time.Duration
	// ThrottleEvery answers every n-th Graph request 429 with RetryAfter.
	ThrottleEvery int
	// RetryAfter is the Retry-After of throttled answers ("1", "0.5");
	// default "1".
	RetryAfter string
	// UnavailableEvery answers every n-th Graph request 503, without
	// Retry-After.
	UnavailableEvery int
	// DropCreateEvery commits every n-th new meeting (of createOrGet or of
	// plain create), then closes the connection without answering.
	DropCreateEvery int
	// DeleteDelay holds every DELETE back this long before carrying it out,
	// as a slow Graph would; concurrent requests are served meanwhile.
	DeleteDelay time.Duration
	// RateLimit, when positive, is a token bucket of that many Graph
	// requests per second, holding RateBurst requests (default: one
	// second's worth); requests beyond it get 429 with the exact,
	// fractional Retry-After.
	RateLimit float64
	RateBurst int
	// DeniedUsers get Graph's 403 for a missing application access policy
	// on every /users/{id} request made with an application token.
	DeniedUsers []string
	// NoMailboxUsers have no mailbox Graph can reach (on-premises,
	// unlicensed, inactive, or guests): the events API answers them 404
	// MailboxNotEnabledForRESTAPI.
	NoMailboxUsers []string
	// ReverseAttendees returns attendee lists in reverse order.
	ReverseAttendees bool
	// OmitExternalIDOnGet leaves externalId out of GET answers, as Graph's
	// own GET examples do; createOrGet still returns it.
	OmitExternalIDOnGet bool
	// ResolveAttendeeUPNs fills in the UPN of attendees sent without one,
	// as Graph may when it resolves the user.
	ResolveAttendeeUPNs bool
	// PartialPatchAnswers answers a PATCH with the meeting's id and the
	// properties that were sent only, as Graph's own update examples show.
	PartialPatchAnswers bool
	// IgnoreIANATimeZonePrefer answers events in UTC, without
	// Preference-Applied, when Prefer: outlook.timezone names an IANA zone,
	// as reported in 2016; Windows ids are still honoured.
	IgnoreIANATimeZonePrefer bool
	// EventFilterDelay keeps an event invisible to the extended-property
	// $filter for this long after its extended properties were written
	// (an index latency Graph does not document).
	EventFilterDelay time.Duration
	// MailboxConcurrencyRetryAfter is the Retry-After of the 429 for a
	// fifth concurrent request to one mailbox; "" sends none (whether
	// Graph sends one is undocumented).
	MailboxConcurrencyRetryAfter string
	// DropEventCreateEvery commits every n-th new event, with its
	// invitations, then closes the connection without answering.
	DropEventCreateEvery int
	// CancelledOccurrenceListedFor keeps a cancelled occurrence in its
	// series' instances, as if it took place, for this long after the
	// cancel (an index latency Graph does not document).
	CancelledOccurrenceListedFor time.Duration
	// DropOccurrenceCancelEvery commits every n-th cancellation of one
	// occurrence of a series (by the cancel action or by DELETE), with its
	// cancellations to attendees, then closes the connection without
	// answering.
	DropOccurrenceCancelEvery int
}

// Route names a kind of request, for counting and fault injection.
type Route string

const (
	RouteToken       Route = "token"
	RouteOIDC        Route = "oidc"
	RouteADOOIDC     Route = "ado-oidc"
	RouteIMDS        Route = "imds"
	RouteAppService  Route = "app-service-identity"
	RouteCreateOrGet Route = "createOrGet"
	RouteCreate      Route = "create"
	RouteGet         Route = "get"
	RouteFind        Route = "find"
	RoutePatch       Route = "patch"
	RouteDelete      Route = "delete"

	RouteEventCreate Route = "event-create"
	RouteEventFind   Route = "event-find" // the extended-property key lookup
	RouteEventList   Route = "event-list" // every other GET of the collection
	RouteEventGet    Route = "event-get"
	RouteEventPatch  Route = "event-patch"
	RouteEventDelete Route = "event-delete"
	RouteEventCancel Route = "event-cancel"
	// RouteEventInstances is a series' instances; GET, PATCH, DELETE and
	// cancel of one occurrence are the routes above.
	RouteEventInstances Route = "event-instances"
)

// Request is a request the Server received.
type Request struct {
	Route  Route
	Method string
	// Path is the escaped path; Query the raw query.
	Path  string
	Query string
	// UserID is the organizer the request acted for, or the mailbox of an
	// event request, as an object id ("" for token requests).
	UserID string
	// Body is the request body (nil for token requests, which carry secrets).
	Body []byte
	// Status is the answer's status; 0 when the connection was dropped.
	Status    int
	RequestID string
	// Headers holds the request headers that matter to Graph's semantics
	// (Prefer, Accept-Language, client-request-id, Retry-Attempt).
	Headers http.Header
	// ImmutableID tells whether the request carried the Prefer token
	// IdType="ImmutableId".
	ImmutableID bool
}

// carriesSecrets tells the routes whose bodies are credentials.
func (r Route) carriesSecrets() bool {
	switch r {
	case RouteToken, RouteOIDC, RouteADOOIDC, RouteIMDS, RouteAppService:
		return true
	}
	return false
}

// isEvent tells the routes of /users/{id}/events, which Exchange serves.
func (r Route) isEvent() bool {
	switch r {
	case RouteEventCreate, RouteEventFind, RouteEventList, RouteEventGet, RouteEventPatch, RouteEventDelete, RouteEventCancel, RouteEventInstances:
		return true
	}
	return false
}

// BodyKeys returns the top-level property names of a JSON body, sorted.
func (r Request) BodyKeys() []string {
	var m map[string]json.RawMessage
	if json.Unmarshal(r.Body, &m) != nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Failure makes the next Count requests of Route fail with Graph's envelope.
type Failure struct {
	Route     Route
	Count     int
	Status    int
	Code      string
	Message   string
	RequestID string // default: a fresh one
}

// Server is a mock of Graph and of its token endpoint. Use it as an
// http.Handler, or start it with NewTestServer or Listen.
type Server struct {
	cfg   Config
	rules *rules
	mux   *http.ServeMux

	mu         sync.Mutex
	faults     Faults
	graphCount int
	newCreates int
	failures   []Failure
	tokens     map[string]issuedToken
	meetings   map[string]*storedMeeting
	byKey      map[meetingKey]string
	requests   []Request
	assertions []string
	bucket     tokenBucket
	certThumb  string

	users      map[string]User // by lower-case object id and lower-case UPN
	events     map[string]*storedEvent
	byTxn      map[txnKey]string
	newEvents  int
	inFlight   map[string]int // event requests per mailbox
	mailbox429 int
	outbox     []Mail
	// occurrenceIDs are the occurrence ids answered so far: ids are opaque,
	// so the mock remembers what each one names.
	occurrenceIDs     map[string]occurrenceRef
	occurrenceCancels int
}

type meetingKey struct{ userID, externalID string }

type storedMeeting struct {
	userID  string
	meeting graph.OnlineMeeting
	// eventID is the calendar event that created the meeting, if any.
	eventID string
}

// withDefaults fills in the tenant, the application and the token
// lifetime that cfg leaves unset.
func (cfg Config) withDefaults() Config {
	if cfg.TenantID == "" {
		cfg.TenantID = DefaultTenantID
	}
	if cfg.ClientID == "" {
		cfg.ClientID = DefaultClientID
	}
	if cfg.TokenLifetime == 0 {
		cfg.TokenLifetime = time.Hour
	}
	return cfg
}

// New returns a Server for cfg.
func New(cfg Config) *Server {
	r, err := loadRules()
	if err != nil {
		panic(err) // the embedded schema is part of the build
	}
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:      cfg,
		rules:    r,
		tokens:   map[string]issuedToken{},
		meetings: map[string]*storedMeeting{},
		byKey:    map[meetingKey]string{},
		users:    map[string]User{},
		events:   map[string]*storedEvent{},
		byTxn:    map[txnKey]string{},
		inFlight: map[string]int{},

		occurrenceIDs: map[string]occurrenceRef{},
	}
	for _, u := range cfg.Users {
		s.users[strings.ToLower(u.ID)] = u
		s.users[strings.ToLower(u.UPN)] = u
	}
	switch cfg.CalendarMeetingPatch {
	case "", CalendarMeetingPatchAllow, CalendarMeetingPatchRefuse:
	default:
		panic("graphmock: CalendarMeetingPatch must be \"\", \"allow\" or \"refuse\", not " + strconv.Quote(cfg.CalendarMeetingPatch))
	}
	switch cfg.SeriesExceptions {
	case "", SeriesExceptionsKept, SeriesExceptionsDiscarded:
	default:
		panic("graphmock: SeriesExceptions must be \"\", \"kept\" or \"discarded\", not " + strconv.Quote(cfg.SeriesExceptions))
	}
	s.setFaultsLocked(cfg.Faults)
	if cfg.Certificate != nil {
		s.certThumb = thumbprint(cfg.Certificate)
	}
	s.routes()
	return s
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("POST /{tenant}/oauth2/v2.0/token", s.record(RouteToken, s.handleToken))
	m.HandleFunc("GET /oidc/token", s.record(RouteOIDC, s.handleOIDC))
	m.HandleFunc("POST "+ADOOIDCPath, s.record(RouteADOOIDC, s.handleADOOIDC))
	m.HandleFunc("GET "+IMDSPath, s.record(RouteIMDS, s.handleIMDS))
	m.HandleFunc("GET "+AppServiceIdentityPath, s.record(RouteAppService, s.handleAppServiceIdentity))
	m.HandleFunc("GET /_mock/stats", s.handleStats)
	for _, base := range []string{"/v1.0/users/{user}/onlineMeetings", "/v1.0/me/onlineMeetings"} {
		m.HandleFunc("POST "+base+"/createOrGet", s.graph(RouteCreateOrGet, s.handleCreateOrGet))
		m.HandleFunc("POST "+base+"/microsoft.graph.createOrGet", s.graph(RouteCreateOrGet, s.handleCreateOrGet))
		m.HandleFunc("POST "+base, s.graph(RouteCreate, s.handleCreate))
		m.HandleFunc("GET "+base, s.graph(RouteFind, s.handleFind))
		m.HandleFunc("GET "+base+"/{id}", s.graph(RouteGet, s.handleGet))
		m.HandleFunc("PATCH "+base+"/{id}", s.graph(RoutePatch, s.handlePatch))
		m.HandleFunc("DELETE "+base+"/{id}", s.graph(RouteDelete, s.handleDelete))
	}
	// Events are app-only here: no /me.
	events := "/v1.0/users/{user}/events"
	m.HandleFunc("POST "+events, s.graph(RouteEventCreate, s.handleEventCreate))
	find, list := s.graph(RouteEventFind, s.handleEventFind), s.graph(RouteEventList, s.handleEventList)
	m.HandleFunc("GET "+events, func(w http.ResponseWriter, r *http.Request) {
		if isKeyLookup(r) {
			find(w, r)
		} else {
			list(w, r)
		}
	})
	m.HandleFunc("GET "+events+"/{id}", s.graph(RouteEventGet, s.handleEventGet))
	m.HandleFunc("PATCH "+events+"/{id}", s.graph(RouteEventPatch, s.handleEventPatch))
	m.HandleFunc("DELETE "+events+"/{id}", s.graph(RouteEventDelete, s.handleEventDelete))
	m.HandleFunc("POST "+events+"/{id}/cancel", s.graph(RouteEventCancel, s.handleEventCancel))
	m.HandleFunc("GET "+events+"/{id}/instances", s.graph(RouteEventInstances, s.handleEventInstances))
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusBadRequest, "BadRequest", "Resource not found for the segment '"+lastSegment(r.URL.Path)+"'.", newRequestID())
	})
	s.mux = m
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// SetFaults replaces the Server's faults.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setFaultsLocked(f)
}

func (s *Server) setFaultsLocked(f Faults) {
	if f.RetryAfter == "" {
		f.RetryAfter = "1"
	}
	s.faults = f
	s.bucket = newTokenBucket(f.RateLimit, f.RateBurst)
}

// FailNext queues a failure for the next requests of f.Route.
func (s *Server) FailNext(f Failure) {
	if f.Count == 0 {
		f.Count = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, f)
}

// record wraps a handler so that its request is recorded with its status.
func (s *Server) record(route Route, h func(http.ResponseWriter, *http.Request, *call)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(io.LimitReader(r.Body, 4<<20))
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		c := &call{route: route, requestID: newRequestID(), body: body, language: r.Header.Get("Accept-Language")}
		rw := &statusWriter{ResponseWriter: w}
		rw.Header().Set("request-id", c.requestID)
		if id := r.Header.Get("client-request-id"); id != "" {
			rw.Header().Set("client-request-id", id)
		}
		if !route.isEvent() {
			s.sleep(r) // event requests sleep holding their mailbox slot
		}
		h(rw, r, c)

		rec := Request{
			Route: route, Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
			UserID: c.userID, Status: rw.status, RequestID: c.requestID, Headers: http.Header{},
			ImmutableID: strings.EqualFold(preferences(r.Header)["idtype"], "ImmutableId"),
		}
		if !route.carriesSecrets() {
			rec.Body = body
		}
		for _, k := range []string{"Prefer", "Accept-Language", "client-request-id", "Retry-Attempt"} {
			if v := r.Header.Values(k); len(v) > 0 {
				rec.Headers[http.CanonicalHeaderKey(k)] = v
			}
		}
		s.mu.Lock()
		s.requests = append(s.requests, rec)
		s.mu.Unlock()
	}
}

func (s *Server) sleep(r *http.Request) {
	s.mu.Lock()
	d := s.faults.Latency
	s.mu.Unlock()
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// call carries what the middleware learnt about a request.
type call struct {
	route     Route
	requestID string
	userID    string // the organizer the path names, or the /me user
	delegated bool
	prefer    bool   // Prefer: include-unknown-enum-members
	language  string // Accept-Language
	body      []byte
}

// statusWriter remembers the status written; it stays 0 when a handler
// hijacks the connection and drops it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// RequestsTo returns the requests of one route, oldest first.
func (s *Server) RequestsTo(route Route) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Route == route {
			out = append(out, r)
		}
	}
	return out
}

// CountRequests counts the requests of the given routes, or of all Graph
// routes when none is given.
func (s *Server) CountRequests(routes ...Route) int {
	n := 0
	for _, r := range s.Requests() {
		if len(routes) == 0 && !r.Route.carriesSecrets() || slices.Contains(routes, r.Route) {
			n++
		}
	}
	return n
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// Stats are the Server's counters.
type Stats struct {
	Meetings int           `json:"meetings"`
	Events   int           `json:"events"`
	Requests map[Route]int `json:"requests"`
	// Statuses counts answers by status ("0" for dropped connections).
	Statuses map[int]int `json:"statuses"`
	// MailboxConcurrency429 counts the answers to a fifth concurrent
	// request to one mailbox.
	MailboxConcurrency429 int `json:"mailboxConcurrency429"`
	// Mail counts the outbox.
	Mail int `json:"mail"`
}

// Stats returns the current counters.
func (s *Server) Stats() Stats {
	st := Stats{Meetings: s.MeetingCount(), Events: s.EventCount(), Requests: map[Route]int{}, Statuses: map[int]int{}}
	s.mu.Lock()
	st.MailboxConcurrency429, st.Mail = s.mailbox429, len(s.outbox)
	s.mu.Unlock()
	for _, r := range s.Requests() {
		st.Requests[r.Route]++
		st.Statuses[r.Status]++
	}
	return st
}

func (s *Server) handleStats(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Stats())
}

func lastSegment(p string) string {
	p = strings.TrimSuffix(p, "/")
	return p[strings.LastIndex(p, "/")+1:]
}
