package site

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"brief/generator/content"
	"brief/generator/diag"
)

// addAnalysts collects every note author. A note names its analyst; the
// slug of that name finds the profile in content/analysts/, if any.
func (s *Site) addAnalysts(src *content.Site, probs *diag.List) {
	profiles := map[string]*content.Analyst{}
	for _, p := range src.Analysts {
		if prev := profiles[p.Slug]; prev != nil {
			probs.Add(p.File, 1, 1, "this profile would have the URL %sanalysts/%s/, which %s already has; keep one of the two files", s.Config.BasePath(), p.Slug, prev.File)
			continue
		}
		profiles[p.Slug] = p
	}
	bySlug := map[string]*Analyst{}
	var known profileIndex // made when a note finds no profile
	// A site has tens of thousands of notes by a few hundred analysts:
	// each name is made a slug once, and the notes are allocated together.
	type name struct {
		slug, id string
		checked  bool // against the profile's name
	}
	names := map[string]name{}
	total := 0
	for _, b := range s.Briefings {
		total += len(b.Briefing.Notes)
	}
	notes := make([]Note, 0, total)
	now := time.Now()
	// An analyst without a profile is named as most of their notes spell
	// the name; each other spelling is warned of at its newest note.
	type spelling struct {
		n     int
		note  *content.Note // the newest with it
		order int           // of its first note met, newest first
	}
	var spellings map[*Analyst]map[string]*spelling
	for _, b := range s.Briefings {
		for _, cn := range b.Briefing.Notes {
			nm, ok := names[cn.Analyst]
			if !ok {
				nm.slug = content.Slug(cn.Analyst)
				nm.id = NoteIDs + nm.slug
				names[cn.Analyst] = nm
			}
			slug := nm.slug
			a := bySlug[slug]
			if a != nil && a.Profile == nil && cn.Analyst != a.Name || spellings[a] != nil {
				if spellings == nil {
					spellings = map[*Analyst]map[string]*spelling{}
				}
				if spellings[a] == nil {
					spellings[a] = map[string]*spelling{a.Name: {len(a.Notes), a.Notes[0].Note, 0}}
				}
				if sp := spellings[a][cn.Analyst]; sp != nil {
					sp.n++
				} else {
					spellings[a][cn.Analyst] = &spelling{1, cn, len(spellings[a])}
				}
			}
			if a == nil {
				a = &Analyst{Slug: slug, Name: cn.Analyst, URL: s.Config.BasePath() + "analysts/" + slug + "/"}
				if p := profiles[slug]; p != nil {
					a.Profile, a.Name, a.Affiliation = p, p.Name, p.Affiliation
				} else {
					probs.Warn(cn.File, cn.AnalystAt.Line, cn.AnalystAt.Col, "analyst %q has no profile; %s", cn.Analyst, known.noProfile(src.Analysts, slug))
				}
				bySlug[slug] = a
				s.Analysts = append(s.Analysts, a)
			}
			// A note finds a profile by the slug of its analyst's name, so
			// Ána Lee's, ANA LEE's and Ana Lee's notes all find Ana Lee's
			// profile and show its name: a spelling of that name other
			// than the profile's, or its file's slug, is a slip in the
			// note, told once for each spelling. (A note that names the
			// profile by another word, Desk for desk.md named The Desk,
			// is told nothing.)
			if p := a.Profile; p != nil && !nm.checked {
				if cn.Analyst != p.Name && cn.Analyst != p.Slug && p.Name != "" && content.Slug(p.Name) == slug {
					probs.Warn(cn.File, cn.AnalystAt.Line, cn.AnalystAt.Col, "analyst %q is spelt otherwise than in the profile %s, %q, whose name the pages show; correct the spelling here", cn.Analyst, p.File, p.Name)
				}
				nm.checked = true
				names[cn.Analyst] = nm
			}
			notes = append(notes, Note{Note: cn, Analyst: a, Briefing: b, Affiliation: cn.Affiliation, ID: nm.id})
			n := &notes[len(notes)-1]
			// A note without one shows its analyst's profile's, never
			// another note's: an analyst moves from one institution to
			// another. With no profile, the analyst is listed with the
			// newest note's that has one.
			if n.Affiliation == "" && a.Profile != nil {
				n.Affiliation = a.Profile.Affiliation
			}
			if a.Affiliation == "" {
				a.Affiliation = cn.Affiliation
			}
			b.Notes = append(b.Notes, n)
			a.Notes = append(a.Notes, n)
			// A note assesses its briefing, so one dated a day or more
			// before it is nearly always a typo in its date (a year), as a
			// correction's would be; and notes take their anchors in date
			// order, so it would take another note's.
			if !cn.Date.IsZero() && cn.Date.Before(b.Date.AddDate(0, 0, -1)) {
				probs.Warn(cn.File, cn.DateAt.Line, cn.DateAt.Col, "note dated %s, more than a day before its briefing's date %s; a note assesses the briefing, so check its date",
					cn.Date.Format("2006-01-02"), b.Date.Format("2006-01-02"))
			}
			// One dated ahead is published now, shown with that date, and
			// first on its analyst's page until then: nearly always a typo
			// in the year, as a briefing's date ahead is.
			if content.Ahead(cn.Date, now) {
				probs.Warn(cn.File, cn.DateAt.Line, cn.DateAt.Col, "note dated %s, in the future: it is published now with that date, first on its analyst's page, so check the year",
					cn.Date.Format("2006-01-02"))
			}
		}
	}
	for a, names := range spellings {
		best := a.Name
		for name, sp := range names {
			if b := names[best]; sp.n > b.n || sp.n == b.n && sp.order < b.order { // ties: the newest note's
				best = name
			}
		}
		a.Name = best
		for name, sp := range names {
			if name != best {
				probs.Warn(sp.note.File, sp.note.AnalystAt.Line, sp.note.AnalystAt.Col, "analyst %q and %q both have the URL %s, so they are one analyst, shown as %q; correct the spelling if they are the same person, or rename one if not", name, best, a.URL, best)
			}
		}
	}
	for _, p := range src.Analysts {
		if bySlug[p.Slug] == nil && p.Name != "" {
			// Notes find a profile by the slug of their analyst's name: a
			// profile filed under another slug than its name's is found
			// only by notes that spell the name otherwise ("Desk" for desk.md
			// named "The Desk"). One that no note finds is most likely
			// misfiled (bob.md named "Bob Roe", whose notes say Bob Roe).
			if slug := content.Slug(p.Name); slug != p.Slug && slug != "" {
				probs.Warn(p.File, p.NameAt.Line, p.NameAt.Col, "`name` %q makes the slug %q, but this profile's file is %s.md, and notes find a profile by the slug of their analyst's name: no note finds this one; rename the file %s/analysts/%s.md", p.Name, slug, p.Slug, content.Dir, slug)
			}
		}
		if bySlug[p.Slug] == nil {
			a := &Analyst{Slug: p.Slug, Name: p.Name, Affiliation: p.Affiliation, URL: s.Config.BasePath() + "analysts/" + p.Slug + "/", Profile: p}
			bySlug[p.Slug] = a
			s.Analysts = append(s.Analysts, a)
		}
	}
	sort.Slice(s.Analysts, func(i, j int) bool { return s.Analysts[i].Slug < s.Analysts[j].Slug })
	// Notes on one analyst's page: newest first, as every listing is, by
	// the note's own date, or its briefing's for a note without one; notes
	// of one time keep their briefings' order, newest first. By briefings'
	// dates alone, a note written in March on a January briefing came
	// after one written in January, and the page's dates ran out of order.
	for _, a := range s.Analysts {
		slices.SortStableFunc(a.Notes, func(x, y *Note) int { return y.shownAt().Compare(x.shownAt()) })
	}
	// Anchors of notes on a briefing: the analyst's second note there is
	// -2, in the briefing's order of notes (see NoteAnchors).
	var slugs []string
	for _, b := range s.Briefings {
		if !repeats(b.Notes) {
			continue // nearly every briefing: each note is its analyst's only one there
		}
		slugs = slugs[:0]
		for _, n := range b.Notes {
			slugs = append(slugs, n.Analyst.Slug)
		}
		for i, id := range NoteAnchors(slugs) {
			b.Notes[i].ID = id
		}
		// A note whose anchor passed over another analyst's is told so:
		// its anchor changed when that analyst's note came, and links to
		// the one it would have had lead to the other note.
		nth := map[*Analyst]int{}
		for _, n := range b.Notes {
			nth[n.Analyst]++
			k := nth[n.Analyst]
			if k == 1 {
				continue
			}
			if would := NoteIDs + n.Analyst.Slug + "-" + strconv.Itoa(k); n.ID != would {
				for _, m := range b.Notes {
					if m.ID == would {
						probs.Warn(n.File, n.AnalystAt.Line, n.AnalystAt.Col, "this note's anchor is #%s, not #%s, which is the anchor of %s's note here: a link to #%s meant for this note leads to that one", n.ID, would, m.Analyst.Name, would)
						break
					}
				}
			}
		}
	}
}

// repeats reports whether an analyst has more than one of a briefing's
// notes; a briefing has a few.
func repeats(notes []*Note) bool {
	for i, n := range notes {
		for _, m := range notes[:i] {
			if m.Analyst == n.Analyst {
				return true
			}
		}
	}
	return false
}

// NoteAnchors returns the anchors of a briefing's notes, given their
// analysts' slugs in the order the page shows the notes: an analyst's
// first note there is note-<slug>, the next note-<slug>-2, then -3, and
// so on, passing over a suffix that makes another analyst's anchor
// there: beside a note by Ana Lee 2 (note-ana-lee-2), Ana Lee's second
// note is note-ana-lee-3, so no two notes share an id, and no link to
// one leads to the other.
func NoteAnchors(slugs []string) []string {
	ids := make([]string, len(slugs))
	taken := make(map[string]bool, len(slugs))
	for _, slug := range slugs {
		taken[NoteIDs+slug] = true
	}
	next := map[string]int{} // the suffix an analyst's next note tries first
	for i, slug := range slugs {
		k, seen := next[slug]
		if !seen {
			ids[i], next[slug] = NoteIDs+slug, 2
			continue
		}
		id := NoteIDs + slug + "-" + strconv.Itoa(k)
		for taken[id] {
			k++
			id = NoteIDs + slug + "-" + strconv.Itoa(k)
		}
		taken[id], ids[i], next[slug] = true, id, k+1
	}
	return ids
}

// profileIndex finds the profiles an analyst's slug is near: the slugs
// of their files and of their names. The zero value builds the index on
// its first use: most sites have a profile for every analyst, and never
// need it.
type profileIndex struct {
	byName map[string]int // the first profile whose name makes a slug
	near   *nearSlugs     // the files' slugs, then the names'
}

// noProfile says what to do for an analyst whose slug finds no profile:
// use the name of a profile it is near (Anne Lee for Ann Lee), rename a
// profile whose name it is but whose file is not (bob.md named Bob Roe),
// or else add one. Of several such profiles, it names the first.
func (idx *profileIndex) noProfile(profiles []*content.Analyst, slug string) string {
	if idx.near == nil {
		idx.byName = map[string]int{}
		slugs := make([]string, 2*len(profiles))
		for i, p := range profiles {
			name := content.Slug(p.Name)
			slugs[i], slugs[len(profiles)+i] = p.Slug, name
			if _, ok := idx.byName[name]; !ok {
				idx.byName[name] = i
			}
		}
		idx.near = newNearSlugs(slugs)
	}
	if i, ok := idx.byName[slug]; ok {
		p := profiles[i]
		return fmt.Sprintf("%s is named %q, but notes find a profile by its file's name, %s: write the analyst as %q, or rename the file %s.md if every note says %q",
			p.File, p.Name, p.Slug, finder(p), slug, p.Name)
	}
	first := -1
	idx.near.candidates(slug, func(j int) {
		if i := j % len(profiles); (first < 0 || i < first) && similar(slug, idx.near.slugs[j]) {
			first = i
		}
	})
	if first >= 0 {
		p := profiles[first]
		return fmt.Sprintf("did you mean %q (%s)? If not, add %s/analysts/%s.md with name and affiliation", finder(p), p.File, content.Dir, slug)
	}
	return fmt.Sprintf("add %s/analysts/%s.md with name and affiliation", content.Dir, slug)
}

// finder is a name that finds profile p: its own, when that makes its
// file's slug, or else the slug's words with capitals (ann-lee.md named
// "Dr. Ann Lee" is found by "Ann Lee").
func finder(p *content.Analyst) string {
	if content.Slug(p.Name) == p.Slug {
		return p.Name
	}
	return titleCase(p.Slug)
}

// NoteIDs begins the HTML id of every analyst note on its briefing's page
// (note-east-asia-desk, see Note.ID) and of every heading and footnote in
// a note's body (see BodyIDPrefix). No other id on a page begins with it.
const NoteIDs = "note-"

// BodyIDPrefix returns the prefix of the ids in the body of the markdown
// file at source path file if it is a note
// (content/<section>/<briefing>/notes/<name>.md), or else "".
//
// A note is converted once and shown on its briefing's page beside the
// article and other notes, and on its analyst's page beside notes on other
// briefings; so the prefix is made of the note's file, which no other note
// has: note-world/x/ann-lee/ (then note-world/x/ann-lee/context and
// note-world/x/ann-lee/fn:1). A slash is in no note's id nor in any slug,
// so these are apart from every other id. Letters, digits, '-', '.' and
// '_' are kept; any other character, '%' included, is percent-encoded, so
// two names never give one prefix and it needs no escaping in HTML.
func BodyIDPrefix(file string) string {
	if !strings.Contains(file, "/notes/") {
		return "" // most bodies, without splitting their path
	}
	parts := strings.Split(file, "/")
	if len(parts) != 5 || parts[0] != content.Dir || parts[3] != "notes" || !strings.HasSuffix(parts[4], ".md") {
		return ""
	}
	var b strings.Builder
	b.Grow(len(NoteIDs) + len(file))
	b.WriteString(NoteIDs)
	for _, part := range []string{parts[1], parts[2], strings.TrimSuffix(parts[4], ".md")} {
		writeIDPart(&b, part)
		b.WriteByte('/')
	}
	return b.String()
}

// writeIDPart writes s to b, percent-encoding what BodyIDPrefix does not keep.
func writeIDPart(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			// Most names are ASCII slugs, kept byte by byte.
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(b, "%%%02X", c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) || strings.ContainsRune("-._", r)) {
			b.WriteString(s[i : i+n])
		} else {
			for _, c := range []byte(s[i : i+n]) {
				fmt.Fprintf(b, "%%%02X", c)
			}
		}
		i += n
	}
}

// shownAt is when a note is listed on its analyst's page: its date, or
// else its briefing's.
func (n *Note) shownAt() time.Time {
	if n.Date.IsZero() {
		return n.Briefing.Date
	}
	return n.Date
}
