package site

import "testing"

// TestBodyIDPrefix checks the prefixes of notes' ids: one per note file,
// each safe to write in an attribute as it is, and none for other files.
func TestBodyIDPrefix(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"content/world/x/notes/ann-lee.md", "note-world/x/ann-lee/"},
		{"content/アジア/経済/notes/田中.md", "note-アジア/経済/田中/"},
		{"content/world/x/notes/Ann Lee \"&<%.md", "note-world/x/Ann%20Lee%20%22%26%3C%25/"},
		{"content/world/x/notes/bad\xff.md", "note-world/x/bad%FF/"},
		{"content/world/x/index.md", ""},
		{"content/world/notes.md", ""},
		{"content/world/x/notes/a/b.md", ""},
		{"content/world/x/notes/map.png", ""},
		{"content/analysts/notes/x.md", ""},
	} {
		if got := BodyIDPrefix(c.file); got != c.want {
			t.Errorf("BodyIDPrefix(%q) = %q; want %q", c.file, got, c.want)
		}
	}
}
