package content

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"brief/generator/internal/wire"
)

// fill sets every exported field of v, recursively, to a value that is
// not its zero, drawn from n, except the fields skip names.
func fill(v reflect.Value, n *int, skip map[string]bool) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d·é", *n))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Uint64:
		v.SetUint(uint64(*n) << 40)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n, skip)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n, skip)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2020+*n%5, 3, 4, 5, 6, 7, *n, time.FixedZone("", 3*3600+17*60))))
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() && !skip[f.Name] {
				fill(v.Field(i), n, skip)
			}
		}
	default:
		panic("fill: no value for a " + v.Kind().String() + "; add one, and the field to the codec")
	}
}

// TestFileStateCodec: every field of a FileState, with each kind of parse
// (one per file), reads back as it was written. A field added to the
// model and not to codec.go fails it.
func TestFileStateCodec(t *testing.T) {
	parses := []string{"Page", "Briefing", "Note", "Analyst", "Topic"}
	var files []FileState
	n := 0
	for _, keep := range append(parses, "") {
		skip := map[string]bool{"Notes": true} // a briefing's notes are set by assemble, not kept
		for _, p := range parses {
			skip[p] = p != keep
		}
		var f FileState
		fill(reflect.ValueOf(&f).Elem(), &n, skip)
		files = append(files, f)
	}
	w := wire.NewWriter(nil)
	EncodeFiles(w, files)
	r := wire.NewReader(w.Bytes())
	got := DecodeFiles(r)
	if r.Err() != nil || r.Left() != 0 {
		t.Fatalf("decode: %v, %d bytes left", r.Err(), r.Left())
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
		DecodeFiles(r)
		if r.Err() == nil {
			t.Fatalf("cut to %d of %d bytes: no error", cut, w.Len())
		}
	}
}
