package generator

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"hash/maphash"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/generator/internal/browsertest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The theme's tests open the example site in headless Chromium, as a
// reader would: served under its base path, compressed as GitHub Pages
// serves it. They need Debian's chromium (and, for some, the npm packages
// in tools/); outside CI they skip when those are missing.

const chromium = browsertest.Chromium

// themePages are the pages the theme's tests look at, by URL path under
// the base path.
var themePages = []struct{ name, path string }{
	{"home", ""},
	{"topic", "topics/north-korea/"},
	{"briefing", "world/north-korea-missile-tests/"},
	{"analyst", "analysts/mirela-sokolovic/"},
	{"search", "search/"},
}

// need skips the test when a tool is missing, unless it runs in CI, where
// every tool must be there.
func need(t *testing.T, file, hint string) { browsertest.Need(t, file, hint) }

// tool is the path of a file of an npm package installed in tools/.
func tool(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "tools", "node_modules", rel))
	if err != nil {
		t.Fatal(err)
	}
	need(t, p, "run npm ci --prefix tools")
	return p
}

// exampleSite builds the repository's example site and serves it under
// /briefings/, gzipped. It returns the output folder and the site's URL.
func exampleSite(t *testing.T) (out, site string) {
	t.Helper()
	out = mustBuild(t, Config{Source: "..", CacheDir: "-"})
	srv := httptest.NewServer(pagesHandler("/briefings/", out))
	t.Cleanup(srv.Close)
	return out, srv.URL + "/briefings/"
}

// pagesHandler serves dir under prefix roughly as GitHub Pages does:
// folders by their index.html, the site's 404.html for anything missing,
// text compressed with gzip when the client accepts it, each version of a
// file compressed once.
func pagesHandler(prefix, dir string) http.Handler {
	var zipped sync.Map // file + hash of its bytes → gzipped bytes
	seed := maphash.MakeSeed()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel, ok := strings.CutPrefix(r.URL.Path, prefix)
		status := http.StatusOK
		file := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+rel)))
		if fi, err := os.Stat(file); err == nil && fi.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			file = filepath.Join(file, "index.html")
		}
		data, err := os.ReadFile(file)
		if !ok || err != nil {
			status, file = http.StatusNotFound, filepath.Join(dir, "404.html")
			data, _ = os.ReadFile(file)
		}
		ctype := mime.TypeByExtension(filepath.Ext(file))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Cache-Control", "max-age=600")
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && !strings.HasPrefix(ctype, "image/") {
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Vary", "Accept-Encoding")
			key := file + "\x00" + strconv.FormatUint(maphash.Bytes(seed, data), 36)
			z, ok := zipped.Load(key)
			if !ok {
				var buf bytes.Buffer
				gz := gzip.NewWriter(&buf)
				gz.Write(data)
				gz.Close()
				z, _ = zipped.LoadOrStore(key, buf.Bytes())
			}
			data = z.([]byte)
		}
		w.WriteHeader(status)
		w.Write(data)
	})
}

// browser starts a headless Chromium for the test and returns a tab.
func browser(t *testing.T) context.Context { return browsertest.Open(t) }

// view sets the tab's width, as a phone below 600 px, and its colour
// scheme, "light" or "dark".
func view(width int64, scheme string) chromedp.Action[chromedp.Void] {
	var opts []chromedp.EmulateViewportOption
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	return chromedp.Steps(
		chromedp.EmulateViewport(width, 800, opts...),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}),
	)
}

// eval evaluates a JavaScript expression in the tab.
func eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// screenshotDir is where screenshots go: $BRIEF_SCREENSHOTS, or a
// temporary folder; outside CI a copy also goes to /tmp/brief-screens for
// a person to look at.
func screenshotDirs(t *testing.T) []string {
	dirs := []string{os.Getenv("BRIEF_SCREENSHOTS")}
	if dirs[0] == "" {
		dirs[0] = t.TempDir()
	}
	if os.Getenv("CI") != "true" {
		dirs = append(dirs, "/tmp/brief-screens")
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dirs
}

// TestThemeScreenshots takes full-page screenshots of the home page, a
// topic and a briefing, phone and desktop wide, light and dark, and checks
// that no page scrolls sideways on a phone.
func TestThemeScreenshots(t *testing.T) {
	ctx := browser(t)
	_, site := exampleSite(t)
	dirs := screenshotDirs(t)
	for _, p := range themePages[:3] {
		for _, width := range []int64{375, 1280} {
			for _, scheme := range []string{"light", "dark"} {
				name := fmt.Sprintf("%s-%d-%s.png", p.name, width, scheme)
				if err := chromedp.Do(ctx, view(width, scheme), chromedp.Navigate(site+p.path)); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				scroll, client := pageWidths(t, ctx)
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if width == 375 && scroll > client {
					t.Errorf("%s scrolls sideways at %d px: content is %d px wide", p.path, width, scroll)
				}
				for _, d := range dirs {
					if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	for _, p := range themePages { // the narrowest phones, on every page
		if err := chromedp.Do(ctx, view(320, "light"), chromedp.Navigate(site+p.path)); err != nil {
			t.Fatal(err)
		}
		if scroll, client := pageWidths(t, ctx); scroll > client {
			t.Errorf("%s scrolls sideways at 320 px: content is %d px wide", p.path, scroll)
		}
	}
	t.Logf("screenshots in %s", strings.Join(dirs, " and "))
}

// TestValidHTML runs the Nu Html Checker over every page of the example
// site: no errors.
func TestValidHTML(t *testing.T) {
	jar := tool(t, "vnu-jar/build/dist/vnu.jar")
	java, err := exec.LookPath("java")
	if err != nil {
		need(t, "/usr/bin/java", "install Debian's default-jre-headless package")
		java = "/usr/bin/java"
	}
	out := mustBuild(t, Config{Source: "..", CacheDir: "-"})
	cmd := exec.Command(java, "-jar", jar, "--errors-only", "--skip-non-html", out)
	msg, err := cmd.CombinedOutput()
	if err != nil || len(msg) > 0 {
		t.Errorf("the Nu Html Checker finds errors (%v):\n%s", err, strings.ReplaceAll(string(msg), "file:"+out, ""))
	}
}

// TestSearchInBrowser types queries on the search page: results come as
// one types, with the matched words highlighted; without JavaScript the
// page says so and points to the topics.
func TestSearchInBrowser(t *testing.T) {
	ctx := browser(t)
	_, site := exampleSite(t)
	// A headless page has no focus to give an element unless told to
	// act as the focused one, as a reader's window is.
	focused := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
	if err := chromedp.Do(ctx, view(375, "light"), focused, chromedp.Navigate(site+"search/"),
		chromedp.WaitVisible(chromedp.CSS("#q"))); err != nil {
		t.Fatal(err)
	}
	if !within(ctx, 5*time.Second, `document.activeElement === document.querySelector("#q")`) {
		t.Errorf("the search page does not put the cursor in its box: the focus is on %s", eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	for _, c := range []struct{ query, want, mark string }{
		{"missile laun", "world/north-korea-missile-tests/", "<mark>Missile</mark> <mark>Launches</mark>"},
		{"sokolović", "world/north-korea-missile-tests/", ""}, // an analyst's name, typed with its accent
		{"apogee", "world/north-korea-missile-tests/", ""},    // a word of the body only
	} {
		if err := chromedp.Do(ctx, typeInto("#q", c.query)); err != nil {
			t.Fatal(err)
		}
		first := `document.querySelector("#search-results .headline a")`
		cond := first + `?.href.endsWith(` + jsString(c.want) + `) && document.querySelector("#search-status").textContent.includes(` + jsString(c.query) + `)`
		if !within(ctx, 10*time.Second, cond) {
			got := eval[string](t, ctx, `document.querySelector("#search-status").textContent + " " + (`+first+`?.href || "no result")`)
			t.Errorf("search %q: first result is not %s: %s", c.query, c.want, got)
			continue
		}
		if html := eval[string](t, ctx, first+`.innerHTML`); !strings.Contains(html, c.mark) {
			t.Errorf("search %q: the title reads %s; want %s highlighted", c.query, html, c.mark)
		}
	}
	if got := eval[string](t, ctx, `location.search`); got != "?q=apogee" {
		t.Errorf("the address keeps the query as %q; want ?q=apogee", got)
	}
	// An abbreviation matches itself, not every word it begins: U.S.
	// found the Arctic route's briefing by its "usable" and "user".
	if err := chromedp.Do(ctx, typeInto("#q", "U.S.")); err != nil {
		t.Fatal(err)
	}
	if !within(ctx, 10*time.Second, `document.querySelector("#search-status").textContent.includes("U.S.")`) {
		t.Fatal("search U.S.: no status")
	}
	if got := eval[string](t, ctx, `[...document.querySelectorAll("#search-results .headline a")].map((a) => a.pathname).join(" ")`); got == "" || strings.Contains(got, "arctic-shipping-routes") {
		t.Errorf("search U.S. finds %q; want the briefings that write US, and not the Arctic route's, which has only usable and user", got)
	}

	// Without JavaScript: a note and a link to the topics index.
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(site+"search/?q=apogee"))
	if err != nil {
		t.Fatal(err)
	}
	if !eval[bool](t, ctx, `!!document.querySelector("#search-nojs a[href$='/topics/']") && document.querySelector("#search-form").hidden`) {
		t.Error("without JavaScript the search page does not say so, link to the topics, and hide the form")
	}
}

// TestSearchShowMore presses Enter on "Show more results" until every
// result is shown: each press moves the focus to the first new result,
// where a keyboard or screen reader continues, and the status says how
// many are shown. The last press removed the button and left the focus
// nowhere (on the body); the others left it on the button, below the new
// rows, and the status still said only how many match.
func TestSearchShowMore(t *testing.T) {
	ctx := browser(t)
	files := map[string]string{"site.yaml": "title: Desk\nbase_url: https://example.org/briefings/\n"}
	for i := 1; i <= 25; i++ {
		files[fmt.Sprintf("content/world/report-%02d.md", i)] = fmt.Sprintf(
			"---\ntitle: Report number %d\nsummary: A summary.\ndate: 2026-01-%02d\ntopics: [Trade]\n---\nText.\n", i, i)
	}
	out := mustBuild(t, Config{Source: writeSite(t, files), CacheDir: "-"})
	srv := httptest.NewServer(pagesHandler("/briefings/", out))
	t.Cleanup(srv.Close)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/briefings/search/?q=number")); err != nil {
		t.Fatal(err)
	}
	rows := `document.querySelectorAll("#search-results li")`
	status := `document.querySelector("#search-status").textContent`
	if !within(ctx, 10*time.Second, rows+`.length === 10 && document.querySelector(".more-results")`) {
		t.Fatalf("no first page of results and button: %s", eval[string](t, ctx, status))
	}
	if got, want := eval[string](t, ctx, status), "Showing 10 of 25 briefings that match “number”."; got != want {
		t.Errorf("status reads %q; want %q", got, want)
	}
	for _, c := range []struct {
		from, shown int // the results shown before and after
		status      string
	}{
		{10, 20, "Showing 20 of 25 briefings that match “number”."},
		{20, 25, "25 briefings match “number”."},
	} {
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(".more-results")), chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		first := fmt.Sprintf(`document.querySelectorAll("#search-results li")[%d]?.querySelector("a")`, c.from)
		if !within(ctx, 10*time.Second, rows+`.length === `+strconv.Itoa(c.shown)+` && document.activeElement === `+first) {
			got := eval[string](t, ctx, rows+`.length + " results, focus on " + document.activeElement.tagName + " " + (document.activeElement === document.body ? "" : document.activeElement.textContent)`)
			t.Errorf("after Enter on Show more: %s; want %d results, focus on the link of result %d", got, c.shown, c.from+1)
		}
		if got := eval[string](t, ctx, status); got != c.status {
			t.Errorf("with %d results shown the status reads %q; want %q", c.shown, got, c.status)
		}
	}
	if eval[bool](t, ctx, `!!document.querySelector(".more-results")`) {
		t.Error("the button stays once every result is shown")
	}
}

// TestSearchLongRuns searches, in the browser, Thai and Japanese written
// as they are, without spaces between words, in runs of 81 and 63
// characters: the start of a run finds it, and so does the whole run,
// which search.js cuts to 40 characters as the index does; a 60-letter
// hash is not searched. Both runs were left out of the index, and the
// whole run out of the query, as longer than 40.
func TestSearchLongRuns(t *testing.T) {
	ctx := browser(t)
	thai := "รัฐบาลไทยประกาศมาตรการใหม่เพื่อกระตุ้นเศรษฐกิจในช่วงปลายปีนี้โดยเน้นการท่องเที่ยว"
	japanese := "日本経済新聞によると政府は来年度の予算案で防衛費を大幅に増額し過去最大の規模となる見通しで財務省と各省庁の調整が続いているという"
	hash := "3f9a0c7e5b1d2468ace13579bdf02468ace13579bdf02468ace13579bdf0"
	brief := "---\ntitle: %s\nsummary: A summary.\ndate: 2026-01-%02d\ntopics: [Economy]\n---\n%s\n"
	out := mustBuild(t, Config{Source: writeSite(t, map[string]string{
		"site.yaml":                 "title: Desk\nbase_url: https://example.org/briefings/\nlanguage: th\n",
		"content/world/stimulus.md": fmt.Sprintf(brief, "Stimulus", 1, thai+"\n\nกรุงเทพมหานคร"),
		"content/world/budget.md":   fmt.Sprintf(brief, "Budget", 2, japanese+"\n\nCommit "+hash+"."),
	}), CacheDir: "-"})
	srv := httptest.NewServer(pagesHandler("/briefings/", out))
	t.Cleanup(srv.Close)
	status := `document.querySelector("#search-status").textContent`
	for _, c := range []struct{ query, want, status string }{
		{"รัฐบาล", "world/stimulus/", "1 briefing matches “รัฐบาล”."},
		{"กรุงเทพ", "world/stimulus/", "1 briefing matches “กรุงเทพ”."},
		// A word of one letter is not searched, and the status says so:
		// "topic 3" read as a search for the 3.
		{"กรุงเทพ 3 x 3", "world/stimulus/", "1 briefing matches “กรุงเทพ 3 x 3”. Words of one letter (3, x) are not searched."},
		{thai, "world/stimulus/", "1 briefing matches “" + thai + "”."},
		{"日本経済", "world/budget/", "1 briefing matches “日本経済”."},
		{japanese, "world/budget/", "1 briefing matches “" + japanese + "”."},
		{hash, "", "Words of more than 40 letters are not searched; type a shorter one."},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/briefings/search/?q="+url.QueryEscape(c.query))); err != nil {
			t.Fatal(err)
		}
		hrefs := `[...document.querySelectorAll("#search-results .headline a")].map((a) => a.getAttribute("href")).join(" ")`
		want := ""
		if c.want != "" {
			want = "/briefings/" + c.want
		}
		if !within(ctx, 10*time.Second, status+` === `+jsString(c.status)+` && `+hrefs+` === `+jsString(want)) {
			t.Errorf("search %q: %q, results %q; want %q, results %q", c.query, eval[string](t, ctx, status), eval[string](t, ctx, hrefs), c.status, want)
		}
		// On a site in Thai, a result's date, in English as the
		// theme's words are, is marked so, as the status line is.
		langs := `[document.querySelector("#search-status").lang, ...[...document.querySelectorAll("#search-results .meta")].map((m) => m.lang)].join(" ")`
		if got, want := eval[string](t, ctx, langs), strings.TrimSpace("en"+strings.Repeat(" en", len(strings.Fields(want)))); got != want {
			t.Errorf("search %q: the status line's and the results' dates' languages are %q; want %q", c.query, got, want)
		}
	}
}

// typeInto empties a field and types text into it one character at a
// time, as a keyboard or an input method would.
func typeInto(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`document.activeElement.select()`),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			for _, r := range text {
				if _, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: string(r)}); err != nil {
					return err
				}
			}
			return nil
		}),
	)
}

// within polls a JavaScript condition until it holds or the time is up.
func within(ctx context.Context, limit time.Duration, cond string) bool {
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(`+cond+`)`)); err == nil && ok {
			return true
		}
	}
	return false
}

func jsString(s string) string { return strconv.Quote(s) }

// axeViolation is what the test keeps of an axe-core result.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []string
}

// TestAccessibility runs axe-core on the home, topic, analyst, search and
// briefing pages, in light and dark, on awkwardSite's briefing with a
// wide table, code that scrolls and a task list, and on arabicSite's
// briefing, right to left: no serious or critical violation.
func TestAccessibility(t *testing.T) {
	axe, err := os.ReadFile(tool(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	_, site := exampleSite(t)
	pages := []struct{ name, url string }{{"awkward briefing", awkwardSite(t) + "politik/daten/"}, {"Arabic briefing", arabicSite(t) + "economy/report/"}}
	for _, p := range themePages {
		url := site + p.path
		if p.name == "search" {
			url += "?q=missile" // with results on show
		}
		pages = append(pages, struct{ name, url string }{p.name, url})
	}
	const run = `axe.run(document, {resultTypes: ["violations"], rules: {"target-size": {enabled: true}}}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))})))`
	counts := map[string]int{}
	for _, p := range pages {
		for _, scheme := range []string{"light", "dark"} {
			if err := chromedp.Do(ctx, view(1280, scheme), chromedp.Navigate(p.url)); err != nil {
				t.Fatal(err)
			}
			if p.name == "search" && !within(ctx, 10*time.Second, `document.querySelector("#search-results li")`) {
				t.Fatalf("search page: no results for %q", "missile")
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
				t.Fatalf("inject axe-core: %v", err)
			}
			vs := eval[[]axeViolation](t, ctx, run)
			for _, v := range vs {
				counts[v.Impact]++
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s (%s): %s %s: %s at %s", p.name, scheme, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, ", "))
				}
			}
		}
	}
	t.Logf("axe-core violations by impact over %d pages in two schemes: %v", len(pages), counts)
}

// BenchmarkSearchLatency measures, in the browser, how long the search
// page takes from a keystroke to its results shown, for seven queries
// typed a key at a time at a brisk typist's pace. The site is the built
// output folder in $BRIEF_SEARCH_SITE, or else one it builds from
// bench/gencorpus with $BRIEF_BENCH_N briefings (default 1000);
// bench/search.sh runs it on 10,000. It is served under /briefings/ over
// HTTP/2 with gzip, as GitHub Pages serves. Besides the median and the
// slowest keystroke it logs every figure and, for each keystroke over
// 20 ms, the index files it fetched: when each began after the keystroke,
// how long it took, its size.
func BenchmarkSearchLatency(b *testing.B) {
	dir := os.Getenv("BRIEF_SEARCH_SITE")
	if dir == "" {
		n := os.Getenv("BRIEF_BENCH_N")
		if n == "" {
			n = "1000"
		}
		src := filepath.Join(b.TempDir(), "corpus")
		cmd := exec.Command("go", "run", "brief/bench/gencorpus", "-n", n, "-out", src, "-format", "neutral")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("gencorpus: %v\n%s", err, out)
		}
		dir = mustBuild(b, Config{Source: src, BaseURL: "https://example.org/briefings/", CacheDir: "-", Log: io.Discard})
	}
	// HTTP/2 carries every request on one connection, where HTTP/1.1
	// would queue them six at a time. The test's certificate is its own,
	// so the browser is told to accept it.
	ctx := browsertest.Open(b, chromedp.Flag("ignore-certificate-errors", true))
	srv := httptest.NewUnstartedServer(pagesHandler("/briefings/", dir))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	b.Cleanup(srv.Close)
	var all []float64
	for b.Loop() {
		b.StopTimer() // the figures are the page's own measures, not the loop's time
		if err := chromedp.Do(ctx, view(1280, "light"), chromedp.Navigate(srv.URL+"/briefings/search/"),
			chromedp.WaitVisible(chromedp.CSS("#q"))); err != nil {
			b.Fatal(err)
		}
		for _, q := range []string{"sanctions", "north korea", "missile defense", "reported", "control", "seoul talks", "sanctions"} {
			eval[bool](b, ctx, `performance.clearMeasures("brief-search"), true`)
			if err := chromedp.Do(ctx, typeInto("#q", "")); err != nil {
				b.Fatal(err)
			}
			var slow []string // the slow keystrokes and the files they fetched
			typed := ""
			for _, r := range q {
				typed += string(r)
				eval[bool](b, ctx, `performance.clearResourceTimings(), true`)
				n := eval[int](b, ctx, `performance.getEntriesByName("brief-search").length`)
				if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: string(r)})
					return err
				}), chromedp.Sleep(150*time.Millisecond)); err != nil {
					b.Fatal(err)
				}
				ms := eval[[]float64](b, ctx, `performance.getEntriesByName("brief-search").slice(`+strconv.Itoa(n)+`).map(e => e.duration)`)
				if len(ms) == 1 && ms[0] > 20 {
					files := eval[[]string](b, ctx, `(() => {
						const t0 = performance.getEntriesByName("brief-search").at(-1).startTime;
						return performance.getEntriesByType("resource").filter((e) => e.name.includes("/search/")).map((e) =>
							e.name.replace(/^.*\/search\/|\?.*$/g, "") + " +" + (e.startTime - t0).toFixed(1) + " " + e.duration.toFixed(1) + " ms " + (e.decodedBodySize / 1024).toFixed(0) + " KB");
					})()`)
					slow = append(slow, fmt.Sprintf("%q %.1f ms: %s", typed, ms[0], strings.Join(files, ", ")))
				}
			}
			if !within(ctx, 30*time.Second, `document.querySelector("#search-status").textContent.includes(`+jsString(q)+`)`) {
				b.Fatalf("no results for %q", q)
			}
			ms := eval[[]float64](b, ctx, `performance.getEntriesByName("brief-search").map(e => Math.round(e.duration * 10) / 10)`)
			all = append(all, ms...)
			status := eval[string](b, ctx, `document.querySelector("#search-status").textContent`)
			b.Logf("%-16q %s; ms per keystroke with results: %v", q, status, ms)
			for _, s := range slow {
				b.Logf("    %s", s)
			}
		}
		b.StartTimer()
	}
	slices.Sort(all)
	if len(all) > 0 {
		b.ReportMetric(all[len(all)/2], "ms-median")
		b.ReportMetric(all[len(all)-1], "ms-max")
		b.ReportMetric(float64(len(all)), "keystrokes")
	}
}

// TestPageLandmarks checks every page of the example site, and one whose
// body has a level-1 heading, for what assistive technology relies on: a
// language, a skip link to the main landmark, and exactly one h1.
func TestPageLandmarks(t *testing.T) {
	sites := map[string]string{"example": mustBuild(t, Config{Source: "..", CacheDir: "-"})}
	sites["h1 in body"] = mustBuild(t, Config{Source: writeSite(t, map[string]string{
		"site.yaml":           "title: T\nbase_url: https://example.org/\n",
		"content/world/a.md":  "---\ntitle: A\nsummary: S.\ndate: 2026-01-01\ntopics: [X]\n---\n\n# A heading\n\nText.\n",
		"content/about.md":    "---\ntitle: About\n---\n\n# About us\n",
		"content/world/b.md":  "---\ntitle: B\nsummary: S.\ndate: 2026-01-02\ntopics: [X]\n---\n\nText.\n",
		"content/_index.md":   "---\ntitle: Home\n---\n\n# Welcome\n",
		"content/topics/x.md": "---\ntitle: X\n---\n\n# About X\n",
	}), CacheDir: "-"})
	for name, out := range sites {
		pages := 0
		for rel, data := range readTree(t, out) {
			if !strings.HasSuffix(rel, ".html") {
				continue
			}
			pages++
			page := string(data)
			if n := strings.Count(page, "<h1"); n != 1 {
				t.Errorf("%s: %s has %d h1 elements; want 1", name, rel, n)
			}
			for _, want := range []string{`<html lang="`, `<a class="skip" href="#main">`, `<main id="main"`, `<header class="masthead">`, `<footer class="colophon">`, `<nav class="nav" aria-label="Main">`} {
				if !strings.Contains(page, want) {
					t.Errorf("%s: %s lacks %s", name, rel, want)
				}
			}
		}
		if pages < 5 {
			t.Errorf("%s: only %d pages", name, pages)
		}
	}
}

// TestPrint looks at a briefing as printed: no navigation, the notes
// kept, each link's full address after it, black on white even for a
// reader who prefers dark.
func TestPrint(t *testing.T) {
	ctx := browser(t)
	_, site := exampleSite(t)
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Media: "print", Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		})
		return err
	}), chromedp.Navigate(site+"world/north-korea-missile-tests/"))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ what, expr string }{
		{"navigation hidden", `getComputedStyle(document.querySelector(".nav")).display === "none"`},
		{"footer hidden", `getComputedStyle(document.querySelector(".colophon")).display === "none"`},
		{"related briefings hidden", `getComputedStyle(document.querySelector(".related")).display === "none"`},
		{"notes shown", `getComputedStyle(document.querySelector(".notes")).display !== "none" && document.querySelectorAll(".note").length === 2`},
		{"black text", `getComputedStyle(document.body).color === "rgb(0, 0, 0)"`},
		{"full address after an internal link", `getComputedStyle(document.querySelector('.body a[href^="/"]'), "::after").content.includes("https://example.github.io/briefings/")`},
		{"notes not split across pages", `getComputedStyle(document.querySelector(".note")).breakInside === "avoid"`},
		// Takeaways and intros are markdown as bodies are: their links,
		// and an intro's tables, print as a body's do.
		{"full address after a takeaway's link", `(() => {
			const a = document.createElement("a");
			a.href = "/briefings/x/";
			a.textContent = "x";
			document.querySelector(".takeaways li").append(a);
			return getComputedStyle(a, "::after").content.includes("https://example.github.io/briefings/x/");
		})()`},
		{"an intro's table fitted to the page", `(() => {
			const d = document.createElement("div");
			d.className = "intro";
			d.innerHTML = "<table><tr><td>12,345,678</td></tr></table>";
			document.querySelector("main").append(d);
			const t = getComputedStyle(d.querySelector("table"));
			return t.display === "table" && t.tableLayout === "fixed";
		})()`},
	}
	for _, c := range checks {
		if !eval[bool](t, ctx, c.expr) {
			t.Errorf("printed briefing: not %s", c.what)
		}
	}
}
