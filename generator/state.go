package generator

import (
	"bufio"
	"crypto/rand"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"brief/generator/content"
	"brief/generator/internal/parallel"
	"brief/generator/internal/wire"
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
// parallel, each a gob stream: a header, then chunks. No message is
// large: gob reads a large message in growing steps, copying it again at
// each. A fifth file, the index, is written last and ties them together.

// stateHeader opens each state file: the version of brief and settings
// that wrote it, and a number drawn for the build, which stateIndex names.
type stateHeader struct{ Version, Build string }

// stateIndex is the file that makes the parts a state: written last, it
// names the build whose parts they are and the key of the manifest that
// build wrote.
type stateIndex struct{ Version, Build, Key string }

// stateChunk is how many records go in one gob message.
const stateChunk = 2048

// record is one entry of a memory map (markdown by file, pages by output
// path), as the markdown and pages parts hold it.
type record[V any] struct {
	Key   string
	Entry *V
}

// statePart is one file of the state, and how to read it into a state.
type statePart struct {
	name string
	load func(cfg Config, st *state, dec *gob.Decoder) error
}

// stateParts are the parts, in the order restoreState counts on.
var stateParts = []statePart{
	{"content", loadContent},
	{"markdown", loadMarkdown},
	{"pages", loadPages},
	{"search", loadSearch},
}

func stateFile(cfg Config, part string) string {
	return filepath.Join(cfg.CacheDir, "state-"+part+".gob")
}

func stateIndexFile(cfg Config) string {
	return filepath.Join(cfg.CacheDir, "state.gob")
}

// newDiskState is the state of a build to disk that starts from nothing.
func newDiskState(cfg Config) *state {
	l := content.NewLoader(os.DirFS(cfg.Source), cfg.BaseURL)
	l.LimitBodies(content.BodyMemory)
	mem := newMemory()
	mem.disk = true
	return &state{loader: l, mem: mem, search: search.NewCache()}
}

// restoreState returns the state the last build kept, if it fits: its
// manifest is prev, with the same version and output folder out. It
// returns nil otherwise. The caller sets which inputs changed (see
// changedInputs).
func restoreState(cfg Config, version string, prev *publish.Manifest, out string) *state {
	if version == "" || prev.Key == "" || prev.Out != out || prev.Inputs == nil {
		return nil
	}
	var index stateIndex
	f, err := os.Open(stateIndexFile(cfg))
	if err != nil {
		return nil
	}
	err = gob.NewDecoder(f).Decode(&index)
	f.Close()
	if err != nil || index.Version != version || index.Key != prev.Key {
		return nil
	}
	parts := make([]state, len(stateParts))
	errs := make([]error, len(stateParts))
	want := stateHeader{version, index.Build}
	parallel.For(len(stateParts), func() func(int) {
		return func(i int) { errs[i] = readPart(cfg, stateParts[i], want, &parts[i]) }
	})
	if errors.Join(errs...) != nil || parts[0].loader == nil || parts[3].search == nil {
		return nil
	}
	mem := &memory{md: parts[1].mem.md, pages: parts[2].mem.pages, disk: true}
	return &state{loader: parts[0].loader, mem: mem, search: parts[3].search}
}

// changedInputs lists the input files whose bytes differ between two
// builds' inputs, and those only one of them has.
func changedInputs(prev, now map[string]publish.FileInfo) []string {
	changed := []string{}
	for file, info := range now {
		if was, ok := prev[file]; !ok || was.Sum != info.Sum {
			changed = append(changed, file)
		}
	}
	for file := range prev {
		if _, ok := now[file]; !ok {
			changed = append(changed, file)
		}
	}
	sort.Strings(changed)
	return changed
}

// readPart reads part p into st, if its header is want.
func readPart(cfg Config, p statePart, want stateHeader, st *state) error {
	f, err := os.Open(stateFile(cfg, p.name))
	if err != nil {
		return err
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	var h stateHeader
	if err := dec.Decode(&h); err != nil {
		return err
	}
	if h != want {
		return errors.New("state of another build")
	}
	st.mem = &memory{md: map[string]*mdEntry{}, pages: map[string]*pageEntry{}, disk: true}
	return p.load(cfg, st, dec)
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
	var build [8]byte
	rand.Read(build[:])
	return &stateWriter{cfg: cfg, header: stateHeader{version, hex.EncodeToString(build[:])}}
}

// write encodes one part in the background with save.
func (sw *stateWriter) write(part string, save func(enc *gob.Encoder) error) {
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
	return writePart(index, stateIndex{sw.header.Version, sw.header.Build, key}, nil)
}

// abort waits for every part and removes what was written.
func (sw *stateWriter) abort() {
	sw.wg.Wait()
	for _, file := range sw.files {
		os.Remove(file + ".tmp")
	}
}

// writePart writes a gob stream to file: head, then what save writes, if
// anything.
func writePart(file string, head any, save func(enc *gob.Encoder) error) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := gob.NewEncoder(w)
	err = enc.Encode(head)
	if err == nil && save != nil {
		err = save(enc)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(file)
	}
	return err
}

// chunks encodes a list in messages of stateChunk records.
func chunks[T any](enc *gob.Encoder, list []T) error {
	for len(list) > 0 {
		n := min(len(list), stateChunk)
		if err := enc.Encode(list[:n]); err != nil {
			return err
		}
		list = list[n:]
	}
	return nil
}

// eachChunk decodes messages of records until the stream ends.
func eachChunk[T any](dec *gob.Decoder, f func([]T)) error {
	for {
		var list []T
		err := dec.Decode(&list)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		f(list)
	}
}

// saveContent writes the loader's state: its settings with gob, then its
// number of files, then the files in chunks, each in package content's own form (see
// content.EncodeFiles) as one gob message of bytes.
func saveContent(enc *gob.Encoder, ls *content.LoaderState) error {
	files := ls.Files
	ls.Files = nil
	if err := enc.Encode(ls); err != nil {
		return err
	}
	if err := enc.Encode(len(files)); err != nil {
		return err
	}
	w := wire.NewWriter(nil)
	for len(files) > 0 {
		n := min(len(files), stateChunk)
		w.Reset()
		content.EncodeFiles(w, files[:n])
		if err := enc.Encode(w.Bytes()); err != nil {
			return err
		}
		files = files[n:]
	}
	return nil
}

func loadContent(cfg Config, st *state, dec *gob.Decoder) error {
	var ls content.LoaderState
	var n int
	if err := dec.Decode(&ls); err != nil {
		return err
	}
	if err := dec.Decode(&n); err != nil {
		return err
	}
	ls.Files = make([]content.FileState, 0, n)
	for {
		var chunk []byte
		err := dec.Decode(&chunk)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		r := wire.NewReader(chunk)
		ls.Files = append(ls.Files, content.DecodeFiles(r)...)
		if r.Err() != nil || r.Left() != 0 {
			return wire.ErrDamaged
		}
	}
	l := content.RestoreLoader(os.DirFS(cfg.Source), cfg.BaseURL, &ls)
	l.LimitBodies(content.BodyMemory)
	st.loader = l
	return nil
}

// saveMap encodes a memory map in chunks of records.
func saveMap[V any](enc *gob.Encoder, m map[string]*V) error {
	list := make([]record[V], 0, len(m))
	for k, e := range m {
		list = append(list, record[V]{k, e})
	}
	return chunks(enc, list)
}

// loadMap decodes what saveMap wrote into m.
func loadMap[V any](dec *gob.Decoder, m map[string]*V) error {
	return eachChunk(dec, func(list []record[V]) {
		for _, r := range list {
			if r.Entry != nil {
				m[r.Key] = r.Entry
			}
		}
	})
}

func loadMarkdown(cfg Config, st *state, dec *gob.Decoder) error { return loadMap(dec, st.mem.md) }

func loadPages(cfg Config, st *state, dec *gob.Decoder) error { return loadMap(dec, st.mem.pages) }

// searchDoc is one briefing's words in the search state.
type searchDoc struct {
	File  string
	Sig   uint64
	Words []uint32
}

func saveSearch(enc *gob.Encoder, cs *search.CacheState) error {
	docs := make([]searchDoc, len(cs.Files))
	for i := range docs {
		docs[i] = searchDoc{cs.Files[i], cs.Sigs[i], cs.Words[i]}
	}
	cs.Files, cs.Sigs, cs.Words = nil, nil, nil
	if err := enc.Encode(cs); err != nil {
		return err
	}
	return chunks(enc, docs)
}

func loadSearch(cfg Config, st *state, dec *gob.Decoder) error {
	var cs search.CacheState
	if err := dec.Decode(&cs); err != nil {
		return err
	}
	err := eachChunk(dec, func(docs []searchDoc) {
		for _, d := range docs {
			cs.Files = append(cs.Files, d.File)
			cs.Sigs = append(cs.Sigs, d.Sig)
			cs.Words = append(cs.Words, d.Words)
		}
	})
	if err != nil {
		return err
	}
	st.search = search.RestoreCache(&cs)
	return nil
}
