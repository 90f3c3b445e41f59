package graphmock

// The events list, GET /users/{id | UPN}/events without the key lookup's
// extended-property $filter (§3.5): single events and series masters, the
// mailbox's own and the invitations it received, cancelled ones included;
// $filter (events_list_filter.go), $orderby, $top, Prefer:
// odata.maxpagesize and @odata.nextLink paging; $select, $expand and
// Prefer: outlook.timezone as for one event. Every page is an events
// request of the mailbox, held to its concurrency limit like the others.

import (
	"cmp"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

const (
	// defaultListPageSize is Graph's page size of the events list (§3.5).
	defaultListPageSize = 10
	// maxListPageSize is the largest $top the mock takes: "commonly up to
	// 1000" (§3.5); Graph documents no limit.
	maxListPageSize = 1000
)

// listedEventTypes are the types the list holds: "The list contains single
// instance meetings and series masters" (§3.5), never occurrences or
// exceptions.
var listedEventTypes = []string{"singleInstance", "seriesMaster"}

// isKeyLookup tells the key lookup (handleEventFind) from the list: its
// $filter names singleValueExtendedProperties.
func isKeyLookup(r *http.Request) bool {
	return strings.Contains(strings.ToLower(r.URL.Query().Get("$filter")), "singlevalueextendedproperties")
}

// eventListQuery is what a list request asks for.
type eventListQuery struct {
	match eventPredicate // nil: every event
	order []eventOrderKey
	paging
}

// paging is the page a collection request asks for: the list's, and a
// series' instances (events_instances.go).
type paging struct {
	pageSize int
	// maxPageSize is the honoured Prefer: odata.maxpagesize, 0 if none.
	maxPageSize int
	offset      int // from $skiptoken
}

// listScope is what a list's $skiptoken is bound to besides the mailbox.
func listScope(v url.Values) []string {
	return []string{v.Get("$filter"), v.Get("$orderby"), v.Get("$select"), v.Get("$expand")}
}

type eventOrderKey struct {
	subject bool // else start/dateTime
	desc    bool
}

// handleEventList answers one page of the list.
func (s *Server) handleEventList(w http.ResponseWriter, r *http.Request, c *call) {
	p, eerr := s.presentation(r, "$filter", "$expand", "$select", "$top", "$orderby", "$skiptoken")
	if eerr != nil {
		eerr.write(w, c)
		return
	}
	q, eerr := readEventListQuery(r, c.userID)
	if eerr != nil {
		eerr.write(w, c)
		return
	}

	s.mu.Lock()
	var found []*storedEvent
	for _, e := range s.events {
		if e.mailbox == c.userID && slices.Contains(listedEventTypes, e.eventType()) && (q.match == nil || q.match(e)) {
			found = append(found, e)
		}
	}
	// Without $orderby the order is Exchange's, not the start's (§3.5):
	// the mock's is creation order.
	slices.SortFunc(found, func(a, b *storedEvent) int {
		return cmp.Or(a.created.Compare(b.created), strings.Compare(a.id, b.id))
	})
	slices.SortStableFunc(found, func(a, b *storedEvent) int {
		for _, k := range q.order {
			c := a.start.Compare(b.start)
			if k.subject {
				c = strings.Compare(strings.ToLower(a.subject), strings.ToLower(b.subject))
			}
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	from, to := q.page(len(found))
	values := make([]any, 0, to-from)
	for _, e := range found[from:to] {
		values = append(values, encodeEvent(s.render(e, p), p))
	}
	s.mu.Unlock()
	s.writePage(w, r, p, q.paging, "users('"+c.userID+"')/events", values, to < len(found), c.userID, listScope(r.URL.Query()))
}

// page returns the bounds of the page within n items.
func (pg paging) page(n int) (from, to int) {
	from = min(pg.offset, n)
	return from, min(from+pg.pageSize, n)
}

// writePage answers one page of a collection of events: values, the
// applied preferences, and a nextLink when more follows. collection is
// the context's path (users('…')/events), to which $select is added.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, p presentation, pg paging, collection string, values []any, more bool, mailbox string, scope []string) {
	var applied []string
	if pg.maxPageSize > 0 {
		applied = append(applied, "odata.maxpagesize="+strconv.Itoa(pg.maxPageSize))
	}
	if p.applied {
		applied = append(applied, `outlook.timezone="`+p.zone+`"`)
	}
	if len(applied) > 0 {
		w.Header().Set("Preference-Applied", strings.Join(applied, ", "))
	}
	if len(p.selct) > 0 {
		collection += "(" + strings.Join(p.selct, ",") + ")"
	}
	page := map[string]any{
		"@odata.context": s.graphBase(r) + "/$metadata#" + collection,
		"value":          values,
	}
	if more {
		page["@odata.nextLink"] = s.nextLink(r, mailbox, pg.offset+pg.pageSize, scope)
	}
	writeJSON(w, http.StatusOK, page)
}

// readEventListQuery reads $filter, $orderby, $top, Prefer:
// odata.maxpagesize and $skiptoken.
func readEventListQuery(r *http.Request, mailbox string) (eventListQuery, *eventError) {
	v := r.URL.Query()
	var q eventListQuery
	if f := strings.TrimSpace(v.Get("$filter")); f != "" {
		match, err := parseEventFilter(f)
		if err != nil {
			return q, err
		}
		q.match = match
	}
	if o := v.Get("$orderby"); o != "" {
		order, err := parseEventOrder(o)
		if err != nil {
			return q, err
		}
		q.order = order
	}
	pg, err := readPaging(r, "the events list", mailbox, listScope(v))
	q.paging = pg
	return q, err
}

// readPaging reads $top, Prefer: odata.maxpagesize and $skiptoken, the
// token bound to the mailbox and scope.
func readPaging(r *http.Request, collection, mailbox string, scope []string) (paging, *eventError) {
	v := r.URL.Query()
	pg := paging{pageSize: defaultListPageSize}
	// $top is the page size of the list, its nextLink carrying it on
	// (§3.5); it wins over Prefer: odata.maxpagesize, which then is not
	// applied.
	if t := v.Get("$top"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > maxListPageSize {
			return pg, badRequest("BadRequest", "Invalid $top value '%s': %s takes 1 to %d.", t, collection, maxListPageSize)
		}
		pg.pageSize = n
	} else if m, ok := preferences(r.Header)["odata.maxpagesize"]; ok {
		// A preference the server cannot honour is ignored (RFC 7240).
		if n, err := strconv.Atoi(m); err == nil && n > 0 {
			pg.pageSize = min(n, maxListPageSize)
			pg.maxPageSize = pg.pageSize
		}
	}
	if t, ok := v["$skiptoken"]; ok {
		offset, ok := readSkipToken(t[0], mailbox, scope...)
		if !ok {
			// Undocumented: what Graph answers a token it did not issue.
			return pg, badRequest("BadRequest", "The $skiptoken '%s' is not valid for this request: follow @odata.nextLink as given.", t[0])
		}
		pg.offset = offset
	}
	return pg, nil
}

// parseEventOrder reads $orderby: start/dateTime or subject, each asc
// (the default) or desc, comma-separated.
func parseEventOrder(text string) ([]eventOrderKey, *eventError) {
	var out []eventOrderKey
	for item := range strings.SplitSeq(text, ",") {
		fields := strings.Fields(item)
		if len(fields) == 0 || len(fields) > 2 || fields[0] != "start/dateTime" && fields[0] != "subject" ||
			len(fields) == 2 && fields[1] != "asc" && fields[1] != "desc" {
			return nil, badRequest("BadRequest", "The $orderby '%s' is not supported: the events list orders by start/dateTime or subject, asc or desc.", strings.TrimSpace(item))
		}
		out = append(out, eventOrderKey{subject: fields[0] == "subject", desc: len(fields) == 2 && fields[1] == "desc"})
	}
	return out, nil
}

// skipTokenKey signs the $skiptokens of this process: a token is the
// offset of the next page, bound to the mailbox and the query it pages
// through, so that an edited or foreign token is refused.
var skipTokenKey = func() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b
}()

func skipTokenMAC(offset uint32, mailbox string, query ...string) []byte {
	m := hmac.New(sha256.New, skipTokenKey)
	_ = binary.Write(m, binary.BigEndian, offset)
	m.Write([]byte(mailbox))
	for _, q := range query {
		m.Write([]byte{0})
		m.Write([]byte(q))
	}
	return m.Sum(nil)[:16]
}

func newSkipToken(offset int, mailbox string, query ...string) string {
	b := binary.BigEndian.AppendUint32(nil, uint32(offset))
	return base64.RawURLEncoding.EncodeToString(append(b, skipTokenMAC(uint32(offset), mailbox, query...)...))
}

func readSkipToken(token, mailbox string, query ...string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 4+16 {
		return 0, false
	}
	offset := binary.BigEndian.Uint32(b)
	if !hmac.Equal(b[4:], skipTokenMAC(offset, mailbox, query...)) {
		return 0, false
	}
	return int(offset), true
}

// nextLink is the absolute URL of the page that starts at offset: the
// request's path and query options, with a new $skiptoken bound to the
// mailbox and scope.
func (s *Server) nextLink(r *http.Request, mailbox string, offset int, scope []string) string {
	v := r.URL.Query()
	v.Set("$skiptoken", newSkipToken(offset, mailbox, scope...))
	path := strings.TrimPrefix(r.URL.EscapedPath(), "/v1.0")
	return s.graphBase(r) + path + "?" + strings.ReplaceAll(v.Encode(), "+", "%20")
}
