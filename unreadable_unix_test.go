//go:build unix

package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// nobody is the user a test runs brief as when it runs as root, whom
// permissions do not stop.
const nobody = 65534

// asUser makes cmd, a briefCommand, run as a user whom permissions stop:
// as nobody when the test runs as root. dirs are the folders it must be
// able to reach (their parents included) and write in; they and what they
// hold become nobody's.
func asUser(t *testing.T, cmd *exec.Cmd, dirs ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return
	}
	// The test binary, where nobody may run it.
	bin := filepath.Join(t.TempDir(), "brief")
	exe, err := os.Open(cmd.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer exe.Close()
	f, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(f, exe); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cmd.Path, cmd.Args[0] = bin, bin
	for _, dir := range append(dirs, filepath.Dir(bin)) {
		for d := dir; d != filepath.Dir(d); d = filepath.Dir(d) {
			if fi, err := os.Stat(d); err == nil && fi.Mode().Perm()&0o005 != 0o005 {
				if err := os.Chmod(d, fi.Mode().Perm()|0o005); err != nil {
					t.Fatal(err)
				}
			}
		}
		err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			return os.Lchown(p, nobody, nobody)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
}

// TestUnreadableFiles checks and builds a site with a briefing and a
// bundle's folder that brief cannot read (no permission), the second
// build after one that could, from its cache: each is reported as such,
// with exit status 2, as what is not the content's fault, the links to
// them are not said to lead nowhere, and the output is as it was. They
// were content errors, exit 1, and each link to them got "there is no
// such page", which sent the writer looking for a file that was there.
func TestUnreadableFiles(t *testing.T) {
	site := writeFiles(t, map[string]string{
		"site.yaml":                  "base_url: https://example.org/\n",
		"content/world/a.md":         goodBriefing + "\nSee [B](b.md) and [C](c/index.md#context).\n",
		"content/world/b.md":         goodBriefing,
		"content/world/c/index.md":   goodBriefing + "\n## Context\n",
		"content/world/c/notes/x.md": "---\nanalyst: \"X\"\n---\nA note.\n",
	})
	want := "content/world/b.md: cannot read: permission denied\ncontent/world/c: cannot read: permission denied\n"
	out := filepath.Join(site, "public")
	for _, cmd := range []string{"check", "build", "build again"} {
		t.Run(cmd, func(t *testing.T) {
			var before string
			if cmd == "build again" {
				cmd = "build"
				first := briefCommand(t, "build", "--source", site)
				asUser(t, first, site)
				if msg, err := first.CombinedOutput(); err != nil {
					t.Fatalf("first build: %v\n%s", err, msg)
				}
				before = tree(t, out)
			}
			c := briefCommand(t, cmd, "--source", site)
			asUser(t, c, site)
			for _, p := range []string{"content/world/b.md", "content/world/c"} {
				if err := os.Chmod(filepath.Join(site, p), 0); err != nil {
					t.Fatal(err)
				}
				defer os.Chmod(filepath.Join(site, p), 0o755)
			}
			if _, err := os.ReadFile(filepath.Join(site, "content/world/b.md")); err == nil && os.Geteuid() != 0 {
				if os.Getenv("CI") == "true" {
					t.Fatal("a file with no permissions can be read here")
				}
				t.Skip("a file with no permissions can be read here")
			}
			var stdout, stderr bytes.Buffer
			c.Stdout, c.Stderr = &stdout, &stderr
			err := c.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				if os.Geteuid() == 0 && os.Getenv("CI") != "true" && stderr.Len() == 0 {
					t.Skipf("cannot run brief as user %d: %v", nobody, err)
				}
				t.Fatalf("brief %s: %v; want exit status 2\n%s", cmd, err, &stderr)
			}
			if code := exit.ExitCode(); code != 2 || stderr.String() != "brief "+cmd+": "+want {
				t.Errorf("brief %s: exit %d, stderr:\n%s\nwant exit 2 and:\nbrief %s: %s", cmd, code, &stderr, cmd, want)
			}
			if strings.Contains(stderr.String()+stdout.String(), "no such page") {
				t.Errorf("brief %s says a link leads to no page", cmd)
			}
			if _, err := os.Stat(out); before == "" && !os.IsNotExist(err) {
				t.Errorf("brief %s wrote %s (%v)", cmd, out, err)
			}
			if before != "" && tree(t, out) != before {
				t.Errorf("brief %s changed the output folder", cmd)
			}
		})
	}
}
