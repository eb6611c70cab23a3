package search

// CacheState is a Cache in a form the build cache can write to disk, so that
// a build in a new process tokenises only the briefings that changed.
type CacheState struct {
	Arena  []byte   // every word, in number order, end to end
	Ends   []uint32 // where each word ends in Arena
	Sorted []uint32 // word numbers in the words' byte order
	Files  []string // briefing files, each with its signature and words
	Sigs   []uint64
	Words  [][]byte // as cacheDoc holds them
}

// State returns the cache's contents. It shares memory with the cache,
// which must not be used until the state is encoded.
func (c *Cache) State() *CacheState {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := &CacheState{Arena: c.dict.arena, Sorted: c.sorted}
	st.Ends = make([]uint32, c.dict.len())
	for i := range st.Ends {
		st.Ends[i] = uint32(c.dict.start[i+1])
	}
	for file, d := range c.docs {
		st.Files = append(st.Files, file)
		st.Sigs = append(st.Sigs, d.sig)
		st.Words = append(st.Words, d.words)
	}
	return st
}

// RestoreCache returns a cache holding what st records, or an empty cache
// if st does not hold together.
func RestoreCache(st *CacheState) *Cache {
	c := NewCache()
	if len(st.Files) != len(st.Sigs) || len(st.Files) != len(st.Words) || len(st.Sorted) != len(st.Ends) {
		return c
	}
	start := uint32(0)
	for _, end := range st.Ends {
		if end < start || int(end) > len(st.Arena) {
			return NewCache()
		}
		if _, added := c.dict.id(st.Arena[start:end]); !added {
			return NewCache() // a word twice: numbers would not match
		}
		start = end
	}
	n := uint32(c.dict.len())
	for _, id := range st.Sorted {
		if id >= n {
			return NewCache()
		}
	}
	for i, file := range st.Files {
		if !validWords(st.Words[i], n) {
			return NewCache()
		}
		c.docs[file] = cacheDoc{sig: st.Sigs[i], words: st.Words[i]}
	}
	c.sorted = st.Sorted
	return c
}
