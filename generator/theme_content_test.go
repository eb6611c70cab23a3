package generator

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// The example site's text is well behaved. These tests open pages of a
// site whose content is not, as testers' sites were: words longer than a
// phone's line in titles, deks and topics.

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
	for _, path := range []string{"", "politik/urteil-1/", "topics/wahlrecht/"} {
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
