package wire

import (
	"bytes"
	"reflect"
	"testing"
	"time"
)

type sample struct {
	u      uint64
	i      int64
	f      uint64
	b      bool
	s      string
	raw    []byte
	list   []string
	t, utc time.Time
	zero   time.Time
}

func (x *sample) write(w *Writer) {
	w.Uint(x.u)
	w.Int(x.i)
	w.Fixed64(x.f)
	w.Bool(x.b)
	w.String(x.s)
	w.Raw(x.raw)
	w.Strings(x.list)
	w.Time(x.t)
	w.Time(x.utc)
	w.Time(x.zero)
}

func read(r *Reader) sample {
	return sample{u: r.Uint(), i: r.Int(), f: r.Fixed64(), b: r.Bool(), s: r.String(), raw: r.Raw(),
		list: r.Strings(), t: r.Time(), utc: r.Time(), zero: r.Time()}
}

func TestRoundTrip(t *testing.T) {
	kyiv := time.FixedZone("", 2*3600)
	want := sample{u: 1<<64 - 1, i: -1 << 63, f: 0xdeadbeefcafef00d, b: true, s: "Kyiv — café",
		raw: []byte{0, 1, 2}, list: []string{"a", "", "ç"},
		t: time.Date(2026, 11, 26, 9, 30, 0, 123, kyiv), utc: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)}
	w := NewWriter(nil)
	want.write(w)
	r := NewReader(w.Bytes())
	got := read(r)
	if r.Err() != nil || r.Left() != 0 {
		t.Fatalf("err %v, %d bytes left", r.Err(), r.Left())
	}
	if !got.t.Equal(want.t) || got.t.Format(time.RFC3339Nano) != want.t.Format(time.RFC3339Nano) || !got.zero.IsZero() || got.utc.Location() != time.UTC {
		t.Errorf("times: %v %v %v", got.t, got.utc, got.zero)
	}
	got.t, got.utc, got.zero = want.t, want.utc, want.zero
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back %+v, want %+v", got, want)
	}

	// Empty lists read back as nil, as encoding/gob gives them.
	w.Reset()
	w.Strings([]string{})
	w.Raw([]byte{})
	if r := NewReader(w.Bytes()); r.Strings() != nil || r.Raw() != nil || r.Err() != nil {
		t.Errorf("empty lists are not nil")
	}
}

// Every cut of valid data, and any change of a byte, reads as damage or as
// values, never a panic or a huge allocation.
func TestDamaged(t *testing.T) {
	w := NewWriter(nil)
	(&sample{s: "some text", list: []string{"x", "y"}, t: time.Now()}).write(w)
	data := w.Bytes()
	for n := range len(data) {
		r := NewReader(data[:n])
		read(r)
		if r.Err() == nil {
			t.Errorf("data cut to %d of %d bytes read without error", n, len(data))
		}
	}
	for i := range data {
		bad := append([]byte(nil), data...)
		bad[i] = 0xff
		read(NewReader(bad))
	}
	if r := NewReader([]byte{0xff, 0xff, 0xff, 0xff, 0x0f}); r.Count(1) != 0 || r.Err() == nil {
		t.Errorf("a count larger than the data is not damage")
	}
}

// A stream and a byte slice seal the same bytes the same way, and Unseal
// refuses them cut short or with a byte changed.
func TestSeal(t *testing.T) {
	var streamed bytes.Buffer
	s := NewStream(&streamed)
	b := NewWriter(nil)
	for i := range 100000 { // more than a stream holds before it writes
		s.Uint(uint64(i))
		b.Uint(uint64(i))
	}
	if err := s.Seal(); err != nil {
		t.Fatal(err)
	}
	b.Seal()
	if !bytes.Equal(streamed.Bytes(), b.Bytes()) {
		t.Fatal("a stream and a byte slice wrote different bytes")
	}
	body, err := Unseal(b.Bytes())
	if err != nil || !bytes.Equal(body, b.Bytes()[:b.Len()-8]) {
		t.Fatalf("Unseal of sealed data: %v", err)
	}
	for _, bad := range [][]byte{nil, b.Bytes()[:7], b.Bytes()[:b.Len()-1], append([]byte{1}, b.Bytes()[1:]...)} {
		if _, err := Unseal(bad); err != ErrDamaged {
			t.Errorf("Unseal of %d damaged bytes: %v, want ErrDamaged", len(bad), err)
		}
	}
}
