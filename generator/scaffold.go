package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"brief/generator/content"
	"brief/generator/internal/osfs"
	"brief/generator/layout"
	"brief/generator/markdown"
	"brief/generator/site"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// NewBriefing writes content/<section>/<slug>.md, a draft briefing with every
// front-matter key filled in or explained, dated now. target is
// "<section>/<slug>". It refuses to overwrite an existing briefing.
func NewBriefing(source, target string, now time.Time) (string, error) {
	section, slug, err := splitTarget(source, target)
	if err != nil {
		return "", err
	}
	if existing := findBriefing(source, section, slug); existing != "" {
		return "", fmt.Errorf("%s already exists; brief new never overwrites", existing)
	}
	// What the file names do not show, the build would: a briefing that
	// has this URL by its `slug`, or a plain page at the new section's.
	s := loadForNew(source)
	if b := briefingByURL(s, section, slug); b != nil {
		return "", fmt.Errorf("%s already has the URL of %s/%s/, by its `slug`; brief new never overwrites", filepath.Join(source, filepath.FromSlash(b.File)), content.Slug(section), content.Slug(slug))
	}
	if _, err := os.Stat(filepath.Join(source, content.Dir, section)); err != nil && s != nil {
		for _, p := range s.Pages {
			if p.Slug == content.Slug(section) {
				return "", fmt.Errorf("a new section %s would have the URL %s/, which the plain page %s has; name the section otherwise", section, content.Slug(section), filepath.Join(source, filepath.FromSlash(p.File)))
			}
		}
	}
	now = now.In(siteZone(source))
	title := content.UpperFirst(strings.ReplaceAll(slug, "-", " "))
	text := `---
title: ` + strconv.Quote(title) + `
summary: "` + content.PlaceholderSummary + `"
date: ` + now.Format(time.RFC3339) + `
# updated: ` + now.Format("2006-01-02") + `   # when you revise it later
author: ""
dateline: ""                  # the city the story is filed from
# contact: desk@example.org   # an email or web address for readers, in the byline
topics: ["` + firstWords(title, scaffoldTopic) + `"]      # one or more; pages are made for each
takeaways: []                 # optional key points shown above the article
# corrections:                # dated corrections, shown on the page
#   - date: ` + now.Format("2006-01-02") + `
#     text: "An earlier version misstated …"
draft: true                   # set to false to publish
# slug: a-shorter-url         # optional: overrides the file name in the URL
---

` + content.PlaceholderLede + `

## Context

## What to watch
`
	file := filepath.Join(source, content.Dir, section, slug+".md")
	return file, create(file, text)
}

// DraftAddresses says where the page of the briefing that NewBriefing
// writes at target ("<section>/<slug>") will be, with the base path of
// site.yaml's base_url: under brief serve --drafts listening on
// serveAddr, and once published. NewBriefing writes a draft, which brief
// serve leaves out: a writer who opens its page is to know where, and
// why it is not there yet. Without a site.yaml it can read, it gives the
// page's path under the base path.
func DraftAddresses(source, target, serveAddr string) (preview, published string) {
	page := ""
	for _, part := range strings.Split(strings.Trim(target, "/"), "/") {
		page += content.Slug(part) + "/"
	}
	raw, err := osfs.Dir(source).ReadFile(content.ConfigFile)
	cfg, probs := content.ParseConfig(raw, "")
	if err != nil || probs.Err() != nil {
		return page + " under the base path of site.yaml's base_url", page + " under site.yaml's base_url"
	}
	u := *cfg.BaseURL
	u.Path = cfg.BasePath() + page
	return "http://" + serveAddr + u.EscapedPath(), u.String()
}

// NewLayout writes layouts/<name>, a copy of the embedded theme's file of
// that name for the site to change, and returns its path: the theme's
// files are in the binary, not beside it. For extra.css, which adds rules
// to the theme's stylesheet, it writes a file with only a comment. It
// refuses to overwrite.
func NewLayout(source, name string) (string, error) {
	if name == "extra.css" { // no file of the theme's: rules added to it
		file := filepath.Join(source, layout.Dir, name)
		return file, create(file, "/* Rules added at the end of the theme's stylesheet, after the code colours:\n   they win where they select the same elements. */\n")
	}
	text, err := layout.ThemeFile(name)
	if short := strings.TrimPrefix(strings.TrimPrefix(name, "./"), layout.Dir+"/"); err != nil && short != name {
		if _, e := layout.ThemeFile(short); e == nil {
			return "", fmt.Errorf("expected the file's name in layouts/, %s, not %s", short, name)
		}
	}
	if err != nil {
		return "", err
	}
	file := filepath.Join(source, layout.Dir, name)
	return file, create(file, string(text))
}

// Move is what NewNote did to make a single-file briefing a bundle.
type Move struct {
	// Draft says the briefing is a draft: the note is published with it.
	Draft    bool
	From, To string   // the briefing's file before and after; "" when it did not move
	Relinked []string // other markdown files whose links to it now name To
	// Left are the files and lines (file:line) of takeaways and
	// corrections whose links the move changes but that are written in
	// a form brief does not rewrite (with escapes, or over several lines).
	Left []string
}

// NewNote writes content/<section>/<slug>/notes/<analyst>.md, a note by
// analyst on an existing briefing, and returns its path; when the analyst
// already has a note there, the new one is <analyst>-2.md (then -3, …), a
// later note beside the first, which keeps its file and its anchor. A
// single-file briefing becomes a bundle first: <slug>.md moves to
// <slug>/index.md, with its relative links adjusted so they still resolve
// (see toBundle), and so do the other markdown files' links to it (see
// relinkOthers).
func NewNote(source, target, analyst string, now time.Time) (file string, moved Move, err error) {
	section, slug, err := splitTarget(source, target)
	if err != nil {
		return "", moved, err
	}
	analyst = strings.TrimSpace(analyst) // "  Ann  " is Ann, as the build reads her
	aslug := content.Slug(analyst)
	if aslug == "" {
		return "", moved, fmt.Errorf("analyst name %q has no letters or digits", analyst)
	}
	existing := findBriefing(source, section, slug)
	if existing == "" {
		// One whose `slug` gives it the URL, in a file of another name.
		if b := briefingByURL(loadForNew(source), section, slug); b != nil {
			existing = filepath.Join(source, filepath.FromSlash(b.File))
			parts := strings.Split(b.File, "/") // content/<section>/<name>.md or …/<name>/index.md
			section, slug = parts[1], strings.TrimSuffix(parts[2], ".md")
		}
	}
	if existing == "" {
		return "", moved, fmt.Errorf("there is no briefing %s/%s; create it first with `brief new briefing %s/%s`", section, slug, section, slug)
	}
	moved.Draft = isDraft(existing)
	bundle := filepath.Join(source, content.Dir, section, slug)
	notes := filepath.Join(bundle, "notes")
	// Everything that could stop the note is checked before the briefing
	// is moved into a bundle: a note that cannot be written leaves the
	// site as it was.
	for _, dir := range []string{bundle, notes} {
		if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
			return "", moved, fmt.Errorf("%s is a file, where the note's folder goes; move it away first", dir)
		}
	}
	if err := anchorsKept(notes, aslug, now); err != nil {
		return "", moved, err
	}
	file = freeNoteFile(notes, aslug)
	if index := filepath.Join(bundle, "index.md"); existing != index {
		// A briefing named index.md is a single file too (world/index.md).
		lines, err := toBundle(existing, index)
		if err != nil {
			return "", moved, err
		}
		moved.From, moved.To = existing, index
		for _, l := range lines {
			moved.Left = append(moved.Left, index+":"+strconv.Itoa(l))
		}
		var left []string
		if moved.Relinked, left, err = relinkOthers(source, existing, index); err != nil {
			return "", moved, err
		}
		moved.Left = append(moved.Left, left...)
	}
	// The profile's affiliation, as the build reads it, and its name as
	// it spells it ("ines moreau" typed for Inès Moreau, which the build
	// would warn of); a profile it cannot read leaves the line for the
	// writer to fill in.
	affiliation := ""
	profile := path.Join(content.Dir, "analysts", aslug+".md")
	if raw, err := osfs.Dir(source).ReadFile(profile); err == nil {
		if a, _ := content.ParseProfile(profile, raw); a != nil {
			affiliation = a.Affiliation
			if content.Slug(a.Name) == aslug {
				analyst = a.Name
			}
		}
	}
	now = now.In(siteZone(source))
	text := `---
analyst: ` + strconv.Quote(analyst) + `   # matches content/analysts/` + aslug + `.md when there is a profile
affiliation: ` + strconv.Quote(affiliation) + `
date: ` + now.Format(time.RFC3339) + `
# confidence: moderate          # low, moderate or high
---

` + content.PlaceholderNote + `
`
	return file, moved, create(file, text)
}

// isDraft reports whether the briefing in file says `draft: true`, as the
// build reads it; a file it cannot read or parse, or that is not a regular
// file (a named pipe would never end), is taken for none.
func isDraft(file string) bool {
	if fi, err := os.Stat(file); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return false
	}
	fm, _, _, ok, _ := content.SplitFrontMatter(raw)
	var v struct {
		Draft bool `yaml:"draft"`
	}
	return ok && yaml.Unmarshal(fm, &v) == nil && v.Draft
}

// anchorsKept refuses a new note, dated now, by the analyst whose slug is
// aslug, when one of their notes already in dir has no date or a later
// one: notes are shown, and take their anchors, in date order, undated
// ones last, so the new note would take that note's anchor
// (#note-<analyst>), and every link to it would lead to the new one.
func anchorsKept(dir, aslug string, now time.Time) error {
	var notes []*content.Note // every note there
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		file := filepath.Join(dir, e.Name())
		raw, err := osfs.Dir(dir).ReadFile(e.Name())
		if err != nil {
			continue // the build tells why it cannot be read
		}
		if n, _ := content.ParseNote(file, raw); n != nil {
			notes = append(notes, n)
		}
	}
	// In the order the build shows them, with the anchors it gives them.
	slices.SortFunc(notes, content.NoteOrder)
	slugs := make([]string, len(notes))
	for i, n := range notes {
		slugs[i] = content.Slug(n.Analyst)
	}
	anchors := site.NoteAnchors(slugs)
	for i, n := range notes {
		if slugs[i] != aslug {
			continue
		}
		anchor := anchors[i]
		switch {
		case n.Date.IsZero():
			return fmt.Errorf("%s, a note by %s there, has no `date`, so a new note, dated now, would be shown before it and take its anchor #%s; give it the date it was written, then run brief new note again", n.File, n.Analyst, anchor)
		case n.Date.After(now):
			return fmt.Errorf("%s, a note by %s there, is dated %s, after now, so a new note, dated now, would be shown before it and take its anchor #%s; correct its date, then run brief new note again", n.File, n.Analyst, n.Date.Format(time.RFC3339), anchor)
		}
	}
	return nil
}

// freeNoteFile returns the first of dir/<aslug>.md, dir/<aslug>-2.md, …
// that is not there. A name that cannot be looked up for another reason is
// returned too, for create to report; create also refuses to replace a file
// that appears in between.
func freeNoteFile(dir, aslug string) string {
	file := filepath.Join(dir, aslug+".md")
	for n := 2; ; n++ {
		if _, err := os.Lstat(file); err != nil {
			return file
		}
		file = filepath.Join(dir, aslug+"-"+strconv.Itoa(n)+".md")
	}
}

// splitTarget reads target, "<section>/<slug>" as in a briefing's URL,
// into the names of its section's folder and its briefing's file or
// folder in source's content/ (see sameSlug and newName).
func splitTarget(source, target string) (section, slug string, err error) {
	target = norm.NFC.String(target) // as typed on macOS, in decomposed form
	if t := strings.TrimPrefix(strings.TrimPrefix(target, "./"), content.Dir+"/"); t != target || strings.HasSuffix(t, ".md") {
		// A path to the file, where the command takes the briefing's
		// section and slug, as in its URL.
		t = strings.TrimSuffix(strings.TrimSuffix(t, ".md"), "/index")
		return "", "", fmt.Errorf("expected <section>/<slug>, as in the briefing's URL, not a path to its file: %s rather than %s", t, target)
	}
	section, slug, ok := strings.Cut(strings.Trim(target, "/"), "/")
	if !ok || strings.Contains(slug, "/") || section == "" || slug == "" {
		return "", "", fmt.Errorf("expected <section>/<slug>, like world/north-korea-missile-tests, not %q", target)
	}
	for _, part := range []string{section, slug} {
		if content.Slug(part) == "" {
			return "", "", fmt.Errorf("%q is not a slug: it has no letters or digits", part)
		}
	}
	// A section or briefing already there is found by its URL's slug,
	// however its folder or file is spelt (économie/ for economie); a new
	// one takes the name as given, when it is one a URL can be made of
	// as it is, accents and other scripts included.
	if dir := sameSlug(filepath.Join(source, content.Dir), section, true); dir != "" {
		section = dir
	} else if err := newName(section); err != nil {
		return "", "", err
	}
	if name := sameSlug(filepath.Join(source, content.Dir, section), slug, false); name != "" {
		slug = name
	} else if err := newName(slug); err != nil {
		return "", "", err
	} else if slug == "index" {
		// content/<section>/index.md is Hugo's page of the folder, which
		// the build refuses.
		return "", "", fmt.Errorf("%q as a new briefing's slug would make %s/index.md, which brief takes for Hugo's page of the section's folder and refuses; name the briefing otherwise", slug, filepath.Join(content.Dir, section))
	}
	for _, r := range content.Reserved {
		if content.Slug(section) == r {
			return "", "", fmt.Errorf("%q is reserved and cannot be a section", section)
		}
	}
	if content.Slug(slug) == site.PageDir {
		return "", "", fmt.Errorf("%q is reserved for the numbered pages of a section's listing (%s/%s/2/) and cannot be a briefing's slug", slug, section, slug)
	}
	return section, slug, nil
}

// sameSlug returns the name of the folder in dir (section set), or of the
// briefing there (a folder or a .md file), whose slug is name's, or "".
func sameSlug(dir, name string, section bool) string {
	want := content.Slug(name)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() {
			if section || !strings.HasSuffix(n, ".md") {
				continue
			}
			n = strings.TrimSuffix(n, ".md")
		}
		if !strings.HasPrefix(n, ".") && !strings.HasPrefix(n, "_") && content.Slug(n) == want {
			return n
		}
	}
	return ""
}

// newName refuses a name for a new section or briefing that the build
// would refuse (see content.SlugShaped): capitals, spaces, punctuation,
// or hyphens doubled or at either end. Letters with accents and of other
// scripts are fine (économie is at /economie/, as the build makes it).
func newName(name string) error {
	if !content.SlugShaped(name) {
		return fmt.Errorf("%q is not a slug; use %q", name, content.Slug(name))
	}
	if len(name) > content.MaxSlug {
		return fmt.Errorf("%.40q… is %d bytes long, more than the %d brief takes for a folder name in a URL; shorten it", name, len(name), content.MaxSlug)
	}
	return nil
}

// scaffoldTopic is the most bytes of the title a new briefing's topic
// takes: a topic is a short name, and a title of 200 bytes would make a
// topic that no URL takes.
const scaffoldTopic = 40

// firstWords is s up to its last whole word within max bytes, or its
// first max bytes when its first word is longer (cut between letters).
func firstWords(s string, max int) string {
	if len(s) <= max {
		return s
	}
	if i := strings.LastIndexByte(s[:max+1], ' '); i > 0 {
		return strings.TrimRight(s[:i], " ")
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	return s[:max]
}

// siteZone is the time zone of site.yaml in source, in which brief new
// dates a file, as the writer's desk reads the day; UTC when it has none
// or cannot be read.
func siteZone(source string) *time.Location {
	raw, err := osfs.Dir(source).ReadFile(content.ConfigFile)
	if err != nil {
		return time.UTC
	}
	cfg, _ := content.ParseConfig(raw, "")
	if cfg.Timezone == nil {
		return time.UTC
	}
	return cfg.Timezone
}

// loadForNew reads the site at source as a build does, for brief new to
// find what only the files' front matter says; nil when it has no
// content/ to read. Problems are the build's to tell.
func loadForNew(source string) *content.Site {
	if _, err := os.Stat(filepath.Join(source, content.Dir)); err != nil {
		return nil
	}
	s, _ := content.Load(osfs.Dir(source), "https://example.invalid/")
	return s
}

// briefingByURL is the briefing of s, a draft too, whose URL is
// section/slug as the build makes it, or nil.
func briefingByURL(s *content.Site, section, slug string) *content.Briefing {
	if s == nil {
		return nil
	}
	for _, b := range s.Briefings {
		if b.Section == content.Slug(section) && b.Slug == content.Slug(slug) {
			return b
		}
	}
	return nil
}

// findBriefing returns the file of briefing section/slug, in either form,
// or "" when there is none.
func findBriefing(source, section, slug string) string {
	for _, f := range []string{
		filepath.Join(source, content.Dir, section, slug, "index.md"),
		filepath.Join(source, content.Dir, section, slug+".md"),
	} {
		if _, err := os.Stat(f); err == nil {
			return f
		}
	}
	return ""
}

// toBundle moves a single-file briefing into a folder of its own, as
// index.md. The file is then one folder deeper: its relative links to other
// markdown files gain a ../ and its links to itself name index.md. Only
// link and image destinations and reference definitions change, as the
// build parses the body and the texts of takeaways and corrections: code,
// the rest of the front matter and the rest stay byte for byte. left are
// the lines of texts it could not change (see editLinks).
func toBundle(from, to string) (left []int, err error) {
	src, err := osfs.Dir(filepath.Dir(from)).ReadFile(filepath.Base(from))
	if err != nil {
		return nil, fmt.Errorf("cannot move %s into %s: %w", from, to, err)
	}
	src, left, err = relink(src, filepath.ToSlash(from))
	if err != nil {
		return nil, fmt.Errorf("cannot move %s into %s: %w", from, to, err)
	}
	if err := create(to, string(src)); err != nil {
		return nil, err
	}
	return left, os.Remove(from)
}

// relink returns src, the file at source path self, with the destinations
// of its links changed for its move one folder down to index.md, and the
// lines of the texts it left (see editLinks).
func relink(src []byte, self string) ([]byte, []int, error) {
	out, _, left, err := editLinks(src, func(raw []byte, resolved string) ([]byte, error) {
		return moved(raw, resolved, self)
	})
	return out, left, err
}

// errUnclosed is editLinks' error for a file whose front matter never ends.
var errUnclosed = errors.New("its front matter is never closed; close it with a line `---` first")

// editLinks returns src, a markdown file, with the destinations of its
// links and reference definitions that edit changes, and whether edit
// changed any: those of its body, and of the markdown texts of its front
// matter (takeaways and corrections). edit has each destination as
// written and as the build resolves it, and returns what to write
// instead, or nil to leave it. Only destinations change, as the build's
// parser finds them: code, the rest of the front matter and the rest keep
// every byte. A front-matter text whose bytes are not its value (a quoted
// one with escapes, one folded over lines) is left: left has the lines of
// those that edit would have changed.
func editLinks(src []byte, edit func(raw []byte, resolved string) ([]byte, error)) (out []byte, changed bool, left []int, err error) {
	body, ok := content.BodyOffset(src)
	if !ok {
		return nil, false, nil, errUnclosed
	}
	type place struct{ start, stop int }
	var at []place // in file order: the front matter's texts, then the body
	var dests []markdown.Destination
	for _, t := range frontTexts(src, body) {
		ds, err := markdown.Destinations([]byte(t.text))
		if err != nil {
			return nil, false, nil, err
		}
		if t.start < 0 {
			for _, d := range ds {
				if e, err := edit([]byte(t.text[d.Start:d.Stop]), d.URL); err != nil || e != nil {
					left = append(left, t.line)
					break
				}
			}
			continue
		}
		for _, d := range ds {
			at = append(at, place{t.start + d.Start, t.start + d.Stop})
			dests = append(dests, d)
		}
	}
	ds, err := markdown.Destinations(src[body:])
	if err != nil {
		return nil, false, nil, err
	}
	for _, d := range ds {
		at = append(at, place{body + d.Start, body + d.Stop})
		dests = append(dests, d)
	}
	last := 0
	for i, d := range dests {
		start, stop := at[i].start, at[i].stop
		dest, err := edit(src[start:stop], d.URL)
		if err != nil {
			return nil, false, nil, err
		}
		if dest == nil {
			continue
		}
		out = append(append(out, src[last:start]...), dest...)
		last, changed = stop, true
	}
	return append(out, src[last:]...), changed, left, nil
}

// frontText is the markdown text of a takeaway or a correction.
type frontText struct {
	text  string
	line  int // its line in the file
	start int // where the file has text byte for byte, or -1
}

// frontTexts finds the texts of takeaways and corrections in src[:body],
// a markdown file's front matter.
func frontTexts(src []byte, body int) []frontText {
	var doc yaml.Node
	if yaml.Unmarshal(src[:body], &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil // the build reports it
	}
	var out []frontText
	add := func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && n.Value != "" {
			out = append(out, frontText{text: n.Value, line: n.Line, start: verbatim(src[:body], n)})
		}
	}
	m := doc.Content[0].Content
	for i := 0; i+1 < len(m); i += 2 {
		switch v := m[i+1]; m[i].Value {
		case "takeaways":
			for _, n := range v.Content {
				add(n)
			}
		case "corrections":
			for _, c := range v.Content {
				for j := 0; j+1 < len(c.Content); j += 2 {
					if c.Content[j].Value == "text" {
						add(c.Content[j+1])
					}
				}
			}
		}
	}
	return out
}

// verbatim returns where src has the value of scalar n byte for byte, or
// -1 when it is written otherwise (with escapes, or over several lines).
func verbatim(src []byte, n *yaml.Node) int {
	off := 0
	for line := 1; line < n.Line; line++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	for col := 1; col < n.Column && off < len(src); col++ { // YAML counts characters
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	quote := byte(0)
	switch n.Style {
	case 0:
	case yaml.DoubleQuotedStyle:
		quote = '"'
	case yaml.SingleQuotedStyle:
		quote = '\''
	default:
		return -1
	}
	if quote != 0 {
		if off >= len(src) || src[off] != quote {
			return -1
		}
		off++
	}
	end := off + len(n.Value)
	if end > len(src) || string(src[off:end]) != n.Value || quote != 0 && (end >= len(src) || src[end] != quote) {
		return -1
	}
	return off
}

// moved returns what link destination raw, written in the file at source
// path self and meaning resolved, becomes when the file moves to self's folder
// without .md, as index.md; nil when it stays as it is. Only relative links
// change: to other markdown files and to other bundles' files alike, since
// both resolve from the file's folder.
func moved(raw []byte, resolved, self string) ([]byte, error) {
	u, err := url.Parse(resolved)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/") {
		return nil, nil
	}
	if path.Join(path.Dir(self), u.Path) != self {
		return append([]byte("../"), raw...), nil
	}
	// A link to the file itself: keep its query and anchor as written.
	rest := raw[pathEnd(raw):]
	// An anchor written with escapes or character references is left to
	// the writer rather than guessed at.
	dest := append([]byte("index.md"), rest...)
	v, err := url.Parse(string(dest))
	if bytes.ContainsAny(rest, `\&`) || err != nil || v.RawQuery != u.RawQuery || v.Fragment != u.Fragment {
		return nil, fmt.Errorf("cannot rewrite the link %s to the file itself; change it to index.md%s by hand", raw, rest)
	}
	return dest, nil
}

// pathEnd returns where the path of raw, a link destination as written,
// ends: at its first ? or # not escaped by a backslash, or at its end.
func pathEnd(raw []byte) int {
	for i := 0; i < len(raw); i++ {
		if raw[i] == '\\' {
			i++
		} else if raw[i] == '?' || raw[i] == '#' {
			return i
		}
	}
	return len(raw)
}

// relinkOthers makes the relative links of every other markdown file of
// content/ to from, a briefing that moved to to, name to: <slug>.md
// becomes <slug>/index.md in the destination as written. It returns the
// files it changed. A link that names the file with escapes is left as
// it is, and the build's error then says where the page went; so is a
// text of a takeaway or a correction that editLinks cannot change, whose
// file and line are in left.
func relinkOthers(source, from, to string) (changed, left []string, err error) {
	root := filepath.Join(source, content.Dir)
	old, err := filepath.Rel(source, from)
	if err != nil {
		return nil, nil, err
	}
	old = filepath.ToSlash(old)
	name := path.Base(old)
	err = filepath.WalkDir(root, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(file, ".md") || file == to {
			return err
		}
		src, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(source, file)
		dir := path.Dir(filepath.ToSlash(rel))
		out, edited, lines, err := editLinks(src, func(raw []byte, resolved string) ([]byte, error) {
			u, err := url.Parse(resolved)
			if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") || path.Join(dir, u.Path) != old {
				return nil, nil
			}
			end := pathEnd(raw)
			if !bytes.HasSuffix(raw[:end], []byte(name)) {
				return nil, nil
			}
			return slices.Concat(raw[:end-len(".md")], []byte("/index.md"), raw[end:]), nil
		})
		if err != nil {
			return nil // a file the build cannot read the links of reports it
		}
		for _, l := range lines {
			left = append(left, file+":"+strconv.Itoa(l))
		}
		if !edited {
			return nil
		}
		if err := os.WriteFile(file, out, 0o644); err != nil {
			return err
		}
		changed = append(changed, file)
		return nil
	})
	return changed, left, err
}

// create writes a new file, refusing to replace one.
func create(file, text string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; brief new never overwrites", file)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
