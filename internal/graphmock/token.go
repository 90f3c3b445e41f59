package graphmock

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

type issuedToken struct {
	expires time.Time
	// audience is the Graph host the token was issued for.
	audience string
}

// handleToken is the v2.0 token endpoint: client credentials with a
// secret, a certificate assertion or a federated assertion.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request, _ *call) {
	if err := r.ParseForm(); err != nil {
		writeAADError(w, http.StatusBadRequest, "invalid_request", "AADSTS900144: The request body must be application/x-www-form-urlencoded.")
		return
	}
	if r.PathValue("tenant") != s.cfg.TenantID {
		writeAADError(w, http.StatusBadRequest, "invalid_request", fmt.Sprintf("AADSTS90002: Tenant '%s' not found.", r.PathValue("tenant")))
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != "client_credentials" {
		writeAADError(w, http.StatusBadRequest, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type '"+gt+"'.")
		return
	}
	if r.PostForm.Get("client_id") != s.cfg.ClientID {
		writeAADError(w, http.StatusBadRequest, "unauthorized_client", "AADSTS700016: Application with identifier '"+r.PostForm.Get("client_id")+"' was not found in the directory.")
		return
	}
	scope := r.PostForm.Get("scope")
	audience, ok := strings.CutSuffix(scope, "/.default")
	if !ok || strings.Contains(scope, " ") {
		writeAADError(w, http.StatusBadRequest, "invalid_scope", "AADSTS1002012: The provided value for scope '"+scope+"' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.")
		return
	}
	if err := s.authenticateClient(r); err != nil {
		writeAADError(w, http.StatusUnauthorized, "invalid_client", err.Error())
		return
	}

	token, _ := s.issue(audience)
	writeJSON(w, http.StatusOK, map[string]any{
		"token_type":     "Bearer",
		"expires_in":     int(s.cfg.TokenLifetime.Seconds()),
		"ext_expires_in": int(s.cfg.TokenLifetime.Seconds()),
		"access_token":   token,
	})
}

func (s *Server) authenticateClient(r *http.Request) error {
	secret := r.PostForm.Get("client_secret")
	assertion := r.PostForm.Get("client_assertion")
	switch {
	case secret != "" && assertion != "":
		return errors.New("AADSTS50027: Only one client credential may be presented.")
	case secret != "":
		if s.cfg.ClientSecret == "" || secret != s.cfg.ClientSecret {
			return errors.New("AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.")
		}
		return nil
	case assertion != "":
		s.mu.Lock()
		s.assertions = append(s.assertions, assertion)
		s.mu.Unlock()
		if r.PostForm.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
			return errors.New("AADSTS700023: client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.")
		}
		if s.cfg.FederatedToken != "" && assertion == s.cfg.FederatedToken {
			return nil
		}
		if s.cfg.Certificate != nil {
			return s.verifyCertificateAssertion(r, assertion)
		}
		return errors.New("AADSTS700211: No matching federated identity record found for presented assertion.")
	}
	return errors.New("AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
}

// verifyCertificateAssertion checks a certificate client assertion the way
// Entra does: signature by the registered certificate, its thumbprint in
// the header, the token endpoint as audience, the app as issuer and subject.
func (s *Server) verifyCertificateAssertion(r *http.Request, assertion string) error {
	cert, err := x509.ParseCertificate(s.cfg.Certificate)
	if err != nil {
		return fmt.Errorf("mock misconfigured: %w", err)
	}
	tokenURL := "http://" + r.Host + r.URL.Path
	var claims jwt.RegisteredClaims
	tok, err := jwt.ParseWithClaims(assertion, &claims, func(t *jwt.Token) (any, error) {
		if x5t, _ := t.Header["x5t#S256"].(string); x5t != s.certThumb {
			return nil, errors.New("AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.")
		}
		return cert.PublicKey, nil
	}, jwt.WithValidMethods([]string{"PS256", "RS256"}), jwt.WithAudience(tokenURL), jwt.WithIssuer(s.cfg.ClientID), jwt.WithExpirationRequired())
	if err != nil || !tok.Valid {
		return fmt.Errorf("AADSTS700027: Client assertion failed signature validation: %v", err)
	}
	if claims.Subject != s.cfg.ClientID {
		return errors.New("AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter.")
	}
	if time.Until(claims.ExpiresAt.Time) > 24*time.Hour {
		return errors.New("AADSTS700024: Client assertion is not within its valid time range.")
	}
	return nil
}

// handleOIDC is a CI's ID-token endpoint (GitHub Actions' shape): a bearer
// request token in, {"value": <federated token>} out.
func (s *Server) handleOIDC(w http.ResponseWriter, r *http.Request, _ *call) {
	if s.cfg.OIDCRequestToken == "" || r.Header.Get("Authorization") != "Bearer "+s.cfg.OIDCRequestToken {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials"})
		return
	}
	if aud := r.URL.Query().Get("audience"); !strings.HasPrefix(aud, "api://AzureADTokenExchange") {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "audience " + aud + " is not a token exchange audience"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"value": s.cfg.FederatedToken})
}

// IssueToken returns a valid application token for the Server's Graph, as
// if the token endpoint had issued it.
func (s *Server) IssueToken(audience string) string {
	token, _ := s.issue(audience)
	return token
}

// IssuedTokens returns every access token the Server has issued, so that
// tests can check none of them leaks into logs.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.tokens))
	for t := range s.tokens {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// ClientAssertions returns every client assertion the token endpoint
// received, so that tests can check none of them leaks into logs.
func (s *Server) ClientAssertions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.assertions)
}

// authorize checks the bearer token of a Graph request.
func (s *Server) authorize(r *http.Request, c *call) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return false
	}
	if user, ok := s.cfg.DelegatedTokens[token]; ok {
		c.delegated, c.userID = true, user
		return true
	}
	s.mu.Lock()
	t, ok := s.tokens[token]
	s.mu.Unlock()
	return ok && time.Now().Before(t.expires) && t.audience == "http://"+r.Host
}

func thumbprint(der []byte) string {
	sum := sha256.Sum256(der)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}
