package generator

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// evolvingSite is a site on disk and a model of it that edits keep in step.
type evolvingSite struct {
	t         *testing.T
	dir       string
	rng       *rand.Rand
	briefings []*evolvingBriefing
	serial    int
	broken    func() string     // undoes the current broken save
	layout    int               // edits made to layouts/briefing.html
	blind     *Builder          // builds knowing nothing of what changed
	told      *Builder          // builds told the paths touched since its last build
	touched   []string          // paths written, removed or renamed since the last build
	preview   map[string][]byte // what told.Preview gave before the last build
	previews  int               // builds Preview applied to
	warmOut   string            // output of builds to disk with a build cache
	cache     string            // their cache folder
	warm      int               // builds to disk that rendered fewer pages than the site has
	warmStats Stats             // of the last build to disk with a build cache
}

type evolvingBriefing struct {
	section, slug string
	bundle        bool
	title         string
	date          string
	topics        []string
	body          string
	draft         bool
	slugKey       string            // the `slug:` override, if any
	linkTo        *evolvingBriefing // a briefing the body links to, by its file
	notes         map[string]string // file name → body
}

var (
	incSections = []string{"world", "economy", "climate"}
	incTopics   = []string{"Shipping", "Food", "Energy", "Sanctions", "North Korea", "Côte d'Ivoire", "shipping"}
	incAnalysts = []string{"Harbour Desk", "Lena Ortiz", "Tomasz Wrona", "Ama Mensah"}
	incWords    = strings.Fields("ports grain ferries tariffs drought cables talks quota convoy corridor reserves pipeline ballots strait")
)

func newEvolvingSite(t *testing.T, seed uint64) *evolvingSite {
	s := &evolvingSite{t: t, dir: t.TempDir(), rng: rand.New(rand.NewPCG(seed, 2026))}
	s.write("site.yaml", "title: Evolving Desk\nbase_url: https://x.github.io/briefings/\npaginate: 3\nfeed_content: full\n")
	s.write("content/about.md", "---\ntitle: About\nsummary: Who we are.\n---\n\nWe write briefings.\n")
	s.write("content/world/_index.md", "---\ntitle: World\nsummary: Everywhere.\n---\n\nThe world section.\n")
	s.write("content/analysts/harbour-desk.md", "---\nname: Harbour Desk\naffiliation: Evolving Desk\n---\n\nPorts and ships.\n")
	s.write("content/topics/shipping.md", "---\ntitle: Shipping\n---\n\nShips and the sea.\n")
	s.write("static/robots-note.txt", "static file\n")
	for range 12 {
		s.add()
	}
	return s
}

func (s *evolvingSite) write(rel, text string) {
	s.t.Helper()
	s.touched = append(s.touched, rel)
	p := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func (s *evolvingSite) remove(rel string) {
	s.t.Helper()
	s.touched = append(s.touched, rel)
	if err := os.RemoveAll(filepath.Join(s.dir, filepath.FromSlash(rel))); err != nil {
		s.t.Fatal(err)
	}
}

func (s *evolvingSite) words(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = incWords[s.rng.IntN(len(incWords))]
	}
	return strings.Join(w, " ")
}

func (s *evolvingSite) pick() *evolvingBriefing { return s.briefings[s.rng.IntN(len(s.briefings))] }

// file is the briefing's markdown file.
func (b *evolvingBriefing) file() string {
	if b.bundle {
		return "content/" + b.section + "/" + b.slug + "/index.md"
	}
	return "content/" + b.section + "/" + b.slug + ".md"
}

func (b *evolvingBriefing) text() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "---\ntitle: %q\nsummary: %q\ndate: %s\ntopics: [%s]\n", b.title, "About "+b.title+".", b.date, strings.Join(b.topics, ", "))
	if b.draft {
		sb.WriteString("draft: true\n")
	}
	if b.slugKey != "" {
		sb.WriteString("slug: " + b.slugKey + "\n")
	}
	sb.WriteString("---\n\n" + b.body)
	if b.linkTo != nil {
		rel, err := filepath.Rel(path.Dir(b.file()), b.linkTo.file())
		if err != nil {
			panic(err)
		}
		sb.WriteString("\nSee also [the other story](" + filepath.ToSlash(rel) + ").\n")
	}
	return sb.String()
}

func (b *evolvingBriefing) noteNames() []string {
	return slices.Sorted(maps.Keys(b.notes))
}

func (s *evolvingSite) save(b *evolvingBriefing) { s.write(b.file(), b.text()) }

func (s *evolvingSite) randomTopics() []string {
	n := 1 + s.rng.IntN(2)
	var out []string
	for len(out) < n {
		if tp := incTopics[s.rng.IntN(len(incTopics))]; !slices.Contains(out, tp) {
			out = append(out, tp)
		}
	}
	return out
}

func (s *evolvingSite) randomDate() string {
	d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, s.rng.IntN(60))
	if s.rng.IntN(3) == 0 {
		return d.Add(time.Duration(s.rng.IntN(24)) * time.Hour).Format(time.RFC3339)
	}
	return d.Format("2006-01-02") // some share a date: ordered by URL
}

func (s *evolvingSite) randomBody() string {
	body := fmt.Sprintf("The %s story, part %d.\n\n## Background\n\n- %s\n- %s\n", s.words(2), s.rng.IntN(9), s.words(3), s.words(3))
	if s.rng.IntN(3) == 0 {
		body += "\n```go\nfmt.Println(\"" + s.words(1) + "\")\n```\n"
	}
	return body
}

// add creates a briefing, a bundle with notes two times in three.
func (s *evolvingSite) add() string {
	s.serial++
	b := &evolvingBriefing{
		section: incSections[s.rng.IntN(len(incSections))],
		slug:    fmt.Sprintf("story-%d", s.serial),
		bundle:  s.rng.IntN(3) > 0,
		title:   strings.ToUpper(s.words(1)[:1]) + s.words(3)[1:],
		date:    s.randomDate(),
		topics:  s.randomTopics(),
		body:    s.randomBody(),
		notes:   map[string]string{},
	}
	if len(s.briefings) > 0 && s.rng.IntN(3) == 0 {
		if to := s.pick(); !to.draft {
			b.linkTo = to
		}
	}
	s.briefings = append(s.briefings, b)
	s.save(b)
	if b.bundle {
		for range s.rng.IntN(3) {
			s.addNote(b)
		}
		if s.rng.IntN(3) == 0 {
			s.writeChart(b)
		}
	}
	return b.file()
}

func (s *evolvingSite) addNote(b *evolvingBriefing) string {
	s.serial++
	analyst := incAnalysts[s.rng.IntN(len(incAnalysts))]
	name := fmt.Sprintf("note-%d.md", s.serial)
	// A heading and a footnote, whose ids begin with the note's path:
	// when a rename moves the note, its bytes are the same and its ids not.
	b.notes[name] = fmt.Sprintf("---\nanalyst: %q\ndate: %s\n---\n\nWatch the %d %s[^1].\n\n## Context\n\n[^1]: A source.\n", analyst, b.date[:10], s.rng.IntN(10), s.words(1))
	rel := "content/" + b.section + "/" + b.slug + "/notes/" + name
	s.write(rel, b.notes[name])
	return rel
}

func (s *evolvingSite) bundles() []*evolvingBriefing {
	var out []*evolvingBriefing
	for _, b := range s.briefings {
		if b.bundle {
			out = append(out, b)
		}
	}
	return out
}

// step makes one random edit and describes it; its first word names its kind.
func (s *evolvingSite) step() string {
	if s.broken != nil {
		fix := s.broken
		s.broken = nil
		return fix()
	}
	switch r := s.rng.IntN(100); {
	case r < 15:
		return s.editNote()
	case r < 25:
		b := s.pick()
		b.body = s.randomBody()
		s.save(b)
		return "body " + b.file()
	case r < 33:
		b := s.pick()
		b.topics = s.randomTopics()
		s.save(b)
		return "topics " + b.file() + ": " + strings.Join(b.topics, ", ")
	case r < 40:
		b := s.pick()
		b.title = "Now " + s.words(2)
		s.save(b)
		return "title " + b.file()
	case r < 48:
		b := s.pick()
		b.date = s.randomDate()
		s.save(b)
		return "date " + b.file() + ": " + b.date
	case r < 55:
		return "add " + s.add()
	case r < 61:
		return s.delete()
	case r < 66:
		return s.rename()
	case r < 70:
		b := s.pick()
		b.draft = !b.draft
		s.save(b)
		if b.draft {
			s.unlink(b) // a published page may not link to a draft
		}
		return fmt.Sprintf("draft %s: %v", b.file(), b.draft)
	case r < 74:
		return s.editLayout()
	case r < 77:
		return s.editProfile()
	case r < 80:
		return s.editStatic()
	case r < 82:
		feeds := []string{"summary", "full"}[s.rng.IntN(2)]
		s.write("site.yaml", fmt.Sprintf("title: Evolving Desk %d\nbase_url: https://x.github.io/briefings/\npaginate: %d\nfeed_content: %s\n", s.serial, 2+s.rng.IntN(3), feeds))
		return "site.yaml"
	case r < 85:
		return s.resave()
	case r < 87:
		return s.link()
	case r < 90:
		return s.reslug()
	default:
		return s.breakSomething()
	}
}

// resave saves a note twice within one tick of a coarse file system clock:
// the Builder builds in between, and the second save has the size and
// modification time of the first. Only the bytes differ.
func (s *evolvingSite) resave() string {
	what := s.editNote()
	if !strings.HasSuffix(what, "(same size)") {
		return what
	}
	rel := strings.Fields(what)[1]
	p := filepath.Join(s.dir, filepath.FromSlash(rel))
	fi, err := os.Stat(p)
	if err != nil {
		s.t.Fatal(err)
	}
	s.build() // whatever it gives, the next check compares
	name := filepath.Base(rel)
	for _, b := range s.bundles() {
		if old, ok := b.notes[name]; ok {
			i := strings.Index(old, "Watch the ") + len("Watch the ")
			b.notes[name] = old[:i] + string('0'+(old[i]-'0'+5)%10) + old[i+1:]
			s.write(rel, b.notes[name])
		}
	}
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		s.t.Fatal(err)
	}
	return "resave " + rel + " (same size and time)"
}

// editNote changes a note, half the time to a body of the same size, the
// change a cache keyed by size and modification time would miss.
func (s *evolvingSite) editNote() string {
	bs := s.bundles()
	for _, b := range bs {
		if len(b.notes) == 0 {
			continue
		}
		if s.rng.IntN(2) == 0 {
			continue
		}
		names := b.noteNames()
		name := names[s.rng.IntN(len(names))]
		rel := "content/" + b.section + "/" + b.slug + "/notes/" + name
		old := b.notes[name]
		i := strings.Index(old, "Watch the ") + len("Watch the ")
		digit := byte('0' + (int(old[i]-'0')+1+s.rng.IntN(8))%10)
		b.notes[name] = old[:i] + string(digit) + old[i+1:]
		s.write(rel, b.notes[name])
		return "note " + rel + " (same size)"
	}
	if len(bs) == 0 {
		return "add " + s.add()
	}
	return "note " + s.addNote(bs[s.rng.IntN(len(bs))]) + " (new)"
}

func (s *evolvingSite) delete() string {
	if len(s.briefings) < 4 {
		return "add " + s.add()
	}
	i := s.rng.IntN(len(s.briefings))
	b := s.briefings[i]
	if b.bundle && len(b.notes) > 0 && s.rng.IntN(2) == 0 {
		names := b.noteNames()
		name := names[s.rng.IntN(len(names))]
		delete(b.notes, name)
		rel := "content/" + b.section + "/" + b.slug + "/notes/" + name
		s.remove(rel)
		return "delete " + rel
	}
	s.briefings = slices.Delete(s.briefings, i, i+1)
	s.unlink(b)
	if b.bundle {
		s.remove("content/" + b.section + "/" + b.slug)
		return "delete content/" + b.section + "/" + b.slug + "/"
	}
	s.remove(b.file())
	return "delete " + b.file()
}

// move renames a file or folder; a name starting with "." is outside what
// brief reads, as a watcher would not report it.
func (s *evolvingSite) move(from, to string) {
	s.t.Helper()
	for _, p := range []string{from, to} {
		if !strings.HasPrefix(p, ".") {
			s.touched = append(s.touched, p)
		}
	}
	if err := os.Rename(filepath.Join(s.dir, from), filepath.Join(s.dir, to)); err != nil {
		s.t.Fatal(err)
	}
}

// rename moves a bundle folder, as a writer renaming a slug does.
func (s *evolvingSite) rename() string {
	bs := s.bundles()
	if len(bs) == 0 {
		return "add " + s.add()
	}
	b := bs[s.rng.IntN(len(bs))]
	s.serial++
	from := "content/" + b.section + "/" + b.slug
	b.slug = fmt.Sprintf("renamed-%d", s.serial)
	to := "content/" + b.section + "/" + b.slug
	s.move(from, to)
	for _, a := range s.briefings {
		if a.linkTo == b || (a == b && a.linkTo != nil) {
			s.save(a) // the writer fixes the relative links
		}
	}
	return "rename " + from + " → " + to
}

// link makes a briefing link to another one's markdown file.
func (s *evolvingSite) link() string {
	a, b := s.pick(), s.pick()
	if a == b || b.draft {
		return s.reslug()
	}
	a.linkTo = b
	s.save(a)
	return "link " + a.file() + " → " + b.file()
}

// reslug sets or removes a briefing's `slug:`, which moves its page: the
// pages that link to it change their links while their files do not.
func (s *evolvingSite) reslug() string {
	var b *evolvingBriefing
	for _, a := range s.briefings {
		if a.linkTo != nil && !a.linkTo.draft {
			b = a.linkTo
			break
		}
	}
	if b == nil || s.rng.IntN(3) == 0 {
		b = s.pick()
	}
	if b.slugKey == "" {
		s.serial++
		b.slugKey = fmt.Sprintf("moved-%d", s.serial)
	} else {
		b.slugKey = ""
	}
	s.save(b)
	return fmt.Sprintf("reslug %s: %q", b.file(), b.slugKey)
}

// unlink removes the links to b, as a writer does before deleting or
// drafting it.
func (s *evolvingSite) unlink(b *evolvingBriefing) {
	for _, a := range s.briefings {
		if a.linkTo == b {
			a.linkTo = nil
			s.save(a)
		}
	}
}

// editLayout overrides the briefing template with the theme's own plus a
// changing line, or removes the override.
func (s *evolvingSite) editLayout() string {
	s.layout++
	if s.layout%3 == 0 {
		s.remove("layouts/briefing.html")
		return "layout layouts/briefing.html removed"
	}
	theme, err := os.ReadFile(filepath.Join("layout", "theme", "briefing.html"))
	if err != nil {
		s.t.Fatal(err)
	}
	s.write("layouts/briefing.html", string(theme)+fmt.Sprintf("{{define \"head\"}}<meta name=\"edition\" content=\"%d\">{{end}}\n", s.layout))
	return "layout layouts/briefing.html"
}

func (s *evolvingSite) editProfile() string {
	if s.rng.IntN(2) == 0 {
		rel := "content/analysts/lena-ortiz.md"
		s.write(rel, fmt.Sprintf("---\nname: Lena Ortiz\naffiliation: %s Institute\n---\n\nShe follows %s.\n", s.words(1), s.words(2)))
		return "profile " + rel
	}
	rel := "content/topics/food.md"
	s.write(rel, fmt.Sprintf("---\ntitle: Food\n---\n\nFood and %s.\n", s.words(2)))
	return "profile " + rel
}

// writeChart writes a bundle's chart.svg, each time with other bytes: a
// build that kept another bundle's chart, or this one's last, in its
// place would differ from a fresh one.
func (s *evolvingSite) writeChart(b *evolvingBriefing) string {
	s.serial++
	rel := "content/" + b.section + "/" + b.slug + "/chart.svg"
	s.write(rel, fmt.Sprintf("<svg xmlns=\"http://www.w3.org/2000/svg\"><title>%d</title></svg>\n", s.serial))
	return rel
}

func (s *evolvingSite) editStatic() string {
	if bs := s.bundles(); len(bs) > 0 && s.rng.IntN(4) == 0 {
		return "static " + s.writeChart(bs[s.rng.IntN(len(bs))])
	}
	switch s.rng.IntN(3) {
	case 0:
		s.remove("static/extra")
		return "static static/extra/ removed"
	case 1:
		s.write("static/extra/data.json", fmt.Sprintf("{\"n\": %d}\n", s.rng.IntN(100)))
		return "static static/extra/data.json"
	}
	s.write("static/robots-note.txt", s.words(3)+"\n")
	return "static static/robots-note.txt"
}

// breakSomething makes a broken save; the next step undoes it.
func (s *evolvingSite) breakSomething() string {
	b := s.pick()
	rel := b.file()
	switch s.rng.IntN(5) {
	case 4:
		// The whole content folder moved away and back, as a watcher
		// reports it: one path, the folder.
		s.move("content", ".content-away")
		s.broken = func() string {
			s.move(".content-away", "content")
			return "fix content/"
		}
		return "broken content/ (moved away)"
	case 0:
		s.write(rel, strings.Replace(b.text(), "title:", "titel:", 1))
	case 1:
		s.write(rel, strings.Replace(b.text(), ".\"\ndate:", ".\ndate:", 1)) // an unclosed quote
	case 2:
		s.write(rel, strings.Replace(b.text(), "date: ", "date: someday ", 1))
	default:
		rel = "layouts/404.html"
		s.write(rel, "{{define \"main\"}}{{if}}{{end}}\n")
		s.broken = func() string {
			s.remove(rel)
			return "fix " + rel
		}
		return "broken " + rel
	}
	s.broken = func() string {
		s.save(b)
		return "fix " + rel
	}
	return "broken " + rel
}
