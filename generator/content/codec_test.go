package content

import (
	"reflect"
	"testing"

	"brief/generator/internal/wire"
	"brief/generator/internal/wire/wiretest"
)

// TestFileStateCodec: every field of a LoaderState and its FileStates,
// with each kind of parse (one per file), reads back as it was written. A field added to the
// model and not to codec.go fails it.
func TestFileStateCodec(t *testing.T) {
	parses := []string{"Page", "Briefing", "Note", "Analyst", "Topic"}
	var files []FileState
	for _, keep := range append(parses, "") {
		skip := map[string]bool{"Notes": true} // a briefing's notes are set by assemble, not kept
		for _, p := range parses {
			skip[p] = p != keep
		}
		var f FileState
		wiretest.Fill(&f, skip)
		files = append(files, f)
	}
	var st LoaderState
	wiretest.Fill(&st, map[string]bool{"Files": true})
	st.Files = files
	w := wire.NewWriter(nil)
	EncodeState(w, &st)
	r := wire.NewReader(w.Bytes())
	gotState := DecodeState(r)
	if r.Err() != nil || r.Left() != 0 {
		t.Fatalf("decode: %v, %d bytes left", r.Err(), r.Left())
	}
	got := gotState.Files
	if gotState.Files = nil; !reflect.DeepEqual(gotState, &LoaderState{Config: st.Config, WalkProbs: st.WalkProbs, Strays: st.Strays}) {
		t.Errorf("the loader's own state reads back as %+v", gotState)
	}
	if !reflect.DeepEqual(got, files) {
		for i := range files {
			if !reflect.DeepEqual(got[i], files[i]) {
				t.Errorf("file %d reads back as\n%+v\nwant\n%+v", i, got[i], files[i])
			}
		}
	}
	for cut := range w.Len() {
		r := wire.NewReader(w.Bytes()[:cut])
		DecodeState(r)
		if r.Err() == nil {
			t.Fatalf("cut to %d of %d bytes: no error", cut, w.Len())
		}
	}
}
