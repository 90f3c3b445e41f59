package graphmock

// Event bodies: HTML as Graph answers them, the Teams join block and
// bodyPreview.

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// Bodies are answered as HTML (§2.3, I9): the content inside a fixed
// html/head/body frame, text HTML-escaped with <br> for line breaks.
const (
	htmlHead = "<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n</head>\r\n<body>\r\n"
	htmlTail = "\r\n</body>\r\n</html>\r\n"
)

// bodyInner returns what goes inside <body> for a request's body: HTML
// loses its own html/head/body frame (as when a client sends back a body
// it read).
func bodyInner(b itemBody) (string, *eventError) {
	contentType := "text"
	if b.ContentType != "" {
		t, err := enumMember("BodyType", b.ContentType)
		if err != nil {
			return "", err
		}
		contentType = t
	}
	content := b.Content
	if contentType == "text" {
		content = strings.ReplaceAll(html.EscapeString(strings.ReplaceAll(content, "\r\n", "\n")), "\n", "<br>")
		return content, nil
	}
	lower := asciiLower(content)
	if i := strings.Index(lower, "<body"); i >= 0 {
		if j := strings.IndexByte(lower[i:], '>'); j >= 0 {
			start := i + j + 1
			end := len(content)
			if k := strings.LastIndex(lower, "</body>"); k >= start {
				end = k
			}
			content = content[start:end]
		}
	}
	return strings.Trim(content, "\r\n"), nil
}

// asciiLower lower-cases ASCII letters only, keeping byte offsets.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func bodyContent(inner string) string {
	if inner == "" {
		return ""
	}
	return htmlHead + inner + htmlTail
}

// HasJoinBlock reports whether an event body carries the Teams join block
// for joinURL: the headline link of the block Graph appends (§2.3).
func HasJoinBlock(body, joinURL string) bool {
	return strings.Contains(body, JoinBlockMarker) &&
		strings.Contains(body, `<a class="me-email-headline" href="`+html.EscapeString(joinURL)+`"`)
}

func containsJoinURL(inner, joinURL string) bool {
	return strings.Contains(inner, joinURL) || strings.Contains(inner, html.EscapeString(joinURL))
}

// JoinBlockMarker opens the Teams join block (after its separator line).
const JoinBlockMarker = `<div class="me-email-text"`

const joinSeparator = `<div style="width:100%; height:20px"><span style="white-space:nowrap; color:gray; opacity:.36">________________________________________________________________________________</span>` + "\r\n</div>"

// joinBlock is the join-Teams-meeting blob of the reference's example
// (§2.3), for m.
func joinBlock(m graph.OnlineMeeting) string {
	conferenceID := deref(m.AudioConferencing.ConferenceID)
	toll := m.AudioConferencing.TollNumbers[0]
	var spaced strings.Builder
	for i, r := range conferenceID {
		if i > 0 && i%3 == 0 {
			spaced.WriteByte(' ')
		}
		spaced.WriteRune(r)
	}
	esc := html.EscapeString
	tel := strings.ReplaceAll(esc(toll), "+", "&#43;")
	var b strings.Builder
	b.WriteString(joinSeparator + "\r\n")
	b.WriteString(JoinBlockMarker + ` style="color:#252424; font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif">` + "\r\n")
	fmt.Fprintf(&b, `<div style="margin-top:24px; margin-bottom:10px"><a class="me-email-headline" href="%s" target="_blank" rel="noreferrer noopener" style="font-size:18px; font-family:'Segoe UI Semibold','Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif; text-decoration:underline; color:#6264a7">Join`+"\r\n"+` Microsoft Teams Meeting</a> </div>`+"\r\n", esc(deref(m.JoinWebURL)))
	fmt.Fprintf(&b, `<div>`+"\r\n"+`<div><a class="me-email-link" href="tel:%s,,%s# " target="_blank" rel="noreferrer noopener" style="font-size:14px; text-decoration:none; color:#6264a7">%s</a>`+"\r\n"+`<span style="font-size:12px">&nbsp; United States, Seattle (Toll) </span></div>`+"\r\n"+`</div>`+"\r\n", tel, conferenceID, tel)
	fmt.Fprintf(&b, `<div style="margin-top:10px; margin-bottom:20px"><span style="font-size:12px">Conference ID:`+"\r\n"+`</span><span style="font-size:14px">%s# </span></div>`+"\r\n", spaced.String())
	fmt.Fprintf(&b, `<div style="margin-bottom:24px"><a class="me-email-link" target="_blank" href="%s" rel="noreferrer noopener" style="font-size:12px; text-decoration:none; color:#6264a7">Local`+"\r\n"+` numbers</a> | <a class="me-email-link" target="_blank" href="https://mysettings.lync.com/pstnconferencing" rel="noreferrer noopener" style="font-size:12px; text-decoration:none; color:#6264a7">`+"\r\n"+`Reset PIN</a> | <a class="me-email-link" target="_blank" href="https://aka.ms/JoinTeamsMeeting" rel="noreferrer noopener" style="font-size:12px; text-decoration:none; color:#6264a7">`+"\r\n"+`Learn more about Teams</a> | <a class="me-email-link" target="_blank" href="%s" rel="noreferrer noopener" style="font-size:12px; text-decoration:none; color:#6264a7">`+"\r\n"+`Meeting options</a> </div>`+"\r\n",
		esc(deref(m.AudioConferencing.DialinURL)), esc(deref(m.MeetingOptionsWebURL)))
	b.WriteString(`<div style="font-size:14px; margin-bottom:4px"></div>` + "\r\n" + `<div style="font-size:12px"></div>` + "\r\n</div>\r\n")
	b.WriteString(joinSeparator)
	return b.String()
}

var (
	htmlDropped = regexp.MustCompile(`(?is)<(head|style|script)\b.*?</(head|style|script)\s*>`)
	htmlBreaks  = regexp.MustCompile(`(?i)<br\s*/?>|</(div|p|tr|li|h[1-6])\s*>`)
	htmlTags    = regexp.MustCompile(`<[^>]*>`)
)

// bodyPreview is the plain text of a body, its first 255 characters, as
// Exchange makes it (§1.2, [S12]).
func bodyPreview(inner string) string {
	text := htmlDropped.ReplaceAllString(inner, "")
	text = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(text)
	text = htmlTags.ReplaceAllString(htmlBreaks.ReplaceAllString(text, "\n"), "")
	text = html.UnescapeString(text)
	var lines []string
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			lines = append(lines, line)
		}
	}
	text = strings.Join(lines, "\r\n")
	if utf8.RuneCountInString(text) > 255 {
		text = string([]rune(text)[:255])
	}
	return text
}
