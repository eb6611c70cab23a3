package search

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Words are runs of letters and digits, lowercased, with the accents of
// Latin letters removed (Côte → cote) and the marks of other scripts kept
// (हिन्दी stays whole). The search script folds a query the same way, so
// the two must change together: see theme/search.js, fold and words, and
// TestWordsMatchSearchJS, which holds them to the same words.
const (
	minRunes = 2  // shorter words are not indexed (and not searched)
	maxRunes = 40 // longer ones are hashes, URLs or noise
)

// latinFolds spell the letters that do not decompose into a base letter
// and an accent: those content.Slug spells so, and the letters with a
// stroke or bar (Maltese ħ, Sámi ŧ), which Slug keeps.
var latinFolds = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i",
	'ħ': "h", 'ŧ': "t", 'ƀ': "b", 'ƚ': "l", 'ƶ': "z", 'ǥ': "g", 'ȼ': "c", 'ɇ': "e", 'ɉ': "j",
	'ɍ': "r", 'ɏ': "y", 'ſ': "s",
}

// The folded spelling of each lowercase Latin letter in two blocks, the
// only ones with letters that decompose: Latin-1 Supplement to Latin
// Extended-B (é, ş, ǎ), and Latin Extended Additional (Vietnamese ẵ ộ ễ,
// Welsh ẁ).
var (
	latinFolded    = foldTable(latinFirst, latinLast)
	extendedFolded = foldTable(extendedFirst, extendedLast)
)

const (
	latinFirst, latinLast       = 0xC0, 0x24F
	extendedFirst, extendedLast = 0x1E00, 0x1EFF
)

// foldTable spells each lowercase letter from first to last as its NFD
// decomposition without marks, with latinFolds for the letter or its base
// (ǿ → ø → o).
func foldTable(first, last rune) []string {
	t := make([]string, last-first+1)
	for r := first; r <= last; r++ {
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

// foldLatin returns the folded spelling of the lowercase letter r if it
// lies in one of the tables.
func foldLatin(r rune) (string, bool) {
	switch {
	case r >= latinFirst && r <= latinLast:
		return latinFolded[r-latinFirst], true
	case r >= extendedFirst && r <= extendedLast:
		return extendedFolded[r-extendedFirst], true
	}
	return "", false
}

func isMark(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) }

// tokenizer splits text into words, reusing its buffer: the word passed
// to the callback is valid only during the call.
type tokenizer struct {
	w     []byte
	runes int
	latin bool // the last letter of w is Latin: a combining mark after it is an accent to drop
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

// words calls fn with each word of text. With markdown set it skips link
// destinations, `](…)`, and HTML tags and autolinks, `<…>`, so that URLs
// do not fill the index; everything else, code included, is text.
//
// Most words are ASCII: they are found byte by byte and passed on without
// copying unless they have capitals. A word with any other character is
// read again rune by rune.
func (t *tokenizer) words(text []byte, markdown bool, fn func(word []byte)) {
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
			case markdown && (c == ']' || c == '<'):
				i = skipMarkup(text, i, c)
			}
			continue
		}
		j, upper := i, false
		for ; j < len(text) && ascii[text[j]] != 0; j++ {
			upper = upper || text[j] < 'a'
		}
		if j < len(text) && text[j] >= utf8.RuneSelf {
			i = t.word(text, i, fn)
			continue
		}
		if n := j - i; n >= minRunes && n <= maxRunes {
			w := text[i:j]
			if upper {
				t.w = t.w[:0]
				for _, c := range w {
					t.w = append(t.w, ascii[c])
				}
				w = t.w
			}
			fn(w)
		}
		i = j
	}
}

// word reads the word that starts at i rune by rune, passes it to fn,
// and returns where it ends.
func (t *tokenizer) word(text []byte, i int, fn func([]byte)) int {
	t.w, t.runes = t.w[:0], 0
	for i < len(text) {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(text[i:])
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			switch {
			case r < utf8.RuneSelf:
				t.w = append(t.w, byte(r))
				t.runes++
				t.latin = true
			default:
				if f, ok := foldLatin(r); ok {
					t.w = append(t.w, f...)
					t.runes += utf8.RuneCountInString(f)
					t.latin = true
				} else {
					t.w = utf8.AppendRune(t.w, r)
					t.runes++
					t.latin = unicode.Is(unicode.Latin, r)
				}
			}
		case isMark(r):
			if !t.latin {
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

func (t *tokenizer) flush(fn func([]byte)) {
	if t.runes >= minRunes && t.runes <= maxRunes {
		fn(t.w)
	}
	t.w, t.runes = t.w[:0], 0
}

// skipMarkup returns where text resumes after the ASCII character c at
// i-1: past a link destination or an HTML tag when c opens one, else i.
// Neither may span a blank line, so a stray bracket loses little text.
func skipMarkup(text []byte, i int, c byte) int {
	var end byte
	switch {
	case c == ']' && i < len(text) && text[i] == '(':
		end = ')'
	case c == '<' && i < len(text) && (text[i] == '/' || text[i] == '!' || 'a' <= text[i]|0x20 && text[i]|0x20 <= 'z'):
		end = '>'
	default:
		return i
	}
	for j := i; j < len(text); j++ {
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
