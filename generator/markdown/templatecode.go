package markdown

import (
	"bytes"
	"slices"

	"brief/generator/internal/tmplcode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
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

// notText records the source that node n spans as code or raw HTML,
// where template code is not looked for: a writer documents shortcodes
// in code, and raw HTML is the site's own business.
func (w *walker) notText(n ast.Node) {
	start, stop := -1, -1
	add := func(seg text.Segment) {
		if start < 0 || seg.Start < start {
			start = seg.Start
		}
		stop = max(stop, seg.Stop)
	}
	if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
		add(f.Info.Segment)
	}
	if n.Type() == ast.TypeBlock {
		for i := range n.Lines().Len() {
			add(n.Lines().At(i))
		}
	} else if r, ok := n.(*ast.RawHTML); ok {
		for i := range r.Segments.Len() {
			add(r.Segments.At(i))
		}
	} else {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				add(t.Segment)
			}
		}
	}
	if start >= 0 {
		w.code = append(w.code, [2]int{start, stop})
	}
}

// notTextDest records the destination dest of link or image n, whose
// template code is an error of its own (see rewrite).
func (w *walker) notTextDest(n ast.Node, dest []byte) {
	if templateCode(dest) {
		at := w.offset(n, dest)
		w.code = append(w.code, [2]int{at, at + len(dest)})
	}
}

// templateCode warns of each opening of template code in the body but
// in its code and raw HTML (see notText). It reads the source, not the
// text nodes, which Linkify splits otherwise than the parse without it:
// the two must tell the same problems.
//
// The ranges are sorted by start and passed once, as i grows: reach is the
// farthest end of those that start at i or before, so i lies in one when
// it is short of reach. A body of many code spans, each with template
// code a writer documents, costs no more per opening.
func (w *walker) templateCode() {
	src := w.src
	slices.SortFunc(w.code, func(a, b [2]int) int { return a[0] - b[0] })
	next, reach := 0, 0
	for i := 0; i+2 < len(src); i++ {
		if !tmplcode.Opens(src, i) {
			continue
		}
		for ; next < len(w.code) && w.code[next][0] <= i; next++ {
			reach = max(reach, w.code[next][1])
		}
		if i < reach {
			continue
		}
		line, col := w.lineCol(i)
		w.problem(line, col, true, "`%s` is template code of Hugo or Jekyll (a shortcode, Liquid), which brief does not run: the page shows it as text; write it in markdown, an image as `![what it shows](file.png)`, a link as `[text](page.md)`", tmplcode.Snippet(src[i:]))
	}
}
