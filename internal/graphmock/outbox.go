package graphmock

import (
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
	Kind    MailKind
	To      string // lower-case address
	EventID string
	Subject string
	Comment string // the comment of a cancel
}

// The outbox follows graph-calendar-events.md; where the docs say nothing,
// the mock mails as Outlook does. The organizer never mails itself, and
// resource attendees are mailed like the others (Exchange answers for a
// room from its free/busy, §2.5). Out-of-band changes (AddEvent, EditEvent,
// DeleteEvent) and a transactionId that the server deduplicates mail no one.
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
//   - DELETE: a cancellation to every attendee (§6).
//   - cancel: a cancellation with the comment to every attendee (§6).

// mail records one message per attendee of attendees. s.mu must be held.
func (s *Server) mail(kind MailKind, e *storedEvent, attendees []attendee, comment string) {
	organizer, _ := s.mailboxAddress(e.mailbox)
	for _, a := range attendees {
		if !strings.EqualFold(a.EmailAddress.Address, organizer) {
			s.outbox = append(s.outbox, Mail{Kind: kind, To: strings.ToLower(a.EmailAddress.Address), EventID: e.id, Subject: e.subject, Comment: comment})
		}
	}
}

func (s *Server) mailCreate(e *storedEvent) { s.mail(MailInvitation, e, e.attendees, "") }

func (s *Server) mailCancel(e *storedEvent, comment string) {
	s.mail(MailCancellation, e, e.attendees, comment)
}

// mailPatch mails about a PATCH that made e of old.
func (s *Server) mailPatch(old, e *storedEvent, present map[string]bool) {
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
// an address (any case), or to anyone when to is "".
func (s *Server) CountMail(kind MailKind, to string) int {
	n := 0
	for _, m := range s.Outbox() {
		if (kind == "" || m.Kind == kind) && (to == "" || m.To == strings.ToLower(to)) {
			n++
		}
	}
	return n
}
