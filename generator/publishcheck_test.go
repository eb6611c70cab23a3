package generator_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/generator"

	"golang.org/x/net/html"
)

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
			doc, ok := c.pages[p]
			if !ok {
				t.Errorf("%s was not reached by the crawl", f)
				continue
			}
			// The 404 page is served at every missing address: it is
			// the canonical page of none.
			want := s.base.Scheme + "://" + s.base.Host + p
			if f == "404.html" {
				want = ""
			}
			if canon := linkHref(doc, "canonical"); canon != want {
				t.Errorf("%s: canonical %q; want %q", f, canon, want)
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
	Image            []string
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
		card := "summary"
		if meta["og:image"] != "" {
			card = "summary_large_image"
		}
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
			{"twitter:card", meta["twitter:card"], card},
			{"og:site_name", meta["og:site_name"], ld.Publisher["name"]},
		}
		// A briefing whose article shows an image has it as its preview,
		// at an address on the site or another.
		if img := meta["og:image"]; img != "" {
			if len(ld.Image) != 1 || ld.Image[0] != img || !strings.HasPrefix(img, "https://") {
				t.Errorf("%s: og:image %q, JSON-LD image %q; want one absolute address, the same", p, img, ld.Image)
			}
		} else if len(ld.Image) != 0 {
			t.Errorf("%s: JSON-LD image %q, and no og:image", p, ld.Image)
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
