package quicklex

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2/v2"
)

// chromaTestdata is chroma's folder of sample files, one or more for each
// of many lexers, in the module cache.
func chromaTestdata(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
	if err != nil {
		t.Fatalf("go list chroma: %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "lexers", "testdata")
}

// tokens lexes text with l, and says how it ended: "" when the lexer
// came to the end, "runaway" when it went on past a bound far beyond any
// text's length (or panicked with ErrRunaway), or what it panicked with.
func tokens(l chroma.Lexer, text string) (toks []chroma.Token, end string) {
	defer func() {
		if v := recover(); v == ErrRunaway {
			toks, end = nil, "runaway"
		} else if v != nil {
			toks, end = nil, fmt.Sprint("panic: ", v)
		}
	}()
	it, err := l.Tokenise(nil, text)
	if err != nil {
		return nil, err.Error()
	}
	for t := it(); t != chroma.EOF; t = it() {
		if toks = append(toks, t); len(toks) > 4*len(text)+100 {
			return nil, "runaway"
		}
	}
	return toks, ""
}

// same fails t unless the wrapped lexer gives l's tokens for text, and
// ends as l does.
func same(t *testing.T, l chroma.Lexer, name, text string) {
	t.Helper()
	want, wantEnd := tokens(l, text)
	got, gotEnd := tokens(Wrap(l, lexers.GlobalLexerRegistry), text)
	if gotEnd != wantEnd {
		t.Fatalf("%s (%s): chroma ended with %q, quicklex with %q", name, l.Config().Name, wantEnd, gotEnd)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("%s (%s): token %d is %v, chroma gives %v", name, l.Config().Name, i, got[i], want[i])
			}
		}
		t.Fatalf("%s (%s): %d tokens, chroma gives %d", name, l.Config().Name, len(got), len(want))
	}
}

// TestSameTokens holds every lexer that has a sample among chroma's test
// files to chroma's own tokens for it.
func TestSameTokens(t *testing.T) {
	dir := chromaTestdata(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.actual"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join(dir, "*", "*.actual"))
	files = append(files, more...)
	regex := 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".actual")
		if d := filepath.Base(filepath.Dir(f)); d != "testdata" {
			name = d
		}
		l := lexers.Get(name)
		if l == nil {
			continue // a file for analysis, not of a lexer
		}
		if _, ok := l.(*chroma.RegexLexer); ok {
			regex++
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		same(t, l, filepath.Base(f), string(src))
	}
	if regex < 300 {
		t.Fatalf("compared %d samples of regular-expression lexers; chroma has more", regex)
	}
}

// TestEveryLexer lexes a few lines of mixed text with every lexer chroma
// has: the states a sample never reaches are reached by some of these.
func TestEveryLexer(t *testing.T) {
	texts := []string{
		"",
		"x",
		"\r\n\r",
		"# heading\n\tif (a <= b && c != 'd') { return \"e\\n\" + f[1:2]; } // g\n/* h */ <i j=\"k\">l</i>\n",
		"SELECT * FROM t WHERE a = 1; -- note\n@decorator\ndef f(x, *args, **kw):\n    '''doc'''\n    return x ** 2\n",
		"key: value\n- [1, 2.5e3, 0x1F, true, null]\n$var = `cmd` ${x} %{y} <<EOF\nhere\nEOF\n",
		"Üñíçødé → λ ∀x ∈ ℝ: x² ≥ 0 «quoted» 日本語\n",
	}
	n := 0
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		if _, ok := l.(*chroma.RegexLexer); !ok {
			continue
		}
		n++
		for i, text := range texts {
			same(t, l, "text "+string(rune('0'+i)), text)
		}
	}
	if n < 250 {
		t.Fatalf("only %d regular-expression lexers", n)
	}
}

// TestFirst checks the characters worked out for some patterns, and that
// each of those patterns matches at a character it was said to begin
// with.
func TestFirst(t *testing.T) {
	for _, c := range []struct {
		pattern string
		may     string // characters the rule must be tried at
		mayNot  string // characters it need not be
		always  bool
		bol     bool // tried only where a line starts
	}{
		{`\G(?:abc)`, "a", "bcx ", false, false},
		{`\G(?m)(?:[a-z_]\w*)`, "az_", "09 (", false, false},
		{`\G(?:\s+)`, " \t\n\v\f\r", "a", false, false},
		{`\G(?:(?:and|or|not)\b)`, "aon", "dbx", false, false},
		{`\G(?:#.*$)`, "#", "a", false, false},
		{`\G(?:\d*\.\d+)`, "0.9", "a", false, false},
		{`\G(?:x?)`, "", "", true, false},
		{`\G(?:(?=a)ab)`, "a", "b", false, false},
		{`\G(?:(?<=a)b)`, "b", "a", false, false},
		{`\G(?:(?i)select)`, "sS", "ex", false, false},
		{`\G(?:(['"])\1)`, "'\"", "a", false, false},
		{`\G(?:\1)`, "", "", true, false},
		{`\G(?:[^a])`, "b\n", "a", false, false},
		{`\G(?:.)`, "ab", "\n", false, false},
		{`\G(?s:.)`, "\n", "", false, false},
		{`\G(?:a|)`, "", "", true, false},
		{`\G(?:(?:ab)*c)`, "ac", "b", false, false},
		{`\G(?:[\w-]+)`, "a-_9", " ", false, false},
		{`\G(?m)(?:^(\s*)(#.*)$)`, " \t#", "a", false, true},
		{`\G(?:^a|^b)`, "ab", "c", false, true},
		{`\G(?:^a|b)`, "ab", "c", false, false},
		{`\G(?:(?=x)^x)`, "x", "y", false, true},
		{`\G(?:\Ax)`, "x", "y", false, true},
		{`\G(?:x^)`, "x", "y", false, false},
	} {
		r := firstOf(c.pattern)
		if r.always != c.always || r.bol != c.bol {
			t.Errorf("%s: always %v, bol %v; want %v, %v", c.pattern, r.always, r.bol, c.always, c.bol)
		}
		for _, ch := range c.may {
			if !r.may(ch, true) {
				t.Errorf("%s: not tried at %q", c.pattern, ch)
			}
			if r.may(ch, false) == c.bol {
				t.Errorf("%s: tried at %q within a line: %v", c.pattern, ch, !c.bol)
			}
		}
		for _, ch := range c.mayNot {
			if r.may(ch, true) {
				t.Errorf("%s: tried at %q", c.pattern, ch)
			}
		}
	}
}

// FuzzSameTokens holds the wrapped lexers of some common languages to
// chroma's tokens for any text.
func FuzzSameTokens(f *testing.F) {
	names := []string{"python", "go", "bash", "json", "yaml", "javascript", "html", "sql", "rust", "c"}
	dir := chromaTestdata(f)
	for i, n := range names {
		if src, err := os.ReadFile(filepath.Join(dir, n+".actual")); err == nil {
			f.Add(uint8(i), string(src[:min(len(src), 400)])) // the fuzzer works best on short inputs
		}
	}
	f.Add(uint8(0), "print(f\"{x!r:>{w}}\")\n")
	f.Add(uint8(8), "0FFF FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFa") // rust: see linear
	// A text that takes one of chroma's rules exponential time is not
	// compared: chroma stops each match at 250 ms, so what it gives then
	// depends on the machine's load, and the fuzzing worker, past 10 s on
	// one input, is taken for hung. The wrapped lexer stops at 2 s.
	defer func(d time.Duration) { MaxLexTime = d }(MaxLexTime)
	MaxLexTime = 2 * time.Second
	f.Fuzz(func(t *testing.T, which uint8, text string) {
		l := lexers.Get(names[int(which)%len(names)])
		if _, end := tokens(Wrap(l, lexers.GlobalLexerRegistry), text); strings.Contains(end, ErrTooSlow.Error()) {
			t.Skip(end)
		}
		// Nor one that takes chroma 250 ms or more: one of its matches may
		// have stopped there, on a busy machine, and given other tokens
		// (a heredoc of 3,859 bytes in Bash came out as Text under CI's
		// load), where the wrapped lexer, whose matches do not stop so
		// soon, is right. A match stopped takes 250 ms, so a text chroma
		// lexes in less is compared.
		start := time.Now()
		tokens(l, text)
		if took := time.Since(start); took >= 250*time.Millisecond {
			t.Skipf("chroma took %v, and its matches stop at 250 ms", took)
		}
		same(t, l, "fuzz", text)
	})
}

// TestLinearRules holds each rule linear rewrites to chroma's pattern: both
// match the same text, to the same end, on every string of up to seven
// characters from the letters that matter, where the exponential one is
// still quick.
func TestLinearRules(t *testing.T) {
	const letters = "Aa0_ r#"
	for slow, fast := range linear {
		a, b := regexp2.MustCompile(`\G(?:`+slow+`)`), regexp2.MustCompile(`\G(?:`+fast+`)`)
		var walk func(s string)
		walk = func(s string) {
			ma, _ := a.FindStringMatch(s)
			mb, _ := b.FindStringMatch(s)
			if (ma == nil) != (mb == nil) || ma != nil && ma.String() != mb.String() {
				t.Fatalf("%q: %s matches %v, %s matches %v", s, slow, ma, fast, mb)
			}
			if len(s) < 7 {
				for _, c := range letters {
					walk(s + string(c))
				}
			}
		}
		walk("")
	}
}

// BenchmarkRustConstants lexes the text on which Rust's rule for
// constants, as chroma writes it, took 6 s (see linear).
func BenchmarkRustConstants(b *testing.B) {
	benchmarkLex(b, Wrap(lexers.Get("rust"), lexers.GlobalLexerRegistry), "0FFF FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFa\n")
}

// code and jsonCode are blocks of the two kinds the benchmark corpus has.
const (
	code     = "import statistics\n\n# Monthly incident counts compiled for this briefing (sanctions, trade)\ncounts = [12, 15, 9, 22, 17, 11]\nmean = statistics.mean(counts)\nprint(f\"mean incidents per month: {mean:.1f}\")\nfor month, n in enumerate(counts, start=1):\n    if n > mean:\n        print(\"above average in month\", month)\n"
	jsonCode = "{\n  \"topic\": \"Trade\",\n  \"place\": \"Ankara\",\n  \"confidence\": 0.62,\n  \"sources\": [\n    \"open-source imagery\",\n    \"official statements\"\n  ],\n  \"updated\": \"2024-03-17\"\n}\n"
)

func benchmarkLex(b *testing.B, l chroma.Lexer, text string) {
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		it, err := chroma.Coalesce(l).Tokenise(nil, text)
		if err != nil {
			b.Fatal(err)
		}
		for t := it(); t != chroma.EOF; t = it() {
		}
	}
}

// BenchmarkChroma lexes a Python block with chroma's lexer, for
// comparison with BenchmarkQuicklex.
func BenchmarkChroma(b *testing.B) { benchmarkLex(b, lexers.Get("python"), code) }

// BenchmarkQuicklex lexes the same block with the lexer wrapped.
func BenchmarkQuicklex(b *testing.B) {
	benchmarkLex(b, Wrap(lexers.Get("python"), lexers.GlobalLexerRegistry), code)
}

// BenchmarkChromaJSON and BenchmarkQuicklexJSON do the same for a JSON
// block.
func BenchmarkChromaJSON(b *testing.B) { benchmarkLex(b, lexers.Get("json"), jsonCode) }

func BenchmarkQuicklexJSON(b *testing.B) {
	benchmarkLex(b, Wrap(lexers.Get("json"), lexers.GlobalLexerRegistry), jsonCode)
}

// TestRunaway checks that a lexer chroma's would run on without end with
// stops, with ErrRunaway.
func TestRunaway(t *testing.T) {
	l := lexers.Get("jungle")
	if l == nil {
		t.Fatal("chroma has no Jungle lexer")
	}
	text := "if (a <= b && c != 'd') { return f[1:2]; }\n"
	if _, end := tokens(l, text); end != "runaway" {
		t.Fatalf("chroma's Jungle lexer ended with %q: pick another lexer that runs away", end)
	}
	it, err := Wrap(l, lexers.GlobalLexerRegistry).Tokenise(nil, text)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if v := recover(); v != ErrRunaway {
			t.Fatalf("panicked with %v, want ErrRunaway", v)
		}
	}()
	for tok := it(); tok != chroma.EOF; tok = it() {
	}
}

// TestConcurrent lexes with one wrapped lexer on several goroutines, as a
// build does on every core; under -race it checks that they share nothing
// they write.
func TestConcurrent(t *testing.T) {
	l := lexers.Get("python")
	want, _ := tokens(l, code)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if got, end := tokens(Wrap(l, lexers.GlobalLexerRegistry), code); end != "" || !reflect.DeepEqual(got, want) {
					errs <- fmt.Sprintf("ended with %q, %d tokens against %d", end, len(got), len(want))
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// addRule is a LexerMutator that puts a rule of its own making, with its
// own compiled pattern, in its place.
type addRule struct{}

func (addRule) Mutate(*chroma.LexerState) error { return nil }

func (addRule) MutateLexer(rules chroma.CompiledRules, state string, i int) error {
	made := &chroma.CompiledRule{Rule: chroma.Rule{Pattern: "b+", Type: chroma.Keyword}, Regexp: regexp2.MustCompile(`\Gb+`)}
	rules[state] = append(rules[state][:i], append([]*chroma.CompiledRule{made}, rules[state][i+1:]...)...)
	return nil
}

// TestMutatorMadeRule: a rule that a mutator makes as the lexer compiles
// is not among those whose first characters were worked out, and is tried
// everywhere.
func TestMutatorMadeRule(t *testing.T) {
	l := chroma.MustNewLexer(&chroma.Config{Name: "made"}, func() chroma.Rules {
		return chroma.Rules{"root": {
			{Pattern: "a+", Type: chroma.Name},
			{Pattern: "", Mutator: addRule{}},
			{Pattern: `\s+`, Type: chroma.Text},
		}}
	})
	same(t, l, "made", "aabb ab b\n")
	if toks, _ := tokens(Wrap(l, lexers.GlobalLexerRegistry), "bb"); len(toks) != 1 || toks[0].Type != chroma.Keyword {
		t.Fatalf("tokens of bb: %v", toks)
	}
}

// TestLongStrings: a string or comment tens of thousands of characters
// long is one token, as with the regexp2 chroma asks for. regexp2 v2.13's
// bound on backtracking made it Error tokens, one a character, from about
// 16,660 characters in JSON, Go and JavaScript, and 12,500 in R.
func TestLongStrings(t *testing.T) {
	long := strings.Repeat("a", 40000)
	for _, tc := range []struct{ lang, text string }{
		{"json", `{"k": "` + long + `"}`},
		{"go", "/* " + long + " */\nx := \"" + long + "\"\n"},
		{"javascript", `const logo = "` + long + `";`},
		{"r", `x <- "` + long + `"`},
	} {
		l := lexers.Get(tc.lang)
		toks, end := tokens(Wrap(l, lexers.GlobalLexerRegistry), tc.text)
		if end != "" {
			t.Fatalf("%s: ended with %s", tc.lang, end)
		}
		for _, tok := range toks {
			if tok.Type == chroma.Error {
				t.Errorf("%s: an Error token %.20q among %d tokens", tc.lang, tok.Value, len(toks))
				break
			}
		}
		if len(toks) > 20 {
			t.Errorf("%s: %d tokens", tc.lang, len(toks))
		}
	}
}

// TestTooSlow: a lexer that moves on, but too slowly to end (chroma's
// Markless takes a time that grows with the cube of a run of ”' on a
// line) is stopped after MaxLexTime with ErrTooSlow; it took minutes.
func TestTooSlow(t *testing.T) {
	defer func(d time.Duration) { MaxLexTime = d }(MaxLexTime)
	MaxLexTime = 300 * time.Millisecond
	l := lexers.Get("markless")
	if l == nil {
		t.Fatal("chroma has no Markless lexer")
	}
	text := strings.Repeat("'''", 400) + "\nx\n"
	start := time.Now()
	_, end := tokens(Wrap(l, lexers.GlobalLexerRegistry), text)
	if !strings.Contains(end, ErrTooSlow.Error()) {
		t.Fatalf("ended with %q after %v; want %v", end, time.Since(start), ErrTooSlow)
	}
}

// TestDeepNesting: PromQL nests a state a bracket and pops on an empty
// match, so a thousand brackets closed at once are a thousand empty
// matches in a row, which is not a lexer running on without end.
func TestDeepNesting(t *testing.T) {
	same(t, lexers.Get("promql"), "promql", strings.Repeat("(", 1500)+"x"+strings.Repeat(")", 1500)+"\n")
}
