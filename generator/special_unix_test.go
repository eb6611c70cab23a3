//go:build unix

package generator

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"brief/generator/diag"
)

// TestNamedPipes puts a named pipe where brief reads files (a briefing,
// a bundle's resource, a static file, a layout, the target of a link)
// and checks that every way of building reports it, at its file, and
// never opens it: brief check, a build from the cache, a build with a new
// cache, one without a cache, and brief serve's rebuild after the pipe
// appears. Each failed build leaves the output as the last good one left
// it. A pipe where brief reads nothing (a hidden file) changes nothing.
// Opening a pipe to read it waits for a writer: the builds hung.
func TestNamedPipes(t *testing.T) {
	const notFile = ": this is a named pipe (FIFO), not a regular file, so brief does not read it; remove it, or put a file in its place"
	cases := []struct {
		name  string
		pipe  string // where the pipe goes
		link  string // a symbolic link made to it, if set
		file  string // what replaces the pipe to fix the site; none: it is removed
		wants []string
	}{
		{name: "briefing", pipe: "content/world/x.md", file: briefingFile("X", "2026-01-03", "Trade"), wants: []string{"content/world/x.md" + notFile}},
		{name: "resource", pipe: "content/world/b/map.png", file: "PNG", wants: []string{"content/world/b/map.png" + notFile}},
		{name: "static", pipe: "static/robots.txt", file: "User-agent: *\n", wants: []string{"static/robots.txt" + notFile}},
		{name: "cname", pipe: "static/CNAME", file: "news.example.org\n", wants: []string{"static/CNAME" + notFile}},
		{name: "layout", pipe: "layouts/briefing.html", file: `{{define "head"}}{{end}}`, wants: []string{"layouts/briefing.html" + notFile}},
		{name: "link", pipe: "content/.pipe", link: "content/world/y.md", wants: []string{
			"content/world/y.md: symbolic link to content/.pipe, which is a named pipe (FIFO), not a regular file, so brief does not read it; link to a file instead"}},
		{name: "hidden", pipe: "content/world/.x.md"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := writeSite(t, map[string]string{
				"site.yaml":                testSiteYAML,
				"content/world/a.md":       briefingFile("A", "2026-01-01", "Trade"),
				"content/world/b/index.md": briefingFile("B", "2026-01-02", "Trade") + "\n![A map](map.png)\n",
				"content/world/b/map.png":  "PNG",
				"static/favicon.svg":       "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
			})
			cfg := Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
			mustBuild(t, cfg)
			serve := NewBuilder(cfg)
			if _, err := serve.Build(); err != nil {
				t.Fatalf("brief serve's first build: %v", err)
			}
			before := snapshot(t, cfg.Out)

			// The pipe replaces the file, if there is one.
			pipe := filepath.Join(src, filepath.FromSlash(tc.pipe))
			os.Remove(pipe)
			makePipe(t, pipe)
			changed := []string{tc.pipe}
			if tc.link != "" {
				target, _ := filepath.Rel(filepath.Dir(filepath.Join(src, tc.link)), pipe)
				if err := os.Symlink(target, filepath.Join(src, tc.link)); err != nil {
					t.Fatal(err)
				}
				changed = append(changed, tc.link)
			}
			noCache := cfg
			noCache.CacheDir = "-"
			newCache := cfg
			newCache.CacheDir = filepath.Join(t.TempDir(), "cache")
			runs := []struct {
				name string
				run  func() error
			}{
				{"check", func() error { _, err := Check(cfg); return err }},
				{"build from the cache", func() error { _, err := Build(cfg); return err }},
				{"build with a new cache", func() error { _, err := Build(newCache); return err }},
				{"build without a cache", func() error { _, err := Build(noCache); return err }},
				{"serve's rebuild", func() error { _, err := serve.BuildChanged(changed); return err }},
			}
			for _, r := range runs {
				err := beforeTimeout(t, r.name, pipe, r.run)
				if got := problemLines(err); !slices.Equal(got, tc.wants) {
					t.Errorf("%s: err = %v; want the content errors %q", r.name, err, tc.wants)
				}
				if after := snapshot(t, cfg.Out); len(tc.wants) > 0 && !sameSnapshot(before, after) {
					t.Errorf("%s changed the output:\n%s", r.name, strings.Join(diffSnapshots(before, after), "\n"))
				}
			}
			// A file in the pipe's place fixes the site, for brief
			// serve too, which rebuilds only what changed.
			if err := os.Remove(pipe); err != nil {
				t.Fatal(err)
			}
			if tc.link != "" {
				os.Remove(filepath.Join(src, tc.link))
			}
			if tc.file != "" {
				writeFiles(t, src, map[string]string{tc.pipe: tc.file})
			}
			if _, err := serve.BuildChanged(changed); err != nil {
				t.Errorf("serve's rebuild once the pipe is a file: %v", err)
			}
		})
	}
}

// makePipe makes a named pipe at pipe, and the folders it is in.
func makePipe(t *testing.T, pipe string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(pipe), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatalf("no named pipe: %v", err)
	}
}

// beforeTimeout runs f, named what, and returns its error, or fails the
// test if f has not returned after 30 seconds: f then waits on the named
// pipe, which is opened for writing, and closed, to let it go on.
func beforeTimeout(t *testing.T, what, pipe string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		if w, err := os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		t.Fatalf("%s still running after 30s: it waits on the named pipe %s", what, pipe)
		return nil
	}
}

// problemLines lists the problems of a content error as brief prints
// them; nil for no error, and the error itself for any other.
func problemLines(err error) []string {
	var ce *diag.ContentError
	switch {
	case err == nil:
		return nil
	case !errors.As(err, &ce):
		return []string{err.Error()}
	}
	var lines []string
	for _, p := range ce.Problems {
		lines = append(lines, p.String())
	}
	return lines
}

// TestNewWithNamedPipes puts a named pipe where brief new reads a file:
// site.yaml, for the addresses it tells; an analyst's profile, for the
// affiliation it fills in; a single-file briefing that a note moves into
// a folder. None of them waits on the pipe; the briefing is not moved.
func TestNewWithNamedPipes(t *testing.T) {
	t.Run("site.yaml", func(t *testing.T) {
		src := writeSite(t, map[string]string{"content/world/a.md": briefingFile("A", "2026-01-01", "Trade")})
		pipe := filepath.Join(src, "site.yaml")
		makePipe(t, pipe)
		var preview string
		beforeTimeout(t, "DraftAddresses", pipe, func() error {
			preview, _ = DraftAddresses(src, "world/b", "127.0.0.1:1313")
			return nil
		})
		if want := "world/b/ under the base path of site.yaml's base_url"; preview != want {
			t.Errorf("preview address with site.yaml a pipe: %q; want %q", preview, want)
		}
	})
	t.Run("profile", func(t *testing.T) {
		src := writeSite(t, map[string]string{"site.yaml": testSiteYAML, "content/world/a/index.md": briefingFile("A", "2026-01-01", "Trade")})
		pipe := filepath.Join(src, "content/analysts/ann-lee.md")
		makePipe(t, pipe)
		err := beforeTimeout(t, "NewNote", pipe, func() error {
			_, _, err := NewNote(src, "world/a", "Ann Lee", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
			return err
		})
		if err != nil {
			t.Errorf("NewNote with the analyst's profile a pipe: %v", err)
		}
	})
	t.Run("briefing", func(t *testing.T) {
		src := writeSite(t, map[string]string{"site.yaml": testSiteYAML})
		pipe := filepath.Join(src, "content/world/a.md")
		makePipe(t, pipe)
		err := beforeTimeout(t, "NewNote", pipe, func() error {
			_, _, err := NewNote(src, "world/a", "Ann Lee", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("NewNote on a briefing that is a pipe: %v; want an error saying it is not a regular file", err)
		}
		if _, err := os.Lstat(pipe); err != nil {
			t.Errorf("the pipe was moved: %v", err)
		}
	})
}

// TestOpenCopy opens what brief serve serves for a copy: the source file,
// or through a symbolic link that stays in the site; not a link out of the
// site, a named pipe (without waiting on it), a folder, or a file gone.
func TestOpenCopy(t *testing.T) {
	src, outside := t.TempDir(), t.TempDir()
	writeFiles(t, src, map[string]string{"static/a.txt": "a", "static/sub/b.txt": "b"})
	writeFiles(t, outside, map[string]string{"secret.txt": "secret"})
	for link, to := range map[string]string{
		"static/in.txt":     "sub/b.txt",
		"static/out.txt":    filepath.Join(outside, "secret.txt"),
		"static/up.txt":     "../../" + filepath.Base(outside) + "/secret.txt",
		"static/folder.txt": "sub",
	} {
		if err := os.Symlink(to, filepath.Join(src, link)); err != nil {
			t.Fatal(err)
		}
	}
	makePipe(t, filepath.Join(src, "static/pipe.txt"))
	for _, c := range []struct {
		file, want string
	}{
		{"static/a.txt", "a"},
		{"static/in.txt", "b"},
		{"static/out.txt", ""},
		{"static/up.txt", ""},
		{"static/folder.txt", ""},
		{"static/sub", ""},
		{"static/pipe.txt", ""},
		{"static/gone.txt", ""},
		{"../" + filepath.Base(outside) + "/secret.txt", ""},
	} {
		err := beforeTimeout(t, "OpenCopy("+c.file+")", filepath.Join(src, "static/pipe.txt"), func() error {
			f, err := OpenCopy(src, Copy{Source: c.file})
			if err != nil {
				return err
			}
			defer f.Close()
			data, err := io.ReadAll(f)
			if string(data) != c.want {
				t.Errorf("OpenCopy(%s) read %q; want %q", c.file, data, c.want)
			}
			return err
		})
		if (err == nil) != (c.want != "") {
			t.Errorf("OpenCopy(%s): %v; want %s", c.file, err, map[bool]string{true: "the file", false: "an error"}[c.want != ""])
		}
	}
}
