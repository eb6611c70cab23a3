package markdown

import (
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// textWriter is goldmark's HTML writer with a shorter way through plain
// text. goldmark's Write looks at every byte for a backslash escape, an
// entity or character reference and NUL, and then at every byte again to
// escape it; prose has few of the first three. textWriter escapes the
// text up to the first of them in one pass, and leaves the rest to
// goldmark's writer, which would have written that first part the same
// way. FuzzTextWriter holds it to goldmark's writer.
type textWriter struct {
	html.Writer // goldmark's own, for everything else
}

// What textWriter does with a byte of text: writes it as it is (plain),
// writes it escaped (escape), or hands the text from there on to
// goldmark's writer (handOn).
const (
	plain = iota
	escape
	handOn
)

// textBytes says what each byte of text is for textWriter. escapes spell
// the escaped ones, as goldmark's util.EscapeHTMLByte does.
var textBytes, escapes = func() (kinds [256]uint8, spelled [256][]byte) {
	for c := range 256 {
		if e := util.EscapeHTMLByte(byte(c)); e != nil {
			kinds[c], spelled[c] = escape, e
		}
	}
	for _, c := range []byte{'\\', '&', 0} {
		kinds[c] = handOn
	}
	return kinds, spelled
}()

// Write writes text, resolving escapes and references as goldmark does.
func (w textWriter) Write(out util.BufWriter, source []byte) {
	n := 0
	for i, c := range source {
		switch textBytes[c] {
		case escape:
			_, _ = out.Write(source[n:i])
			_, _ = out.Write(escapes[c])
			n = i + 1
		case handOn:
			_, _ = out.Write(source[n:i])
			w.Writer.Write(out, source[i:])
			return
		}
	}
	_, _ = out.Write(source[n:])
}

// RawWrite writes source with the HTML special characters escaped, as
// goldmark's RawWrite does, in fewer steps per byte.
func (w textWriter) RawWrite(out util.BufWriter, source []byte) {
	n := 0
	for i, c := range source {
		if e := escapes[c]; e != nil {
			_, _ = out.Write(source[n:i])
			_, _ = out.Write(e)
			n = i + 1
		}
	}
	_, _ = out.Write(source[n:])
}
