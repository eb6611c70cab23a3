package markdown

import (
	"bytes"
	"slices"
	"unicode"

	"brief/generator/internal/tmplcode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
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

// rawHTML records the source that raw HTML node n spans. A comment, which
// no reader sees, is as code, where template code is not looked for, and
// so, where raw HTML passes through (unsafe_html), are <pre>, <script>,
// <style> and <textarea> (pre); the rest is raw HTML, where template code
// ({{ site.baseurl }} in an <img>'s src, Jekyll's commonest) is published
// as it is, in an address that leads nowhere. Where raw HTML does not pass
// through, the page shows it as text, template code and all: it is text.
func (w *walker) rawHTML(n ast.Node, comment, pre bool) {
	if !comment && !w.rawLinks {
		return
	}
	was := len(w.code)
	w.notText(n)
	if !comment && !pre && len(w.code) > was {
		r := w.code[was]
		w.raw = append(w.raw, r)
		w.code = w.code[:was]
		// Within a block of raw HTML (a <div>), its comments, <pre>,
		// <script>, <style> and <textarea> are still code.
		w.code = append(w.code, codeInHTML(w.src, r[0], r[1])...)
	}
}

// codeInHTML returns the ranges of src[start:end], raw HTML, that no reader
// sees as text: comments, and the elements whose content is code. It
// reads them with x/net/html's tokenizer, as MapURLs does.
func codeInHTML(src []byte, start, end int) [][2]int {
	var ranges [][2]int
	z := html.NewTokenizer(bytes.NewReader(src[start:end]))
	off, from, inside := start, 0, "" // inside: the element of code open, from where
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF: the fragment is in memory
		}
		at := off
		off += len(z.Raw())
		switch name, _ := z.TagName(); {
		case inside == "" && tt == html.CommentToken:
			ranges = append(ranges, [2]int{at, off})
		case inside == "" && tt == html.StartTagToken && codeElements[string(name)]:
			inside, from = string(name), at
		case inside != "" && tt == html.EndTagToken && string(name) == inside:
			ranges = append(ranges, [2]int{from, off})
			inside = ""
		}
	}
	if inside != "" {
		ranges = append(ranges, [2]int{from, end})
	}
	return ranges
}

// codeElements are the elements whose content is code, not text.
var codeElements = map[string]bool{"pre": true, "script": true, "style": true, "textarea": true}

// notText records the source that node n spans as code, where template
// code is not looked for: a writer documents shortcodes in code.
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
// A body of many code spans, each with template code a writer documents,
// costs no more per opening (see inRanges).
func (w *walker) templateCode() {
	src := w.src
	code, raw := inRanges(w.code), inRanges(w.raw)
	for i := 0; i+2 < len(src); i++ {
		if src[i] != '{' {
			continue
		}
		if n := kramdownList(src[i:]); n > 0 && !code(i) {
			line, col := w.lineCol(i)
			w.problem(line, col, true, "`%s` is a kramdown attribute list, of Jekyll's, which brief does not read: the page shows it as text; delete it (a heading's id is written `## Heading {#id}`, and brief writes no table of contents)", src[i:i+n])
			continue
		}
		if !tmplcode.Opens(src, i) || code(i) {
			continue
		}
		line, col := w.lineCol(i)
		if raw(i) {
			w.problem(line, col, true, "`%s` in raw HTML is template code of Hugo or Jekyll (Liquid, a shortcode), which brief does not run: it is published as it is, and in an address leads nowhere; write the HTML without it, an address relative to the page or from the site's root (`/images/map.png`: brief adds the base path), or write it in markdown", tmplcode.Snippet(src[i:]))
			continue
		}
		w.problem(line, col, true, "`%s` is template code of Hugo or Jekyll (a shortcode, Liquid), which brief does not run: the page shows it as text; write it in markdown, an image as `![what it shows](file.png)`, a link as `[text](page.md)`", tmplcode.Snippet(src[i:]))
	}
}

// kramdownList returns the length of the kramdown attribute list b
// starts with, closed on its line within 100 bytes, or 0: a class, an id
// or a key (`{: .note}`, `{:#why}`, `{:target="_blank"}`), `{:toc}`, or
// one of kramdown's own (`{::comment}`, `{:/}`). `{:a}` may be text.
func kramdownList(b []byte) int {
	if len(b) < 3 || b[0] != '{' || b[1] != ':' {
		return 0
	}
	rest := bytes.TrimLeft(b[2:], " ")
	word := bytes.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && r != '_' && r != '-' })
	switch {
	case len(rest) < 2:
		return 0
	case (rest[0] == '.' || rest[0] == '#') && ('a' <= rest[1]|0x20 && rest[1]|0x20 <= 'z' || rest[1] == '_'):
		// A class or an id starts with a letter: {:.2f} is Python's.
	case rest[0] == ':' || rest[0] == '/':
	case word > 0 && (rest[word] == '=' && (word+1 == len(rest) || rest[word+1] != '>') || string(rest[:word]) == "toc" && rest[word] == '}'):
		// key="value", not Ruby's {:a=>1}.
	default:
		return 0
	}
	for i := 2; i < len(b) && i < 100; i++ {
		switch b[i] {
		case '}':
			return i + 1
		case '\n', '{':
			return 0
		}
	}
	return 0
}

// inRanges returns a function that reports whether an offset lies in one of
// ranges, asked of offsets that only grow: the ranges are sorted by start
// and passed once, reach being the farthest end of those that start at i
// or before.
func inRanges(ranges [][2]int) func(i int) bool {
	slices.SortFunc(ranges, func(a, b [2]int) int { return a[0] - b[0] })
	next, reach := 0, 0
	return func(i int) bool {
		for ; next < len(ranges) && ranges[next][0] <= i; next++ {
			reach = max(reach, ranges[next][1])
		}
		return i < reach
	}
}
