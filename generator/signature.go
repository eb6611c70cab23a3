package generator

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"time"

	"brief/generator/content"
	"brief/generator/layout"
	"brief/generator/site"

	"github.com/cespare/xxhash/v2"
)

// A page's signature hashes everything its template data is made of, so
// that a Builder can keep a page rendered in an earlier build while its
// signature is unchanged. It covers the page kinds that make up nearly all
// of a site (briefings, and section, topic and analyst listings); the few
// other pages (home, indexes, search, 404, plain pages) are always
// rendered. Whatever layout's view reads for a kind must be hashed here:
// TestIncrementalEqualsFresh checks builds after random edits against
// fresh ones, byte for byte.

// sig accumulates a signature. Signatures are the same in every process:
// the build cache keeps them on disk.
type sig struct{ h xxhash.Digest }

func newSig() *sig {
	s := &sig{}
	s.h.Reset()
	return s
}

func (s *sig) str(v string) {
	s.h.WriteString(v)
	s.h.Write([]byte{0})
}

func (s *sig) num(v int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(v))
	s.h.Write(b[:])
}

func (s *sig) time(t time.Time) { s.str(t.Format(time.RFC3339Nano)) }

// nonzero is the signature, never 0, which stands for none.
func (s *sig) nonzero() uint64 { return max(s.h.Sum64(), 1) }

// global hashes what every page shows: the settings, the theme, and the
// links of the masthead and the footer.
func (r *renderer) global(theme [32]byte) uint64 {
	s := newSig()
	c := r.site.Config
	s.h.Write(theme[:])
	for _, v := range []string{c.Title, c.Description, c.BaseURL.String(), c.Language, c.Timezone.String(), c.FeedContent, c.CNAME, strconv.FormatBool(c.UnsafeHTML), r.head} {
		s.str(v)
	}
	s.str(fmt.Sprintf("%#v", c.Params)) // fmt orders maps' keys
	// Not c.Paginate: a listing page's signature has its number, its
	// neighbours and its entries, and no other page depends on it.
	//
	// The masthead's sections and the footer's plain pages, as they show
	// them: each shows at most ten, so a section or a plain page that
	// neither names changes no page of another.
	nav, pages := r.html.Links()
	for _, links := range [][]layout.Link{nav, pages} {
		s.num(int64(len(links)))
		for _, l := range links {
			s.str(l.Name)
			s.str(l.URL)
		}
	}
	return s.h.Sum64()
}

// entrySum hashes what a briefing shows in a listing.
func (r *renderer) entrySum(b *site.Briefing) uint64 {
	s := newSig()
	s.str(b.Title)
	s.str(b.URL)
	s.str(b.Summary)
	s.time(b.Date)
	s.str(b.Section.Title)
	s.str(b.Section.URL)
	for _, t := range b.Topics {
		s.str(t.Name)
		s.str(t.URL)
	}
	s.num(int64(b.Minutes))
	s.num(int64(len(b.Notes)))
	return s.h.Sum64()
}

// bodySum adds to s what a markdown body shows, src nil for none.
func (r *renderer) bodySum(s *sig, src *content.Source) {
	if src == nil {
		s.num(0)
		return
	}
	s.num(int64(src.Hash))
	e := r.mem.known(src)
	if e == nil {
		e = r.entry(src) // converted again if its bytes or link answers changed
	}
	s.num(int64(e.Sum))
}

// noteSum hashes what a note shows, on its briefing's page and on its
// analyst's: made once per build, when a signature first needs it (not
// before rendering, which would convert every changed note ahead of its
// pages).
func (r *renderer) noteSum(n *site.Note) uint64 {
	b := n.Briefing
	i := r.noteBase[b.Index()]
	for _, m := range b.Notes {
		if m == n {
			break
		}
		i++
	}
	if v := r.noteSums[i].Load(); v != 0 {
		return v
	}
	s := newSig()
	for _, v := range []string{n.ID, n.Analyst.Name, n.Analyst.URL, n.Affiliation, layout.NoteRole(n), b.Title, b.URL} {
		s.str(v)
	}
	r.bodySum(s, &n.Source)
	v := s.nonzero()
	r.noteSums[i].Store(v)
	return v
}

// feedSignature returns the feed's signature: what its document is made
// of besides the settings in globalSum.
func (r *renderer) feedSignature(f feed, full bool) uint64 {
	s := newSig()
	s.num(int64(r.globalSum))
	for _, v := range []string{"feed", f.rel, f.title, f.subtitle, f.subtitleLang, f.page} {
		s.str(v)
	}
	s.num(int64(len(f.entries)))
	for _, b := range f.entries {
		s.num(int64(r.entrySums[b.Index()]))
		s.time(layout.Modified(b))
		s.str(b.Author)
		for _, t := range b.Topics {
			s.str(t.Slug)
		}
		if full {
			r.bodySum(s, &b.Source)
		}
	}
	return s.nonzero()
}

// signature returns the page's signature, or 0 for a page that is always
// rendered.
func (r *renderer) signature(p *site.Page) uint64 {
	s := newSig()
	s.num(int64(r.globalSum))
	s.num(int64(p.Kind))
	s.str(p.URL)
	s.num(int64(p.PageNum))
	s.num(int64(p.PageLast))
	s.str(p.Prev)
	s.str(p.Next)
	entries := func(bs []*site.Briefing) {
		s.num(int64(len(bs)))
		for _, b := range bs {
			s.num(int64(r.entrySums[b.Index()]))
		}
	}
	md := func(src *content.Source) { r.bodySum(s, src) }
	note := func(n *site.Note) { s.num(int64(r.noteSum(n))) }
	switch p.Kind {
	case site.KindBriefing:
		b := p.Briefing
		md(&b.Source)
		s.num(int64(r.entrySums[b.Index()]))
		for _, n := range b.Notes {
			note(n)
		}
		entries(b.Related)
	case site.KindSection:
		s.str(p.Section.Title)
		s.num(int64(len(p.Section.Briefings)))
		if p.Section.Intro != nil {
			md(&p.Section.Intro.Source)
		} else {
			md(nil)
		}
		entries(p.Items)
	case site.KindTopic:
		s.str(p.Topic.Name)
		s.str(p.Topic.URL)
		s.num(int64(len(p.Topic.Briefings)))
		if p.Topic.Info != nil {
			md(&p.Topic.Info.Source)
		} else {
			md(nil)
		}
		entries(p.Items)
	case site.KindAnalyst:
		a := p.Analyst
		s.str(a.Name)
		s.str(a.Affiliation)
		s.num(int64(len(a.Notes)))
		if a.Profile != nil {
			md(&a.Profile.Source)
		} else {
			md(nil)
		}
		for _, n := range p.Notes {
			note(n)
		}
	default:
		return 0
	}
	return s.nonzero()
}
