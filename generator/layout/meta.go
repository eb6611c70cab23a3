package layout

import (
	"encoding/json"
	"html/template"
	"net/url"
	"strings"
	"time"

	"brief/generator/site"

	"golang.org/x/net/html"
)

// FeedFile is the name of an Atom feed inside the folder it belongs to:
// the whole site's at the base path, a topic's beside its index page.
const FeedFile = "feed.xml"

// feeds lists the Atom feeds a page advertises: the whole site's on every
// page, and a topic's on its own pages and on its briefings.
func feeds(s *site.Site, p *site.Page) []Link {
	out := []Link{{s.Config.Title, absolute(s, s.Config.BasePath()+FeedFile)}}
	topic := func(t *site.Topic) {
		out = append(out, Link{t.Name + " · " + s.Config.Title, absolute(s, t.URL+FeedFile)})
	}
	switch p.Kind {
	case site.KindTopic:
		topic(p.Topic)
	case site.KindBriefing:
		for _, t := range p.Briefing.Topics {
			topic(t)
		}
	}
	return out
}

// The schema.org types of a briefing's JSON-LD. Field order is the order
// of the output, so the same briefing always gives the same bytes.
type (
	newsArticle struct {
		Context          string       `json:"@context"`
		Type             string       `json:"@type"`
		Headline         string       `json:"headline"`
		Description      string       `json:"description,omitempty"`
		URL              string       `json:"url"`
		MainEntityOfPage thing        `json:"mainEntityOfPage"`
		DatePublished    string       `json:"datePublished"`
		DateModified     string       `json:"dateModified"`
		Author           thing        `json:"author"`
		Publisher        thing        `json:"publisher"`
		ArticleSection   string       `json:"articleSection"`
		Keywords         []string     `json:"keywords"`
		InLanguage       string       `json:"inLanguage,omitempty"`
		Image            []string     `json:"image,omitempty"`
		Correction       []correction `json:"correction,omitempty"`
	}
	thing struct {
		Type  string `json:"@type"`
		ID    string `json:"@id,omitempty"`
		Name  string `json:"name,omitempty"`
		URL   string `json:"url,omitempty"`
		Email string `json:"email,omitempty"`
	}
	correction struct {
		Type          string `json:"@type"`
		DatePublished string `json:"datePublished"`
		Text          string `json:"text"`
	}
)

// articleLD is the schema.org NewsArticle of a briefing, as JSON ready for
// a <script type="application/ld+json"> element. encoding/json escapes <,
// > and & as \u003c and so on, so no title or text can close the element
// early: that is what makes the value safe to mark as template.JS. shown
// are the briefing's corrections as the page shows them, whose text, as
// a reader sees it, each correction states.
func articleLD(s *site.Site, b *site.Briefing, canon string, shown []Correction, image, contact string) template.JS {
	publisher := thing{Type: "Organization", Name: s.Config.Title, URL: s.Config.BaseURL.String()}
	author := publisher
	if b.Author != "" {
		author = thing{Type: "Person", Name: b.Author}
		// The byline's contact (its link, BriefingView.ContactURL) is
		// the author's.
		if addr, ok := strings.CutPrefix(contact, "mailto:"); ok {
			author.Email = addr
		} else {
			author.URL = contact
		}
	}
	a := newsArticle{
		Context: "https://schema.org", Type: "NewsArticle",
		Headline: b.Title, Description: b.Summary, URL: canon,
		MainEntityOfPage: thing{Type: "WebPage", ID: canon},
		DatePublished:    b.Date.Format(time.RFC3339),
		DateModified:     Modified(b).Format(time.RFC3339),
		Author:           author, Publisher: publisher,
		ArticleSection: b.Section.Title, Keywords: []string{},
		InLanguage: s.Config.Language,
	}
	if image != "" {
		a.Image = []string{image}
	}
	for _, t := range b.Topics {
		a.Keywords = append(a.Keywords, t.Name)
	}
	for i, c := range b.Corrections {
		text := c.Text
		if i < len(shown) && string(shown[i].Text) != text {
			text = htmlText(string(shown[i].Text))
		}
		a.Correction = append(a.Correction, correction{"CorrectionComment", c.Date.Format(time.RFC3339), text})
	}
	js, err := json.Marshal(a)
	if err != nil {
		panic("marshal JSON-LD: " + err.Error()) // only strings and slices: cannot fail
	}
	return template.JS(js)
}

// resolveURL resolves ref, an address as a page at the absolute URL page
// has it, to an absolute URL; "" when ref is "" or does not parse.
func resolveURL(page, ref string) string {
	if ref == "" {
		return ""
	}
	base, err := url.Parse(page)
	if err != nil {
		return ""
	}
	u, err := base.Parse(ref)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// htmlText is the text of an HTML fragment, as a reader sees it: tags
// left out, references resolved.
func htmlText(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		}
	}
}

// Modified is when a briefing last changed: the latest of its updated
// date and its corrections' dates (a correction changes the text), or
// else the date it was published. Feeds, the sitemap and JSON-LD carry it,
// so that readers and crawlers fetch a corrected briefing again.
func Modified(b *site.Briefing) time.Time {
	t := b.Date
	if b.Updated.After(t) {
		t = b.Updated
	}
	for _, c := range b.Corrections {
		if c.Date.After(t) {
			t = c.Date
		}
	}
	return t
}
