package generator_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// briefingFront opens the front matter of a briefing titled title.
func briefingFront(title string) string {
	return "---\ntitle: " + title + "\nsummary: S.\ndate: 2026-01-02\ntopics: [Trade]\n"
}

// crawlIDs builds and crawls a site of files, which fails on a page with
// an id on two elements or a #fragment with no element (see crawl), and
// returns a function that checks that a page has the ids given.
func crawlIDs(t *testing.T, files map[string]string) (*served, *crawl, func(page string, want ...string)) {
	t.Helper()
	s := serve(t, build(t, writeFiles(t, files), projectBase), projectBase)
	c := s.crawl(t)
	return s, c, func(page string, want ...string) {
		t.Helper()
		got, ok := c.ids[s.prefix+page]
		if !ok {
			t.Fatalf("page %s not found", page)
		}
		for _, id := range want {
			if !slices.Contains(got, id) {
				t.Errorf("%s has no id %q; it has %q", page, id, got)
			}
		}
	}
}

// TestNoteIDs checks that the headings and footnotes of notes have ids of
// their own, on their briefing's page beside the article's and on their
// analyst's page beside notes on other briefings, and that a note's
// footnote marker leads to its own footnote.
func TestNoteIDs(t *testing.T) {
	note := func(analyst string) string {
		return "---\nanalyst: " + analyst + "\n---\n## Context\n\nA note's fact[^1].\n\n[^1]: " + analyst + "'s source.\n"
	}
	s, c, want := crawlIDs(t, map[string]string{
		"site.yaml":                        "base_url: https://org.github.io/briefings/\n",
		"content/world/b/index.md":         briefingFront("B") + "---\n## Context\n\nBody fact[^1].\n\n[^1]: Body source.\n",
		"content/world/b/notes/ann-lee.md": note("Ann Lee"),
		"content/world/b/notes/bo-chen.md": note("Bo Chen"),
		"content/asia/c/index.md":          briefingFront("C") + "---\nText.\n",
		"content/asia/c/notes/ann-lee.md":  note("Ann Lee"),
	})
	want("world/b/", "context", "fn:1", "fnref:1", "note-ann-lee", "note-bo-chen",
		"note-world/b/ann-lee/context", "note-world/b/ann-lee/fn:1", "note-world/b/ann-lee/fnref:1",
		"note-world/b/bo-chen/context", "note-world/b/bo-chen/fn:1", "note-world/b/bo-chen/fnref:1")
	want("analysts/ann-lee/", "note-world/b/ann-lee/fn:1", "note-asia/c/ann-lee/fn:1")
	page := c.pages[s.prefix+"world/b/"]
	for n := range page.Descendants() {
		if n.Type == html.ElementNode && n.Data == "sup" && attr(n, "id") == "note-world/b/bo-chen/fnref:1" {
			if a := n.FirstChild; a == nil || attr(a, "href") != "#note-world/b/bo-chen/fn:1" {
				t.Errorf("Bo Chen's footnote marker links elsewhere: %s", render(t, n))
			}
			return
		}
	}
	t.Error("Bo Chen's footnote marker not found")
}

// TestThemeIDsReserved checks that headings named like the theme's own
// elements get the next free id, on a briefing and on the home page, and
// that no heading takes an id that begins as notes' do.
func TestThemeIDsReserved(t *testing.T) {
	_, _, want := crawlIDs(t, map[string]string{
		"site.yaml":         "base_url: https://org.github.io/briefings/\n",
		"content/_index.md": "---\ntitle: Home\n---\n## All topics\n\n## Main\n\n## Latest\n",
		"content/world/b/index.md": briefingFront("B") +
			"takeaways: [One.]\ncorrections:\n  - date: 2026-01-03\n    text: Fixed.\n---\n" +
			"## Takeaways\n\n## Corrections\n\n## Main\n\n## Main\n\n## Related\n\n## Analyst notes\n\n## Note: East Asia Desk\n\n" +
			"See [the desk's note](#note-east-asia-desk).\n",
		"content/world/b/notes/east-asia-desk.md": "---\nanalyst: East Asia Desk\n---\nA note.\n",
		"content/world/c.md":                      briefingFront("C") + "---\nRelated to [B](b/index.md#main-1).\n",
	})
	want("world/b/", "main", "takeaways", "corrections", "related", "analyst-notes", "note-east-asia-desk",
		"takeaways-1", "corrections-1", "main-1", "main-2", "related-1", "analyst-notes-1", "heading-note-east-asia-desk")
	want("", "main", "all-topics", "latest", "all-topics-1", "main-1", "latest-1")
}

// TestHeadingIDsFollowSlugs checks that a heading's id is the slug of its
// text, in any script, that links to it resolve however they are
// written, and that a heading without letters keeps an id.
func TestHeadingIDsFollowSlugs(t *testing.T) {
	_, _, want := crawlIDs(t, map[string]string{
		"site.yaml": "base_url: https://org.github.io/briefings/\n",
		"content/world/b/index.md": briefingFront("B") + "---\n" +
			"See [Japan](#日本の経済) and [Japan again](#%E6%97%A5%E6%9C%AC%E3%81%AE%E7%B5%8C%E6%B8%88).\n\n" +
			"## 日本の経済\n\n## Côte d'Ivoire\n\n## 🚀🚀\n\n## 🚀\n\n## <em>raw</em> heading\n\n## Straße & `code` [link](https://go.dev/)\n",
		"content/asia/c.md": briefingFront("C") + "---\nSee [B's Japan](../world/b/index.md#日本の経済) and [the coast](../world/b/index.md#cote-d-ivoire).\n",
	})
	want("world/b/", "日本の経済", "cote-d-ivoire", "heading", "heading-1", "raw-heading", "strasse-code-link")
}

// TestCustomHeadingIDs checks ids written after a heading ({#id}, as Hugo,
// Zola and kramdown take them) wherever headings are converted: a
// briefing, a note, a section's intro, the home page's and a plain page.
// Links to them from other pages and the same page resolve; a custom id
// the theme or an earlier heading has takes the next free one; the
// heading shows its text without the list; and no attribute but the id
// reaches the page.
func TestCustomHeadingIDs(t *testing.T) {
	s, c, want := crawlIDs(t, map[string]string{
		"site.yaml":         "base_url: https://org.github.io/briefings/\n",
		"content/_index.md": "---\ntitle: Home\n---\n## Start here {#start}\n",
		"content/world/_index.md": "---\ntitle: World\n---\nScope {#scope}\n---\n\n" +
			"See [B's custom heading](b/index.md#custom-id).\n",
		"content/world/b/index.md": briefingFront("B") + "---\n" +
			"Jump to [the custom heading](#custom-id).\n\n" +
			"## Custom {#custom-id}\n\n## Main {#main}\n\n## Again {#custom-id}\n\n" +
			"## Click {#click .lead onclick=\"alert(1)\" style=\"color:red\"}\n",
		"content/world/b/notes/ann-lee.md": "---\nanalyst: Ann Lee\n---\n## How {#method}\n\nSee [method](#method) and [the article's](#custom-id).\n",
		"content/analysts/ann-lee.md":      "---\nname: Ann Lee\n---\nAnalyst.\n",
		"content/about.md":                 "---\ntitle: About\n---\n## Write to us {#contact}\n",
		"content/asia/c.md": briefingFront("C") + "---\n" +
			"See [B](../world/b/index.md#custom-id), [the method](../world/b/index.md#note-world/b/ann-lee/method), " +
			"[contact](../about.md#contact), [scope](../world/_index.md#scope) and [start](../_index.md#start).\n",
	})
	want("world/b/", "custom-id", "main", "main-1", "custom-id-1", "click", "note-world/b/ann-lee/method")
	want("analysts/ann-lee/", "note-world/b/ann-lee/method")
	want("world/", "scope")
	want("about/", "contact")
	want("", "start")
	for page, text := range map[string]string{"world/b/": "Custom", "world/": "Scope", "about/": "Write to us", "": "Start here"} {
		found := false
		for n := range c.pages[s.prefix+page].Descendants() {
			if n.Type == html.ElementNode && len(n.Data) == 2 && n.Data[0] == 'h' && n.FirstChild != nil && n.FirstChild.Data == text {
				found = n.FirstChild.NextSibling == nil
			}
		}
		if !found {
			t.Errorf("%s has no heading that reads %q", page, text)
		}
	}
	for n := range c.pages[s.prefix+"world/b/"].Descendants() {
		if n.Type == html.ElementNode && attr(n, "id") == "click" && len(n.Attr) != 1 {
			t.Errorf("the heading with attributes has more than its id: %s", render(t, n))
		}
	}
}

func render(t *testing.T, n *html.Node) string {
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
