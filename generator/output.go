package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"brief/generator/content"
	"brief/generator/diag"
	"brief/generator/internal/osfs"
	"brief/generator/layout"
	"brief/generator/markdown"
	"brief/generator/publish"
	"brief/generator/site"

	"github.com/cespare/xxhash/v2"
)

// StaticDir is the folder whose files are copied to the output as they are.
const StaticDir = content.StaticDir

// output receives everything a build produces. It writes through a
// publish.Writer, or only records when checking, and remembers what link
// checks need: which paths exist and which ids each page has.
type output struct {
	w   *publish.Writer   // when building to disk
	mem map[string][]byte // when building in memory (brief serve)

	mu    sync.Mutex
	files map[string]bool     // output paths written
	ids   map[string][]string // page URL path → element ids
	refs  []ref               // internal links found in markdown
	errs  []error
	// stuck is set once a write fails for where it goes, not for the
	// file (see deviceErrors): every later write fails alike, so pages
	// still to render are not rendered.
	stuck atomic.Bool
	// copied are the files copied as they are, by output path. A build
	// in memory does not keep their bytes (see Copy).
	copied map[string]Copy
	// sums, for a build to disk with the build cache, are the hashes of
	// the input files that are not markdown, as the build hashed them:
	// a copy whose bytes the last build wrote is kept, not read again.
	// They are made beside the build, and given on sumsMade.
	sums     map[string]uint64
	sumsMade <-chan map[string]uint64
	// copies, for a build in memory, are the files copied as they are,
	// by source file, with the hash of their bytes and what the file was
	// when read; kept are the last build's, each used again if its file
	// is still as it was when read.
	copies, kept map[string]copiedFile
	// read counts the files copied that were read: the others were kept.
	read atomic.Int64
}

// Copy is a file that a build copies to the output as it is: a bundle's
// resource, or a file of static/. A build in memory (a Builder's) reads
// it for its hash alone, and keeps no bytes of it: a site's pictures and
// videos can be far larger than its pages. brief serve opens the source
// file when the copy is asked for (OpenCopy).
type Copy struct {
	Source string // the source file, a slash-separated path under the site's folder
	Sum    uint64 // the hash of its bytes when the build read them (xxhash); 0 when a build to disk wrote them
}

// OpenCopy opens the source file of c, a copy of the site in the folder
// source, for reading. It opens it through that folder alone (os.Root):
// a symbolic link put in the file's place since the build, that leads
// out of the folder, is refused, as is anything but a regular file (a
// named pipe, which it does not wait on). A content/ or static/ that is
// itself a link to a folder elsewhere, which the build follows, is the
// folder the file is opened through.
func OpenCopy(source string, c Copy) (*os.File, error) {
	dir, name := source, c.Source
	if top, rest, ok := strings.Cut(c.Source, "/"); ok {
		if fi, err := os.Lstat(filepath.Join(source, top)); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			dir, name = filepath.Join(source, top), rest
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = &fs.PathError{Op: "open", Path: c.Source, Err: osfs.ErrNotRegular}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// copiedFile is a file copied as it is, for a Builder's next build.
type copiedFile struct {
	sum    uint64
	info   osfs.Info
	readAt int64 // when it was read, in Unix nanoseconds
}

type ref struct {
	file string
	markdown.Link
}

func newOutput(w *publish.Writer) *output {
	return &output{w: w, files: map[string]bool{}, ids: map[string][]string{}}
}

// expect sizes the records for n output files, before the first is
// written: a large site's maps would otherwise be copied as they grow.
func (o *output) expect(n int) {
	o.mu.Lock()
	if len(o.files) == 0 && len(o.ids) == 0 {
		o.files, o.ids = make(map[string]bool, n), make(map[string][]string, n)
	}
	o.mu.Unlock()
	if o.w != nil {
		o.w.Expect(n)
	}
}

func (o *output) write(rel string, data []byte) {
	if o.mem != nil {
		data = bytes.Clone(data) // data may be a render buffer, reused for the next page
	}
	o.writeOwned(rel, data)
}

// writeOwned is write for data that nobody changes afterwards.
func (o *output) writeOwned(rel string, data []byte) {
	o.mu.Lock()
	o.files[rel] = true
	if o.mem != nil {
		o.mem[rel] = data
	}
	o.mu.Unlock()
	if o.w == nil {
		return
	}
	if err := o.w.Write(rel, data); err != nil {
		o.writeFailed(err)
	}
}

// writeFailed records a write's error.
func (o *output) writeFailed(err error) {
	if _, ok := deviceError(err); ok {
		o.stuck.Store(true)
	}
	o.mu.Lock()
	o.errs = append(o.errs, err)
	o.mu.Unlock()
}

// full reports whether a write failed for want of room, or because the
// device refuses writes: nothing more can be written.
func (o *output) full() bool { return o.stuck.Load() }

// page writes a rendered page, which nobody changes afterwards, and
// records its ids, which it returns.
func (o *output) page(p *site.Page, html []byte) []string {
	ids := scanIDs(html)
	o.pageWithIDs(p, html, ids)
	return ids
}

// pageWithIDs writes a page whose ids are known.
func (o *output) pageWithIDs(p *site.Page, html []byte, ids []string) {
	o.mu.Lock()
	o.ids[p.URL] = ids
	o.mu.Unlock()
	o.writeOwned(p.Out, html)
}

// keep keeps page p as the last build wrote it in the output folder, if
// it is still there as written, and records its ids. It reports false
// when the page must be rendered.
func (o *output) keep(p *site.Page, ids []string) bool {
	if o.w == nil || !o.w.Keep(p.Out) {
		return false
	}
	o.mu.Lock()
	o.ids[p.URL] = ids
	o.files[p.Out] = true
	o.mu.Unlock()
	return true
}

// keepFile keeps the file at rel: data is its bytes when the build is
// in memory, or nil to keep it as the last build wrote it in the output
// folder, if it is still there as written. It reports false when the file
// must be made again.
func (o *output) keepFile(rel string, data []byte) bool {
	if data != nil {
		o.writeOwned(rel, data)
		return true
	}
	if o.w == nil || !o.w.Keep(rel) {
		return false
	}
	o.exists(rel)
	return true
}

// unrendered records that page p exists though it could not be rendered
// (its template failed, which is reported), so that links to it are not
// reported as broken too.
func (o *output) unrendered(p *site.Page) { o.exists(p.Out) }

// exists records that the output has a file at rel that no write of this
// build made: one kept from the last build, or a copy that a build in
// memory holds as its hash.
func (o *output) exists(rel string) {
	o.mu.Lock()
	o.files[rel] = true
	o.mu.Unlock()
}

// fail records an internal error: the build stops without publishing.
// An error already recorded is not recorded again: a body read again for
// its page and for its entry in the cache fails twice alike.
func (o *output) fail(err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, e := range o.errs {
		if e.Error() == err.Error() {
			return
		}
	}
	o.errs = append(o.errs, err)
}

func (o *output) links(file string, links []markdown.Link) {
	if len(links) == 0 {
		return
	}
	o.mu.Lock()
	for _, l := range links {
		o.refs = append(o.refs, ref{file, l})
	}
	o.mu.Unlock()
}

func (o *output) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.files)
}

// err returns the errors recorded. One that every later file meets
// alike, as a full disk, is told once, with how many files met it.
func (o *output) err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	var kept []error
	first := map[syscall.Errno]int{} // the index in kept of each such error
	count := map[syscall.Errno]int{}
	for _, err := range o.errs {
		errno, ok := deviceError(err)
		if !ok {
			kept = append(kept, err)
			continue
		}
		if _, ok := first[errno]; !ok {
			first[errno] = len(kept)
			kept = append(kept, err)
		}
		count[errno]++
	}
	for errno, i := range first {
		if n := count[errno]; n > 1 {
			kept[i] = fmt.Errorf("%w (and %d more files alike)", kept[i], n-1)
		}
	}
	return errors.Join(kept...)
}

// deviceErrors are the errors of writing a file that come from where it
// is written, not from the file: each later file meets them too.
var deviceErrors = []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EROFS, syscall.EIO}

// deviceError returns err's system error if it is one of deviceErrors.
func deviceError(err error) (syscall.Errno, bool) {
	var errno syscall.Errno
	ok := errors.As(err, &errno) && slices.Contains(deviceErrors, errno)
	return errno, ok
}

// scanIDs finds the id attributes of a rendered page, whichever template
// or markdown produced them. They share one string: a build keeps the ids
// of every page, and a large site's collector marks each string it keeps.
// It looks for the equals signs, which only markup has many of, and
// takes those of ` id="`.
func scanIDs(html []byte) []string {
	var all []byte
	var ends []int
	for i := 0; ; {
		k := bytes.IndexByte(html[i:], '=')
		if k < 0 {
			break
		}
		i += k + 1
		if i < 4 || i == len(html) || string(html[i-4:i]) != " id=" || html[i] != '"' {
			continue
		}
		i++
		j := bytes.IndexByte(html[i:], '"')
		if j < 0 {
			break
		}
		all = append(all, html[i:i+j]...)
		ends = append(ends, len(all))
		i += j
	}
	if len(ends) == 0 {
		return nil
	}
	joined := string(all)
	ids := make([]string, len(ends))
	start := 0
	for k, end := range ends {
		ids[k] = joined[start:end]
		start = end
	}
	return ids
}

// copyFiles copies bundle resources beside their pages and static/ to the
// root of the output, and writes the files GitHub Pages needs.
func copyFiles(fsys fs.FS, s *site.Site, o *output) diag.List {
	if o.sumsMade != nil {
		o.sums, o.sumsMade = <-o.sumsMade, nil
	}
	var probs diag.List
	base := s.Config.BasePath()
	var folders outputFolders
	var aliases map[string]*site.Alias // by output file, made for the first file that takes one's place
	aliasAt := func(rel string) *site.Alias {
		if aliases == nil {
			aliases = make(map[string]*site.Alias, len(s.Aliases))
			for i := range s.Aliases {
				aliases[s.Aliases[i].File] = &s.Aliases[i]
			}
		}
		return aliases[rel]
	}
	for _, b := range s.Briefings {
		dir := strings.TrimPrefix(b.URL, base)
		for _, r := range b.Resources {
			if !r.Unread { // a named pipe, reported by the load
				copyFile(fsys, o, &folders, aliasAt, dir+r.Rel, r.File, "resource", &probs)
			}
		}
	}
	err := fs.WalkDir(fsys, StaticDir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == StaticDir {
			return fs.SkipDir
		}
		if err != nil {
			probs.CannotRead(p, err)
			return nil
		}
		if content.StaticIgnored(d.Name()) && p != StaticDir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if content.Special(d.Type()) != 0 {
			content.NotRegular(p, d.Type(), &probs)
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && (!content.SymlinkInside(fsys, p, &probs) || o.linkIntoOutput(fsys, p, &probs)) {
			return nil
		}
		copyFile(fsys, o, &folders, aliasAt, strings.TrimPrefix(p, StaticDir+"/"), p, "static file", &probs)
		return nil
	})
	if err != nil {
		probs.CannotRead(StaticDir, err)
	}
	o.write(".nojekyll", nil)
	return probs
}

// linkIntoOutput reports, as a problem, a symbolic link at p in the source
// folder that leads into the output folder of a build to disk: its file is
// what an earlier build wrote, not a source, so the output would depend on
// the last output, and a fresh checkout would not build.
func (o *output) linkIntoOutput(fsys fs.FS, p string, probs *diag.List) bool {
	src, ok := fsys.(osfs.Dir)
	if o.w == nil || !ok {
		return false
	}
	target, err1 := filepath.EvalSymlinks(filepath.Join(string(src), filepath.FromSlash(p)))
	out, err2 := filepath.EvalSymlinks(o.w.Out())
	if err1 != nil || err2 != nil || !inside(target, out) {
		return false
	}
	link, _ := os.Readlink(filepath.Join(string(src), filepath.FromSlash(p)))
	probs.Add(p, 0, 0, "symbolic link to %s leads into the output folder %s, which each build replaces: its file is an earlier build's output, not a source; link to the source file instead", link, o.w.Out())
	return true
}

// outputFolders are the folders of the output, made from the paths
// written when the first file is copied (so a site with nothing to copy
// pays nothing) and kept up to date with the files copied after it.
type outputFolders map[string]bool

func (f *outputFolders) has(o *output, rel string) bool {
	if *f == nil {
		*f = outputFolders{}
		o.mu.Lock()
		for name := range o.files {
			f.add(name)
		}
		o.mu.Unlock()
	}
	return (*f)[rel]
}

func (f outputFolders) add(rel string) {
	for d := path.Dir(rel); d != "." && !f[d]; d = path.Dir(d) {
		f[d] = true
	}
}

// copyFile copies file to rel in the output, unless rel is taken: a
// page, a feed, or a file copied before it (resources are copied before
// static/), or a folder of such files, or unless a folder rel lies in is
// such a file. Publishing would fail on either, with an error about its
// temporary files rather than the writer's. what names the kind of file
// in the problem that says so. A file taken by a briefing's alias is
// told at the alias (see aliasAt), where the writer chose the address.
func copyFile(fsys fs.FS, o *output, folders *outputFolders, aliasAt func(string) *site.Alias, rel, file, what string, probs *diag.List) {
	if _, err := publish.Clean(rel); err != nil {
		probs.Add(file, 0, 0, "%v", err)
		return
	}
	o.mu.Lock()
	taken := o.files[rel]
	var takenDir string
	for d := path.Dir(rel); d != "." && takenDir == ""; d = path.Dir(d) {
		if o.files[d] {
			takenDir = d
		}
	}
	o.mu.Unlock()
	switch {
	case taken && aliasAt(rel) != nil:
		a := aliasAt(rel)
		probs.Add(a.To.File, a.At.Line, a.At.Col, "alias %s is the address of the %s %s; remove the alias, or the file", a.Path, what, file)
		return
	case taken:
		probs.Add(file, 0, 0, "%s would replace %s, which the build writes; rename or remove it", what, rel)
		return
	case takenDir != "":
		// Named once, at the folder, for all the files in it.
		folder := file
		if tail := rel[len(takenDir):]; strings.HasSuffix(file, tail) {
			folder = strings.TrimSuffix(file, tail)
		}
		probs.Add(folder, 0, 0, "this folder would replace %s, which the build writes as a file; rename or remove it", takenDir)
		return
	case folders.has(o, rel):
		probs.Add(file, 0, 0, "%s would replace the folder %s/, which the build writes; rename or remove it", what, rel)
		return
	}
	folders.add(rel)
	c := Copy{Source: file}
	if kept, ok := o.keepCopy(fsys, rel, file); ok {
		c.Sum = kept
	} else {
		start := time.Now().UnixNano()
		if o.mem != nil {
			// In memory, the copy is its hash: OpenCopy reads it.
			sum, info, err := digestFile(fsys, file)
			if err != nil {
				content.ReadFailed(file, err, probs)
				return
			}
			o.remember(file, copiedFile{sum: sum, info: info, readAt: start})
			o.exists(rel)
			c.Sum = sum
		} else if dir, size, ok := largeFile(fsys, file); ok {
			// Copied a piece at a time, after it is hashed the same way
			// if the build cache has not (CopyFile records the bytes it
			// copies: a link's hash, which includes its target, only
			// keeps the old copy from being kept).
			sum, hashed := o.sums[file]
			if !hashed {
				var info osfs.Info
				var err error
				if sum, info, err = digestFile(fsys, file); err != nil {
					content.ReadFailed(file, err, probs)
					return
				}
				size = info.Size
			}
			o.exists(rel)
			if o.w != nil { // brief check has read it through, as a build does, and copies nothing
				o.copyLarge(rel, file, string(dir)+"/"+file, size, sum, probs)
			}
		} else {
			data, _, err := readFileInfo(fsys, file)
			if err != nil {
				content.ReadFailed(file, err, probs)
				return
			}
			o.writeOwned(rel, data) // data is the copy's own
		}
		o.read.Add(1)
	}
	o.mu.Lock()
	if o.copied == nil {
		o.copied = map[string]Copy{}
	}
	o.copied[rel] = c
	o.mu.Unlock()
}

// copyLarge copies src, the site's file, at rel, a piece at a time.
func (o *output) copyLarge(rel, file, src string, size int64, sum uint64, probs *diag.List) {
	var pe *fs.PathError
	if err := o.w.CopyFile(rel, src, size, sum); errors.As(err, &pe) && pe.Path == src {
		content.ReadFailed(file, pe.Err, probs) // the source, gone or changed into a pipe since it was listed
	} else if err != nil {
		o.writeFailed(err)
	}
}

// largeCopy is the size from which a build to disk copies a file as it is
// a piece at a time, rather than read whole and then written: a site's
// videos would otherwise each take their size in memory, twice over on
// two cores. Smaller files take fewer system calls read whole.
var largeCopy int64 = 4 << 20

// largeFile reports whether file, in fsys, a folder of the system's, is
// at least largeCopy bytes, and returns the folder and the size.
func largeFile(fsys fs.FS, file string) (osfs.Dir, int64, bool) {
	dir, ok := fsys.(osfs.Dir)
	if !ok {
		return "", 0, false
	}
	fi, err := dir.Stat(file)
	if err != nil || fi.Size() < largeCopy {
		return "", 0, false
	}
	return dir, fi.Size(), true
}

// keepCopy keeps the copy of file at rel without reading file, when it is
// certainly what the last build copied: in a build to disk, the output
// holds the bytes that the build cache hashed the file to; in a build in
// memory, the file has the size and times it had when the last build read
// it, and was not changed within a second of that read (a change within
// the file system's clock would keep them). It returns the hash of the
// file's bytes, or false when the file must be read.
func (o *output) keepCopy(fsys fs.FS, rel, file string) (uint64, bool) {
	if sum, ok := o.sums[file]; ok && o.w != nil {
		if !o.w.KeepSum(rel, sum) {
			return 0, false
		}
		o.exists(rel)
		return sum, true
	}
	c, ok := o.kept[file]
	if !ok || o.mem == nil {
		return 0, false
	}
	fi, err := fs.Stat(fsys, file)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != c.info.Size || fi.ModTime().UnixNano() != c.info.ModTime ||
		osfs.ChangeTime(fi) != c.info.Change || c.info.ModTime >= c.readAt-int64(time.Second) || c.info.Change >= c.readAt-int64(time.Second) {
		return 0, false
	}
	o.exists(rel)
	o.remember(file, c)
	return c.sum, true
}

// remember keeps c, the copy of file, for a Builder's next build.
func (o *output) remember(file string, c copiedFile) {
	o.mu.Lock()
	if o.copies == nil {
		o.copies = map[string]copiedFile{}
	}
	o.copies[file] = c
	o.mu.Unlock()
}

// digestFile hashes the bytes of file, a piece at a time, and returns
// the hash with the file's size and times where fsys tells them.
func digestFile(fsys fs.FS, file string) (uint64, osfs.Info, error) {
	d := xxhash.New()
	info, err := digest(fsys, file, d)
	return d.Sum64(), info, err
}

// digest writes the bytes of file to h, a piece at a time (a video in a
// bundle is never held whole), and returns the file's size and times
// where fsys tells them.
func digest(fsys fs.FS, file string, h io.Writer) (osfs.Info, error) {
	if dir, ok := fsys.(osfs.Dir); ok {
		return dir.Digest(file, h)
	}
	data, err := fs.ReadFile(fsys, file)
	h.Write(data)
	return osfs.Info{}, err
}

// readFileInfo reads file, with its size and times where fsys tells them.
func readFileInfo(fsys fs.FS, file string) ([]byte, osfs.Info, error) {
	if d, ok := fsys.(osfs.Dir); ok {
		return d.ReadFileInfo(file)
	}
	data, err := fs.ReadFile(fsys, file)
	return data, osfs.Info{}, err
}

// checkLinks verifies every internal link found in markdown: its target
// must be a page or file of the output and, if it names an anchor, the
// target page must have an element with that id.
func checkLinks(s *site.Site, o *output) diag.List {
	pageOf := make(map[string]string, len(s.Pages)) // source file → its page's URL, for #anchor links
	for _, p := range s.Pages {
		if p.Briefing != nil {
			pageOf[p.Briefing.File] = p.URL
		}
		if p.Plain != nil {
			pageOf[p.Plain.File] = p.URL
		}
	}
	// An intro's own #anchors are on the page it introduces: the home
	// page's, a section's, a topic's or an analyst's first page.
	if s.Home != nil {
		pageOf[s.Home.File] = s.Config.BasePath()
	}
	for _, sec := range s.Sections {
		if sec.Intro != nil {
			pageOf[sec.Intro.File] = sec.URL
		}
	}
	for _, t := range s.Topics {
		if t.Info != nil {
			pageOf[t.Info.File] = t.URL
		}
	}
	for _, a := range s.Analysts {
		if a.Profile != nil {
			pageOf[a.Profile.File] = a.URL
		}
	}
	sort.Slice(o.refs, func(i, j int) bool { return o.refs[i].file < o.refs[j].file })
	return checkRefs(o.refs, linkTargets{
		base:   s.Config.BasePath(),
		pageOf: pageOf,
		files:  o.files,
		drafts: s.DraftPaths,
		ids:    func(url string) ([]string, bool) { ids, ok := o.ids[url]; return ids, ok },
	})
}

// linkTargets is what a link check looks links up in.
type linkTargets struct {
	base   string
	pageOf map[string]string // a briefing's or plain page's file → its page's URL
	files  map[string]bool   // output paths
	drafts map[string]string // output paths of drafts held back → their files (site.DraftPaths)
	ids    func(url string) ([]string, bool)
}

// missing says why nothing is at URL path target: it is a draft's
// address, or no page or file of the site has it.
func (to linkTargets) missing(target string) string {
	if draft := to.draft(target); draft != "" {
		return "that address belongs to " + draft
	}
	if rel, ok := strings.CutPrefix(target, to.base); ok && strings.HasSuffix(rel, ".md") {
		if u, ok := to.pageOf[content.Dir+"/"+rel]; ok {
			// The address as a link is written: brief adds the base path.
			return fmt.Sprintf("no page or file of the site has that address; a link to a page's markdown file is written from the file the link is in (../), not from the site's root, or link the page's address, /%s", strings.TrimPrefix(u, to.base))
		}
	}
	if like := to.hugoAddress(target); like != "" {
		return "no page or file of the site has that address, which Hugo or Jekyll would give; brief's is " + like + ": link that"
	}
	return "no page or file of the site has that address" + to.basePathHint(target)
}

// hugoAddress returns brief's address for target, an address Hugo or
// Jekyll gives a site's own pages (/tags/x/, /categories/x/, /index.xml),
// when the site has it; "" otherwise. A site moved in links them.
func (to linkTargets) hugoAddress(target string) string {
	rel, ok := strings.CutPrefix(target, to.base)
	if !ok {
		return ""
	}
	if list, ok := strings.CutSuffix(strings.TrimSuffix(rel, "/"), site.PageDir+"/1"); ok && (list == "" || strings.HasSuffix(list, "/")) {
		// Hugo writes a listing's first page again at page/1/, as a
		// redirect; brief's first page is the listing's own address.
		if !to.has(to.base + list) {
			return ""
		}
		return "/" + list
	}
	like := ""
	first, rest, _ := strings.Cut(rel, "/")
	if first == "tags" || first == "categories" || first == "tag" || first == "category" {
		rel = "topics/" + rest
	}
	switch {
	case rel == "index.xml" || rel == "atom.xml" || rel == "rss.xml":
		like = layout.FeedFile
	case strings.HasSuffix(rel, "/index.xml"):
		like = strings.TrimSuffix(rel, "index.xml") + layout.FeedFile
	case first != "topics" && strings.HasPrefix(rel, "topics/"):
		like = rel
	}
	if like == "" || !to.has(to.base+like) {
		return ""
	}
	return "/" + like // as links are written, without the base path
}

// draft names the draft held back whose address target is (its page's,
// or a file's of its bundle), and what to do; "" when it is none.
func (to linkTargets) draft(target string) string {
	rel, ok := strings.CutPrefix(target, to.base)
	if !ok {
		return ""
	}
	file, ok := to.drafts[path.Join(rel, "index.html")]
	if !ok {
		file, ok = to.drafts[rel]
	}
	if !ok {
		return ""
	}
	return file + ", a draft, so it is not published; publish it (draft: false) or remove the link"
}

// has reports whether the site has a page or file at URL path target.
func (to linkTargets) has(target string) bool {
	rel, ok := strings.CutPrefix(target, to.base)
	return ok && (to.files[rel] || to.files[path.Join(rel, "index.html")] || rel == "")
}

// topFolder is the first folder of target under base (economy for
// /briefings/economy/x/), or the file's name there.
func topFolder(target, base string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(target, base), "/")
	return first
}

// basePathHint tells a writer who wrote a root-relative link with the base
// path in it (/briefings/world/x/, which became /briefings/briefings/…)
// that brief adds it, when the link without it leads somewhere, or to a
// draft; "" when it does not.
func (to linkTargets) basePathHint(target string) string {
	if to.base == "/" {
		return ""
	}
	written := strings.TrimPrefix(target, strings.TrimSuffix(to.base, "/"))
	rest, ok := strings.CutPrefix(written, to.base)
	if !ok {
		return ""
	}
	hint := "; links that start with / are written without the base path " + to.base + ", which brief adds"
	if draft := to.draft(to.base + rest); draft != "" {
		return hint + ", and /" + rest + " belongs to " + draft
	}
	if !to.has(to.base + rest) {
		return ""
	}
	return hint + ": write /" + rest
}

// checkRefs checks refs against the pages, files and ids of to.
func checkRefs(refs []ref, to linkTargets) diag.List {
	var probs diag.List
	idSets := map[string]map[string]bool{}
	var tops map[string]bool // the first folders of the output, for absolute links
	for _, r := range refs {
		target := r.Path
		if target == "" {
			target = to.pageOf[r.file]
			if target == "" {
				continue // a note: shown on its briefing's page and its analyst's
			}
		}
		if !to.has(target) {
			if r.Absolute && to.draft(target) == "" {
				if tops == nil {
					tops = map[string]bool{}
					for f := range to.files {
						tops[topFolder(f, "")] = true
					}
				}
				if !tops[topFolder(target, to.base)] {
					continue // nothing of the site's: maybe another site on the same host
				}
			}
			probs.Add(r.file, r.Line, r.Col, "link to %s: %s", target, to.missing(target))
			continue
		}
		if r.Fragment == "" {
			continue
		}
		ids, ok := to.ids(target)
		if !ok {
			continue // a file, not a page
		}
		set := idSets[target]
		if set == nil { // a set per page: a long page may have thousands of ids and links
			set = make(map[string]bool, len(ids))
			for _, id := range ids {
				set[id] = true
			}
			idSets[target] = set
		}
		if !set[r.Fragment] { // both decoded: #日本 and #%E6%97%A5%E6%9C%AC find id="日本"
			msg := fmt.Sprintf("link to %s#%s: that page has no anchor %q", target, r.Fragment, r.Fragment)
			if own := site.BodyIDPrefix(r.file); own != "" {
				// A note's link to a heading or footnote of its own, whose
				// ids on the page take the note's prefix: told as the
				// writer wrote it (#method), and near its own headings.
				written := strings.TrimPrefix(r.Fragment, own)
				if near := nearestID(own+written, ids); strings.HasPrefix(near, own) {
					msg = fmt.Sprintf("link to #%s: neither this note nor its briefing has the anchor %q; did you mean #%s, this note's?", written, written, strings.TrimPrefix(near, own))
				} else if written != r.Fragment {
					msg = fmt.Sprintf("link to #%s: this note has no heading or footnote with the anchor %q", written, written)
				} else if near := nearestID(r.Fragment, ids); near != "" {
					msg += fmt.Sprintf("; did you mean #%s?", near)
				}
			} else if near := nearestID(r.Fragment, ids); near != "" {
				msg += fmt.Sprintf("; did you mean #%s?", near)
			}
			probs.Add(r.file, r.Line, r.Col, "%s", msg)
		}
	}
	return probs
}

// nearestID returns the id of a page that a missing anchor most likely
// meant: one that differs from it only by case (#Background for
// background), one that is its slug (#Été-à-Paris for ete-a-paris, the
// heading as written), or one a typo or two away (#backgound); "" when
// none does.
// content.Nearest compares only ids about as long as the anchor, so that a
// page of thousands of ids costs little per broken anchor.
func nearestID(frag string, ids []string) string {
	slug := content.Slug(frag) // the heading as the writer reads it: #Été-2024 for ete-2024
	for _, id := range ids {
		if strings.EqualFold(id, frag) || id == slug {
			return id
		}
	}
	low := strings.ToLower(frag)
	return content.Nearest(low, ids, len(low))
}
