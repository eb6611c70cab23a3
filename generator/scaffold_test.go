package generator

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNewBriefingAndNote(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":                          testSiteYAML,
		"content/world/other.md":             briefingFile("Other", "2026-01-01", "Trade"),
		"content/analysts/east-asia-desk.md": "---\nname: \"East Asia Desk\"\naffiliation: \"The Desk\"\n---\n\nBio.\n",
	})
	now := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	file, err := NewBriefing(src, "world/new-story", now)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(file)
	for _, want := range []string{"title:", "summary:", "date: 2026-11-25T09:30:00Z", "topics:", "author:", "dateline:", "takeaways:", "draft: true", "# corrections:", "# slug:"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("new briefing lacks %q:\n%s", want, text)
		}
	}
	if _, err := NewBriefing(src, "world/new-story", now); err == nil || !strings.Contains(err.Error(), "never overwrites") {
		t.Errorf("second NewBriefing: %v; want a refusal to overwrite", err)
	}
	for _, bad := range []string{"world", "World/x", "topics/x", "world/a/b"} {
		if _, err := NewBriefing(src, bad, now); err == nil {
			t.Errorf("NewBriefing(%q) succeeded; want an error", bad)
		}
	}
	// The draft is valid: it builds with --drafts, and without it is left out.
	if _, err := Build(Config{Source: src, Out: filepath.Join(t.TempDir(), "p"), Drafts: true, Log: io.Discard}); err != nil {
		t.Fatalf("build with the new draft: %v", err)
	}

	// A single-file briefing with a relative link gets its first note: it
	// becomes a bundle, and its link still resolves.
	single := filepath.Join(src, "content/world/linker.md")
	os.WriteFile(single, []byte(briefingFile("Linker", "2026-01-02", "Trade")+"\nSee [other](other.md).\n"), 0o644)
	note, moved, err := NewNote(src, "world/linker", "East Asia Desk", now)
	if err != nil {
		t.Fatal(err)
	}
	if want := [2]string{single, filepath.Join(src, "content/world/linker/index.md")}; moved != want {
		t.Errorf("NewNote reports the briefing moved %q; want %q", moved, want)
	}
	if want := filepath.Join(src, "content/world/linker/notes/east-asia-desk.md"); note != want {
		t.Errorf("note written to %s; want %s", note, want)
	}
	if _, err := os.Stat(single); !os.IsNotExist(err) {
		t.Errorf("the single-file briefing is still there after becoming a bundle")
	}
	index, _ := os.ReadFile(filepath.Join(src, "content/world/linker/index.md"))
	if !strings.Contains(string(index), "[other](../other.md)") {
		t.Errorf("the moved briefing's link was not adjusted:\n%s", index)
	}
	noteText, _ := os.ReadFile(note)
	for _, want := range []string{`analyst: "East Asia Desk"`, `affiliation: "The Desk"`, "date: 2026-11-25T09:30:00Z", "# confidence:"} {
		if !strings.Contains(string(noteText), want) {
			t.Errorf("new note lacks %q:\n%s", want, noteText)
		}
	}
	if _, _, err := NewNote(src, "world/linker", "East Asia Desk", now); err == nil {
		t.Errorf("second NewNote for the same analyst succeeded; want a refusal")
	}
	if _, _, err := NewNote(src, "world/missing", "East Asia Desk", now); err == nil {
		t.Errorf("NewNote on a missing briefing succeeded")
	}
	out := mustBuild(t, Config{Source: src})
	page, _ := os.ReadFile(filepath.Join(out, "world/linker/index.html"))
	if !strings.Contains(string(page), `href="/desk/world/other/"`) || !strings.Contains(string(page), "The assessment") {
		t.Errorf("the bundle's page lacks its rewritten link or its note")
	}
}
