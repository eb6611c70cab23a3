package markdown

import "bytes"

// This file reads the block quotes and list items of a line as goldmark
// (v1.8) does, for nesting: its arithmetic of indents, tabs and padding
// decides which containers a line goes on, and a reading that differed
// could count a line less deep than goldmark parses it.

// match moves c past the markers and indents of the open containers the
// line goes on, as goldmark's parsers of quotes and list items do, and
// returns how many it goes on.
func (n *nester) match(c *place) int { return n.matchUpTo(c, len(n.open)) }

// matchUpTo is match of the first most containers.
func (n *nester) matchUpTo(c *place, most int) int {
	for k, ct := range n.open[:most] {
		if ct.quote {
			if !c.quote() {
				return k
			}
			continue
		}
		if c.blank() {
			c.i, c.pad = len(c.line), 0 // a blank line goes on a list item
			continue
		}
		indent, _ := c.indent(max(ct.width, 4))
		switch {
		case indent < ct.width && indent < 4:
			return k
		case indent < ct.width:
			// goldmark goes on with an item whose content lies more
			// than four columns in, from a line indented four or more
			// but less than that, and moves back a byte: what it
			// makes of the rest is not followed here.
			c.unsure = true
		default:
			c.take(ct.width, c.offset())
		}
	}
	return most
}

// place is a place in a line as goldmark's reader keeps it: the next
// byte, its column, and the columns of a tab before it not taken yet
// (padding), which are spaces ahead. goldmark measures tabs to stops four
// columns apart from the line's start, except in a list item's marker
// and the white space after it, where it measures from the start of the
// list item's line as its parent sees it.
type place struct {
	line []byte
	i    int
	col  int // the column of byte i
	pad  int
	// unsure: the line's containers took a tab, after which the other
	// blocks' rules, which take a tab otherwise, may differ, or were
	// taken as goldmark does not quite.
	unsure bool
	// breakAt..breakEnd are where a thematic break may start, from 1
	// (see breaks); breakAt is 0 until they are known.
	breakAt, breakEnd int
}

// offset is the column c stands at: goldmark's LineOffset.
func (c place) offset() int { return c.col - c.pad }

// indent measures the white space at c, the padding first, with tabs to
// stops from c's column: goldmark's IndentWidth. It stops once it has
// most columns, and returns them and the byte after the white space.
func (c place) indent(most int) (cols, j int) { return c.indentFrom(most, c.offset()) }

// indentFrom is indent with tabs to stops from the column from.
func (c place) indentFrom(most, from int) (cols, j int) {
	cols = c.pad
	for j = c.i; j < len(c.line) && cols < most; j++ {
		switch c.line[j] {
		case ' ':
			cols++
		case '\t':
			cols += 4 - (from+cols)%4
		default:
			return cols, j
		}
	}
	for j < len(c.line) && (c.line[j] == ' ' || c.line[j] == '\t') {
		j++
	}
	return cols, j
}

// lead counts the bytes of white space at c, a tab one, stopping after
// four, and returns them and the byte after them.
func (c place) lead() (n, j int) {
	for j = c.i; j < len(c.line) && (c.line[j] == ' ' || c.line[j] == '\t') && n < 4; j++ {
		n++
	}
	return n, j
}

// advance moves c on by n places: the padding's, then bytes.
func (c *place) advance(n int) {
	for ; n > 0 && c.pad > 0; n-- {
		c.pad--
	}
	for ; n > 0 && c.i < len(c.line); n-- {
		if c.line[c.i] == '\t' {
			c.col += 4 - c.col%4
			c.unsure = true
		} else {
			c.col++
		}
		c.i++
	}
}

// take moves c past width columns of the white space at it, tabs
// measured to stops from the column from, leaving the columns of a tab it
// takes in part as padding: goldmark's IndentPosition and
// AdvanceAndSetPadding. It takes nothing if there are fewer.
func (c *place) take(width, from int) {
	w, n := 0, 0 // columns, and places of the padded line
	pad, j := c.pad, c.i
	for w < width {
		switch {
		case pad > 0:
			pad--
			w++
		case j < len(c.line) && c.line[j] == ' ':
			j++
			w++
		case j < len(c.line) && c.line[j] == '\t':
			j++
			w += 4 - (from+w)%4
		default:
			return
		}
		n++
	}
	c.advance(n)
	c.pad = max(c.pad, w-width)
}

// blank reports whether the line is white space from c on.
func (c place) blank() bool {
	for _, b := range c.line[c.i:] {
		if !isBlank(b) {
			return false
		}
	}
	return true
}

// quote moves c past a block quote's marker, if the line has one there,
// as goldmark's parser of quotes does: up to three columns of indent,
// `>`, and a column of the space or tab after it.
func (c *place) quote() bool {
	cols, j := c.indent(4)
	if cols > 3 || j == len(c.line) || c.line[j] != '>' {
		return false
	}
	c.advance(c.pad + j - c.i + 1)
	if c.i < len(c.line) && (c.line[c.i] == ' ' || c.line[c.i] == '\t') {
		pad := 0
		if c.line[c.i] == '\t' {
			pad = 4 - c.offset()%4 - 1
		}
		c.advance(1)
		c.pad = max(c.pad, pad)
	}
	return true
}

// marks are the bytes a block quote's or a list item's marker starts
// with.
var marks = func() (t [256]bool) {
	for _, b := range []byte(">-*+0123456789") {
		t[b] = true
	}
	return t
}()

// An item that cannot interrupt a paragraph, which is text if its line
// goes on one (see place.opens).
const (
	numbered = 1 + iota // numbered from another number than 1
	empty               // empty: or, under a paragraph, a setext underline
)

// opens moves c past the markers of the list items and block quotes that
// the line opens, and appends them to open. weak says whether the first
// is a list item that cannot interrupt a paragraph, and why.
func (c *place) opens(open []container) (_ []container, weak int) {
	for first := true; ; first = false {
		if _, j := c.lead(); j == len(c.line) || !marks[c.line[j]] {
			return open, weak // the commonest case: text
		}
		if c.quote() {
			open = append(open, container{quote: true})
			continue
		}
		width, kind, ok := c.item()
		if !ok {
			return open, weak
		}
		if first {
			weak = kind
		}
		open = append(open, container{width: width})
	}
}

// item moves c past a list item's marker and the white space after it,
// if the line has one there, as goldmark's parsers of lists and items
// do: up to three spaces (a tab makes it no item), the marker, and white
// space; its content starts one column after the marker if it is blank or
// more than four columns on. It returns the item's width, from c's
// column, and kind, 0 or why it cannot interrupt a paragraph.
func (c *place) item() (width, kind int, ok bool) {
	k := c.pad // the padded line's places, from c's column
	j := c.i
	for ; j < len(c.line) && c.line[j] == ' '; j++ {
		k++
	}
	if k > 3 || c.breaks(j) {
		return 0, 0, false
	}
	w := listMarker(c.line[j:])
	if w == 0 {
		return 0, 0, false
	}
	if w > 1 && !bytes.Equal(bytes.TrimLeft(c.line[j:j+w-1], "0"), []byte("1")) {
		kind = numbered
	}
	from := k + w // where the white space after the marker starts
	d := *c
	d.advance(from)
	if d.blank() {
		if kind == 0 {
			kind = empty
		}
		*c = d
		c.i, c.pad = len(c.line), 0
		return from + 1, kind, true
	}
	space, _ := d.indentFrom(5, from)
	if space > 4 {
		space = 1 // the content is indented code, a column on
	}
	d.take(space, from)
	*c = d
	return from + space, kind, true
}

// listMarker returns the width of the list item marker b starts with (-,
// *, +, or up to nine digits and . or ), then white space or the end of
// the line), or 0.
func listMarker(b []byte) int {
	k := 0
	for k < len(b) && k < 9 && '0' <= b[k] && b[k] <= '9' {
		k++
	}
	switch {
	case k == 0 && len(b) > 0 && (b[0] == '-' || b[0] == '*' || b[0] == '+'):
		k = 1
	case k > 0 && k < len(b) && (b[k] == '.' || b[k] == ')'):
		k++
	default:
		return 0
	}
	if k < len(b) && !isBlank(b[k]) {
		return 0
	}
	return k
}

// breaks reports whether the line is a thematic break from byte j on:
// three or more of one of - * _, with white space alone between and
// after. Where one may start is found once a line, from its end back, so
// that a line of many markers takes a time in proportion to its length.
func (c *place) breaks(j int) bool {
	if c.breakAt == 0 {
		c.breakAt, c.breakEnd = thematicSpan(c.line)
	}
	return c.breakAt <= j+1 && j+1 <= c.breakEnd
}

// thematicSpan returns, from 1, the first and last bytes of line from
// which the rest is a thematic break (see breaks), or 1 and 0 if there is
// none: the last is the third last marker.
func thematicSpan(line []byte) (first, last int) {
	var char byte
	seen := 0
	first = len(line) + 1
	for j := len(line) - 1; j >= 0; j-- {
		b := line[j]
		if isBlank(b) {
			continue
		}
		if char == 0 && (b == '-' || b == '*' || b == '_') {
			char = b
		}
		if b != char {
			break
		}
		if seen++; seen == 3 {
			last = j + 1
		}
		first = j + 1
	}
	if seen < 3 {
		return 1, 0
	}
	return first, last
}
