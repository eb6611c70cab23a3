package markdown

import (
	"bytes"
	"flag"
	"io"
	"os"
	"testing"

	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

var updateCSS = flag.Bool("update-css", false, "rewrite code.css from chroma's styles")

// TestCodeCSS: code.css is what chroma writes for its github and
// github-dark styles, so that upgrading chroma cannot leave it stale.
func TestCodeCSS(t *testing.T) {
	var want bytes.Buffer
	if err := formatter.WriteCSS(&want, styles.Get("github")); err != nil {
		t.Fatal(err)
	}
	io.WriteString(&want, "@media (prefers-color-scheme: dark) {\n")
	if err := formatter.WriteCSS(&want, styles.Get("github-dark")); err != nil {
		t.Fatal(err)
	}
	io.WriteString(&want, "}\n")
	if *updateCSS {
		if err := os.WriteFile("code.css", want.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(codeCSS, want.Bytes()) {
		t.Errorf("code.css is not what chroma writes for its github styles; run go test ./generator/markdown -run TestCodeCSS -update-css")
	}
}

// TestHighlightStyleFree: with classes, the HTML of highlighted code is
// the same whatever the style, so brief's empty style gives chroma's own
// output.
func TestHighlightStyleFree(t *testing.T) {
	lexer := lexers.Get("go")
	src := "package main\n\nfunc main() { println(\"hi\") } // comment\n"
	var a, b bytes.Buffer
	it, _ := lexer.Tokenise(nil, src)
	if err := formatter.Format(&a, classOnly, it); err != nil {
		t.Fatal(err)
	}
	it, _ = lexer.Tokenise(nil, src)
	if err := formatter.Format(&b, styles.Get("github"), it); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() || !bytes.Contains(a.Bytes(), []byte(`class="`)) {
		t.Errorf("highlighted with brief's style:\n%s\nwith github's:\n%s", a.String(), b.String())
	}
}
