package search

import (
	"bytes"
	"encoding/binary"
	"html"
	"math/bits"
	"unicode"
	"unicode/utf8"

	"brief/generator/content"

	"golang.org/x/text/unicode/norm"
)

// Words are runs of letters and digits, lowercased, with the accents of
// Latin and Greek letters removed (Côte → cote, Ελλάδα → ελλαδα, a final
// ς as σ), and the vowel marks of Arabic and Hebrew, which readers seldom
// type (مَدِينَة → مدينة, שָׁלוֹם → שלום), with Arabic's hamza on an alef
// (أ إ آ → ا) and its tatweel (القاهـــرة → القاهرة); the marks of other
// scripts are kept (हिन्दी stays whole). The
// search script folds a query the same way, so the two must change
// together: see theme/search.js, fold and words, and
// TestWordsMatchSearchJS, which holds them to the same words.
//
// A run of more than maxRunes is a hash, a URL or noise, and is left out,
// unless a character of a script written without spaces between words is
// in it (see unspaced): there a run is a clause or a sentence, and its
// first maxRunes characters are the word, so that a query finds it by its
// start as it finds any word.
const (
	minRunes = 2  // shorter words are not indexed (and not searched)
	maxRunes = 40 // longer ones are cut to their first maxRunes, or left out
)

// unspacedScripts are the scripts whose languages are written without
// spaces between words: Chinese and Japanese (Han, Hiragana, Katakana),
// and Thai, Lao, Khmer, Burmese (Myanmar) and the Tai scripts of South-
// East Asia. Tibetan is not among them: its tsheg (་), which is no
// letter, ends a run at every syllable. search.js's UNSPACED names the
// same scripts.
var unspacedScripts = []*unicode.RangeTable{
	unicode.Han, unicode.Hiragana, unicode.Katakana,
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
	unicode.Tai_Le, unicode.New_Tai_Lue, unicode.Tai_Tham, unicode.Tai_Viet,
}

// unspaced reports whether r is of a script written without spaces
// between words.
func unspaced(r rune) bool { return unicode.In(r, unspacedScripts...) }

// latinFolds spell the letters that do not decompose into a base letter
// and an accent: those content.Slug spells so, the letters with a stroke
// or bar (Maltese ħ, Sámi ŧ), which Slug keeps, and Greek's final sigma.
var latinFolds = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i",
	'ħ': "h", 'ŧ': "t", 'ƀ': "b", 'ƚ': "l", 'ƶ': "z", 'ǥ': "g", 'ȼ': "c", 'ɇ': "e", 'ɉ': "j",
	'ɍ': "r", 'ɏ': "y", 'ſ': "s",
	'ς': "σ", // Greek's final sigma: ΚΟΣΜΟΣ lowercases to κοσμοσ
	'ٱ': "ا", // Arabic's alef wasla, an alef with a mark that does not decompose
}

// tatweel stretches an Arabic word for justification or emphasis: a
// letter to Unicode, but no part of the word's spelling.
const tatweel = '\u0640'

// The folded spelling of each lowercase Latin letter in two blocks, the
// only ones with letters that decompose: Latin-1 Supplement to Latin
// Extended-B (é, ş, ǎ), and Latin Extended Additional (Vietnamese ẵ ộ ễ,
// Welsh ẁ); and of each Greek letter in the two Greek blocks: Greek and
// Coptic (ά, ΐ), and Greek Extended (polytonic ἄ, ῷ).
var (
	latinFolded         = foldTable(latinFirst, latinLast)
	extendedFolded      = foldTable(extendedFirst, extendedLast)
	greekFolded         = foldTable(greekFirst, greekLast)
	greekExtendedFolded = foldTable(greekExtendedFirst, greekExtendedLast)
	arabicFolded        = foldTable(arabicFirst, arabicLast)
)

const (
	latinFirst, latinLast                 = 0xC0, 0x24F
	extendedFirst, extendedLast           = 0x1E00, 0x1EFF
	greekFirst, greekLast                 = 0x370, 0x3FF
	greekExtendedFirst, greekExtendedLast = 0x1F00, 0x1FFF
	arabicFirst, arabicLast               = 0x600, 0x6FF
)

// foldTable spells each lowercase letter from first to last of a script
// that folds (see folds) as its NFD decomposition without marks, with
// latinFolds for the letter or its base (ǿ → ø → o).
func foldTable(first, last rune) []string {
	t := make([]string, last-first+1)
	for r := first; r <= last; r++ {
		if !folds(r) {
			continue // Coptic letters and common signs in the Greek block
		}
		if s, ok := latinFolds[r]; ok {
			t[r-first] = s
			continue
		}
		var b []byte
		for _, d := range norm.NFD.String(string(r)) {
			if s, ok := latinFolds[d]; ok {
				b = append(b, s...)
			} else if !isMark(d) {
				b = utf8.AppendRune(b, d)
			}
		}
		t[r-first] = string(b)
	}
	return t
}

// foldLetter returns the folded spelling of the lowercase letter r if it
// lies in one of the tables and its script folds.
func foldLetter(r rune) (string, bool) {
	var f string
	switch {
	case r >= latinFirst && r <= latinLast:
		f = latinFolded[r-latinFirst]
	case r >= extendedFirst && r <= extendedLast:
		f = extendedFolded[r-extendedFirst]
	case r >= greekFirst && r <= greekLast:
		f = greekFolded[r-greekFirst]
	case r >= greekExtendedFirst && r <= greekExtendedLast:
		f = greekExtendedFolded[r-greekExtendedFirst]
	case r >= arabicFirst && r <= arabicLast:
		f = arabicFolded[r-arabicFirst]
	}
	return f, f != ""
}

// folds reports whether the accents of r's script are removed: Latin's,
// Greek's, Arabic's and Hebrew's.
func folds(r rune) bool {
	return unicode.In(r, unicode.Latin, unicode.Greek, unicode.Arabic, unicode.Hebrew)
}

func isMark(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) }

// The full-width forms of ASCII's letters, digits and signs (U+FF01 ！
// to U+FF5E ～), which the word reads as ASCII.
const fullwidthFirst, fullwidthLast = 0xFF01, 0xFF5E

// tokenizer splits text into words, reusing its buffer: the word passed
// to the callback is valid only during the call.
type tokenizer struct {
	w       []byte
	runes   int
	folding bool    // the last letter of w is Latin or Greek: a combining mark after it is an accent to drop
	short   [8]byte // the last short word (see words)
}

// ascii maps each ASCII letter and digit to its lowercase form, and every
// other byte to 0.
var ascii = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

// alnum sets the high bit of each byte of x that is an ASCII letter or
// digit, and clears every other bit: the bytes of x each compared with
// the ranges at once. (A byte under 0x80 plus one under 0x80 carries
// into no other byte.)
func alnum(x uint64) uint64 {
	const ones = 0x0101010101010101
	b := x &^ highBits
	y := b | lower
	letter := (y + ones*(0x80-'a')) &^ (y + ones*(0x7f-'z'))
	digit := (b + ones*(0x80-'0')) &^ (b + ones*(0x7f-'9'))
	return (letter | digit) & highBits &^ x
}

const highBits = 0x8080808080808080

// lower sets the bit that makes an ASCII capital lowercase in each byte:
// letters and digits alone, it lowercases them all, as digits have it.
const lower = 0x2020202020202020

// words calls fn with each word of text. With markdown set it skips link
// destinations, `](…)`, and HTML tags and autolinks, `<…>`, so that URLs
// do not fill the index; everything else, code included, is text.
//
// Most words are ASCII: they are found byte by byte and passed on without
// copying unless they have capitals. A word with any other character is
// read again rune by rune. Most ASCII words are short: for a word of at
// most eight bytes, key is its lowercase bytes read as a little-endian
// number (never 0, as a word has two bytes or more), which dict.idShort
// looks up without comparing bytes; for any other word key is 0.
func (t *tokenizer) words(text []byte, markdown bool, fn func(word []byte, key uint64)) {
	for i := 0; i < len(text); {
		c := text[i]
		if ascii[c] == 0 {
			i++
			switch {
			case c >= utf8.RuneSelf:
				r, size := utf8.DecodeRune(text[i-1:])
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					i = t.word(text, i-1, fn)
				} else {
					i += size - 1
				}
			case markdown && (c == ']' || c == '[' || c == '<' || c == '`' || c == '~'):
				i = skipMarkup(text, i, c)
			}
			continue
		}
		j := i + 1
		if i+8 <= len(text) {
			j = i + 8
			if stop := ^alnum(binary.LittleEndian.Uint64(text[i:])) & highBits; stop != 0 {
				j = i + bits.TrailingZeros64(stop)>>3
			}
		}
		for j < len(text) && ascii[text[j]] != 0 {
			j++
		}
		if j < len(text) && text[j] >= utf8.RuneSelf {
			i = t.word(text, i, fn)
			continue
		}
		switch n := j - i; {
		case n == 1 && j+1 < len(text) && text[j] == '.' && ascii[c] > '9':
			// A letter and a dot: maybe U.S. or E.U., one word.
			j = t.abbreviation(text, i, fn)
		case n < minRunes:
		case n <= 8:
			var x uint64
			if i+8 <= len(text) {
				x = binary.LittleEndian.Uint64(text[i:])
			} else {
				for k := j - 1; k >= i; k-- {
					x = x<<8 | uint64(text[k])
				}
			}
			x = (x | lower) & (^uint64(0) >> (64 - 8*n))
			binary.LittleEndian.PutUint64(t.short[:], x)
			fn(t.short[:n], x)
		case n <= maxRunes:
			w := text[i:j]
			for _, c := range w {
				if c&0x20 == 0 { // a capital
					t.w = t.w[:0]
					for _, c := range w {
						t.w = append(t.w, ascii[c])
					}
					w = t.w
					break
				}
			}
			fn(w, 0)
		}
		i = j
	}
}

// abbreviation reads the abbreviation that starts at i, where an ASCII
// letter is followed by a dot: single letters each followed by a dot, the
// last dot left out or not (U.S., E.U., U.S.A, e.g.). It passes it to fn
// as one word of its letters (us, eu, usa, eg) and returns where it ends,
// or passes nothing and returns i+1 when fewer than two letters make it.
// A letter counts only where no letter, digit or mark follows it (U.Sa is
// no abbreviation). search.js reads them alike.
func (t *tokenizer) abbreviation(text []byte, i int, fn func([]byte, uint64)) int {
	t.w = append(t.w[:0], ascii[text[i]])
	k := i + 1
	for k+1 < len(text) && text[k] == '.' && ascii[text[k+1]] > '9' && !wordAt(text, k+2) {
		t.w = append(t.w, ascii[text[k+1]])
		k += 2
	}
	if len(t.w) < minRunes {
		return i + 1
	}
	if k < len(text) && text[k] == '.' {
		k++
	}
	if len(t.w) <= maxRunes {
		var key uint64
		if len(t.w) <= 8 {
			for n := len(t.w) - 1; n >= 0; n-- {
				key = key<<8 | uint64(t.w[n])
			}
		}
		fn(t.w, key)
	}
	return k
}

// wordAt reports whether a letter, a digit or a mark is at i in text.
func wordAt(text []byte, i int) bool {
	if i >= len(text) {
		return false
	}
	if text[i] < utf8.RuneSelf {
		return ascii[text[i]] != 0
	}
	r, _ := utf8.DecodeRune(text[i:])
	return unicode.In(r, unicode.L, unicode.Nd, unicode.M)
}

// word reads the word that starts at i rune by rune, passes it to fn,
// and returns where it ends.
func (t *tokenizer) word(text []byte, i int, fn func([]byte, uint64)) int {
	t.w, t.runes = t.w[:0], 0
	for i < len(text) {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(text[i:])
		}
		switch {
		case r == tatweel:
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			switch {
			case r < utf8.RuneSelf:
				t.w = append(t.w, byte(r))
				t.runes++
				t.folding = true
			case r >= fullwidthFirst && r <= fullwidthLast:
				// Ａ, ｅ, ５ of Chinese and Japanese text are the ASCII
				// letters and digits their input methods type: ＡＩ is ai,
				// as its slug is.
				t.w = append(t.w, byte(unicode.ToLower(r-fullwidthFirst+'!')))
				t.runes++
				t.folding = true
			default:
				if r == 'ё' {
					r = 'е' // Russian writes е for ё too: Пётр and Петр are one word
				}
				if f, ok := foldLetter(r); ok {
					t.w = append(t.w, f...)
					t.runes += utf8.RuneCountInString(f)
					t.folding = true
				} else {
					t.w = utf8.AppendRune(t.w, r)
					t.runes++
					t.folding = folds(r)
				}
			}
		case isMark(r):
			// A mark after a tatweel that began the word follows no letter.
			if !t.folding && t.runes > 0 {
				t.w = utf8.AppendRune(t.w, r)
				t.runes++
			}
		default:
			t.flush(fn)
			return i
		}
		i += size
	}
	t.flush(fn)
	return i
}

// flush passes the word read to fn: whole, or, when it is longer than
// maxRunes, its first maxRunes characters if it is of a script written
// without spaces (see maxRunes), and nothing otherwise.
func (t *tokenizer) flush(fn func([]byte, uint64)) {
	switch {
	case t.runes < minRunes:
	case t.runes <= maxRunes:
		fn(t.w, 0)
	case bytes.ContainsFunc(t.w, unspaced):
		fn(runePrefix(t.w, maxRunes), 0)
	}
	t.w, t.runes = t.w[:0], 0
}

// runePrefix returns the first n characters of w.
func runePrefix(w []byte, n int) []byte {
	for i := range string(w) {
		if n == 0 {
			return w[:i]
		}
		n--
	}
	return w
}

// skipMarkup returns where text resumes after the ASCII character c at
// i-1: past what the page does not show, when c opens it, else i. That
// is a link destination, an HTML tag, an HTML comment (writers keep
// private notes in them, over paragraphs too: one never closed hides the
// rest, as it hides the rest of the page), a link reference definition
// (label, destination and title), a reference link's label ([text][label]
// shows text), a footnote's label (its text is shown, and read), and a
// code fence's language. A link destination
// or a tag may not span a blank line, so a stray bracket loses little
// text.
func skipMarkup(text []byte, i int, c byte) int {
	var end byte
	switch {
	case c == '<' && bytes.HasPrefix(text[i:], []byte("!--")):
		if end := content.CommentEnd(text[i+3:]); end >= 0 {
			return i + 3 + end
		}
		return len(text)
	case c == '[' && i < len(text) && text[i] == '^':
		// A footnote's label, [^label] where it is cited or [^label]:
		// where its text starts, which the page shows as a number: the
		// label is skipped, the footnote's text is read.
		end := lineEnd(text, i)
		if k := bytes.IndexByte(text[i:end], ']'); k >= 0 {
			j := i + k + 1
			if j < len(text) && text[j] == ':' && lineStart(text, i-1) == i-1 {
				j++
			}
			return j
		}
		return i
	case c == ']' && i < len(text) && text[i] == ':' && startsWith(text, lineStart(text, i-1), '['):
		return lineEnd(text, i)
	case c == '[' && lineStart(text, i-1) == i-1: // a reference definition's label, [label]: …
		end := lineEnd(text, i)
		if k := bytes.IndexByte(text[i:end], ']'); k >= 0 && i+k+1 < len(text) && text[i+k+1] == ':' {
			return end
		}
		return i
	case (c == '`' || c == '~') && bytes.HasPrefix(text[i-1:], []byte{c, c, c}) && lineStart(text, i-1) == i-1:
		return lineEnd(text, i)
	case c == ']' && i < len(text) && text[i] == '(':
		end = ')'
	case c == ']' && i < len(text) && text[i] == '[': // a reference's label, [text][label]
		end = ']'
	case c == '<' && i < len(text) && (text[i] == '/' || text[i] == '!' || 'a' <= text[i]|0x20 && text[i]|0x20 <= 'z'):
		end = '>'
	default:
		return i
	}
	// A destination or tag longer than maxMarkup is taken for text: a
	// long line of unclosed openers ([a](b [a](b …) was read to its
	// end from each, which took the square of its length.
	for j := i; j < len(text) && j-i < maxMarkup; j++ {
		switch text[j] {
		case end:
			return j + 1
		case '\n':
			if j+1 < len(text) && text[j+1] == '\n' {
				return i
			}
		}
	}
	return i
}

// maxMarkup bounds how far skipMarkup looks for the end of a link's
// destination, a reference's label or a tag: 4 KB, past any address a
// page links, and the most a line of openers that never close costs each.
const maxMarkup = 4 << 10

// startsWith reports whether text[at] is c, at being a place or -1.
func startsWith(text []byte, at int, c byte) bool { return at >= 0 && text[at] == c }

// lineStart returns where the line that holds text[k] starts, past at
// most three spaces, and not past k: where a link reference definition's
// [ is, or a code fence's first backtick or tilde; -1 when it starts more than
// maxMarkup bytes before k.
func lineStart(text []byte, k int) int {
	// A label longer than maxMarkup is none: looking back from each ]
	// or backtick of a long line cost the square of its length.
	from := max(0, k-maxMarkup)
	start := bytes.LastIndexByte(text[from:k], '\n') + 1 + from
	if start == from && from > 0 {
		return -1 // no line start within reach: not a definition's label
	}
	j := start
	for j < k && j-start < 3 && text[j] == ' ' {
		j++
	}
	return j
}

// lineEnd returns where the line that holds text[i] ends: at its newline,
// or at the end of text.
func lineEnd(text []byte, i int) int {
	if k := bytes.IndexByte(text[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(text)
}

// references returns text with its HTML character references (&eacute;,
// &#233;) as the page shows them when they are letters, digits or marks,
// and as a space otherwise, so that a word written été&nbsp;or
// &eacute;t&eacute; is found as the page shows it, été, and not as
// eacute or nbsp. It returns text itself when it has none.
func references(text []byte) []byte {
	var out []byte
	last := 0
	for i := bytes.IndexByte(text, '&'); i >= 0; {
		j := i + 1
		for j < len(text) && j-i <= 32 && (ascii[text[j]] != 0 || text[j] == '#') {
			j++
		}
		next := j
		if j < len(text) && text[j] == ';' && j > i+1 {
			ref := string(text[i : j+1])
			if s := html.UnescapeString(ref); s != ref {
				if out == nil {
					out = make([]byte, 0, len(text))
				}
				out = append(out, text[last:i]...)
				if r, _ := utf8.DecodeRuneInString(s); unicode.IsLetter(r) || unicode.IsDigit(r) || isMark(r) {
					out = append(out, s...)
				} else {
					out = append(out, ' ')
				}
				last, next = j+1, j+1
			}
		}
		k := bytes.IndexByte(text[next:], '&')
		if k < 0 {
			break
		}
		i = next + k
	}
	if out == nil {
		return text
	}
	return append(out, text[last:]...)
}
