package generator_test

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/generator"

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

// checkCrawl checks what the crawl reached: every HTML file, every feed
// and the sitemap, which lists every page but the 404 page.
func checkCrawl(t *testing.T, s *served, c *crawl, wantFeeds int) {
	t.Helper()
	var inSitemap []string
	for _, locs := range c.maps {
		inSitemap = append(inSitemap, locs...)
	}
	if len(inSitemap) == 0 {
		t.Fatal("no sitemap entries found")
	}
	feeds := 0
	for _, f := range outputFiles(t, s.out) {
		p := s.prefix + strings.TrimSuffix(f, "index.html")
		switch {
		case strings.HasSuffix(f, ".html"):
			if _, ok := c.pages[p]; !ok {
				t.Errorf("%s was not reached by the crawl", f)
			}
			if in := slices.Contains(inSitemap, s.base.Scheme+"://"+s.base.Host+p); in == (f == "404.html") {
				t.Errorf("%s: in sitemap is %v", f, in)
			}
		case strings.HasSuffix(f, "feed.xml"):
			feeds++
			if _, ok := c.feeds[p]; !ok {
				t.Errorf("feed %s was not reached by the crawl", f)
			}
		}
	}
	if wantFeeds >= 0 && feeds != wantFeeds {
		t.Errorf("%d feeds; want %d", feeds, wantFeeds)
	}
	robots := c.robots[s.prefix+"robots.txt"]
	if want := "Sitemap: " + s.base.String() + "sitemap.xml\n"; !strings.Contains(robots, want) {
		t.Errorf("robots.txt = %q; want a line %q", robots, want)
	}
	if _, err := os.Stat(filepath.Join(s.out, ".nojekyll")); err != nil {
		t.Error(err)
	}
}

// checkFeeds checks every feed: newest first, at most FeedEntries, ids that
// are the entries' absolute URLs, dates, and full content when asked.
func checkFeeds(t *testing.T, s *served, c *crawl, full bool) {
	t.Helper()
	if len(c.feeds) == 0 {
		t.Fatal("no feeds found")
	}
	for p, f := range c.feeds {
		if f.FeedType != "atom" {
			t.Errorf("%s: type %s; want atom", p, f.FeedType)
		}
		if f.FeedLink != s.base.Scheme+"://"+s.base.Host+p {
			t.Errorf("%s: self link %s", p, f.FeedLink)
		}
		if len(f.Items) == 0 || len(f.Items) > generator.FeedEntries {
			t.Errorf("%s: %d entries; want 1 to %d", p, len(f.Items), generator.FeedEntries)
		}
		if f.UpdatedParsed == nil {
			t.Errorf("%s: no updated time", p)
		}
		for i, it := range f.Items {
			if it.GUID != it.Link || !strings.HasPrefix(it.Link, s.base.String()) {
				t.Errorf("%s: entry id %q, link %q; want the same absolute URL under %s", p, it.GUID, it.Link, s.base)
			}
			if it.PublishedParsed == nil || it.UpdatedParsed == nil || it.UpdatedParsed.Before(*it.PublishedParsed) {
				t.Errorf("%s: entry %s: published %v, updated %v", p, it.Link, it.PublishedParsed, it.UpdatedParsed)
			}
			if it.Description == "" || (full && it.Content == "") {
				t.Errorf("%s: entry %s: summary %q, content %q", p, it.Link, it.Description, it.Content)
			}
			if i > 0 && it.PublishedParsed != nil && f.Items[i-1].PublishedParsed != nil && it.PublishedParsed.After(*f.Items[i-1].PublishedParsed) {
				t.Errorf("%s: entry %d (%s) is newer than the one before it", p, i, it.Link)
			}
			if f.UpdatedParsed != nil && it.UpdatedParsed != nil && it.UpdatedParsed.After(*f.UpdatedParsed) {
				t.Errorf("%s: entry %s updated after the feed", p, it.Link)
			}
		}
	}
}

// ldArticle is the part of the JSON-LD of a briefing the tests check.
type ldArticle struct {
	Context          string `json:"@context"`
	Headline         string
	Description      string
	URL              string
	DatePublished    string
	DateModified     string
	ArticleSection   string
	Keywords         []string
	Author           map[string]string
	Publisher        map[string]string
	MainEntityOfPage map[string]string
	Correction       []map[string]string
}

// checkArticles checks the metadata of every briefing page (those with
// og:type article) and returns how many there were.
func checkArticles(t *testing.T, s *served, c *crawl) int {
	t.Helper()
	n := 0
	for p, doc := range c.pages {
		meta := metaTags(doc)
		if meta["og:type"] != "article" {
			continue
		}
		n++
		canon := linkHref(doc, "canonical")
		if canon != s.base.Scheme+"://"+s.base.Host+p {
			t.Errorf("%s: canonical %q", p, canon)
		}
		ld, raw := jsonLD(t, p, doc)
		if ld == nil {
			continue
		}
		var typ struct {
			Type string `json:"@type"`
		}
		_ = json.Unmarshal([]byte(raw), &typ)
		h1 := text(find(doc, "h1"))
		checks := []struct {
			name, got, want string
		}{
			{"@context", ld.Context, "https://schema.org"},
			{"@type", typ.Type, "NewsArticle"},
			{"headline", ld.Headline, h1},
			{"og:title", meta["og:title"], h1},
			{"twitter:title", meta["twitter:title"], h1},
			{"description", ld.Description, meta["description"]},
			{"og:description", meta["og:description"], meta["description"]},
			{"url", ld.URL, canon},
			{"og:url", meta["og:url"], canon},
			{"mainEntityOfPage", ld.MainEntityOfPage["@id"], canon},
			{"dateModified", ld.DateModified, meta["article:modified_time"]},
			{"datePublished", ld.DatePublished, meta["article:published_time"]},
			{"articleSection", ld.ArticleSection, meta["article:section"]},
			{"twitter:card", meta["twitter:card"], "summary"},
			{"og:site_name", meta["og:site_name"], ld.Publisher["name"]},
		}
		for _, ch := range checks {
			if ch.got != ch.want || ch.want == "" {
				t.Errorf("%s: %s = %q; want %q", p, ch.name, ch.got, ch.want)
			}
		}
		if ld.Author["name"] == "" || ld.Publisher["@type"] != "Organization" {
			t.Errorf("%s: author %v, publisher %v", p, ld.Author, ld.Publisher)
		}
		for _, d := range []string{ld.DatePublished, ld.DateModified} {
			if _, err := time.Parse(time.RFC3339, d); err != nil {
				t.Errorf("%s: date %q: %v", p, d, err)
			}
		}
		if tags := metaAll(doc, "article:tag"); len(ld.Keywords) == 0 || !slices.Equal(ld.Keywords, tags) {
			t.Errorf("%s: keywords %q, article:tag %q", p, ld.Keywords, tags)
		}
		var shown []string
		if sec := byID(doc, "corrections"); sec != nil {
			for li := range sec.Parent.Descendants() {
				if li.Type == html.ElementNode && li.Data == "li" {
					shown = append(shown, text(li))
				}
			}
		}
		if len(ld.Correction) != len(shown) {
			t.Errorf("%s: %d corrections in JSON-LD, %d on the page", p, len(ld.Correction), len(shown))
		}
		for i, cr := range ld.Correction {
			if cr["@type"] != "CorrectionComment" || cr["datePublished"] == "" || i >= len(shown) || !strings.Contains(shown[i], cr["text"]) {
				t.Errorf("%s: correction %v; shown %q", p, cr, shown)
			}
		}
	}
	return n
}

// jsonLD finds the page's one ld+json script and decodes it.
func jsonLD(t *testing.T, p string, doc *html.Node) (*ldArticle, string) {
	var scripts []*html.Node
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "script" && attr(n, "type") == "application/ld+json" {
			scripts = append(scripts, n)
		}
	}
	if len(scripts) != 1 {
		t.Errorf("%s: %d JSON-LD scripts; want 1", p, len(scripts))
		return nil, ""
	}
	raw := text(scripts[0])
	var ld ldArticle
	if err := json.Unmarshal([]byte(raw), &ld); err != nil {
		t.Errorf("%s: JSON-LD does not parse: %v\n%s", p, err, raw)
		return nil, raw
	}
	return &ld, raw
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
	if len(ld.Correction) != 2 || ld.Correction[0]["text"] != `Fixed </script> & "range".` {
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
	for _, cname := range []string{"", "news.example.org"} {
		out := build(t, publishingSite(t, cname), "https://"+cmp(cname, "example.github.io")+"/")
		got, err := os.ReadFile(filepath.Join(out, "CNAME"))
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

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// metaTags maps each <meta>'s property or name to its content.
func metaTags(doc *html.Node) map[string]string {
	m := map[string]string{}
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "meta" {
			m[attr(n, "property")+attr(n, "name")] = attr(n, "content")
		}
	}
	return m
}

// metaAll lists the contents of every <meta property=prop>, in order.
func metaAll(doc *html.Node, prop string) []string {
	var out []string
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "meta" && attr(n, "property") == prop {
			out = append(out, attr(n, "content"))
		}
	}
	return out
}

func linkHref(doc *html.Node, rel string) string {
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "link" && attr(n, "rel") == rel {
			return attr(n, "href")
		}
	}
	return ""
}

// find returns the first element named tag, or nil.
func find(doc *html.Node, tag string) *html.Node {
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == tag {
			return n
		}
	}
	return nil
}

func byID(doc *html.Node, id string) *html.Node {
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && attr(n, "id") == id {
			return n
		}
	}
	return nil
}

// text is the text content of n.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
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
