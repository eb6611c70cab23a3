package markdown

import (
	"bytes"
	"slices"
	"strings"

	"brief/generator/content"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Inline is a short text of a page's front matter that the page shows as
// markdown within a line: a briefing's takeaway, or a correction's text.
// It takes the body's inline syntax (links, emphasis, code, autolinks,
// raw HTML as the site allows it) and typography, and its links are
// rewritten and checked as the body's are; block syntax (headings, lists,
// quotes) is text there.
type Inline struct {
	Text      string
	Line, Col int // where Text starts in Page.File
	// Spans are where the parts of Text after the first are in the file,
	// when the file does not hold Text as it is from Line and Col on (see
	// content.TextPos); nil when it does.
	Spans []content.Span
	// Coarse says where the parts of Text are is not known: a problem
	// anywhere in it is reported at Line and Col.
	Coarse bool
}

// inlineAt finds where in the file an offset of an Inline text's source
// is. The source is the text without the blanks at the start of each of
// its lines (see unindent), which the text and the file have.
type inlineAt struct {
	text string
	at   content.TextPos
}

// place is the line and column in the file of src's byte at off.
func (a inlineAt) place(off int) (line, col int) {
	p := a.at.Place(a.text, a.textOff(off))
	return p.Line, p.Col
}

// textOff is the offset in the text of src's byte at off: the blanks
// unindent removed from the start of its line and of every line before
// it are added back.
func (a inlineAt) textOff(off int) int {
	t, s := 0, 0 // where the line starts in the text, and in src
	for line := range strings.Lines(a.text) {
		lead := len(line) - len(strings.TrimLeft(line, " \t"))
		if off < s+len(line)-lead || t+len(line) == len(a.text) {
			return t + lead + off - s
		}
		t, s = t+len(line), s+len(line)-lead
	}
	return off
}

// newInline configures goldmark for Inline texts: paragraphs alone, with
// the body's inline syntax and the body's renderer options, written
// without <p>.
func newInline(rendererOpts []renderer.Option) goldmark.Markdown {
	p := parser.NewParser(
		parser.WithBlockParsers(util.Prioritized(parser.NewParagraphParser(), 1000)),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
	)
	opts := slices.Concat(rendererOpts, []renderer.Option{renderer.WithNodeRenderers(util.Prioritized(&inlineParagraph{}, 100))})
	return goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(extension.Linkify, extension.Strikethrough, extension.Typographer, quotes),
		goldmark.WithRendererOptions(opts...),
	)
}

var _ renderer.NodeRenderer = (*inlineParagraph)(nil)

// inlineParagraph writes a paragraph of an Inline text without <p>, a
// space between two (a blank line in the text).
type inlineParagraph struct{}

func (r *inlineParagraph) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindParagraph, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.PreviousSibling() != nil {
			w.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
}

// plainBytes are the bytes after which an Inline text may read otherwise
// as markdown than as text, or need escaping in HTML: goldmark's inline
// syntax, GFM's strikethrough and e-mail autolinks, the typographer's
// quotes, and line breaks.
var plainBytes = func() (special [256]bool) {
	for _, c := range []byte("\\`*_[<>&'\"~@\n\r\x00") {
		special[c] = true
	}
	return special
}()

// plainText reports whether s is its own HTML, as text and as markdown
// alike: no byte of plainBytes, none of the typographer's dashes and
// ellipsis, no web address that Linkify would link, no space at either
// end. Most takeaways are such, and cost nothing to convert.
func plainText(s string) bool {
	if s == "" || s[0] == ' ' || s[0] == '\t' || s[len(s)-1] == ' ' || s[len(s)-1] == '\t' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		if plainBytes[s[i]] {
			return false
		}
	}
	return !strings.Contains(s, "--") && !strings.Contains(s, "...") &&
		!strings.Contains(s, "www.") && !strings.Contains(s, "http") && !strings.Contains(s, "ftp:")
}

// inlines converts the Inline texts of p, with the walker of its body:
// their links and problems join the body's.
func (c *Converter) inlines(body *walker, p Page) []string {
	out := make([]string, len(p.Inline))
	var buf bytes.Buffer
	for i, in := range p.Inline {
		if plainText(in.Text) {
			out[i] = in.Text
			continue
		}
		// A line indented four columns would be an indented code block,
		// which an Inline text does not have: the paragraph would drop it.
		// Indenting means nothing there, so every line loses it.
		src := unindent(in.Text)
		w := walker{src: src, page: p, rawBase: body.rawBase, headings: headingIDs{prefix: p.IDPrefix, reserved: c.reserved},
			inline: &inlineAt{in.Text, content.TextPos{Pos: content.Pos{Line: in.Line, Col: in.Col}, Spans: in.Spans, Coarse: in.Coarse}}}
		w.page.BodyLine = in.Line
		doc := c.inline.Parser().Parse(text.NewReader(src))
		w.walk(doc)
		buf.Reset()
		if err := c.inline.Renderer().Render(bufWriter{&buf}, src, doc); err != nil {
			w.problem(in.Line, in.Col, false, "cannot render markdown: %v", err)
		}
		out[i] = strings.TrimSpace(buf.String())
		if out[i] == "" && strings.TrimSpace(in.Text) != "" { // a blank one is its field's problem
			w.problem(in.Line, in.Col, false, "this text shows nothing on the page (an HTML comment is left out of it); write it, or delete the entry")
		}
		body.links = append(body.links, w.links...)
		body.problems = append(body.problems, w.problems...)
	}
	return out
}

// unindent returns s with the blanks and tabs at the start of each of its
// lines removed.
func unindent(s string) []byte {
	out := make([]byte, 0, len(s))
	for line := range strings.Lines(s) {
		out = append(out, strings.TrimLeft(line, " \t")...)
	}
	return out
}
