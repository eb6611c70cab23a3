package generator

import (
	"io"
	"os"
	"path/filepath"
	"slices"
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
	for _, bad := range []string{"world", "world/North Korea", "Santé/x", "topics/x", "Topics/x", "world/a/b", "world/page", "world/index"} {
		if _, err := NewBriefing(src, bad, now); err == nil {
			t.Errorf("NewBriefing(%q) succeeded; want an error", bad)
		}
	}
	// A section or briefing already there is found by its slug, however
	// spelt; a new one may have accents.
	writeFiles(t, src, map[string]string{"content/économie/crise-énergie.md": briefingFile("Crise", "2026-01-01", "Trade")})
	for _, c := range []struct{ target, want string }{
		{"World/x", "content/world/x.md"},
		{"economie/autre", "content/économie/autre.md"},
		{"économie/déjà", "content/économie/déjà.md"}, // typed in decomposed form
		{"santé/accès-aux-soins", "content/santé/accès-aux-soins.md"},
	} {
		file, err := NewBriefing(src, c.target, now)
		if want := filepath.Join(src, filepath.FromSlash(c.want)); err != nil || file != want {
			t.Errorf("NewBriefing(%q) = %s, %v; want %s", c.target, file, err, want)
		}
	}
	for _, target := range []string{"economie/crise-energie", "économie/crise-énergie"} {
		note, moved, err := NewNote(src, target, "East Asia Desk", now)
		if dir := filepath.Join(src, "content/économie/crise-énergie/notes"); err != nil || filepath.Dir(note) != dir || moved.Draft {
			t.Errorf("NewNote(%q) = %s, %+v, %v; want a note in %s, on a briefing that is no draft", target, note, moved, err, dir)
		}
	}
	// A note on the new draft says so (the command tells the writer it is
	// published with the briefing); one on a published briefing does not.
	if _, moved, err := NewNote(src, "world/new-story", "East Asia Desk", now); err != nil || !moved.Draft {
		t.Errorf("NewNote on a draft: moved %+v, %v; want Draft set", moved, err)
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
	if want := (Move{From: single, To: filepath.Join(src, "content/world/linker/index.md")}); moved.From != want.From || moved.To != want.To {
		t.Errorf("NewNote reports the briefing moved %+v; want %+v", moved, want)
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
	// A second note by the same analyst goes beside the first, which keeps
	// its file, its text and its anchor.
	later := now.Add(24 * time.Hour)
	second, moved, err := NewNote(src, "world/linker", "East Asia Desk", later)
	if err != nil {
		t.Fatalf("second NewNote for the same analyst: %v", err)
	}
	if want := filepath.Join(src, "content/world/linker/notes/east-asia-desk-2.md"); second != want || moved.From != "" {
		t.Errorf("second note written to %s (moved %+v); want %s, nothing moved", second, moved, want)
	}
	if again, _ := os.ReadFile(note); string(again) != string(noteText) {
		t.Errorf("the first note changed when the second was written:\n%s", again)
	}
	if text, _ := os.ReadFile(second); !strings.Contains(string(text), "date: 2026-11-26T09:30:00Z") {
		t.Errorf("second note lacks its date:\n%s", text)
	}
	if third, _, err := NewNote(src, "world/linker", "East Asia Desk", later); err != nil || filepath.Base(third) != "east-asia-desk-3.md" {
		t.Errorf("third NewNote: %s, %v; want east-asia-desk-3.md", third, err)
	}
	if _, _, err := NewNote(src, "world/missing", "East Asia Desk", now); err == nil {
		t.Errorf("NewNote on a missing briefing succeeded")
	}
	out := mustBuild(t, Config{Source: src})
	page, _ := os.ReadFile(filepath.Join(out, "world/linker/index.html"))
	if !strings.Contains(string(page), `href="/desk/world/other/"`) || !strings.Contains(string(page), "The assessment") {
		t.Errorf("the bundle's page lacks its rewritten link or its note")
	}
	for _, id := range []string{`id="note-east-asia-desk"`, `id="note-east-asia-desk-2"`, `id="note-east-asia-desk-3"`} {
		if !strings.Contains(string(page), id) {
			t.Errorf("the bundle's page lacks %s: three notes by one analyst", id)
		}
	}
}

// movedBody is the body of a single-file briefing with every way of
// writing a link to another markdown file, and the same text in code,
// which must not change.
const movedBody = `Inline [a](a.md) and [e](../economy/e.md#anchor) and [t](a.md "Title") and [ang](<a.md>).

Reference [ref][r] and [ref2].

[r]: a.md
[ref2]: ../economy/e.md 'x'

Code ` + "`[a](a.md)`" + ` inline.

~~~
[a](a.md) in a fence
~~~

    [a](a.md) indented code

Self [s](#sec) [selfmd](src.md#sec) [abs](/world/a/) [esc](a\.md) [up](../world/a.md)

Another bundle's file: [map](bund/map.png) and ![map](./bund/map.png).

> Quoted [q](
> a.md) over two lines.

## Sec
`

// TestNewNoteMovesLinks turns a single-file briefing with links of every
// form into a bundle: brief check finds no error before or after, exactly
// the link destinations changed, and code samples are as they were.
func TestNewNoteMovesLinks(t *testing.T) {
	front := "---\ntitle: \"Src\"\nsummary: \"s\"\ndate: 2026-01-01\ntopics: [Trade]\n---\n"
	src := writeSite(t, map[string]string{
		"site.yaml":                   "base_url: https://org.github.io/briefings/\n",
		"content/world/a.md":          "---\ntitle: \"A\"\nsummary: \"a\"\ndate: 2026-01-01\ntopics: [Trade]\n---\nBody a.\n",
		"content/economy/e.md":        "---\ntitle: \"E\"\nsummary: \"e\"\ndate: 2026-01-01\ntopics: [Trade]\n---\n## Anchor\n",
		"content/world/src.md":        front + movedBody,
		"content/world/bund/index.md": "---\ntitle: \"Bund\"\nsummary: \"b\"\ndate: 2026-01-01\ntopics: [Trade]\n---\nBody.\n",
		"content/world/bund/map.png":  pngFile(t, 4, 3),
		"content/world/y.md":          "---\ntitle: \"Y\"\nsummary: \"y\"\ndate: 2026-01-01\ntopics: [Trade]\n---\nSee [src](src.md), [again](./src.md#sec) and `[code](src.md)`.\n",
		"content/economy/z/index.md":  "---\ntitle: \"Z\"\nsummary: \"z\"\ndate: 2026-01-01\ntopics: [Trade]\n---\n[src]: ../../world/src.md\n\nSee [src] and [a](../../world/a.md).\n",
		"content/analysts/ann-lee.md": "---\nname: \"Ann Lee\"\naffiliation: \"Desk\"\n---\nBio.\n",
	})
	if got, _ := checkSite(t, src); got != "" {
		t.Fatalf("before the move, brief check printed:\n%s", got)
	}
	_, move, err := NewNote(src, "world/src", "Ann Lee", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	// The other files' links to the briefing name its new file, and
	// nothing else in them changed.
	if want := []string{filepath.Join(src, "content/economy/z/index.md"), filepath.Join(src, "content/world/y.md")}; !slices.Equal(move.Relinked, want) {
		t.Errorf("NewNote changed the links of %q; want %q", move.Relinked, want)
	}
	y, _ := os.ReadFile(filepath.Join(src, "content/world/y.md"))
	if want := "See [src](src/index.md), [again](./src/index.md#sec) and `[code](src.md)`.\n"; !strings.HasSuffix(string(y), want) {
		t.Errorf("y.md is:\n%s\nwant it to end:\n%s", y, want)
	}
	z, _ := os.ReadFile(filepath.Join(src, "content/economy/z/index.md"))
	if want := "[src]: ../../world/src/index.md\n\nSee [src] and [a](../../world/a.md).\n"; !strings.HasSuffix(string(z), want) {
		t.Errorf("z/index.md is:\n%s\nwant it to end:\n%s", z, want)
	}
	// Only the note brief new wrote is to be finished.
	got, _ := checkSite(t, src)
	if want := "content/world/src/notes/ann-lee.md:8:1: warning: this is the text brief new wrote for you to replace; write the note here, and it is published as it is whenever its briefing is\n"; got != want {
		t.Errorf("after the move, brief check printed:\n%s\nwant:\n%s", got, want)
	}
	moved, _ := os.ReadFile(filepath.Join(src, "content/world/src/index.md"))
	want := front + strings.NewReplacer(
		"[a](a.md) and", "[a](../a.md) and",
		"(../economy/e.md#", "(../../economy/e.md#",
		`[t](a.md "Title")`, `[t](../a.md "Title")`,
		"(<a.md>)", "(<../a.md>)",
		"[r]: a.md", "[r]: ../a.md",
		"[ref2]: ../economy", "[ref2]: ../../economy",
		"(src.md#sec)", "(index.md#sec)",
		`(a\.md)`, `(../a\.md)`,
		"(../world/a.md)", "(../../world/a.md)",
		"> a.md)", "> ../a.md)",
		"(bund/map.png)", "(../bund/map.png)",
		"(./bund/map.png)", "(.././bund/map.png)",
	).Replace(movedBody)
	if string(moved) != want {
		t.Errorf("the moved briefing is:\n%s\nwant:\n%s", moved, want)
	}
}

// TestNewNoteMovesFrontMatterLinks: the links of takeaways and
// corrections, which the build resolves as the body's, move with them,
// in the moved briefing and in the others. A text whose bytes are not its
// value (an escape, a folded block) is left as it is and named in
// Move.Left, at its line.
func TestNewNoteMovesFrontMatterLinks(t *testing.T) {
	front := func(title, extra string) string {
		return "---\ntitle: \"" + title + "\"\nsummary: \"s\"\ndate: 2026-01-01\ntopics: [Trade]\n" + extra + "---\n## Sec\n"
	}
	src := writeSite(t, map[string]string{
		"site.yaml":          "base_url: https://org.github.io/briefings/\n",
		"content/world/a.md": front("A", ""),
		"content/world/src.md": front("Src", "takeaways:\n  - \"See [a](a.md) and [me](src.md#sec).\"\n  - Plain [a](a.md#sec), as it is.\n"+
			"  - \"Escaped [a](a.md)\\u0021\"\ncorrections:\n  - date: 2026-01-02\n    text: >\n      Folded [a](a.md)\n      over two lines.\n"),
		"content/world/y.md": front("Y", "takeaways: [\"[src](src.md#sec)\", 'It''s [src](src.md).']\n"),
	})
	if got, _ := checkSite(t, src); got != "" {
		t.Fatalf("before the move, brief check printed:\n%s", got)
	}
	_, move, err := NewNote(src, "world/src", "Ann Lee", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(src, "content/world/src/index.md")
	y := filepath.Join(src, "content/world/y.md")
	if want := []string{moved + ":9", moved + ":12", y + ":6"}; !slices.Equal(move.Left, want) {
		t.Errorf("Move.Left = %q; want %q", move.Left, want)
	}
	got, _ := os.ReadFile(moved)
	if want := "  - \"See [a](../a.md) and [me](index.md#sec).\"\n  - Plain [a](../a.md#sec), as it is.\n  - \"Escaped [a](a.md)\\u0021\"\n"; !strings.Contains(string(got), want) {
		t.Errorf("the moved briefing is:\n%s\nwant it to hold:\n%s", got, want)
	}
	if got, _ := os.ReadFile(y); !strings.Contains(string(got), "takeaways: [\"[src](src/index.md#sec)\", 'It''s [src](src.md).']\n") {
		t.Errorf("y.md is:\n%s", got)
	}
	// Once the writer mends the lines named, the site builds as before.
	for file, r := range map[string]*strings.Replacer{
		moved: strings.NewReplacer("Escaped [a](a.md)", "Escaped [a](../a.md)", "Folded [a](a.md)", "Folded [a](../a.md)"),
		y:     strings.NewReplacer("[src](src.md)", "[src](src/index.md)"),
	} {
		b, _ := os.ReadFile(file)
		os.WriteFile(file, []byte(r.Replace(string(b))), 0o644)
	}
	if got, _ := checkSite(t, src); strings.Count(got, "\n") != 2 || strings.Count(got, "warning: ") != 2 {
		t.Errorf("after the move, brief check printed:\n%s\nwant only the new note's two warnings", got)
	}
}

// TestNewNoteOnIndexMD gives a note to a single-file briefing named
// index.md, which the build publishes at /world/index/ like any other: it
// moves to index/index.md, as world/x.md would to x/index.md. It was left
// where it was, as if already a bundle, and the note was outside one.
func TestNewNoteOnIndexMD(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":              testSiteYAML,
		"content/world/index.md": briefingFile("Index", "2026-01-02", "Trade") + "\nSee [myself](index.md).\n",
	})
	note, moved, err := NewNote(src, "world/index", "Ann Lee", time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(src, "content/world/index")
	if want := (Move{From: filepath.Join(src, "content/world/index.md"), To: filepath.Join(bundle, "index.md")}); moved.From != want.From || moved.To != want.To {
		t.Errorf("NewNote reports the briefing moved %+v; want %+v", moved, want)
	}
	if want := filepath.Join(bundle, "notes/ann-lee.md"); note != want {
		t.Errorf("note written to %s; want %s", note, want)
	}
	if got, _ := checkSite(t, src); !strings.Contains(got, "has no profile; add content/analysts/ann-lee.md with name and affiliation\n") ||
		!strings.HasSuffix(got, "ann-lee.md:8:1: warning: this is the text brief new wrote for you to replace; write the note here, and it is published as it is whenever its briefing is\n") || strings.Count(got, "\n") != 2 {
		t.Errorf("after the move, brief check printed:\n%s", got)
	}
}

// TestRelinkRefuses leaves a briefing where it is when a link to itself
// has an anchor written with escapes, and when its front matter is never
// closed, rather than guess.
func TestRelinkRefuses(t *testing.T) {
	for _, text := range []string{
		"---\ntitle: x\n---\n[s](x.md#a\\_b)\n",
		"---\ntitle: x\n\n[a](a.md)\n",
	} {
		if got, _, err := relink([]byte(text), "content/world/x.md"); err == nil {
			t.Errorf("relink(%q) = %q; want an error", text, got)
		}
	}
}

// TestNewLayout: brief new layout writes a copy of one of the theme's
// files into layouts/, to start a change from: the theme is in the
// binary, and a site had no way to it but brief's source. The copy
// builds as the theme does; a second one is refused, as is a name the
// theme does not have.
func TestNewLayout(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":              testSiteYAML,
		"content/world/other.md": briefingFile("Other", "2026-01-01", "Trade"),
	})
	plain := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
	file, err := NewLayout(src, "partials.html")
	if err != nil {
		t.Fatal(err)
	}
	if file != filepath.Join(src, "layouts", "partials.html") {
		t.Errorf("NewLayout wrote %s", file)
	}
	got, _ := os.ReadFile(file)
	want, _ := os.ReadFile(filepath.Join("layout", "theme", "partials.html"))
	if string(got) != string(want) || len(want) == 0 {
		t.Errorf("layouts/partials.html is not the theme's:\n%s", got)
	}
	if d := diffTrees(plain, readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))); len(d) > 0 {
		t.Errorf("with the copy, the site differs:\n%s", strings.Join(d, "\n"))
	}
	if _, err := NewLayout(src, "partials.html"); err == nil || !strings.Contains(err.Error(), "never overwrites") {
		t.Errorf("second NewLayout: %v; want a refusal to overwrite", err)
	}
	if _, err := NewLayout(src, "brefing.html"); err == nil || err.Error() != `the theme has no file "brefing.html"; did you mean briefing.html?` {
		t.Errorf("NewLayout(brefing.html): %v; want the name it likely meant", err)
	}
	if _, err := NewLayout(src, "footer.html"); err == nil || !strings.Contains(err.Error(), `the theme has no file "footer.html"; its files are 404.html, analyst.html`) {
		t.Errorf("NewLayout(footer.html): %v; want the theme's files", err)
	}
	// extra.css is no file of the theme's, but the README's way to add
	// rules: it was refused. Written with only a comment, the site's
	// pages stay as they were.
	if file, err := NewLayout(src, "extra.css"); err != nil || file != filepath.Join(src, "layouts", "extra.css") {
		t.Errorf("NewLayout(extra.css) = %s, %v; want layouts/extra.css", file, err)
	}
	mustBuild(t, Config{Source: src})
}

// TestNewNoteAffiliation takes a note's affiliation from the analyst's
// profile as the build reads it: YAML's quoting and comments are not part
// of the value, and a line of the profile's body is no key.
func TestNewNoteAffiliation(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":                    "base_url: https://org.github.io/briefings/\n",
		"content/world/x/index.md":     "---\ntitle: \"X\"\nsummary: \"x\"\ndate: 2026-01-01\ntopics: [Trade]\n---\nBody.\n",
		"content/analysts/kim-lee.md":  "---\nname: Kim Lee\naffiliation: 'O''Neill Institute'   # since 2020\n---\nBio.\n",
		"content/analysts/raj-oh.md":   "---\nname: Raj Oh\naffiliation: Policy Lab # joined 2021\n---\nBio.\n",
		"content/analysts/mo-z.md":     "---\nname: Mo Z\n---\nMo's bio.\naffiliation: none, freelance\n",
		"content/analysts/bad-yaml.md": "---\nname: [Bad\naffiliation: Lost\n---\n",
	})
	now := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	for analyst, want := range map[string]string{
		"Kim Lee":  `affiliation: "O'Neill Institute"`,
		"raj  OH":  `affiliation: "Policy Lab"`, // written as the profile spells the name
		"Raj Oh":   `affiliation: "Policy Lab"`,
		"Mo Z":     `affiliation: ""`,
		"Bad YAML": `affiliation: ""`,
		"No One":   `affiliation: ""`,
	} {
		note, _, err := NewNote(src, "world/x", analyst, now)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := os.ReadFile(note)
		if !strings.Contains(string(text), "\n"+want+"\n") {
			t.Errorf("the note by %s has no line %s:\n%s", analyst, want, text)
		}
		if analyst == "raj  OH" && !strings.Contains(string(text), `analyst: "Raj Oh"`) {
			t.Errorf("the note by %q does not spell the name as its profile does, Raj Oh:\n%s", analyst, text)
		}
	}
}

// TestPlaceholdersWarned publishes the briefing brief new wrote without
// writing it: its summary and lede are warned of, at their lines. As a
// draft, being written, it is not.
func TestPlaceholdersWarned(t *testing.T) {
	src := writeSite(t, map[string]string{"site.yaml": testSiteYAML})
	file, err := NewBriefing(src, "world/unwritten", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := checkSite(t, src); strings.Contains(got, "brief new wrote") {
		t.Errorf("brief check warned of a draft's placeholders:\n%s", got)
	}
	text, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(text), "draft: true", "draft: false", 1)), 0o644)
	got, _ := checkSite(t, src)
	for _, want := range []string{
		"content/world/unwritten.md:3:10: warning: the summary is still the one brief new wrote for you to replace\n",
		"content/world/unwritten.md:18:1: warning: this is the text brief new wrote for you to replace; write the briefing here, and it is published as it is until then\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("brief check printed:\n%s\nwant a line:\n%s", got, want)
		}
	}
}

// TestNewNoteKeepsAnchors: a second note by an analyst, dated now, would
// be shown before a first note of theirs that has no date (undated notes
// go last) or a later one, and take its anchor #note-<analyst>: brief new
// note refuses, and says which note to date. Another analyst's undated
// note does not matter. And a note whose folder cannot be made leaves a
// single-file briefing where it was: it was moved into a bundle, and its
// links rewritten, before the note failed.
func TestNewNoteKeepsAnchors(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	for _, tt := range []struct{ name, first, want string }{
		{"undated", "---\nanalyst: \"Ann Lee\"\n---\nFirst.\n", "ann-lee.md, a note by Ann Lee there, has no `date`, so a new note, dated now, would be shown before it and take its anchor #note-ann-lee"},
		{"dated after now", "---\nanalyst: \"Ann Lee\"\ndate: 2026-12-01\n---\nFirst.\n", "is dated 2026-12-01T00:00:00Z, after now"},
		{"dated before now", "---\nanalyst: \"Ann Lee\"\ndate: 2026-11-01\n---\nFirst.\n", ""},
		// The undated note is her second there, after a dated one: its
		// anchor is #note-ann-lee-2, which the message named without -2.
		{"undated second", "---\nanalyst: \"Ann Lee\"\n---\nSecond.\n", "ann-lee.md, a note by Ann Lee there, has no `date`, so a new note, dated now, would be shown before it and take its anchor #note-ann-lee-2;"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"site.yaml":                        testSiteYAML,
				"content/world/a/index.md":         briefingFile("A", "2026-01-01", "Trade"),
				"content/world/a/notes/ann-lee.md": tt.first,
				"content/world/a/notes/bob.md":     "---\nanalyst: \"Bob\"\n---\nUndated, by another.\n",
			}
			if tt.name == "undated second" {
				files["content/world/a/notes/ann-lee-early.md"] = "---\nanalyst: \"Ann Lee\"\ndate: 2026-01-02\n---\nFirst.\n"
			}
			src := writeSite(t, files)
			file, _, err := NewNote(src, "world/a", "Ann Lee", now)
			switch {
			case tt.want == "" && err != nil:
				t.Fatal(err)
			case tt.want == "":
				if filepath.Base(file) != "ann-lee-2.md" {
					t.Errorf("the second note is %s; want ann-lee-2.md", file)
				}
			case err == nil || !strings.Contains(err.Error(), tt.want):
				t.Errorf("NewNote: %v; want an error saying %q", err, tt.want)
			default:
				if _, err := os.Stat(filepath.Join(src, "content/world/a/notes/ann-lee-2.md")); !os.IsNotExist(err) {
					t.Errorf("the refused note was written")
				}
			}
		})
	}

	src := writeSite(t, map[string]string{
		"site.yaml":             testSiteYAML,
		"content/world/a.md":    briefingFile("A", "2026-01-01", "Trade") + "\nSee [b](b.md).\n",
		"content/world/b.md":    briefingFile("B", "2026-01-02", "Trade") + "\nSee [a](a.md).\n",
		"content/world/a/notes": "a file where the notes folder goes\n",
	})
	before := readTree(t, src)
	if _, _, err := NewNote(src, "world/a", "Ann Lee", now); err == nil || !strings.Contains(err.Error(), "is a file, where the note's folder goes") {
		t.Errorf("NewNote with notes/ a file: %v; want an error saying so", err)
	}
	if d := diffTrees(before, readTree(t, src)); len(d) > 0 {
		t.Errorf("the refused note changed the site:\n%s", strings.Join(d, "\n"))
	}
}

// TestNewFindsURLsByFrontMatter: brief new finds a briefing by its URL
// when a `slug` in its front matter, not its file's name, gives it that
// URL: a note goes to it, and a new briefing there is refused; a new
// section is refused at a plain page's URL. brief new said there was no
// such briefing, then made one whose URL clashed, as did the section.
func TestNewFindsURLsByFrontMatter(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	src := writeSite(t, map[string]string{
		"site.yaml":                  testSiteYAML,
		"content/world/long-name.md": strings.Replace(briefingFile("Long", "2026-01-02", "Trade"), "---\n\n", "slug: short\n---\n\n", 1),
		"content/about.md":           "---\ntitle: \"About\"\n---\nWho we are.\n",
	})
	if _, err := NewBriefing(src, "world/short", now); err == nil || !strings.Contains(err.Error(), "long-name.md already has the URL of world/short/, by its `slug`") {
		t.Errorf("NewBriefing at the URL a slug gives: %v; want a refusal naming long-name.md", err)
	}
	if _, err := NewBriefing(src, "about/team", now); err == nil || !strings.Contains(err.Error(), "a new section about would have the URL about/, which the plain page") {
		t.Errorf("NewBriefing in a section at a plain page's URL: %v; want a refusal", err)
	}
	note, moved, err := NewNote(src, "world/short", "Ann Lee", now)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(src, "content/world/long-name/notes/ann-lee.md"); note != want || moved.To != filepath.Join(src, "content/world/long-name/index.md") {
		t.Errorf("the note is %s, the briefing moved to %s; want %s beside long-name/index.md", note, moved.To, want)
	}
	if _, err := Build(Config{Source: src, Out: filepath.Join(t.TempDir(), "p"), Log: io.Discard}); err != nil {
		t.Errorf("the site after brief new: %v", err)
	}
}

// TestNewNoteTrimsTheName: blanks around an analyst's name, from the
// shell, are not written into the note, where the build warned of
// "  Ann  " and "Ann" as two spellings of one analyst.
func TestNewNoteTrimsTheName(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":                testSiteYAML,
		"content/world/a/index.md": briefingFile("A", "2026-01-01", "Trade"),
	})
	file, _, err := NewNote(src, "world/a", "  Ann Lee  ", time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if text, _ := os.ReadFile(file); !strings.Contains(string(text), "analyst: \"Ann Lee\"") {
		t.Errorf("the note says:\n%s\nwant analyst: \"Ann Lee\"", text)
	}
}

// TestNewBriefingBuildsAsMade: what brief new writes builds as it is for
// a slug up to the longest brief takes, whose title makes the topic too,
// and is dated in the site's time zone; a longer slug is refused with
// its length, not the system's "file name too long".
func TestNewBriefingBuildsAsMade(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":              "title: T\nbase_url: https://org.github.io/b/\ntimezone: Asia/Tokyo\n",
		"content/world/other.md": briefingFile("Other", "2026-01-01", "Trade"),
	})
	now := time.Date(2026, 11, 29, 20, 10, 0, 0, time.UTC) // 30 November in Tokyo
	long := strings.Repeat("y", 200)
	words := strings.TrimSuffix(strings.Repeat("talks-", 33), "-") // 197 bytes
	for _, slug := range []string{long, words} {
		file, err := NewBriefing(src, "world/"+slug, now)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := os.ReadFile(file)
		if !strings.Contains(string(text), "date: 2026-11-30T05:10:00+09:00\n") || !strings.Contains(string(text), "# updated: 2026-11-30 ") {
			t.Errorf("%s is not dated in the site's zone:\n%s", slug, text)
		}
	}
	var log strings.Builder
	if _, err := Build(Config{Source: src, Out: filepath.Join(t.TempDir(), "p"), Drafts: true, Log: &log}); err != nil {
		t.Fatalf("build with the new drafts: %v", err)
	}
	if strings.Contains(log.String(), "topic") {
		t.Errorf("the new drafts' topics were warned of:\n%s", log.String())
	}
	_, err := NewBriefing(src, "world/"+long+"y", now)
	if err == nil || !strings.Contains(err.Error(), "is 201 bytes long, more than the 200 brief takes") {
		t.Errorf("NewBriefing of a 201-byte slug: %v; want its length refused", err)
	}
	note, _, err := NewNote(src, "world/other", "Ana Lee", now)
	if err != nil {
		t.Fatal(err)
	}
	if text, _ := os.ReadFile(note); !strings.Contains(string(text), "date: 2026-11-30T05:10:00+09:00\n") {
		t.Errorf("the note is not dated in the site's zone:\n%s", text)
	}
}

func TestFirstWords(t *testing.T) {
	for _, c := range []struct {
		s    string
		max  int
		want string
	}{
		{"Short title", 40, "Short title"},
		{"Talks resume in the capital after a long pause", 20, "Talks resume in the"},
		{"Talks  resume", 7, "Talks"},
		{strings.Repeat("y", 50), 40, strings.Repeat("y", 40)},
		{strings.Repeat("経", 20), 40, strings.Repeat("経", 13)},
	} {
		if got := firstWords(c.s, c.max); got != c.want {
			t.Errorf("firstWords(%q, %d) = %q, want %q", c.s, c.max, got, c.want)
		}
	}
}
