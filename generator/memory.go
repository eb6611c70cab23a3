package generator

import (
	"strconv"
	"sync"

	"brief/generator/content"
	"brief/generator/internal/wire"
	"brief/generator/markdown"

	"github.com/cespare/xxhash/v2"
)

// memory is what a Builder keeps between builds: converted markdown and
// rendered pages, each keyed by what it was made from, so that a build
// after one edit converts and renders only what the edit touched.
//
// In brief serve it holds the HTML. A build to disk keeps it in the build
// cache without any HTML (disk is set): a page whose signature is
// unchanged is then kept as the last build wrote it in the output folder,
// and a body is converted again when a page that shows it changed.
type memory struct {
	mu    sync.RWMutex
	md    map[string]*mdEntry   // by source file
	pages map[string]*pageEntry // by output path
	disk  bool
	// settings are those the bodies in md were converted with (see
	// convertedWith).
	settings string
}

func newMemory() *memory {
	return &memory{md: map[string]*mdEntry{}, pages: map[string]*pageEntry{}}
}

// newDiskMemory is an empty memory for a build to disk, which keeps it in
// the cache folder without any HTML.
func newDiskMemory() *memory {
	m := newMemory()
	m.disk = true
	return m
}

// mdEntry is a converted body and what its HTML depends on besides its
// own bytes: the answers its links got from the resolver.
type mdEntry struct {
	Hash uint64 // content.Source.Hash of the file converted
	Deps []linkDep
	// Res is never nil, and never changed once the entry is kept. It is
	// without HTML in a memory kept on disk, and is then most often
	// noResult: a build to disk keeps an entry for every markdown file,
	// 48 bytes each rather than 144 with the Result in place.
	Res *markdown.Result
	Sum uint64 // hash of Res.HTML, for page signatures
}

// resultSum hashes the HTML of a converted body, a briefing's takeaways
// and corrections included.
func resultSum(res *markdown.Result) uint64 {
	if len(res.Inline) == 0 {
		return xxhash.Sum64(res.HTML)
	}
	d := xxhash.New()
	d.Write(res.HTML)
	for _, s := range res.Inline {
		d.Write([]byte{0})
		d.WriteString(s)
	}
	return d.Sum64()
}

// noResult is the Result of a body with no HTML kept, no link and no
// problem; entries share it.
var noResult = &markdown.Result{}

// stripped is e without its HTML (nor the ids in it, which pages are
// scanned for), as a memory kept on disk holds it.
func (e *mdEntry) stripped() *mdEntry {
	c := *e
	if len(e.Res.Links) == 0 && len(e.Res.Problems) == 0 {
		c.Res = noResult
	} else {
		c.Res = &markdown.Result{Links: e.Res.Links, Problems: e.Res.Problems}
	}
	return &c
}

// encode writes e for the build state (see state.go);
// TestMemoryCodec checks that it writes every field.
func (e *mdEntry) encode(w *wire.Writer) {
	w.Fixed64(e.Hash)
	w.Uint(uint64(len(e.Deps)))
	for _, d := range e.Deps {
		w.String(d.Path)
		w.String(d.URL)
		w.String(d.Err)
		w.Bool(d.Resource)
		w.Bool(d.IsPage)
		w.Bool(d.IsSize)
	}
	w.Raw(e.Res.HTML)
	w.Strings(e.Res.IDs)
	w.Strings(e.Res.Inline)
	w.String(e.Res.Image)
	w.String(e.Res.ImageAlt)
	w.Uint(uint64(len(e.Res.Links)))
	for _, l := range e.Res.Links {
		w.String(l.Path)
		w.String(l.Fragment)
		w.Int(int64(l.Line))
		w.Int(int64(l.Col))
		w.Bool(l.Absolute)
	}
	w.Uint(uint64(len(e.Res.Problems)))
	for _, p := range e.Res.Problems {
		w.Int(int64(p.Line))
		w.Int(int64(p.Col))
		w.String(p.Msg)
		w.Bool(p.Warning)
	}
	w.Fixed64(e.Sum)
}

// decode reads what encode wrote into e, and into e.Res if set; r.Err
// tells whether it could.
func (e *mdEntry) decode(r *wire.Reader) {
	e.Hash = r.Fixed64()
	if n := r.Count(6); n > 0 {
		e.Deps = make([]linkDep, n)
		for i := range e.Deps {
			e.Deps[i] = linkDep{Path: r.String(), URL: r.String(), Err: r.String(), Resource: r.Bool(), IsPage: r.Bool(), IsSize: r.Bool()}
		}
	}
	if e.Res == nil {
		e.Res = &markdown.Result{}
	}
	e.Res.HTML = r.Raw()
	e.Res.IDs = r.Strings()
	e.Res.Inline = r.Strings()
	e.Res.Image = r.String()
	e.Res.ImageAlt = r.String()
	if n := r.Count(5); n > 0 {
		e.Res.Links = make([]markdown.Link, n)
		for i := range e.Res.Links {
			e.Res.Links[i] = markdown.Link{Path: r.String(), Fragment: r.String(), Line: int(r.Int()), Col: int(r.Int()), Absolute: r.Bool()}
		}
	}
	if n := r.Count(4); n > 0 {
		e.Res.Problems = make([]markdown.Problem, n)
		for i := range e.Res.Problems {
			e.Res.Problems[i] = markdown.Problem{Line: int(r.Int()), Col: int(r.Int()), Msg: r.String(), Warning: r.Bool()}
		}
	}
	e.Sum = r.Fixed64()
}

type linkDep struct {
	Path     string
	URL      string
	Err      string
	Resource bool
	IsPage   bool // a PageURL question
	// IsSize marks a PictureSize question, whose answer URL holds as
	// width×height; a dep that is neither is a ResourceURL question.
	IsSize bool
}

// known returns the entry for src when it is certainly still valid and has
// nothing to report: same bytes, no link whose answer could change, no
// link to check, no problem. Most notes are such; page signatures use it
// to stay cheap. Any other entry goes through renderer.entry, which
// checks it and reports its links and problems.
func (m *memory) known(src *content.Source) *mdEntry {
	if e := m.markdown(src.File); e != nil && e.Hash == src.Hash && len(e.Deps) == 0 && len(e.Res.Links) == 0 && len(e.Res.Problems) == 0 {
		return e
	}
	return nil
}

// markdown returns the entry kept for a markdown file, or nil.
func (m *memory) markdown(file string) *mdEntry {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.md[file]
}

// expect sizes an empty memory for a site of sources() markdown files and
// pages pages: a large site's maps would otherwise be copied as they grow.
// sources is called only when the memory is empty: counting walks the site.
func (m *memory) expect(sources func() int, pages int) {
	m.mu.Lock()
	if len(m.md) == 0 {
		m.md = make(map[string]*mdEntry, sources())
	}
	if len(m.pages) == 0 {
		m.pages = make(map[string]*pageEntry, pages)
	}
	m.mu.Unlock()
}

// convertedWith forgets the converted bodies when they were converted
// with other settings than these, which markdownSettings makes: a body's
// HTML depends on them besides its bytes and its links' answers.
func (m *memory) convertedWith(settings string) {
	m.mu.Lock()
	if m.settings != settings {
		m.md, m.settings = nil, settings
	}
	m.mu.Unlock()
}

// setMarkdown keeps e as the entry for a markdown file.
func (m *memory) setMarkdown(file string, e *mdEntry) {
	m.mu.Lock()
	m.md[file] = e
	m.mu.Unlock()
}

// valid reports whether the entry still is what converting src would give.
func (e *mdEntry) valid(src *content.Source, r markdown.Resolver) bool {
	if e.Hash != src.Hash {
		return false
	}
	for _, d := range e.Deps {
		if d.IsSize {
			if pictureSize(r.PictureSize(d.Path)) != d.URL {
				return false
			}
		} else if d.IsPage {
			u, err := r.PageURL(d.Path)
			if u != d.URL || errString(err) != d.Err {
				return false
			}
		} else if u, err := r.ResourceURL(d.Path); u != d.URL || err == nil != d.Resource || errString(err) != d.Err {
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
	r.deps = append(r.deps, linkDep{Path: p, URL: u, Err: errString(err), IsPage: true})
	return u, err
}

func (r *recorder) ResourceURL(p string) (string, error) {
	u, err := r.Resolver.ResourceURL(p)
	r.deps = append(r.deps, linkDep{Path: p, URL: u, Err: errString(err), Resource: err == nil})
	return u, err
}

func (r *recorder) PictureSize(p string) (width, height int) {
	width, height = r.Resolver.PictureSize(p)
	r.deps = append(r.deps, linkDep{Path: p, URL: pictureSize(width, height), IsSize: true})
	return width, height
}

// pictureSize is a PictureSize answer as a linkDep keeps it.
func pictureSize(width, height int) string {
	return strconv.Itoa(width) + "x" + strconv.Itoa(height)
}

// pageEntry is a rendered page and the signature of what it showed. A
// memory kept on disk has no HTML: the page is in the output folder.
type pageEntry struct {
	Sig  uint64
	IDs  []string
	html []byte
}

func (m *memory) page(out string) *pageEntry {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.pages[out]
}

func (m *memory) setPage(out string, e *pageEntry) {
	if m.disk {
		e.html = nil
	}
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
