package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

var _ renderer.NodeRenderer = (*rawRenderer)(nil)

// rawRenderer shows raw HTML in markdown as text instead of passing it
// through, so a page can never carry markup or script that a writer (or a
// contributor's pasted snippet) did not mean to publish.
type rawRenderer struct{}

func (r *rawRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.inline)
	reg.Register(ast.KindHTMLBlock, r.block)
}

func (r *rawRenderer) inline(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	segs := n.(*ast.RawHTML).Segments
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		w.Write(util.EscapeHTML(s.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}

func (r *rawRenderer) block(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	// The block's last line ends with its line feed, which has no place
	// inside the paragraph, nor do the empty lines a comment leaves.
	text := bytes.TrimRight(withoutComments(blockText(n.(*ast.HTMLBlock), src)), "\n")
	w.WriteString("<p>")
	w.Write(util.EscapeHTML(text))
	w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

// commentStart opens an HTML comment.
var commentStart = []byte("<!--")

// blockText is the source of an HTML block.
func blockText(b *ast.HTMLBlock, src []byte) []byte {
	var text []byte
	for i := 0; i < b.Lines().Len(); i++ {
		s := b.Lines().At(i)
		text = append(text, s.Value(src)...)
	}
	if b.HasClosure() {
		text = append(text, b.ClosureLine.Value(src)...)
	}
	return text
}

// withoutComments returns b without its HTML comments: writers keep notes
// to each other in them, which are not for the page, not even its source.
// A comment never closed runs to the end.
func withoutComments(b []byte) []byte {
	var out []byte
	for {
		start := bytes.Index(b, commentStart)
		if start < 0 {
			return append(out, b...)
		}
		out = append(out, b[:start]...)
		end := bytes.Index(b[start+len(commentStart):], []byte("-->"))
		if end < 0 {
			return out
		}
		b = b[start+len(commentStart)+end+len("-->"):]
	}
}

// onlyComments reports whether an HTML block holds nothing but comments
// and spaces: the page then leaves it out whole, raw HTML allowed or not.
func onlyComments(b []byte) bool { return len(bytes.TrimSpace(withoutComments(b))) == 0 }

var _ renderer.NodeRenderer = (*rebasedRenderer)(nil)

// rebasedRenderer writes raw HTML as goldmark does where raw HTML is
// allowed, or, where the walker rebased its URLs, the rebased HTML it
// left in the node (see walker.rebase).
type rebasedRenderer struct{}

// rebasedAttr names the node attribute that holds rebased raw HTML.
var rebasedAttr = []byte("brief-rebased")

func (r *rebasedRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.inline)
	reg.Register(ast.KindHTMLBlock, r.block)
}

func (r *rebasedRenderer) inline(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	if v, ok := n.Attribute(rebasedAttr); ok {
		w.Write(v.([]byte))
		return ast.WalkSkipChildren, nil
	}
	segs := n.(*ast.RawHTML).Segments
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		w.Write(s.Value(src))
	}
	return ast.WalkSkipChildren, nil
}

func (r *rebasedRenderer) block(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	b := n.(*ast.HTMLBlock)
	v, rebased := n.Attribute(rebasedAttr)
	switch {
	case rebased && entering:
		html.DefaultWriter.SecureWrite(w, v.([]byte))
	case entering:
		for i := 0; i < b.Lines().Len(); i++ {
			line := b.Lines().At(i)
			html.DefaultWriter.SecureWrite(w, line.Value(src))
		}
	case !rebased && b.HasClosure():
		html.DefaultWriter.SecureWrite(w, b.ClosureLine.Value(src))
	}
	return ast.WalkContinue, nil
}

// rawText is the source of an inline piece of raw HTML: a tag.
func rawText(n *ast.RawHTML, src []byte) []byte {
	segs := n.Segments
	if segs.Len() == 1 {
		s := segs.At(0)
		return s.Value(src)
	}
	var text []byte
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		text = append(text, s.Value(src)...)
	}
	return text
}

// rebase gives the root-relative URLs of raw HTML the site's base path,
// as a markdown link's: <img src="/img/x.png"> on a site at /news/ is
// /news/img/x.png. A URL that already begins with the base path, written
// for the site before brief did this, is left as it is, and so are
// scheme-relative ones (//host/x). Only the tags that change are written
// anew, by the renderer, from the node's rebasedAttr.
func (w *walker) rebase(n ast.Node, raw []byte) {
	if bytes.IndexByte(raw, '=') < 0 {
		return // no attribute: a closing tag, <br>, <em>
	}
	base := w.rawBase
	out, changed := MapURLs(raw, func(u string) string {
		if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || strings.HasPrefix(u, base) || u == base[:len(base)-1] {
			return u
		}
		return base + u[1:]
	})
	if changed {
		n.SetAttribute(rebasedAttr, out)
	}
}
