package scan

import (
	"sync"
	"time"

	"brief/generator/internal/wire"
)

// Stamps spare a listing the folders that did not change since the last
// one. A folder's entries change only with its change time: making,
// removing or renaming an entry sets it, and so does any change of the
// folder's own times. So a listing given the stamps of the last takes the
// entries of each folder whose inode and change time are as they were from
// those stamps, and stats them, without opening and reading the folder:
// on a large site, nearly every folder, and half the system calls of a
// listing. The files' sizes and times are read afresh every time.
//
// A folder changed within the file system clock's granularity before
// the listing began could change again unseen with the same change time,
// as with git's "racily clean" files: its stamp is kept but not trusted,
// and the next listing reads it.
//
// Stamps are kept by the build cache, in the manifest. Only Linux reads
// folders this way; elsewhere Stamps are neither used nor made.
type Stamps struct {
	last map[string]lastRoot // root → its folders' records, as the last listings wrote them

	mu    sync.Mutex
	next  []rootRecs // this time's records, root by root
	fresh int        // folders read afresh
	kept  int        // folders taken from the last stamps
}

// rootRecs are a root's records of this time's listing, in pieces: those
// of folders read afresh, and those taken from the last records as they
// were.
type rootRecs struct {
	root string
	n    int
	segs [][]byte
}

// stamp is a folder as the last listing found it.
type stamp struct {
	ino   uint64
	ctime int64  // Unix nanoseconds; 0 when not to be trusted
	rec   []byte // the whole record, as record wrote it
	names []byte // its part that names the entries (see each)
}

// each calls file for each entry of the folder that is not a folder, then
// dir for each folder in it.
func (st stamp) each(file, dir func(name string) error) error {
	r := wire.NewReader(st.names)
	for _, f := range []func(string) error{file, dir} {
		for range r.Count(1) {
			if err := f(r.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

// NewStamps returns Stamps that listings take folders from as last
// recorded them, the bytes an earlier Stamps wrote (see Write; nil for
// none). A damaged record only makes the listings read every folder.
func NewStamps(last []byte) *Stamps {
	s := &Stamps{last: map[string]lastRoot{}}
	r := wire.NewReader(last)
	for r.Left() > 0 && r.Err() == nil {
		root, n, recs := r.String(), r.Count(1), r.Raw()
		s.last[root] = lastRoot{n, recs}
	}
	if r.Err() != nil {
		s.last = map[string]lastRoot{}
	}
	return s
}

// lastRoot is a root's records of the last listing.
type lastRoot struct {
	n    int    // how many
	recs []byte // their bytes
}

// Write writes the records of the listings made with s as one byte slice
// (see wire.Writer.Raw), which NewStamps takes back. A nil s has none.
func (s *Stamps) Write(w *wire.Writer) {
	if s == nil {
		w.Raw(nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var head []*wire.Writer // each root's, before its records
	size := 0
	for _, r := range s.next {
		h := wire.NewWriter(nil)
		h.String(r.root)
		h.Uint(uint64(r.n))
		recs := 0
		for _, seg := range r.segs {
			recs += len(seg)
		}
		h.Uint(uint64(recs))
		head = append(head, h)
		size += h.Len() + recs
	}
	w.Uint(uint64(size))
	for i, r := range s.next {
		w.Append(head[i].Bytes())
		for _, seg := range r.segs {
			w.Append(seg)
		}
	}
}

// Read returns how many folders the listings made with s read, and how
// many they took from the last stamps without reading them.
func (s *Stamps) Read() (fresh, kept int) {
	if s == nil {
		return 0, 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fresh, s.kept
}

// of decodes the last records of root's folders, keyed by path from root.
func (s *Stamps) of(root string) map[string]stamp {
	last := s.last[root]
	r := wire.NewReader(last.recs)
	m := make(map[string]stamp, last.n)
	for r.Left() > 0 && r.Err() == nil {
		begin := len(last.recs) - r.Left()
		key := r.String()
		st := stamp{ino: r.Uint(), ctime: r.Int()}
		names := len(last.recs) - r.Left()
		for range 2 {
			for range r.Count(1) {
				_ = r.String()
			}
		}
		end := len(last.recs) - r.Left()
		st.rec, st.names = last.recs[begin:end:end], last.recs[names:end:end]
		m[key] = st
	}
	if r.Err() != nil {
		return nil
	}
	return m
}

// recorder is one walker's side of Stamps.
type recorder struct {
	last  map[string]stamp // the last listing's folders; read only
	start time.Time        // when the listing began
	rec   *wire.Writer     // this listing's records of folders read afresh; nil for none
	kept  [][]byte         // and of those taken from last, as they were
	fresh int
}

// record writes the stamp of the folder at key, from the root, read afresh.
func (r *recorder) record(key string, ino uint64, ctime int64, files, dirs []string) {
	if ctime >= racyBefore(r.start, ctime) {
		ctime = 0
	}
	r.fresh++
	r.rec.String(key)
	r.rec.Uint(ino)
	r.rec.Int(ctime)
	r.rec.Strings(files)
	r.rec.Strings(dirs)
}

// trusted returns the last stamp of the folder at key if it still holds:
// the folder has the same inode and change time. The stamp is recorded
// again as it was.
func (r *recorder) trusted(key string, ino uint64, ctime int64) (stamp, bool) {
	old, ok := r.last[key]
	ok = ok && old.ctime != 0 && old.ino == ino && old.ctime == ctime
	if ok {
		r.kept = append(r.kept, old.rec)
	}
	return old, ok
}

// add keeps root's records, written by the walkers of one listing.
func (s *Stamps) add(root string, walkers []*recorder) {
	r := rootRecs{root: root}
	fresh := 0
	for _, w := range walkers {
		if w.rec != nil && w.rec.Len() > 0 {
			r.segs = append(r.segs, w.rec.Bytes())
		}
		r.segs = append(r.segs, w.kept...)
		fresh += w.fresh
		r.n += w.fresh + len(w.kept)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next = append(s.next, r)
	s.fresh += fresh
	s.kept += r.n - fresh
}

// racyBefore is the earliest change time a listing that starts at start
// can trust of a folder whose change time is ctime: a later change can
// leave the change time as it was only within the clock's granularity.
// Linux stamps a change with a clock that lags by at most a tick (10 ms
// at 100 Hz); a file system that keeps whole seconds (ctime's nanoseconds
// zero) may round down by up to two (FAT).
func racyBefore(start time.Time, ctime int64) int64 {
	window := racyWindow
	if ctime%int64(time.Second) == 0 {
		window = 3 * time.Second
	}
	return start.Add(-window).UnixNano()
}

// racyWindow is how long before a listing a folder's change makes its
// stamp untrusted, on a file system with fine times. A variable for tests.
var racyWindow = 100 * time.Millisecond
