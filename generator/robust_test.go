package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"brief/generator/diag"

	"golang.org/x/net/html"
)

// hostile is text that breaks out of any context it is not escaped for:
// HTML text and attributes, JSON inside <script>, XML.
const hostile = `</title></script><script>alert(1)</script><img src=x onerror=alert(2)>"'&amp;<!--`

// TestFrontMatterEscaped puts hostile text in every front matter value
// and site setting a page shows, and checks each output: no script but
// the theme's, valid JSON-LD and XML, and the text shown exactly as
// written (escaped, not dropped or mangled).
func TestFrontMatterEscaped(t *testing.T) {
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) } // JSON strings are YAML
	files := map[string]string{
		"site.yaml": "title: " + q("Desk "+hostile) + "\ndescription: " + q("About "+hostile) + "\nbase_url: https://example.org/desk/\n",
		"content/world/x/index.md": "---\ntitle: " + q(hostile) + "\nsummary: " + q("Dek "+hostile) +
			"\ndate: 2026-01-02\nauthor: " + q("By "+hostile) + "\ndateline: " + q("javascript:alert(3)") +
			"\ntopics: [" + q("Topic "+hostile) + ", " + q(`"><svg onload=alert(4)>`) + "]\ntakeaways: [" + q("Point "+hostile) +
			"]\ncorrections:\n  - date: 2026-01-03\n    text: " + q("Fix "+hostile) + "\n---\n\nBody text.\n",
		"content/world/x/notes/kim.md": "---\nanalyst: " + q("Kim "+hostile) + "\naffiliation: " + q("Inst "+hostile) + "\n---\nA note.\n",
		"content/world/y.md":           briefingFile("Y", "2026-01-01", "Topic "+hostile),
		"content/about.md":             "---\ntitle: " + q("About "+hostile) + "\n---\nAbout us.\n",
	}
	out := readTree(t, mustBuild(t, Config{Source: writeSite(t, files)}))
	checkOutput(t, out)

	page := out["world/x/index.html"]
	if got := textOf(t, page, "h1"); got != hostile {
		t.Errorf("<h1> of the briefing reads %q; want %q", got, hostile)
	}
	if got := textOf(t, page, "title"); !strings.HasPrefix(got, hostile) {
		t.Errorf("<title> of the briefing reads %q; want it to start with %q", got, hostile)
	}
	if got := metaContent(t, page, "og:title"); got != "" && got != hostile {
		t.Errorf("og:title = %q; want %q", got, hostile)
	}
	if ld := textOf(t, page, "script"); ld != "" {
		var v struct{ Headline string }
		if err := json.Unmarshal([]byte(ld), &v); err != nil || v.Headline != hostile {
			t.Errorf("JSON-LD headline = %q (%v); want %q", v.Headline, err, hostile)
		}
	}
	// Takeaways and corrections are inline markdown: their tags show as
	// text, and the typographer curls the quotes after them.
	tags := hostile[:strings.LastIndex(hostile, ">")+1]
	for _, want := range []string{"Dek " + hostile, "By " + hostile, "Point " + tags, "Fix " + tags, "Kim " + hostile, "Topic " + hostile} {
		if !strings.Contains(allText(t, page), want) {
			t.Errorf("the briefing page does not show %q as text", want)
		}
	}
	if feed, ok := out["feed.xml"]; ok {
		var f struct {
			Title   string `xml:"title"`
			Entries []struct {
				Title string `xml:"title"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(feed, &f); err != nil {
			t.Fatalf("feed.xml: %v", err)
		}
		if f.Title != "Desk "+hostile {
			t.Errorf("feed title = %q; want %q", f.Title, "Desk "+hostile)
		}
		found := false
		for _, e := range f.Entries {
			found = found || e.Title == hostile
		}
		if !found {
			t.Errorf("no feed entry is titled %q", hostile)
		}
	}
}

func wellFormedXML(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// textOf returns the text of the first element named tag.
func textOf(t *testing.T, page []byte, tag string) string {
	t.Helper()
	n := find(parseHTML(t, page), func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == tag })
	if n == nil {
		return ""
	}
	return nodeText(n)
}

func allText(t *testing.T, page []byte) string {
	return nodeText(parseHTML(t, page))
}

func metaContent(t *testing.T, page []byte, property string) string {
	n := find(parseHTML(t, page), func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "meta" && attr(n, "property") == property
	})
	if n == nil {
		return ""
	}
	return attr(n, "content")
}

func parseHTML(t *testing.T, page []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if m := find(c, match); m != nil {
			return m
		}
	}
	return nil
}

func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(nodeText(c))
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestContentThatMustWork builds files that are unusual but correct: they
// must build, to the URLs and text expected.
func TestContentThatMustWork(t *testing.T) {
	long := strings.Repeat("A sentence of a very long paragraph with no line break at all. ", 40000) // 2.6 MB on one line
	files := map[string]string{
		"site.yaml": "base_url: https://example.org/\n",
		// CRLF line endings and a byte-order mark.
		"content/world/crlf.md": "\ufeff---\r\ntitle: \"Windows\"\r\nsummary: \"Saved on Windows.\"\r\ndate: 2026-01-02\r\ntopics: [Trade]\r\n---\r\n\r\nFirst line.\r\n\r\n## A heading\r\n\r\nSee [the heading](#a-heading).\r\n",
		// Non-ASCII file and folder names, already in slug form.
		"content/world/côte-d-ivoire.md":       briefingFile("Côte d'Ivoire votes", "2026-01-03", "Côte d'Ivoire", "West Africa"),
		"content/monde/россия/index.md":        briefingFile("Россия", "2026-01-04", "Россия"),
		"content/monde/日本の防衛/index.md":         briefingFile("日本の防衛", "2026-01-05", "日本"),
		"content/monde/ガス/index.md":            briefingFile("ガス", "2026-01-05", "ガス"),
		"content/world/cote-d-ivoire-notes.md": briefingFile("Links", "2026-01-06", "côte d'ivoire") + "\nSee [the vote](côte-d-ivoire.md).\n",
		// Empty bodies, with and without a final newline.
		"content/world/empty.md":    "---\ntitle: \"Empty\"\nsummary: \"S\"\ndate: 2026-01-07\ntopics: [Trade]\n---\n",
		"content/world/no-eol.md":   "---\ntitle: \"No EOL\"\nsummary: \"S\"\ndate: 2026-01-07\ntopics: [Trade]\n---",
		"content/world/long.md":     briefingFile("Long", "2026-01-08", "Trade") + "\n" + long + "\n",
		"content/world/long-fm.md":  "---\ntitle: \"" + strings.Repeat("Long title ", 20000) + "\"\nsummary: \"S\"\ndate: 2026-01-09\ntopics: [Trade]\n---\nBody.\n",
		"content/topics/россия.md":  "---\ntitle: \"Россия\"\n---\nRussia.\n",
		"content/analysts/kim.md":   "---\nname: \"Kim\"\n---\nAnalyst.\n",
		"content/monde/_index.md":   "---\ntitle: \"Monde\"\n---\n",
		"content/world/unicode.md":  briefingFile("Emoji 🌍 and RTL مرحبا", "2026-01-10", "🌍 Climate", "مرحبا"),
		"content/world/nfd-côte.md": briefingFile("NFD", "2026-01-11", "Trade"), // o + combining circumflex, as macOS may spell it
	}
	src := writeSite(t, files)
	res, err := NewBuilder(Config{Source: src, Log: io.Discard}).Build()
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	for _, want := range []string{
		"world/crlf/index.html", "world/cote-d-ivoire/index.html", "monde/россия/index.html",
		"monde/日本の防衛/index.html", "monde/ガス/index.html", "topics/cote-d-ivoire/index.html", "topics/россия/index.html",
		"topics/日本/index.html", "topics/ガス/index.html", "topics/west-africa/index.html", "topics/climate/index.html", "topics/مرحبا/index.html",
		"world/empty/index.html", "world/no-eol/index.html", "world/long/index.html", "world/long-fm/index.html", "world/nfd-cote/index.html",
	} {
		if _, ok := res.Files[want]; !ok {
			t.Errorf("no %s among the output files", want)
		}
	}
	crlf := string(res.Files["world/crlf/index.html"])
	if !strings.Contains(crlf, "<h1>Windows</h1>") || strings.Contains(crlf, "\r") {
		t.Errorf("the CRLF briefing's page has the wrong title or a CR:\n%s", crlf)
	}
	if links := string(res.Files["world/cote-d-ivoire-notes/index.html"]); !strings.Contains(links, `href="/world/cote-d-ivoire/"`) {
		t.Errorf("the link to côte-d-ivoire.md does not lead to /world/cote-d-ivoire/")
	}
	if got := res.Files["world/long/index.html"]; !bytes.Contains(got, []byte(long[:1000])) {
		t.Errorf("the long line is missing from its page")
	}
}

// TestPositionsInCRLFFiles checks that lines and columns are right in a
// file saved with CRLF line endings and a byte-order mark.
func TestPositionsInCRLFFiles(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":          "base_url: https://example.org/\n",
		"content/world/x.md": "\ufeff---\r\ntitle: \"X\"\r\nsummary: \"S\"\r\ndate: 2026-13-02\r\ntopics: [Trade]\r\n---\r\n\r\nSee [a missing page](nope.md).\r\n",
	})
	got, _ := checkSite(t, src)
	want := "content/world/x.md:4:7: `date`: 2026-13-02 is not a day of the calendar; check the month and day\n" +
		"content/world/x.md:8:22: link to nope.md: there is no such page (looked for content/world/nope.md)\n"
	if got != want {
		t.Errorf("check printed:\n%swant:\n%s", got, want)
	}
}

// TestInvalidUTF8 checks that a file with bytes that are not UTF-8 is an
// error at each such byte, not only the first, in content/ and in
// layouts/, whose bytes went into pages declared UTF-8; and that a file
// that is not text (an image named .md, UTF-16) is one error that says so.
func TestInvalidUTF8(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":          "base_url: https://example.org/\n",
		"content/world/x.md": "---\ntitle: \"Café \xe9t\xe9\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\nBody.\n",
		"layouts/home.html":  "{{define \"main\"}}\n<h1>\xff\xfe</h1>\n{{end}}\n",
		// Not text at all: one problem each, not one per byte.
		"content/world/binary.md": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\xff\xd8\xe0",
		"content/world/utf16.md":  "\xff\xfe-\x00-\x00-\x00\n\x00",
		"content/world/noise.md":  strings.Repeat("\xc3\x28\xa0\xa1\xe2\x28\xa1x", 64),
		// The same advice fits each kind of file.
		"layouts/extra.css":     strings.Repeat("\xc3\x28\xa0\xa1\xe2\x28\xa1x", 64),
		"layouts/briefing.html": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
	})
	got, _ := checkSite(t, src)
	hint := " (a file from an older editor is most often in Windows-1252: `iconv -f windows-1252 -t utf-8` converts it)"
	if want := "content/world/binary.md:1:1: this is not a text file: it holds zero bytes, which text never does; a .md file must be markdown saved as UTF-8\n" +
		"content/world/noise.md:1:1: this is not a text file: most of its bytes are not UTF-8; a .md file must be markdown saved as UTF-8\n" +
		"content/world/utf16.md:1:1: the file is saved as UTF-16; save it as UTF-8\n" +
		"content/world/x.md:2:14: the file is not valid UTF-8; save it as UTF-8" + hint + "\ncontent/world/x.md:2:16: the file is not valid UTF-8; save it as UTF-8\n" +
		"layouts/briefing.html:1:1: this is not a text file: it holds zero bytes, which text never does; a layout must be HTML saved as UTF-8\n" +
		"layouts/extra.css:1:1: this is not a text file: most of its bytes are not UTF-8; a stylesheet must be CSS saved as UTF-8\n" +
		"layouts/home.html:2:5: the file is not valid UTF-8; save it as UTF-8" + hint + "\n"; got != want {
		t.Errorf("check printed:\n%swant:\n%s", got, want)
	}
	src = writeSite(t, map[string]string{
		"site.yaml":             strings.Repeat("\xc3\x28\xa0\xa1\xe2\x28\xa1x", 64),
		"content/world/good.md": briefingFile("Good", "2026-01-02", "Trade"),
	})
	got, _ = checkSite(t, src)
	if want := "site.yaml:1:1: this is not a text file: most of its bytes are not UTF-8; site.yaml must be YAML saved as UTF-8\n"; !strings.HasPrefix(got, want) {
		t.Errorf("check of a site.yaml that is not text printed:\n%swant it to start with:\n%s", got, want)
	}
}

// TestSymlinks uses real symbolic links: links that stay inside the site
// are followed; links that leave it, directly or through another link,
// and links to folders are refused.
func TestSymlinks(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte(briefingFile("Secret", "2026-01-02", "Trade")), 0o644); err != nil {
		t.Fatal(err)
	}
	src := writeSite(t, map[string]string{
		"site.yaml":                       "base_url: https://example.org/\n",
		"shared/inside.md":                briefingFile("Inside", "2026-01-02", "Trade"),
		"content/world/a/map.md":          "not a briefing: a resource",
		"content/world/a/index.md":        briefingFile("A", "2026-01-03", "Trade"),
		"static/docs/report.pdf":          "%PDF",
		"shared/topic.html":               "{{define \"main\"}}<h1>{{.Title}}</h1>{{end}}\n",
		".git/config":                     "[remote] url = https://token@example.org/",
		"static/.well-known/security.txt": "Contact: mailto:desk@example.org",
	})
	links := map[string]string{
		"content/world/inside.md":   "../../shared/inside.md", // inside the site: followed
		"content/world/absolute.md": secret,
		"content/world/relative.md": mustRel(t, filepath.Join(src, "content/world"), secret),
		"shared/hop.md":             secret,
		"content/world/chain.md":    "../../shared/hop.md", // inside, but the next link leaves
		"content/world/folder":      "../../shared",
		"content/world/a/leak.png":  secret,
		"content/world/missing.md":  "nowhere.md",
		"content/world/deep.md":     "../../shared/gone/deep.md",
		"static/docs/latest.pdf":    "report.pdf", // inside: followed, as in content/
		"static/leak.txt":           secret,
		"layouts/page.html":         secret,
		"layouts/home.html":         mustRel(t, filepath.Join(src, "layouts"), secret),
		"layouts/topic.html":        "../shared/topic.html", // inside: followed, as in content/
		"content/world/a/git.txt":   "../../../.git/config", // inside, but hidden: .git/ is never published
		"static/git.txt":            "../.git/config",
		"static/security.txt":       ".well-known/security.txt", // hidden, but static/ publishes it
	}
	if err := os.MkdirAll(filepath.Join(src, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(src, filepath.FromSlash(name))); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	_, err := Check(Config{Source: src, Log: io.Discard})
	var ce *diag.ContentError
	if !errors.As(err, &ce) {
		t.Fatalf("check: %v; want content errors", err)
	}
	got := map[string]string{}
	for _, p := range ce.Problems {
		got[p.File] = p.Msg
	}
	for _, name := range []string{"content/world/absolute.md", "content/world/relative.md", "content/world/chain.md", "content/world/a/leak.png", "static/leak.txt", "layouts/page.html", "layouts/home.html"} {
		if !strings.Contains(got[name], "leads outside the source folder") {
			t.Errorf("%s: %q; want it refused as leading outside", name, got[name])
		}
	}
	if !strings.Contains(got["content/world/folder"], "symbolic link to the folder shared") {
		t.Errorf("content/world/folder: %q; want it refused as a link to a folder", got["content/world/folder"])
	}
	for name, want := range map[string]string{
		"content/world/missing.md": "symbolic link to nowhere.md leads to content/world/nowhere.md, which does not exist",
		"content/world/deep.md":    "symbolic link to ../../shared/gone/deep.md leads to shared/gone/deep.md, which does not exist", // not to shared/gone
	} {
		if got[name] != want {
			t.Errorf("%s: %q; want %q", name, got[name], want)
		}
	}
	for _, name := range []string{"content/world/a/git.txt", "static/git.txt"} {
		if want := "symbolic link to .git/config leads into .git, a hidden name"; !strings.HasPrefix(got[name], want) {
			t.Errorf("%s: %q; want it refused: %s…", name, got[name], want)
		}
	}
	for _, name := range []string{"content/world/inside.md", "static/docs/latest.pdf", "layouts/topic.html", "static/security.txt"} {
		if msg, ok := got[name]; ok {
			t.Errorf("%s, a link inside the site, was refused: %s", name, msg)
		}
	}
	if len(ce.Problems) != 12 {
		t.Errorf("got %d problems; want 12:\n%v", len(ce.Problems), ce)
	}
	// Without the links that are refused, the build copies the file a
	// static link leads to.
	for _, name := range []string{"content/world/absolute.md", "content/world/relative.md", "content/world/chain.md", "content/world/a/leak.png", "static/leak.txt", "content/world/folder", "content/world/missing.md", "content/world/deep.md", "layouts/page.html", "layouts/home.html", "content/world/a/git.txt", "static/git.txt"} {
		if err := os.Remove(filepath.Join(src, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	out := mustBuild(t, Config{Source: src})
	if got := readTree(t, out)["docs/latest.pdf"]; string(got) != "%PDF" {
		t.Errorf("docs/latest.pdf = %q; want the bytes of static/docs/report.pdf", got)
	}
	if got := readTree(t, out)["topics/trade/index.html"]; !bytes.Contains(got, []byte("<h1>Trade</h1></main>")) && !bytes.Contains(got, []byte("<h1>Trade</h1>\n</main>")) {
		t.Errorf("the topic's page does not use shared/topic.html, which layouts/topic.html leads to:\n%s", got)
	}
}

// TestStaticLinkIntoOutput: a symbolic link in static/ into the output
// folder is refused. It was copied from the last build's output, so the
// output depended on it, and a fresh checkout, with no output yet, did not
// build.
func TestStaticLinkIntoOutput(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":          "base_url: https://example.org/\n",
		"content/world/a.md": briefingFile("A", "2026-01-03", "Trade"),
	})
	out := filepath.Join(src, "public")
	mustBuild(t, Config{Source: src, Out: out})
	if err := os.MkdirAll(filepath.Join(src, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../public/404.html", filepath.Join(src, "static", "nf.html")); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	_, err := Build(Config{Source: src, Out: out, Log: io.Discard})
	var ce *diag.ContentError
	if !errors.As(err, &ce) || !strings.Contains(ce.Error(), "static/nf.html: symbolic link to ../public/404.html leads into the output folder") {
		t.Errorf("build with static/nf.html linked into the output: %v; want it refused at the link", err)
	}
}

// TestLinkedLayoutsFolder: a layouts/ that is itself a link to a folder
// elsewhere is read, as a linked content/ is. Each of its files was
// refused as "symbolic link to  leads outside the source folder", naming
// no link, since the check ran on every file rather than on links.
func TestLinkedLayoutsFolder(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "extra.css"), []byte("footer{color:#123456}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := writeSite(t, map[string]string{
		"site.yaml":          "base_url: https://example.org/\n",
		"content/world/a.md": briefingFile("A", "2026-01-03", "Trade"),
	})
	if err := os.Symlink(outside, filepath.Join(src, "layouts")); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	out := mustBuild(t, Config{Source: src})
	found := false
	for name, b := range readTree(t, out) {
		found = found || strings.HasPrefix(name, "css/") && bytes.Contains(b, []byte("#123456"))
	}
	if !found {
		t.Errorf("the stylesheet lacks the rule of layouts/extra.css, in the folder layouts/ leads to")
	}
}

func mustRel(t *testing.T, from, to string) string {
	rel, err := filepath.Rel(from, to)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// TestHugeFile builds a 20 MB markdown briefing: it must finish (well
// within a generous timeout that only catches a hang) with a bounded peak
// heap.
func TestHugeFile(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":             "base_url: https://example.org/\n",
		"content/world/huge.md": briefingFile("Huge", "2026-01-02", "Trade") + hugeBody(20<<20),
	})
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	done := make(chan error, 1)
	go func() {
		_, err := NewBuilder(Config{Source: src, Log: io.Discard}).Build()
		done <- err
	}()
	select {
	case err := <-done:
		close(stop)
		if err != nil {
			t.Fatalf("build of a 20 MB file: %v", err)
		}
	case <-time.After(5 * time.Minute):
		t.Fatal("build of a 20 MB file did not finish in 5 minutes")
	}
	t.Logf("peak heap in use: %d MB", peak.Load()>>20)
	// goldmark's syntax tree takes some 25 bytes per byte of markdown, and
	// the garbage collector lets the heap grow to twice what is live: about
	// 1 GB here. The limit catches anything worse, like a copy per link.
	if limit := uint64(2 << 30); peak.Load() > limit {
		t.Errorf("peak heap %d MB building a 20 MB file; want under %d MB", peak.Load()>>20, limit>>20)
	}
}

// hugeBody returns at least n bytes of markdown as a long report would have
// it: numbered sections with paragraphs, emphasis, links to other sections
// and outside, lists, tables, code, and a footnote now and then.
func hugeBody(n int) string {
	var b strings.Builder
	b.Grow(n + 4096)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "## Section %d\n\nA paragraph with *emphasis*, **strength**, `code`, a [link back](#section-%d), "+
			"an [outside link](https://example.org/%d) and plain words to make it read like a report, which it is.\n\n"+
			"- an item\n- another item\n  - nested\n\n| Year | Value |\n| --- | ---: |\n| %d | %d.5 |\n\n", i, i/2, i, 2000+i%30, i)
		if i%50 == 0 {
			fmt.Fprintf(&b, "```go\nfmt.Println(%d)\n```\n\nA claim that needs a source.[^n%d]\n\n[^n%d]: The source.\n\n", i, i, i)
		}
	}
	return b.String()
}

// TestUnsafeHTMLSetting checks that site.yaml's unsafe_html reaches the
// markdown: raw HTML is text by default and markup when the site opts in.
func TestUnsafeHTMLSetting(t *testing.T) {
	for _, tt := range []struct {
		setting, want string
	}{
		{"", `<p>Some &lt;mark&gt;raw&lt;/mark&gt; HTML.</p>`},
		{"unsafe_html: false\n", `<p>Some &lt;mark&gt;raw&lt;/mark&gt; HTML.</p>`},
		{"unsafe_html: true\n", `<p>Some <mark>raw</mark> HTML.</p>`},
	} {
		src := writeSite(t, map[string]string{
			"site.yaml":          "base_url: https://example.org/\n" + tt.setting,
			"content/world/x.md": briefingFile("X", "2026-01-02", "Trade") + "\nSome <mark>raw</mark> HTML.\n",
		})
		res, err := NewBuilder(Config{Source: src, Log: io.Discard, CacheDir: "-"}).Build()
		if err != nil {
			t.Fatal(err)
		}
		if page := string(res.Files["world/x/index.html"]); !strings.Contains(page, tt.want) {
			t.Errorf("with %q the page lacks %s", tt.setting, tt.want)
		}
	}
}

// TestLongNamesNoHang checks a site whose analyst's name and whose topic
// are thousands of bytes long: each is an error, told at once. Finding
// the names they are near compared pieces of them at every offset, which
// took the cube of their length: over a minute for 10,000 bytes.
func TestLongNamesNoHang(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":                  testSiteYAML,
		"content/world/a/index.md":   briefingFile("A", "2026-01-02", "Trade"),
		"content/world/a/notes/z.md": "---\nanalyst: \"" + strings.Repeat("Ann ", 2500) + "\"\n---\nA note.\n",
		"content/world/d.md":         briefingFile("D", "2026-01-03", strings.Repeat("ab ", 5000)),
	})
	done := make(chan error, 1)
	go func() {
		_, err := Build(Config{Source: src, CacheDir: "-", Out: filepath.Join(t.TempDir(), "public"), Log: io.Discard})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "would be a folder name of") {
			t.Errorf("build: %v; want the names refused as too long", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the build of a site with names of thousands of bytes did not end in a minute")
	}
}
