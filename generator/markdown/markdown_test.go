package markdown

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"brief/generator/internal/exampletest"
)

// TestNesting checks how deep in list items and block quotes nesting
// finds each body's deepest line, and that a body with a line deeper than
// MaxNesting is an error at that line, converted to nothing, rather than
// seconds of parsing: on one line (32,000 items) or, as writers write
// lists, one item a line, each indented two columns more (10,000 items,
// 100 MB, which took goldmark more than ten minutes and 2.4 GB), and in
// quotes.
func TestNesting(t *testing.T) {
	for _, c := range []struct {
		src         string
		line, depth int
	}{
		{"Text.\n", 0, 0},
		{"- a\n  - b\n    - c\n", 2, 3},
		{"Intro.\n\n- - 1. 2) * + x\n", 2, 6},
		{"- - - - -\n", 0, 0},                       // a thematic break
		{"- - -\n- - - x", 1, 3},                    // the last line, without a newline
		{"- * * *\n", 0, 1},                         // an item holding a thematic break
		{"-x - - x\n", 0, 0},                        // no marker: a marker is followed by a space
		{"1234567890. x\n", 0, 0},                   // ten digits: not a list marker
		{"*\t+ \tx\r\n", 0, 2},                      // tabs, and CRLF
		{"    * x\n", 0, 0},                         // indented code
		{"\t* x\n", 0, 0},                           // nor one a tab indents
		{"\t```\n> > x\n", 1, 2},                    // an indented fence opens no fenced block
		{"- a\n\n  - b\n\n    - c\n", 4, 3},         // blank lines go on list items
		{"- a\nlazy\n  - b\n", 2, 2},                // so does a paragraph's line
		{"- a\n\nb\n  - c\n", 0, 1},                 // text after a blank line ends them
		{"1. a\n   1. b\n      1. c\n", 2, 3},       // ordered items, three columns each
		{"-     a\n  - b\n", 1, 2},                  // content five columns on: indented code
		{"> a\n> > b\n> > > c\n", 2, 3},             // quotes
		{"> > a\n> b\n", 0, 2},                      // a lazy line keeps the inner quote
		{"> - a\n>   > b\n", 1, 3},                  // a quote in an item in a quote
		{"```\n- - - - x\n> > >\n```\n- x\n", 4, 1}, // a fenced code block opens none
		{"- ```\n  > > > x\n  ```\n", 0, 1},         // nor one in a list item
		{"> ```\n> - x\nout\n> > > y\n", 3, 3},      // a fence ends with its quote
		{"```x```\n> > > x\n", 1, 3},                // a code span, not a fence
		{"~~~\n> > x\n", 0, 0},                      // a fence never closed
		{"- a\n      > > code\n", 0, 1},             // indented code in an item
	} {
		if line, depth := nesting([]byte(c.src), 1<<30); line != c.line || depth != c.depth {
			t.Errorf("nesting(%q) = line %d, depth %d; want %d, %d", c.src, line, depth, c.line, c.depth)
		}
	}
	conv := New(Options{})
	ok := "Intro.\n\n" + strings.Repeat("- ", MaxNesting) + "x\n"
	if res := conv.Convert([]byte(ok), Page{File: "x.md", BodyLine: 5, Resolver: testSite}); len(res.Problems) != 0 || !strings.Contains(string(res.HTML), "<li>x</li>") {
		t.Errorf("%d nested items: problems %v, HTML %.80q", MaxNesting, res.Problems, res.HTML)
	}
	var lines, quotes strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&lines, "%s- item\n", strings.Repeat("  ", i))
		fmt.Fprintf(&quotes, "%s quoted\n", strings.Repeat(">", i+1))
	}
	for _, c := range []struct {
		name, src   string
		line, depth int
	}{
		{"32,000 items on one line", "Intro.\n\n" + strings.Repeat("- ", 32000) + "x\n", 7, 32000},
		{"10,000 items, one a line", lines.String(), 5 + MaxNesting, MaxNesting + 1},
		{"10,000 quotes, one a line", quotes.String(), 5 + MaxNesting, MaxNesting + 1},
	} {
		done := make(chan Result, 1)
		go func() { done <- conv.Convert([]byte(c.src), Page{File: "x.md", BodyLine: 5, Resolver: testSite}) }()
		select {
		case res := <-done:
			want := fmt.Sprintf("this line lies %d list items and block quotes deep", c.depth)
			if len(res.Problems) != 1 || res.Problems[0].Warning || res.Problems[0].Line != c.line || !strings.HasPrefix(res.Problems[0].Msg, want) {
				t.Errorf("%s: problems %+v; want one error at line %d: %s…", c.name, res.Problems, c.line, want)
			}
			if len(res.HTML) != 0 {
				t.Errorf("%s were converted: %d bytes", c.name, len(res.HTML))
			}
		case <-time.After(2 * time.Minute):
			t.Fatalf("%s: no result after two minutes", c.name)
		}
	}
}

// TestNestingAsGoldmark holds nesting to goldmark: on the example site's
// files it finds the depth of goldmark's deepest list item or quote, and
// on bodies made to confuse it (tabs, lists that cannot interrupt a
// paragraph, fences in raw HTML, lazy lines, 2,000 seeded from random
// pieces, and lists nested 60 deep in every way that tabs can indent
// them) it never finds less: a body it passed would take goldmark as long
// as the depth it missed.
func TestNestingAsGoldmark(t *testing.T) {
	c := New(Options{})
	deepest := func(src []byte) int {
		doc := c.md[0][0].Parser().Parse(text.NewReader(src))
		most := 0
		var walk func(n ast.Node, d int)
		walk = func(n ast.Node, d int) {
			if n.Kind() == ast.KindListItem || n.Kind() == ast.KindBlockquote {
				d++
			}
			most = max(most, d)
			for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
				walk(ch, d)
			}
		}
		walk(doc, 0)
		return most
	}
	for _, src := range exampletest.MarkdownFiles(t) {
		if _, got := nesting(src, 1<<30); got != deepest(src) {
			t.Errorf("nesting of an example file = %d; goldmark's %d\n%s", got, deepest(src), src)
		}
	}
	var bodies []string
	for _, unit := range []string{"  ", "    ", "\t", " \t", "  \t", "\t  ", "> ", ">\t"} {
		for _, marker := range []string{"- ", "-\t", "1.\t", "* \t", "> ", ">\t", "- > ", "-\t>\t"} {
			for _, between := range []string{"", "text\n", "\n"} {
				var b strings.Builder
				for i := range 60 {
					b.WriteString(strings.Repeat(unit, i) + marker + "x\n" + between)
				}
				bodies = append(bodies, b.String())
			}
		}
	}
	pieces := []string{"- ", "* ", "+ ", "1. ", "01. ", "2) ", "10. ", "-", "> ", ">", " ", "  ", "   ", "    ", "\t",
		"```", "~~~", "text", "# h", "##", "---", "- - -", "===", "`x`", "<div>", "<pre>", "<!--", "-->", ""}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range 1 + r.IntN(20) {
			for range r.IntN(8) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			if r.IntN(3) > 0 {
				b.WriteString("word")
			}
			b.WriteString("\n")
		}
		bodies = append(bodies, b.String())
	}
	for _, src := range bodies {
		if _, got := nesting([]byte(src), 1<<30); got < deepest([]byte(src)) {
			t.Errorf("nesting(%q) = %d; goldmark's depth is %d", src, got, deepest([]byte(src)))
		}
	}
}

// TestTooManyFootnotes checks the bound on footnotes, references and
// definitions each, and that the warning counts what it says: 5,000
// references and 5,000 definitions were "10000 footnote references".
func TestTooManyFootnotes(t *testing.T) {
	body := func(refs, defs int, def string) string {
		var b strings.Builder
		for i := range refs {
			fmt.Fprintf(&b, "Claim[^%d].\n\n", i)
		}
		for i := range defs {
			fmt.Fprintf(&b, def+"\n", i, i)
		}
		return b.String()
	}
	for _, c := range []struct {
		name, src, warning string
	}{
		{"5,000 of each", body(5000, 5000, "[^%d]: Source %d."), "5000 footnote references, more than the 2000 brief links"},
		{"2,000 of each", body(MaxFootnotes, MaxFootnotes, "[^%d]: Source %d."), ""},
		{"2,000 in quotes", body(MaxFootnotes, MaxFootnotes, "> [^%d]: Source %d."), ""},
		{"2,001 definitions", body(10, MaxFootnotes+1, "  [^%d]: Source %d."), "2001 footnote definitions, more than the 2000 brief links"},
	} {
		res := New(Options{}).Convert([]byte(c.src), Page{File: "x.md", BodyLine: 5, Resolver: testSite})
		if c.warning == "" {
			if len(res.Problems) != 0 || !strings.Contains(string(res.HTML), "footnote-ref") {
				t.Errorf("%s: problems %+v; want none, and footnotes linked", c.name, res.Problems)
			}
			continue
		}
		if len(res.Problems) != 1 || !res.Problems[0].Warning || !strings.HasPrefix(res.Problems[0].Msg, c.warning) {
			t.Errorf("%s: problems = %+v; want one warning: %s…", c.name, res.Problems, c.warning)
		}
		if strings.Contains(string(res.HTML), "footnote-ref") {
			t.Errorf("%s: footnotes were linked despite the limit", c.name)
		}
	}
}
