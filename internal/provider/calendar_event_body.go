package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

type eventBodyModel struct {
	ContentType types.String `tfsdk:"content_type"`
	Content     types.String `tfsdk:"content"`
}

// The Teams join block Graph appends to a calendar-backed meeting's body:
// a separator line, the "me-email-text" block with the join link and the
// dial-in details, and a closing separator. Its markup is observed, not
// documented, and varies by tenant and language; these are the parts that
// every observed form shares.
var (
	joinBlockText = regexp.MustCompile(`class="me-email-text"`)
	separatorDiv  = regexp.MustCompile(`<div style="width:\s*100%;?\s*height:\s*20px;?">`)
	bodyOpen      = regexp.MustCompile(`(?i)<body[^>]*>`)
	whitespace    = regexp.MustCompile(`\s+`)
)

// splitBody splits the HTML of an event body into what precedes the
// user's content (up to and including <body>), the user's content, and
// the join block with everything after it. found is false when the body
// has no join block.
func splitBody(content string) (head, user, block string, found bool) {
	start := 0
	if loc := bodyOpen.FindStringIndex(content); loc != nil {
		start = loc[1]
	}
	text := joinBlockText.FindStringIndex(content)
	if text == nil || text[0] < start {
		end := len(content)
		if i := strings.LastIndex(strings.ToLower(content), "</body>"); i >= start {
			end = i
		}
		return content[:start], content[start:end], content[end:], false
	}
	blockStart := text[0]
	for _, loc := range separatorDiv.FindAllStringIndex(content[start:text[0]], -1) {
		blockStart = start + loc[0] // the last separator before the block
	}
	return content[:start], content[start:blockStart], content[blockStart:], true
}

// bodyFingerprint identifies the user's part of an event body as Graph
// holds it, whatever whitespace Graph adds: a different fingerprint means
// the body was edited since the provider last wrote it.
func bodyFingerprint(content string) string {
	_, user, _, _ := splitBody(content)
	sum := sha256.Sum256([]byte(strings.TrimSpace(whitespace.ReplaceAllString(user, " "))))
	return hex.EncodeToString(sum[:])
}

var (
	htmlTag   = regexp.MustCompile(`(?s)<[^>]*>`)
	htmlBreak = regexp.MustCompile(`(?i)<br\s*/?>|</p>|</div>`)
)

// plainText is what HTML says, for comparing a body with Graph's rewriting
// of it: tags dropped (line breaks kept as spaces), entities decoded,
// whitespace collapsed.
func plainText(h string) string {
	h = htmlBreak.ReplaceAllString(h, " ")
	h = html.UnescapeString(htmlTag.ReplaceAllString(h, ""))
	return strings.TrimSpace(whitespace.ReplaceAllString(h, " "))
}

// sameBody tells whether Graph's body (its user part) says what the
// configured body says: Graph's HTML rewriting aside, the same text.
func sameBody(configured *eventBodyModel, e *graph.Event) bool {
	if configured == nil || e == nil || e.Body == nil || e.Body.Content == nil {
		return configured == nil
	}
	_, user, _, _ := splitBody(*e.Body.Content)
	want := configured.Content.ValueString()
	if configured.ContentType.ValueString() == "html" {
		want = plainText(want)
	}
	return strings.TrimSpace(whitespace.ReplaceAllString(want, " ")) == plainText(user)
}

// userHTML is the configured body as the HTML Graph would hold.
func (b *eventBodyModel) userHTML() string {
	if b == nil {
		return ""
	}
	if b.ContentType.ValueString() == "html" {
		return b.Content.ValueString()
	}
	return strings.ReplaceAll(html.EscapeString(b.Content.ValueString()), "\n", "<br>\r\n")
}

func (b *eventBodyModel) graphBody() *graph.ItemBody {
	if b == nil {
		return nil
	}
	contentType := b.ContentType.ValueString()
	if contentType == "" {
		contentType = "text"
	}
	return &graph.ItemBody{ContentType: graph.Ptr(contentType), Content: graph.Ptr(b.Content.ValueString())}
}

func (b *eventBodyModel) equal(o *eventBodyModel) bool {
	if b == nil || o == nil {
		return b == o
	}
	return b.ContentType.Equal(o.ContentType) && b.Content.Equal(o.Content)
}

// keepJoinBlock is the body to PATCH for the configured one: Graph's
// documents that a Teams event's body must keep its join block, or the
// meeting is lost; so the user's part is replaced and the block kept.
func keepJoinBlock(configured *eventBodyModel, current *graph.Event) (*graph.ItemBody, bool) {
	var content string
	if current != nil && current.Body != nil && current.Body.Content != nil {
		content = *current.Body.Content
	}
	head, _, block, found := splitBody(content)
	if !found {
		if current != nil && current.OnlineMeeting != nil && current.OnlineMeeting.JoinURL != "" {
			return nil, false
		}
		return configured.graphBody(), true
	}
	return &graph.ItemBody{ContentType: graph.Ptr("html"), Content: graph.Ptr(head + "\r\n" + configured.userHTML() + "\r\n" + block)}, true
}

// bodyFingerprintKey is the private-state key of the body's fingerprint
// after the provider last wrote it (see bodyFingerprint).
const bodyFingerprintKey = "body_fingerprint"

// adoptedBody is the body to assume an adopted event has: the configured
// one when Graph's says the same (see sameBody), else none, so that the
// configured body is written.
func adoptedBody(configured *eventBodyModel, e *graph.Event) *eventBodyModel {
	if sameBody(configured, e) {
		return configured
	}
	return nil
}

// bodyAttribute is the body attribute: the invitation's text of msgraph_calendar_event.
func bodyAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "The invitation's text. Graph turns it into HTML and appends the Teams join block; the provider never compares " +
			"your text with Graph's rewriting, keeps the join block when it changes the body, and plans the body back when it was edited in Outlook.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"content_type": schema.StringAttribute{
				MarkdownDescription: "The format of `content`: `text` (default) or `html`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("text"),
				Validators:          []validator.String{stringvalidator.OneOf("text", "html")},
			},
			"content": schema.StringAttribute{MarkdownDescription: "The text or HTML.", Required: true},
		},
	}
}
