package search

import (
	"os"
	"testing"

	"brief/generator/content"
	"brief/generator/internal/exampletest"
	"brief/generator/site"
)

// BenchmarkWrite indexes the site in $BRIEF_BENCH_SITE, e.g. one written by
// go run ./bench/gencorpus -n 10000 -out /tmp/s10k -format neutral.
func BenchmarkWrite(b *testing.B) {
	dir := os.Getenv("BRIEF_BENCH_SITE")
	if dir == "" {
		b.Skip("set BRIEF_BENCH_SITE to a site folder")
	}
	src, probs := content.Load(os.DirFS(dir), "")
	if err := probs.Err(); err != nil {
		b.Fatal(err)
	}
	s, _ := site.New(src, site.Options{})
	var size, files int
	b.ResetTimer()
	for b.Loop() {
		size, files = 0, 0
		Write(s, func(_ string, data []byte) { size += len(data); files++ })
	}
	b.ReportMetric(float64(size), "bytes")
	b.ReportMetric(float64(files), "files")
}

// BenchmarkCachedWrite is a rebuild of the index of $BRIEF_BENCH_SITE
// with a warm cache, as brief serve does after a save.
func BenchmarkCachedWrite(b *testing.B) {
	dir := os.Getenv("BRIEF_BENCH_SITE")
	if dir == "" {
		b.Skip("set BRIEF_BENCH_SITE to a site folder")
	}
	src, probs := content.Load(os.DirFS(dir), "")
	if err := probs.Err(); err != nil {
		b.Fatal(err)
	}
	s, _ := site.New(src, site.Options{})
	c := NewCache()
	c.Write(s, func(string, []byte) {})
	b.ResetTimer()
	for b.Loop() {
		c.Write(s, func(string, []byte) {})
	}
}

// BenchmarkWords splits the markdown files of the example site into words
// and numbers them, as the index does with every body.
func BenchmarkWords(b *testing.B) {
	files := exampletest.MarkdownFiles(b)
	size := 0
	for _, f := range files {
		size += len(f)
	}
	b.SetBytes(int64(size))
	w := newWorker()
	for b.Loop() {
		for _, f := range files {
			w.markdown(f)
		}
		for _, id := range w.seen {
			w.best[id] = -1
		}
		w.seen = w.seen[:0]
	}
}
