package content

import (
	"brief/generator/diag"
	"brief/generator/internal/wire"
)

// The files of a LoaderState are most of the build cache and all of it
// must be read before a build from the cache can start, so they have a
// codec of their own, in package wire's form, rather than encoding/gob's
// reflection: TestFileStateCodec fills every field of a FileState, so
// that a field added to the model and not to this codec fails it.

// EncodeState writes st to w.
func EncodeState(w *wire.Writer, st *LoaderState) {
	w.Raw(st.Config)
	encodeProbs(w, st.WalkProbs)
	w.Strings(st.Strays)
	w.Uint(uint64(len(st.Files)))
	for i := range st.Files {
		encodeFile(w, &st.Files[i])
	}
}

// DecodeState reads what EncodeState wrote; r.Err tells whether it could.
func DecodeState(r *wire.Reader) *LoaderState {
	st := &LoaderState{Config: r.Raw(), WalkProbs: decodeProbs(r)}
	st.Strays = r.Strings()
	st.Files = make([]FileState, r.Count(8))
	var d decoder
	for i := range st.Files {
		d.file(r, &st.Files[i])
	}
	return st
}

func encodeFile(w *wire.Writer, f *FileState) {
	w.String(f.File)
	w.String(f.Section)
	w.String(f.Slug)
	w.String(f.Bundle)
	w.Int(int64(f.Kind))
	encodeProbs(w, f.PlanProbs)
	w.Fixed64(f.Hash)
	encodeProbs(w, f.Probs)
	w.Int(int64(f.Width))
	w.Int(int64(f.Height))
	// Which of the parses the file has, then that one.
	switch {
	case f.Page != nil:
		w.Uint(1)
		p := f.Page
		encodeSource(w, &p.Source)
		w.String(p.Slug)
		w.String(p.Title)
		w.String(p.Summary)
		w.Bool(p.Draft)
	case f.Briefing != nil:
		w.Uint(2)
		b := f.Briefing
		encodeSource(w, &b.Source)
		w.String(b.Section)
		w.String(b.Slug)
		w.Bool(b.Bundle)
		w.String(b.Title)
		w.String(b.Summary)
		w.Time(b.Date)
		w.Time(b.Updated)
		encodePos(w, b.UpdatedAt)
		w.String(b.Author)
		w.String(b.Dateline)
		w.String(b.Contact)
		w.Strings(b.Topics)
		encodePos(w, b.TopicsAt)
		w.Strings(b.Takeaways)
		w.Uint(uint64(len(b.TakeawaysAt)))
		for _, p := range b.TakeawaysAt {
			encodeTextPos(w, p)
		}
		w.Uint(uint64(len(b.Corrections)))
		for _, c := range b.Corrections {
			w.Time(c.Date)
			encodePos(w, c.DateAt)
			w.String(c.Text)
			encodeTextPos(w, c.TextAt)
		}
		w.Bool(b.Draft)
		encodePos(w, b.SlugAt)
		w.Uint(uint64(len(b.Aliases)))
		for _, a := range b.Aliases {
			w.String(a.Path)
			encodePos(w, a.At)
		}
		w.Int(int64(b.Words))
		// Notes are not the briefing's own: assemble sets them.
		w.Uint(uint64(len(b.Resources)))
		for _, res := range b.Resources {
			w.String(res.File)
			w.String(res.Rel)
			w.Bool(res.Unread)
			w.Int(int64(res.Width))
			w.Int(int64(res.Height))
		}
	case f.Note != nil:
		w.Uint(3)
		n := f.Note
		encodeSource(w, &n.Source)
		w.String(n.Analyst)
		encodePos(w, n.AnalystAt)
		w.String(n.Affiliation)
		w.Time(n.Date)
		encodePos(w, n.DateAt)
		w.String(n.Confidence)
	case f.Analyst != nil:
		w.Uint(4)
		a := f.Analyst
		encodeSource(w, &a.Source)
		w.String(a.Slug)
		w.String(a.Name)
		encodePos(w, a.NameAt)
		w.String(a.Affiliation)
		w.String(a.Role)
	case f.Topic != nil:
		w.Uint(5)
		t := f.Topic
		encodeSource(w, &t.Source)
		w.String(t.Slug)
		w.String(t.Title)
		w.String(t.Summary)
	default:
		w.Uint(0)
	}
}

func encodeSource(w *wire.Writer, s *Source) {
	w.String(s.File)
	w.Int(int64(s.BodyLine))
	w.Fixed64(s.Hash)
}

func encodePos(w *wire.Writer, p Pos) {
	w.Int(int64(p.Line))
	w.Int(int64(p.Col))
}

func decodePos(r *wire.Reader) Pos { return Pos{int(r.Int()), int(r.Int())} }

func encodeTextPos(w *wire.Writer, p TextPos) {
	encodePos(w, p.Pos)
	w.Bool(p.Coarse)
	w.Uint(uint64(len(p.Spans)))
	for _, s := range p.Spans {
		w.Int(int64(s.Off))
		encodePos(w, s.At)
	}
}

func decodeTextPos(r *wire.Reader) TextPos {
	p := TextPos{Pos: decodePos(r), Coarse: r.Bool()}
	if n := r.Count(3); n > 0 {
		p.Spans = make([]Span, n)
		for i := range p.Spans {
			p.Spans[i] = Span{Off: int(r.Int()), At: decodePos(r)}
		}
	}
	return p
}

func encodeProbs(w *wire.Writer, l diag.List) {
	w.Uint(uint64(len(l)))
	for _, p := range l {
		w.String(p.File)
		w.Int(int64(p.Line))
		w.Int(int64(p.Col))
		w.String(p.Msg)
		w.Int(int64(p.Severity))
	}
}

// decoder allocates the parses it reads in slabs: a large site's state
// is tens of thousands of them, and one allocation for many is less work
// for the allocator and the collector.
type decoder struct {
	pages     slab[Page]
	briefings slab[Briefing]
	notes     slab[Note]
	analysts  slab[Analyst]
	topics    slab[Topic]
}

type slab[T any] struct{ free []T }

func (s *slab[T]) new() *T {
	if len(s.free) == 0 {
		s.free = make([]T, 256)
	}
	v := &s.free[0]
	s.free = s.free[1:]
	return v
}

func (d *decoder) file(r *wire.Reader, f *FileState) {
	f.File = r.String()
	f.Section = r.String()
	f.Slug = r.String()
	f.Bundle = r.String()
	f.Kind = int(r.Int())
	f.PlanProbs = decodeProbs(r)
	f.Hash = r.Fixed64()
	f.Probs = decodeProbs(r)
	f.Width = int(r.Int())
	f.Height = int(r.Int())
	switch r.Uint() {
	case 0:
	case 1:
		p := d.pages.new()
		decodeSource(r, &p.Source)
		p.Slug = r.String()
		p.Title = r.String()
		p.Summary = r.String()
		p.Draft = r.Bool()
		f.Page = p
	case 2:
		b := d.briefings.new()
		decodeSource(r, &b.Source)
		b.Section = r.String()
		b.Slug = r.String()
		b.Bundle = r.Bool()
		b.Title = r.String()
		b.Summary = r.String()
		b.Date = r.Time()
		b.Updated = r.Time()
		b.UpdatedAt = decodePos(r)
		b.Author = r.String()
		b.Dateline = r.String()
		b.Contact = r.String()
		b.Topics = r.Strings()
		b.TopicsAt = decodePos(r)
		b.Takeaways = r.Strings()
		if n := r.Count(4); n > 0 {
			b.TakeawaysAt = make([]TextPos, n)
			for i := range b.TakeawaysAt {
				b.TakeawaysAt[i] = decodeTextPos(r)
			}
		}
		if n := r.Count(2); n > 0 {
			b.Corrections = make([]Correction, n)
			for i := range b.Corrections {
				b.Corrections[i] = Correction{Date: r.Time(), DateAt: decodePos(r), Text: r.String(), TextAt: decodeTextPos(r)}
			}
		}
		b.Draft = r.Bool()
		b.SlugAt = decodePos(r)
		if n := r.Count(3); n > 0 {
			b.Aliases = make([]Alias, n)
			for i := range b.Aliases {
				b.Aliases[i] = Alias{Path: r.String(), At: decodePos(r)}
			}
		}
		b.Words = int(r.Int())
		if n := r.Count(3); n > 0 {
			b.Resources = make([]Resource, n)
			for i := range b.Resources {
				b.Resources[i] = Resource{File: r.String(), Rel: r.String(), Unread: r.Bool(), Width: int(r.Int()), Height: int(r.Int())}
			}
		}
		f.Briefing = b
	case 3:
		n := d.notes.new()
		decodeSource(r, &n.Source)
		n.Analyst = r.String()
		n.AnalystAt = decodePos(r)
		n.Affiliation = r.String()
		n.Date = r.Time()
		n.DateAt = decodePos(r)
		n.Confidence = r.String()
		f.Note = n
	case 4:
		a := d.analysts.new()
		decodeSource(r, &a.Source)
		a.Slug = r.String()
		a.Name = r.String()
		a.NameAt = decodePos(r)
		a.Affiliation = r.String()
		a.Role = r.String()
		f.Analyst = a
	case 5:
		t := d.topics.new()
		decodeSource(r, &t.Source)
		t.Slug = r.String()
		t.Title = r.String()
		t.Summary = r.String()
		f.Topic = t
	default:
		r.Fail()
	}
}

func decodeSource(r *wire.Reader, s *Source) {
	s.File = r.String()
	s.BodyLine = int(r.Int())
	s.Hash = r.Fixed64()
}

func decodeProbs(r *wire.Reader) diag.List {
	n := r.Count(5)
	if n == 0 {
		return nil
	}
	l := make(diag.List, n)
	for i := range l {
		l[i] = &diag.Problem{File: r.String(), Line: int(r.Int()), Col: int(r.Int()), Msg: r.String(), Severity: diag.Severity(r.Int())}
	}
	return l
}
