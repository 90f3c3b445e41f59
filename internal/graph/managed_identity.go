package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// IMDSEndpoint is the Azure Instance Metadata Service's token endpoint,
// which virtual machines, scale sets and self-hosted agents on them reach
// without credentials.
const IMDSEndpoint = "http://169.254.169.254/metadata/identity/oauth2/token"

// ManagedIdentity says where a managed identity's tokens come from.
type ManagedIdentity struct {
	// Endpoint is the token endpoint: IMDSEndpoint, the App Service /
	// Functions / Container Apps IDENTITY_ENDPOINT, or an override.
	Endpoint string
	// IdentityHeader is App Service's IDENTITY_HEADER. When set, Endpoint
	// is spoken to as App Service's (API version 2019-08-01, the header as
	// X-IDENTITY-HEADER); otherwise as the metadata service's (2018-02-01,
	// Metadata: true).
	IdentityHeader string
	// ClientID picks a user-assigned identity; empty means the
	// system-assigned one.
	ClientID string
}

// ManagedIdentityCredential obtains tokens for the identity Azure assigns to
// the machine or app the provider runs on.
func ManagedIdentityCredential(mi ManagedIdentity) Credential {
	return mi
}

func (mi ManagedIdentity) tokenSource(hc *http.Client, scope string) oauth2.TokenSource {
	return managedIdentitySource{mi: mi, hc: hc, resource: strings.TrimSuffix(scope, "/.default")}
}

type managedIdentitySource struct {
	mi       ManagedIdentity
	hc       *http.Client
	resource string
}

func (s managedIdentitySource) Token() (*oauth2.Token, error) {
	q := url.Values{"resource": {s.resource}}
	if s.mi.ClientID != "" {
		q.Set("client_id", s.mi.ClientID)
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, s.mi.Endpoint, nil)
	if err != nil {
		return nil, fmt.Errorf("managed identity endpoint: %w", err)
	}
	if s.mi.IdentityHeader != "" {
		q.Set("api-version", "2019-08-01")
		req.Header.Set("X-IDENTITY-HEADER", s.mi.IdentityHeader)
	} else {
		q.Set("api-version", "2018-02-01")
		req.Header.Set("Metadata", "true")
	}
	req.URL.RawQuery = q.Encode()
	resp, err := s.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("requesting a managed identity token from %s: %w (is this an Azure VM, scale set, App Service, Functions "+
			"or Container Apps app with a managed identity?)", req.URL.Host, unwrapURLError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("reading the managed identity token: %w", err)
	}
	var out struct {
		AccessToken      string          `json:"access_token"`
		TokenType        string          `json:"token_type"`
		ExpiresIn        json.RawMessage `json:"expires_in"`
		ExpiresOn        json.RawMessage `json:"expires_on"`
		Error            string          `json:"error"`
		ErrorDescription string          `json:"error_description"`
		Message          string          `json:"message"` // App Service's errors
	}
	_ = json.Unmarshal(body, &out)
	if resp.StatusCode != http.StatusOK || out.AccessToken == "" {
		msg := fmt.Sprintf("the managed identity endpoint %s answered HTTP %d", req.URL.Host, resp.StatusCode)
		if out.Error != "" {
			msg += ", " + out.Error
		}
		if out.ErrorDescription != "" {
			msg += ": " + out.ErrorDescription
		}
		if out.Message != "" {
			msg += ": " + out.Message
		}
		return nil, errors.New(msg)
	}
	tok := &oauth2.Token{AccessToken: out.AccessToken, TokenType: "Bearer"}
	// The metadata service sends expires_in (a string of seconds), App
	// Service expires_on (seconds since 1970); either may be a number.
	if secs, ok := jsonSeconds(out.ExpiresIn); ok {
		tok.Expiry = time.Now().Add(time.Duration(secs) * time.Second)
	} else if at, ok := jsonSeconds(out.ExpiresOn); ok {
		tok.Expiry = time.Unix(at, 0)
	}
	return tok, nil
}

// jsonSeconds reads a whole number that may be quoted.
func jsonSeconds(raw json.RawMessage) (int64, bool) {
	text := strings.Trim(string(raw), `"`)
	n, err := strconv.ParseInt(text, 10, 64)
	return n, err == nil && n > 0
}

// CheckManagedIdentityEndpoint checks a managed identity's token endpoint:
// HTTPS, a loopback address, the metadata service's link-local
// 169.254.169.254, or, when the hosting platform itself set it
// (IDENTITY_ENDPOINT), plain HTTP on a private address. The exceptions are
// for this credential only; CheckEndpointURL rules everything else.
func CheckManagedIdentityEndpoint(raw string, setByPlatform bool) error {
	if CheckEndpointURL(raw) == nil {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Host == "" || u.User != nil {
		return CheckEndpointURL(raw)
	}
	ip := net.ParseIP(u.Hostname())
	switch {
	case ip != nil && ip.Equal(net.ParseIP("169.254.169.254")):
		return nil
	case setByPlatform && ip != nil && ip.IsPrivate():
		return nil
	}
	return fmt.Errorf("%q is plain HTTP on %s; a managed identity endpoint must be HTTPS, loopback, the metadata service's 169.254.169.254, or an IDENTITY_ENDPOINT on a private address", raw, u.Hostname())
}
