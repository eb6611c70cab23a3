package search

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"testing"
)

// hashBytes is hash as it reads a word's last bytes one at a time, which
// hash does only when the slice has no room for a whole word behind them.
func hashBytes(w []byte) uint32 {
	h := uint64(len(w)) * 0x9e3779b97f4a7c15
	for ; len(w) >= 8; w = w[8:] {
		x := uint64(0)
		for i, c := range w[:8] {
			x |= uint64(c) << (8 * i)
		}
		h = (h ^ x) * 0xff51afd7ed558ccd
	}
	var x uint64
	for i, c := range w {
		x |= uint64(c) << (8 * i)
	}
	h = (h ^ x) * 0xc4ceb9fe1a85ec53
	return uint32(h>>32) ^ uint32(h)
}

// TestHash checks that a word hashes the same whatever follows it in the
// text it is a slice of, and with no room behind it.
func TestHash(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 42 {
		for range 50 {
			text := make([]byte, n+r.IntN(12))
			for i := range text {
				text[i] = byte(r.IntN(256))
			}
			at := r.IntN(len(text) - n + 1)
			w := text[at : at+n]
			alone := append([]byte(nil), w...)[:n:n]
			want := hashBytes(w)
			if got := hash(w); got != want {
				t.Fatalf("hash(%q) in %q = %#x; want %#x", w, text, got, want)
			}
			if got := hash(alone); got != want {
				t.Fatalf("hash(%q) alone = %#x; want %#x", w, got, want)
			}
		}
	}
}

// TestDict checks that words keep their numbers as the table grows, and
// that words probed past each other's slots are told apart.
func TestDict(t *testing.T) {
	d := newDict()
	const n = 20000
	for i := range n {
		w := []byte(fmt.Sprintf("w%d", i))
		id, added := d.id(w)
		if !added || id != uint32(i) {
			t.Fatalf("id(%s) = %d, %v; want %d, true", w, id, added, i)
		}
	}
	if d.len() != n || len(d.slots) < 2*n {
		t.Fatalf("len %d with %d slots; want %d words, at most half the slots", d.len(), len(d.slots), n)
	}
	for i := range n {
		w := []byte(fmt.Sprintf("w%d", i))
		if id, added := d.id(w); added || id != uint32(i) {
			t.Fatalf("id(%s) again = %d, %v; want %d, false", w, id, added, i)
		}
		if string(d.word(uint32(i))) != string(w) {
			t.Fatalf("word(%d) = %q; want %q", i, d.word(uint32(i)), w)
		}
	}
}

// TestDictShort checks that idShort gives the numbers id gives, for words
// met first through either, as its table grows.
func TestDictShort(t *testing.T) {
	d := newDict()
	key := func(w string) uint64 {
		var b [8]byte
		copy(b[:], w)
		return binary.LittleEndian.Uint64(b[:])
	}
	const n = 30000
	for i := range n {
		w := fmt.Sprintf("%x", i*7919+256) // three to six bytes
		var id uint32
		var added bool
		if i%3 == 0 {
			id, added = d.id([]byte(w))
		} else {
			id, added = d.idShort(key(w), []byte(w))
		}
		if !added || id != uint32(i) {
			t.Fatalf("word %d, %s: %d, %v; want %d, true", i, w, id, added, i)
		}
	}
	if d.short*2 > len(d.keys) {
		t.Fatalf("%d short words in %d slots; want at most half full", d.short, len(d.keys))
	}
	for i := range n {
		w := fmt.Sprintf("%x", i*7919+256)
		if id, added := d.idShort(key(w), []byte(w)); added || id != uint32(i) {
			t.Fatalf("idShort(%s) again = %d, %v; want %d, false", w, id, added, i)
		}
	}
}
