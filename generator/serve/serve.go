// Package serve is brief serve: it builds a site in memory, serves it over
// HTTP under the base URL's path, rebuilds it whenever the watch package
// reports a change, and tells the open pages to reload. A build with
// errors never takes the site down: the last good build stays served, and
// the pages show the errors in an overlay until a save fixes them.
package serve

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"brief/generator"
	"brief/generator/content"
	"brief/generator/diag"
	"brief/generator/internal/osfs"
	"brief/generator/internal/parallel"
	"brief/generator/layout"
	"brief/generator/watch"
)

// Config says what to serve. Zero values mean the default.
type Config struct {
	Source  string        // site folder; default "."
	BaseURL string        // overrides site.yaml's base_url when set
	Drafts  bool          // publish drafts too
	Poll    time.Duration // poll the files at this interval instead of watching for events
	Log     io.Writer     // the URL, a line per rebuild, and problems; default os.Stderr
}

// idleTimeout closes a connection kept alive between requests that has
// been idle that long: a client gone without closing it (a laptop put to
// sleep) would otherwise hold it, and its goroutine, until serve stops. An
// open page's event stream is one long response, which it does not end.
var idleTimeout = 2 * time.Minute

// watched are the names under the source folder that a build reads.
var watched = []string{content.Dir, layout.Dir, generator.StaticDir, content.ConfigFile}

// Server serves one site and rebuilds it as its files change.
type Server struct {
	cfg     Config
	builder *generator.Builder
	watcher *watch.Watcher
	hub     *hub
	run     string      // tells pages served by this run from an earlier run's
	stopped atomic.Bool // Serve has returned: a rebuild still running drops its result

	// url is the address printed when Serve began, http://host:port, and
	// shownBase the base path printed after it: a build that serves the
	// site under another prints the address again. Only the rebuild that
	// runs reads and sets them.
	url, shownBase string

	// localOnly refuses requests that name another host than this
	// machine, when listening on loopback: a web page elsewhere cannot
	// then read the preview (unpublished drafts) by pointing its own
	// domain name at 127.0.0.1 (DNS rebinding). Listening on other
	// addresses, it takes as well an IP address and this machine's name
	// (hostname), and still refuses any other name.
	localOnly bool
	hostname  string // this machine's name, its first label, lower case

	mu        sync.RWMutex
	site      *snapshot
	problems  diag.List      // errors of the latest build; nil when it succeeded
	changedAt map[string]int // output path → version that last changed it
	css       string         // output path of the theme's stylesheet
	cssAt     int            // version that last changed the stylesheet
	staticAt  int            // version that last changed a file of static/
	warnings  map[string]bool
	oldBases  []string // the base paths this run served the site under before base_url changed
	// oldCSS are the last stylesheets that a change replaced, by output
	// path, for the pages fetched before it: they ask for theirs after
	// the change. Replaced, never changed, once served.
	oldCSS map[string][]byte
}

// keptStylesheets is how many replaced stylesheets oldCSS keeps.
const keptStylesheets = 3

// snapshot is a successful build, as served. It never changes.
type snapshot struct {
	files   map[string][]byte         // output path → content, but for the copies
	copied  map[string]generator.Copy // output path → source file, for resources and static/ files, read when asked for
	drafts  map[string]string         // output path a draft held back would have → the draft's file
	base    string                    // base path, like /briefings/
	version int                       // 1 for the first good build, then one more per change
}

// Listen opens addr for Serve, with a clear error when the port is taken.
// An address without a host (:1313) is loopback's, 127.0.0.1: the dev
// server listens on loopback unless asked otherwise by name, and Go's
// usual meaning, every address of the machine, is one many type only to
// change the port. An IPv4 address is listened on with IPv4 alone:
// 0.0.0.0 asks for every IPv4 address of the machine, not IPv6's too.
func Listen(addr string) (net.Listener, error) {
	network := "tcp"
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("--addr %q is not a host and port; write it like 127.0.0.1:1313, or :1313", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return nil, fmt.Errorf("--addr %q: the port is a number from 1 to 65535 (0 for any free one), not %q", addr, port)
	}
	if host == "" {
		host, addr = "127.0.0.1", net.JoinHostPort("127.0.0.1", port)
	}
	if ip := net.ParseIP(host); ip != nil && ip.To4() != nil {
		network = "tcp4"
	} else if ip != nil {
		network = "tcp6"
	}
	ln, err := net.Listen(network, addr)
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, fmt.Errorf("%s is already in use; pass --addr 127.0.0.1:PORT", addr)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return nil, fmt.Errorf("this machine has no address %s; pass one of its own, 127.0.0.1 for this machine alone, or 0.0.0.0 for every one", host)
	}
	return ln, err
}

// Run serves cfg's site on addr until ctx is done.
func Run(ctx context.Context, cfg Config, addr string) error {
	ln, err := Listen(addr)
	if err != nil {
		return err
	}
	s, err := New(cfg)
	if err != nil {
		ln.Close()
		return err
	}
	return s.Serve(ctx, ln)
}

// New starts watching cfg.Source and builds the site once. Content errors
// do not make it fail: they are shown until fixed.
func New(cfg Config) (*Server, error) {
	if cfg.Source == "" {
		cfg.Source = "."
	}
	// The folder by its absolute path: a folder given relative to the
	// working directory ("." by default) is lost with it when the folder
	// is removed or renamed, and a fresh one in its place would never be
	// found (see watch's errRootGone).
	abs, err := filepath.Abs(cfg.Source)
	if err != nil {
		return nil, err
	}
	cfg.Source = abs
	if cfg.Log == nil {
		cfg.Log = os.Stderr
	}
	id := make([]byte, 4)
	rand.Read(id)
	s := &Server{
		cfg:       cfg,
		builder:   generator.NewBuilder(generator.Config{Source: cfg.Source, BaseURL: cfg.BaseURL, Drafts: cfg.Drafts, Log: cfg.Log}),
		hub:       newHub(),
		run:       hex.EncodeToString(id),
		changedAt: map[string]int{},
	}
	w, err := watch.New(cfg.Source, watched, watch.Options{Poll: cfg.Poll, Log: cfg.Log})
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", cfg.Source, err)
	}
	s.watcher = w
	s.rebuild(nil)
	return s, nil
}

// Base is the path the site is served under, like /briefings/. Until a
// build succeeds it is the one site.yaml gives, if it gives one, else "/".
func (s *Server) Base() string {
	s.mu.RLock()
	site := s.site
	s.mu.RUnlock()
	if site != nil {
		return site.base
	}
	if base, err := basePath(s.cfg.Source, s.cfg.BaseURL); err == nil {
		return base
	}
	return "/"
}

// Serve answers HTTP requests on ln and rebuilds on every change until ctx
// is done, then shuts down cleanly: open event streams end, requests in
// flight finish, and the watcher stops.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	defer s.watcher.Close()
	// The host check is on before the first request can be answered.
	addr := ln.Addr().String()
	host, port, err := net.SplitHostPort(addr)
	ip := net.ParseIP(host)
	s.mu.Lock()
	s.localOnly = err != nil || ip.IsLoopback()
	if name, err := os.Hostname(); err == nil {
		s.hostname, _, _ = strings.Cut(strings.ToLower(name), ".")
	}
	s.mu.Unlock()
	switch {
	case err != nil || ip.IsLoopback():
	case ip.IsUnspecified():
		// Every address of the machine: a browser opens none of 0.0.0.0
		// or [::], so the address printed is loopback's.
		fmt.Fprintf(s.cfg.Log, "brief serve: listening on every address of this machine: other machines reach this server at this machine's address, port %s\n", port)
		loopback := "127.0.0.1"
		if ip.To4() == nil {
			loopback = "::1"
		}
		addr = net.JoinHostPort(loopback, port)
	default:
		fmt.Fprintf(s.cfg.Log, "brief serve: listening on %s: other machines can reach this server\n", host)
	}
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: idleTimeout}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	s.url, s.shownBase = "http://"+addr, s.Base()
	fmt.Fprintf(s.cfg.Log, "brief serve: %s%s (Ctrl-C to stop)\n", s.url, escapedPath(s.shownBase))
	changes := s.watcher.Changes
	// A rebuild runs beside this loop, one at a time, so that Ctrl-C need
	// not wait for one: a checkout of thousands of files can take seconds.
	// Changes that come meanwhile gather in the watcher for the next one.
	var building chan struct{} // closed when the running rebuild ends; nil when none runs
	for {
		next := changes
		if building != nil {
			next = nil
		}
		select {
		case batch, ok := <-next:
			if !ok {
				changes = nil // closed: only Close closes it
				continue
			}
			building = make(chan struct{})
			go func(done chan struct{}) {
				defer close(done)
				s.rebuild(batch)
			}(building)
		case <-building:
			building = nil
		case err := <-served:
			s.stopped.Store(true)
			return fmt.Errorf("serve HTTP: %w", err)
		case <-ctx.Done():
			// A rebuild still running is left to end on its own, unseen.
			s.stopped.Store(true)
			close(s.hub.done)
			stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := hs.Shutdown(stop)
			return errors.Join(err, s.watcher.Close())
		}
	}
}

// rebuild builds the site after the given paths changed (nil for the first
// build), swaps it in if it succeeded, tells the open pages, and prints a
// line about it.
func (s *Server) rebuild(changed []string) {
	start := time.Now()
	runaways := layout.Runaways()
	var res *generator.Result
	var err error
	var first time.Duration // until the edited pages were shown, if they were shown first
	if changed == nil || slices.Contains(changed, watch.Everything) {
		res, err = s.builder.Build()
	} else {
		if s.showFirst(changed) {
			first = time.Since(start).Round(10 * time.Microsecond)
		}
		res, err = s.builder.BuildChanged(changed)
	}
	var base string
	if err == nil {
		base, err = basePath(s.cfg.Source, s.cfg.BaseURL)
	}
	if s.stopped.Load() {
		return // the server stopped while it built: nobody waits for this
	}
	took := time.Since(start).Round(100 * time.Microsecond)
	when := time.Now().Format("15:04:05")
	if layout.Runaways() > runaways {
		// Whatever becomes of this build, the template goes on running.
		fmt.Fprintf(s.cfg.Log, "%s a template ran for more than %v without ending and still runs, keeping a core busy: once it is fixed, restart brief serve to stop it\n", when, layout.TemplateTimeout)
	}
	if err != nil && changed != nil && s.watcher.Pending() {
		// A file changed again while the build read it: its errors may
		// be those of a save half done (an editor that empties the file,
		// then writes it). The next build, right after, tells.
		fmt.Fprintf(s.cfg.Log, "%s %s: changed again while it built; building again\n", when, what(changed))
		return
	}
	if err != nil {
		s.fail(err, when, what(changed))
		return
	}
	// Serve the new build at once; working out what it changed for the
	// open pages comes after.
	next := &snapshot{files: res.Files, copied: res.Copied, drafts: res.Drafts, base: base, version: 1}
	s.mu.Lock()
	prev := s.site
	if prev != nil {
		next.version = prev.version + 1
	}
	s.site, s.problems = next, nil
	if prev != nil && prev.base != next.base && !slices.Contains(s.oldBases, prev.base) {
		// site.yaml's base_url changed: old addresses lead to the new
		s.oldBases = append(s.oldBases, prev.base)
	}
	s.mu.Unlock()

	old := &snapshot{}
	if prev != nil {
		old = prev
	}
	changes, css := changedFiles(old, next)
	count := len(changes) // for the log: pages that only swap the stylesheet changed too
	cssChanged := prev != nil && css != s.css
	if cssChanged {
		leaveOutStylesheet(changes, old.files, next.files, prev.base+s.css, next.base+css)
	}
	pages, static := reloads(changes, old, next)
	s.mu.Lock()
	for p := range pages {
		s.changedAt[p] = next.version
	}
	if cssChanged {
		s.cssAt = next.version
		if data, ok := old.files[s.css]; ok {
			kept := map[string][]byte{s.css: data}
			for p, d := range s.oldCSS {
				if len(kept) < keptStylesheets && p != css {
					kept[p] = d
				}
			}
			s.oldCSS = kept
		}
	}
	if static {
		s.staticAt = next.version
	}
	s.css = css
	s.mu.Unlock()

	s.hub.each(func(c *client) {
		if prev == nil || static {
			// Showing an error page until now, or any page may show
			// the file of static/ that changed.
			c.send(event{"reload", struct{}{}})
			return
		}
		c.send(decide(c.pages, pages, next.base+css, cssChanged))
	})
	s.warn(res.Stats.Warnings)
	if s.url != "" && next.base != s.shownBase {
		// site.yaml was fixed, or its base_url changed.
		s.shownBase = next.base
		fmt.Fprintf(s.cfg.Log, "brief serve: %s%s\n", s.url, escapedPath(next.base))
	}
	if changed == nil {
		fmt.Fprintf(s.cfg.Log, "%s built %s, %s in %v\n", when, diag.Count(res.Stats.Briefings, "briefing"), diag.Count(res.Stats.Pages, "page"), took)
		return
	}
	shown := ""
	if first > 0 {
		shown = fmt.Sprintf("page shown in %v, ", first)
	}
	fmt.Fprintf(s.cfg.Log, "%s %s: %srebuilt in %v, %s changed\n", when, what(changed), shown, took, diag.Count(count, "file"))
}

// showFirst serves at once the pages that show the changed files, when
// they are briefings or notes whose body alone changed and the site served
// is good (see generator.Builder.Preview), and tells the open pages. The
// rebuild that follows finds these pages already as it renders them. It
// reports whether it showed anything.
func (s *Server) showFirst(changed []string) bool {
	s.mu.RLock()
	prev, good := s.site, s.problems == nil
	s.mu.RUnlock()
	if prev == nil || !good {
		return false
	}
	pages := s.builder.Preview(changed)
	if pages == nil {
		return false
	}
	changes := map[string]bool{}
	for p, data := range pages {
		if !same(prev.files[p], data) {
			changes[p] = true
		}
	}
	if len(changes) == 0 {
		return false
	}
	next := &snapshot{files: maps.Clone(prev.files), copied: prev.copied, drafts: prev.drafts, base: prev.base, version: prev.version + 1}
	for p := range changes {
		next.files[p] = pages[p]
	}
	s.mu.Lock()
	s.site = next
	for p := range changes {
		s.changedAt[p] = next.version
	}
	css := next.base + s.css
	s.mu.Unlock()
	// Only the pages that show the edit hear of it now; the rebuild tells
	// every page what it changed for it.
	s.hub.each(func(c *client) {
		if e := decide(c.pages, changes, css, false); e.name == "reload" {
			c.send(e)
		}
	})
	return true
}

// maxShownErrors is how many errors of a build brief serve prints.
const maxShownErrors = 20

// fail keeps the last good site, and shows err to the terminal and to
// every open page.
func (s *Server) fail(err error, when, what string) {
	var probs diag.List
	var ce *diag.ContentError
	var re *diag.ReadError
	switch {
	case errors.As(err, &ce):
		probs = ce.Problems
	case errors.As(err, &re):
		// Files that could not be read, each on its line: often a tree
		// changing under the build (rsync, a checkout), which the next
		// batch of changes rebuilds.
		probs = re.Problems
	default:
		probs = diag.List{{File: s.cfg.Source, Msg: err.Error()}}
	}
	s.mu.Lock()
	s.problems = probs
	s.mu.Unlock()
	s.hub.each(func(c *client) { c.send(problemsEvent(probs)) })
	// The first errors, as Hugo shows the first: a checkout that breaks
	// every file would print them all again on every save.
	for _, p := range probs[:min(len(probs), maxShownErrors)] {
		fmt.Fprintln(s.cfg.Log, p)
	}
	if more := len(probs) - maxShownErrors; more > 0 {
		fmt.Fprintf(s.cfg.Log, "… and %s; the page in the browser, and brief check, list them all\n", diag.Count(more, "more error"))
	}
	if what == "" {
		what = "first build"
	}
	serving := "still serving the last good build"
	if s.site == nil {
		serving = "pages show the errors until they are fixed"
	}
	fmt.Fprintf(s.cfg.Log, "%s %s: %s; %s\n", when, what, diag.Count(len(probs), "error"), serving)
}

// warn prints the warnings that the previous build did not have, the
// first ten of them, as brief build does.
func (s *Server) warn(ws diag.List) {
	const most = 10
	now := map[string]bool{}
	fresh := 0
	for _, w := range ws {
		line := w.String()
		now[line] = true
		if !s.warnings[line] {
			if fresh < most {
				fmt.Fprintln(s.cfg.Log, line)
			}
			fresh++
		}
	}
	if fresh > most {
		fmt.Fprintf(s.cfg.Log, "… and %s; `brief check` lists them all\n", diag.Count(fresh-most, "more warning"))
	}
	s.warnings = now
}

// changedFiles lists the output paths whose content differs between two
// builds, and finds the theme's stylesheet in the new one. A copy changed
// when its bytes' hash did, or its source file.
func changedFiles(old, next *snapshot) (changed map[string]bool, css string) {
	changed = map[string]bool{}
	for p := range next.files {
		if layout.IsStylesheet(p) {
			css = p
		}
	}
	changedIn(changed, old.files, next.files, same)
	changedIn(changed, old.copied, next.copied, func(a, b generator.Copy) bool { return a == b })
	return changed, css
}

// changedIn adds to changed the paths of next whose value differs from
// old's by equal, or that old lacks, and the paths of old that next lacks.
func changedIn[V any](changed map[string]bool, old, next map[string]V, equal func(a, b V) bool) {
	kept := 0 // paths in both
	for p, v := range next {
		was, ok := old[p]
		if ok {
			kept++
		}
		if !ok || !equal(was, v) {
			changed[p] = true
		}
	}
	if kept == len(old) {
		return // nothing removed
	}
	for p := range old {
		if _, ok := next[p]; !ok {
			changed[p] = true
		}
	}
}

// reloads lists the pages that the changed output paths of a rebuild from
// old to next reload: the changed pages, and for a bundle's resource that
// changed, the page of its bundle, the nearest page above it, and every
// other page that names its URL (another briefing or a note showing the
// image, the note's analyst's page). It reports static when a file of
// static/ changed, which any page may show.
func reloads(changed map[string]bool, old, next *snapshot) (pages map[string]bool, static bool) {
	pages = make(map[string]bool, len(changed))
	var resources []string // URLs of the changed resources, as pages name them
	defer func() { showing(resources, next, pages) }()
	for p := range changed {
		pages[p] = true
		c, ok := next.copied[p]
		if !ok {
			c, ok = old.copied[p] // removed
		}
		src := c.Source
		switch {
		case !ok && strings.HasPrefix(p, searchDir) && p != searchPage:
			// The search page shows results from the index's files.
			pages[searchPage] = true
		case !ok:
		case strings.HasPrefix(src, generator.StaticDir+"/"):
			static = true
		default:
			if page := bundlePage(p, old, next); page != "" {
				pages[page] = true
			}
			u := next.base + p
			resources = append(resources, u)
			if e := escapedPath(u); e != u {
				resources = append(resources, e)
			}
		}
	}
	return pages, static
}

// showing adds to pages the pages of next that name any of the URLs in
// quotes, as an src or href does. A resource changes far less often than
// a page; reading every page for it, on every core, takes some 60 ms at
// 10,000 briefings (240 MB of pages).
func showing(urls []string, next *snapshot, pages map[string]bool) {
	if len(urls) == 0 {
		return
	}
	quoted := make([][]byte, len(urls))
	for i, u := range urls {
		quoted[i] = []byte(`"` + u)
	}
	var html []string
	for p := range next.files {
		if !pages[p] && strings.HasSuffix(p, ".html") {
			html = append(html, p)
		}
	}
	found := make([]bool, len(html))
	const chunk = 256
	parallel.For((len(html)+chunk-1)/chunk, func() func(int) {
		return func(c int) {
			for i := c * chunk; i < min(len(html), (c+1)*chunk); i++ {
				found[i] = slices.ContainsFunc(quoted, func(q []byte) bool { return names(next.files[html[i]], q) })
			}
		}
	})
	for i, p := range html {
		if found[i] {
			pages[p] = true
		}
	}
}

// names reports whether data holds quoted, a quote and a URL, followed by
// the end of the URL: the closing quote, its fragment or query, or the
// space after it in a srcset.
func names(data, quoted []byte) bool {
	for {
		i := bytes.Index(data, quoted)
		if i < 0 {
			return false
		}
		data = data[i+len(quoted):]
		if len(data) > 0 && strings.IndexByte(`"#? `, data[0]) >= 0 {
			return true
		}
	}
}

// escapedPath is path as a URL writes it (/News%20Room/ for /News Room/),
// so that a terminal's link and a copy of the address lead to the site.
func escapedPath(path string) string { return (&url.URL{Path: path}).EscapedPath() }

// searchDir holds the search page and the index it reads.
const (
	searchDir  = "search/"
	searchPage = searchDir + "index.html"
)

// bundlePage finds the page in the nearest folder above the resource at
// output path p, in next or, for a bundle removed, in old.
func bundlePage(p string, old, next *snapshot) string {
	for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
		page := dir + "/index.html"
		if _, ok := next.files[page]; ok {
			return page
		}
		if _, ok := old.files[page]; ok {
			return page
		}
	}
	return ""
}

// leaveOutStylesheet removes from changed the pages whose only change is
// the stylesheet's new fingerprinted name: the open page swaps the
// stylesheet instead of reloading.
func leaveOutStylesheet(changed map[string]bool, old, files map[string][]byte, from, to string) {
	for p := range changed {
		was, ok := old[p]
		if ok && strings.HasSuffix(p, ".html") && bytes.Equal(bytes.ReplaceAll(was, []byte(from), []byte(to)), files[p]) {
			delete(changed, p)
		}
	}
}

// same compares two versions of a file, quickly when a build reused the
// bytes of the previous one.
func same(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return bytes.Equal(a, b)
}

// basePath reads the path the site is served under from site.yaml, or
// the base URL given instead (see Config.BaseURL); the build has already
// checked them.
func basePath(source, baseURL string) (string, error) {
	// Read as the build reads it, which refuses a named pipe rather
	// than wait for a writer (the build reports it).
	raw, err := osfs.Dir(source).ReadFile(content.ConfigFile)
	if err != nil && (baseURL == "" || !errors.Is(err, fs.ErrNotExist)) {
		return "", err
	}
	cfg, probs := content.ParseConfig(raw, baseURL)
	if err := probs.Err(); err != nil {
		return "", err
	}
	return cfg.BasePath(), nil
}

// what names the changed paths for the terminal.
func what(changed []string) string {
	switch {
	case len(changed) == 0:
		return ""
	case len(changed) == 1 && changed[0] == watch.Everything:
		return "files changed"
	case len(changed) == 1:
		return changed[0]
	}
	return changed[0] + " and " + strconv.Itoa(len(changed)-1) + " more"
}
