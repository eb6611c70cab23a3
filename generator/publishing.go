package generator

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"brief/generator/content"
	"brief/generator/diag"
	"brief/generator/layout"
	"brief/generator/site"
)

// SitemapURLs is the most URLs one sitemap file may list (sitemaps.org).
// A larger site gets sitemap-1.xml, sitemap-2.xml, … and a sitemap index
// at sitemap.xml, so robots.txt and search consoles need only one address.
const SitemapURLs = 50000

// sitemapURL is a <url> of a sitemap, or a <sitemap> of a sitemap index.
type sitemapURL struct {
	Loc     string
	LastMod string // omitted when empty
}

// encodeSitemap writes a sitemaps.org 0.9 document: a urlset of url
// elements, or a sitemapindex of sitemap elements. It writes what
// encoding/xml writes for the same elements, indented by two spaces
// (TestSitemapEncoding compares them), at a tenth of the cost: a sitemap
// of a large site is rewritten after every save in brief serve.
func encodeSitemap(set, item string, urls []sitemapURL) []byte {
	var b bytes.Buffer
	b.Grow(len(urls) * 120)
	b.WriteString(xml.Header)
	b.WriteString("<" + set + ` xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, u := range urls {
		b.WriteString("\n  <" + item + ">\n    <loc>")
		xml.EscapeText(&b, []byte(u.Loc))
		b.WriteString("</loc>")
		if u.LastMod != "" {
			b.WriteString("\n    <lastmod>")
			xml.EscapeText(&b, []byte(u.LastMod))
			b.WriteString("</lastmod>")
		}
		b.WriteString("\n  </" + item + ">")
	}
	if len(urls) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("</" + set + ">\n")
	return b.Bytes()
}

// writePublishing writes the files that hosts and crawlers read rather
// than people: sitemap.xml, robots.txt and, for a custom domain on GitHub
// Pages, CNAME. A robots.txt in static/ replaces the generated one.
func writePublishing(fsys fs.FS, s *site.Site, o *output) diag.List {
	var probs diag.List
	writeSitemap(s, o, SitemapURLs)
	writeAliases(s, o)
	if _, err := fs.Stat(fsys, StaticDir+"/robots.txt"); errors.Is(err, fs.ErrNotExist) {
		o.write("robots.txt", robots(s))
	}
	// The custom domain, from site.yaml or else from a CNAME kept in
	// static/ (as on a gh-pages branch), and where it is named.
	cname, file, at, what := s.Config.CNAME, content.ConfigFile, s.Config.CNAMEAt, "`cname`"
	if cname != "" {
		o.write("CNAME", []byte(cname+"\n"))
	} else if raw, err := fs.ReadFile(fsys, StaticDir+"/CNAME"); err == nil {
		// A named pipe there is not read (osfs.ErrNotRegular): copying
		// static/ reports it.
		first, _, _ := strings.Cut(string(raw), "\n")
		cname, file, at, what = strings.TrimSpace(first), StaticDir+"/CNAME", content.Pos{Line: 1, Col: 1}, "the custom domain"
	}
	switch host, base := s.Config.BaseURL.Hostname(), s.Config.BasePath(); {
	case cname == "", host == "localhost" && s.Config.BaseURL.Scheme == "http":
		// No domain, or a base URL in error, which says so.
	case !strings.EqualFold(host, cname):
		probs.Warn(file, at.Line, at.Col, "%s is %s but the base URL's host is %s: links, feeds and the sitemap will point at %s; set base_url to https://%s/", what, cname, host, host, cname)
	case base != "/":
		probs.Warn(file, at.Line, at.Col, "%s is %s, which GitHub Pages serves at the domain's root, but the base URL's path is %s: every link would lead under %s, where nothing is; set base_url to https://%s/", what, cname, base, base, cname)
	}
	return probs
}

// robots allows every crawler everywhere and names the sitemap. Crawlers
// read robots.txt only at the root of a host, so it takes effect on a user
// site or a custom domain, not under a project's subpath.
func robots(s *site.Site) []byte {
	return fmt.Appendf(nil, "User-agent: *\nDisallow:\n\nSitemap: %s\n", absURL(s, s.Config.BasePath()+"sitemap.xml"))
}

// writeSitemap lists every page but the 404 page, with at most limit URLs
// per file.
func writeSitemap(s *site.Site, o *output, limit int) {
	lm := lastMods(s)
	urls := make([]sitemapURL, 0, len(s.Pages))
	for _, p := range s.Pages {
		if p.Kind == site.KindNotFound {
			continue
		}
		u := sitemapURL{Loc: absURL(s, p.URL)}
		if t := lm.of(p); !t.IsZero() {
			u.LastMod = t.Format(time.RFC3339)
		}
		urls = append(urls, u)
	}
	if len(urls) <= limit {
		o.writeOwned("sitemap.xml", encodeSitemap("urlset", "url", urls))
		return
	}
	var index []sitemapURL
	for i := 0; i*limit < len(urls); i++ {
		part := urls[i*limit : min((i+1)*limit, len(urls))]
		name := "sitemap-" + strconv.Itoa(i+1) + ".xml"
		o.writeOwned(name, encodeSitemap("urlset", "url", part))
		index = append(index, sitemapURL{Loc: absURL(s, s.Config.BasePath()+name), LastMod: newest(part)})
	}
	o.writeOwned("sitemap.xml", encodeSitemap("sitemapindex", "sitemap", index))
}

// lastModTimes knows when the content of each page last changed. A
// listing changes whenever any briefing in its whole series does, since a
// new one shifts every page of the series by one.
type lastModTimes struct {
	all    time.Time            // newest change to any briefing
	series map[string]time.Time // by URL of a series' first page
}

func lastMods(s *site.Site) *lastModTimes {
	lm := &lastModTimes{all: newestOf(s.Briefings), series: map[string]time.Time{}}
	for _, sec := range s.Sections {
		lm.series[sec.URL] = newestOf(sec.Briefings)
	}
	for _, t := range s.Topics {
		lm.series[t.URL] = newestOf(t.Briefings)
	}
	for _, a := range s.Analysts {
		var t time.Time
		for _, n := range a.Notes {
			t = later(later(t, n.Date), layout.Modified(n.Briefing))
		}
		lm.series[a.URL] = t
	}
	return lm
}

func (lm *lastModTimes) of(p *site.Page) time.Time {
	switch p.Kind {
	case site.KindBriefing:
		return pageModified(p.Briefing)
	case site.KindSection:
		return lm.series[p.Section.URL]
	case site.KindTopic:
		return lm.series[p.Topic.URL]
	case site.KindAnalyst:
		return lm.series[p.Analyst.URL]
	case site.KindHome, site.KindTopics, site.KindAnalysts:
		return lm.all
	}
	return time.Time{} // plain pages carry no date
}

func newestOf(bs []*site.Briefing) time.Time {
	var t time.Time
	for _, b := range bs {
		t = later(t, pageModified(b))
	}
	return t
}

// pageModified is when what a briefing's page shows last changed: the
// briefing's modified time (layout.Modified), or a later note's date. A
// note added to a briefing changes its page, and the cards of the
// listings that count its notes, though not the article, whose feed
// entry and JSON-LD keep the article's time.
func pageModified(b *site.Briefing) time.Time {
	t := layout.Modified(b)
	for _, n := range b.Notes {
		t = later(t, n.Date)
	}
	return t
}

// newest is the latest lastmod of a sitemap's URLs, for the index.
func newest(urls []sitemapURL) string {
	var t time.Time
	for _, u := range urls {
		if v, err := time.Parse(time.RFC3339, u.LastMod); err == nil {
			t = later(t, v)
		}
	}
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func encodeXML(v any) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic("encode XML: " + err.Error()) // only strings: cannot fail
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}

// writeAliases writes, at each earlier address of a briefing, a page that
// sends the reader on to the briefing's page at once: with an HTTP
// refresh, which browsers and crawlers follow as a redirect, its page's
// address as canonical, for search engines to move their index there,
// and a link, for a reader whose browser does not follow it. GitHub Pages
// and other static hosts cannot answer with a 301. No sitemap, feed or
// search lists it. The refresh and the link are root-relative, as every
// internal link is, so that under brief serve they stay on the preview.
func writeAliases(s *site.Site, o *output) {
	for _, a := range s.Aliases {
		canon, to := html.EscapeString(absURL(s, a.To.URL)), layout.URLAttr(a.To.URL)
		title := html.EscapeString(a.To.Title)
		o.write(a.File, []byte(`<!doctype html>
<html lang="`+html.EscapeString(s.Config.Language)+`">
<head>
<meta charset="utf-8">
<title>`+title+`</title>
<link rel="canonical" href="`+canon+`">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=`+to+`">
</head>
<body>
<p>This briefing has moved: <a href="`+to+`">`+title+`</a>.</p>
</body>
</html>
`))
	}
}
