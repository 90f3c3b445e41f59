package graphmock

// The $filter of the events list (§3.5).
//
// Graph's list-events page says the method "supports the OData query
// parameters" but lists no filterable property or operator, so the mock
// takes the forms that clients commonly send to Exchange and that the
// provider's `terraform query` needs, and refuses the rest:
//
//   - start/dateTime and end/dateTime with ge, gt, le or lt against a quoted
//     'YYYY-MM-DDThh:mm:ss' (fractions allowed), a UTC wall-clock time: the
//     window of a listing; the comparison is in UTC whatever Prefer:
//     outlook.timezone says;
//   - subject eq '…', contains(subject,'…') and startswith(subject,'…'),
//     without regard to case, as Exchange compares;
//   - isOrganizer, isOnlineMeeting and isCancelled eq true or false;
//   - type eq one of the eventType members (only singleInstance and
//     seriesMaster can match: the list holds nothing else);
//
// joined by and, with parentheses. String literals use OData's quoting
// ('' for a quote). The extended-property form (§4.1) is the key lookup's
// (handleEventFind), not this list's.
//
// Refusals are 400 in Graph's envelope. A filter that does not parse as
// OData (an unterminated quote, unbalanced parentheses, a stray character)
// is refused by Graph's OData front end before Exchange sees it, reported
// as BadRequest "Invalid filter clause". One that parses but that the mock
// does not take (another property, or, not, a function on another
// property, another operator, a literal of the wrong type) gets Exchange's
// ErrorInvalidUrlQueryFilter, the code the key lookup already answers for
// a filter it does not take; other codes reported for unsupported event
// filters (UnsupportedEntityExpression for attendees/any, I1's
// ErrorInvalidProperty) are not documented either, and a client should
// treat any 400 of a filter alike.

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// eventPredicate tells whether an event matches a filter.
type eventPredicate func(*storedEvent) bool

// filterSyntaxError is Graph's refusal of a $filter that is not OData.
func filterSyntaxError(format string, args ...any) *eventError {
	return badRequest("BadRequest", "Invalid filter clause: %s", fmt.Sprintf(format, args...))
}

// filterUnsupported is Exchange's refusal of a $filter it does not take.
func filterUnsupported(format string, args ...any) *eventError {
	return badRequest("ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes: %s", fmt.Sprintf(format, args...))
}

// parseEventFilter reads a list $filter into a predicate.
func parseEventFilter(text string) (eventPredicate, *eventError) {
	tokens, err := tokenizeFilter(text)
	if err != nil {
		return nil, err
	}
	p := &filterParser{tokens: tokens}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEnd {
		return nil, filterSyntaxError("unexpected '%s' at position %d", t.text, t.pos)
	}
	return compileFilter(n)
}

type tokenKind int

const (
	tokEnd    tokenKind = iota
	tokName             // a name or member path: subject, start/dateTime, and, true
	tokString           // a quoted literal, unquoted in text
	tokNumber
	tokOpen
	tokClose
	tokComma
	tokColon
)

type filterToken struct {
	kind tokenKind
	text string
	pos  int
}

func tokenizeFilter(s string) ([]filterToken, *eventError) {
	var out []filterToken
	isName := func(c byte, first bool) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || !first && (c >= '0' && c <= '9' || c == '/' || c == '.')
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(' || c == ')' || c == ',' || c == ':':
			kind := map[byte]tokenKind{'(': tokOpen, ')': tokClose, ',': tokComma, ':': tokColon}[c]
			out = append(out, filterToken{kind, string(c), i})
			i++
		case c == '\'':
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(s) {
					return nil, filterSyntaxError("unterminated string literal at position %d", i)
				}
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			out = append(out, filterToken{tokString, b.String(), i})
			i = j + 1
		case c >= '0' && c <= '9' || c == '-':
			j := i + 1
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			out = append(out, filterToken{tokNumber, s[i:j], i})
			i = j
		case isName(c, true):
			j := i + 1
			for j < len(s) && isName(s[j], false) {
				j++
			}
			out = append(out, filterToken{tokName, s[i:j], i})
			i = j
		default:
			return nil, filterSyntaxError("unexpected '%c' at position %d", c, i)
		}
	}
	return append(out, filterToken{kind: tokEnd, pos: len(s)}), nil
}

// filterNode is a parsed OData boolean or value expression.
type filterNode struct {
	kind string // "and", "or", "not", "cmp", "call", "lambda", "member", "string", "number", "literal"
	op   string // of cmp: eq, ne, gt, ge, lt, le
	text string // member path, function name, literal text
	args []*filterNode
}

type filterParser struct {
	tokens []filterToken
	i      int
}

func (p *filterParser) peek() filterToken { return p.tokens[p.i] }

func (p *filterParser) next() filterToken {
	t := p.tokens[p.i]
	if t.kind != tokEnd {
		p.i++
	}
	return t
}

// keyword tells whether the next token is the name word.
func (p *filterParser) keyword(word string) bool {
	t := p.peek()
	return t.kind == tokName && t.text == word
}

func (p *filterParser) expect(kind tokenKind, what string) *eventError {
	if t := p.next(); t.kind != kind {
		return filterSyntaxError("expected %s at position %d", what, t.pos)
	}
	return nil
}

// expr reads and ('or' and)*.
func (p *filterParser) expr() (*filterNode, *eventError) {
	return p.binary("or", p.and)
}

// and reads unary ('and' unary)*.
func (p *filterParser) and() (*filterNode, *eventError) {
	return p.binary("and", p.unary)
}

func (p *filterParser) binary(word string, operand func() (*filterNode, *eventError)) (*filterNode, *eventError) {
	left, err := operand()
	if err != nil {
		return nil, err
	}
	for p.keyword(word) {
		p.next()
		right, err := operand()
		if err != nil {
			return nil, err
		}
		left = &filterNode{kind: word, args: []*filterNode{left, right}}
	}
	return left, nil
}

var comparisonOperators = []string{"eq", "ne", "gt", "ge", "lt", "le"}

// unary reads 'not' unary, or primary [operator primary].
func (p *filterParser) unary() (*filterNode, *eventError) {
	if p.keyword("not") {
		p.next()
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &filterNode{kind: "not", args: []*filterNode{n}}, nil
	}
	left, err := p.primary()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == tokName && slices.Contains(comparisonOperators, t.text) {
		p.next()
		right, err := p.primary()
		if err != nil {
			return nil, err
		}
		return &filterNode{kind: "cmp", op: t.text, args: []*filterNode{left, right}}, nil
	}
	return left, nil
}

// primary reads '(' expr ')', a literal, or a name ['(' arguments ')'].
func (p *filterParser) primary() (*filterNode, *eventError) {
	t := p.next()
	switch t.kind {
	case tokOpen:
		n, err := p.expr()
		if err != nil {
			return nil, err
		}
		return n, p.expect(tokClose, "')'")
	case tokString:
		return &filterNode{kind: "string", text: t.text}, nil
	case tokNumber:
		return &filterNode{kind: "number", text: t.text}, nil
	case tokName:
		switch t.text {
		case "true", "false", "null":
			return &filterNode{kind: "literal", text: t.text}, nil
		case "and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le":
			return nil, filterSyntaxError("unexpected '%s' at position %d", t.text, t.pos)
		}
		if p.peek().kind != tokOpen {
			return &filterNode{kind: "member", text: t.text}, nil
		}
		p.next()
		return p.arguments(t.text)
	}
	if t.kind == tokEnd {
		return nil, filterSyntaxError("the expression ends early")
	}
	return nil, filterSyntaxError("unexpected '%s' at position %d", t.text, t.pos)
}

// arguments reads a call's arguments, or a lambda (x: expr), up to ')'.
func (p *filterParser) arguments(name string) (*filterNode, *eventError) {
	if p.peek().kind == tokName && p.tokens[p.i+1].kind == tokColon {
		p.next()
		p.next()
		body, err := p.expr()
		if err != nil {
			return nil, err
		}
		return &filterNode{kind: "lambda", text: name, args: []*filterNode{body}}, p.expect(tokClose, "')'")
	}
	n := &filterNode{kind: "call", text: name}
	if p.peek().kind == tokClose {
		p.next()
		return n, nil
	}
	for {
		arg, err := p.expr()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, arg)
		if p.peek().kind == tokComma {
			p.next()
			continue
		}
		return n, p.expect(tokClose, "',' or ')'")
	}
}

// eventTypes are the members of eventType (§1.4).
var eventTypes = []string{"singleInstance", "occurrence", "exception", "seriesMaster"}

// compileFilter turns a parsed filter into a predicate, refusing what the
// mock does not take.
func compileFilter(n *filterNode) (eventPredicate, *eventError) {
	switch n.kind {
	case "and":
		left, err := compileFilter(n.args[0])
		if err != nil {
			return nil, err
		}
		right, err := compileFilter(n.args[1])
		if err != nil {
			return nil, err
		}
		return func(e *storedEvent) bool { return left(e) && right(e) }, nil
	case "or", "not":
		return nil, filterUnsupported("'%s' is not supported in an events filter; join conditions with 'and'", n.kind)
	case "call":
		return compileSubjectFunction(n)
	case "cmp":
		return compileComparison(n)
	case "lambda":
		return nil, filterUnsupported("'%s(…)' is not supported in an events filter", n.text)
	}
	return nil, filterUnsupported("a condition is needed, not a bare value")
}

// compileSubjectFunction: contains(subject,'…') and startswith(subject,'…').
func compileSubjectFunction(n *filterNode) (eventPredicate, *eventError) {
	if n.text != "contains" && n.text != "startswith" {
		return nil, filterUnsupported("the function '%s' is not supported in an events filter", n.text)
	}
	if len(n.args) != 2 || n.args[0].kind != "member" || n.args[0].text != "subject" || n.args[1].kind != "string" {
		return nil, filterUnsupported("%s is supported on subject with a string literal only: %s(subject,'…')", n.text, n.text)
	}
	want := strings.ToLower(n.args[1].text)
	if n.text == "contains" {
		return func(e *storedEvent) bool { return strings.Contains(strings.ToLower(e.subject), want) }, nil
	}
	return func(e *storedEvent) bool { return strings.HasPrefix(strings.ToLower(e.subject), want) }, nil
}

// compileComparison: member operator literal.
func compileComparison(n *filterNode) (eventPredicate, *eventError) {
	member, value := n.args[0], n.args[1]
	if member.kind != "member" {
		return nil, filterUnsupported("a comparison must have a property on its left")
	}
	badLiteral := func(want string) *eventError {
		return filterUnsupported("%s %s needs %s", member.text, n.op, want)
	}
	switch member.text {
	case "start/dateTime", "end/dateTime":
		if n.op == "eq" || n.op == "ne" {
			return nil, filterUnsupported("%s takes ge, gt, le or lt, not %s", member.text, n.op)
		}
		if value.kind != "string" || !wallClockPattern.MatchString(value.text) {
			return nil, badLiteral("a quoted UTC date and time such as '2026-03-30T09:00:00'")
		}
		t, err := time.ParseInLocation("2006-01-02T15:04:05", value.text, time.UTC)
		if err != nil {
			return nil, badLiteral("a valid date and time")
		}
		get := func(e *storedEvent) time.Time { return e.start }
		if member.text == "end/dateTime" {
			get = func(e *storedEvent) time.Time { return e.end }
		}
		cmp := map[string]func(int) bool{
			"gt": func(c int) bool { return c > 0 }, "ge": func(c int) bool { return c >= 0 },
			"lt": func(c int) bool { return c < 0 }, "le": func(c int) bool { return c <= 0 },
		}[n.op]
		return func(e *storedEvent) bool { return cmp(get(e).Compare(t)) }, nil
	case "subject":
		if n.op != "eq" {
			return nil, filterUnsupported("subject takes eq, contains or startswith, not %s", n.op)
		}
		if value.kind != "string" {
			return nil, badLiteral("a string literal")
		}
		return func(e *storedEvent) bool { return strings.EqualFold(e.subject, value.text) }, nil
	case "isOrganizer", "isOnlineMeeting", "isCancelled":
		if n.op != "eq" || value.kind != "literal" || value.text == "null" {
			return nil, badLiteral("eq true or eq false")
		}
		want := value.text == "true"
		get := map[string]func(*storedEvent) bool{
			"isOrganizer":     func(e *storedEvent) bool { return e.organizer == nil },
			"isOnlineMeeting": func(e *storedEvent) bool { return e.online != nil },
			"isCancelled":     func(e *storedEvent) bool { return e.cancelled },
		}[member.text]
		return func(e *storedEvent) bool { return get(e) == want }, nil
	case "type":
		if n.op != "eq" || value.kind != "string" || !slices.Contains(eventTypes, value.text) {
			return nil, badLiteral("eq and an eventType member ('singleInstance', 'seriesMaster', …)")
		}
		return func(e *storedEvent) bool { return e.eventType() == value.text }, nil
	}
	return nil, filterUnsupported("the property '%s' is not supported in an events filter", member.text)
}
