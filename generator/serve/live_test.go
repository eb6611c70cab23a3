package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// stream is an open page's event stream, as live.js opens it.
type stream struct {
	t      *testing.T
	events chan sse
}

type sse struct{ name, data string }

var scriptAttrs = regexp.MustCompile(`<script src="([^"]*)live\.js" data-pages="([^"]*)" data-v="([^"]*)"`)

// open loads a page and opens its event stream with what the page's
// script tag says.
func (r *running) open(path string) *stream {
	r.t.Helper()
	_, body := r.get(path)
	m := scriptAttrs.FindStringSubmatch(body)
	if m == nil {
		r.t.Fatalf("GET %s: no live-reload script", path)
	}
	var pages []string
	for _, p := range strings.Split(strings.Trim(html.UnescapeString(m[2]), "[]"), ",") {
		if p != "" {
			pages = append(pages, strings.Trim(p, `"`))
		}
	}
	return r.listen(m[1], m[3], pages...)
}

// listen opens the event stream under base (like /briefings/) as a page
// served at version v that shows pages would.
func (r *running) listen(base, v string, pages ...string) *stream {
	r.t.Helper()
	q := url.Values{"v": {v}, "page": pages}
	return r.stream(base + "events?" + q.Encode())
}

// stream opens the event stream at path, with its query.
func (r *running) stream(path string) *stream {
	r.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", r.url+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		r.t.Fatalf("event stream has Content-Type %q", ct)
	}
	s := &stream{t: r.t, events: make(chan sse, 100)}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var e sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				e.data = strings.TrimPrefix(line, "data: ")
			case line == "" && e.name != "":
				s.events <- e
				e = sse{}
			}
		}
	}()
	return s
}

// next returns the next event, which must be called name.
func (s *stream) next(name string) sse {
	s.t.Helper()
	select {
	case e := <-s.events:
		if e.name != name {
			s.t.Fatalf("event %q (%s); want %q", e.name, e.data, name)
		}
		return e
	case <-time.After(hang):
		s.t.Fatalf("no %q event after %v", name, hang)
	}
	return sse{}
}

// TestLiveReload edits a briefing: its open page is told to reload, a page
// that does not show the change is not; a broken save shows the problem
// and keeps the last good page served; the fix clears it.
func TestLiveReload(t *testing.T) {
	r := start(t, writeSite(t, site))
	page := r.open("/briefings/world/quiet-harbour/")
	other := r.open("/briefings/about/")
	page.next("ok")
	other.next("ok")

	r.edit("content/world/quiet-harbour/index.md", "The ferries stopped in March.", "The ferries came back in May.")
	page.next("reload")
	other.next("ok")
	if _, body := r.get("/briefings/world/quiet-harbour/"); !strings.Contains(body, "The ferries came back in May.") {
		t.Errorf("the page does not show the edit")
	}

	page = r.open("/briefings/world/quiet-harbour/")
	page.next("ok")
	r.edit("content/world/quiet-harbour/index.md", "title:", "titel:")
	e := page.next("problems")
	if !strings.Contains(e.data, `"file":"content/world/quiet-harbour/index.md"`) || !strings.Contains(e.data, `"line":2`) {
		t.Errorf("problems event %s; want the file and line of the error", e.data)
	}
	other.next("problems")
	resp, body := r.get("/briefings/world/quiet-harbour/")
	if resp.StatusCode != 200 || !strings.Contains(body, "The ferries came back in May.") {
		t.Errorf("after a broken save the last good page is not served: %s", resp.Status)
	}
	// A page opened while the site is broken shows the problems at once.
	r.open("/briefings/about/").next("problems")
	if !strings.Contains(r.log.String(), "content/world/quiet-harbour/index.md:2:1: unknown key `titel`") {
		t.Errorf("the terminal does not show the error:\n%s", r.log.String())
	}

	r.edit("content/world/quiet-harbour/index.md", "titel:", "title:")
	page.next("ok") // the same bytes as before the broken save
	other.next("ok")
}

// TestEditedPageFirst edits only the body of a note: the pages that show
// it (its briefing's and its analyst's) are served and told to reload
// before the rest of the site is rebuilt, and after the rebuild every page
// is what brief build makes. An edit to front matter goes the long way.
func TestEditedPageFirst(t *testing.T) {
	r := start(t, writeSite(t, site))
	page := r.open("/briefings/world/quiet-harbour/")
	analyst := r.open("/briefings/analysts/harbour-desk/")
	other := r.open("/briefings/about/")
	for _, s := range []*stream{page, analyst, other} {
		s.next("ok")
	}

	r.edit("content/world/quiet-harbour/notes/desk.md", "Watch the fuel prices.", "Watch the insurance premiums.")
	page.next("reload")
	analyst.next("reload")
	other.next("ok") // from the rebuild: nothing before it
	line := r.logLine("content/world/quiet-harbour/notes/desk.md: ")
	if !strings.Contains(line, ": page shown in ") {
		t.Errorf("log line %q; want the pages shown first", line)
	}
	r.sameAsBuilt()

	r.edit("content/world/quiet-harbour/index.md", `title: "Quiet Harbour"`, `title: "Busy Harbour"`)
	line = r.logLine("content/world/quiet-harbour/index.md: ")
	if strings.Contains(line, "page shown") {
		t.Errorf("log line %q: a title edit changes listings and must not show a page first", line)
	}
	r.sameAsBuilt()
}

// grainDated is the test site with the Grain Corridor briefing dated
// date instead.
func grainDated(date string) map[string]string {
	files := maps.Clone(site)
	files["content/world/grain-corridor.md"] = strings.Replace(site["content/world/grain-corridor.md"], "date: 2026-02-01", "date: "+date, 1)
	return files
}

// TestEditedPageFirstWithWarning: a briefing with a warning (dated ahead)
// is shown first after a body edit as well; it went the long way.
func TestEditedPageFirstWithWarning(t *testing.T) {
	r := start(t, writeSite(t, grainDated(time.Now().AddDate(0, 1, 0).Format("2006-01-02"))))
	page := r.open("/briefings/world/grain-corridor/")
	page.next("ok")
	r.edit("content/world/grain-corridor.md", "\n---\n", "\n---\n\nA new first paragraph.\n")
	page.next("reload")
	if line := r.logLine("content/world/grain-corridor.md: "); !strings.Contains(line, ": page shown in ") {
		t.Errorf("log line %q; want the page shown first", line)
	}
	r.sameAsBuilt()
}

// TestEditedPageHeldBack makes body edits that break a link to a page or
// an anchor: none is shown first, the page stays as the last good build
// has it, and the open page shows the error instead of reloading.
func TestEditedPageHeldBack(t *testing.T) {
	files := maps.Clone(site)
	files["content/world/quiet-harbour/index.md"] += "\n## Fuel\n\nPrices rose.\n"
	files["content/world/grain-corridor.md"] += "\nSee [the fuel](quiet-harbour/index.md#fuel).\n"
	r := start(t, writeSite(t, files))
	const file = "content/world/quiet-harbour/index.md"
	page := r.open("/briefings/world/quiet-harbour/")
	page.next("ok")
	for _, c := range []struct{ what, old, new string }{
		{"a link to a missing anchor of another page", "Prices rose.", "Prices rose. See [x](../grain-corridor.md#nope)."},
		{"a link to a missing anchor of its own page", "Prices rose.", "Prices rose. See [s](#nowhere)."},
		{"a link to a missing page", "Prices rose.", "Prices rose. See [r](/no/such/page/)."},
		{"a heading another page links to, removed", "## Fuel", "## Diesel"},
	} {
		r.edit(file, c.old, c.new)
		page.next("problems")
		if _, body := r.get("/briefings/world/quiet-harbour/"); !strings.Contains(body, `id="fuel"`) || strings.Contains(body, "See [") || strings.Contains(body, "Diesel") {
			t.Errorf("%s: the page served is not the last good one:\n%s", c.what, body)
		}
		r.edit(file, c.new, c.old)
		page.next("ok")
	}
	if strings.Contains(r.log.String(), "page shown") {
		t.Errorf("a page was shown first:\n%s", r.log.String())
	}
	// A link to an anchor that is there is shown first.
	r.edit(file, "Prices rose.", "Prices rose. See [the fuel](#fuel) and [the corridor](../grain-corridor.md).")
	page.next("reload")
	r.logWith(file + ": page shown in ")
}

// logLine waits for the line of the log that reports the rebuild after a
// change to s.
func (r *running) logLine(s string) string {
	r.t.Helper()
	return r.logWith(" "+s, "rebuilt in")
}

// logWith waits for a line of the log that contains every one of parts.
func (r *running) logWith(parts ...string) string {
	r.t.Helper()
	for deadline := time.Now().Add(hang); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		for _, line := range strings.Split(r.log.String(), "\n") {
			if containsAll(line, parts) {
				return line
			}
		}
	}
	r.t.Fatalf("no log line with %q:\n%s", parts, r.log.String())
	return ""
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// sameAsBuilt checks that every file served is what brief build makes of
// the site as it is now.
func (r *running) sameAsBuilt() {
	r.t.Helper()
	files := built(r.t, r.dir)
	for name, data := range files {
		_, body := r.get("/briefings/" + name)
		if strings.HasSuffix(name, ".html") {
			body = liveScript.ReplaceAllString(body, "")
		}
		if body != string(data) {
			r.t.Errorf("served %s differs from the built one", name)
		}
	}
}

// TestLiveReloadPolling is TestLiveReload's first edit with --poll.
func TestLiveReloadPolling(t *testing.T) {
	r := startWith(t, Config{Source: writeSite(t, site), Poll: 20 * time.Millisecond})
	page := r.open("/briefings/world/quiet-harbour/")
	page.next("ok")
	r.edit("content/world/quiet-harbour/notes/desk.md", "Watch the fuel prices.", "Watch the fuel queues.")
	page.next("reload")
	if _, body := r.get("/briefings/world/quiet-harbour/"); !strings.Contains(body, "Watch the fuel queues.") {
		t.Errorf("the page does not show the edited note")
	}
}

// TestStylesheetSwap changes only the stylesheet: open pages are told to
// swap it rather than reload.
func TestStylesheetSwap(t *testing.T) {
	files := maps.Clone(site)
	files["layouts/extra.css"] = "/* nothing yet */\n" // see TestReplacedStylesheetsServed
	r := start(t, writeSite(t, files))
	page := r.open("/briefings/world/quiet-harbour/")
	page.next("ok")
	r.write("layouts/style.css", "body { color: rebeccapurple }\n")
	e := page.next("css")
	href := regexp.MustCompile(`/briefings/css/style\.[0-9a-f]+\.css`).FindString(e.data)
	if href == "" {
		t.Fatalf("css event %s names no stylesheet", e.data)
	}
	resp, body := r.get(href)
	if resp.StatusCode != 200 || !strings.Contains(body, "rebeccapurple") {
		t.Errorf("GET %s: %s, %q", href, resp.Status, body)
	}
	// A page served before the change and connecting only now catches up.
	late := r.open("/briefings/about/")
	late.next("ok")
	// Every page names the new stylesheet: the log counts them, though
	// open pages swap it rather than reload (it said 2 files changed).
	pages := 0
	for name := range built(t, r.dir) {
		if strings.HasSuffix(name, ".html") {
			pages++
		}
	}
	line := r.logWith(" layouts", "rebuilt in")
	if n, _ := strconv.Atoi(regexp.MustCompile(`(\d+) files changed`).FindStringSubmatch(line + " 0 files changed")[1]); n < pages {
		t.Errorf("log line %q; want at least the %d pages counted", line, pages)
	}
}

// TestStylesheetSwapBesideStatic: a site whose static/ has files named
// like the theme's stylesheet (css/style.css) still swaps the stylesheet
// when only extra.css changed. serve took one of them for the theme's,
// and reloaded the page.
func TestStylesheetSwapBesideStatic(t *testing.T) {
	files := maps.Clone(site)
	for _, name := range []string{"css/style.css", "css/style.print.css", "css/style.old.css"} {
		files["static/"+name] = "p { margin: 0 }\n"
	}
	files["layouts/extra.css"] = "/* nothing yet */\n" // see TestReplacedStylesheetsServed
	r := start(t, writeSite(t, files))
	for i, color := range []string{"rebeccapurple", "teal", "olive"} {
		page := r.open("/briefings/world/quiet-harbour/")
		page.next("ok")
		r.write("layouts/extra.css", "body { color: "+color+" }\n")
		if e := page.next("css"); !regexp.MustCompile(`/briefings/css/style\.[0-9a-f]{8}\.css`).MatchString(e.data) {
			t.Fatalf("edit %d: css event %s names another stylesheet", i+1, e.data)
		}
	}
}

// TestReplacedStylesheetsServed: a page fetched just before a change to
// the stylesheet asks for the one it names after the change, which is
// no longer in the build: the last ones replaced are still served, not
// the 404 page, so that it does not show unstyled until the css event.
func TestReplacedStylesheetsServed(t *testing.T) {
	// layouts/ is there from the start: made by the first save, it was a
	// change of its own, which could be built before the save's rename,
	// with an event "ok" before "css".
	files := maps.Clone(site)
	files["layouts/extra.css"] = "/* nothing yet */\n"
	r := start(t, writeSite(t, files))
	sheet := regexp.MustCompile(`css/style\.[0-9a-f]{8}\.css`)
	page := r.open("/briefings/world/quiet-harbour/")
	page.next("ok")
	var named []string
	for _, color := range []string{"rebeccapurple", "teal", "olive"} {
		_, body := r.get("/briefings/world/quiet-harbour/")
		named = append(named, sheet.FindString(body))
		r.write("layouts/extra.css", "body { color: "+color+" }\n")
		page.next("css")
	}
	for i, css := range named {
		resp, body := r.get("/briefings/" + css)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || !strings.Contains(body, "{") {
			t.Errorf("stylesheet %d, %s: %s, %s", i+1, css, resp.Status, resp.Header.Get("Content-Type"))
		}
	}
	if resp, _ := r.get("/briefings/css/style.00000000.css"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a stylesheet no build had: %s; want 404", resp.Status)
	}
}

// TestFilesCopied replaces a bundle's image: the open page of the bundle
// reloads, and another briefing's that shows the image, but not a page
// that does not. A file of static/ that changes reloads every open page,
// and a page that was hidden meanwhile catches up with it.
func TestFilesCopied(t *testing.T) {
	files := maps.Clone(site)
	files["content/world/quiet-harbour/map.png"] = "first map"
	files["content/world/grain-corridor.md"] += "\n![The harbour's map](quiet-harbour/map.png)\n"
	files["static/logo.svg"] = "<svg/>"
	r := start(t, writeSite(t, files))
	page := r.open("/briefings/world/quiet-harbour/")
	showing := r.open("/briefings/world/grain-corridor/")
	other := r.open("/briefings/about/")
	page.next("ok")
	showing.next("ok")
	other.next("ok")
	_, body := r.get("/briefings/about/")
	v := scriptAttrs.FindStringSubmatch(body)[3]

	r.write("content/world/quiet-harbour/map.png", "second map")
	page.next("reload")
	showing.next("reload")
	other.next("ok")
	if _, body := r.get("/briefings/world/quiet-harbour/map.png"); body != "second map" {
		t.Errorf("the resource served is %q", body)
	}

	page = r.open("/briefings/world/quiet-harbour/")
	page.next("ok")
	r.write("static/logo.svg", "<svg></svg>")
	page.next("reload")
	other.next("reload")
	r.listen("/briefings/__brief/", v, "about/index.html").next("reload")
}

// TestSharedStream opens the stream that the tabs of a browser share
// through live-worker.js, for a briefing's tab and the about page's: each
// event names its tab, an edit of the briefing reloads its tab alone, and
// a tab that is not {"id":…,"v":…,"pages":[…]} is refused.
func TestSharedStream(t *testing.T) {
	r := start(t, writeSite(t, site))
	_, body := r.get("/briefings/world/quiet-harbour/")
	v := scriptAttrs.FindStringSubmatch(body)[3]
	tab := func(id, page string) string {
		return fmt.Sprintf(`{"id":%q,"v":%q,"pages":[%q]}`, id, v, page)
	}
	q := url.Values{"tab": {tab("1", "world/quiet-harbour/index.html"), tab("2", "about/index.html")}}
	s := r.stream("/briefings/__brief/events?" + q.Encode())
	got := map[string]bool{}
	for range 2 {
		got[s.next("ok").data] = true
	}
	if !got[`{"tab":"1","data":{}}`] || !got[`{"tab":"2","data":{}}`] {
		t.Errorf("the shared stream's first events are %v; want ok for tabs 1 and 2", got)
	}
	r.edit("content/world/quiet-harbour/index.md", "in March", "in April")
	first := map[string]string{} // tab → its first event after the edit
	for len(first) < 2 {
		select {
		case e := <-s.events:
			var d struct{ Tab string }
			if err := json.Unmarshal([]byte(e.data), &d); err != nil || d.Tab == "" {
				t.Fatalf("event %s %s names no tab", e.name, e.data)
			}
			if first[d.Tab] == "" {
				first[d.Tab] = e.name
			}
		case <-time.After(hang):
			t.Fatalf("after the edit, only %v", first)
		}
	}
	if first["1"] != "reload" || first["2"] != "ok" {
		t.Errorf("after the edit, tab 1 was told %s and tab 2 %s; want reload and ok", first["1"], first["2"])
	}
	if resp, _ := r.get("/briefings/__brief/events?tab=" + url.QueryEscape(`{"v":"x"}`)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a tab without an id: %s; want 400", resp.Status)
	}
	if resp, _ := r.get("/briefings/__brief/live-worker.js"); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Errorf("GET live-worker.js: %s, %s", resp.Status, resp.Header.Get("Content-Type"))
	}
}

// TestCatchUp opens the event stream of a page served before a change:
// the stream tells it to reload at once.
func TestCatchUp(t *testing.T) {
	r := start(t, writeSite(t, site))
	_, body := r.get("/briefings/world/quiet-harbour/")
	v := scriptAttrs.FindStringSubmatch(body)[3]
	first := r.open("/briefings/world/quiet-harbour/")
	first.next("ok")
	r.edit("content/world/quiet-harbour/index.md", "in March", "in April")
	first.next("reload")
	for _, c := range []struct{ v, want string }{{v, "reload"}, {"other-run." + strings.Split(v, ".")[1], "reload"}} {
		q := url.Values{"v": {c.v}, "page": {"world/quiet-harbour/index.html"}}
		ctx, cancel := context.WithTimeout(context.Background(), hang)
		req, _ := http.NewRequestWithContext(ctx, "GET", r.url+"/briefings/__brief/events?"+q.Encode(), nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() && (strings.HasPrefix(sc.Text(), "retry: ") || sc.Text() == "") {
		}
		if got := sc.Text(); got != "event: "+c.want {
			t.Errorf("stream for v=%s starts with %q; want event %s", c.v, got, c.want)
		}
		resp.Body.Close()
		cancel()
	}
}

// TestCatchUpWhileBroken shows again a page that was hidden while it
// changed and then the site broke elsewhere: its stream tells it to reload
// into the last good build, which holds the change, and then shows the
// errors; the fix elsewhere leaves it as it is.
func TestCatchUpWhileBroken(t *testing.T) {
	r := start(t, writeSite(t, site))
	const page = "world/quiet-harbour/index.html"
	_, body := r.get("/briefings/world/quiet-harbour/")
	v := scriptAttrs.FindStringSubmatch(body)[3]

	r.edit("content/world/quiet-harbour/index.md", "in March", "in April")
	r.logLine("content/world/quiet-harbour/index.md: ")
	r.edit("content/world/grain-corridor.md", "title:", "titel:")
	r.logWith("content/world/grain-corridor.md: 1 error") // the rebuild failed

	shown := r.listen("/briefings/__brief/", v, page)
	shown.next("reload")
	_, body = r.get("/briefings/world/quiet-harbour/")
	if !strings.Contains(body, "in April") {
		t.Fatalf("the page served while the site has errors lacks the edit made before")
	}
	reloaded := r.open("/briefings/world/quiet-harbour/")
	reloaded.next("problems")
	r.edit("content/world/grain-corridor.md", "titel:", "title:")
	reloaded.next("ok")
}

// TestNotFoundReloads opens addresses of pages that do not exist yet,
// with and without the final slash: each 404 page reloads once a new
// briefing gives it a page.
func TestNotFoundReloads(t *testing.T) {
	r := start(t, writeSite(t, site))
	var pages []*stream
	for _, path := range []string{"/briefings/world/later/", "/briefings/world/later"} {
		resp, _ := r.get(path)
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("GET %s: %s; want 404", path, resp.Status)
		}
		pages = append(pages, r.open(path))
	}
	for _, page := range pages {
		page.next("ok")
	}
	r.write("content/world/later.md", strings.Replace(site["content/world/grain-corridor.md"], "Grain Corridor", "Later", 1))
	for _, page := range pages {
		page.next("reload")
	}
}

// TestBrokenFirstBuild starts on a site with an error: every page explains
// it, and reloads once it is fixed.
func TestBrokenFirstBuild(t *testing.T) {
	r := start(t, writeSite(t, grainDated("someday")))
	resp, body := r.get("/briefings/world/grain-corridor/")
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "content/world/grain-corridor.md:4") {
		t.Fatalf("GET on a broken site: %s\n%s", resp.Status, body)
	}
	m := scriptAttrs.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the error page has no live-reload script")
	}
	if m[2] != "[]" {
		t.Errorf("the error page's script has data-pages=%q; want [], a list the script can walk", m[2])
	}
	page := r.open("/briefings/world/grain-corridor/")
	page.next("problems")
	r.edit("content/world/grain-corridor.md", "date: someday", "date: 2026-02-01")
	page.next("reload")
	if resp, _ := r.get("/briefings/world/grain-corridor/"); resp.StatusCode != 200 {
		t.Errorf("after the fix: %s", resp.Status)
	}
}

// TestTabFromAnEarlierRun reconnects a tab left open by an earlier run of
// brief serve, under its base, to a new run whose first build fails: the
// stream answers there (it was the 500 error page, which ends an event
// stream for good) and tells the tab to reload, since its version is not
// this run's. Likewise under a base the site no longer has.
func TestTabFromAnEarlierRun(t *testing.T) {
	r := start(t, writeSite(t, grainDated("someday")))
	r.listen("/briefings/__brief/", "earlier.5", "world/grain-corridor/index.html").next("reload")
	r.edit("content/world/grain-corridor.md", "date: someday", "date: 2026-02-01")
	if !r.waitFor(func() bool { resp, _ := r.get("/briefings/world/grain-corridor/"); return resp.StatusCode == 200 }) {
		t.Fatal("the site never built")
	}
	r.listen("/desk/__brief/", "earlier.5", "world/grain-corridor/index.html").next("reload")
}

// TestSearchPageReloads: the search page's HTML stays the same when a
// title changes, but the index it reads does not, so an open search page
// reloads (it kept stale results).
func TestSearchPageReloads(t *testing.T) {
	r := start(t, writeSite(t, site))
	page := r.open("/briefings/search/")
	page.next("ok")
	r.edit("content/world/grain-corridor.md", "title: ", "title: Renamed ")
	page.next("reload")
}

// TestShutdown stops the server while a page listens: Serve returns, and
// the page's stream ends.
func TestShutdown(t *testing.T) {
	r := start(t, writeSite(t, site))
	page := r.open("/briefings/")
	page.next("ok")
	r.stop() // fails the test if Serve does not return
	if t.Failed() {
		t.FailNow()
	}
	if _, err := http.Get(r.url + "/briefings/"); err == nil {
		t.Errorf("the server still answers after shutting down")
	}
}

// TestBaseChange moves the site to another base path, and then to one
// that the first two lie under: an open page reloads, and the addresses
// under every earlier base path lead to the new ones, query and all.
func TestBaseChange(t *testing.T) {
	r := start(t, writeSite(t, site))
	page := r.open("/briefings/world/quiet-harbour/")
	page.next("ok")
	r.write("site.yaml", "title: Test Desk\nbase_url: https://x.github.io/news/\n")
	page.next("reload")
	r.redirects("/briefings/world/quiet-harbour/", "/news/world/quiet-harbour/")
	r.redirects("/briefings/world/quiet-harbour/?x=1", "/news/world/quiet-harbour/?x=1")
	if resp, body := r.get("/news/world/quiet-harbour/"); resp.StatusCode != 200 || !strings.Contains(body, `href="/news/`) {
		t.Errorf("the new address: %s", resp.Status)
	}

	page = r.open("/news/world/quiet-harbour/")
	page.next("ok")
	r.write("site.yaml", "title: Test Desk\nbase_url: https://x.github.io/\n")
	page.next("reload")
	r.redirects("/news/world/quiet-harbour/", "/world/quiet-harbour/")
	r.redirects("/briefings/world/quiet-harbour/", "/world/quiet-harbour/")
	r.redirects("/briefings/world/quiet-harbour/?x=1", "/world/quiet-harbour/?x=1")
	r.redirects("/news", "/")
	if resp, _ := r.get("/world/quiet-harbour/"); resp.StatusCode != 200 {
		t.Errorf("the new address: %s", resp.Status)
	}
	if resp, _ := r.get("/news/no/such/page/"); resp.StatusCode != http.StatusFound {
		t.Errorf("a missing page under an earlier base: %s; want a redirect to where it would be", resp.Status)
	}

	// Back under a base that an earlier one (/) holds: its own addresses
	// are its own, a missing page is not found (it looped, /news/news/…),
	// and the earlier base's addresses outside it redirect into it.
	page = r.open("/world/quiet-harbour/")
	page.next("ok")
	r.write("site.yaml", "title: Test Desk\nbase_url: https://x.github.io/news/\n")
	page.next("reload")
	if resp, _ := r.get("/news/no/such/page/"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a missing page under the base: %s to %q; want 404", resp.Status, resp.Header.Get("Location"))
	}
	r.redirects("/world/quiet-harbour/", "/news/world/quiet-harbour/")
	r.write("site.yaml", "title: Test Desk\nbase_url: https://x.github.io/news/v2/\n")
	if !r.waitFor(func() bool { resp, _ := r.get("/news/v2/world/quiet-harbour/"); return resp.StatusCode == 200 }) {
		t.Fatalf("the site never moved to /news/v2/")
	}
	if resp, _ := r.get("/news/v2/missing/"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a missing page under /news/v2/: %s to %q; want 404", resp.Status, resp.Header.Get("Location"))
	}
	r.redirects("/news/world/quiet-harbour/", "/news/v2/world/quiet-harbour/")
}

// redirects checks that GET from answers with a redirect to to.
func (r *running) redirects(from, to string) {
	r.t.Helper()
	resp, _ := r.get(from)
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != to {
		r.t.Errorf("GET %s: %s to %q; want a redirect to %s", from, resp.Status, resp.Header.Get("Location"), to)
	}
}

// waitFor polls cond until it holds, or reports false after hang.
func (r *running) waitFor(cond func() bool) bool {
	r.t.Helper()
	for deadline := time.Now().Add(hang); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}
