package search

import "encoding/binary"

// dict numbers words: an open-addressing hash table over an arena of word
// bytes. It does what a map[string]uint32 would, at a fraction of the cost
// for the millions of short words of a large site, and allocates only
// when it grows.
type dict struct {
	slots []uint32 // number+1 of the word in each slot, 0 when empty; len is a power of 2
	hash  []uint32 // by number
	start []int    // by number: where the word begins in arena; one more entry than words
	arena []byte
}

func newDict() *dict {
	return &dict{slots: make([]uint32, 1<<12), start: []int{0}}
}

// len is how many words d holds.
func (d *dict) len() int { return len(d.hash) }

// word returns the word numbered id.
func (d *dict) word(id uint32) []byte { return d.arena[d.start[id]:d.start[id+1]] }

// id returns the number of word, adding it if new.
func (d *dict) id(word []byte) (id uint32, added bool) {
	h := hash(word)
	mask := uint32(len(d.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := d.slots[i]
		if s == 0 {
			id = uint32(len(d.hash))
			d.slots[i] = id + 1
			d.hash = append(d.hash, h)
			d.arena = append(d.arena, word...)
			d.start = append(d.start, len(d.arena))
			if len(d.hash)*2 > len(d.slots) {
				d.grow()
			}
			return id, true
		}
		if d.hash[s-1] == h && string(d.word(s-1)) == string(word) {
			return s - 1, false
		}
	}
}

func (d *dict) grow() {
	d.slots = make([]uint32, len(d.slots)*2)
	mask := uint32(len(d.slots) - 1)
	for id, h := range d.hash {
		i := h & mask
		for d.slots[i] != 0 {
			i = (i + 1) & mask
		}
		d.slots[i] = uint32(id) + 1
	}
}

// hash mixes a word eight bytes at a time: most words take one multiply.
func hash(w []byte) uint32 {
	h := uint64(len(w)) * 0x9e3779b97f4a7c15
	for ; len(w) >= 8; w = w[8:] {
		h = (h ^ binary.LittleEndian.Uint64(w)) * 0xff51afd7ed558ccd
	}
	var x uint64
	for i, c := range w {
		x |= uint64(c) << (8 * i)
	}
	h = (h ^ x) * 0xc4ceb9fe1a85ec53
	return uint32(h>>32) ^ uint32(h)
}
