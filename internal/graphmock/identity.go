package graphmock

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// The paths of the managed identity and Azure DevOps endpoints the Server
// serves beside the token endpoint.
const (
	// IMDSPath is the Azure Instance Metadata Service's token path, served
	// at http://169.254.169.254 in Azure.
	IMDSPath = "/metadata/identity/oauth2/token"
	// AppServiceIdentityPath stands for App Service's IDENTITY_ENDPOINT.
	AppServiceIdentityPath = "/msi/token"
	// ADOOIDCPath is the shape of an Azure DevOps pipeline's
	// SYSTEM_OIDCREQUESTURI; see ADOOIDCRequestURL.
	ADOOIDCPath = "/{org}/{project}/_apis/distributedtask/hubs/build/plans/{plan}/jobs/{job}/oidctoken"
)

// ADOOIDCRequestURL is a SYSTEM_OIDCREQUESTURI of the Instance.
func (in *Instance) ADOOIDCRequestURL() string {
	return in.URL + "/contoso/training/_apis/distributedtask/hubs/build/plans/0f6c2a8e/jobs/5b1e7d3c/oidctoken"
}

// handleIMDS answers as the metadata service does: only with the Metadata
// header, for an API version and a resource, for the system-assigned or a
// named user-assigned identity; expires_in and expires_on as strings.
func (s *Server) handleIMDS(w http.ResponseWriter, r *http.Request, _ *call) {
	q := r.URL.Query()
	switch {
	case r.Header.Get("Metadata") != "true":
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "Required metadata header not specified"})
	case q.Get("api-version") == "":
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "Required query variable 'api-version' is missing"})
	case q.Get("resource") == "":
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "Required query variable 'resource' is missing"})
	case !s.hasIdentity(q.Get("client_id")):
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "Identity not found"})
	default:
		token, expires := s.issue(q.Get("resource"))
		writeJSON(w, http.StatusOK, map[string]string{
			"access_token": token, "client_id": q.Get("client_id"), "resource": q.Get("resource"), "token_type": "Bearer",
			"expires_in": strconv.Itoa(int(s.cfg.TokenLifetime.Seconds())), "ext_expires_in": strconv.Itoa(int(s.cfg.TokenLifetime.Seconds())),
			"expires_on": strconv.FormatInt(expires.Unix(), 10), "not_before": strconv.FormatInt(time.Now().Unix(), 10),
		})
	}
}

// handleAppServiceIdentity answers as App Service's identity endpoint
// (API version 2019-08-01) does: only with X-IDENTITY-HEADER; expires_on
// as a string of seconds since 1970, no expires_in.
func (s *Server) handleAppServiceIdentity(w http.ResponseWriter, r *http.Request, _ *call) {
	q := r.URL.Query()
	switch {
	case s.cfg.IdentityHeader == "" || r.Header.Get("X-IDENTITY-HEADER") != s.cfg.IdentityHeader:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"statusCode": 401, "message": "Unauthorized: the X-IDENTITY-HEADER header is missing or does not match."})
	case q.Get("api-version") != "2019-08-01":
		writeJSON(w, http.StatusBadRequest, map[string]any{"statusCode": 400, "message": "An api-version of 2019-08-01 is required."})
	case q.Get("resource") == "":
		writeJSON(w, http.StatusBadRequest, map[string]any{"statusCode": 400, "message": "The resource query parameter is required."})
	case !s.hasIdentity(q.Get("client_id")):
		writeJSON(w, http.StatusBadRequest, map[string]any{"statusCode": 400, "message": "No managed identity found for the client_id."})
	default:
		token, expires := s.issue(q.Get("resource"))
		writeJSON(w, http.StatusOK, map[string]string{
			"access_token": token, "client_id": q.Get("client_id"), "resource": q.Get("resource"), "token_type": "Bearer",
			"expires_on": strconv.FormatInt(expires.Unix(), 10),
		})
	}
}

// handleADOOIDC answers as an Azure DevOps pipeline's OIDC endpoint does:
// POST, the job's access token as bearer, api-version and the service
// connection in the query, {"oidcToken": ...} back.
func (s *Server) handleADOOIDC(w http.ResponseWriter, r *http.Request, _ *call) {
	q := r.URL.Query()
	switch {
	case s.cfg.ADORequestToken == "" || r.Header.Get("Authorization") != "Bearer "+s.cfg.ADORequestToken:
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "TF400813: The user is not authorized to access this resource."})
	case q.Get("api-version") == "":
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "No api-version was supplied for the POST request."})
	case q.Get("serviceConnectionId") != s.cfg.ADOServiceConnectionID:
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Service connection " + q.Get("serviceConnectionId") + " was not found, or the pipeline may not use it."})
	default:
		writeJSON(w, http.StatusOK, map[string]string{"oidcToken": s.cfg.FederatedToken})
	}
}

// hasIdentity tells whether a managed identity exists: the system-assigned
// one for an empty client id.
func (s *Server) hasIdentity(clientID string) bool {
	if clientID == "" {
		return s.cfg.SystemAssignedIdentity
	}
	return slices.Contains(s.cfg.UserAssignedIdentities, clientID)
}

// issue records a new Graph token for resource (the Graph host).
func (s *Server) issue(resource string) (string, time.Time) {
	token := "mock-at-" + randomString(32)
	expires := time.Now().Add(s.cfg.TokenLifetime)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = issuedToken{expires: expires, audience: resource}
	return token, expires
}
