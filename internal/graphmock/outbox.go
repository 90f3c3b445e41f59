package graphmock

import (
	"net/http"
	"slices"
	"strings"
)

// MailKind is the kind of a meeting mail.
type MailKind string

// Mail kinds.
const (
	MailInvitation   MailKind = "invitation"
	MailUpdate       MailKind = "update"
	MailCancellation MailKind = "cancellation"
)

// Mail is a message Exchange would have sent an attendee about an event.
type Mail struct {
	Kind MailKind `json:"kind"`
	To   string   `json:"to"` // lower-case address
	// EventID is the event's id; for mail about one occurrence of a
	// series, the series master's (occurrence ids change with the series).
	EventID string `json:"eventId"`
	Subject string `json:"subject"`
	Comment string `json:"comment,omitempty"` // the comment of a cancel
	// Occurrence is the original date (YYYY-MM-DD in the series' zone) of
	// the occurrence the mail is about; "" for mail about a whole event or
	// series.
	Occurrence string `json:"occurrence,omitempty"`
}

// The outbox follows graph-calendar-events.md; where the docs say nothing,
// the mock mails as Outlook does. The organizer never mails itself, and
// resource attendees are mailed like the others (Exchange answers for a
// room from its free/busy, §2.5). Out-of-band changes (AddEvent, EditEvent,
// DeleteEvent) and a transactionId that the server deduplicates mail no one.
// Whether an event lies in the past changes none of this: Exchange mails
// about a session that has ended as it does about one ahead, so nothing
// here compares an event's dates with the time.
//
//   - create: an invitation to every attendee (§2.5).
//   - PATCH: an invitation to each added attendee and a cancellation to
//     each removed one (§5.3, I8); an update to each attendee whose type
//     changed. A PATCH that carries any of notifyingProperties (subject,
//     body, times, location, recurrence, the meeting, the response and
//     privacy settings) also updates every other attendee: there is no
//     switch to stop it (§5.2). A PATCH of attendees alone mails only the
//     attendees that changed (§5.2, documented); one of categories,
//     reminders, showAs or extended properties alone mails no one.
//     A PATCH of a series master that mails also mails each attendee it
//     mailed (an invitation or an update) one update per exception the
//     series keeps: "one for the master series and one per instance that
//     has been updated" (§5.2). A PATCH of the range's end alone
//     (recurrence is a notifying property) mails just that: one update for
//     the series and one per exception it still has, and no cancellation
//     for the occurrences beyond the new end, which leave the series
//     (reshapeSeries).
//   - DELETE: a cancellation to every attendee (§6); of a series master,
//     one for the whole series.
//   - cancel: a cancellation with the comment to every attendee (§6).
//   - one occurrence (events_occurrences.go): its PATCH, which makes it an
//     exception, an update to every attendee of the series; its cancel (with
//     the comment) or DELETE, a cancellation to every attendee; each for
//     that occurrence only (Mail.Occurrence). Outlook's own moves and
//     cancellations of an occurrence (MoveOccurrence, CancelOccurrence) mail
//     the same, as Outlook does.

// mail records one message per attendee of attendees. s.mu must be held.
func (s *Server) mail(kind MailKind, e *storedEvent, attendees []attendee, comment string) {
	s.send(Mail{Kind: kind, EventID: e.id, Subject: e.subject, Comment: comment}, e.mailbox, attendees)
}

// mailOccurrence records one message per attendee of the series about its
// occurrence o. s.mu must be held.
func (s *Server) mailOccurrence(kind MailKind, o *storedEvent, comment string) {
	s.send(Mail{Kind: kind, EventID: o.seriesMasterID, Subject: o.subject, Comment: comment, Occurrence: o.occurrenceDate}, o.mailbox, o.attendees)
}

// send records m to each of attendees but the mailbox's owner.
func (s *Server) send(m Mail, mailbox string, attendees []attendee) {
	organizer, _ := s.mailboxAddress(mailbox)
	for _, a := range attendees {
		if !strings.EqualFold(a.EmailAddress.Address, organizer) {
			m.To = strings.ToLower(a.EmailAddress.Address)
			s.outbox = append(s.outbox, m)
		}
	}
}

func (s *Server) mailCreate(e *storedEvent) { s.mail(MailInvitation, e, e.attendees, "") }

func (s *Server) mailCancel(e *storedEvent, comment string) {
	s.mail(MailCancellation, e, e.attendees, comment)
}

// mailPatch mails about a PATCH that made e of old, and returns the
// attendees it invited or updated.
func (s *Server) mailPatch(old, e *storedEvent, present map[string]bool) (notified []attendee) {
	find := func(list []attendee, a attendee) int {
		return slices.IndexFunc(list, func(b attendee) bool { return strings.EqualFold(a.EmailAddress.Address, b.EmailAddress.Address) })
	}
	notify := slices.ContainsFunc(notifyingProperties, func(p string) bool { return present[p] })
	var added, changed, kept []attendee
	for _, a := range e.attendees {
		switch i := find(old.attendees, a); {
		case i < 0:
			added = append(added, a)
		case old.attendees[i].Type != a.Type:
			changed = append(changed, a)
		default:
			kept = append(kept, a)
		}
	}
	var removed []attendee
	for _, a := range old.attendees {
		if find(e.attendees, a) < 0 {
			removed = append(removed, a)
		}
	}
	s.mail(MailInvitation, e, added, "")
	s.mail(MailCancellation, old, removed, "")
	if notify {
		changed = append(changed, kept...)
	}
	s.mail(MailUpdate, e, changed, "")
	return append(added, changed...)
}

// Outbox returns the mail sent so far, oldest first.
func (s *Server) Outbox() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.outbox)
}

// ResetOutbox forgets the mail sent so far.
func (s *Server) ResetOutbox() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outbox = nil
}

// CountMail counts the mail of a kind (any kind when kind is "") sent to
// an address (any case), or to anyone when to is "", whatever it is about.
func (s *Server) CountMail(kind MailKind, to string) int {
	return s.countMail(kind, to, func(Mail) bool { return true })
}

// CountOccurrenceMail is CountMail for the mail about one occurrence of a
// series, by its original date (YYYY-MM-DD); occurrence "" counts the mail
// about whole events and series only.
func (s *Server) CountOccurrenceMail(kind MailKind, to, occurrence string) int {
	return s.countMail(kind, to, func(m Mail) bool { return m.Occurrence == occurrence })
}

// countMail counts the mail of a kind to an address (as CountMail) that
// also meets about.
func (s *Server) countMail(kind MailKind, to string, about func(Mail) bool) int {
	n := 0
	for _, m := range s.Outbox() {
		if (kind == "" || m.Kind == kind) && (to == "" || m.To == strings.ToLower(to)) && about(m) {
			n++
		}
	}
	return n
}

// handleOutbox is GET /_mock/outbox: the outbox, oldest first, for a
// maintainer who drives the mock process with a CLI and counts the mail
// each apply sends (the counters at /_mock/stats have only the total).
func (s *Server) handleOutbox(w http.ResponseWriter, _ *http.Request) {
	mail := s.Outbox()
	if mail == nil {
		mail = []Mail{}
	}
	writeJSON(w, http.StatusOK, mail)
}
