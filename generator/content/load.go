// Package content reads a site's source folder: site.yaml and the markdown
// files under content/, following the folder rules of DESIGN.md. It checks
// every file on its own (front matter keys, types, dates, encoding) and
// reports problems with file and line; cross-file checks belong to the site
// package.
package content

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"brief/generator/diag"
	"brief/generator/internal/osfs"
)

// Dir is the folder under the source root that holds the markdown.
const Dir = "content"

// Reserved names cannot be used as section folders: their URLs belong to
// pages that brief generates.
var Reserved = []string{"topics", "analysts", "search", "page"}

// Ignored reports whether a file name is editor litter or hidden, which
// brief never reads: Vim's swap files and its 4913 probe, Emacs lock,
// backup and auto-save files, and dot files. In static/, StaticIgnored applies instead.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || litter(name)
}

// StaticDir is the folder whose files are copied to the output as they
// are.
const StaticDir = "static"

// StaticIgnored reports whether a file or folder of static/ is left out
// of the output: editor litter, version control's files (.git, .gitkeep,
// .gitignore, .hg, .svn) and macOS's .DS_Store. Other hidden files are
// published: .well-known/ is where security.txt and domain checks live.
func StaticIgnored(name string) bool {
	return litter(name) || strings.HasPrefix(name, ".#") || strings.HasPrefix(name, ".git") ||
		strings.HasPrefix(name, ".hg") || name == ".svn" || name == ".DS_Store"
}

// litter reports whether a file name is an editor's: Vim's swap files and
// its 4913 probe, Emacs backup and auto-save (#name#) files, JetBrains'
// safe-write copies (x.md___jb_tmp___, x.md___jb_old___) and the file
// sed -i writes before it renames it over the original.
func litter(name string) bool {
	return strings.HasSuffix(name, "~") || len(name) > 1 && name[0] == '#' && name[len(name)-1] == '#' ||
		strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".swo") || name == "4913" ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___") || sedTemp(name) ||
		name == "Thumbs.db" || name == "desktop.ini" // Windows Explorer's
}

// noteLike reports whether name, not a .md file's, is a markdown file's
// all the same: another markdown extension, .md in capitals, or .md before
// another extension (a note an editor saved as cy.md.txt).
func noteLike(name string) bool {
	lower := strings.ToLower(name)
	switch path.Ext(lower) {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext":
		return true
	}
	return strings.Contains(lower, ".md.")
}

// mdName is the name that noteLike's name has as a .md file.
func mdName(name string) string {
	stem, _, _ := strings.Cut(name, ".")
	return stem + ".md"
}

// sedTemp reports whether name is GNU sed's temporary file: sed and six
// random letters or digits (mkstemp's sedXXXXXX). Such a name has no
// extension, so no file of a bundle is taken for one (sedan.jpg,
// sedan12345), and a capital or a digit among the six, so no folder named
// with a word is (sediments, sedatives): the 1 in 180 of sed's names that
// have neither are read as files, and flash an error while sed runs.
func sedTemp(name string) bool {
	if len(name) != 9 || !strings.HasPrefix(name, "sed") {
		return false
	}
	random := false
	for _, c := range name[3:] {
		switch {
		case 'a' <= c && c <= 'z':
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			random = true
		default:
			return false
		}
	}
	return random
}

// IgnoredAt reports whether a path (slash-separated, from the source
// folder) has a part that brief does not read: see Ignored, and
// StaticIgnored for the parts below static/.
func IgnoredAt(rel string) bool {
	parts := strings.Split(rel, "/")
	ignored := Ignored
	if parts[0] == StaticDir {
		ignored = StaticIgnored
	}
	for _, p := range parts {
		if ignored(p) {
			return true
		}
	}
	return false
}

// Load reads site.yaml and every content file of fsys. baseURL, when set,
// overrides site.yaml's base_url. The returned problems include warnings;
// the Site is usable only when they hold no errors.
//
// A site whose markdown bodies come to more than BodyMemory bytes keeps
// only that much in memory; Source.Text reads the rest again when needed.
func Load(fsys fs.FS, baseURL string) (*Site, diag.List) {
	l := NewLoader(fsys, baseURL)
	l.budget = &bodyBudget{limit: BodyMemory}
	return l.Load(nil)
}

// BodyMemory is how many bytes of markdown bodies a load with a budget
// (a build's) keeps in memory: those of notes, pages, analysts and topics,
// first come first served. A briefing's body is never kept: a build reads
// it again when it gets to the briefing's page (see Source.Hold), so
// that the bodies of a whole site are never held at once, and the budget
// goes to the small bodies, each of which several steps read.
const BodyMemory = 192 << 20

type kind int

const (
	kindHome kind = iota
	kindPage
	kindSection
	kindBriefing
	kindNote
	kindAnalyst
	kindTopic
	kindResource
)

// job is one file to read, with what its path says it is.
type job struct {
	file    string
	kind    kind
	section string
	slug    string
	bundle  string // the bundle folder a note or resource belongs to
	link    bool   // the file is a symbolic link: see Loader.patch
	unread  bool   // a resource that is not a regular file: see Resource.Unread
	// planProbs are the problems its path has, found by classify.
	planProbs diag.List
	// filled in by run:
	rawHash  uint64 // hash of its bytes
	width    int    // a picture resource's size: see Resource.Width
	height   int
	info     osfs.Info // size and time of the file read, if the file system tells them
	prev     *job      // the same file's job in the previous load, whose parse is kept if the bytes are the same
	page     *Page
	briefing *Briefing
	note     *Note
	analyst  *Analyst
	topic    *Topic
	probs    diag.List
}

// plan walks content/, or the folder root inside it, and decides what
// each file is from its path alone. The problems it returns are those of
// paths that give no job. found, if set, is given each job as soon as it
// is planned, so that reading can start while the walk goes on.
func plan(fsys fs.FS, root string, found func(*job)) ([]*job, diag.List, []string) {
	pl := &planner{fsys: fsys, found: found}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil && p == Dir && errors.Is(err, fs.ErrNotExist) {
			pl.probs.Add(p, 0, 0, "there is no content/ folder beside site.yaml; put briefings in content/<section>/<slug>.md")
			return nil
		}
		if err != nil {
			pl.probs.CannotRead(p, err)
			return nil
		}
		return pl.visit(p, d.Name(), d.Type())
	})
	if err != nil {
		pl.probs.CannotRead(root, err)
	}
	return pl.jobs, pl.probs, pl.strays
}

// planListed is plan of the whole content folder from a listing of it
// (see Loader.Listed), with the same jobs and problems as a walk, and no
// folder read again. The listing is taken in its own order, not sorted
// as a walk goes: only a folder's own path can make it skipped, never
// which folders were seen before it, so all folders are visited first,
// then every file that is not under a skipped one.
func planListed(fsys fs.FS, ls *Listing, found func(*job)) ([]*job, diag.List, []string) {
	pl := &planner{fsys: fsys, found: found}
	var skipped map[string]bool
	for _, d := range ls.Dirs {
		if pl.visit(d, path.Base(d), fs.ModeDir) == fs.SkipDir {
			if skipped == nil {
				skipped = map[string]bool{}
			}
			skipped[d] = true
		}
	}
	for _, f := range ls.Files {
		if skipped != nil && under(f.Path, skipped) {
			continue
		}
		pl.visit(f.Path, path.Base(f.Path), f.Type())
	}
	pl.probs.Sort()
	slices.Sort(pl.strays)
	return pl.jobs, pl.probs, pl.strays
}

// under reports whether a folder above p, inside the content folder, is
// one of dirs.
func under(p string, dirs map[string]bool) bool {
	for d := parent(p); d != Dir && d != "."; d = parent(d) {
		if dirs[d] {
			return true
		}
	}
	return false
}

// planner decides what each entry of the content folder is, as a walk
// meets them.
type planner struct {
	fsys  fs.FS
	found func(*job)
	jobs  []*job
	probs diag.List
	// strays are the files that are no page's and no bundle's (a file
	// beside briefings, an image directly in content/), each reported,
	// so that a link to one is told why, not that there is no file.
	strays []string
}

// visit plans the entry at p, named name, of type typ (as
// fs.DirEntry.Type gives it): a folder or a file, which may be a symbolic
// link. It returns fs.SkipDir for a folder whose entries are not to be
// planned. A file that is neither regular nor a link (a named pipe) is
// reported, and never read: reading a named pipe waits for a writer.
func (pl *planner) visit(p, name string, typ fs.FileMode) error {
	if p == Dir {
		if !typ.IsDir() {
			// Built as an empty site, it would replace the published
			// one with nothing.
			pl.probs.Add(p, 0, 0, "content is a file, not a folder; put briefings in content/<section>/<slug>.md")
		}
		return nil
	}
	dir := typ.IsDir()
	if Ignored(name) {
		if dir {
			return fs.SkipDir
		}
		return nil
	}
	special := Special(typ) != 0
	if special {
		NotRegular(p, typ, &pl.probs)
	}
	if !special && typ&fs.ModeSymlink != 0 && !SymlinkInside(pl.fsys, p, &pl.probs) {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(p, Dir+"/"), "/")
	if dir {
		if len(parts) == 1 && contains([]string{"search", "page"}, parts[0]) {
			pl.probs.Add(p, 0, 0, "%q is a reserved name (its URL is used by brief); rename the folder", parts[0])
			return fs.SkipDir
		}
		if len(parts) == 1 && parts[0] == "_drafts" {
			// Jekyll's: renamed to a slug, as below says, its drafts
			// would be a section of the site, published.
			pl.probs.Add(p, 0, 0, "%q is Jekyll's folder of drafts, which brief does not have: move each draft into the folder of its section, with `draft: true` in its front matter (brief build --drafts and brief serve --drafts show drafts)", parts[0])
			return fs.SkipDir
		}
		if len(parts) == 1 && parts[0] != "topics" && parts[0] != "analysts" && !SlugShaped(parts[0]) {
			pl.probs.Add(p, 0, 0, "section folder %q is not a slug (lowercase letters, digits and hyphens, as in its URL); rename it to %q, or to another slug if that name is taken", parts[0], Slug(parts[0]))
			return fs.SkipDir
		}
		return nil
	}
	var jp diag.List
	j := classify(p, parts, &jp)
	if special && (j == nil || j.kind != kindResource) {
		return nil
	}
	if j == nil {
		pl.probs.Append(jp)
		if parts[0] != "topics" && parts[0] != "analysts" {
			pl.strays = append(pl.strays, p)
		}
		return nil
	}
	// A bundle's resource that is a named pipe stays one, unread and not
	// copied (see Resource.Unread), so that a link to it is not told
	// there is no such file.
	j.planProbs, j.link, j.unread = jp, typ&fs.ModeSymlink != 0, special
	pl.jobs = append(pl.jobs, j)
	if pl.found != nil {
		pl.found(j)
	}
	return nil
}

// prune drops notes and resources that are not in a bundle, which only
// make sense inside one, and reports them; it returns the resources it
// dropped as strays. jobs must be sorted by file.
func prune(jobs []*job) ([]*job, diag.List, []string) {
	var probs diag.List
	var strays []string
	bundles := make(map[string]bool, len(jobs)/4)  // folders with an index.md
	inFolder := make(map[string]*job, len(jobs)/4) // first file seen in each candidate bundle folder
	var single map[string]bool                     // single-file briefings, made for a note outside a bundle
	for _, j := range jobs {
		if j.kind == kindBriefing && j.bundle != "" {
			bundles[j.bundle] = true
		}
		if (j.kind == kindNote || j.kind == kindResource && !nestedPage(j)) && inFolder[j.bundle] == nil {
			inFolder[j.bundle] = j
		}
	}
	kept := make([]*job, 0, len(jobs))
	for _, j := range jobs {
		if (j.kind == kindNote || j.kind == kindResource) && !bundles[j.bundle] {
			if j.kind == kindResource && nestedPage(j) {
				// Hugo's nested section (world/asia/x.md): every page of
				// it is told, not only the folder's first file.
				section, sub := path.Dir(j.bundle), path.Base(j.bundle)
				move := fmt.Sprintf("move it to %s/ beside the section's briefings, or make %s a section of its own, %s/%s/", section, sub, Dir, sub)
				if path.Base(j.file) == "_index.md" {
					move = fmt.Sprintf("make %s a section of its own, %s/%s/, which this file then introduces", sub, Dir, sub)
				}
				probs.Add(j.file, 0, 0, "%s has no index.md, so it is no briefing's bundle, and brief has no sub-sections: a section is one folder under %s/, so this file makes no page; %s", j.bundle, Dir, move)
				strays = append(strays, j.file)
				continue
			}
			if inFolder[j.bundle] == j || j.kind == kindNote {
				if single == nil && j.kind == kindNote {
					single = map[string]bool{}
					for _, b := range jobs {
						if b.kind == kindBriefing && b.bundle == "" {
							single[b.file] = true
						}
					}
				}
				switch {
				case j.kind == kindNote && single[j.bundle+".md"]:
					probs.Add(j.file, 0, 0, "note file outside a bundle: %s has no index.md, and its briefing is the single file %s.md; move %s.md to %s/index.md, so that the briefing is a bundle with notes", j.bundle, j.bundle, j.bundle, j.bundle)
				case j.kind == kindNote:
					probs.Add(j.file, 0, 0, "note file outside a bundle: %s has no index.md; notes go in <section>/<briefing>/notes/ beside the briefing's index.md", j.bundle)
				default:
					probs.Add(j.file, 0, 0, "%s has no index.md, so this file belongs to no briefing; add index.md or move the file to static/", j.bundle)
				}
			}
			if j.kind == kindResource {
				strays = append(strays, j.file)
			}
			continue
		}
		kept = append(kept, j)
	}
	return kept, probs, strays
}

// nestedPage reports whether j, a note or resource of a folder that may
// have no index.md, is a markdown file directly in that folder: in a
// folder without index.md, a page of what Hugo calls a nested section.
func nestedPage(j *job) bool {
	return strings.HasSuffix(j.file, ".md") && path.Dir(j.file) == j.bundle
}

// classify maps a path under content/ (split into parts) to a job.
func classify(p string, parts []string, probs *diag.List) *job {
	name := parts[len(parts)-1]
	isMD := strings.HasSuffix(name, ".md")
	slug := strings.TrimSuffix(name, ".md")
	switch {
	case len(parts) == 1 && name == "_index.md":
		return &job{file: p, kind: kindHome}
	case len(parts) == 1 && isMD:
		return &job{file: p, kind: kindPage, slug: slugFromFile(p, "file", slug, ".md", probs)}
	case len(parts) == 1 && noteLike(name):
		probs.Add(p, 0, 0, "a page is a .md file; rename this one %q", mdName(name))
		return nil
	case len(parts) == 1:
		probs.Add(p, 0, 0, "only markdown pages belong directly in content/; put other files in static/")
		return nil
	case parts[0] == "topics" || parts[0] == "analysts":
		if len(parts) != 2 || !isMD {
			probs.Add(p, 0, 0, "content/%s/ holds only <name>.md files", parts[0])
			return nil
		}
		// The file's name is the slug of its topic's or analyst's URL,
		// as a briefing's is of its own.
		slugFromFile(p, "file", strings.TrimSuffix(parts[1], ".md"), ".md", probs)
		if parts[0] == "topics" {
			return &job{file: p, kind: kindTopic}
		}
		return &job{file: p, kind: kindAnalyst}
	}
	folder := parts[0]
	section := Slug(folder) // the folder was checked when the walk entered it
	if section == folder {
		section = folder // the path's own bytes: one string fewer kept per file
	}
	switch {
	case len(parts) == 2 && name == "_index.md":
		return &job{file: p, kind: kindSection, section: section}
	case len(parts) == 2 && name == "index.md":
		// Hugo's page of the folder (content/about/index.md is
		// /about/); here it would be a briefing at /about/index/.
		probs.Add(p, 0, 0, "an index.md directly in a section's folder is no page of brief's: a section's introduction is %s/_index.md, a plain page at /%s/ is content/%s.md in place of the folder (a section with briefings has its own page there), a briefing is %s/<slug>.md, and a briefing with pictures is a folder %s/<slug>/ with an index.md", path.Dir(p), section, section, path.Dir(p), path.Dir(p))
		return nil
	case len(parts) == 2 && isMD:
		return &job{file: p, kind: kindBriefing, section: section, slug: slugFromFile(p, "file", slug, ".md", probs)}
	case len(parts) == 2 && noteLike(name):
		probs.Add(p, 0, 0, "a briefing is a .md file; rename this one %q", mdName(name))
		return nil
	case len(parts) == 2:
		probs.Add(p, 0, 0, "a file beside briefings belongs to none of them; put it in a bundle folder with an index.md, or in static/")
		return nil
	}
	bundle := path.Join(Dir, folder, parts[1])
	if strings.HasPrefix(p, bundle+"/") {
		bundle = p[:len(bundle)] // the file's own bytes: one string fewer kept per file
	}
	switch {
	case len(parts) == 3 && name == "index.md":
		return &job{file: p, kind: kindBriefing, section: section, slug: slugFromFile(p, "folder", parts[1], "", probs), bundle: bundle}
	case len(parts) == 4 && parts[2] == "notes" && isMD:
		return &job{file: p, kind: kindNote, section: section, bundle: bundle}
	case len(parts) > 4 && parts[2] == "notes" && isMD:
		// Copied as a resource, it would publish the note's source and
		// show no note, without a word.
		probs.Add(p, 0, 0, "a note goes directly in %s/notes/, not in a folder inside it; move it up, or out of notes/ if it is not a note", bundle)
		return nil
	case len(parts) > 3 && (name == "index.md" || name == "_index.md" || isMD && parts[len(parts)-2] == "notes"):
		// A bundle inside a bundle: copied as resources, its files
		// would publish their sources, drafts too, and make no page.
		probs.Add(p, 0, 0, "a briefing, note or intro in a folder inside %s makes no page: brief has no sub-sections (a section is one folder under %s/), and a bundle's folders hold its resources, copied as files, sources published; move it to its own folder in %s/%s/, or make %s a section of its own, %s/%s/", bundle, Dir, Dir, folder, parts[1], Dir, parts[1])
		return nil
	case len(parts) == 4 && parts[2] == "notes" && noteLike(name):
		// Copied as a resource, a note saved as .markdown or .MD would
		// publish its source and show no note, without a word. Other
		// files there (a note's image) are resources, as anywhere in a
		// bundle.
		probs.Add(p, 0, 0, "a note in %s/notes/ is a .md file; rename this one %q", bundle, mdName(name))
		return nil
	}
	return &job{file: p, kind: kindResource, section: section, bundle: bundle}
}

// run reads and parses every job, in parallel; each job keeps its own
// problems so the result does not depend on scheduling. A panic while
// reading a file (a bug in brief) is raised again on the caller's
// goroutine, naming the file, so that the command reports it instead of
// crashing.
// It returns how many files it read.
func run(fsys fs.FS, jobs []*job, cfg *Config, budget *bodyBudget) int {
	rd := startReaders(fsys, cfg, budget)
	for _, j := range jobs {
		rd.read(j)
	}
	rd.wait()
	return rd.n
}

// readers read and parse jobs in parallel, as they are given them.
type readers struct {
	work  chan *job
	n     int // jobs given to read, from one goroutine
	wg    sync.WaitGroup
	crash atomic.Pointer[string]
}

// startReaders starts a reader per processor.
func startReaders(fsys fs.FS, cfg *Config, budget *bodyBudget) *readers {
	rd := &readers{work: make(chan *job, 64)}
	for range runtime.GOMAXPROCS(0) {
		rd.wg.Add(1)
		go func() {
			defer rd.wg.Done()
			for j := range rd.work {
				readSafely(j, fsys, cfg, budget, &rd.crash)
			}
		}()
	}
	return rd
}

// read has j read and parsed. A resource is not read, but a picture's
// header is, for its size.
func (rd *readers) read(j *job) {
	switch {
	case j.kind != kindResource:
		rd.n++
		rd.work <- j
	case !j.unread && (IsPicture(j.file) || noteLike(path.Base(j.file))):
		rd.work <- j
	}
}

// wait returns once every job given is read.
func (rd *readers) wait() {
	close(rd.work)
	rd.wg.Wait()
	if msg := rd.crash.Load(); msg != nil {
		panic(*msg)
	}
}

func readSafely(j *job, fsys fs.FS, cfg *Config, budget *bodyBudget, crash *atomic.Pointer[string]) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("reading %s: %v\n%s", j.file, r, debug.Stack())
			crash.CompareAndSwap(nil, &msg)
		}
	}()
	j.read(fsys, cfg, budget)
}

// checkMarkdownResource reports a markdown file in a bundle, other than
// its index.md and notes, that opens with front matter: a briefing or a
// note put beside index.md instead of in its own place (most often a note
// without notes/). A resource is copied as it is, so it would publish its
// source, a draft's too, and make no page, without a word. A markdown
// file without front matter is a resource like any other.
func checkMarkdownResource(fsys fs.FS, file, bundle string, probs *diag.List) {
	var buf [64]byte
	head, err := readHead(fsys, file, buf[:])
	if err != nil || !opensFrontMatter(head) {
		return // one that cannot be read is told when it is copied
	}
	section := path.Dir(bundle)
	probs.Add(file, 1, 1, "this markdown file opens with front matter, as a briefing or a note does, but in a bundle's folder it is a resource: it would be copied as a file, its source published as it is, drafts too, and make no page; a note goes in %s/notes/, a briefing in its own file or folder in %s/; a file to publish as it is has no front matter", bundle, section)
}

// opensFrontMatter reports whether head, the start of a file, opens with
// the line that opens front matter, as a build reads it (see open): its
// first line, whole within head, is a fence.
func opensFrontMatter(head []byte) bool {
	first, _, whole := bytes.Cut(normalize(head), []byte("\n"))
	return whole && isFence(first)
}

// infoReader is a file system that tells the size and time of each file
// it reads, as osfs.Dir does.
type infoReader interface {
	ReadFileInfo(name string) ([]byte, osfs.Info, error)
}

func (j *job) read(fsys fs.FS, cfg *Config, budget *bodyBudget) {
	if j.kind == kindResource {
		if IsPicture(j.file) {
			j.width, j.height = pictureSize(fsys, j.file, &j.probs)
		} else {
			checkMarkdownResource(fsys, j.file, j.bundle, &j.probs)
		}
		return
	}
	var raw []byte
	var err error
	if ir, ok := fsys.(infoReader); ok {
		raw, j.info, err = ir.ReadFileInfo(j.file)
	} else {
		raw, err = fs.ReadFile(fsys, j.file)
	}
	if err != nil {
		ReadFailed(j.file, err, &j.probs)
		return
	}
	j.rawHash = hashBytes(raw)
	if old := j.prev; old != nil {
		j.prev = nil
		if old.rawHash == j.rawHash {
			j.page, j.briefing, j.note, j.analyst, j.topic, j.probs = old.page, old.briefing, old.note, old.analyst, old.topic, old.probs
			return
		}
	}
	switch j.kind {
	case kindHome:
		j.page = parsePage(j.file, raw, "", cfg, &j.probs)
	case kindPage:
		j.page = parsePage(j.file, raw, j.slug, cfg, &j.probs)
	case kindSection:
		j.page = parsePage(j.file, raw, j.section, cfg, &j.probs)
	case kindBriefing:
		j.briefing = parseBriefing(j.file, raw, j.section, j.slug, j.bundle != "", cfg, &j.probs)
	case kindNote:
		j.note = parseNote(j.file, raw, cfg, &j.probs)
	case kindAnalyst:
		j.analyst = parseAnalyst(j.file, raw, cfg, &j.probs)
	case kindTopic:
		j.topic = parseTopic(j.file, raw, cfg, &j.probs)
	}
	if src := j.source(); src != nil && budget != nil {
		src.reread = fsys
		if j.kind == kindBriefing || !budget.keep(len(src.body)) {
			src.body = nil
		}
	}
}

// source is the parsed file's Source, or nil when it did not parse.
func (j *job) source() *Source {
	switch {
	case j.page != nil:
		return &j.page.Source
	case j.briefing != nil:
		return &j.briefing.Source
	case j.note != nil:
		return &j.note.Source
	case j.analyst != nil:
		return &j.analyst.Source
	case j.topic != nil:
		return &j.topic.Source
	}
	return nil
}

// assemble puts parsed jobs into the Site, attaching notes and resources to
// their bundles, in a deterministic order. jobs must be sorted by file.
// Briefings are copied, so that parsed files can be kept for the next load
// while each Site gets its own notes and resources lists.
func assemble(s *Site, jobs []*job, probs *diag.List) {
	byBundle := map[string]*Briefing{}
	now := time.Now()
	for _, j := range jobs {
		probs.Append(j.planProbs)
		switch b := j.briefing; {
		case b == nil || len(j.probs) == 0:
			probs.Append(j.probs)
		case Ahead(b.Date, now):
			probs.Append(j.probs)
			if until := b.Date.Add(-aheadAllowed); s.Expires.IsZero() || until.Before(s.Expires) {
				s.Expires = until
			}
		default:
			// A parse kept from an earlier load warned of a date that
			// has come since.
			for _, p := range j.probs {
				if !strings.Contains(p.Msg, aheadWarning) {
					*probs = append(*probs, p)
				}
			}
		}
		switch {
		case j.page != nil && j.kind == kindHome:
			s.Home = j.page
		case j.page != nil && j.kind == kindPage:
			s.Pages = append(s.Pages, j.page)
		case j.page != nil && j.kind == kindSection:
			s.Sections = append(s.Sections, j.page)
		case j.briefing != nil:
			b := *j.briefing
			b.Notes, b.Resources = nil, nil
			s.Briefings = append(s.Briefings, &b)
			if j.bundle != "" {
				byBundle[j.bundle] = &b
			}
		case j.analyst != nil:
			s.Analysts = append(s.Analysts, j.analyst)
		case j.topic != nil:
			s.Topics = append(s.Topics, j.topic)
		}
	}
	for _, j := range jobs {
		b := byBundle[j.bundle]
		if b == nil {
			continue // the bundle's index.md failed to parse; its problems are reported
		}
		switch {
		case j.note != nil:
			b.Notes = append(b.Notes, j.note)
		case j.kind == kindResource:
			b.Resources = append(b.Resources, Resource{File: j.file, Rel: strings.TrimPrefix(j.file, j.bundle+"/"), Unread: j.unread, Width: j.width, Height: j.height})
		}
	}
	for _, b := range s.Briefings {
		slices.SortFunc(b.Notes, NoteOrder)
	}
}

// NoteOrder orders a briefing's notes by date, those without one after
// those with one, then by file name. An undated note sorted first, as the
// earliest, and took the plain anchor of its analyst (#note-ann) from the
// same analyst's dated note, which links may name.
//
// File names are compared without their .md, and numbers in them by
// value, so that ann.md comes before ann-2.md, which brief new note
// writes for the second note (by bytes, - sorts before .), and ann-2.md
// before ann-10.md.
func NoteOrder(a, b *Note) int {
	switch az, bz := a.Date.IsZero(), b.Date.IsZero(); {
	case az && !bz:
		return 1
	case bz && !az:
		return -1
	}
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	if c := numberOrder(strings.TrimSuffix(a.File, ".md"), strings.TrimSuffix(b.File, ".md")); c != 0 {
		return c
	}
	return strings.Compare(a.File, b.File)
}

// numberOrder compares a and b byte by byte, but a run of digits in both
// at the same place by its value: x-2 before x-10.
func numberOrder(a, b string) int {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			da, db := digits(a), digits(b)
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digits is the length of the run of digits s starts with.
func digits(s string) int {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}
