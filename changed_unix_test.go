//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

// TestChangedDuringBuildSaidOnce builds, from its cache, a site whose
// briefing changed since the last build and changes each time it is read:
// a named pipe that the test writes another version into each time brief
// opens it, as if an editor saved it on every read. The build stops,
// saying once that the file changed during the build; it said it twice,
// as the briefing's body was read again for its page after it was
// converted for the cache.
func TestChangedDuringBuildSaidOnce(t *testing.T) {
	site := writeFiles(t, map[string]string{
		"site.yaml":               "base_url: https://example.org/\n",
		"content/world/good.md":   goodBriefing,
		"content/world/moving.md": strings.Replace(goodBriefing, "Good", "Moving", 1),
	})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", site}, &stdout, &stderr); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, &stderr)
	}
	file := filepath.Join(site, "content", "world", "moving.md")
	pipe := filepath.Join(t.TempDir(), "moving.md")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	if err := os.Rename(pipe, file); err != nil {
		t.Fatal(err)
	}
	pipe = file
	var version atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			f, err := os.OpenFile(pipe, os.O_WRONLY, 0) // waits for brief to open it
			if err != nil {
				return
			}
			select {
			case <-stop:
				f.Close()
				return
			default:
			}
			v := version.Add(1)
			fmt.Fprintf(f, "---\ntitle: \"Moving\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\nVersion %d.\n", v)
			f.Close()
		}
	}()
	defer func() {
		close(stop)
		// A reader lets the writer's open return and see stop.
		if f, err := os.OpenFile(pipe, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			defer f.Close()
		}
		<-done
	}()

	stdout.Reset()
	stderr.Reset()
	code := run([]string{"build", "--source", site}, &stdout, &stderr)
	line := "content/world/moving.md changed during the build; build again"
	if code != 2 || strings.Count(stderr.String(), line) != 1 {
		t.Errorf("build while the file changes: exit %d, stderr:\n%s\nwant exit 2 and %q once", code, &stderr, line)
	}
}
