package layout

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"brief/generator/content"
	"brief/generator/site"
)

// TestExtraCSS: layouts/extra.css adds its rules at the end of the
// theme's stylesheet, after the code colours, and changes its
// fingerprint, but no page's writer; layouts/style.css replaces the
// theme's whole, so a site that wanted a rule more had to copy it all.
func TestExtraCSS(t *testing.T) {
	plain, probs := Load(nil)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	rule := ".dek { font-style: normal; }\n"
	th, probs := Load(fstest.MapFS{"layouts/extra.css": {Data: []byte(rule)}})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if !bytes.HasPrefix(th.CSS, plain.CSS) || !bytes.HasSuffix(th.CSS, []byte(rule)) {
		t.Errorf("stylesheet does not end with the theme's and then extra.css:\n%s", th.CSS[max(0, len(th.CSS)-200):])
	}
	if th.CSSPath == plain.CSSPath || th.Sum == plain.Sum {
		t.Errorf("same fingerprint %s, or theme sum, as without extra.css", th.CSSPath)
	}
	if len(th.native) != len(nativeKinds) || !th.nativeCards {
		t.Errorf("with extra.css, %d of %d kinds are written natively (cards %v)", len(th.native), len(nativeKinds), th.nativeCards)
	}
	if strings.Count(string(th.CSS), rule) != 1 {
		t.Errorf("extra.css appears %d times", strings.Count(string(th.CSS), rule))
	}
}

// TestOwnStylesheetLast: a site's own layouts/style.css comes after the
// code colours, so that its rules win where they select the same: they
// came after it, and beat a designer's .chroma rules.
func TestOwnStylesheetLast(t *testing.T) {
	own := ".chroma .k { color: teal; }\n"
	th, probs := Load(fstest.MapFS{"layouts/style.css": {Data: []byte(own)}})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if !bytes.HasSuffix(th.CSS, []byte(own)) || !bytes.Contains(th.CSS, []byte(".chroma")) || bytes.Count(th.CSS, []byte(own)) != 1 {
		t.Errorf("stylesheet with layouts/style.css does not end with it, after the code colours:\n%s", th.CSS)
	}
}

// TestExtraCSSImports: extra.css's @import rules go to the start of the
// stylesheet, where a browser reads them; appended after the theme's rules
// they were dropped. An @import after a rule stays where it is, as the
// browser would drop it anyway, and is warned of.
func TestExtraCSSImports(t *testing.T) {
	plain, _ := Load(nil)
	extra := "/* fonts */\n@import url(\"https://fonts.example/css?family=A;B\");\n@IMPORT 'print.css' print;\n.dek { font-family: A; }\n@import 'late.css';\n"
	th, probs := Load(fstest.MapFS{"layouts/extra.css": {Data: []byte(extra)}})
	if want := "layouts/extra.css:5:1: warning: a browser ignores an @import after other rules"; len(probs) != 1 || !strings.HasPrefix(probs[0].String(), want) {
		t.Fatalf("problems %q; want one starting %q", probs, want)
	}
	if _, probs := Load(fstest.MapFS{"layouts/extra.css": {Data: []byte(extra + "@import 'later.css';\n")}}); len(probs) != 2 {
		t.Errorf("two @import after a rule: problems %q; want one for each", probs)
	}
	imports := "@import url(\"https://fonts.example/css?family=A;B\");\n@IMPORT 'print.css' print;\n"
	if want := imports + string(plain.CSS); !strings.HasPrefix(string(th.CSS), want) {
		t.Errorf("stylesheet starts\n%.300s\nwant the imports, then the theme's", th.CSS)
	}
	if rest := "\n.dek { font-family: A; }\n@import 'late.css';\n"; !strings.HasSuffix(string(th.CSS), rest) {
		t.Errorf("stylesheet ends\n%s\nwant the rest of extra.css", th.CSS[max(0, len(th.CSS)-200):])
	}
}

// TestOwnStylesheetImports: a site's own layouts/style.css's @import rules
// go to the start of the stylesheet, before extra.css's, as extra.css's
// do: after the code colours they came after, a browser ignored them.
func TestOwnStylesheetImports(t *testing.T) {
	own := "@charset \"utf-8\";\n@import url(\"../fonts.css\");\nh1 { color: teal; }\n"
	extra := "@import 'print.css' print;\n.dek { color: red; }\n"
	th, probs := Load(fstest.MapFS{"layouts/style.css": {Data: []byte(own)}, "layouts/extra.css": {Data: []byte(extra)}})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	css := string(th.CSS)
	if want := "@import url(\"../fonts.css\");\n@import 'print.css' print;\n"; !strings.HasPrefix(css, want) || strings.Count(css, "@import") != 2 {
		t.Errorf("stylesheet starts\n%.200s\nwant\n%s", css, want)
	}
	if !strings.Contains(css, "\nh1 { color: teal; }\n") || !strings.HasSuffix(css, "\n.dek { color: red; }\n") {
		t.Errorf("stylesheet lost the rules of style.css or extra.css:\n%s", css)
	}
}

// TestModifiedByCorrections holds that a briefing was last modified at the
// latest of its date, its updated date and its corrections' dates.
func TestModifiedByCorrections(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 1, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		updated     time.Time
		corrections []int
		want        int
	}{
		{time.Time{}, nil, 1},
		{day(3), nil, 3},
		{time.Time{}, []int{5, 4}, 5},
		{day(6), []int{5, 4}, 6},
		{day(3), []int{5}, 5},
	} {
		b := &content.Briefing{Date: day(1), Updated: c.updated}
		for _, d := range c.corrections {
			b.Corrections = append(b.Corrections, content.Correction{Date: day(d)})
		}
		if got := Modified(&site.Briefing{Briefing: b}); !got.Equal(day(c.want)) {
			t.Errorf("updated %v, corrections %v: Modified = %v; want day %d", c.updated, c.corrections, got, c.want)
		}
	}
}

// TestPlainLinksOrder holds that plain pages are named in the order of
// their titles with case and accents left aside, as topics are.
func TestPlainLinksOrder(t *testing.T) {
	var ps []*site.Plain
	for _, title := range []string{"Zeta", "À propos", "Ébène", "apple", "Contact", "Œuvre"} {
		ps = append(ps, &site.Plain{Page: &content.Page{Title: title}, URL: "/" + content.Slug(title) + "/"})
	}
	var got []string
	for _, l := range plainLinks(ps) {
		got = append(got, l.Name)
	}
	if want := []string{"À propos", "apple", "Contact", "Ébène", "Œuvre", "Zeta"}; strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("plain pages in the order %q; want %q", got, want)
	}
}

// TestUpdatedSameDay: a briefing updated the day it was published shows
// no "Updated" date beside the same day.
func TestUpdatedSameDay(t *testing.T) {
	day := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	if got := updated(day, day.Add(5*time.Hour)); got.Human != "" {
		t.Errorf("updated the same day: %q; want none", got.Human)
	}
	if got := updated(day, day.AddDate(0, 0, 1)); got.Human != "11 March 2026" {
		t.Errorf("updated the next day: %q; want 11 March 2026", got.Human)
	}
	if got := updated(day, time.Time{}); got.Human != "" {
		t.Errorf("never updated: %q; want none", got.Human)
	}
}

// TestSiteRelAbs: .Site.Rel and .Site.Abs put the base path, and the
// scheme and host, before a path of the site, as Hugo's relURL and absURL
// do, so that a template's own links work under a base path: written by
// hand, {{.Site.Base}}{{.Site.Params.rel}} made /harbour//about/.
func TestSiteRelAbs(t *testing.T) {
	s := SiteInfo{Base: "/harbour/", Origin: "https://org.github.io"}
	for _, c := range []struct{ in, rel, abs string }{
		{"/about/", "/harbour/about/", "https://org.github.io/harbour/about/"},
		{"about/", "/harbour/about/", "https://org.github.io/harbour/about/"},
		{"/", "/harbour/", "https://org.github.io/harbour/"},
		{"", "", ""},
		{"https://example.org/x", "https://example.org/x", "https://example.org/x"},
		{"//cdn.example/x.js", "//cdn.example/x.js", "//cdn.example/x.js"},
		{"#top", "#top", "#top"},
		{"mailto:desk@example.org", "mailto:desk@example.org", "mailto:desk@example.org"},
	} {
		if got := s.Rel(c.in); got != c.rel {
			t.Errorf("Rel(%q) = %q; want %q", c.in, got, c.rel)
		}
		if got := s.Abs(c.in); got != c.abs {
			t.Errorf("Abs(%q) = %q; want %q", c.in, got, c.abs)
		}
	}
}

// TestHomeTopics: the home page names at most HomeTopics topics, those
// with the most briefings, in the site's order; a site of 7,000 topics
// made a home page of 1 MB.
func TestHomeTopics(t *testing.T) {
	var ts []*site.Topic
	for i := range HomeTopics + 5 {
		ts = append(ts, &site.Topic{Slug: fmt.Sprintf("t%03d", i), Briefings: make([]*site.Briefing, (i*7)%(HomeTopics+5)+1)})
	}
	shown := homeTopics(ts)
	if len(shown) != HomeTopics {
		t.Fatalf("%d topics shown of %d; want %d", len(shown), len(ts), HomeTopics)
	}
	least := len(shown[0].Briefings)
	for i, tp := range shown {
		least = min(least, len(tp.Briefings))
		if i > 0 && tp.Slug <= shown[i-1].Slug {
			t.Errorf("topic %s shown after %s: want the site's order", tp.Slug, shown[i-1].Slug)
		}
	}
	for _, tp := range ts {
		if !slices.Contains(shown, tp) && len(tp.Briefings) > least {
			t.Errorf("topic %s, of %d briefings, is left out, and one of %d shown", tp.Slug, len(tp.Briefings), least)
		}
	}
	if few := ts[:3]; len(homeTopics(few)) != 3 {
		t.Errorf("a site of 3 topics shows %d", len(homeTopics(few)))
	}
}

// TestPagerEnds: a listing's pager links to its first and last pages
// where they are neither this page nor the next one over: a topic of 184
// pages took 183 clicks on Older to reach its oldest briefings.
func TestPagerEnds(t *testing.T) {
	url := func(k int) string {
		if k == 1 {
			return "/b/topics/x/"
		}
		return fmt.Sprintf("/b/topics/x/page/%d/", k)
	}
	for k, want := range map[int][2]string{
		1: {"", url(5)}, 2: {"", url(5)}, 3: {url(1), url(5)}, 4: {url(1), ""}, 5: {url(1), ""},
	} {
		pg := pagerOf(&site.Page{URL: url(k), PageNum: k, PageLast: 5}, "")
		if pg.First != want[0] || pg.Final != want[1] {
			t.Errorf("page %d of 5: first %q, last %q; want %q, %q", k, pg.First, pg.Final, want[0], want[1])
		}
	}
	if pg := pagerOf(&site.Page{URL: url(2), PageNum: 2, PageLast: 2}, ""); pg.First != "" || pg.Final != "" {
		t.Errorf("page 2 of 2 links to its ends: %+v", pg)
	}
}
