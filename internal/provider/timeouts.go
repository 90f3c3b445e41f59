package provider

import (
	"context"
	"time"
)

// The timeouts of both resources when their timeouts block leaves one
// unset: long enough for Graph's throttling to be waited out (a create or
// update may wait through several Retry-After answers), short enough that
// a stuck apply ends.
const (
	defaultCreateTimeout = 20 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultUpdateTimeout = 20 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

// sleepCtx waits d, or until ctx is done (its deadline is the operation's
// timeout).
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
