package generator

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The example site's text is well behaved. These tests open pages of a
// site whose content is not, as testers' sites were: words longer than a
// phone's line in titles, deks and topics; a table wider than any page
// and code with a token longer than any line, and code whose tokens
// chroma marks as emphasis and as errors; a link to a file of the bundle;
// a task list; a note with headings of its own.

// longWord is a German compound of 63 letters, one unbreakable word.
const longWord = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"

// awkwardSite builds a site of such content for a project site, serves it
// under /de3/ as GitHub Pages would, and returns the site's URL.
func awkwardSite(t *testing.T) string {
	t.Helper()
	files := map[string]string{"site.yaml": "title: Stress Desk\nbase_url: \"https://org.github.io/de3/\"\n"}
	for i := 1; i <= 3; i++ {
		title := fmt.Sprintf("Urteil %d zum Wahlrechtsänderungsgesetz", i)
		if i == 2 {
			title = fmt.Sprintf("Urteil %d zum %s", i, longWord)
		}
		files[fmt.Sprintf("content/politik/urteil-%d.md", i)] = fmt.Sprintf(`---
title: %q
summary: "Die Entscheidung im Wortlaut: https://www.bundesverfassungsgericht.de/entscheidungen"
date: 2026-03-0%d
topics: [Wahlrecht, %s]
---
Text.
`, title, i, longWord)
	}
	files["content/politik/daten/notes/ines-roth.md"] = "---\nanalyst: Ines Roth\n---\nKurz.\n\n## Method\n\nGelesen.\n"
	files["content/politik/daten/data.csv"] = "a,b\n1,2\n"
	files["content/politik/daten/index.md"] = `---
title: "Die Daten"
summary: "Tabellen und Code."
date: 2026-03-04
topics: [Wahlrecht]
takeaways: ["The seats are in [the data](data.csv)."]
corrections:
  - date: 2026-03-05
    text: "[The data](data.csv) had a wrong sum; see [the table](#tabelle)."
---
See [the data](data.csv), and the source, https://example.org/report.

## Tabelle

| Land | Sitze 2021 | Sitze 2025 | Wahlkreise | Überhangmandate | Ausgleichsmandate | Zweitstimmendeckung | Anmerkung |
| --- | --- | --- | --- | --- | --- | --- | --- |
| Nordrhein-Westfalen | 155 | 142 | 64 | 0 | 0 | ja | ` + longWord + ` |

` + "```go\nconst url = \"https://www.bundesverfassungsgericht.de/SharedDocs/Entscheidungen/DE/2024/07/fs20240730_2bvf000123.html\" // " + longWord + longWord + "\n```" + `

    plain := "` + longWord + longWord + longWord + `"

` + "```markdown\nSome *emphasis* and **strength**.\n```\n\n```json\n{\"port\": \"Vellan\", ?? broken}\n```" + `

- [x] Urteil lesen
- [ ] Tabelle prüfen
`
	out := mustBuild(t, Config{Source: writeSite(t, files), CacheDir: "-"})
	srv := httptest.NewServer(pagesHandler("/de3/", out))
	t.Cleanup(srv.Close)
	return srv.URL + "/de3/"
}

// pageWidths are the width of the open page's content and of the window.
func pageWidths(t *testing.T, ctx context.Context) (content, window int) {
	t.Helper()
	return eval[int](t, ctx, `document.documentElement.scrollWidth`), eval[int](t, ctx, `document.documentElement.clientWidth`)
}

// TestLongWordsFit opens the home page, a briefing with its "more
// must-reads" and a topic of awkwardSite from the narrowest phone to a
// desktop: none scrolls sideways. The grids of the home page and of the
// cards sized their columns to the longest word, 1782 px at 1280.
func TestLongWordsFit(t *testing.T) {
	ctx := browser(t)
	site := awkwardSite(t)
	for _, path := range []string{"", "politik/urteil-1/", "topics/wahlrecht/", "politik/daten/"} {
		for _, width := range []int64{320, 360, 768, 1280} {
			if err := chromedp.Do(ctx, view(width, "light"), chromedp.Navigate(site+path)); err != nil {
				t.Fatal(err)
			}
			if content, window := pageWidths(t, ctx); content > window {
				t.Errorf("/%s scrolls sideways at %d px: content is %d px wide", path, width, content)
			}
		}
	}
}

// printMedia emulates print, as Chromium lays a page out for paper.
var printMedia = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	return err
})

// TestPrintFits prints the bundle of awkwardSite on a page as wide as A4
// (about 700 px inside its margins): its wide table and its code, which
// scroll on a screen, wrap to the page's width, since paper does not
// scroll. The table printed as on screen and the code's lines kept
// whole, cut off at the page's edge.
func TestPrintFits(t *testing.T) {
	ctx := browser(t)
	site := awkwardSite(t)
	if err := chromedp.Do(ctx, view(700, "light"), printMedia, chromedp.Navigate(site+"politik/daten/")); err != nil {
		t.Fatal(err)
	}
	for _, sel := range []string{".body table", "pre.chroma", ".body pre + pre"} { // highlighted, and indented
		got := eval[[]int](t, ctx, `(() => { const e = document.querySelector(`+jsString(sel)+`);
			return [e.scrollWidth, e.clientWidth, Math.ceil(e.getBoundingClientRect().right), document.documentElement.clientWidth]; })()`)
		if got[0] > got[1] || got[2] > got[3] {
			t.Errorf("printed, %s is %d px wide inside, %d px outside, and ends at %d px on a page %d px wide", sel, got[0], got[1], got[2], got[3])
		}
	}
}

// TestPrintLinkAddresses prints the bundle of awkwardSite: its link to
// data.csv, a file beside the page, is followed by the file's full
// address, set off by a space. It printed as "the data<data.csv>".
func TestPrintLinkAddresses(t *testing.T) {
	ctx := browser(t)
	site := awkwardSite(t)
	if err := chromedp.Do(ctx, view(700, "light"), printMedia, chromedp.Navigate(site+"politik/daten/")); err != nil {
		t.Fatal(err)
	}
	after := `getComputedStyle(document.querySelector('.body a[href="data.csv"]'), "::after")`
	// In the takeaways and the corrections too, which the body's rule
	// left out: there they printed as " <data.csv>", and the correction's
	// link to #tabelle as " <#tabelle>".
	for _, part := range []string{".body", ".takeaways", ".corrections"} {
		content := eval[string](t, ctx, `getComputedStyle(document.querySelector('`+part+` a[href="data.csv"]'), "::after").content`)
		if got, want := strings.ReplaceAll(content, `" "`, ""), `" <https://org.github.io/de3/politik/daten/data.csv>"`; got != want {
			t.Errorf("printed, the link to data.csv in %s is followed by %s; want %s", part, content, want)
		}
	}
	if content := eval[string](t, ctx, `getComputedStyle(document.querySelector('.corrections a[href="#tabelle"]'), "::after").content`); content != "none" && content != `""` {
		t.Errorf("printed, the correction's link to a heading of its page is followed by %s; want nothing", content)
	}
	if display := eval[string](t, ctx, after+`.display`); display != "inline" {
		t.Errorf("printed, a link's address is display: %s, which drops the space before it; want inline", display)
	}
	// A link whose text is its address shows it once: the autolink
	// printed as "https://example.org/report <https://example.org/report>".
	if content := eval[string](t, ctx, `getComputedStyle(document.querySelector('.body a[href="https://example.org/report"]'), "::after").content`); content != "none" && content != `""` {
		t.Errorf("printed, the autolink is followed by %s; want nothing", content)
	}
}

// TestNoteHeadings opens the note of awkwardSite's bundle: its "## Method"
// is an h4, below the analyst's name, an h3, in the page's outline (it was
// an h2, above the card and the notes' own heading), and smaller, not the
// size of the article's headings.
func TestNoteHeadings(t *testing.T) {
	ctx := browser(t)
	site := awkwardSite(t)
	if err := chromedp.Do(ctx, view(1280, "light"), chromedp.Navigate(site+"politik/daten/")); err != nil {
		t.Fatal(err)
	}
	size := func(sel string) float64 {
		return eval[float64](t, ctx, `parseFloat(getComputedStyle(document.querySelector(`+jsString(sel)+`)).fontSize)`)
	}
	if !eval[bool](t, ctx, `document.querySelectorAll(".note-body :is(h1, h2, h3)").length === 0 && document.querySelectorAll(".note-body h4").length > 0`) {
		t.Error("a note's ## heading is not an h4 below its card's h3")
	}
	if h, name := size(".note-body h4"), size(".note .analyst"); h >= name {
		t.Errorf("a note's h4 is %.1f px, its analyst's name %.1f px; want the heading smaller", h, name)
	}
}

// TestCodeLooksAlike opens a briefing with code of every kind: an
// indented block has the background of a fenced one (it was white, with
// no class of chroma's), a tab is 4 columns wide (8 made Go code run off
// a phone's screen), and code in a quote is upright, not in the quote's
// italics.
func TestCodeLooksAlike(t *testing.T) {
	ctx := browser(t)
	out := mustBuild(t, Config{Source: writeSite(t, map[string]string{
		"site.yaml": "title: Code Desk\nbase_url: https://example.org/\n",
		"content/world/code.md": "---\ntitle: Code\nsummary: Code of every kind.\ndate: 2026-03-04\ntopics: [Code]\n---\n" +
			"```go\nfunc f() {\n\treturn\n}\n```\n\n```\nplain\n```\n\n    indented\n\n> A quote with `code`:\n>\n> ```\n> quoted\n> ```\n",
	}), CacheDir: "-"})
	srv := httptest.NewServer(pagesHandler("/", out))
	t.Cleanup(srv.Close)
	for _, scheme := range []string{"light", "dark"} {
		if err := chromedp.Do(ctx, view(375, scheme), chromedp.Navigate(srv.URL+"/world/code/")); err != nil {
			t.Fatal(err)
		}
		style := func(sel, prop string) string {
			return eval[string](t, ctx, `getComputedStyle(document.querySelector(`+jsString(sel)+`)).`+prop)
		}
		if fenced, indented := style(".body > pre:nth-of-type(2)", "backgroundColor"), style(".body > pre:nth-of-type(3)", "backgroundColor"); fenced != indented {
			t.Errorf("%s: an indented block's background is %s, a fenced one's %s", scheme, indented, fenced)
		}
		if got := style(".body > pre code", "tabSize"); got != "4" {
			t.Errorf("%s: tab-size of code is %s; want 4", scheme, got)
		}
		for _, sel := range []string{"blockquote p code", "blockquote pre code"} {
			if got := style(sel, "fontStyle"); got != "normal" {
				t.Errorf("%s: %s is %s; want normal", scheme, sel, got)
			}
		}
	}
}

// brokenWords lists, for each table of the open page's article, the words
// and figures (runs between spaces, hyphens and slashes) that are split
// across lines, and whether the table ends within the page.
const brokenWords = `[...document.querySelectorAll(".body table")].map(table => {
  const broken = [];
  for (const cell of table.querySelectorAll("th, td")) {
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n; (n = walk.nextNode()); ) {
      for (const m of n.data.matchAll(/[^\s\-\/]+/g)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  const fits = table.scrollWidth <= table.clientWidth && table.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5;
  return {broken, fits};
})`

// TestPrintTablesKeepWords prints, on a page as wide as A4, a table of
// figures and ordinary words beside a column of long text, and a table
// of eight columns of long German words, one of 63 letters. Both fit the
// page. The first breaks no word and no figure: with overflow-wrap:
// anywhere it printed "Dista / nce" and "12,34 / 5" while its text column
// had room to spare. The second breaks words only where they are wider
// than their column, and no figure.
func TestPrintTablesKeepWords(t *testing.T) {
	ctx := browser(t)
	files := map[string]string{
		"site.yaml": "title: Print Desk\nbase_url: \"https://org.github.io/p/\"\n",
		"content/world/tables.md": `---
title: "Tables"
summary: "Two tables."
date: 2026-03-04
topics: [Shipping]
---
| Route | Distance (km) | Distance (mi) | Days at 14 knots | Insurance premium (% of hull value) | Notes on the route and its many caveats |
|---|---|---|---|---|---|
| Velmora to Ostrand via the northern passage around the cape | 12,345 | 7,671 | 19.8 | 0.75 | Seasonal ice, pilotage required, limited bunkering, congested anchorage |
| Velmora to Quillport | 4,200 | 2,610 | 6.7 | 0.3 | Calm |

| Land | Sitze 2021 | Sitze 2025 | Wahlkreise | Überhangmandate | Ausgleichsmandate | Zweitstimmendeckung | Anmerkung |
| --- | --- | --- | --- | --- | --- | --- | --- |
| Nordrhein-Westfalen | 155 | 142 | 64 | 0 | 0 | ja | ` + longWord + ` |
| Baden-Württemberg | 1,096 | 96,000 | 38 | 12.5 | 3 | nein | kurz |
`,
	}
	out := mustBuild(t, Config{Source: writeSite(t, files), CacheDir: "-"})
	srv := httptest.NewServer(pagesHandler("/p/", out))
	t.Cleanup(srv.Close)
	if err := chromedp.Do(ctx, view(700, "light"), printMedia, chromedp.Navigate(srv.URL+"/p/world/tables/")); err != nil {
		t.Fatal(err)
	}
	type table struct {
		Broken []string
		Fits   bool
	}
	tables := eval[[]table](t, ctx, brokenWords)
	if len(tables) != 2 {
		t.Fatalf("%d tables printed; want 2", len(tables))
	}
	for i, tb := range tables {
		if !tb.Fits {
			t.Errorf("printed, table %d is wider than the page", i+1)
		}
	}
	if b := tables[0].Broken; len(b) > 0 {
		t.Errorf("printed, the table of figures and ordinary words splits %q across lines", b)
	}
	for _, w := range tables[1].Broken {
		if strings.Trim(w, "0123456789,.") == "" {
			t.Errorf("printed, the wide table splits the figure %q across lines", w)
		}
	}
}
