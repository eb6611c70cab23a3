// Package markdown turns briefing bodies into HTML: goldmark with GFM,
// footnotes and typographic quotes, stable heading ids, code highlighted by
// chroma into CSS classes, and links between markdown files rewritten to the
// URLs of the pages they become. It is configured once and safe for
// concurrent use.
package markdown

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure a Converter.
type Options struct {
	// UnsafeHTML passes raw HTML in markdown through; by default it is escaped
	// and shown as text.
	UnsafeHTML bool
	// ReservedIDs are ids that the pages showing bodies give elements of
	// their own (main, related): a heading whose id would be one of them
	// gets the next free one instead (main-1), so that the page's links
	// and the writer's each reach their own target.
	ReservedIDs []string
	// ReservedPrefix begins ids that such pages give elements of their
	// own, whatever follows (note-, for analyst notes): a heading whose id
	// would begin with it gets "heading-" before it.
	ReservedPrefix string
}

// Converter renders markdown bodies to HTML.
type Converter struct {
	// md is goldmark configured four ways, by [footnotes][linkify]:
	// without footnotes for bodies with more than MaxFootnotes, and
	// without GFM's Linkify for bodies that give the same without it,
	// most of them (see autolink.go).
	md       [2][2]goldmark.Markdown
	inline   goldmark.Markdown // for Inline texts
	reserved *reserved
	unsafe   bool // raw HTML passes through, its root-relative URLs rebased
}

// New configures goldmark once for the whole build.
func New(opts Options) *Converter {
	var rendererOpts []renderer.Option
	nodeRenderers := []util.PrioritizedValue{
		util.Prioritized(&codeRenderer{}, 100),
		util.Prioritized(&accessRenderer{}, 100),
	}
	if opts.UnsafeHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
		nodeRenderers = append(nodeRenderers, util.Prioritized(&rebasedRenderer{}, 100))
	} else {
		nodeRenderers = append(nodeRenderers, util.Prioritized(&rawRenderer{}, 100))
	}
	rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(nodeRenderers...),
		html.WithWriter(textWriter{html.DefaultWriter}))
	build := func(exts ...goldmark.Extender) goldmark.Markdown {
		return goldmark.New(
			goldmark.WithExtensions(exts...),
			// {#id} after a heading, as Hugo, Zola and kramdown take it
			// (see attributes.go).
			goldmark.WithParserOptions(parser.WithHeadingAttribute()),
			goldmark.WithRendererOptions(rendererOpts...),
		)
	}
	// GFM is Linkify, Table, Strikethrough and TaskList, in that order.
	gfm := func(linkify bool) []goldmark.Extender {
		if linkify {
			return []goldmark.Extender{extension.GFM}
		}
		return []goldmark.Extender{extension.Table, extension.Strikethrough, extension.TaskList}
	}
	// Footnote ids take the prefix of the body being converted (see
	// Page.IDPrefix), which the document carries.
	footnotes := extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(idPrefix))
	c := &Converter{reserved: newReserved(opts), unsafe: opts.UnsafeHTML}
	for linkify := range 2 {
		exts := gfm(linkify == 1)
		c.md[1][linkify] = build(append(exts, footnotes, extension.Typographer, quotes)...)
		c.md[0][linkify] = build(append(exts, extension.Typographer, quotes)...)
	}
	c.inline = newInline(rendererOpts)
	return c
}

// MaxFootnotes bounds the footnote references a body may have, and its
// definitions: goldmark's footnotes take time that grows with the product
// of their numbers (it looks up each reference's definition in a list),
// so a body with tens of thousands (a fuzzer's, or a bad paste) would
// stall a build. Such a body is converted without footnotes, with a
// warning.
const MaxFootnotes = 2000

// countFootnotes counts the footnote references of src ([^label] in the
// text) and its definitions ([^label]: at the start of a line, after
// white space or a quote's >).
func countFootnotes(src []byte) (refs, defs int) {
	for i := 0; ; {
		k := bytes.Index(src[i:], []byte("[^"))
		if k < 0 {
			return refs, defs
		}
		i += k
		if definition(src, i) {
			defs++
		} else {
			refs++
		}
		i += 2
	}
}

// definition reports whether the [^ at src[i:] opens a footnote's
// definition: the first thing on its line, and [^label]: . It looks past
// the [^ only once a line.
func definition(src []byte, i int) bool {
	for j := i - 1; j >= 0 && src[j] != '\n'; j-- {
		if c := src[j]; c != ' ' && c != '\t' && c != '>' {
			return false
		}
	}
	line := src[i:]
	if end := bytes.IndexByte(line, '\n'); end >= 0 {
		line = line[:end]
	}
	end := bytes.IndexByte(line, ']')
	return end > 2 && end+1 < len(line) && line[end+1] == ':'
}

// Page says where a body comes from, so that its links can be resolved and
// its problems reported at the right line.
type Page struct {
	File     string // source path of the markdown file, e.g. content/world/x/index.md
	BodyLine int    // line of File on which the body starts
	BasePath string // the site's base path, e.g. /briefings/, for root-relative links
	// Host is the host of the site's base URL (org.github.io): a link to
	// an address under the base URL, written whole, is checked as a
	// root-relative one is, and left as written.
	Host     string
	Resolver Resolver
	// IDPrefix begins the id of every heading and footnote of the body,
	// when it is shown beside other bodies on a page (a note): they then
	// need ids of their own. Such ids are not checked against
	// Options.ReservedIDs, which the prefix must keep them apart from. It
	// is written as it is, so it holds no space, quote, & or <. Such a
	// body is shown in a card under a heading of the third level: its
	// own headings are of the fourth to the sixth.
	IDPrefix string
	// Inline are texts of the page's front matter shown as markdown
	// within a line (see Inline), converted with the body.
	Inline []Inline
}

// Resolver answers the questions link rewriting asks about the rest of the site.
type Resolver interface {
	// PageURL returns the URL path of the page built from, introduced or
	// described by the markdown file at source path p, or an error that
	// says why a link to it cannot be made (no such file, a draft that is
	// not published, which wraps ErrDraft, a file that has no page).
	PageURL(p string) (string, error)
	// ResourceURL returns the URL path of source path p, a file that is
	// copied into the output beside its page, or an error that says why
	// there is none: ErrNoFile when p is no file of content/, ErrNoBundle
	// when it is one that no bundle copies, or another error that says
	// more (a file whose name differs only in its Unicode form).
	ResourceURL(p string) (string, error)
	// PictureSize returns the width and height in pixels of source path
	// p, a file ResourceURL has a URL for, when it is a picture whose
	// size is known, or 0, 0: an image of the body gets them, so that a
	// browser keeps its place before it arrives.
	PictureSize(p string) (width, height int)
}

// The errors of Resolver.ResourceURL that link rewriting words itself,
// since what to do depends on the page that links.
var (
	ErrNoFile   = errors.New("no such file")
	ErrNoBundle = errors.New("the file is in content/ but in no bundle")
)

// ErrDraft is wrapped by the error of Resolver.PageURL for a draft that is
// not published: a link to its folder is told so.
var ErrDraft = errors.New("a draft that is not published")

// ElsewhereError is the error of Resolver.PageURL for a page that is not
// there, when the one page of that name is elsewhere (the linking page, or
// the linked one, moved to another folder): link rewriting says how to
// write the link from the page that links.
type ElsewhereError struct {
	Looked string // the source path looked for
	Found  string // the source path of the page of that name
}

func (e *ElsewhereError) Error() string {
	return fmt.Sprintf("there is no such page (looked for %s), but there is %s", e.Looked, e.Found)
}

// FolderError is the error of Resolver.ResourceURL for a folder of
// content/, which a link names as if it were a file.
type FolderError struct {
	Folder string // the source path linked
	File   string // a file in it, the first by path
}

func (e *FolderError) Error() string {
	return fmt.Sprintf("%s is a folder, not a file", e.Folder)
}

// Result is a converted body with what the build checks later.
type Result struct {
	HTML     []byte
	IDs      []string // ids of headings and footnotes, for anchor checks
	Links    []Link   // internal links, for anchor and existence checks, the Inline texts' too
	Problems []Problem
	Inline   []string // the HTML of each of Page.Inline, without <p>
	// Image is the address of the body's first image, as the page has it
	// (relative to the page, or a path or URL), for the page's preview in
	// social media and search (og:image); "" when it has none.
	Image string
	// ImageAlt is that image's alt text, as plain text (og:image:alt).
	ImageAlt string
}

// Link is an internal link found in a body, after rewriting.
type Link struct {
	Path      string // URL path of the target, "" for the page itself
	Fragment  string // percent-decoded, as ids are written
	Line, Col int
	// Absolute is set for a link written with the site's scheme and host
	// (see Page.Host). Another site may share the host (a project site
	// under a user site's domain), so such a link is the site's only when
	// the site has something at the first folder of its path.
	Absolute bool
}

// Problem is an error or warning found in a body, positioned in its file.
type Problem struct {
	Line, Col int
	Msg       string
	Warning   bool
}

// Convert renders src, the body of page p.
func (c *Converter) Convert(src []byte, p Page) Result { return c.ConvertInto(nil, src, p) }

// ConvertInto is Convert writing the HTML into dst, emptied first, when
// dst is not nil: the Result's HTML is then dst's bytes, valid until dst
// is used again. A caller that converts many bodies, each used once, so
// reuses one buffer.
func (c *Converter) ConvertInto(dst *bytes.Buffer, src []byte, p Page) Result {
	return c.convertInto(dst, src, p, false)
}

// convertInto is ConvertInto, with goldmark's Linkify in every case when
// linkify is set (see autolink.go).
func (c *Converter) convertInto(dst *bytes.Buffer, src []byte, p Page, linkify bool) Result {
	w := walker{src: src, page: p, headings: headingIDs{prefix: p.IDPrefix, reserved: c.reserved}}
	w.rawLinks, w.attrs = c.unsafe, c.unsafe
	w.templates = templateCode(src) || bytes.Contains(src, []byte("{:"))
	w.openers = bytes.Contains(src, commentStart)
	if c.unsafe && p.BasePath != "/" && p.BasePath != "" {
		w.rawBase = p.BasePath
	}
	if line, n := nesting(src, MaxNesting); n > MaxNesting {
		w.problem(p.BodyLine+line, 1, false, "this line lies %d list items and block quotes deep, one inside another, more than the %d brief takes; the markdown parser's time grows faster than the square of the depth", n, MaxNesting)
		return Result{HTML: []byte{}, Problems: w.problems}
	}
	if line, n := brackets(src, MaxBrackets); n > MaxBrackets {
		w.problem(p.BodyLine+line, 1, false, "this paragraph holds more than %d brackets `[` open at once, one inside another, more than brief takes; the markdown parser's time grows with the square of them", MaxBrackets)
		return Result{HTML: []byte{}, Problems: w.problems}
	}
	if line, n := tableCells(src, MaxTableCells); n > MaxTableCells {
		w.problem(p.BodyLine+line, 1, false, "this table has %d cells or more (its header's columns times its rows, each row filled out to the header's columns), more than the %d brief takes; split it, or check its header row", n, MaxTableCells)
		return Result{HTML: []byte{}, Problems: w.problems}
	}
	footnotes := 1
	if refs, defs := countFootnotes(src); refs > MaxFootnotes {
		footnotes = 0
		w.problem(p.BodyLine, 1, true, "%d footnote references, more than the %d brief links; this page is shown without footnotes", refs, MaxFootnotes)
	} else if defs > MaxFootnotes {
		footnotes = 0
		w.problem(p.BodyLine, 1, true, "%d footnote definitions, more than the %d brief links; this page is shown without footnotes", defs, MaxFootnotes)
	}
	linkify = linkify || trailingBlanks(src) || backslashBreaks(src)
	md := c.md[footnotes][0]
	if linkify {
		md = c.md[footnotes][1]
	}
	doc := md.Parser().Parse(text.NewReader(src))
	if !linkify && mayAutolink(doc, src) {
		md = c.md[footnotes][1]
		doc = md.Parser().Parse(text.NewReader(src))
	}
	if p.IDPrefix != "" {
		doc.SetAttribute(footnoteIDPrefix, []byte(p.IDPrefix))
	}
	w.walk(doc)
	if dst == nil {
		dst = new(bytes.Buffer)
	}
	dst.Reset()
	dst.Grow(len(src) + len(src)/4)
	if err := md.Renderer().Render(bufWriter{dst}, src, doc); err != nil {
		w.problem(0, 0, false, "cannot render markdown: %v", err)
	}
	w.highlightFailed()
	var inline []string
	if len(p.Inline) > 0 {
		inline = c.inlines(&w, p)
	}
	return Result{HTML: dst.Bytes(), IDs: w.ids, Links: w.links, Problems: w.problems, Inline: inline, Image: w.image, ImageAlt: w.imageAlt}
}

// bufWriter lets goldmark's renderer write straight into a bytes.Buffer:
// given a plain io.Writer, it wraps it in a 4 KiB bufio.Writer of its own
// for every body, a tenth of what a build allocates.
type bufWriter struct{ *bytes.Buffer }

// Buffered is part of goldmark's util.BufWriter: nothing is held back.
func (bufWriter) Buffered() int { return 0 }

// Flush is part of goldmark's util.BufWriter: there is nothing to flush.
func (bufWriter) Flush() error { return nil }

var _ util.BufWriter = bufWriter{}
