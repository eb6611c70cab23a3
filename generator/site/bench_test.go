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

// BenchmarkRelatedTenTopics makes the related briefings of 10,000
// briefings that each have ten of the same twelve topics: the index then
// holds 165 combinations of each briefing's topics.
func BenchmarkRelatedTenTopics(b *testing.B) {
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/\n"), "")
	src := &content.Site{Config: cfg}
	for i := range 10000 {
		var topics []string
		for j := range 12 {
			if j != i%12 && j != (i/12)%12 {
				topics = append(topics, fmt.Sprintf("Topic %d", j))
			}
		}
		src.Briefings = append(src.Briefings, &content.Briefing{
			Source:  content.Source{File: fmt.Sprintf("content/s/b%05d.md", i)},
			Section: "s", Slug: fmt.Sprintf("b%05d", i), Title: "B",
			Date:   time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour),
			Topics: topics[:min(len(topics), 10)],
		})
	}
	s, _ := New(src, Options{})
	b.ReportAllocs()
	for b.Loop() {
		for _, br := range s.Briefings {
			br.Related = br.Related[:0]
		}
		s.relate()
	}
}
