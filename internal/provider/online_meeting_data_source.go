package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

var (
	_ datasource.DataSource                     = &onlineMeetingDataSource{}
	_ datasource.DataSourceWithConfigure        = &onlineMeetingDataSource{}
	_ datasource.DataSourceWithConfigValidators = &onlineMeetingDataSource{}
)

// NewOnlineMeetingDataSource is the msgraph_online_meeting data source.
func NewOnlineMeetingDataSource() datasource.DataSource {
	return &onlineMeetingDataSource{}
}

type onlineMeetingDataSource struct {
	*providerData
}

type onlineMeetingDataSourceModel struct {
	onlineMeetingModel
	JoinMeetingID types.String `tfsdk:"join_meeting_id"`
}

func (d *onlineMeetingDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_online_meeting"
}

func (d *onlineMeetingDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	var meeting resource.SchemaResponse
	(&onlineMeetingResource{}).Schema(ctx, resource.SchemaRequest{}, &meeting)
	attrs := dataAttributes(meeting.Schema.Attributes)

	lookup := " Set exactly one of `id`, `join_web_url` and `join_meeting_id`."
	attrs["user_id"] = schema.StringAttribute{
		MarkdownDescription: "The organizer's Microsoft Entra object id (a GUID). Unset, the meeting is looked up as the signed-in user (`/me`), which needs a delegated access token.",
		Optional:            true,
		Validators:          []validator.String{entraObjectID()},
	}
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The meeting id Graph assigned." + lookup,
		Optional:            true,
		Computed:            true,
	}
	attrs["join_web_url"] = schema.StringAttribute{
		MarkdownDescription: "The link to join the meeting, as in an invitation." + lookup,
		Optional:            true,
		Computed:            true,
	}
	attrs["join_meeting_id"] = schema.StringAttribute{
		MarkdownDescription: "The meeting id that people type to join (also in `join_meeting_id_settings`)." + lookup,
		Optional:            true,
		Computed:            true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up an existing Microsoft Teams online meeting of an organizer — by its id, its join link, or the meeting id people type to join — " +
			"for example a meeting someone else created, from the link in its invitation. It exposes the same attributes as the `msgraph_online_meeting` resource.",
		Attributes: attrs,
	}
}

func (d *onlineMeetingDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := configuredData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if data == nil || resp.Diagnostics.HasError() {
		return
	}
	d.providerData = data
}

func (d *onlineMeetingDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("join_web_url"), path.MatchRoot("join_meeting_id")),
	}
}

func (d *onlineMeetingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config onlineMeetingDataSourceModel
	resp.Diagnostics.Append(getMeeting(ctx, req.Config.Get, &config, &config.Settings)...)
	if resp.Diagnostics.HasError() {
		return
	}

	var meeting *graph.OnlineMeeting
	var err error
	var searched string
	user := config.organizerID()
	switch {
	case !config.ID.IsNull():
		searched = fmt.Sprintf("id %q", config.ID.ValueString())
		meeting, err = d.client.GetOnlineMeeting(ctx, user, config.ID.ValueString())
	case !config.JoinWebURL.IsNull():
		searched = fmt.Sprintf("join_web_url %q", config.JoinWebURL.ValueString())
		meeting, err = d.client.FindOnlineMeetingByJoinWebURL(ctx, user, config.JoinWebURL.ValueString())
	default:
		searched = fmt.Sprintf("join_meeting_id %q", config.JoinMeetingID.ValueString())
		meeting, err = d.client.FindOnlineMeetingByJoinMeetingID(ctx, user, config.JoinMeetingID.ValueString())
	}
	who := "the signed-in user (/me)"
	if user != "" {
		who = "user " + user
	}
	if errors.Is(err, graph.ErrNotFound) || graph.IsNotFound(err) {
		resp.Diagnostics.AddError("Online Meeting Not Found",
			fmt.Sprintf("Microsoft Graph has no online meeting with %s for %s. Check the value, and that user_id is the meeting's organizer: "+
				"Graph finds a meeting only among its organizer's meetings.", searched, who))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(graphErrorDiagnostic(graphCall{
			summary:    "Unable to Read Online Meeting",
			attempted:  fmt.Sprintf("Looking up the online meeting with %s of %s", searched, who),
			userID:     user,
			clientID:   d.clientID,
			credential: d.credentialKind,
		}, err))
		return
	}

	resp.Diagnostics.Append(config.refresh(ctx, meeting)...)
	config.JoinMeetingID = types.StringNull()
	if s := meeting.JoinMeetingIDSettings; s != nil {
		config.JoinMeetingID = types.StringPointerValue(s.JoinMeetingID)
	}
	resp.Diagnostics.Append(setMeeting(ctx, resp.State.Set, resp.State.Schema.Type(), config, config.Settings)...)
}
