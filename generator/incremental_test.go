package generator

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"brief/generator/diag"
	"brief/generator/layout"

	"github.com/cespare/xxhash/v2"
)

var (
	incSeed  = flag.Uint64("inc.seed", 1, "seed of TestIncrementalEqualsFresh's edits")
	incSteps = flag.Int("inc.steps", 160, "number of edits TestIncrementalEqualsFresh makes")
)

// TestIncrementalEqualsFresh makes a long seeded series of edits to a site,
// as a writer in brief serve would: notes and bodies edited (some to the
// same size within the file system's timestamp granularity), topics,
// titles and dates changed so that listings reorder, briefings and notes
// added and deleted, bundles renamed, drafts toggled, profiles, static
// files, layouts and site.yaml edited, and now and then a broken save that
// the next step fixes. After every step one Builder, kept across steps,
// must give exactly what a fresh brief build writes: the same file set,
// byte for byte, or the same errors. Two Builders run side by side: one
// told nothing (Build), one told the paths each step touched, as brief
// serve's watcher reports them (BuildChanged).
func TestIncrementalEqualsFresh(t *testing.T) {
	steps := *incSteps
	if testing.Short() {
		steps = 40
	}
	s, out := newCheckedSite(t, *incSeed)
	s.check(out, "initial site")
	kinds := map[string]int{}
	for i := range steps {
		what := s.step()
		kinds[strings.Fields(what)[0]]++
		s.check(out, fmt.Sprintf("step %d (seed %d): %s", i+1, *incSeed, what))
	}
	t.Logf("%d steps: %v; %d previews; %d builds with a cache rendered only some pages", steps, kinds, s.previews, s.warm)
	if s.warm < steps/2 {
		t.Errorf("%d of %d builds to disk with a build cache rendered fewer pages than the site has; most steps change a few pages", s.warm, steps)
	}
	if s.previews < steps/10 {
		t.Errorf("Preview applied to %d of %d steps; body and note edits should make it apply to about a quarter", s.previews, steps)
	}
}

// newCheckedSite is an evolving site with the Builders and the folders
// that check compares, and the folder of the fresh builds.
func newCheckedSite(t *testing.T, seed uint64) (s *evolvingSite, out string) {
	s = newEvolvingSite(t, seed)
	s.blind = NewBuilder(Config{Source: s.dir, Log: &bytes.Buffer{}})
	s.told = NewBuilder(Config{Source: s.dir, Log: &bytes.Buffer{}})
	s.warmOut, s.cache = filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "cache")
	return s, filepath.Join(t.TempDir(), "public")
}

// build runs both Builders, the told one with the paths touched since
// its last build.
func (s *evolvingSite) build() (blind, told *Result, blindErr, toldErr error) {
	blind, blindErr = s.blind.Build()
	s.preview = s.told.Preview(s.touched)
	if s.preview != nil {
		s.previews++
	}
	told, toldErr = s.told.BuildChanged(s.touched)
	s.touched = nil
	return
}

// check builds with both Builders and with a fresh Build into out, and
// compares.
func (s *evolvingSite) check(out, what string) {
	t := s.t
	t.Helper()
	blind, told, blindErr, toldErr := s.build()
	warmBefore := map[string][]byte{}
	if _, err := os.Stat(s.warmOut); err == nil {
		warmBefore = readTree(t, s.warmOut)
	}
	warmStats, warmErr := Build(Config{Source: s.dir, Out: s.warmOut, CacheDir: s.cache, Log: &bytes.Buffer{}})
	// From nothing: without a cache, a build refuses an output folder
	// holding a file it no longer writes (a static file since removed).
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	_, freshErr := Build(Config{Source: s.dir, Out: out, CacheDir: "-", Log: &bytes.Buffer{}})
	var ce *diag.ContentError
	if freshErr != nil {
		if !errors.As(freshErr, &ce) {
			t.Fatalf("%s: fresh build: %v", what, freshErr)
		}
		for _, err := range []error{blindErr, toldErr, warmErr} {
			if err == nil || err.Error() != freshErr.Error() {
				t.Fatalf("%s: fresh build failed with\n%v\nbut the Builders gave\nBuild: %v\nBuildChanged: %v\nand a build with a cache: %v", what, freshErr, blindErr, toldErr, warmErr)
			}
		}
		sameFiles(t, what+", output of a failed build with a cache", readTree(t, s.warmOut), warmBefore)
		if !strings.Contains(what, ": broken ") {
			t.Fatalf("%s: the site should build, but:\n%v", what, freshErr)
		}
		return
	}
	if blindErr != nil || toldErr != nil || warmErr != nil {
		t.Fatalf("%s: a Builder failed where a fresh build did not:\nBuild: %v\nBuildChanged: %v\nbuild with a cache: %v", what, blindErr, toldErr, warmErr)
	}
	if strings.Contains(what, ": broken ") {
		t.Fatalf("%s: a broken save built", what)
	}
	fresh := map[string][]byte{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		fresh[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, what+", Build", served(t, s.dir, blind), fresh)
	sameFiles(t, what+", build to disk with a cache", readTree(t, s.warmOut), fresh)
	if warmStats.Rendered < warmStats.Pages {
		s.warm++
	}
	s.warmStats = warmStats
	sameFiles(t, what+", BuildChanged", served(t, s.dir, told), fresh)
	for name, data := range s.preview {
		if !bytes.Equal(data, fresh[name]) {
			t.Fatalf("%s: Preview's %s differs from a fresh build's:%s", what, name, firstDifference(data, fresh[name]))
		}
	}
}

// served is a Builder's result as brief serve serves it: its files, and
// each copy read from its source file in src (OpenCopy). A copy's bytes
// must have the hash the build gave it: one the build did not see change
// would keep an open page from reloading.
func served(t *testing.T, src string, res *Result) map[string][]byte {
	t.Helper()
	files := maps.Clone(res.Files)
	for rel, c := range res.Copied {
		if _, ok := files[rel]; ok {
			t.Errorf("%s is both a file the build makes and a copy of %s", rel, c.Source)
		}
		f, err := OpenCopy(src, c)
		if err != nil {
			t.Fatalf("the copy %s: %v", rel, err)
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			t.Fatalf("the copy %s: %v", rel, err)
		}
		if sum := xxhash.Sum64(data); sum != c.Sum {
			t.Errorf("the copy %s of %s has the hash %x; its bytes have %x", rel, c.Source, c.Sum, sum)
		}
		files[rel] = data
	}
	return files
}

func sameFiles(t *testing.T, what string, got, fresh map[string][]byte) {
	t.Helper()
	var diffs []string
	for name, data := range fresh {
		g, ok := got[name]
		switch {
		case !ok:
			diffs = append(diffs, "missing from the Builder's result: "+name)
		case !bytes.Equal(g, data):
			diffs = append(diffs, "differs: "+name+firstDifference(g, data))
		}
	}
	for name := range got {
		if _, ok := fresh[name]; !ok {
			diffs = append(diffs, "only in the Builder's result (stale?): "+name)
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		if len(diffs) > 10 {
			diffs = append(diffs[:10], fmt.Sprintf("… %d more", len(diffs)-10))
		}
		t.Fatalf("%s: the Builder's result differs from a fresh build:\n%s", what, strings.Join(diffs, "\n"))
	}
}

func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-60)
	return fmt.Sprintf("\n\tBuilder: …%q…\n\tfresh:   …%q…", got[from:min(len(got), i+60)], want[from:min(len(want), i+60)])
}

// TestKeptPagesFollowTheFrame changes which sections the masthead names
// and which plain pages the footer names, where the site has more than
// either shows, without touching the pages kept from the build before:
// every page's frame changes, so every page must be written again.
func TestKeptPagesFollowTheFrame(t *testing.T) {
	s, out := newCheckedSite(t, 3)
	for i := 1; i <= layout.NavSections+1; i++ {
		s.write(fmt.Sprintf("content/s%02d/a.md", i), briefingFile("A", "2026-01-02", "Trade"))
	}
	s.check(out, "more sections than the masthead shows")
	last := fmt.Sprintf("content/s%02d/", layout.NavSections+1)
	s.write(last+"b.md", briefingFile("B", "2026-01-03", "Trade"))
	s.write(last+"c.md", briefingFile("C", "2026-01-04", "Trade"))
	s.check(out, "the last section gains briefings and a place in the masthead")
	s.remove(last + "b.md")
	s.remove(last + "c.md")
	s.check(out, "and loses them")
	for i := 1; i <= layout.FooterPages; i++ {
		s.write(fmt.Sprintf("content/p%02d.md", i), fmt.Sprintf("---\ntitle: Page %02d\n---\n\nText.\n", i))
	}
	s.check(out, "more plain pages than the footer shows")
	s.write("content/p00.md", "---\ntitle: Page 00\n---\n\nText.\n")
	s.check(out, "a plain page that comes first by title")
	// A section or a plain page that neither the masthead nor the footer
	// names changes the pages that list it, not every page. (Plain pages,
	// the home page and the indexes are always rendered: 18 of this
	// site's pages.)
	s.write("content/zz.md", "---\ntitle: Zz\n---\n\nText.\n")
	s.check(out, "a plain page that comes last by title")
	if st := s.warmStats; st.Rendered > st.Pages/2 {
		t.Errorf("a plain page past the footer's ten: %d of %d pages rendered again", st.Rendered, st.Pages)
	}
	s.write(fmt.Sprintf("content/s%02d/a.md", layout.NavSections+2), briefingFile("A", "2001-01-02", "A topic of its own"))
	s.check(out, "a section of one briefing past the masthead's ten")
	if st := s.warmStats; st.Rendered > st.Pages/2 {
		t.Errorf("a section past the masthead's ten: %d of %d pages rendered again", st.Rendered, st.Pages)
	}
}

// TestSettingsReachKeptBodies changes the settings a body's HTML depends
// on besides its bytes and its links' answers: the base URL's path, which
// a root-relative link is written under, and unsafe_html; and the time
// zone, which a parse of a bare date depends on.
func TestSettingsReachKeptBodies(t *testing.T) {
	s, out := newCheckedSite(t, 5)
	s.write("content/economy/rooted.md", "---\ntitle: Rooted\nsummary: S.\ndate: 2026-01-02\ntopics: [Trade]\n---\n\nSee [the section](/economy/) and <b>this</b>.\n")
	s.check(out, "a body with a root-relative link and raw HTML")
	for i, settings := range []string{
		"base_url: https://x.github.io/news/\n",
		"base_url: https://x.github.io/news/\nunsafe_html: true\n",
		"base_url: https://x.github.io/briefings/\nunsafe_html: true\n",
		"base_url: https://x.github.io/briefings/\n",
		"base_url: https://x.github.io/briefings/\ntimezone: Asia/Tokyo\n", // a bare date is midnight there
		"base_url: https://x.github.io/briefings/\ntimezone: Asia/Tokyo\npaginate: 2\n",
		"base_url: https://x.github.io/briefings/\npaginate: 2\n",
	} {
		s.write("site.yaml", "title: Evolving Desk\n"+settings)
		s.check(out, fmt.Sprintf("settings %d: %q", i+1, settings))
	}
}

// TestPictureSizeFollowsTheFile: a picture replaced by one of another
// size under the same name gives its new width and height to the pages
// that show it (its briefing's, and the analyst's page of a note that
// shows it too), in both Builders and in a build from the cache as in a
// fresh build, though no markdown changed; a picture no longer readable
// as one loses them.
func TestPictureSizeFollowsTheFile(t *testing.T) {
	s, out := newCheckedSite(t, 7)
	s.write("content/world/port/index.md", "---\ntitle: Port\nsummary: S.\ndate: 2026-01-02\ntopics: [Trade]\n---\n\n![The port from the air](port.png)\n")
	s.write("content/world/port/notes/lena.md", "---\nanalyst: Lena Ortiz\ndate: 2026-01-03\n---\n\nSee ![the berths](../port.png).\n")
	s.write("content/world/port/port.png", pngFile(t, 40, 30))
	s.check(out, "a bundle with a picture")
	pages := []string{"world/port/index.html", "analysts/lena-ortiz/index.html"}
	img := regexp.MustCompile(`<img [^>]*port\.png"[^>]*>`)
	shows := func(what, size string) {
		t.Helper()
		for _, p := range pages {
			page, err := os.ReadFile(filepath.Join(out, p))
			if err != nil {
				t.Fatal(err)
			}
			tags := img.FindAllString(string(page), -1)
			if len(tags) == 0 {
				t.Errorf("%s: %s shows no port.png", what, p)
			}
			for _, tag := range tags {
				if size == "" && strings.Contains(tag, "width=") || size != "" && !strings.HasSuffix(tag, size+">") {
					t.Errorf("%s: %s shows %s; want the size %q", what, p, tag, size)
				}
			}
		}
	}
	shows("a bundle with a picture", ` width="40" height="30"`)
	s.write("content/world/port/port.png", pngFile(t, 1200, 800))
	s.check(out, "the picture replaced by a larger one")
	shows("the picture replaced by a larger one", ` width="1200" height="800"`)
	s.write("content/world/port/port.png", "no longer a picture")
	s.check(out, "the picture replaced by text")
	shows("the picture replaced by text", "")
}
