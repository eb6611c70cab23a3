package layout

// entry is partials.html's "entry": a briefing's card in listings.
func (w *writer) entry(e *Entry) {
	w.WriteString("<li class=\"entry\">\n<article>\n<p class=\"kicker\">")
	w.link(e.Section)
	w.WriteString("</p>\n<h3 class=\"headline\">")
	w.link(Link{e.Title, e.URL})
	w.wrap("</h3>\n<p class=\"dek\">", e.Summary, "</p>\n")
	w.WriteString("<p class=\"meta\"" + string(e.UI) + ">")
	w.date(e.Date)
	w.WriteString(" · ")
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
	w.WriteString("<h2 id=\"listing-count\" class=\"label\"" + string(d.Site.UI) + ">")
	w.plural(d.Total, one, many)
	if d.Pager.Last > 1 {
		w.WriteString("<span class=\"page-of\">, page ")
		w.pageOf(&d.Pager)
		w.WriteString("</span>")
	}
	w.WriteString("</h2>\n")
}

// listing is partials.html's "listing", with its "pager".
func (w *writer) listing(d *Data) {
	w.WriteString("<section class=\"listing\" aria-labelledby=\"listing-count\">\n")
	w.listHead(d, "briefing", "briefings")
	if len(d.Entries) == 0 {
		w.WriteString("<p class=\"empty\"" + string(d.Site.UI) + ">No briefings yet.</p>\n</section>\n")
		w.pager(&d.Pager)
		return
	}
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
	w.WriteString("<nav class=\"pager\" aria-label=\"More pages\"" + string(p.UI) + ">\n<span class=\"pager-end\">")
	w.pagerLink(` class="first"`, p.First, "<span aria-hidden=\"true\">⇤ </span>Newest")
	w.pagerLink(` rel="prev"`, p.Prev, "<span aria-hidden=\"true\">← </span>Newer")
	w.WriteString("</span>\n<span class=\"page-num\">Page ")
	w.pageOf(p)
	w.WriteString("</span>\n<span class=\"pager-end\">")
	w.pagerLink(` rel="next"`, p.Next, "Older<span aria-hidden=\"true\"> →</span>")
	w.pagerLink(` class="last"`, p.Final, "Oldest<span aria-hidden=\"true\"> ⇥</span>")
	w.WriteString("</span>\n</nav>\n")
}

// pagerLink writes the pager's link to href, with attr (rel="prev") and
// label (markup), or nothing where there is no such page.
func (w *writer) pagerLink(attr, href, label string) {
	if href == "" {
		return
	}
	w.WriteString("<a" + attr + " href=\"")
	w.url(href)
	w.WriteString("\">" + label + "</a>")
}

// pageOf writes which page of a listing this is: "2 of 5".
func (w *writer) pageOf(p *Pager) {
	w.int(p.Num)
	w.WriteString(" of ")
	w.int(p.Last)
}

// listingHead writes the header of a listing page: its kicker, a link to
// path under the base path unless path is "", then the title, the
// subtitle (analysts' pages only), the intro and the link to the page's
// own feed (topics' pages only: no other kind has one).
func (w *writer) listingHead(d *Data, kicker, path string, subtitle bool) {
	w.WriteString("<header class=\"listing-head\">\n<p class=\"kicker\"" + string(d.Site.UI) + ">")
	if path != "" {
		w.WriteString("<a href=\"")
		w.url(d.Site.Base)
		w.WriteString(path + "\">" + kicker + "</a>")
	} else {
		w.WriteString(kicker)
	}
	w.wrap("</p>\n<h1>", d.Title, "</h1>\n")
	if d.Draft { // a section whose _index.md is a draft, under --drafts
		w.WriteString("<p class=\"draft-label\"" + string(d.Site.UI) + ">Draft</p>\n")
	}
	if subtitle && d.Subtitle != "" {
		w.wrap("<p class=\"subtitle\">", d.Subtitle, "</p>\n")
	}
	if d.Intro != "" {
		w.WriteString("<div class=\"intro\">")
		w.WriteString(string(d.Intro))
		w.WriteString("</div>\n")
	}
	if d.Feed != "" {
		w.WriteString("<p class=\"follow\"" + string(d.Site.UI) + "><a href=\"")
		w.url(d.Feed)
		w.WriteString("\">Atom feed of this topic</a></p>\n")
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
	if len(d.Notes) == 0 {
		w.WriteString("<p class=\"empty\"" + string(d.Site.UI) + ">No notes yet.</p>\n</section>\n")
		w.pager(&d.Pager)
		return
	}
	w.WriteString("<ol class=\"entries notes-list\">\n")
	for i := range d.Notes {
		n := &d.Notes[i]
		w.WriteString("<li>\n")
		w.note(n)
		w.WriteString("</li>\n")
	}
	w.WriteString("</ol>\n</section>\n")
	w.pager(&d.Pager)
}
