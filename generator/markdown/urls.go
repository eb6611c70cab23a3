package markdown

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// How an attribute holds URLs: one, a srcset's comma-separated
// candidates (a URL, then a width or density), or a space-separated list.
const (
	oneURL = iota + 1
	srcsetURLs
	spacedURLs
)

// urlAttrs are the attributes of HTML whose value is a URL, or a list of
// them, on whatever element: href (a, area, link, base, and SVG's use and
// image), xlink:href, src, srcset, imagesrcset, poster, action,
// formaction, cite, data (object), ping, background and longdesc.
var urlAttrs = map[string]int{
	"href": oneURL, "xlink:href": oneURL, "src": oneURL, "poster": oneURL, "action": oneURL,
	"formaction": oneURL, "cite": oneURL, "data": oneURL, "background": oneURL, "longdesc": oneURL,
	"srcset": srcsetURLs, "imagesrcset": srcsetURLs, "ping": spacedURLs,
}

// spaces are HTML's ASCII whitespace, which a browser strips from around
// a URL.
const spaces = " \t\n\f\r"

// MapURLs returns the HTML fragment with each URL in its tags' attributes
// (see urlAttrs) replaced by f's answer, given the URL without the spaces
// around it. A tag in which f changes nothing, and everything else of the
// fragment, is copied byte for byte; a tag in which it does is written
// anew, its attributes quoted and escaped. changed says whether f changed
// any. It reads the fragment with x/net/html's tokenizer, as a browser
// would: the text of a script, style or textarea is not markup.
func MapURLs(fragment []byte, f func(string) string) (out []byte, changed bool) {
	z := html.NewTokenizer(bytes.NewReader(fragment))
	done, off := 0, 0 // fragment[:done] is in out; the tokenizer has read fragment[:off]
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF: the fragment is in memory
		}
		start := off
		off += len(z.Raw())
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		mapped := false
		for i, a := range tok.Attr {
			if v, ok := mapAttr(a, f); ok {
				tok.Attr[i].Val, mapped = v, true
			}
		}
		if mapped {
			if !changed {
				out = make([]byte, 0, len(fragment)+64)
			}
			out = append(out, fragment[done:start]...)
			out = append(out, tok.String()...)
			done, changed = off, true
		}
	}
	if !changed {
		return fragment, false
	}
	return append(out, fragment[done:]...), true
}

// mapAttr returns the value of attribute a with its URLs mapped by f, and
// whether that changed it.
func mapAttr(a html.Attribute, f func(string) string) (string, bool) {
	switch kind := urlAttrs[a.Key]; kind {
	case oneURL:
		u := strings.Trim(a.Val, spaces)
		if v := f(u); v != u {
			return v, true
		}
	case srcsetURLs, spacedURLs:
		sep := ","
		if kind == spacedURLs {
			sep = " "
		}
		parts := strings.Split(a.Val, sep)
		changed := false
		for i, p := range parts {
			// A candidate is a URL, then a width or density after spaces.
			lead := len(p) - len(strings.TrimLeft(p, spaces))
			u := p[lead:]
			if end := strings.IndexAny(u, spaces); end >= 0 {
				u = u[:end]
			}
			if u == "" {
				continue
			}
			if v := f(u); v != u {
				parts[i], changed = p[:lead]+v+p[lead+len(u):], true
			}
		}
		if changed {
			return strings.Join(parts, sep), true
		}
	}
	return "", false
}
