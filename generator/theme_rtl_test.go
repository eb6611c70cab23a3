package generator

import (
	"context"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// Text written right to left: a site in Arabic, and Hebrew inside an
// English site. The Arabic site was laid out left to right (no dir on
// <html>), and so was each Hebrew paragraph of the English one, with its
// closing "?" drawn at the wrong end.

const (
	arabicTitle    = "تقرير عن الاقتصاد: ما الذي تغير؟"
	arabicSummary  = "ملخص باللغة العربية عن الاقتصاد والعقوبات في عام 2026."
	arabicTakeaway = "النقطة الأولى: ارتفاع الأسعار بنسبة 5%."
	hebrew         = "זוהי פסקה בעברית בתוך אתר באנגלית. האם היא מוצגת מימין לשמאל?"
	hebrewQuestion = "האם המחירים יעלו?"
)

// bidiSite builds a site from site.yaml's settings and the bundle
// economy/report (its index.md after the front matter's title, summary
// and takeaway, and a note), with a second briefing on the same topic so
// the first has "more must-reads". It serves it under /b/ and returns the
// site's URL.
func bidiSite(t *testing.T, settings, title, summary, takeaway, body, note string) string {
	t.Helper()
	files := map[string]string{
		"site.yaml": settings + "base_url: https://org.github.io/b/\n",
		"content/economy/report/index.md": fmt.Sprintf("---\ntitle: %q\nsummary: %q\ndate: 2026-03-02\ntopics: [Economy]\ntakeaways:\n  - %q\n---\n%s",
			title, summary, takeaway, body),
		"content/economy/report/notes/dana-levi.md": "---\nanalyst: Dana Levi\nconfidence: moderate\n---\n" + note,
		"content/economy/older.md":                  fmt.Sprintf("---\ntitle: %q\nsummary: %q\ndate: 2026-03-01\ntopics: [Economy]\n---\n%s", title, summary, body),
	}
	out := mustBuild(t, Config{Source: writeSite(t, files), CacheDir: "-"})
	srv := httptest.NewServer(pagesHandler("/b/", out))
	t.Cleanup(srv.Close)
	return srv.URL + "/b/"
}

// arabicSite is a site in Arabic whose briefing economy/report/ has an
// English paragraph, a quote, a table and code among Arabic text.
func arabicSite(t *testing.T) string {
	t.Helper()
	body := "فقرة أولى باللغة العربية عن الاقتصاد.\n\nAn English paragraph in an Arabic site.\n\n" +
		"> اقتباس من تقرير البنك المركزي.\n\n| البلد | النسبة |\n| --- | --- |\n| مصر | 5% |\n\n" +
		"```go\nrate := 5 // percent\n```\n"
	return bidiSite(t, "title: نشرة الاقتصاد\nlanguage: ar\n", arabicTitle, arabicSummary, arabicTakeaway, body, "ملاحظة المحلل عن الأسعار.\n")
}

// textBox is where the text of an element is drawn: its first and last
// characters, other than spaces, as [left, right]; the leftmost and
// rightmost edges of its lines; and its content box.
type textBox struct {
	Dir, Align       string
	First, Last      [2]float64
	Left, Right      float64 // of the lines' boxes
	CLeft, CRight    float64 // of the content box
	ScrollW, ClientW int     // of the page
	BorderL, BorderR string
}

// boxOf measures the text of the first element sel matches, with Ranges
// over its text nodes.
func boxOf(t *testing.T, ctx context.Context, sel string) textBox {
	t.Helper()
	return eval[textBox](t, ctx, `(() => {
		const e = document.querySelector(`+jsString(sel)+`);
		const w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT, {acceptNode: (n) => /\S/.test(n.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
		const nodes = [];
		for (let n; (n = w.nextNode());) nodes.push(n);
		const first = nodes[0], last = nodes[nodes.length - 1];
		const char = (n, i) => { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1); const b = r.getBoundingClientRect(); return [b.left, b.right]; };
		const all = document.createRange();
		all.selectNodeContents(e);
		const lines = [...all.getClientRects()].filter((r) => r.width > 0);
		const s = getComputedStyle(e), b = e.getBoundingClientRect();
		return {Dir: s.direction, Align: s.textAlign,
			First: char(first, first.data.search(/\S/)), Last: char(last, last.data.trimEnd().length - 1),
			Left: Math.min(...lines.map((r) => r.left)), Right: Math.max(...lines.map((r) => r.right)),
			CLeft: b.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),
			CRight: b.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight),
			ScrollW: document.documentElement.scrollWidth, ClientW: document.documentElement.clientWidth,
			BorderL: s.borderLeftWidth, BorderR: s.borderRightWidth};
	})()`)
}

// checkFlow checks that the text of sel, one line long, runs right to left
// (its last character left of its first) and is set against the right of
// its box, or left to right against the left.
func checkFlow(t *testing.T, ctx context.Context, page, sel string, rtl bool) {
	t.Helper()
	b := boxOf(t, ctx, sel)
	const slack = 1.5
	switch {
	case rtl && !(b.Last[1] <= b.First[0]):
		t.Errorf("%s: %s runs left to right: its last character is at %.0f–%.0f px, its first at %.0f–%.0f", page, sel, b.Last[0], b.Last[1], b.First[0], b.First[1])
	case !rtl && !(b.First[1] <= b.Last[0]):
		t.Errorf("%s: %s runs right to left: its first character is at %.0f–%.0f px, its last at %.0f–%.0f", page, sel, b.First[0], b.First[1], b.Last[0], b.Last[1])
	}
	switch {
	case rtl && math.Abs(b.Right-b.CRight) > slack:
		t.Errorf("%s: %s is not set against the right: its text ends at %.1f px, its box at %.1f (text-align: %s)", page, sel, b.Right, b.CRight, b.Align)
	case !rtl && math.Abs(b.Left-b.CLeft) > slack:
		t.Errorf("%s: %s is not set against the left: its text starts at %.1f px, its box at %.1f (text-align: %s)", page, sel, b.Left, b.CLeft, b.Align)
	}
}

// checkEnglishLine checks that the text of sel, a line of the theme's own
// words, which are English, runs left to right on a right-to-left page,
// and is set against the right, the page's side.
func checkEnglishLine(t *testing.T, ctx context.Context, page, sel string) {
	t.Helper()
	b := boxOf(t, ctx, sel)
	if !(b.First[1] <= b.Last[0]) {
		t.Errorf("%s: %s runs right to left: its first character is at %.0f–%.0f px, its last at %.0f–%.0f", page, sel, b.First[0], b.First[1], b.Last[0], b.Last[1])
	}
	if math.Abs(b.Right-b.CRight) > 1.5 {
		t.Errorf("%s: %s is not set against the right: its text ends at %.1f px, its box at %.1f (text-align: %s)", page, sel, b.Right, b.CRight, b.Align)
	}
}

// rtlScreenshot saves a full-page screenshot of the open page for a
// person to look at.
func rtlScreenshot(t *testing.T, ctx context.Context, dirs []string, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, d := range dirs {
		if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRightToLeftSite opens the Arabic site: <html dir="rtl">, the
// headline, dek and takeaway run right to left and are set against the
// right, with the "؟" and "." at their left end; an English paragraph
// among them stays left to right; the takeaways' and the quote's rules,
// the skip link and the notes are on the mirrored side; code stays left
// to right; no page scrolls sideways on a phone; and printed, the
// briefing is still right to left.
func TestRightToLeftSite(t *testing.T) {
	ctx := browser(t)
	site := arabicSite(t)
	dirs := screenshotDirs(t)
	for _, width := range []int64{360, 1280} {
		for _, path := range []string{"", "economy/report/", "topics/economy/"} {
			if err := chromedp.Do(ctx, view(width, "light"), chromedp.Navigate(site+path)); err != nil {
				t.Fatal(err)
			}
			if content, window := pageWidths(t, ctx); content > window {
				t.Errorf("/%s scrolls sideways at %d px: content is %d px wide", path, width, content)
			}
			if path == "economy/report/" {
				rtlScreenshot(t, ctx, dirs, fmt.Sprintf("rtl-briefing-%d.png", width))
			}
		}
	}

	page := "economy/report/ at 1280 px"
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"economy/report/")); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, ctx, `document.documentElement.dir`); got != "rtl" {
		t.Fatalf("%s: <html dir=%q>; want rtl", page, got)
	}
	if got := boxOf(t, ctx, "h1").Dir; got != "rtl" {
		t.Errorf("%s: the h1's direction is %s; want rtl", page, got)
	}
	for _, sel := range []string{"h1", ".head .dek", ".takeaways li", ".body p", ".body blockquote p", ".body td", ".note-body p"} {
		checkFlow(t, ctx, page, sel, true)
	}
	// A cell of figures, with no letter to set its direction, was set
	// against the left.
	if b := boxOf(t, ctx, ".body tr:last-child td:last-child"); math.Abs(b.Right-b.CRight) > 1.5 {
		t.Errorf("%s: the cell \"5%%\" is not set against the right: its text ends at %.1f px, its box at %.1f", page, b.Right, b.CRight)
	}
	for _, c := range []struct {
		sel, right string
	}{{".takeaways", "4px"}, {".body blockquote", "3px"}} {
		if b := boxOf(t, ctx, c.sel); b.BorderR != c.right || b.BorderL != "0px" {
			t.Errorf("%s: %s has rules of %s on the left and %s on the right; want %s on the right only", page, c.sel, b.BorderL, b.BorderR, c.right)
		}
	}
	// The trail's chevron points from the section to the topics: leftward.
	if got := eval[string](t, ctx, `getComputedStyle(document.querySelector(".trail .sep")).transform`); got != "matrix(-1, 0, 0, 1, 0, 0)" {
		t.Errorf("%s: the trail's chevron is drawn with transform %q; want it mirrored", page, got)
	}
	if got := eval[string](t, ctx, `getComputedStyle(document.querySelector("pre")).direction`); got != "ltr" {
		t.Errorf("%s: code runs %s; want ltr", page, got)
	}
	if !eval[bool](t, ctx, `document.querySelector(".notes").getBoundingClientRect().right < document.querySelector("h1").getBoundingClientRect().left`) {
		t.Errorf("%s: the notes are not left of the article", page)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(".skip"))); err != nil {
		t.Fatal(err)
	}
	if !eval[bool](t, ctx, `document.querySelector(".skip").getBoundingClientRect().left > innerWidth / 2`) {
		t.Errorf("%s: the skip link shows on the left", page)
	}

	// The listings' headlines and deks, and their dates, which are in
	// English: "1 March 2026" was drawn "March 2026 1".
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"topics/economy/")); err != nil {
		t.Fatal(err)
	}
	for _, sel := range []string{".entry .headline", ".entry .dek"} {
		checkFlow(t, ctx, "topics/economy/ at 1280 px", sel, true)
	}
	checkFlow(t, ctx, "topics/economy/ at 1280 px", ".entry:last-child .meta time", false)
	// The theme's English lines with figures: "1 min read · 1 analyst
	// note" was drawn "min read · 1 analyst note 1", and "1 briefing"
	// "briefing 1".
	for _, sel := range []string{".entry .meta", "#listing-count"} {
		checkEnglishLine(t, ctx, "topics/economy/ at 1280 px", sel)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"economy/report/")); err != nil {
		t.Fatal(err)
	}
	for _, sel := range []string{".head .meta", ".notes-intro", ".note .meta"} {
		checkEnglishLine(t, ctx, "economy/report/ at 1280 px", sel)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"topics/")); err != nil {
		t.Fatal(err)
	}
	checkEnglishLine(t, ctx, "topics/ at 1280 px", "p.intro")
	if b := boxOf(t, ctx, ".count"); !(b.First[1] <= b.Last[0]) {
		t.Errorf("topics/ at 1280 px: a topic's count runs right to left: its first character is at %.0f–%.0f px, its last at %.0f–%.0f", b.First[0], b.First[1], b.Last[0], b.Last[1])
	}

	// Printed, the briefing is still right to left and fits the paper.
	if err := chromedp.Do(ctx, view(700, "light"), printMedia, chromedp.Navigate(site+"economy/report/")); err != nil {
		t.Fatal(err)
	}
	checkFlow(t, ctx, "economy/report/ printed", "h1", true)
	if content, window := pageWidths(t, ctx); content > window {
		t.Errorf("economy/report/ printed is %d px wide on a page of %d", content, window)
	}
}

// TestOtherScriptInEnglish opens an English site whose paragraphs, list
// items and takeaway open with a quoted Hebrew or Arabic name: each still
// runs left to right from the left, as the page does. Taking each
// paragraph's direction from its first letter (unicode-bidi: plaintext)
// turned them right to left: '"שלום" means peace.' was drawn with the full
// stop at the far left.
func TestOtherScriptInEnglish(t *testing.T) {
	ctx := browser(t)
	const (
		para = "\"שלום\" means peace."
		item = "2024: الجزيرة reported it."
	)
	body := "An English paragraph.\n\n" + para + "\n\n- " + item + "\n- An English item.\n"
	site := bidiSite(t, "title: Desk\nlanguage: en\n", "What changed", "A summary.", "\"الجزيرة\" is a broadcaster.", body, para+"\n")
	if err := chromedp.Do(ctx, view(1280, "light"), chromedp.Navigate(site+"economy/report/")); err != nil {
		t.Fatal(err)
	}
	page := "economy/report/ at 1280 px"
	if got := eval[string](t, ctx, `document.documentElement.dir`); got != "" {
		t.Errorf("%s: an English site has <html dir=%q>", page, got)
	}
	for _, sel := range []string{".body p:first-child", ".body p:nth-of-type(2)", ".body li:first-child", ".takeaways li", ".note-body p"} {
		checkFlow(t, ctx, page, sel, false)
	}
}

// TestNoteTablesKeepWordsWhole: a word in a note's table stays whole, as
// one in the article's tables does, and the table scrolls if it must. The
// page's overflow-wrap: anywhere broke "Interoperability" in two in the
// notes' column at 1280 px.
func TestNoteTablesKeepWordsWhole(t *testing.T) {
	ctx := browser(t)
	note := "| Sector | Term | Year |\n| --- | --- | --- |\n| Telecommunications | Interoperability | 2026 |\n"
	site := bidiSite(t, "title: Desk\nlanguage: en\n", "Tables", "A summary.", "A takeaway.", "Body.\n", note)
	if err := chromedp.Do(ctx, view(1280, "light"), chromedp.Navigate(site+"economy/report/")); err != nil {
		t.Fatal(err)
	}
	lines := eval[int](t, ctx, `(() => {
		const td = [...document.querySelectorAll(".note-body td")].find(e => e.textContent === "Interoperability");
		const r = document.createRange(); r.selectNodeContents(td);
		return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; })()`)
	if lines != 1 {
		t.Errorf("a note's table cell \"Interoperability\" is drawn on %d lines; want 1", lines)
	}
	if content, window := pageWidths(t, ctx); content > window {
		t.Errorf("the page scrolls sideways: content is %d px wide", content)
	}
	if got := eval[[]int](t, ctx, `(() => { const e = document.querySelector(".note-body table");
		return [Math.ceil(e.getBoundingClientRect().right), Math.ceil(e.parentElement.getBoundingClientRect().right)]; })()`); got[0] > got[1] {
		t.Errorf("the note's table ends at %d px, past its note's %d: it should scroll inside it", got[0], got[1])
	}
}

// TestRightToLeftPager: on a right-to-left page the pager's arrows keep
// their space from "Older" and "Newer". The arrow is a mirrored
// inline-block, whose space at its end collapsed: "←Older".
func TestRightToLeftPager(t *testing.T) {
	ctx := browser(t)
	site := bidiSite(t, "title: نشرة الاقتصاد\nlanguage: ar\npaginate: 1\n", arabicTitle, arabicSummary, arabicTakeaway, "فقرة.\n", "ملاحظة.\n")
	for path, rel := range map[string]string{"topics/economy/": "next", "topics/economy/page/2/": "prev"} {
		if err := chromedp.Do(ctx, view(1280, "light"), chromedp.Navigate(site+path)); err != nil {
			t.Fatal(err)
		}
		gap := eval[float64](t, ctx, `(() => {
			const a = document.querySelector(".pager a[rel=`+rel+`]");
			const span = a.querySelector("[aria-hidden]");
			const word = [...a.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.data.trim());
			const arrow = span.firstChild, at = arrow.data.search(/\S/);
			const r = document.createRange();
			r.setStart(arrow, at); r.setEnd(arrow, at + 1);
			const ab = r.getBoundingClientRect();
			r.selectNodeContents(word);
			const wb = r.getBoundingClientRect();
			return Math.max(ab.left - wb.right, wb.left - ab.right);
		})()`)
		if gap < 2 {
			t.Errorf("%s: the pager's %s arrow is %.1f px from its word; want a space between them", path, rel, gap)
		}
	}
}

// TestPagerOnAPhone: on a 320 px phone each of the pager's links keeps its
// word on one line, in English and in Arabic. With links to the first and
// last pages, the side with one link shrank until "Newer" broke in two.
func TestPagerOnAPhone(t *testing.T) {
	ctx := browser(t)
	for _, lang := range []string{"en", "ar"} {
		files := map[string]string{"site.yaml": "title: Desk\nlanguage: " + lang + "\npaginate: 1\nbase_url: https://org.github.io/b/\n"}
		for i := 1; i <= 6; i++ {
			files[fmt.Sprintf("content/world/b%d.md", i)] = briefingFile(fmt.Sprintf("B%d", i), fmt.Sprintf("2026-03-0%d", i), "Trade")
		}
		out := mustBuild(t, Config{Source: writeSite(t, files), CacheDir: "-"})
		srv := httptest.NewServer(pagesHandler("/b/", out))
		t.Cleanup(srv.Close)
		for _, page := range []string{"world/page/2/", "world/page/3/", "world/page/5/"} {
			if err := chromedp.Do(ctx, view(320, "light"), chromedp.Navigate(srv.URL+"/b/"+page)); err != nil {
				t.Fatal(err)
			}
			// One line is 1.6 em high (the body's line height), two 3.2.
			broken := eval[[]string](t, ctx, `[...document.querySelectorAll(".pager a")].filter((a) => {
				const st = getComputedStyle(a), size = parseFloat(st.fontSize);
				return a.clientHeight - parseFloat(st.paddingTop) - parseFloat(st.paddingBottom) > 2.4 * size;
			}).map((a) => a.textContent)`)
			if len(broken) > 0 {
				t.Errorf("%s, %s at 320 px: the pager's %q run over more than one line", lang, page, broken)
			}
			if content, window := pageWidths(t, ctx); content > window {
				t.Errorf("%s, %s at 320 px: the page scrolls sideways (%d px)", lang, page, content)
			}
		}
	}
}
