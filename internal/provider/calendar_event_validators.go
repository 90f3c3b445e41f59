package provider

import (
	"context"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

// stringCheck is a string validator made of a description and a check
// that returns what is wrong with a known value, or "".
type stringCheck struct {
	summary, description string
	check                func(string) string
}

func (v stringCheck) Description(_ context.Context) string           { return v.description }
func (v stringCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := v.check(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, fmt.Sprintf("%s %s", req.Path, problem))
	}
}

var offsetSuffix = regexp.MustCompile(`(Z|[+-]\d{2}:?\d{2})$`)

// wallClockTime accepts a date and time without offset, as Graph's
// dateTimeTimeZone takes it: the zone is time_zone's.
func wallClockTime() validator.String {
	return stringCheck{
		summary:     "Invalid Wall-Clock Time",
		description: "a date and time without offset, such as 2026-03-30T09:00:00",
		check: func(s string) string {
			if offsetSuffix.MatchString(s) {
				return fmt.Sprintf("is %q, which has an offset: write the wall-clock time alone, such as 2026-03-30T09:00:00, and set its zone in time_zone.", s)
			}
			if _, ok := wallClock(s); !ok {
				return fmt.Sprintf("is %q: write a date and time without offset, such as 2026-03-30T09:00:00.", s)
			}
			return ""
		},
	}
}

// timeZoneName accepts the IANA and Windows time zone names Graph takes.
func timeZoneName() validator.String {
	return stringCheck{
		summary:     "Unknown Time Zone",
		description: "an IANA time zone name (Europe/Berlin) or a Windows one (W. Europe Standard Time)",
		check: func(s string) string {
			if _, err := timezone.Load(s); err != nil {
				return fmt.Sprintf("is %q, which is neither an IANA time zone name (such as Europe/Berlin) nor a Windows one (such as W. Europe Standard Time).", s)
			}
			return ""
		},
	}
}

// calendarDate accepts YYYY-MM-DD.
func calendarDate() validator.String {
	return stringCheck{
		summary:     "Invalid Date",
		description: "a date, YYYY-MM-DD",
		check: func(s string) string {
			if _, err := time.Parse(time.DateOnly, s); err != nil {
				return fmt.Sprintf("is %q: write a date as YYYY-MM-DD, such as 2026-03-30.", s)
			}
			return ""
		},
	}
}

// emailAddress accepts a bare e-mail address.
func emailAddress() validator.String {
	return stringCheck{
		summary:     "Invalid E-mail Address",
		description: "an e-mail address, such as ada@contoso.com",
		check: func(s string) string {
			a, err := mail.ParseAddress(s)
			if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
				return fmt.Sprintf("is %q, which is not an e-mail address such as ada@contoso.com.", s)
			}
			return ""
		},
	}
}

// eventTimes refuses, at plan time, an end that is not after the start,
// and a recurrence that does not start on the start's date (Graph
// requires range.start_date to be the date of start).
func eventTimes() resource.ConfigValidator { return eventTimesValidator{} }

type eventTimesValidator struct{}

func (v eventTimesValidator) Description(_ context.Context) string {
	return "end_date_time after start_date_time; recurrence.range.start_date the date of start_date_time"
}

func (v eventTimesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v eventTimesValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var start, end, rangeStart types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("start_date_time"), &start)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("end_date_time"), &end)...)
	var recurrence types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("recurrence"), &recurrence)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, okStart := wallClock(start.ValueString())
	e, okEnd := wallClock(end.ValueString())
	if okStart && okEnd && !e.After(s) {
		resp.Diagnostics.AddAttributeError(path.Root("end_date_time"), "End Not After Start",
			fmt.Sprintf("end_date_time %s is not after start_date_time %s (both in time_zone). Set an end after the start.", end.ValueString(), start.ValueString()))
	}
	if recurrence.IsNull() || recurrence.IsUnknown() {
		return
	}
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("recurrence").AtName("range").AtName("start_date"), &rangeStart)...)
	if okStart && !rangeStart.IsNull() && !rangeStart.IsUnknown() && rangeStart.ValueString() != s.Format(time.DateOnly) {
		resp.Diagnostics.AddAttributeError(path.Root("recurrence").AtName("range").AtName("start_date"), "Recurrence Start Date Mismatch",
			fmt.Sprintf("recurrence.range.start_date %s is not the date of start_date_time %s. Graph requires the series to start on the first event's date: "+
				"set start_date to %s (the first occurrence may still fall later, when that date does not fit the pattern).",
				rangeStart.ValueString(), start.ValueString(), s.Format(time.DateOnly)))
	}
}

// recurrenceFields refuses a recurrence without the fields its pattern or
// range type requires.
func recurrenceFields() resource.ConfigValidator { return recurrenceFieldsValidator{} }

type recurrenceFieldsValidator struct{}

func (v recurrenceFieldsValidator) Description(_ context.Context) string {
	return "the recurrence fields that the pattern and range types require"
}

func (v recurrenceFieldsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// required lists, by type, the fields Graph requires (the defaulted ones,
// index and first_day_of_week, are not).
var (
	patternRequires = map[string][]string{
		"weekly": {"days_of_week"}, "absoluteMonthly": {"day_of_month"}, "relativeMonthly": {"days_of_week"},
		"absoluteYearly": {"day_of_month", "month"}, "relativeYearly": {"days_of_week", "month"},
	}
	rangeRequires = map[string][]string{"endDate": {"end_date"}, "numbered": {"number_of_occurrences"}}
)

func (v recurrenceFieldsValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var recurrence types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("recurrence"), &recurrence)...)
	if resp.Diagnostics.HasError() || recurrence.IsNull() || recurrence.IsUnknown() {
		return
	}
	for _, part := range []struct {
		name     string
		requires map[string][]string
	}{{"pattern", patternRequires}, {"range", rangeRequires}} {
		base := path.Root("recurrence").AtName(part.name)
		var kind types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, base.AtName("type"), &kind)...)
		if kind.IsNull() || kind.IsUnknown() {
			continue
		}
		for _, field := range part.requires[kind.ValueString()] {
			var value attr.Value
			switch field {
			case "days_of_week":
				var set types.Set
				resp.Diagnostics.Append(req.Config.GetAttribute(ctx, base.AtName(field), &set)...)
				value = set
			case "end_date":
				var str types.String
				resp.Diagnostics.Append(req.Config.GetAttribute(ctx, base.AtName(field), &str)...)
				value = str
			default:
				var n types.Int64
				resp.Diagnostics.Append(req.Config.GetAttribute(ctx, base.AtName(field), &n)...)
				value = n
			}
			if value.IsNull() {
				resp.Diagnostics.AddAttributeError(base.AtName(field), "Missing Recurrence Field",
					fmt.Sprintf("recurrence.%s.type %q needs recurrence.%s.%s.", part.name, kind.ValueString(), part.name, field))
			}
		}
	}
}

// settingsNeedObjectID refuses online_meeting_settings with a user_id that
// is not an object id: the onlineMeetings API addresses organizers by
// object id only.
func settingsNeedObjectID() resource.ConfigValidator { return settingsNeedObjectIDValidator{} }

type settingsNeedObjectIDValidator struct{}

func (v settingsNeedObjectIDValidator) Description(_ context.Context) string {
	return "online_meeting_settings needs user_id as an Entra object id"
}

func (v settingsNeedObjectIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v settingsNeedObjectIDValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var user types.String
	var settings types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("user_id"), &user)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("online_meeting_settings"), &settings)...)
	if resp.Diagnostics.HasError() || settings.IsNull() || user.IsNull() || user.IsUnknown() || guidPattern.MatchString(user.ValueString()) {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("user_id"), "Object ID Needed for Meeting Options",
		fmt.Sprintf("user_id is %q, but online_meeting_settings changes the Teams meeting through the onlineMeetings API, which addresses the organizer by "+
			"Microsoft Entra object id only. Set user_id to the organizer's object id (a GUID; the events API takes it as well), or remove online_meeting_settings.",
			user.ValueString()))
}

// distinctAddresses refuses two attendees whose addresses differ only in
// case: Exchange takes them for one.
func distinctAddresses() validator.Set { return distinctAddressesValidator{} }

type distinctAddressesValidator struct{}

func (v distinctAddressesValidator) Description(_ context.Context) string {
	return "attendees' addresses are distinct without regard to case"
}

func (v distinctAddressesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v distinctAddressesValidator) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var attendees []eventAttendeeModel
	resp.Diagnostics.Append(req.ConfigValue.ElementsAs(ctx, &attendees, false)...)
	seen := map[string]string{}
	for _, a := range attendees {
		if a.Email.IsUnknown() {
			continue
		}
		key := caseless(a.Email.ValueString())
		if first, ok := seen[key]; ok {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate Attendee",
				fmt.Sprintf("%s lists %q and %q, which Exchange takes for one address (it ignores case). List each attendee once.", req.Path, first, a.Email.ValueString()))
			return
		}
		seen[key] = a.Email.ValueString()
	}
}
