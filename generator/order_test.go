package generator

import (
	"fmt"
	"os"
	"testing"

	"brief/generator/content"
	"brief/generator/site"
)

// TestRenderOrder checks that renderOrder renders every page once, each
// analyst page after the pages of the briefings it shows notes of, so
// that no more notes wait for their analyst's page than one page of each
// analyst holds, and the listings after every briefing's page.
func TestRenderOrder(t *testing.T) {
	const analysts, perPage = 3, 4
	files := map[string]string{"site.yaml": "title: \"Order\"\nbase_url: \"https://example.org/\"\npaginate: 4\n"}
	for i := range 60 {
		dir := fmt.Sprintf("content/s%d/b%02d/", i%3, i)
		files[dir+"index.md"] = briefingFile(fmt.Sprintf("Briefing %d", i), fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28), "Topic")
		for j := range 1 + i%analysts {
			files[fmt.Sprintf("%snotes/a%d.md", dir, (i+j)%analysts)] = fmt.Sprintf("---\nanalyst: \"Analyst %d\"\ndate: 2026-01-01\n---\n\nNote %d.\n", (i+j)%analysts, i)
		}
	}
	src, probs := content.Load(os.DirFS(writeSite(t, files)), "")
	if probs.Err() != nil {
		t.Fatal(probs)
	}
	s, probs := site.New(src, site.Options{})
	if probs.Err() != nil {
		t.Fatal(probs)
	}
	order := renderOrder(s)
	if len(order) != len(s.Pages) {
		t.Fatalf("%d pages in render order; the site has %d", len(order), len(s.Pages))
	}
	seen := map[*site.Page]bool{}
	for _, p := range order {
		if seen[p] {
			t.Fatalf("%s twice in render order", p.Out)
		}
		seen[p] = true
	}
	rendered := map[*site.Briefing]bool{}
	waiting, most, analystPages := 0, 0, 0 // notes shown on their briefing's page, not yet on their analyst's
	var listing *site.Page                 // the first listing in order
	for _, p := range order {
		switch p.Kind {
		case site.KindBriefing:
			if listing != nil {
				t.Fatalf("%s comes after the listing %s", p.Out, listing.Out)
			}
			rendered[p.Briefing] = true
			waiting += len(p.Briefing.Notes)
			most = max(most, waiting)
		case site.KindAnalyst:
			analystPages++
			for _, n := range p.Notes {
				if !rendered[n.Briefing] {
					t.Errorf("%s comes before the page of %s, which it shows a note of", p.Out, n.Briefing.File)
				}
			}
			waiting -= len(p.Notes)
		default:
			if listing == nil {
				listing = p
			}
		}
	}
	if listing == nil {
		t.Fatal("no listing in render order")
	}
	if analystPages < 2*analysts {
		t.Fatalf("%d analyst pages; the test needs several per analyst", analystPages)
	}
	if most > analysts*perPage {
		t.Errorf("up to %d notes waited for their analyst's page; want at most %d, a page of each analyst", most, analysts*perPage)
	}
}
