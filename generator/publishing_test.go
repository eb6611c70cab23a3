package generator_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"brief/generator"
	"brief/generator/diag"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

const projectBase = "https://example.github.io/briefings/"

// trickyTitle has everything that can break out of an attribute, a text
// node, a JSON string or a <script> element.
const trickyTitle = "Quotes \"double\" 'single' <b>bold</b> & </script><script>alert(1)</script> <!-- \u2028 end"

// publishingSite is a small site with two sections, a bundle with an
// image, corrections, a custom domain and full-content feeds.
func publishingSite(t *testing.T, cname string) string {
	t.Helper()
	files := map[string]string{
		"site.yaml": "title: \"Desk & <Co>\"\ndescription: \"Tests \\\"publishing\\\"\"\nbase_url: https://wrong.example/\nfeed_content: full\npaginate: 2\n" +
			"cname: \"" + cname + "\"\n",
		"content/about.md": "---\ntitle: About\n---\nSee the [latest](/) and [topics](/topics/).\n",
		"content/world/tricky/index.md": "---\ntitle: " + yamlString(trickyTitle) + "\nsummary: " + yamlString("Summary with "+trickyTitle) +
			"\ndate: 2026-01-05T09:00:00+09:00\nupdated: 2026-01-07\nauthor: Jane Roe\ntopics: [North Korea, Missile Defense]\n" +
			"corrections:\n  - date: 2026-01-06\n    text: " + yamlString("Fixed </script> & \"range\".") + "\n  - date: 2026-01-07\n    text: Second.\n---\n" +
			"Lede with ![a map](map.png), [a section](/economy/), [an anchor](#corrections), [another page](../../economy/rates.md) and [elsewhere](https://go.dev/).\n",
		"content/world/tricky/map.png": "\x89PNG\r\n",
		"content/world/plain.md":       "---\ntitle: Plain\nsummary: A plain briefing.\ndate: 2026-01-04\ntopics: [North Korea]\n---\nBody.\n",
		"content/economy/rates.md":     "---\ntitle: Rates\nsummary: Rates explained.\ndate: 2026-01-02\nauthor: Sam Poe\ntopics: [Economy]\n---\nRates [back](../world/plain.md).\n",
	}
	for i := 1; i <= generator.FeedEntries+3; i++ {
		files[fmt.Sprintf("content/archive/old-%02d.md", i)] = fmt.Sprintf("---\ntitle: Old %d\nsummary: Old briefing %d.\ndate: 2025-06-%02d\ntopics: [Archive, Economy]\n---\nOld.\n", i, i, i)
	}
	return writeFiles(t, files)
}

func yamlString(s string) string {
	b, _ := json.Marshal(s) // JSON strings are YAML double-quoted strings
	return string(b)
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// build builds src for baseURL into a new folder and returns it.
func build(t *testing.T, src, baseURL string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(generator.Config{Source: src, Out: out, BaseURL: baseURL, Log: io.Discard}); err != nil {
		t.Fatalf("build %s: %v", src, err)
	}
	return out
}

// TestPublishedSiteUnderSubpath builds a site for a project site and for a
// user site, serves each under its base path only, and crawls it.
func TestPublishedSiteUnderSubpath(t *testing.T) {
	for _, base := range []string{projectBase, "https://example.github.io/"} {
		t.Run(base, func(t *testing.T) {
			src := publishingSite(t, "")
			s := serve(t, build(t, src, base), base)
			c := s.crawl(t)
			checkCrawl(t, s, c, 1+4) // the site, and North Korea, Missile Defense, Economy, Archive
			checkFeeds(t, s, c, true)
			checkArticles(t, s, c)
		})
	}
}

// TestExampleSite crawls the repository's example site built for a
// project site.
func TestExampleSite(t *testing.T) {
	src := ".."
	if _, err := os.Stat(filepath.Join(src, "content")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the example site is missing: %v", err)
		}
		t.Skipf("no example site yet: %v", err)
	}
	s := serve(t, build(t, src, projectBase), projectBase)
	c := s.crawl(t)
	checkCrawl(t, s, c, -1)
	checkFeeds(t, s, c, false)
	if n := checkArticles(t, s, c); n == 0 {
		t.Error("the example site has no briefing pages")
	}
	t.Logf("crawled %d pages, %d feeds, %d links", len(c.pages), len(c.feeds), c.links)
}

// TestArticleMetadataEscaping checks that a title made of quotes, markup
// and </script> reads back exactly from every place it is written, and
// adds no element, script or comment to the page.
func TestArticleMetadataEscaping(t *testing.T) {
	s := serve(t, build(t, publishingSite(t, ""), projectBase), projectBase)
	c := s.crawl(t)
	tricky, plain := c.pages[s.prefix+"world/tricky/"], c.pages[s.prefix+"world/plain/"]
	if tricky == nil || plain == nil {
		t.Fatal("briefing pages not found")
	}
	ld, _ := jsonLD(t, "tricky", tricky)
	if ld == nil {
		t.Fatal("no JSON-LD")
	}
	meta := metaTags(tricky)
	for name, got := range map[string]string{
		"JSON-LD headline": ld.Headline, "og:title": meta["og:title"], "twitter:title": meta["twitter:title"],
		"h1": text(find(tricky, "h1")),
	} {
		if got != trickyTitle {
			t.Errorf("%s = %q; want %q", name, got, trickyTitle)
		}
	}
	if want := "Summary with " + trickyTitle; ld.Description != want || meta["og:description"] != want || meta["twitter:description"] != want {
		t.Errorf("descriptions: JSON-LD %q, og %q, twitter %q; want %q", ld.Description, meta["og:description"], meta["twitter:description"], want)
	}
	if title := text(find(tricky, "title")); !strings.HasPrefix(title, trickyTitle) {
		t.Errorf("<title> = %q", title)
	}
	// A correction is inline markdown: JSON-LD states its text as shown,
	// quotes curled.
	if len(ld.Correction) != 2 || ld.Correction[0]["text"] != `Fixed </script> & “range”.` {
		t.Errorf("corrections = %v", ld.Correction)
	}
	if ld.DatePublished != "2026-01-05T09:00:00+09:00" || !strings.HasPrefix(ld.DateModified, "2026-01-07T00:00:00") {
		t.Errorf("datePublished %q, dateModified %q", ld.DatePublished, ld.DateModified)
	}
	// Inert: the page has as many scripts as a page with a plain title, no
	// <b> and no comment from the title, and no script runs alert.
	count := func(doc *html.Node, match func(*html.Node) bool) int {
		n := 0
		for d := range doc.Descendants() {
			if match(d) {
				n++
			}
		}
		return n
	}
	isScript := func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "script" }
	if a, b := count(tricky, isScript), count(plain, isScript); a != b {
		t.Errorf("%d <script> elements on the tricky page, %d on a plain one", a, b)
	}
	if n := count(tricky, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "b" }); n != 0 {
		t.Errorf("%d <b> elements: the title's markup leaked into the page", n)
	}
	if n := count(tricky, func(n *html.Node) bool { return n.Type == html.CommentNode }); n != count(plain, func(n *html.Node) bool { return n.Type == html.CommentNode }) {
		t.Errorf("the title opened an HTML comment")
	}
	for sc := range tricky.Descendants() {
		if isScript(sc) && attr(sc, "type") != "application/ld+json" && strings.Contains(text(sc), "alert") {
			t.Errorf("the title became a script: %q", text(sc))
		}
	}
	feed := c.feeds[s.prefix+"feed.xml"]
	if feed == nil || len(feed.Items) == 0 || feed.Items[0].Title != trickyTitle {
		t.Errorf("feed's first entry is not the tricky briefing with its exact title")
	}
}

// TestFeedOrderAndLimit checks which briefings the site's feed and a
// topic's feed hold, and that full content has absolute links.
func TestFeedOrderAndLimit(t *testing.T) {
	s := serve(t, build(t, publishingSite(t, ""), projectBase), projectBase)
	c := s.crawl(t)
	titles := func(f *gofeed.Feed) []string {
		var out []string
		for _, it := range f.Items {
			out = append(out, it.Title)
		}
		return out
	}
	want := []string{trickyTitle, "Plain", "Rates"}
	for i := generator.FeedEntries + 3; len(want) < generator.FeedEntries; i-- {
		want = append(want, fmt.Sprintf("Old %d", i))
	}
	site := c.feeds[s.prefix+"feed.xml"]
	if got := titles(site); !slices.Equal(got, want) {
		t.Errorf("site feed:\n got %q\nwant %q", got, want)
	}
	nk := c.feeds[s.prefix+"topics/north-korea/feed.xml"]
	if got := titles(nk); !slices.Equal(got, []string{trickyTitle, "Plain"}) {
		t.Errorf("North Korea feed: %q", got)
	}
	body := site.Items[0].Content
	for _, want := range []string{
		`src="` + projectBase + `world/tricky/map.png"`,
		`href="` + projectBase + `economy/"`,
		`href="` + projectBase + `world/tricky/#corrections"`,
		`href="` + projectBase + `economy/rates/"`,
		`href="https://go.dev/"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("full content lacks %s:\n%s", want, body)
		}
	}
	if got := site.Items[0].Categories; !slices.Equal(got, []string{"North Korea", "Missile Defense"}) {
		t.Errorf("categories = %q", got)
	}
}

// TestFeedIDsStable builds the same site twice and compares entry ids.
func TestFeedIDsStable(t *testing.T) {
	src := publishingSite(t, "")
	ids := func() map[string][]string {
		s := serve(t, build(t, src, projectBase), projectBase)
		out := map[string][]string{}
		for p, f := range s.crawl(t).feeds {
			for _, it := range f.Items {
				out[p] = append(out[p], it.GUID)
			}
		}
		return out
	}
	a, b := ids(), ids()
	if len(a) == 0 || fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("ids differ between builds:\n%v\n%v", a, b)
	}
}

// TestCNAME checks that /CNAME is written exactly when site.yaml asks.
func TestCNAME(t *testing.T) {
	for _, cname := range []string{"", "news.example.org", "News.Example.org"} {
		out := build(t, publishingSite(t, cname), "https://"+cmp(cname, "example.github.io")+"/")
		got, err := os.ReadFile(filepath.Join(out, "CNAME"))
		cname = strings.ToLower(cname) // as the base URL's host is written
		switch {
		case cname == "" && !os.IsNotExist(err):
			t.Errorf("no cname: CNAME = %q, %v; want no file", got, err)
		case cname != "" && string(got) != cname+"\n":
			t.Errorf("cname %s: CNAME = %q, %v", cname, got, err)
		}
		robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
		if want := "Sitemap: https://" + cmp(cname, "example.github.io") + "/sitemap.xml\n"; !strings.Contains(string(robots), want) {
			t.Errorf("robots.txt = %q; want %q", robots, want)
		}
	}
}

// TestStaticCNAMEChecked: a CNAME kept in static/ (as on a gh-pages
// branch) is checked against the base URL's host as site.yaml's cname is.
// It was published without a word when the two disagreed. A base URL with
// a path under a custom domain is warned of too: every link would 404.
func TestStaticCNAMEChecked(t *testing.T) {
	for _, c := range []struct {
		yaml, static, base, want string
	}{
		{"", "news.example.org\n", "https://someone.github.io/my-news/", "static/CNAME:1:1: warning: the custom domain is news.example.org but the base URL's host is someone.github.io"},
		{"", "news.example.org\n", "https://news.example.org/", ""},
		{"news.example.org", "", "https://someone.github.io/my-news/", "site.yaml:6:8: warning: `cname` is news.example.org but the base URL's host is someone.github.io"},
		{"news.example.org", "", "https://news.example.org/", ""},
		// The right host, but a path: Pages serves a custom domain at its root.
		{"news.example.org", "", "https://news.example.org/desk/", "site.yaml:6:8: warning: `cname` is news.example.org, which GitHub Pages serves at the domain's root, but the base URL's path is /desk/"},
		{"", "news.example.org\n", "https://news.example.org/desk/", "static/CNAME:1:1: warning: the custom domain is news.example.org, which GitHub Pages serves at the domain's root"},
	} {
		src := publishingSite(t, c.yaml)
		if c.static != "" {
			if err := os.MkdirAll(filepath.Join(src, "static"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(src, "static", "CNAME"), []byte(c.static), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		stats, err := generator.Build(generator.Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), BaseURL: c.base, Log: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range stats.Warnings {
			if strings.Contains(p.String(), "base URL's") {
				got = append(got, p.String())
			}
		}
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("cname %q, static/CNAME %q, %s: warnings %q; want none", c.yaml, c.static, c.base, got)
		case c.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], c.want)):
			t.Errorf("cname %q, static/CNAME %q, %s: warnings %q; want one starting %q", c.yaml, c.static, c.base, got, c.want)
		}
	}
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestCopiesNeverReplaceWrittenFiles checks that a bundle's resource or a
// static file with the path of a file the build writes is an error naming
// it, and that the output folder is then left as it was. A resource named
// index.html once silently replaced its briefing's page.
func TestCopiesNeverReplaceWrittenFiles(t *testing.T) {
	src := publishingSite(t, "")
	out := build(t, src, projectBase)
	page := filepath.Join(out, "world", "tricky", "index.html")
	before, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	clashes := map[string]string{
		"content/world/tricky/index.html":  "resource would replace world/tricky/index.html, which the build writes",
		"static/feed.xml":                  "static file would replace feed.xml, which the build writes",
		"static/world/tricky/map.png":      "static file would replace world/tricky/map.png, which the build writes",
		"static/topics/economy/index.html": "static file would replace topics/economy/index.html, which the build writes",
	}
	for name := range clashes {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("<p>not the page</p>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err = generator.Build(generator.Config{Source: src, Out: out, BaseURL: projectBase, Log: io.Discard})
	if err == nil {
		t.Fatal("the build succeeded")
	}
	for name, msg := range clashes {
		if !strings.Contains(err.Error(), name+": "+msg) {
			t.Errorf("no error %q for %s in:\n%v", msg, name, err)
		}
	}
	if after, err := os.ReadFile(page); err != nil || string(after) != string(before) {
		t.Errorf("the briefing's page changed: %.60q, %v", after, err)
	}
}

// TestCopiesNeverClashWithFolders checks that a static file where the
// build writes a folder, or a static or resource folder where it writes
// a file, is the same content error as a file over a file, named once at
// the writer's file or folder, whether the output is updated in place or
// made anew. Both failed in publishing, with exit status 2 and an error
// about brief's temporary files.
func TestCopiesNeverClashWithFolders(t *testing.T) {
	clashes := map[string]string{
		"static/topics/economy":                 "static/topics/economy: static file would replace the folder topics/economy/, which the build writes",
		"static/css":                            "static/css: static file would replace the folder css/, which the build writes",
		"static/feed.xml/a":                     "static/feed.xml: this folder would replace feed.xml, which the build writes as a file",
		"static/feed.xml/b/c":                   "static/feed.xml: this folder would replace feed.xml, which the build writes as a file",
		"content/world/tricky/index.html/x.txt": "content/world/tricky/index.html: this folder would replace world/tricky/index.html, which the build writes as a file",
	}
	for _, existing := range []bool{true, false} {
		src := publishingSite(t, "")
		out := filepath.Join(t.TempDir(), "public")
		if existing {
			out = build(t, src, projectBase)
		}
		for name := range clashes {
			p := filepath.Join(src, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("not the page"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		_, err := generator.Build(generator.Config{Source: src, Out: out, BaseURL: projectBase, Log: io.Discard})
		var ce *diag.ContentError
		if !errors.As(err, &ce) {
			t.Fatalf("existing output %v: error %v; want content errors", existing, err)
		}
		for _, msg := range clashes {
			if n := strings.Count(err.Error(), msg); n != 1 {
				t.Errorf("existing output %v: error %q %d times in:\n%v", existing, msg, n, err)
			}
		}
	}
}

// TestStaticFavicon checks that a favicon in static/ is what every page
// links, under the base path, in place of the theme's inline icon, from
// the build after it is added (the pages' cache keys on it): browsers
// look for /favicon.ico only at the root of a host, and pages linked the
// theme's icon whatever static/ held.
func TestStaticFavicon(t *testing.T) {
	src := publishingSite(t, "")
	out := filepath.Join(t.TempDir(), "public")
	cfg := generator.Config{Source: src, Out: out, BaseURL: projectBase, Log: io.Discard}
	if _, err := generator.Build(cfg); err != nil {
		t.Fatal(err)
	}
	for _, icon := range []string{"favicon.ico", "favicon.svg"} { // the SVG is preferred
		if err := os.MkdirAll(filepath.Join(src, "static"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, "static", icon), []byte("icon"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := generator.Build(cfg); err != nil {
			t.Fatal(err)
		}
		link := `<link rel="icon" href="/briefings/` + icon + `">`
		pages := 0
		err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !strings.HasSuffix(p, ".html") {
				return err
			}
			pages++
			b, err := os.ReadFile(p)
			if !strings.Contains(string(b), link) || strings.Contains(string(b), "data:image/svg+xml") {
				t.Errorf("%s: no %s, or the theme's icon too", p, link)
			}
			return err
		})
		if err != nil || pages < 10 {
			t.Fatalf("%d pages, %v", pages, err)
		}
	}
}

// TestStaticRobots checks that a site's own static/robots.txt replaces
// the generated one instead of clashing with it.
func TestStaticRobots(t *testing.T) {
	src := publishingSite(t, "")
	own := "User-agent: *\nDisallow: /drafts/\n"
	if err := os.MkdirAll(filepath.Join(src, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "static", "robots.txt"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(build(t, src, projectBase), "robots.txt"))
	if string(got) != own {
		t.Errorf("robots.txt = %q, %v; want the site's own %q", got, err, own)
	}
}

// TestFullFeedCarriesCorrections reads a full-content feed's entry: its
// key takeaways, then the article, then its corrections, each dated, as
// the page has them, with their links made absolute. The content was the
// article alone, so a feed reader sent the entry again for a correction
// showed the same text.
func TestFullFeedCarriesCorrections(t *testing.T) {
	src := writeFiles(t, map[string]string{
		"site.yaml": "title: Desk\nbase_url: https://org.github.io/desk/\nfeed_content: full\n",
		"content/world/a.md": "---\ntitle: A\nsummary: S\ndate: 2026-03-01\ntopics: [Trade]\n" +
			"takeaways: [\"The *key* point, see [b](b.md).\"]\n" +
			"corrections:\n  - date: 2026-03-05\n    text: \"An earlier version misstated the **range**.\"\n---\nBody text.\n",
		"content/world/b.md": "---\ntitle: B\nsummary: S\ndate: 2026-02-01\ntopics: [Trade]\n---\nOther.\n",
	})
	out := build(t, src, "")
	data, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().ParseString(string(data))
	if err != nil {
		t.Fatal(err)
	}
	var content string
	for _, it := range f.Items {
		if it.Title == "A" {
			content = it.Content
		}
	}
	want := "<h2>Key takeaways</h2>\n<ul><li>The <em>key</em> point, see <a href=\"https://org.github.io/desk/world/b/\">b</a>.</li></ul>\n" +
		"<p>Body text.</p>\n\n<h2>Correction</h2>\n<ul><li>5 March 2026: An earlier version misstated the <strong>range</strong>.</li></ul>\n"
	if content != want {
		t.Errorf("the entry's content is:\n%s\nwant:\n%s", content, want)
	}
}

// TestFeedsWellFormed builds full-content feeds of a site in German whose
// body spells control characters and a noncharacter by reference (&#x1;,
// &#xFFFF;), which goldmark writes as the characters: the feeds' CDATA
// carried them, and gofeed refused the whole feed. They are now U+FFFD
// there. The theme's English words in a feed are marked English, as on
// the page, and a topic's feed is subtitled by its own summary when it
// has one.
func TestFeedsWellFormed(t *testing.T) {
	src := writeFiles(t, map[string]string{
		"site.yaml": "title: Desk\nlanguage: de\nbase_url: https://org.github.io/desk/\nfeed_content: full\n",
		"content/world/a.md": "---\ntitle: A\nsummary: S\ndate: 2026-03-01\ntopics: [Handel, Zoll]\n" +
			"takeaways: [\"Punkt &#x2; eins\"]\n---\nText &#x1; und &#xFFFF; und &#1; und `&#x1;` und &#xE9;.\n",
		"content/topics/zoll.md": "---\ntitle: Zoll\nsummary: Alles über Zölle.\n---\n",
	})
	out := build(t, src, "")
	for feed, subtitle := range map[string]string{
		"topics/handel/feed.xml": `<subtitle xml:lang="en">Briefings on Handel</subtitle>`,
		"topics/zoll/feed.xml":   `<subtitle>Alles über Zölle.</subtitle>`,
	} {
		data, err := os.ReadFile(filepath.Join(out, feed))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), subtitle) {
			t.Errorf("%s has no %s:\n%s", feed, subtitle, data)
		}
		f, err := gofeed.NewParser().ParseString(string(data))
		if err != nil {
			t.Fatalf("%s: %v", feed, err)
		}
		want := "<h2 lang=\"en\">Key takeaways</h2>\n<ul><li>Punkt \ufffd eins</li></ul>\n" +
			"<p>Text \ufffd und \ufffd und \ufffd und <code>&amp;#x1;</code> und é.</p>\n"
		if len(f.Items) != 1 || f.Items[0].Content != want {
			t.Errorf("%s: the entries are %+v; want one whose content is:\n%s", feed, f.Items, want)
		}
	}
}

// TestAliases builds a briefing with earlier addresses: at each, a folder's
// or an .html file's, a page that sends the reader on to the briefing's
// absolute address, canonical there, which no sitemap lists and to which a
// link may lead. An alias taken out is gone from the next build, with the
// cache as without it.
func TestAliases(t *testing.T) {
	src := writeFiles(t, map[string]string{
		"site.yaml": "title: Desk\nbase_url: https://org.github.io/desk/\n",
		"content/world/a.md": "---\ntitle: \"A & B\"\nsummary: S\ndate: 2026-03-01\ntopics: [Trade]\n" +
			"aliases: [/2019/old-a/, /old/a.html, /economy/a, /old/b/index.html]\n---\nBody.\n",
		"content/world/b.md": "---\ntitle: B\nsummary: S\ndate: 2026-02-01\ntopics: [Trade]\n---\nSee [the old address](/2019/old-a/).\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	cache := filepath.Join(t.TempDir(), "cache")
	if _, err := generator.Build(generator.Config{Source: src, Out: out, CacheDir: cache, Log: io.Discard}); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"2019/old-a/index.html", "old/a.html", "economy/a/index.html", "old/b/index.html"} {
		page, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			`<meta http-equiv="refresh" content="0; url=/desk/world/a/">`,
			`<link rel="canonical" href="https://org.github.io/desk/world/a/">`,
			`<meta name="robots" content="noindex">`,
			`<a href="/desk/world/a/">A &amp; B</a>`,
		} {
			if !strings.Contains(string(page), want) {
				t.Errorf("%s lacks %s:\n%s", rel, want, page)
			}
		}
	}
	if sitemap, _ := os.ReadFile(filepath.Join(out, "sitemap.xml")); strings.Contains(string(sitemap), "old") {
		t.Errorf("the sitemap lists an alias:\n%s", sitemap)
	}

	os.WriteFile(filepath.Join(src, "content/world/a.md"), []byte("---\ntitle: \"A & B\"\nsummary: S\ndate: 2026-03-01\ntopics: [Trade]\naliases: [/old/a.html]\n---\nBody.\n"), 0o644)
	os.WriteFile(filepath.Join(src, "content/world/b.md"), []byte("---\ntitle: B\nsummary: S\ndate: 2026-02-01\ntopics: [Trade]\n---\nBody.\n"), 0o644)
	if _, err := generator.Build(generator.Config{Source: src, Out: out, CacheDir: cache, Log: io.Discard}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "2019/old-a/index.html")); !os.IsNotExist(err) {
		t.Errorf("an alias taken out is still published: %v", err)
	}
	if got, want := files(t, out), files(t, build(t, src, "")); !maps.Equal(got, want) {
		t.Errorf("the build from the cache differs from a fresh one")
	}
}

// TestAliasEscaped builds an alias under a base path that holds a space:
// its refresh and its link percent-encode it, as the site's own links do.
func TestAliasEscaped(t *testing.T) {
	src := writeFiles(t, map[string]string{
		"site.yaml":          "title: Desk\nbase_url: https://org.example/My%20Desk/\n",
		"content/world/a.md": "---\ntitle: A\nsummary: S\ndate: 2026-03-01\ntopics: [Trade]\naliases: [/old/a.html]\n---\nBody.\n",
	})
	out := build(t, src, "")
	home, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	const link = `href="/My%20Desk/world/a/"`
	if !strings.Contains(string(home), link) {
		t.Fatalf("the home page does not link the briefing as %s:\n%s", link, home)
	}
	page, err := os.ReadFile(filepath.Join(out, "old/a.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`content="0; url=/My%20Desk/world/a/"`, `<a ` + link + `>A</a>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the alias page lacks %s:\n%s", want, page)
		}
	}
}

// files reads every file under dir, by its path there.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		m[strings.TrimPrefix(p, dir)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPreviewImage builds a briefing whose article shows an image: its
// first image, at its absolute address, is the page's preview for social
// media and search (og:image, a large Twitter card, JSON-LD's image), and
// its alt text the preview's (og:image:alt), as plain text. A briefing
// with no image has none, and a small card.
func TestPreviewImage(t *testing.T) {
	src := writeFiles(t, map[string]string{
		"site.yaml":                    "title: Desk\nbase_url: https://org.github.io/desk/\n",
		"content/world/a/index.md":     "---\ntitle: A\nsummary: S\ndate: 2026-03-01\ntopics: [Trade]\n---\nText.\n\n![The launch map](map.png)\n\n![Second](https://example.org/b.png)\n",
		"content/world/a/map.png":      "png",
		"content/world/plain.md":       "---\ntitle: P\nsummary: S\ndate: 2026-02-01\ntopics: [Trade]\n---\nNo image.\n",
		"content/world/other/index.md": "---\ntitle: O\nsummary: S\ndate: 2026-01-01\ntopics: [Trade]\n---\n![Inline](data:image/png;base64,AAAA) ![Its map & the coast's \\*edge\\* in `code`](../a/map.png)\n",
	})
	out := build(t, src, "")
	for page, want := range map[string][]string{
		"world/a/index.html": {
			`<meta property="og:image" content="https://org.github.io/desk/world/a/map.png">`,
			`<meta property="og:image:alt" content="The launch map">`,
			`<meta name="twitter:card" content="summary_large_image">`,
			`"image":["https://org.github.io/desk/world/a/map.png"]`,
		},
		"world/other/index.html": {
			`<meta property="og:image" content="https://org.github.io/desk/world/a/map.png">`,
			`<meta property="og:image:alt" content="Its map &amp; the coast’s *edge* in code">`,
		},
		"world/plain/index.html": {`<meta name="twitter:card" content="summary">`},
	} {
		html, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(string(html), w) {
				t.Errorf("%s lacks %s", page, w)
			}
		}
		if page == "world/plain/index.html" && strings.Contains(string(html), "og:image") {
			t.Errorf("%s has an og:image, with no image", page)
		}
	}
}
