package markdown

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"brief/generator/internal/quicklex"

	"github.com/alecthomas/chroma/v2"
	chtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

var _ renderer.NodeRenderer = (*codeRenderer)(nil)

// formatterFor returns the formatter for a block of the language lang. It
// writes CSS classes rather than inline styles, so pages stay small and the
// colours can follow the reader's light or dark preference; its <code> has the class language-<lang>, as a block chroma does not
// highlight has it, and as Hugo writes it, so that a site's stylesheet or
// script may label or style code by it. One is made for each language
// named in this process.
func formatterFor(lang string) *chtml.Formatter {
	if f, ok := formatters.Load(lang); ok {
		return f.(*chtml.Formatter)
	}
	class := ""
	if lang != "" {
		class = ` class="language-` + string(util.EscapeHTML([]byte(lang))) + `"`
	}
	f, _ := formatters.LoadOrStore(lang, chtml.New(chtml.WithClasses(true), chtml.WithPreWrapper(focusablePre{class})))
	return f.(*chtml.Formatter)
}

// formatters holds the formatter made for each language (see formatterFor).
var formatters sync.Map // string → *chtml.Formatter

// focusablePre starts a code block's <pre> with tabindex="0": a long line
// scrolls it sideways, and a reader without a mouse must be able to reach
// it to scroll. Every code block in brief's pages starts so.
type focusablePre struct{ class string } // the <code>'s class attribute, or ""

func (p focusablePre) Start(code bool, styleAttr string) string {
	return `<pre` + styleAttr + ` tabindex="0"><code` + p.class + `>`
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

// indented writes an indented code block as a fenced one without a
// language: it looked unlike every other code block, without their
// background.
func (r *codeRenderer) indented(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var code bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(src))
	}
	writePlain(w, "", code.Bytes())
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
	var f *fence
	if v, ok := block.AttributeString(fenceAttr); ok {
		f = v.(*fence)
	} else { // not walked: read the info string here
		f = readFence(block, src)
	}
	if f.lang == "" || f.lexer == nil {
		writePlain(w, f.lang, code.Bytes())
		return ast.WalkSkipChildren, nil
	}
	var lit bytes.Buffer
	if f.failed = highlight(&lit, f.lexer, formatterFor(f.lang), code.String()); f.failed != "" {
		writePlain(w, f.lang, code.Bytes())
		return ast.WalkSkipChildren, nil
	}
	if _, err := w.Write(lit.Bytes()); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

// highlight writes code as lexer and fm highlight it, or says
// why it could not: some of chroma's lexers panic on some code, and some
// run on without end (see quicklex.ErrRunaway).
func highlight(dst *bytes.Buffer, lexer chroma.Lexer, fm *chtml.Formatter, code string) (failed string) {
	defer func() {
		if v := recover(); v != nil {
			dst.Reset()
			failed = fmt.Sprint(v)
		}
	}()
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err == nil {
		err = fm.Format(dst, classOnly, it)
	}
	if err != nil {
		dst.Reset()
		return err.Error()
	}
	return ""
}

// fence is what a fenced code block's info string says, read once by
// the walker for the renderer: the language, lowercase, and its lexer
// (nil when chroma has none), and options brief does not apply.
type fence struct {
	lang    string // lowercase, for the block's class
	written string // as the fence has it, to look up and to name
	lexer   chroma.Lexer
	opts    string
	// failed is why the lexer failed on the block, set by the renderer,
	// which shows it unlit; the walker warns of it (see highlightFailed).
	failed string
}

// fenceAttr is the attribute of a fenced code block that holds its fence.
const fenceAttr = "brief-fence"

// plainLangs are names writers give code they want shown as it is, which
// chroma has no lexer for ("text" and "plain" it has).
var plainLangs = []string{"none", "nohighlight", "output"}

// readFence reads the info string of block: a language (go), with options
// after it in braces as Hugo writes them (go {linenos=true}), or Pandoc's
// and Hugo's attributes alone, the language a class ({.go .numberLines}).
func readFence(block *ast.FencedCodeBlock, src []byte) *fence {
	f := new(fence)
	if block.Info == nil {
		return f
	}
	raw := block.Info.Segment.Value(src)
	info := bytes.TrimSpace(raw)
	if inner, ok := bytes.CutPrefix(info, []byte("{")); ok {
		inner, _, _ = bytes.Cut(inner, []byte("}"))
		var opts [][]byte
		for i, field := range bytes.Fields(inner) {
			if class, ok := bytes.CutPrefix(field, []byte(".")); ok && f.written == "" {
				f.written = string(class)
			} else if i == 0 && bareWord(bytes.TrimSuffix(field, []byte(","))) {
				// R Markdown's and Quarto's chunks: {r echo=FALSE}, {python}.
				f.written = string(bytes.TrimSuffix(field, []byte(",")))
			} else {
				opts = append(opts, field)
			}
		}
		f.opts = string(bytes.Join(opts, []byte(" ")))
		if len(bytes.TrimSpace(inner)) == 0 {
			f.opts = string(info) // {}: no language
		}
	} else {
		// goldmark's language is the info string up to its first
		// space, untrimmed: a prefix of raw, not always of info.
		lang := block.Language(src)
		f.written = string(lang)
		var opts []string
		if before, after, ok := strings.Cut(f.written, ":"); ok && before != "" && lexerFor(before) != nil {
			// python:deploy.sh, a language and a file's name for a
			// title: chroma took the whole for a file name, a Bash one.
			f.written = before
			opts = append(opts, ":"+after)
		}
		if rest := bytes.TrimSpace(raw[len(lang):]); len(rest) > 0 {
			opts = append(opts, string(rest)) // {linenos=true}, title="x.py"
		}
		f.opts = strings.Join(opts, " ")
	}
	// chroma finds a file name as written (CMakeLists.txt, Rakefile,
	// PKGBUILD) and a lexer's name or alias in any case (Go, PYTHON).
	f.lang = strings.ToLower(f.written)
	f.lexer = lexerFor(f.written)
	return f
}

// bareWord reports whether b is a word that may name a language: letters,
// digits and + - _ # only, no option's = or an id's #x at its start.
func bareWord(b []byte) bool {
	if len(b) == 0 || b[0] == '#' {
		return false
	}
	for _, c := range b {
		if !('a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '_' || c == '#') {
			return false
		}
	}
	return true
}

// maxLang is the longest language lexerFor looks up. No lexer's name or
// alias is longer than 27 bytes ("Lighttpd configuration file"); past 64
// only a file name pattern with a star could match (Containerfile.*).
const maxLang = 64

// langLexers holds the lexer found for each language named in this process,
// or none: see lexerFor.
var langLexers sync.Map // string → langLexer

type langLexer struct{ chroma.Lexer }

// lexerFor returns the lexer for a fence's language, or nil when chroma
// has none. chroma finds a name it does not know ("mermaid", "output") or
// knows only as a file name ("txt") by trying it against every lexer's
// file name patterns, each with each of a dozen suffixes: 6–16 ms a block
// on this machine, and seconds for a name of a few thousand bytes. So a
// name is looked up once in a process, and a name longer than any chroma
// knows is not looked up.
func lexerFor(lang string) chroma.Lexer {
	if lang == "" || len(lang) > maxLang || slices.Contains(plainLangs, strings.ToLower(lang)) {
		return nil
	}
	if l, ok := langLexers.Load(lang); ok {
		return l.(langLexer).Lexer
	}
	var l chroma.Lexer
	if found := lexers.Get(lang); found != nil {
		l = quicklex.Wrap(found, lexers.GlobalLexerRegistry)
	}
	langLexers.Store(lang, langLexer{l})
	return l
}

// fence reads a fenced code block's info string for the renderer, and
// warns of what would surprise its writer: a language chroma does not
// know (the block is shown as plain text), options brief does not apply,
// and a fence never closed, which turns the rest of the file into code.
func (w *walker) fence(n *ast.FencedCodeBlock) {
	f := readFence(n, w.src)
	n.SetAttributeString(fenceAttr, f)
	if f.lexer != nil {
		w.lit = append(w.lit, n)
	}
	unknown := f.lang != "" && f.lexer == nil && !slices.Contains(plainLangs, f.lang)
	end := unclosed(n, w.src)
	if !unknown && f.opts == "" && end == "" {
		return
	}
	line, col := w.lineCol(max(n.Pos(), 0))
	if unknown {
		w.problem(line, col, true, "unknown language `%s`: this code block is shown as plain text, without highlighting", f.written)
	}
	if f.opts != "" {
		w.problem(line, col, true, "`%s` is ignored: brief reads a code block's language alone, and shows no line numbers, highlighted lines, title, id or class", f.opts)
	}
	if end != "" {
		w.problem(line, col, true, "code block opened here is never closed; it runs to the end of %s", end)
	}
}

// highlightFailed warns of each code block its lexer failed on once the
// body is rendered: the block is shown as plain text.
func (w *walker) highlightFailed() {
	for _, n := range w.lit {
		v, _ := n.AttributeString(fenceAttr)
		if f := v.(*fence); f.failed != "" {
			line, col := w.lineCol(max(n.Pos(), 0))
			w.problem(line, col, true, "chroma's %s lexer failed on this code block (%s), so it is shown as plain text, without highlighting", f.lexer.Config().Name, f.failed)
		}
	}
}

// unclosed returns where a fenced code block that has no closing fence
// ends ("the file", or the quote or list item it is in), or "" when it
// has one.
func unclosed(n *ast.FencedCodeBlock, src []byte) string {
	open := n.Pos()
	if open < 0 || open >= len(src) {
		return ""
	}
	char, length := src[open], 0
	for open+length < len(src) && src[open+length] == char {
		length++
	}
	end := len(src)
	if lines := n.Lines(); lines.Len() > 0 {
		end = lines.At(lines.Len() - 1).Stop
	} else if i := bytes.IndexByte(src[open:], '\n'); i >= 0 {
		end = open + i + 1
	}
	rest := src[min(end, len(src)):]
	if len(bytes.TrimSpace(rest)) == 0 {
		return "the file"
	}
	next, _, _ := bytes.Cut(rest, []byte("\n"))
	next = bytes.TrimLeft(next, " \t>")
	i := 0
	for i < len(next) && next[i] == char {
		i++
	}
	if i >= length && len(bytes.TrimSpace(next[i:])) == 0 {
		return ""
	}
	return "the quote or list item it is in"
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
