package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestManifestSaveRead(t *testing.T) {
	files := map[string]FileInfo{"index.html": {Size: 1234, ModTime: 1764115200123456789, Sum: 1<<64 - 1}, "": {}}
	for i := range 3000 {
		files[fmt.Sprintf("world/briefing-%04d/index.html", i)] = FileInfo{Size: int64(i), ModTime: -int64(i), Sum: uint64(i) * 0x9e3779b97f4a7c15}
	}
	for _, m := range []*Manifest{
		{Files: map[string]FileInfo{}},
		{Key: "k", Out: "/tmp/out", Files: files, Stats: []byte(`{"Pages":3}`), Inputs: map[string]FileInfo{}},
		{Key: "k", Out: "/tmp/out", Files: files, Inputs: map[string]FileInfo{"site.yaml": {Size: 9, ModTime: 1, Sum: 2}}},
	} {
		file := filepath.Join(t.TempDir(), "cache", "manifest")
		if err := m.Save(file); err != nil {
			t.Fatal(err)
		}
		if got := ReadManifest(file); !reflect.DeepEqual(got, m) {
			t.Errorf("read back a different manifest: key %q out %q %d files, inputs %v; want key %q out %q %d files, inputs %v",
				got.Key, got.Out, len(got.Files), got.Inputs, m.Key, m.Out, len(m.Files), m.Inputs)
		}
	}
}

// A manifest given its inputs as a table reads back with them as a map.
func TestManifestInputsTable(t *testing.T) {
	inputs := map[string]FileInfo{"site.yaml": {Size: 9, ModTime: 1, Sum: 2}}
	for i := range 2000 {
		inputs[fmt.Sprintf("content/world/b%04d/index.md", i)] = FileInfo{Size: int64(i), ModTime: int64(i) << 30, Sum: uint64(i) * 0x9e3779b97f4a7c15}
	}
	for _, in := range []map[string]FileInfo{inputs, {}} {
		file := filepath.Join(t.TempDir(), "manifest")
		m := &Manifest{Key: "k", Out: "/out", Files: map[string]FileInfo{"index.html": {Size: 1}}, InputsTable: EncodeTable(in)}
		if err := m.Save(file); err != nil {
			t.Fatal(err)
		}
		want := &Manifest{Key: m.Key, Out: m.Out, Files: m.Files, Inputs: in}
		if got := ReadManifest(file); !reflect.DeepEqual(got, want) {
			t.Errorf("read back %d inputs, want %d: %+v", len(got.Inputs), len(in), got)
		}
	}
}

// A damaged manifest is an empty one: the build does the work again.
func TestManifestDamaged(t *testing.T) {
	m := &Manifest{Key: "k", Out: "/out", Files: map[string]FileInfo{"a/index.html": {Size: 5, ModTime: 6, Sum: 7}}, Inputs: map[string]FileInfo{"content/a.md": {Size: 1}}}
	good := m.encode()
	empty := &Manifest{Files: map[string]FileInfo{}}
	file := filepath.Join(t.TempDir(), "manifest")
	write := func(data []byte) *Manifest {
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return ReadManifest(file)
	}
	if got := write(good); !reflect.DeepEqual(got, m) {
		t.Fatalf("the intact manifest reads as %+v", got)
	}
	for n := range len(good) {
		if got := write(good[:n]); !reflect.DeepEqual(got, empty) {
			t.Fatalf("cut to %d of %d bytes: read as %+v, want an empty manifest", n, len(good), got)
		}
	}
	for i := range good {
		bad := append([]byte(nil), good...)
		bad[i] ^= 0x20
		if got := write(bad); !reflect.DeepEqual(got, empty) {
			t.Fatalf("byte %d changed: read as %+v, want an empty manifest", i, got)
		}
	}
	if got := ReadManifest(filepath.Join(t.TempDir(), "missing")); !reflect.DeepEqual(got, empty) {
		t.Errorf("a missing manifest reads as %+v", got)
	}
}

// FuzzManifestDecode: no input makes decoding a manifest panic, and
// whatever decodes encodes back to a manifest that decodes the same.
func FuzzManifestDecode(f *testing.F) {
	f.Add((&Manifest{Key: "k", Files: map[string]FileInfo{"a": {Size: 1}}}).encode())
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decodeManifest(data)
		if err != nil {
			return
		}
		again, err := decodeManifest(m.encode())
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Errorf("re-encoded manifest decodes as %+v, %v; want %+v", again, err, m)
		}
	})
}
