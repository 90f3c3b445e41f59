package graph

import (
	"io"
	"net/http"
	"strings"
	"sync"
)

// MailboxConcurrency is Outlook's limit of concurrent requests per
// application and mailbox: a fifth request in flight is answered 429
// ApplicationThrottled ("over its MailboxConcurrency limit"), whatever the
// application's other limits.
const MailboxConcurrency = 4

// mailboxGate holds the requests to each mailbox to the limit, whatever
// Terraform's -parallelism: a request waits for a slot of its mailbox
// before it goes out, and keeps it until its answer has been read.
// Requests to other mailboxes, and requests that are not Outlook's, pass.
type mailboxGate struct {
	limit int
	mu    sync.Mutex
	slots map[string]chan struct{}
}

func newMailboxGate(limit int) *mailboxGate {
	return &mailboxGate{limit: limit, slots: map[string]chan struct{}{}}
}

// slot returns the semaphore of a mailbox; addresses and object ids are
// compared without regard to case, as Exchange does.
func (g *mailboxGate) slot(mailbox string) chan struct{} {
	key := strings.ToLower(mailbox)
	g.mu.Lock()
	defer g.mu.Unlock()
	s, ok := g.slots[key]
	if !ok {
		s = make(chan struct{}, g.limit)
		g.slots[key] = s
	}
	return s
}

// mailboxTransport applies the gate to each attempt of a request that
// names its mailbox in its attemptTrace.
type mailboxTransport struct {
	next http.RoundTripper
	gate *mailboxGate
}

func (t *mailboxTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	trace, _ := req.Context().Value(traceKey{}).(*attemptTrace)
	if trace == nil || trace.mailbox == "" {
		return t.next.RoundTrip(req)
	}
	slot := t.gate.slot(trace.mailbox)
	select {
	case slot <- struct{}{}:
	case <-req.Context().Done():
		if req.Body != nil {
			_ = req.Body.Close() // a RoundTripper closes the body, even on error
		}
		return nil, req.Context().Err()
	}
	release := sync.OnceFunc(func() { <-slot })
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	// The request is in flight until its answer has been read: Outlook
	// counts it until then.
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

type releasingBody struct {
	io.ReadCloser
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
