package layout

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
	w.briefingHead(d, b)
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
	w.corrections(b.Corrections)
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

// briefingHead is the briefing's header: the trail of section and
// topics, the headline, the dek and the byline.
func (w *writer) briefingHead(d *Data, b *BriefingView) {
	w.WriteString("<header class=\"head\">\n<nav class=\"trail\" aria-label=\"Section and topics\"><a class=\"section\" href=\"")
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
}

// corrections is the briefing's list of dated corrections, if any.
func (w *writer) corrections(cs []Correction) {
	if len(cs) == 0 {
		return
	}
	w.WriteString("<section class=\"corrections\" aria-labelledby=\"corrections\">\n<h2 id=\"corrections\">")
	if len(cs) == 1 {
		w.WriteString("Correction")
	} else {
		w.WriteString("Corrections")
	}
	w.WriteString("</h2>\n<ul>")
	for _, c := range cs {
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
