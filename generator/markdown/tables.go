package markdown

import "bytes"

// MaxTableCells bounds the cells of a table: its header's columns times
// its rows. GFM pads every row to the header's columns, so a header of
// 2,000 cells over 5,000 rows of one cell each, 29 KB of markdown, made
// 10 million cells: a page of 100 MB, and 2.3 GB of memory to make it.
// A table of 500,000 cells makes a page of some 5 MB, far past any a
// reader scrolls; past that a body is a paste gone wrong, or an attack.
const MaxTableCells = 500_000

// tableCells finds, in one pass over src, the first table that has more
// than bound cells, or else the largest: the line of its header row,
// from 0, and its cells. A table is a delimiter row (`|---|:--:|`) under
// a line; its columns are the delimiter's cells, and its rows the lines
// from the one above the delimiter to the next blank line. goldmark may
// end a table sooner (another block opens), never later, so the count is
// never less than the cells it makes.
func tableCells(src []byte, bound int) (line, cells int) {
	cols, rows, at := 0, 0, 0
	for l, text := range lines(src) {
		switch blank := len(bytes.TrimSpace(text)) == 0; {
		case cols > 0 && !blank:
			rows++
		case cols > 0:
			cols = 0
		default:
			if n := delimiterCells(text); n > 0 && l > 0 {
				cols, rows, at = n, 2, l-1 // the header, and the delimiter under it
			}
		}
		if c := cols * rows; c > cells {
			line, cells = at, c
			if c > bound {
				break
			}
		}
	}
	return line, cells
}

// delimiterCells is the number of cells of line as a table's delimiter
// row, a cell of hyphens with a colon at either end or none, between
// pipes; 0 when it is not one. A row of one cell needs a pipe, as GFM
// asks, so that a line of hyphens is a heading's underline.
func delimiterCells(line []byte) int {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || bytes.IndexByte(line, '-') < 0 {
		return 0
	}
	pipe := line[0] == '|' || line[len(line)-1] == '|'
	line = bytes.TrimPrefix(bytes.TrimSuffix(line, []byte("|")), []byte("|"))
	n := 0
	for cell := range bytes.SplitSeq(line, []byte("|")) {
		cell = bytes.TrimSpace(cell)
		cell = bytes.TrimPrefix(bytes.TrimSuffix(cell, []byte(":")), []byte(":"))
		if len(cell) == 0 || len(bytes.Trim(cell, "-")) != 0 {
			return 0
		}
		n++
	}
	if n == 1 && !pipe {
		return 0
	}
	return n
}
