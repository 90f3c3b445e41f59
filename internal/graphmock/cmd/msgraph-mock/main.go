// Command msgraph-mock serves the mock Microsoft Graph and token endpoint
// on a loopback address, for the demo and for manual runs of the provider:
//
//	msgraph-mock -listen 127.0.0.1:0 -url-file /tmp/mock-url
//
// Point the provider at it with ARM_AUTHORITY_HOST=<url> and
// MSGRAPH_ENDPOINT=<url>/v1.0, and the credentials it prints; -env-file
// writes all of them as KEY=value lines for a shell to source.
//
// With -require-no-meetings (-require-no-events) it exits with status 3
// when it is stopped (SIGINT or SIGTERM) while it still holds meetings
// (calendar events), after listing them: make test-live-mock uses it to
// prove that the live-tenant mode cleans up after itself. A meeting that
// has expired (60 days after its end or last update, by the mock's clock)
// is gone, as in Graph, and does not count.
//
// Besides Graph it serves, for a maintainer driving it with curl:
//
//	GET  /_mock/stats    the counters
//	GET  /_mock/outbox   the mail Exchange would have sent
//	GET  /_mock/clock    the mock's time, {"now":"<RFC 3339 UTC>"}
//	POST /_mock/clock    {"advance":"1464h"}: moves it on, and answers it
//
// The clock is what online meetings' creation, createOrGet's "start now"
// and their expiry go by; calendar events and the fault timers keep the
// machine's.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "msgraph-mock:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		listen   = flag.String("listen", "127.0.0.1:0", "loopback address to listen on")
		urlFile  = flag.String("url-file", "", "write the base URL to this file once listening")
		envFile  = flag.String("env-file", "", "write the provider's environment for this mock (KEY=value lines) to this file once listening")
		noLeft   = flag.Bool("require-no-meetings", false, "exit with status 3 if meetings are left when stopped (expired ones are gone and do not count)")
		noEvents = flag.Bool("require-no-events", false, "exit with status 3 if calendar events are left when stopped")
		cfg      graphmock.Config
		f        graphmock.Faults
		denied   string
		delegate string
		users    string
	)
	flag.StringVar(&cfg.TenantID, "tenant-id", graphmock.DefaultTenantID, "the tenant the token endpoint serves")
	flag.StringVar(&cfg.ClientID, "client-id", graphmock.DefaultClientID, "the application that may obtain tokens")
	flag.StringVar(&cfg.ClientSecret, "client-secret", graphmock.DefaultClientSecret, "the accepted client secret")
	flag.StringVar(&cfg.FederatedToken, "federated-token", "", "an accepted federated (OIDC) client assertion")
	flag.StringVar(&delegate, "delegated-token", "", "token=userObjectId: a ready delegated token for the /me paths")
	flag.DurationVar(&cfg.TokenLifetime, "token-lifetime", time.Hour, "lifetime of issued access tokens")
	flag.DurationVar(&f.Latency, "latency", 0, "latency added to every request")
	flag.IntVar(&f.ThrottleEvery, "throttle-every", 0, "answer every n-th Graph request 429")
	flag.StringVar(&f.RetryAfter, "retry-after", "1", "Retry-After of throttled answers, in (fractional) seconds")
	flag.IntVar(&f.UnavailableEvery, "unavailable-every", 0, "answer every n-th Graph request 503")
	flag.IntVar(&f.DropCreateEvery, "drop-create-every", 0, "commit every n-th new meeting, then drop the connection")
	flag.Float64Var(&f.RateLimit, "rate-limit", 0, "token bucket: Graph requests per second (0: unlimited)")
	flag.IntVar(&f.RateBurst, "rate-burst", 0, "token bucket capacity (0: one second's worth)")
	flag.StringVar(&denied, "deny-users", "", "comma-separated user object ids without an application access policy")
	flag.StringVar(&users, "users", "", "comma-separated objectId=upn or objectId=upn=display name entries: the directory that event paths and attendees resolve against")
	flag.StringVar(&cfg.SeriesExceptions, "series-exceptions", graphmock.SeriesExceptionsKept, "what a PATCH of a series' times or pattern does to its cancelled and moved occurrences (undocumented in Graph): kept or discarded; a change of its range's end alone keeps those it still has, either way")
	flag.Parse()

	host, _, err := net.SplitHostPort(*listen)
	if err != nil {
		return err
	}
	if !graph.IsLoopback(host) {
		return fmt.Errorf("-listen %s: the mock only listens on loopback addresses", *listen)
	}
	switch cfg.SeriesExceptions {
	case graphmock.SeriesExceptionsKept, graphmock.SeriesExceptionsDiscarded:
	default:
		return fmt.Errorf("-series-exceptions %s: want %s or %s", cfg.SeriesExceptions, graphmock.SeriesExceptionsKept, graphmock.SeriesExceptionsDiscarded)
	}
	if denied != "" {
		f.DeniedUsers = strings.Split(denied, ",")
	}
	for pair := range strings.SplitSeq(users, ",") {
		if pair == "" {
			continue
		}
		id, upn, ok := strings.Cut(pair, "=")
		if !ok {
			return fmt.Errorf("-users: %q is not objectId=upn", pair)
		}
		upn, name, _ := strings.Cut(upn, "=")
		cfg.Users = append(cfg.Users, graphmock.User{ID: id, UPN: upn, DisplayName: name})
	}
	if token, user, ok := strings.Cut(delegate, "="); ok {
		cfg.DelegatedTokens = map[string]string{token: user}
	}
	cfg.Faults = f

	l, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	base := "http://" + l.Addr().String()
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(base+"\n"), 0o600); err != nil {
			return err
		}
	}
	env := graphmock.ProviderEnv(base, cfg)
	fmt.Printf("mock Graph listening on %s\n", base)
	fmt.Printf("  ARM_AUTHORITY_HOST=%s MSGRAPH_ENDPOINT=%s\n", env["ARM_AUTHORITY_HOST"], env["MSGRAPH_ENDPOINT"])
	// A mock's made-up secret: printing it is the point.
	fmt.Printf("  ARM_TENANT_ID=%s ARM_CLIENT_ID=%s ARM_CLIENT_SECRET=%s\n", env["ARM_TENANT_ID"], env["ARM_CLIENT_ID"], env["ARM_CLIENT_SECRET"])
	fmt.Printf("  counters: %s/_mock/stats\n", base)
	fmt.Printf("  outbox:   %s/_mock/outbox\n", base)
	fmt.Printf("  clock:    %s/_mock/clock (POST {\"advance\":\"1464h\"} moves it on)\n", base)

	server := graphmock.New(cfg)
	srv := &http.Server{Handler: server, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if *envFile != "" {
		if err := writeEnvFile(*envFile, env); err != nil {
			return err
		}
	}
	if err := srv.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	left := false
	if st := server.Stats(); *noLeft && st.Meetings > 0 {
		left = true
		fmt.Fprintf(os.Stderr, "msgraph-mock: %d meetings are left:\n", st.Meetings)
		for _, m := range server.Meetings() {
			if m.ExternalID != nil {
				fmt.Fprintf(os.Stderr, "  %s (external id %q)\n", m.ID, *m.ExternalID)
			} else {
				fmt.Fprintf(os.Stderr, "  %s\n", m.ID)
			}
		}
	}
	if st := server.Stats(); *noEvents && st.Events > 0 {
		left = true
		fmt.Fprintf(os.Stderr, "msgraph-mock: %d calendar events are left:\n", st.Events)
		for _, mailbox := range server.EventMailboxes() {
			for _, e := range server.Events(mailbox) {
				fmt.Fprintf(os.Stderr, "  %s in mailbox %s: %q%s\n", e.ID, mailbox, deref(e.Subject), keys(e))
			}
		}
	}
	if left {
		os.Exit(3)
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// keys lists an event's single-value extended properties, which hold the
// provider's external id.
func keys(e graph.Event) string {
	var b strings.Builder
	for _, p := range e.SingleValueExtendedProperties {
		fmt.Fprintf(&b, " (%s = %q)", p.ID, p.Value)
	}
	return b.String()
}

// writeEnvFile writes env as sorted KEY=value lines, completely or not at
// all: a reader that waits for the file never sees half of it.
func writeEnvFile(file string, env map[string]string) error {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(env)) {
		fmt.Fprintf(&b, "%s=%s\n", k, env[k])
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}
