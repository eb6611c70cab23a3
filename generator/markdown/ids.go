package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"brief/generator/content"
)

// fallbackID is the id of a heading with no letter or digit (`## 🚀`).
// It also goes before an id that would begin with a reserved prefix.
const fallbackID = "heading"

// headingIDs gives the headings of one body their ids, in document
// order: the slug of the heading's text (content.Slug, the rule of every
// URL brief makes), or fallbackID for a heading without letters or
// digits, with fallbackID and a hyphen before it if it begins with the
// reserved prefix, then the first of id, id-1, id-2, … that is free:
// taken by no earlier heading and not reserved. A heading's writer may
// give its id ({#id}), which the same rules then apply to, starting from
// that id rather than the slug. A body with a prefix (a note's) puts it
// before every id instead of minding the reserved ones: it keeps them
// apart from the page's and from other bodies'.
type headingIDs struct {
	prefix   string
	reserved *reserved
	taken    map[string]bool
	next     map[string]int // last suffix given for an id, so n equal headings take linear time
	text     []byte         // scratch for a heading's text
}

// reserved is what a Converter knows of the ids that the pages showing
// its bodies use themselves (see Options).
type reserved struct {
	ids    map[string]bool
	prefix string
}

func newReserved(opts Options) *reserved {
	r := &reserved{ids: make(map[string]bool, len(opts.ReservedIDs)), prefix: opts.ReservedPrefix}
	for _, id := range opts.ReservedIDs {
		r.ids[id] = true
	}
	return r
}

// heading returns the id of heading n, whose text is in src, or whose
// writer gave it custom ({#custom}, see headingAttributes), nil when
// none. A writer's id takes the same rules as a slug; when they change it
// (an earlier heading has it, the theme gives it an element of its own,
// it begins with the reserved prefix, or it is a footnote's), heading
// also returns why, for a warning: a link to it would reach another
// element, or none.
func (h *headingIDs) heading(n *ast.Heading, src, custom []byte) (id, why string) {
	if h.taken == nil {
		h.taken, h.next = map[string]bool{}, map[string]int{}
	}
	base := string(custom)
	if custom == nil {
		h.text = headingText(h.text[:0], n, src)
		base = content.Slug(string(h.text))
		if base == "" {
			base = fallbackID
		}
	} else {
		why = h.notFree(base)
	}
	if h.prefix == "" && h.reserved.prefix != "" && strings.HasPrefix(base, h.reserved.prefix) {
		base = fallbackID + "-" + base
	}
	id = base
	for i := h.next[base]; h.isTaken(id) || custom != nil && footnoteID(id); {
		i++
		id = base + "-" + strconv.Itoa(i)
		h.next[base] = i
	}
	h.taken[id] = true
	return h.prefix + id, why
}

// notFree says why a writer's id is not one a heading can take as it is,
// or returns "" when it is.
func (h *headingIDs) notFree(id string) string {
	switch {
	case h.taken[id]:
		return "an earlier heading has that id"
	case h.prefix == "" && h.reserved.ids[id]:
		return "the theme gives that id to an element of its own"
	case h.prefix == "" && h.reserved.prefix != "" && strings.HasPrefix(id, h.reserved.prefix):
		return "ids beginning `" + h.reserved.prefix + "` are the analyst notes'"
	case footnoteID(id):
		return "that is how footnotes' ids are written"
	}
	return ""
}

// footnoteID reports whether id has the form of the ids goldmark gives
// footnotes and their markers: fn:1, fnref:1, fnref2:1.
func footnoteID(id string) bool {
	rest, ok := strings.CutPrefix(id, "fn")
	if !ok {
		return false
	}
	if r, ok := strings.CutPrefix(rest, "ref"); ok {
		rest = strings.TrimLeft(r, "0123456789")
	}
	n, ok := strings.CutPrefix(rest, ":")
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}

func (h *headingIDs) isTaken(id string) bool {
	return h.taken[id] || h.prefix == "" && h.reserved.ids[id]
}

// headingText appends the text a reader sees in heading n to b (or,
// for an image, what its alt says): its text, code and link text with
// escapes and character references resolved, without raw HTML (which is
// markup, or shown as text only when a site does not allow it), images or
// footnote markers.
func headingText(b []byte, n ast.Node, src []byte) []byte {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b = append(b, resolve(c.Segment.Value(src))...)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, resolve(c.Value)...)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b = append(b, t.Segment.Value(src)...)
				}
			}
		case *ast.AutoLink:
			b = append(b, c.Label(src)...)
		case *ast.RawHTML, *ast.Image, *east.FootnoteLink:
		default:
			b = headingText(b, c, src)
		}
	}
	return b
}

// resolve resolves the backslash escapes and character references of
// markdown text, as goldmark does when it writes it.
func resolve(s []byte) []byte {
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(s)))
}

// footnoteIDPrefix is the name of the attribute on a parsed document that
// holds its id prefix, for the footnotes' renderer (see idPrefix).
var footnoteIDPrefix = []byte("brief-id-prefix")

// idPrefix returns the id prefix of the document that holds footnote
// node n: goldmark's footnote extension asks for it with each id it
// writes, and is configured once for every body.
func idPrefix(n ast.Node) []byte {
	for n.Parent() != nil {
		n = n.Parent()
	}
	if v, ok := n.AttributeString(string(footnoteIDPrefix)); ok {
		if b, ok := v.([]byte); ok {
			return b
		}
	}
	return nil
}
