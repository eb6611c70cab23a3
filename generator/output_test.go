package generator

import (
	"slices"
	"testing"
)

// TestScanIDs checks that the ids of a page are found in order, whatever
// made them, and that a page without any has none.
func TestScanIDs(t *testing.T) {
	html := []byte(`<h2 id="context">Context</h2><p>x</p><article class="note" id="note-a-b"><a id="">`)
	if got, want := scanIDs(html), []string{"context", "note-a-b", ""}; !slices.Equal(got, want) {
		t.Errorf("scanIDs = %q; want %q", got, want)
	}
	if got := scanIDs([]byte(`<p>none</p><p id="unclosed`)); got != nil {
		t.Errorf("scanIDs of a page without ids = %q; want none", got)
	}
}
