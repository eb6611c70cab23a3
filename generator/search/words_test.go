package search

import (
	"encoding/binary"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"brief/generator/internal/exampletest"
)

// TestAlnum checks alnum against the ascii table for every byte in every
// place of a word, beside every other byte, so that no carry from one
// byte reaches the next.
func TestAlnum(t *testing.T) {
	for at := range 8 {
		for b := range 256 {
			for next := range 256 {
				var x [8]byte
				x[at], x[(at+1)%8] = byte(b), byte(next)
				got := alnum(binary.LittleEndian.Uint64(x[:]))
				for k, c := range x {
					want := ascii[c] != 0
					if is := got>>(8*k)&0xff == 0x80; is != want {
						t.Fatalf("alnum(% x): byte %d (%#x) alnum %v; want %v", x, k, c, is, want)
					}
					if other := got >> (8 * k) & 0x7f; other != 0 {
						t.Fatalf("alnum(% x): byte %d has low bits %#x", x, k, other)
					}
				}
			}
		}
	}
}

// wordsByByte is tokenizer.words as it was before it read eight bytes at
// a time: each ASCII letter or digit looked up in the table, each word
// copied when it has capitals. FuzzWords holds the two to the same words.
func wordsByByte(t *tokenizer, text []byte, markdown bool, fn func([]byte, uint64)) {
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
		j := i
		for ; j < len(text) && ascii[text[j]] != 0; j++ {
		}
		if j < len(text) && text[j] >= utf8.RuneSelf {
			i = t.word(text, i, fn)
			continue
		}
		if j-i == 1 && j < len(text) && text[j] == '.' && ascii[c] > '9' {
			i = t.abbreviation(text, i, fn)
			continue
		}
		if n := j - i; n >= minRunes && n <= maxRunes {
			w := make([]byte, n)
			for k, c := range text[i:j] {
				w[k] = ascii[c]
			}
			fn(w, 0)
		}
		i = j
	}
}

// wordList is the words that words passes to fn, checking that each key
// given is a short ASCII word's bytes.
func wordList(t *testing.T, text []byte, markdown bool, words func(*tokenizer, []byte, bool, func([]byte, uint64))) []string {
	var got []string
	var tok tokenizer
	words(&tok, text, markdown, func(w []byte, key uint64) {
		if key != 0 {
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], key)
			ascii := !slices.ContainsFunc(w, func(c byte) bool { return c >= utf8.RuneSelf })
			if !ascii || len(w) > 8 || string(b[:len(w)]) != string(w) || len(w) < 8 && b[len(w)] != 0 {
				t.Fatalf("words(%q): %q given with key %#x", text, w, key)
			}
		}
		got = append(got, string(w))
	})
	return got
}

// FuzzWords checks that words finds the words wordsByByte does, in the
// same order.
func FuzzWords(f *testing.F) {
	for _, file := range exampletest.MarkdownFiles(f) {
		f.Add(file, true)
	}
	f.Add([]byte("Ab12cdEF ghIJKLMNop q r2 ÉCOLE café naïve x1234567 12345678 123456789 Z9"), false)
	f.Fuzz(func(t *testing.T, text []byte, markdown bool) {
		got := wordList(t, text, markdown, (*tokenizer).words)
		want := wordList(t, text, markdown, wordsByByte)
		if !slices.Equal(got, want) {
			t.Fatalf("words(%q, %v) = %q; want %q", text, markdown, got, want)
		}
	})
}

// TestReferences: character references are read as the page shows them,
// letters as letters, anything else as a space; text without any is
// returned as it is.
func TestReferences(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"&eacute;t&eacute;&nbsp;season", "été season"},
		{"caf&#233; &#xE9;l&#x0065;ve", "café éleve"},
		{"R&amp;D &lt;b&gt; AT&T &unknown; & ; &;", "R D  b  AT&T &unknown; & ; &;"},
		{"no references", "no references"},
	} {
		if got := string(references([]byte(c.in))); got != c.want {
			t.Errorf("references(%q) = %q; want %q", c.in, got, c.want)
		}
	}
	in := []byte("plain & simple")
	if out := references(in); &out[0] != &in[0] {
		t.Error("text without references was copied")
	}
}
