package generator

import (
	"hash/maphash"
	"sync"

	"brief/generator/content"
	"brief/generator/markdown"
)

// memory is what a Builder keeps between builds, in brief serve: converted
// markdown and rendered pages, each keyed by what it was made from, so that
// a build after one edit converts and renders only what the edit touched.
// A one-shot build has none.
type memory struct {
	mu    sync.RWMutex
	md    map[string]*mdEntry   // by source file
	pages map[string]*pageEntry // by output path
	seed  maphash.Seed
}

func newMemory() *memory {
	return &memory{md: map[string]*mdEntry{}, pages: map[string]*pageEntry{}, seed: maphash.MakeSeed()}
}

// mdEntry is a converted body and what its HTML depends on besides its
// own bytes: the answers its links got from the resolver.
type mdEntry struct {
	hash uint64 // content.Source.Hash of the file converted
	deps []linkDep
	res  markdown.Result
	sum  uint64 // hash of res.HTML, for page signatures
}

type linkDep struct {
	path     string
	url      string
	err      string
	resource bool
	isPage   bool // a PageURL question, else an IsResource one
}

// known returns the entry for src when it is certainly still valid and has
// nothing to report: same bytes, no link whose answer could change, no
// link to check, no problem. Most notes are such; page signatures use it
// to stay cheap. Any other entry goes through renderer.entry, which
// checks it and reports its links and problems.
func (m *memory) known(src *content.Source) *mdEntry {
	m.mu.RLock()
	e := m.md[src.File]
	m.mu.RUnlock()
	if e != nil && e.hash == src.Hash && len(e.deps) == 0 && len(e.res.Links) == 0 && len(e.res.Problems) == 0 {
		return e
	}
	return nil
}

// valid reports whether the entry still is what converting src would give.
func (e *mdEntry) valid(src *content.Source, r markdown.Resolver) bool {
	if e.hash != src.Hash {
		return false
	}
	for _, d := range e.deps {
		if d.isPage {
			u, err := r.PageURL(d.path)
			if u != d.url || errString(err) != d.err {
				return false
			}
		} else if r.IsResource(d.path) != d.resource {
			return false
		}
	}
	return true
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// recorder answers link questions with the site's resolver and writes down
// every answer, for mdEntry.valid.
type recorder struct {
	markdown.Resolver
	deps []linkDep
}

func (r *recorder) PageURL(p string) (string, error) {
	u, err := r.Resolver.PageURL(p)
	r.deps = append(r.deps, linkDep{path: p, url: u, err: errString(err), isPage: true})
	return u, err
}

func (r *recorder) IsResource(p string) bool {
	ok := r.Resolver.IsResource(p)
	r.deps = append(r.deps, linkDep{path: p, resource: ok})
	return ok
}

// pageEntry is a rendered page and the signature of what it showed.
type pageEntry struct {
	sig  uint64
	html []byte
	ids  []string
}

func (m *memory) page(out string) *pageEntry {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.pages[out]
}

func (m *memory) setPage(out string, e *pageEntry) {
	m.mu.Lock()
	m.pages[out] = e
	m.mu.Unlock()
}

// stale reports whether memory may hold pages or files that the site no
// longer has: more entries than the site has pages or markdown files.
// Entries for pages that are always rendered, or bodies not converted,
// are missing from memory and could hide a few stale ones; those are
// dropped at a later build, and until then only take room: entries are
// checked before they are used. Listing what is live costs tens of
// milliseconds on a large site, so a rebuild after an edit skips it.
func (m *memory) stale(pages, files int) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.pages) > pages || len(m.md) > files
}

// forget drops pages that no longer exist, so memory follows the site.
func (m *memory) forget(keep map[string]bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for out := range m.pages {
		if !keep[out] {
			delete(m.pages, out)
		}
	}
	for file := range m.md {
		if !keep[file] {
			delete(m.md, file)
		}
	}
}
