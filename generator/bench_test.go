package generator

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// syntheticSite writes n briefings with three notes each, spread over
// 8 sections and 30 topics, for benchmarks. bench/run.sh measures the full
// corpus of bench/gencorpus against Hugo and the goldmark floor.
func syntheticSite(b *testing.B, n int) string {
	files := map[string]string{"site.yaml": "title: \"Bench\"\nbase_url: \"https://example.org/bench/\"\n"}
	para := strings.Repeat("Officials said the talks would resume, though few expect a *rapid* breakthrough. ", 12)
	for i := range n {
		dir := fmt.Sprintf("content/s%d/b%05d/", i%8, i)
		body := "## Context\n\n" + para + "\n\n## Why it matters\n\n" + para + "\n\n- one\n- two\n\n" + para + "\n"
		files[dir+"index.md"] = briefingFile(fmt.Sprintf("Briefing %d", i), fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28),
			fmt.Sprintf("Topic %d", i%30), fmt.Sprintf("Topic %d", (i*7)%30)) + body
		for j := range 3 {
			files[fmt.Sprintf("%snotes/analyst-%d.md", dir, (i+j)%40)] = fmt.Sprintf("---\nanalyst: \"Analyst %d\"\naffiliation: \"Institute\"\ndate: 2026-01-01\n---\n\n%s\n", (i+j)%40, para[:300])
		}
	}
	return writeSite(b, files)
}

func benchmarkBuild(b *testing.B, n int, cache bool) {
	src := syntheticSite(b, n)
	out := filepath.Join(b.TempDir(), "public")
	cacheDir := "-"
	if cache {
		cacheDir = filepath.Join(b.TempDir(), "cache")
		if _, err := Build(Config{Source: src, Out: out, CacheDir: cacheDir, Log: io.Discard}); err != nil {
			b.Fatal(err) // the build that fills the cache is not measured
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(Config{Source: src, Out: out, CacheDir: cacheDir}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild1000 is a cold build (no cache) of 1,000 briefings.
func BenchmarkBuild1000(b *testing.B) { benchmarkBuild(b, 1000, false) }

// BenchmarkBuild1000Unchanged is a build of 1,000 briefings with the cache
// and nothing changed since the last build.
func BenchmarkBuild1000Unchanged(b *testing.B) { benchmarkBuild(b, 1000, true) }

// BenchmarkBuild1000Edited is a build of 1,000 briefings with the cache,
// after one briefing's body was edited: a new process would do the same
// work, from the state the last build kept in the cache folder.
func BenchmarkBuild1000Edited(b *testing.B) {
	src := syntheticSite(b, 1000)
	cfg := Config{Source: src, Out: filepath.Join(b.TempDir(), "public"), CacheDir: filepath.Join(b.TempDir(), "cache"), Log: io.Discard}
	if _, err := Build(cfg); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(src, "content/s3/b00123/index.md")
	rendered := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(f, "\nA sentence added by the benchmark, edit %d.\n", rendered)
		f.Close()
		b.StartTimer()
		stats, err := Build(cfg)
		if err != nil {
			b.Fatal(err)
		}
		rendered = stats.Rendered
	}
	b.ReportMetric(float64(rendered), "pages-rendered")
}

// BenchmarkInMemory1000 is a build in memory, as brief serve does it.
func BenchmarkInMemory1000(b *testing.B) {
	builder := NewBuilder(Config{Source: syntheticSite(b, 1000)})
	b.ResetTimer()
	for b.Loop() {
		if _, err := builder.Build(); err != nil {
			b.Fatal(err)
		}
	}
}
