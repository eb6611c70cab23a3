package markdown

import (
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"

	"brief/generator/internal/exampletest"
)

// linkifySamples are bodies with every construct whose parsing GFM's
// Linkify takes part in or sits beside: it is tried at every space, at the
// start of every line and at *, _, ~ and (, and it links bare URLs and
// addresses but nothing inside links, code or raw HTML.
var linkifySamples = []string{
	"Plain prose, with commas; and \"quotes\" -- and dashes... and 'single' ones.\n",
	"*emphasis* _under_ **strong** __strong__ ~~struck~~ ~one~ (parens) (*mixed*) _(x)_\n",
	"line one \nhard break\\\nescaped break\nsoft break\n\n\tindented code\n\n  two spaces\t tab\n \ttab\t\n",
	"line  \ntwo-space break and four    \nand a tab \t\nand none",
	"# Heading *with* emphasis\n\n## Heading (two)\n\nSetext\n---\n",
	"## Custom *id* {#custom-id}\n\n## At www.a.org {#a .b title=\"http://x.org\"}\n\nSetext https://c.org {#s}\n---\n\n## Empty x@y.org{}\n## Text {www.d.org}\n",
	"- item *a*\n- [ ] task\n- [x] done\n\n1. one\n2. (two)\n\n> quoted _text_\n> (more)\n",
	"| a | b |\n| --- | :-: |\n| *x* | (y) |\n| ~z~ | _w_ |\n",
	"Text with a note.[^1] And another.[^n]\n\n[^1]: The note *itself*.\n[^n]: (Second) note.\n",
	"[a link](../y.md) and [missing](nope.md) and [anchor](#here) and ![](map.png) and ![map](map.png)\n",
	"[ref] and [ref][] and [text][ref]\n\n[ref]: ../y.md \"Title\"\n",
	"`code span` and ``two `ticks` `` and <b>raw</b> and &amp; &copy; \\* \\_ \\( \\~\n",
	"```go\nfunc main() {}\n```\n\n~~~\nplain fence\n~~~\n",
	"*a _b (c ~d~ e) f_ g*\n*unclosed _also (and\n",
	"Ünïcödé  wörds, ——  and “curly” quotes\u00a0with no-break spaces\u2003and em spaces.\n",
	"(\n*\n_\n~\n (\n*x\n_y\n~z\n",
	// Candidates where Linkify does not look, and where it does.
	"Read [the file](https://example.org/a) and [this](http://example.org/b \"t\") and ![p](https://x.org/p.png).\n",
	"[ref]: https://example.org/r\n\nSee [ref] and <https://example.org/angle> and <a href=\"http://x.org\">raw</a>.\n",
	"`http://in.code` and ``www.in.code`` and [www.in.label](y.md) and [a@b.org](y.md)\n",
	"Bare http://example.org/x and https://example.org/y, www.example.org, ftp://f.org and desk@example.org.\n",
	"(http://a.org) *www.b.org* _c@d.org_ ~https://e.org~ \\(http://f.org\n",
	"\\[not a link](https://example.org) and [x] (https://example.org) and [y](<https://example.org>)\n",
	"www.x--y.org and a--b@c.org and www. and @ alone and http: alone\n",
	"a\n[x](https://example.org/a_b_(c))www.after.org\n",
	// Lines ending in backslashes, each followed by an escaped trigger.
	"one\\\n\\(two\\\\\n\\(three\\\\\\\n\\(four\\\\\\\n \\~five\\\\\\\r\n\\(\n",
}

// compareLinkify fails the test when src converts differently than with
// goldmark's Linkify in every case.
func compareLinkify(t *testing.T, c *Converter, src []byte) {
	t.Helper()
	page := Page{File: "content/world/x/index.md", BodyLine: 6, BasePath: "/b/", Resolver: testSite}
	got := c.convertInto(nil, src, page, false)
	want := c.convertInto(nil, src, page, true)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q converts differently than with Linkify:\ngot:  %q %v %v %v\nwant: %q %v %v %v",
			src, got.HTML, got.IDs, got.Links, got.Problems, want.HTML, want.IDs, want.Links, want.Problems)
	}
}

// TestWithoutLinkify: whether or not it is parsed with Linkify, a body
// converts to what it converts to with Linkify: the same HTML, ids, links
// and problems. The bodies are the samples above, alone and all together,
// and every markdown file of the example site.
func TestWithoutLinkify(t *testing.T) {
	c := New(Options{})
	for _, s := range linkifySamples {
		compareLinkify(t, c, []byte(s))
	}
	compareLinkify(t, c, []byte(strings.Join(linkifySamples, "\n")))
	for _, b := range exampletest.MarkdownFiles(t) {
		compareLinkify(t, c, b)
	}
}

// TestMayAutolink: Linkify is left out for text without a candidate and
// for candidates only where it does not look, and kept where it links.
func TestMayAutolink(t *testing.T) {
	c := New(Options{})
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"Prose without a link.", false},
		{"Read [the file](https://example.org/a).", false},
		{"See <https://example.org> and <b title=\"a@b.org\">x</b>.", false},
		{"[ref]: https://example.org/r\n\nSee [ref].", false},
		{"See http://example.org/a.", true},
		{"See https://example.org.", true},
		{"See ftp://example.org/f.", true},
		{"See www.example.org.", true},
		{"Write to desk@example.org.", true},
		{"`http://in.code`", true}, // a code span is text here: parsed again, to no effect
		{"[a](https://x.org), [b](http://y.org) and [c](mailto:c@z.org).", false},
		{"[a](https://x.org) but then www.example.org.", true},
		{"Split: **http**://example.org.", false}, // no candidate in the source: the asterisks split it
	} {
		src := []byte(tc.src)
		doc := c.md[1][0].Parser().Parse(text.NewReader(src))
		if got := mayAutolink(doc, src); got != tc.want {
			t.Errorf("mayAutolink(%q) = %v; want %v", tc.src, got, tc.want)
		}
	}
	for _, tc := range []struct {
		src  string
		want bool
	}{{"a  \nb", true}, {"a \t\nb", true}, {"a\t\r\nb", true}, {"a  ", true}, {"a \nb", false}, {"a\t\nb", false}, {" a\n  b", false}} {
		if got := trailingBlanks([]byte(tc.src)); got != tc.want {
			t.Errorf("trailingBlanks(%q) = %v; want %v", tc.src, got, tc.want)
		}
	}
	for _, tc := range []struct {
		src  string
		want bool
	}{{"a\\\\\\\n\\(", true}, {"a\\\\\\\\\n\\(", true}, {"a\\\\\\\r\n\\(", true}, {"a\\\\\n\\(", false}, {"a\\\n\\(", false}, {"a\\\\\\", false}} {
		if got := backslashBreaks([]byte(tc.src)); got != tc.want {
			t.Errorf("backslashBreaks(%q) = %v; want %v", tc.src, got, tc.want)
		}
	}
}

// FuzzWithoutLinkify holds every conversion to the one with goldmark's
// Linkify in every case.
func FuzzWithoutLinkify(f *testing.F) {
	for _, s := range linkifySamples {
		f.Add(s)
	}
	c := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		compareLinkify(t, c, []byte(src))
	})
}
