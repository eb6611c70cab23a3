package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBodyBudget loads a site with room for one body: the others are let
// go and read again by Text, which refuses a file changed since the load.
func TestBodyBudget(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.yaml", "base_url: https://example.org/\n")
	for _, name := range []string{"a", "b", "c"} {
		write("content/world/"+name+".md", "---\r\ntitle: \""+name+"\"\r\nsummary: \"s\"\r\ndate: 2026-01-01\r\ntopics: [T]\r\n---\r\n\r\nBody of "+name+".\r\n")
	}
	l := NewLoader(os.DirFS(dir), "")
	l.budget = &bodyBudget{limit: int64(len("\nBody of a.\n"))}
	s, probs := l.Load(nil)
	if len(probs.Errors()) > 0 {
		t.Fatal(probs)
	}
	kept := 0
	for _, b := range s.Briefings {
		if b.body != nil {
			kept++
		}
		text, err := b.Text()
		if err != nil || string(text) != "\nBody of "+b.Title+".\n" {
			t.Errorf("Text() of %s = %q, %v; want its body with LF endings", b.File, text, err)
		}
	}
	if kept != 1 {
		t.Errorf("%d bodies kept in memory; want 1, as the budget allows", kept)
	}
	for _, b := range s.Briefings {
		if b.body == nil {
			write(b.File, strings.Replace("---\ntitle: \"x\"\n---\nchanged\n", "x", b.Title, 1))
			if _, err := b.Text(); err == nil || !strings.Contains(err.Error(), "changed during the build") {
				t.Errorf("Text() of %s after a change: %v; want an error saying it changed", b.File, err)
			}
			break
		}
	}
}
