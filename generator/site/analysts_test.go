package site

import (
	"fmt"
	"maps"
	"slices"
	"strings"
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

// TestAnalystSpellings: an analyst without a profile is named as most of
// their notes spell the name, not as the newest note does, and each other
// spelling is warned of at its newest note.
func TestAnalystSpellings(t *testing.T) {
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/\n"), "")
	src := &content.Site{Config: cfg}
	for i, name := range []string{"Jean Dupont", "Jean Dupont", "JEAN DUPONT", "Jéan Dupont"} { // oldest first
		b := &content.Briefing{Source: content.Source{File: fmt.Sprintf("content/world/b%d/index.md", i)}, Section: "world", Slug: fmt.Sprintf("b%d", i),
			Bundle: true, Title: "B", Date: time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC)}
		b.Notes = []*content.Note{{Source: content.Source{File: fmt.Sprintf("content/world/b%d/notes/jd.md", i)}, Analyst: name, AnalystAt: content.Pos{Line: 2, Col: 10}}}
		src.Briefings = append(src.Briefings, b)
	}
	s, probs := New(src, Options{})
	if len(s.Analysts) != 1 || s.Analysts[0].Name != "Jean Dupont" {
		t.Fatalf("analysts: %v; want one, Jean Dupont", s.Analysts)
	}
	var got []string
	for _, p := range probs {
		if strings.Contains(p.Msg, "one analyst") {
			got = append(got, p.String())
		}
	}
	slices.Sort(got)
	want := []string{
		`content/world/b2/notes/jd.md:2:10: warning: analyst "JEAN DUPONT" and "Jean Dupont" both have the URL /analysts/jean-dupont/, so they are one analyst, shown as "Jean Dupont"; correct the spelling if they are the same person, or rename one if not`,
		`content/world/b3/notes/jd.md:2:10: warning: analyst "Jéan Dupont" and "Jean Dupont" both have the URL /analysts/jean-dupont/, so they are one analyst, shown as "Jean Dupont"; correct the spelling if they are the same person, or rename one if not`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
