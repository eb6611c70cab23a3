package generator

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"brief/generator/content"
	"brief/generator/internal/osfs"
	"brief/generator/internal/parallel"
	"brief/generator/internal/wire"
	"brief/generator/markdown"
	"brief/generator/publish"
	"brief/generator/search"
)

// A build to disk keeps its state in the cache folder beside the
// manifest, so that the next build, in a new process, reads, converts,
// tokenises and renders again only what changed: every parsed content file
// (without its body), every converted body's hash and link answers
// (without its HTML), every page's signature and ids (the page itself is
// in the output folder) and the search index's words. It is used only by a
// build of the same brief binary and settings (the version) whose previous
// output is the one the manifest describes (its key); each of its entries
// is keyed by the bytes it was made from, so it never gives a stale page.
//
// The state is four files, written (see stateWriter) and read in
// parallel, each in package wire's form: a header and the part's records,
// sealed (see wire.Writer.Seal), so that a damaged file is not taken for
// a state. A fifth file, the index, is written last and ties them together.

// stateHeader opens each state file: the version of brief and settings
// that wrote it, and a number drawn for the build, which the index names.
type stateHeader struct{ Version, Build string }

// stateMagic starts every state file.
const stateMagic = "brief state 3"

// statePart is one file of the state, and how to read it into a state.
type statePart struct {
	name string
	load func(cfg Config, st *state, r *wire.Reader)
}

// stateParts are the parts, in the order restoreState counts on.
var stateParts = []statePart{
	{"content", loadContent},
	{"markdown", loadMarkdown},
	{"pages", loadPages},
	{"search", loadSearch},
}

func stateFile(cfg Config, part string) string {
	return filepath.Join(cfg.CacheDir, "state-"+part)
}

func stateIndexFile(cfg Config) string {
	return filepath.Join(cfg.CacheDir, "state")
}

// newDiskState is the state of a build to disk that starts from nothing.
func newDiskState(cfg Config) *state {
	l := content.NewLoader(osfs.Dir(cfg.Source), cfg.BaseURL)
	l.LimitBodies(content.BodyMemory)
	return &state{loader: l, mem: newDiskMemory(), search: search.NewCache()}
}

// restoreState returns the state the last build kept, if it fits: its
// manifest is prev, with the same version and output folder out. It
// returns nil otherwise. The caller sets which inputs changed (see
// hashInputs).
//
// It returns once the content is read: the build can load and model the
// site while the other parts are read, until st.ready is closed. If one
// of them cannot be read, the state has none of them: an empty memory and
// search cache, which only cost time.
func restoreState(cfg Config, version string, prev *publish.Manifest, out string) *state {
	if version == "" || prev.Key == "" || prev.Out != out || prev.Inputs == nil {
		return nil
	}
	var key string
	head, err := readState(stateIndexFile(cfg), func(r *wire.Reader) { key = r.String() })
	if err != nil || head.Version != version || key != prev.Key {
		return nil
	}
	st := &state{restored: true}
	ready := make(chan struct{})
	go func() {
		defer close(ready)
		defer func() {
			if v := recover(); v != nil { // a bug in brief: raised again by await
				st.crash = fmt.Sprintf("%v\n%s", v, debug.Stack())
			}
		}()
		rest := stateParts[1:]
		parts := make([]state, len(rest))
		errs := make([]error, len(rest))
		parallel.For(len(rest), func() func(int) {
			return func(i int) { errs[i] = readPart(cfg, rest[i], head, &parts[i]) }
		})
		if errors.Join(errs...) != nil || parts[2].search == nil {
			st.mem, st.search = newDiskMemory(), search.NewCache()
			return
		}
		st.mem = &memory{md: parts[0].mem.md, settings: parts[0].mem.settings, pages: parts[1].mem.pages, disk: true}
		st.search = parts[2].search
	}()
	var content state
	if readPart(cfg, stateParts[0], head, &content) != nil || content.loader == nil {
		<-ready
		return nil
	}
	st.loader, st.ready = content.loader, ready
	return st
}

// await waits for the parts restoreState reads after the content.
func (st *state) await() {
	if st.ready != nil {
		<-st.ready
		st.ready = nil
	}
	if st.crash != "" {
		panic("reading the build state: " + st.crash)
	}
}

// readPart reads part p into st, if its header is want.
func readPart(cfg Config, p statePart, want stateHeader, st *state) error {
	st.mem = &memory{disk: true} // the markdown and pages parts make their maps
	head, err := readState(stateFile(cfg, p.name), func(r *wire.Reader) { p.load(cfg, st, r) })
	if err == nil && head != want {
		err = errors.New("state of another build")
	}
	return err
}

// readState reads a state file, with read for what follows its header.
// The strings read share the file's bytes.
func readState(file string, read func(r *wire.Reader)) (stateHeader, error) {
	data, err := wire.ReadFile(file)
	if err == nil {
		data, err = wire.Unseal(data)
	}
	if err != nil {
		return stateHeader{}, err
	}
	r := wire.NewReader(data)
	if r.String() != stateMagic {
		return stateHeader{}, wire.ErrDamaged
	}
	head := stateHeader{r.String(), r.String()}
	read(r)
	if r.Err() != nil || r.Left() != 0 {
		return stateHeader{}, wire.ErrDamaged
	}
	return head, nil
}

// stateWriter writes the parts of a build's state, each in the background
// as soon as the build is done with it (the content after the load, the
// search words after the index is written), so that a large site's build
// lets go of them early. The files are put in place by commit, only once
// the build has succeeded; abort removes them.
type stateWriter struct {
	cfg    Config
	header stateHeader
	wg     sync.WaitGroup
	mu     sync.Mutex
	errs   []error
	files  []string // written, not yet in place
}

func newStateWriter(cfg Config, version string) *stateWriter {
	// The temporary files of saves cut short: a build killed while it
	// saved the state or the manifest.
	publish.RemoveOld(cfg.CacheDir, time.Now().Add(-publish.StaleAfter), cacheTemp)
	var build [8]byte
	rand.Read(build[:])
	return &stateWriter{cfg: cfg, header: stateHeader{version, hex.EncodeToString(build[:])}}
}

// write encodes one part in the background with save.
func (sw *stateWriter) write(part string, save func(w *wire.Writer)) {
	sw.wg.Add(1)
	go func() {
		defer sw.wg.Done()
		file := stateFile(sw.cfg, part)
		err := os.MkdirAll(filepath.Dir(file), 0o755)
		if err == nil {
			err = writePart(file+".tmp", sw.header, save)
		}
		sw.mu.Lock()
		defer sw.mu.Unlock()
		if err != nil {
			sw.errs = append(sw.errs, err)
		}
		sw.files = append(sw.files, file)
	}()
}

// commit waits for every part, puts them in place and writes the index
// that names them, for the manifest whose key is key. With no key, the
// state is not kept.
func (sw *stateWriter) commit(key string) error {
	sw.wg.Wait()
	if err := errors.Join(sw.errs...); err != nil || key == "" {
		sw.abort()
		return err
	}
	index := stateIndexFile(sw.cfg)
	os.Remove(index) // the parts of the last state go first
	for _, file := range sw.files {
		if err := os.Rename(file+".tmp", file); err != nil {
			sw.abort()
			return err
		}
	}
	return writePart(index, sw.header, func(w *wire.Writer) { w.String(key) })
}

// abort waits for every part and removes what was written.
func (sw *stateWriter) abort() {
	sw.wg.Wait()
	for _, file := range sw.files {
		os.Remove(file + ".tmp")
	}
}

// writePart writes a state file: head, then what save writes, sealed.
func writePart(file string, head stateHeader, save func(w *wire.Writer)) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	w := wire.NewStream(f)
	w.String(stateMagic)
	w.String(head.Version)
	w.String(head.Build)
	save(w)
	err = w.Seal()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(file)
	}
	return err
}

func loadContent(cfg Config, st *state, r *wire.Reader) {
	ls := content.DecodeState(r)
	if r.Err() != nil {
		return
	}
	l := content.RestoreLoader(osfs.Dir(cfg.Source), cfg.BaseURL, ls)
	l.LimitBodies(content.BodyMemory)
	st.loader = l
}

// saveMarkdown writes the converted bodies' entries, by file.
func saveMarkdown(w *wire.Writer, mem *memory) {
	w.String(mem.settings)
	m := mem.md
	w.Uint(uint64(len(m)))
	for file, e := range m {
		w.String(file)
		e.encode(w)
	}
}

func loadMarkdown(cfg Config, st *state, r *wire.Reader) {
	st.mem.settings = r.String()
	n := r.Count(18)
	st.mem.md = make(map[string]*mdEntry, n)
	slab := make([]mdEntry, n)
	res := make([]markdown.Result, n)
	for i := range n {
		file := r.String()
		slab[i].Res = &res[i]
		slab[i].decode(r)
		st.mem.md[file] = &slab[i]
	}
}

// savePages writes the pages' signatures and ids, by output path.
func savePages(w *wire.Writer, m map[string]*pageEntry) {
	w.Uint(uint64(len(m)))
	for out, e := range m {
		w.String(out)
		w.Fixed64(e.Sig)
		w.Strings(e.IDs)
	}
}

func loadPages(cfg Config, st *state, r *wire.Reader) {
	n := r.Count(10)
	st.mem.pages = make(map[string]*pageEntry, n)
	slab := make([]pageEntry, n)
	for i := range n {
		out := r.String()
		slab[i] = pageEntry{Sig: r.Fixed64(), IDs: r.Strings()}
		st.mem.pages[out] = &slab[i]
	}
}

func saveSearch(w *wire.Writer, cs *search.CacheState) {
	w.Raw(cs.Arena)
	writeUints(w, cs.Ends)
	writeUints(w, cs.Sorted)
	w.Uint(uint64(len(cs.Files)))
	for i, file := range cs.Files {
		w.String(file)
		w.Fixed64(cs.Sigs[i])
		w.Raw(cs.Words[i])
	}
}

func loadSearch(cfg Config, st *state, r *wire.Reader) {
	if cs := decodeSearch(r); r.Err() == nil {
		st.search = search.RestoreCache(cs)
	}
}

// decodeSearch reads what saveSearch wrote.
func decodeSearch(r *wire.Reader) *search.CacheState {
	cs := &search.CacheState{Arena: r.Raw(), Ends: readUints(r), Sorted: readUints(r)}
	n := r.Count(10)
	cs.Files, cs.Sigs, cs.Words = make([]string, n), make([]uint64, n), make([][]byte, n)
	for i := range n {
		cs.Files[i], cs.Sigs[i], cs.Words[i] = r.String(), r.Fixed64(), r.Raw()
	}
	return cs
}

func writeUints(w *wire.Writer, l []uint32) {
	w.Uint(uint64(len(l)))
	for _, v := range l {
		w.Uint(uint64(v))
	}
}

func readUints(r *wire.Reader) []uint32 {
	n := r.Count(1)
	if n == 0 {
		return nil
	}
	l := make([]uint32, n)
	for i := range l {
		l[i] = uint32(r.Uint())
	}
	return l
}
