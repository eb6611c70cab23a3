package publish

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"brief/generator/internal/scan"
	"brief/generator/internal/wire"
)

// Manifest records what a build wrote, so that the next build can keep
// every file whose bytes did not change (same inode, same modification
// time: rsync-style deploys upload only what changed) and can skip a build
// whose inputs did not change at all.
type Manifest struct {
	Key   string              // hash of everything the build read; "" when unknown
	Out   string              // absolute path of the output folder (saved from the manifest's folder)
	Files map[string]FileInfo // output path → what was written there
	Stats []byte              // the build's summary, for a build that is skipped
	// Inputs are the source files the key was made from, so that the next
	// build hashes again only the files whose size or time changed.
	Inputs map[string]FileInfo
	// InputsTable, when set, is written in place of Inputs: the inputs
	// encoded as soon as they are known (see EncodeTable).
	InputsTable Table
	// InputStamps and OutStamps are the folders of the inputs and of
	// the output folder as the last build listed them, for this build's
	// listings, which record them again in the same Stamps for the next
	// (see scan.Stamps); nil for none.
	InputStamps, OutStamps *scan.Stamps
}

// Table is a table of files in the form a manifest keeps it. A build
// holds its inputs' table so, a few bytes a file, from the time it knows
// their hashes until it saves the manifest, rather than as a map: at
// 100,000 briefings the map and its paths are 67 MB.
type Table []byte

// EncodeTable encodes t for Manifest.InputsTable.
func EncodeTable(t map[string]FileInfo) Table {
	size := 0
	for p := range t {
		size += len(p) + 24
	}
	w := wire.NewWriter(make([]byte, 0, size))
	writeTable(w, t)
	return w.Bytes()
}

// FileInfo identifies one output file's content and the file on disk
// holding it.
type FileInfo struct {
	Size    int64
	ModTime int64  // UnixNano
	Sum     uint64 // xxhash of the bytes: fast, and stable from one process to the next
}

// ReadManifest reads a manifest written by Save. A missing, unreadable or
// damaged manifest is an empty one: it only costs time.
func ReadManifest(file string) *Manifest {
	data, err := wire.ReadFile(file)
	if err != nil {
		return &Manifest{Files: map[string]FileInfo{}}
	}
	m, err := decodeManifest(data)
	if err != nil {
		return &Manifest{Files: map[string]FileInfo{}}
	}
	if m.Out != "" && !filepath.IsAbs(m.Out) {
		// Saved from the cache folder (see Save).
		if dir, err := filepath.Abs(filepath.Dir(file)); err == nil {
			m.Out = filepath.Join(dir, m.Out)
		}
	}
	return m
}

// Save writes the manifest atomically.
func (m *Manifest) Save(file string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return fmt.Errorf("save manifest: %w", err)
	}
	tmp := file + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("save manifest: %w", err)
	}
	// Written as it is encoded: a large site's manifest is megabytes,
	// and memory the process has not touched yet costs more than the
	// write.
	w := wire.NewStream(f)
	saved := *m
	if dir, err := filepath.Abs(filepath.Dir(file)); err == nil && m.Out != "" {
		// The output folder is recorded from the cache folder's, so
		// that a site moved with both (a CI runner that restores them
		// into another checkout) still finds its output described.
		if rel, err := filepath.Rel(dir, m.Out); err == nil {
			saved.Out = rel
		}
	}
	saved.write(w)
	err = w.Seal()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("save manifest: %w", err)
	}
	return os.Rename(tmp, file)
}

// A manifest is read before anything else on every build, and a large
// site's lists tens of thousands of files, so it is in package wire's
// form, several times faster than encoding/gob's maps: a header line,
// the key, output folder and stats, then each table (whether there is one, a
// count, then path, size, time and hash per file), then the stamps, sealed
// (see wire.Writer.Seal), so that a damaged file is not taken for a manifest.
const manifestHeader = "brief manifest 4\n"

// encode returns the manifest's bytes, as Save writes them.
func (m *Manifest) encode() []byte {
	w := wire.NewWriter(nil)
	m.write(w)
	w.Seal()
	return w.Bytes()
}

// write writes the manifest, unsealed, to w.
func (m *Manifest) write(w *wire.Writer) {
	w.Append([]byte(manifestHeader))
	w.String(m.Key)
	w.String(m.Out)
	w.Raw(m.Stats)
	writeTable(w, m.Files)
	if m.InputsTable != nil {
		w.Append(m.InputsTable)
	} else {
		writeTable(w, m.Inputs)
	}
	m.InputStamps.Write(w)
	m.OutStamps.Write(w)
}

func writeTable(w *wire.Writer, t map[string]FileInfo) {
	w.Bool(t != nil)
	w.Uint(uint64(len(t)))
	for p, fi := range t {
		w.String(p)
		w.Int(fi.Size)
		w.Int(fi.ModTime)
		w.Fixed64(fi.Sum)
	}
}

// decodeManifest reads what encode wrote.
func decodeManifest(data []byte) (*Manifest, error) {
	data, err := wire.Unseal(data)
	if err != nil || len(data) < len(manifestHeader) || string(data[:len(manifestHeader)]) != manifestHeader {
		return nil, wire.ErrDamaged
	}
	r := wire.NewReader(data[len(manifestHeader):])
	m := &Manifest{Key: r.String(), Out: r.String(), Stats: r.Raw()}
	m.Files = readTable(r)
	m.Inputs = readTable(r)
	for _, st := range []**scan.Stamps{&m.InputStamps, &m.OutStamps} {
		if raw := r.Raw(); raw != nil {
			*st = scan.NewStamps(raw)
		}
	}
	if r.Err() != nil || m.Files == nil || r.Left() != 0 {
		return nil, wire.ErrDamaged
	}
	return m, nil
}

func readTable(r *wire.Reader) map[string]FileInfo {
	present := r.Bool()
	n := r.Count(11) // a file takes at least 11 bytes
	if !present {
		return nil
	}
	t := make(map[string]FileInfo, n)
	for range n {
		p := r.String()
		t[p] = FileInfo{Size: r.Int(), ModTime: r.Int(), Sum: r.Fixed64()}
	}
	return t
}

// Found is what a build finds in its output folder before it writes, from
// one listing of it (see Examine).
type Found struct {
	// Intact: every file the manifest lists is in out as it was written
	// (same size and modification time), and nothing else is.
	Intact bool
	// Strays lists, sorted, the files in out that the manifest does not
	// list for out: files brief did not write, unless written by a build
	// whose manifest is lost. The files an update in place cut short had
	// added (see Writer.Saved), and the temporary files that updates in
	// place of earlier versions of brief wrote beside their targets, are
	// brief's own and not listed.
	Strays []string
	// Stamps are the output folder's folders as listed, for the next
	// build's Manifest.OutStamps; nil if the output was not listed from
	// a manifest of the cache.
	Stamps *scan.Stamps
}

// Examine lists out and reports what it holds against m, the manifest of
// the last build (nil when unknown). A folder out that does not exist is
// not intact and has no strays.
func Examine(out string, m *Manifest) (Found, error) {
	var found Found
	if m != nil && m.Out == out && m.Key != "" {
		// A build from the cache: the output folder as brief left it.
		found.Stamps = m.OutStamps
		if found.Stamps == nil {
			found.Stamps = scan.NewStamps(nil)
		}
	}
	files, err := scan.Tree(out, scan.Options{Stamps: found.Stamps})
	if err != nil {
		return found, err
	}
	var known map[string]FileInfo
	if m != nil && m.Out == out {
		known = m.Files
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() && m != nil {
		found.Intact = len(files) == len(m.Files)
	}
	for _, f := range files {
		if found.Intact {
			want, ok := m.Files[f.Path]
			found.Intact = ok && f.Size == want.Size && f.ModTime == want.ModTime
		}
		if _, ok := known[f.Path]; !ok && !isTemp(f.Path) {
			found.Strays = append(found.Strays, f.Path)
		}
	}
	if len(found.Strays) > 0 && known != nil {
		added := addedBy(out)
		found.Strays = slices.DeleteFunc(found.Strays, func(rel string) bool { return added[rel] })
	}
	sort.Strings(found.Strays)
	return found, nil
}

// tempSuffix ends the name of the file that an update in place wrote
// beside its target, the name starting with a dot, before it renamed it
// over the old one, until updates wrote into a folder of their own.
const tempSuffix = ".brief-tmp"

// isTemp reports whether rel is such a temporary file, which an update
// cut short left in the output.
func isTemp(rel string) bool {
	base := path.Base(rel)
	return strings.HasPrefix(base, ".") && strings.HasSuffix(base, tempSuffix)
}

// Intact reports whether every file the manifest lists is still in out as
// it was written (same size and modification time) and nothing else is.
func (m *Manifest) Intact(out string) bool {
	found, err := Examine(out, m)
	return err == nil && found.Intact
}
