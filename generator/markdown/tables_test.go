package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// TestTableCells checks the cells tableCells counts in each body, never
// fewer than goldmark makes, and that a body with a table of more than
// MaxTableCells is an error at its header, converted to nothing: a header
// of 2,000 cells over rows of one cell each, which GFM fills out to 2,000.
func TestTableCells(t *testing.T) {
	wide := "|" + strings.Repeat(" h |", 2000) + "\n|" + strings.Repeat("---|", 2000) + "\n"
	for _, c := range []struct {
		src         string
		line, cells int
	}{
		{"Text.\n", 0, 0},
		{"| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 4 |\n", 0, 8},
		{"Intro.\n\na | b | c\n--|--|--\n1\n\nAfter.\n", 2, 9},     // a row filled out to three
		{"| a |\n|---|\n| 1 |\n", 0, 3},                            // one column, with pipes
		{"Heading\n---\n\nText.\n", 0, 0},                          // an underline, not a table
		{"| a | b |\n|---|---|\n| 1 | 2 |\n# Next\nmore\n", 0, 10}, // ended by a heading: counted to the blank line
		{"| a |\n|---|\n\n| a | b | c |\n|---|---|---|\n|1|\n", 3, 9},
	} {
		line, cells := tableCells([]byte(c.src), MaxTableCells)
		if line != c.line || cells != c.cells {
			t.Errorf("tableCells(%q) = line %d, %d cells; want line %d, %d cells", c.src, line, cells, c.line, c.cells)
		}
		if made := goldmarkCells(t, c.src); cells < made {
			t.Errorf("tableCells(%q) = %d cells; goldmark makes %d", c.src, cells, made)
		}
	}
	src := "Intro.\n\n" + wide + strings.Repeat("x\n", 300)
	res := New(Options{}).Convert([]byte(src), Page{BodyLine: 7})
	if len(res.HTML) != 0 || len(res.Problems) != 1 || res.Problems[0].Line != 9 || res.Problems[0].Warning ||
		!strings.Contains(res.Problems[0].Msg, "cells or more") {
		t.Errorf("a table of 2,000 columns and 300 rows: %d bytes of HTML, problems %+v; want none, and one error at line 9", len(res.HTML), res.Problems)
	}
	if res := New(Options{}).Convert([]byte(wide+strings.Repeat("x\n", 100)), Page{}); len(res.Problems) != 0 {
		t.Errorf("a table of 2,000 columns and 100 rows (204,000 cells): %+v; want no problem", res.Problems)
	}
}

// goldmarkCells counts the table cells goldmark makes of src.
func goldmarkCells(t *testing.T, src string) int {
	t.Helper()
	doc := New(Options{}).md[0][0].Parser().Parse(text.NewReader([]byte(src)))
	n := 0
	ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && node.Kind() == east.KindTableCell {
			n++
		}
		return ast.WalkContinue, nil
	})
	return n
}

// TestBrackets: a paragraph with more than MaxBrackets `[` open at once is
// an error at the line that passes the bound, and no HTML: goldmark took
// 1.2 s for 100,000 of them and 22 s for 800,000. Brackets that close,
// escaped ones and ones in separate paragraphs are no nesting, and a
// thousand links in a body are no problem.
func TestBrackets(t *testing.T) {
	deep := strings.Repeat("[", MaxBrackets+1) + "x" + strings.Repeat("]", MaxBrackets+1)
	for _, c := range []struct {
		src         string
		line, depth int
	}{
		{"Text [a](b.md).\n", 0, 0},
		{"Intro.\n\n" + deep + "\n", 2, MaxBrackets + 1},
		{"Intro.\n\n" + strings.Repeat("[\n", MaxBrackets) + "[\n", 2 + MaxBrackets, MaxBrackets + 1},
		{strings.Repeat("[a](b.md) ", 5000) + "\n", 0, 0},
		{strings.Repeat(`\[`, 5000) + "\n", 0, 0},
		{strings.Repeat("[\n\n", 5000), 0, 0},
	} {
		line, depth := brackets([]byte(c.src), MaxBrackets)
		if line != c.line || depth != c.depth {
			t.Errorf("brackets(%.40q…) = line %d, depth %d; want line %d, depth %d", c.src, line, depth, c.line, c.depth)
		}
	}
	res := New(Options{}).Convert([]byte("Intro.\n\n"+strings.Repeat("[", 100_000)+"x"+strings.Repeat("]", 100_000)+"\n"), Page{BodyLine: 7})
	if len(res.HTML) != 0 || len(res.Problems) != 1 || res.Problems[0].Line != 9 || res.Problems[0].Warning {
		t.Errorf("100,000 brackets: %d bytes of HTML, problems %+v; want none, and one error at line 9", len(res.HTML), res.Problems)
	}
}
