package provider

import (
	"fmt"
	"math"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/meetingops/terraform-provider-msgraph/internal/graphmock"
)

// meetings is n meetings with a count, and optionally a setting that
// createOrGet cannot take (so that each create also PATCHes).
func meetings(n int, extra string) string {
	return fmt.Sprintf(`
resource "msgraph_online_meeting" "m" {
  count       = %d
  user_id     = %q
  external_id = "reliability-${count.index}"
  subject     = "Session ${count.index}"
  %s
}
`, n, organizerID, extra)
}

// TestAccReliability_throttled: with every 3rd Graph request throttled
// (Retry-After 1 s, or a fractional 0.5 s) and every 7th unavailable, an
// apply of 20 meetings succeeds with exactly 20 meetings and no diff.
func TestAccReliability_throttled(t *testing.T) {
	for _, retryAfter := range []string{"1", "0.5"} {
		t.Run("Retry-After "+retryAfter, func(t *testing.T) {
			env := newMockEnv(t, graphmock.Config{Faults: graphmock.Faults{ThrottleEvery: 3, RetryAfter: retryAfter, UnavailableEvery: 7}})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps: []resource.TestStep{{
					Config: env.config(meetings(20, `allow_recording = false`)),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: func(*terraform.State) error {
						st := env.mock.Stats()
						if st.Meetings != 20 {
							return fmt.Errorf("meetings = %d, want exactly 20", st.Meetings)
						}
						if st.Statuses[http.StatusTooManyRequests] == 0 || st.Statuses[http.StatusServiceUnavailable] == 0 {
							return fmt.Errorf("the faults did not happen: %v", st.Statuses)
						}
						return nil
					},
				}},
			})
		})
	}
}

// TestAccReliability_droppedCreates: every 2nd new meeting is committed by
// Graph but its answer is lost; the retries find those meetings and no
// duplicate is made.
func TestAccReliability_droppedCreates(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{Faults: graphmock.Faults{DropCreateEvery: 2}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(meetings(10, "")),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error {
				st := env.mock.Stats()
				if st.Meetings != 10 {
					return fmt.Errorf("meetings = %d, want exactly 10", st.Meetings)
				}
				if st.Statuses[0] != 5 || st.Requests[graphmock.RouteCreateOrGet] != 15 {
					return fmt.Errorf("dropped answers = %d, createOrGet requests = %d; want 5 and 15", st.Statuses[0], st.Requests[graphmock.RouteCreateOrGet])
				}
				// The retry's 200 is the provider's own meeting, not an adoption.
				if w := env.diagnostics("Adopted Existing Online Meeting"); len(w) != 0 {
					return fmt.Errorf("recovered creates were reported as adoptions: %v", w)
				}
				return nil
			},
		}},
	})
}

// TestAccReliability_shortTokens: tokens that expire within the run are
// renewed before they expire (the mock refuses expired ones), and only as
// often as their lifetime requires.
func TestAccReliability_shortTokens(t *testing.T) {
	const lifetime = 3 * time.Second
	env := newMockEnv(t, graphmock.Config{TokenLifetime: lifetime, Faults: graphmock.Faults{Latency: 400 * time.Millisecond}})
	var began time.Time // set when the step starts: ParallelTest may wait for a turn first
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() { began = time.Now() },
			Config:    env.config(meetings(30, `allow_recording = false`)),
			Check: func(*terraform.State) error {
				st := env.mock.Stats()
				if st.Statuses[http.StatusUnauthorized] != 0 {
					return fmt.Errorf("%d requests went out with an expired token", st.Statuses[http.StatusUnauthorized])
				}
				// Each provider instance (CLI command) fetches at most one token,
				// and another each time the last nears expiry: after 90% of its
				// lifetime less a second. The apply alone (30 meetings, two
				// requests each, 400 ms apiece, ten at a time) outlives a token.
				env.mu.Lock()
				instances := env.configures
				env.mu.Unlock()
				renewEvery := time.Duration(0.9*float64(lifetime)) - time.Second
				bound := instances + int(math.Ceil(float64(time.Since(began))/float64(renewEvery)))
				tokens := st.Requests[graphmock.RouteToken]
				t.Logf("%d token requests for %d Graph requests in %s across %d provider instances (bound %d)",
					tokens, env.mock.CountRequests(), time.Since(began).Round(time.Millisecond), instances, bound)
				if tokens > bound || tokens < 2 {
					return fmt.Errorf("token requests = %d, want at least 2 (a renewal) and at most %d", tokens, bound)
				}
				return nil
			},
		}},
	})
}

// TestAccReliability_timeout: the timeouts block bounds the retries; when
// Graph keeps throttling, the provider stops waiting and says which
// timeout ran out.
func TestAccReliability_timeout(t *testing.T) {
	env := newMockEnv(t, graphmock.Config{Faults: graphmock.Faults{ThrottleEvery: 1, RetryAfter: "1"}})
	var began time.Time // set when the step starts: ParallelTest may wait for a turn first
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() { began = time.Now() },
			Config: env.config(meetingConfig(`  subject = "Throttled forever"
  timeouts {
    create = "3s"
  }`)),
			ExpectError: regexp.MustCompile(`(?s)Unable to Create Online Meeting.*HTTP 429 Too Many Requests.*code: TooManyRequests.*` +
				`The create timeout \(3s\) ran out while the provider was waiting to\s+retry`),
		}},
	})
	if elapsed := time.Since(began); elapsed > 10*time.Second {
		t.Errorf("the failed apply took %v with a 3s create timeout", elapsed)
	}
	if n := env.mock.CountRequests(graphmock.RouteCreateOrGet); n < 2 || n > 4 {
		t.Errorf("createOrGet attempts = %d; want the ones that fit in 3s at Retry-After 1s", n)
	}
	if env.mock.MeetingCount() != 0 {
		t.Error("a throttled create left a meeting")
	}
}
