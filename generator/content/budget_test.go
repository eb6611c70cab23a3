package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBodyBudget loads a site with room for one body: the others are let
// go and read again by Text, which refuses a file changed since the load.
// A briefing's body is never kept, whatever the room: Hold reads it in
// again, and after Release, Text reads it from the file.
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
		write("content/"+name+".md", "---\r\ntitle: \""+name+"\"\r\n---\r\n\r\nBody of "+name+".\r\n")
	}
	write("content/world/d.md", "---\ntitle: \"d\"\nsummary: \"s\"\ndate: 2026-01-01\ntopics: [T]\n---\n\nBody of d.\n")
	l := NewLoader(os.DirFS(dir), "")
	l.budget = &bodyBudget{limit: int64(len("\nBody of a.\n"))}
	s, probs := l.Load(nil)
	if len(probs.Errors()) > 0 || len(s.Pages) != 3 || len(s.Briefings) != 1 {
		t.Fatal(len(s.Pages), len(s.Briefings), probs)
	}
	kept := 0
	for _, p := range s.Pages {
		if p.body != nil {
			kept++
		}
		text, err := p.Text()
		if err != nil || string(text) != "\nBody of "+p.Title+".\n" {
			t.Errorf("Text() of %s = %q, %v; want its body with LF endings", p.File, text, err)
		}
	}
	if kept != 1 {
		t.Errorf("%d bodies kept in memory; want 1, as the budget allows", kept)
	}

	b := s.Briefings[0]
	if b.body != nil {
		t.Errorf("the briefing's body is kept after the load; want it let go")
	}
	if err := b.Hold(); err != nil || string(b.body) != "\nBody of d.\n" {
		t.Errorf("after Hold, the briefing's body is %q, %v; want it in memory", b.body, err)
	}
	b.Release()
	if text, err := b.Text(); err != nil || string(text) != "\nBody of d.\n" {
		t.Errorf("Text() after Release = %q, %v; want the body read again", text, err)
	}

	for _, p := range s.Pages {
		if p.body == nil {
			write(p.File, strings.Replace("---\ntitle: \"x\"\n---\nchanged\n", "x", p.Title, 1))
			if _, err := p.Text(); err == nil || !strings.Contains(err.Error(), "changed during the build") {
				t.Errorf("Text() of %s after a change: %v; want an error saying it changed", p.File, err)
			}
			if err := p.Hold(); err == nil {
				t.Errorf("Hold of %s after a change succeeded; want an error saying it changed", p.File)
			}
			break
		}
	}
}
