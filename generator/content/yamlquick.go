package content

import (
	"bytes"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// quickYAML reads the front matter nearly every file has, lines of
// `key: value` and nothing else, into the tree yaml.Unmarshal gives it
// (q.doc), in a fraction of the time: yaml.v3 takes some 8 µs for the
// three lines of an analyst note, and a large site has tens of thousands.
// It returns nil for anything outside that shape, which is then left to
// yaml.v3, so that it never has to be right about YAML it does not know.
// The nodes are q's, reused once q.free is called.
//
// A line it reads is a lowercase key at the start of the line, a colon,
// spaces, and one value, with nothing after it:
//   - a double- or single-quoted string of one line, without escapes or
//     its own quote inside;
//   - a plain string that starts with a letter and holds none of the
//     characters that mean something to YAML (`:`, `#`, quotes, brackets,
//     braces...);
//   - a date or time as YAML 1.1 writes one, such as 2026-01-31 or
//     2026-01-31T09:00:00Z;
//   - a list in brackets of such strings, separated by commas;
//   - nothing, when the lines below it are the items of a list, each
//     `- value` after the same spaces.
//
// Lines may be separated by empty lines. FuzzUnmarshalYAML holds its trees
// to yaml.Unmarshal's: the same nodes with the same tags, styles, lines
// and columns.
func quickYAML(src []byte) *quick {
	if len(src) == 0 || !utf8.Valid(src) {
		return nil
	}
	// Every node comes from one slice and every list of them from
	// another, sized here, so that pointers to nodes hold: a line of a
	// list item makes one node, any other line a key and a value, and a
	// list in brackets an item more than it has commas.
	nodes, pairs, items := 1, 0, 0
	for line := range bytes.Lines(src) {
		switch {
		case line[0] == '\n':
		case line[0] == ' ' || line[0] == '-':
			nodes++
			items++
		default:
			nodes += 2
			pairs += 2
			if i := bytes.IndexByte(line, '['); i >= 0 {
				n := bytes.Count(line[i:], []byte(",")) + 1
				nodes += n
				items += n
			}
		}
	}
	if pairs == 0 {
		return nil
	}
	q := quicks.Get().(*quick)
	q.text = string(src)
	if cap(q.nodes) < nodes {
		q.nodes = make([]yaml.Node, 0, nodes)
	}
	if cap(q.ptrs) < items+pairs {
		q.ptrs = make([]*yaml.Node, 0, items+pairs)
	}
	q.items = q.ptrs[:0:items]
	q.pairs = q.ptrs[items:items:cap(q.ptrs)]
	if !q.read() {
		q.free()
		return nil
	}
	return q
}

var quicks = sync.Pool{New: func() any { return new(quick) }}

// read reads q.text, or reports false.
func (q *quick) read() bool {
	m := q.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"})
	if m == nil {
		return false
	}
	for n, rest := 1, q.text; rest != ""; n++ {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		switch {
		case line == "":
			continue
		case line[0] == ' ' || line[0] == '-':
			if !q.item(line, n) {
				return false
			}
			continue
		}
		if !q.close() || !q.line(line, n) {
			return false
		}
		if m.Line == 0 {
			m.Line, m.Column = n, 1
		}
	}
	if !q.close() {
		return false
	}
	m.Content = q.pairs
	q.top[0] = m
	q.doc = yaml.Node{Kind: yaml.DocumentNode, Line: m.Line, Column: 1, Content: q.top[:]}
	return true
}

// free gives q's nodes back, for another front matter: nothing may use
// them after.
func (q *quick) free() {
	clear(q.nodes)
	clear(q.ptrs[:cap(q.ptrs)])
	*q = quick{nodes: q.nodes[:0], ptrs: q.ptrs[:0]}
	quicks.Put(q)
}

// quick holds the text of one front matter and the nodes made from it.
type quick struct {
	doc   yaml.Node // the document node: its one child is the mapping
	top   [1]*yaml.Node
	text  string       // the front matter, which every value is a part of
	nodes []yaml.Node  // never grown past its capacity, so pointers to its nodes hold
	ptrs  []*yaml.Node // items, then pairs
	items []*yaml.Node // the items of every list, one after another
	pairs []*yaml.Node // the mapping's keys and values

	// A key with no value on its line opens a block list, whose items
	// are the lines below it that start with spaces and a dash.
	open   *yaml.Node // the list, or nil
	indent int        // the spaces before each item's dash
	start  int        // where its items start in items
}

// node keeps n and returns it, or nil if the nodes counted are all taken
// (which they never are): pointers to the nodes must hold.
func (q *quick) node(n yaml.Node) *yaml.Node {
	if len(q.nodes) == cap(q.nodes) {
		return nil
	}
	q.nodes = append(q.nodes, n)
	return &q.nodes[len(q.nodes)-1]
}

// maxKey bounds the keys quickYAML reads. YAML takes a key without `?`
// only if its colon comes within 1,024 characters of its start; no key
// brief knows comes near, so longer ones are left to yaml.v3 to refuse.
const maxKey = 64

// line reads one `key: value` line, number n, into a key and a value, or
// a key that opens a block list.
func (q *quick) line(s string, n int) bool {
	k := 0
	for k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] == '_' || k > 0 && s[k] >= '0' && s[k] <= '9') {
		k++
	}
	if k == 0 || k > maxKey || k >= len(s) || s[k] != ':' || k+1 < len(s) && s[k+1] != ' ' {
		return false
	}
	key := s[:k]
	switch key {
	case "true", "false", "null": // the lowercase words YAML reads as other than text
		return false
	}
	keyNode := q.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: n, Column: 1})
	if keyNode == nil {
		return false
	}
	if k+1 == len(s) {
		// A list follows: its place is that of its first item.
		if q.open = q.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}); q.open == nil {
			return false
		}
		q.start = len(q.items)
		q.pairs = append(q.pairs, keyNode, q.open)
		return true
	}
	col := k + 2
	for col < len(s) && s[col] == ' ' {
		col++
	}
	if col == len(s) {
		return false // an empty value after spaces
	}
	var val *yaml.Node
	if v := s[col:]; v[0] == '[' {
		val = q.list(v, n, col+1)
	} else {
		val = q.scalar(v, n, col+1, false)
	}
	if val == nil {
		return false
	}
	q.pairs = append(q.pairs, keyNode, val)
	return true
}

// item reads line n, `- value` after some spaces, as an item of the open
// block list. Every item must have the same spaces before its dash.
func (q *quick) item(s string, n int) bool {
	indent := len(s) - len(strings.TrimLeft(s, " "))
	if q.open == nil || indent == 0 || indent+2 >= len(s) || s[indent] != '-' || s[indent+1] != ' ' {
		return false
	}
	if q.open.Line == 0 {
		q.open.Line, q.open.Column, q.indent = n, indent+1, indent
	} else if indent != q.indent {
		return false
	}
	col := indent + 2
	for col < len(s) && s[col] == ' ' {
		col++
	}
	if col == len(s) {
		return false
	}
	v := q.scalar(s[col:], n, col+1, false)
	if v == nil {
		return false
	}
	q.items = append(q.items, v)
	return true
}

// close ends the open block list, if any; a key with no value and no
// items is null, which is left to yaml.v3.
func (q *quick) close() bool {
	if q.open == nil {
		return true
	}
	if len(q.items) == q.start {
		return false
	}
	q.open.Content = q.items[q.start:len(q.items):len(q.items)]
	q.open = nil
	return true
}

// list reads a flow sequence of scalars that takes up all of v, which
// starts at column col of line n.
func (q *quick) list(v string, n, col int) *yaml.Node {
	if v[len(v)-1] != ']' {
		return nil
	}
	seq := q.node(yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: n, Column: col})
	inner := v[1 : len(v)-1]
	if seq == nil || inner == "" {
		return seq
	}
	start := len(q.items)
	at := col + 1 // the column of inner[0]
	for {
		item, rest, more := strings.Cut(inner, ",")
		body := strings.TrimLeft(item, " ")
		lead := len(item) - len(body)
		if strings.TrimRight(body, " ") != body && body[0] != '"' && body[0] != '\'' {
			// A plain item with spaces after it, which YAML trims and
			// this reader does not; or an empty one.
			return nil
		}
		body = strings.TrimRight(body, " ")
		if body == "" {
			return nil // an empty item, or a trailing comma
		}
		node := q.scalar(body, n, at+runes(item[:lead]), true)
		if node == nil {
			return nil
		}
		q.items = append(q.items, node)
		if !more {
			break
		}
		at += runes(item) + 1
		inner = rest
	}
	seq.Content = q.items[start:len(q.items):len(q.items)]
	return seq
}

// scalar reads v, which starts at column col of line n, as one scalar, or
// returns nil. inList is set for an item of a flow list, where commas and
// brackets would end a plain scalar.
func (q *quick) scalar(v string, n, col int, inList bool) *yaml.Node {
	switch v[0] {
	case '"', '\'':
		if len(v) < 2 || v[len(v)-1] != v[0] {
			return nil
		}
		inner := v[1 : len(v)-1]
		for i := 0; i < len(inner); i++ {
			// Escapes, and the quote itself doubled in single quotes, are
			// left to yaml.v3; control characters are printable's to refuse.
			if c := inner[i]; c == v[0] || c == '\\' && v[0] == '"' {
				return nil
			}
		}
		if !printable(inner) {
			return nil
		}
		style := yaml.DoubleQuotedStyle
		if v[0] == '\'' {
			style = yaml.SingleQuotedStyle
		}
		return q.node(yaml.Node{Kind: yaml.ScalarNode, Style: style, Tag: "!!str", Value: inner, Line: n, Column: col})
	}
	if v[0] >= '0' && v[0] <= '9' {
		if !isTimestamp(v) {
			return nil
		}
		return q.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: v, Line: n, Column: col})
	}
	if !(v[0] >= 'a' && v[0] <= 'z' || v[0] >= 'A' && v[0] <= 'Z') {
		return nil
	}
	allowed := &plainByte
	if inList {
		allowed = &flowByte // a subset of plainByte
	}
	for i := 1; i < len(v); i++ {
		if c := v[i]; c < utf8.RuneSelf && !allowed[c] {
			return nil
		}
	}
	if v[len(v)-1] == ' ' || !printable(v) {
		return nil
	}
	tag := "!!str"
	switch v {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		tag = "!!bool"
	case "null", "Null", "NULL":
		tag = "!!null"
	}
	return q.node(yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v, Line: n, Column: col})
}

// plainByte marks the ASCII bytes a plain scalar may hold after its first:
// letters, digits, spaces and punctuation that YAML gives no meaning to
// inside one.
var plainByte = asciiSet(" .,;()/&+-_?!'%$=~^@")

// flowByte marks the ASCII bytes a plain item of a list in brackets may
// hold: fewer than plainByte, as more of them are read as YAML's syntax
// there (a `?` ends the item, for one).
var flowByte = asciiSet(" .()/&+-_'")

// asciiSet marks the ASCII letters and digits, and the bytes of punct.
func asciiSet(punct string) (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for _, c := range punct {
		t[c] = true
	}
	return t
}

// printable reports whether s holds only characters YAML allows in a scalar
// of one line: no control characters, and none of the characters YAML 1.1
// reads as line breaks (U+0085, U+2028, U+2029) or the byte-order mark.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < utf8.RuneSelf {
			if s[i] < ' ' || s[i] == 0x7f {
				return false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 0xA0 || r == 0x2028 || r == 0x2029 || r >= 0xD800 && r < 0xE000 || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += size - 1
	}
	return true
}

// timestampLayouts are the layouts yaml.v3 reads a plain scalar that starts
// with four digits and a dash as a timestamp with (resolve.go).
var timestampLayouts = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// isTimestamp reports whether yaml.v3 reads the plain scalar v as a
// timestamp. Only the characters of a date and time are let through, so
// that no other reading of v is possible.
func isTimestamp(v string) bool {
	if len(v) < 5 || v[4] != '-' {
		return false
	}
	for i := range v {
		c := v[i]
		if i < 4 && (c < '0' || c > '9') {
			return false
		}
		if !(c >= '0' && c <= '9' || c == '-' || c == ':' || c == '.' || c == 'T' || c == 'Z' || c == '+') {
			return false
		}
	}
	for _, layout := range timestampLayouts {
		if _, err := time.Parse(layout, v); err == nil {
			return true
		}
	}
	return false
}

// runes counts the characters of s, as yaml.v3 counts columns.
func runes(s string) int { return utf8.RuneCountInString(s) }
