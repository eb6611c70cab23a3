package publish

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"brief/generator/internal/scan"

	"github.com/cespare/xxhash/v2"
)

// Manifest records what a build wrote, so that the next build can keep
// every file whose bytes did not change (same inode, same modification
// time: rsync-style deploys upload only what changed) and can skip a build
// whose inputs did not change at all.
type Manifest struct {
	Key   string              // hash of everything the build read; "" when unknown
	Out   string              // absolute path of the output folder
	Files map[string]FileInfo // output path → what was written there
	Stats []byte              // the build's summary, for a build that is skipped
	// Inputs are the source files the key was made from, so that the next
	// build hashes again only the files whose size or time changed.
	Inputs map[string]FileInfo
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
	data, err := os.ReadFile(file)
	if err != nil {
		return &Manifest{Files: map[string]FileInfo{}}
	}
	m, err := decodeManifest(data)
	if err != nil {
		return &Manifest{Files: map[string]FileInfo{}}
	}
	return m
}

// Save writes the manifest atomically.
func (m *Manifest) Save(file string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return fmt.Errorf("save manifest: %w", err)
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, m.encode(), 0o644); err != nil {
		return fmt.Errorf("save manifest: %w", err)
	}
	return os.Rename(tmp, file)
}

// A manifest is read before anything else on every build, and a large
// site's lists tens of thousands of files, so it has a format of its own,
// several times faster than encoding/gob's maps: a header line, the key,
// output folder and stats, then each table (a count plus one, 0 for none,
// then path, size, time and hash per file), then an xxhash of all that
// before, so that a damaged file is not taken for a manifest. Numbers are
// varints, strings have their length first.
const manifestHeader = "brief manifest 2\n"

func (m *Manifest) encode() []byte {
	size := len(manifestHeader) + len(m.Key) + len(m.Out) + len(m.Stats) + 64
	for _, t := range []map[string]FileInfo{m.Files, m.Inputs} {
		for p := range t {
			size += len(p) + 32
		}
	}
	b := append(make([]byte, 0, size), manifestHeader...)
	b = appendString(b, m.Key)
	b = appendString(b, m.Out)
	b = appendString(b, string(m.Stats))
	b = appendTable(b, m.Files)
	b = appendTable(b, m.Inputs)
	return binary.LittleEndian.AppendUint64(b, xxhash.Sum64(b))
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendTable(b []byte, t map[string]FileInfo) []byte {
	if t == nil {
		return binary.AppendUvarint(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(t))+1)
	for p, fi := range t {
		b = appendString(b, p)
		b = binary.AppendVarint(b, fi.Size)
		b = binary.AppendVarint(b, fi.ModTime)
		b = binary.LittleEndian.AppendUint64(b, fi.Sum)
	}
	return b
}

var errDamaged = errors.New("damaged manifest")

// decodeManifest reads what encode wrote. Every string in the manifest
// shares one copy of data.
func decodeManifest(data []byte) (*Manifest, error) {
	n := len(data) - 8
	if n < len(manifestHeader) || string(data[:len(manifestHeader)]) != manifestHeader ||
		binary.LittleEndian.Uint64(data[n:]) != xxhash.Sum64(data[:n]) {
		return nil, errDamaged
	}
	d := manifestDecoder{b: data[:n], s: string(data[:n]), off: len(manifestHeader)}
	m := &Manifest{Key: d.string(), Out: d.string()}
	if stats := d.string(); stats != "" {
		m.Stats = []byte(stats)
	}
	m.Files = d.table()
	m.Inputs = d.table()
	if d.err != nil || m.Files == nil || d.off != len(d.b) {
		return nil, errDamaged
	}
	return m, nil
}

// manifestDecoder reads a manifest's fields from b, at off, and records
// the first error. s holds the same bytes as b, for the strings.
type manifestDecoder struct {
	b   []byte
	s   string
	off int
	err error
}

func (d *manifestDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b[d.off:])
	if n <= 0 {
		d.fail()
		return 0
	}
	d.off += n
	return v
}

func (d *manifestDecoder) varint() int64 {
	v, n := binary.Varint(d.b[d.off:])
	if n <= 0 {
		d.fail()
		return 0
	}
	d.off += n
	return v
}

func (d *manifestDecoder) uint64() uint64 {
	if len(d.b)-d.off < 8 {
		d.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b[d.off:])
	d.off += 8
	return v
}

func (d *manifestDecoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.b)-d.off) {
		d.fail()
		return ""
	}
	v := d.s[d.off : d.off+int(n)]
	d.off += int(n)
	return v
}

func (d *manifestDecoder) table() map[string]FileInfo {
	n := d.uvarint()
	if n == 0 {
		return nil
	}
	// Each file takes at least 11 bytes: a count larger than that allows is damage.
	if n-1 > uint64(len(d.b)-d.off)/11 {
		d.fail()
		return nil
	}
	t := make(map[string]FileInfo, n-1)
	for range n - 1 {
		p := d.string()
		fi := FileInfo{Size: d.varint(), ModTime: d.varint(), Sum: d.uint64()}
		if d.err != nil {
			return nil
		}
		t[p] = fi
	}
	return t
}

func (d *manifestDecoder) fail() {
	if d.err == nil {
		d.err = errDamaged
	}
	d.off = len(d.b)
}

// Intact reports whether every file the manifest lists is still in out as
// it was written (same size and modification time) and nothing else is.
func (m *Manifest) Intact(out string) bool {
	if fi, err := os.Stat(out); err != nil || !fi.IsDir() {
		return false
	}
	files, err := scan.Tree(out)
	if err != nil || len(files) != len(m.Files) {
		return false
	}
	for _, f := range files {
		want, ok := m.Files[f.Path]
		if !ok || f.Size != want.Size || f.ModTime != want.ModTime {
			return false
		}
	}
	return true
}
