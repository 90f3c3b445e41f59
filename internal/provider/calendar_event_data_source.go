package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

var (
	_ datasource.DataSource                     = &calendarEventDataSource{}
	_ datasource.DataSourceWithConfigure        = &calendarEventDataSource{}
	_ datasource.DataSourceWithConfigValidators = &calendarEventDataSource{}
)

// NewCalendarEventDataSource is the msgraph_calendar_event data source.
func NewCalendarEventDataSource() datasource.DataSource {
	return &calendarEventDataSource{}
}

// calendarEventDataSourceModel is the resource's model without what only
// the resource has (cancellation_message, keep_past_on_destroy, timeouts).
type calendarEventDataSourceModel struct {
	calendarEventModel
	occurrencesModel
}

type calendarEventDataSource struct {
	*providerData
}

func (d *calendarEventDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_calendar_event"
}

func (d *calendarEventDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	var event resource.SchemaResponse
	(&calendarEventResource{}).Schema(ctx, resource.SchemaRequest{}, &event)
	attrs := dataAttributes(event.Schema.Attributes)

	lookup := " Set exactly one of `id` and `external_id`."
	attrs["user_id"] = schema.StringAttribute{
		MarkdownDescription: "The organizer's mailbox: an Entra object id or a user principal name.",
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["id"] = schema.StringAttribute{MarkdownDescription: "The event id Graph assigned." + lookup, Optional: true, Computed: true}
	attrs["external_id"] = schema.StringAttribute{MarkdownDescription: "The event's key, as `msgraph_calendar_event` writes it." + lookup, Optional: true, Computed: true}
	attrs["time_zone"] = schema.StringAttribute{
		MarkdownDescription: "The time zone to give the times in: an IANA or a Windows name. Default `UTC`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{timeZoneName()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a calendar event in an organizer's mailbox, by its id or by the `external_id` that `msgraph_calendar_event` gave it, " +
			"for example to publish a session's join link elsewhere. It exposes the same attributes as the `msgraph_calendar_event` resource. " +
			"Its `user_id` and `id` are what importing the event takes: the import id `<user_id>/<id>`, or the identity `{ user_id, id }`.",
		Attributes: attrs,
	}
}

func (d *calendarEventDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if data == nil || resp.Diagnostics.HasError() {
		return
	}
	d.providerData = data
}

func (d *calendarEventDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("external_id"))}
}

func (d *calendarEventDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config calendarEventDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	mailbox, zone := config.UserID.ValueString(), config.zone()
	var event *graph.Event
	var err error
	searched := fmt.Sprintf("id %q", config.ID.ValueString())
	if config.ID.IsNull() {
		searched = fmt.Sprintf("external_id %q", config.ExternalID.ValueString())
		event, _, err = (&calendarEventResource{providerData: d.providerData}).findByKey(ctx, mailbox, config.ExternalID.ValueString(), zone)
	} else {
		event, err = d.client.GetEvent(ctx, mailbox, config.ID.ValueString(), zone, externalIDProperty)
	}
	if err == nil && event == nil || graph.IsNotFound(err) {
		resp.Diagnostics.AddError("Calendar Event Not Found",
			fmt.Sprintf("The mailbox of %s has no calendar event with %s. Check the value, and that user_id is the event's organizer.", mailbox, searched))
		return
	}
	call := graphCall{
		summary:    "Unable to Read Calendar Event",
		attempted:  fmt.Sprintf("Looking up the calendar event with %s in the mailbox of %s", searched, mailbox),
		userID:     mailbox,
		clientID:   d.clientID,
		credential: d.credentialKind,
		api:        eventsAPI,
	}
	if err != nil {
		resp.Diagnostics.Append(graphErrorDiagnostic(call, err))
		return
	}
	config.TimeZone = types.StringValue(zone)
	resp.Diagnostics.Append(config.refresh(ctx, event, "")...)
	// A series with every cancelled and moved occurrence it has.
	config.occurrencesModel = noOccurrences()
	resp.Diagnostics.Append(d.readOccurrencesInto(ctx, call, config.calendarEventModel, &config.occurrencesModel, true)...)
	if event.Body != nil && event.Body.Content != nil {
		// Graph's whole body, join block included: there is no
		// configuration to keep here.
		config.Body = &eventBodyModel{ContentType: types.StringValue("html"), Content: types.StringValue(*event.Body.Content)}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, config)...)
}
