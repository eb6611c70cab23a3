package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"brief/generator/diag"

	"golang.org/x/net/html"
)

// listingSite has 8 briefings over two sections, with paginate: 3 so that
// listings span pages.
func listingSite(t *testing.T) string {
	files := map[string]string{"site.yaml": testSiteYAML}
	topics := map[int][]string{
		1: {"Alpha"}, 2: {"Alpha", "Beta"}, 3: {"beta"}, 4: {"ALPHA"},
		5: {"Alpha", "Gamma"}, 6: {"Gamma"}, 7: {"Alpha"}, 8: {"alpha", "beta"},
	}
	for i := 1; i <= 8; i++ {
		section := "world"
		if i%2 == 0 {
			section = "economy"
		}
		date := fmt.Sprintf("2026-01-%02d", i)
		files[fmt.Sprintf("content/%s/b%d.md", section, i)] = briefingFile(fmt.Sprintf("B%d", i), date, topics[i]...)
	}
	// Same date as b7: ordered by URL after date.
	files["content/world/a7.md"] = briefingFile("A7", "2026-01-07", "Alpha")
	return writeSite(t, files)
}

// listed returns, in order of first appearance, the briefing URLs linked
// from the <main> of an HTML page.
func listed(t *testing.T, page []byte, isBriefing func(string) bool) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	seen := map[string]bool{}
	var walk func(n *html.Node, inMain bool)
	walk = func(n *html.Node, inMain bool) {
		if n.Type == html.ElementNode && n.Data == "main" {
			inMain = true
		}
		if inMain && n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" && isBriefing(a.Val) && !seen[a.Val] {
					seen[a.Val] = true
					out = append(out, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inMain)
		}
	}
	walk(doc, false)
	return out
}

func TestListingsAcrossPages(t *testing.T) {
	src := listingSite(t)
	out := mustBuild(t, Config{Source: src})
	files := readTree(t, out)
	isBriefing := func(u string) bool {
		return strings.Count(u, "/") == 4 && strings.HasPrefix(u, "/desk/") && !strings.Contains(u, "/topics/") && !strings.Contains(u, "/analysts/") && !strings.Contains(u, "/page/")
	}
	u := func(names ...string) []string {
		var out []string
		for _, n := range names {
			section := "world"
			if n != "a7" && (n[1]-'0')%2 == 0 {
				section = "economy"
			}
			out = append(out, "/desk/"+section+"/"+n+"/")
		}
		return out
	}
	tests := []struct {
		pages []string
		want  [][]string
	}{
		{ // topic "alpha", all spellings, newest first, a7 before b7 (same date, URL order)
			[]string{"topics/alpha/index.html", "topics/alpha/page/2/index.html"},
			[][]string{u("b8", "a7", "b7"), u("b5", "b4", "b2"), u("b1")},
		},
		{
			[]string{"topics/beta/index.html"},
			[][]string{u("b8", "b3", "b2")},
		},
		{
			[]string{"world/index.html", "world/page/2/index.html"},
			[][]string{u("a7", "b7", "b5"), u("b3", "b1")},
		},
		{
			[]string{"economy/index.html", "economy/page/2/index.html"},
			[][]string{u("b8", "b6", "b4"), u("b2")},
		},
	}
	for _, tt := range tests {
		for i, page := range tt.pages {
			got := listed(t, files[page], isBriefing)
			if fmt.Sprint(got) != fmt.Sprint(tt.want[i]) {
				t.Errorf("%s lists %v; want %v", page, got, tt.want[i])
			}
		}
	}
	// A page after the first says which it is in its title, as tabs,
	// bookmarks and search results show it.
	for page, want := range map[string]string{
		"world/index.html":               "<title>World · Test Desk</title>",
		"world/page/2/index.html":        "<title>World, page 2 · Test Desk</title>",
		"topics/alpha/page/3/index.html": "<title>Alpha, page 3 · Test Desk</title>",
	} {
		if !strings.Contains(string(files[page]), want) {
			t.Errorf("%s lacks %s", page, want)
		}
	}
	// A topic's pages link to its feed where a reader sees it, not only
	// in <head>; other listings have no feed of their own.
	isFeed := func(u string) bool { return strings.HasSuffix(u, ".xml") }
	for page, want := range map[string]string{
		"topics/alpha/index.html":        "[/desk/topics/alpha/feed.xml]",
		"topics/alpha/page/2/index.html": "[/desk/topics/alpha/feed.xml]",
		"world/index.html":               "[]",
	} {
		if got := listed(t, files[page], isFeed); fmt.Sprint(got) != want {
			t.Errorf("%s links to the feeds %v in its main part; want %s", page, got, want)
		}
	}
	if _, ok := files["topics/alpha/page/3/index.html"]; !ok {
		t.Errorf("topics/alpha/page/3/ missing: 7 briefings at 3 a page need 3 pages")
	}
	if _, ok := files["topics/alpha/page/4/index.html"]; ok {
		t.Errorf("topics/alpha/page/4/ exists: 7 briefings at 3 a page need only 3 pages")
	}
	if _, ok := files["topics/beta/page/2/index.html"]; ok {
		t.Errorf("topics/beta/page/2/ exists; beta has 3 briefings, one page")
	}
}

func TestAnalystPagesListTheirNotes(t *testing.T) {
	files := map[string]string{"site.yaml": testSiteYAML}
	for i := 1; i <= 4; i++ {
		b := fmt.Sprintf("content/world/b%d/", i)
		files[b+"index.md"] = briefingFile(fmt.Sprintf("B%d", i), fmt.Sprintf("2026-02-0%d", i), "Alpha")
		files[b+"notes/east-asia-desk.md"] = "---\nanalyst: \"East Asia Desk\"\ndate: 2026-03-01\n---\n\nNote on B" + fmt.Sprint(i) + ".\n"
		if i%2 == 1 {
			files[b+"notes/kim.md"] = "---\nanalyst: \"Mira Kim\"\n---\n\nKim on B" + fmt.Sprint(i) + ".\n"
		}
	}
	files["content/analysts/east-asia-desk.md"] = "---\nname: \"East Asia Desk\"\naffiliation: \"The Desk\"\n---\n\nThe desk's regional team.\n"
	out := readTree(t, mustBuild(t, Config{Source: writeSite(t, files)}))
	isBriefing := func(u string) bool { return strings.HasPrefix(u, "/desk/world/b") }
	strip := func(us []string) []string {
		for i := range us {
			us[i], _, _ = strings.Cut(us[i], "#")
		}
		return us
	}
	got := strip(listed(t, out["analysts/east-asia-desk/index.html"], func(u string) bool { return isBriefing(u) }))
	got2 := strip(listed(t, out["analysts/east-asia-desk/page/2/index.html"], func(u string) bool { return isBriefing(u) }))
	if want := "[/desk/world/b4/ /desk/world/b3/ /desk/world/b2/]"; fmt.Sprint(got) != want {
		t.Errorf("east-asia-desk page 1 lists %v; want %v", got, want)
	}
	if want := "[/desk/world/b1/]"; fmt.Sprint(got2) != want {
		t.Errorf("east-asia-desk page 2 lists %v; want %v", got2, want)
	}
	kim := strip(listed(t, out["analysts/mira-kim/index.html"], isBriefing))
	if want := "[/desk/world/b3/ /desk/world/b1/]"; fmt.Sprint(kim) != want {
		t.Errorf("mira-kim lists %v; want %v", kim, want)
	}
	page := string(out["world/b3/index.html"])
	for _, want := range []string{"East Asia Desk", "The Desk", "Mira Kim", "Kim on B3", "Note on B3", `href="/desk/analysts/mira-kim/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("world/b3/index.html lacks %q", want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	src := listingSite(t)
	a := readTree(t, mustBuild(t, Config{Source: src}))
	prev := runtime.GOMAXPROCS(1)
	b := readTree(t, mustBuild(t, Config{Source: src}))
	runtime.GOMAXPROCS(prev)
	if d := diffTrees(a, b); len(d) > 0 {
		t.Errorf("two builds of the same input differ:\n%s", strings.Join(d, "\n"))
	}
}

func TestFailedBuildKeepsOutput(t *testing.T) {
	src := listingSite(t)
	out := mustBuild(t, Config{Source: src})
	before := readTree(t, out)
	stamp := filepath.Join(out, "index.html")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(stamp, old, old); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(src, "content/world/b1.md")
	if err := os.WriteFile(broken, []byte("---\ntitle: \"B1\"\ntopics: Alpha\n---\nno summary, no date\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(Config{Source: src, Out: out})
	var ce *diag.ContentError
	if !errors.As(err, &ce) {
		t.Fatalf("build of a broken site: err = %v; want a content error", err)
	}
	if got := ce.Error(); !strings.Contains(got, "content/world/b1.md:3:9: `topics` must be a list") || !strings.Contains(got, "missing required key `summary`") {
		t.Errorf("errors = %q; want all of the file's problems with positions", got)
	}
	if d := diffTrees(before, readTree(t, out)); len(d) > 0 {
		t.Errorf("failed build changed the output:\n%s", strings.Join(d, "\n"))
	}
	if fi, err := os.Stat(stamp); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("failed build touched index.html (%v, %v)", fi.ModTime(), err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if e.Name() != "public" {
			t.Errorf("failed build left %s beside the output", e.Name())
		}
	}
}

func TestNoStaleFiles(t *testing.T) {
	src := listingSite(t)
	out := mustBuild(t, Config{Source: src})
	if err := os.Remove(filepath.Join(src, "content/world/b1.md")); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, Config{Source: src, Out: out})
	if _, err := os.Stat(filepath.Join(out, "world/b1/index.html")); !os.IsNotExist(err) {
		t.Errorf("world/b1/index.html survived the removal of its source (err = %v)", err)
	}
}

// TestOutputNeverAnInput points --out at the site's inputs and its cache,
// and --cache at the inputs and the output: each build is refused before
// it writes anything, and the site is left exactly as it was. (A build
// replaces its output folder whole: before this check, --out content
// swapped the site's content for its pages, and --cache content wrote the
// cache's files among the briefings.)
func TestOutputNeverAnInput(t *testing.T) {
	src := listingSite(t)
	writeFiles(t, src, map[string]string{"static/humans.txt": "brief\n"})
	mustBuild(t, Config{Source: src, Out: filepath.Join(src, "public")}) // the cache folder now exists too
	before := readTree(t, src)
	for _, out := range []string{"content", "content/world", "content/x", "layouts", "static", "static/x", ".brief-cache", ".brief-cache/x", "site.yaml"} {
		_, err := Build(Config{Source: src, Out: filepath.Join(src, filepath.FromSlash(out)), Log: io.Discard})
		if err == nil || !strings.Contains(err.Error(), "overlap") || !strings.Contains(err.Error(), "--out") {
			t.Errorf("build with --out %s: err = %v; want a refusal", out, err)
		}
	}
	// The same folders, reached through a link to the site's folder or
	// to content/.
	links := t.TempDir()
	for link, target := range map[string]string{"site": src, "content": filepath.Join(src, "content")} {
		if err := os.Symlink(target, filepath.Join(links, link)); err != nil {
			t.Fatal(err)
		}
	}
	for _, out := range []string{"site/content/new", "content/new", "content", "site/static"} {
		_, err := Build(Config{Source: src, Out: filepath.Join(links, filepath.FromSlash(out)), Log: io.Discard})
		if err == nil || !strings.Contains(err.Error(), "overlap") || !strings.Contains(err.Error(), "--out") {
			t.Errorf("build with --out %s, through a link: err = %v; want a refusal", out, err)
		}
	}
	// The cache folder is written by every build: the same holds for it.
	for _, cache := range []string{"content", "content/world", "layouts", "static/x", "site.yaml", "public", "public/cache"} {
		_, err := Build(Config{Source: src, Out: filepath.Join(src, "public"), CacheDir: filepath.Join(src, filepath.FromSlash(cache)), Log: io.Discard})
		if err == nil || !strings.Contains(err.Error(), "overlap") || !strings.Contains(err.Error(), "--cache") {
			t.Errorf("build with --cache %s: err = %v; want a refusal", cache, err)
		}
	}
	// Another cache, or an output beside another cache, inside the
	// default cache folder makes builds with the default refuse it.
	for _, cfg := range []Config{
		{Out: filepath.Join(src, "public"), CacheDir: filepath.Join(src, ".brief-cache", "sub")},
		{Out: filepath.Join(src, ".brief-cache", "site"), CacheDir: "-"},
		{Out: filepath.Join(src, ".brief-cache", "site"), CacheDir: filepath.Join(t.TempDir(), "other")},
	} {
		cfg.Source, cfg.Log = src, io.Discard
		if _, err := Build(cfg); err == nil || !strings.Contains(err.Error(), "inside brief's default cache folder") {
			t.Errorf("build with --out %s --cache %s: err = %v; want a refusal", cfg.Out, cfg.CacheDir, err)
		}
	}
	cache := filepath.Join(t.TempDir(), "cache")
	if _, err := Build(Config{Source: src, Out: filepath.Join(cache, "site"), CacheDir: cache, Log: io.Discard}); err == nil {
		t.Errorf("build with --out inside --cache: want a refusal")
	}
	// The root holds everything: --out / walked the whole file system,
	// and --cache / wrote the state into it.
	root := filepath.VolumeName(src) + string(filepath.Separator)
	if _, err := Build(Config{Source: src, Out: root, Log: io.Discard}); err == nil || !strings.Contains(err.Error(), "contains the source folder") {
		t.Errorf("build with --out %s: err = %v; want a refusal", root, err)
	}
	if _, err := Build(Config{Source: src, Out: filepath.Join(src, "public"), CacheDir: root, Log: io.Discard}); err == nil || !strings.Contains(err.Error(), "--cache") {
		t.Errorf("build with --cache %s: err = %v; want a refusal", root, err)
	}
	if d := diffTrees(before, readTree(t, src)); len(d) > 0 {
		t.Errorf("refused builds changed the site:\n%s", strings.Join(d, "\n"))
	}
}

// TestOutputKeepsOthersFiles builds into folders that hold files brief did
// not write: the build is refused and the folder left as it was. Into a
// folder brief wrote, whose manifest is lost, the build goes on.
func TestOutputKeepsOthersFiles(t *testing.T) {
	src := listingSite(t)
	refused := func(name, out string, cfg Config) {
		t.Helper()
		before := readTree(t, out)
		cfg.Source, cfg.Out, cfg.Log = src, out, io.Discard
		_, err := Build(cfg)
		if err == nil || !strings.Contains(err.Error(), "holds files ") || !strings.Contains(err.Error(), " will not ") {
			t.Errorf("%s: err = %v; want a refusal", name, err)
		}
		if d := diffTrees(before, readTree(t, out)); len(d) > 0 {
			t.Errorf("%s: the refused build changed the folder:\n%s", name, strings.Join(d, "\n"))
		}
		entries, _ := os.ReadDir(filepath.Dir(out))
		if len(entries) != 1 {
			t.Errorf("%s: the refused build left %d entries beside the output; want none", name, len(entries)-1)
		}
	}

	// A folder of someone else's, with or without a cache.
	mine := filepath.Join(t.TempDir(), "mine")
	writeFiles(t, mine, map[string]string{"thesis.txt": "precious", "notes/a.md": "mine", ".git/HEAD": "ref: refs/heads/main\n"})
	refused("a folder of one's own", mine, Config{})
	refused("a folder of one's own, no cache", mine, Config{CacheDir: "-"})

	// brief's output, with a file added since.
	out := mustBuild(t, Config{Source: src})
	writeFiles(t, out, map[string]string{"CNAME": "example.org\n"})
	refused("a file added to brief's output", out, Config{})
	if err := os.Remove(filepath.Join(out, "CNAME")); err != nil {
		t.Fatal(err)
	}

	// brief's output made a checkout of the pages branch (.git/ in it),
	// with no cache or another: no build writes .git/, so the folder is
	// not taken for brief's alone, and the checkout is kept.
	writeFiles(t, out, map[string]string{".git/HEAD": "ref: refs/heads/gh-pages\n", ".git/objects/ab/cdef": "x"})
	refused("a checkout of brief's output, no cache", out, Config{CacheDir: "-"})
	refused("a checkout of brief's output, another cache", out, Config{CacheDir: filepath.Join(t.TempDir(), "other")})
	if err := os.RemoveAll(filepath.Join(out, ".git")); err != nil {
		t.Fatal(err)
	}

	// brief's output without its manifest, and with the temporary file of
	// an update in place cut short: brief's own, built again.
	writeFiles(t, out, map[string]string{"world/.index.html.brief-tmp": "half"})
	if err := os.RemoveAll(filepath.Join(src, CacheDir)); err != nil {
		t.Fatal(err)
	}
	want := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
	mustBuild(t, Config{Source: src, Out: out})
	if d := diffTrees(want, readTree(t, out)); len(d) > 0 {
		t.Errorf("build into brief's former output, the cache deleted:\n%s", strings.Join(d, "\n"))
	}
	mustBuild(t, Config{Source: src, Out: out, CacheDir: "-"})
	if d := diffTrees(want, readTree(t, out)); len(d) > 0 {
		t.Errorf("build into brief's former output without a cache:\n%s", strings.Join(d, "\n"))
	}

	// brief's output with no manifest that records it, holding files of
	// the user's: a build that would not write them again leaves the
	// folder as it is. The pages, feeds and search index of an earlier
	// build (of a briefing deleted since) are brief's, and go.
	writeFiles(t, out, map[string]string{"Documents/thesis.txt": "only copy"})
	refused("a file added to brief's output, no cache", out, Config{CacheDir: "-"})
	if err := os.RemoveAll(filepath.Join(src, CacheDir)); err != nil {
		t.Fatal(err)
	}
	refused("a file added to brief's output, the cache deleted", out, Config{})
	if err := os.RemoveAll(filepath.Join(out, "Documents")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, out, map[string]string{"google123.html": "google-site-verification: google123.html\n"})
	refused("a page of the user's in brief's output, no cache", out, Config{CacheDir: "-"})
	if err := os.Remove(filepath.Join(out, "google123.html")); err != nil {
		t.Fatal(err)
	}
	b1 := filepath.Join(src, "content/world/b1.md")
	page, err := os.ReadFile(b1)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(b1); err != nil {
		t.Fatal(err)
	}
	want = readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
	mustBuild(t, Config{Source: src, Out: out, CacheDir: "-"})
	if d := diffTrees(want, readTree(t, out)); len(d) > 0 {
		t.Errorf("build without a cache after a briefing was deleted:\n%s", strings.Join(d, "\n"))
	}
	writeFiles(t, src, map[string]string{"content/world/b1.md": string(page)})
	mustBuild(t, Config{Source: src, Out: out, CacheDir: "-"})

	// A build with another cache, or none, writes the folder after the
	// one the cache records: the next build with the cache goes on.
	writeFiles(t, src, map[string]string{"content/world/b9.md": "---\ntitle: \"B9\"\nsummary: \"S\"\ndate: 2026-03-09\ntopics: [Alpha]\n---\nNew.\n"})
	mustBuild(t, Config{Source: src, Out: out, CacheDir: "-"})
	want = readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
	mustBuild(t, Config{Source: src, Out: out})
	if d := diffTrees(want, readTree(t, out)); len(d) > 0 {
		t.Errorf("build with the cache after one without:\n%s", strings.Join(d, "\n"))
	}
}

// TestStatsString checks the summary line's counts, singular and plural.
func TestStatsString(t *testing.T) {
	s := Stats{Briefings: 1, Notes: 0, Topics: 2, Analysts: 1, Pages: 1, Files: 1, Duration: 1500 * time.Microsecond}
	if got, want := s.String(), "1 briefing, 0 notes, 2 topics, 1 analyst: 1 page (1 file) in 2ms"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestStaticHiddenFiles checks that static/ is copied as it is, hidden
// files and folders included (.well-known/security.txt, .htaccess), but
// for version control's files, .DS_Store and editor litter; and that a
// change to a hidden file reaches the next build through the cache.
func TestStaticHiddenFiles(t *testing.T) {
	src := listingSite(t)
	writeFiles(t, src, map[string]string{
		"static/.well-known/security.txt": "Contact: mailto:desk@example.org\n",
		"static/.htaccess":                "ErrorDocument 404 /404.html\n",
		"static/.git/HEAD":                "ref: refs/heads/main\n",
		"static/.gitignore":               "*.tmp\n",
		"static/.DS_Store":                "finder",
		"static/docs/.gitkeep":            "",
		"static/docs/guide.txt~":          "backup",
		"static/docs/.guide.txt.swp":      "swap",
		"static/docs/guide.txt":           "guide\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Config{Source: src, Out: out})
	tree := readTree(t, out)
	for name, want := range map[string]string{
		".well-known/security.txt": "Contact: mailto:desk@example.org\n",
		".htaccess":                "ErrorDocument 404 /404.html\n",
		"docs/guide.txt":           "guide\n",
	} {
		if got, ok := tree[name]; !ok || string(got) != want {
			t.Errorf("%s = %q (present %v); want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{".git/HEAD", ".gitignore", ".DS_Store", "docs/.gitkeep", "docs/guide.txt~", "docs/.guide.txt.swp"} {
		if _, ok := tree[name]; ok {
			t.Errorf("%s was published", name)
		}
	}
	writeFiles(t, src, map[string]string{"static/.well-known/security.txt": "Contact: mailto:news@example.org\n"})
	mustBuild(t, Config{Source: src, Out: out})
	if got := readTree(t, out)[".well-known/security.txt"]; string(got) != "Contact: mailto:news@example.org\n" {
		t.Errorf("after an edit, .well-known/security.txt = %q", got)
	}
}

// TestFailedUpdateInPlaceChangesNothing removes a briefing and adds one
// whose page cannot be put in place (a folder stands where it goes, which
// stops root too): the build fails, and the output is as it was. The
// files that were gone were removed before the writes, so the site was
// left half updated; the changed files are written outside the output,
// and put in place only once Commit has checked that nothing stops it.
func TestFailedUpdateInPlaceChangesNothing(t *testing.T) {
	src := listingSite(t)
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Source: src, Out: out, CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	mustBuild(t, cfg)
	before := readTree(t, out)
	victim := ""
	for name := range before {
		if strings.HasPrefix(name, "world/") && strings.HasSuffix(name, "/index.html") && strings.Count(name, "/") == 2 && !strings.HasPrefix(name, "world/page/") {
			victim = strings.TrimSuffix(name, "/index.html")
			break
		}
	}
	if victim == "" {
		t.Fatal("no briefing page to remove")
	}
	if err := os.Remove(filepath.Join(src, "content", filepath.FromSlash(victim)+".md")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, src, map[string]string{"content/world/added.md": briefingFile("Added", "2026-01-09", "Alpha")})
	blocker := filepath.Join(out, "world", "added", "index.html")
	if err := os.MkdirAll(blocker, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(cfg); err == nil || !strings.Contains(err.Error(), "world/added/index.html") {
		t.Fatalf("build: err = %v; want the new page's place to be taken", err)
	}
	os.RemoveAll(filepath.Dir(blocker))
	if d := diffTrees(before, readTree(t, out)); len(d) > 0 {
		t.Errorf("the failed build changed the output:\n%s", strings.Join(d, "\n"))
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("the failed build left %d entries beside the output; want none", len(entries)-1)
	}
	// Once it can be written, the build goes through.
	mustBuild(t, cfg)
	got := readTree(t, out)
	if _, ok := got[victim+"/index.html"]; ok {
		t.Errorf("%s/index.html is still published", victim)
	}
	if _, ok := got["world/added/index.html"]; !ok {
		t.Errorf("world/added/index.html is not published")
	}
}

// TestOutputIsALink refuses an output folder that is a symbolic link, and
// names the folder to pass instead: replacing the output whole would
// replace the link.
func TestOutputIsALink(t *testing.T) {
	src := listingSite(t)
	target := t.TempDir()
	link := filepath.Join(t.TempDir(), "public")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	_, err := Build(Config{Source: src, Out: link, Log: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "is a symbolic link") || !strings.Contains(err.Error(), target) {
		t.Errorf("build into a link: err = %v; want a refusal naming %s", err, target)
	}
	// With a slash after it, Lstat follows the link: the build went on
	// and swapped a folder in for the link (--out public/).
	if _, err := Build(Config{Source: src, Out: link + "/", Log: io.Discard}); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("build into a link given with a slash: err = %v; want a refusal", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link is no longer a link: %v", err)
	}
	// A link that leads nowhere yet is named where it says (it was "()").
	nowhere := filepath.Join(t.TempDir(), "not-yet")
	dangling := filepath.Join(t.TempDir(), "public")
	if err := os.Symlink(nowhere, dangling); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Config{Source: src, Out: dangling, Log: io.Discard}); err == nil || !strings.Contains(err.Error(), "("+nowhere+")") {
		t.Errorf("build into a dangling link: err = %v; want a refusal naming %s", err, nowhere)
	}
}

// TestUndatedNotesLast builds a briefing with dated notes and undated ones,
// by the Go code of the theme and by its templates (a copy of
// partials.html in layouts/): the undated notes come after the dated ones,
// in file name order, so the analyst's dated note keeps the plain anchor
// (#note-wen-li); an undated note sorted first and took it. A note with
// neither date nor confidence has no empty meta paragraph.
func TestUndatedNotesLast(t *testing.T) {
	partials, err := os.ReadFile(filepath.Join("layout", "theme", "partials.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		layouts map[string]string
	}{{"Go code", nil}, {"templates", map[string]string{"layouts/partials.html": string(partials)}}} {
		files := map[string]string{
			"site.yaml":                              testSiteYAML,
			"content/region/alpha/index.md":          briefingFile("Alpha", "2025-03-01", "Grain"),
			"content/region/alpha/notes/zed.md":      "---\nanalyst: Zed\ndate: 2025-04-01\nconfidence: high\n---\nZed's note.\n",
			"content/region/alpha/notes/wen-li.md":   "---\nanalyst: Wen Li\ndate: 2025-05-05\n---\nWen's dated note.\n",
			"content/region/alpha/notes/wen-li-2.md": "---\nanalyst: Wen Li\n---\nWen's undated note.\n",
			"content/region/alpha/notes/ann.md":      "---\nanalyst: Ann\n---\nAnn's undated note.\n",
		}
		for name, text := range c.layouts {
			files[name] = text
		}
		out := readTree(t, mustBuild(t, Config{Source: writeSite(t, files)}))
		page := string(out["region/alpha/index.html"])
		var ids []string
		for _, m := range regexp.MustCompile(`<article class="note" id="([^"]+)">`).FindAllStringSubmatch(page, -1) {
			ids = append(ids, m[1])
		}
		if got, want := fmt.Sprint(ids), "[note-zed note-wen-li note-ann note-wen-li-2]"; got != want {
			t.Errorf("%s: notes in the order %s; want %s", c.name, got, want)
		}
		if !strings.Contains(page, `id="note-wen-li">`+"\n<header>\n"+`<h3 class="analyst"><a href="/desk/analysts/wen-li/">Wen Li</a></h3>`+"\n"+`<p class="meta"><time datetime="2025-05-05T00:00:00Z">5 May 2025</time></p>`) {
			t.Errorf("%s: the dated note of Wen Li is not #note-wen-li:\n%s", c.name, page)
		}
		for _, name := range []string{"region/alpha/index.html", "analysts/wen-li/index.html", "analysts/ann/index.html"} {
			if strings.Contains(string(out[name]), `<p class="meta"></p>`) {
				t.Errorf("%s: %s has an empty meta paragraph", c.name, name)
			}
		}
	}
}

// TestEmptyListings builds an analyst's page for a profile with no notes
// and a section's page for an _index.md with no briefings, by the Go code
// of the theme and by its templates: each says so in a sentence, where
// it had an empty list.
func TestEmptyListings(t *testing.T) {
	theme := func(name string) string {
		b, err := os.ReadFile(filepath.Join("layout", "theme", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, c := range []struct {
		name    string
		layouts map[string]string
	}{{"Go code", nil}, {"templates", map[string]string{"layouts/partials.html": theme("partials.html"), "layouts/analyst.html": theme("analyst.html")}}} {
		files := map[string]string{
			"site.yaml":                       testSiteYAML,
			"content/world/x.md":              briefingFile("X", "2026-01-01", "Trade"),
			"content/quiet/_index.md":         "---\ntitle: \"Quiet\"\n---\nNothing here.\n",
			"content/analysts/nobody-here.md": "---\nname: \"Nobody Here\"\n---\nA profile.\n",
		}
		for name, text := range c.layouts {
			files[name] = text
		}
		out := readTree(t, mustBuild(t, Config{Source: writeSite(t, files)}))
		for page, want := range map[string]string{
			"analysts/nobody-here/index.html": `<h2 id="listing-count" class="label">0 analyst notes</h2>` + "\n" + `<p class="empty">No notes yet.</p>` + "\n</section>",
			"quiet/index.html":                `<h2 id="listing-count" class="label">0 briefings</h2>` + "\n" + `<p class="empty">No briefings yet.</p>` + "\n</section>",
		} {
			html := string(out[page])
			if !strings.Contains(html, want) || strings.Contains(html, "<ol") {
				t.Errorf("%s: %s lacks %q, or has a list:\n%s", c.name, page, want, html)
			}
		}
	}
}
