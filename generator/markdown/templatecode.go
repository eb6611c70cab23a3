package markdown

import (
	"bytes"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// Sites moved in from Hugo or Jekyll keep their template code in bodies:
// a shortcode ({{< figure src="x.png" >}}, {{% note %}}), Liquid
// ({% include x.html %}, {{ site.baseurl }}). brief runs no such code,
// so the page shows it as text: each is warned of at its place, outside
// code, where a writer documents it on purpose.

// templateCode reports whether src may hold template code: a body
// without "{{" or "{%" is not walked for it.
func templateCode(src []byte) bool {
	return bytes.Contains(src, []byte("{{")) || bytes.Contains(src, []byte("{%"))
}

// templateText warns of the template code that text node n of a body
// starts, or holds.
func (w *walker) templateText(n *ast.Text) {
	if _, code := n.Parent().(*ast.CodeSpan); code {
		return
	}
	seg := n.Segment
	for i := seg.Start; i < seg.Stop; i++ {
		if w.src[i] != '{' || i+2 >= len(w.src) {
			continue
		}
		if next := w.src[i+1]; next != '%' && (next != '{' || !templateStart(w.src[i+2])) {
			continue
		}
		code := templateSnippet(w.src[i:])
		line, col := w.lineCol(i)
		w.problem(line, col, true, "`%s` is template code of Hugo or Jekyll (a shortcode, Liquid), which brief does not run: the page shows it as text; write it in markdown, an image as `![what it shows](file.png)`, a link as `[text](page.md)`", code)
		i += len(code) - 1
	}
}

// templateStart reports whether c, after "{{", opens template code: a
// shortcode's < or %, or the blank or dot of {{ site.baseurl }} and
// {{.Title}}. {{name}} may be text (a heading about templates), and is
// left alone.
func templateStart(c byte) bool {
	return c == '<' || c == '%' || c == ' ' || c == '.'
}

// templateSnippet is the template code at the start of b, to its closing
// }} or %}, on its line, and at most 60 bytes.
func templateSnippet(b []byte) string {
	if end := bytes.IndexByte(b, '\n'); end >= 0 {
		b = b[:end]
	}
	for _, closing := range []string{"}}", "%}"} {
		if end := bytes.Index(b[2:], []byte(closing)); end >= 0 {
			b = b[:end+2+len(closing)]
			break
		}
	}
	if len(b) > 60 {
		b = b[:57]
		for !utf8.Valid(b) { // not in the middle of a character
			b = b[:len(b)-1]
		}
		return string(b) + "…"
	}
	return string(b)
}
