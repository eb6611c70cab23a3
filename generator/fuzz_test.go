package generator

import (
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/generator/diag"
)

// fuzzSite is the rest of the site FuzzPage's briefing lives in: a note
// for it, a picture beside it, an analyst profile, and another briefing
// with a heading to link to.
var fuzzSite = map[string]string{
	"site.yaml":                    "title: \"Fuzz Desk\"\nbase_url: https://example.org/desk/\nfeed_content: full\n",
	"content/world/x/notes/kim.md": "---\nanalyst: \"Mira Kim\"\n---\nA note.\n",
	"content/world/x/map.png":      "not really a picture",
	"content/analysts/mira-kim.md": "---\nname: \"Mira Kim\"\n---\nAnalyst.\n",
	"content/world/y.md":           briefingFile("Y", "2026-01-01", "Trade") + "\n## Context\n\nText.\n",
	"content/world/draft.md":       "---\ntitle: \"D\"\nsummary: \"S\"\ndate: 2026-01-01\ntopics: [Trade]\ndraft: true\n---\n",
	"content/topics/trade.md":      "---\ntitle: \"Trade\"\n---\nTrade.\n",
	"content/world/_index.md":      "---\ntitle: \"World\"\n---\nThe world.\n",
}

// FuzzPage builds a site around an arbitrary briefing file,
// content/world/x/index.md, through the whole pipeline, in memory.
// Whatever the file holds, the build must not panic; it either reports
// content errors, each naming a file, or produces a site whose every
// output path stays inside the output folder and whose every page carries
// no script, event handler or script URL but the theme's JSON-LD.
// Seeds are in testdata/fuzz/FuzzPage.
func FuzzPage(f *testing.F) {
	f.Fuzz(func(t *testing.T, page []byte) {
		src := t.TempDir()
		for name, text := range fuzzSite {
			writeFile(t, filepath.Join(src, name), []byte(text))
		}
		writeFile(t, filepath.Join(src, "content/world/x/index.md"), page)

		res, err := buildWithin(t, src, 20*time.Second)
		var ce *diag.ContentError
		switch {
		case errors.As(err, &ce):
			for _, p := range ce.Problems {
				if p.File == "" || p.Msg == "" || p.Line < 0 || p.Col < 0 {
					t.Errorf("problem without a place or a message: %q", p.String())
				}
			}
			return
		case err != nil:
			t.Fatalf("build failed without content errors: %v", err)
		}
		names := slices.AppendSeq(slices.Collect(maps.Keys(res.Files)), maps.Keys(res.Copied))
		for _, name := range names {
			if !fs.ValidPath(name) || strings.Contains(name, `\`) || name == "." {
				t.Errorf("output path %q is not a plain path inside the output folder", name)
			}
		}
		checkOutput(t, res.Files)
	})
}

// buildWithin builds src in memory, failing the test with every
// goroutine's stack if the build takes longer than limit: a hang is a
// finding like a panic.
func buildWithin(t *testing.T, src string, limit time.Duration) (*Result, error) {
	type result struct {
		res *Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := NewBuilder(Config{Source: src, Log: io.Discard, CacheDir: "-"}).Build()
		done <- result{res, err}
	}()
	select {
	case r := <-done:
		return r.res, r.err
	case <-time.After(limit):
		buf := make([]byte, 1<<20)
		t.Fatalf("build did not finish in %s:\n%s", limit, buf[:runtime.Stack(buf, true)])
		return nil, nil
	}
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
