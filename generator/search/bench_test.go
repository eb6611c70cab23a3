package search

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

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
func BenchmarkWords(b *testing.B) { benchWords(b, exampletest.MarkdownFiles(b)) }

// benchWords reads the words of bodies, as the index does, b.N times.
func benchWords(b *testing.B, bodies [][]byte) {
	size := 0
	for _, body := range bodies {
		size += len(body)
	}
	b.SetBytes(int64(size))
	w := newWorker()
	for b.Loop() {
		for _, body := range bodies {
			w.markdown(body)
		}
		for _, id := range w.seen {
			w.best[id] = -1
		}
		w.seen = w.seen[:0]
	}
}

// longLines are bodies of one long line of markup that never closes: each
// opener was read to the end of the line or paragraph (a link's
// destination, a tag) or back to its start (a fence, a label), which cost
// the square of the line's length, over a minute for a file of 1 MB.
func longLines() [][]byte {
	var ticks bytes.Buffer
	for i := 1; i < 1500; i++ {
		ticks.WriteString(strings.Repeat("`", i) + "xy ")
	}
	return [][]byte{
		ticks.Bytes(),
		bytes.Repeat([]byte("[ab](cd "), 150000),
		bytes.Repeat([]byte("<ab "), 100000),
		bytes.Repeat([]byte("ab]: ]( "), 150000),
	}
}

// TestLongLinesIndexed reads the words of longLines within a generous
// time, which only a hang misses (they take well under a second), and
// finds the words they show.
func TestLongLinesIndexed(t *testing.T) {
	done := make(chan []int, 1)
	go func() {
		var tok tokenizer
		var n []int
		for _, body := range longLines() {
			words := 0
			tok.words(body, true, func([]byte, uint64) { words++ })
			n = append(n, words)
		}
		done <- n
	}()
	select {
	case n := <-done:
		for i, got := range n {
			if got == 0 {
				t.Errorf("long line %d: no words read", i)
			}
		}
	case <-time.After(60 * time.Second):
		t.Fatal("reading the words of long lines of markup did not end in a minute")
	}
}

// BenchmarkWordsLongLines is BenchmarkWords on longLines.
func BenchmarkWordsLongLines(b *testing.B) { benchWords(b, longLines()) }
