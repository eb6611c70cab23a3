package search

import (
	"bytes"
	"slices"
	"sync"

	"github.com/cespare/xxhash/v2"

	"brief/generator/content"
	"brief/generator/internal/parallel"
	"brief/generator/site"
)

// Cache keeps the words of each briefing between builds of one site, so
// that a rebuild tokenises only the briefings whose text changed; the rest
// of the index is then built from numbers. A Builder keeps one for its
// whole life; a one-shot build uses a new one.
type Cache struct {
	mu     sync.Mutex
	dict   *dict               // every word met so far, numbered for good
	sorted []uint32            // word numbers in the words' byte order
	docs   map[string]cacheDoc // by briefing file
}

// cacheDoc is one briefing's words: word number·4 + best field, and a
// signature of everything they were read from.
type cacheDoc struct {
	sig   uint64
	words []uint32
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{dict: newDict(), docs: map[string]cacheDoc{}}
}

// signature hashes what read takes from a briefing. A file's Hash covers
// its front matter and body; names that other files give (the section's
// title, topics' and analysts' display names) are hashed as they are. It
// is the same in every process: the cache may be kept on disk (see State).
func (c *Cache) signature(b *site.Briefing) uint64 {
	h := xxhash.New()
	str := func(s string) {
		h.WriteString(s)
		h.Write([]byte{0})
	}
	num := func(v uint64) {
		var b [8]byte
		for i := range b {
			b[i] = byte(v >> (8 * i))
		}
		h.Write(b[:])
	}
	num(b.Hash)
	str(b.Section.Title)
	for _, t := range b.Topics {
		str(t.Name)
	}
	for _, n := range b.Notes {
		num(n.Hash)
		str(n.Analyst.Name)
		str(n.Affiliation)
	}
	return h.Sum64()
}

// invert returns, for each word of the briefings in sorted order, its
// postings: briefing number·4 + field, in increasing order, not yet
// delta-encoded.
func (c *Cache) invert(bs []*site.Briefing) ([]string, [][]uint32) {
	docs := make([]cacheDoc, len(bs))
	var stale []int
	for i, b := range bs {
		sig := c.signature(b)
		if d, ok := c.docs[b.File]; ok && d.sig == sig && b.Hash != 0 {
			docs[i] = d
			continue
		}
		docs[i].sig = sig
		stale = append(stale, i)
	}
	c.read(bs, stale, docs)
	clear(c.docs)
	for i, b := range bs {
		c.docs[b.File] = docs[i]
	}
	c.sort()

	// Count, then fill one array: millions of postings, two allocations.
	counts := make([]int, c.dict.len())
	for _, d := range docs {
		for _, v := range d.words {
			counts[v>>2]++
		}
	}
	var terms []string
	var postings [][]uint32
	offset := make([]int, c.dict.len()) // by word number: its postings' place in postings
	all := 0
	for _, id := range c.sorted {
		if counts[id] > 0 {
			offset[id] = len(terms)
			terms = append(terms, string(c.dict.word(id)))
			postings = append(postings, nil)
			all += counts[id]
		}
	}
	store := make([]uint32, 0, all)
	for _, id := range c.sorted {
		if n := counts[id]; n > 0 {
			postings[offset[id]] = store[len(store) : len(store) : len(store)+n]
			store = store[:len(store)+n]
		}
	}
	for doc, d := range docs {
		for _, v := range d.words {
			p := &postings[offset[v>>2]]
			*p = append(*p, uint32(doc)<<2|v&3)
		}
	}
	return terms, postings
}

// sort brings c.sorted up to date with the words added since the last
// build: a few after an edit, each put in its place.
func (c *Cache) sort() {
	cmp := func(a, b uint32) int { return bytes.Compare(c.dict.word(a), c.dict.word(b)) }
	n := c.dict.len()
	if added := n - len(c.sorted); added > len(c.sorted)/8 {
		c.sorted = c.sorted[:0]
		for id := range n {
			c.sorted = append(c.sorted, uint32(id))
		}
		slices.SortFunc(c.sorted, cmp)
		return
	}
	for id := uint32(len(c.sorted)); int(id) < n; id++ {
		i, _ := slices.BinarySearchFunc(c.sorted, id, cmp)
		c.sorted = slices.Insert(c.sorted, i, id)
	}
}

// batch is the words of a run of briefings read by one worker: for each,
// its words as the worker's word number·4 + field.
type batch struct {
	worker *worker
	docs   []int // which briefings
	words  []uint32
	ends   []int // end of each briefing's words in words
}

// worker numbers the words it meets in its own dictionary, so workers
// share nothing until their batches are merged.
type worker struct {
	tok   tokenizer
	dict  *dict
	best  []int8   // by local number: best field in the current briefing, -1 if absent
	seen  []uint32 // local numbers met in the current briefing
	words []uint32 // scratch for a batch's words, copied out at its end
}

const batchSize = 64

// read tokenises the briefings bs[i] for i in which, in parallel, and
// sets docs[i].words.
func (c *Cache) read(bs []*site.Briefing, which []int, docs []cacheDoc) {
	batches := make([]batch, (len(which)+batchSize-1)/batchSize)
	var workers []*worker
	parallel.For(len(batches), func() func(int) {
		w := &worker{dict: newDict()}
		workers = append(workers, w)
		return func(k int) {
			batches[k] = w.read(bs, which[k*batchSize:min(len(which), (k+1)*batchSize)])
		}
	})

	// Number each worker's words in the cache's dictionary: one lookup
	// per distinct word and worker, not per word read.
	local := map[*worker][]uint32{}
	for _, w := range workers {
		m := make([]uint32, w.dict.len())
		for i := range m {
			m[i], _ = c.dict.id(w.dict.word(uint32(i)))
		}
		local[w] = m
	}
	for _, b := range batches {
		m, start := local[b.worker], 0
		for i, v := range b.words {
			b.words[i] = m[v>>2]<<2 | v&3
		}
		for k, end := range b.ends {
			docs[b.docs[k]].words = b.words[start:end:end]
			start = end
		}
	}
}

// read collects the words of the briefings bs[i] for i in which.
func (w *worker) read(bs []*site.Briefing, which []int) batch {
	out := batch{worker: w, docs: which, ends: make([]int, 0, len(which))}
	w.words = w.words[:0]
	for _, i := range which {
		b := bs[i]
		w.text(b.Title, fieldTitle)
		w.text(b.Section.Title, fieldTag)
		w.text(b.Author, fieldTag)
		w.text(b.Dateline, fieldTag)
		for _, t := range b.Topics {
			w.text(t.Name, fieldTag)
		}
		w.text(b.Summary, fieldSummary)
		for _, t := range b.Takeaways {
			w.text(t, fieldSummary)
		}
		w.markdown(text(&b.Source))
		for _, n := range b.Notes {
			w.text(n.Analyst.Name, fieldTag)
			w.text(n.Affiliation, fieldBody)
			w.markdown(text(&n.Source))
		}
		for _, id := range w.seen {
			w.words = append(w.words, id<<2|uint32(w.best[id]))
			w.best[id] = -1
		}
		w.seen = w.seen[:0]
		out.ends = append(out.ends, len(w.words))
	}
	out.words = append([]uint32(nil), w.words...)
	return out
}

func (w *worker) text(s string, field int8) {
	w.tok.words([]byte(s), false, func(word []byte) { w.note(word, field) })
}

func (w *worker) markdown(body []byte) {
	w.tok.words(body, true, func(word []byte) { w.note(word, fieldBody) })
}

// note records a word of the current briefing in field.
func (w *worker) note(word []byte, field int8) {
	id, added := w.dict.id(word)
	if added {
		w.best = append(w.best, -1)
	}
	if w.best[id] < 0 {
		w.seen = append(w.seen, id)
	}
	w.best[id] = max(w.best[id], field)
}

// text is a body's markdown. A body that cannot be read again (see
// content.Source.Text) adds no words: rendering its page reports why.
func text(src *content.Source) []byte {
	body, _ := src.Text()
	return body
}
