package site

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/generator/content"
)

// topicSite makes a site of one briefing per list of topics, the first the
// newest, and returns what New reports about topics.
func topicSite(t testing.TB, topics ...[]string) []string {
	t.Helper()
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/\n"), "")
	src := &content.Site{Config: cfg}
	for i, names := range topics {
		src.Briefings = append(src.Briefings, &content.Briefing{
			Source:  content.Source{File: fmt.Sprintf("content/world/b%d.md", i)},
			Section: "world", Slug: fmt.Sprintf("b%d", i), Title: "B", Topics: names,
			TopicsAt: content.Pos{Line: 3, Col: 1},
			Date:     time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Hour),
		})
	}
	_, probs := New(src, Options{})
	var got []string
	for _, p := range probs {
		if strings.Contains(p.Msg, "topic") {
			got = append(got, p.String())
		}
	}
	slices.Sort(got)
	return got
}

func TestNearDuplicateTopics(t *testing.T) {
	got := topicSite(t,
		[]string{"North Korea"}, []string{"North Korea"}, []string{"North Korea", "Elections 2026"},
		[]string{"North K"},        // cut short: named with its count
		[]string{"Nosth Korea"},    // a slip
		[]string{"US", "Iraq"},     // used once each with U S below: reported at the later slug
		[]string{"U S", "Iran"},    // Iran and Iraq: short and different
		[]string{"Elections 2025"}, // another number: another thing
		[]string{"Elections 2026"},
		[]string{"Cop28"}, []string{"COP 29"},
		[]string{"Sanctions regime", "Sanctions regim"},              // both only here
		[]string{"Afrique de l'Ouest"}, []string{"Afrique de l'Est"}, // West and East Africa: another word
	)
	want := []string{
		`content/world/b11.md:3:1: warning: topics "Sanctions regime" and "Sanctions regim" are used only here; if they are one topic, use one spelling`,
		`content/world/b3.md:3:1: warning: topic "North K" is used only here and looks like "North Korea" (3 briefings); use one spelling`,
		`content/world/b4.md:3:1: warning: topic "Nosth Korea" is used only here and looks like "North Korea" (3 briefings); use one spelling`,
		`content/world/b5.md:3:1: warning: topic "US" is used only here, and "U S" only in content/world/b6.md; if they are one topic, use one spelling`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestNearDuplicateTopicsNamesTheFirst checks that of several close
// topics, the warning names the one whose slug sorts first, whatever order
// the index finds them in.
func TestNearDuplicateTopicsNamesTheFirst(t *testing.T) {
	got := topicSite(t,
		[]string{"Ukraine"}, []string{"Ukraine"},
		[]string{"Ukrainx"}, []string{"Ukrainx"},
		[]string{"Ukraina"}, []string{"Ukraina"},
		[]string{"Ukrainz"},
	)
	want := []string{`content/world/b6.md:3:1: warning: topic "Ukrainz" is used only here and looks like "Ukraina" (2 briefings); use one spelling`}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestNearSlugsFindsEverySimilarPair checks the index against comparing
// every pair: for slugs made to be close to one another (words cut short,
// letters changed, added and dropped, hyphens moved, numbers), every slug
// similar to another is among its candidates.
func TestNearSlugsFindsEverySimilarPair(t *testing.T) {
	words := []string{"north", "korea", "united", "states", "nations", "south", "china", "sea", "us", "eu", "trade", "policy", "energy", "security", "migration", "elections", "middle", "east", "iran", "iraq", "sahel", "arctic", "council"}
	const letters = "abcdeiklnorstuy0123456789-"
	rng := rand.New(rand.NewPCG(7, 11))
	seen := map[string]bool{}
	var slugs []string
	add := func(s string) {
		if slug := content.Slug(s); slug != "" && !seen[slug] {
			seen[slug] = true
			slugs = append(slugs, slug)
		}
	}
	for len(slugs) < 1500 {
		var parts []string
		for range 1 + rng.IntN(4) {
			w := words[rng.IntN(len(words))]
			if rng.IntN(4) == 0 {
				w = w[:1+rng.IntN(len(w))] // cut short
			}
			parts = append(parts, w)
		}
		if rng.IntN(5) == 0 {
			parts = append(parts, fmt.Sprint(2020+rng.IntN(8)))
		}
		var s []byte
		for i, p := range parts {
			if i > 0 && rng.IntN(4) > 0 { // else the words run together
				s = append(s, '-')
			}
			s = append(s, p...)
		}
		for k := rng.IntN(4); k > 0 && len(s) > 0; k-- { // slips
			i := rng.IntN(len(s))
			c := letters[rng.IntN(len(letters))]
			switch rng.IntN(3) {
			case 0:
				s[i] = c
			case 1:
				s = slices.Insert(s, i, c)
			default:
				s = slices.Delete(s, i, i+1)
			}
		}
		add(string(s))
		if i := rng.IntN(len(s) + 1); rng.IntN(8) == 0 && i > 0 && i < len(s) { // a hyphen more or less
			if s[i] == '-' {
				add(string(slices.Delete(s, i, i+1)))
			} else {
				add(string(slices.Insert(s, i, '-')))
			}
		}
	}
	// Edits before a piece move it by as many bytes as it may move: one
	// at 8 bytes, two at 12 (see nearSlugs).
	for _, s := range []string{"abcdefgh", "abxcdefgh", "abcdefghijkl", "abxycdefghijkl", "bcdefghijkl"} {
		add(s)
	}
	slices.Sort(slugs)
	near := newNearSlugs(slugs)
	var kinds [3]int // pairs by the rule that makes them similar: hyphens, slips, words
	for i, a := range slugs {
		found := map[int]bool{}
		near.candidates(a, func(j int) {
			if found[j] {
				t.Fatalf("%q: candidate %q given twice", a, slugs[j])
			}
			found[j] = true
		})
		for j, b := range slugs {
			if j != i && similar(a, b) {
				switch n := min(len(a), len(b)); {
				case strings.Count(a, "-") != strings.Count(b, "-"):
					kinds[0]++
				case n >= 6 && abs(len(a)-len(b)) <= max(1, n/6) && content.Distance(a, b) <= max(1, n/6):
					kinds[1]++
				default:
					kinds[2]++
				}
				if !found[j] {
					t.Errorf("%q and %q are similar, but the index does not give one for the other", a, b)
				}
			}
		}
	}
	t.Logf("similar pairs by hyphens, slips and words: %v among %d slugs", kinds, len(slugs))
	if min(kinds[0], kinds[1], kinds[2]) < 20 {
		t.Fatalf("similar pairs by hyphens, slips and words: %v among %d slugs; the test checks too little", kinds, len(slugs))
	}
}

// BenchmarkNearDuplicateTopics builds the model of 5,000 briefings, each
// with a topic of its own beside two of 60 shared ones: 5,060 topics,
// 5,000 of them used once.
func BenchmarkNearDuplicateTopics(b *testing.B) {
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/\n"), "")
	src := &content.Site{Config: cfg}
	for i := range 5000 {
		src.Briefings = append(src.Briefings, &content.Briefing{
			Source:  content.Source{File: fmt.Sprintf("content/world/b%05d.md", i)},
			Section: "world", Slug: fmt.Sprintf("b%05d", i), Title: "B",
			Date:   time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour),
			Topics: []string{fmt.Sprintf("Shared topic %d", i%60), fmt.Sprintf("Shared topic %d", (i*7)%60), fmt.Sprintf("Person number %d", i)},
		})
	}
	b.ResetTimer()
	for b.Loop() {
		New(src, Options{})
	}
}

// TestWithinEdits checks the banded count of edits against the full one,
// on short strings of few letters, where edits of every kind meet.
func TestWithinEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	word := func() string {
		b := make([]byte, rng.IntN(14))
		for i := range b {
			b[i] = "abc-"[rng.IntN(4)]
		}
		return string(b)
	}
	within := 0
	for range 200000 {
		a, b, k := word(), word(), rng.IntN(5)
		want := content.Distance(a, b) <= k
		if want {
			within++
		}
		if got := withinEdits(a, b, k); got != want {
			t.Fatalf("withinEdits(%q, %q, %d) = %v; Distance is %d", a, b, k, got, content.Distance(a, b))
		}
	}
	if within < 10000 {
		t.Fatalf("only %d pairs within reach: the test checks too little", within)
	}
	long := strings.Repeat("ab", 40)
	if !withinEdits(long, long[1:], 1) || withinEdits(long, long[2:]+"ba", 1) {
		t.Error("slugs of more than 64 bytes are not counted as Distance counts them")
	}
}

// TestAnalystWithoutProfile checks what the warning for an analyst with no
// profile suggests: the first profile of a near name, the file to rename
// when the name is a profile's, or a file to add.
func TestAnalystWithoutProfile(t *testing.T) {
	cfg, _ := content.ParseConfig([]byte("base_url: https://example.org/\n"), "")
	src := &content.Site{Config: cfg}
	for _, p := range [][2]string{{"anna-lee", "Anna Lee"}, {"anne-lee", "Anne Lee"}, {"bob", "Bob Roe"}, {"desk", "The Desk"}} {
		src.Analysts = append(src.Analysts, &content.Analyst{Source: content.Source{File: "content/analysts/" + p[0] + ".md"}, Slug: p[0], Name: p[1]})
	}
	b := &content.Briefing{Source: content.Source{File: "content/world/a.md"}, Section: "world", Slug: "a", Title: "A"}
	for i, name := range []string{"Ann Lee", "Bob Roe", "Zed Q", "Desk"} {
		b.Notes = append(b.Notes, &content.Note{Source: content.Source{File: fmt.Sprintf("content/world/a/notes/%d.md", i)}, Analyst: name, AnalystAt: content.Pos{Line: 2, Col: 1}})
	}
	src.Briefings = append(src.Briefings, b)
	_, probs := New(src, Options{})
	var got []string
	for _, p := range probs {
		if strings.Contains(p.Msg, "has no profile") {
			got = append(got, p.String())
		}
	}
	want := []string{
		`content/world/a/notes/0.md:2:1: warning: analyst "Ann Lee" has no profile; did you mean "Anna Lee" (content/analysts/anna-lee.md)? If not, add content/analysts/ann-lee.md with name and affiliation`,
		`content/world/a/notes/1.md:2:1: warning: analyst "Bob Roe" has no profile; content/analysts/bob.md is named "Bob Roe", but notes find a profile by its file's name, bob: write the analyst as "Bob", or rename the file bob-roe.md if every note says "Bob Roe"`,
		`content/world/a/notes/2.md:2:1: warning: analyst "Zed Q" has no profile; add content/analysts/zed-q.md with name and affiliation`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
