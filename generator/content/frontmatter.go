package content

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"brief/generator/diag"
	"brief/generator/internal/tmplcode"

	"go.yaml.in/yaml/v3"
)

// SplitFrontMatter separates the YAML block between the opening and closing
// `---` lines from the markdown after it. src must already have LF line
// endings and no byte-order mark. bodyLine is the 1-based line on which the
// body starts. ok is false when the file has no front matter at all; a
// front matter that is opened but never closed is reported as a problem.
func SplitFrontMatter(src []byte) (fm, body []byte, bodyLine int, ok bool, unclosed bool) {
	first, rest, more := bytes.Cut(src, []byte("\n"))
	if !isFence(first) {
		return nil, src, 1, false, false
	}
	start := len(src) - len(rest)
	for line := 2; more; line++ {
		var cur []byte
		cur, rest, more = bytes.Cut(rest, []byte("\n"))
		if isFence(cur) {
			end := len(src) - len(rest) - len(cur) - 1
			if !more {
				end++ // no line feed after the closing fence
			}
			return src[start:max(start, end)], rest, line + 1, true, false
		}
	}
	return nil, nil, 0, true, true
}

// isFence reports whether a line is `---`, the line that opens and closes
// front matter; spaces after it are forgiven, and the \r of a line of a
// file not normalized (see BodyOffset).
func isFence(line []byte) bool { return string(bytes.TrimRight(line, " \t\r")) == "---" }

// BodyOffset returns the offset at which the markdown body of a content
// file starts, in the file as it is (a byte-order mark, CRLF line
// endings), where the build reads the same lines from a normalized copy:
// after the front matter, or at the start without one. ok is false when
// the front matter is never closed.
func BodyOffset(src []byte) (offset int, ok bool) {
	_, body, _, _, unclosed := SplitFrontMatter(bytes.TrimPrefix(src, []byte("\ufeff")))
	if unclosed {
		return 0, false
	}
	return len(src) - len(body), true
}

// fields decodes one YAML mapping strictly: every key must be known, every
// value must have the expected shape, and every problem is reported at its
// line and column in the original file.
type fields struct {
	file  string
	line0 int // line of the file on which the YAML starts, minus one
	probs *diag.List
	tz    *time.Location
	root  *yaml.Node // the mapping parse returned
	key   *yaml.Node // the key whose value each passes on
	// arena holds the text values kept, one allocation per file rather
	// than one per value: a site's model holds those of every file, and a
	// large site's collector marks each allocation it keeps, many times.
	arena []byte
	size  int // bytes of all the mapping's values: the arena's size
	// quick holds the nodes of a front matter quickYAML read, given back
	// by release.
	quick *quick
	// lines maps YAML's line numbers to the YAML's own lines when they
	// differ: YAML also breaks lines at U+2028 and U+2029, which a pasted
	// text may hold and which are no line breaks to an editor. Nil when
	// there are none.
	lines []int
	src   []byte // the YAML parse read, for where texts are (see textAt)
}

// release lets go of the YAML nodes read, for the next file to use: f and
// the nodes it returned are not to be used after. f may be nil.
func (f *fields) release() {
	if f != nil && f.quick != nil {
		f.quick.free()
		f.quick, f.root = nil, nil
	}
}

// parse decodes src into a mapping node. It returns nil after reporting a
// problem when src is not valid YAML or not a mapping.
func (f *fields) parse(src []byte) *yaml.Node {
	f.lines, f.src = yamlLines(src), src
	var doc yaml.Node
	var err error
	if f.quick, err = unmarshalYAML(src, &doc); err != nil {
		if mistakes := yamlMistakes(src); len(mistakes) > 0 {
			for _, m := range mistakes {
				f.probs.Add(f.file, m.line+f.line0, m.col, "%s is not valid YAML: %s", f.what(), m.msg)
			}
			return nil
		}
		line, msg := yamlError(err)
		f.errAt(line, 0, "%s is not valid YAML: %s", f.what(), msg)
		return nil
	}
	if f.quick == nil { // quickYAML reads no `---` or `...` line
		if line, marker := extraDocument(src); line > 0 {
			f.errAt(line, 1, "the YAML ends at this `%s` line, and brief would ignore what follows it; delete the line", marker)
		}
	}
	var root *yaml.Node
	if doc.Kind != 0 && len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	switch {
	case root == nil || root.Kind == yaml.ScalarNode && root.Tag == "!!null":
		root = &yaml.Node{Kind: yaml.MappingNode} // no keys
	case root.Kind != yaml.MappingNode:
		f.errNode(root, "%s must be a set of `key: value` lines, not %s", f.what(), kindName(root))
		return nil
	}
	f.root = root
	f.size = valueBytes(root)
	return root
}

// extraDocument returns the line (from 1) and the marker of a `---` or
// `...` line after which src goes on with more than blank lines and
// comments: a second YAML document, or text after the end of the first,
// which yaml.v3 reads no further than. A `---` before anything else starts
// the first document. It returns 0 when there is none.
func extraDocument(src []byte) (line int, marker string) {
	if !bytes.Contains(src, []byte("---")) && !bytes.Contains(src, []byte("...")) {
		return 0, ""
	}
	started := false // the first document has begun
	for n, rest := 1, src; len(rest) > 0; n++ {
		text := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			text, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		text = bytes.TrimRight(text, " \t\r")
		isMarker := len(text) >= 3 && (string(text[:3]) == "---" || string(text[:3]) == "...") && (len(text) == 3 || text[3] == ' ' || text[3] == '\t')
		after := text
		if isMarker {
			after = bytes.TrimLeft(text[3:], " \t")
		}
		switch {
		case isMarker && line == 0 && (started || string(text[:3]) == "..."):
			line, marker = n, string(text[:3])
		case isMarker && line == 0:
			started = true
		}
		if len(after) == 0 || after[0] == '#' || !started && after[0] == '%' {
			continue
		}
		if line > 0 {
			return line, marker
		}
		started = true
	}
	return 0, ""
}

// what names the YAML being read, for messages.
func (f *fields) what() string {
	if f.file == ConfigFile {
		return ConfigFile
	}
	return "front matter"
}

// each calls fn for every key of the mapping that is one of known, and
// reports unknown and repeated keys. It returns the value of every known
// key given.
func (f *fields) each(m *yaml.Node, known []string, fn func(key string, v *yaml.Node)) seenKeys {
	seen := seenKeys{known: known}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		at := slices.Index(known, key)
		if at < 0 {
			if lower := strings.ToLower(key); (lower == "url" || lower == "permalink") && slices.Contains(known, "aliases") && v.Kind == yaml.ScalarNode && strings.Contains(v.Value, "/") {
				// Hugo's url and Jekyll's permalink set the page's whole
				// address; brief's is its section and slug, and an old
				// address is kept as an alias.
				f.errNode(k, "unknown key `%s`; brief makes a briefing's address from its section and file name, or `slug` (one part, no /): to keep the address %s, write `aliases: [%s]`", key, v.Value, v.Value)
				continue
			}
			// Keys that hold a post back elsewhere: deleting one, as "did
			// you mean date?" led a writer to, publishes it.
			switch hint := heldBack(key, v); {
			case hint != "" && slices.Contains(known, "draft"):
				f.errNode(k, "unknown key `%s`; %s", key, hint)
				continue
			case hint != "" && slices.Contains(known, "analyst"): // a note's
				f.errNode(k, "unknown key `%s`; a note has no `draft` and no date to be published at: it is published with its briefing, so keep the file out of notes/ until it is ready, or make the briefing a draft", key)
				continue
			}
			if s := suggest(key, known); s != "" {
				f.errNode(k, "unknown key `%s`; did you mean `%s`?", key, s)
				seen.meant |= 1 << slices.Index(known, s)
			} else {
				f.errNode(k, "unknown key `%s`; known keys are %s", key, strings.Join(known, ", "))
			}
			continue
		}
		if seen.vals[at] != nil {
			f.errNode(k, "key `%s` is given twice; keep one", key)
			continue
		}
		seen.vals[at] = v
		if !f.yamlTrap(k, v) {
			f.key = k
			fn(key, v)
		}
	}
	return seen
}

// yamlTrap reports a value that is valid YAML but not what the writer
// typed: one cut off by a `#`, which starts a comment (`title: #MeToo
// explained` has no title), and one with an anchor or an alias (`title:
// &amp spaced` is "spaced"), which brief does not use, rather than take
// part of it or report it as something else. A value cut off counts as
// given, so that it is not reported empty as well.
func (f *fields) yamlTrap(k, v *yaml.Node) bool {
	switch {
	case v.Tag == "!!null" && k.LineComment != "" && v.Line == k.Line:
		f.errNode(v, "`%s` is empty: `#` starts a comment, so YAML leaves out `%s`; put the value in quotes, like `%s: %s`", k.Value, k.LineComment, k.Value, quoted(k.LineComment))
		v.Tag, v.Value = "!!str", k.LineComment
	case v.Kind == yaml.AliasNode:
		f.errNode(v, "a value cannot start with `*`, which YAML reads as an alias, and brief does not use aliases; put the value in quotes, like `%s: \"*%s\"`", k.Value, v.Value)
	case v.Anchor != "":
		f.errNode(v, "a value cannot start with `&`, which YAML reads as an anchor, and brief does not use anchors; put the value in quotes, or delete `&%s`", v.Anchor)
	case tagged(v) != nil:
		// `title: !Breaking talks collapse` is "talks collapse", tagged
		// !Breaking; `!!binary`, `!!int` read the value as another type.
		t := tagged(v)
		typed := t.Tag
		switch {
		case strings.HasSuffix(typed, ","):
			// [!Trade, Fisheries]: the tag takes the comma, and the
			// next entry is its value.
			typed = strings.TrimSuffix(typed, ",")
		case t.Value != "":
			typed += " " + t.Value
		}
		f.errNode(t, "a value cannot start with `!`, which YAML reads as a tag, and brief does not use tags; put the value in quotes, like %s", quoted(typed))
	default:
		return false
	}
	return true
}

// tagged returns the first node in v, or in the lists and mappings it
// holds, that is written with an explicit YAML tag (`!x`, `!!str`), or
// nil.
func tagged(v *yaml.Node) *yaml.Node {
	if v.Style&yaml.TaggedStyle != 0 {
		return v
	}
	for _, c := range v.Content {
		if t := tagged(c); t != nil {
			return t
		}
	}
	return nil
}

// seenKeys holds the value of each known key a mapping gives, at the
// key's place in the list of known keys. Every file makes one; unlike a
// map, it needs no allocation.
type seenKeys struct {
	known []string
	vals  [16]*yaml.Node // room for the longest list of known keys (briefingKeys)
	// meant has the bit of each known key that an unknown one was taken
	// for (tittle for title): one missing is not reported again.
	meant uint16
}

// get returns the value given for key, or nil.
func (s *seenKeys) get(key string) *yaml.Node {
	if i := slices.Index(s.known, key); i >= 0 {
		return s.vals[i]
	}
	return nil
}

// jekyllDate returns the date that begins the name of file, as in a
// Jekyll post's (2019-07-25-grain-deal.md), or "".
func jekyllDate(file string) string {
	name := path.Base(file)
	if name == "index.md" {
		name = path.Base(path.Dir(file))
	}
	if len(name) < 11 || name[10] != '-' {
		return ""
	}
	if _, err := time.Parse("2006-01-02", name[:10]); err != nil {
		return ""
	}
	return name[:10]
}

// require reports every key of want that is missing from seen or has no
// value. A key missing from the front matter is reported on line 1, the
// `---` that opens it, since no line holds it; one missing from a nested
// entry (a correction) is reported where that entry starts.
func (f *fields) require(m *yaml.Node, seen seenKeys, want ...string) {
	for _, k := range want {
		v := seen.get(k)
		switch {
		case v == nil && seen.meant&(1<<slices.Index(seen.known, k)) != 0:
			// Reported as misspelt.
		case v == nil && m == f.root && k == "date" && jekyllDate(f.file) != "":
			// A Jekyll post: its date is in its name, which brief keeps
			// in the URL.
			day := jekyllDate(f.file)
			f.probs.Add(f.file, 1, 1, "missing required key `date`; this file's name begins with %s, as a Jekyll post's does, but brief reads the date from front matter alone: add `date: %s`, and, since the name makes the URL, rename the file without the date and keep the old address with `aliases`", day, day)
		case v == nil && m == f.root:
			f.probs.Add(f.file, 1, 1, "missing required key `%s`; add a line like `%s`", k, example(k))
		case v == nil:
			f.errNode(m, "missing required key `%s`; add it, like `%s`", k, example(k))
		case v.Kind == yaml.ScalarNode && v.Style&yaml.TaggedStyle == 0 && (v.Tag == "!!null" || strings.TrimSpace(v.Value) == ""):
			// (`analyst: !Mira`, all tag, is reported as one.)
			f.errNode(v, "`%s` is empty; give it a value, like `%s`", k, example(k))
		}
	}
}

// example shows a writer how a key is written.
func example(key string) string {
	if e, ok := examples[key]; ok {
		return e
	}
	return key + ": …"
}

var examples = map[string]string{
	"title":     `title: "What the sanctions mean"`,
	"summary":   `summary: "One sentence that says what the briefing is about."`,
	"date":      `date: 2026-01-31`,
	"topics":    `topics: [North Korea, Trade]`,
	"takeaways": `takeaways: ["First point.", "Second point."]`,
	"analyst":   `analyst: "Mira Kim"`,
	"name":      `name: "Mira Kim"`,
	"text":      `text: "An earlier version misstated the range."`,
}

func (f *fields) errNode(n *yaml.Node, format string, args ...any) {
	f.errAt(n.Line, n.Column, format, args...)
}

func (f *fields) warnNode(n *yaml.Node, format string, args ...any) {
	f.probs.Warn(f.file, f.fileLine(n.Line), n.Column, format, args...)
}

func (f *fields) errAt(line, col int, format string, args ...any) {
	f.probs.Add(f.file, f.fileLine(line), col, format, args...)
}

// pos is where node n is in the file.
func (f *fields) pos(n *yaml.Node) Pos { return Pos{f.fileLine(n.Line), n.Column} }

// textPos is where the text of scalar n starts in the file: after its
// quote, or on the line after a block scalar's | or >. textAt finds
// its first character, and where the rest is.
func (f *fields) textPos(n *yaml.Node) Pos {
	switch {
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		return Pos{f.fileLine(n.Line), n.Column + 1}
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return Pos{f.fileLine(n.Line) + 1, 1}
	}
	return f.pos(n)
}

// fileLine is the line of the file that YAML calls line, 0 for none.
func (f *fields) fileLine(line int) int {
	if line <= 0 {
		return line
	}
	if line < len(f.lines) {
		line = f.lines[line]
	} else if len(f.lines) > 0 {
		line = f.lines[len(f.lines)-1] // past the end: the last line
	}
	return line + f.line0
}

// yamlLines maps each line number YAML gives in src, from 1, to the line
// of src, counting only newlines; nil when the two count alike.
func yamlLines(src []byte) []int {
	if !bytes.Contains(src, []byte("\u2028")) && !bytes.Contains(src, []byte("\u2029")) {
		return nil
	}
	lines := []int{0, 1}
	line := 1
	for _, r := range string(src) {
		switch r {
		case '\n':
			line++
			lines = append(lines, line)
		case '\u2028', '\u2029':
			lines = append(lines, line)
		}
	}
	return lines
}

// valueBytes is the length of the text of n's scalars, keys left out.
func valueBytes(n *yaml.Node) int {
	size := 0
	switch n.Kind {
	case yaml.ScalarNode:
		size = len(n.Value)
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			size += valueBytes(n.Content[i])
		}
	default:
		for _, c := range n.Content {
			size += valueBytes(c)
		}
	}
	return size
}

// str reads a scalar as text.
func (f *fields) str(key string, n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		f.errNode(n, "`%s` must be text, not %s; if the brackets or braces belong to the text, put it all in quotes", key, kindName(n))
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	if f.escapedControl(n) {
		return ""
	}
	f.textChecks(key, n)
	v := n.Value
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		// A block (`|` or `>`) ends with a line break unless written
		// `|-`: it ends the text, not a line of it.
		v = strings.TrimRight(v, "\n")
	}
	if oneLine[key] && strings.Contains(v, "\n") {
		// A headline, a name, a place is one line: the page shows the
		// break as a space, but a feed's <title> and <name>, and
		// JSON-LD's headline and author, keep it.
		f.warnNode(n, "`%s` runs over more than one line, which feeds and search engines keep as written; write it on one line (a `|` block keeps its line breaks, a `>` block joins them)", key)
	}
	return f.keep(v)
}

// oneLine are the keys whose text is one line.
var oneLine = map[string]bool{"title": true, "author": true, "dateline": true, "analyst": true, "name": true}

// textChecks reports what in the text of n, a value of key, the page would
// not show as the writer meant: template code (see templateCode) and a
// bidirectional control left open (see unclosedBidi).
func (f *fields) textChecks(key string, n *yaml.Node) {
	f.templateCode(key, n)
	if r := unclosedBidi(n.Value); r != 0 {
		f.errNode(n, "`%s` opens a %s (%U) and never closes it, so the text shown after it on a page (the rest of a title line, of a byline) comes out reordered; close it with %U, or delete it", key, bidiNames[r], r, bidiCloser(r))
	}
}

// bidiNames names the bidirectional controls that open an embedding, an
// override or an isolate.
var bidiNames = map[rune]string{
	'\u202a': "left-to-right embedding",
	'\u202b': "right-to-left embedding",
	'\u202d': "left-to-right override",
	'\u202e': "right-to-left override",
	'\u2066': "left-to-right isolate",
	'\u2067': "right-to-left isolate",
	'\u2068': "first-strong isolate",
}

// bidiCloser is the control that closes what r opens: U+202C (pop
// directional formatting) an embedding or override, U+2069 (pop
// directional isolate) an isolate.
func bidiCloser(r rune) rune {
	if r >= '\u2066' {
		return '\u2069'
	}
	return '\u202c'
}

// unclosedBidi returns the first bidirectional control in s that opens an
// embedding, an override or an isolate which s does not close, or 0. A
// value of front matter is shown inside other text, in a page's <title>
// and in a byline, where one left open goes on to reorder what follows
// it (in a body, each paragraph is its own block, which ends it). The
// closing follows Unicode's bidirectional algorithm (UAX #9, X6a and X7):
// U+2069 closes the latest isolate and whatever opened after it, U+202C
// the latest embedding or override unless an isolate opened since.
func unclosedBidi(s string) rune {
	if strings.IndexByte(s, 0xe2) < 0 { // the first byte of each of them
		return 0
	}
	var open []rune
	for _, r := range s {
		switch {
		case r >= '\u202a' && r <= '\u202e' && r != '\u202c', r >= '\u2066' && r <= '\u2068':
			open = append(open, r)
		case r == '\u202c':
			if n := len(open); n > 0 && open[n-1] < '\u2066' {
				open = open[:n-1]
			}
		case r == '\u2069':
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] >= '\u2066' {
					open = open[:i]
					break
				}
			}
		}
	}
	if len(open) == 0 {
		return 0
	}
	return open[0]
}

// templateCode warns of the template code of Hugo or Jekyll in the text
// of n, a value of key, which brief publishes as written, as it does in a
// body (see markdown's templateCode).
func (f *fields) templateCode(key string, n *yaml.Node) {
	if i := tmplcode.Find(n.Value); i >= 0 {
		f.warnNode(n, "`%s` holds `%s`, template code of Hugo or Jekyll (a shortcode, Liquid), which brief does not run: the page shows it as text; write out what it stood for", key, tmplcode.Snippet([]byte(n.Value[i:])))
	}
}

// escapedControl reports, as an error, an invisible control character
// that a double-quoted value writes as an escape ("\x01", "\uFFFE"): one
// typed as itself is refused with the file (see badChars), and pages and
// feeds can carry neither.
func (f *fields) escapedControl(n *yaml.Node) bool {
	i := escapedControlAt(n)
	if i < 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(n.Value[i:])
	f.errNode(n, "this text holds the %s %U, written as an escape, which pages and feeds cannot carry; delete it", controlKind(r), r)
	return true
}

// escapedControlAt is where in the text of n the first invisible control
// character written as an escape is (see escapedControl), or -1.
func escapedControlAt(n *yaml.Node) int {
	if n.Style&yaml.DoubleQuotedStyle == 0 {
		return -1
	}
	return control([]byte(n.Value))
}

// keep returns s, copied into the arena when it has room. The arena has
// room for every value of the mapping: it is only appended to, so the
// bytes of the strings made from it never change.
func (f *fields) keep(s string) string {
	if f.arena == nil {
		f.arena = make([]byte, 0, f.size)
	}
	if len(s) == 0 || cap(f.arena)-len(f.arena) < len(s) {
		return s
	}
	start := len(f.arena)
	f.arena = append(f.arena, s...)
	return unsafe.String(&f.arena[start], len(s))
}

// strs reads a list of scalars. A lone scalar is refused with a hint, since a
// writer who types `topics: Trade` most likely meant a list of one.
func (f *fields) strs(key string, n *yaml.Node) []string {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		like, several := example(key), ""
		v := strings.TrimSpace(n.Value)
		switch {
		case n.Kind == yaml.ScalarNode && key == "takeaways":
			like = key + ": [" + strconv.Quote(v) + "]" // a sentence, not words to split
		case n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 && strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]"):
			// A converter quoted the list whole.
			f.errNode(n, "`%s` must be a list, not the text %s in quotes; write it without the quotes: `%s: %s`", key, kindName(n), key, flowList(splitList(v[1:len(v)-1], ",")))
			return nil
		case n.Kind == yaml.ScalarNode && strings.ContainsAny(v, "\n\r"):
			// A block of text, a line an entry.
			like = key + ": " + flowList(splitList(v, "\n"))
		case n.Kind == yaml.ScalarNode:
			like = key + ": " + flowList(splitList(v, ","))
			sep := ""
			switch {
			case strings.Contains(v, ";"):
				sep = ";"
			case !strings.Contains(v, ",") && len(strings.Fields(v)) > 1:
				sep = " " // Jekyll's tags are separated by spaces
			}
			if sep != "" {
				several = "; if it is several, separate them with commas: `" + key + ": " + flowList(splitList(v, sep)) + "`"
			}
		}
		f.errNode(n, "`%s` must be a list, like `%s`, not %s%s", key, like, kindName(n), several)
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode {
			f.errNode(item, "each entry of `%s` must be text, not %s", key, kindName(item))
			continue
		}
		if f.escapedControl(item) {
			continue
		}
		f.textChecks(key, item)
		out = append(out, f.keep(item.Value))
	}
	return out
}

// aliases reads `aliases`, the earlier addresses (see Alias) of a
// briefing in section.
func (f *fields) aliases(key string, n *yaml.Node, section string) []Alias {
	if f.strs(key, n) == nil {
		return nil
	}
	var out []Alias
	f.eachText(n, func(item *yaml.Node) {
		p, why := aliasPath(item.Value, section)
		if why != "" {
			f.errNode(item, "alias %q %s", item.Value, why)
			return
		}
		out = append(out, Alias{Path: p, At: f.pos(item)})
	})
	return out
}

// aliasPath returns the path of an alias as written, s: from the site's
// root, to a folder (/2019/old-title/, its last / optional) or to an
// .html file (/2019/07/old-title.html, as Jekyll's are). It gives why it
// cannot be one instead. section is the section of the page it is an
// alias of, "" for none: a relative alias is told the address Hugo took
// it for, beside the page's own, in its section.
func aliasPath(s, section string) (p, why string) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", "is not an address"
	case u.Scheme != "" || u.Host != "" || strings.HasPrefix(s, "//"):
		return "", "names a host: an alias is an address on this site, from its root without the base path, like /2019/old-title/"
	case u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, "?#"):
		return "", "has a query or an anchor, which a static host does not tell apart: write the path alone"
	case !strings.HasPrefix(u.Path, "/"):
		// The address it likely means, itself an alias brief takes:
		// ../old/ is /old/, not /../old/. Hugo puts a relative alias
		// beside the page, so in a section's folder old/ was
		// /<section>/old/.
		like := path.Clean("/" + section + "/" + u.Path)
		if like == "/" || like == "/"+section {
			like = "/2019/old-title/"
		} else if strings.HasSuffix(u.Path, "/") {
			like += "/"
		}
		hugo := ""
		if section != "" {
			hugo = " (Hugo read a relative alias from the page's section)"
		}
		return "", "is relative: write it from the site's root without the base path" + hugo + ", like " + like
	}
	p = strings.TrimSuffix(u.Path, "index.html")
	if strings.HasPrefix(p, "//") {
		// %2f after the first /: //etc/ once decoded, which the
		// parts below, read without the slashes around them, let by.
		return "", "is the site's root, or has an empty, . or .. part: write the address the page had, like /2019/old-title/"
	}
	for _, seg := range strings.Split(strings.Trim(p, "/"), "/") {
		switch {
		case strings.ContainsRune(seg, '\\'):
			return "", "has a \\ (%5c), which Windows reads as a folder's separator, and no address of a page holds; write the address with / between its parts"
		case seg == "" || seg == "." || seg == "..":
			return "", "is the site's root, or has an empty, . or .. part: write the address the page had, like /2019/old-title/"
		case !utf8.ValidString(seg):
			return "", "is not UTF-8 once its %-escapes are read, and a file name must be"
		case strings.ContainsFunc(seg, unicode.IsControl):
			return "", "has a control character (a NUL, a line break, a tab…), which no address of a page holds"
		case len(seg) > MaxSlug:
			return "", fmt.Sprintf("has a part of %d bytes, where a folder or file name takes at most %d", len(seg), MaxSlug)
		}
	}
	if !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p, ""
}

// eachText calls fn with each text entry of a list that strs read.
func (f *fields) eachText(n *yaml.Node, fn func(item *yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		return
	}
	for _, item := range n.Content {
		if item.Kind == yaml.ScalarNode {
			fn(item)
		}
	}
}

func (f *fields) boolean(key string, n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		switch v := strings.ToLower(n.Value); {
		case n.Kind == yaml.ScalarNode && (v == "true" || v == "false"):
			f.errNode(n, "`%s` must be true or false, without quotes: `%s: %s`; in quotes it is text", key, key, v)
		case n.Kind == yaml.ScalarNode && (v == "yes" || v == "on" || v == "no" || v == "off"):
			like := map[string]string{"yes": "true", "on": "true", "no": "false", "off": "false"}[v]
			f.errNode(n, "`%s` must be true or false, not %q, which YAML 1.1 and Jekyll read as %s; write `%s: %s`", key, n.Value, like, key, like)
		default:
			f.errNode(n, "`%s` must be true or false, not %s", key, kindName(n))
		}
		return false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
}

// integer reads a whole number, and reports whether there was one.
func (f *fields) integer(key string, n *yaml.Node) (int, bool) {
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		f.errNode(n, "`%s` must be a whole number, not %q", key, n.Value)
		return 0, false
	}
	return v, true
}

// date reads a timestamp (2019-07-25T09:00:00+09:00) or a bare date
// (2019-07-25), which means midnight in the site's time zone.
func (f *fields) date(key string, n *yaml.Node) time.Time {
	if n.Kind != yaml.ScalarNode {
		f.errNode(n, "`%s` must be a date, not %s", key, kindName(n))
		return time.Time{}
	}
	if n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		return time.Time{} // no date: one that is required is reported missing
	}
	t, err := ParseDate(n.Value, f.tz)
	var pe *time.ParseError
	var skip *SkippedTimeError
	switch {
	case err == nil && (t.UTC().Year() > 9999 || t.UTC().Year() < 1000):
		// Feeds, sitemaps and JSON-LD write the year in four digits, in
		// UTC; a year before 1000 is a typo (0202 for 2020), and the
		// first instant of year 1 is Go's zero time, taken for no date.
		f.errNode(n, "`%s`: %s is outside the years 1000 to 9999 (in UTC); check the year", key, n.Value)
		return time.Time{}
	case err == nil:
	case errors.As(err, &skip):
		f.errNode(n, "`%s`: %v; write the time as the clocks showed it, or give its zone (2026-01-31T09:00:00+01:00)", key, skip)
	case errors.As(err, &pe) && strings.HasSuffix(pe.Message, "out of range") && (strings.Contains(pe.Message, "hour") || strings.Contains(pe.Message, "minute") || strings.Contains(pe.Message, "second")):
		f.errNode(n, "`%s`: %s is not a time of day; check the hours and minutes", key, n.Value)
	case errors.As(err, &pe) && strings.HasSuffix(pe.Message, "out of range"):
		f.errNode(n, "`%s`: %s is not a day of the calendar; check the month and day", key, n.Value)
	case padded(n.Value, f.tz) != "":
		f.errNode(n, "`%s`: %q is not a date; write the month and day in two digits each, like %s", key, n.Value, padded(n.Value, f.tz))
	default:
		f.errNode(n, "`%s`: %q is not a date; %s", key, n.Value, dateForms)
	}
	return t
}

// padded returns s with a month or day of one digit written in two
// (2024-3-5 as 2024-03-05), when that makes a date brief reads, and ""
// otherwise.
func padded(s string, loc *time.Location) string {
	s = strings.TrimSpace(s)
	day := s
	if i := strings.IndexAny(s, "Tt "); i >= 0 {
		day = s[:i]
	}
	d, err := time.Parse("2006-1-2", day)
	if err != nil || len(day) == len(bareDate) {
		return ""
	}
	fixed := d.Format(bareDate) + s[len(day):]
	if _, err := ParseDate(fixed, loc); err != nil {
		return ""
	}
	return fixed
}

// dateLayouts are the forms of a date front matter takes: the day, then
// `T` or a space and the time, with or without seconds (a fraction of a
// second after them is read too), then no zone (the site's) or a zone as
// Z, +09:00 or +0900, with or without a space before it: RFC 3339, YAML's
// timestamps (2024-03-10 09:00:00 +02:00), and what Hugo and Jekyll
// writers put (2024-03-10 09:00:00 +0200). The most common come first.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00", // YAML's own timestamps allow the space
	"2006-01-02T15:04:05 Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05 Z0700", // Jekyll's
	"2006-01-02 15:04:05Z0700",
	"2006-01-02T15:04:05 Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04Z07:00",
	"2006-01-02T15:04 Z07:00",
	"2006-01-02 15:04 Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02 15:04Z0700",
	"2006-01-02T15:04 Z0700",
	"2006-01-02 15:04 Z0700",
	bareDate,
}

// dateForms shows a writer the forms of dateLayouts.
const dateForms = "write the year, month and day (2026-01-31), with a time after it if you like (2026-01-31T09:00, 2026-01-31 09:00:00), and a zone after the time when it is not the site's (2026-01-31T09:00:00+01:00, 2026-01-31T09:00Z, 2026-01-31 09:00:00 +0100)"

// bareDate is the layout of a date without a time, the last of dateLayouts.
const bareDate = "2006-01-02"

// ParseDate reads the date formats front matter accepts. Times without a
// zone are taken in loc.
//
// When no layout fits, the error is the one for a value out of range
// (2026-02-30) if some layout found one, so that it can be reported as such.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) > len(bareDate) && s[len(bareDate)] == 't' {
		// RFC 3339 and YAML allow a lowercase t and z.
		s = s[:len(bareDate)] + "T" + s[len(bareDate)+1:]
	}
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	if len(s) == len(bareDate) {
		// Only the last layout fits a value this short: try it first
		// rather than fail six times on every bare date.
		if t, err := parseIn(bareDate, s, loc); err == nil {
			return t, nil
		}
	}
	var last error
	for _, layout := range dateLayouts {
		t, err := parseIn(layout, s, loc)
		if err == nil {
			return t, nil
		}
		var skip *SkippedTimeError
		if errors.As(err, &skip) {
			return t, err
		}
		if last == nil || strings.HasSuffix(err.Error(), "out of range") {
			last = err
		}
	}
	return time.Time{}, last
}

// parseIn is time.ParseInLocation, for the times that the clocks of loc
// skip when they go forward too. A bare date whose midnight is skipped
// (Santiago, Havana, São Paulo, where the clocks go from 00:00 to 01:00)
// is the day's first instant, the change; time.Date would give some
// instant of the evening before. A time of day that is skipped is a
// *SkippedTimeError: it names no instant.
func parseIn(layout, s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(layout, s, loc)
	if err != nil || loc == time.UTC || strings.Contains(layout, "Z07") {
		return t, err
	}
	if asWritten(t, s) {
		return t, nil
	}
	change := zoneChange(t)
	if layout == bareDate {
		if start := change.In(loc); start.Format(bareDate) == s {
			return start, nil
		}
		return t, nil
	}
	_, before := change.Add(-time.Second).Zone()
	return t, &SkippedTimeError{
		Value: s, Zone: loc.String(),
		From: change.In(time.FixedZone("", before)).Format("15:04"), To: change.In(loc).Format("15:04"),
	}
}

// asWritten reports whether t, parsed from s without a zone, shows the
// day and the time of day that s does: it does unless the clocks skipped
// them. Every layout without a zone has the day, then the hour and
// minute, if any, at the same places (2006-01-02T15:04).
func asWritten(t time.Time, s string) bool {
	num := func(i, j int) int {
		n := 0
		for _, c := range s[i:j] {
			n = n*10 + int(c-'0')
		}
		return n
	}
	h, mi := 0, 0
	if len(s) >= len("2006-01-02T15:04") {
		h, mi = num(11, 13), num(14, 16)
	}
	y, m, d := t.Date()
	return y == num(0, 4) && int(m) == num(5, 7) && d == num(8, 10) && t.Hour() == h && t.Minute() == mi
}

// zoneChange is the change of a zone's offset nearest to t: where its
// clocks went forward when t is a time of day they skipped.
func zoneChange(t time.Time) time.Time {
	start, end := t.ZoneBounds()
	if end.IsZero() || !start.IsZero() && t.Sub(start) < end.Sub(t) {
		return start
	}
	return end
}

// SkippedTimeError is a time of day, without a zone, that the site's
// time zone skips: the clocks went from From to To that night.
type SkippedTimeError struct {
	Value, Zone, From, To string
}

func (e *SkippedTimeError) Error() string {
	return fmt.Sprintf("%s is not a time in %s: its clocks go from %s straight to %s that day", e.Value, e.Zone, e.From, e.To)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a set of keys"
	}
	v := n.Value
	if r := []rune(v); len(r) > 60 {
		v = string(r[:60]) + "…"
	}
	if strings.ContainsAny(v, "\n\r`") {
		// One problem, one line: a block's lines are shown escaped.
		return strconv.Quote(v)
	}
	return "`" + v + "`"
}

// splitList splits a text that was meant as a list at sep (a comma, a
// semicolon, a line break, or " " for runs of white space) into its
// entries, without blanks and the # a tag is written with elsewhere.
func splitList(v, sep string) []string {
	var parts []string
	if sep == " " {
		parts = strings.Fields(v)
	} else {
		parts = strings.Split(v, sep)
	}
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// flowList writes entries as a YAML list in brackets, quoting an entry
// that YAML would read otherwise: one with a # (a comment), a : or a
// comma, or one opening with a character YAML gives a meaning.
func flowList(entries []string) string {
	quoted := make([]string, len(entries))
	for i, e := range entries {
		quoted[i] = e
		if strings.ContainsAny(e, "#:,[]{}\"'") || strings.ContainsAny(e[:1], "-?!&*|>%@`") {
			quoted[i] = strconv.Quote(e)
		}
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest returns the known key a writer most likely meant: the one other
// generators use the key for (tags → topics), or the closest one if it is
// close enough to be a typo. Short keys must be closer (tag is not date).
func suggest(key string, known []string) string {
	key = strings.ToLower(key)
	if k, ok := aliases[key]; ok && contains(known, k) {
		return k
	}
	return Nearest(key, known, len(key))
}

// Nearest returns the string of known closest to word by Distance, when
// it is close enough to be a slip of the keys: fewer than three edits,
// fewer than two for a word (or the part of it that counts) of size
// letters or fewer than five, so that tag is not date; "" when none is.
// A string whose length differs from word's by the bound or more is not
// compared, as it cannot be within it.
func Nearest(word string, known []string, size int) string {
	best, bestD := "", min(3, max(2, size-2))
	for _, k := range known {
		if n := len(k) - len(word); n >= bestD || -n >= bestD {
			continue
		}
		if d := Distance(word, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// heldBack is the hint for a key with which Hugo or Jekyll hold a page
// back or take it down: Jekyll's published, Hugo's publishDate and
// expiryDate. brief publishes every briefing not marked draft, at once
// and for good.
func heldBack(key string, v *yaml.Node) string {
	switch strings.ToLower(strings.ReplaceAll(key, "_", "")) {
	case "published":
		if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" {
			if b, err := strconv.ParseBool(v.Value); err == nil && !b {
				return "Jekyll's `published: false` holds a post back: in brief, write `draft: true` instead"
			}
			return "brief publishes every briefing that is not `draft: true`, so delete the line"
		}
	case "publishdate", "pubdate":
		return "brief has no scheduled publishing: a briefing is published by the next build unless it is `draft: true`; make this its `date`, and keep it a draft until then"
	case "expirydate", "expirationdate", "unpublishdate":
		return "brief does not take a briefing down at a date: when it should go, set `draft: true` (or delete it, keeping its address with another's `aliases`)"
	}
	return ""
}

// aliases are the keys Hugo and Jekyll writers reach for, and brief's names
// for them.
var aliases = map[string]string{
	"tags": "topics", "tag": "topics", "categories": "topics", "category": "topics", "keywords": "topics",
	"description": "summary", "excerpt": "summary", "subtitle": "summary", "dek": "summary", "lede": "summary",
	"lastmod": "updated", "modified": "updated", "update": "updated",
	"publishdate": "date", "pubdate": "date", "published": "date",
	"authors": "author", "byline": "author",
	"url": "slug", "permalink": "slug", "redirect_from": "aliases", "alias": "aliases",
	"location": "dateline", "email": "contact", "languagecode": "language", "baseurl": "base_url",
	"analysts": "analyst", "expert": "analyst", "org": "affiliation", "organization": "affiliation", "organisation": "affiliation",
}

// Distance is the Levenshtein edit distance between a and b, in bytes: how
// many insertions, deletions and substitutions turn one into the other.
// It finds the key a misspelt key meant, and topics spelt two ways.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
