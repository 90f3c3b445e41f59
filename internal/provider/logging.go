package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// The Graph client's hooks never see headers or bodies; masking the
// configured secrets as well guards against one turning up in an error.

func logRequest(secrets []string) func(context.Context, graph.RequestEvent) {
	return func(ctx context.Context, e graph.RequestEvent) {
		fields := map[string]any{
			"http_method":      e.Method,
			"http_url":         e.URL,
			"http_status_code": e.StatusCode,
			"duration_ms":      e.Duration.Milliseconds(),
			"graph_request_id": e.RequestID,
		}
		if e.Err != nil {
			fields["error"] = e.Err.Error()
		}
		tflog.Debug(masked(ctx, secrets), "Microsoft Graph request", fields)
	}
}

func logRetry(secrets []string) func(context.Context, graph.RetryEvent) {
	return func(ctx context.Context, e graph.RetryEvent) {
		fields := map[string]any{
			"http_method":      e.Method,
			"http_url":         e.URL,
			"http_status_code": e.StatusCode,
			"retry_attempt":    e.Attempt,
			"wait_ms":          e.Wait.Milliseconds(),
			"from_retry_after": e.FromRetryAfter,
		}
		if e.Err != nil {
			fields["error"] = e.Err.Error()
		}
		tflog.Info(masked(ctx, secrets), "Retrying Microsoft Graph request", fields)
	}
}

func masked(ctx context.Context, secrets []string) context.Context {
	if len(secrets) == 0 {
		return ctx
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	return tflog.MaskMessageStrings(ctx, secrets...)
}
