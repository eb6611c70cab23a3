package content

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// A takeaway or a correction's text is markdown, and a problem in it (a
// link to a missing file) is reported at its place in the file. YAML
// gives where a scalar starts, not where each of its characters came
// from: the text is where the file holds it as it is only when it is
// plain or quoted on one line, without escapes. textAt walks the scalar's
// source alongside the text YAML decoded from it, as YAML reads it,
// noting where each part of the text comes from, and keeps what it found
// only when the parts it read make up the text exactly: a source it reads
// otherwise than YAML does gives a coarse place, never a wrong one.

// textAt is where the text of scalar n is in the file, part by part.
func (f *fields) textAt(n *yaml.Node) TextPos {
	start := f.textPos(n)
	if n.Kind != yaml.ScalarNode || n.Value == "" || f.src == nil {
		return TextPos{Pos: start}
	}
	u := unfold{src: f.src, value: n.Value, end: -1}
	ok := false
	if i := f.offset(n.Line, n.Column); i >= 0 {
		// YAML places a scalar at its tag or anchor (!x &a text), if
		// it has one: the text starts after them.
		if j := afterProperties(f.src, i); j != i {
			i = j
			p := placer{src: f.src, line: f.line0 + 1}
			start = p.at(i)
			if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
				start.Col++
			}
		}
		switch {
		case n.Style&yaml.LiteralStyle != 0:
			ok = holds(f.src, i, '|') && u.block(i, false)
		case n.Style&yaml.FoldedStyle != 0:
			ok = holds(f.src, i, '>') && u.block(i, true)
		case n.Style&yaml.DoubleQuotedStyle != 0:
			ok = holds(f.src, i, '"') && u.flow(i+1, '"')
		case n.Style&yaml.SingleQuotedStyle != 0:
			ok = holds(f.src, i, '\'') && u.flow(i+1, '\'')
		default:
			ok = u.flow(i, 0)
		}
	}
	return u.places(f, start, ok)
}

// afterProperties returns where the node at src[i] starts past its tag
// and anchor (!tag, &anchor) and the blanks and line breaks after them;
// i when it has neither.
func afterProperties(src []byte, i int) int {
	for i < len(src) && (src[i] == '!' || src[i] == '&') {
		for i < len(src) && src[i] != ' ' && src[i] != '\t' && src[i] != '\n' {
			i++
		}
		for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n') {
			i++
		}
	}
	return i
}

// holds reports whether src holds c at i.
func holds(src []byte, i int, c byte) bool { return i < len(src) && src[i] == c }

// offset is where in the YAML source YAML's line and column (from 1, the
// column in characters) are, or -1 when they are past its end. YAML also
// breaks lines at U+2028 and U+2029 (see fields.lines).
func (f *fields) offset(line, col int) int {
	i := 0
	for ; line > 1; line-- {
		j := f.lineEnd(i)
		if j == len(f.src) {
			return -1
		}
		_, size := utf8.DecodeRune(f.src[j:])
		i = j + size
	}
	for end := f.lineEnd(i); col > 1; col-- {
		if i >= end {
			return -1
		}
		_, size := utf8.DecodeRune(f.src[i:])
		i += size
	}
	return i
}

// lineEnd is the offset of the line break that ends YAML's line at i, or
// the length of the source.
func (f *fields) lineEnd(i int) int {
	if f.lines == nil {
		if j := bytes.IndexByte(f.src[i:], '\n'); j >= 0 {
			return i + j
		}
		return len(f.src)
	}
	for j, r := range string(f.src[i:]) {
		if r == '\n' || r == '\u2028' || r == '\u2029' {
			return i + j
		}
	}
	return len(f.src)
}

// unfold reads the source of a scalar alongside the text YAML decoded
// from it, value, part by part: copy takes a part the source holds as it
// is, put one YAML made (an escape's character, the space a line break
// is folded into). Each checks that value goes on with its part.
type unfold struct {
	src   []byte
	value string
	got   int    // how much of value the parts read make up
	spans []span // where the text's parts start, in order
	end   int    // the source offset after the last part copied, -1 after one put
}

// span is a part of a text, from the text's offset off on, that starts
// at the source's offset src.
type span struct{ off, src int }

// copy takes src[i:j] as the next part of the text.
func (u *unfold) copy(i, j int) bool {
	part := u.src[i:j]
	if len(u.value)-u.got < len(part) || u.value[u.got:u.got+len(part)] != string(part) {
		return false
	}
	if i != u.end { // not where the last part left off
		u.spans = append(u.spans, span{u.got, i})
	}
	u.got, u.end = u.got+len(part), j
	return true
}

// put takes s, which YAML made of the source at i, as the next part of
// the text. A part after it starts a span of its own, since s is not in
// the source.
func (u *unfold) put(s string, i int) bool {
	if !strings.HasPrefix(u.value[u.got:], s) {
		return false
	}
	if s != "" && i != u.end {
		u.spans = append(u.spans, span{u.got, i})
	}
	u.got += len(s)
	if s != "" {
		u.end = -1
	}
	return true
}

// flow reads a plain scalar, or a quoted one when quote is ' or ", from
// src[i:]: its characters up to the quote, line breaks folded into a
// space (or kept, after an empty line) with the blanks around them
// dropped, and its escapes, until it has read the whole value.
func (u *unfold) flow(i int, quote byte) bool {
	src := u.src
	for u.got < len(u.value) {
		// No further than the value goes: a plain scalar in brackets
		// ends at a , ] or }, and one anywhere at a comment.
		j, end := i, min(len(src), i+len(u.value)-u.got)
		for j < end && !flowSpecial(src[j], quote) {
			j++
		}
		switch {
		case j > i:
			if !u.copy(i, j) {
				return false
			}
		case i == len(src):
			return false
		case quote == '\'' && src[i] == '\'' && i+1 < len(src) && src[i+1] == '\'':
			if !u.copy(i, i+1) { // '' is one quote, the first of the two
				return false
			}
			j = i + 2
		case src[i] == quote:
			return false // the scalar ends short of the value
		case src[i] == '\\':
			var ok bool
			if j, ok = u.escape(i); !ok {
				return false
			}
		default:
			var ok bool
			if j, ok = u.blanks(i); !ok {
				return false
			}
		}
		i = j
	}
	return true
}

// flowSpecial reports whether c is not copied as it is in a flow scalar
// quoted with quote (0 for a plain one): a blank, a line break, the
// quote, and a backslash within double quotes.
func flowSpecial(c, quote byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || quote != 0 && c == quote || quote == '"' && c == '\\'
}

// blanks reads the blanks and line breaks at src[i]: blanks within a
// line are the text's; a line break drops the blanks around it and is
// folded into a space, or into one line break for each empty line after
// it. It returns where they end.
func (u *unfold) blanks(i int) (int, bool) {
	src := u.src
	j := i
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j == len(src) || src[j] != '\n' {
		return j, u.copy(i, j)
	}
	breaks := 0
	for ; j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n'); j++ {
		if src[j] == '\n' {
			breaks++
		}
	}
	fold := " "
	if breaks > 1 {
		fold = strings.Repeat("\n", breaks-1)
	}
	return j, u.put(fold, i)
}

// escape reads the escape at src[i], a backslash within double quotes,
// and returns where it ends. An escaped line break is dropped with the
// blanks after it, and keeps the line breaks of empty lines after it.
func (u *unfold) escape(i int) (int, bool) {
	src := u.src
	if i+1 >= len(src) {
		return i, false
	}
	c := src[i+1]
	if c == '\n' {
		j, breaks := i+2, 0
		for ; j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n'); j++ {
			if src[j] == '\n' {
				breaks++
			}
		}
		return j, u.put(strings.Repeat("\n", breaks), i)
	}
	if s, ok := escapes[c]; ok {
		return i + 2, u.put(s, i)
	}
	size := 0
	switch c {
	case 'x':
		size = 2
	case 'u':
		size = 4
	case 'U':
		size = 8
	}
	if size == 0 || i+2+size > len(src) {
		return i, false
	}
	r, err := strconv.ParseUint(string(src[i+2:i+2+size]), 16, 32)
	if err != nil || !utf8.ValidRune(rune(r)) {
		return i, false
	}
	return i + 2 + size, u.put(string(rune(r)), i)
}

// escapes are the characters the escapes of a double-quoted scalar stand
// for, by the character after the backslash, as yaml.v3 reads them.
var escapes = map[byte]string{
	'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v", 'f': "\f", 'r': "\r",
	'e': "\x1b", ' ': " ", '"': `"`, '\'': "'", '\\': `\`, 'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
}

// block reads a literal or folded block scalar, whose indicator (| or >)
// is at src[i]: its lines start on the next one, each without the
// block's indentation. A literal block keeps its line breaks; a folded
// one folds each into a space, but those before or after a line that
// starts with a blank and those followed by empty lines, which keep
// their line breaks. What follows the last line is line breaks, as
// many as its chomping keeps.
func (u *unfold) block(i int, folded bool) bool {
	src := u.src
	nl := bytes.IndexByte(src[i:], '\n')
	if nl < 0 {
		return false
	}
	i += nl + 1
	indent := u.indent(i)
	if indent < 1 {
		return false
	}
	brk := i         // where the line breaks not yet read start
	broken := false  // a line break ended the last line of text
	leading := false // the last line of text started with a blank
	empty := 0       // empty lines since
	for i < len(src) {
		sp := 0
		for i+sp < len(src) && sp < indent && src[i+sp] == ' ' {
			sp++
		}
		end := len(src)
		if nl := bytes.IndexByte(src[i:], '\n'); nl >= 0 {
			end = i + nl
		}
		if i+sp == end { // an empty line
			empty++
			i = end + 1
			continue
		}
		if sp < indent {
			break // the block has ended
		}
		blank := src[i+sp] == ' ' || src[i+sp] == '\t'
		fold := ""
		switch {
		case folded && broken && !leading && !blank:
			if empty == 0 {
				fold = " "
			}
		case broken:
			fold = "\n"
		}
		if !u.put(fold+strings.Repeat("\n", empty), brk) || !u.copy(i+sp, end) {
			return false
		}
		leading, broken, empty, brk = blank, end < len(src), 0, end
		i = end + 1
	}
	rest := u.value[u.got:]
	return strings.Trim(rest, "\n") == "" && u.put(rest, brk)
}

// indent is the indentation of the block whose lines start at src[i]:
// that of its first line that is not empty, less the spaces its text
// starts with, which were more than the block's. -1 when there is none.
func (u *unfold) indent(i int) int {
	src := u.src
	for i < len(src) {
		sp := 0
		for i+sp < len(src) && src[i+sp] == ' ' {
			sp++
		}
		if i+sp < len(src) && src[i+sp] != '\n' {
			text := strings.TrimLeft(u.value, "\n")
			return sp - (len(text) - len(strings.TrimLeft(text, " ")))
		}
		i += sp + 1
	}
	return -1
}

// places turns the spans read into places in the file. ok says whether
// they make up the whole text; when they do not, every problem in it is
// reported where it starts: the first span's place, or start when there
// is none.
func (u *unfold) places(f *fields, start Pos, ok bool) TextPos {
	p := placer{src: u.src, line: f.line0 + 1}
	if !ok || u.got != len(u.value) || len(u.spans) == 0 || u.spans[0].off != 0 {
		if len(u.spans) > 0 && u.spans[0].off == 0 {
			start = p.at(u.spans[0].src)
		}
		return TextPos{Pos: start, Coarse: true}
	}
	at := TextPos{Pos: p.at(u.spans[0].src)}
	if len(u.spans) > 1 {
		at.Spans = make([]Span, len(u.spans)-1)
		for k, s := range u.spans[1:] {
			at.Spans[k] = Span{Off: s.off, At: p.at(s.src)}
		}
	}
	return at
}

// placer turns offsets in the YAML source, asked for in increasing order,
// into places in the file: lines are counted by line feeds, columns in
// characters, as editors count them.
type placer struct {
	src         []byte
	off         int // the last offset asked for
	line, start int // its line in the file, and the offset at which that line starts
}

func (p *placer) at(off int) Pos {
	if off < p.off { // not asked for in order: count from the start
		*p = placer{src: p.src, line: p.line - bytes.Count(p.src[:p.off], []byte{'\n'})}
	}
	seg := p.src[p.off:off]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		p.line += n
		p.start = p.off + bytes.LastIndexByte(seg, '\n') + 1
	}
	p.off = off
	return Pos{p.line, utf8.RuneCount(p.src[p.start:off]) + 1}
}

// Place is where in the file the byte of text at off is, text being the
// text p is the place of: in the part off is in, as many characters on
// as the part has before it; at Pos for a coarse p.
func (p TextPos) Place(text string, off int) Pos {
	if p.Coarse {
		return p.Pos
	}
	at, from := p.Pos, 0
	for _, s := range p.Spans {
		if s.Off > off {
			break
		}
		at, from = s.At, s.Off
	}
	seg := text[from:min(off, len(text))]
	if i := strings.LastIndexByte(seg, '\n'); i >= 0 { // a part that goes on over lines as they are
		return Pos{at.Line + strings.Count(seg, "\n"), utf8.RuneCountInString(seg[i+1:]) + 1}
	}
	return Pos{at.Line, at.Col + utf8.RuneCountInString(seg)}
}
