package content

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"brief/generator/internal/osfs"
)

// TestLoadNewFolderOnce: a batch that brings a folder the last load did not
// see, with many files, reads each of them once. Each file named in the
// batch planned and read the whole folder again: a checkout of 3,000
// briefings parsed nine million files.
func TestLoadNewFolderOnce(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	briefing := "---\ntitle: \"B\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\nBody.\n"
	write(ConfigFile, "base_url: https://example.org/\n")
	write("content/world/a.md", briefing)
	l := NewLoader(osfs.Dir(root), "")
	if _, probs := l.Load(nil); probs.Err() != nil {
		t.Fatal(probs)
	}

	const n = 100
	changed := []string{"content/bulk"} // as a watcher reports a folder and its files
	for i := range n {
		rel := fmt.Sprintf("content/bulk/b%d.md", i)
		write(rel, briefing)
		changed = append(changed, rel)
	}
	s, probs := l.Load(changed)
	if probs.Err() != nil {
		t.Fatal(probs)
	}
	if len(s.Briefings) != n+1 {
		t.Errorf("the load after the batch has %d briefings; want %d", len(s.Briefings), n+1)
	}
	if got := l.Reads(); got != n {
		t.Errorf("the load after a batch of %d new files read %d files; want %d", n, got, n)
	}
}
