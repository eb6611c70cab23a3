package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles writes files (path → content) under a new temp folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFilesIn(t, dir, files)
	return dir
}

// writeFilesIn writes files (slash-separated path → content) under dir.
func writeFilesIn(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const goodBriefing = "---\ntitle: \"Good\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\nBody.\n"

// brokenSite has two errors in two files and one warning.
func brokenSite(t *testing.T) string {
	return writeFiles(t, map[string]string{
		"site.yaml":             "base_url: https://example.org/\n",
		"content/world/good.md": goodBriefing + "\n![](https://example.org/map.png)\n",
		"content/world/b.md":    "---\ntitle: \"B\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\naffilation: x\n---\nBody.\n",
		"content/world/a.md":    "---\ntitle: \"A\"\nsummary: \"S\"\ndate: 25/07/2019\ntopics: [Trade]\n---\nBody.\n",
	})
}

func TestRun(t *testing.T) {
	good := writeFiles(t, map[string]string{
		"site.yaml":             "base_url: https://example.org/\n",
		"content/world/good.md": goodBriefing,
	})
	broken := brokenSite(t)
	noConfig := writeFiles(t, map[string]string{"content/world/good.md": goodBriefing})
	aFile := filepath.Join(writeFiles(t, map[string]string{"notes.txt": "a file"}), "notes.txt")
	problems := `content/world/a.md:4:7: ` + "`date`" + `: "25/07/2019" is not a date; write the year, month and day (2026-01-31), with a time after it if you like (2026-01-31T09:00, 2026-01-31 09:00:00), and a zone after the time when it is not the site's (2026-01-31T09:00:00+01:00, 2026-01-31T09:00Z, 2026-01-31 09:00:00 +0100)
content/world/b.md:6:1: unknown key ` + "`affilation`" + `; known keys are title, summary, date, updated, author, dateline, contact, topics, takeaways, corrections, draft, slug, aliases
content/world/good.md:9:5: warning: image https://example.org/map.png has no alt text; describe it in the brackets: ![what it shows](https://example.org/map.png)
`
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string // exact, or a prefix when ending in "…"
	}{
		{
			name:   "check clean",
			args:   []string{"check", "--source", good},
			code:   0,
			stdout: "brief check: 0 errors, 0 warnings (1 briefing…",
		},
		{
			name:   "check with errors: problems and a summary on stdout",
			args:   []string{"check", "--source", broken},
			code:   1,
			stdout: problems + "brief check: 2 errors, 1 warning\n",
		},
		{
			name:   "build with errors: problems and a summary on stderr",
			args:   []string{"build", "--source", broken},
			code:   1,
			stderr: problems + "brief build: 2 errors, 1 warning; nothing was published, the output folder is as it was\n",
		},
		{
			name:   "build clean",
			args:   []string{"build", "--source", good, "--out", filepath.Join(t.TempDir(), "public")},
			code:   0,
			stdout: "brief build: 1 briefing…",
		},
		{
			name:   "no such source folder",
			args:   []string{"check", "--source", filepath.Join(good, "nope")},
			code:   2,
			stderr: "brief check: " + filepath.Join(good, "nope") + " is not a folder; pass the site folder (with site.yaml and content/) as --source\n",
		},
		{
			name:   "output folder holds the source",
			args:   []string{"build", "--source", good, "--out", good},
			code:   2,
			stderr: "brief build: output folder " + good + " contains the source folder; choose another --out\n",
		},
		{
			name:   "an empty --out, an unset variable in a script: not the default without a word",
			args:   []string{"build", "--source", good, "--out", ""},
			code:   2,
			stderr: "brief build: --out is empty; give it a folder, or leave it out for the default\n",
		},
		{
			name:   "an --out under a file: said so, not stat's error",
			args:   []string{"build", "--source", good, "--out", filepath.Join(aFile, "public")},
			code:   2,
			stderr: "brief build: output folder " + filepath.Join(aFile, "public") + " cannot be made: " + aFile + " is a file, not a folder; choose another --out\n",
		},
		{
			name:   "check a folder without site.yaml, with --base-url",
			args:   []string{"check", "--source", noConfig, "--base-url", "https://example.org/b/"},
			code:   0,
			stdout: "brief check: 0 errors, 0 warnings (1 briefing…",
		},
		{
			name:   "check a folder without site.yaml",
			args:   []string{"check", "--source", noConfig},
			code:   1,
			stdout: "site.yaml: site.yaml is missing; create it with at least `base_url: https://org.github.io/briefings/`, or pass --base-url\nbrief check: 1 error, 0 warnings\n",
		},
		{
			name:   "serve with a base URL no edit can fix",
			args:   []string{"serve", "--source", good, "--addr", "127.0.0.1:0", "--base-url", "ftp://example.org/"},
			code:   2,
			stderr: "brief serve: --base-url: the value must be an absolute http(s) URL like https://org.github.io/briefings/, not \"ftp://example.org/\"\n",
		},
		{
			name:   "build with a bad --base-url: a bad flag, not a content error",
			args:   []string{"build", "--source", good, "--base-url", "/"},
			code:   2,
			stderr: "brief build: --base-url: the value must be an absolute http(s) URL like https://org.github.io/briefings/, not \"/\"\n",
		},
		{
			name:   "new with a bad name",
			args:   []string{"new", "briefing", "world/My-Story", "--source", good},
			code:   2,
			stderr: "brief new briefing: \"My-Story\" is not a slug; use \"my-story\"\n",
		},
		{
			name:   "new with a doubled hyphen, which the build would refuse",
			args:   []string{"new", "briefing", "world/ab--cd", "--source", good},
			code:   2,
			stderr: "brief new briefing: \"ab--cd\" is not a slug; use \"ab-cd\"\n",
		},
		{
			name:   "new with a hyphen at the end",
			args:   []string{"new", "briefing", "world/a-", "--source", good},
			code:   2,
			stderr: "brief new briefing: \"a-\" is not a slug; use \"a\"\n",
		},
		{
			name:   "new with a title-case letter",
			args:   []string{"new", "briefing", "\u01c5/x", "--source", good},
			code:   2,
			stderr: "brief new briefing: \"\u01c5\" is not a slug; use \"dz\"\n",
		},
		{
			name:   "new with a name that has no letters",
			args:   []string{"new", "briefing", "world/..", "--source", good},
			code:   2,
			stderr: "brief new briefing: \"..\" is not a slug: it has no letters or digits\n",
		},
		{
			name:   "new with the path of a file",
			args:   []string{"new", "briefing", "content/world/x.md", "--source", good},
			code:   2,
			stderr: "brief new briefing: expected <section>/<slug>, as in the briefing's URL, not a path to its file: world/x rather than content/world/x.md\n",
		},
		{
			name:   "new note with the name of a file",
			args:   []string{"new", "note", "world/good.md", "Ann Lee", "--source", good},
			code:   2,
			stderr: "brief new note: expected <section>/<slug>, as in the briefing's URL, not a path to its file: world/good rather than world/good.md\n",
		},
		{
			name:   "new with the slug of listing pages",
			args:   []string{"new", "briefing", "world/page", "--source", good},
			code:   2,
			stderr: "brief new briefing: \"page\" is reserved for the numbered pages of a section's listing (world/page/2/) and cannot be a briefing's slug\n",
		},
		{
			name:   "new over a file that exists",
			args:   []string{"new", "briefing", "world/good", "--source", good},
			code:   2,
			stderr: "brief new briefing: " + filepath.Join(good, "content", "world", "good.md") + " already exists; brief new never overwrites\n",
		},
		{
			name:   "new layout",
			args:   []string{"new", "layout", "partials.html", "--source", good},
			code:   0,
			stdout: "created " + filepath.Join(good, "layouts", "partials.html") + "\n",
		},
		{
			// Its flag before what to create, which was taken for it.
			name:   "new with its flag first",
			args:   []string{"new", "--source", good, "layout", "base.html"},
			code:   0,
			stdout: "created " + filepath.Join(good, "layouts", "base.html") + "\n",
		},
		{
			name:   "new with its flag first, as one word",
			args:   []string{"new", "--source=" + good, "layout", "meta.html"},
			code:   0,
			stdout: "created " + filepath.Join(good, "layouts", "meta.html") + "\n",
		},
		{
			name:   "new layout the theme does not have",
			args:   []string{"new", "layout", "--source", good, "footer.html"},
			code:   2,
			stderr: "brief new layout: the theme has no file \"footer.html\"; its files are 404.html, analyst.html…",
		},
		{
			name:   "new layout with its folder",
			args:   []string{"new", "layout", "layouts/home.html", "--source", good},
			code:   2,
			stderr: "brief new layout: expected the file's name in layouts/, home.html, not layouts/home.html\n",
		},
		{
			name:   "unexpected argument",
			args:   []string{"check", "--source", good, "extra"},
			code:   2,
			stderr: "brief check: unexpected argument \"extra\"\n",
		},
		// Asking for the flags succeeds, for every command alike; an
		// unknown flag does not.
		{name: "build -h", args: []string{"build", "-h"}, code: 0, stderr: "Usage of brief build:…"},
		{name: "check --help", args: []string{"check", "--help"}, code: 0, stderr: "Usage of brief check:…"},
		{name: "serve -h", args: []string{"serve", "-h"}, code: 0, stderr: "Usage of brief serve:…"},
		{name: "new -h", args: []string{"new", "-h"}, code: 0, stdout: usage},
		{name: "new briefing -h", args: []string{"new", "briefing", "-h"}, code: 0, stderr: "Usage of brief new briefing:…"},
		{name: "an unknown flag", args: []string{"build", "--bogus"}, code: 2, stderr: "flag provided but not defined: -bogus…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("run(%q) = %d; want %d\nstdout:\n%s\nstderr:\n%s", tt.args, code, tt.code, &stdout, &stderr)
			}
			same(t, "stdout", stdout.String(), tt.stdout)
			same(t, "stderr", stderr.String(), tt.stderr)
		})
	}
	if _, err := os.Stat(filepath.Join(broken, "public")); !os.IsNotExist(err) {
		t.Errorf("a failed build created public/ (err = %v)", err)
	}
}

func same(t *testing.T, what, got, want string) {
	t.Helper()
	if prefix, ok := strings.CutSuffix(want, "…"); ok {
		if !strings.HasPrefix(got, prefix) {
			t.Errorf("%s = %q; want it to start with %q", what, got, prefix)
		}
		return
	}
	if got != want {
		t.Errorf("%s:\n%s\nwant:\n%s", what, got, want)
	}
}

// TestBuildCapsWarnings checks that build lists ten warnings and says how
// many more check would list, while check lists them all.
func TestBuildCapsWarnings(t *testing.T) {
	files := map[string]string{"site.yaml": "base_url: https://example.org/\n"}
	body := ""
	for i := range 12 {
		body += fmt.Sprintf("![](https://example.org/%02d.png)\n\n", i)
	}
	files["content/world/pictures.md"] = goodBriefing + body
	src := writeFiles(t, files)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", src, "--out", filepath.Join(t.TempDir(), "public")}, &stdout, &stderr); code != 0 {
		t.Fatalf("build = %d; want 0\n%s", code, &stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) != 11 || lines[10] != "… and 2 more warnings; brief check lists them all" {
		t.Errorf("build printed %d lines, ending %q; want 10 warnings and a count of the rest", len(lines), lines[len(lines)-1])
	}
	stdout.Reset()
	if code := run([]string{"check", "--source", src}, &stdout, &stderr); code != 0 {
		t.Fatalf("check = %d; want 0", code)
	}
	if n := strings.Count(stdout.String(), ": warning: "); n != 12 {
		t.Errorf("check listed %d warnings; want 12", n)
	}
}

// TestCheckWritesNothing runs check on a site and compares every file and
// folder of the site before and after.
func TestCheckWritesNothing(t *testing.T) {
	for _, src := range []string{brokenSite(t), writeFiles(t, map[string]string{
		"site.yaml": "base_url: https://example.org/\n", "content/world/good.md": goodBriefing,
	})} {
		before := tree(t, src)
		run([]string{"check", "--source", src}, &bytes.Buffer{}, &bytes.Buffer{})
		if after := tree(t, src); after != before {
			t.Errorf("check changed the site folder:\nbefore:\n%s\nafter:\n%s", before, after)
		}
	}
}

// TestBuildOutsideASiteWritesNothing builds a folder that is not a site,
// as `brief build` run in the wrong folder does: it fails, and the folder
// holds what it held, without a cache folder or an output folder.
func TestBuildOutsideASiteWritesNothing(t *testing.T) {
	src := writeFiles(t, map[string]string{"notes.txt": "not a site\n"})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", src}, &stdout, &stderr); code != 1 {
		t.Errorf("build of a folder without site.yaml or content/ = %d; want 1\n%s%s", code, &stdout, &stderr)
	}
	if want := "there is no content/ folder"; !strings.Contains(stdout.String()+stderr.String(), want) {
		t.Errorf("the build did not say %q:\n%s%s", want, &stdout, &stderr)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "notes.txt" {
		t.Errorf("after the build the folder holds %q; want only notes.txt", names)
	}
}

// tree lists every path under dir with its size and modification time.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		b.WriteString(p + " " + fi.Mode().String() + " " + fi.ModTime().String() + "\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// panicky is a writer that panics, standing in for any bug in brief.
type panicky struct{}

func (panicky) Write([]byte) (int, error) { panic("a bug") }

// TestInternalErrorIsNotACrash checks that a panic anywhere in a command
// is reported as a bug in brief, with exit status 2.
func TestInternalErrorIsNotACrash(t *testing.T) {
	src := writeFiles(t, map[string]string{
		"site.yaml": "base_url: https://example.org/\n", "content/world/good.md": goodBriefing,
	})
	var stderr bytes.Buffer
	code := run([]string{"check", "--source", src}, panicky{}, &stderr)
	if code != 2 {
		t.Errorf("run with a panic = %d; want 2", code)
	}
	if want := "brief: internal error (a bug in brief, please report it): a bug\n"; !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("stderr = %q; want it to start with %q", stderr.String(), want)
	}
}

// TestProfiles builds with --cpuprofile and --memprofile and reads both
// files back as the gzipped protocol buffers runtime/pprof writes; a
// profile that cannot be created is an error before anything is built.
func TestProfiles(t *testing.T) {
	site := writeFiles(t, map[string]string{
		"site.yaml":             "base_url: https://example.org/\n",
		"content/world/good.md": goodBriefing,
	})
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", site, "--cpuprofile", cpu, "--memprofile", mem}, &stdout, &stderr); code != 0 {
		t.Fatalf("build exited %d: %s", code, stderr.String())
	}
	for _, f := range []string{cpu, mem} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(f), err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil || len(raw) == 0 {
			t.Errorf("%s: %d bytes of profile, %v", filepath.Base(f), len(raw), err)
		}
	}

	out := filepath.Join(dir, "out")
	stderr.Reset()
	code := run([]string{"build", "--source", site, "--out", out, "--cpuprofile", filepath.Join(dir, "no", "such", "cpu.prof")}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "cpu profile") {
		t.Errorf("unwritable --cpuprofile: exit %d, stderr %q; want 2 and the reason", code, stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a build with an unwritable --cpuprofile wrote %s", out)
	}
}

// TestNewNoteSaysWhatMoved runs brief new note on a single-file briefing:
// the briefing becomes a folder, and the command says so.
func TestNewNoteSaysWhatMoved(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"site.yaml":             "base_url: https://example.org/\n",
		"content/world/good.md": goodBriefing,
		"content/world/link.md": goodBriefing + "See [good](good.md).\n",
	})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "note", "world/good", "Ana Núñez", "--source", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("brief new note: exit %d, stderr:\n%s", code, stderr.String())
	}
	single := filepath.Join(dir, "content", "world", "good.md")
	index := filepath.Join(dir, "content", "world", "good", "index.md")
	note := filepath.Join(dir, "content", "world", "good", "notes", "ana-nunez.md")
	want := "moved " + single + " to " + index + ", since a briefing with notes is a folder\n" +
		"changed " + filepath.Join(dir, "content", "world", "link.md") + ": its links to the briefing now name good/index.md\n" +
		"created " + note + "\n"
	if stdout.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), want)
	}
	// A second note finds the folder: nothing moves.
	stdout.Reset()
	if code := run([]string{"new", "note", "world/good", "Kofi Mensah", "--source", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("second brief new note: exit %d, stderr:\n%s", code, stderr.String())
	}
	if want := "created " + filepath.Join(dir, "content", "world", "good", "notes", "kofi-mensah.md") + "\n"; stdout.String() != want {
		t.Errorf("second note, stdout:\n%s\nwant:\n%s", stdout.String(), want)
	}
	// The name without quotes, as the shell splits it, is the name: it
	// was the usage message alone.
	stdout.Reset()
	if code := run([]string{"new", "note", "world/good", "Lena", "van", "Dijk", "--source", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("brief new note with the name unquoted: exit %d, stderr:\n%s", code, stderr.String())
	}
	raw, err := os.ReadFile(filepath.Join(dir, "content", "world", "good", "notes", "lena-van-dijk.md"))
	if err != nil || !strings.Contains(string(raw), `analyst: "Lena van Dijk"`) {
		t.Errorf("the unquoted name's note: %v\n%s", err, raw)
	}
}

// TestNewBriefingSaysItIsADraft runs brief new briefing: besides the file
// it wrote, it says that the briefing is a draft, where brief serve
// --drafts shows it and where it is once published, with the base path of
// site.yaml. It said only the file, and the writer who opened the page
// under brief serve found a 404. Without a site.yaml it can read, it gives
// the path under the base path.
func TestNewBriefingSaysItIsADraft(t *testing.T) {
	dir := writeFiles(t, map[string]string{"site.yaml": "base_url: https://x.github.io/briefings/\n"})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "briefing", "harbours/pier-repairs", "--source", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("brief new briefing: exit %d, stderr:\n%s", code, stderr.String())
	}
	want := "created " + filepath.Join(dir, "content", "harbours", "pier-repairs.md") + "\n" +
		"It is the first briefing of the section harbours: a new folder of content/, with a page of its own.\n" +
		"It is a draft (draft: true), which brief build and brief serve leave out.\n" +
		"  brief serve --drafts shows it at http://127.0.0.1:1313/briefings/harbours/pier-repairs/\n" +
		"  set draft: false, or remove the line, to publish it at https://x.github.io/briefings/harbours/pier-repairs/\n"
	if stdout.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), want)
	}

	dir = writeFiles(t, map[string]string{"site.yaml": "base_url: [\n"})
	stdout.Reset()
	if code := run([]string{"new", "briefing", "harbours/pier-repairs", "--source", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("brief new briefing with a broken site.yaml: exit %d, stderr:\n%s", code, stderr.String())
	}
	want = "created " + filepath.Join(dir, "content", "harbours", "pier-repairs.md") + "\n" +
		"It is the first briefing of the section harbours: a new folder of content/, with a page of its own.\n" +
		"It is a draft (draft: true), which brief build and brief serve leave out.\n" +
		"  brief serve --drafts shows it at harbours/pier-repairs/ under the base path of site.yaml's base_url\n" +
		"  set draft: false, or remove the line, to publish it at harbours/pier-repairs/ under site.yaml's base_url\n"
	if stdout.String() != want {
		t.Errorf("with a broken site.yaml, stdout:\n%s\nwant:\n%s", stdout.String(), want)
	}

	// A site begun with brief new: the first build would stop for want
	// of site.yaml, so brief new says so.
	dir = t.TempDir()
	stdout.Reset()
	if code := run([]string{"new", "briefing", "harbours/pier-repairs", "--source", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("brief new briefing with no site.yaml: exit %d, stderr:\n%s", code, stderr.String())
	}
	if want := "There is no site.yaml in " + dir + " yet: brief build needs one, with at least base_url (base_url: https://NAME.github.io/REPO/).\n"; !strings.Contains(stdout.String(), want) {
		t.Errorf("with no site.yaml, stdout:\n%s\nwant it to hold:\n%s", stdout.String(), want)
	}
}
