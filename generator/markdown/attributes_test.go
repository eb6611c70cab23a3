package markdown

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestHeadingAttributes checks {#id} after a heading, as Hugo, Zola and
// kramdown take it: the heading's text is without it, its id is the
// writer's, by the rules of every heading id (an id taken, reserved,
// a note's or a footnote's gets the next free one, with a warning), other
// attributes reach the page only with unsafe_html, and each one left out
// is warned of at its list. Braces that are not a list stay text.
func TestHeadingAttributes(t *testing.T) {
	opts := Options{ReservedIDs: []string{"main", "related"}, ReservedPrefix: "note-"}
	for _, c := range []struct {
		name   string
		src    string
		prefix string
		unsafe bool
		html   []string // in the HTML, in this order
		ids    []string
		probs  []string // line:col: a part of the message, in order
	}{
		{name: "atx", src: "## Custom {#custom-id}\n",
			html: []string{`<h2 id="custom-id">Custom</h2>`}, ids: []string{"custom-id"}},
		{name: "closing hashes and blanks", src: "### Custom ###   {#Custom_ID:v1.2}  \n",
			html: []string{`<h3 id="Custom_ID:v1.2">Custom</h3>`}, ids: []string{"Custom_ID:v1.2"}},
		{name: "setext", src: "Two\nlines {#two}\n---\n\nOne {#日本}\n===\n",
			html: []string{"<h2 id=\"two\">Two\nlines</h2>", `<h2 id="日本">One</h2>`}, ids: []string{"two", "日本"}},
		{name: "in a quote and a list", src: "> ## Quoted {#q}\n\n- ## Listed {#l}\n",
			html: []string{`<h2 id="q">Quoted</h2>`, `<h2 id="l">Listed</h2>`}, ids: []string{"q", "l"}},
		{name: "same-page link", src: "See [it](#custom-id).\n\n## Custom {#custom-id}\n",
			html: []string{`<a href="#custom-id">it</a>`, `<h2 id="custom-id">Custom</h2>`}, ids: []string{"custom-id"}},
		{name: "a note's", src: "See [method](#method).\n\n## How {#method}\n", prefix: "note-world/x/desk/",
			html: []string{`<a href="#note-world/x/desk/method">method</a>`, `<h4 id="note-world/x/desk/method">How</h4>`},
			ids:  []string{"note-world/x/desk/method"}},
		{name: "clashes", src: "## Context\n## Why {#context}\n## Top {#main}\n## Desk {#note-desk}\n## Source {#fn:1}\n## Context\n",
			ids: []string{"context", "context-1", "main-1", "heading-note-desk", "fn:1-1", "context-2"},
			probs: []string{
				"7:8: heading id `context` is taken: an earlier heading has that id; this heading's id is `context-1`",
				"8:8: heading id `main` is taken: the theme gives that id to an element of its own; this heading's id is `main-1`",
				"9:9: heading id `note-desk` is taken: ids beginning `note-` are the analyst notes'; this heading's id is `heading-note-desk`",
				"10:11: heading id `fn:1` is taken: that is how footnotes' ids are written; this heading's id is `fn:1-1`",
			}},
		{name: "clash in a note", src: "## Main {#main}\n## Again {#main}\n", prefix: "note-a/b/c/",
			ids:   []string{"note-a/b/c/main", "note-a/b/c/main-1"},
			probs: []string{"7:10: heading id `main` is taken: an earlier heading has that id; this heading's id is `main-1`"}},
		{name: "attributes left out", src: "## Click {#c .lead onclick=\"alert(1)\" style=\"color:red\" data-x=\"1\"}\n",
			html:  []string{`<h2 id="c">Click</h2>`},
			ids:   []string{"c"},
			probs: []string{"6:10: class, onclick, style, data-x in `{#c .lead onclick=\"alert(1)\" style=\"color:red\" data-x=\"1\"}` left out of the page: a heading takes only its id"}},
		{name: "attributes alone", src: "## Click {onclick=\"alert(1)\"}\n",
			html:  []string{`<h2 id="click">Click</h2>`},
			ids:   []string{"click"},
			probs: []string{"6:10: onclick in `{onclick=\"alert(1)\"}` left out of the page"}},
		{name: "attributes with unsafe_html", src: "## Click {#c .lead onclick=\"alert(1)\" title=\"T\" data-x=\"1\" data-n=1}\n", unsafe: true,
			html:  []string{`<h2 id="c" class="lead" title="T" data-x="1">Click</h2>`},
			ids:   []string{"c"},
			probs: []string{"6:10: onclick, data-n in `{#c .lead onclick=\"alert(1)\" title=\"T\" data-x=\"1\" data-n=1}` left out of the page: a heading carries only the attributes HTML gives every element"}},
		{name: "an id that is none", src: "## Q {id=\"a b\\\" onclick=\\\"x\"}\n## R {id=5}\n",
			html: []string{`<h2 id="q">Q</h2>`, `<h2 id="r">R</h2>`}, ids: []string{"q", "r"},
			probs: []string{"6:6: the id in `{id=\"a b\\\" onclick=\\\"x\"}` is ignored", "7:6: the id in `{id=5}` is ignored"}},
		{name: "empty list", src: "## Using struct{}\n## Escaped struct\\{}\n",
			html:  []string{`<h2 id="using-struct">Using struct</h2>`, `<h2 id="escaped-struct">Escaped struct{}</h2>`},
			ids:   []string{"using-struct", "escaped-struct"},
			probs: []string{"6:16: `{}` at the end of a heading is read as an empty list of attributes"}},
		{name: "braces that are text", src: "## Sets {a, b}\n## Template {{name}}\n## Not last {#x} here\n## Brace {#a/b}\nSetext {x}\n---\n",
			html: []string{`<h2 id="sets-a-b">Sets {a, b}</h2>`, `<h2 id="template-name">Template {{name}}</h2>`,
				`<h2 id="not-last-x-here">Not last {#x} here</h2>`, `<h2 id="brace-a-b">Brace {#a/b}</h2>`, `<h2 id="setext-x">Setext {x}</h2>`},
			ids: []string{"sets-a-b", "template-name", "not-last-x-here", "brace-a-b", "setext-x"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := opts
			o.UnsafeHTML = c.unsafe
			res := New(o).Convert([]byte(c.src), Page{File: "content/world/x/index.md", BodyLine: 6, Resolver: testSite, IDPrefix: c.prefix})
			html := string(res.HTML)
			rest := html
			for _, want := range c.html {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("HTML of %q has no %s after what came before:\n%s", c.src, want, html)
				}
				rest = rest[i+len(want):]
			}
			if !c.unsafe && (strings.Contains(html, "onclick") || strings.Contains(html, "style") || strings.Contains(html, "class")) {
				t.Errorf("HTML of %q carries an attribute other than an id:\n%s", c.src, html)
			}
			if !slices.Equal(res.IDs, c.ids) {
				t.Errorf("ids of %q = %q; want %q", c.src, res.IDs, c.ids)
			}
			var got []string
			for _, p := range res.Problems {
				got = append(got, fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg))
				if !p.Warning {
					t.Errorf("%s is an error; want a warning", got[len(got)-1])
				}
			}
			if len(got) != len(c.probs) {
				t.Fatalf("problems of %q:\n%s\nwant:\n%s", c.src, strings.Join(got, "\n"), strings.Join(c.probs, "\n"))
			}
			for i, want := range c.probs {
				if !strings.HasPrefix(got[i], want) {
					t.Errorf("problem %d of %q = %s; want it to begin %s", i, c.src, got[i], want)
				}
			}
		})
	}
}
