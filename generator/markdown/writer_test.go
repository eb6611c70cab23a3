package markdown

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// writeBoth writes src with goldmark's writer and with textWriter, through
// the method write picks, and returns both outputs.
func writeBoth(src []byte, write func(w html.Writer, out util.BufWriter, src []byte)) (want, got string) {
	var a, b bytes.Buffer
	wa, wb := bufio.NewWriter(&a), bufio.NewWriter(&b)
	write(html.DefaultWriter, wa, src)
	write(textWriter{html.DefaultWriter}, wb, src)
	_ = wa.Flush()
	_ = wb.Flush()
	return a.String(), b.String()
}

var writerCases = []string{
	"",
	"Plain prose, with nothing to escape.",
	`Quotes " and <tags> & ampersands`,
	`An escaped \* star and \\ backslash`,
	`Before the escape: <b> then \[ and after: <i>`,
	"A NUL \x00 in the middle <",
	"Entities: &amp; &copy; &#35; &#x22; &nosuch; &#xZZ; & alone",
	`Trailing backslash \`,
	"< > \" & \\ \x00",
	"Unicode “quotes” — dashes, and é",
}

// TestTextWriter: textWriter writes what goldmark's writer does.
func TestTextWriter(t *testing.T) {
	for _, src := range writerCases {
		if want, got := writeBoth([]byte(src), html.Writer.Write); got != want {
			t.Errorf("Write(%q) = %q, goldmark writes %q", src, got, want)
		}
		if want, got := writeBoth([]byte(src), html.Writer.RawWrite); got != want {
			t.Errorf("RawWrite(%q) = %q, goldmark writes %q", src, got, want)
		}
	}
}

// FuzzTextWriter holds textWriter to goldmark's writer on any bytes.
func FuzzTextWriter(f *testing.F) {
	for _, src := range writerCases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if want, got := writeBoth(src, html.Writer.Write); got != want {
			t.Errorf("Write(%q) = %q, goldmark writes %q", src, got, want)
		}
		if want, got := writeBoth(src, html.Writer.RawWrite); got != want {
			t.Errorf("RawWrite(%q) = %q, goldmark writes %q", src, got, want)
		}
	})
}
