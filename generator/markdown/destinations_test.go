package markdown

import (
	"strings"
	"testing"
)

func TestDestinations(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // each destination as written, then as resolved when it differs
	}{
		{"inline link and image", "[a](a.md) ![m](map.png \"Map\")", []string{"a.md", "map.png"}},
		{"angle brackets", "[a](<my file.md> 'T')", []string{"my file.md"}},
		{"nested parentheses", "[a](x(1).md)", []string{"x(1).md"}},
		{"escapes resolved", `[a](a\_b.md) [c](c&amp;d.md)`, []string{`a\_b.md=a_b.md`, "c&amp;d.md=c&d.md"}},
		{"destination on the next line", "[a](\n  a.md\n)", []string{"a.md"}},
		{"in a quote, over two lines", "> [a](\n> a.md)", []string{"a.md"}},
		{"reference definitions", "[x][r] [s]\n\n[r]: r.md\n[s]:\n  <s s.md> \"t\"", []string{"r.md", "s s.md"}},
		{"a reference used before it is defined, once", "[r] and [r][]\n\n[r]: r.md", []string{"r.md"}},
		{"definition in a list item", "- [r]: r.md\n\n  [r]", []string{"r.md"}},
		{"code is not links", "`[a](a.md)`\n\n```\n[b](b.md)\n```\n\n    [c](c.md)\n\n~~~\n[d]: d.md\n~~~", nil},
		{"autolinks and empty destinations are left out", "<https://x.org/a.md> [e]() [f](<>) https://y.org", nil},
		{"link in a table cell", "| a |\n| - |\n| [t](t.md) |", []string{"t.md"}},
		{"footnote text", "x[^1]\n\n[^1]: see [n](n.md)", []string{"n.md"}},
	}
	for _, tt := range tests {
		dests, err := Destinations([]byte(tt.body))
		if err != nil {
			t.Errorf("%s: Destinations(%q): %v", tt.name, tt.body, err)
			continue
		}
		var got []string
		for _, d := range dests {
			s := tt.body[d.Start:d.Stop]
			if s != d.URL {
				s += "=" + d.URL
			}
			got = append(got, s)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: Destinations(%q) = %q; want %q", tt.name, tt.body, got, tt.want)
		}
	}
}
