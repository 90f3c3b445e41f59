package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/meetingops/terraform-provider-msgraph/internal/graph"
)

// lookupAfterLostCreate bounds how long a create whose answer was lost
// looks for the event before it posts again: a new event may take seconds
// to become visible to the key's $filter.
var lookupAfterLostCreate = struct{ total, every time.Duration }{total: 60 * time.Second, every: 3 * time.Second}

// createOrAdopt makes the event of plan, safely to repeat: an event that
// already carries the key is adopted and brought in line; otherwise the
// event is posted, and a lost answer is looked up by the key before any
// second POST. It returns the event as Graph holds it, and whether the
// configured body was written.
func (r *calendarEventResource) createOrAdopt(ctx context.Context, call graphCall, plan calendarEventModel) (*graph.Event, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	mailbox, key := plan.UserID.ValueString(), plan.ExternalID.ValueString()
	existing, others, err := r.findByKey(ctx, mailbox, key, plan.zone())
	if err != nil {
		diags.Append(graphErrorDiagnostic(call, err))
		return nil, false, diags
	}
	if existing == nil {
		body, d := plan.createEvent(ctx)
		diags.Append(d...)
		if diags.HasError() {
			return nil, false, diags
		}
		created, err := r.client.CreateEvent(ctx, mailbox, plan.zone(), body)
		if err != nil && graph.OutcomeUnknown(err) {
			// Graph may have created it: find it before any second POST.
			tflog.Warn(ctx, "The answer to an event create was lost; looking the event up by its key", map[string]any{"external_id": key, "error": err.Error()})
			if existing, err = r.awaitByKey(ctx, mailbox, key, plan.zone()); err == nil && existing == nil {
				created, err = r.client.CreateEvent(ctx, mailbox, plan.zone(), body)
			}
			if existing != nil {
				// Found after the lost answer: the event this apply created,
				// with the configured body.
				tflog.Debug(ctx, "Found the event of the lost create by its key", map[string]any{"external_id": key, "event_id": existing.ID})
				return existing, true, diags
			}
		}
		if err != nil {
			diags.Append(graphErrorDiagnostic(call, err))
			return nil, false, diags
		}
		tflog.Debug(ctx, "Created calendar event", map[string]any{"external_id": key, "event_id": created.ID})
		return created, true, diags
	}

	duplicatesWarning(&diags, key, mailbox, existing.ID, others)
	diags.AddAttributeWarning(path.Root("external_id"), "Adopted Existing Calendar Event",
		fmt.Sprintf("An event with external_id %q already existed in the mailbox of %s (id %s), so the provider adopted it instead of creating one, "+
			"and has brought it in line with the configuration (attendees were mailed only if something they see changed). "+
			"This is expected after an apply that failed part-way; otherwise check that no other configuration uses the same external_id.",
			key, mailbox, existing.ID))
	// Adopted: converge it, sending only what differs.
	current := plan
	diags.Append(current.refresh(ctx, existing, "")...)
	current.Body = adoptedBody(plan.Body, existing)
	event, bodyKept, d := r.apply(ctx, call, plan, current, existing)
	diags.Append(d...)
	return event, bodyKept, diags
}

// findByKey returns the mailbox's event with the key, or nil, and the ids
// of any other events that carry it. Two events with one key can only
// come from a create Graph carried out twice; the oldest is kept and the
// others are reported, not deleted (deleting mails a cancellation to
// every attendee).
func (r *calendarEventResource) findByKey(ctx context.Context, mailbox, key, zone string) (*graph.Event, []string, error) {
	found, err := r.client.FindEventsByExtendedProperty(ctx, mailbox, externalIDProperty, key, zone)
	if err != nil || len(found) == 0 {
		return nil, nil, err
	}
	sort.SliceStable(found, func(i, j int) bool {
		return deref(found[i].CreatedDateTime) < deref(found[j].CreatedDateTime)
	})
	var others []string
	for _, e := range found[1:] {
		others = append(others, e.ID)
	}
	return &found[0], others, nil
}

// duplicatesWarning tells the user about events that share a key.
func duplicatesWarning(diags *diag.Diagnostics, key, mailbox, kept string, others []string) {
	if len(others) == 0 {
		return
	}
	diags.AddAttributeWarning(path.Root("external_id"), "More Than One Calendar Event With This Key",
		fmt.Sprintf("The mailbox of %s holds %d events with external_id %q. The provider manages the oldest (id %s) and leaves the others alone: %s. "+
			"Their attendees hold invitations to them; cancel them in Outlook, which mails those attendees a cancellation.",
			mailbox, len(others)+1, key, kept, strings.Join(others, ", ")))
}

// awaitByKey looks the event up for a bounded time: a new event may not
// be visible to the key's $filter at once. With too little of the create
// timeout left to look, it gives up with an error rather than let a second
// POST follow: the next apply's lookup finds the event.
func (r *calendarEventResource) awaitByKey(ctx context.Context, mailbox, key, zone string) (*graph.Event, error) {
	deadline := time.Now().Add(lookupAfterLostCreate.total)
	if d, ok := ctx.Deadline(); ok && time.Until(d)/2 < lookupAfterLostCreate.total {
		deadline = time.Now().Add(time.Until(d) / 2)
	}
	for attempt := 0; ; attempt++ {
		e, _, err := r.findByKey(ctx, mailbox, key, zone)
		if err != nil || e != nil {
			return e, err
		}
		if time.Now().Add(lookupAfterLostCreate.every).After(deadline) {
			if attempt < 2 {
				return nil, fmt.Errorf("the answer to the create was lost, and too little of the create timeout is left to look for the event " +
					"that Graph may have made before posting again: run apply again (it looks the event up by its external_id first), or raise timeouts.create")
			}
			return nil, nil
		}
		if err := sleepCtx(ctx, lookupAfterLostCreate.every); err != nil {
			return nil, err
		}
	}
}
