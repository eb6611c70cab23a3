package layout

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
)

// The built-in theme's busiest pages (briefings, analysts, sections and
// topics: nearly every page of a site) are also written by Go code (this
// file, native_briefing.go and native_listing.go, one function for each
// template), byte for byte what html/template writes from the embedded
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
	styles string // the site's stylesheet link and print style (see siteStyles)
}

// styleTemplate is the part of base.html that holds values in a CSS
// context. html/template writes the site's, once per build; the page's
// own address, the one that changes from page to page, goes between the
// quotes left empty here (see cssString).
var styleTemplate = template.Must(template.New("").Parse(`<link rel="stylesheet" href="{{.CSS}}">
<style media="print">:root{--origin:"{{.Origin}}";--page:""}</style>
`))

// stylesEnd is what follows the page's address in base.html's print style.
const stylesEnd = `"}</style>` + "\n"

// siteStyles is styleTemplate's output for a site, up to the page's
// address.
func siteStyles(info *SiteInfo) string {
	var b strings.Builder
	if err := styleTemplate.Execute(&b, info); err != nil {
		panic(err) // two strings: cannot fail
	}
	return strings.TrimSuffix(b.String(), stylesEnd)
}

// cssEscapes spell the bytes that html/template escapes in a CSS string;
// "" for the others.
var cssEscapes = [256]string{
	0: `\0`, '\t': `\9`, '\n': `\a`, '\f': `\c`, '\r': `\d`, '"': `\22`, '&': `\26`, '\'': `\27`,
	'(': `\28`, ')': `\29`, '+': `\2b`, '/': `\2f`, ':': `\3a`, ';': `\3b`, '<': `\3c`, '>': `\3e`,
	'\\': `\\`, '{': `\7b`, '}': `\7d`,
}

// cssString writes s as html/template writes a value that starts a
// quoted CSS string, which might be a URL: filtered by safeURL, and
// escaped for CSS. A hex escape takes a space after it where what
// follows could be read as part of it.
func (w *writer) cssString(s string) {
	s = safeURL(s)
	last := 0
	for i := 0; i < len(s); i++ {
		esc := cssEscapes[s[i]]
		if esc == "" {
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
		if esc != `\\` && (last == len(s) || isHex(s[last]) || strings.IndexByte("\t\n\f\r ", s[last]) >= 0) {
			w.WriteByte(' ')
		}
	}
	w.WriteString(s[last:])
}

// textEscapes spell the bytes that html/template escapes in text, in an
// RCDATA element such as <title> and in a quoted attribute; "" for the
// others.
var textEscapes = [256]string{
	0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;",
}

// text writes s escaped as html/template escapes a string in text, in an
// RCDATA element such as <title> and in a quoted attribute.
func (w *writer) text(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		esc := textEscapes[s[i]]
		if esc == "" {
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// safeURL is s, or a harmless "#ZgotmplZ" in its place when s has a
// scheme other than http, https or mailto, as html/template filters a
// value that starts a URL.
func safeURL(s string) string {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		return "#ZgotmplZ"
	}
	return s
}

// url writes s as html/template writes a string that starts a URL
// attribute: filtered by safeURL, bytes a URL may not hold are
// percent-encoded, and what remains is escaped for the attribute.
func (w *writer) url(s string) {
	s = safeURL(s)
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

// URLAttr returns s as the theme writes a URL in an attribute (see
// writer.url): bytes a URL may not hold percent-encoded, the rest escaped
// for the attribute. Pages written outside the theme, an alias's redirect,
// use it so that their links read as the theme's do.
func URLAttr(s string) string {
	w := writer{Buffer: new(bytes.Buffer)}
	w.url(s)
	return w.String()
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

// wrap writes s escaped, between two pieces of literal markup.
func (w *writer) wrap(before, s, after string) {
	w.WriteString(before)
	w.text(s)
	w.WriteString(after)
}

// date writes d as the theme shows a date: <time datetime="ISO">Human</time>.
func (w *writer) date(d Date) {
	w.wrap("<time datetime=\"", d.ISO, "\">")
	w.wrap("", d.Human, "</time>")
}

// base is base.html, with meta.html, around the page's main part.
func (w *writer) base(d *Data, main func(*writer, *Data)) {
	w.wrap("<!doctype html>\n<html lang=\"", d.Site.Lang, "\"")
	if d.Site.Dir != "" {
		w.wrap(" dir=\"", d.Site.Dir, "\"")
	}
	w.WriteString(">\n")
	w.WriteString("<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" + GeneratorMeta + "\n<title>")
	if d.Kind == "home" {
		w.text(d.Site.Title)
	} else {
		w.text(d.Title)
		if d.Pager.Num > 1 {
			w.WriteString(", page ")
			w.int(d.Pager.Num)
		}
		w.WriteString(" · ")
		w.text(d.Site.Title)
	}
	w.WriteString("</title>\n")
	if d.Desc != "" {
		w.wrap("<meta name=\"description\" content=\"", d.Desc, "\">\n")
	}
	if d.Kind != "404" { // served at every missing address, the canonical page of none
		w.WriteString("<link rel=\"canonical\" href=\"")
		w.url(d.Canon)
		w.WriteString("\">\n")
	}
	if d.Site.Icon != "" {
		w.WriteString("<link rel=\"icon\" href=\"")
		w.url(d.Site.Icon)
		w.WriteString("\">\n")
	} else {
		w.WriteString(iconLink + "\n")
	}
	w.WriteString(w.styles)
	w.cssString(d.URL)
	w.WriteString(stylesEnd)
	w.meta(d)
	w.WriteString("\n")
	w.WriteString(string(d.Site.Head))
	w.WriteString("</head>\n<body>\n<a class=\"skip\" href=\"#main\"" + string(d.Site.UI) + ">Skip to content</a>\n")
	w.WriteString(string(d.Frame.Masthead))
	w.WriteString("\n<main id=\"main\" class=\"wrap\">\n")
	main(w, d)
	w.WriteString("\n</main>\n")
	w.WriteString(string(d.Frame.Colophon))
	w.WriteString("\n</body>\n</html>\n")
}

// iconLink is base.html's favicon when static/ has none, an inline SVG.
const iconLink = `<link rel="icon" href="data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%2032%2032'%3E%3Crect%20width='32'%20height='32'%20rx='6'%20fill='%23a4161a'/%3E%3Cpath%20d='M10%207h7.5a5.5%205.5%200%200%201%203.2%2010A6%206%200%200%201%2018%2025h-8z'%20fill='%23fff'/%3E%3C/svg%3E">`

// meta is meta.html.
func (w *writer) meta(d *Data) {
	for i, f := range d.Feeds {
		if i > 0 {
			w.WriteString("\n")
		}
		w.wrap("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"", f.Name, "\" href=\"")
		w.url(f.URL)
		w.WriteString("\">")
	}
	if d.Kind == "404" {
		return
	}
	w.wrap("\n<meta property=\"og:site_name\" content=\"", d.Site.Title, "\">\n")
	w.wrap("<meta property=\"og:title\" content=\"", d.Title, "\">\n")
	if d.Desc != "" {
		w.wrap("<meta property=\"og:description\" content=\"", d.Desc, "\">\n")
	}
	w.wrap("<meta property=\"og:url\" content=\"", d.Canon, "\">\n")
	if b := d.Briefing; b != nil {
		w.WriteString("<meta property=\"og:type\" content=\"article\">\n")
		w.wrap("<meta property=\"article:published_time\" content=\"", b.Date.ISO, "\">\n")
		w.wrap("<meta property=\"article:modified_time\" content=\"", b.Modified, "\">\n")
		w.wrap("<meta property=\"article:section\" content=\"", b.Section.Name, "\">\n")
		for _, t := range b.Topics {
			w.wrap("<meta property=\"article:tag\" content=\"", t.Name, "\">\n")
		}
		if b.Image != "" {
			w.wrap("<meta property=\"og:image\" content=\"", b.Image, "\">\n")
			if b.ImageAlt != "" {
				w.wrap("<meta property=\"og:image:alt\" content=\"", b.ImageAlt, "\">\n")
			}
		}
		w.WriteString("<script type=\"application/ld+json\">")
		w.WriteString(string(b.LD))
		w.WriteString("</script>\n")
	} else {
		w.WriteString("<meta property=\"og:type\" content=\"website\">\n")
	}
	if d.Briefing != nil && d.Briefing.Image != "" {
		w.WriteString("<meta name=\"twitter:card\" content=\"summary_large_image\">\n")
	} else {
		w.WriteString("<meta name=\"twitter:card\" content=\"summary\">\n")
	}
	w.wrap("<meta name=\"twitter:title\" content=\"", d.Title, "\">")
	if d.Desc != "" {
		w.wrap("\n<meta name=\"twitter:description\" content=\"", d.Desc, "\">")
	}
}

// link writes <a href="URL">Name</a>.
func (w *writer) link(l Link) {
	w.WriteString("<a href=\"")
	w.url(l.URL)
	w.wrap("\">", l.Name, "</a>")
}

// tagItems writes a list item with a link for each of links.
func (w *writer) tagItems(links []Link) {
	for _, l := range links {
		w.WriteString("<li>")
		w.link(l)
		w.WriteString("</li>")
	}
}
