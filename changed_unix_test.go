//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestChangedDuringBuildSaidOnce builds, from its cache, a site whose
// briefing changed since the last build and keeps changing while it
// builds, as if an editor saved it again and again: the test writes a
// new version of it over and over, each at once (a rename), so that the
// build reads one version when it loads the site and another when it
// reads the body again for the page. The build stops, saying once that
// the file changed during the build; it said it twice, as the briefing's
// body was read again for its page after it was converted for the cache.
//
// The file was a named pipe that gave another version each time it was
// read, which brief now refuses to open; a file rewritten in a loop
// changes between two reads nearly always but not surely, so a build that
// happens to read one version throughout (and succeeds) is tried again.
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
	temp := filepath.Join(site, "moving.tmp") // beside, not among, the inputs
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := 1; ; v++ {
			select {
			case <-stop:
				return
			default:
			}
			version := fmt.Sprintf("---\ntitle: \"Moving\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\nVersion %d.\n", v)
			if os.WriteFile(temp, []byte(version), 0o644) != nil || os.Rename(temp, file) != nil {
				return
			}
		}
	}()
	defer func() {
		close(stop)
		<-done
	}()

	line := "content/world/moving.md changed during the build; build again"
	for try := 1; try <= 10; try++ {
		stdout.Reset()
		stderr.Reset()
		code := run([]string{"build", "--source", site}, &stdout, &stderr)
		if code == 0 {
			continue // one version throughout: see above
		}
		if code != 2 || strings.Count(stderr.String(), line) != 1 {
			t.Errorf("build while the file changes: exit %d, stderr:\n%s\nwant exit 2 and %q once", code, &stderr, line)
		}
		return
	}
	t.Errorf("10 builds while the file changed each read one version of it throughout; want one to find it changed")
}
