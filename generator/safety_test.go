package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

// checkOutput reports, for every page of a built site, what unsafeHTML
// finds there that a build of a plain site does not have too: what the
// theme writes on purpose (its JSON-LD, an inline icon) is the theme's.
// XML files must be well-formed.
func checkOutput(t *testing.T, files map[string][]byte) {
	t.Helper()
	theme := themeFindings(t)
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch data := files[name]; {
		case strings.HasSuffix(name, ".html"):
			for _, bad := range unsafeHTML(data) {
				if !theme[bad] {
					t.Errorf("%s: %s", name, bad)
				}
			}
		case strings.HasSuffix(name, ".xml"):
			if err := wellFormedXML(data); err != nil {
				t.Errorf("%s is not well-formed XML: %v", name, err)
			}
		}
	}
}

var (
	themeOnce sync.Once
	theme     map[string]bool
)

// themeFindings builds a plain site once and returns what unsafeHTML
// finds in its pages.
func themeFindings(t *testing.T) map[string]bool {
	themeOnce.Do(func() {
		theme = map[string]bool{}
		dir, err := os.MkdirTemp("", "brief-theme-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		files := map[string]string{"content/world/x/index.md": briefingFile("X", "2026-01-02", "Trade") + "\nText.\n"}
		for name, text := range fuzzSite {
			files[name] = text
		}
		writeFiles(t, dir, files)
		res, err := NewBuilder(Config{Source: dir, Log: io.Discard, CacheDir: "-"}).Build()
		if err != nil {
			t.Fatalf("build of a plain site: %v", err)
		}
		for name, data := range res.Files {
			if strings.HasSuffix(name, ".html") {
				for _, f := range unsafeHTML(data) {
					theme[f] = true
				}
			}
		}
	})
	return theme
}

// unsafeHTML lists what in a built page could run script that the theme
// did not put there: a <script> other than the theme's JSON-LD, JSON-LD
// that is not valid JSON (so something broke out of it), an event handler
// attribute, a script or document URL in a link, an embedding element, or
// the text "<script" anywhere outside a real script element (an escape
// that failed inside text the parser reads as raw, like <title>).
func unsafeHTML(page []byte) []string {
	var bad []string
	scripts := 0
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				bad = append(bad, "tokenizer: "+z.Err().Error())
			}
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				bad = append(bad, fmt.Sprintf("<%s %s=%q>: event handler", tok.Data, a.Key, a.Val))
			}
			if urlAttrs[key] && scriptURL(a.Val, tok.Data == "img" && key == "src") {
				bad = append(bad, fmt.Sprintf("<%s %s=%q>: script URL", tok.Data, a.Key, a.Val))
			}
		}
		switch tok.Data {
		case "iframe", "frame", "object", "embed", "base", "form":
			bad = append(bad, fmt.Sprintf("<%s>: element the theme never writes", tok.Data))
		case "script":
			scripts++
			if len(tok.Attr) != 1 || tok.Attr[0].Key != "type" || tok.Attr[0].Val != "application/ld+json" {
				bad = append(bad, fmt.Sprintf("%s: not the theme's JSON-LD", z.Raw()))
				continue
			}
			if z.Next() == html.TextToken {
				if text := z.Text(); !json.Valid(text) {
					bad = append(bad, fmt.Sprintf("JSON-LD is not valid JSON: %.200s", text))
				}
			}
		}
	}
	if n := bytes.Count(bytes.ToLower(page), []byte("<script")); n != scripts {
		bad = append(bad, fmt.Sprintf("%d \"<script\" in the bytes, %d script elements: one is not escaped", n, scripts))
	}
	return bad
}

var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "poster": true, "xlink:href": true, "srcset": true}

// scriptURL reports whether a URL attribute would run script or load a
// document: javascript:, vbscript:, data: (except pictures in img src).
// Browsers ignore tabs and newlines in URLs, so they are dropped first.
func scriptURL(v string, imgSrc bool) bool {
	v = strings.ToLower(strings.TrimSpace(strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(v)))
	switch {
	case strings.HasPrefix(v, "javascript:"), strings.HasPrefix(v, "vbscript:"):
		return true
	case strings.HasPrefix(v, "data:"):
		for _, ok := range []string{"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"} {
			if imgSrc && strings.HasPrefix(v, ok) {
				return false
			}
		}
		return true
	}
	return false
}
