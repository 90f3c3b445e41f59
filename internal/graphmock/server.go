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
// the no-duplicate promise. Online meetings expire as Graph's do, by a clock
// that tests can move (Now, Advance; clock.go, meetings_expiry.go).
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
	"sync/atomic"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

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

	// clockOffset is what Advance moved the mock's clock by (clock.go), in
	// nanoseconds; atomic, so that Now needs no lock and may run under mu.
	clockOffset atomic.Int64
}

type meetingKey struct{ userID, externalID string }

type storedMeeting struct {
	userID  string
	meeting graph.OnlineMeeting
	// eventID is the calendar event that created the meeting, if any; such
	// a meeting does not expire in the mock (meetings_expiry.go).
	eventID string
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
	m.HandleFunc("GET /_mock/outbox", s.handleOutbox)
	m.HandleFunc("GET /_mock/clock", s.handleClock)
	m.HandleFunc("POST /_mock/clock", s.handleClock)
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
		// Recorded once the handler is done, or just before it drops the
		// connection: the client sees a dropped connection at once, and a
		// test that counts requests then must find this one.
		commit := sync.OnceFunc(func() { s.recordRequest(route, r, c, rw.status, body) })
		rw.beforeDrop = commit
		h(rw, r, c)
		commit()
	}
}

// recordRequest adds a request to the log, with the status it was answered.
func (s *Server) recordRequest(route Route, r *http.Request, c *call, status int, body []byte) {
	rec := Request{
		Route: route, Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
		UserID: c.userID, Status: status, RequestID: c.requestID, Headers: http.Header{},
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
	// beforeDrop runs before a handler drops the connection.
	beforeDrop func()
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
	// Meetings counts the online meetings that have not expired.
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
