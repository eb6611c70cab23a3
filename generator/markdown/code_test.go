package markdown

import (
	"bytes"
	"flag"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

var updateCSS = flag.Bool("update-css", false, "rewrite code.css from chroma's styles")

// TestCodeCSS: code.css is what chroma writes for its github and
// github-dark styles, so that upgrading chroma cannot leave it stale.
func TestCodeCSS(t *testing.T) {
	var want bytes.Buffer
	if err := formatterFor("").WriteCSS(&want, styles.Get("github")); err != nil {
		t.Fatal(err)
	}
	io.WriteString(&want, "@media (prefers-color-scheme: dark) {\n")
	if err := formatterFor("").WriteCSS(&want, styles.Get("github-dark")); err != nil {
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
	if err := formatterFor("").Format(&a, classOnly, it); err != nil {
		t.Fatal(err)
	}
	it, _ = lexer.Tokenise(nil, src)
	if err := formatterFor("").Format(&b, styles.Get("github"), it); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() || !bytes.Contains(a.Bytes(), []byte(`class="`)) {
		t.Errorf("highlighted with brief's style:\n%s\nwith github's:\n%s", a.String(), b.String())
	}
}

// TestCodeBlocks: what a fence's info string says, and a fence never
// closed, each warned of at the line the block opens (the body starts on
// line 6); and an indented block written as a fenced one without a
// language, which it looked unlike, without their background.
func TestCodeBlocks(t *testing.T) {
	const plain = `<pre class="chroma" tabindex="0"><code`
	const ignored = "brief reads a code block's language alone, and shows no line numbers, highlighted lines, title, id or class"
	for _, tt := range []struct {
		name, body string
		html       string // what the HTML starts with
		problems   string
	}{
		{"known language", "```go\nx := 1\n```\n", plain + ` class="language-go"><span class="line">`, ""},
		{"unknown language", "Text.\n\n```Golang2\nx := 1\n```\n", "<p>Text.</p>\n" + plain + ` class="language-golang2">x := 1`,
			"8:1: warning: unknown language `Golang2`: this code block is shown as plain text, without highlighting"},
		{"plain on purpose", "```none\nx := 1\n```\n", plain + ` class="language-none">x := 1`, ""},
		{"Pandoc's class", "```{.go}\nx := 1\n```\n", plain + ` class="language-go"><span class="line">`, ""},
		{"Pandoc's class and an option", "```{.go .numberLines}\nx := 1\n```\n", plain + ` class="language-go"><span class="line">`,
			"6:1: warning: `.numberLines` is ignored: " + ignored},
		{"Hugo's options", "  ```go {linenos=true}\nx := 1\n```\n", plain + ` class="language-go"><span class="line">`,
			"6:3: warning: `{linenos=true}` is ignored: " + ignored},
		// R Markdown's and Quarto's chunks name the language first.
		{"R Markdown's chunk", "```{r echo=FALSE}\nx <- 1\n```\n", plain + ` class="language-r"><span class="line">`,
			"6:1: warning: `echo=FALSE` is ignored: " + ignored},
		{"Quarto's chunk", "```{python}\nx = 1\n```\n", plain + ` class="language-python"><span class="line">`, ""},
		{"an id alone", "```{#only-id}\nx = 1\n```\n", plain + `>x = 1`, "6:1: warning: `#only-id` is ignored: " + ignored},
		{"empty braces", "```{}\nx = 1\n```\n", plain + `>x = 1`, "6:1: warning: `{}` is ignored: " + ignored},
		// A language and a file's name: chroma took python:deploy.sh
		// for a Bash file.
		{"language and file", "```python:deploy.sh\nprint(1)\n```\n", plain + ` class="language-python"><span class="line"><span class="cl"><span class="nb">print</span>`,
			"6:1: warning: `:deploy.sh` is ignored: " + ignored},
		{"a title after the language", "```python title=\"x.py\"\nx = 1\n```\n", plain + ` class="language-python">`,
			"6:1: warning: `title=\"x.py\"` is ignored: " + ignored},
		{"never closed", "Text.\n\n```go\nx := 1\n\nMore text.\n", "<p>Text.</p>\n" + plain + ` class="language-go"><span class="line">`,
			"8:1: warning: code block opened here is never closed; it runs to the end of the file"},
		{"never closed, empty", "~~~\n", plain + `></code></pre>`,
			"6:1: warning: code block opened here is never closed; it runs to the end of the file"},
		{"never closed in a quote", "> ```\n> x\n\nAfter.\n", "<blockquote>\n" + plain + `>x`,
			"6:3: warning: code block opened here is never closed; it runs to the end of the quote or list item it is in"},
		{"closed in a quote", "> ```\n> x\n> ```\n\nAfter.\n", "<blockquote>\n" + plain + `>x`, ""},
		{"closed by a longer fence", "~~~~\nx\n~~~~~~\n", plain + `>x`, ""},
		{"closed at the end of the file", "```\nx\n```", plain + `>x`, ""},
		{"indented", "Text.\n\n    x := 1\n", "<p>Text.</p>\n" + plain + ">x := 1\n</code></pre>", ""},
		// Two of chroma's lexers that fail on such code: the build goes
		// on, and says so.
		{"a lexer that never ends", "Text.\n\n```jungle\nif (a <= b && c != 'd') { return f[1:2]; }\n```\n",
			"<p>Text.</p>\n" + plain + ` class="language-jungle">if (a &lt;= b`,
			"8:1: warning: chroma's Jungle lexer failed on this code block (the lexer's rules kept matching without moving on), so it is shown as plain text, without highlighting"},
		{"a lexer that panics", "```spade\n:\n    '''doc'''\n```\n",
			plain + ` class="language-spade">:`,
			"6:1: warning: chroma's Spade lexer failed on this code block (unknown state lifetime), so it is shown as plain text, without highlighting"},
	} {
		r := convert(tt.body, false)
		if got := string(r.HTML); !strings.HasPrefix(got, tt.html) {
			t.Errorf("%s: Convert(%q):\n got %s\nwant it to start %s", tt.name, tt.body, got, tt.html)
		}
		if got := problems(r); got != tt.problems {
			t.Errorf("%s: Convert(%q) problems:\n got %s\nwant %s", tt.name, tt.body, got, tt.problems)
		}
	}
}

// TestLexerFor: a fence's language finds chroma's lexer by name, alias
// or file name, the same on every lookup, and none for a name chroma does
// not know, one writers use for plain text, or one longer than any
// chroma knows.
func TestLexerFor(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"go", "Go"}, {"python", "Python"}, {"py", "Python"}, {"txt", "plaintext"},
		{"dockerfile", "Docker"}, {"sh", "Bash"},
		// File names as written: chroma's patterns are case-sensitive.
		{"CMakeLists.txt", "CMake"}, {"Rakefile", "Ruby"}, {"PKGBUILD", "Bash"}, {"PYTHON", "Python"}, {"None", ""},
		{"mermaid", ""}, {"output", ""}, {"none", ""}, {"", ""},
		{strings.Repeat("\x8d", 1235), ""}, {"go" + strings.Repeat(" ", maxLang), ""},
	} {
		for try := range 2 {
			got := ""
			if l := lexerFor(tc.lang); l != nil {
				got = l.Config().Name
			}
			if got != tc.want {
				t.Errorf("lexerFor(%.20q), lookup %d: %q, want %q", tc.lang, try+1, got, tc.want)
			}
		}
	}
}

// TestSelfChangingLexer: chroma's Raku lexer adds rules to itself as it
// lexes; a block's tokens must not depend on the blocks lexed before it.
// With one lexer kept for every block they did, from build to build.
func TestSelfChangingLexer(t *testing.T) {
	b := "```raku\nmy @b = 1..4;\nsay @b;\n```\n"
	before := string(convert(b, false).HTML)
	convert("```raku\nsay S(:my\n```\n", false)
	if after := string(convert(b, false).HTML); after != before {
		t.Errorf("the block after another:\n%s\nalone:\n%s", after, before)
	}
	if strings.Contains(before, `class="err"`) {
		t.Errorf("the block has Error tokens:\n%s", before)
	}
}
