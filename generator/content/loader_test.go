package content

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"brief/generator/diag"
	"brief/generator/internal/osfs"
)

// TestLoadNewFolderOnce: a batch that brings a folder the last load did not
// see, with many files, reads each of them once. Each file named in the
// batch planned and read the whole folder again: a checkout of 3,000
// briefings parsed nine million files.
func TestLoadNewFolderOnce(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) { writeFile(t, root, rel, text) }
	briefing := "---\ntitle: \"B\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\nBody.\n"
	write(ConfigFile, "base_url: https://example.org/\n")
	write("content/world/a.md", briefing)
	l := NewLoader(osfs.Dir(root), "")
	if _, probs := l.Load(nil); probs.Err() != nil {
		t.Fatal(probs)
	}

	const n = 100
	changed := []string{"content/bulk"} // as a watcher reports a folder and its files
	for i := range n {
		rel := fmt.Sprintf("content/bulk/b%d.md", i)
		write(rel, briefing)
		changed = append(changed, rel)
	}
	s, probs := l.Load(changed)
	if probs.Err() != nil {
		t.Fatal(probs)
	}
	if len(s.Briefings) != n+1 {
		t.Errorf("the load after the batch has %d briefings; want %d", len(s.Briefings), n+1)
	}
	if got := l.Reads(); got != n {
		t.Errorf("the load after a batch of %d new files read %d files; want %d", n, got, n)
	}
}

// TestLoadRereadsLinks: a content file that is a symbolic link to a file
// elsewhere in the source folder is read again by every load after a
// change, since no change names it when the file it leads to is edited.
// Such an edit never reached brief serve.
func TestLoadRereadsLinks(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) { writeFile(t, root, rel, text) }
	briefing := "---\ntitle: \"%s\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\nBody.\n"
	write(ConfigFile, "base_url: https://example.org/\n")
	write("content/world/a.md", fmt.Sprintf(briefing, "A"))
	write("shared/x.md", fmt.Sprintf(briefing, "Shared"))
	if err := os.Symlink("../../shared/x.md", filepath.Join(root, "content/world/x.md")); err != nil {
		t.Fatal(err)
	}
	l := NewLoader(osfs.Dir(root), "")
	if _, probs := l.Load(nil); probs.Err() != nil {
		t.Fatal(probs)
	}
	write("shared/x.md", fmt.Sprintf(briefing, "Shared, edited"))
	write("content/world/a.md", fmt.Sprintf(briefing, "A, edited"))
	s, probs := l.Load([]string{"content/world/a.md"})
	if probs.Err() != nil {
		t.Fatal(probs)
	}
	var titles []string
	for _, b := range s.Briefings {
		titles = append(titles, b.Title)
	}
	if want := []string{"A, edited", "Shared, edited"}; !slices.Equal(titles, want) {
		t.Errorf("titles after the edits: %q; want %q", titles, want)
	}
}

// writeFile writes text to the file rel of the folder root, making its
// folders.
func writeFile(t *testing.T, root, rel, text string) {
	t.Helper()
	p := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMarkdownResourceWithFrontMatter: a markdown file that opens with
// front matter, in a bundle's folder but not its index.md or notes/, is a
// briefing or note put in the wrong place (a note without notes/, most
// often), and would be published as its source, a draft's too: an error.
// One without front matter stays a resource, copied as it is.
func TestMarkdownResourceWithFrontMatter(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) { writeFile(t, root, rel, text) }
	write(ConfigFile, "base_url: https://example.org/\n")
	write("content/world/x/index.md", "---\ntitle: X\nsummary: S\ndate: 2026-01-02\ntopics: [Trade]\n---\nBody.\n")
	wrong := map[string]string{
		"content/world/x/y.md":          "---\ntitle: Secret\nsummary: S\ndate: 2026-01-02\ntopics: [Trade]\ndraft: true\n---\nEmbargoed.\n",
		"content/world/x/ann-lee.md":    "---\nanalyst: Ann Lee\ndate: 2026-01-03\n---\nMy assessment.\n",
		"content/world/x/docs/extra.md": "\ufeff---  \r\ntitle: Deeper\r\n---\r\nText.\r\n",
		"content/world/x/old.markdown":  "---\ntitle: Old\n---\nText.\n",
	}
	for rel, text := range wrong {
		write(rel, text)
	}
	write("content/world/x/readme.md", "# A file to publish as it is\n\n--- not front matter\n")
	write("content/world/x/rule.md", "----\nfour dashes are a rule, not a fence\n")

	for _, changed := range [][]string{nil, {"content/world/x/y.md"}} {
		l := NewLoader(osfs.Dir(root), "")
		if changed != nil {
			// Also when the file is added to a loaded site, as brief
			// serve sees it.
			os.Remove(filepath.Join(root, "content/world/x/y.md"))
			if _, probs := l.Load(nil); len(probs) != len(wrong)-1 {
				t.Fatalf("problems before y.md was added: %v", probs)
			}
			write("content/world/x/y.md", wrong["content/world/x/y.md"])
		}
		s, probs := l.Load(changed)
		got := map[string]string{}
		for _, p := range probs {
			got[p.File] = fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg)
			if p.Severity == diag.Error && !strings.Contains(p.Msg, "opens with front matter") {
				t.Errorf("unexpected problem: %s", p)
			}
		}
		for rel := range wrong {
			msg, ok := got[rel]
			switch {
			case !ok:
				t.Errorf("%s (changed %v): no problem; want an error", rel, changed)
			case !strings.HasPrefix(msg, "1:1: ") || !strings.Contains(msg, "a note goes in content/world/x/notes/, a briefing in its own file or folder in content/world/"):
				t.Errorf("%s: %s", rel, msg)
			}
		}
		if probs.Err() == nil {
			t.Errorf("the load has no error")
		}
		for _, rel := range []string{"content/world/x/readme.md", "content/world/x/rule.md"} {
			if msg, ok := got[rel]; ok {
				t.Errorf("%s, without front matter: %s", rel, msg)
			}
		}
		var resources []string
		for _, b := range s.Briefings {
			for _, r := range b.Resources {
				resources = append(resources, r.Rel)
			}
		}
		for _, rel := range []string{"readme.md", "rule.md"} {
			if !slices.Contains(resources, rel) {
				t.Errorf("%s is not among the bundle's resources %v", rel, resources)
			}
		}
	}
}

// TestNoteOrder: notes of one date, or none, are in the order of their
// files' names without .md, numbers by value: ann.md, then ann-2.md, which
// brief new note writes for a second note, then ann-10.md. By bytes,
// ann-2.md came first (- is before .) and took ann.md's anchor, #note-ann.
func TestNoteOrder(t *testing.T) {
	dir := "content/world/x/notes/"
	var notes []*Note
	for _, f := range []string{"bo.md", "ann-10.md", "ann-2.md", "ann.md", "ann-02.md", "ann-b.md", "ann-1x.md"} {
		notes = append(notes, &Note{Source: Source{File: dir + f}})
	}
	slices.SortFunc(notes, NoteOrder)
	var got []string
	for _, n := range notes {
		got = append(got, strings.TrimPrefix(n.File, dir))
	}
	if want := []string{"ann.md", "ann-1x.md", "ann-02.md", "ann-2.md", "ann-10.md", "ann-b.md", "bo.md"}; !slices.Equal(got, want) {
		t.Errorf("notes in the order %q; want %q", got, want)
	}
}
