package site

import (
	"fmt"
	"maps"
	"testing"
	"time"

	"brief/generator/content"
)

// TestBodyIDPrefix checks the prefixes of notes' ids: one per note file,
// each safe to write in an attribute as it is, and none for other files.
func TestBodyIDPrefix(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"content/world/x/notes/ann-lee.md", "note-world/x/ann-lee/"},
		{"content/アジア/経済/notes/田中.md", "note-アジア/経済/田中/"},
		{"content/world/x/notes/Ann Lee \"&<%.md", "note-world/x/Ann%20Lee%20%22%26%3C%25/"},
		{"content/world/x/notes/bad\xff.md", "note-world/x/bad%FF/"},
		{"content/world/x/index.md", ""},
		{"content/world/notes.md", ""},
		{"content/world/x/notes/a/b.md", ""},
		{"content/world/x/notes/map.png", ""},
		{"content/analysts/notes/x.md", ""},
	} {
		if got := BodyIDPrefix(c.file); got != c.want {
			t.Errorf("BodyIDPrefix(%q) = %q; want %q", c.file, got, c.want)
		}
	}
}

// TestNoteAffiliation: a note shows its own affiliation, or its analyst's
// profile's, never another note's. An older note without one showed the
// institution a newer note named, which its author never wrote.
func TestNoteAffiliation(t *testing.T) {
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/\n"), "")
	src := &content.Site{Config: cfg}
	src.Analysts = []*content.Analyst{{Source: content.Source{File: "content/analysts/desk.md"}, Slug: "desk", Name: "Desk", Affiliation: "Profile Institute"}}
	for i, aff := range []string{"", "Institut Nouveau"} { // old, then new
		b := &content.Briefing{Source: content.Source{File: fmt.Sprintf("content/world/b%d/index.md", i)}, Section: "world", Slug: fmt.Sprintf("b%d", i),
			Bundle: true, Title: "B", Date: time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC)}
		b.Notes = []*content.Note{
			{Source: content.Source{File: fmt.Sprintf("content/world/b%d/notes/lea.md", i)}, Analyst: "Lea Roux", Affiliation: aff},
			{Source: content.Source{File: fmt.Sprintf("content/world/b%d/notes/desk.md", i)}, Analyst: "Desk", Affiliation: aff},
		}
		src.Briefings = append(src.Briefings, b)
	}
	s, probs := New(src, Options{})
	if len(probs.Errors()) > 0 {
		t.Fatal(probs)
	}
	got := map[string]string{}
	for _, b := range s.Briefings {
		for _, n := range b.Notes {
			got[n.File] = n.Affiliation
		}
	}
	want := map[string]string{
		"content/world/b0/notes/lea.md":  "",
		"content/world/b1/notes/lea.md":  "Institut Nouveau",
		"content/world/b0/notes/desk.md": "Profile Institute",
		"content/world/b1/notes/desk.md": "Institut Nouveau",
	}
	if !maps.Equal(got, want) {
		t.Errorf("notes' affiliations: %v; want %v", got, want)
	}
	for _, a := range s.Analysts {
		if a.Slug == "lea-roux" && a.Affiliation != "Institut Nouveau" {
			t.Errorf("Lea Roux, with no profile, is listed at %q; want the newest note's, Institut Nouveau", a.Affiliation)
		}
	}
}
