package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// meetingClaims enforces "one meeting, one resource" at plan time. Graph
// keys a meeting by (tenant, organizer, external id): two resources that
// claim one key share one meeting, and a plan that deletes a key at one
// address while it creates it at another (a renamed for_each key without a
// moved block) lets createOrGet hand the new resource the very meeting that
// the delete then removes.
//
// Terraform plans every resource instance of a configuration, those it will
// destroy included, through the provider instance that it configured for
// the walk. So each Configure makes a new meetingClaims, and every plan of
// the walk registers what it will do with which key:
//
//   - hold: the instance will own the key after apply, either keeping the
//     meeting it has (an update or no change) or creating one (a create or
//     a replacement);
//   - release: the instance will delete the meeting it has (a destroy, or
//     the delete half of a replacement).
//
// Claims of different instances conflict when two hold one key, when one
// creates a key that another releases, or when one keeps a meeting that
// another deletes. Nothing else conflicts, so plain updates, replacements,
// moved blocks, -target (which plans fewer instances), saved plans and the
// plans of the apply walk (a new Configure, so new claims) all pass.
//
// Terraform plans a replacement twice: once with the prior state, then again
// as a create with a null prior state and the private data the first plan
// returned. The first plan leaves a claim ticket in that private data, so
// the second is recognised as the same instance, not as another one
// creating the same key. The ticket names the walk, so one left in state by
// an earlier walk means nothing.
type meetingClaims struct {
	walk string

	mu     sync.Mutex
	next   int
	claims []meetingClaim
}

// check registers the claims of one plan of a subject (nil for an online
// meeting) and refuses it, on external_id, when they conflict with another
// instance's. A replacement's first plan leaves a ticket in private state,
// so that its second plan, as a create, is known (see above).
func (c *meetingClaims) check(ctx context.Context, subject *claimSubject, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if c == nil {
		return
	}
	prior, diags := claimViewOf(ctx, subject, req.State.Raw.IsNull(), req.State.GetAttribute)
	resp.Diagnostics.Append(diags...)
	planned, diags := claimViewOf(ctx, subject, req.Plan.Raw.IsNull(), req.Plan.GetAttribute)
	resp.Diagnostics.Append(diags...)
	ticket, diags := req.Private.GetKey(ctx, claimTicketKey)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	owner, again := c.owner(ticket)
	for _, conflict := range c.register(owner, again, planClaims(prior, planned)...) {
		resp.Diagnostics.AddAttributeError(path.Root("external_id"), conflict.summary(), conflict.detail())
	}
	if prior != nil && planned != nil {
		// A replacement is planned again as a create: let it be known.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, claimTicketKey, c.ticket(owner))...)
	}
}

// claimViewOf reads a claimView of a subject (nil for an online meeting)
// from a plan or a state; nil when it is null.
func claimViewOf(ctx context.Context, subject *claimSubject, null bool, get func(context.Context, path.Path, any) diag.Diagnostics) (*claimView, diag.Diagnostics) {
	if null {
		return nil, nil
	}
	v := claimView{Subject: subject, IsPasscodeRequired: types.BoolNull()}
	var diags diag.Diagnostics
	diags.Append(get(ctx, path.Root("user_id"), &v.UserID)...)
	diags.Append(get(ctx, path.Root("external_id"), &v.ExternalID)...)
	diags.Append(get(ctx, path.Root("id"), &v.ID)...)
	if subject == nil {
		diags.Append(get(ctx, path.Root("join_meeting_id_settings").AtName("is_passcode_required"), &v.IsPasscodeRequired)...)
	}
	return &v, diags
}

// meetingKey is Graph's key of a meeting within the tenant: of an online
// meeting (subject nil), or of a calendar event (eventSubject), whose keys
// never meet each other's.
type meetingKey struct {
	subject    *claimSubject
	organizer  string // lower-cased object id (or, for events, mailbox), or "" for /me
	externalID string
}

// claimSubject names what a key identifies, for the diagnostics.
type claimSubject struct {
	title, noun, resourceType string
}

var (
	meetingSubject = &claimSubject{title: "Online Meeting", noun: "online meeting", resourceType: "msgraph_online_meeting"}
	eventSubject   = &claimSubject{title: "Calendar Event", noun: "calendar event", resourceType: "msgraph_calendar_event"}
)

func (k meetingKey) what() *claimSubject {
	if k.subject == nil {
		return meetingSubject
	}
	return k.subject
}

func (k meetingKey) organizerText() string {
	if k.organizer == "" {
		return "the signed-in user (/me)"
	}
	return "organizer " + k.organizer
}

type claimKind int

const (
	// holdExisting: the instance keeps meetingID under key.
	holdExisting claimKind = iota + 1
	// holdNew: the instance creates a meeting with key.
	holdNew
	// release: the instance deletes meetingID, which has key.
	release
)

type meetingClaim struct {
	owner     string
	kind      claimKind
	key       meetingKey
	meetingID string
}

// claimTicketKey is the private-state key of the ticket.
const claimTicketKey = "meeting_claim"

type claimTicket struct {
	Walk  string `json:"walk"`
	Owner string `json:"owner"`
}

func newMeetingClaims() *meetingClaims {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &meetingClaims{walk: hex.EncodeToString(b[:])}
}

// owner returns the owner a plan's claims belong to: the one its ticket
// names when the ticket is from this walk (a replacement planned again),
// otherwise a new one. again tells which.
func (c *meetingClaims) owner(ticket []byte) (owner string, again bool) {
	var t claimTicket
	if len(ticket) > 0 && json.Unmarshal(ticket, &t) == nil && t.Walk == c.walk && t.Owner != "" {
		return t.Owner, true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	return fmt.Sprintf("%s-%d", c.walk, c.next), false
}

// ticket is the private data that lets the next plan of the same instance
// in this walk be recognised.
func (c *meetingClaims) ticket(owner string) []byte {
	b, _ := json.Marshal(claimTicket{Walk: c.walk, Owner: owner})
	return b
}

// register records the claims of owner's plan and returns the conflicts
// they make with the claims of other owners. When again is set (the owner
// planned before in this walk, and Terraform now plans it as a create),
// the meetings the owner held become releases: the instance is replaced.
func (c *meetingClaims) register(owner string, again bool, claims ...meetingClaim) []claimConflict {
	c.mu.Lock()
	defer c.mu.Unlock()
	if again {
		for i := range c.claims {
			if c.claims[i].owner == owner && c.claims[i].kind == holdExisting {
				c.claims[i].kind = release
			}
		}
	}
	var conflicts []claimConflict
	for _, n := range claims {
		n.owner = owner
		for _, o := range c.claims {
			if o.owner != owner {
				if reason, ok := conflictOf(n, o); ok {
					conflicts = append(conflicts, claimConflict{reason: reason, key: n.key, mine: n, theirs: o})
				}
			}
		}
		if !c.has(n) {
			c.claims = append(c.claims, n)
		}
	}
	return conflicts
}

func (c *meetingClaims) has(n meetingClaim) bool {
	for _, o := range c.claims {
		if o == n {
			return true
		}
	}
	return false
}

type conflictReason int

const (
	// sharedKey: two instances hold one key.
	sharedKey conflictReason = iota + 1
	// recreated: one instance creates a key that another deletes.
	recreated
	// sharedMeeting: one instance deletes the meeting another keeps.
	sharedMeeting
)

// conflictOf tells whether two claims of different instances conflict,
// and why. It is symmetric.
func conflictOf(a, b meetingClaim) (conflictReason, bool) {
	if a.kind == release && b.kind == release {
		return 0, false
	}
	if a.kind != release && b.kind != release {
		return sharedKey, a.key == b.key
	}
	hold, del := a, b
	if a.kind == release {
		hold, del = b, a
	}
	switch hold.kind {
	case holdNew:
		return recreated, del.key.externalID != "" && hold.key == del.key
	default:
		return sharedMeeting, hold.meetingID != "" && hold.meetingID == del.meetingID
	}
}

// claimConflict is a conflict that register found.
type claimConflict struct {
	reason conflictReason
	key    meetingKey
	mine   meetingClaim
	theirs meetingClaim
}

// summary and detail are the diagnostic for the plan whose claim is mine.
func (c claimConflict) summary() string {
	if c.reason == recreated {
		return c.key.what().title + " Would Be Deleted and Re-created"
	}
	return c.key.what().title + " Claimed by Two Resources"
}

func (c claimConflict) detail() string {
	who, w := c.key.organizerText(), c.key.what()
	switch c.reason {
	case recreated:
		return fmt.Sprintf("This plan deletes the %[3]s of %[1]s with external_id %[2]q at one resource address and creates it at another, "+
			"as happens when a resource or its for_each key is renamed.\n\n"+
			"Graph keeps one %[3]s per organizer and external_id: the create would be handed the existing one and the delete would then remove it, "+
			"so the join link that attendees already have would stop working, and the next apply would create one with a new link.\n\n"+
			"If you renamed the resource or its key, tell Terraform with a moved block, which keeps the %[3]s:\n\n"+
			"  moved {\n    from = %[4]s.sessions[\"old-key\"]\n    to   = %[4]s.sessions[\"new-key\"]\n  }\n\n"+
			"If you do mean to replace it, remove the old resource in one apply and add the new one in the next.",
			who, c.key.externalID, w.noun, w.resourceType)
	case sharedMeeting:
		return fmt.Sprintf("Two %[4]s resources in this configuration manage the same %[3]s of %[1]s (external_id %[2]q, id %[5]s), "+
			"and this plan deletes it through one of them while the other keeps it: attendees of the other would lose it.\n\n"+
			"Give each resource its own external_id, then remove the duplicate from the state with `terraform state rm` instead of destroying it.",
			who, c.key.externalID, w.noun, w.resourceType, c.mine.meetingID)
	default:
		return fmt.Sprintf("Another %[4]s resource in this configuration also has %[1]s and external_id %[2]q.\n\n"+
			"Graph keeps one %[3]s per organizer and external_id, so both resources would manage the same %[3]s: "+
			"each apply would overwrite the other's settings, and destroying either would delete the %[3]s the other's attendees join.\n\n"+
			"Give each resource its own external_id (for example, derive it from the for_each key).",
			who, c.key.externalID, w.noun, w.resourceType)
	}
}

// claimView is what the claims of a plan depend on: the attributes of the
// prior state or of the plan that name the meeting and its key.
type claimView struct {
	// Subject is eventSubject for calendar events, nil for meetings.
	Subject            *claimSubject
	UserID             types.String
	ExternalID         types.String
	ID                 types.String
	IsPasscodeRequired types.Bool
}

// key is v's meeting key; false while the organizer or the external id is
// unknown (the plans of the apply walk check again once they are known).
func (v claimView) key() (meetingKey, bool) {
	if v.UserID.IsUnknown() || v.ExternalID.IsUnknown() {
		return meetingKey{}, false
	}
	externalID := v.ExternalID.ValueString()
	if v.Subject == eventSubject {
		// Graph matches an event's key property without regard to case.
		externalID = caseless(externalID)
	}
	return meetingKey{subject: v.Subject, organizer: caseless(v.UserID.ValueString()), externalID: externalID}, true
}

// planClaims are the claims of one plan, from its prior state and its
// planned state (nil for none: a create, a destroy).
func planClaims(prior, planned *claimView) []meetingClaim {
	var claims []meetingClaim
	hold := func(kind claimKind, meetingID string) {
		if k, ok := planned.key(); ok && k.externalID != "" {
			claims = append(claims, meetingClaim{kind: kind, key: k, meetingID: meetingID})
		}
	}
	switch {
	case prior == nil && planned != nil:
		hold(holdNew, "")
	case prior != nil && planned == nil:
		k, _ := prior.key()
		claims = append(claims, meetingClaim{kind: release, key: k, meetingID: prior.ID.ValueString()})
	case prior != nil && planned != nil:
		if prior.replacedBy(*planned) {
			hold(holdNew, "")
			k, _ := prior.key()
			claims = append(claims, meetingClaim{kind: release, key: k, meetingID: prior.ID.ValueString()})
		} else {
			hold(holdExisting, prior.ID.ValueString())
		}
	}
	return claims
}

// replacedBy tells whether planning planned over v replaces the meeting,
// as the attributes' RequiresReplace modifiers decide: another organizer,
// another external id (not a first one, after an import), or another
// passcode setting. An organizer or an external id not known until apply
// replaces it, as those modifiers have it.
func (v claimView) replacedBy(planned claimView) bool {
	switch {
	case !v.ExternalID.IsNull() && !planned.ExternalID.Equal(v.ExternalID):
		return true
	case planned.UserID.IsUnknown() || !strings.EqualFold(v.UserID.ValueString(), planned.UserID.ValueString()):
		return true
	}
	p := planned.IsPasscodeRequired
	return !p.IsNull() && !p.IsUnknown() && !p.Equal(v.IsPasscodeRequired)
}
