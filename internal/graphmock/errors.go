package graphmock

import (
	"encoding/json"
	"net/http"
	"time"
)

// writeError answers in Graph's error envelope.
func writeError(w http.ResponseWriter, status int, code, message, requestID string) {
	w.Header().Set("request-id", requestID)
	writeJSON(w, status, map[string]any{
		"error": map[string]any{
			"code":    code,
			"message": message,
			"innerError": map[string]string{
				"date":              time.Now().UTC().Format("2006-01-02T15:04:05"),
				"request-id":        requestID,
				"client-request-id": w.Header().Get("client-request-id"),
			},
		},
	})
}

// writeAADError answers in the identity platform's error shape.
func writeAADError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]any{
		"error":             code,
		"error_description": description,
		"error_codes":       []int{},
		"timestamp":         time.Now().UTC().Format("2006-01-02 15:04:05Z"),
		"trace_id":          newRequestID(),
		"correlation_id":    newRequestID(),
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
