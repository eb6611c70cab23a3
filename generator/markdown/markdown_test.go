package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// TestNestedItems checks the count of list items a line opens, one inside
// another, and that a body with a line of more than MaxNesting is an error
// at that line, converted to nothing, rather than seconds of parsing.
func TestNestedItems(t *testing.T) {
	for _, c := range []struct {
		src        string
		line, most int
	}{
		{"Text.\n", 0, 0},
		{"- a\n  - b\n    - c\n", 0, 1},
		{"Intro.\n\n- - 1. 2) * + x\n", 2, 6},
		{"- - - - -\n", 0, 0},     // a thematic break
		{"- - -\n- - - x", 1, 3},  // the last line, without a newline
		{"-x - - x\n", 0, 0},      // no marker: a marker is followed by a space
		{"1234567890. x\n", 0, 0}, // ten digits: not a list marker
		{"\t* \t+ x\r\n", 0, 2},   // tabs, and CRLF
	} {
		if line, most := nestedItems([]byte(c.src)); line != c.line || most != c.most {
			t.Errorf("nestedItems(%q) = %d, %d; want %d, %d", c.src, line, most, c.line, c.most)
		}
	}
	conv := New(Options{})
	ok := "Intro.\n\n" + strings.Repeat("- ", MaxNesting) + "x\n"
	if res := conv.Convert([]byte(ok), Page{File: "x.md", BodyLine: 5, Resolver: testSite}); len(res.Problems) != 0 || !strings.Contains(string(res.HTML), "<li>x</li>") {
		t.Errorf("%d nested items: problems %v, HTML %.80q", MaxNesting, res.Problems, res.HTML)
	}
	bad := "Intro.\n\n" + strings.Repeat("- ", 32000) + "x\n"
	res := conv.Convert([]byte(bad), Page{File: "x.md", BodyLine: 5, Resolver: testSite})
	if len(res.Problems) != 1 || res.Problems[0].Warning || res.Problems[0].Line != 7 || !strings.Contains(res.Problems[0].Msg, "32000 list items") {
		t.Errorf("32,000 nested items: problems %+v; want one error at line 7", res.Problems)
	}
	if len(res.HTML) != 0 {
		t.Errorf("32,000 nested items were converted: %d bytes", len(res.HTML))
	}
}

func TestTooManyFootnotes(t *testing.T) {
	var b strings.Builder
	for i := range MaxFootnotes + 1 {
		fmt.Fprintf(&b, "Claim[^%d].\n\n", i)
	}
	for i := range MaxFootnotes + 1 {
		fmt.Fprintf(&b, "[^%d]: Source %d.\n", i, i)
	}
	res := New(Options{}).Convert([]byte(b.String()), Page{File: "x.md", BodyLine: 5, Resolver: testSite})
	if len(res.Problems) != 1 || !res.Problems[0].Warning || !strings.Contains(res.Problems[0].Msg, "footnote") {
		t.Fatalf("problems = %+v; want one warning about footnotes", res.Problems)
	}
	if strings.Contains(string(res.HTML), "footnote-ref") {
		t.Errorf("footnotes were linked despite the limit")
	}
}
