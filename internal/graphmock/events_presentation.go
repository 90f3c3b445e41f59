package graphmock

// What a request asks of the answer (Prefer: outlook.timezone, $expand,
// $select) and the rendering of a stored event as Graph answers it.

import (
	"cmp"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/meetingops/terraform-provider-msgraph/internal/timezone"
)

// presentation is what a request asks of the answer.
type presentation struct {
	loc     *time.Location // of start and end; UTC by default
	zone    string         // their timeZone
	applied bool           // answer Preference-Applied
	// expand is the extended property id of $expand; all includes every
	// extended property (the store accessors).
	expand *string
	all    bool
	selct  []string // $select
	// expandExceptions: $expand names exceptionOccurrences.
	expandExceptions bool
}

// preferences returns the Prefer tokens of h by lower-case name, values
// unquoted. Graph documents neither separate Prefer lines nor
// comma-separated tokens for its Outlook preferences (§2.6); RFC 7240
// allows both, and so does the mock.
func preferences(h http.Header) map[string]string {
	out := map[string]string{}
	for _, line := range h.Values("Prefer") {
		for _, token := range splitUnquoted(line, ',') {
			pref := splitUnquoted(token, ';')[0] // parameters do not matter here
			name, value, _ := strings.Cut(pref, "=")
			name, value = strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = value[1 : len(value)-1]
			}
			if _, seen := out[name]; name != "" && !seen {
				out[name] = value
			}
		}
	}
	return out
}

// splitUnquoted splits s at sep outside double quotes.
func splitUnquoted(s string, sep byte) []string {
	var parts []string
	quoted, from := false, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case s[i] == sep && !quoted:
			parts = append(parts, s[from:i])
			from = i + 1
		}
	}
	return append(parts, s[from:])
}

var expandPattern = regexp.MustCompile(`^singleValueExtendedProperties\(\s*\$filter\s*=\s*id\s+eq\s+'((?:[^']|'')*)'\s*\)$`)

// presentation reads Prefer: outlook.timezone (§2.5, §3.1) and the query
// options the route takes. An unknown zone in Prefer is ignored, without
// Preference-Applied (undocumented).
func (s *Server) presentation(r *http.Request, options ...string) (presentation, *eventError) {
	p := presentation{loc: time.UTC, zone: "UTC"}
	if name, ok := preferences(r.Header)["outlook.timezone"]; ok {
		s.mu.Lock()
		ignoreIANA := s.faults.IgnoreIANATimeZonePrefer
		s.mu.Unlock()
		if loc, err := timezone.Load(name); err == nil && (!ignoreIANA || timezone.IsWindows(name)) {
			p.loc, p.zone, p.applied = loc, name, true
		}
	}
	q := r.URL.Query()
	for _, k := range slices.Sorted(maps.Keys(q)) {
		if strings.HasPrefix(k, "$") && !slices.Contains(options, k) {
			return p, badRequest("BadRequest", "The mock does not support the query option '%s' here.", k)
		}
	}
	if v := q.Get("$expand"); v != "" {
		for _, item := range splitUnquoted(v, ',') {
			item = strings.TrimSpace(item)
			if item == "exceptionOccurrences" {
				p.expandExceptions = true
				continue
			}
			m := expandPattern.FindStringSubmatch(item)
			if m == nil || p.expand != nil {
				return p, badRequest("BadRequest", "Parsing OData Select and Expand failed: the mock expands only singleValueExtendedProperties($filter=id eq '…') and exceptionOccurrences, not '%s'.", v)
			}
			id := strings.ReplaceAll(m[1], "''", "'")
			p.expand = &id
		}
	}
	if v := q.Get("$select"); v != "" {
		known := jsonNames(reflect.TypeFor[wireEvent]())
		for name := range strings.SplitSeq(v, ",") {
			name = strings.TrimSpace(name)
			if !known[name] || strings.HasPrefix(name, "@") {
				return p, badRequest("RequestBroker--ParseUri", "Could not find a property named '%s' on type 'Microsoft.OutlookServices.Event'.", name)
			}
			p.selct = append(p.selct, name)
		}
	}
	return p, nil
}

func jsonNames(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		out[name] = true
	}
	return out
}

// render answers e as Graph would for p. s.mu must be held.
func (s *Server) render(e *storedEvent, p presentation) wireEvent {
	address, name := s.mailboxAddress(e.mailbox)
	loc := e.location
	loc.LocationType = cmp.Or(loc.LocationType, "default")
	loc.UniqueID, loc.UniqueIDType = "", "unknown"
	locations := []location{}
	if loc.DisplayName != "" {
		loc.UniqueID, loc.UniqueIDType = loc.DisplayName, "private"
		locations = append(locations, loc)
	}
	var recurrence *patternedRecurrence
	if e.recurrence != nil {
		recurrence = e.clone().recurrence
	}
	organizer, response := recipient{EmailAddress: emailAddress{Name: name, Address: address}}, "organizer"
	if e.organizer != nil {
		organizer, response = recipient{EmailAddress: *e.organizer}, "notResponded"
	}
	provider, online := "unknown", (*onlineMeetingInfo)(nil)
	if e.online != nil {
		provider, online = "teamsForBusiness", e.clone().online
	}
	w := wireEvent{
		ODataETag: `W/"` + e.changeKey + `"`, ID: e.id,
		CreatedDateTime: e.created.UTC().Format(wallClockLayout + "Z"), LastModifiedDateTime: e.modified.UTC().Format(wallClockLayout + "Z"),
		ChangeKey: e.changeKey, Categories: slices.Clone(e.categories), TransactionID: e.transactionID,
		OriginalStartTimeZone: e.startZone, OriginalEndTimeZone: e.endZone, ICalUID: e.iCalUID,
		ReminderMinutesBeforeStart: e.reminderMinutes, IsReminderOn: e.isReminderOn,
		Subject: e.subject, BodyPreview: bodyPreview(e.bodyInner),
		Importance: e.importance, Sensitivity: e.sensitivity, IsOrganizer: e.organizer == nil, IsCancelled: e.cancelled,
		ResponseRequested: e.responseRequested, ShowAs: e.showAs, Type: e.eventType(),
		WebLink:         "https://outlook.office365.com/owa/?itemid=" + url.QueryEscape(e.id) + "&exvsurl=1&path=/calendar/item",
		IsOnlineMeeting: e.online != nil, OnlineMeetingProvider: provider,
		AllowNewTimeProposals: e.allowNewTimeProposals, HideAttendees: e.hideAttendees,
		ResponseStatus: responseStatus{Response: response, Time: "0001-01-01T00:00:00Z"},
		Body:           itemBody{ContentType: "html", Content: bodyContent(e.bodyInner)},
		Start:          dateTimeTimeZone{DateTime: e.start.In(p.loc).Format(wallClockLayout), TimeZone: p.zone},
		End:            dateTimeTimeZone{DateTime: e.end.In(p.loc).Format(wallClockLayout), TimeZone: p.zone},
		Location:       loc, Locations: locations, Recurrence: recurrence,
		Attendees:     slices.Clone(e.attendees),
		Organizer:     organizer,
		OnlineMeeting: online,
	}
	switch {
	case p.all:
		props := slices.Clone(e.extended)
		w.SingleValueExtendedProperties = &props
	case p.expand != nil:
		props := []singleValueLegacyExtendedProperty{}
		for _, x := range e.extended {
			if x.ID == *p.expand {
				props = append(props, x)
			}
		}
		w.SingleValueExtendedProperties = &props
	}
	if e.seriesMasterID != "" {
		master, originalStart := e.seriesMasterID, e.originalStart.UTC().Format(time.RFC3339)
		w.SeriesMasterID, w.OriginalStart = &master, &originalStart
	}
	return w
}

// selects tells whether $select names a property.
func (p presentation) selects(name string) bool { return slices.Contains(p.selct, name) }

// encodeEvent applies $select to a rendered event.
func encodeEvent(w wireEvent, p presentation) any {
	if len(p.selct) == 0 {
		return w
	}
	b, _ := json.Marshal(w)
	var all, out map[string]json.RawMessage
	_ = json.Unmarshal(b, &all)
	out = map[string]json.RawMessage{}
	for k, v := range all {
		if strings.HasPrefix(k, "@odata.") || k == "id" || k == "singleValueExtendedProperties" || slices.Contains(p.selct, k) {
			out[k] = v
		}
	}
	return out
}

// writeEvent answers with one event.
func (s *Server) writeEvent(w http.ResponseWriter, r *http.Request, c *call, status int, p presentation, ev wireEvent) {
	segment := "events"
	if len(p.selct) > 0 {
		segment += "(" + strings.Join(p.selct, ",") + ")"
	}
	ev.ODataContext = s.graphBase(r) + "/$metadata#users('" + c.userID + "')/" + segment + "/$entity"
	if p.applied {
		w.Header().Set("Preference-Applied", `outlook.timezone="`+p.zone+`"`)
	}
	writeJSON(w, status, encodeEvent(ev, p))
}
