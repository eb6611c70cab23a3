package generator

import (
	"bytes"
	"net/url"
	"path"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestExampleSiteLinks builds the example site of the repository and checks
// that every internal link and asset of every page resolves to a file of
// the output.
func TestExampleSiteLinks(t *testing.T) {
	out := readTree(t, mustBuild(t, Config{Source: ".."}))
	base := "/briefings/"
	pages := 0
	for name, data := range out {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		for _, ref := range references(t, name, data) {
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: bad URL %q: %v", name, ref, err)
				continue
			}
			if u.Scheme != "" || u.Host != "" || u.Path == "" {
				continue // external, or an anchor on the same page
			}
			p := u.Path
			if !strings.HasPrefix(p, "/") {
				p = path.Join(base, path.Dir(name), p)
				if strings.HasSuffix(u.Path, "/") {
					p += "/"
				}
			}
			if !strings.HasPrefix(p, base) {
				t.Errorf("%s: link %q leaves the base path %s", name, ref, base)
				continue
			}
			rel := strings.TrimPrefix(p, base)
			if _, ok := out[rel]; ok {
				continue
			}
			if _, ok := out[path.Join(rel, "index.html")]; ok && (rel == "" || strings.HasSuffix(rel, "/")) {
				continue
			}
			t.Errorf("%s: link %q resolves to nothing in the output", name, ref)
		}
	}
	if pages < 40 {
		t.Errorf("the example site has %d pages; expected at least 40 (8+ briefings, sections, topics, analysts)", pages)
	}
}

// references returns every href and src of an HTML page.
func references(t *testing.T, name string, data []byte) []string {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var refs []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "href" || a.Key == "src" {
					refs = append(refs, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return refs
}
