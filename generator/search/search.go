// Package search writes the offline search index of a site: the files the
// /search/ page's script (theme/search.js) fetches to find briefings in the
// reader's browser, with no server.
//
// The index is an inverted index split into shards by the first two
// characters of each word (its key), so that a query loads only the shards
// of its words, plus a table of the briefings cut into chunks, so that
// showing ten results loads at most ten small files:
//
//	search/index.json   {"v":"<hash>","docs":N,"chunk":C,"shards":["ab","ac",…]}
//	search/t/<i>.json   {"t":["word",…],"p":["postings",…]}, words sorted
//	search/d/<k>.json   [[path,title,summary,date,section],…] for briefings k·C to k·C+C-1
//
// Shard i holds the words whose key is at least shards[i] and less than
// shards[i+1]. A shard holds one key, or, on a small site, as many
// consecutive keys as make about ShardSize bytes: a large site has a few
// hundred shards of tens of kilobytes, a small one a handful.
//
// Briefings are numbered newest first, as Site.Briefings lists them. A
// word's postings are its briefings in increasing order, each written as
// (number − previous number)·4 + field, in a string of base64url digits
// five bits at a time (see appendVarint), where field is where the word
// occurs at best: 3 title, 2 topic, section, author, dateline or analyst,
// 1 summary or takeaway, 0 body or note. Every file is written in sorted
// order, so the same site gives the same bytes.
package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"brief/generator/site"
)

// Dir is the folder of the search page and its index, under the base path.
const Dir = "search"

// ChunkSize is how many briefings one file of the docs table holds.
const ChunkSize = 25

// ShardSize is the size below which a shard takes in the next key.
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
	files, keys := shards(terms, postings)
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

// key is the shard of a word: its first two characters.
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

// shards encodes the postings of sorted terms into shards of whole keys,
// in parallel, and returns them with the first key of each.
func shards(terms []string, postings [][]uint32) ([]file, []string) {
	type span struct{ lo, hi int }
	var spans []span
	keys := []string{}
	size := ShardSize // bytes in the last shard, roughly; full, so that the first key opens one
	for lo := 0; lo < len(terms); {
		k, hi, n := key(terms[lo]), lo, 0
		for ; hi < len(terms) && strings.HasPrefix(terms[hi], k); hi++ {
			n += len(terms[hi]) + 4 + 3*len(postings[hi])
		}
		if size >= ShardSize {
			spans = append(spans, span{lo, hi})
			keys = append(keys, k)
			size = 0
		} else {
			spans[len(spans)-1].hi = hi
		}
		size += n
		lo = hi
	}
	files := make([]file, len(spans))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(spans) {
					return
				}
				sp := spans[i]
				files[i] = file{Dir + "/t/" + strconv.Itoa(i) + ".json", encodeShard(terms[sp.lo:sp.hi], postings[sp.lo:sp.hi])}
			}
		}()
	}
	wg.Wait()
	return files, keys
}

// encodeShard writes {"t":[words],"p":[postings]}. Words hold only
// letters, digits and marks, so they need no escaping in JSON. Each word's
// postings are one string of variable-length numbers (see appendVarint):
// a browser parses a string far faster than an array of numbers, and it
// is less than half the size.
func encodeShard(terms []string, postings [][]uint32) []byte {
	n := 16
	for i, t := range terms {
		n += len(t) + 6 + 2*len(postings[i])
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
	return append(b, "]}"...)
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
