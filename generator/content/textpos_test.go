package content

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"brief/generator/diag"
)

// TestTextAt: every character of a takeaway and of a correction's text,
// however YAML wrote it, is placed where the file has it, or, for one an
// escape stands for, at the escape's backslash; a text YAML reads
// otherwise than brief (a line break of U+2028 among blanks) is placed
// coarsely, at its first character. Blocks were placed on the line
// after their indicator at column 1, and every other text as if the file
// held it as it is from where it starts.
func TestTextAt(t *testing.T) {
	cases := []struct {
		name, yaml string // a takeaway, as a list's item, with `- `, or a list in brackets
		coarse     bool
	}{
		{"plain", "- Plain [a](b.md) text", false},
		{"double-quoted", `- "Quoted [a](b.md) text"`, false},
		{"single-quoted", `- 'Quoted [a](b.md) text'`, false},
		{"flow list", `["日本語", "x [a](b.md)", plain one]`, false},
		{"folded", "- >-\n    Folded text that continues\n    with [a](b.md) here", false},
		{"folded, kept and clipped", "- >\n    one\n    two\n\n    three\n      more indented\n    four\n\n\n", false},
		{"literal", "- |\n    Literal line one\n    then [a](b.md) here", false},
		{"literal, leading empty lines", "- |-\n\n    \n    first\n\n      indented\n    last", false},
		{"literal, kept", "- |+\n    one\n    two\n\n", false},
		{"literal, indentation indicator", "- |2\n      indented first\n    then [a](b.md)", false},
		{"literal, spaces line", "- |\n    one\n       \n    two", false},
		{"escapes", `- "Escaped \u00e9, \x41, \U0001F600, \"q\", \\ and \t then [a](b.md)"`, false},
		{"escaped quote", `- 'It''s [a](b.md), isn''t it'`, false},
		{"double-quoted over lines", "- \"Double quoted over\n    lines [a](b.md)\"", false},
		{"double-quoted, escaped line break", "- \"Joined \\\n    without a space [a](b.md)\"", false},
		{"double-quoted, empty line", "- \"Over\n\n    an empty line,   \n    trailing blanks [a](b.md)\"", false},
		{"single-quoted over lines", "- 'Single over\n    lines [a](b.md)'", false},
		{"plain over lines", "- Plain over\n    lines [a](b.md)\n    and more", false},
		{"plain, empty line", "- Plain over\n\n    an empty line", false},
		{"tab", "- \"a\tb [a](b.md)\"", false},
		{"line separator", "- \"a \u2028 b [a](b.md)\"", true},
	}
	cfg := &Config{Timezone: time.UTC}
	for _, c := range cases {
		item := "\n  " + strings.ReplaceAll(c.yaml, "\n", "\n  ")
		corr := "  - date: 2024-01-02\n    text:" + strings.TrimPrefix(strings.ReplaceAll(c.yaml, "\n", "\n    "), "-")
		if strings.HasPrefix(c.yaml, "[") {
			item, corr = " "+c.yaml, "  - date: 2024-01-02\n    text: x [a](b.md)"
		}
		// A line separator in the summary: YAML counts a line more than
		// the file has.
		file := "---\ntitle: T\nsummary: \"S\u2028s\"\ndate: 2024-01-01\ntopics: [T]\ntakeaways:" + item + "\ncorrections:\n" + corr + "\n---\nBody.\n"
		var probs diag.List
		b := parseBriefing("content/world/x.md", []byte(file), "world", "x", false, cfg, &probs)
		if len(probs) > 0 || len(b.Takeaways) == 0 || len(b.TakeawaysAt) != len(b.Takeaways) || len(b.Corrections) != 1 {
			t.Errorf("%s: %d takeaways at %d places, %d corrections, problems %v", c.name, len(b.Takeaways), len(b.TakeawaysAt), len(b.Corrections), probs)
			continue
		}
		texts := append(b.Takeaways, b.Corrections[0].Text)
		places := append(b.TakeawaysAt, b.Corrections[0].TextAt)
		for i, text := range texts {
			if places[i].Coarse != c.coarse {
				t.Errorf("%s: %q is coarse: %v; want %v", c.name, text, places[i].Coarse, c.coarse)
			}
			if bad := misplaced(file, text, places[i]); bad != "" {
				t.Errorf("%s: %s", c.name, bad)
			}
		}
	}
}

// misplaced says which character of text, that is not a blank, at does
// not place where file has it, or, for one an escape stands for, the
// escape's backslash: the first character, and every one unless at is
// coarse. "" when each is in place.
func misplaced(file, text string, at TextPos) string {
	lines := strings.Split(file, "\n")
	char := func(p Pos) rune {
		if p.Line < 1 || p.Line > len(lines) || p.Col < 1 || p.Col > utf8.RuneCountInString(lines[p.Line-1]) {
			return -1
		}
		return []rune(lines[p.Line-1])[p.Col-1]
	}
	for off, r := range text {
		if unicode.IsSpace(r) || off > 0 && at.Coarse {
			continue
		}
		if p := at.Place(text, off); char(p) != r && char(p) != '\\' {
			return fmt.Sprintf("%q: %q at %d is placed at %d:%d, which holds %q", text, r, off, p.Line, p.Col, char(p))
		}
	}
	return ""
}
