package generator

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"brief/generator/diag"
	"brief/generator/layout"
)

// writeSite writes files (path → content) under a new temp folder and
// returns it.
func writeSite(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return dir
}

// pngFile is a blank PNG picture of w×h pixels, as the text of a file
// that writeFiles writes.
func pngFile(t testing.TB, w, h int) string {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// writeFiles writes files (slash-separated path → content) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree returns every file under dir, path → content.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// mustBuild builds src into a new temp folder and returns the folder.
func mustBuild(t testing.TB, cfg Config) string {
	t.Helper()
	if cfg.Out == "" {
		cfg.Out = filepath.Join(t.TempDir(), "public")
	}
	cfg.Log = io.Discard
	if _, err := Build(cfg); err != nil {
		t.Fatalf("build %s: %v", cfg.Source, err)
	}
	return cfg.Out
}

func diffTrees(a, b map[string][]byte) []string {
	var diffs []string
	for name, x := range a {
		y, ok := b[name]
		switch {
		case !ok:
			diffs = append(diffs, "only in first: "+name)
		case !bytes.Equal(x, y):
			diffs = append(diffs, "differs: "+name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			diffs = append(diffs, "only in second: "+name)
		}
	}
	sort.Strings(diffs)
	return diffs
}

const testSiteYAML = "title: \"Test Desk\"\nbase_url: \"https://example.org/desk/\"\npaginate: 3\n"

// briefingFile returns a briefing with the given date and topics.
func briefingFile(title, date string, topics ...string) string {
	return fmt.Sprintf("---\ntitle: %q\nsummary: \"Summary of %s.\"\ndate: %s\ntopics: [%s]\n---\n\nBody of %s.\n",
		title, title, date, strings.Join(quoteAll(topics), ", "), title)
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

// TestLinksToEveryPage builds links to the markdown files behind the home
// page, a section, a topic and an analyst: each becomes its page's URL
// under the base path.
func TestLinksToEveryPage(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":               "base_url: https://org.github.io/briefings/\n",
		"content/_index.md":       "---\ntitle: \"Home\"\n---\nWelcome.\n",
		"content/world/_index.md": "---\ntitle: \"World\"\n---\nIntro.\n",
		"content/world/x.md":      briefingFile("X", "2026-01-01", "Trade") + "\n[up](../_index.md) [section](_index.md)\n",
		"content/topics/trade.md": "---\ntitle: \"Trade\"\n---\n## Tariffs\n",
		"content/analysts/ann.md": "---\nname: \"Ann\"\naffiliation: \"Desk\"\n---\n[trade](../topics/trade.md#tariffs)\n",
		"content/about.md":        "---\ntitle: \"About\"\n---\n[home](_index.md) [topic](topics/trade.md) [analyst](analysts/ann.md) [world](world/_index.md)\n",
	})
	out := mustBuild(t, Config{Source: src})
	for page, want := range map[string][]string{
		"about/index.html":        {`href="/briefings/"`, `href="/briefings/topics/trade/"`, `href="/briefings/analysts/ann/"`, `href="/briefings/world/"`},
		"world/x/index.html":      {`href="/briefings/">up`, `href="/briefings/world/">section`},
		"analysts/ann/index.html": {`href="/briefings/topics/trade/#tariffs"`},
	} {
		html, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !bytes.Contains(html, []byte(w)) {
				t.Errorf("%s lacks %s", page, w)
			}
		}
	}
}

// TestNonLatinNames builds a site whose section folder and new briefing
// are named in Cyrillic, with no _index.md to title the section: every
// page must be valid UTF-8 and name the section "Россия". The first letter
// was upper-cased as a byte, which split it.
func TestNonLatinNames(t *testing.T) {
	src := t.TempDir()
	writeFiles(t, src, map[string]string{
		"site.yaml":           testSiteYAML,
		"content/россия/b.md": "---\ntitle: \"B\"\nsummary: \"S\"\ndate: 2026-03-03\ntopics: [X]\n---\nBody.\n",
	})
	if _, err := NewBriefing(src, "россия/новость", time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(src, "content", "россия", "новость.md"))
	if err != nil || !utf8.Valid(text) || !strings.Contains(string(text), `title: "Новость"`) {
		t.Errorf("brief new wrote (err %v):\n%s", err, text)
	}
	out := mustBuild(t, Config{Source: src, Drafts: true})
	for name, page := range readTree(t, out) {
		if strings.HasSuffix(name, ".html") && !utf8.Valid(page) {
			t.Errorf("%s is not valid UTF-8", name)
		}
	}
	if home := readTree(t, out)["index.html"]; !strings.Contains(string(home), ">Россия</a>") {
		t.Errorf("the home page does not name the section Россия:\n%s", home)
	}
}

// TestResourceLinksFollowTheirBundle links to a bundle's image from a
// single-file briefing, a plain page and a note of another bundle: each
// becomes the image's URL, and when the bundle's URL changes (a slug), a
// build from the cache rewrites them as a fresh build does.
func TestResourceLinksFollowTheirBundle(t *testing.T) {
	src := t.TempDir()
	const bundle = "---\ntitle: \"Map\"\nsummary: \"S\"\ndate: 2026-03-03\ntopics: [X]\n---\n![The map](map.png)\n"
	writeFiles(t, src, map[string]string{
		"site.yaml":                     testSiteYAML,
		"content/world/maps/index.md":   bundle,
		"content/world/maps/map.png":    "png",
		"content/world/single.md":       "---\ntitle: \"Single\"\nsummary: \"S\"\ndate: 2026-03-04\ntopics: [X]\n---\n![The map](maps/map.png)\n",
		"content/about.md":              "---\ntitle: \"About\"\n---\n[Our map](world/maps/map.png)\n",
		"content/world/b/index.md":      "---\ntitle: \"B\"\nsummary: \"S\"\ndate: 2026-03-05\ntopics: [X]\n---\nBody.\n",
		"content/world/b/notes/desk.md": "---\nanalyst: \"Desk\"\n---\nSee ![the map](../../maps/map.png).\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, Config{Source: src, Out: out})
	const base = "/desk" // testSiteYAML's base path
	for page, want := range map[string]string{
		"world/single/index.html": `src="` + base + `/world/maps/map.png"`,
		"about/index.html":        `href="` + base + `/world/maps/map.png"`,
		"world/b/index.html":      `src="` + base + `/world/maps/map.png"`,
		"world/maps/index.html":   `src="map.png"`,
	} {
		if got := readTree(t, out)[page]; !bytes.Contains(got, []byte(want)) {
			t.Errorf("%s has no %s:\n%s", page, want, got)
		}
	}
	writeFiles(t, src, map[string]string{"content/world/maps/index.md": strings.Replace(bundle, "topics:", "slug: charts\ntopics:", 1)})
	mustBuild(t, Config{Source: src, Out: out})
	fresh := mustBuild(t, Config{Source: src, CacheDir: "-"})
	if d := diffTrees(readTree(t, fresh), readTree(t, out)); len(d) > 0 {
		t.Errorf("after the slug, the build from the cache differs from a fresh one:\n%s", strings.Join(d, "\n"))
	}
	if got := readTree(t, out)["world/single/index.html"]; !bytes.Contains(got, []byte(base+"/world/charts/map.png")) {
		t.Errorf("the single-file briefing still links the old URL:\n%s", got)
	}
}

// TestKindDefinesSharedTemplates: a page kind's own file in layouts/ may
// define "entry", "masthead" or "colophon" anew, as html/template lets it,
// and its pages then use its own; the other kinds keep the shared ones.
// brief renders those once per build from partials.html, and ignored
// such a definition without a word.
func TestKindDefinesSharedTemplates(t *testing.T) {
	src := listingSite(t)
	theme := func(name string) string {
		b, err := os.ReadFile(filepath.Join("layout", "theme", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	writeFiles(t, src, map[string]string{
		"layouts/topic.html": theme("topic.html") + `{{define "entry"}}<li>CUSTOM-ENTRY {{.Title}}</li>{{end}}`,
		"layouts/page.html":  theme("page.html") + `{{define "masthead"}}<header>CUSTOM-MASTHEAD</header>{{end}}`,
		"content/about.md":   "---\ntitle: \"About\"\n---\nAbout us.\n",
	})
	tree := readTree(t, mustBuild(t, Config{Source: src}))
	for name, page := range tree {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		topic := strings.HasPrefix(name, "topics/") && name != "topics/index.html"
		if got := bytes.Contains(page, []byte("CUSTOM-ENTRY B")); got != topic {
			t.Errorf("%s: custom entry shown %v; want %v", name, got, topic)
		}
		plain := name == "about/index.html"
		if got := bytes.Contains(page, []byte("CUSTOM-MASTHEAD")); got != plain {
			t.Errorf("%s: custom masthead shown %v; want %v", name, got, plain)
		}
	}
}

// TestOverrideOneTemplate: a file in layouts/ replaces only the templates
// it defines. A partials.html holding only a "colophon" changes every
// page's footer and nothing else; it gave six errors at the embedded
// theme's calls of the partials it left out.
func TestOverrideOneTemplate(t *testing.T) {
	src := listingSite(t)
	writeFiles(t, src, map[string]string{"content/about.md": "---\ntitle: \"About\"\n---\nAbout us.\n"})
	before := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
	ours := `<footer class="colophon">Ours, ` + "\u00a9" + ` the desk</footer>`
	writeFiles(t, src, map[string]string{"layouts/partials.html": `{{define "colophon"}}` + ours + `{{end}}` + "\n"})
	after := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
	colophon := regexp.MustCompile(`(?s)<footer class="colophon">.*?</footer>`)
	pages := 0
	for name, page := range before {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		want := colophon.ReplaceAllLiteral(page, []byte(ours))
		if bytes.Equal(want, page) {
			t.Errorf("%s: no colophon in the theme's page", name)
		}
		if !bytes.Equal(after[name], want) {
			t.Errorf("%s differs from the theme's page with its colophon replaced", name)
		}
	}
	if pages < 10 {
		t.Errorf("%d pages", pages)
	}
}

// TestUncalledDefinitionWarned: a template defined in layouts/ that no
// template calls changes nothing, and is warned of at its file and line.
// The page kind's file whose "main" it was meant to be keeps the theme's.
func TestUncalledDefinitionWarned(t *testing.T) {
	src := listingSite(t)
	writeFiles(t, src, map[string]string{
		"layouts/page.html": "{{/* the page */}}\n{{define \"title\"}}About{{end}}\n",
		"content/about.md":  "---\ntitle: \"About\"\n---\nAbout us.\n",
	})
	stats, err := Check(Config{Source: src, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	want := `layouts/page.html:2: warning: no template calls "title", so defining it changes nothing; the theme's templates are "main"`
	if len(stats.Warnings) != 1 || !strings.HasPrefix(stats.Warnings[0].String(), want) {
		t.Errorf("warnings %q; want one starting %q", stats.Warnings, want)
	}
}

// TestUncalledFrameWarned: a partials.html that defines "colophon" or
// "masthead" for a base.html of the site's own that calls neither gets the
// warning any uncalled template gets. It panicked: brief had replaced the
// frame's template before it looked for where it was defined.
func TestUncalledFrameWarned(t *testing.T) {
	for _, name := range []string{"colophon", "masthead"} {
		t.Run(name, func(t *testing.T) {
			src := listingSite(t)
			writeFiles(t, src, map[string]string{
				"layouts/partials.html": "{{define \"" + name + "\"}}<footer>x</footer>{{end}}\n",
				"layouts/base.html":     "<!doctype html><html><head><meta name=\"generator\" content=\"brief\"><title>{{.Title}}</title></head><body>{{template \"main\" .}}</body></html>\n",
			})
			stats, err := Check(Config{Source: src, Log: io.Discard})
			if err != nil {
				t.Fatal(err)
			}
			want := `layouts/partials.html:1: warning: no template calls "` + name + `", so defining it changes nothing`
			if len(stats.Warnings) != 1 || !strings.HasPrefix(stats.Warnings[0].String(), want) {
				t.Errorf("warnings %q; want one starting %q", stats.Warnings, want)
			}
		})
	}
}

// TestTemplateWithoutData: a template called without the dot ({{template
// "x"}}) has no data, and a field it asks for is an error that says so.
// It rendered empty fields, and a root-relative link became relative.
func TestTemplateWithoutData(t *testing.T) {
	src := listingSite(t)
	writeFiles(t, src, map[string]string{
		"layouts/page.html": "{{define \"main\"}}{{template \"x\"}}{{end}}\n{{define \"x\"}}<a href=\"{{.Site.Base}}about/\">x</a>{{end}}\n",
		"content/about.md":  "---\ntitle: \"About\"\n---\nAbout us.\n",
	})
	_, err := Check(Config{Source: src, Log: io.Discard})
	want := `layouts/page.html:2:31: template error: executing "x" at <.Site.Base>: nil data; no entry for key "Site"; the template was called without data: pass it on with {{template "x" .}}, the dot at the end`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v; want one with %q", err, want)
	}
}

// TestCountsDesc: the counts of sections and topics a template is given
// have .Desc, the section's _index.md summary and the topic's description's
// summary, which is also the topic page's meta description. Both were
// always empty.
func TestCountsDesc(t *testing.T) {
	src := listingSite(t)
	writeFiles(t, src, map[string]string{
		"content/world/_index.md": "---\ntitle: \"World\"\nsummary: \"All the world's news.\"\n---\n",
		"content/topics/gamma.md": "---\ntitle: \"Gamma\"\nsummary: \"Tariffs, quotas and the deals behind them.\"\n---\nWhat moves goods.\n",
		"layouts/home.html":       "{{define \"main\"}}{{range .Sections}}<p>{{.Name}}: [{{.Desc}}]</p>{{end}}{{range .Topics}}<p>{{.Name}}: [{{.Desc}}]</p>{{end}}{{end}}\n",
	})
	out := mustBuild(t, Config{Source: src})
	for file, want := range map[string]string{
		"index.html":              `<p>World: [All the world&#39;s news.]</p>`,
		"index.html#topic":        `<p>Gamma: [Tariffs, quotas and the deals behind them.]</p>`,
		"topics/gamma/index.html": `<meta name="description" content="Tariffs, quotas and the deals behind them.">`,
	} {
		file, _, _ = strings.Cut(file, "#")
		page, err := os.ReadFile(filepath.Join(out, file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("%s lacks %q:\n%s", file, want, page)
		}
	}
}

// TestTemplateErrorNamesPage: a template that fails on some pages' data
// says on which page, and from which file, it failed first and on how many
// others: here only a draft, which brief check renders and brief build
// does not, has a single topic.
func TestTemplateErrorNamesPage(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":             testSiteYAML,
		"content/world/a.md":    briefingFile("A", "2026-01-01", "Trade", "Energy"),
		"content/world/b.md":    briefingFile("B", "2026-01-02", "Trade", "Energy"),
		"content/world/d.md":    strings.Replace(briefingFile("D", "2026-01-03", "Trade"), "---\n\n", "draft: true\n---\n\n", 1),
		"layouts/briefing.html": "{{define \"main\"}}{{with .Briefing}}<p>{{(index .Topics 1).Name}}</p>{{end}}{{end}}\n",
	})
	if _, err := Build(Config{Source: src, Log: io.Discard}); err != nil {
		t.Fatalf("build: %v", err)
	}
	_, err := Check(Config{Source: src, Log: io.Discard})
	want := `layouts/briefing.html:1:42: template error: executing "main" at <index .Topics 1>: error calling index: reflect: slice index out of range (rendering /desk/world/d/, from content/world/d.md, a draft)`
	if err == nil || err.Error() != want {
		t.Errorf("check: %v\nwant %s", err, want)
	}
	_, err = Check(Config{Source: src, Log: io.Discard, Drafts: true})
	if err == nil || err.Error() != want {
		t.Errorf("check --drafts: %v\nwant %s", err, want)
	}
}

// TestTemplateErrorCountsDrafts: a template that fails on published pages
// and on a draft is told once by brief check, which renders drafts too,
// counting the draft among the other pages, as check --drafts does.
func TestTemplateErrorCountsDrafts(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":             testSiteYAML,
		"content/world/a.md":    briefingFile("A", "2026-01-01", "Trade"),
		"content/world/b.md":    briefingFile("B", "2026-01-02", "Trade"),
		"content/world/d.md":    strings.Replace(briefingFile("D", "2026-01-03", "Trade"), "---\n\n", "draft: true\n---\n\n", 1),
		"layouts/briefing.html": "{{define \"main\"}}{{with .Briefing}}<p>{{(index .Topics 1).Name}}</p>{{end}}{{end}}\n",
	})
	want := `layouts/briefing.html:1:42: template error: executing "main" at <index .Topics 1>: error calling index: reflect: slice index out of range (rendering /desk/world/a/, from content/world/a.md, and 2 other pages)`
	for _, drafts := range []bool{false, true} {
		_, err := Check(Config{Source: src, Log: io.Discard, Drafts: drafts})
		if err == nil || err.Error() != want {
			t.Errorf("check (drafts %v): %v\nwant %s", drafts, err, want)
		}
	}
}

// TestRunawayTemplate: a template that never ends, or writes without end,
// is a problem at its file, naming the page, and brief check ends. Both
// hung brief, the second while its memory grew by gigabytes.
func TestRunawayTemplate(t *testing.T) {
	defer func(d time.Duration, n int) { layout.TemplateTimeout, layout.MaxOutput = d, n }(layout.TemplateTimeout, layout.MaxOutput)
	layout.TemplateTimeout, layout.MaxOutput = 500*time.Millisecond, 1<<20
	for _, tt := range []struct{ name, loop, want string }{
		// Long enough to pass the timeout many times over, short enough to
		// end while the other tests run: brief cannot stop it.
		{"endless", "{{range 200000000}}{{end}}", "layouts/page.html: template error: the templates ran for more than 500ms on /desk/about/ without ending"},
		{"too long", "{{range 1000000000000}}<p>x</p>{{end}}", "layouts/page.html: template error: the templates wrote more than 1 MB for /desk/about/, and brief stopped them"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := listingSite(t)
			writeFiles(t, src, map[string]string{
				// Each case its own theme: a theme whose template did not end
				// stays spoilt for the process.
				"layouts/page.html": "{{define \"main\"}}{{/* " + tt.name + " */}}" + tt.loop + "{{end}}\n",
				"content/about.md":  "---\ntitle: \"About\"\n---\nAbout us.\n",
			})
			done := make(chan error, 1)
			go func() {
				_, err := Check(Config{Source: src, Log: io.Discard})
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
					t.Errorf("error %v; want one starting %q", err, tt.want)
				}
			case <-time.After(2 * time.Minute):
				t.Fatal("brief check did not end")
			}
		})
	}
}

// TestLayoutFileMistakes: what a designer gets wrong in layouts/, each
// told plainly: a file named layouts, a folder with a template's name, an
// extension in capitals, a whole page in a page kind's file. A byte order
// mark is dropped, and fields a template cannot use are not offered.
func TestLayoutFileMistakes(t *testing.T) {
	about := "---\ntitle: \"About\"\n---\nAbout us.\n"
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  string // the problems, one a line
	}{
		{"layouts is a file", map[string]string{"layouts": "x"},
			"layouts: this is a file, and brief reads a site's templates from a folder layouts/; rename or move it"},
		{"a folder named as a template", map[string]string{"layouts/home.html/x": "x"},
			"layouts/home.html: this is a folder, and brief reads layouts/home.html as a template file; rename or move the folder"},
		{"an extension in capitals", map[string]string{"layouts/extra.CSS": ".x{}"},
			"layouts/extra.CSS: warning: brief does not read this file, so it changes nothing; did you mean extra.css?"},
		{"an editor's files, hidden or litter: nothing to say", map[string]string{"layouts/.tmp-extra.css": ".x{}", "layouts/.page.html.swp": "x", "layouts/page.html~": "x"}, ""},
		{"a main in partials.html, which every kind's own main hides", map[string]string{"layouts/partials.html": "\n{{define \"main\"}}<p>From partials</p>{{end}}\n"},
			`layouts/partials.html:2: warning: no page uses this {{define "main"}}: every page kind's own file defines "main", and a page kind's wins over partials.html's; put it in the file of the kind it is for (layouts/page.html for plain pages, layouts/home.html for the home page, …)`},
		{"a block main in base.html: a default, as in Hugo", map[string]string{"layouts/base.html": "<!doctype html><html><body>{{block \"main\" .}}Default{{end}}</body></html>\n"}, ""},
		// Without the tag by which brief knows its pages, a build after
		// the cache is lost refuses to delete a removed briefing's pages:
		// it was said only then.
		{"a base.html whose head lacks the generator tag", map[string]string{"layouts/base.html": "<!doctype html>\n<html>\n<head><title>{{.Title}}</title></head>\n<body>{{template \"main\" .}}</body></html>\n"},
			`layouts/base.html:3: warning: this base.html writes <head> without <meta name="generator" content="brief">, by which brief knows its own pages in an output folder that no cache describes: without it, a build after the cache is lost refuses to delete the pages of a briefing removed since; put the line in <head>, as the theme's base.html does`},
		{"a base.html with the generator tag", map[string]string{"layouts/base.html": "<!doctype html>\n<html>\n<head><meta name=\"generator\" content=\"brief\"><title>{{.Title}}</title></head>\n<body>{{template \"main\" .}}</body></html>\n"}, ""},
		{"a whole page", map[string]string{"layouts/page.html": "<!doctype html><h1>{{.Title}}</h1>\n", "content/about.md": about},
			`layouts/page.html:1: warning: the text outside {{define}} in this file is not used: brief's base.html writes the page, and page.html gives only its own part; put that part in {{define "main"}}…{{end}}, or make the whole page your base.html`},
		{"a byte order mark, and a field not there", map[string]string{"layouts/page.html": "\uFEFF{{define \"main\"}}{{.Site.Nope}}{{end}}\n", "content/about.md": about},
			`layouts/page.html:1:25: template error: executing "main" at <.Site.Nope>: can't evaluate field Nope in type layout.SiteInfo; a layout.SiteInfo has .Title, .Description, .Lang, .Dir, .UI, .Base, .CSS, .Search, .Origin, .Icon, .Nav, .Pages, .Head, .Params (rendering /desk/about/, from content/about.md)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := listingSite(t)
			writeFiles(t, src, tt.files)
			stats, err := Check(Config{Source: src, Log: io.Discard})
			var got []string
			var ce *diag.ContentError
			if errors.As(err, &ce) {
				for _, p := range ce.Problems {
					got = append(got, p.String())
				}
			} else if err != nil {
				t.Fatal(err)
			}
			for _, p := range stats.Warnings {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}

// TestParams: site.yaml's params reach templates as .Site.Params, nested
// values too; a key it lacks is an error that says how to write an
// optional one; and a changed value renders every page again.
func TestParams(t *testing.T) {
	src := listingSite(t)
	yaml := testSiteYAML + "params:\n  banner: \"Election night\"\n  social:\n    mastodon: \"@desk@example.social\"\n"
	writeFiles(t, src, map[string]string{
		"site.yaml":             yaml,
		"layouts/partials.html": `{{define "colophon"}}<footer>{{.Site.Params.banner}} {{.Site.Params.social.mastodon}}{{with index .Site.Params "nope"}}!{{end}}</footer>{{end}}` + "\n",
	})
	out := mustBuild(t, Config{Source: src})
	page, err := os.ReadFile(filepath.Join(out, "world", "b1", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "<footer>Election night @desk@example.social</footer>"; !bytes.Contains(page, []byte(want)) {
		t.Errorf("the page lacks %q", want)
	}
	writeFiles(t, src, map[string]string{"site.yaml": strings.Replace(yaml, "Election night", "Results", 1)})
	mustBuild(t, Config{Source: src, Out: out})
	if page, _ := os.ReadFile(filepath.Join(out, "world", "b1", "index.html")); !bytes.Contains(page, []byte("<footer>Results @desk")) {
		t.Errorf("a warm build kept the page with the old params")
	}
	writeFiles(t, src, map[string]string{"layouts/partials.html": `{{define "colophon"}}{{.Site.Params.banr}}{{end}}` + "\n"})
	_, err = Check(Config{Source: src, Log: io.Discard})
	want := `params in site.yaml has no such key, which is an error so that a typo shows: for a key a site may leave out, write {{with index .Site.Params "banr"}}…{{end}}`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v; want one with %q", err, want)
	}
	// A key missing from a map inside params is told of that map.
	writeFiles(t, src, map[string]string{"layouts/partials.html": `{{define "colophon"}}{{.Site.Params.social.nope}}{{end}}` + "\n"})
	_, err = Check(Config{Source: src, Log: io.Discard})
	want = `params.social in site.yaml has no such key, which is an error so that a typo shows: for a key a site may leave out, write {{with index .Site.Params.social "nope"}}…{{end}}`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v; want one with %q", err, want)
	}
}

// TestNoteRole: a note gives a site's own "note" its analyst's role, from
// their profile, and a warm build after the profile's role changed shows
// the new one on the briefing's page.
func TestNoteRole(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":                    testSiteYAML,
		"content/world/x/index.md":     briefingFile("X", "2026-01-01", "Trade"),
		"content/world/x/notes/ann.md": "---\nanalyst: \"Ann Lee\"\naffiliation: \"Desk\"\n---\nA note.\n",
		"content/analysts/ann-lee.md":  "---\nname: \"Ann Lee\"\naffiliation: \"Desk\"\nrole: \"Trade editor\"\n---\nBio.\n",
		"layouts/partials.html":        `{{define "note"}}<aside>{{.Analyst.Name}}, {{.Role}}</aside>{{end}}` + "\n",
	})
	out := mustBuild(t, Config{Source: src})
	page := func() string {
		b, err := os.ReadFile(filepath.Join(out, "world", "x", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if want := "<aside>Ann Lee, Trade editor</aside>"; !strings.Contains(page(), want) {
		t.Fatalf("the briefing's page lacks %q", want)
	}
	writeFiles(t, src, map[string]string{"content/analysts/ann-lee.md": "---\nname: \"Ann Lee\"\naffiliation: \"Desk\"\nrole: \"Chief economist\"\n---\nBio.\n"})
	mustBuild(t, Config{Source: src, Out: out})
	if want := "<aside>Ann Lee, Chief economist</aside>"; !strings.Contains(page(), want) {
		t.Errorf("after the role changed, a warm build's page lacks %q", want)
	}
}

// TestTemplateFuncs: besides plural, templates have lower, upper and dict
// (to call a template with more than one value), and a date's .Time for
// formats of a site's own; dict with an odd number of arguments is an
// error.
func TestTemplateFuncs(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":          testSiteYAML,
		"content/world/x.md": briefingFile("X Marks", "2026-03-04", "Trade"),
		"layouts/briefing.html": `{{define "main"}}{{template "by" dict "T" .Title "B" .Briefing}}{{end}}` +
			`{{define "by"}}<p>{{upper .T}} {{lower .T}} {{.B.Date.Time.Format "Jan 2, 2006"}}</p>{{end}}` + "\n",
	})
	out := mustBuild(t, Config{Source: src})
	page, err := os.ReadFile(filepath.Join(out, "world", "x", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "<p>X MARKS x marks Mar 4, 2026</p>"; !bytes.Contains(page, []byte(want)) {
		t.Errorf("the page lacks %q", want)
	}
	writeFiles(t, src, map[string]string{"layouts/briefing.html": `{{define "main"}}{{template "by" dict "T"}}{{end}}{{define "by"}}{{.T}}{{end}}` + "\n"})
	_, err = Check(Config{Source: src, Log: io.Discard})
	if want := "dict takes names and values in pairs, and was given an odd number of arguments (1)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v; want one with %q", err, want)
	}
}

// TestBaseBlockIsDefault: a site's base.html may give "main" a default with
// {{block "main" .}}, as Hugo's baseof does: each page kind's own "main"
// still wins, the theme's as a site's. It replaced every page's.
func TestBaseBlockIsDefault(t *testing.T) {
	src := listingSite(t)
	base, err := layout.ThemeFile("base.html")
	if err != nil {
		t.Fatal(err)
	}
	own := strings.Replace(string(base), `{{template "main" .}}`, `{{block "main" .}}<p>Nothing here yet.</p>{{end}}`, 1)
	if own == string(base) {
		t.Fatal("the theme's base.html no longer calls main as the test expects")
	}
	writeFiles(t, src, map[string]string{
		"layouts/base.html": own,
		"layouts/page.html": "{{define \"main\"}}<p>Our page.</p>{{end}}\n",
		"content/about.md":  "---\ntitle: \"About\"\n---\nAbout us.\n",
	})
	out := mustBuild(t, Config{Source: src})
	for file, want := range map[string]string{
		"index.html":        `<h1 class="visually-hidden">`,
		"about/index.html":  `<p>Our page.</p>`,
		"topics/index.html": `<h1>Topics</h1>`,
	} {
		page, err := os.ReadFile(filepath.Join(out, file))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(page, []byte("Nothing here yet.")) || !bytes.Contains(page, []byte(want)) {
			t.Errorf("%s: the base's default replaced the page's own main, or %q is missing:\n%s", file, want, page)
		}
	}
}

// TestHomeHeading builds the home page from a content/_index.md without a
// title, which was an error though the title was shown nowhere, and with
// one, which is now the page's visible h1 above the intro, in place of the
// hidden h1 with the site's title; the page's <title> stays the site's.
func TestHomeHeading(t *testing.T) {
	for _, tt := range []struct {
		name, index string
		want        []string
	}{
		{"no title", "---\nsummary: \"Home sum\"\n---\nHome intro.\n",
			[]string{`<title>Test Desk</title>`, `<main id="main" class="wrap">` + "\n" + `<h1 class="visually-hidden">Test Desk</h1>` + "\n" + `<div class="intro home-intro"><p>Home intro.</p>`}},
		{"a title", "---\ntitle: \"Welcome to <Tidewater>\"\n---\nHome intro.\n",
			[]string{`<title>Test Desk</title>`, `<main id="main" class="wrap">` + "\n" + `<h1 class="home-title">Welcome to &lt;Tidewater&gt;</h1>` + "\n" + `<div class="intro home-intro"><p>Home intro.</p>`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := writeSite(t, map[string]string{
				"site.yaml":          testSiteYAML,
				"content/_index.md":  tt.index,
				"content/world/x.md": briefingFile("X", "2026-01-01", "Trade"),
			})
			home, err := os.ReadFile(filepath.Join(mustBuild(t, Config{Source: src}), "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !bytes.Contains(home, []byte(w)) {
					t.Errorf("the home page lacks %q:\n%s", w, home)
				}
			}
			if n := bytes.Count(home, []byte("<h1")); n != 1 {
				t.Errorf("the home page has %d h1; want 1", n)
			}
		})
	}
}

// TestPlainPagesInColophon: every page's colophon links every published
// plain page, by title, under the base path, so a reader reaches About
// and Contact from anywhere; a draft is not linked. A plain page's new
// title reaches every page of a build from the cache.
func TestPlainPagesInColophon(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":          "base_url: https://org.github.io/briefings/\n",
		"content/world/x.md": briefingFile("X", "2026-01-01", "Trade"),
		"content/about.md":   "---\ntitle: \"About us\"\n---\nWho we are.\n",
		"content/contact.md": "---\ntitle: \"Contact\"\n---\nWrite to us.\n",
		"content/a-note.md":  "---\ntitle: \"Privacy\"\n---\nNo cookies.\n",
		"content/later.md":   "---\ntitle: \"Later\"\ndraft: true\n---\nNot yet.\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Source: src, Out: out, CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	check := func(first string) {
		t.Helper()
		if _, err := Build(cfg); err != nil {
			t.Fatal(err)
		}
		want := `<ul><li><a href="/briefings/about/">` + first + `</a></li><li><a href="/briefings/contact/">Contact</a></li><li><a href="/briefings/a-note/">Privacy</a></li><li><a href="/briefings/topics/">All topics</a></li>`
		pages := 0
		for name, html := range readTree(t, out) {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			pages++
			_, foot, _ := strings.Cut(string(html), `<footer class="colophon">`)
			if !strings.Contains(foot, want) {
				t.Errorf("%s: the colophon does not link the plain pages by title:\n%s", name, foot)
			}
		}
		if pages < 10 {
			t.Fatalf("%d pages", pages)
		}
	}
	check("About us")
	writeFiles(t, src, map[string]string{"content/about.md": "---\ntitle: \"About\"\n---\nWho we are.\n"})
	check("About")
}

// TestTrailShowsThreeTopics: the trail above a briefing's headline names
// its section and its first three topics, so that fifteen topics do not
// push the headline down a phone's screen; "Filed under" names them all.
// The Go code and the template (a copy in layouts/) agree.
func TestTrailShowsThreeTopics(t *testing.T) {
	topics := []string{"Eins", "Zwei", "Drei", "Vier", "Fünf"}
	src := writeSite(t, map[string]string{
		"site.yaml":          "base_url: https://org.github.io/briefings/\n",
		"content/world/x.md": briefingFile("X", "2026-01-01", topics...),
	})
	own, err := os.ReadFile("layout/theme/briefing.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, by := range []string{"Go code", "template"} {
		if by == "template" {
			writeFiles(t, src, map[string]string{"layouts/briefing.html": string(own)})
		}
		html, err := os.ReadFile(filepath.Join(mustBuild(t, Config{Source: src, CacheDir: "-"}), "world/x/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		names := func(start, end string) []string {
			_, part, _ := strings.Cut(string(html), start)
			part, _, _ = strings.Cut(part, end)
			var out []string
			for _, m := range regexp.MustCompile(`<li><a href="[^"]*">([^<]*)</a></li>`).FindAllStringSubmatch(part, -1) {
				out = append(out, m[1])
			}
			return out
		}
		if got, want := names(`<nav class="trail"`, `</nav>`), topics[:3]; !slices.Equal(got, want) {
			t.Errorf("%s: the trail names %q; want %q", by, got, want)
		}
		if got, want := names(`<footer class="filed">`, `</footer>`), append([]string{"World"}, topics...); !slices.Equal(got, want) {
			t.Errorf("%s: filed under %q; want %q", by, got, want)
		}
	}
}

// TestRawHTMLUnderSubpath: on a project site that allows raw HTML, the
// root-relative URLs of a writer's tags (an image, its srcset, a link to a
// file of static/) take the base path, as markdown links do, on the page
// and in the full-content feed, which makes them absolute under the base
// URL: they went to the host's root, outside the site, and the feed made
// them https://org.github.io/img/logo.png.
func TestRawHTMLUnderSubpath(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":           "title: Repo\nbase_url: https://org.github.io/repo/\nunsafe_html: true\nfeed_content: full\n",
		"static/img/logo.png": "png",
		"static/docs/a.pdf":   "pdf",
		"content/world/single.md": briefingFile("Single", "2026-01-01", "Trade") + `
<figure><img src="/img/logo.png" srcset="/img/logo.png 2x" alt="raw"><figcaption>Raw figure</figcaption></figure>

A <a href="/docs/a.pdf">raw link</a> and a [markdown one](/docs/a.pdf).
`,
	})
	out := mustBuild(t, Config{Source: src, CacheDir: "-"})
	for file, want := range map[string][]string{
		"world/single/index.html": {`<img src="/repo/img/logo.png" srcset="/repo/img/logo.png 2x" alt="raw">`, `<a href="/repo/docs/a.pdf">raw link</a>`, `<a href="/repo/docs/a.pdf">markdown one</a>`},
		"feed.xml":                {`<img src="https://org.github.io/repo/img/logo.png" srcset="https://org.github.io/repo/img/logo.png 2x" alt="raw">`, `<a href="https://org.github.io/repo/docs/a.pdf">raw link</a>`, `<a href="https://org.github.io/repo/docs/a.pdf">markdown one</a>`},
	} {
		b, err := os.ReadFile(filepath.Join(out, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %s", file, w)
			}
		}
		if strings.Contains(string(b), `"/img/`) || strings.Contains(string(b), "org.github.io/img/") {
			t.Errorf("%s has a URL outside the site:\n%s", file, b)
		}
	}
}

// TestInlineMarkdown: a briefing's takeaways and corrections are inline
// markdown, converted with its body: links get the base path, a link to
// another briefing's markdown file becomes its URL, and when that URL
// changes, a build from the cache shows the new one, as a fresh build
// does. They showed "[the PDF](/docs/a.pdf)" as it was written.
func TestInlineMarkdown(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":          "base_url: https://org.github.io/briefings/\n",
		"static/docs/a.pdf":  "pdf",
		"content/world/y.md": briefingFile("Y", "2026-01-01", "Other"), // not related to X
		"content/world/x.md": "---\ntitle: \"X\"\nsummary: \"S.\"\ndate: 2026-01-02\ntopics: [Trade]\n" +
			"takeaways: [\"Plain one.\", \"See [Y](y.md), *this* and `code`.\"]\n" +
			"corrections:\n  - date: 2026-01-03\n    text: \"See [the PDF](/docs/a.pdf) for the right figure.\"\n---\nBody.\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Source: src, Out: out, CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	check := func(y string) {
		t.Helper()
		if _, err := Build(cfg); err != nil {
			t.Fatal(err)
		}
		page, err := os.ReadFile(filepath.Join(out, "world/x/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			`<ul><li>Plain one.</li><li>See <a href="` + y + `">Y</a>, <em>this</em> and <code>code</code>.</li></ul>`,
			`</time>: See <a href="/briefings/docs/a.pdf">the PDF</a> for the right figure.</li>`,
		} {
			if !strings.Contains(string(page), want) {
				t.Errorf("world/x/ lacks %s", want)
			}
		}
		fresh := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
		if d := diffTrees(fresh, readTree(t, out)); len(d) > 0 {
			t.Errorf("a build from the cache differs from a fresh one:\n%s", strings.Join(d, "\n"))
		}
	}
	check("/briefings/world/y/")
	writeFiles(t, src, map[string]string{"content/world/y.md": strings.Replace(briefingFile("Y", "2026-01-01", "Other"), "---\n\n", "slug: why\n---\n\n", 1)})
	check("/briefings/world/why/")
}

// TestDraftLabel builds a site with drafts, --drafts given: a draft
// briefing's page, a draft plain page, a section and the home page whose
// _index.md is a draft say "Draft" under the headline,
// with the theme's Go code and with its templates (a copy of briefing.html
// in layouts/), and a published briefing's page does not. Drafts looked
// exactly like published pages. Without --drafts no page has the label.
func TestDraftLabel(t *testing.T) {
	copied, err := layout.ThemeFile("briefing.html")
	if err != nil {
		t.Fatal(err)
	}
	const label = `<p class="draft-label">Draft</p>`
	for how, layouts := range map[string]map[string]string{"Go code": nil, "templates": {"layouts/briefing.html": string(copied)}} {
		files := map[string]string{
			"site.yaml":              testSiteYAML,
			"content/world/x.md":     briefingFile("X", "2026-01-01", "Trade"),
			"content/world/d.md":     strings.Replace(briefingFile("D", "2026-01-02", "Trade"), "topics:", "draft: true\ntopics:", 1),
			"content/about.md":       "---\ntitle: \"About\"\ndraft: true\n---\nWho we are.\n",
			"content/labs/_index.md": "---\ntitle: \"Labs\"\ndraft: true\n---\nComing soon.\n",
			"content/_index.md":      "---\ntitle: \"The Desk\"\ndraft: true\n---\nA new front page.\n",
		}
		maps.Copy(files, layouts)
		src := writeSite(t, files)
		out := mustBuild(t, Config{Source: src, Drafts: true})
		for page, want := range map[string]string{
			"world/d/index.html": "<h1>D</h1>\n" + label + "\n<p class=\"dek\">",
			"about/index.html":   "<h1>About</h1>\n" + label + "\n<div class=\"body\">",
			"labs/index.html":    "<h1>Labs</h1>\n" + label + "\n<div class=\"intro\">",
			"index.html":         "<h1 class=\"home-title\">The Desk</h1>\n" + label + "\n<div class=\"intro home-intro\">",
			"world/x/index.html": "",
		} {
			html, err := os.ReadFile(filepath.Join(out, page))
			if err != nil {
				t.Fatal(err)
			}
			if want == "" && bytes.Contains(html, []byte(label)) {
				t.Errorf("%s: the published %s has the draft label", how, page)
			} else if !bytes.Contains(html, []byte(want)) {
				t.Errorf("%s: %s lacks %q:\n%s", how, page, want, html)
			}
		}
		out = mustBuild(t, Config{Source: src})
		for _, page := range []string{"world/x/index.html", "index.html"} {
			if html, _ := os.ReadFile(filepath.Join(out, page)); bytes.Contains(html, []byte("draft-label")) {
				t.Errorf("%s: without --drafts %s has the draft label", how, page)
			}
		}
	}
}

// TestNavNamesTenSections: a site of twelve sections has the ten with the
// most briefings in the masthead of every page, in their order, then a
// link to the home page's list of every section, which names all twelve.
func TestNavNamesTenSections(t *testing.T) {
	files := map[string]string{"site.yaml": "base_url: https://org.github.io/briefings/\n"}
	for i, sec := range "abcdefghijkl" {
		files[fmt.Sprintf("content/%c/x.md", sec)] = briefingFile("X", fmt.Sprintf("2026-01-%02d", i+1), "Trade")
		if sec == 'j' || sec == 'l' { // the two with most briefings, past the first ten
			files[fmt.Sprintf("content/%c/y.md", sec)] = briefingFile("Y", "2026-02-01", "Trade")
		}
	}
	out := mustBuild(t, Config{Source: writeSite(t, files), CacheDir: "-"})
	section := regexp.MustCompile(`<li><a href="/briefings/([a-z])/"`)
	pages := 0
	for name, html := range readTree(t, out) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		_, nav, _ := strings.Cut(string(html), `<nav class="nav" aria-label="Main">`)
		nav, _, _ = strings.Cut(nav, `</nav>`)
		var got string
		for _, m := range section.FindAllStringSubmatch(nav, -1) {
			got += m[1]
		}
		if got != "abcdefghjl" || !strings.Contains(nav, `<li><a href="/briefings/#sections">More sections</a></li>`) {
			t.Errorf("%s: the masthead names\n%s\nwant the sections abcdefghjl and More sections", name, nav)
		}
		if name == "index.html" {
			_, list, _ := strings.Cut(string(html), `id="sections"`)
			got = ""
			for _, m := range section.FindAllStringSubmatch(list, -1) {
				got += m[1]
			}
			if !strings.HasPrefix(got, "abcdefghijkl") {
				t.Errorf("the home page's sections: %s; want all twelve", got)
			}
		}
	}
	if pages < 20 {
		t.Fatalf("%d pages", pages)
	}
}

func TestFooterNamesTenPages(t *testing.T) {
	files := map[string]string{
		"site.yaml":       "base_url: https://org.github.io/briefings/\n",
		"content/w/x.md":  briefingFile("X", "2026-01-01", "Trade"),
		"content/zz.md":   "---\ntitle: Aa first\n---\n\nText.\n",
		"content/mid.md":  "---\ntitle: Mm\n---\n\nText.\n",
		"content/last.md": "---\ntitle: Zz last\n---\n\nText.\n",
	}
	for i := range 9 {
		files[fmt.Sprintf("content/p%d.md", i)] = fmt.Sprintf("---\ntitle: Page %d\n---\n\nText.\n", i)
	}
	out := mustBuild(t, Config{Source: writeSite(t, files), CacheDir: "-"})
	link := regexp.MustCompile(`<li><a href="/briefings/([a-z0-9]+)/">`)
	names := func(html string) (got string) { // the plain pages it links
		html, _, _ = strings.Cut(html, `<li><a href="/briefings/topics/">`)
		for _, m := range link.FindAllStringSubmatch(html, -1) {
			got += m[1] + " "
		}
		return got
	}
	const ten = "zz mid p0 p1 p2 p3 p4 p5 p6 p7 " // by title: Aa first, Mm, Page 0…7
	pages := 0
	for name, html := range readTree(t, out) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		_, footer, _ := strings.Cut(string(html), `<footer class="colophon">`)
		if got := names(footer); got != ten || !strings.Contains(footer, `<li><a href="/briefings/#all-pages">More pages</a></li>`) {
			t.Errorf("%s: the footer names %q and\n%s\nwant %qand More pages", name, got, footer, ten)
		}
		_, list, found := strings.Cut(string(html), `<h2 id="all-pages"`)
		list, _, _ = strings.Cut(list, `</section>`)
		if want := name == "index.html"; found != want {
			t.Errorf("%s: has a list of pages: %v, want %v", name, found, want)
		} else if found && names(list) != ten+"p8 last " {
			t.Errorf("the home page's pages: %s; want all twelve", names(list))
		}
	}
	if pages < 15 {
		t.Fatalf("%d pages", pages)
	}
	delete(files, "content/last.md")
	delete(files, "content/p8.md")
	out = mustBuild(t, Config{Source: writeSite(t, files), CacheDir: "-"})
	home := string(readTree(t, out)["index.html"])
	if _, footer, _ := strings.Cut(home, `<footer class="colophon">`); strings.Contains(home, `id="all-pages"`) || names(footer) != ten || strings.Contains(footer, "More pages") {
		t.Errorf("with ten plain pages, the home page has a list of them or the footer does not name them all:\n%s", home)
	}
}

// TestDraftSectionIntro: a section's _index.md with `draft: true` is held
// back without --drafts. A section of no published briefing has no page,
// no place in the masthead and none in the sitemap; one with published
// briefings is named after its folder, without the draft's title, summary
// or intro anywhere. Both were published, title, intro and all.
func TestDraftSectionIntro(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":               testSiteYAML,
		"content/world/x.md":      briefingFile("X", "2026-01-01", "Trade"),
		"content/world/_index.md": "---\ntitle: \"Embargoed World\"\nsummary: \"Embargoed summary\"\ndraft: true\n---\nEmbargoed intro.\n",
		"content/labs/_index.md":  "---\ntitle: \"Embargoed Labs\"\ndraft: true\n---\nEmbargoed lab.\n",
		"content/about.md":        "---\ntitle: \"About\"\n---\nSee [labs](labs/_index.md).\n",
	})
	_, err := Build(Config{Source: src, Out: filepath.Join(t.TempDir(), "p"), Log: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "content/about.md:4:12: link to labs/_index.md: content/labs/_index.md is a draft") {
		t.Errorf("a link to a draft section's page: %v; want an error naming the draft", err)
	}
	writeFiles(t, src, map[string]string{"content/about.md": "---\ntitle: \"About\"\n---\nAbout us.\n"})
	out := mustBuild(t, Config{Source: src})
	tree := readTree(t, out)
	if _, ok := tree["labs/index.html"]; ok {
		t.Error("the draft section labs/ has a page")
	}
	for name, data := range tree {
		if bytes.Contains(data, []byte("Embargoed")) {
			t.Errorf("%s holds the draft's words", name)
		}
	}
	if html := string(tree["world/index.html"]); !strings.Contains(html, "<h1>World</h1>") {
		t.Errorf("world/index.html is not named after its folder:\n%s", html)
	}
}

// TestTooLongTemplateStopsTheTheme: once a template has written more than
// layout.MaxOutput for one page, every later page of that theme fails at
// once with the same problem, as after a template that does not end: each
// of a site's pages was run to the limit, 128 MB apiece, with a problem
// line each.
func TestTooLongTemplateStopsTheTheme(t *testing.T) {
	defer func(n int) { layout.MaxOutput = n }(layout.MaxOutput)
	layout.MaxOutput = 1 << 20
	src := listingSite(t) // eight briefings
	writeFiles(t, src, map[string]string{
		"layouts/briefing.html": "{{define \"main\"}}{{/* too long, once */}}{{range 1000000000000}}<p>x</p>{{end}}{{end}}\n",
	})
	var log strings.Builder
	_, err := Check(Config{Source: src, Log: &log})
	if err == nil {
		t.Fatal("check passed")
	}
	if n := strings.Count(log.String()+err.Error(), "wrote more than 1 MB"); n != 1 {
		t.Errorf("the problem is told %d times; want once:\n%s\n%v", n, log.String(), err)
	}
}

// TestTemplateErrorColumns: a template error's column counts characters
// from 1, as brief's other problems and editors do. Go's errors give the
// bytes before the place: one short for ASCII, more after other scripts.
// And a missing field of .Frame in a page's own template lists the
// Frame's fields without the hint that masthead and colophon are given the
// page's Frame whatever they are passed: that is about those two alone.
func TestTemplateErrorColumns(t *testing.T) {
	for _, tt := range []struct{ line, want, not string }{
		{"{{.Nope}}", `layouts/page.html:2:3: template error: executing "main" at <.Nope>`, ""},
		{"日本{{.Nope}}", `layouts/page.html:2:5: template error: executing "main" at <.Nope>`, ""},
		{"{{.Frame.Nope}}", `layouts/page.html:2:9: template error: executing "main" at <.Frame.Nope>: can't evaluate field Nope in type layout.Frame; a layout.Frame has .Site, .Kind, .Current (rendering`, "masthead"},
	} {
		src := listingSite(t)
		writeFiles(t, src, map[string]string{
			"layouts/page.html": "{{define \"main\"}}\n" + tt.line + "{{end}}\n",
			"content/about.md":  "---\ntitle: \"About\"\n---\nAbout us.\n",
		})
		_, err := Check(Config{Source: src, Log: io.Discard})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || tt.not != "" && strings.Contains(err.Error(), tt.not) {
			t.Errorf("%s: %v; want it to start %s", tt.line, err, tt.want)
		}
	}
}

// TestTopicsIndexSummaries: the topics index shows each topic's summary,
// from content/topics/<slug>.md, under its name, as the analysts index
// shows each analyst's affiliation; it showed the names and counts alone.
func TestTopicsIndexSummaries(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":               testSiteYAML,
		"content/topics/trade.md": "---\ntitle: Trade\nsummary: \"Tariffs & quotas.\"\n---\nAbout trade.\n",
		"content/world/x.md":      briefingFile("X", "2026-01-01", "Trade", "Energy"),
	})
	page, err := os.ReadFile(filepath.Join(mustBuild(t, Config{Source: src}), "topics", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`">Trade</a><span class="desc">Tariffs &amp; quotas.</span><span class="count">1 briefing</span>`,
		`">Energy</a><span class="count">1 briefing</span>`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the topics index lacks %s:\n%s", want, page)
		}
	}
}

// TestAnalystNotesNewestFirst: an analyst's page lists their notes newest
// first by the notes' own dates, as every listing is newest first; a note
// without a date goes by its briefing's. They went by their briefings'
// dates alone, so a note of March on a January briefing came after one of
// January on a later briefing, and the dates shown ran out of order.
func TestAnalystNotesNewestFirst(t *testing.T) {
	note := func(date, text string) string {
		if date != "" {
			date = "date: " + date + "\n"
		}
		return "---\nanalyst: Ana Lee\n" + date + "---\n" + text + "\n"
	}
	src := writeSite(t, map[string]string{
		"site.yaml":                        "title: Desk\nbase_url: https://example.org/desk/\n",
		"content/w/a/index.md":             briefingFile("Brief a", "2026-01-02", "X"),
		"content/w/a/notes/ana-lee.md":     note("2026-03-01", "On a, in March."),
		"content/w/b/index.md":             briefingFile("Brief b", "2026-01-04", "X"),
		"content/w/b/notes/ana-lee.md":     note("2026-01-05", "On b, in January."),
		"content/w/c/index.md":             briefingFile("Brief c", "2026-02-01", "X"),
		"content/w/c/notes/ana-lee.md":     note("", "On c, undated."),
		"content/analysts/ana-lee.md":      "---\nname: Ana Lee\n---\n",
		"content/w/d/index.md":             briefingFile("Brief d", "2026-01-03", "X"),
		"content/w/d/notes/ana-lee.md":     note("2026-01-05", "On d, in January too."),
		"content/w/e/index.md":             briefingFile("Brief e", "2026-01-01", "X"),
		"content/w/e/notes/ana-lee-old.md": note("2026-01-01T08:00:00Z", "On e, first."),
	})
	page, err := os.ReadFile(filepath.Join(mustBuild(t, Config{Source: src}), "analysts", "ana-lee", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range regexp.MustCompile(`On [a-e], [^<]*`).FindAll(page, -1) {
		got = append(got, string(m))
	}
	// b and d share a date: b, the newer briefing, first.
	want := []string{"On a, in March.", "On c, undated.", "On b, in January.", "On d, in January too.", "On e, first."}
	if !slices.Equal(got, want) {
		t.Errorf("the analyst's notes are listed\n%q\nwant\n%q", got, want)
	}
}
