package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that a running command may write while the
// test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServeBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	var stdout, stderr bytes.Buffer
	code := run([]string{"serve", "--source", t.TempDir(), "--addr", addr}, &stdout, &stderr)
	want := "brief serve: " + addr + " is already in use; pass --addr 127.0.0.1:PORT\n"
	if code != 2 || stderr.String() != want {
		t.Errorf("brief serve on a busy port: exit %d, stderr %q; want 2, %q", code, stderr.String(), want)
	}
}

func TestServeBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--poll", "-1s"}, {"--poll", "soon"}, {"extra"}, {"--source", "/no/such/site"}} {
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"serve"}, args...), &stdout, &stderr); code != 2 {
			t.Errorf("brief serve %s: exit %d; want 2", strings.Join(args, " "), code)
		}
	}
}

// TestServeUntilInterrupted runs brief serve, fetches a page, and stops
// it as Ctrl-C does: it must exit 0.
func TestServeUntilInterrupted(t *testing.T) {
	site := writeFiles(t, map[string]string{
		"site.yaml":             "base_url: https://example.org/news/\n",
		"content/world/good.md": goodBriefing,
	})
	addr := freeAddr(t)
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"serve", "--source", site, "--addr", addr, "--poll", "50ms"}, stdout, stderr)
	}()
	url := "http://" + addr + "/news/"
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(stdout.String(), url); {
		if time.Now().After(deadline) {
			t.Fatalf("brief serve did not print %s; stdout %q, stderr %q", url, stdout.String(), stderr.String())
		}
		select {
		case code := <-done:
			t.Fatalf("brief serve exited %d; stderr %q", code, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	resp, err := http.Get(url + "world/good/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET %sworld/good/: %s", url, resp.Status)
	}
	if _, err := os.Stat(site + "/public"); err == nil {
		t.Errorf("brief serve wrote public/")
	}
	self, err := os.FindProcess(os.Getpid())
	if err == nil {
		err = self.Signal(os.Interrupt)
	}
	if err != nil {
		t.Fatalf("cannot interrupt brief serve: %v", err)
	}
	select {
	case code := <-done:
		if code != 0 || !strings.HasSuffix(stdout.String(), "brief serve: stopped\n") {
			t.Errorf("after SIGINT: exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("brief serve did not stop on SIGINT")
	}
}

// TestServeFolderReplaced runs brief serve inside the site's folder, as
// most writers start it, then renames the folder away and puts a copy in
// its place, and edits the copy: the edit is served. The watches went
// with the folder, and the working directory too, so brief went on
// building the renamed one (and, with the folder removed, none), for good.
func TestServeFolderReplaced(t *testing.T) {
	for _, how := range []string{"renamed", "removed"} {
		t.Run(how, func(t *testing.T) {
			site := writeFiles(t, map[string]string{
				"site.yaml":             "base_url: https://example.org/news/\n",
				"content/world/good.md": goodBriefing,
			})
			addr := freeAddr(t)
			cmd := briefCommand(t, "serve", "--addr", addr)
			cmd.Dir = site
			var out syncBuffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() {
				cmd.Process.Kill()
				cmd.Wait()
			}()
			page := "http://" + addr + "/news/world/good/"
			waitFor := func(want string) {
				t.Helper()
				for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
					if resp, err := http.Get(page); err == nil {
						body, _ := io.ReadAll(resp.Body)
						resp.Body.Close()
						if strings.Contains(string(body), want) {
							return
						}
					}
					if time.Now().After(deadline) {
						t.Fatalf("%s never showed %q; brief serve printed:\n%s", page, want, out.String())
					}
				}
			}
			waitFor("Body.")
			if how == "renamed" {
				if err := os.Rename(site, site+".old"); err != nil {
					t.Fatal(err)
				}
			} else if err := os.RemoveAll(site); err != nil {
				t.Fatal(err)
			}
			fresh := map[string]string{
				"site.yaml":             "base_url: https://example.org/news/\n",
				"content/world/good.md": goodBriefing + "\nWritten in the new folder.\n",
			}
			for name, text := range fresh {
				p := filepath.Join(site, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			waitFor("Written in the new folder.")
		})
	}
}

// freeAddr is an address on loopback with a port free a moment ago, for a
// brief serve to listen on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
