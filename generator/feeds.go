package generator

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"brief/generator/internal/parallel"
	"brief/generator/layout"
	"brief/generator/markdown"
	"brief/generator/site"
)

// FeedEntries is how many briefings a feed holds, newest first. Feed
// readers poll often and keep what they have seen, so a feed only needs
// the latest few; a fixed number keeps feeds small on a large site, and
// independent of how listing pages are paginated.
const FeedEntries = 20

// The Atom (RFC 4287) elements brief writes.
type (
	atomFeed struct {
		XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
		Title     string      `xml:"title"`
		Subtitle  *atomText   `xml:"subtitle,omitempty"`
		Links     []atomLink  `xml:"link"`
		ID        string      `xml:"id"`
		Updated   string      `xml:"updated"`
		Author    atomPerson  `xml:"author"`
		Generator string      `xml:"generator"`
		Entries   []atomEntry `xml:"entry"`
	}
	atomLink struct {
		Rel   string `xml:"rel,attr"`
		Type  string `xml:"type,attr,omitempty"`
		Title string `xml:"title,attr,omitempty"`
		Href  string `xml:"href,attr"`
	}
	atomPerson struct {
		Name string `xml:"name"`
		URI  string `xml:"uri,omitempty"`
	}
	atomCategory struct {
		Term   string `xml:"term,attr"`
		Label  string `xml:"label,attr"`
		Scheme string `xml:"scheme,attr"`
	}
	atomEntry struct {
		Title      string         `xml:"title"`
		Link       atomLink       `xml:"link"`
		ID         string         `xml:"id"`
		Published  string         `xml:"published"`
		Updated    string         `xml:"updated"`
		Author     *atomPerson    `xml:"author,omitempty"`
		Categories []atomCategory `xml:"category"`
		Summary    string         `xml:"summary"`
		Content    *atomContent   `xml:"content,omitempty"`
	}
	atomText struct {
		Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
		Text string `xml:",chardata"`
	}
	atomContent struct {
		Type string `xml:"type,attr"`
		Base string `xml:"http://www.w3.org/XML/1998/namespace base,attr"`
		HTML string `xml:",cdata"`
	}
)

// writeFeeds writes the Atom feed of the whole site at the base path and
// one per topic beside the topic's page. It runs after the pages are
// rendered, whose problems already include those of every body a feed
// shows in full.
func (r *renderer) writeFeeds() {
	s := r.site
	base := s.Config.BasePath()
	feeds := []feed{{rel: layout.FeedFile, title: s.Config.Title, subtitle: s.Config.Description, page: base, entries: feedHead(s.Briefings)}}
	for _, t := range s.Topics {
		// The topic's own summary, in the site's language, or the
		// theme's words, marked English on a site in another, as its
		// page marks them.
		subtitle, lang := "Briefings on "+t.Name, ""
		if layout.UILang(s.Config.Language) != "" {
			lang = "en"
		}
		if t.Info != nil && t.Info.Summary != "" {
			subtitle, lang = t.Info.Summary, ""
		}
		feeds = append(feeds, feed{rel: strings.TrimPrefix(t.URL, base) + layout.FeedFile,
			title: t.Name + " · " + s.Config.Title, subtitle: subtitle, subtitleLang: lang, page: t.URL, entries: feedHead(t.Briefings)})
	}
	for _, f := range feeds {
		r.feedFiles = append(r.feedFiles, f.rel)
	}
	full := s.Config.FeedContent == "full"
	// A build that keeps what it made keeps a feed whose signature is
	// unchanged, as it keeps pages.
	var todo []feed
	for _, f := range feeds {
		if r.mem != nil {
			f.sig = r.feedSignature(f, full)
			if e := r.mem.page(f.rel); e != nil && e.Sig == f.sig && r.out.keepFile(f.rel, e.html) {
				continue
			}
		}
		todo = append(todo, f)
	}
	var bodies map[*site.Briefing]string
	if full {
		bodies = r.feedBodies(todo)
	}
	for _, f := range todo {
		data := encodeXML(f.atom(s, bodies))
		r.out.write(f.rel, data)
		if f.sig != 0 {
			r.mem.setPage(f.rel, &pageEntry{Sig: f.sig, html: data})
		}
	}
}

// feed is one feed to write: rel is its output path, page the URL path of
// the page it follows, entries the briefings it holds, newest first.
type feed struct {
	rel, title, subtitle, page string
	subtitleLang               string // when it is not the site's language
	entries                    []*site.Briefing
	sig                        uint64 // its signature, when kept from build to build
}

func feedHead(bs []*site.Briefing) []*site.Briefing { return bs[:min(len(bs), FeedEntries)] }

// atom builds the feed's document; bodies holds the articles of its
// entries when feeds carry full content, and is nil otherwise.
func (f feed) atom(s *site.Site, bodies map[*site.Briefing]string) atomFeed {
	self := absURL(s, s.Config.BasePath()+f.rel)
	doc := atomFeed{
		Lang: s.Config.Language, Title: f.title, ID: self,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: absURL(s, f.page)},
		},
		Author:    atomPerson{Name: s.Config.Title, URI: s.Config.BaseURL.String()},
		Generator: "brief",
	}
	if f.subtitle != "" {
		doc.Subtitle = &atomText{Lang: f.subtitleLang, Text: f.subtitle}
	}
	var updated time.Time
	for _, b := range f.entries {
		updated = later(updated, layout.Modified(b))
		doc.Entries = append(doc.Entries, atomEntryOf(s, b, bodies))
	}
	if updated.IsZero() {
		updated = time.Unix(0, 0) // a site with no briefings yet: a fixed time keeps builds byte-identical
	}
	doc.Updated = updated.UTC().Format(time.RFC3339)
	return doc
}

// atomEntryOf is a briefing as a feed entry. Its id is the briefing's absolute
// URL: it stays the same from build to build and across edits, and
// changes only when the briefing moves, when it is in effect a new page.
func atomEntryOf(s *site.Site, b *site.Briefing, bodies map[*site.Briefing]string) atomEntry {
	link := absURL(s, b.URL)
	e := atomEntry{
		Title:     b.Title,
		Link:      atomLink{Rel: "alternate", Type: "text/html", Href: link},
		ID:        link,
		Published: b.Date.Format(time.RFC3339),
		Updated:   layout.Modified(b).Format(time.RFC3339),
		Summary:   b.Summary,
	}
	if b.Author != "" {
		e.Author = &atomPerson{Name: b.Author}
	}
	for _, t := range b.Topics {
		e.Categories = append(e.Categories, atomCategory{Term: t.Slug, Label: t.Name, Scheme: absURL(s, s.Config.BasePath()+"topics/")})
	}
	if bodies != nil {
		e.Content = &atomContent{Type: "html", Base: link, HTML: bodies[b]}
	}
	return e
}

// feedBodies converts, in parallel and once each, the articles of every
// briefing some feed shows: the newest few of the site and of each topic,
// a small share of the site. The problems of these bodies were reported
// when their pages were rendered, so they are not collected again.
func (r *renderer) feedBodies(feeds []feed) map[*site.Briefing]string {
	bodies := map[*site.Briefing]string{}
	var todo []*site.Briefing
	for _, f := range feeds {
		for _, b := range f.entries {
			if _, ok := bodies[b]; !ok {
				bodies[b] = ""
				todo = append(todo, b)
			}
		}
	}
	done := make([]string, len(todo))
	parallel.For(len(todo), func() func(int) {
		return func(i int) { done[i] = r.feedBody(todo[i]) }
	})
	for i, b := range todo {
		bodies[b] = done[i]
	}
	return bodies
}

// feedBody is the briefing's article as HTML with every link and image
// made absolute, since feed readers show it away from the site: its key
// takeaways, the body and its corrections, as its page has them, so that a
// reader whom a correction sends the entry again sees it.
func (r *renderer) feedBody(b *site.Briefing) string {
	res := r.markdown(&b.Source, r.site, nil)
	conv := layout.Converted{Inline: res.Inline}
	ui := string(layout.UILang(r.site.Config.Language)) // the theme's words are English, marked so on a site in another language
	var buf bytes.Buffer
	if len(b.Takeaways) > 0 {
		buf.WriteString("<h2" + ui + ">Key takeaways</h2>\n<ul>")
		for i, t := range b.Takeaways {
			buf.WriteString("<li>" + string(conv.Text(i, t)) + "</li>")
		}
		buf.WriteString("</ul>\n")
	}
	buf.Write(res.HTML)
	if len(b.Corrections) > 0 {
		heading := "Corrections"
		if len(b.Corrections) == 1 {
			heading = "Correction"
		}
		buf.WriteString("\n<h2" + ui + ">" + heading + "</h2>\n<ul>")
		for i, c := range b.Corrections {
			buf.WriteString("<li>" + layout.HumanDate(c.Date) + ": " + string(conv.Text(len(b.Takeaways)+i, c.Text)) + "</li>")
		}
		buf.WriteString("</ul>\n")
	}
	page, _ := url.Parse(absURL(r.site, b.URL))
	return xmlChars(absolutize(buf.Bytes(), page))
}

// xmlChars replaces with U+FFFD each character XML cannot carry, which
// the feed's CDATA section would otherwise hold as it is, making the
// whole feed ill-formed for every reader: a control character a body's
// character reference (&#x1;) spells, which goldmark writes as the
// character, a noncharacter U+FFFE or U+FFFF, and bytes that are not
// UTF-8. (Text outside CDATA, encoding/xml replaces itself.)
func xmlChars(s string) string {
	ok := func(r rune) bool {
		return r >= 0x20 && r < 0xD800 || r == '\t' || r == '\n' || r == '\r' || r >= 0xE000 && r < 0xFFFE || r >= 0x10000 && r <= 0x10FFFF
	}
	i := 0
	for i < len(s) {
		if c := s[i]; c >= 0x20 && c < 0x80 || c == '\n' || c == '\t' || c == '\r' {
			i++ // nearly every byte of a body
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || !ok(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] { // a byte that is not UTF-8 ranges as U+FFFD
		if !ok(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// absolutize resolves the URLs in the tags of an HTML fragment (href,
// src, each of a srcset's, and the others of markdown.MapURLs) against the
// URL of its page. Everything else is copied byte for byte.
func absolutize(fragment []byte, page *url.URL) string {
	out, _ := markdown.MapURLs(fragment, func(u string) string {
		if abs, err := page.Parse(u); err == nil {
			return abs.String()
		}
		return u
	})
	return string(out)
}

// absURL is the absolute URL of a URL path of the site.
func absURL(s *site.Site, path string) string {
	u := *s.Config.BaseURL
	u.Path = path
	return u.String()
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
