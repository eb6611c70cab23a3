package wire

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestReadFile reads back sealed files on both sides of the size from
// which ReadFile maps a file rather than copying it, and one replaced by
// a rename after it was read, as the cache replaces its files: the
// strings read before stay as they were.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 10, mapAtLeast/16 + 1, 4 * mapAtLeast / 16} {
		name := filepath.Join(dir, fmt.Sprintf("f%d", n))
		write := func(tag string) {
			w := NewWriter(nil)
			w.Uint(uint64(n))
			for i := range n {
				w.String(fmt.Sprintf("%s entry %015d", tag, i)) // 16 bytes and more each
			}
			w.Seal()
			tmp := name + ".tmp"
			if err := os.WriteFile(tmp, w.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, name); err != nil {
				t.Fatal(err)
			}
		}
		write("first")
		data, err := ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := Unseal(data)
		if err != nil {
			t.Fatalf("%d entries: %v", n, err)
		}
		r := NewReader(raw)
		got := make([]string, r.Count(1))
		for i := range got {
			got[i] = r.String()
		}
		if r.Err() != nil || r.Left() != 0 || len(got) != n {
			t.Fatalf("%d entries: read %d, err %v, %d bytes left", n, len(got), r.Err(), r.Left())
		}
		write("second")
		for i, s := range got {
			if want := fmt.Sprintf("first entry %015d", i); s != want {
				t.Fatalf("%d entries: entry %d is %q after the file was replaced, want %q", n, i, s, want)
			}
		}
		again, err := ReadFile(name)
		if err != nil || !bytes.Contains(again, []byte("second entry")) && n > 0 {
			t.Fatalf("%d entries: the replaced file read as %d bytes, %v", n, len(again), err)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Errorf("a missing file: %v, want a not-exist error", err)
	}
}
