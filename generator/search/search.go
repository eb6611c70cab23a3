// Package search writes the offline search index of a site: the files the
// /search/ page's script (theme/search.js) fetches to find briefings in the
// reader's browser, with no server.
//
// The index is an inverted index split into shards, so that a query loads
// one file of at most a few tens of kilobytes per word, plus a table of
// the briefings cut into chunks, so that showing ten results loads at most
// ten small files:
//
//	search/index.json   {"v":"<hash>","docs":N,"chunk":C,"shards":["ab","ac",…]}
//	search/t/<i>.json   {"t":["word",…],"p":["postings",…],"u":{"prefix":"union",…}}
//	search/d/<k>.json   [[path,title,summary,date,section],…] for briefings k·C to k·C+C-1
//
// Words are grouped by prefix, counted in characters: first by their
// first two, the group's key. A group larger than ShardSize bytes whose
// key is shorter than maxSplit characters is split (see split): into the
// groups of its words keyed one character longer, and a pseudo-group
// keyed by the split prefix itself, which holds the word equal to it, if
// there is one, and the prefix's union: each briefing with a word
// starting with the prefix, at the best level among those words.
// Groups are sorted by key, in code point order (UTF-8's byte order), and
// laid in shards in that order, whole: a shard holds one group, or as
// many consecutive ones as make about ShardSize bytes. shards[i] is the
// key of the first group of shard i; "u" maps the prefixes of the
// shard's pseudo-groups to their unions, and is left out when it has none.
//
// The briefings with a word starting with w, a whole query word, are in
// one shard: the last whose first key is not after w. If its "u" has w,
// they are that union; otherwise they are the postings of its words that
// start with w. This is complete. If w was split, its pseudo-group is
// keyed w itself: the last group whose key is not after w. If not, let g
// be the shortest prefix of w, from two characters on, that was not
// split. Every word starting with g, so every word starting with w, is in
// the leaf group keyed g; if there is none, no word starts with w, and no
// shard has a union for w nor words starting with w. g ≤ w, and every
// group after g has a key greater than any string that starts with g,
// hence than w: only splitting g would make keys that start with g. So g
// is the last group whose key is not after w.
//
// Briefings are numbered newest first, as Site.Briefings lists them. A
// word's postings are its briefings in increasing order, each written as
// (number − previous number)·4 + field, in a string of base64url digits
// five bits at a time (see appendVarint), where field is where the word
// occurs at best: 3 title, 2 topic, section, author, dateline or analyst,
// 1 summary or takeaway, 0 body or note. A union's postings are written
// as (number − previous number)·8 + level, where level is field·2, plus 1
// for the word equal to the prefix: levels rank as the scores search.js
// gives (its weight of the field, half as much again for the very word
// typed: 1, 1.5, 3, 4.5, 6, 9, 10, 15), so a union gives each briefing
// the score a search of every word starting with the prefix would. Every
// file is written in sorted order, so the same site gives the same bytes.
package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"brief/generator/internal/parallel"
	"brief/generator/site"
)

// Dir is the folder of the search page and its index, under the base path.
const Dir = "search"

// ChunkSize is how many briefings one file of the docs table holds.
const ChunkSize = 25

// ShardSize is the size below which a shard takes in the next group, and
// above which a group is split.
const ShardSize = 16 << 10

// Fields, from weakest to strongest.
const (
	fieldBody = iota
	fieldSummary
	fieldTag
	fieldTitle
)

// Write builds the index of s and passes each of its files to write, with
// its path relative to the output folder. Its cost is linear in the
// site's text: the markdown bodies are tokenised as they are, never
// converted.
func Write(s *site.Site, write func(path string, data []byte)) {
	NewCache().Write(s, write)
}

// Write is the package's Write, reading again only the briefings that
// changed since the cache's last build: what brief serve does after a save.
func (c *Cache) Write(s *site.Site, write func(path string, data []byte)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	terms, postings := c.invert(s.Briefings)
	c.write(s, terms, postings, write)
}

// write writes the index files of s, made of its words' postings.
func (c *Cache) write(s *site.Site, terms []string, postings [][]uint32, write func(path string, data []byte)) {
	files, keys := shards(terms, postings, len(s.Briefings))
	files = append(files, docs(s)...)
	h := sha256.New()
	for _, f := range files {
		h.Write([]byte(f.path))
		h.Write(f.data)
	}
	meta := struct {
		V      string   `json:"v"`
		Docs   int      `json:"docs"`
		Chunk  int      `json:"chunk"`
		Shards []string `json:"shards"`
	}{hex.EncodeToString(h.Sum(nil)[:6]), len(s.Briefings), ChunkSize, keys}
	for _, f := range files {
		write(f.path, f.data)
	}
	data, err := json.Marshal(meta)
	if err != nil {
		panic(fmt.Errorf("marshal search meta: %w", err)) // strings and ints only: cannot fail
	}
	write(Dir+"/index.json", data)
}

type file struct {
	path string
	data []byte
}

// key is the group a word starts in: its first two characters.
func key(term string) string {
	n := 0
	for i := range term {
		if n == 2 {
			return term[:i]
		}
		n++
	}
	return term
}

// maxSplit is the length, in characters, of the keys of groups that are
// never split, however large: few words share eight letters, and those
// that do are mostly one word and its endings.
const maxSplit = 8

// group is a run of consecutive words that go to one shard together. A
// leaf holds terms[lo:hi], the words starting with key. The pseudo-group
// of a split key holds the word equal to key, if there is one, as
// terms[lo:hi], and the union of the postings of terms[lo:end], all the
// words starting with key.
type group struct {
	key    string
	lo, hi int
	end    int    // 0 for a leaf
	size   int    // bytes it adds to its shard
	union  []byte // a pseudo-group's union postings
}

// shards encodes the postings of sorted terms, of briefings numbered
// below docs, into shards of whole groups, in parallel, and returns them
// with the first key of each.
func shards(terms []string, postings [][]uint32, docs int) ([]file, []string) {
	sizes := termSizes(terms, postings)
	groups := split(terms, sizes)

	var pseudo []int // the groups that need a union
	for i, g := range groups {
		if g.end > 0 {
			pseudo = append(pseudo, i)
		}
	}
	parallel.For(len(pseudo), func() func(int) {
		u := unioner{best: make([]uint8, docs)}
		return func(k int) {
			g := &groups[pseudo[k]]
			g.union = u.union(g.key, terms[g.lo:g.end], postings[g.lo:g.end])
			g.size += len(g.key) + len(g.union) + 6 // "key":"union",
		}
	})

	type span struct{ lo, hi int } // groups[lo:hi]
	var spans []span
	keys := []string{}
	size := ShardSize // bytes in the last shard; full, so that the first group opens one
	for i, g := range groups {
		if size >= ShardSize {
			spans = append(spans, span{i, i + 1})
			keys = append(keys, g.key)
			size = 0
		} else {
			spans[len(spans)-1].hi = i + 1
		}
		size += g.size
	}
	files := make([]file, len(spans))
	parallel.For(len(spans), func() func(int) {
		return func(i int) {
			// The words of consecutive groups are consecutive.
			gs := groups[spans[i].lo:spans[i].hi]
			lo, hi := gs[0].lo, gs[len(gs)-1].hi
			files[i] = file{Dir + "/t/" + strconv.Itoa(i) + ".json", encodeShard(terms[lo:hi], postings[lo:hi], gs)}
		}
	})
	return files, keys
}

// termSizes returns the bytes each word adds to its shard: "word", and
// "postings", in parallel.
func termSizes(terms []string, postings [][]uint32) []int {
	sizes := make([]int, len(terms))
	const chunk = 4096
	parallel.For((len(terms)+chunk-1)/chunk, func() func(int) {
		return func(k int) {
			for i := k * chunk; i < min(len(terms), (k+1)*chunk); i++ {
				n, prev := 0, uint32(0)
				for _, v := range postings[i] {
					doc := v >> 2
					for v = (doc-prev)<<2 | v&3; v >= 32; v >>= 5 {
						n++
					}
					n++
					prev = doc
				}
				sizes[i] = len(terms[i]) + n + 6
			}
		}
	})
	return sizes
}

// split groups sorted terms by prefix: first by their key, then, while a
// group is larger than ShardSize, by one more character, each split key
// keeping a pseudo-group of its own. A group is not split when its key is
// maxSplit characters long, nor when a single word makes it that large:
// the word equal to the key, which its pseudo-group would hold again, or
// its only word, which the union would only repeat.
func split(terms []string, sizes []int) []group {
	sum := make([]int, len(terms)+1) // sum[i]: bytes of terms[:i]
	for i, n := range sizes {
		sum[i+1] = sum[i] + n
	}
	var groups []group
	var walk func(k string, runes, lo, hi int)
	walk = func(k string, runes, lo, hi int) {
		size, same := sum[hi]-sum[lo], lo
		if terms[lo] == k {
			same++
		}
		if runes >= maxSplit || hi-lo < 2 || sum[hi]-sum[same] <= ShardSize {
			groups = append(groups, group{key: k, lo: lo, hi: hi, size: size})
			return
		}
		groups = append(groups, group{key: k, lo: lo, hi: same, end: hi, size: sum[same] - sum[lo]})
		for lo = same; lo < hi; {
			_, n := utf8.DecodeRuneInString(terms[lo][len(k):])
			sub, end := terms[lo][:len(k)+n], lo+1
			for end < hi && strings.HasPrefix(terms[end], sub) {
				end++
			}
			walk(sub, runes+1, lo, end)
			lo = end
		}
	}
	for lo := 0; lo < len(terms); {
		k, hi := key(terms[lo]), lo+1
		for hi < len(terms) && strings.HasPrefix(terms[hi], k) {
			hi++
		}
		walk(k, utf8.RuneCountInString(k), lo, hi)
		lo = hi
	}
	return groups
}

// unioner merges postings, reusing its buffers.
type unioner struct {
	best []uint8  // by briefing: 1 + best level so far, 0 if none
	docs []uint32 // the briefings with a level
}

// union encodes the union of the postings of terms, the words starting
// with key: each briefing that has one, in increasing order, as
// (number − previous number)·8 + level, the best level of those words
// in it, where level is field·2 + 1 in a word equal to key, field·2 in
// a longer one.
func (u *unioner) union(key string, terms []string, postings [][]uint32) []byte {
	best, n := u.best, 0
	for _, ps := range postings {
		n += len(ps)
	}
	dense := n > len(best)/16 // then reading every briefing is faster than sorting those met
	u.docs = u.docs[:0]
	for i, ps := range postings {
		plus := uint8(1) // 1 + whether the word is key
		if terms[i] == key {
			plus = 2
		}
		for _, v := range ps {
			doc, l := v>>2, uint8(v&3)<<1+plus
			old := best[doc]
			if old == 0 && !dense {
				u.docs = append(u.docs, doc)
			}
			if l > old {
				best[doc] = l
			}
		}
	}
	if dense {
		for doc, l := range best {
			if l > 0 {
				u.docs = append(u.docs, uint32(doc))
			}
		}
	} else {
		slices.Sort(u.docs)
	}
	b := make([]byte, 0, 2*len(u.docs))
	prev := uint32(0)
	for _, doc := range u.docs {
		b = appendVarint(b, (doc-prev)<<3|uint32(best[doc]-1))
		best[doc] = 0
		prev = doc
	}
	return b
}

// encodeShard writes {"t":[words],"p":[postings]}, and "u":{key:union}
// for the pseudo-groups among groups. Words hold only letters, digits and
// marks, so they need no escaping in JSON. Each word's postings are one
// string of variable-length numbers (see appendVarint): a browser parses
// a string far faster than an array of numbers, and it is less than half
// the size.
func encodeShard(terms []string, postings [][]uint32, groups []group) []byte {
	n := 32
	for _, g := range groups {
		n += g.size
	}
	b := make([]byte, 0, n)
	b = append(b, `{"t":[`...)
	for i, t := range terms {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, t...)
		b = append(b, '"')
	}
	b = append(b, `],"p":[`...)
	for i, ps := range postings {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		prev := uint32(0)
		for _, v := range ps {
			doc := v >> 2
			b = appendVarint(b, (doc-prev)<<2|v&3)
			prev = doc
		}
		b = append(b, '"')
	}
	b = append(b, ']')
	sep := `,"u":{"`
	for _, g := range groups {
		if g.end > 0 {
			b = append(b, sep...)
			b = append(b, g.key...)
			b = append(b, `":"`...)
			b = append(b, g.union...)
			b = append(b, '"')
			sep = `,"`
		}
	}
	if sep != `,"u":{"` {
		b = append(b, '}')
	}
	return append(b, '}')
}

// digits are the characters of a posting string: base64url, safe in JSON.
const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// appendVarint writes v five bits at a time, lowest first, each group as
// one of digits with 32 added while more groups follow.
func appendVarint(b []byte, v uint32) []byte {
	for ; v >= 32; v >>= 5 {
		b = append(b, digits[v&31|32])
	}
	return append(b, digits[v])
}

// docs writes the table of briefings: what a result shows.
func docs(s *site.Site) []file {
	base := s.Config.BasePath()
	var files []file
	for lo := 0; lo < len(s.Briefings); lo += ChunkSize {
		chunk := s.Briefings[lo:min(lo+ChunkSize, len(s.Briefings))]
		rows := make([][5]string, len(chunk))
		for i, b := range chunk {
			rows[i] = [5]string{strings.TrimPrefix(b.URL, base), b.Title, b.Summary, b.Date.Format("2 January 2006"), b.Section.Title}
		}
		data, err := json.Marshal(rows)
		if err != nil {
			panic(fmt.Errorf("marshal search docs: %w", err)) // strings only: cannot fail
		}
		files = append(files, file{Dir + "/d/" + strconv.Itoa(lo/ChunkSize) + ".json", data})
	}
	return files
}
