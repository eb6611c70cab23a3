package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/generator/diag"

	"golang.org/x/tools/txtar"
)

// TestErrors checks every case of bad input in testdata/errors/*.txtar. Each
// archive is a small site (its files other than `want`) and, in `want`, the
// exact problems `brief check` prints for it, errors and warnings together,
// one per line in file and line order. With -update it rewrites `want`.
//
// For every case it also checks what surrounds the messages: check writes
// nothing at all; a build with errors fails with exactly those errors and
// leaves the previous output folder as it was, byte for byte and time for
// time; a build with only warnings succeeds.
func TestErrors(t *testing.T) {
	cases, _ := filepath.Glob("testdata/errors/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/errors")
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			inputs := map[string]string{}
			var want string
			for _, f := range ar.Files {
				if f.Name == "want" {
					want = string(f.Data)
				} else {
					inputs[f.Name] = string(f.Data)
				}
			}
			src := writeSite(t, inputs)
			before := snapshot(t, src)
			got, errs := checkSite(t, src)
			if after := snapshot(t, src); !sameSnapshot(before, after) {
				t.Errorf("check changed the source folder:\n%s", strings.Join(diffSnapshots(before, after), "\n"))
			}
			if *update {
				rewriteWant(t, file, ar, got)
				return
			}
			if got != want {
				t.Errorf("brief check printed:\n%s\nwant:\n%s(run go test ./generator -run TestErrors -update to accept)", got, want)
			}
			buildOver(t, src, errs)
		})
	}
}

// checkSite runs Check on src and returns its problems as brief check
// prints them, and its errors.
func checkSite(t *testing.T, src string) (string, diag.List) {
	t.Helper()
	stats, err := Check(Config{Source: src, Log: io.Discard})
	probs := stats.Warnings
	var ce *diag.ContentError
	switch {
	case errors.As(err, &ce):
		probs = append(probs, ce.Problems...)
	case err != nil:
		t.Fatalf("check: %v; want content errors or none", err)
	}
	probs.Sort()
	var b strings.Builder
	for _, p := range probs {
		b.WriteString(p.String() + "\n")
	}
	return b.String(), probs.Errors()
}

// buildOver builds a good site into an output folder, then src into the
// same folder. When src has errors, that second build must fail with a
// content error, the errors check found (a build to disk plans from its
// listing of the inputs, check walks the folder), and leave the folder
// exactly as the first build left it.
func buildOver(t *testing.T, src string, errs diag.List) {
	t.Helper()
	good := writeSite(t, map[string]string{
		"site.yaml":             testSiteYAML,
		"content/world/good.md": briefingFile("Good", "2026-01-01", "Trade"),
	})
	out := mustBuild(t, Config{Source: good})
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, old, old)
	}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	_, err := Build(Config{Source: src, Out: out, Log: io.Discard})
	var ce *diag.ContentError
	if len(errs) == 0 {
		if err != nil {
			t.Fatalf("build with warnings only failed: %v", err)
		}
		return
	}
	if !errors.As(err, &ce) {
		t.Fatalf("build: err = %v; want a content error", err)
	}
	if got, want := fmt.Sprint(ce.Problems), fmt.Sprint(errs); got != want {
		t.Errorf("build reported:\n%s\ncheck reported:\n%s", got, want)
	}
	if after := snapshot(t, out); !sameSnapshot(before, after) {
		t.Errorf("failed build changed the previous output:\n%s", strings.Join(diffSnapshots(before, after), "\n"))
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if e.Name() != filepath.Base(out) {
			t.Errorf("failed build left %s beside the output", e.Name())
		}
	}
}

func rewriteWant(t *testing.T, file string, ar *txtar.Archive, got string) {
	t.Helper()
	files := ar.Files[:0]
	for _, f := range ar.Files {
		if f.Name != "want" {
			files = append(files, f)
		}
	}
	ar.Files = append(files, txtar.File{Name: "want", Data: []byte(got)})
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// entry is what a snapshot records of one file or folder.
type entry struct {
	info fs.FileInfo
	data string
}

// snapshot records every file and folder under dir, the folder itself
// included: its content, mode, size and modification time.
func snapshot(t *testing.T, dir string) map[string]entry {
	t.Helper()
	out := map[string]entry{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		e := entry{info: info}
		if info.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			e.data = string(b)
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = e
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameSnapshot(a, b map[string]entry) bool { return len(diffSnapshots(a, b)) == 0 }

func diffSnapshots(a, b map[string]entry) []string {
	var diffs []string
	for name, x := range a {
		y, ok := b[name]
		switch {
		case !ok:
			diffs = append(diffs, "removed: "+name)
		case x.data != y.data || x.info.Size() != y.info.Size() || x.info.Mode() != y.info.Mode():
			diffs = append(diffs, "changed: "+name)
		case !x.info.ModTime().Equal(y.info.ModTime()):
			diffs = append(diffs, "touched: "+name)
		case !os.SameFile(x.info, y.info):
			diffs = append(diffs, "replaced: "+name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			diffs = append(diffs, "added: "+name)
		}
	}
	return diffs
}

// TestCheckValidatesDrafts: brief check checks drafts as if they were
// published, as DESIGN asks ("Drafts are validated like everything
// else"), without --drafts too. Their broken links, missing images and
// clashing URLs passed check and waited for the day they were published.
// A published page's link to a draft is still an error, and brief build
// without --drafts does not look at the drafts' bodies.
func TestCheckValidatesDrafts(t *testing.T) {
	const ok = "---\ntitle: A\nsummary: s\ndate: 2026-01-02\ntopics: [Trade]\n---\n"
	src := writeSite(t, map[string]string{
		"site.yaml":           "base_url: https://example.org/news/\n",
		"content/world/a.md":  ok + "See [the draft](e.md).\n",
		"content/world/d.md":  "---\ntitle: D\nsummary: s\ndate: 2026-01-02\ntopics: [Trade]\ndraft: true\n---\n[bad](nope.md) ![](none.png)\n",
		"content/world/f.md":  "---\ntitle: F\nsummary: s\ndate: 2026-01-02\ntopics: [Trade]\ndraft: true\nslug: a\n---\nFine.\n",
		"content/world/e.md":  "---\ntitle: E\nsummary: s\ndate: 2026-01-02\ntopics: [Trade]\ndraft: true\n---\nFine.\n",
		"content/world/ok.md": ok,
	})
	got, _ := checkSite(t, src)
	for _, want := range []string{
		"content/world/a.md:7:17: link to e.md: content/world/e.md is a draft",
		"content/world/d.md:8:7: link to nope.md:",
		"content/world/d.md:8:20: image none.png:",
		"content/world/f.md:7:7: this page would have the URL /news/world/a/",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("brief check printed:\n%s\nwant a line with %q", got, want)
		}
	}
	if strings.Count(got, "is a draft") != 1 {
		t.Errorf("brief check printed:\n%s\nwant the link to the draft once", got)
	}
	_, err := Build(Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), CacheDir: "-", Log: io.Discard})
	if err == nil || strings.Contains(err.Error(), "d.md") {
		t.Errorf("build without --drafts: %v; want the link to the draft only", err)
	}
}
