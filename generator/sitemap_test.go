package generator

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"testing"
	"testing/fstest"

	"brief/generator/content"
	"brief/generator/site"
)

// TestSitemapIndex splits a sitemap as a site too large for one file
// would be split, with a limit of 3 URLs per file.
func TestSitemapIndex(t *testing.T) {
	fsys := fstest.MapFS{"site.yaml": {Data: []byte("title: T\nbase_url: https://example.github.io/briefings/\n")}}
	for i := 1; i <= 4; i++ {
		fsys[fmt.Sprintf("content/world/b%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: B%d\nsummary: S.\ndate: 2026-02-0%d\nupdated: 2026-03-0%d\ntopics: [T]\n---\nBody.\n", i, i, i)}
	}
	// A note added later changes its briefing's page, and the listings
	// that count its notes, though not the article.
	fsys["content/world/b1/index.md"], fsys["content/world/b1.md"] = fsys["content/world/b1.md"], nil
	delete(fsys, "content/world/b1.md")
	fsys["content/world/b1/notes/ann.md"] = &fstest.MapFile{Data: []byte("---\nanalyst: Ann\ndate: 2026-03-03T12:00:00Z\n---\nA note.\n")}
	src, probs := content.Load(fsys, "")
	s, p := site.New(src, site.Options{})
	if probs.Append(p); probs.Err() != nil {
		t.Fatal(probs.Err())
	}
	o := newOutput(nil)
	o.mem = map[string][]byte{}
	writeSitemap(s, o, 3)

	type loc struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	}
	var index struct {
		XMLName  xml.Name
		Sitemaps []loc `xml:"sitemap"`
	}
	if err := xml.Unmarshal(o.mem["sitemap.xml"], &index); err != nil {
		t.Fatal(err)
	}
	if index.XMLName.Local != "sitemapindex" || index.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
		t.Fatalf("sitemap.xml is a <%s xmlns=%q>; want a sitemapindex", index.XMLName.Local, index.XMLName.Space)
	}
	var all []string
	lastmod := map[string]string{}
	for i, sm := range index.Sitemaps {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if sm.Loc != "https://example.github.io/briefings/"+name || sm.LastMod == "" {
			t.Errorf("index entry %d = %+v", i, sm)
		}
		var set struct {
			URLs []loc `xml:"url"`
		}
		if err := xml.Unmarshal(o.mem[name], &set); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(set.URLs) == 0 || len(set.URLs) > 3 {
			t.Errorf("%s has %d URLs; want 1 to 3", name, len(set.URLs))
		}
		for _, u := range set.URLs {
			all = append(all, u.Loc)
			lastmod[u.Loc] = u.LastMod
		}
	}
	var want []string
	for _, p := range s.Pages {
		if p.Kind != site.KindNotFound {
			want = append(want, "https://example.github.io"+p.URL)
		}
	}
	if !slices.Equal(all, want) {
		t.Errorf("sitemaps list\n%q\nwant\n%q", all, want)
	}
	for loc, want := range map[string]string{
		"https://example.github.io/briefings/world/b2/": "2026-03-02T00:00:00Z", // updated, not date
		"https://example.github.io/briefings/world/b1/": "2026-03-03T12:00:00Z", // its note's
		"https://example.github.io/briefings/world/":    "2026-03-04T00:00:00Z", // newest in the section
		"https://example.github.io/briefings/":          "2026-03-04T00:00:00Z",
	} {
		if lastmod[loc] != want {
			t.Errorf("lastmod of %s = %q; want %q", loc, lastmod[loc], want)
		}
	}
}

// TestSitemapEncoding checks encodeSitemap against encoding/xml writing
// the same sitemaps.org elements, with text that needs escaping.
func TestSitemapEncoding(t *testing.T) {
	type item struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []item   `xml:"url"`
	}
	type index struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []item   `xml:"sitemap"`
	}
	for _, urls := range [][]sitemapURL{
		nil,
		{{Loc: "https://x.github.io/briefings/"}},
		{
			{Loc: "https://x.github.io/b/a/?q=1&r=<2>", LastMod: "2026-01-02T03:04:05Z"},
			{Loc: "https://x.github.io/b/c%C3%B4te-d'ivoire/\"x\"\t\n\r\u0001", LastMod: ""},
			{Loc: "https://x.github.io/b/é/", LastMod: "2026-11-25T09:00:00+01:00"},
		},
	} {
		var items []item
		for _, u := range urls {
			items = append(items, item{u.Loc, u.LastMod})
		}
		for _, c := range []struct {
			set, item string
			v         any
		}{{"urlset", "url", urlset{URLs: items}}, {"sitemapindex", "sitemap", index{Sitemaps: items}}} {
			var want bytes.Buffer
			want.WriteString(xml.Header)
			enc := xml.NewEncoder(&want)
			enc.Indent("", "  ")
			if err := enc.Encode(c.v); err != nil {
				t.Fatal(err)
			}
			want.WriteByte('\n')
			if got := encodeSitemap(c.set, c.item, urls); !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%s of %d URLs:\n%s\nencoding/xml:\n%s", c.set, len(urls), got, want.Bytes())
			}
		}
	}
}
