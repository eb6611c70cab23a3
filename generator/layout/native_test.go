package layout

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
)

// native renders d as the built-in theme's Go code does.
func native(t *testing.T, th *Theme, d *Data) string {
	t.Helper()
	write := th.native[d.Kind]
	if write == nil {
		t.Fatalf("no native writer for %q", d.Kind)
	}
	w := writer{Buffer: new(bytes.Buffer), styles: siteStyles(&d.Site)}
	w.base(d, write)
	return w.String()
}

// templated renders d with the templates, as for a site that overrides them.
func templated(t *testing.T, th *Theme, d *Data) string {
	t.Helper()
	var buf bytes.Buffer
	if err := th.pages[d.Kind].ExecuteTemplate(&buf, "base.html", d); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// nativeCard renders an entry's card as the Go code does.
func nativeCard(e *Entry) template.HTML {
	w := writer{Buffer: new(bytes.Buffer)}
	w.entry(e)
	return template.HTML(w.String())
}

// samples builds a page of each native kind from a, b (any text), u (a
// URL) and bits (which optional parts each page has), putting them in
// every field a template prints.
func samples(a, b, u string, bits uint) []*Data {
	on := func(i uint) bool { return bits>>i&1 == 1 }
	pick := func(i uint, s string) string {
		if on(i) {
			return s
		}
		return ""
	}
	links := []Link{{a, u}, {b, "/" + a + "/"}}
	if on(5) { // more than the trail shows
		links = append(links, Link{b, a}, Link{a + b, u})
	}
	if on(0) {
		links = nil
	}
	day := Date{Human: b, ISO: a}
	ui := template.HTMLAttr(pick(19, ` lang="en"`)) // a site not in English
	entry := Entry{Title: a, URL: u, Summary: b, Date: day, Section: Link{b, u}, Topics: links,
		Minutes: int(bits % 7), Notes: int(bits % 3), UI: ui}
	entry.Card = nativeCard(&entry)
	entries := []Entry{entry, entry}
	pager := Pager{Num: int(bits%4) + 1, Last: int(bits % 6), Prev: pick(1, u), Next: pick(2, a), First: pick(20, b), Final: pick(21, u), UI: ui}
	notes := []NoteView{
		{ID: pick(3, a), Analyst: Link{a, u}, Affiliation: pick(4, b), Date: Date{Human: pick(5, b), ISO: a},
			Confidence: pick(6, a), Body: template.HTML("<p>" + b + "</p>"), Briefing: Link{b, u}, Anchor: u + "#" + a, UI: ui},
		{Analyst: Link{b, a}, Body: "x"},
	}
	if on(7) {
		notes = notes[:1]
	}
	site := SiteInfo{Title: a, Description: b, Lang: pick(8, b), Dir: pick(7, a), Base: u, CSS: u + "style.css", Search: u,
		Origin: "https://" + a, Nav: links, Head: template.HTML(pick(9, "<script>live</script>")), Icon: pick(5, u), UI: ui}
	frame := Frame{Masthead: template.HTML("<header>" + a + "</header>"), Colophon: "<footer></footer>"}
	page := func(kind string) *Data {
		return &Data{Site: site, Frame: frame, Kind: kind, Title: a, Desc: pick(10, b), URL: u, Canon: u,
			Subtitle: pick(11, b), Total: int(bits % 5), Intro: template.HTML(pick(12, "<p>"+a+"</p>")),
			Pager: pager, Feeds: []Link{{a, u}, {b, a}}[:1+bits%2]}
	}
	var corrections []Correction
	for i := range bits % 3 {
		corrections = append(corrections, Correction{day, template.HTML(b + strings.Repeat("!", int(i)))})
	}
	bv := &BriefingView{Section: Link{b, u}, Topics: links, Author: pick(13, a), Dateline: pick(14, b),
		Date: day, Updated: Date{Human: pick(15, a), ISO: b}, Minutes: int(bits % 9), Takeaways: []template.HTML{template.HTML(a), template.HTML("<em>" + b + "</em>")}[:bits%3%2+1],
		Corrections: corrections, Notes: notes, Related: entries, Modified: b, LD: template.JS(`{"a":1}`), Image: pick(17, u)}
	if on(16) {
		bv.Takeaways, bv.Notes, bv.Related = nil, nil, nil
	}
	if on(18) { // a contact, alone in the byline or after the author or dateline
		bv.Contact, bv.ContactURL = b, u
	}
	briefing := page("briefing")
	briefing.Body, briefing.Briefing, briefing.Draft = template.HTML("<p>"+b+"</p>"), bv, on(3)
	analyst := page("analyst")
	analyst.Notes = notes
	section, topic := page("section"), page("topic")
	topic.Feed = u + "feed.xml"
	section.Entries, topic.Entries = entries, entries
	if on(16) { // an analyst without notes, a section without briefings
		analyst.Notes, section.Entries = nil, nil
	}
	return []*Data{briefing, analyst, section, topic}
}

// hostile are texts and URLs that need escaping, or filtering, in each
// place the theme puts them.
var hostile = []string{
	"", "plain", `<script>alert("x")</script> & 'q' + y`, "\x00nul", "\xff\xfe invalid UTF-8", "päth ünï ☃",
	"javascript:alert(1)", "JavaScript:x", "https://example.org/a b?c=d&e=f#g", "HTTP://X/", "mailto:a@b",
	"a:b/c", "/a:b", "%zz%41", "{}|\\^`\"'()<>", "data:text/html,<b>",
}

func TestNativeMatchesTemplates(t *testing.T) {
	th, probs := Load(nil)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if len(th.native) != len(nativeKinds) || !th.nativeCards {
		t.Fatalf("the built-in theme is written natively for %d of %d kinds (cards: %v)", len(th.native), len(nativeKinds), th.nativeCards)
	}
	for i, a := range hostile {
		for j, u := range hostile {
			b := hostile[(i+j+1)%len(hostile)]
			for _, bits := range []uint{0, 1<<20 - 1, 0x5555, 0x2aaaa, 0x46000, 0x40000, 0x80000, 0xc7fff, uint(i*31+j) | 1<<18} {
				compare(t, th, a, b, u, bits)
			}
		}
	}
}

// compare fails the test when the Go code and the templates write
// different bytes for any sample page, or for a card.
func compare(t *testing.T, th *Theme, a, b, u string, bits uint) {
	t.Helper()
	for _, d := range samples(a, b, u, bits) {
		if got, want := native(t, th, d), templated(t, th, d); got != want {
			t.Fatalf("%s page (a=%q b=%q u=%q bits=%#x): Go code and templates differ:\n%s", d.Kind, a, b, u, bits, firstDiff(got, want))
		}
		for _, e := range d.Entries {
			var buf bytes.Buffer
			if err := th.cards.ExecuteTemplate(&buf, "entry", e); err != nil {
				t.Fatal(err)
			}
			if buf.String() != string(e.Card) {
				t.Fatalf("card (a=%q b=%q u=%q): Go code and template differ:\n%s", a, b, u, firstDiff(string(e.Card), buf.String()))
			}
		}
	}
}

func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "Go code:  …" + got[from:min(len(got), i+80)] + "\ntemplate: …" + want[from:min(len(want), i+80)]
}

// FuzzNative holds the built-in theme's Go code to the bytes of its
// templates for any text and URL. Its seeds are the hostile strings.
func FuzzNative(f *testing.F) {
	th, probs := Load(nil)
	if len(probs) > 0 {
		f.Fatal(probs)
	}
	for i, s := range hostile {
		f.Add(s, hostile[(i+3)%len(hostile)], hostile[(i+7)%len(hostile)], uint(i*0x1111))
	}
	f.Fuzz(func(t *testing.T, a, b, u string, bits uint) {
		compare(t, th, a, b, u, bits)
	})
}

// TestNativeOnlyWithoutOverrides: a page kind is rendered by
// html/template when a file in layouts/ defines any template its page
// shows, and by the Go code otherwise: a copy of a theme's file defines
// all of its templates, a file of one template only that one.
func TestNativeOnlyWithoutOverrides(t *testing.T) {
	for _, c := range []struct {
		file  string
		text  string   // "" for a copy of the theme's file
		kinds []string // those still native
		cards bool
	}{
		{"layouts/topic.html", "", []string{"briefing", "analyst", "section"}, true},
		{"layouts/home.html", "", []string{"briefing", "analyst", "section", "topic"}, true},
		{"layouts/meta.html", "", nil, true},
		{"layouts/base.html", "", nil, true},
		{"layouts/partials.html", "", nil, false},
		{"layouts/partials.html", `{{define "colophon"}}<footer>Ours</footer>{{end}}`, []string{"briefing", "analyst", "section", "topic"}, true},
		{"layouts/partials.html", `{{define "pager"}}<nav>Pages</nav>{{end}}`, []string{"briefing"}, true},
		{"layouts/partials.html", `{{define "pager"}}{{end}}`, []string{"briefing"}, true},
		{"layouts/partials.html", `{{define "entry"}}<li>{{.Title}}</li>{{end}}`, []string{"briefing", "analyst", "section", "topic"}, false},
		{"layouts/briefing.html", `{{define "head"}}<meta name="x" content="y">{{end}}`, []string{"analyst", "section", "topic"}, true},
		{"layouts/topic.html", `{{define "entry"}}<li>{{.Title}}</li>{{end}}`, []string{"briefing", "analyst", "section"}, true},
		{"layouts/base.html", `{{define "note"}}<p>A note</p>{{end}}`, []string{"section", "topic"}, true},
	} {
		text := []byte(c.text)
		if c.text == "" {
			var err error
			if text, err = embedded.ReadFile("theme/" + strings.TrimPrefix(c.file, "layouts/")); err != nil {
				t.Fatal(err)
			}
		}
		th, probs := Load(fstest.MapFS{c.file: {Data: text}})
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		var got []string
		for _, k := range []string{"briefing", "analyst", "section", "topic"} {
			if th.native[k] != nil {
				got = append(got, k)
			}
		}
		if strings.Join(got, " ") != strings.Join(c.kinds, " ") || th.nativeCards != c.cards {
			t.Errorf("with %s %.30q: native kinds %q, cards %v; want %q, %v", c.file, c.text, got, th.nativeCards, c.kinds, c.cards)
		}
	}
}
