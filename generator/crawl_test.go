package generator_test

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

// served is a built site served over HTTP under the path of its base URL
// only, as GitHub Pages serves a project site: anything outside that path
// is a 404.
type served struct {
	out    string   // the output folder
	base   *url.URL // the site's base URL, e.g. https://example.github.io/briefings/
	prefix string   // its path, e.g. /briefings/
	srv    *httptest.Server
}

func serve(t *testing.T, out, baseURL string) *served {
	t.Helper()
	base, err := url.Parse(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	files := http.FileServer(http.Dir(out))
	if base.Path == "/" {
		mux.Handle("/", files)
	} else {
		mux.Handle(base.Path, http.StripPrefix(strings.TrimSuffix(base.Path, "/"), files))
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &served{out: out, base: base, prefix: base.Path, srv: srv}
}

// crawl is what a crawl found: every URL path fetched, with what it held.
type crawl struct {
	pages  map[string]*html.Node   // HTML pages by URL path
	feeds  map[string]*gofeed.Feed // Atom feeds by URL path
	maps   map[string][]string     // sitemaps by URL path: their <loc>s
	robots map[string]string       // robots.txt by URL path
	ids    map[string][]string     // element ids by page path
	links  int                     // links followed or checked
}

// link is a reference found somewhere, kept to say where in a failure.
type link struct {
	from, to string
}

// crawl fetches every page, asset, feed and sitemap reachable from the
// base path and the publishing files, and reports each broken link, each
// link that leaves the base path on this host or the site's own host,
// each #fragment that names no element of its page, and each id that is
// on more than one element of a page.
func (s *served) crawl(t *testing.T) *crawl {
	t.Helper()
	c := &crawl{
		pages: map[string]*html.Node{}, feeds: map[string]*gofeed.Feed{}, maps: map[string][]string{},
		robots: map[string]string{}, ids: map[string][]string{},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	seen := map[string]bool{}
	var queue []link
	var frags []link
	add := func(from, ref string) {
		c.links++
		to, ok := s.internal(t, from, ref)
		if !ok {
			return
		}
		if !strings.HasPrefix(to.Path, s.prefix) {
			t.Errorf("%s links to %s: outside the site's path %s", from, ref, s.prefix)
			return
		}
		if to.Fragment != "" {
			frags = append(frags, link{from, to.Path + "#" + to.Fragment})
		}
		if !seen[to.Path] {
			seen[to.Path] = true
			queue = append(queue, link{from, to.Path})
		}
	}
	for _, start := range []string{"", "404.html", "robots.txt", "sitemap.xml", "feed.xml"} {
		add(s.prefix, s.prefix+start)
	}
	for len(queue) > 0 {
		l := queue[0]
		queue = queue[1:]
		resp, err := client.Get(s.srv.URL + l.to)
		if err != nil {
			t.Fatalf("GET %s: %v", l.to, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("GET %s: %v", l.to, err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s links to %s: %s", l.from, l.to, resp.Status)
			continue
		}
		for _, ref := range c.parse(t, l.to, resp.Header.Get("Content-Type"), body) {
			add(l.to, ref)
		}
	}
	for _, f := range frags {
		p, frag, _ := strings.Cut(f.to, "#")
		frag, _ = url.PathUnescape(frag)
		if ids, ok := c.ids[p]; ok && !slices.Contains(ids, frag) {
			t.Errorf("%s links to %s: that page has no element with id %q", f.from, f.to, frag)
		}
	}
	return c
}

// internal resolves ref found at page from. It reports whether the target
// is on this site: relative, on the test server or on the base URL's host.
func (s *served) internal(t *testing.T, from, ref string) (*url.URL, bool) {
	page, _ := url.Parse(s.srv.URL + from)
	u, err := page.Parse(strings.TrimSpace(ref))
	if err != nil {
		t.Errorf("%s links to %q: not a URL: %v", from, ref, err)
		return nil, false
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, false // mailto:, data: …
	}
	srvHost := strings.TrimPrefix(s.srv.URL, "http://")
	if u.Host != srvHost && u.Host != s.base.Host {
		return nil, false // another site: not followed
	}
	if u.Host == s.base.Host && u.Scheme != s.base.Scheme {
		t.Errorf("%s links to %s: scheme is not the base URL's %s", from, ref, s.base.Scheme)
	}
	return u, true
}

var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]+)['"]?\s*\)`)

// parse reads a fetched body by its kind and returns the references in it.
func (c *crawl) parse(t *testing.T, p, ctype string, body []byte) []string {
	switch {
	case strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html"):
		doc, err := html.Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		c.pages[p] = doc
		refs, ids := htmlRefs(doc)
		c.ids[p] = ids
		for _, id := range duplicates(ids) {
			t.Errorf("%s: id %q is on more than one element", p, id)
		}
		return refs
	case strings.HasSuffix(p, ".xml"):
		return c.parseXML(t, p, body)
	case strings.HasSuffix(p, "robots.txt"):
		c.robots[p] = string(body)
		var refs []string
		sc := bufio.NewScanner(bytes.NewReader(body))
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.EqualFold(k, "sitemap") {
				refs = append(refs, strings.TrimSpace(v))
			}
		}
		return refs
	case strings.HasSuffix(p, ".css"):
		var refs []string
		for _, m := range cssURL.FindAllStringSubmatch(string(body), -1) {
			refs = append(refs, m[1])
		}
		return refs
	}
	return nil
}

func (c *crawl) parseXML(t *testing.T, p string, body []byte) []string {
	var root struct {
		XMLName xml.Name
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(body, &root); err != nil {
		t.Errorf("%s: not XML: %v", p, err)
		return nil
	}
	var refs []string
	switch root.XMLName {
	case xml.Name{Space: "http://www.w3.org/2005/Atom", Local: "feed"}:
		feed, err := gofeed.NewParser().ParseString(string(body))
		if err != nil {
			t.Errorf("%s: gofeed: %v", p, err)
			return nil
		}
		c.feeds[p] = feed
		refs = append(refs, feed.Link, feed.FeedLink)
		for _, it := range feed.Items {
			refs = append(refs, it.Link)
			if it.Content != "" {
				doc, err := html.Parse(strings.NewReader(it.Content))
				if err != nil {
					t.Errorf("%s: entry %s: content is not HTML: %v", p, it.Link, err)
					continue
				}
				r, _ := htmlRefs(doc)
				refs = append(refs, r...)
			}
		}
	case xml.Name{Space: "http://www.sitemaps.org/schemas/sitemap/0.9", Local: "urlset"}:
		for _, u := range root.URLs {
			c.maps[p] = append(c.maps[p], u.Loc)
			refs = append(refs, u.Loc)
		}
	case xml.Name{Space: "http://www.sitemaps.org/schemas/sitemap/0.9", Local: "sitemapindex"}:
		for _, u := range root.Sitemaps {
			refs = append(refs, u.Loc)
		}
	default:
		t.Errorf("%s: unexpected XML document <%s xmlns=%q>", p, root.XMLName.Local, root.XMLName.Space)
	}
	return refs
}

// htmlRefs lists every URL an HTML document refers to, and its ids.
func htmlRefs(doc *html.Node) (refs, ids []string) {
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			switch a.Key {
			case "id":
				ids = append(ids, a.Val)
			case "href", "src", "action", "poster":
				refs = append(refs, a.Val)
			case "srcset":
				for _, cand := range strings.Split(a.Val, ",") {
					if f := strings.Fields(cand); len(f) > 0 {
						refs = append(refs, f[0])
					}
				}
			case "content":
				if prop := attr(n, "property"); prop == "og:url" || prop == "og:image" {
					refs = append(refs, a.Val)
				}
			}
		}
	}
	return refs, ids
}

// duplicates returns the ids that occur more than once, in order.
func duplicates(ids []string) []string {
	seen := map[string]int{}
	var dups []string
	for _, id := range ids {
		if seen[id]++; seen[id] == 2 {
			dups = append(dups, id)
		}
	}
	return dups
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// outputFiles lists the files of a build folder, slash-separated and sorted.
func outputFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}
