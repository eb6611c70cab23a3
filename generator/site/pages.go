package site

import (
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Kind says which template renders a page.
type Kind int

// The kinds of page a site has.
const (
	KindHome Kind = iota
	KindBriefing
	KindSection
	KindTopics
	KindTopic
	KindAnalysts
	KindAnalyst
	KindPlain
	KindNotFound
	KindSearch
)

var kindNames = [...]string{"home", "briefing", "section", "topics", "topic", "analysts", "analyst", "page", "404", "search"}

// String names the kind; it is also the name of the template that renders it.
func (k Kind) String() string { return kindNames[k] }

// Page is one HTML page to render: what it shows and where it goes. Only
// the fields for its kind are set.
type Page struct {
	Kind Kind
	URL  string // URL path including the base path
	Out  string // output file, relative to the output folder

	Briefing *Briefing
	Section  *Section
	Topic    *Topic
	Analyst  *Analyst
	Plain    *Plain

	// For listings: the entries of this page and its place in the series.
	Items    []*Briefing
	Notes    []*Note
	PageNum  int // 1-based
	PageLast int
	Prev     string // URL of the previous page in the series, if any
	Next     string
}

// pages lists every page of the site, sorted by output path.
func (s *Site) pages() []*Page {
	base := s.Config.BasePath()
	pages := []*Page{
		{Kind: KindHome, URL: base, Out: "index.html", Items: head(s.Briefings, s.Config.Paginate)},
		{Kind: KindNotFound, URL: base + "404.html", Out: "404.html"},
		{Kind: KindTopics, URL: base + "topics/", Out: "topics/index.html"},
		{Kind: KindAnalysts, URL: base + "analysts/", Out: "analysts/index.html"},
		{Kind: KindSearch, URL: base + "search/", Out: "search/index.html"},
	}
	for _, b := range s.Briefings {
		pages = append(pages, &Page{Kind: KindBriefing, URL: b.URL, Out: out(base, b.URL), Briefing: b})
	}
	for _, p := range s.Plain {
		pages = append(pages, &Page{Kind: KindPlain, URL: p.URL, Out: out(base, p.URL), Plain: p})
	}
	for _, sec := range s.Sections {
		pages = append(pages, paginate(base, sec.URL, len(sec.Briefings), s.Config.Paginate, func(p *Page, lo, hi int) {
			p.Kind, p.Section, p.Items = KindSection, sec, sec.Briefings[lo:hi]
		})...)
	}
	for _, t := range s.Topics {
		pages = append(pages, paginate(base, t.URL, len(t.Briefings), s.Config.Paginate, func(p *Page, lo, hi int) {
			p.Kind, p.Topic, p.Items = KindTopic, t, t.Briefings[lo:hi]
		})...)
	}
	for _, a := range s.Analysts {
		pages = append(pages, paginate(base, a.URL, len(a.Notes), s.Config.Paginate, func(p *Page, lo, hi int) {
			p.Kind, p.Analyst, p.Notes = KindAnalyst, a, a.Notes[lo:hi]
		})...)
	}
	slices.SortFunc(pages, func(a, b *Page) int { return strings.Compare(a.Out, b.Out) })
	return pages
}

func head(bs []*Briefing, n int) []*Briefing { return bs[:min(n, len(bs))] }

// out maps a URL path to the file that serves it.
func out(base, url string) string {
	return strings.TrimPrefix(url, base) + "index.html"
}

// PageDir is the folder, in a listing's URL, of its numbered pages:
// /world/page/2/. A briefing of that slug would have the folder's URL.
const PageDir = "page"

// PageURL is the URL of page k of the listing at url: url itself for the
// first, url/page/k/ for the others.
func PageURL(url string, k int) string {
	if k == 1 {
		return url
	}
	return url + PageDir + "/" + strconv.Itoa(k) + "/"
}

// paginate splits a listing of n entries into pages of size entries: the
// first at url, the others at url/page/N/. Each page holds a slice of the
// shared list, so the work is linear in n.
func paginate(base, url string, n, size int, fill func(p *Page, lo, hi int)) []*Page {
	last := max(1, (n+size-1)/size)
	pageURL := func(k int) string { return PageURL(url, k) }
	pages := make([]*Page, last)
	for k := 1; k <= last; k++ {
		p := &Page{URL: pageURL(k), PageNum: k, PageLast: last}
		p.Out = out(base, p.URL)
		if k > 1 {
			p.Prev = pageURL(k - 1)
		}
		if k < last {
			p.Next = pageURL(k + 1)
		}
		fill(p, (k-1)*size, min(k*size, n))
		pages[k-1] = p
	}
	return pages
}

// Deps lists the source files whose content a page shows, so that a change
// to one of them is known to affect it. Every page also depends on
// site.yaml and the layouts, which are not listed.
func (s *Site) Deps(p *Page) []string {
	var deps []string
	add := func(f string) { deps = append(deps, f) }
	addBriefings := func(bs []*Briefing) {
		for _, b := range bs {
			add(b.File)
		}
	}
	switch p.Kind {
	case KindBriefing:
		b := p.Briefing
		add(b.File)
		for _, n := range b.Notes {
			add(n.File)
			if n.Analyst.Profile != nil {
				add(n.Analyst.Profile.File)
			}
		}
		for _, t := range b.Topics {
			if t.Info != nil {
				add(t.Info.File)
			}
		}
		if b.Section.Intro != nil {
			add(b.Section.Intro.File)
		}
		addBriefings(b.Related)
	case KindHome:
		if s.Home != nil {
			add(s.Home.File)
		}
		addBriefings(p.Items)
	case KindSection, KindTopic:
		addBriefings(p.Items)
		if p.Section != nil && p.Section.Intro != nil {
			add(p.Section.Intro.File)
		}
		if p.Topic != nil && p.Topic.Info != nil {
			add(p.Topic.Info.File)
		}
	case KindAnalyst:
		if p.Analyst.Profile != nil {
			add(p.Analyst.Profile.File)
		}
		for _, n := range p.Notes {
			add(n.File)
			add(n.Briefing.File)
		}
	case KindPlain:
		add(p.Plain.File)
	case KindTopics, KindAnalysts:
		addBriefings(s.Briefings) // counts
	}
	sort.Strings(deps)
	return compact(deps)
}

func compact(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}
