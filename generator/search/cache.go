package search

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sync"
	"unicode/utf8"

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

// cacheDoc is one briefing's words, and a signature of everything they
// were read from. Each word is its number·4 + best field, as a uvarint
// (see encoding/binary): the words of every briefing are kept through a
// build, and the most frequent words, met first, have the smallest numbers.
type cacheDoc struct {
	sig   uint64
	words []byte
}

// validWords reports whether words, as a cacheDoc holds them, are well
// formed, each word's number below n.
func validWords(words []byte, n uint32) bool {
	for len(words) > 0 {
		v, k := binary.Uvarint(words)
		if k <= 0 || v>>2 >= uint64(n) {
			return false
		}
		words = words[k:]
	}
	return true
}

// nextWord decodes the first of well-formed words (see validWords): most
// take one or two bytes, decoded inline, since a rebuild decodes the words
// of every briefing.
func nextWord(words []byte) (uint32, []byte) {
	if words[0] < 0x80 {
		return uint32(words[0]), words[1:]
	}
	if len(words) > 1 && words[1] < 0x80 {
		return uint32(words[0]&0x7f) | uint32(words[1])<<7, words[2:]
	}
	v, k := binary.Uvarint(words)
	if k <= 0 {
		return 0, nil // not well formed: cannot happen (see RestoreCache)
	}
	return uint32(v), words[k:]
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
	docs, stale := c.plan(bs)
	c.read(bs, stale, docs)
	return c.finish(bs, docs)
}

// plan returns the briefings' words the cache holds, and which briefings
// (by index) must be tokenised: the others' signatures are unchanged.
func (c *Cache) plan(bs []*site.Briefing) ([]cacheDoc, []int) {
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
	return docs, stale
}

// finish keeps the briefings' words for the next build and inverts them.
func (c *Cache) finish(bs []*site.Briefing, docs []cacheDoc) ([]string, [][]uint32) {
	clear(c.docs)
	for i, b := range bs {
		c.docs[b.File] = docs[i]
	}
	c.sort()

	// Count, then fill one array: millions of postings, two allocations.
	n := uint32(c.dict.len())
	counts := make([]int, n)
	for _, d := range docs {
		for p := d.words; len(p) > 0; {
			var v uint32
			v, p = nextWord(p)
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
		for p := d.words; len(p) > 0; {
			var v uint32
			v, p = nextWord(p)
			l := &postings[offset[v>>2]]
			*l = append(*l, uint32(doc)<<2|v&3)
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
		w := newWorker()
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
	var packed []byte
	for _, b := range batches {
		m, start := local[b.worker], 0
		packed = packed[:0]
		ends := make([]int, len(b.ends))
		for k, end := range b.ends {
			for _, v := range b.words[start:end] {
				packed = binary.AppendUvarint(packed, uint64(m[v>>2]<<2|v&3))
			}
			ends[k] = len(packed)
			start = end
		}
		give(docs, b.docs, packed, ends)
	}
}

// give sets the words of docs[which[k]] to packed[ends[k-1]:ends[k]], in
// one allocation of packed's size: packed is the caller's buffer, to use
// again.
func give(docs []cacheDoc, which []int, packed []byte, ends []int) {
	all, start := bytes.Clone(packed), 0
	for k, i := range which {
		docs[i].words = all[start:ends[k]:ends[k]]
		start = ends[k]
	}
}

func newWorker() *worker { return &worker{dict: newDict()} }

// read collects the words of the briefings bs[i] for i in which.
func (w *worker) read(bs []*site.Briefing, which []int) batch {
	out := batch{worker: w, docs: which, ends: make([]int, 0, len(which))}
	w.words = w.words[:0]
	for _, i := range which {
		w.doc(bs[i])
		out.ends = append(out.ends, len(w.words))
	}
	out.words = append([]uint32(nil), w.words...)
	return out
}

// doc adds the words of briefing b to w.words.
func (w *worker) doc(b *site.Briefing) {
	w.text(b.Title, fieldTitle)
	w.text(b.Section.Title, fieldTag)
	w.text(b.Author, fieldTag)
	w.text(b.Dateline, fieldTag)
	for _, t := range b.Topics {
		w.text(t.Name, fieldTag)
	}
	w.text(b.Summary, fieldSummary)
	for _, t := range b.Takeaways { // inline markdown, as corrections
		w.markdownIn([]byte(t), fieldSummary)
	}
	w.markdown(text(&b.Source))
	for _, c := range b.Corrections { // on the page, as inline markdown
		w.markdown([]byte(c.Text))
	}
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
}

func (w *worker) text(s string, field int8) {
	w.tok.words([]byte(s), false, func(word []byte, key uint64) { w.note(word, key, field) })
}

func (w *worker) markdown(body []byte) { w.markdownIn(body, fieldBody) }

// markdownIn adds the words of markdown text in field: those the page
// shows, with its character references as the page shows them.
func (w *worker) markdownIn(text []byte, field int8) {
	w.tok.words(references(text), true, func(word []byte, key uint64) { w.note(word, key, field) })
}

// note records a word of the current briefing in field; key is the
// tokenizer's (see tokenizer.words). An Arabic noun with its article is
// recorded without it too (see withoutArticle).
func (w *worker) note(word []byte, key uint64, field int8) {
	w.add(word, key, field)
	if noun := withoutArticle(word); noun != nil {
		w.add(noun, 0, field)
	}
}

// articles are the Arabic definite article, ال, alone and after a
// conjunction or preposition of one letter written with it (و, ف, ب, ك),
// and لل, ل with the article's alef dropped; longer ones first.
var articles = [][]byte{[]byte("وال"), []byte("فال"), []byte("بال"), []byte("كال"), []byte("ال"), []byte("لل")}

// withoutArticle returns an Arabic word without its article (articles),
// when three letters or more are left, or nil. Arabic writes the article
// joined to its noun, and search matches words from their start: a reader
// who types مدينة (city) found nothing in a page that says المدينة (the
// city).
func withoutArticle(word []byte) []byte {
	if len(word) < 8 || word[0] != 0xd8 && word[0] != 0xd9 { // ال and three letters: eight bytes at least
		return nil
	}
	for _, a := range articles {
		if rest, ok := bytes.CutPrefix(word, a); ok {
			if utf8.RuneCount(rest) < 3 {
				return nil
			}
			return rest
		}
	}
	return nil
}

// add records word in field (see note).
func (w *worker) add(word []byte, key uint64, field int8) {
	var id uint32
	var added bool
	if key != 0 {
		id, added = w.dict.idShort(key, word)
	} else {
		id, added = w.dict.id(word)
	}
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

// Indexer builds the index of one build while the build reads each
// briefing for its page: Read tokenises a briefing while its body is in
// memory, and Write the briefings not read yet, then writes the index.
// So a build to disk need not hold every body at once for the index, nor
// read them twice. Read numbers words in the cache's own dictionary and
// packs them at once, so what waits for Write is what the cache keeps. An
// Indexer is for one goroutine; the Cache is not to be used until Write
// returns.
type Indexer struct {
	c    *Cache
	s    *site.Site
	docs []cacheDoc
	todo []bool // by briefing index: to be tokenised
	w    *worker
	// The words of briefings read since the last cut, packed end to end,
	// and which briefings they are, with where each one's end.
	packed []byte
	read   []int
	ends   []int
}

// Indexer starts building the index of s.
func (c *Cache) Indexer(s *site.Site) *Indexer {
	c.mu.Lock()
	docs, stale := c.plan(s.Briefings)
	c.mu.Unlock()
	w := &worker{dict: c.dict, best: make([]int8, c.dict.len())}
	for i := range w.best {
		w.best[i] = -1
	}
	x := &Indexer{c: c, s: s, docs: docs, todo: make([]bool, len(s.Briefings)), w: w}
	for _, i := range stale {
		x.todo[i] = true
	}
	return x
}

// Read tokenises briefing i of the site, if its words are not known yet.
func (x *Indexer) Read(i int) {
	if !x.todo[i] {
		return
	}
	x.todo[i] = false
	x.w.words = x.w.words[:0]
	x.w.doc(x.s.Briefings[i])
	for _, v := range x.w.words {
		x.packed = binary.AppendUvarint(x.packed, uint64(v))
	}
	x.read = append(x.read, i)
	x.ends = append(x.ends, len(x.packed))
	if len(x.read) == batchSize {
		x.cut()
	}
}

// cut gives the briefings read since the last cut their words, in one
// allocation of their size.
func (x *Indexer) cut() {
	give(x.docs, x.read, x.packed, x.ends)
	x.packed, x.read, x.ends = x.packed[:0], x.read[:0], x.ends[:0]
}

// Write reads the briefings Read was not given and writes the index as
// Cache.Write does.
func (x *Indexer) Write(write func(path string, data []byte)) {
	c := x.c
	c.mu.Lock()
	defer c.mu.Unlock()
	x.cut()
	var rest []int
	for i, todo := range x.todo {
		if todo {
			rest = append(rest, i)
		}
	}
	c.read(x.s.Briefings, rest, x.docs)
	terms, postings := c.finish(x.s.Briefings, x.docs)
	c.write(x.s, terms, postings, write)
}
