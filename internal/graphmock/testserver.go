package graphmock

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestServer is a Server listening on a loopback port.
type TestServer struct {
	*Server
	// URL is the base URL, such as http://127.0.0.1:38123; it serves the
	// token endpoint (authority host) and Graph under /v1.0.
	URL string
}

// GraphURL is the Graph endpoint, with its version.
func (ts *TestServer) GraphURL() string { return ts.URL + "/v1.0" }

// NewTestServer starts a Server for one test and stops it when the test ends.
func NewTestServer(t testing.TB, cfg Config) *TestServer {
	t.Helper()
	s := New(cfg)
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return &TestServer{Server: s, URL: hs.URL}
}

// Serve serves s on l until the listener is closed.
func Serve(l net.Listener, s *Server) error {
	return (&http.Server{Handler: s}).Serve(l)
}
