package markdown

import (
	"bytes"
	"net/url"
	"strings"

	"brief/generator/content"

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
func withoutComments(b []byte) []byte { return content.WithoutComments(b, nil) }

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

// rawURLs checks and rebases the URLs of raw HTML that passes through,
// whose text raw starts at offset start of the source.
//
// A root-relative URL gets the site's base path, as a markdown link's
// does: <img src="/img/x.png"> on a site at /news/ is /news/img/x.png. A
// URL that already begins with the base path, written for the site before
// brief did this, is left as it is, and so are scheme-relative ones
// (//host/x). Only the tags that change are written anew, by the
// renderer, from the node's rebasedAttr.
//
// The build checks a root-relative URL, and an absolute one to the site,
// as it does a markdown link: its page or file must exist, and its anchor
// on that page. A relative URL stays as written and the browser reads it
// from the page's address, which a note shares with its analyst's page,
// so only one to a markdown file, which is never published, is an error.
func (w *walker) rawURLs(n ast.Node, raw []byte, start int) {
	if bytes.IndexByte(raw, '=') < 0 {
		return // no attribute: a closing tag, <br>, <em>
	}
	base := w.rawBase
	out, changed := MapURLs(raw, func(s string) string {
		rebased := s
		if base != "" && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") && !strings.HasPrefix(s, base) && s != base[:len(base)-1] {
			rebased = base + s[1:]
		}
		w.rawLink(s, rebased, start)
		return rebased
	})
	if changed {
		n.SetAttribute(rebasedAttr, out)
	}
}

// rawLink checks s, a URL of raw HTML whose text starts at offset start,
// which the page has as rebased.
func (w *walker) rawLink(s, rebased string, start int) {
	u, err := url.Parse(rebased)
	if err != nil || strings.HasPrefix(s, "//") || s == "" || s[0] == '#' || s[0] == '?' {
		return
	}
	line, col := w.lineCol(start)
	if i := bytes.Index(w.src[start:min(len(w.src), start+len(s)+4096)], []byte(s)); i >= 0 {
		line, col = w.lineCol(start + i)
	}
	switch {
	case u.Scheme != "" || u.Host != "":
		if target, ok := w.ownURL(u); ok {
			w.links = append(w.links, Link{Path: target, Fragment: u.Fragment, Line: line, Col: col, Absolute: true})
		}
	case strings.HasPrefix(u.Path, "/"):
		if u.Path == strings.TrimSuffix(w.page.BasePath, "/") {
			u.Path = w.page.BasePath
		}
		w.links = append(w.links, Link{Path: u.Path, Fragment: u.Fragment, Line: line, Col: col})
	case strings.HasSuffix(u.Path, ".md"):
		w.problem(line, col, false, "link to %s in raw HTML: raw HTML is published as written, and a markdown file is not published, so the browser would find nothing there; write a markdown link, [text](%s), which brief turns into the page's address", s, s)
	}
}
