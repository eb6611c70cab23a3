package site

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/generator/content"
)

func testSite(t *testing.T) *Site {
	t.Helper()
	cfg, probs := content.ParseConfig([]byte("base_url: https://example.org/b/\npaginate: 2\n"), "")
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	src := &content.Site{Config: cfg}
	mk := func(section, slug string, day int, topics ...string) *content.Briefing {
		b := &content.Briefing{
			Source:  content.Source{File: fmt.Sprintf("content/%s/%s/index.md", section, slug)},
			Section: section, Slug: slug, Bundle: true, Title: slug, Topics: topics,
			Date: time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC),
		}
		src.Briefings = append(src.Briefings, b)
		return b
	}
	a := mk("world", "a", 1, "trade", "Korea")
	mk("world", "b", 2, "trade")
	mk("economy", "c", 3, "Korea", "TRADE")
	mk("economy", "d", 4, "Energy")
	a.Notes = []*content.Note{{Source: content.Source{File: "content/world/a/notes/desk.md"}, Analyst: "Desk"}}
	src.Analysts = []*content.Analyst{{Source: content.Source{File: "content/analysts/desk.md"}, Slug: "desk", Name: "The Desk"}}
	s, probs := New(src, Options{})
	if len(probs.Errors()) > 0 {
		t.Fatal(probs)
	}
	return s
}

func TestRelated(t *testing.T) {
	s := testSite(t)
	got := map[string]string{}
	for _, b := range s.Briefings {
		var slugs []string
		for _, r := range b.Related {
			slugs = append(slugs, r.Slug)
		}
		got[b.Slug] = fmt.Sprint(slugs)
	}
	want := map[string]string{
		"a": "[c b]", // c shares two topics, b one
		"b": "[c a]", // both share one: newest first
		"c": "[a b]",
		"d": "[]",
	}
	for slug, w := range want {
		if got[slug] != w {
			t.Errorf("Related(%s) = %s; want %s", slug, got[slug], w)
		}
	}
}

func TestDeps(t *testing.T) {
	s := testSite(t)
	for _, p := range s.Pages {
		if p.Kind == KindBriefing && p.Briefing.Slug == "a" {
			got := fmt.Sprint(s.Deps(p))
			want := "[content/analysts/desk.md content/economy/c/index.md content/world/a/index.md content/world/a/notes/desk.md content/world/b/index.md]"
			if got != want {
				t.Errorf("Deps(a) = %s; want %s", got, want)
			}
		}
		if p.Kind == KindTopic && p.Topic.Slug == "trade" && p.PageNum == 2 {
			if got, want := fmt.Sprint(s.Deps(p)), "[content/world/a/index.md]"; got != want {
				t.Errorf("Deps(topics/trade/page/2) = %s; want %s", got, want)
			}
		}
	}
}

func TestPagination(t *testing.T) {
	s := testSite(t)
	var outs []string
	for _, p := range s.Pages {
		if p.Kind == KindTopic && p.Topic.Slug == "trade" {
			outs = append(outs, fmt.Sprintf("%s %d/%d prev=%s next=%s n=%d", p.Out, p.PageNum, p.PageLast, p.Prev, p.Next, len(p.Items)))
		}
	}
	want := "[topics/trade/index.html 1/2 prev= next=/b/topics/trade/page/2/ n=2 topics/trade/page/2/index.html 2/2 prev=/b/topics/trade/ next= n=1]"
	if got := fmt.Sprint(outs); got != want {
		t.Errorf("trade pages = %s\nwant %s", got, want)
	}
	for _, tp := range s.Topics {
		if tp.Slug == "trade" && tp.Name != "trade" {
			t.Errorf("topic name = %q; want the most used spelling, trade", tp.Name)
		}
	}
}

// TestRelatedManyTopics holds the index of topic combinations to the first
// content.RelatedTopics of a briefing's topics: every combination of 5,000
// topics would be 20 billion keys (300 took 1.8 GB and 12 s).
func TestRelatedManyTopics(t *testing.T) {
	const many = 5000
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/b/\n"), "")
	src := &content.Site{Config: cfg}
	mk := func(slug string, day int, topics ...string) {
		src.Briefings = append(src.Briefings, &content.Briefing{
			Source:  content.Source{File: "content/world/" + slug + ".md"},
			Section: "world", Slug: slug, Title: slug, Topics: topics,
			Date: time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC),
		})
	}
	var topics []string
	for i := range many {
		topics = append(topics, fmt.Sprintf("Topic %d", i))
	}
	mk("many", 1, topics...)
	mk("late", 2, "Topic 20", "Topic 21") // shares two, past the first ten
	mk("pair", 3, "Topic 1", "Topic 2")   // shares two of the first ten
	s, probs := New(src, Options{})
	if len(probs.Errors()) > 0 {
		t.Fatal(probs)
	}
	k := content.RelatedTopics
	// Those of many, and late's one.
	if got, want := len(relatedIndex(s.Briefings)), k*(k-1)/2+k*(k-1)*(k-2)/6+1; got != want {
		t.Errorf("the index holds %d combinations; want %d, those of the first %d topics", got, want, k)
	}
	for _, b := range s.Briefings {
		var slugs []string
		for _, r := range b.Related {
			slugs = append(slugs, r.Slug)
		}
		want := map[string]string{"many": "[pair late]", "late": "[many]", "pair": "[many]"}[b.Slug]
		if got := fmt.Sprint(slugs); got != want {
			t.Errorf("Related(%s) = %s; want %s", b.Slug, got, want)
		}
	}
}

// TestSectionNamedAfterFolder: a section without an _index.md is named
// after its folder as written, accents kept and in composed form (a
// folder saved by macOS has them decomposed), not after its slug.
func TestSectionNamedAfterFolder(t *testing.T) {
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/\n"), "")
	src := &content.Site{Config: cfg}
	for i, folder := range []string{"économie", "côte-d-ivoire", "me\u0301nage", "world"} {
		slug := content.Slug(folder)
		src.Briefings = append(src.Briefings, &content.Briefing{
			Source:  content.Source{File: "content/" + folder + "/x.md"},
			Section: slug, Slug: "x", Title: "X", Topics: []string{"t"},
			Date: time.Date(2026, 1, i+1, 0, 0, 0, 0, time.UTC),
		})
	}
	s, probs := New(src, Options{})
	if len(probs.Errors()) > 0 {
		t.Fatal(probs)
	}
	var got []string
	for _, sec := range s.Sections {
		got = append(got, sec.Slug+" "+sec.Title)
	}
	if want := "[cote-d-ivoire Côte D Ivoire economie Économie menage Ménage world World]"; fmt.Sprint(got) != want {
		t.Errorf("sections %s; want %s", got, want)
	}
}

// TestSectionFoldersOneSlug: two section folders whose names make one slug
// (accents, or one name in two Unicode forms) would share a section page,
// its name taken from whichever held the newest briefing, and one folder's
// _index.md dropped without a word: an error for each folder but the first.
// A draft's folder counts; one folder alone, however written, does not.
func TestSectionFoldersOneSlug(t *testing.T) {
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/b/\n"), "")
	src := &content.Site{Config: cfg}
	for i, file := range []string{
		"content/économie/a.md", "content/economie/b.md", "content/m\u00e9nage/c.md",
		"content/world/d.md", "content/world/e/index.md", "content/me\u0301nage/f.md",
	} {
		parts := strings.Split(file, "/")
		src.Briefings = append(src.Briefings, &content.Briefing{
			Source:  content.Source{File: file},
			Section: content.Slug(parts[1]), Slug: fmt.Sprint(i), Title: "X", Topics: []string{"t"},
			Date:  time.Date(2026, 1, i+1, 0, 0, 0, 0, time.UTC),
			Draft: i == 2,
		})
	}
	src.Sections = []*content.Page{
		{Source: content.Source{File: "content/économie/_index.md"}, Slug: "economie", Title: "Économie FR"},
		{Source: content.Source{File: "content/economie/_index.md"}, Slug: "economie", Title: "Economy EN"},
		{Source: content.Source{File: "content/world/_index.md"}, Slug: "world", Title: "World"},
	}
	_, probs := New(src, Options{})
	var got []string
	for _, p := range probs.Errors() {
		got = append(got, p.String())
	}
	slices.Sort(got)
	want := []string{
		`content/m` + "\u00e9" + `nage/: this section folder and content/me` + "\u0301" + `nage/ both make the section "menage", at one URL (the two names are the same letters, saved in two Unicode forms); a section's URL is its folder's name as a slug: rename one folder, or move its files into the other`,
		`content/économie/: this section folder and content/economie/ both make the section "economie", at one URL; a section's URL is its folder's name as a slug: rename one folder, or move its files into the other`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
