package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

var _ renderer.NodeRenderer = (*accessRenderer)(nil)

// accessRenderer writes the two GFM elements whose goldmark HTML a reader
// with a keyboard or a screen reader cannot use: a table, which the theme
// scrolls sideways when it is wide, is focusable (tabindex="0"), so that
// the keyboard can scroll it; a task list's checkbox has a name ("done"
// or "to do"), which goldmark's lacks. The rest of each is goldmark's.
type accessRenderer struct{}

func (r *accessRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTable, r.table)
	reg.Register(east.KindTaskCheckBox, r.checkBox)
}

func (r *accessRenderer) table(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</table>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString(`<table tabindex="0"`)
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, extension.TableAttributeFilter)
	}
	w.WriteString(">\n")
	return ast.WalkContinue, nil
}

func (r *accessRenderer) checkBox(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if n.(*east.TaskCheckBox).IsChecked {
		w.WriteString(`<input checked="" disabled="" type="checkbox" aria-label="done"> `)
	} else {
		w.WriteString(`<input disabled="" type="checkbox" aria-label="to do"> `)
	}
	return ast.WalkContinue, nil
}
