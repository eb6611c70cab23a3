// Package tmplcode finds the template code of Hugo and Jekyll (a
// shortcode, {{< figure >}} or {{% note %}}, or Liquid, {% include %} and
// {{ site.baseurl }}) in text that brief publishes as written, since it
// does not run it: a site moved from either may hold some.
package tmplcode

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Opens reports whether template code opens at b[i]: "{%", or "{{" and a
// shortcode's < or %, or the blank or dot of {{ site.baseurl }} and
// {{.Title}}. {{name}} may be text (a heading about templates), and is
// left alone; the second brace of {{% is no opening of its own.
func Opens[T string | []byte](b T, i int) bool {
	if i+2 >= len(b) || b[i] != '{' || i > 0 && b[i-1] == '{' {
		return false
	}
	switch b[i+1] {
	case '%':
		return true
	case '{':
		c := b[i+2]
		return c == '<' || c == '%' || c == ' ' || c == '.'
	}
	return false
}

// Find returns where template code first opens in s, or -1.
func Find(s string) int {
	for i := strings.IndexByte(s, '{'); i >= 0; {
		if Opens(s, i) {
			return i
		}
		next := strings.IndexByte(s[i+1:], '{')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return -1
}

// Snippet is the template code at the start of b, to its closing }} or
// %}, on its line, and at most 60 bytes.
func Snippet(b []byte) string {
	if end := bytes.IndexByte(b, '\n'); end >= 0 {
		b = b[:end]
	}
	closing := "}}" // {{ x }}, {{< x >}}, {{% x %}}
	if len(b) > 1 && b[1] == '%' {
		closing = "%}" // {% x %}, whose text may hold }}: {% raw %}{{ x }}{% endraw %}
	}
	if end := bytes.Index(b[min(2, len(b)):], []byte(closing)); end >= 0 {
		b = b[:end+2+len(closing)]
	}
	if len(b) > 60 {
		b = b[:57]
		for !utf8.Valid(b) { // not in the middle of a character
			b = b[:len(b)-1]
		}
		return string(b) + "…"
	}
	return string(b)
}
