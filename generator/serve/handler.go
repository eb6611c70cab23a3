package serve

import (
	"bytes"
	"html"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"brief/generator"
	"brief/generator/diag"
)

// ServeHTTP answers from the built site in memory, but for the files the
// build copies as they are (a bundle's pictures, static/), which it reads
// from their source files: the last build's, named by the build and not
// by the request, and opened through the site's folder alone (see
// generator.OpenCopy). No request path, however crafted, reaches outside
// the site.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	snap, probs, localOnly, hostname, oldBases := s.site, s.problems, s.localOnly, s.hostname, s.oldBases
	s.mu.RUnlock()
	if localOnly && !localHost(r.Host) {
		http.Error(w, "brief serve answers only requests for localhost or a loopback address", http.StatusForbidden)
		return
	}
	if !localOnly && !machineHost(r.Host, hostname) {
		http.Error(w, "brief serve answers only requests addressed to this machine: by an IP address, localhost or its name ("+hostname+")", http.StatusForbidden)
		return
	}
	base := "/"
	if snap != nil {
		base = snap.base
	}
	p := r.URL.Path
	// The live-reload endpoints answer under any path: the base path, the
	// root for the error page shown before any build succeeded, and the
	// base of an earlier run of brief serve, whose open tabs reconnect
	// there (and reload, when their version is not this run's).
	live := ""
	if i := strings.LastIndex(p, "/"+liveDir); i >= 0 {
		live = p[i+1:]
	}
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "brief serve answers only GET and HEAD", http.StatusMethodNotAllowed)
	case live == liveDir+"live.js" || live == liveDir+"live-worker.js":
		name := strings.TrimPrefix(live, liveDir)
		script, _ := liveJS.ReadFile(name)
		w.Header().Set("Cache-Control", "no-store")
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(script))
	case live == liveDir+"events":
		s.events(w, r)
	case snap == nil:
		s.broken(w, r, probs)
	case !strings.HasPrefix(p, base) && (p == "/" || p+"/" == base):
		http.Redirect(w, r, withQuery(base, r.URL.RawQuery), http.StatusFound)
	case strings.HasPrefix(p, base) && snap.has(p[len(base):]):
		s.file(w, r, snap, p[len(base):])
	default:
		if to := moved(p, base, oldBases); to != "" {
			http.Redirect(w, r, withQuery(to, r.URL.RawQuery), http.StatusFound)
		} else if strings.HasPrefix(p, base) {
			s.file(w, r, snap, p[len(base):])
		} else {
			s.notFound(w, r, snap)
		}
	}
}

// moved returns where path p is now, when it lies under a base path that
// this run served the site under before base: the same place under base.
// The longest such base wins, since bases may lie inside one another (/
// and /news/). It returns "" for a path under no earlier base.
func moved(p, base string, earlier []string) string {
	from := ""
	for _, old := range earlier {
		if strings.HasPrefix(base, old) && strings.HasPrefix(p, base) {
			continue // an address of the base itself, under an earlier one (/ then /news/)
		}
		if old != base && len(old) > len(from) && (strings.HasPrefix(p, old) || p+"/" == old) {
			from = old
		}
	}
	if from == "" {
		return ""
	}
	if len(p) < len(from) {
		return base
	}
	return base + p[len(from):]
}

func withQuery(target, query string) string {
	if query != "" {
		target += "?" + query
	}
	return target
}

// has reports whether rel, a path under the base path, names a file of
// the site or a folder with a page.
func (snap *snapshot) has(rel string) bool {
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	_, file := snap.files[name]
	_, copied := snap.copied[name]
	_, dir := snap.files[name+"/index.html"]
	_, copiedDir := snap.copied[name+"/index.html"]
	return file || copied || dir || copiedDir
}

// file serves rel, a path under the base path: a folder's index.html for a
// path ending in "/", a redirect to "rel/" for a folder without it.
func (s *Server) file(w http.ResponseWriter, r *http.Request, snap *snapshot, rel string) {
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if !fs.ValidPath(name) { // "..", ".", empty segments
		s.notFound(w, r, snap)
		return
	}
	if c, ok := snap.copied[name]; ok {
		s.copy(w, r, snap, name, c)
		return
	}
	data, ok := snap.files[name]
	if !ok {
		s.mu.RLock()
		data, ok = s.oldCSS[name]
		s.mu.RUnlock()
	}
	if !ok {
		if snap.has(name + "/") {
			http.Redirect(w, r, withQuery(r.URL.Path+"/", r.URL.RawQuery), http.StatusMovedPermanently)
			return
		}
		// The page asked for as rel, when it exists: the file, or the
		// folder's page that rel redirects to.
		want := []string{name}
		if !strings.HasSuffix(name, "index.html") {
			want = append(want, name+"/index.html")
		}
		s.notFound(w, r, snap, want...)
		return
	}
	s.send(w, r, snap, name, data, http.StatusOK, name)
}

// copy serves c, a file the build copies as it is, from its source file.
// One gone since the build, or no longer a regular file, is not found: the
// build that follows the change tells what became of it. A page of
// static/ is read whole, for the live-reload script; anything else is
// sent as it is read, with ranges (a video).
func (s *Server) copy(w http.ResponseWriter, r *http.Request, snap *snapshot, name string, c generator.Copy) {
	f, err := generator.OpenCopy(s.cfg.Source, c)
	if err != nil {
		s.notFound(w, r, snap, name)
		return
	}
	defer f.Close()
	if strings.HasSuffix(name, ".html") {
		data, err := io.ReadAll(f)
		if err != nil {
			http.Error(w, "brief serve: cannot read "+c.Source+": "+err.Error(), http.StatusInternalServerError)
			return
		}
		s.send(w, r, snap, name, data, http.StatusOK, name)
		return
	}
	headers(w.Header(), name)
	http.ServeContent(w, r, name, time.Time{}, f)
}

// notFound answers with the site's 404 page. want are the output paths
// of the page that was asked for, so that an open 404 page reloads once
// it exists. When one of them is a draft's, the page says so.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, snap *snapshot, want ...string) {
	page, ok := snap.files["404.html"]
	if !ok {
		http.NotFound(w, r)
		return
	}
	for _, p := range want {
		if file, ok := snap.drafts[p]; ok {
			page = draftNotice(page, file)
			break
		}
	}
	s.send(w, r, snap, "404.html", page, http.StatusNotFound, append([]string{"404.html"}, want...)...)
}

// draftNotice adds to a 404 page, at the start of its <main> (or of its
// <body>, in a theme without one), a box that says that the address is
// the draft file's and how to see it: a writer who opens the page of a
// briefing brief new just wrote finds it a draft.
func draftNotice(page []byte, file string) []byte {
	notice := `<section id="brief-draft" role="note" style="margin:1em 0;padding:1em 1.25em;background:#fff8e1;color:#1a1a1a;border-left:4px solid #b26a00;font:16px/1.5 system-ui,sans-serif">` +
		`<p style="margin:0 0 .5em"><strong>This address is a draft's.</strong> <code>` + html.EscapeString(file) + `</code> is a draft (<code>draft: true</code>), and brief serve leaves drafts out, as brief build does.</p>` +
		`<p style="margin:0">To see it here, publish it: set <code>draft: false</code> in its front matter, or remove the line, and save; this page reloads by itself. ` +
		`Or preview every draft: stop brief serve and start it again as <code>brief serve --drafts</code>.</p></section>` + "\n"
	at := 0
	for _, tag := range []string{"<main", "<body"} {
		if i := bytes.Index(page, []byte(tag)); i >= 0 {
			if j := bytes.IndexByte(page[i:], '>'); j >= 0 {
				at = i + j + 1
				break
			}
		}
	}
	out := make([]byte, 0, len(page)+len(notice))
	out = append(out, page[:at]...)
	out = append(out, notice...)
	return append(out, page[at:]...)
}

// send writes one file of the site. HTML pages get the live-reload script;
// pages lists the output paths whose change reloads them.
func (s *Server) send(w http.ResponseWriter, r *http.Request, snap *snapshot, name string, data []byte, status int, pages ...string) {
	h := w.Header()
	headers(h, name)
	if !strings.HasSuffix(name, ".html") {
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
		return
	}
	data = inject(data, snap.base, s.run+"."+strconv.Itoa(snap.version), pages...)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// headers sets what every file of the site is sent with: no-store, so the
// browser always asks for the latest build, never a stale copy; and the
// type its name gives. A name that gives none leaves the type to
// http.ServeContent, which sniffs it from the first bytes.
func headers(h http.Header, name string) {
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		h.Set("Content-Type", t)
	}
}

// broken answers every request while no build has succeeded yet: a page
// that lists the errors and reloads once they are fixed. live.js keeps
// its list, #brief-errors, current, in place of the overlay it shows on
// the site's pages.
func (s *Server) broken(w http.ResponseWriter, r *http.Request, probs diag.List) {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>brief serve: the site has errors</title>\n</head>\n<body>\n<h1>The site has errors</h1>\n<p>Fix them and save: this page reloads by itself.</p>\n<ul id=\"brief-errors\">\n")
	for _, p := range probs {
		b.WriteString("<li><code>" + html.EscapeString(p.String()) + "</code></li>\n")
	}
	b.WriteString("</ul>\n</body>\n</html>\n")
	page := inject([]byte(b.String()), "/", s.run+".0")
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(page)
}

// localHost reports whether a Host header names this machine: localhost,
// a name under .localhost, or a loopback address.
// machineHost reports whether a request's Host names this machine as an
// exposed server (--addr 0.0.0.0:1313) is reached: by an IP address, as
// localhost, or by its name, hostname, in any domain (box, box.local,
// box.lan). Any other name is refused, as one a web page elsewhere points
// at this machine to read the preview through its reader's browser (DNS
// rebinding).
func machineHost(host, hostname string) bool {
	name := hostName(host)
	if loopbackName(name) || net.ParseIP(name) != nil {
		return true
	}
	first, _, _ := strings.Cut(name, ".")
	return hostname != "" && first == hostname
}

func localHost(host string) bool { return loopbackName(hostName(host)) }

// hostName is a request's Host without its port, brackets and final dot,
// in lower case.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
}

// loopbackName reports whether name, as hostName gives it, is localhost
// or a loopback address.
func loopbackName(name string) bool {
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}
