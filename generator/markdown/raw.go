package markdown

import (
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
	b := n.(*ast.HTMLBlock)
	w.WriteString("<p>")
	for i := 0; i < b.Lines().Len(); i++ {
		s := b.Lines().At(i)
		w.Write(util.EscapeHTML(s.Value(src)))
	}
	if b.HasClosure() {
		w.Write(util.EscapeHTML(b.ClosureLine.Value(src)))
	}
	w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}
