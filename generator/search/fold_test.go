package search

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"brief/generator/internal/browsertest"

	"github.com/chromedp/chromedp"
	"golang.org/x/text/unicode/norm"
)

// TestWordsMatchSearchJS runs search.js's words in headless Chromium over
// every character Go's Unicode tables assign (a sample of the ideographs), alone and beside a Latin
// letter and an accent, and at the end of a run of 41, and compares them with the tokenizer's: a query
// finds a word only when the two fold it to the same spelling.
func TestWordsMatchSearchJS(t *testing.T) {
	js, err := os.ReadFile("../layout/theme/search.js")
	if err != nil {
		t.Fatal(err)
	}
	// The part of search.js that cuts and folds words: from its comment
	// to the first function after words.
	src := string(js)
	start, end := strings.Index(src, "// Words as generator/search/words.go"), strings.Index(src, "const codeCmp")
	if start < 0 || end < start {
		t.Fatal("search.js no longer has its words section between “// Words as generator/search/words.go” and “const codeCmp”")
	}
	// forty+c is a run of 41 characters: cut to forty if c is of a
	// script written without spaces, left out if not.
	forty := strings.Repeat("a", 40)
	var texts []string
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.In(r, unassigned, unicode.Cs, unicode.Co) || !sampled(r) {
			continue
		}
		c := string(r)
		texts = append(texts, c+c, "a"+c, c+"\u0301b", c+"Σ", forty+c)
	}
	texts = append(texts, "Hà Nội", "Đà Nẵng", "Nguyễn", "Ħamrun", "ǢǾ ẛ", "Nguye\u0302\u0303n", "ΟΔΥΣΣΕΥΣ",
		"The U.S. and the E.U., U.S.A and U.K.-led; e.g. this", "U.Sa, xU.S., U.S2, a.b.c.d.e.f.g.h.i, U.Sé, 3.5.1, Y.", "U.S\u0301 U.S.\u0301 é.U.S. U.S.ü Ж.U.S",
		"Ελλάδα, ΚΟΣΜΟΣ κόσμος ἄνθρωπος ᾯ Ϊ́ ϊ\u0301 Ϣ\u0301ϣ",
		"مَدِينَةُ القَاهِرَةِ كَبِيرَةٌ إسرائيل أحمد القرآن ٱلله القاهـــرة ـَب كَ\u064E ؤ ئ", "שָׁלוֹם עוֹלָם", "क\u064E ख\u05B8",
		"รัฐบาลไทยประกาศมาตรการใหม่เพื่อกระตุ้นเศรษฐกิจในช่วงปลายปีนี้โดยเน้นการท่องเที่ยว กรุงเทพมหานคร",
		"日本経済新聞によると政府は来年度の予算案で防衛費を大幅に増額し過去最大の規模となる見通しで財務省と各省庁の調整が続いているという",
		"2026年のGDP成長率は政府の見通しを下回り日銀は金融政策の正常化を急がない姿勢を改めて示したと報じられた",
		"3f9a0c7e5b1d2468ace13579bdf02468ace13579bdf02468ace13579bdf0 "+strings.Repeat("é", 41)+" "+strings.Repeat("ß", 21)+"日")
	in, err := json.Marshal(texts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.Open(t)
	expr := "(() => {\n" + src[start:end] + "\nreturn " + string(in) + ".map((s) => words(s).join(\" \"));\n})()"
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](expr))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(texts) {
		t.Fatalf("search.js returned %d texts' words; want %d", len(got), len(texts))
	}
	var tok tokenizer
	bad := 0
	for i, text := range texts {
		var want []string
		tok.words([]byte(text), false, func(w []byte, _ uint64) {
			if !slices.Contains(want, string(w)) { // search.js keeps each word once
				want = append(want, string(w))
			}
		})
		if w := strings.Join(want, " "); got[i] != w {
			if bad++; bad <= 20 {
				t.Errorf("words(%+q): search.js %q, words.go %q", text, got[i], w)
			}
		}
	}
	if bad > 20 {
		t.Errorf("and %d more", bad-20)
	}
}

// TestFoldsEveryLatinLetter checks that the tokenizer's tables hold every
// Latin letter that decomposes into a base letter and accents, so that no
// accent is left in a word.
func TestFoldsEveryLatinLetter(t *testing.T) {
	var tok tokenizer
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if !unicode.Is(unicode.Latin, r) || !unicode.IsLetter(r) {
			continue
		}
		tok.words([]byte(string(r)+string(r)), false, func(w []byte, _ uint64) {
			for _, c := range string(w) {
				if _, ok := latinFolds[c]; ok || norm.NFD.String(string(c)) != string(c) {
					t.Errorf("words(%+q) = %q: %c is not folded", string(r)+string(r), w, c)
				}
			}
		})
	}
}

// sampled leaves out most of the tens of thousands of ideographs and
// syllables that fold alike, keeping those that decompose.
func sampled(r rune) bool {
	return !unicode.In(r, unicode.Han, unicode.Hangul, unicode.Tangut) || r%97 == 0 || norm.NFD.String(string(r)) != string(r)
}

// unassigned are the code points Go's Unicode tables give no character:
// characters of a later version may fold otherwise in Chromium's.
var unassigned = unicode.Categories["Cn"]

// TestMarkAbbreviations runs search.js's mark in headless Chromium: a
// result's title marks the words that match the query, an abbreviation
// with its dots whole (U.S. for the query us), as the index reads it.
func TestMarkAbbreviations(t *testing.T) {
	js, err := os.ReadFile("../layout/theme/search.js")
	if err != nil {
		t.Fatal(err)
	}
	src := string(js)
	section := func(from, to string) string {
		start, end := strings.Index(src, from), strings.Index(src, to)
		if start < 0 || end < start {
			t.Fatalf("search.js no longer has a section between %q and %q", from, to)
		}
		return src[start:end]
	}
	code := section("// Words as generator/search/words.go", "const codeCmp") +
		section("// mark appends text", "const el = (parent")
	ctx := browsertest.Open(t)
	for _, c := range []struct{ text, query, want string }{
		{"The U.S. and the E.U. agree", "us", "The <mark>U.S.</mark> and the E.U. agree"},
		{"Talks in the U.S.A, then Ελλάδα", "usa ελλα", "Talks in the <mark>U.S.A</mark>, then <mark>Ελλάδα</mark>"},
		{"U.Sa and us", "us", "U.Sa and <mark>us</mark>"},
	} {
		expr := "(() => {\n" + code + "\nconst p = document.createElement(\"p\");\nmark(p, " + strconvQuote(c.text) +
			", words(" + strconvQuote(c.query) + "));\nreturn p.innerHTML;\n})()"
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("mark(%q) for %q: %s; want %s", c.text, c.query, got, c.want)
		}
	}
}

// strconvQuote writes s as a JavaScript string.
func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
