package graph

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
	"software.sslmate.com/src/go-pkcs12"
)

// A Credential obtains access tokens for Graph. Construct one with
// ClientSecretCredential, ClientCertificateCredential,
// ClientAssertionCredential, ManagedIdentityCredential or
// AccessTokenCredential.
type Credential interface {
	// tokenSource returns a source of tokens for scope, fetching them with
	// hc. The Client caches what it returns.
	tokenSource(hc *http.Client, scope string) oauth2.TokenSource
}

// App identifies an Entra application in a tenant, and where its tokens
// come from.
type App struct {
	TenantID string
	ClientID string
	// AuthorityHost is the login host, such as https://login.microsoftonline.com.
	AuthorityHost string
}

// TokenURL is the v2.0 token endpoint of the app's tenant.
func (a App) TokenURL() string {
	return strings.TrimSuffix(a.AuthorityHost, "/") + "/" + url.PathEscape(a.TenantID) + "/oauth2/v2.0/token"
}

// ClientSecretCredential authenticates the app with a client secret
// (OAuth 2.0 client credentials grant).
func ClientSecretCredential(app App, secret string) Credential {
	return clientSecret{app: app, secret: secret}
}

type clientSecret struct {
	app    App
	secret string
}

func (c clientSecret) tokenSource(hc *http.Client, scope string) oauth2.TokenSource {
	cfg := c.app.clientCredentials(scope, nil)
	cfg.ClientSecret = c.secret
	return cfg.TokenSource(context.WithValue(context.Background(), oauth2.HTTPClient, hc))
}

// clientCredentials is the client credentials grant of the app for scope,
// with extra form parameters (a client assertion).
func (a App) clientCredentials(scope string, params url.Values) *clientcredentials.Config {
	return &clientcredentials.Config{
		ClientID:       a.ClientID,
		TokenURL:       a.TokenURL(),
		Scopes:         []string{scope},
		AuthStyle:      oauth2.AuthStyleInParams,
		EndpointParams: params,
	}
}

// AssertionFunc returns a client assertion: a JWT that proves the app's
// identity to the token endpoint. It is called for every token request, so
// a short-lived assertion is always fresh.
type AssertionFunc func(ctx context.Context) (string, error)

// ClientAssertionCredential authenticates the app with a client assertion,
// as certificates and workload identity federation (OIDC) do.
func ClientAssertionCredential(app App, assertion AssertionFunc) Credential {
	return clientAssertion{app: app, assertion: assertion}
}

type clientAssertion struct {
	app       App
	assertion AssertionFunc
}

func (c clientAssertion) tokenSource(hc *http.Client, scope string) oauth2.TokenSource {
	return assertionTokenSource{c: c, hc: hc, scope: scope}
}

type assertionTokenSource struct {
	c     clientAssertion
	hc    *http.Client
	scope string
}

func (s assertionTokenSource) Token() (*oauth2.Token, error) {
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, s.hc)
	assertion, err := s.c.assertion(ctx)
	if err != nil {
		return nil, fmt.Errorf("client assertion: %w", err)
	}
	return s.c.app.clientCredentials(s.scope, url.Values{
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
		"client_assertion":      {assertion},
	}).Token(ctx)
}

// AccessTokenCredential uses a ready bearer token as it is. A delegated
// token enables the /me paths.
func AccessTokenCredential(token string) Credential {
	return accessToken(token)
}

type accessToken string

func (t accessToken) tokenSource(*http.Client, string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: string(t), TokenType: "Bearer"})
}

// ClientCertificate is a certificate registered on the app and its private
// key.
type ClientCertificate struct {
	Certificate *x509.Certificate
	Key         *rsa.PrivateKey
}

// ParseClientCertificate reads a PKCS#12 bundle, or a PEM bundle holding a
// CERTIFICATE and an unencrypted private key. The password applies to
// PKCS#12 only.
func ParseClientCertificate(data []byte, password string) (ClientCertificate, error) {
	if block, _ := pem.Decode(data); block != nil {
		return parsePEMCertificate(data)
	}
	key, cert, _, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		return ClientCertificate{}, fmt.Errorf("reading PKCS#12 bundle: %w", err)
	}
	return newClientCertificate(cert, key)
}

func parsePEMCertificate(data []byte) (ClientCertificate, error) {
	var cert *x509.Certificate
	var key any
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		var err error
		switch block.Type {
		case "CERTIFICATE":
			if cert != nil {
				continue // the rest of the chain
			}
			cert, err = x509.ParseCertificate(block.Bytes)
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "ENCRYPTED PRIVATE KEY":
			err = errors.New("the private key is encrypted; use a PKCS#12 bundle with a password, or an unencrypted PEM key")
		}
		if err != nil {
			return ClientCertificate{}, fmt.Errorf("reading PEM %s: %w", strings.ToLower(block.Type), err)
		}
	}
	if cert == nil {
		return ClientCertificate{}, errors.New("the PEM bundle holds no CERTIFICATE block")
	}
	if key == nil {
		return ClientCertificate{}, errors.New("the PEM bundle holds no PRIVATE KEY block")
	}
	return newClientCertificate(cert, key)
}

func newClientCertificate(cert *x509.Certificate, key any) (ClientCertificate, error) {
	rsaKey, ok := key.(*rsa.PrivateKey)
	if !ok {
		return ClientCertificate{}, fmt.Errorf("the private key is %T; Entra client certificates need an RSA key", key)
	}
	if !rsaKey.PublicKey.Equal(cert.PublicKey) {
		return ClientCertificate{}, errors.New("the private key does not belong to the certificate")
	}
	return ClientCertificate{Certificate: cert, Key: rsaKey}, nil
}

// assertionLifetime keeps certificate assertions short-lived, as Entra
// recommends (5 to 10 minutes).
const assertionLifetime = 10 * time.Minute

// ClientCertificateCredential authenticates the app with a certificate: a
// PS256-signed JWT carrying the certificate's SHA-256 thumbprint (x5t#S256).
func ClientCertificateCredential(app App, cert ClientCertificate) Credential {
	thumbprint := sha256.Sum256(cert.Certificate.Raw)
	x5t := base64.RawURLEncoding.EncodeToString(thumbprint[:])
	return ClientAssertionCredential(app, func(context.Context) (string, error) {
		now := time.Now()
		token := jwt.NewWithClaims(jwt.SigningMethodPS256, jwt.RegisteredClaims{
			Audience:  jwt.ClaimStrings{app.TokenURL()},
			Issuer:    app.ClientID,
			Subject:   app.ClientID,
			ID:        newUUID(),
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(assertionLifetime)),
		})
		token.Header["x5t#S256"] = x5t
		return token.SignedString(crypto.Signer(cert.Key))
	})
}

// FederatedTokenFile returns an AssertionFunc that reads a federated token
// from a file each time, as Kubernetes workload identity rotates it.
func FederatedTokenFile(path string) AssertionFunc {
	return func(context.Context) (string, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("reading the federated token: %w", err)
		}
		token := strings.TrimSpace(string(b))
		if token == "" {
			return "", fmt.Errorf("the federated token file %s is empty", path)
		}
		return token, nil
	}
}

// FederatedTokenRequest returns an AssertionFunc that asks a CI system for
// a federated token, the way GitHub Actions exposes one: GET requestURL with
// the audience added as a query parameter and requestToken as the bearer.
func FederatedTokenRequest(requestURL, requestToken, audience string) AssertionFunc {
	return func(ctx context.Context) (string, error) {
		u, err := url.Parse(requestURL)
		if err != nil {
			return "", fmt.Errorf("the OIDC request URL is not a URL: %w", err)
		}
		q := u.Query()
		q.Set("audience", audience)
		u.RawQuery = q.Encode()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return "", err
		}
		req.Header.Set("Authorization", "Bearer "+requestToken)
		req.Header.Set("Accept", "application/json")
		var out struct {
			Value string `json:"value"`
		}
		if err := federatedTokenExchange(ctx, req, &out); err != nil {
			return "", err
		}
		if out.Value == "" {
			return "", fmt.Errorf("the answer from %s holds no federated token", u.Host)
		}
		return out.Value, nil
	}
}

// ADOPipelineToken returns an AssertionFunc that asks an Azure DevOps
// pipeline for the federated token of a service connection, as
// go-azure-sdk (azurerm's) does: POST requestURL (SYSTEM_OIDCREQUESTURI)
// with api-version=7.1 and serviceConnectionId added to the query,
// requestToken (SYSTEM_ACCESSTOKEN) as the bearer; the answer's oidcToken.
func ADOPipelineToken(requestURL, requestToken, serviceConnectionID string) AssertionFunc {
	return func(ctx context.Context) (string, error) {
		u, err := url.Parse(requestURL)
		if err != nil {
			return "", fmt.Errorf("the OIDC request URL is not a URL: %w", err)
		}
		q := u.Query()
		if q.Get("api-version") == "" {
			q.Set("api-version", "7.1")
		}
		if q.Get("serviceConnectionId") == "" {
			q.Set("serviceConnectionId", serviceConnectionID)
		}
		u.RawQuery = q.Encode()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), http.NoBody)
		if err != nil {
			return "", err
		}
		req.Header.Set("Authorization", "Bearer "+requestToken)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Content-Type", "application/json")
		var out struct {
			Value string `json:"oidcToken"`
		}
		if err := federatedTokenExchange(ctx, req, &out); err != nil {
			return "", err
		}
		if out.Value == "" {
			return "", fmt.Errorf("the answer from %s holds no oidcToken", u.Host)
		}
		return out.Value, nil
	}
}

// federatedTokenExchange sends a CI's token request and decodes its
// answer; errors name the host, never the request token.
func federatedTokenExchange(ctx context.Context, req *http.Request, out any) error {
	hc, _ := ctx.Value(oauth2.HTTPClient).(*http.Client)
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("requesting a federated token from %s: %w", req.URL.Host, unwrapURLError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("reading the federated token: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("requesting a federated token from %s: HTTP %d", req.URL.Host, resp.StatusCode)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("the answer from %s is not JSON", req.URL.Host)
	}
	return nil
}

// StaticAssertion returns an AssertionFunc that always returns token.
func StaticAssertion(token string) AssertionFunc {
	return func(context.Context) (string, error) { return token, nil }
}
