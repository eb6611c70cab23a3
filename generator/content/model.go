package content

import (
	"fmt"
	"io/fs"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"
)

// Site is everything read from a source folder, validated field by field
// but not yet cross-checked: links, topics and analysts are resolved by the
// site package.
type Site struct {
	Config    Config
	Home      *Page       // content/_index.md, if any
	Pages     []*Page     // plain pages: content/<slug>.md
	Sections  []*Page     // content/<section>/_index.md
	Briefings []*Briefing // sorted by file path
	Analysts  []*Analyst  // profiles in content/analysts/
	Topics    []*Topic    // descriptions in content/topics/
	// Strays are the files in content/ that no page shows and no bundle
	// copies (a file beside briefings), each already reported, sorted.
	Strays []string
	// Expires is when the first of the briefings' dates ahead comes, and
	// with it their warning goes; zero when none is ahead.
	Expires time.Time
}

// Source is what every content file has: where it came from and its body.
type Source struct {
	File     string // path from the source root, e.g. content/world/x/index.md
	BodyLine int    // line of File on which the body starts
	Hash     uint64 // hash of the whole file (see hashBytes)

	// body is the markdown after the front matter, with LF line endings,
	// read with Text and let go of with Release. The build cache never
	// keeps it (see EncodeState).
	body []byte
	// reread is set when a load bounds the memory bodies take (see
	// Loader.LimitBodies): Text reads the body from it again once let go.
	reread fs.FS
}

// Release lets go of the body kept in memory, for a build that needs it
// no more: Text then reads it again from the file if the load kept a way
// to, or else returns nothing.
func (s *Source) Release() { s.body = nil }

// Hold reads the body into memory again, if the load let go of it, for a
// build about to use it more than once: Text then returns it without
// reading the file, until Release. It fails as Text does.
func (s *Source) Hold() error {
	if s.body != nil || s.reread == nil {
		return nil
	}
	body, err := s.Text()
	s.body = body
	return err
}

// Text returns the markdown body. A load of a large site keeps only some
// bodies in memory; Text reads the others again, and fails if the file
// changed since it was loaded, so that a page is never made of two versions
// of its file.
func (s *Source) Text() ([]byte, error) {
	if s.body != nil || s.reread == nil {
		return s.body, nil
	}
	raw, err := fs.ReadFile(s.reread, s.File)
	if err != nil {
		return nil, fmt.Errorf("read %s again: %w", s.File, err)
	}
	if hashBytes(raw) != s.Hash {
		return nil, fmt.Errorf("%s changed during the build; build again", s.File)
	}
	_, body, _, _, _ := SplitFrontMatter(normalize(raw))
	return body, nil
}

// Page is a plain page, a section introduction or the home introduction.
type Page struct {
	Source
	Slug    string
	Title   string
	Summary string
	Draft   bool
}

// Briefing is one article, from a single file or a bundle.
type Briefing struct {
	Source
	Section     string // folder name under content/
	Slug        string // from the file or folder name, or the slug key
	Bundle      bool   // index.md in a folder of its own
	Title       string
	Summary     string
	Date        time.Time
	Updated     time.Time
	UpdatedAt   Pos // the `updated` value; zero when there is none
	Author      string
	Dateline    string
	Contact     string // an email or web address for readers, as written (see ContactURL)
	Topics      []string
	TopicsAt    Pos // the `topics` key, for problems about a topic
	Takeaways   []string
	TakeawaysAt []TextPos // where each takeaway's text is, for problems in its markdown
	Corrections []Correction
	Draft       bool
	SlugAt      Pos        // the `slug` value; zero when there is none
	Aliases     []Alias    // earlier addresses, each redirected to the page
	Words       int        // words in the body, for the reading time
	Notes       []*Note    // sorted by date, undated last, then file
	Resources   []Resource // co-located files, copied beside the page
}

// Alias is an earlier address of a briefing (`aliases`), where a page is
// written that sends the reader on to the briefing's page: a briefing moved
// to another section, renamed, or brought from another site keeps its old
// links working.
type Alias struct {
	Path string // from the site's root, without its base path: /2019/old-title/ or /2019/old.html
	At   Pos
}

// Pos is a place in a file, kept from parsing for the problems the site
// package finds across files: 1-based line and column, zero when unknown.
type Pos struct{ Line, Col int }

// Correction is a dated correction shown on the page and in JSON-LD.
type Correction struct {
	Date   time.Time
	DateAt Pos // where its date is
	Text   string
	TextAt TextPos // where the text is, for problems in its markdown
}

// TextPos is where a text of front matter that is markdown (a takeaway,
// a correction's text) is in its file, for the problems in it: where
// each of its parts starts. The text is in the file as it is from Pos on
// when it is plain or quoted on one line, without escapes; a block's
// lines, the text after an escape or after a line break YAML folded
// into a space are parts of their own, in Spans.
type TextPos struct {
	Pos // where the text's first part, from its first byte, starts
	// Spans are its other parts, in order; nil when it has none.
	Spans []Span
	// Coarse says its parts could not be found (YAML read the source
	// otherwise than brief did): a problem anywhere in the text is
	// reported at Pos, where it starts.
	Coarse bool
}

// Span is a part of a text (see TextPos): the file holds the text's
// bytes from Off on, up to the next part, as they are from At on.
type Span struct {
	Off int
	At  Pos
}

// Note is one analyst's assessment of a briefing.
type Note struct {
	Source
	Analyst     string
	AnalystAt   Pos // the `analyst` value, for problems about the analyst
	Affiliation string
	Date        time.Time
	DateAt      Pos    // the `date` value, for a date before its briefing's
	Confidence  string // "", low, moderate or high
}

// Analyst is an optional profile in content/analysts/.
type Analyst struct {
	Source
	Slug        string
	Name        string
	NameAt      Pos // the `name` value
	Affiliation string
	Role        string
}

// Topic is an optional topic description in content/topics/.
type Topic struct {
	Source
	Slug    string
	Title   string
	Summary string // one sentence on the topic: its page's meta description
}

// Resource is a file inside a bundle, copied beside the briefing's page.
type Resource struct {
	File string // path from the source root
	Rel  string // path inside the bundle, e.g. img/map.png
	// Unread is set for a file that is not a regular file (a named
	// pipe: see Special), which the load reports as an error: it is
	// never opened, nor copied. It is a resource all the same, so that
	// a link to it is not told there is no such file.
	Unread bool
	// Width and Height are the size in pixels of a picture (see
	// IsPicture), as a browser shows it, read from the file's header; 0
	// for any other file, a drawing with no size of its own, or a file
	// whose header cannot be read.
	Width, Height int
}

// hashBytes is a fast hash of a file's bytes. It is the same in every
// process: the build cache keeps it on disk (see LoaderState).
func hashBytes(b []byte) uint64 { return xxhash.Sum64(b) }

// bodyBudget bounds the bytes of markdown bodies a load keeps in memory.
// A body past the budget is let go once its file is parsed and read again
// when a page needs it: at 100,000 briefings the bodies alone are most of a
// gigabyte.
type bodyBudget struct {
	limit int64
	held  atomic.Int64
}

// keep reports whether a body of n bytes fits; a nil budget keeps all.
func (b *bodyBudget) keep(n int) bool {
	return b == nil || b.held.Add(int64(n)) <= b.limit
}
