package layout

import "html/template"

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
	w.WriteString("\">\n")
	ui := string(d.Site.UI)
	w.briefingHead(d, b)
	if len(b.Takeaways) > 0 {
		w.WriteString("<section class=\"takeaways\" aria-labelledby=\"takeaways\">\n<h2 id=\"takeaways\"" + ui + ">Key takeaways</h2>\n<ul>")
		for _, t := range b.Takeaways {
			w.WriteString("<li>")
			w.WriteString(string(t))
			w.WriteString("</li>")
		}
		w.WriteString("</ul>\n</section>\n")
	}
	w.WriteString("<div class=\"body\">\n")
	w.WriteString(string(d.Body))
	w.WriteString("\n</div>\n")
	w.corrections(b.Corrections, ui)
	w.WriteString("<footer class=\"filed\">\n<h2 class=\"label\"" + ui + ">Filed under</h2>\n<ul class=\"tags\"><li>")
	w.link(b.Section)
	w.WriteString("</li>")
	w.tagItems(b.Topics)
	w.WriteString("</ul>\n</footer>\n")
	if len(b.Notes) > 0 {
		w.WriteString("<section class=\"notes\" aria-labelledby=\"analyst-notes\">\n<h2 id=\"analyst-notes\"" + ui + ">Analyst notes</h2>\n<p class=\"notes-intro\"" + ui + ">")
		w.plural(len(b.Notes), "assessment", "assessments")
		w.WriteString(" from analysts who follow this story.</p>\n")
		for i := range b.Notes {
			w.note(&b.Notes[i])
		}
		w.WriteString("</section>\n")
	}
	w.WriteString("</article>\n")
	if len(b.Related) > 0 {
		w.WriteString("<section class=\"related\" aria-labelledby=\"related\">\n<h2 id=\"related\" class=\"label\"" + ui + ">More must-reads</h2>\n<ol class=\"entries grid\">\n")
		for _, e := range b.Related {
			w.WriteString(string(e.Card))
		}
		w.WriteString("</ol>\n</section>\n")
	}
}

// trailTopics is how many of a briefing's topics the trail above its
// headline shows, as briefing.html does: on a phone, fifteen topics there
// took seven lines before the headline. "Filed under" lists them all.
const trailTopics = 3

// briefingHead is the briefing's header: the trail of section and the
// first trailTopics topics, the headline, a draft's label, the dek and
// the byline.
func (w *writer) briefingHead(d *Data, b *BriefingView) {
	w.WriteString("<header class=\"head\">\n<nav class=\"trail\" aria-label=\"Section and topics\"><a class=\"section\" href=\"")
	w.url(b.Section.URL)
	w.wrap("\">", b.Section.Name, "</a>")
	if len(b.Topics) > 0 {
		w.WriteString("<span class=\"sep\" aria-hidden=\"true\">›</span><ul>")
		w.tagItems(b.Topics[:min(len(b.Topics), trailTopics)])
		w.WriteString("</ul>")
	}
	w.wrap("</nav>\n<h1>", d.Title, "</h1>\n")
	if d.Draft {
		w.WriteString("<p class=\"draft-label\"" + string(d.Site.UI) + ">Draft</p>\n")
	}
	w.wrap("<p class=\"dek\">", d.Desc, "</p>\n")
	w.WriteString("<div class=\"byline\">\n")
	if b.Author != "" || b.Dateline != "" || b.Contact != "" {
		w.WriteString("<p>")
		if b.Author != "" {
			w.WriteString(englishWord("By", d.Site.UI))
			w.wrap(" <span class=\"author\">", b.Author, "</span>")
		}
		if b.Author != "" && b.Dateline != "" {
			w.WriteString(" · ")
		}
		if b.Dateline != "" {
			w.wrap("<span class=\"dateline\">", b.Dateline, "</span>")
		}
		if b.Contact != "" {
			if b.Author != "" || b.Dateline != "" {
				w.WriteString(" · ")
			}
			w.WriteString("<a class=\"contact\" href=\"")
			w.url(b.ContactURL)
			w.wrap("\">", b.Contact, "</a>")
		}
		w.WriteString("</p>\n")
	}
	w.WriteString("<p class=\"meta\"" + string(d.Site.UI) + ">Published ")
	w.date(b.Date)
	if b.Updated.Human != "" {
		w.WriteString(" · Updated ")
		w.date(b.Updated)
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
}

// corrections is the briefing's list of dated corrections, if any.
func (w *writer) corrections(cs []Correction, ui string) {
	if len(cs) == 0 {
		return
	}
	w.WriteString("<section class=\"corrections\" aria-labelledby=\"corrections\">\n<h2 id=\"corrections\"" + ui + ">")
	if len(cs) == 1 {
		w.WriteString("Correction")
	} else {
		w.WriteString("Corrections")
	}
	w.WriteString("</h2>\n<ul>")
	for _, c := range cs {
		w.wrap("<li><time datetime=\"", c.Date.ISO, "\""+ui+">")
		w.wrap("", c.Date.Human, "</time>")
		w.WriteString(": ")
		w.WriteString(string(c.Text))
		w.WriteString("</li>")
	}
	w.WriteString("</ul>\n</section>\n")
}

// note is partials.html's "note". Its heading names the analyst on the
// briefing's page (where the note has an id) and the briefing on the
// analyst's own page.
func (w *writer) note(n *NoteView) {
	w.WriteString("<article class=\"note\"")
	if n.ID != "" {
		w.wrap(" id=\"", n.ID, "\"")
	}
	w.WriteString(">\n<header>\n")
	if n.ID != "" {
		w.WriteString("<h3 class=\"analyst\">")
		w.link(n.Analyst)
	} else { // on the analyst's page: the briefing it is on
		w.WriteString("<h3 class=\"on\">" + englishWord("On", n.UI) + " ")
		w.link(Link{n.Briefing.Name, n.Anchor})
	}
	w.WriteString("</h3>\n")
	if n.Affiliation != "" {
		w.wrap("<p class=\"affiliation\">", n.Affiliation, "</p>\n")
	}
	if n.Date.Human != "" || n.Confidence != "" {
		w.WriteString("<p class=\"meta\"" + string(n.UI) + ">")
		if n.Date.Human != "" {
			w.date(n.Date)
		}
		if n.Confidence != "" {
			w.wrap("<span class=\"confidence confidence-", n.Confidence, "\">")
			w.wrap("<span>", n.Confidence, " confidence</span></span>")
		}
		w.WriteString("</p>\n")
	}
	w.WriteString("</header>\n<div class=\"note-body\">\n")
	w.WriteString(string(n.Body))
	w.WriteString("\n</div>\n</article>\n")
}

// englishWord is a word of the theme's, in a <span> marked English on a
// site in another language (ui is SiteInfo.UI), as the templates write it.
func englishWord(word string, ui template.HTMLAttr) string {
	if ui == "" {
		return word
	}
	return "<span" + string(ui) + ">" + word + "</span>"
}
