package graph_test

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

func TestCredentials(t *testing.T) {
	t.Parallel()
	cert, key := graphmock.NewCertificate(t)
	otherCert, otherKey := graphmock.NewCertificate(t)
	pfx, err := pkcs12.Modern.Encode(key, cert, nil, "pfx-password")
	if err != nil {
		t.Fatal(err)
	}
	pemBundle := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}),
		pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})...)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("federated-jwt\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	mock := newMock(t, graphmock.Config{
		Certificate:      cert.Raw,
		FederatedToken:   "federated-jwt",
		OIDCRequestToken: "ci-request-token",
	})
	a := app(mock)
	parse := func(data []byte, password string) graph.ClientCertificate {
		c, err := graph.ParseClientCertificate(data, password)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	tests := map[string]struct {
		credential graph.Credential
		wantErr    string // substring of the error; "" for success
	}{
		"client secret":            {credential: graph.ClientSecretCredential(a, graphmock.DefaultClientSecret)},
		"wrong client secret":      {credential: graph.ClientSecretCredential(a, "wrong"), wantErr: "invalid_client"},
		"certificate from PKCS#12": {credential: graph.ClientCertificateCredential(a, parse(pfx, "pfx-password"))},
		"certificate from PEM":     {credential: graph.ClientCertificateCredential(a, parse(pemBundle, ""))},
		"unregistered certificate": {
			credential: graph.ClientCertificateCredential(a, graph.ClientCertificate{Certificate: otherCert, Key: otherKey}),
			wantErr:    "AADSTS700027",
		},
		"federated token":          {credential: graph.ClientAssertionCredential(a, graph.StaticAssertion("federated-jwt"))},
		"federated token file":     {credential: graph.ClientAssertionCredential(a, graph.FederatedTokenFile(tokenFile))},
		"federated token from CI":  {credential: graph.ClientAssertionCredential(a, graph.FederatedTokenRequest(mock.URL+"/oidc/token?api-version=2.0", "ci-request-token", "api://AzureADTokenExchange"))},
		"CI refuses request token": {credential: graph.ClientAssertionCredential(a, graph.FederatedTokenRequest(mock.URL+"/oidc/token", "wrong", "api://AzureADTokenExchange")), wantErr: "HTTP 401"},
		"missing token file":       {credential: graph.ClientAssertionCredential(a, graph.FederatedTokenFile(filepath.Join(t.TempDir(), "none"))), wantErr: "reading the federated token"},
		"unknown tenant": {
			credential: graph.ClientSecretCredential(graph.App{TenantID: "other.onmicrosoft.com", ClientID: a.ClientID, AuthorityHost: a.AuthorityHost}, graphmock.DefaultClientSecret),
			wantErr:    "AADSTS90002",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := newClient(t, mock, func(o *graph.Options) { o.Credential = tt.credential; o.MaxRetries = 0 })
			_, _, err := c.CreateOrGetOnlineMeeting(context.Background(), organizer, graph.CreateOrGetRequest{ExternalID: name})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var authErr *graph.AuthError
			if !errors.As(err, &authErr) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want an *AuthError containing %q", err, tt.wantErr)
			}
			for _, secret := range []string{"wrong", "federated-jwt", "ci-request-token", graphmock.DefaultClientSecret} {
				if strings.Contains(err.Error(), secret) && secret != tt.wantErr {
					t.Errorf("error %q reveals a secret", err)
				}
			}
		})
	}
}

func TestParseClientCertificateErrors(t *testing.T) {
	t.Parallel()
	cert, key := graphmock.NewCertificate(t)
	_, otherKey := graphmock.NewCertificate(t)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	keyPEM := func(k *rsa.PrivateKey) []byte {
		der, _ := x509.MarshalPKCS8PrivateKey(k)
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	}
	pfx, _ := pkcs12.Modern.Encode(key, cert, nil, "right")
	tests := map[string]struct {
		data     []byte
		password string
		want     string
	}{
		"PEM without key":             {certPEM, "", "no PRIVATE KEY"},
		"PEM without certificate":     {keyPEM(key), "", "no CERTIFICATE"},
		"PEM key of another cert":     {append(certPEM, keyPEM(otherKey)...), "", "does not belong"},
		"encrypted PEM key":           {append(certPEM, pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{1}})...), "", "encrypted"},
		"PKCS#12 with wrong password": {pfx, "wrong", "PKCS#12"},
		"neither":                     {[]byte("hello"), "", "PKCS#12"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := graph.ParseClientCertificate(tt.data, tt.password)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	if _, err := graph.ParseClientCertificate(append(certPEM, keyPEM(key)...), ""); err != nil {
		t.Errorf("PKCS#8 PEM bundle: %v", err)
	}
}

// TestTokenIsCachedAndShared: one token serves many concurrent calls.
func TestTokenIsCachedAndShared(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{})
	c := newClient(t, mock)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := c.CreateOrGetOnlineMeeting(context.Background(), organizer, graph.CreateOrGetRequest{ExternalID: string(rune('a' + i))}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := mock.CountRequests(graphmock.RouteToken); n != 1 {
		t.Errorf("token requests = %d for 20 calls, want 1", n)
	}
}

// TestTokenIsRefreshedBeforeExpiry: a short-lived token is reused while
// valid and replaced before it expires, so no request is refused.
func TestTokenIsRefreshedBeforeExpiry(t *testing.T) {
	t.Parallel()
	mock := newMock(t, graphmock.Config{TokenLifetime: 4 * time.Second})
	c := newClient(t, mock, func(o *graph.Options) { o.MaxRetries = 0 })
	ctx := context.Background()
	m, _, err := c.CreateOrGetOnlineMeeting(ctx, organizer, graph.CreateOrGetRequest{ExternalID: "x"})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := c.GetOnlineMeeting(ctx, organizer, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n := mock.CountRequests(graphmock.RouteToken); n != 1 {
		t.Fatalf("token requests = %d while the token is fresh, want 1", n)
	}
	// A 4 s token is renewed a tenth of its life (0.4 s) plus a second
	// early, so after 3 s the next request fetches a new one.
	time.Sleep(3 * time.Second)
	if _, err := c.GetOnlineMeeting(ctx, organizer, m.ID); err != nil {
		t.Fatalf("request after expiry: %v", err)
	}
	if n := mock.CountRequests(graphmock.RouteToken); n != 2 {
		t.Errorf("token requests = %d after expiry, want 2", n)
	}
}
