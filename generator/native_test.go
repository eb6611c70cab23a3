package generator

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNativeMatchesTemplates: the pages the built-in theme writes with Go
// code (layout/native*.go) are byte for byte those its templates write.
// Each site is built twice, in memory: as it is, and with a copy of every
// built-in template in layouts/, which sends every page through
// html/template. The sites are the example site, the listings site (whose
// listings span pages), and FuzzPage's site around each of FuzzPage's
// seeds, whose titles, topics and texts are hostile.
func TestNativeMatchesTemplates(t *testing.T) {
	example := t.TempDir()
	if err := os.CopyFS(filepath.Join(example, "content"), os.DirFS("../content")); err != nil {
		t.Fatal(err)
	}
	siteYAML, err := os.ReadFile("../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, example, map[string]string{"site.yaml": string(siteYAML)})
	sites := map[string]string{"example": example, "listing": listingSite(t)}
	seeds, err := filepath.Glob("testdata/fuzz/FuzzPage/*")
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no FuzzPage seeds: %v", err)
	}
	for _, seed := range seeds {
		sites["fuzz seed "+filepath.Base(seed)] = writeSite(t, withPage(fuzzSite, fuzzSeed(t, seed)))
	}

	theme, err := os.ReadDir("layout/theme")
	if err != nil {
		t.Fatal(err)
	}
	copies := map[string]string{}
	for _, e := range theme {
		if strings.HasSuffix(e.Name(), ".html") {
			b, err := os.ReadFile(filepath.Join("layout/theme", e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			copies["layouts/"+e.Name()] = string(b)
		}
	}

	built := 0
	for name, src := range sites {
		native, err := NewBuilder(Config{Source: src, Log: io.Discard, CacheDir: "-"}).Build()
		if err != nil {
			continue // content errors: nothing is rendered either way
		}
		writeFiles(t, src, copies)
		templated, err := NewBuilder(Config{Source: src, Log: io.Discard, CacheDir: "-"}).Build()
		if err != nil {
			t.Fatalf("%s with the templates copied to layouts/: %v", name, err)
		}
		if diffs := diffTrees(native.Files, templated.Files); len(diffs) > 0 {
			t.Errorf("%s: the Go code and the templates give different output:\n%s", name, strings.Join(diffs, "\n"))
			for _, d := range diffs {
				if f, ok := strings.CutPrefix(d, "differs: "); ok {
					t.Errorf("first difference in %s:\n%s", f, firstDifference(native.Files[f], templated.Files[f]))
					break
				}
			}
		}
		built++
	}
	if built < 3 {
		t.Fatalf("only %d of %d sites built", built, len(sites))
	}
}

// withPage is FuzzPage's site with page as the briefing it builds around.
func withPage(site map[string]string, page []byte) map[string]string {
	files := map[string]string{"content/world/x/index.md": string(page)}
	for name, text := range site {
		files[name] = text
	}
	return files
}

// fuzzSeed reads a []byte seed of the Go fuzzing corpus format.
func fuzzSeed(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, arg, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	quoted, ok := strings.CutPrefix(arg, "[]byte(")
	if !ok || !strings.HasSuffix(quoted, ")") {
		t.Fatalf("%s: not a []byte seed", file)
	}
	s, err := strconv.Unquote(strings.TrimSuffix(quoted, ")"))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return []byte(s)
}
