package site

import (
	"strings"

	"brief/generator/content"
)

// nearSlugs finds, among a list of slugs, those that may be similar to a
// slug (see similar) without comparing it with every one: a site whose
// briefings each bring a topic of their own has thousands of topics used
// once, and comparing each with all the others took 3 s at 5,000 and grows
// with the square. Each way two slugs can be similar has a key that both
// share when they are:
//
//   - the same letters split differently (u-s, us): the slug without its
//     hyphens;
//   - the same words, some cut short (n-korea, north-korea): the slug's
//     digits and the first byte of each of its words, since of two words
//     one is the start of the other;
//   - slips in up to a sixth of the letters (north-corea): the digits, and
//     one of the pieces the slug is cut into. A slug of l bytes within d
//     edits of another is cut into d+1 pieces; each edit changes at most
//     one, so one piece is left whole, and it is found in the other slug no
//     more than d bytes from where it is in this one (PassJoin: Li, Deng,
//     Wang and Feng, VLDB 2011).
//
// The keys let through some slugs that are not similar: callers check each
// candidate with similar.
type nearSlugs struct {
	slugs    []string
	digits   []string
	dashless map[string][]int32
	words    map[string][]int32
	pieces   map[pieceKey][]int32
	seen     []int32 // the last query (counted from 1) that gave each slug
	queries  int32
}

// pieceKey is a piece of a slug: its digits, its length, which piece and
// its bytes.
type pieceKey struct {
	digits string
	length int
	piece  int
	bytes  string
}

// newNearSlugs indexes slugs.
func newNearSlugs(slugs []string) *nearSlugs {
	n := &nearSlugs{
		slugs:    slugs,
		digits:   make([]string, len(slugs)),
		dashless: map[string][]int32{},
		words:    map[string][]int32{},
		pieces:   map[pieceKey][]int32{},
		seen:     make([]int32, len(slugs)),
	}
	for i, s := range slugs {
		id := int32(i)
		n.digits[i] = digits(s)
		k := strings.ReplaceAll(s, "-", "")
		n.dashless[k] = append(n.dashless[k], id)
		if k != s {
			k := wordsKey(n.digits[i], s)
			n.words[k] = append(n.words[k], id)
		}
		if len(s) >= 6 {
			d := slips(len(s))
			for p := range d + 1 {
				at, size := piece(len(s), d, p)
				k := pieceKey{n.digits[i], len(s), p, s[at : at+size]}
				n.pieces[k] = append(n.pieces[k], id)
			}
		}
	}
	return n
}

// candidates calls f with the index of every slug that may be similar to
// s, each once, in no order; s itself, if indexed, among them.
func (n *nearSlugs) candidates(s string, f func(j int)) {
	n.queries++
	q := n.queries
	each := func(ids []int32) {
		for _, j := range ids {
			if n.seen[j] != q {
				n.seen[j] = q
				f(int(j))
			}
		}
	}
	dg := digits(s)
	k := strings.ReplaceAll(s, "-", "")
	each(n.dashless[k])
	if k != s {
		each(n.words[wordsKey(dg, s)])
	}
	m := len(s)
	if m < 6 || m > content.MaxSlug {
		// A slug longer than a name may be is an error of its own; its
		// pieces, compared at every offset, took the cube of its length.
		return
	}
	// A similar slug of length l is within max(1, min(m, l)/6) edits, and
	// as many bytes longer or shorter, so within slips(m) and slips(l).
	for l := max(6, m-slips(m)); l <= m+slips(m); l++ {
		d := slips(l)
		for p := range d + 1 {
			at, size := piece(l, d, p)
			for from := max(0, at-d); from <= min(m-size, at+d); from++ {
				each(n.pieces[pieceKey{dg, l, p, s[from : from+size]}])
			}
		}
	}
}

// slips is how many edits apart two slugs, the shorter l bytes long, may
// be and still be similar.
func slips(l int) int { return max(1, l/6) }

// piece returns where piece p of a slug of l bytes cut into d+1 pieces
// starts, and its size: the first pieces are a byte shorter than the last
// when l is not a multiple of d+1.
func piece(l, d, p int) (at, size int) {
	k := d + 1
	short, long := l/k, l/k+1
	nShort := k - l%k
	if p < nShort {
		return p * short, short
	}
	return nShort*short + (p-nShort)*long, long
}

// wordsKey returns the digits of a hyphenated slug and the first byte of
// each of its words. content.Slug makes no empty word (no hyphen first,
// last or after another), which would be the start of any word.
func wordsKey(digits, s string) string {
	var b strings.Builder
	b.WriteString(digits)
	b.WriteByte(0)
	for w := range strings.SplitSeq(s, "-") {
		if w != "" {
			b.WriteByte(w[0])
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}
