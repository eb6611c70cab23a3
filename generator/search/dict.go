package search

import "encoding/binary"

// dict numbers words: an open-addressing hash table over an arena of word
// bytes. It does what a map[string]uint32 would, at a fraction of the cost
// for the millions of short words of a large site, and allocates only
// when it grows.
type dict struct {
	// Each slot holds a word's hash in its high half and its number+1 in
	// the low one, or 0 when empty, so that a probe reads one slot before
	// it compares a word; len is a power of 2.
	slots []uint64
	start []int // by number: where the word begins in arena; one more entry than words
	arena []byte
	// Words of at most eight ASCII bytes by key (see tokenizer.words),
	// most of any text's: a cache in front of slots, filled as they are
	// looked up, whose probes compare one number each.
	keys  []uint64 // 0 when empty; len is a power of 2
	ids   []uint32 // each key's word number
	short int      // keys held
}

func newDict() *dict {
	return &dict{slots: make([]uint64, 1<<12), start: []int{0}, keys: make([]uint64, 1<<12), ids: make([]uint32, 1<<12)}
}

// len is how many words d holds.
func (d *dict) len() int { return len(d.start) - 1 }

// word returns the word numbered id.
func (d *dict) word(id uint32) []byte { return d.arena[d.start[id]:d.start[id+1]] }

// id returns the number of word, adding it if new.
func (d *dict) id(word []byte) (id uint32, added bool) {
	h := hash(word)
	mask := uint32(len(d.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := d.slots[i]
		if s == 0 {
			id = uint32(d.len())
			d.slots[i] = uint64(h)<<32 | uint64(id+1)
			d.arena = append(d.arena, word...)
			d.start = append(d.start, len(d.arena))
			if d.len()*2 > len(d.slots) {
				d.grow()
			}
			return id, true
		}
		if uint32(s>>32) == h {
			if id = uint32(s) - 1; string(d.word(id)) == string(word) {
				return id, false
			}
		}
	}
}

// idShort is id for a word of at most eight ASCII bytes, lowercase,
// whose bytes read as a little-endian number are key.
func (d *dict) idShort(key uint64, word []byte) (id uint32, added bool) {
	mask := uint64(len(d.keys) - 1)
	for i := shortHash(key) & mask; ; i = (i + 1) & mask {
		switch d.keys[i] {
		case key:
			return d.ids[i], false
		case 0:
			id, added = d.id(word)
			d.keys[i], d.ids[i] = key, id
			if d.short++; d.short*2 > len(d.keys) {
				d.growShort()
			}
			return id, added
		}
	}
}

func shortHash(key uint64) uint64 { return (key * 0x9e3779b97f4a7c15) >> 32 }

func (d *dict) growShort() {
	keys, ids := d.keys, d.ids
	d.keys, d.ids = make([]uint64, len(keys)*2), make([]uint32, len(keys)*2)
	mask := uint64(len(d.keys) - 1)
	for k, key := range keys {
		if key == 0 {
			continue
		}
		i := shortHash(key) & mask
		for d.keys[i] != 0 {
			i = (i + 1) & mask
		}
		d.keys[i], d.ids[i] = key, ids[k]
	}
}

func (d *dict) grow() {
	old := d.slots
	d.slots = make([]uint64, len(old)*2)
	mask := uint32(len(d.slots) - 1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := uint32(s>>32) & mask
		for d.slots[i] != 0 {
			i = (i + 1) & mask
		}
		d.slots[i] = s
	}
}

// hash mixes a word eight bytes at a time: most words take one multiply.
// The last bytes are read as one word too when the slice has room behind
// them (a word is most often a slice of the text it was found in), and
// masked: the hash is that of the word's bytes alone.
func hash(w []byte) uint32 {
	h := uint64(len(w)) * 0x9e3779b97f4a7c15
	for ; len(w) >= 8; w = w[8:] {
		h = (h ^ binary.LittleEndian.Uint64(w)) * 0xff51afd7ed558ccd
	}
	var x uint64
	if cap(w) >= 8 {
		x = binary.LittleEndian.Uint64(w[:8]) & (1<<(8*uint(len(w))) - 1)
	} else {
		for i, c := range w {
			x |= uint64(c) << (8 * i)
		}
	}
	h = (h ^ x) * 0xc4ceb9fe1a85ec53
	return uint32(h>>32) ^ uint32(h)
}
