package site

import (
	"fmt"
	"testing"
	"time"

	"brief/generator/content"
)

// BenchmarkNew10000 builds the model of 10,000 briefings with three notes
// each, 60 topics and 40 analysts: the work brief serve repeats after
// every save.
func BenchmarkNew10000(b *testing.B) {
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/\n"), "")
	src := &content.Site{Config: cfg}
	for i := range 10000 {
		cb := &content.Briefing{
			Source:  content.Source{File: fmt.Sprintf("content/s%d/b%05d/index.md", i%8, i)},
			Section: fmt.Sprintf("s%d", i%8), Slug: fmt.Sprintf("b%05d", i), Bundle: true,
			Title: fmt.Sprintf("Briefing %d", i), Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour),
			Topics: []string{fmt.Sprintf("Topic %d", i%60), fmt.Sprintf("Topic %d", (i*7)%60)},
		}
		for j := range 3 {
			cb.Notes = append(cb.Notes, &content.Note{Source: content.Source{File: fmt.Sprintf("%s/notes/%d.md", cb.File, j)}, Analyst: fmt.Sprintf("Analyst %d", (i+j)%40)})
		}
		src.Briefings = append(src.Briefings, cb)
	}
	b.ResetTimer()
	for b.Loop() {
		New(src, Options{})
	}
}
