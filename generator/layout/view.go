package layout

import (
	"cmp"
	"html/template"
	"slices"
	"strings"
	"time"

	"brief/generator/content"
	"brief/generator/site"
)

// Data is what every template receives. It is flat and made of strings and
// small slices, because html/template walks it by reflection: the less it
// has to walk, the faster a page renders.
type Data struct {
	Site     SiteInfo
	Frame    Frame  // for the "masthead" and "colophon" templates
	Kind     string // the page kind: home, briefing, section, topics, topic, analysts, analyst, page, 404
	Title    string // for <title> and the h1
	Desc     string // for the meta description
	URL      string // URL path of this page
	Canon    string // absolute URL of this page
	Subtitle string // a line under the h1: an analyst's role and affiliation
	Heading  string // the home page's visible h1, content/_index.md's title; if empty, a hidden h1 holds the site's title
	Draft    bool   // a draft's page, published by --drafts: it says so under its h1
	Total    int    // entries in the whole listing, across its pages
	Intro    template.HTML
	Body     template.HTML
	Briefing *BriefingView
	Entries  []Entry    // listing entries
	Notes    []NoteView // analyst pages
	Topics   []Count    // topics index, home
	Analysts []Count    // analysts index
	Sections []Count    // home
	Pages    []Link     // home: every plain page, when the footer names only some
	Pager    Pager
	Feeds    []Link // Atom feeds the page advertises, absolute URLs
	Feed     string // URL path of the page's own feed, shown as a link: a topic's
}

// SiteInfo is the part of Data shared by every page.
type SiteInfo struct {
	Title       string
	Description string
	Lang        string
	Dir         string // "rtl" when Lang is written right to left, else empty
	// UI is ` lang="en"` when Lang is not English, for the elements of
	// the theme's own words, which are English whatever the site's
	// language, so that a screen reader reads them as English (WCAG
	// 3.1.2); empty on an English site.
	UI     template.HTMLAttr
	Base   string // base path, e.g. /briefings/
	CSS    string // URL of the stylesheet
	Search string // URL of the search page's script
	Origin string // scheme and host of the base URL, to print links in full
	Icon   string // URL of the site's favicon in static/, or "" for the theme's
	Nav    []Link
	Pages  []Link         // the plain pages (about, contact), by title, for the colophon: at most FooterPages, then "More pages"
	Head   template.HTML  // extra tags for <head>, e.g. the live-reload script in serve
	Params map[string]any // site.yaml's params, for a site's own templates

	allPages []Link // every plain page, when Pages has only some
}

// Rel returns the URL path of p, a path of the site from its root
// (`/about/`) or without its slash (`about/`), under the base path:
// `{{.Site.Rel "/about/"}}` is /briefings/about/ for a site at
// /briefings/, as Hugo's relURL. An absolute URL (with a scheme or a
// host), a fragment or a query alone is returned as it is.
func (s SiteInfo) Rel(p string) string {
	if p == "" || strings.Contains(p, "://") || strings.HasPrefix(p, "//") || p[0] == '#' || p[0] == '?' ||
		strings.HasPrefix(strings.ToLower(p), "mailto:") {
		return p
	}
	return s.Base + strings.TrimPrefix(p, "/")
}

// Abs returns p as Rel does, with the base URL's scheme and host before
// it: `{{.Site.Abs "/feed.xml"}}`, as Hugo's absURL.
func (s SiteInfo) Abs(p string) string {
	if r := s.Rel(p); strings.HasPrefix(r, "/") && !strings.HasPrefix(r, "//") {
		return s.Origin + r
	}
	return p
}

// Link is a label and where it points.
type Link struct {
	Name, URL string
}

// Count is a link with how many entries it leads to.
type Count struct {
	Name, URL, Desc string
	N               int
	UI              template.HTMLAttr // SiteInfo.UI, for the theme's words beside the count
}

// Pager places a listing page in its series.
type Pager struct {
	Num, Last  int
	Prev, Next string
	// First and Final are the URLs of the series' first and last pages,
	// where they are neither this page nor the one next to it: a topic of
	// 184 pages took 183 clicks on Older to reach its oldest briefings.
	First, Final string
	UI           template.HTMLAttr // SiteInfo.UI, for the pager's words
}

// pagerOf is the pager of listing page p.
func pagerOf(p *site.Page, ui template.HTMLAttr) Pager {
	pg := Pager{Num: p.PageNum, Last: p.PageLast, Prev: p.Prev, Next: p.Next, UI: ui}
	if p.PageLast < 3 {
		return pg
	}
	first := strings.TrimSuffix(p.URL, site.PageURL("", p.PageNum)) // "" for page 1: p.URL itself
	if p.PageNum > 2 {
		pg.First = first
	}
	if p.PageNum < p.PageLast-1 {
		pg.Final = site.PageURL(first, p.PageLast)
	}
	return pg
}

// Entry is one briefing in a listing: only its compact summary fields.
type Entry struct {
	Title, URL, Summary string
	Date                Date
	Section             Link
	Topics              []Link
	Minutes, Notes      int
	Card                template.HTML     // the "entry" template's output for this entry
	UI                  template.HTMLAttr // SiteInfo.UI, for the card's date and reading time
}

// Date is a time formatted for people and for machines.
type Date struct {
	Human, ISO string
	Time       time.Time // for other formats: {{.Date.Time.Format "Jan 2"}}
}

// BriefingView is everything a briefing page shows beyond its body.
type BriefingView struct {
	Section     Link
	Topics      []Link
	Author      string
	Dateline    string
	Contact     string // an email or web address, as written
	ContactURL  string // where Contact links: mailto: for an email address
	Date        Date
	Updated     Date
	Minutes     int
	Takeaways   []template.HTML
	Corrections []Correction
	Notes       []NoteView
	Related     []Entry
	Modified    string      // RFC 3339: updated, or else the date
	LD          template.JS // schema.org NewsArticle JSON-LD
	// Image is the absolute URL of the article's first image, for its
	// preview in social media and search (og:image), or "".
	Image string
	// ImageAlt is that image's alt text (og:image:alt), or "".
	ImageAlt string
}

// Correction is a dated correction.
type Correction struct {
	Date Date
	Text template.HTML
}

// NoteView is an analyst note as shown on a page.
type NoteView struct {
	ID          string
	Analyst     Link
	Affiliation string
	Role        string // the analyst's role, from their profile, if any
	Date        Date
	Confidence  string
	Body        template.HTML
	Briefing    Link              // the briefing it is about
	Anchor      string            // URL of the note on its briefing page
	UI          template.HTMLAttr // SiteInfo.UI, for the note's date and confidence
}

// updated is a briefing's updated date as its page shows it: none when it
// is the day it was published, which the page already shows.
func updated(published, t time.Time) Date {
	if HumanDate(t) == HumanDate(published) {
		return Date{}
	}
	return date(t)
}

func date(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	return Date{Human: HumanDate(t), ISO: t.Format(time.RFC3339), Time: t}
}

// HumanDate is t as pages show it to readers: 14 March 2026.
func HumanDate(t time.Time) string { return t.Format("2 January 2006") }

func entry(b *site.Briefing) Entry {
	e := Entry{
		Title: b.Title, URL: b.URL, Summary: b.Summary, Date: date(b.Date),
		Section: Link{b.Section.Title, b.Section.URL}, Minutes: b.Minutes, Notes: len(b.Notes),
	}
	e.Topics = topicLinks(b.Topics)
	return e
}

// plainLinks links the plain pages by title (by URL among equal titles),
// an order that does not change when a file is renamed to another slug.
// Titles are compared as the topics page orders topics, by their slugs,
// in which case and accents do not count (À propos before Contact, apple
// before Zeta), then as written.
func plainLinks(ps []*site.Plain) []Link {
	type titled struct {
		Link
		key string
	}
	byTitle := make([]titled, len(ps))
	for i, p := range ps {
		byTitle[i] = titled{Link{p.Title, p.URL}, content.Slug(p.Title)}
	}
	slices.SortFunc(byTitle, func(a, b titled) int {
		return cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.Name, b.Name), strings.Compare(a.URL, b.URL))
	})
	out := make([]Link, len(ps))
	for i, t := range byTitle {
		out[i] = t.Link
	}
	return out
}

func topicLinks(ts []*site.Topic) []Link {
	out := make([]Link, len(ts))
	for i, t := range ts {
		out[i] = Link{t.Name, t.URL}
	}
	return out
}

// Markdown converts a source's body to HTML for a page. once is true when
// the body appears on no other page (a briefing's article), so the result
// need not be kept: it is valid until the page is rendered, and a page
// converts at most one such body. The build supplies it, with its cache
// and its error collection.
type Markdown func(src *content.Source, once bool) Converted

// Converted is a body as HTML, with, for a briefing's, its takeaways and
// then its corrections' texts, which are inline markdown converted with
// the body (see markdown.Inline).
type Converted struct {
	Body     template.HTML
	Inline   []string
	Image    string // the first image's address, as the body has it (see markdown.Result.Image)
	ImageAlt string // its alt text, as plain text
}

// Text is the HTML of the i-th of the Inline texts, text; text escaped if
// there is none. A briefing's page and its full-content feed entry show
// its takeaways and corrections so.
func (c Converted) Text(i int, text string) template.HTML {
	if i < len(c.Inline) {
		return template.HTML(c.Inline[i])
	}
	return template.HTML(template.HTMLEscapeString(text))
}

// note builds a note's view. Only on its briefing's page does it carry an
// id: an analyst's page lists many notes by one analyst, whose ids would clash.
func note(n *site.Note, md Markdown, onBriefing bool, ui template.HTMLAttr) NoteView {
	id := ""
	if onBriefing {
		id = n.ID
	}
	return NoteView{
		ID: id, Anchor: n.Briefing.URL + "#" + n.ID, Analyst: Link{n.Analyst.Name, n.Analyst.URL}, Affiliation: n.Affiliation,
		Date: date(n.Date), Confidence: n.Confidence, Body: md(&n.Source, false).Body,
		Briefing: Link{n.Briefing.Title, n.Briefing.URL}, Role: NoteRole(n), UI: ui,
	}
}

// NoteRole is the role a note's analyst's profile gives, or "": what a
// note's .Role shows.
func NoteRole(n *site.Note) string {
	if p := n.Analyst.Profile; p != nil {
		return p.Role
	}
	return ""
}

// view builds the data of one page.
func (r *Renderer) view(p *site.Page, md Markdown) *Data {
	s, info, entries := r.site, r.info, r.entries
	d := &Data{Site: info, Kind: p.Kind.String(), URL: p.URL, Canon: absolute(s, p.URL), Desc: s.Config.Description,
		Pager: pagerOf(p, info.UI), Feeds: feeds(s, p)}
	switch p.Kind {
	case site.KindHome:
		d.Title = s.Config.Title
		if s.Home != nil {
			d.Heading, d.Draft = s.Home.Title, s.Home.Draft
			d.Intro = md(&s.Home.Source, false).Body
			if s.Home.Summary != "" {
				d.Desc = s.Home.Summary
			}
		}
		d.Entries = entries(p.Items)
		d.Topics = topicCounts(homeTopics(s.Topics))
		for i := range d.Topics {
			d.Topics[i].UI = d.Site.UI
		}
		for _, sec := range s.Sections {
			c := Count{Name: sec.Title, URL: sec.URL, N: len(sec.Briefings), UI: d.Site.UI}
			if sec.Intro != nil {
				c.Desc = sec.Intro.Summary
			}
			d.Sections = append(d.Sections, c)
		}
		d.Pages = info.allPages
	case site.KindBriefing:
		b := p.Briefing
		body := md(&b.Source, true)
		d.Title, d.Desc, d.Body, d.Draft = b.Title, b.Summary, body.Body, b.Draft
		v := &BriefingView{
			Section: Link{b.Section.Title, b.Section.URL}, Topics: topicLinks(b.Topics),
			Author: b.Author, Dateline: b.Dateline, Date: date(b.Date), Updated: updated(b.Date, b.Updated),
			Minutes: b.Minutes, Related: entries(b.Related), Modified: date(Modified(b)).ISO,
		}
		if href, _ := content.ContactURL(b.Contact); href != "" {
			v.Contact, v.ContactURL = contactText(href), href
		}
		for i, t := range b.Takeaways {
			v.Takeaways = append(v.Takeaways, body.Text(i, t))
		}
		for i, c := range b.Corrections {
			v.Corrections = append(v.Corrections, Correction{date(c.Date), body.Text(len(b.Takeaways)+i, c.Text)})
		}
		v.Image = resolveURL(d.Canon, body.Image)
		if v.Image != "" {
			v.ImageAlt = body.ImageAlt
		}
		v.LD = articleLD(s, b, d.Canon, v.Corrections, v.Image, v.ContactURL)
		v.Notes = make([]NoteView, 0, len(b.Notes))
		for _, n := range b.Notes {
			v.Notes = append(v.Notes, note(n, md, true, info.UI))
		}
		d.Briefing = v
	case site.KindSection:
		sec := p.Section
		d.Title, d.Entries, d.Total = sec.Title, entries(p.Items), len(sec.Briefings)
		if sec.Intro != nil {
			d.Intro, d.Draft = md(&sec.Intro.Source, false).Body, sec.Intro.Draft
			if sec.Intro.Summary != "" {
				d.Desc = sec.Intro.Summary
			}
		}
	case site.KindTopics:
		d.Title, d.Topics = "Topics", topicCounts(s.Topics)
	case site.KindTopic:
		t := p.Topic
		d.Title, d.Entries, d.Total = t.Name, entries(p.Items), len(t.Briefings)
		d.Desc = "Briefings on " + t.Name
		d.Feed = t.URL + FeedFile
		if t.Info != nil {
			d.Intro = md(&t.Info.Source, false).Body
			if t.Info.Summary != "" {
				d.Desc = t.Info.Summary
			}
		}
	case site.KindAnalysts:
		d.Title = "Analysts"
		for _, a := range s.Analysts {
			d.Analysts = append(d.Analysts, Count{Name: a.Name, URL: a.URL, Desc: a.Affiliation, N: len(a.Notes)})
		}
	case site.KindAnalyst:
		a := p.Analyst
		d.Title, d.Total = a.Name, len(a.Notes)
		if a.Profile != nil && a.Profile.Role != "" {
			d.Subtitle = a.Profile.Role
		}
		if a.Affiliation != "" {
			d.Subtitle = strings.TrimPrefix(d.Subtitle+", "+a.Affiliation, ", ")
		}
		d.Desc = "Analyst notes by " + a.Name
		if a.Affiliation != "" {
			d.Desc += ", " + a.Affiliation
		}
		if a.Profile != nil {
			d.Intro = md(&a.Profile.Source, false).Body
		}
		d.Notes = make([]NoteView, 0, len(p.Notes))
		for _, n := range p.Notes {
			d.Notes = append(d.Notes, note(n, md, false, info.UI))
		}
	case site.KindPlain:
		d.Title, d.Body, d.Draft = p.Plain.Title, md(&p.Plain.Source, true).Body, p.Plain.Draft
		if p.Plain.Summary != "" {
			d.Desc = p.Plain.Summary
		}
	case site.KindNotFound:
		d.Title = "Page not found"
	case site.KindSearch:
		d.Title = "Search"
		d.Desc = "Search every briefing of " + s.Config.Title + ": titles, summaries, topics, analysts and full text."
	}
	return d
}

// HomeTopics is the most topics the home page names; its "All topics"
// link leads to the rest. A site of 7,000 topics (a place and a person
// for each briefing) made a home page of 1 MB, the first a reader opens.
const HomeTopics = 50

// homeTopics returns the topics the home page names, in their order: all
// of them, or else the HomeTopics with the most briefings (the first of
// those with as many).
func homeTopics(ts []*site.Topic) []*site.Topic {
	return mostListed(ts, HomeTopics, func(t *site.Topic) int { return len(t.Briefings) })
}

func topicCounts(ts []*site.Topic) []Count {
	out := make([]Count, len(ts))
	for i, t := range ts {
		out[i] = Count{Name: t.Name, URL: t.URL, N: len(t.Briefings)}
		if t.Info != nil {
			out[i].Desc = t.Info.Summary
		}
	}
	return out
}

func absolute(s *site.Site, path string) string {
	u := *s.Config.BaseURL
	u.Path = path
	return u.String()
}

// contactText is a briefing's contact as the byline shows it, without
// what a reader does not type: an email address without mailto:, a web
// address without its scheme and final slash (example.org/contact).
func contactText(href string) string {
	if addr, ok := strings.CutPrefix(href, "mailto:"); ok {
		return addr
	}
	if _, rest, ok := strings.Cut(href, "://"); ok {
		return strings.TrimSuffix(rest, "/")
	}
	return href
}
