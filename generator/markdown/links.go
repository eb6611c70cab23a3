package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// walker rewrites links in a parsed document and collects what the build
// checks later: heading ids, internal links, problems.
type walker struct {
	src      []byte
	page     Page
	ids      []string
	links    []Link
	problems []Problem
	at       cursor // the last position found, to count lines from
	unsafe   []*ast.AutoLink
	comments []ast.Node // HTML comments, left out of the page
	dropped  []ast.Node // links and images whose URL was dropped
	lit      []ast.Node // fenced code blocks with a lexer: see highlightFailed
	// own are the same-page links of a body shown beside others (a note):
	// one to a heading or footnote of its own takes its prefixed id.
	own      []ownLink
	headings headingIDs
	// rawBase is the base path that root-relative URLs in raw HTML take
	// (see rebase), when raw HTML passes through and the site is not at
	// the root of its host; "" otherwise.
	rawBase string
	// rawLinks says raw HTML passes through, so its URLs are checked
	// (see rawURLs).
	rawLinks bool
	// templates says the body may hold Hugo's or Jekyll's template code
	// (see templateCode), code the ranges of the body that are not its
	// text, where it is left alone: code, and raw HTML's comments, <pre>
	// and <script>; and raw the ranges of the other raw HTML, where it is
	// published as it is.
	templates bool
	code, raw [][2]int
	// openers says the body holds `<!--`: its text is looked through for
	// a comment never closed (see openComment).
	openers bool
	// attrs says raw HTML passes through, so a heading keeps attributes
	// other than its id (see headingAttributes).
	attrs    bool
	image    string // the first image's address, once rewritten (see Result.Image)
	imageAlt string // its alt text, as plain text (see Result.ImageAlt)
	// inline finds the places of an Inline text's source, which
	// starts within its line and may be in parts (see Inline); nil for
	// a body.
	inline *inlineAt
}

func (w *walker) walk(doc ast.Node) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 1 {
				n.Level = 2 // the page's title is its one h1
			}
			if w.page.IDPrefix != "" {
				// A note's body, shown in a card under the analyst's
				// name, an h3: its headings rank below it.
				n.Level = min(n.Level+2, 6)
			}
			custom, kept := w.headingAttributes(n)
			id, why := w.headings.heading(n, w.src, custom)
			if why != "" {
				line, col := w.lineCol(max(attributeList(n, w.src), 0))
				w.problem(line, col, true, "heading id `%s` is taken: %s; this heading's id is `%s`, so give it another", custom, why, strings.TrimPrefix(id, w.page.IDPrefix))
			}
			n.SetAttributeString("id", []byte(id))
			for _, a := range kept {
				n.SetAttribute(a.Name, a.Value)
			}
			w.ids = append(w.ids, id)
		case *east.Footnote:
			w.ids = append(w.ids, fmt.Sprintf("%sfn:%d", w.page.IDPrefix, n.Index))
		case *ast.Link:
			if w.templates {
				w.notTextDest(n, n.Destination)
			}
			shown := linkText(n, w.src) == string(n.Destination)
			if n.Destination = w.rewrite(n, n.Destination, false); n.Destination == nil {
				w.dropped = append(w.dropped, n)
			} else if shown {
				n.SetAttributeString("class", []byte("url"))
			}
		case *ast.Paragraph:
			if w.openers {
				w.openComment(n)
			}
		case *ast.RawHTML:
			if w.templates {
				w.rawHTML(n, n.Segments.Len() > 0 && bytes.HasPrefix(w.src[n.Segments.At(0).Start:], commentStart), false)
			}
			if segs := n.Segments; segs.Len() > 0 && bytes.HasPrefix(w.src[segs.At(0).Start:], commentStart) {
				w.comments = append(w.comments, n)
			} else if w.rawLinks {
				w.rawURLs(n, rawText(n, w.src), n.Segments.At(0).Start)
			}
		case *ast.HTMLBlock:
			if w.templates {
				// <pre>, <script>, <style> and <textarea> (type 1) hold
				// code, as comments hold what is not shown.
				w.rawHTML(n, n.HTMLBlockType == ast.HTMLBlockType2 && onlyComments(blockText(n, w.src)), n.HTMLBlockType == ast.HTMLBlockType1)
			}
			if n.HTMLBlockType == ast.HTMLBlockType2 && !n.HasClosure() {
				w.unclosedComment(n)
			}
			if n.HTMLBlockType == ast.HTMLBlockType2 && onlyComments(blockText(n, w.src)) {
				w.comments = append(w.comments, n)
			} else if w.rawLinks && n.Lines().Len() > 0 {
				w.rawURLs(n, blockText(n, w.src), n.Lines().At(0).Start)
			}
		case *ast.FencedCodeBlock:
			w.fence(n)
			if w.templates {
				w.notText(n)
			}
		case *ast.CodeSpan, *ast.CodeBlock:
			if w.templates {
				w.notText(n)
			}
		case *ast.AutoLink:
			dest := n.URL(w.src)
			if why := refused(scheme(dest), dest, false); why != "" {
				w.droppedURL(n, dest, scheme(dest), why)
				w.unsafe = append(w.unsafe, n) // replaced after the walk, which it would derail
			} else {
				// Its text is its address, which print need not add.
				n.SetAttributeString("class", []byte("url"))
			}
		case *ast.Image:
			if w.templates {
				w.notTextDest(n, n.Destination)
			}
			if n.FirstChild() == nil {
				line, col := w.position(n, n.Destination)
				w.problem(line, col, true, "image %s has no alt text; describe it in the brackets: ![what it shows](%s)", n.Destination, n.Destination)
			}
			if n.Destination = w.rewrite(n, n.Destination, true); n.Destination == nil {
				w.dropped = append(w.dropped, n)
			} else if sc := scheme(n.Destination); w.image == "" && (sc == "" || sc == "http" || sc == "https") {
				// An image a page can give as its preview: not data:.
				w.image = string(n.Destination)
				w.imageAlt = string(headingText(nil, n, w.src))
			}
		}
		return ast.WalkContinue, nil
	})
	if w.templates {
		w.templateCode()
	}
	w.dropUnsafeAutoLinks()
	for _, n := range w.comments {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	w.unwrapDropped()
	w.ownAnchors()
}

// droppedURL warns that link n's destination dest, of scheme, is left out of
// the page, and why.
func (w *walker) droppedURL(n ast.Node, dest []byte, scheme, why string) {
	line, col := w.position(n, dest)
	w.problem(line, col, true, "%s: URL dropped: %s", scheme, why)
}

// unclosedComment warns of an HTML comment that is never closed: markdown
// makes the rest of the file (or of the list item or quote it is in) part
// of it, and no reader sees any of it. One on the last line hides only
// itself.
func (w *walker) unclosedComment(n *ast.HTMLBlock) {
	lines := n.Lines()
	if lines.Len() == 0 {
		return
	}
	hidden := false
	for i := 1; i < lines.Len() && !hidden; i++ {
		seg := lines.At(i)
		hidden = len(bytes.TrimSpace(seg.Value(w.src))) > 0
	}
	if !hidden {
		return
	}
	line, col := w.lineCol(lines.At(0).Start)
	w.problem(line, col, true, "HTML comment opened here is never closed with `-->`, so everything after it, to the end of the file (or of the list or quote it is in), is left out of the page; close it")
}

// openComment warns of `<!--` in paragraph p that opens no comment: one
// not closed with `-->` within the paragraph is text, so the page shows it
// and what follows, where the writer meant to hide a note. A comment that
// is closed is raw HTML, and one in a code span is code.
func (w *walker) openComment(p *ast.Paragraph) {
	lines := p.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		for off := seg.Start; off < seg.Stop; {
			k := bytes.Index(w.src[off:seg.Stop], commentStart)
			if k < 0 {
				break
			}
			at := off + k
			if (at == 0 || w.src[at-1] != '\\') && !spanned(p, at) {
				line, col := w.lineCol(at)
				w.problem(line, col, true, "`<!--` opens no HTML comment here: it is not closed with `-->` in its paragraph, so the page shows it and the text after it; close it, or start the comment on a line of its own to hide more than a paragraph")
				return
			}
			off = at + len(commentStart)
		}
	}
}

// spanned reports whether the byte at offset at of the source lies in raw
// HTML or a code span within n.
func spanned(n ast.Node, at int) bool {
	found := false
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if found {
			return ast.WalkStop, nil
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		var segs []text.Segment
		switch c := c.(type) {
		case *ast.RawHTML:
			for i := 0; i < c.Segments.Len(); i++ {
				segs = append(segs, c.Segments.At(i))
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					segs = append(segs, t.Segment)
				}
			}
		}
		for _, s := range segs {
			found = found || s.Start <= at && at < s.Stop
		}
		return ast.WalkContinue, nil
	})
	return found
}

// ownLink is a same-page link of a body with an id prefix: the link, the
// index of its Link, and its URL.
type ownLink struct {
	n    ast.Node
	link int
	u    *url.URL
}

// ownAnchors points each same-page link of a note at the note's own
// heading or footnote when it has one by that name: its ids begin with
// the prefix (see Page.IDPrefix), so #method would otherwise reach the
// article's, or nothing. Any other is an anchor of the article, which the
// note's analyst's page does not have: it names the briefing's page. The
// headings are known only after the walk.
func (w *walker) ownAnchors() {
	for _, o := range w.own {
		u := *o.u
		u.RawFragment = ""
		if id := w.page.IDPrefix + o.u.Fragment; slices.Contains(w.ids, id) {
			u.Fragment = id
			w.links[o.link].Fragment = id
		} else if page, err := w.page.Resolver.PageURL(path.Join(path.Dir(path.Dir(w.page.File)), "index.md")); err == nil {
			u.Path = page
			w.links[o.link].Path = page
		} else {
			continue
		}
		switch n := o.n.(type) {
		case *ast.Link:
			n.Destination = []byte(u.String())
		case *ast.Image:
			n.Destination = []byte(u.String())
		}
	}
}

// unwrapDropped puts the text of each link or image whose URL was dropped
// in its place: an empty href is a link to the page itself, an empty src a
// request for it.
func (w *walker) unwrapDropped() {
	for _, n := range w.dropped {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// refused returns why a URL with this scheme is dropped, or "": one that
// could run script or smuggle a document into the page (javascript: and
// vbscript: always, data: in links, and in images unless it is a PNG,
// GIF, JPEG or WebP picture, the kinds goldmark itself lets through), or
// a file: URL, which names a file on the reader's own computer. goldmark
// would write each of them as an empty address, a link to the page itself.
func refused(scheme string, dest []byte, image bool) string {
	switch scheme {
	case "javascript", "vbscript":
	case "data":
		if image && !html.IsDangerousURL(dest) {
			return ""
		}
	case "file":
		return "it names a file on the reader's own computer; link to a page or file of the site instead"
	default:
		return ""
	}
	return "pages carry no script or embedded documents; link to a page or file instead"
}

// scheme returns the lowercased scheme of a URL, or "" when it has none.
func scheme(dest []byte) string {
	i := bytes.IndexByte(dest, ':')
	if i <= 0 {
		return ""
	}
	return strings.ToLower(string(dest[:i]))
}

// dropUnsafeAutoLinks turns <javascript:…> and the like back into text.
// goldmark drops such URLs by itself only when raw HTML is not allowed.
func (w *walker) dropUnsafeAutoLinks() {
	for _, n := range w.unsafe {
		label := n.Label(w.src)
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(label))
	}
}

// rewrite returns the destination a link should have in the output.
//
// goldmark writes a destination after resolving its backslash escapes and
// character references (&#106;avascript: is javascript:), so the checks
// look at it resolved as well; a destination kept as it is stays raw, since
// goldmark resolves it when it writes it.
func (w *walker) rewrite(n ast.Node, dest []byte, image bool) []byte {
	if len(bytes.TrimSpace(dest)) == 0 { // [TK]() or ![chart](): an address left for later
		line, col := w.position(n, dest)
		if image {
			w.problem(line, col, true, "image with no address: its alt text is shown in its place; write the file's name in the parentheses")
		} else {
			w.problem(line, col, true, "link with no address: its text is shown without a link; write the address in the parentheses, or drop the brackets")
		}
		return nil
	}
	raw := string(resolve(dest))
	if templateCode(dest) {
		line, col := w.position(n, dest)
		w.problem(line, col, false, "the address %q holds template code of Hugo or Jekyll, which brief does not run; write the address itself: one from the site's root, like /img/x.png, gets the base path", raw)
		return dest
	}
	u, err := url.Parse(raw)
	if err != nil {
		line, col := w.position(n, dest)
		hint := ""
		switch {
		case strings.Contains(err.Error(), "invalid URL escape"):
			hint = "; write a % sign in an address as %25 (growth-50%25.png)"
		case strings.Contains(err.Error(), "first path segment in URL cannot contain colon"):
			hint = "; write ./ before a file name with a colon (./a:b.png), or it reads as a scheme"
		}
		w.problem(line, col, false, "link %q is not a valid URL: %v%s", raw, err, hint)
		return dest
	}
	if u.Scheme != "" || u.Host != "" {
		if why := refused(u.Scheme, []byte(raw), image); why != "" {
			w.droppedURL(n, dest, u.Scheme, why)
			return nil // goldmark leaves the href empty; the text stays
		}
		if target, ok := w.ownURL(u); ok {
			line, col := w.position(n, dest)
			w.links = append(w.links, Link{Path: target, Fragment: u.Fragment, Line: line, Col: col, Absolute: true})
		}
		return dest
	}
	if u.Path == "" { // #anchor on the same page
		if u.Fragment != "" {
			line, col := w.position(n, dest)
			w.links = append(w.links, Link{Fragment: u.Fragment, Line: line, Col: col})
			if w.page.IDPrefix != "" {
				w.own = append(w.own, ownLink{n, len(w.links) - 1, u})
			}
		}
		return dest
	}
	line, col := w.position(n, dest)
	if strings.HasPrefix(u.Path, "/") {
		// Root-relative: relative to the site, so it gets the base path.
		target := strings.TrimSuffix(w.page.BasePath, "/") + u.Path
		w.links = append(w.links, Link{Path: target, Fragment: u.Fragment, Line: line, Col: col})
		return []byte(withFragment(target, u))
	}
	file := path.Join(path.Dir(w.page.File), u.Path)
	if strings.HasSuffix(u.Path, ".md") {
		target, err := w.page.Resolver.PageURL(file)
		if elsewhere := (*ElsewhereError)(nil); errors.As(err, &elsewhere) {
			w.problem(line, col, false, "link to %s: %v; write %s", u.Path, err, relPath(path.Dir(w.page.File), elsewhere.Found))
			return dest
		} else if err != nil {
			w.problem(line, col, false, "link to %s: %v", u.Path, err)
			return dest
		}
		w.links = append(w.links, Link{Path: target, Fragment: u.Fragment, Line: line, Col: col})
		return []byte(withFragment(target, u))
	}
	target, err := w.page.Resolver.ResourceURL(file)
	if err != nil {
		what := "link to"
		if image {
			what = "image"
		}
		if rest, ok := strings.CutPrefix(file, "static/"); ok {
			// static/ is published at the root of the site.
			w.problem(line, col, false, "%s %s: files in static/ are published at the root of the site; link to /%s", what, u.Path, rest)
			return dest
		}
		if page, draft := w.folderPage(u.Path, file); page != "" {
			w.problem(line, col, false, "%s %s: that is the folder of a page, and a link to a page names its markdown file: write %s", what, u.Path, page)
			return dest
		} else if draft != nil {
			w.problem(line, col, false, "%s %s: that is the folder of a page, and %v", what, u.Path, draft)
			return dest
		}
		if name := path.Base(w.page.File); name != "index.md" && name != "_index.md" && strings.HasPrefix(u.Path, "../") {
			// Hugo reads ../b/ from the page's address, /posts/a/, a
			// folder deeper than a single file's own: the page b.md
			// beside it.
			if page, _ := w.folderPage(u.Path[3:], path.Join(path.Dir(w.page.File), u.Path[3:])); page != "" {
				w.problem(line, col, false, "%s %s: no such file; a relative link is read from the folder of the markdown file it is in, not from the page's address as Hugo reads it: write %s", what, u.Path, page)
				return dest
			}
		}
		if md, ok := strings.CutSuffix(u.Path, ".md/"); ok {
			if _, err := w.page.Resolver.PageURL(file); err == nil {
				w.problem(line, col, false, "%s %s: a link to a page names its markdown file, with no / after it: write %s.md", what, u.Path, md)
				return dest
			}
		}
		if ext := path.Ext(u.Path); ext != ".md" && strings.EqualFold(ext, ".md") {
			// single.MD for single.md: a page, linked with its
			// extension in other capitals, is taken for a file.
			lower := strings.TrimSuffix(u.Path, ext) + ".md"
			if _, err := w.page.Resolver.PageURL(strings.TrimSuffix(file, ext) + ".md"); err == nil {
				w.problem(line, col, false, "%s %s: there is no such file, but there is the page %s, in other capitals; link to that", what, u.Path, lower)
				return dest
			}
		}
		folder := (*FolderError)(nil)
		switch {
		case errors.As(err, &folder):
			w.problem(line, col, false, "%s %s: that is a folder, and a link leads to a file or a page; link to a file in it, such as %s", what, u.Path, relPath(path.Dir(w.page.File), folder.File))
		case errors.Is(err, ErrNoBundle):
			w.problem(line, col, false, "%s %s: %s", what, u.Path, w.noBundle(file))
		case errors.Is(err, ErrNoFile) && path.Base(path.Dir(w.page.File)) == "notes" && !strings.Contains(u.Path, "/"):
			// A note's relative links start in notes/, not beside the
			// briefing it is shown with.
			w.problem(line, col, false, "%s %s: no such file beside this note, in its notes/ folder (looked for %s); a file of the briefing's bundle is written ../%s", what, u.Path, file, u.Path)
		case errors.Is(err, ErrNoFile):
			w.problem(line, col, false, "%s %s: no such file beside this page (looked for %s)", what, u.Path, file)
		default:
			w.problem(line, col, false, "%s %s: %v", what, u.Path, err)
		}
		return dest
	}
	if img, ok := n.(*ast.Image); ok {
		if width, height := w.page.Resolver.PictureSize(file); width > 0 && height > 0 {
			img.SetAttributeString("width", []byte(strconv.Itoa(width)))
			img.SetAttributeString("height", []byte(strconv.Itoa(height)))
		}
	}
	if dir := path.Dir(w.page.File); path.Base(w.page.File) == "index.md" && strings.HasPrefix(file, dir+"/") {
		return dest // a file of the page's own bundle, beside the page
	}
	// A file of another bundle, or linked from a note (shown on its
	// briefing's page and its analyst's), a single-file briefing or a
	// plain page, none of which is in the folder of the file's page.
	return []byte(withFragment(target, u))
}

// ownURL returns the path of u, an absolute URL, when it is an address
// under the site's base URL (https://org.github.io/briefings/x/, or
// http://, or the base URL without its last slash), so that the link is
// checked.
func (w *walker) ownURL(u *url.URL) (string, bool) {
	if w.page.Host == "" || u.Scheme != "http" && u.Scheme != "https" || !strings.EqualFold(u.Host, w.page.Host) || u.User != nil {
		return "", false
	}
	p, base := u.Path, w.page.BasePath
	if p+"/" == base {
		p = base
	}
	return p, strings.HasPrefix(p, base)
}

// noBundle says what to do about a link to file, which is in content/ but
// in no bundle, so that no page has it and it is published nowhere. Only a
// bundle has files of its own: one beside a single-file briefing, a
// section page or a plain page is beside no bundle's index.md.
func (w *walker) noBundle(file string) string {
	name, page := path.Base(file), w.page.File
	static := fmt.Sprintf("put the file in static/ and link /%s", name)
	if path.Dir(file) != path.Dir(page) || path.Base(page) == "index.md" {
		return fmt.Sprintf("%s is in no bundle, so no page has it and it is published nowhere; move it into a bundle's folder (beside its index.md), or %s", file, static)
	}
	parts := strings.Split(page, "/")
	switch {
	case len(parts) == 3 && parts[2] != "_index.md":
		bundle := strings.TrimSuffix(page, ".md")
		return fmt.Sprintf("%s is beside this page, but a single-file briefing has no files of its own, so the file is published nowhere; make the briefing a bundle (move it to %s/index.md and %s beside it), or %s", file, bundle, name, static)
	case len(parts) == 3:
		return fmt.Sprintf("%s is beside this page, but a section page has no files of its own, so the file is published nowhere; %s", file, static)
	default:
		return fmt.Sprintf("%s is beside this page, but only a briefing's bundle has files of its own, so the file is published nowhere; %s", file, static)
	}
}

// folderPage returns the link to the markdown file of the page of the
// folder dir, written as the link to dir was, when dir is a bundle's or a
// section's, or a single-file briefing's name without .md: a writer who
// links to a folder, as its URL looks, means that page. It returns "" for any other folder or file, and
// with it, for the folder of a draft that is not published, the error that
// says so.
func (w *walker) folderPage(written, dir string) (string, error) {
	var draft error
	for _, page := range []string{"/index.md", "/_index.md", ".md"} {
		_, err := w.page.Resolver.PageURL(dir + page)
		if err == nil {
			return path.Clean(written) + page, nil
		}
		if errors.Is(err, ErrDraft) && draft == nil {
			draft = err
		}
	}
	return "", draft
}

// withFragment returns the URL path p, escaped, with the query and
// fragment of u. p is a path as files are named, so a % # or ? in it is
// part of a name: each is escaped, where goldmark would let it through
// and the browser would read the rest as an escape, a fragment or a query.
func withFragment(p string, u *url.URL) string {
	p = pathEscaper.Replace(p)
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		p += "#" + u.EscapedFragment()
	}
	return p
}

var pathEscaper = strings.NewReplacer("%", "%25", "#", "%23", "?", "%3F")

// position finds the line and column in the file of dest, the destination
// of link or image n. goldmark keeps no position for a destination, so it
// is looked for just after the link's text (or after the text before an
// image with no alt), in a bounded window: a destination written with
// escapes may not be found, and then the link's text is the position.
func (w *walker) position(n ast.Node, dest []byte) (line, col int) {
	return w.lineCol(w.offset(n, dest))
}

// offset returns where in src the destination dest of link or image n
// is, or a place near it (see near).
func (w *walker) offset(n ast.Node, dest []byte) int {
	start := w.near(n)
	end := min(len(w.src), start+2*len(dest)+1024)
	if i := bytes.Index(w.src[start:end], dest); i >= 0 && len(dest) > 0 {
		start += i
	}
	return start
}

// near returns an offset in src at or a little before n: the end of its
// last text, the end of the text before it, or the start of its block.
func (w *walker) near(n ast.Node) int {
	if t := lastText(n); t != nil {
		return t.Segment.Stop
	}
	if t, ok := n.PreviousSibling().(*ast.Text); ok {
		return t.Segment.Stop
	}
	for b := n; b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			return b.Lines().At(0).Start
		}
	}
	return 0
}

// linkText is the text of link n when it is one plain text, else "".
func linkText(n *ast.Link, src []byte) string {
	t, ok := n.FirstChild().(*ast.Text)
	if !ok || t.NextSibling() != nil {
		return ""
	}
	return string(t.Segment.Value(src))
}

func lastText(n ast.Node) *ast.Text {
	for c := n.LastChild(); c != nil; c = c.PreviousSibling() {
		if t, ok := c.(*ast.Text); ok {
			return t
		}
		if t := lastText(c); t != nil {
			return t
		}
	}
	return nil
}

// lineCol turns an offset in src into a line of the file and a column.
// Positions are asked for in document order, so it counts lines from the
// last position asked for: a long body with many links is read once, not
// once per link.
func (w *walker) lineCol(off int) (line, col int) {
	if w.inline != nil {
		return w.inline.place(off)
	}
	c := &w.at
	if off < c.off {
		*c = cursor{}
	}
	seg := w.src[c.off:off]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		c.line += n
		c.lineStart = c.off + bytes.LastIndexByte(seg, '\n') + 1
	}
	c.off = off
	// Columns count characters, as YAML's and the checks of the file's
	// characters do, and as editors go to them: 日本語 is three.
	if c.line == 0 {
		return w.page.BodyLine, utf8.RuneCount(w.src[:off]) + 1
	}
	return w.page.BodyLine + c.line, utf8.RuneCount(w.src[c.lineStart:off]) + 1
}

// cursor is a known offset in a body, its line (0-based) and the offset
// at which that line starts.
type cursor struct{ off, line, lineStart int }

func (w *walker) problem(line, col int, warning bool, format string, args ...any) {
	w.problems = append(w.problems, Problem{Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Warning: warning})
}

// relPath returns the relative path from the folder dir to the file to,
// both slash paths from the same root.
func relPath(dir, to string) string {
	rel, err := filepath.Rel(filepath.FromSlash(dir), filepath.FromSlash(to))
	if err != nil { // not on the same root: cannot happen within content/
		return to
	}
	return filepath.ToSlash(rel)
}
