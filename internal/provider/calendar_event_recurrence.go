package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

type recurrenceModel struct {
	Pattern *recurrencePatternModel `tfsdk:"pattern"`
	Range   *recurrenceRangeModel   `tfsdk:"range"`
}

type recurrencePatternModel struct {
	Type           types.String `tfsdk:"type"`
	Interval       types.Int64  `tfsdk:"interval"`
	DaysOfWeek     types.Set    `tfsdk:"days_of_week"`
	DayOfMonth     types.Int64  `tfsdk:"day_of_month"`
	Month          types.Int64  `tfsdk:"month"`
	Index          types.String `tfsdk:"index"`
	FirstDayOfWeek types.String `tfsdk:"first_day_of_week"`
}

type recurrenceRangeModel struct {
	Type                types.String `tfsdk:"type"`
	StartDate           types.String `tfsdk:"start_date"`
	EndDate             types.String `tfsdk:"end_date"`
	NumberOfOccurrences types.Int64  `tfsdk:"number_of_occurrences"`
}

// Which recurrence fields each pattern and range type uses (Graph's
// recurrencePattern and recurrenceRange); the others are neither sent nor
// read back.
var (
	patternUses = map[string][]string{
		"daily":           {},
		"weekly":          {"days_of_week", "first_day_of_week"},
		"absoluteMonthly": {"day_of_month"},
		"relativeMonthly": {"days_of_week", "index"},
		"absoluteYearly":  {"day_of_month", "month"},
		"relativeYearly":  {"days_of_week", "index", "month"},
	}
	rangeUses = map[string][]string{
		"endDate":  {"end_date"},
		"noEnd":    {},
		"numbered": {"number_of_occurrences"},
	}
)

func patternUsesField(patternType, field string) bool {
	return slices.Contains(patternUses[patternType], field)
}

func rangeUsesField(rangeType, field string) bool {
	return slices.Contains(rangeUses[rangeType], field)
}

func (r *recurrenceModel) graphRecurrence(ctx context.Context, zone string) (*graph.PatternedRecurrence, diag.Diagnostics) {
	if r == nil || r.Pattern == nil || r.Range == nil {
		return nil, nil
	}
	var diags diag.Diagnostics
	p, rg := r.Pattern, r.Range
	out := &graph.PatternedRecurrence{
		Pattern: graph.RecurrencePattern{Type: p.Type.ValueString(), Interval: int(p.Interval.ValueInt64())},
		Range:   graph.RecurrenceRange{Type: rg.Type.ValueString(), StartDate: rg.StartDate.ValueString(), RecurrenceTimeZone: zone},
	}
	known := func(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }
	t := out.Pattern.Type
	if patternUsesField(t, "days_of_week") && known(p.DaysOfWeek) {
		diags.Append(p.DaysOfWeek.ElementsAs(ctx, &out.Pattern.DaysOfWeek, false)...)
		slices.Sort(out.Pattern.DaysOfWeek)
	}
	if patternUsesField(t, "day_of_month") && known(p.DayOfMonth) {
		out.Pattern.DayOfMonth = int(p.DayOfMonth.ValueInt64())
	}
	if patternUsesField(t, "month") && known(p.Month) {
		out.Pattern.Month = int(p.Month.ValueInt64())
	}
	if patternUsesField(t, "index") && known(p.Index) {
		out.Pattern.Index = p.Index.ValueString()
	}
	if patternUsesField(t, "first_day_of_week") && known(p.FirstDayOfWeek) {
		out.Pattern.FirstDayOfWeek = p.FirstDayOfWeek.ValueString()
	}
	if rangeUsesField(out.Range.Type, "end_date") {
		out.Range.EndDate = rg.EndDate.ValueString()
	}
	if rangeUsesField(out.Range.Type, "number_of_occurrences") {
		out.Range.NumberOfOccurrences = int(rg.NumberOfOccurrences.ValueInt64())
	}
	return out, diags
}

// sameRecurrence compares the fields that the pattern and range types use,
// and those only where the plan knows them.
func sameRecurrence(plan, state *recurrenceModel) bool {
	if plan == nil || state == nil || plan.Pattern == nil || state.Pattern == nil || plan.Range == nil || state.Range == nil {
		return plan == nil && state == nil
	}
	p, s := plan.Pattern, state.Pattern
	pr, sr := plan.Range, state.Range
	if !p.Type.Equal(s.Type) || !p.Interval.Equal(s.Interval) || !pr.Type.Equal(sr.Type) || !pr.StartDate.Equal(sr.StartDate) {
		return false
	}
	same := func(used bool, a, b attr.Value) bool { return !used || a.IsUnknown() || a.Equal(b) }
	t, rt := p.Type.ValueString(), pr.Type.ValueString()
	return same(patternUsesField(t, "days_of_week"), p.DaysOfWeek, s.DaysOfWeek) &&
		same(patternUsesField(t, "day_of_month"), p.DayOfMonth, s.DayOfMonth) &&
		same(patternUsesField(t, "month"), p.Month, s.Month) &&
		same(patternUsesField(t, "index"), p.Index, s.Index) &&
		same(patternUsesField(t, "first_day_of_week"), p.FirstDayOfWeek, s.FirstDayOfWeek) &&
		same(rangeUsesField(rt, "end_date"), pr.EndDate, sr.EndDate) &&
		same(rangeUsesField(rt, "number_of_occurrences"), pr.NumberOfOccurrences, sr.NumberOfOccurrences)
}

func (m *calendarEventModel) refreshRecurrence(ctx context.Context, r *graph.PatternedRecurrence) diag.Diagnostics {
	if r == nil {
		m.Recurrence = nil
		return nil
	}
	var diags diag.Diagnostics
	prior := m.Recurrence
	if prior == nil || prior.Pattern == nil || prior.Range == nil {
		prior = &recurrenceModel{Pattern: &recurrencePatternModel{}, Range: &recurrenceRangeModel{}}
	}
	t, rt := r.Pattern.Type, r.Range.Type
	// A field the type does not use keeps what the configuration says of
	// it (Graph answers a 0 or a default): it is neither sent nor diffed.
	pp, pr := prior.Pattern, prior.Range
	p := &recurrencePatternModel{
		Type: enumValue(pp.Type, &t), Interval: types.Int64Value(int64(r.Pattern.Interval)),
		DaysOfWeek: keptSet(pp.DaysOfWeek), DayOfMonth: keptInt(pp.DayOfMonth), Month: keptInt(pp.Month),
		Index: keptString(pp.Index), FirstDayOfWeek: keptString(pp.FirstDayOfWeek),
	}
	if patternUsesField(t, "days_of_week") {
		days := make([]string, len(r.Pattern.DaysOfWeek))
		for i, d := range r.Pattern.DaysOfWeek {
			days[i] = strings.ToLower(d)
		}
		set, d := types.SetValueFrom(ctx, types.StringType, days)
		diags.Append(d...)
		p.DaysOfWeek = set
	}
	if patternUsesField(t, "day_of_month") {
		p.DayOfMonth = types.Int64Value(int64(r.Pattern.DayOfMonth))
	}
	if patternUsesField(t, "month") {
		p.Month = types.Int64Value(int64(r.Pattern.Month))
	}
	if patternUsesField(t, "index") {
		p.Index = enumValue(pp.Index, &r.Pattern.Index)
	}
	if patternUsesField(t, "first_day_of_week") {
		p.FirstDayOfWeek = enumValue(pp.FirstDayOfWeek, &r.Pattern.FirstDayOfWeek)
	}
	rg := &recurrenceRangeModel{Type: enumValue(pr.Type, &rt), StartDate: types.StringValue(r.Range.StartDate),
		EndDate: keptString(pr.EndDate), NumberOfOccurrences: keptInt(pr.NumberOfOccurrences)}
	if rangeUsesField(rt, "end_date") {
		rg.EndDate = types.StringValue(r.Range.EndDate)
	}
	if rangeUsesField(rt, "number_of_occurrences") {
		rg.NumberOfOccurrences = types.Int64Value(int64(r.Range.NumberOfOccurrences))
	}
	m.Recurrence = &recurrenceModel{Pattern: p, Range: rg}
	return diags
}

// keptString, keptInt and keptSet are a prior value where it is known,
// else null.
func keptString(v types.String) types.String {
	if v.IsUnknown() {
		return types.StringNull()
	}
	return v
}

func keptInt(v types.Int64) types.Int64 {
	if v.IsUnknown() {
		return types.Int64Null()
	}
	return v
}

func keptSet(v types.Set) types.Set {
	if v.IsUnknown() || v.IsNull() {
		return types.SetNull(types.StringType)
	}
	return v
}

// recurrenceAttribute is the recurrence attribute of msgraph_calendar_event.
func recurrenceAttribute() schema.SingleNestedAttribute {
	weekdays := []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Makes the event a recurring series; its holidays and moved sessions are `cancelled_occurrences` and `moved_occurrences`. " +
			"Fields that the pattern or range type does not use are not needed and never show a diff.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"pattern": schema.SingleNestedAttribute{
				MarkdownDescription: "How often the event recurs.",
				Required:            true,
				Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						MarkdownDescription: "`daily`, `weekly`, `absoluteMonthly`, `relativeMonthly`, `absoluteYearly` or `relativeYearly`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(sortedKeys(patternUses)...)},
					},
					"interval": schema.Int64Attribute{
						MarkdownDescription: "Days, weeks, months or years between occurrences, by `type`.",
						Required:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"days_of_week": schema.SetAttribute{
						MarkdownDescription: "The days, such as `[\"monday\"]`: for `weekly`, `relativeMonthly` and `relativeYearly`.",
						Optional:            true,
						ElementType:         types.StringType,
						Validators:          []validator.Set{setvalidator.ValueStringsAre(stringvalidator.OneOf(weekdays...)), setvalidator.SizeAtLeast(1)},
					},
					"day_of_month": schema.Int64Attribute{
						MarkdownDescription: "The day of the month: for `absoluteMonthly` and `absoluteYearly`.",
						Optional:            true,
						Validators:          []validator.Int64{int64validator.Between(1, 31)},
					},
					"month": schema.Int64Attribute{
						MarkdownDescription: "The month, 1 to 12: for `absoluteYearly` and `relativeYearly`.",
						Optional:            true,
						Validators:          []validator.Int64{int64validator.Between(1, 12)},
					},
					"index": schema.StringAttribute{
						MarkdownDescription: "Which of the month's `days_of_week`: `first` (default), `second`, `third`, `fourth` or `last`; for the relative types.",
						Optional:            true,
						Computed:            true,
						Validators:          []validator.String{stringvalidator.OneOf("first", "second", "third", "fourth", "last")},
						PlanModifiers:       []planmodifier.String{patternDefault("index")},
					},
					"first_day_of_week": schema.StringAttribute{
						MarkdownDescription: "The first day of the week, for `weekly` with an `interval` above 1. Default `sunday`.",
						Optional:            true,
						Computed:            true,
						Validators:          []validator.String{stringvalidator.OneOf(weekdays...)},
						PlanModifiers:       []planmodifier.String{patternDefault("first_day_of_week")},
					},
				},
			},
			"range": schema.SingleNestedAttribute{
				MarkdownDescription: "When the series starts and ends.",
				Required:            true,
				Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						MarkdownDescription: "`endDate`, `noEnd` or `numbered`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(sortedKeys(rangeUses)...)},
					},
					"start_date": schema.StringAttribute{
						MarkdownDescription: "The first day, `YYYY-MM-DD`: the date of `start_date_time`.",
						Required:            true,
						Validators:          []validator.String{calendarDate()},
					},
					"end_date": schema.StringAttribute{
						MarkdownDescription: "The last day, `YYYY-MM-DD`: for `endDate`.",
						Optional:            true,
						Validators:          []validator.String{calendarDate()},
					},
					"number_of_occurrences": schema.Int64Attribute{
						MarkdownDescription: "How many occurrences: for `numbered`.",
						Optional:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
				},
			},
		},
	}
}

var _ planmodifier.String = patternDefaultModifier{}

// patternDefault plans a pattern field that Graph fills in when it is
// unset, and only for the pattern types that use it: null for a type that
// does not use it; for one that does, the state's value while the type
// stays the same, else unknown (Graph's default).
func patternDefault(field string) planmodifier.String { return patternDefaultModifier{field} }

type patternDefaultModifier struct{ field string }

func (m patternDefaultModifier) Description(_ context.Context) string {
	return "Unset, Graph's default for the pattern types that use it; null for the others."
}

func (m patternDefaultModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m patternDefaultModifier) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	typePath := req.Path.ParentPath().AtName("type")
	var planned, held types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, typePath, &planned)...)
	if resp.Diagnostics.HasError() || planned.IsUnknown() || planned.IsNull() {
		return
	}
	if !patternUsesField(planned.ValueString(), m.field) {
		resp.PlanValue = types.StringNull()
		return
	}
	if req.State.Raw.IsNull() {
		return
	}
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, typePath, &held)...)
	if held.Equal(planned) && !req.StateValue.IsNull() {
		resp.PlanValue = req.StateValue
	}
}
