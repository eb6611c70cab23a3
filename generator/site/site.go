// Package site builds the immutable model of a site from its loaded content:
// URLs, sections, topics, analysts, related briefings and the list of pages
// to render. It does no I/O and converts no markdown, so it is cheap to
// rebuild after every change in watch mode; listings are built from the
// compact fields of each briefing, never from rendered bodies.
package site

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"brief/generator/content"
	"brief/generator/diag"
	"brief/generator/internal/parallel"
	"brief/generator/markdown"

	"golang.org/x/text/unicode/norm"
)

// Options change what a site publishes.
type Options struct {
	Drafts bool // publish briefings and pages marked draft: true
}

// Site is the model of everything a build publishes. It is not changed
// after New returns, so pages can be rendered from it in parallel.
type Site struct {
	Config    *content.Config
	Home      *content.Page // content/_index.md, or nil
	Briefings []*Briefing   // published, newest first
	Sections  []*Section    // by slug
	Topics    []*Topic      // by slug
	Analysts  []*Analyst    // by slug
	Plain     []*Plain      // plain pages, by slug
	Pages     []*Page       // every page to render, in output path order
	// DraftPaths are the output paths that the drafts held back would
	// have, their pages' index.html and their bundles' files, each to the
	// draft's source file: a link or a request there is told that it is a
	// draft's. It is empty when drafts are published.
	DraftPaths map[string]string
	// Aliases are the briefings' earlier addresses, where a page is
	// written that sends the reader on (see content.Alias), by URL.
	Aliases []Alias

	pageURL   map[string]string // source path → URL of its page
	drafts    map[string]bool   // source paths of unpublished drafts
	resources map[string]string // source path of a bundle resource → its URL
	pictures  map[string][2]int // source path of a bundle resource → its width and height, if known
	strays    []string          // files in content/ of no page nor bundle, sorted
	noPage    map[string]string // source path of a markdown file with no page → why

	// Indexes that only links in error need, made by the first: see
	// noteOf and unicodeTwin.
	notesOnce sync.Once
	notes     map[string]*Note // source path of a published note → the note
	filesOnce sync.Once
	files     []string // the resources' and strays' paths, sorted (see firstIn)
	twinsOnce sync.Once
	twins     map[string]string // NFC form of a resource's or stray's path → that path

	pageTwinsOnce sync.Once
	pageTwins     map[string]string // a page's source path in NFC and lowercase → that path
	namesakesOnce sync.Once
	namesakes     map[string]string // a page's name → its source path, or "" if several pages have it
}

// Briefing is a published briefing with its place in the site.
type Briefing struct {
	*content.Briefing
	URL     string // path including the base path, e.g. /briefings/world/x/
	Section *Section
	Topics  []*Topic
	Notes   []*Note
	Related []*Briefing
	Minutes int // reading time
	order   int // position in Site.Briefings
}

// Note is an analyst note placed on its briefing.
type Note struct {
	*content.Note
	Analyst     *Analyst
	Briefing    *Briefing
	Affiliation string // the note's, or else the analyst profile's
	ID          string // HTML id of the note on the briefing page
}

// Section is a folder of briefings.
type Section struct {
	Slug      string
	Title     string
	URL       string
	Intro     *content.Page // _index.md, or nil
	Briefings []*Briefing   // newest first
}

// Topic groups the briefings that name it, whatever their spelling.
type Topic struct {
	Slug      string
	Name      string
	URL       string
	Info      *content.Topic // content/topics/<slug>.md, or nil
	Briefings []*Briefing    // newest first
	index     int32          // position in Site.Topics
}

// Analyst is everyone who wrote a note, with or without a profile.
type Analyst struct {
	Slug        string
	Name        string
	Affiliation string
	URL         string
	Profile     *content.Analyst // nil when there is none
	Notes       []*Note          // newest first
}

// Alias is a briefing's earlier address.
type Alias struct {
	URL  string // with the base path
	File string // the page that sends the reader on, in the output: …/index.html, or an .html file
	To   *Briefing
	Path string      // as written in To's front matter
	At   content.Pos // where
}

// Plain is a page such as about or contact.
type Plain struct {
	*content.Page
	URL string
}

// WordsPerMinute sets the reading time shown on briefings.
const WordsPerMinute = 230

// Minutes is the reading time of a body of so many words.
func Minutes(words int) int { return max(1, (words+WordsPerMinute/2)/WordsPerMinute) }

// New builds the model. The problems it returns are cross-file ones:
// duplicate URLs, reserved names, links to drafts are checked when pages
// are rendered.
func New(src *content.Site, opts Options) (*Site, diag.List) {
	s := &Site{
		Config:     &src.Config,
		pageURL:    make(map[string]string, len(src.Briefings)+len(src.Pages)),
		drafts:     map[string]bool{},
		DraftPaths: map[string]string{},
		resources:  map[string]string{},
		pictures:   map[string][2]int{},
		strays:     src.Strays,
	}
	var probs diag.List
	urls := newURLSet(&probs, len(src.Briefings)+len(src.Pages)+16)
	base := src.Config.BasePath()
	urls.claim(base, content.Dir+"/_index.md", content.Pos{}, false)
	for _, name := range content.Reserved {
		urls.generated(base+name+"/", generatedPages[name])
	}
	if src.Home != nil && (opts.Drafts || !src.Home.Draft) {
		s.Home = src.Home
	}
	for _, p := range src.Pages {
		if p.Draft && !opts.Drafts {
			s.drafts[p.File] = true
			s.DraftPaths[p.Slug+"/index.html"] = p.File
			continue
		}
		pl := &Plain{Page: p, URL: base + p.Slug + "/"}
		if urls.claim(pl.URL, p.File, content.Pos{Line: 1, Col: 1}, false) {
			s.Plain = append(s.Plain, pl)
			s.pageURL[p.File] = pl.URL
		}
	}
	s.addBriefings(src, opts, urls)
	s.addSections(src, opts, urls)
	s.addAliases(urls)
	// Analysts and notes are independent of topics and related briefings
	// (other fields of the same briefings): they are made at the same time.
	var topicProbs, analystProbs diag.List
	parallel.For(2, func() func(int) {
		return func(i int) {
			if i == 0 {
				s.addTopics(src, &topicProbs)
				s.relate()
			} else {
				s.addAnalysts(src, &analystProbs)
			}
		}
	})
	probs.Append(topicProbs)
	probs.Append(analystProbs)
	s.addLinkTargets(src)
	s.Pages = s.pages()
	if len(s.Briefings) == 0 && len(src.Briefings) > 0 && !opts.Drafts && probs.Err() == nil {
		// As with a content/ with none (see content.Loader.Load): the
		// site would replace the published one with empty listings.
		probs.Warn(content.Dir, 0, 0, "every briefing in content/ is a draft, so the site lists none; a briefing is published once its `draft: true` is gone, and --drafts shows drafts in a preview")
	}
	return s, probs
}

func (s *Site) addBriefings(src *content.Site, opts Options, urls *urlSet) {
	base := s.Config.BasePath()
	now := time.Now()
	// Briefings that set a `slug` claim their URLs last: when one takes
	// another's URL, the error is at the `slug` that moved it there, not
	// at whichever file comes first by name.
	for _, cb := range slugsLast(src.Briefings) {
		if cb.Draft && !opts.Drafts {
			s.drafts[cb.File] = true
			dir := cb.Section + "/" + cb.Slug + "/"
			s.DraftPaths[dir+"index.html"] = cb.File
			for _, r := range cb.Resources {
				s.DraftPaths[dir+r.Rel] = cb.File
			}
			continue
		}
		b := &Briefing{Briefing: cb, URL: base + cb.Section + "/" + cb.Slug + "/"}
		at := cb.SlugAt
		if at.Line == 0 {
			at = content.Pos{Line: 1, Col: 1}
		}
		if cb.Slug == PageDir {
			pageSlug(b, at, urls.probs)
		}
		if !urls.claim(b.URL, cb.File, at, true) {
			continue
		}
		b.Minutes = Minutes(cb.Words)
		warnAhead(cb, now, urls.probs)
		s.pageURL[cb.File] = b.URL
		for _, r := range cb.Resources {
			s.resources[r.File] = b.URL + r.Rel
			if r.Width > 0 && r.Height > 0 {
				s.pictures[r.File] = [2]int{r.Width, r.Height}
			}
		}
		s.Briefings = append(s.Briefings, b)
	}
	slices.SortFunc(s.Briefings, newer)
	for i, b := range s.Briefings {
		b.order = i
	}
}

// warnAhead warns of an `updated` date, or a correction's, far in the
// future: nearly always a typo in the year, which the feed's and the
// sitemap's modified times would carry for years. (A `date` ahead is
// warned of as the file is read: it also holds the briefing at the top
// of its listings.)
func warnAhead(b *content.Briefing, now time.Time, probs *diag.List) {
	const why = "; the feed and the sitemap say the briefing changed then, so check the year"
	if content.Ahead(b.Updated, now) {
		probs.Warn(b.File, b.UpdatedAt.Line, b.UpdatedAt.Col, "`updated` (%s) is in the future"+why, b.Updated.Format("2006-01-02"))
	}
	for _, c := range b.Corrections {
		if content.Ahead(c.Date, now) {
			probs.Warn(b.File, c.DateAt.Line, c.DateAt.Col, "correction dated %s, in the future"+why, c.Date.Format("2006-01-02"))
		}
	}
}

// slugsLast lists bs with the briefings that set a `slug` after the
// others, each in its order.
func slugsLast(bs []*content.Briefing) []*content.Briefing {
	i := slices.IndexFunc(bs, func(b *content.Briefing) bool { return b.SlugAt.Line != 0 })
	if i < 0 {
		return bs
	}
	out := make([]*content.Briefing, 0, len(bs))
	for _, b := range bs {
		if b.SlugAt.Line == 0 {
			out = append(out, b)
		}
	}
	for _, b := range bs[i:] {
		if b.SlugAt.Line != 0 {
			out = append(out, b)
		}
	}
	return out
}

// pageSlug reports, at at, briefing b, whose slug is PageDir: its page
// would be the folder of its section's numbered listing pages. It is
// still made, so that links to it do not say there is no such page.
func pageSlug(b *Briefing, at content.Pos, probs *diag.List) {
	fix := "rename the file"
	switch {
	case b.SlugAt.Line != 0:
		fix = "set a different `slug`"
	case b.Bundle:
		fix = "rename the folder"
	}
	probs.Add(b.File, at.Line, at.Col, "the slug %q is reserved for the numbered pages of the section's listing (%s2/, …), so this page cannot have the URL %s; %s",
		PageDir, b.URL, b.URL, fix)
}

// Index is the briefing's position in Site.Briefings, newest first.
func (b *Briefing) Index() int { return b.order }

// newer orders briefings newest first, then by URL so that equal dates
// still give one order (no two briefings have the same URL).
func newer(a, b *Briefing) int {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	return strings.Compare(a.URL, b.URL)
}

func (s *Site) addSections(src *content.Site, opts Options, urls *urlSet) {
	bySlug := map[string]*Section{}
	// Without an _index.md, a section is named after its folder as
	// written, accents kept (économie is Économie at /economie/).
	section := func(slug, file string) *Section {
		if sec := bySlug[slug]; sec != nil {
			return sec
		}
		folder := slug
		if parts := strings.SplitN(file, "/", 3); len(parts) == 3 && content.Slug(parts[1]) == slug {
			folder = norm.NFC.String(parts[1])
		}
		sec := &Section{Slug: slug, Title: titleCase(folder), URL: s.Config.BasePath() + slug + "/"}
		bySlug[slug] = sec
		s.Sections = append(s.Sections, sec)
		return sec
	}
	for _, b := range s.Briefings {
		b.Section = section(b.Briefing.Section, b.File)
		b.Section.Briefings = append(b.Section.Briefings, b)
	}
	for _, intro := range src.Sections {
		if intro.Draft && !opts.Drafts {
			// Held back: its title and intro, and the section's page
			// unless published briefings make one, named after its folder.
			s.drafts[intro.File] = true
			if bySlug[intro.Slug] == nil {
				s.DraftPaths[intro.Slug+"/index.html"] = intro.File
			}
			continue
		}
		sec := section(intro.Slug, intro.File)
		sec.Intro, sec.Title = intro, intro.Title
	}
	sort.Slice(s.Sections, func(i, j int) bool { return s.Sections[i].Slug < s.Sections[j].Slug })
	sameSlug(src, urls.probs)
	for _, sec := range s.Sections {
		file, at := content.Dir+"/"+sec.Slug+"/", content.Pos{}
		if sec.Intro != nil {
			file, at = sec.Intro.File, content.Pos{Line: 1, Col: 1}
		}
		urls.claim(sec.URL, file, at, false)
	}
}

// sameSlug reports section folders whose names differ but make the same
// slug (économie and economie, or one name in two Unicode forms): their
// briefings would share one section page, and one folder's _index.md
// would be dropped. Drafts count, as they would once published. Each
// folder but the first by name is told, once, naming the first.
func sameSlug(src *content.Site, probs *diag.List) {
	folders := map[string][]string{} // section slug → its folders' names
	seen := map[string]bool{}        // folders' names
	add := func(file string) {
		_, rest, _ := strings.Cut(file, "/")
		name, _, ok := strings.Cut(rest, "/")
		if !ok || seen[name] {
			return
		}
		seen[name] = true
		slug := content.Slug(name)
		folders[slug] = append(folders[slug], name)
	}
	for _, b := range src.Briefings {
		add(b.File)
	}
	for _, intro := range src.Sections {
		add(intro.File)
	}
	for _, slug := range slices.Sorted(maps.Keys(folders)) {
		names := folders[slug]
		if len(names) < 2 {
			continue
		}
		slices.Sort(names)
		for _, name := range names[1:] {
			probs.Add(content.Dir+"/"+name+"/", 0, 0, "this section folder and %s/%s/ both make the section %q, at one URL%s; a section's URL is its folder's name as a slug: rename one folder, or move its files into the other", content.Dir, names[0], slug, unicodeForms(name, names[0]))
		}
	}
}

// addAliases gives each published briefing's earlier addresses their
// URLs, after every page has claimed its own: an alias may be no page's
// address, nor a draft's, nor a file a bundle copies, nor one under the
// names brief keeps for its own files (see ownFiles), nor differ from any
// of those in case alone, which a disk that ignores case would merge.
// hasSection reports whether the site has a section of that slug: under
// the base path /news/, a briefing of the section news was at
// /news/news/x/, and its alias /news/x/ is no base path pasted twice.
func (s *Site) hasSection(slug string) bool {
	return slices.ContainsFunc(s.Sections, func(sec *Section) bool { return sec.Slug == slug })
}

func (s *Site) addAliases(urls *urlSet) {
	base := s.Config.BasePath()
	var lower map[string]string // lowercase URL → the URL, once an alias has capitals
	resources := map[string]bool{}
	for _, u := range s.resources {
		resources[u] = true
	}
	for _, b := range s.Briefings {
		for _, a := range b.Aliases {
			rel := strings.TrimPrefix(a.Path, "/")
			first, _, _ := strings.Cut(rel, "/")
			url := base + rel
			lowerURL := strings.ToLower(url)
			if strings.HasSuffix(rel, "/") {
				rel += "index.html"
			}
			at := func(format string, args ...any) {
				urls.probs.Add(b.File, a.At.Line, a.At.Col, "alias %s "+format, append([]any{a.Path}, args...)...)
			}
			if rest, ok := strings.CutPrefix(a.Path, base); ok && base != "/" && !s.hasSection(first) {
				// An old address pasted whole, with the base path that
				// brief puts before every alias: /news/news/x/.
				if rest == "" {
					urls.probs.Warn(b.File, a.At.Line, a.At.Col, "alias %s is the base path %s, which brief puts before every alias, so it is written at %s; the base path itself is the home page's address, which no alias may have: if that is the old address, leave the alias out", a.Path, base, url)
				} else {
					urls.probs.Warn(b.File, a.At.Line, a.At.Col, "alias %s begins with the base path %s, which brief puts before every alias, so it is written at %s; if the old address is %s, leave the base path out: /%s",
						a.Path, base, url, a.Path, rest)
				}
			}
			if lower == nil && lowerURL != url {
				lower = make(map[string]string, len(urls.owner))
				for u := range urls.owner {
					lower[strings.ToLower(u)] = u
				}
			}
			switch {
			case slices.Contains(content.Reserved, first) || slices.Contains(ownFiles, strings.ToLower(first)) || strings.HasPrefix(first, ".") ||
				strings.HasPrefix(strings.ToLower(first), "sitemap"): // sitemap-2.xml past 50,000 addresses
				at("is %s or under it, a name brief keeps for its own pages and files", first)
			case slices.Contains(content.Reserved, strings.ToLower(first)):
				at("is %s or under it, which differs only in case from %s, a name brief keeps for its own pages; on a disk that ignores case they would be one folder", first, strings.ToLower(first))
			case strings.Contains(strings.ToLower(a.Path), "/"+PageDir+"/"):
				at("has a %s/ folder, where brief writes a listing's later pages", PageDir)
			case s.DraftPaths[rel] != "":
				at("is the address of the draft %s, which would take it once published", s.DraftPaths[rel])
			case resources[strings.TrimSuffix(url, "/")] || resources[url]:
				at("is the address of a file a bundle copies beside its page")
			case lower != nil && lower[lowerURL] != "" && lower[lowerURL] != url:
				at("differs only in case from %s, which %s has; on a disk that ignores case one would replace the other", lower[lowerURL], urls.owner[lower[lowerURL]])
			case urls.alias(url, a.Path, b.File, a.At):
				s.Aliases = append(s.Aliases, Alias{URL: url, File: rel, To: b, Path: a.Path, At: a.At})
				if lower != nil {
					lower[lowerURL] = url
				}
			}
		}
	}
	slices.SortFunc(s.Aliases, func(x, y Alias) int { return strings.Compare(x.URL, y.URL) })
}

// ownFiles are the names, at the root of the output, of the files and
// folders brief writes besides pages (lowercase): no alias may be one or
// under one. __brief is where brief serve answers its pages' scripts.
var ownFiles = []string{"404.html", "feed.xml", "sitemap.xml", "robots.txt", "cname", "css", "js", "__brief"}

func titleCase(slug string) string {
	words := strings.Split(slug, "-")
	for i, w := range words {
		if w != "" {
			words[i] = content.UpperFirst(w)
		}
	}
	return strings.Join(words, " ")
}

// urlSet finds two sources that would write the same page.
type urlSet struct {
	owner map[string]string // URL → the file whose page it is, or what brief makes there
	made  map[string]bool   // URLs of pages brief makes of its own
	probs *diag.List
}

// generatedPages says what brief makes at each reserved name's URL.
var generatedPages = map[string]string{
	"topics":   "topic pages",
	"analysts": "analyst pages",
	"search":   "search page",
	"page":     "numbered listing pages",
}

func newURLSet(probs *diag.List, n int) *urlSet {
	return &urlSet{owner: make(map[string]string, n), made: map[string]bool{}, probs: probs}
}

// generated claims url for pages brief makes, described by what.
func (u *urlSet) generated(url, what string) {
	u.owner[url], u.made[url] = what, true
}

// alias gives url to an alias of the briefing file, written as written,
// or reports, at at, that a page or another alias has it.
func (u *urlSet) alias(url, written, file string, at content.Pos) bool {
	prev, ok := u.owner[url]
	switch {
	case !ok:
		u.owner[url] = "an alias of " + file
		return true
	case u.made[url]:
		u.probs.Add(file, at.Line, at.Col, "alias %s is the address of brief's %s; an alias is an address that no page has", written, prev)
	default:
		u.probs.Add(file, at.Line, at.Col, "alias %s is the address of %s; an alias is an address that no page has", written, prev)
	}
	return false
}

// claim gives url to file, or reports, at at, that another has it.
// hasSlug says whether file takes a `slug` key that could move its page.
func (u *urlSet) claim(url, file string, at content.Pos, hasSlug bool) bool {
	prev, ok := u.owner[url]
	switch {
	case !ok:
		u.owner[url] = file
		return true
	case u.made[url]:
		u.probs.Add(file, at.Line, at.Col, "this page would have the URL %s, which brief uses for its %s; rename the file", url, prev)
	case hasSlug:
		u.probs.Add(file, at.Line, at.Col, "this page would have the URL %s, which %s already has%s; rename one of them or set a different `slug`", url, prev, unicodeForms(file, prev))
	default:
		u.probs.Add(file, at.Line, at.Col, "this page would have the URL %s, which %s already has%s; rename one of them", url, prev, unicodeForms(file, prev))
	}
	return false
}

// unicodeForms explains why two files' names that look the same (café.md
// saved once composed, once with a combining accent) clash, or is "".
func unicodeForms(a, b string) string {
	if a != b && norm.NFC.String(a) == norm.NFC.String(b) {
		return " (the two names are the same letters, saved in two Unicode forms)"
	}
	return ""
}

// addLinkTargets records the pages that markdown files other than
// briefings and plain pages introduce or describe, so that links to them
// resolve: the home page, sections, topics and analysts. It also records
// why the markdown files that have no page have none.
func (s *Site) addLinkTargets(src *content.Site) {
	s.pageURL[content.Dir+"/_index.md"] = s.Config.BasePath()
	// A section's page is linked as its _index.md, which it need not
	// have, as the home page's is.
	for _, sec := range s.Sections {
		if sec.Intro != nil {
			s.pageURL[sec.Intro.File] = sec.URL
		} else if len(sec.Briefings) > 0 {
			b := sec.Briefings[0]
			dir := path.Dir(b.File)
			if b.Bundle {
				dir = path.Dir(dir)
			}
			s.pageURL[dir+"/_index.md"] = sec.URL
		}
	}
	// Notes are not recorded: a site has tens of thousands, and a link
	// to one is rare (see noteOf).
	s.noPage = map[string]string{}
	for _, info := range src.Topics {
		s.noPage[info.File] = fmt.Sprintf("%s describes the topic %q, which no published briefing has, so it has no page", info.File, info.Title)
	}
	for _, t := range s.Topics {
		if t.Info != nil {
			s.pageURL[t.Info.File] = t.URL
		}
	}
	for _, a := range s.Analysts {
		if a.Profile != nil {
			s.pageURL[a.Profile.File] = a.URL
		}
	}
}

// noteOf says why the note at source path p has no page, or "" when p is
// no note of a published briefing. It is asked only of a link that is an
// error, but a site may have thousands of those (a note's file linked
// from every briefing), so the first makes an index of the notes.
func (s *Site) noteOf(p string) string {
	if path.Base(path.Dir(p)) != "notes" {
		return ""
	}
	s.notesOnce.Do(func() {
		s.notes = map[string]*Note{}
		for _, b := range s.Briefings {
			for _, n := range b.Notes {
				s.notes[n.File] = n
			}
		}
	})
	n := s.notes[p]
	if n == nil {
		return ""
	}
	return fmt.Sprintf("%s is a note, which has no page of its own: it is shown on the page of %s, at the anchor #%s; link there", n.File, n.Briefing.File, n.ID)
}

// Drafts is how many briefings and pages are held back as drafts.
func (s *Site) Drafts() int { return len(s.drafts) }

// PageURL returns the URL of the page built from a markdown file, for link
// rewriting; it implements markdown.Resolver.
func (s *Site) PageURL(p string) (string, error) {
	if u, ok := s.pageURL[p]; ok {
		return u, nil
	}
	if s.drafts[p] {
		return "", draftError(p)
	}
	if why, ok := s.noPage[p]; ok {
		return "", errors.New(why)
	}
	if why := s.noteOf(p); why != "" {
		return "", errors.New(why)
	}
	if _, ok := s.resources[p]; ok {
		return "", fmt.Errorf("%s is not a page but a file of its bundle, copied beside the page as it is; a bundle's page is its index.md, and notes go in its notes/ folder", p)
	}
	// The briefing may have changed form: <slug>.md made a bundle for
	// its first note, or a bundle made a single file.
	other := strings.TrimSuffix(p, ".md") + "/index.md"
	if dir, ok := strings.CutSuffix(p, "/index.md"); ok {
		other = dir + ".md"
	}
	if _, ok := s.pageURL[other]; ok && strings.HasSuffix(p, ".md") {
		return "", fmt.Errorf("there is no such page (looked for %s), but there is %s; link to that", p, other)
	}
	if dir, ok := strings.CutSuffix(p, "/index.md"); ok {
		if _, ok := s.pageURL[dir+"/_index.md"]; ok {
			return "", fmt.Errorf("there is no such page (looked for %s); a section's page, and the home page, are linked as their _index.md, which they need not have: link to %s/_index.md", p, dir)
		}
	}
	switch stored := s.pageTwin(p); {
	case stored == "":
	case norm.NFC.String(stored) == norm.NFC.String(p):
		return "", fmt.Errorf("there is no such page (looked for %s), but %s has a name that looks the same in other Unicode characters (stored as %+q, linked as %+q); link it by the stored name, or rename the file", p, stored, stored, p)
	case !onlyCapitals(stored):
		return "", fmt.Errorf("there is no such page (looked for %s), but there is %s, in other capitals; link to that", p, stored)
	case strings.ToLower(stored) == p:
		// The file's own name is the error: capitals, which its slug
		// does not have, and for which it is told to be renamed.
		return "", fmt.Errorf("there is no such page (looked for %s), but there is %s, in other capitals, which is to be renamed %s (see its own error); this link finds it then", p, stored, p)
	default: // onlyCapitals: its name has capitals
		return "", fmt.Errorf("there is no such page (looked for %s), but there is %s, in other capitals, which is to be renamed %s (see its own error); link to that name", p, stored, strings.ToLower(stored))
	}
	if f := s.namesake(p); f != "" {
		return "", &markdown.ElsewhereError{Looked: p, Found: f}
	}
	return "", fmt.Errorf("there is no such page (looked for %s)", p)
}

// onlyCapitals reports whether the markdown file f, a briefing's or a
// page's, is named as a slug but for capitals: then its own error says to
// rename it in lowercase (Sanctions-explained.md, World/x.md).
func onlyCapitals(f string) bool {
	lower := strings.ToLower(f)
	if lower == f {
		return false
	}
	for _, part := range strings.Split(strings.TrimSuffix(strings.TrimSuffix(lower, ".md"), "/index"), "/")[1:] {
		if !content.SlugShaped(part) && part != "_index" {
			return false
		}
	}
	return true
}

// namesake returns the markdown file of the one page whose name is p's,
// where p is not a page: the linking page, or the linked one, moved to
// another folder. A page's name is its file's without .md, or its
// folder's for an index.md or _index.md. It returns "" when no page, or
// more than one, has that name. The first call makes the index.
func (s *Site) namesake(p string) string {
	name := func(p string) string {
		if dir, base := path.Split(p); base == "index.md" || base == "_index.md" {
			return path.Base(dir)
		}
		return strings.TrimSuffix(path.Base(p), ".md")
	}
	s.namesakesOnce.Do(func() {
		s.namesakes = make(map[string]string, len(s.pageURL))
		for f := range s.pageURL {
			k := name(f)
			if _, ok := s.namesakes[k]; ok {
				s.namesakes[k] = "" // more than one
			} else {
				s.namesakes[k] = f
			}
		}
	})
	return s.namesakes[name(p)]
}

// pageTwin returns the markdown file with a page whose path differs from
// p only in capitals or in its Unicode normalization (see unicodeTwin),
// or "": the first by path. The first call makes the index.
func (s *Site) pageTwin(p string) string {
	key := func(p string) string { return strings.ToLower(norm.NFC.String(p)) }
	s.pageTwinsOnce.Do(func() {
		s.pageTwins = make(map[string]string, len(s.pageURL))
		for f := range s.pageURL {
			k := key(f)
			if twin, ok := s.pageTwins[k]; !ok || f < twin {
				s.pageTwins[k] = f
			}
		}
	})
	return s.pageTwins[key(p)]
}

// draftError is PageURL's answer for a draft that is not published: the
// draft's source path.
type draftError string

func (e draftError) Error() string {
	return string(e) + " is a draft, so it is not published; publish it (draft: false) or remove the link"
}

func (draftError) Unwrap() error { return markdown.ErrDraft }

// ResourceURL returns the URL of a source file that is copied into the
// output beside its page, or why there is none; it implements
// markdown.Resolver.
func (s *Site) ResourceURL(p string) (string, error) {
	p = path.Clean(p)
	if u, ok := s.resources[p]; ok {
		return u, nil
	}
	if _, ok := slices.BinarySearch(s.strays, p); ok {
		return "", markdown.ErrNoBundle
	}
	if stored := s.unicodeTwin(p); stored != "" {
		return "", fmt.Errorf("no file has this name as written, but %s has a name that looks the same in other Unicode characters (stored as %+q, linked as %+q); link it by the stored name, or rename the file", stored, path.Base(stored), path.Base(p))
	}
	if file := s.firstIn(p); file != "" {
		return "", &markdown.FolderError{Folder: p, File: file}
	}
	return "", markdown.ErrNoFile
}

// firstIn returns the first file by path, of the resources and strays,
// inside the folder dir, or "" when there is none. Like unicodeTwin, it is
// asked only of a link that is an error, and the first makes the list.
func (s *Site) firstIn(dir string) string {
	s.filesOnce.Do(func() {
		s.files = slices.Concat(slices.Collect(maps.Keys(s.resources)), s.strays)
		slices.Sort(s.files)
	})
	prefix := dir + "/"
	if i, _ := slices.BinarySearch(s.files, prefix); i < len(s.files) && strings.HasPrefix(s.files[i], prefix) {
		return s.files[i]
	}
	return ""
}

// PictureSize returns the width and height of the bundle resource at
// source path p, a picture whose size was read, or 0, 0; it implements
// markdown.Resolver.
func (s *Site) PictureSize(p string) (width, height int) {
	size := s.pictures[path.Clean(p)]
	return size[0], size[1]
}

// unicodeTwin returns the resource or stray file whose path differs from
// p, which is neither, only in its Unicode normalization (münchen.png
// written with ü as one character and as u and a mark), or "": the first
// such stray, else the first such resource, by path. A file saved on
// macOS, or typed there, may have either form, and the two look the same
// everywhere. It is asked only of a link that is an error, but a site may
// have thousands of those (a misnamed image in every bundle), so the first
// makes an index of the files by their normal form.
func (s *Site) unicodeTwin(p string) string {
	s.twinsOnce.Do(func() {
		s.twins = make(map[string]string, len(s.strays)+len(s.resources))
		for f := range s.resources {
			key := norm.NFC.String(f)
			if twin, ok := s.twins[key]; !ok || f < twin {
				s.twins[key] = f
			}
		}
		for _, f := range slices.Backward(s.strays) { // sorted: the first wins
			s.twins[norm.NFC.String(f)] = f
		}
	})
	return s.twins[norm.NFC.String(p)]
}
