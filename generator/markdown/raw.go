package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
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
