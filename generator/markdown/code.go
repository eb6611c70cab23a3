package markdown

import (
	"bytes"
	_ "embed"
	"io"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

var _ renderer.NodeRenderer = (*codeRenderer)(nil)

// formatter writes CSS classes rather than inline styles, so pages stay
// small and the colours can follow the reader's light or dark preference.
var formatter = chtml.New(chtml.WithClasses(true), chtml.WithPreWrapper(focusablePre{}))

// focusablePre starts a code block's <pre> with tabindex="0": a long line
// scrolls it sideways, and a reader without a mouse must be able to reach
// it to scroll. Every code block in brief's pages starts so.
type focusablePre struct{}

func (focusablePre) Start(code bool, styleAttr string) string {
	return `<pre` + styleAttr + ` tabindex="0"><code>`
}

func (focusablePre) End(code bool) string { return `</code></pre>` }

// classOnly is the style the formatter is given: with classes, which
// colours a style has does not change the HTML. chroma's styles package
// is not imported, as parsing its fifty styles takes 7 ms of every start
// of brief; code.css holds the two brief uses (see TestCodeCSS).
var classOnly = chroma.MustNewStyle("brief", chroma.StyleEntries{})

// codeRenderer highlights fenced code blocks with chroma, and writes
// indented ones with a focusable <pre> as well.
type codeRenderer struct{}

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
	reg.Register(ast.KindCodeBlock, r.indented)
}

func (r *codeRenderer) indented(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	w.WriteString(`<pre tabindex="0"><code>`)
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		w.Write(util.EscapeHTML(seg.Value(src)))
	}
	w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

func (r *codeRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	block := n.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := 0; i < block.Lines().Len(); i++ {
		seg := block.Lines().At(i)
		code.Write(seg.Value(src))
	}
	lang := strings.ToLower(string(block.Language(src)))
	lexer := lexers.Get(lang)
	if lang == "" || lexer == nil {
		writePlain(w, lang, code.Bytes())
		return ast.WalkSkipChildren, nil
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code.String())
	if err != nil {
		writePlain(w, lang, code.Bytes())
		return ast.WalkSkipChildren, nil
	}
	if err := formatter.Format(w, classOnly, it); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

func writePlain(w util.BufWriter, lang string, code []byte) {
	w.WriteString(`<pre class="chroma" tabindex="0"><code`)
	if lang != "" {
		w.WriteString(` class="language-`)
		w.Write(util.EscapeHTML([]byte(lang)))
		w.WriteString(`"`)
	}
	w.WriteString(">")
	w.Write(util.EscapeHTML(code))
	w.WriteString("</code></pre>\n")
}

// codeCSS is chroma's "github" style for highlighted code, and its
// "github-dark" style under prefers-color-scheme: dark, as chroma writes
// them for a formatter with classes. TestCodeCSS checks that it is what
// this version of chroma writes, and rewrites it with -update-css.
//
//go:embed code.css
var codeCSS []byte

// WriteCSS writes the stylesheet for highlighted code: a light palette, and
// a dark one under prefers-color-scheme.
func WriteCSS(w io.Writer) error {
	_, err := w.Write(codeCSS)
	return err
}
