package content

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"brief/generator/internal/osfs"
)

// TestLoadNewFolderOnce: a batch that brings a folder the last load did not
// see, with many files, reads each of them once. Each file named in the
// batch planned and read the whole folder again: a checkout of 3,000
// briefings parsed nine million files.
func TestLoadNewFolderOnce(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) { writeFile(t, root, rel, text) }
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

// TestLoadRereadsLinks: a content file that is a symbolic link to a file
// elsewhere in the source folder is read again by every load after a
// change, since no change names it when the file it leads to is edited.
// Such an edit never reached brief serve.
func TestLoadRereadsLinks(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) { writeFile(t, root, rel, text) }
	briefing := "---\ntitle: \"%s\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\nBody.\n"
	write(ConfigFile, "base_url: https://example.org/\n")
	write("content/world/a.md", fmt.Sprintf(briefing, "A"))
	write("shared/x.md", fmt.Sprintf(briefing, "Shared"))
	if err := os.Symlink("../../shared/x.md", filepath.Join(root, "content/world/x.md")); err != nil {
		t.Fatal(err)
	}
	l := NewLoader(osfs.Dir(root), "")
	if _, probs := l.Load(nil); probs.Err() != nil {
		t.Fatal(probs)
	}
	write("shared/x.md", fmt.Sprintf(briefing, "Shared, edited"))
	write("content/world/a.md", fmt.Sprintf(briefing, "A, edited"))
	s, probs := l.Load([]string{"content/world/a.md"})
	if probs.Err() != nil {
		t.Fatal(probs)
	}
	var titles []string
	for _, b := range s.Briefings {
		titles = append(titles, b.Title)
	}
	if want := []string{"A, edited", "Shared, edited"}; !slices.Equal(titles, want) {
		t.Errorf("titles after the edits: %q; want %q", titles, want)
	}
}

// writeFile writes text to the file rel of the folder root, making its
// folders.
func writeFile(t *testing.T, root, rel, text string) {
	t.Helper()
	p := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
