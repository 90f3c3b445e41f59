package graphmock

import (
	"fmt"
	"html"
	"net/url"
	"strings"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// joinTexts are the words of the join information block, per language.
// Graph writes the block in the language of Accept-Language, English by
// default.
var joinTexts = map[string]struct{ heading, join, meetingID, passcode, options string }{
	"en": {"Microsoft Teams meeting", "Join the meeting now", "Meeting ID", "Passcode", "Meeting options"},
	"de": {"Microsoft Teams-Besprechung", "Jetzt an der Besprechung teilnehmen", "Besprechungs-ID", "Kennung", "Besprechungsoptionen"},
	"fr": {"Réunion Microsoft Teams", "Rejoindre la réunion maintenant", "ID de la réunion", "Code secret", "Options de réunion"},
}

// joinInformation is the block an invitation carries, as Graph returns it:
// HTML in a data URL, the whole URL percent-encoded in form encoding, and
// contentType "Html" (sic), as in the create doc's example.
func joinInformation(acceptLanguage string, m graph.OnlineMeeting) *graph.ItemBody {
	texts := joinTexts[language(acceptLanguage)]
	var b strings.Builder
	b.WriteString(`<div style="width:100%;height:20px;"><span style="white-space:nowrap;color:gray;opacity:.36;">________________</span></div>`)
	fmt.Fprintf(&b, `<div class="me-email-text" lang="%s"><div><span class="me-email-text-secondary" style="font-size:24px;font-weight:700;">%s</span></div>`,
		language(acceptLanguage), html.EscapeString(texts.heading))
	fmt.Fprintf(&b, `<div><a class="me-email-headline" href="%s" target="_blank" rel="noreferrer noopener">%s</a></div>`,
		html.EscapeString(deref(m.JoinWebURL)), html.EscapeString(texts.join))
	if j := m.JoinMeetingIDSettings; j != nil && j.JoinMeetingID != nil {
		fmt.Fprintf(&b, `<div><span class="me-email-text-secondary">%s: </span><span class="me-email-text">%s</span></div>`,
			html.EscapeString(texts.meetingID), html.EscapeString(*j.JoinMeetingID))
		if j.Passcode != nil {
			fmt.Fprintf(&b, `<div><span class="me-email-text-secondary">%s: </span><span class="me-email-text">%s</span></div>`,
				html.EscapeString(texts.passcode), html.EscapeString(*j.Passcode))
		}
	}
	fmt.Fprintf(&b, `<div><a class="me-email-link" href="%s">%s</a></div></div>`,
		html.EscapeString(deref(m.MeetingOptionsWebURL)), html.EscapeString(texts.options))
	return &graph.ItemBody{ContentType: graph.Ptr("Html"), Content: graph.Ptr(url.QueryEscape("data:text/html," + b.String()))}
}

// language picks the first language of an Accept-Language header that
// the mock speaks, English otherwise.
func language(acceptLanguage string) string {
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if _, ok := joinTexts[primary]; ok {
			return primary
		}
	}
	return "en"
}
