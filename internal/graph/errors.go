package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/oauth2"
)

// Error is an error response from Microsoft Graph: the HTTP status and the
// fields of Graph's error envelope. It never holds request headers or
// bodies, so it is safe to show to users and to log.
type Error struct {
	// Method and Path locate the failed request (the path has no query).
	Method string
	Path   string

	StatusCode int
	// Code and Message are error.code and error.message. Branch on Code and
	// StatusCode; Graph may change messages at any time.
	Code    string
	Message string
	// RequestID is the request-id Graph assigned, quoted when asking
	// Microsoft support about a failure.
	RequestID       string
	ClientRequestID string
	Date            string

	// Attempts counts the requests sent, retries included.
	Attempts int
	// StoppedByDeadline tells that retrying stopped because the next wait
	// would have outlasted the context's deadline. Such an Error matches
	// context.DeadlineExceeded with errors.Is.
	StoppedByDeadline bool
}

// Unwrap makes an Error that ended retrying at the deadline match
// context.DeadlineExceeded.
func (e *Error) Unwrap() error {
	if e.StoppedByDeadline {
		return context.DeadlineExceeded
	}
	return nil
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if text := http.StatusText(e.StatusCode); text != "" {
		fmt.Fprintf(&b, " %s", text)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ", code %q", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request-id: %s)", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.StoppedByDeadline {
		b.WriteString("; retrying stopped: the next wait would outlast the deadline")
	}
	return b.String()
}

// errorEnvelope is Graph's ODataError.
type errorEnvelope struct {
	Error struct {
		Code       string `json:"code"`
		Message    string `json:"message"`
		InnerError struct {
			RequestID       string `json:"request-id"`
			ClientRequestID string `json:"client-request-id"`
			Date            string `json:"date"`
		} `json:"innerError"`
	} `json:"error"`
}

// DecodeError builds an Error from a non-2xx response's status, headers
// and body. A body that is not Graph's envelope still yields an Error that
// carries the status and the request-id header.
func DecodeError(status int, header http.Header, body []byte) *Error {
	e := &Error{
		StatusCode:      status,
		RequestID:       header.Get("request-id"),
		ClientRequestID: header.Get("client-request-id"),
	}
	var env errorEnvelope
	if err := json.Unmarshal(body, &env); err == nil {
		e.Code = env.Error.Code
		e.Message = env.Error.Message
		e.Date = env.Error.InnerError.Date
		if id := env.Error.InnerError.RequestID; id != "" {
			e.RequestID = id
		}
		if id := env.Error.InnerError.ClientRequestID; id != "" {
			e.ClientRequestID = id
		}
	}
	return e
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsNotFound reports whether err is Graph's 404.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

func hasStatus(err error, status int) bool {
	e, ok := AsError(err)
	return ok && e.StatusCode == status
}

// AuthError is a failure to obtain an access token: the token endpoint
// refused the credential, or the credential itself (a federated token, a
// certificate) could not be produced. It never holds the credential.
type AuthError struct {
	// StatusCode, Code and Description come from the token endpoint's
	// answer (error, error_description); they are empty when no answer came.
	StatusCode  int
	Code        string
	Description string
	Err         error
}

func newAuthError(err error) *AuthError {
	e := &AuthError{Err: err}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		e.Code, e.Description = re.ErrorCode, re.ErrorDescription
		if re.Response != nil {
			e.StatusCode = re.Response.StatusCode
		}
	}
	return e
}

func (e *AuthError) Error() string {
	if e.StatusCode == 0 {
		return "obtaining an access token: " + e.Err.Error()
	}
	msg := fmt.Sprintf("obtaining an access token: the token endpoint answered HTTP %d", e.StatusCode)
	if e.Code != "" {
		msg += ", " + e.Code
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

func (e *AuthError) Unwrap() error { return e.Err }

// ErrNotFound is returned by the Find methods when no meeting matches.
var ErrNotFound = errors.New("no online meeting matches")
