package search

import (
	"os"
	"testing"

	"brief/generator/content"
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
