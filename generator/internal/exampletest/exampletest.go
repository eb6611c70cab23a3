// Package exampletest gives tests and benchmarks the example site's files.
package exampletest

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Content is the example site's content folder, found from this file's
// place in the repository, whichever package's test asks.
func Content() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "content")
}

// MarkdownFiles reads every markdown file of the example site, front
// matter and all.
func MarkdownFiles(tb testing.TB) [][]byte {
	tb.Helper()
	var files [][]byte
	err := filepath.WalkDir(Content(), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		files = append(files, b)
		return err
	})
	if err != nil || len(files) < 10 {
		tb.Fatalf("read %d files of the example site: %v", len(files), err)
	}
	return files
}
