package markdown

import (
	"fmt"
	"strings"
	"testing"

	"brief/generator/content"
)

// TestInline converts a briefing's takeaways and corrections with its
// body: inline markdown (links with the base path, emphasis, code,
// typography) becomes HTML without <p>, block syntax stays text, raw HTML
// is text unless the site allows it, and a link to a missing file is a
// problem at its place in the front matter. Text with no markdown
// character is its own HTML.
func TestInline(t *testing.T) {
	inline := []Inline{
		{Text: "Plain text, with numbers (1,290 km) and a colon: kept as it is.", Line: 3, Col: 6},
		{Text: "See [the PDF](/docs/a.pdf), [y](../y.md#context), *this* and `code`.", Line: 4, Col: 6},
		{Text: "The river's flow -- and \"quotes\"...", Line: 5, Col: 6},
		{Text: "# not a heading\n- nor a list", Line: 6, Col: 6},
		{Text: "A <b>tag</b> and https://example.org/x.", Line: 7, Col: 6},
		{Text: "[gone](missing.md) and ![](map.png)", Line: 9, Col: 11},
	}
	want := []string{
		"Plain text, with numbers (1,290 km) and a colon: kept as it is.",
		`See <a href="/b/docs/a.pdf">the PDF</a>, <a href="/b/world/y/#context">y</a>, <em>this</em> and <code>code</code>.`,
		"The river&rsquo;s flow &ndash; and &ldquo;quotes&rdquo;&hellip;",
		"# not a heading\n- nor a list",
		`A &lt;b&gt;tag&lt;/b&gt; and <a href="https://example.org/x" class="url">https://example.org/x</a>.`,
		`<a href="missing.md">gone</a> and <img src="map.png" alt="" width="640" height="360">`,
	}
	c := New(Options{})
	res := c.Convert([]byte("Body [x](../y.md)."), Page{File: "content/world/x/index.md", BodyLine: 12, BasePath: "/b/", Resolver: testSite, Inline: inline})
	if len(res.Inline) != len(want) {
		t.Fatalf("%d inline texts converted; want %d", len(res.Inline), len(want))
	}
	for i, w := range want {
		if res.Inline[i] != w {
			t.Errorf("Inline %q:\n got %s\nwant %s", inline[i].Text, res.Inline[i], w)
		}
	}
	var links, probs []string
	for _, l := range res.Links {
		links = append(links, fmt.Sprintf("%d:%d %s#%s", l.Line, l.Col, l.Path, l.Fragment))
	}
	for _, p := range res.Problems {
		probs = append(probs, fmt.Sprintf("%d:%d %v %s", p.Line, p.Col, p.Warning, p.Msg))
	}
	if got, want := strings.Join(links, "\n"), "12:10 /b/world/y/#\n4:20 /b/docs/a.pdf#\n4:38 /b/world/y/#context"; got != want {
		t.Errorf("links:\n%s\nwant\n%s", got, want)
	}
	if got, want := strings.Join(probs, "\n"), "9:18 false link to missing.md: there is no such page\n9:38 true image map.png has no alt text; describe it in the brackets: ![what it shows](map.png)"; got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
	if unsafe := New(Options{UnsafeHTML: true}).Convert(nil, Page{File: "content/world/x/index.md", BasePath: "/b/", Resolver: testSite, Inline: inline[4:5]}); unsafe.Inline[0] != `A <b>tag</b> and <a href="https://example.org/x" class="url">https://example.org/x</a>.` {
		t.Errorf("with raw HTML allowed: %s", unsafe.Inline[0])
	}
}

// TestInlineIndented: an Inline text indented four columns or a tab, or
// with such a line, keeps its text: the paragraph dropped it, and the
// takeaway was published empty. One that shows nothing (a comment) is an
// error at its place.
func TestInlineIndented(t *testing.T) {
	inline := []Inline{
		{Text: "    four spaces", Line: 3, Col: 6},
		{Text: "\tleading *tab*", Line: 4, Col: 6},
		{Text: "Line one\n\n    indented second paragraph", Line: 5, Col: 6},
		{Text: "<!-- TODO fill in -->", Line: 6, Col: 6},
	}
	want := []string{"four spaces", "leading <em>tab</em>", "Line one indented second paragraph", ""}
	res := New(Options{}).Convert(nil, Page{File: "content/world/x/index.md", BodyLine: 12, Resolver: testSite, Inline: inline})
	for i, w := range want {
		if res.Inline[i] != w {
			t.Errorf("Inline %q:\n got %q\nwant %q", inline[i].Text, res.Inline[i], w)
		}
	}
	var probs []string
	for _, p := range res.Problems {
		probs = append(probs, fmt.Sprintf("%d:%d %v %s", p.Line, p.Col, p.Warning, p.Msg))
	}
	if got, want := strings.Join(probs, "\n"), "6:6 false this text shows nothing on the page (an HTML comment is left out of it); write it, or delete the entry"; got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
}

// TestInlineParts: a problem in an Inline text is placed in the part of
// it that it is in, as many characters on as the part has before it: in
// the file as it is, on the lines after the first, with the blanks that
// start them; in its Spans; at its start when it is Coarse.
func TestInlineParts(t *testing.T) {
	inline := []Inline{
		{Text: "one\n    two [a](missing.md)", Line: 4, Col: 6},
		{Text: "Folded with [b](missing.md)", Line: 7, Col: 5, Spans: []content.Span{{Off: 7, At: content.Pos{Line: 8, Col: 5}}}},
		{Text: "Literal\n  indented [c](missing.md)\n", Line: 10, Col: 5, Spans: []content.Span{{Off: 8, At: content.Pos{Line: 11, Col: 5}}}},
		{Text: "x [d](missing.md)", Line: 13, Col: 6, Coarse: true},
	}
	res := New(Options{}).Convert(nil, Page{File: "content/world/x/index.md", BodyLine: 20, Resolver: testSite, Inline: inline})
	var probs []string
	for _, p := range res.Problems {
		probs = append(probs, fmt.Sprintf("%d:%d %s", p.Line, p.Col, p.Msg))
	}
	want := "5:13 link to missing.md: there is no such page\n8:14 link to missing.md: there is no such page\n" +
		"11:20 link to missing.md: there is no such page\n13:6 link to missing.md: there is no such page"
	if got := strings.Join(probs, "\n"); got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
}

func TestPlainText(t *testing.T) {
	for s, want := range map[string]bool{
		"": true, "Tokyo lies about 1,290 km (800 miles) from Pyongyang.": true, "Ratio: 3/4; 50% + 2 = #1?": true,
		"river's": false, `"q"`: false, "a *b*": false, "a_b": false, "[x](y)": false, "`c`": false, "a -- b": false,
		"wait...": false, "see www.example.org": false, "http://x": false, "a@b.org": false, "a<b": false, "a&b": false,
		"~x~": false, "a\\b": false, "two\nlines": false, " lead": false, "trail ": false,
	} {
		if got := plainText(s); got != want {
			t.Errorf("plainText(%q) = %v; want %v", s, got, want)
		}
	}
}
