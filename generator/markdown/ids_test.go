package markdown

import (
	"slices"
	"strings"
	"testing"
)

// TestHeadingIDs checks the ids a body's headings get: the slug of the
// text a reader sees, a fallback without letters, the next free one for a
// repeated or reserved id, heading- before a reserved prefix, and a
// body's prefix before each.
func TestHeadingIDs(t *testing.T) {
	opts := Options{ReservedIDs: []string{"main", "related"}, ReservedPrefix: "note-"}
	for _, c := range []struct {
		src    string
		prefix string
		want   []string
	}{
		{"## Context\n## Context\n## Context-1", "", []string{"context", "context-1", "context-1-1"}},
		{"# Title\nSetext\n---", "", []string{"title", "setext"}},
		{"## 日本の経済\n## Côte d'Ivoire\n## Øresund, Straße", "", []string{"日本の経済", "cote-d-ivoire", "oresund-strasse"}},
		{"## हिन्दी समाचार", "", []string{"हिन्दी-समाचार"}},
		{"## 🚀🚀\n## 🚀\n## Heading", "", []string{"heading", "heading-1", "heading-2"}},
		{"## <em>raw</em> heading\n## AT&amp;T \\*now\\*", "", []string{"raw-heading", "at-t-now"}},
		{"## *Bold* `x<y` [link](https://go.dev/) ![img](a.png) <https://go.dev>[^1]\n\n[^1]: N.", "", []string{"bold-x-y-link-https-go-dev"}},
		{"## Main\n## Main\n## Related\n## Main 1", "", []string{"main-1", "main-2", "related-1", "main-1-1"}},
		{"## Note: East Asia Desk\n## Notes", "", []string{"heading-note-east-asia-desk", "notes"}},
		{"## Main\n## Context\n## Context\n## 🚀", "note-a/b/c/", []string{"note-a/b/c/main", "note-a/b/c/context", "note-a/b/c/context-1", "note-a/b/c/heading"}},
	} {
		res := New(opts).Convert([]byte(c.src), Page{File: "content/world/x/index.md", BodyLine: 6, Resolver: testSite, IDPrefix: c.prefix})
		got := slices.DeleteFunc(res.IDs, func(id string) bool { return strings.HasPrefix(id, "fn:") })
		if !slices.Equal(got, c.want) {
			t.Errorf("heading ids of %q (prefix %q) = %q; want %q", c.src, c.prefix, got, c.want)
		}
		for _, id := range c.want {
			if !strings.Contains(string(res.HTML), ` id="`+id+`"`) {
				t.Errorf("HTML of %q has no id %q:\n%s", c.src, id, res.HTML)
			}
		}
	}
}

// TestFootnoteIDPrefix checks that a body's prefix begins its footnotes'
// ids and the links between marker and note, and that the same converter
// gives a body without a prefix goldmark's plain ids.
func TestFootnoteIDPrefix(t *testing.T) {
	conv := New(Options{})
	src := []byte("Fact[^1] and[^1].\n\n[^1]: Source.\n")
	res := conv.Convert(src, Page{File: "content/w/x/notes/a.md", Resolver: testSite, IDPrefix: "note-w/x/a/"})
	for _, want := range []string{
		`<sup id="note-w/x/a/fnref:1"><a href="#note-w/x/a/fn:1"`,
		`<sup id="note-w/x/a/fnref1:1"><a href="#note-w/x/a/fn:1"`,
		`<li id="note-w/x/a/fn:1">`,
		`<a href="#note-w/x/a/fnref:1" class="footnote-backref"`,
	} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("HTML has no %s:\n%s", want, res.HTML)
		}
	}
	if !slices.Equal(res.IDs, []string{"note-w/x/a/fn:1"}) {
		t.Errorf("ids = %q; want the prefixed footnote", res.IDs)
	}
	res = conv.Convert(src, Page{File: "content/w/x/index.md", Resolver: testSite})
	if !strings.Contains(string(res.HTML), `<li id="fn:1">`) || strings.Contains(string(res.HTML), "note-w") {
		t.Errorf("a body without a prefix:\n%s", res.HTML)
	}
}

// TestHeadingLevels: a body's # is an h2, below the page's title; a body
// with an id prefix, a note shown in a card under an h3, has its headings
// from h4 down, the deepest at h6.
func TestHeadingLevels(t *testing.T) {
	src := []byte("# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n")
	for prefix, want := range map[string]string{
		"":          "h2 h2 h3 h4 h5 h6",
		"note-a/b/": "h4 h4 h5 h6 h6 h6",
	} {
		html := string(New(Options{}).Convert(src, Page{File: "content/world/x/index.md", Resolver: testSite, IDPrefix: prefix}).HTML)
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(html), "\n") {
			got = append(got, line[1:3])
		}
		if strings.Join(got, " ") != want {
			t.Errorf("prefix %q: levels %s; want %s\n%s", prefix, strings.Join(got, " "), want, html)
		}
	}
}
