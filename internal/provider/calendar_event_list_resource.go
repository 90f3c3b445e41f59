package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

var (
	_ list.ListResource              = &calendarEventListResource{}
	_ list.ListResourceWithConfigure = &calendarEventListResource{}
)

// NewCalendarEventListResource lists a mailbox's calendar events for
// `terraform query`, so that a programme made in Outlook comes under
// Terraform with the configuration and import blocks written for it.
func NewCalendarEventListResource() list.ListResource {
	return &calendarEventListResource{}
}

type calendarEventListResource struct {
	*providerData
}

type calendarEventListModel struct {
	UserID          types.String `tfsdk:"user_id"`
	StartFrom       types.String `tfsdk:"start_from"`
	StartBefore     types.String `tfsdk:"start_before"`
	SubjectContains types.String `tfsdk:"subject_contains"`
	TeamsOnly       types.Bool   `tfsdk:"teams_only"`
	TimeZone        types.String `tfsdk:"time_zone"`
}

func (r *calendarEventListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_calendar_event"
}

func (r *calendarEventListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	windowEdge := func(description string) listschema.StringAttribute {
		return listschema.StringAttribute{
			MarkdownDescription: description + " An RFC 3339 time (`2026-03-01T00:00:00Z`) or a date (`2026-03-01`, midnight in `time_zone`).",
			Required:            true,
			Validators:          []validator.String{windowTime()},
		}
	}
	resp.Schema = listschema.Schema{
		MarkdownDescription: "The events in an organizer's Outlook calendar, for `terraform query` (Terraform 1.14+): the single events " +
			"and series that `user_id` organizes and that start in the window (a series by its first occurrence), never occurrences of a series, " +
			"never cancelled events and never invitations from others; by default only Teams meetings. " +
			"With `include_resource`, each result is the resource as the provider reads it, with a suggested `external_id` where the event has none. " +
			"Single events are written in `time_zone`; a series in the zone it was made in.",
		Attributes: map[string]listschema.Attribute{
			"user_id": listschema.StringAttribute{
				MarkdownDescription: "The organizer's mailbox: an Entra object id or a user principal name.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"start_from":   windowEdge("Events that start at or after this time."),
			"start_before": windowEdge("Events that start before this time."),
			"subject_contains": listschema.StringAttribute{
				MarkdownDescription: "Only events whose subject contains this text, without regard to case.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"teams_only": listschema.BoolAttribute{
				MarkdownDescription: "Only events that are Teams meetings. Default `true`; `false` lists events without a Teams meeting too.",
				Optional:            true,
			},
			"time_zone": listschema.StringAttribute{
				MarkdownDescription: "The time zone the results' times are written in, and that a date in the window means: an IANA or a Windows name. " +
					"Default `UTC`. A series is written in the zone it was made in.",
				Optional:   true,
				Validators: []validator.String{timeZoneName()},
			},
		},
	}
}

func (r *calendarEventListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if data == nil || resp.Diagnostics.HasError() {
		return
	}
	r.providerData = data
}

func (r *calendarEventListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config calendarEventListModel
	diags := req.Config.Get(ctx, &config)
	query, d := config.query()
	diags.Append(d...)
	if r.providerData == nil {
		diags.AddError("Provider Not Configured", "The msgraph provider was not configured before the listing; this is a bug in Terraform or the provider.")
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	mailbox := config.UserID.ValueString()
	call := graphCall{
		summary:   "Unable to List Calendar Events",
		attempted: fmt.Sprintf("Listing the calendar events of %s", mailbox),
		userID:    mailbox, clientID: r.clientID, credential: r.credentialKind, api: eventsAPI,
	}
	stream.Results = func(push func(list.ListResult) bool) {
		// The whole listing first (at most limit events), so that a key
		// suggested for one event never repeats a key another one has.
		// The client keeps only what the query selects, whatever Graph
		// filters itself.
		var events []graph.Event
		err := r.client.ListEvents(ctx, mailbox, query, func(page []graph.Event) error {
			for _, e := range page {
				if req.Limit > 0 && int64(len(events)) >= req.Limit {
					return errEnoughResults
				}
				events = append(events, e)
			}
			return nil
		})
		if err != nil && !errors.Is(err, errEnoughResults) {
			var diags diag.Diagnostics
			diags.Append(graphErrorDiagnostic(call, err))
			push(list.ListResult{Diagnostics: diags})
			return
		}
		keys := suggestedKeys{}
		for i := range events {
			if key, ok := events[i].ExtendedProperty(externalIDProperty); ok {
				keys.add(key)
			}
		}
		for i := range events {
			if !push(config.result(ctx, req, &events[i], keys, r.providerData, call)) {
				return
			}
		}
	}
}

// errEnoughResults stops a listing at the query's limit.
var errEnoughResults = errors.New("the listing reached its limit")

// query is the Graph listing the configuration asks for.
func (m calendarEventListModel) query() (graph.EventListQuery, diag.Diagnostics) {
	var diags diag.Diagnostics
	zone := m.zone()
	from, err := parseWindowTime(m.StartFrom.ValueString(), zone)
	if err != nil {
		diags.AddAttributeError(path.Root("start_from"), "Invalid Window", "start_from is "+err.Error()+".")
	}
	before, err := parseWindowTime(m.StartBefore.ValueString(), zone)
	if err != nil {
		diags.AddAttributeError(path.Root("start_before"), "Invalid Window", "start_before is "+err.Error()+".")
	}
	if !diags.HasError() && !before.After(from) {
		diags.AddAttributeError(path.Root("start_before"), "Empty Window",
			fmt.Sprintf("start_before (%s) is not after start_from (%s): no event can start in the window. Set start_before after start_from.",
				m.StartBefore.ValueString(), m.StartFrom.ValueString()))
	}
	return graph.EventListQuery{
		StartFrom:        from,
		StartBefore:      before,
		SubjectContains:  m.SubjectContains.ValueString(),
		OnlineOnly:       m.TeamsOnly.IsNull() || m.TeamsOnly.ValueBool(),
		OrganizerOnly:    true,
		ExcludeCancelled: true,
		TimeZone:         zone,
		ExtendedProperty: externalIDProperty,
	}, diags
}

func (m calendarEventListModel) zone() string { return zoneOr(m.TimeZone) }

// result is the list result for an event: its identity, its display name
// and, when asked for, the resource as an import reads it, with a key: a
// series with its cancelled and moved occurrences (one more request each),
// so that the configuration written for it keeps them.
func (m calendarEventListModel) result(ctx context.Context, req list.ListRequest, e *graph.Event, keys suggestedKeys, p *providerData, call graphCall) list.ListResult {
	result := req.NewListResult(ctx)
	zone := m.zone()
	if e.Recurrence != nil && e.OriginalStartTimeZone != nil {
		// A series keeps the zone it was made in: its occurrences follow
		// that zone's daylight saving, and import reads it in that zone.
		if _, err := timezone.Load(*e.OriginalStartTimeZone); err == nil {
			zone = *e.OriginalStartTimeZone
		}
	}
	event := calendarEventModel{
		// As the identity has it, so that the import plans no change.
		UserID:                types.StringValue(caseless(m.UserID.ValueString())),
		TimeZone:              types.StringValue(zone),
		ExternalID:            types.StringNull(),
		Attendees:             types.SetNull(eventAttendeeType()),
		OnlineMeetingSettings: types.ObjectNull(onlineMeetingSettingsTypes()),
		OnlineMeetingID:       types.StringNull(),
	}
	result.Diagnostics.Append(event.refresh(ctx, e, "")...)
	if event.ExternalID.IsNull() {
		event.ExternalID = types.StringValue(keys.suggest(deref(e.Subject), event.StartDateTime.ValueString()))
	}
	start := event.StartDateTime.ValueString()
	if t, ok := wallClock(start); ok {
		start = t.Format("2006-01-02 15:04")
	}
	result.DisplayName = fmt.Sprintf("%s (%s %s)", deref(e.Subject), start, zone)
	result.Diagnostics.Append(result.Identity.Set(ctx, event.identity())...)
	if req.IncludeResource {
		resource := calendarEventResourceModel{
			calendarEventModel:  event,
			occurrencesModel:    noOccurrences(),
			CancellationMessage: types.StringNull(),
			// Left to its default: the generated configuration does not
			// write it, and the import reads it as true.
			KeepPastOnDestroy: types.BoolNull(),
			Timeouts:          unsetTimeouts(ctx),
		}
		result.Diagnostics.Append(p.readOccurrencesInto(ctx, call, event, &resource.occurrencesModel, true)...)
		result.Diagnostics.Append(result.Resource.Set(ctx, resource)...)
	}
	return result
}

// suggestedKeys makes external_ids for events that have none, from the
// subject and the start date, unique within one listing.
type suggestedKeys map[string]bool

var notKeyText = regexp.MustCompile(`[^a-z0-9]+`)

func (k suggestedKeys) suggest(subject, start string) string {
	base := strings.Trim(notKeyText.ReplaceAllString(strings.ToLower(subject), "-"), "-")
	if len(base) > 48 {
		base = strings.TrimRight(base[:48], "-")
	}
	if date, _, ok := strings.Cut(start, "T"); ok {
		base = strings.Trim(base+"-"+date, "-")
	}
	if base == "" {
		base = "event"
	}
	key := base
	for n := 2; k.has(key); n++ {
		key = fmt.Sprintf("%s-%d", base, n)
	}
	k.add(key)
	return key
}

// add and has compare keys as Graph's $filter on the key does: without
// regard to case.
func (k suggestedKeys) add(key string)      { k[caseless(key)] = true }
func (k suggestedKeys) has(key string) bool { return k[caseless(key)] }

// parseWindowTime reads an RFC 3339 time, or a date as midnight in zone.
func parseWindowTime(s, zone string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q, which is neither an RFC 3339 time (2026-03-01T00:00:00Z) nor a date (2026-03-01)", s)
	}
	loc, err := timezone.Load(zone)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc), nil
}

// windowTime accepts what parseWindowTime reads.
func windowTime() validator.String {
	return stringCheck{
		summary:     "Invalid Window",
		description: "an RFC 3339 time or a date",
		check: func(s string) string {
			if _, err := parseWindowTime(s, defaultTimeZone); err != nil {
				return "is " + err.Error() + "."
			}
			return ""
		},
	}
}

// unsetTimeouts is the resource's timeouts block left unset, of the type
// the resource's schema gives it.
func unsetTimeouts(ctx context.Context) timeouts.Value {
	var attrTypes map[string]attr.Type
	if t, ok := eventTimeouts(ctx).Type().(attr.TypeWithAttributeTypes); ok {
		attrTypes = t.AttributeTypes()
	}
	return timeouts.Value{Object: types.ObjectNull(attrTypes)}
}
