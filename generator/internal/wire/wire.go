// Package wire is the binary form of what the build cache keeps between
// builds: the manifest, read before anything else on every build, and
// the build's state, tens of megabytes on a large site. It is several
// times faster to read than encoding/gob, which reflects on every field
// and allocates every string: the strings a Reader returns share the
// bytes of its input.
//
// Numbers are varints, strings and byte slices have their length first,
// and a list has its count first. A format built on it is made of these
// in a fixed order, with nothing to name them: a reader of another
// version of a format must not be given the bytes (the cache keys its
// files by the binary's build ID).
package wire

import (
	"encoding/binary"
	"errors"
	"io"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/cespare/xxhash/v2"
)

// Writer appends values to a byte slice, or writes them to a stream.
type Writer struct {
	buf  []byte
	sink io.Writer     // for a stream
	err  error         // the stream's first error
	sum  xxhash.Digest // of what a stream wrote, for Seal
}

// NewWriter returns a Writer that appends to buf.
func NewWriter(buf []byte) *Writer { return &Writer{buf: buf} }

// mapAtLeast is the size below which ReadFile reads a file rather than
// mapping it: a small file costs no more to copy, and is not worth a
// mapping of its own for the rest of the process.
const mapAtLeast = 256 << 10

// mapped is the count of bytes ReadFile has mapped (see Mapped).
var mapped atomic.Uint64

// Mapped reports how many bytes of files ReadFile has mapped in this
// process, none but on Linux. They stay mapped, outside the Go heap, and
// count in the process's resident set once read, so a memory limit meant
// for the whole process must leave room for them.
func Mapped() uint64 { return mapped.Load() }

// streamBuffer is how much a stream's Writer holds before it writes.
const streamBuffer = 256 << 10

// NewStream returns a Writer that writes to sink as it goes: Flush
// writes what it still holds and returns the first error.
func NewStream(sink io.Writer) *Writer {
	w := &Writer{buf: make([]byte, 0, streamBuffer+streamBuffer/4), sink: sink}
	w.sum.Reset()
	return w
}

// Flush writes what a stream's Writer holds, and returns the first error
// the stream gave. It does nothing for a Writer of a byte slice.
func (w *Writer) Flush() error {
	if w.sink != nil && len(w.buf) > 0 {
		w.sum.Write(w.buf)
		if w.err == nil {
			_, w.err = w.sink.Write(w.buf)
		}
		w.buf = w.buf[:0]
	}
	return w.err
}

// Seal ends what was written with an xxhash of all of it, which Unseal
// checks, so that damaged data is not taken for data: a file cut short or
// with a byte changed. For a stream, it also flushes.
func (w *Writer) Seal() error {
	if w.sink == nil {
		w.sum.Reset()
		w.sum.Write(w.buf)
		w.buf = binary.LittleEndian.AppendUint64(w.buf, w.sum.Sum64())
		return nil
	}
	if err := w.Flush(); err != nil {
		return err
	}
	w.buf = binary.LittleEndian.AppendUint64(w.buf, w.sum.Sum64())
	_, w.err = w.sink.Write(w.buf)
	w.buf = w.buf[:0]
	return w.err
}

// Unseal returns what a Writer sealed, without its hash, or ErrDamaged if
// the hash is not that of the rest.
func Unseal(data []byte) ([]byte, error) {
	n := len(data) - 8
	if n < 0 || binary.LittleEndian.Uint64(data[n:]) != xxhash.Sum64(data[:n]) {
		return nil, ErrDamaged
	}
	return data[:n], nil
}

// spill writes a stream's buffer once it is full.
func (w *Writer) spill() {
	if w.sink != nil && len(w.buf) >= streamBuffer {
		w.Flush()
	}
}

// Bytes returns what was written (for a stream, what it holds).
func (w *Writer) Bytes() []byte { return w.buf }

// Len returns how many bytes were written.
func (w *Writer) Len() int { return len(w.buf) }

// Reset empties the Writer, keeping its memory.
func (w *Writer) Reset() { w.buf = w.buf[:0] }

// Uint writes an unsigned number.
func (w *Writer) Uint(v uint64) {
	w.buf = binary.AppendUvarint(w.buf, v)
	w.spill()
}

// Int writes a signed number.
func (w *Writer) Int(v int64) {
	w.buf = binary.AppendVarint(w.buf, v)
	w.spill()
}

// Fixed64 writes a number in 8 bytes, for hashes, which varints would
// make longer.
func (w *Writer) Fixed64(v uint64) {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, v)
	w.spill()
}

// Bool writes a boolean.
func (w *Writer) Bool(v bool) {
	b := byte(0)
	if v {
		b = 1
	}
	w.buf = append(w.buf, b)
	w.spill()
}

// String writes a string.
func (w *Writer) String(s string) {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
	w.spill()
}

// Raw writes a byte slice.
func (w *Writer) Raw(b []byte) {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(b)))
	w.Append(b)
}

// Append writes b as it is: values another Writer wrote, which a Reader
// reads as though this one had. A stream writes a large b at once, not
// through its buffer.
func (w *Writer) Append(b []byte) {
	if w.sink != nil && len(b) >= streamBuffer {
		w.Flush()
		w.sum.Write(b)
		if w.err == nil {
			_, w.err = w.sink.Write(b)
		}
		return
	}
	w.buf = append(w.buf, b...)
	w.spill()
}

// Strings writes a list of strings.
func (w *Writer) Strings(l []string) {
	w.Uint(uint64(len(l)))
	for _, s := range l {
		w.String(s)
	}
}

// Time writes a time with its offset from UTC, as time.Time.MarshalBinary.
func (w *Writer) Time(t time.Time) {
	b, err := t.MarshalBinary()
	if err != nil { // an offset that is not a whole minute: keep the instant
		b, _ = t.UTC().MarshalBinary()
	}
	w.Raw(b)
}

// ErrDamaged is the error of a Reader whose input is not what a Writer
// wrote.
var ErrDamaged = errors.New("damaged cache data")

// Reader reads values a Writer wrote. After the first error every read
// returns a zero value, and Err returns ErrDamaged.
type Reader struct {
	b   []byte
	s   string // the same bytes as b, for strings
	off int
	err error
}

// NewReader returns a Reader of b, which it takes: b must not be changed
// after, for the strings the Reader returns share its bytes.
func NewReader(b []byte) *Reader {
	if len(b) == 0 {
		return &Reader{}
	}
	return &Reader{b: b, s: unsafe.String(&b[0], len(b))}
}

// Err returns ErrDamaged if a read failed.
func (r *Reader) Err() error { return r.err }

// Left returns how many bytes are still to be read.
func (r *Reader) Left() int { return len(r.b) - r.off }

// Fail marks the input as damaged, for a reader that finds a value it
// does not know. Every later read returns a zero value.
func (r *Reader) Fail() {
	r.err = ErrDamaged
	r.off = len(r.b)
}

// Uint reads an unsigned number.
func (r *Reader) Uint() uint64 {
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.off += n
	return v
}

// Int reads a signed number.
func (r *Reader) Int() int64 {
	v, n := binary.Varint(r.b[r.off:])
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.off += n
	return v
}

// Fixed64 reads what Writer.Fixed64 wrote.
func (r *Reader) Fixed64() uint64 {
	if r.Left() < 8 {
		r.Fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b[r.off:])
	r.off += 8
	return v
}

// Bool reads a boolean.
func (r *Reader) Bool() bool {
	if r.Left() < 1 || r.b[r.off] > 1 {
		r.Fail()
		return false
	}
	r.off++
	return r.b[r.off-1] == 1
}

// Count reads the count of a list whose items take at least size bytes
// each (at least 1): a count the rest of the input cannot hold is damage,
// caught before anything is allocated for it.
func (r *Reader) Count(size int) int {
	n := r.Uint()
	if n > uint64(r.Left()/max(size, 1)) {
		r.Fail()
		return 0
	}
	return int(n)
}

// String reads a string.
func (r *Reader) String() string {
	n := r.Count(1)
	v := r.s[r.off : r.off+n]
	r.off += n
	return v
}

// Raw reads a byte slice, which shares the Reader's input: it must not
// be changed.
func (r *Reader) Raw() []byte {
	n := r.Count(1)
	if n == 0 {
		return nil
	}
	v := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return v
}

// Strings reads a list of strings; an empty list is nil.
func (r *Reader) Strings() []string {
	n := r.Count(1)
	if n == 0 {
		return nil
	}
	l := make([]string, n)
	for i := range l {
		l[i] = r.String()
	}
	return l
}

// Time reads a time.
func (r *Reader) Time() time.Time {
	var t time.Time
	if err := t.UnmarshalBinary(r.Raw()); err != nil {
		r.Fail()
	}
	return t
}
