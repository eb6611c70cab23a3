package markdown

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// site is a Resolver over a fixed set of pages and files.
type site struct {
	pages     map[string]string // source path → URL
	resources map[string]string // source path → URL
	pictures  map[string][2]int // source path → width and height
}

func (s site) PageURL(p string) (string, error) {
	if u, ok := s.pages[p]; ok {
		return u, nil
	}
	return "", errors.New("there is no such page")
}

func (s site) ResourceURL(p string) (string, error) {
	if u, ok := s.resources[p]; ok {
		return u, nil
	}
	return "", ErrNoFile
}

func (s site) PictureSize(p string) (int, int) {
	size := s.pictures[p]
	return size[0], size[1]
}

var testSite = site{
	pages:     map[string]string{"content/world/y.md": "/b/world/y/", "content/world/x/index.md": "/b/world/x/"},
	resources: map[string]string{"content/world/x/map.png": "/b/world/x/map.png", "content/world/z/chart.png": "/b/world/z/chart.png", "content/world/x/notes.txt": "/b/world/x/notes.txt"},
	pictures:  map[string][2]int{"content/world/x/map.png": {640, 360}, "content/world/x/notes.txt": {10, 10}},
}

// convert renders body as the body of content/world/x/index.md, which
// starts on line 6 of the file.
func convert(body string, unsafe bool) Result {
	c := New(Options{UnsafeHTML: unsafe})
	return c.Convert([]byte(body), Page{File: "content/world/x/index.md", BodyLine: 6, BasePath: "/b/", Resolver: testSite})
}

func problems(r Result) string {
	var out []string
	for _, p := range r.Problems {
		kind := "error"
		if p.Warning {
			kind = "warning"
		}
		out = append(out, fmt.Sprintf("%d:%d: %s: %s", p.Line, p.Col, kind, p.Msg))
	}
	return strings.Join(out, "\n")
}

func TestLinks(t *testing.T) {
	tests := []struct {
		name, body string
		html       string // the whole HTML of the body
		problems   string // as problems() prints them
	}{
		{
			name: "page link rewritten to its URL, anchor kept",
			body: "See [Y](../y.md#context).",
			html: `<p>See <a href="/b/world/y/#context">Y</a>.</p>`,
		},
		{
			name: "root-relative link gets the base path",
			body: "[All topics](/topics/)",
			html: `<p><a href="/b/topics/">All topics</a></p>`,
		},
		{
			name:     "missing page, positioned at its destination",
			body:     "Intro.\n\nSee [the explainer](../sanctions.md) now.",
			html:     `<p>Intro.</p>` + "\n" + `<p>See <a href="../sanctions.md">the explainer</a> now.</p>`,
			problems: "8:21: error: link to ../sanctions.md: there is no such page",
		},
		{
			name: "another bundle's file: its URL, since it is not beside this page",
			body: "![Chart](../z/chart.png#detail) and [the map](./map.png)",
			html: `<p><img src="/b/world/z/chart.png#detail" alt="Chart"> and <a href="./map.png">the map</a></p>`,
		},
		{
			name:     "a file of static/ by a relative path",
			body:     "[Report](../../../static/docs/report.pdf)",
			html:     `<p><a href="../../../static/docs/report.pdf">Report</a></p>`,
			problems: "6:10: error: link to ../../../static/docs/report.pdf: files in static/ are published at the root of the site; link to /docs/report.pdf",
		},
		{
			name:     "missing image",
			body:     "![Launch map](launch.png)",
			html:     `<p><img src="launch.png" alt="Launch map"></p>`,
			problems: "6:15: error: image launch.png: no such file beside this page (looked for content/world/x/launch.png)",
		},
		{
			name:     "image without alt text is a warning",
			body:     "A map: ![](map.png)",
			html:     `<p>A map: <img src="map.png" alt="" width="640" height="360"></p>`,
			problems: "6:12: warning: image map.png has no alt text; describe it in the brackets: ![what it shows](map.png)",
		},
		{
			name: "an image's size is given, a link's is not, nor an unknown one",
			body: "![Map](map.png \"Range\") ![Chart](../z/chart.png) [notes](notes.txt)",
			html: `<p><img src="map.png" alt="Map" title="Range" width="640" height="360"> <img src="/b/world/z/chart.png" alt="Chart"> <a href="notes.txt">notes</a></p>`,
		},
		{
			name:     "javascript: link dropped, text kept",
			body:     "[click](javascript:alert(1))",
			html:     `<p>click</p>`,
			problems: "6:9: warning: javascript: URL dropped: pages carry no script or embedded documents; link to a page or file instead",
		},
		{
			name:     "scheme in capitals",
			body:     "[click](JaVaScRiPt:alert(1))",
			html:     `<p>click</p>`,
			problems: "6:9: warning: javascript: URL dropped: pages carry no script or embedded documents; link to a page or file instead",
		},
		{
			name:     "scheme spelt with an entity",
			body:     "[click](&#106;avascript:alert(1))",
			html:     `<p>click</p>`,
			problems: "6:9: warning: javascript: URL dropped: pages carry no script or embedded documents; link to a page or file instead",
		},
		{
			name:     "scheme behind a backslash escape",
			body:     "[click](javascript\\:alert(1))",
			html:     `<p>click</p>`,
			problems: "6:9: warning: javascript: URL dropped: pages carry no script or embedded documents; link to a page or file instead",
		},
		{
			name:     "an escaped entity is not resolved twice",
			body:     "[click](&amp;#106;avascript:alert(1))",
			html:     `<p><a href="&amp;#106;avascript:alert(1)">click</a></p>`,
			problems: "6:9: error: link to &: no such file beside this page (looked for content/world/x/&)",
		},
		{
			name:     "vbscript: link dropped",
			body:     "[click](vbscript:msgbox)",
			html:     `<p>click</p>`,
			problems: "6:9: warning: vbscript: URL dropped: pages carry no script or embedded documents; link to a page or file instead",
		},
		{
			name:     "data: link dropped",
			body:     "[doc](data:text/html;base64,PHNjcmlwdD4=)",
			html:     `<p>doc</p>`,
			problems: "6:7: warning: data: URL dropped: pages carry no script or embedded documents; link to a page or file instead",
		},
		{
			name: "data: PNG image kept",
			body: "![dot](data:image/png;base64,iVBORw0KGgo=)",
			html: `<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"></p>`,
		},
		{
			name:     "data: SVG image dropped",
			body:     "![logo](data:image/svg+xml;base64,PHN2Zz4=)",
			html:     `<p>logo</p>`,
			problems: "6:9: warning: data: URL dropped: pages carry no script or embedded documents; link to a page or file instead",
		},
		{
			name:     "file: link dropped, text kept",
			body:     "[x](file:///etc/passwd)",
			html:     `<p>x</p>`,
			problems: "6:5: warning: file: URL dropped: it names a file on the reader's own computer; link to a page or file of the site instead",
		},
		{
			name:     "file: link in capitals",
			body:     "[x](FILE://C:/report.pdf)",
			html:     `<p>x</p>`,
			problems: "6:5: warning: file: URL dropped: it names a file on the reader's own computer; link to a page or file of the site instead",
		},
		{
			name:     "file: image dropped",
			body:     "![a map](file:///home/me/map.png)",
			html:     `<p>a map</p>`,
			problems: "6:10: warning: file: URL dropped: it names a file on the reader's own computer; link to a page or file of the site instead",
		},
		{
			name:     "file: autolink becomes text",
			body:     "<file:///etc/passwd>",
			html:     `<p>file:///etc/passwd</p>`,
			problems: "6:2: warning: file: URL dropped: it names a file on the reader's own computer; link to a page or file of the site instead",
		},
		{
			name:     "javascript: autolink becomes text",
			body:     "A <javascript:alert(1)>",
			html:     `<p>A javascript:alert(1)</p>`,
			problems: "6:4: warning: javascript: URL dropped: pages carry no script or embedded documents; link to a page or file instead",
		},
		{
			name:     "a bare percent sign",
			body:     "![Growth](growth-50%.png)",
			html:     `<p><img src="growth-50%25.png" alt="Growth"></p>`,
			problems: "6:11: error: link \"growth-50%.png\" is not a valid URL: parse \"growth-50%.png\": invalid URL escape \"%.p\"; write a % sign in an address as %25 (growth-50%25.png)",
		},
		{
			name:     "a link with no address is its text",
			body:     "A [TK]() b",
			html:     `<p>A TK b</p>`,
			problems: "6:6: warning: link with no address: its text is shown without a link; write the address in the parentheses, or drop the brackets",
		},
		{
			name:     "a reference with no address is its text too",
			body:     "[ref][]\n\n[ref]: <>",
			html:     `<p>ref</p>`,
			problems: "6:5: warning: link with no address: its text is shown without a link; write the address in the parentheses, or drop the brackets",
		},
		{
			name:     "an image with no address is its alt text",
			body:     "![chart]()",
			html:     `<p>chart</p>`,
			problems: "6:8: warning: image with no address: its alt text is shown in its place; write the file's name in the parentheses",
		},
		{
			name: "web link kept",
			body: "<https://example.com/a?b=1&c=2> and [x](https://example.com)",
			html: `<p><a href="https://example.com/a?b=1&amp;c=2" class="url">https://example.com/a?b=1&amp;c=2</a> and <a href="https://example.com">x</a></p>`,
		},
	}
	for _, unsafe := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/unsafe=%v", tt.name, unsafe), func(t *testing.T) {
				r := convert(tt.body, unsafe)
				if got := strings.TrimSpace(string(r.HTML)); got != tt.html {
					t.Errorf("Convert(%q):\n got %s\nwant %s", tt.body, got, tt.html)
				}
				if got := problems(r); got != tt.problems {
					t.Errorf("Convert(%q) problems:\n got %s\nwant %s", tt.body, got, tt.problems)
				}
			})
		}
	}
}

// TestLinkPositions checks lines and columns in a body with several blocks,
// links on one line, and a long body with many links.
func TestLinkPositions(t *testing.T) {
	body := "# Title\n\nText [a](a.md) and [b](b.md).\n\n- item [c](c.md)\n\n> quoted\n> [d](d.md)\n"
	r := convert(body, false)
	want := []string{"8:10", "8:24", "10:12", "13:7"}
	if len(r.Problems) != len(want) {
		t.Fatalf("got %d problems; want %d:\n%s", len(r.Problems), len(want), problems(r))
	}
	for i, p := range r.Problems {
		if got := fmt.Sprintf("%d:%d", p.Line, p.Col); got != want[i] {
			t.Errorf("problem %d (%s) at %s; want %s", i, p.Msg, got, want[i])
		}
	}

	var long strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&long, "Line %d links [to a missing page](missing-%d.md).\n", i, i)
	}
	r = convert(long.String(), false)
	if len(r.Problems) != 20000 {
		t.Fatalf("got %d problems; want 20000", len(r.Problems))
	}
	last := r.Problems[len(r.Problems)-1]
	if last.Line != 6+19999 || last.Col != 38 {
		t.Errorf("last problem at %d:%d; want %d:38", last.Line, last.Col, 6+19999)
	}
}

// TestResourceLinksFromPagesElsewhere: a note (shown on its briefing's page
// and its analyst's), a single-file briefing and a plain page are not in
// the folder of a bundle's files, so links to them become the files' URLs.
// They were written as they were, and led nowhere.
func TestResourceLinksFromPagesElsewhere(t *testing.T) {
	for _, c := range []struct{ file, body, html string }{
		{"content/world/x/notes/desk.md", "![Map](../map.png)", `<p><img src="/b/world/x/map.png" alt="Map" width="640" height="360"></p>`},
		{"content/world/single.md", "![Map](x/map.png)", `<p><img src="/b/world/x/map.png" alt="Map" width="640" height="360"></p>`},
		{"content/about.md", "[map](world/x/map.png?v=2)", `<p><a href="/b/world/x/map.png?v=2">map</a></p>`},
	} {
		r := New(Options{}).Convert([]byte(c.body), Page{File: c.file, BodyLine: 6, BasePath: "/b/", Resolver: testSite})
		if got := strings.TrimSpace(string(r.HTML)); got != c.html || len(r.Problems) != 0 {
			t.Errorf("%s: %q gave\n%s\nproblems %v; want\n%s", c.file, c.body, got, r.Problems, c.html)
		}
	}
}

// TestEscapesInRewrittenLinks: a file named with # ? or % keeps the name's
// escapes when its link is rewritten. The URL was written decoded, so the
// browser asked for fig (with #1.png as the fragment) or why (with the
// query .png), and the deployed site answered 404.
func TestEscapesInRewrittenLinks(t *testing.T) {
	res := site{resources: map[string]string{
		"content/world/x/fig#1.png": "/b/world/x/fig#1.png",
		"content/world/x/why?.png":  "/b/world/x/why?.png",
		"content/world/x/100%.png":  "/b/world/x/100%.png",
	}}
	for _, c := range []struct{ body, html, link string }{
		{"![F](../fig%231.png)", `<p><img src="/b/world/x/fig%231.png" alt="F"></p>`, ""},
		{"![W](../why%3F.png)", `<p><img src="/b/world/x/why%3F.png" alt="W"></p>`, ""},
		{"![P](../100%25.png)", `<p><img src="/b/world/x/100%25.png" alt="P"></p>`, ""},
		{"[Q](/q&a%232.pdf#page=2)", `<p><a href="/b/q&amp;a%232.pdf#page=2">Q</a></p>`, "/b/q&a#2.pdf"},
	} {
		r := New(Options{}).Convert([]byte(c.body), Page{File: "content/world/x/notes/desk.md", BodyLine: 6, BasePath: "/b/", Resolver: res})
		if got := strings.TrimSpace(string(r.HTML)); got != c.html || len(r.Problems) != 0 {
			t.Errorf("%q gave\n%s\nproblems %v; want\n%s", c.body, got, r.Problems, c.html)
		}
		// The link checked is the file's path, decoded.
		if c.link != "" && (len(r.Links) != 1 || r.Links[0].Path != c.link) {
			t.Errorf("%q: links %+v, want the path %q", c.body, r.Links, c.link)
		}
	}
}

// TestNoteOwnAnchors: a note's ids begin with its prefix, so a same-page
// link to one of its own headings must take the prefix too (it reached the
// article's heading of that name, or none); one to a heading it does not
// have is the article's, on its briefing's page (the note is shown on its
// analyst's page too, which has no such heading).
func TestNoteOwnAnchors(t *testing.T) {
	body := "See [the method](#method), [the context](#context) and the note[^1].\n\n## Method\n\nCounted by hand.\n\n[^1]: A source.\n"
	r := New(Options{}).Convert([]byte(body), Page{File: "content/world/x/notes/desk.md", BodyLine: 6, BasePath: "/b/", Resolver: testSite, IDPrefix: "note-world/x/desk/"})
	html := string(r.HTML)
	for _, want := range []string{`href="#note-world/x/desk/method"`, `href="/b/world/x/#context"`, `id="note-world/x/desk/method"`} {
		if !strings.Contains(html, want) {
			t.Errorf("no %s in\n%s", want, html)
		}
	}
	var frags []string
	for _, l := range r.Links {
		frags = append(frags, l.Path+"#"+l.Fragment)
	}
	if want := []string{"#note-world/x/desk/method", "/b/world/x/#context"}; !slices.Equal(frags, want) {
		t.Errorf("links to check %q; want %q", frags, want)
	}
}
