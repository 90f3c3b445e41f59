package graphmock

// The Server's configuration: the tenant it plays, its directory, the
// behaviours Graph leaves undocumented, and the faults it can be told to
// show.

import "time"

// Well-known values that the demo and tests use by default.
const (
	DefaultTenantID     = "72f988bf-0000-4000-8000-00000000a11c"
	DefaultClientID     = "0a0c1b8e-0000-4000-8000-0000000c11e7"
	DefaultClientSecret = "mock-client-secret-do-not-use"
)

// Config configures a Server. The credentials are fixed for the Server's
// life; the faults can be changed at any time with SetFaults.
type Config struct {
	// TenantID is the only tenant the token endpoint serves.
	TenantID string
	// ClientID is the application that may obtain tokens.
	ClientID string
	// ClientSecret, when set, is accepted as the client secret.
	ClientSecret string
	// Certificate, when set, makes the token endpoint accept client
	// assertions signed by its key (x5t#S256 must be its thumbprint).
	Certificate []byte // DER
	// FederatedToken, when set, is accepted as a client assertion
	// (workload identity federation).
	FederatedToken string
	// OIDCRequestToken, when set, is the bearer that GET /oidc/token
	// requires; that endpoint returns FederatedToken, as GitHub Actions'
	// ACTIONS_ID_TOKEN_REQUEST_URL does.
	OIDCRequestToken string
	// ADORequestToken and ADOServiceConnectionID, when set, make
	// POST ADOOIDCPath (an Azure DevOps pipeline's SYSTEM_OIDCREQUESTURI)
	// return FederatedToken as oidcToken, for that bearer
	// (SYSTEM_ACCESSTOKEN) and service connection.
	ADORequestToken        string
	ADOServiceConnectionID string
	// SystemAssignedIdentity and UserAssignedIdentities (client ids) are
	// the managed identities that the metadata endpoint (IMDSPath) and the
	// App Service identity endpoint (AppServiceIdentityPath) issue Graph
	// tokens for. IdentityHeader is the App Service endpoint's secret
	// (IDENTITY_HEADER).
	SystemAssignedIdentity bool
	UserAssignedIdentities []string
	IdentityHeader         string
	// DelegatedTokens maps ready access tokens to the user they act for;
	// only these tokens may call the /me paths.
	DelegatedTokens map[string]string
	// TokenLifetime is the expires_in of issued tokens (default one hour).
	TokenLifetime time.Duration
	// NoPasscodeByDefault is the tenant's Teams meeting policy: meetings
	// created without joinMeetingIdSettings.isPasscodeRequired get no
	// passcode. By default, as in a new tenant, every meeting has one.
	NoPasscodeByDefault bool
	// Users is the directory: the mailboxes /users/{id | UPN}/events
	// resolves UPNs to, and the casing and names attendee addresses are
	// answered with. A GUID that is not listed is a mailbox too.
	Users []User
	// EventTransactionDedup makes a second event create with a
	// transactionId already used in the mailbox answer 201 with the
	// existing event, creating and mailing nothing. Without it, as far as
	// Graph documents the property, the second create is a second event.
	EventTransactionDedup bool
	// CalendarMeetingPatch is what a PATCH of the options of an
	// onlineMeeting that a calendar event created gets (undocumented):
	// "" or CalendarMeetingPatchAllow applies it, CalendarMeetingPatchRefuse
	// answers 403. Subject, times and participants, which the event owns,
	// are refused 400 either way.
	CalendarMeetingPatch string
	// UnsetOptionalSettings leaves meetingSpokenLanguageTag and
	// watermarkProtection unset (null) on new meetings, as Graph does for
	// organizers without Teams Premium or a language preference (the docs
	// show both); sensitivityLabelAssignment is always unset.
	UnsetOptionalSettings bool
	// InstancesListCancelled makes a series' instances list its cancelled
	// occurrences too, with isCancelled true: an undocumented alternative
	// to the documented reading that instances "excludes cancelled
	// occurrences" (§1.2), which is the default.
	InstancesListCancelled bool
	// SeriesExceptions is what a PATCH (or an out-of-band edit) of a
	// series master that changes its start, end, zones or recurrence does
	// to the series' cancelled and moved occurrences, which Graph does not
	// document: "" or SeriesExceptionsKept keeps those whose original date
	// the new pattern and range still have (moved ones at their moved
	// times) and drops the others; SeriesExceptionsDiscarded drops them
	// all, so that every occurrence follows the pattern again (Outlook
	// warns its users that a change of the recurrence loses them).
	//
	// A change of the range's end alone (its type, endDate or
	// numberOfOccurrences) keeps the occurrence ids of the occurrences the
	// series still has, in either mode; the occurrences beyond the new end
	// leave the series. Any other change gives every occurrence a new id.
	SeriesExceptions string

	Faults Faults
}

// CalendarMeetingPatch modes.
const (
	CalendarMeetingPatchAllow  = "allow"
	CalendarMeetingPatchRefuse = "refuse"
)

// SeriesExceptions modes.
const (
	SeriesExceptionsKept      = "kept"
	SeriesExceptionsDiscarded = "discarded"
)

// User is a directory user with a mailbox.
type User struct {
	ID          string // Entra object id
	UPN         string // also the primary SMTP address
	DisplayName string
}

// Faults are misbehaviours the Server can be told to show.
type Faults struct {
	// Latency is added to every request.
	Latency time.Duration
	// ThrottleEvery answers every n-th Graph request 429 with RetryAfter.
	ThrottleEvery int
	// RetryAfter is the Retry-After of throttled answers ("1", "0.5");
	// default "1".
	RetryAfter string
	// UnavailableEvery answers every n-th Graph request 503, without
	// Retry-After.
	UnavailableEvery int
	// DropCreateEvery commits every n-th new meeting (of createOrGet or of
	// plain create), then closes the connection without answering.
	DropCreateEvery int
	// DeleteDelay holds every DELETE back this long before carrying it out,
	// as a slow Graph would; concurrent requests are served meanwhile.
	DeleteDelay time.Duration
	// RateLimit, when positive, is a token bucket of that many Graph
	// requests per second, holding RateBurst requests (default: one
	// second's worth); requests beyond it get 429 with the exact,
	// fractional Retry-After.
	RateLimit float64
	RateBurst int
	// DeniedUsers get Graph's 403 for a missing application access policy
	// on every /users/{id} request made with an application token.
	DeniedUsers []string
	// NoMailboxUsers have no mailbox Graph can reach (on-premises,
	// unlicensed, inactive, or guests): the events API answers them 404
	// MailboxNotEnabledForRESTAPI.
	NoMailboxUsers []string
	// ReverseAttendees returns attendee lists in reverse order.
	ReverseAttendees bool
	// OmitExternalIDOnGet leaves externalId out of GET answers, as Graph's
	// own GET examples do; createOrGet still returns it.
	OmitExternalIDOnGet bool
	// ResolveAttendeeUPNs fills in the UPN of attendees sent without one,
	// as Graph may when it resolves the user.
	ResolveAttendeeUPNs bool
	// PartialPatchAnswers answers a PATCH with the meeting's id and the
	// properties that were sent only, as Graph's own update examples show.
	PartialPatchAnswers bool
	// IgnoreIANATimeZonePrefer answers events in UTC, without
	// Preference-Applied, when Prefer: outlook.timezone names an IANA zone,
	// as reported in 2016; Windows ids are still honoured.
	IgnoreIANATimeZonePrefer bool
	// EventFilterDelay keeps an event invisible to the extended-property
	// $filter for this long after its extended properties were written
	// (an index latency Graph does not document).
	EventFilterDelay time.Duration
	// MailboxConcurrencyRetryAfter is the Retry-After of the 429 for a
	// fifth concurrent request to one mailbox; "" sends none (whether
	// Graph sends one is undocumented).
	MailboxConcurrencyRetryAfter string
	// DropEventCreateEvery commits every n-th new event, with its
	// invitations, then closes the connection without answering.
	DropEventCreateEvery int
	// CancelledOccurrenceListedFor keeps a cancelled occurrence in its
	// series' instances, as if it took place, for this long after the
	// cancel (an index latency Graph does not document).
	CancelledOccurrenceListedFor time.Duration
	// DropOccurrenceCancelEvery commits every n-th cancellation of one
	// occurrence of a series (by the cancel action or by DELETE), with its
	// cancellations to attendees, then closes the connection without
	// answering.
	DropOccurrenceCancelEvery int
}

// withDefaults fills in the tenant, the application and the token
// lifetime that cfg leaves unset.
func (cfg Config) withDefaults() Config {
	if cfg.TenantID == "" {
		cfg.TenantID = DefaultTenantID
	}
	if cfg.ClientID == "" {
		cfg.ClientID = DefaultClientID
	}
	if cfg.TokenLifetime == 0 {
		cfg.TokenLifetime = time.Hour
	}
	return cfg
}
