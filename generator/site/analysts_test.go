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

// TestNoteAnchors: an analyst's second note on a briefing is -2, third
// -3, passing over an anchor another analyst's slug makes. Ana Lee's
// second note beside one by Ana Lee 2 was note-ana-lee-2 too: two
// elements of one id, and her page's link led to the other analyst.
func TestNoteAnchors(t *testing.T) {
	for _, c := range []struct{ slugs, want []string }{
		{[]string{"a", "b"}, []string{"note-a", "note-b"}},
		{[]string{"a", "b", "a", "a"}, []string{"note-a", "note-b", "note-a-2", "note-a-3"}},
		{[]string{"ana-lee", "ana-lee", "ana-lee-2"}, []string{"note-ana-lee", "note-ana-lee-3", "note-ana-lee-2"}},
		{[]string{"ana-lee-2", "ana-lee", "ana-lee", "ana-lee-3", "ana-lee"}, []string{"note-ana-lee-2", "note-ana-lee", "note-ana-lee-4", "note-ana-lee-3", "note-ana-lee-5"}},
		{[]string{"x", "x-2", "x-2", "x"}, []string{"note-x", "note-x-2", "note-x-2-2", "note-x-3"}},
	} {
		if got := NoteAnchors(c.slugs); !slices.Equal(got, c.want) {
			t.Errorf("NoteAnchors(%q) = %q; want %q", c.slugs, got, c.want)
		}
	}
	// Through New: the ids of a briefing's notes are distinct, and each
	// analyst's notes keep theirs.
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/\n"), "")
	b := &content.Briefing{Source: content.Source{File: "content/world/x/index.md"}, Section: "world", Slug: "x", Bundle: true, Title: "X",
		Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	for i, who := range []string{"Ana Lee", "Ana Lee", "Ana Lee 2"} {
		b.Notes = append(b.Notes, &content.Note{Source: content.Source{File: fmt.Sprintf("content/world/x/notes/%c.md", 'a'+i)}, Analyst: who,
			Date: time.Date(2024, 1, 2+i, 0, 0, 0, 0, time.UTC)})
	}
	s, probs := New(&content.Site{Config: cfg, Briefings: []*content.Briefing{b}}, Options{})
	if len(probs.Errors()) > 0 {
		t.Fatal(probs)
	}
	var ids []string
	for _, n := range s.Briefings[0].Notes {
		ids = append(ids, n.Analyst.Slug+" #"+n.ID)
	}
	if want := []string{"ana-lee #note-ana-lee", "ana-lee #note-ana-lee-3", "ana-lee-2 #note-ana-lee-2"}; !slices.Equal(ids, want) {
		t.Errorf("notes' ids %q; want %q", ids, want)
	}
	// The note whose anchor passed over another's is told so.
	var warned []string
	for _, p := range probs {
		if strings.Contains(p.Msg, "anchor is #") {
			warned = append(warned, p.String())
		}
	}
	want := `content/world/x/notes/b.md: warning: this note's anchor is #note-ana-lee-3, not #note-ana-lee-2, which is the anchor of Ana Lee 2's note here: a link to #note-ana-lee-2 meant for this note leads to that one`
	if len(warned) != 1 || warned[0] != want {
		t.Errorf("warnings %q; want one:\n%s", warned, want)
	}
}

// TestNoteFutureAndProfileSpelling: a note dated ahead is warned of, as a
// briefing's date is; and a note that spells its profile's name otherwise
// (an accent, capitals) is told the profile's spelling, once per spelling,
// unless it names the profile by its file's slug or by another word.
func TestNoteFutureAndProfileSpelling(t *testing.T) {
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/\n"), "")
	src := &content.Site{Config: cfg}
	src.Analysts = []*content.Analyst{
		{Source: content.Source{File: "content/analysts/ana-lee.md"}, Slug: "ana-lee", Name: "Ana Lee"},
		{Source: content.Source{File: "content/analysts/desk.md"}, Slug: "desk", Name: "The Desk"},
	}
	b := &content.Briefing{Source: content.Source{File: "content/world/x/index.md"}, Section: "world", Slug: "x", Bundle: true, Title: "X",
		Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	for i, n := range []struct {
		who  string
		date time.Time
	}{
		{"Ana Lee", time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)},
		{"Ána Lee", time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC)},
		{"Ána Lee", time.Date(2024, 1, 4, 0, 0, 0, 0, time.UTC)},
		{"ANA LEE", time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC)},
		{"ana-lee", time.Date(2024, 1, 6, 0, 0, 0, 0, time.UTC)},
		{"Desk", time.Now().AddDate(1, 0, 0)},
	} {
		cn := &content.Note{Source: content.Source{File: fmt.Sprintf("content/world/x/notes/n%d.md", i)}, Analyst: n.who, Date: n.date}
		cn.AnalystAt.Line, cn.DateAt.Line = 2, 3
		b.Notes = append(b.Notes, cn)
	}
	src.Briefings = []*content.Briefing{b}
	_, probs := New(src, Options{})
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	want := []string{
		`content/world/x/notes/n1.md:2: warning: analyst "Ána Lee" is spelt otherwise than in the profile content/analysts/ana-lee.md, "Ana Lee", whose name the pages show; correct the spelling here`,
		`content/world/x/notes/n3.md:2: warning: analyst "ANA LEE" is spelt otherwise than in the profile content/analysts/ana-lee.md, "Ana Lee", whose name the pages show; correct the spelling here`,
		fmt.Sprintf(`content/world/x/notes/n5.md:3: warning: note dated %s, in the future: it is published now with that date, first on its analyst's page, so check the year`, time.Now().AddDate(1, 0, 0).Format("2006-01-02")),
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
