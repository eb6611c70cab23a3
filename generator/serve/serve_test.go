package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"brief/generator"
	"brief/generator/diag"
	"brief/generator/internal/logbuf"
	"brief/generator/layout"
)

// hang is how long a test waits for something that should take
// milliseconds; it only catches hangs.
const hang = 10 * time.Second

// site is a small site: two briefings, a note, a plain page.
var site = map[string]string{
	"site.yaml": "title: Test Desk\nbase_url: https://x.github.io/briefings/\n",
	"content/world/quiet-harbour/index.md": `---
title: "Quiet Harbour"
summary: "A port town waits for the ferries."
date: 2026-03-01
topics: [Shipping]
---

The ferries stopped in March.
`,
	"content/world/quiet-harbour/notes/desk.md": `---
analyst: "Harbour Desk"
date: 2026-03-02
---

Watch the fuel prices.
`,
	"content/world/grain-corridor.md": `---
title: "Grain Corridor"
summary: "How the grain gets out."
date: 2026-02-01
topics: [Shipping, Food]
---

Ships keep to the coast.
`,
	"content/about.md": "---\ntitle: About\nsummary: Who we are.\n---\n\nWe write briefings.\n",
}

// running is a brief serve on a temporary copy of a site.
type running struct {
	t    *testing.T
	dir  string
	url  string // http://127.0.0.1:PORT
	log  *logbuf.Buffer
	stop func() // stops the server before the test ends; again, it does nothing
}

func writeSite(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	for name, text := range files {
		write(t, dir, name, text)
	}
	return dir
}

func write(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	// Save as editors do: a temporary file renamed over the original.
	tmp := filepath.Join(filepath.Dir(p), ".tmp-"+filepath.Base(p))
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

// start serves dir on a free port until the test ends, then checks that
// the server stopped cleanly and wrote nothing into the site.
func start(t *testing.T, dir string) *running {
	t.Helper()
	return startWith(t, Config{Source: dir})
}

func startWith(t *testing.T, cfg Config) *running {
	t.Helper()
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serveOn(t, cfg, ln)
}

// serveOn serves cfg's site on ln until the test ends or it is stopped,
// then checks that the server stopped cleanly and wrote nothing into the
// site.
func serveOn(t *testing.T, cfg Config, ln net.Listener) *running {
	t.Helper()
	dir := cfg.Source
	log := &logbuf.Buffer{}
	cfg.Log = log
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Serve: %v", err)
				}
			case <-time.After(hang):
				t.Errorf("Serve did not return after its context ended")
			}
		})
	}
	t.Cleanup(func() {
		stop()
		if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
			t.Errorf("brief serve wrote public/")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	return &running{t: t, dir: dir, url: "http://" + ln.Addr().String(), log: log, stop: stop}
}

func (r *running) write(rel, text string) { r.t.Helper(); write(r.t, r.dir, rel, text) }

func (r *running) edit(rel, old, new string) {
	r.t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dir, rel))
	if err != nil {
		r.t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		r.t.Fatalf("%s does not contain %q", rel, old)
	}
	r.write(rel, strings.Replace(string(b), old, new, 1))
}

var noRedirect = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       hang,
}

func (r *running) get(path string) (*http.Response, string) {
	r.t.Helper()
	resp, err := noRedirect.Get(r.url + path)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		r.t.Fatal(err)
	}
	return resp, string(b)
}

var liveScript = regexp.MustCompile(`<script src="[^"]*__brief/live\.js" data-pages="[^"]*" data-v="([^"]*)"></script>`)

// built is what brief build writes for the site in dir, by output path.
func built(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	res, err := generator.NewBuilder(generator.Config{Source: dir, CacheDir: "-"}).Build()
	if err != nil {
		t.Fatal(err)
	}
	return res.Files
}

func TestPages(t *testing.T) {
	r := start(t, writeSite(t, site))
	files := built(t, r.dir)
	for _, c := range []struct {
		path, status, location, ctype, file string
	}{
		{"/", "302", "/briefings/", "", ""},
		{"/briefings", "302", "/briefings/", "", ""},
		{"/?q=grain", "302", "/briefings/?q=grain", "", ""},
		{"/briefings?q=grain", "302", "/briefings/?q=grain", "", ""},
		{"/briefings/", "200", "", "text/html; charset=utf-8", "index.html"},
		{"/briefings/world/quiet-harbour/", "200", "", "text/html; charset=utf-8", "world/quiet-harbour/index.html"},
		{"/briefings/world/quiet-harbour", "301", "/briefings/world/quiet-harbour/", "", ""},
		{"/briefings/world/quiet-harbour?x=1", "301", "/briefings/world/quiet-harbour/?x=1", "", ""},
		{"/briefings/feed.xml", "200", "", "text/xml; charset=utf-8", "feed.xml"},
		{"/briefings/robots.txt", "200", "", "text/plain; charset=utf-8", "robots.txt"},
	} {
		resp, body := r.get(c.path)
		if got := fmt.Sprint(resp.StatusCode); got != c.status {
			t.Errorf("GET %s: status %s; want %s", c.path, got, c.status)
			continue
		}
		if got := resp.Header.Get("Location"); got != c.location {
			t.Errorf("GET %s: Location %q; want %q", c.path, got, c.location)
		}
		if c.file == "" {
			continue
		}
		if got := resp.Header.Get("Content-Type"); got != c.ctype {
			t.Errorf("GET %s: Content-Type %q; want %q", c.path, got, c.ctype)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q; want no-store", c.path, got)
		}
		// The page is the built page, plus the live-reload script.
		if strings.HasSuffix(c.file, ".html") {
			if !liveScript.MatchString(body) {
				t.Errorf("GET %s: no live-reload script", c.path)
			}
			body = liveScript.ReplaceAllString(body, "")
		}
		if body != string(files[c.file]) {
			t.Errorf("GET %s: body differs from the built %s", c.path, c.file)
		}
	}
	for name, data := range files {
		if bytes.Contains(data, []byte("__brief")) {
			t.Errorf("the build's %s mentions __brief: live reload leaked into brief build", name)
		}
	}
	css := regexp.MustCompile(`/briefings/css/style\.[0-9a-f]+\.css`).FindString(string(files["index.html"]))
	if resp, _ := r.get(css); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("GET %s: %s, %s", css, resp.Status, resp.Header.Get("Content-Type"))
	}
}

// TestNotFound expects the site's own 404 page with status 404, for a
// missing page under the base path and for any path outside it.
func TestNotFound(t *testing.T) {
	r := start(t, writeSite(t, site))
	want := string(built(t, r.dir)["404.html"])
	for _, path := range []string{"/briefings/no/such/page/", "/briefings/missing.css", "/elsewhere/"} {
		resp, body := r.get(path)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d; want 404", path, resp.StatusCode)
		}
		if got := liveScript.ReplaceAllString(body, ""); got != want {
			t.Errorf("GET %s: body is not the site's 404.html:\n%s", path, body)
		}
	}
}

// TestOnlyGetAndHead: other methods are refused with 405 on every path,
// the live-reload script and event stream too, which answered a POST.
func TestOnlyGetAndHead(t *testing.T) {
	r := start(t, writeSite(t, site))
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions} {
		for _, path := range []string{"/briefings/", "/briefings/about/", "/briefings/__brief/events", "/briefings/__brief/live.js"} {
			req, _ := http.NewRequest(method, r.url+path, nil)
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %s, Allow %q; want 405, GET, HEAD", method, path, resp.Status, resp.Header.Get("Allow"))
			}
		}
	}
}

// TestDraftNotFound asks for the addresses of drafts, as a writer does
// who has just run brief new briefing: the 404 page says which file is a
// draft and the two ways to see it (it was the site's 404 page alone,
// which says the link may be mistyped). A missing page is the site's 404
// page as it was; under --drafts the draft is served.
func TestDraftNotFound(t *testing.T) {
	files := maps.Clone(site)
	files["content/world/pier-repairs.md"] = strings.Replace(site["content/world/grain-corridor.md"], "topics:", "draft: true  # set to false to publish\ntopics:", 1)
	files["content/world/dredging/index.md"] = files["content/world/pier-repairs.md"]
	files["content/world/dredging/map.png"] = "not really a picture"
	r := start(t, writeSite(t, files))
	notFound := string(built(t, r.dir)["404.html"])
	for path, file := range map[string]string{
		"/briefings/world/pier-repairs/":    "content/world/pier-repairs.md",
		"/briefings/world/pier-repairs":     "content/world/pier-repairs.md",
		"/briefings/world/dredging/":        "content/world/dredging/index.md",
		"/briefings/world/dredging/map.png": "content/world/dredging/index.md",
	} {
		resp, body := r.get(path)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d; want 404", path, resp.StatusCode)
		}
		for _, want := range []string{"<code>" + file + "</code> is a draft", "<code>draft: false</code>", "remove the line", "<code>brief serve --drafts</code>"} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: the 404 page does not say %q:\n%s", path, want, body)
			}
		}
	}
	if _, body := r.get("/briefings/world/nothing/"); liveScript.ReplaceAllString(body, "") != notFound {
		t.Errorf("GET /briefings/world/nothing/: not the site's 404 page:\n%s", body)
	}
	page := r.open("/briefings/world/pier-repairs/")
	page.next("ok")
	r.edit("content/world/pier-repairs.md", "draft: true", "draft: false")
	page.next("reload")
	if resp, _ := r.get("/briefings/world/pier-repairs/"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /briefings/world/pier-repairs/ once published: %s", resp.Status)
	}
	drafts := startWith(t, Config{Source: writeSite(t, files), Drafts: true})
	if resp, body := drafts.get("/briefings/world/dredging/"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `<p class="draft-label">Draft</p>`) {
		t.Errorf("GET /briefings/world/dredging/ under --drafts: %s, with no draft label:\n%s", resp.Status, body)
	}
}

// TestBaseURLFlag serves a site without site.yaml under the path of the
// base URL given as a flag, as brief build takes it.
func TestBaseURLFlag(t *testing.T) {
	files := maps.Clone(site)
	delete(files, "site.yaml")
	r := startWith(t, Config{Source: writeSite(t, files), BaseURL: "https://example.org/desk/"})
	if resp, body := r.get("/desk/world/quiet-harbour/"); resp.StatusCode != http.StatusOK || !strings.Contains(body, `href="/desk/topics/shipping/"`) {
		t.Errorf("GET /desk/world/quiet-harbour/: status %d, body:\n%s", resp.StatusCode, body)
	}
}

// TestCopiesFromTheSource: a file the build copies as it is is served
// from its source file, read when asked for, not from memory: a clip in a
// bundle, whole and by ranges, and a page of static/, with the live-reload
// script as the site's pages have. A rewritten file is served as it is
// now; one removed is not found once the build that follows says so.
func TestCopiesFromTheSource(t *testing.T) {
	files := maps.Clone(site)
	clip := strings.Repeat("0123456789", 10000)
	files["content/world/quiet-harbour/clip.bin"] = clip
	files["static/hello.html"] = "<!doctype html>\n<html lang=\"en\">\n<head>\n<title>Hello</title>\n</head>\n<body><p>Hello.</p></body>\n</html>\n"
	r := start(t, writeSite(t, files))

	resp, body := r.get("/briefings/world/quiet-harbour/clip.bin")
	if resp.StatusCode != http.StatusOK || body != clip {
		t.Errorf("GET the clip: status %d, %d bytes; want 200 and the file's %d", resp.StatusCode, len(body), len(clip))
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("GET the clip: Cache-Control %q; want no-store", got)
	}
	req, err := http.NewRequest(http.MethodGet, r.url+"/briefings/world/quiet-harbour/clip.bin", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Range", "bytes=50005-50009")
	ranged, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part, err := io.ReadAll(ranged.Body)
	ranged.Body.Close()
	if err != nil || ranged.StatusCode != http.StatusPartialContent || string(part) != "56789" {
		t.Errorf("GET bytes 50005-50009 of the clip: status %d, %q, %v; want 206 and \"56789\"", ranged.StatusCode, part, err)
	}

	resp, body = r.get("/briefings/hello.html")
	if resp.StatusCode != http.StatusOK || !liveScript.MatchString(body) {
		t.Errorf("GET static/hello.html: status %d, live-reload script %v; want 200 and the script", resp.StatusCode, liveScript.MatchString(body))
	}
	if got := liveScript.ReplaceAllString(body, ""); got != files["static/hello.html"] {
		t.Errorf("GET static/hello.html without the script:\n%s\nwant the file:\n%s", got, files["static/hello.html"])
	}

	r.write("content/world/quiet-harbour/clip.bin", "a new clip")
	until(t, "the new clip served", func() bool {
		_, body := r.get("/briefings/world/quiet-harbour/clip.bin")
		return body == "a new clip"
	})
	until(t, "the build after the new clip", func() bool { return strings.Count(r.log.String(), "clip.bin: rebuilt") == 1 })
	if err := os.Remove(filepath.Join(r.dir, "content/world/quiet-harbour/clip.bin")); err != nil {
		t.Fatal(err)
	}
	until(t, "the removed clip not found", func() bool {
		resp, _ := r.get("/briefings/world/quiet-harbour/clip.bin")
		return resp.StatusCode == http.StatusNotFound
	})
	until(t, "the build after the removal", func() bool { return strings.Count(r.log.String(), "clip.bin: rebuilt") == 2 })
	if resp, _ := r.get("/briefings/world/quiet-harbour/clip.bin"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET the removed clip after the build: status %d; want 404", resp.StatusCode)
	}
}

// TestCopiesThroughLinkedFolders: a content/ or static/ that is a link to
// a folder outside the site, which the build follows, has its bundles'
// files and static files served too. They were 404s: they were opened
// through the site's folder alone, which refuses a link that leaves it.
func TestCopiesThroughLinkedFolders(t *testing.T) {
	outside := t.TempDir()
	files := maps.Clone(site)
	files["content/world/quiet-harbour/clip.bin"] = "a clip"
	files["static/hello.txt"] = "hello"
	staged := writeSite(t, files)
	dir := t.TempDir()
	for _, top := range []string{"content", "static"} {
		if err := os.Rename(filepath.Join(staged, top), filepath.Join(outside, top)); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(outside, top), filepath.Join(dir, top)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Rename(filepath.Join(staged, "site.yaml"), filepath.Join(dir, "site.yaml")); err != nil {
		t.Fatal(err)
	}
	r := start(t, dir)
	for path, want := range map[string]string{
		"/briefings/world/quiet-harbour/clip.bin": "a clip",
		"/briefings/hello.txt":                    "hello",
	} {
		if resp, body := r.get(path); resp.StatusCode != http.StatusOK || body != want {
			t.Errorf("GET %s: status %d, %q; want 200 and %q", path, resp.StatusCode, body, want)
		}
	}
}

// TestTraversal sends crafted paths over a raw connection, so that no
// client cleans them first: none may reach a file outside the built site,
// such as the sources or /etc/passwd.
func TestTraversal(t *testing.T) {
	r := start(t, writeSite(t, site))
	for _, path := range []string{
		"/briefings/../site.yaml",
		"/briefings/../../../../etc/passwd",
		"/briefings/%2e%2e/site.yaml",
		"/briefings/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
		"/briefings/..%2fsite.yaml",
		"/briefings/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
		"/briefings/world/../../content/world/grain-corridor.md",
		"/briefings//etc/passwd",
		"/briefings/..\\site.yaml",
		"/../site.yaml",
		"/%2e%2e/site.yaml",
		"/briefings/content/world/grain-corridor.md",
		"/briefings/./site.yaml",
		"/briefings/site.yaml",
	} {
		status, body := rawGet(t, r.url, path)
		if status != http.StatusNotFound && status != http.StatusBadRequest {
			t.Errorf("GET %s: status %d; want 404", path, status)
		}
		for _, secret := range []string{"base_url", "root:", "summary:", "Ships keep to the coast"} {
			if strings.Contains(body, secret) {
				t.Errorf("GET %s: the answer contains %q", path, secret)
			}
		}
	}
}

// TestOtherHosts refuses requests naming another host, as a page of
// another site that resolves its own name to 127.0.0.1 would send.
func TestOtherHosts(t *testing.T) {
	r := start(t, writeSite(t, site))
	for host, want := range map[string]int{
		"localhost":           200,
		"LOCALHOST:1313":      200,
		"preview.localhost":   200,
		"127.0.0.1:1313":      200,
		"[::1]:1313":          200,
		"127.1.2.3":           200,
		"evil.example":        403,
		"evil.example:1313":   403,
		"127.0.0.1.nip.io":    403,
		"localhost.evil.test": 403,
	} {
		if status, _ := rawGetHost(t, r.url, host, "/briefings/"); status != want {
			t.Errorf("GET /briefings/ with Host: %s: status %d; want %d", host, status, want)
		}
	}
}

// slowAddr is a listener whose Addr answers only once a request has been
// answered, or after a second: a server that looks at its address after it
// starts answering shows that it does.
type slowAddr struct {
	net.Listener
	answered chan struct{}
}

func (l slowAddr) Addr() net.Addr {
	select {
	case <-l.answered:
	case <-time.After(time.Second):
	}
	return l.Listener.Addr()
}

// TestOtherHostsFromTheStart sends a request naming another host as the
// server starts: it is refused too, not answered before the check is on.
func TestOtherHostsFromTheStart(t *testing.T) {
	dir := writeSite(t, site)
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	s, err := New(Config{Source: dir, Log: &logbuf.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	answered := make(chan struct{})
	go func() { done <- s.Serve(ctx, slowAddr{ln, answered}) }()
	status, _ := rawGetHost(t, url, "evil.example", "/briefings/")
	close(answered)
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if status != http.StatusForbidden {
		t.Errorf("GET /briefings/ with Host: evil.example as the server starts: status %d; want 403", status)
	}
}

func rawGet(t *testing.T, url, path string) (int, string) {
	t.Helper()
	return rawGetHost(t, url, "localhost", path)
}

func rawGetHost(t *testing.T, url, host, path string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "http://"), hang)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(hang))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestBusyPort(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	_, err = Listen(addr)
	want := addr + " is already in use; pass --addr 127.0.0.1:PORT"
	if err == nil || err.Error() != want {
		t.Errorf("Listen(%s) on a busy port: %v; want %q", addr, err, want)
	}
}

// TestUnreadableListed fails a rebuild with files it could not read, as a
// tree changing under it (rsync --delete) does: each is a line of its own
// that starts with its file, and they are counted. They were one problem
// in the source folder's name, "site: content/a.md: cannot read: …", and
// "1 error".
func TestUnreadableListed(t *testing.T) {
	var log bytes.Buffer
	s := &Server{cfg: Config{Source: "site", Log: &log}, hub: newHub()}
	var probs diag.List
	probs.CannotRead("content/world/a.md", &fs.PathError{Op: "open", Path: "site/content/world/a.md", Err: fs.ErrNotExist})
	probs.CannotRead("content/world/b.md", &fs.PathError{Op: "open", Path: "site/content/world/b.md", Err: fs.ErrNotExist})
	s.fail(&diag.ReadError{Problems: probs}, "10:00:00", "content and 3 more")
	want := "content/world/a.md: cannot read: file does not exist\ncontent/world/b.md: cannot read: file does not exist\n" +
		"10:00:00 content and 3 more: 2 errors; pages show the errors until they are fixed\n"
	if log.String() != want {
		t.Errorf("brief serve printed:\n%s\nwant:\n%s", log.String(), want)
	}
	if len(s.problems) != 2 {
		t.Errorf("pages are shown %d problems; want 2", len(s.problems))
	}
}

// TestManyErrorsPrintedOnce: a build with more errors than maxShownErrors
// prints the first of them, then how many more there are; the pages get
// them all. Each save printed every one again: 2,000 lines for a checkout
// that broke every briefing, 1,999 after fixing one.
func TestManyErrorsPrintedOnce(t *testing.T) {
	var log bytes.Buffer
	s := &Server{cfg: Config{Source: "site", Log: &log}, hub: newHub()}
	var probs diag.List
	for i := range maxShownErrors + 5 {
		probs.Add(fmt.Sprintf("content/world/b%02d.md", i), 2, 1, "unknown key `tittle`")
	}
	s.fail(&diag.ContentError{Problems: probs}, "10:00:00", "content")
	lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	if len(lines) != maxShownErrors+2 || lines[maxShownErrors-1] != fmt.Sprintf("content/world/b%02d.md:2:1: unknown key `tittle`", maxShownErrors-1) ||
		lines[maxShownErrors] != "… and 5 more errors; the page in the browser, and brief check, list them all" ||
		lines[maxShownErrors+1] != fmt.Sprintf("10:00:00 content: %d errors; pages show the errors until they are fixed", maxShownErrors+5) {
		t.Errorf("brief serve printed:\n%s", log.String())
	}
	if len(s.problems) != maxShownErrors+5 {
		t.Errorf("pages are shown %d problems; want %d", len(s.problems), maxShownErrors+5)
	}
}

// TestIdleConnectionClosed keeps a connection alive after a request and
// leaves it idle: the server closes it once idleTimeout has passed. It
// stayed open until serve stopped, one descriptor and goroutine for each
// client that went away without closing.
func TestIdleConnectionClosed(t *testing.T) {
	defer func(d time.Duration) { idleTimeout = d }(idleTimeout)
	idleTimeout = 200 * time.Millisecond
	r := start(t, writeSite(t, site))
	conn, err := net.Dial("tcp", strings.TrimPrefix(r.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /briefings/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	conn.SetReadDeadline(time.Now().Add(hang))
	if n, err := conn.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("an idle connection kept alive: read %d bytes, %v; want it closed (EOF)", n, err)
	}
}

// unserved makes a server of a copy of site, watching it but not serving,
// for a test to call its rebuild itself, and returns it with the copy's
// folder and its log. Its watcher is closed when the test ends.
func unserved(t *testing.T) (*Server, string, *logbuf.Buffer) {
	t.Helper()
	dir := writeSite(t, site)
	log := &logbuf.Buffer{}
	s, err := New(Config{Source: dir, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.watcher.Close() })
	return s, dir, log
}

// TestErrorsOfAHalfSave: a rebuild whose files changed again while it
// read them, as when an editor empties a file and then writes it, keeps
// its errors to itself, which may be those of the save half done: the
// rebuild that follows tells. With nothing pending, the same errors show.
func TestErrorsOfAHalfSave(t *testing.T) {
	s, dir, log := unserved(t)
	file := filepath.Join(dir, "content/world/grain-corridor.md")
	if err := os.WriteFile(file, nil, 0o644); err != nil { // emptied, to be written
		t.Fatal(err)
	}
	changed := []string{"content/world/grain-corridor.md"}
	until(t, "the change is pending", s.watcher.Pending)
	s.rebuild(changed)
	if s.problems != nil || !strings.Contains(log.String(), "content/world/grain-corridor.md: changed again while it built; building again\n") {
		t.Errorf("with the file changed again, problems %v and log:\n%s", s.problems, log)
	}
	select {
	case <-s.watcher.Changes:
	case <-time.After(hang):
		t.Fatal("no batch")
	}
	until(t, "nothing is pending", func() bool { return !s.watcher.Pending() })
	s.rebuild(changed)
	if len(s.problems) != 1 || !strings.Contains(s.problems[0].String(), "grain-corridor.md:1:1: missing front matter") {
		t.Errorf("with nothing pending, problems %v; want the file's missing front matter", s.problems)
	}
}

// until waits for cond, failing the test after hang.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(hang); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after %v, still waiting until %s", hang, what)
		}
	}
}

// TestRunawayTemplateTold: a template that never ends keeps running after
// brief stops waiting for it, as Go cannot stop it, so serve says so even
// when the build that met it is superseded by a save (the usual case: the
// writer fixes the template at once). The build's errors were kept back,
// and with them the only word of the template still running.
func TestRunawayTemplateTold(t *testing.T) {
	defer func(d time.Duration) { layout.TemplateTimeout = d }(layout.TemplateTimeout)
	layout.TemplateTimeout = 300 * time.Millisecond
	s, dir, log := unserved(t)
	// About 1.5 s of work, well past the timeout, then it ends by itself.
	// A theme whose template did not end stays spoilt for the process:
	// each run its own (go test -count=2).
	write(t, dir, "layouts/page.html", fmt.Sprintf(`{{define "main"}}{{/* runaway told %d */}}{{range 30000000}}{{end}}{{end}}`, time.Now().UnixNano()))
	write(t, dir, "content/world/grain-corridor.md", site["content/world/grain-corridor.md"]+"\nMore.\n")
	until(t, "the changes are pending", s.watcher.Pending)
	s.rebuild([]string{"layouts/page.html"})
	if want := "a template ran for more than 300ms without ending and still runs"; !strings.Contains(log.String(), want) {
		t.Errorf("log:\n%s\nwant a line saying %q", log, want)
	}
}
