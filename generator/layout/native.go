package layout

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
)

// The built-in theme's busiest pages (briefings, analysts, sections and
// topics: nearly every page of a site) are also written by the Go code
// below, byte for byte what html/template writes from the embedded
// templates. html/template calls its escapers through reflection, several
// per action, and a page has a hundred actions or more: at 10,000
// briefings that was a quarter of a build's CPU time. A page kind is
// written natively only when none of its templates is overridden in
// layouts/: any override, even a copy, goes through html/template.
// TestNativeMatchesTemplates and FuzzNative hold the two to the same
// bytes; a change to one of those templates must be made here too.

// nativeKinds are the page kinds with a native writer.
var nativeKinds = map[string]func(w *writer, d *Data){
	"briefing": (*writer).briefing,
	"analyst":  (*writer).analyst,
	"section":  (*writer).section,
	"topic":    (*writer).topic,
}

// writer writes a page: literal text as it is, values escaped as
// html/template escapes them where the templates put them.
type writer struct {
	*bytes.Buffer
	site *siteHTML
}

// siteHTML is what every native page repeats of the site, made once.
type siteHTML struct {
	styles string // the stylesheet link and the print style, as base.html writes them
}

// styleTemplate is the part of base.html that holds a value in a CSS
// context: html/template writes it, once per build, so that its CSS
// escaping need not be reproduced.
var styleTemplate = template.Must(template.New("").Parse(`<link rel="stylesheet" href="{{.CSS}}">
<style media="print">:root{--origin:"{{.Origin}}"}</style>
`))

func newSiteHTML(info *SiteInfo) *siteHTML {
	var b strings.Builder
	if err := styleTemplate.Execute(&b, info); err != nil {
		panic(err) // two strings: cannot fail
	}
	return &siteHTML{styles: b.String()}
}

// text writes s escaped as html/template escapes a string in text, in an
// RCDATA element such as <title> and in a quoted attribute.
func (w *writer) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case 0:
			esc = "\uFFFD"
		case '"':
			esc = "&#34;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '+':
			esc = "&#43;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// url writes s as html/template writes a string that starts a URL
// attribute: a scheme other than http, https or mailto is replaced by a
// harmless "#ZgotmplZ", bytes a URL may not hold are percent-encoded, and
// what remains is escaped for the attribute.
func (w *writer) url(s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '&':
			w.WriteString("&amp;")
		case c == '+':
			w.WriteString("&#43;")
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$*,/:;=?@[]-._~", c) >= 0,
			c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]): // an escape already
			w.WriteByte(c)
		default:
			w.Write([]byte{'%', hex[c>>4], hex[c&15]})
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func (w *writer) int(n int) {
	var b [20]byte
	w.Write(strconv.AppendInt(b[:0], int64(n), 10))
}

// plural writes what the theme's plural function returns, escaped.
func (w *writer) plural(n int, one, many string) {
	w.int(n)
	if n == 1 {
		w.WriteString(" " + one)
	} else {
		w.WriteString(" " + many)
	}
}

// base is base.html, with meta.html, around the page's main part.
func (w *writer) base(d *Data, main func(*writer, *Data)) {
	w.WriteString("<!doctype html>\n<html lang=\"")
	w.text(d.Site.Lang)
	w.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if d.Kind == "home" {
		w.text(d.Site.Title)
	} else {
		w.text(d.Title)
		w.WriteString(" · ")
		w.text(d.Site.Title)
	}
	w.WriteString("</title>\n")
	if d.Desc != "" {
		w.WriteString("<meta name=\"description\" content=\"")
		w.text(d.Desc)
		w.WriteString("\">\n")
	}
	w.WriteString("<link rel=\"canonical\" href=\"")
	w.url(d.Canon)
	w.WriteString("\">\n" + iconLink + "\n")
	w.WriteString(w.site.styles)
	w.meta(d)
	w.WriteString("\n")
	w.WriteString(string(d.Site.Head))
	w.WriteString("</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
	w.WriteString(string(d.Frame.Masthead))
	w.WriteString("\n<main id=\"main\" class=\"wrap\">\n")
	main(w, d)
	w.WriteString("\n</main>\n")
	w.WriteString(string(d.Frame.Colophon))
	w.WriteString("\n</body>\n</html>\n")
}

// iconLink is base.html's favicon, an inline SVG.
const iconLink = `<link rel="icon" href="data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%2032%2032'%3E%3Crect%20width='32'%20height='32'%20rx='6'%20fill='%23a4161a'/%3E%3Cpath%20d='M10%207h7.5a5.5%205.5%200%200%201%203.2%2010A6%206%200%200%201%2018%2025h-8z'%20fill='%23fff'/%3E%3C/svg%3E">`

// meta is meta.html.
func (w *writer) meta(d *Data) {
	for i, f := range d.Feeds {
		if i > 0 {
			w.WriteString("\n")
		}
		w.WriteString("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
		w.text(f.Name)
		w.WriteString("\" href=\"")
		w.url(f.URL)
		w.WriteString("\">")
	}
	if d.Kind == "404" {
		return
	}
	w.WriteString("\n<meta property=\"og:site_name\" content=\"")
	w.text(d.Site.Title)
	w.WriteString("\">\n<meta property=\"og:title\" content=\"")
	w.text(d.Title)
	w.WriteString("\">\n")
	if d.Desc != "" {
		w.WriteString("<meta property=\"og:description\" content=\"")
		w.text(d.Desc)
		w.WriteString("\">\n")
	}
	w.WriteString("<meta property=\"og:url\" content=\"")
	w.text(d.Canon)
	w.WriteString("\">\n")
	if b := d.Briefing; b != nil {
		w.WriteString("<meta property=\"og:type\" content=\"article\">\n<meta property=\"article:published_time\" content=\"")
		w.text(b.Date.ISO)
		w.WriteString("\">\n<meta property=\"article:modified_time\" content=\"")
		w.text(b.Modified)
		w.WriteString("\">\n<meta property=\"article:section\" content=\"")
		w.text(b.Section.Name)
		w.WriteString("\">\n")
		for _, t := range b.Topics {
			w.WriteString("<meta property=\"article:tag\" content=\"")
			w.text(t.Name)
			w.WriteString("\">\n")
		}
		w.WriteString("<script type=\"application/ld+json\">")
		w.WriteString(string(b.LD))
		w.WriteString("</script>\n")
	} else {
		w.WriteString("<meta property=\"og:type\" content=\"website\">\n")
	}
	w.WriteString("<meta name=\"twitter:card\" content=\"summary\">\n<meta name=\"twitter:title\" content=\"")
	w.text(d.Title)
	w.WriteString("\">")
	if d.Desc != "" {
		w.WriteString("\n<meta name=\"twitter:description\" content=\"")
		w.text(d.Desc)
		w.WriteString("\">")
	}
}

// link writes <a href="URL">Name</a>.
func (w *writer) link(l Link) {
	w.WriteString("<a href=\"")
	w.url(l.URL)
	w.WriteString("\">")
	w.text(l.Name)
	w.WriteString("</a>")
}

// tagItems writes a list item with a link for each of links.
func (w *writer) tagItems(links []Link) {
	for _, l := range links {
		w.WriteString("<li>")
		w.link(l)
		w.WriteString("</li>")
	}
}

// briefing is briefing.html's "main".
func (w *writer) briefing(d *Data) {
	b := d.Briefing
	if b == nil {
		return
	}
	w.WriteString("<article class=\"briefing")
	if len(b.Notes) > 0 {
		w.WriteString(" has-notes")
	}
	w.WriteString("\">\n<header class=\"head\">\n<nav class=\"trail\" aria-label=\"Section and topics\"><a class=\"section\" href=\"")
	w.url(b.Section.URL)
	w.WriteString("\">")
	w.text(b.Section.Name)
	w.WriteString("</a>")
	if len(b.Topics) > 0 {
		w.WriteString("<span class=\"sep\" aria-hidden=\"true\">›</span><ul>")
		w.tagItems(b.Topics)
		w.WriteString("</ul>")
	}
	w.WriteString("</nav>\n<h1>")
	w.text(d.Title)
	w.WriteString("</h1>\n<p class=\"dek\">")
	w.text(d.Desc)
	w.WriteString("</p>\n<div class=\"byline\">\n")
	if b.Author != "" || b.Dateline != "" {
		w.WriteString("<p>")
		if b.Author != "" {
			w.WriteString("By <span class=\"author\">")
			w.text(b.Author)
			w.WriteString("</span>")
		}
		if b.Author != "" && b.Dateline != "" {
			w.WriteString(" · ")
		}
		if b.Dateline != "" {
			w.WriteString("<span class=\"dateline\">")
			w.text(b.Dateline)
			w.WriteString("</span>")
		}
		w.WriteString("</p>\n")
	}
	w.WriteString("<p class=\"meta\">Published <time datetime=\"")
	w.text(b.Date.ISO)
	w.WriteString("\">")
	w.text(b.Date.Human)
	w.WriteString("</time>")
	if b.Updated.Human != "" {
		w.WriteString(" · Updated <time datetime=\"")
		w.text(b.Updated.ISO)
		w.WriteString("\">")
		w.text(b.Updated.Human)
		w.WriteString("</time>")
	}
	w.WriteString(" · ")
	w.int(b.Minutes)
	w.WriteString(" min read")
	if len(b.Notes) > 0 {
		w.WriteString(" · <a href=\"#analyst-notes\">")
		w.plural(len(b.Notes), "analyst note", "analyst notes")
		w.WriteString("</a>")
	}
	w.WriteString("</p>\n</div>\n</header>\n")
	if len(b.Takeaways) > 0 {
		w.WriteString("<section class=\"takeaways\" aria-labelledby=\"takeaways\">\n<h2 id=\"takeaways\">Key takeaways</h2>\n<ul>")
		for _, t := range b.Takeaways {
			w.WriteString("<li>")
			w.text(t)
			w.WriteString("</li>")
		}
		w.WriteString("</ul>\n</section>\n")
	}
	w.WriteString("<div class=\"body\">\n")
	w.WriteString(string(d.Body))
	w.WriteString("\n</div>\n")
	if len(b.Corrections) > 0 {
		w.WriteString("<section class=\"corrections\" aria-labelledby=\"corrections\">\n<h2 id=\"corrections\">")
		if len(b.Corrections) == 1 {
			w.WriteString("Correction")
		} else {
			w.WriteString("Corrections")
		}
		w.WriteString("</h2>\n<ul>")
		for _, c := range b.Corrections {
			w.WriteString("<li><time datetime=\"")
			w.text(c.Date.ISO)
			w.WriteString("\">")
			w.text(c.Date.Human)
			w.WriteString("</time>: ")
			w.text(c.Text)
			w.WriteString("</li>")
		}
		w.WriteString("</ul>\n</section>\n")
	}
	w.WriteString("<footer class=\"filed\">\n<h2 class=\"label\">Filed under</h2>\n<ul class=\"tags\"><li>")
	w.link(b.Section)
	w.WriteString("</li>")
	w.tagItems(b.Topics)
	w.WriteString("</ul>\n</footer>\n")
	if len(b.Notes) > 0 {
		w.WriteString("<section class=\"notes\" aria-labelledby=\"analyst-notes\">\n<h2 id=\"analyst-notes\">Analyst notes</h2>\n<p class=\"notes-intro\">")
		w.plural(len(b.Notes), "assessment", "assessments")
		w.WriteString(" from analysts who follow this story.</p>\n")
		for i := range b.Notes {
			w.note(&b.Notes[i])
		}
		w.WriteString("</section>\n")
	}
	w.WriteString("</article>\n")
	if len(b.Related) > 0 {
		w.WriteString("<section class=\"related\" aria-labelledby=\"related\">\n<h2 id=\"related\" class=\"label\">More must-reads</h2>\n<ol class=\"entries grid\">\n")
		for _, e := range b.Related {
			w.WriteString(string(e.Card))
		}
		w.WriteString("</ol>\n</section>\n")
	}
}

// note is partials.html's "note".
func (w *writer) note(n *NoteView) {
	w.WriteString("<article class=\"note\"")
	if n.ID != "" {
		w.WriteString(" id=\"")
		w.text(n.ID)
		w.WriteString("\"")
	}
	w.WriteString(">\n<header>\n<p class=\"analyst\">")
	w.link(n.Analyst)
	w.WriteString("</p>\n")
	if n.Affiliation != "" {
		w.WriteString("<p class=\"affiliation\">")
		w.text(n.Affiliation)
		w.WriteString("</p>\n")
	}
	w.WriteString("<p class=\"meta\">")
	if n.Date.Human != "" {
		w.WriteString("<time datetime=\"")
		w.text(n.Date.ISO)
		w.WriteString("\">")
		w.text(n.Date.Human)
		w.WriteString("</time>")
	}
	if n.Confidence != "" {
		w.WriteString("<span class=\"confidence confidence-")
		w.text(n.Confidence)
		w.WriteString("\"><span>")
		w.text(n.Confidence)
		w.WriteString(" confidence</span></span>")
	}
	w.WriteString("</p>\n</header>\n<div class=\"note-body\">\n")
	w.WriteString(string(n.Body))
	w.WriteString("\n</div>\n</article>\n")
}

// entry is partials.html's "entry": a briefing's card in listings.
func (w *writer) entry(e *Entry) {
	w.WriteString("<li class=\"entry\">\n<article>\n<p class=\"kicker\">")
	w.link(e.Section)
	w.WriteString("</p>\n<h3 class=\"headline\">")
	w.link(Link{e.Title, e.URL})
	w.WriteString("</h3>\n<p class=\"dek\">")
	w.text(e.Summary)
	w.WriteString("</p>\n<p class=\"meta\"><time datetime=\"")
	w.text(e.Date.ISO)
	w.WriteString("\">")
	w.text(e.Date.Human)
	w.WriteString("</time> · ")
	w.int(e.Minutes)
	w.WriteString(" min read")
	if e.Notes != 0 {
		w.WriteString(" · ")
		w.plural(e.Notes, "analyst note", "analyst notes")
	}
	w.WriteString("</p>\n")
	if len(e.Topics) > 0 {
		w.WriteString("<ul class=\"tags\">")
		w.tagItems(e.Topics)
		w.WriteString("</ul>")
	}
	w.WriteString("\n</article>\n</li>\n")
}

// listHead writes a listing's h2: how many items it has, in all, and which
// page of them this is.
func (w *writer) listHead(d *Data, one, many string) {
	w.WriteString("<h2 id=\"listing-count\" class=\"label\">")
	w.plural(d.Total, one, many)
	if d.Pager.Last > 1 {
		w.WriteString("<span class=\"page-of\">, page ")
		w.int(d.Pager.Num)
		w.WriteString(" of ")
		w.int(d.Pager.Last)
		w.WriteString("</span>")
	}
	w.WriteString("</h2>\n")
}

// listing is partials.html's "listing", with its "pager".
func (w *writer) listing(d *Data) {
	w.WriteString("<section class=\"listing\" aria-labelledby=\"listing-count\">\n")
	w.listHead(d, "briefing", "briefings")
	w.WriteString("<ol class=\"entries\">\n")
	for _, e := range d.Entries {
		w.WriteString(string(e.Card))
	}
	w.WriteString("</ol>\n</section>\n")
	w.pager(&d.Pager)
}

// pager is partials.html's "pager".
func (w *writer) pager(p *Pager) {
	if p.Last <= 1 {
		return
	}
	w.WriteString("<nav class=\"pager\" aria-label=\"More pages\">\n")
	if p.Prev != "" {
		w.WriteString("<a rel=\"prev\" href=\"")
		w.url(p.Prev)
		w.WriteString("\"><span aria-hidden=\"true\">← </span>Newer</a>")
	} else {
		w.WriteString("<span></span>")
	}
	w.WriteString("\n<span class=\"page-num\">Page ")
	w.int(p.Num)
	w.WriteString(" of ")
	w.int(p.Last)
	w.WriteString("</span>\n")
	if p.Next != "" {
		w.WriteString("<a rel=\"next\" href=\"")
		w.url(p.Next)
		w.WriteString("\">Older<span aria-hidden=\"true\"> →</span></a>")
	} else {
		w.WriteString("<span></span>")
	}
	w.WriteString("\n</nav>\n")
}

// listingHead writes the header of a listing page: its kicker, a link to
// path under the base path unless path is "", then the title, the
// subtitle (analysts' pages only) and the intro.
func (w *writer) listingHead(d *Data, kicker, path string, subtitle bool) {
	w.WriteString("<header class=\"listing-head\">\n<p class=\"kicker\">")
	if path != "" {
		w.WriteString("<a href=\"")
		w.url(d.Site.Base)
		w.WriteString(path + "\">" + kicker + "</a>")
	} else {
		w.WriteString(kicker)
	}
	w.WriteString("</p>\n<h1>")
	w.text(d.Title)
	w.WriteString("</h1>\n")
	if subtitle && d.Subtitle != "" {
		w.WriteString("<p class=\"subtitle\">")
		w.text(d.Subtitle)
		w.WriteString("</p>\n")
	}
	if d.Intro != "" {
		w.WriteString("<div class=\"intro\">")
		w.WriteString(string(d.Intro))
		w.WriteString("</div>\n")
	}
	w.WriteString("</header>\n")
}

// section is section.html's "main".
func (w *writer) section(d *Data) {
	w.listingHead(d, "Section", "", false)
	w.listing(d)
}

// topic is topic.html's "main".
func (w *writer) topic(d *Data) {
	w.listingHead(d, "Topic", "topics/", false)
	w.listing(d)
}

// analyst is analyst.html's "main".
func (w *writer) analyst(d *Data) {
	w.listingHead(d, "Analyst", "analysts/", true)
	w.WriteString("<section class=\"listing\" aria-labelledby=\"listing-count\">\n")
	w.listHead(d, "analyst note", "analyst notes")
	w.WriteString("<ol class=\"entries notes-list\">\n")
	for i := range d.Notes {
		n := &d.Notes[i]
		w.WriteString("<li>\n<p class=\"on\">On ")
		w.link(Link{n.Briefing.Name, n.Anchor})
		w.WriteString("</p>\n")
		w.note(n)
		w.WriteString("</li>\n")
	}
	w.WriteString("</ol>\n</section>\n")
	w.pager(&d.Pager)
}
