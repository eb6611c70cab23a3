package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Writers coming from Hugo, Zola and Jekyll (kramdown) give a heading its
// id with an attribute list at the end of its line, `## Context {#why}`,
// or of a setext heading's text. goldmark's parser reads such a list off
// the heading's text (parser.WithHeadingAttribute) and onto the heading;
// the walker then keeps the id, as the writer's (see headingIDs), and
// warns of the rest, which would let markdown write what a site without
// unsafe_html keeps out of its pages: `{onclick=…}`, `{style=…}`, and
// the theme's own classes.

// headingAttributes takes the attributes the parser read for heading n
// off it, and returns the id its writer gave it, or nil, and the
// attributes the page keeps besides: those HTML gives every element
// (class, title, lang, data-…) with text for a value, when raw HTML
// passes through, none otherwise. It warns of each it leaves out, at the
// list.
func (w *walker) headingAttributes(n *ast.Heading) (custom []byte, kept []ast.Attribute) {
	attrs := n.Attributes()
	if attrs == nil {
		if at := attributeList(n, w.src); at >= 0 {
			line, col := w.lineCol(at)
			w.problem(line, col, true, "`{}` at the end of a heading is read as an empty list of attributes, as Hugo reads it, and left out of its text; write `\\{}` to show the braces")
		}
		return nil, nil
	}
	n.RemoveAttributes()
	var dropped []string
	badID := false
	for _, a := range attrs {
		switch name := string(a.Name); {
		case name == "id":
			id, _ := a.Value.([]byte)
			if badID = !validID(id); !badID {
				custom = id
			}
		case w.attrs && (html.HeadingAttributeFilter.Contains(a.Name) || strings.HasPrefix(name, "data-")) && isText(a.Value):
			kept = append(kept, a)
		default:
			dropped = append(dropped, name)
		}
	}
	if !badID && dropped == nil {
		return custom, kept
	}
	at := max(attributeList(n, w.src), 0)
	line, col := w.lineCol(at)
	list := listText(w.src, at)
	if badID {
		w.problem(line, col, true, "the id in `%s` is ignored: an id is letters, digits, `-`, `_`, `:` and `.`, without spaces, as in `{#context}`; this heading takes the id of its text", list)
	}
	if dropped != nil {
		why := "a heading takes only its id from an attribute list (`{#context}`) unless `unsafe_html: true`"
		if w.attrs {
			why = "a heading carries only the attributes HTML gives every element (id, class, lang, title, data-…), each with a text for its value"
		}
		w.problem(line, col, true, "%s in `%s` left out of the page: %s", strings.Join(dropped, ", "), list, why)
	}
	return custom, kept
}

// isText reports whether an attribute's value is text: goldmark writes a
// number ({data-n=1}), a list or a nested list as an empty value.
func isText(v any) bool {
	_, ok := v.([]byte)
	return ok
}

// validID reports whether id is one a writer may give a heading: what
// goldmark reads after {# (letters, digits, -, _, : and ., or any
// character beyond ASCII), not empty, in UTF-8. {id="…"} may hold
// anything else, which an id must not, or brief could not find it in the
// page again.
func validID(id []byte) bool {
	for _, c := range id {
		if c < utf8.RuneSelf && (util.IsSpace(c) || util.IsPunct(c) && c != '-' && c != '_' && c != ':' && c != '.' || c < ' ' || c == 0x7f) {
			return false
		}
	}
	return len(id) > 0 && utf8.Valid(id)
}

// attributeList returns the offset in src of the { that opens heading n's
// attribute list, or -1 when it has none. The parser has taken the list
// off the heading's last line of text, so it is after it on its line:
// past the closing #s of an ATX heading, if any, and blanks.
func attributeList(n *ast.Heading, src []byte) int {
	start := n.Pos()
	if lines := n.Lines(); lines.Len() > 0 {
		start = lines.At(lines.Len() - 1).Stop
	}
	if start < 0 || start > len(src) || start > 0 && src[start-1] == '\n' {
		return -1
	}
	rest := src[start:]
	if end := bytes.IndexByte(rest, '\n'); end >= 0 {
		rest = rest[:end]
	}
	if i := bytes.IndexByte(rest, '{'); i >= 0 {
		return start + i
	}
	return -1
}

// listText returns the attribute list at src[at:], as written, for a
// warning.
func listText(src []byte, at int) string {
	rest := src[at:]
	if end := bytes.IndexByte(rest, '\n'); end >= 0 {
		rest = rest[:end]
	}
	return string(bytes.TrimSpace(rest))
}
