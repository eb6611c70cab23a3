package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// themeWords are words of the theme's own, English in every language.
var themeWords = []string{
	"Skip to content", "Topics", "Analysts", "All topics", "All analysts", "Atom feed",
	"Published", "min read", "analyst note", "Key takeaways", "Correction", "Filed under",
	"Analyst notes", "from analysts who follow", "More must-reads", "briefings", "Newer",
	"Older", "Page 1 of", "Section", "Topic", "Atom feed of this topic", "Latest briefings",
	"Sections", "confidence", "January", "Search briefings", "There is no page at this address",
	"By", "On",
}

// TestThemeWordsMarkedEnglish builds a site in German with every part of
// the theme: each of the theme's English words is in an element marked
// lang="en", so that a screen reader reads them as English (WCAG 3.1.2),
// where they took the page's German; the site's own words keep the
// page's language. An English site's pages have no such mark.
func TestThemeWordsMarkedEnglish(t *testing.T) {
	files := map[string]string{
		"site.yaml":                 "title: Lagebild\nbase_url: https://example.org/lage/\nlanguage: de\npaginate: 2\n",
		"content/analysts/ines.md":  "---\nname: Ines Roth\naffiliation: Institut\n---\nForscht.\n",
		"content/politik/_index.md": "---\ntitle: Politik\n---\nDie Politik.\n",
		"content/politik/wahl/index.md": "---\ntitle: \"Die Wahl\"\nsummary: \"Worum es geht.\"\ndate: 2026-01-05\nupdated: 2026-01-07\n" +
			"author: Anna Berg\ndateline: Berlin\ntopics: [Wahlrecht, Bundestag]\ntakeaways: [\"Es wird knapp.\"]\n" +
			"corrections:\n  - date: 2026-01-06\n    text: \"Eine Zahl war falsch.\"\n---\nDer Text.\n",
		"content/politik/wahl/notes/ines.md": "---\nanalyst: Ines Roth\ndate: 2026-01-06\nconfidence: high\n---\nEine Einschätzung.\n",
	}
	for i := 1; i <= 4; i++ {
		files[fmt.Sprintf("content/politik/w%d.md", i)] = briefingFile(fmt.Sprintf("Wahl %d", i), fmt.Sprintf("2026-01-0%d", i), "Wahlrecht")
	}
	out := mustBuild(t, Config{Source: writeSite(t, files), CacheDir: "-"})
	pages := []string{"index.html", "politik/wahl/index.html", "politik/index.html", "politik/page/2/index.html",
		"topics/index.html", "topics/wahlrecht/index.html", "analysts/index.html", "analysts/ines-roth/index.html",
		"search/index.html", "404.html"}
	seen := map[string]bool{}
	for _, rel := range pages {
		raw, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		eachText(doc, "", func(text, lang string) {
			for _, w := range themeWords {
				if strings.Contains(text, w) {
					seen[w] = true
					if lang != "en" {
						t.Errorf("%s: %q, the theme's words, is in lang %q; want en", rel, text, lang)
					}
				}
			}
			for _, own := range []string{"Der Text.", "Die Wahl", "Es wird knapp.", "Eine Einschätzung.", "Eine Zahl war falsch."} {
				if strings.Contains(text, own) && lang != "de" {
					t.Errorf("%s: %q, the site's own words, is in lang %q; want de", rel, text, lang)
				}
			}
		})
	}
	for _, w := range themeWords {
		if !seen[w] {
			t.Errorf("no page has %q: the test misses a part of the theme", w)
		}
	}
	// An English site is as it was: no element but <html> names a language.
	files["site.yaml"] = strings.Replace(files["site.yaml"], "language: de", "language: en-GB", 1)
	out = mustBuild(t, Config{Source: writeSite(t, files), CacheDir: "-"})
	for _, rel := range pages {
		raw, _ := os.ReadFile(filepath.Join(out, rel))
		if n := strings.Count(string(raw), ` lang="`); n != 1 {
			t.Errorf("%s of an English site names a language %d times; want once, on <html>", rel, n)
		}
	}
}

// eachText calls fn with each text node under n that a reader sees (not
// in a script or style), and the language it is in: that of the nearest
// element with a lang attribute.
func eachText(n *html.Node, lang string, fn func(text, lang string)) {
	if n.Type == html.ElementNode {
		if n.Data == "script" || n.Data == "style" || n.Data == "head" {
			return
		}
		for _, a := range n.Attr {
			if a.Key == "lang" {
				lang = a.Val
			}
		}
	}
	if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
		fn(n.Data, lang)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		eachText(c, lang, fn)
	}
}
