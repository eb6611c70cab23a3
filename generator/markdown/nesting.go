package markdown

import (
	"bytes"
	"iter"
)

// MaxNesting bounds how deep in list items and block quotes, one inside
// another, a line of a body may lie, counting those it opens. goldmark's
// time grows faster than the square of the depth: on each line it goes
// through every open list item and quote, measuring the line's indent
// again for each, so a list nested 1,000 deep one item a line (1 MB) takes
// 2 s, 2,000 deep 14 s and 10,000 deep more than ten minutes and
// gigabytes, a quote 2,000 deep 3 s; and a line of 32,000 `- ` (64 KB)
// takes seconds, each marker tried as a thematic break. Written lists and
// quotes nest a few deep; a body that passes this is a paste gone wrong,
// or an attack, and an error.
const MaxNesting = 100

// nesting finds, in one pass over src, the first line that lies more than
// bound list items and block quotes deep, or else the deepest line: its
// number from 0 and its depth. It reads each line's list items and
// quotes as goldmark does (see place), and the rest of the line only as
// far as they depend on it: lines in a fenced code block open none, nor
// does an indented code line; a line that goes on a paragraph keeps the
// containers it does not match; a line of markers alone is a thematic
// break. Where it cannot tell what goldmark reads, it never counts a line
// less deep than goldmark does (see nester). Each line costs a time in
// proportion to its length and to the depth, which stays below bound.
func nesting(src []byte, bound int) (line, depth int) {
	var n nester
	for l, text := range lines(src) {
		if d := n.line(text); d > depth {
			line, depth = l, d
			if d > bound {
				break
			}
		}
	}
	return line, depth
}

// lines yields each line of src, numbered from 0, without its "\n".
func lines(src []byte) iter.Seq2[int, []byte] {
	return func(yield func(int, []byte) bool) {
		for l, start := 0, 0; start < len(src); l++ {
			end := bytes.IndexByte(src[start:], '\n')
			if end < 0 {
				end = len(src)
			} else {
				end += start
			}
			if !yield(l, src[start:end]) {
				return
			}
			start = end + 1
		}
	}
}

// nester follows the list items and block quotes open from line to line.
//
// Where it cannot tell what goldmark makes of a line, it takes the
// reading that cannot count a line less deep than goldmark does. Whether
// a line goes on a paragraph decides two things: a line that does goes on
// the containers it does not match (a lazy continuation line), and a list
// item that does not start with 1, or is empty, cannot start a list there
// and is text. So containers stay open if a paragraph may go on, and such
// an item is text only where a paragraph surely does. A fence opens a
// code block whose lines open nothing only where it surely is one (not
// after a tab, in raw HTML, or as such an item's text); elsewhere its
// lines are read as any others, and the fence that would close it does,
// rather than open another.
type nester struct {
	open  []container
	fresh []container // those the current line opens
	// surePara: the last line was surely a paragraph's; maybePara: it
	// may have been.
	surePara, maybePara bool
	// fence is the fenced code block open, if any, in open[:depth].
	fence struct {
		char  byte // '`' or '~'; 0 when none is open
		size  int
		depth int
		sure  bool
	}
	// html is what ends the raw HTML block a line may have opened: a
	// blank line ("") or a line holding the string (see htmlEnd). It is
	// taken to go on until then, whatever its containers do.
	html   string
	inHTML bool
}

// container is an open list item, with the indent of its content in
// columns from where its parent's starts, or block quote (quote set).
// unsure: a line kept it open that may not have gone on a paragraph in
// it, and for goldmark may have ended it.
type container struct {
	quote, unsure bool
	width         int
}

// plainStart marks the bytes a line of text outside any list or quote
// commonly starts with, which open no container and no other block:
// letters and the like. Digits, white space, and the markers of lists,
// quotes, fences, headings, thematic breaks, HTML and setext underlines
// are not among them.
var plainStart = func() (t [256]bool) {
	for b := range 256 {
		t[b] = b > ' ' && !(b >= '0' && b <= '9') && !bytes.ContainsRune([]byte("->*+`~#_=<"), rune(b))
	}
	return t
}()

// line takes the next line of the body, without its \n, and returns how
// deep it lies.
func (n *nester) line(text []byte) int {
	if len(n.open) == 0 && n.fence.char == 0 && !n.inHTML {
		// The commonest lines: text, blank lines and headings,
		// outside any container.
		switch {
		case len(text) == 0 || plainStart[text[0]]:
			n.surePara = len(text) > 0
			n.maybePara = n.surePara
			return 0
		case text[0] == '#' && heading(text):
			n.surePara, n.maybePara = false, false
			return 0
		}
	}
	c := place{line: text}
	matched := n.match(&c)
	if n.fence.char != 0 {
		switch {
		case matched < n.fence.depth:
			// Its container ended: so does the block, and the line
			// goes on no paragraph.
			n.fence.char = 0
			n.open, n.surePara, n.maybePara = n.open[:matched], false, false
		case n.fence.sure:
			if c.closes(n.fence.char, n.fence.size) {
				n.fence.char = 0
			}
			return len(n.open)
		default:
			d := place{line: text}
			if n.matchUpTo(&d, n.fence.depth) == n.fence.depth && d.closes(n.fence.char, n.fence.size) {
				n.fence.char = 0
				n.open, n.surePara, n.maybePara = n.open[:n.fence.depth], false, false
				return len(n.open)
			}
		}
	}
	if c.blank() {
		n.open, n.surePara, n.maybePara = n.open[:matched], false, false
		if n.html == "" && len(bytes.TrimSpace(text)) == 0 {
			n.inHTML = false // a blank line, not one blank inside quotes
		}
		return len(n.open)
	}
	var weak int
	n.fresh, weak = c.opens(n.fresh[:0])
	// A list item that cannot interrupt a paragraph is text only where
	// the paragraph's every container goes on, for goldmark; elsewhere
	// they end, and it opens.
	if matched < len(n.open) {
		weak = 0
	}
	if weak != 0 && n.surePara {
		// Text of the paragraph, or what makes it a heading.
		n.surePara = weak == numbered
		return len(n.open)
	}
	var first byte // the line's, after its containers' markers and its indent
	lead, j := c.lead()
	if j < len(text) {
		first = text[j]
	}
	var char byte
	var size int
	if (first == '`' || first == '~') && n.fence.char == 0 {
		char, size = c.fence()
	}
	// A heading or a thematic break goes on no paragraph.
	lazy := n.maybePara && len(n.fresh) == 0 && char == 0 &&
		!(lead < 4 && (heading(text[j:]) || c.breaks(j)))
	if char == 0 && (n.inHTML || first == '<') {
		n.rawHTML(c)
	}
	if lazy {
		if !n.surePara {
			for k := matched; k < len(n.open); k++ {
				n.open[k].unsure = true
			}
		}
		n.open = append(n.open, n.fresh...)
	} else {
		n.open = append(n.open[:matched], n.fresh...)
	}
	if char != 0 {
		n.fence.char, n.fence.size, n.fence.depth = char, size, len(n.open)
		// Not where the item may be text, raw HTML may go on, a tab
		// may open other containers, or one may have ended.
		n.fence.sure = !(weak != 0 && n.maybePara) && !n.inHTML && !c.unsure
		for _, ct := range n.open {
			n.fence.sure = n.fence.sure && !ct.unsure
		}
		n.surePara, n.maybePara = false, false
		return len(n.open)
	}
	wasSure := n.surePara
	n.surePara, n.maybePara = c.paragraph(len(n.fresh) > 0, n.surePara, n.maybePara)
	if lazy && matched < len(n.open) {
		// A paragraph in the containers kept only if the one before
		// surely was.
		n.surePara = n.surePara && wasSure
	}
	if n.inHTML || c.unsure {
		// Raw HTML, or a tab after which other blocks may read
		// otherwise: a paragraph may go on, or not.
		n.surePara, n.maybePara = false, true
	}
	return len(n.open)
}

// rawHTML follows the raw HTML blocks the line, from c on, may open or
// end (CommonMark's seven kinds, by how they start and end).
func (n *nester) rawHTML(c place) {
	rest := c.line[c.i:]
	if !n.inHTML {
		lead, j := c.lead()
		if lead > 3 || j == len(c.line) || c.line[j] != '<' {
			return
		}
		n.inHTML, n.html = true, htmlEnd(c.line[j:])
		rest = c.line[j+1:]
	}
	if n.html != "" && bytes.Contains(bytes.ToLower(rest), []byte(n.html)) {
		n.inHTML = false
	}
}

// htmlEnd returns what ends a raw HTML block that starts with tag: a
// line holding the string it returns, or, for "", a blank line.
func htmlEnd(tag []byte) string {
	lower := bytes.ToLower(tag[:min(len(tag), 10)])
	for _, name := range []string{"pre", "script", "style", "textarea"} {
		if rest, ok := bytes.CutPrefix(lower, []byte("<"+name)); ok && (len(rest) == 0 || rest[0] == '>' || isBlank(rest[0])) {
			return "</" // of one of the four, at worst another
		}
	}
	switch {
	case bytes.HasPrefix(lower, []byte("<!--")):
		return "-->"
	case bytes.HasPrefix(lower, []byte("<?")):
		return "?>"
	case bytes.HasPrefix(lower, []byte("<![cdata[")):
		return "]]>"
	case bytes.HasPrefix(lower, []byte("<!")):
		return ">"
	}
	return ""
}

// paragraph reports whether the line, from c on, is surely a paragraph's
// text, and whether it may be. opened: the line opened a container, in
// which c starts; sure and maybe: what they were for the line before.
func (c place) paragraph(opened, sure, maybe bool) (bool, bool) {
	least, j := c.lead() // the indent, a tab one column
	if j < len(c.line) && plainStart[c.line[j]] && c.pad+least < 4 && bytes.IndexByte(c.line[c.i:j], '\t') < 0 {
		return true, true // text: the commonest line
	}
	if c.blank() {
		return false, false
	}
	most, _ := c.indent(4) // and as goldmark measures it
	switch {
	case least >= 4 && opened:
		return false, false // indented code in the item
	case least >= 4 && !maybe:
		return false, false // indented code
	case least >= 4:
		return sure, true // the paragraph's next line, or code
	case most >= 4:
		return false, true
	}
	rest := c.line[j:]
	switch {
	case c.breaks(j) || heading(rest):
		return false, false
	case rest[0] == '<' || len(bytes.Trim(rest, "=- \t\r")) == 0:
		return false, true // raw HTML, or a setext heading's underline
	}
	return true, true
}

// heading reports whether b starts an ATX heading: one to six # and then
// white space or the end.
func heading(b []byte) bool {
	k := 0
	for k < len(b) && b[k] == '#' {
		k++
	}
	return k >= 1 && k <= 6 && (k == len(b) || isBlank(b[k]))
}

// fence returns the character and length of the fence that opens a code
// block at c, if one does: up to three columns of indent, three or more `
// or ~, and for ` no ` after them.
func (c place) fence() (char byte, size int) {
	cols, j := c.indent(4)
	if cols > 3 {
		return 0, 0
	}
	rest := c.line[j:]
	for size < len(rest) && (rest[size] == '`' || rest[size] == '~') && rest[size] == rest[0] {
		size++
	}
	if size < 3 || rest[0] == '`' && bytes.IndexByte(rest[size:], '`') >= 0 {
		return 0, 0
	}
	return rest[0], size
}

// closes reports whether the line closes, at c, a code block opened with
// size of char: up to three columns of indent (a tab taken as one, so as
// to close rather than not), size or more of char, and white space alone
// after them.
func (c place) closes(char byte, size int) bool {
	lead, j := c.lead()
	if lead > 3 {
		return false
	}
	k := 0
	for j+k < len(c.line) && c.line[j+k] == char {
		k++
	}
	c.i = j + k
	return k >= size && c.blank()
}

// MaxBrackets bounds how many link brackets `[` a paragraph may hold open
// at once, one inside another. goldmark's time grows with the square of
// them: at each `]` it looks through every link opened before for one
// inside the text, so 100,000 of them (200 KB) took 1.2 s, 800,000 22 s
// and, under brief serve, a writer saw nothing for that long. Writing
// nests a few; more than this is a paste gone wrong, or an attack.
const MaxBrackets = 1000

// brackets finds the first paragraph (text between blank lines) of src
// that holds more than bound brackets `[` open at once, and returns the
// line, from 0, where it passes bound, and how deep it went there; or a
// depth of bound or less. A `[` escaped with a backslash is none. A body
// with no more than bound brackets in all is not read line by line.
func brackets(src []byte, bound int) (line, depth int) {
	if bytes.Count(src, []byte("[")) <= bound {
		return 0, 0
	}
	for l, text := range lines(src) {
		if len(bytes.TrimSpace(text)) == 0 {
			depth = 0 // a blank line ends the paragraph, and its links
			continue
		}
		for i := 0; i < len(text); i++ {
			switch text[i] {
			case '\\':
				i++
			case '[':
				if depth++; depth > bound {
					return l, depth
				}
			case ']':
				depth = max(0, depth-1)
			}
		}
	}
	return 0, 0
}
