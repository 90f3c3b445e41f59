package graphmock

import (
	"errors"
	"net"
	"net/http"
	"time"
)

// Instance is a Server listening on a loopback port.
type Instance struct {
	*Server
	// URL is the base URL, such as http://127.0.0.1:38123. It serves the
	// token endpoint (the authority host) and Graph under /v1.0.
	URL string

	http *http.Server
	done chan error
}

// Start serves a new Server for cfg on a free loopback port.
func Start(cfg Config) (*Instance, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := New(cfg)
	in := &Instance{
		Server: s,
		URL:    "http://" + l.Addr().String(),
		http:   &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second},
		done:   make(chan error, 1),
	}
	go func() { in.done <- in.http.Serve(l) }()
	return in, nil
}

// GraphURL is the Graph endpoint, with its version.
func (in *Instance) GraphURL() string { return in.URL + "/v1.0" }

// ProviderEnv is the provider's environment for a mock at base (its URL)
// that serves cfg: the tenant, the application and its client secret, and
// the mock as authority host and Graph endpoint. Unset fields of cfg are
// the mock's defaults, DefaultClientSecret among them.
func ProviderEnv(base string, cfg Config) map[string]string {
	cfg = cfg.withDefaults()
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = DefaultClientSecret
	}
	return map[string]string{
		"ARM_TENANT_ID":      cfg.TenantID,
		"ARM_CLIENT_ID":      cfg.ClientID,
		"ARM_CLIENT_SECRET":  cfg.ClientSecret,
		"ARM_AUTHORITY_HOST": base,
		"MSGRAPH_ENDPOINT":   base + "/v1.0",
	}
}

// Close stops the server and its connections.
func (in *Instance) Close() error {
	err := in.http.Close()
	if serveErr := <-in.done; !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}

// TB is the part of testing.TB that NewTestServer uses; the mock's own
// code does not import testing.
type TB interface {
	Helper()
	Fatal(args ...any)
	Cleanup(func())
}

// NewTestServer starts a Server for one test and stops it when the test ends.
func NewTestServer(t TB, cfg Config) *Instance {
	t.Helper()
	in, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	return in
}
