// Package generator runs brief's pipeline: load the content, build the site
// model, render every page, and publish the output. The steps live in the
// packages below it; this package puts them in order and reports.
package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"brief/generator/content"
	"brief/generator/diag"
	"brief/generator/internal/osfs"
	"brief/generator/internal/parallel"
	"brief/generator/internal/scan"
	"brief/generator/internal/wire"
	"brief/generator/layout"
	"brief/generator/markdown"
	"brief/generator/publish"
	"brief/generator/search"
	"brief/generator/site"
)

// Config says what to build. The zero value builds the current folder into
// ./public with the base URL of site.yaml.
type Config struct {
	Source  string    // site folder; default "."
	Out     string    // output folder; default <Source>/public
	BaseURL string    // overrides site.yaml's base_url when set
	Drafts  bool      // publish drafts too
	Log     io.Writer // where the summary and warnings go; default os.Stderr
	// CacheDir holds what brief reuses between builds (default
	// <Source>/.brief-cache); "-" disables it.
	CacheDir string
}

func (c *Config) defaults() {
	if c.Source == "" {
		c.Source = "."
	}
	if c.Out == "" {
		c.Out = filepath.Join(c.Source, "public")
	}
	// --out public/ names public: given with the slash, a symbolic link
	// is followed by Lstat, which then misses that it is one (see checkOut).
	c.Out = filepath.Clean(c.Out)
	if c.Log == nil {
		c.Log = os.Stderr
	}
	if c.CacheDir == "" {
		c.CacheDir = filepath.Join(c.Source, CacheDir)
	}
}

// Stats describes a finished build.
type Stats struct {
	Briefings, Notes, Topics, Analysts int
	Pages                              int  // HTML pages
	Files                              int  // every file written
	Reused                             int  // files kept from the previous output, bytes unchanged
	Rendered                           int  // pages rendered; the others were kept from the last build
	Unchanged                          bool // nothing changed since the last build, which was kept whole
	Drafts                             int  // briefings and pages held back as drafts
	Warnings                           diag.List
	Duration                           time.Duration
	// Expires is when a warning of the build stops holding, a date
	// ahead that comes (Unix nanoseconds; 0 for never): a build that
	// finds nothing changed since builds again from then.
	Expires int64 `json:",omitempty"`
	// FoldersRead and FoldersKept count the folders of the inputs and of
	// the output that a build from the cache listed: those it read, and
	// those it took unread from the last build's stamps (see
	// scan.Stamps). They are not kept with the stats in the cache.
	FoldersRead, FoldersKept int `json:"-"`
	// CopiesRead counts the files copied as they are (a bundle's
	// resources, static/'s) that the build read; it kept the others
	// from the last build without reading them. Not kept in the cache.
	CopiesRead int `json:"-"`
}

func (s Stats) String() string {
	line := diag.Count(s.Briefings, "briefing") + ", " + diag.Count(s.Notes, "note") + ", " + diag.Count(s.Topics, "topic") + ", " +
		diag.Count(s.Analysts, "analyst") + ": " + diag.Count(s.Pages, "page") + " (" + diag.Count(s.Files, "file")
	switch {
	case s.Unchanged:
		line += ", nothing changed: output kept as it was"
	case s.Reused > 0:
		line += fmt.Sprintf(", %d unchanged", s.Reused)
	}
	return line + ") in " + s.Duration.Round(time.Millisecond).String()
}

// isSite reports whether the folder source holds site.yaml or content/,
// as a site does (a site may be no more than content/ and --base-url).
func isSite(source string) bool {
	for _, name := range []string{content.ConfigFile, content.Dir} {
		if _, err := os.Lstat(filepath.Join(source, name)); err == nil {
			return true
		}
	}
	return false
}

// CheckBaseURL returns the error a build would report for raw as the
// --base-url flag's value (not an absolute http(s) URL, one with a
// password, a query or a fragment), or nil. No edit of the site fixes
// such a value, so brief serve refuses it before it starts.
func CheckBaseURL(raw string) error {
	_, probs := content.ParseConfig(nil, raw)
	for _, p := range probs.Errors() {
		if p.File == "--base-url" {
			return errors.New(p.String())
		}
	}
	return nil
}

// Build builds the site and replaces the output folder with the result. On
// any content error it returns a *diag.ContentError listing all of them and
// leaves the output folder as it was.
func Build(cfg Config) (Stats, error) {
	cfg.defaults()
	start := time.Now()
	if err := checkOut(cfg); err != nil {
		return Stats{}, err
	}
	if cfg.CacheDir != "-" && !isSite(cfg.Source) {
		// A folder with neither site.yaml nor content/, given by
		// mistake: the build fails on it, and leaves it as it was,
		// without a cache folder.
		cfg.CacheDir = "-"
	}
	if cfg.CacheDir != "-" {
		defer lockCache(cfg, cfg.Log)()
	}
	out, err := filepath.Abs(cfg.Out)
	if err != nil {
		return Stats{}, err
	}
	tr := newTrace(cfg.Log)
	defer tr.print()
	var prev *publish.Manifest
	var found publish.Found // what the output folder holds against prev
	var listErr error       // why it could not be listed
	var version, key string
	var inputs map[string]publish.FileInfo
	var pending []string        // inputs to hash once the build has read them
	var changed []string        // inputs whose bytes changed since the last build
	var touched bool            // inputs read again with their bytes unchanged
	var table publish.Table     // inputs, for the manifest: see state.loaded
	var encoded chan struct{}   // closed once table is set
	var listed *content.Listing // content/ as listed with the inputs
	var stamps *scan.Stamps     // the inputs' folders as listed
	var restored chan *state    // the state, read from the first change seen on
	defer func() {
		if restored != nil {
			<-restored // read for a build that did not need it after all
		}
	}()
	if cfg.CacheDir != "-" {
		prev = publish.ReadManifest(manifestFile(cfg))
		tr.step("manifest")
		check := make(chan struct{})
		go func() { found, listErr = publish.Examine(out, prev); close(check) }()
		// No key, no skipping and no state: only time is lost.
		if version, err = versionKey(cfg); err == nil {
			tr.step("version")
			// With no key to compare with, nothing can be skipped: the
			// content files are hashed as the build reads them.
			cold := prev.Key == ""
			var later func(string) bool
			if cold {
				later = contentFile
			}
			var files []inputFile
			var seen func(string, scan.File)
			if !cold {
				// Folders are listed from the last build's stamps,
				// and stamped for the next; a cold build lists every
				// folder anyway, and the next build stamps them.
				if stamps = prev.InputStamps; stamps == nil {
					stamps = scan.NewStamps(nil)
				}
				// The build's state is read from the moment the
				// listing finds an input changed, while it goes on:
				// a build that finds nothing changed reads none.
				seen = changeSeen(prev.Inputs, func() {
					restored = make(chan *state, 1)
					go func() { restored <- restoreState(cfg, version, prev, out) }()
				})
			}
			if files, listed, err = listInputs(cfg.Source, cold, stamps, seen); err == nil {
				inputs, pending, changed, touched, err = hashInputs(cfg, files, prev.Inputs, later)
			}
			if err != nil {
				inputs, pending, changed, listed = nil, nil, nil, nil
			} else if len(pending) == 0 {
				key = inputKey(version, inputs)
			}
		}
		tr.step("key")
		<-check
	} else {
		found, listErr = publish.Examine(out, nil)
	}
	intact := listErr == nil && found.Intact // the output folder is as prev describes it
	var unrecorded []string                  // files of brief's folder that no manifest lists
	var recorded bool                        // the manifest is the folder's own: no stray is an earlier page
	if !intact {
		// The folder is about to be replaced whole: it must hold
		// nothing that brief did not write.
		if unrecorded, recorded, err = checkStrays(out, prev, found.Strays, listErr); err != nil {
			return Stats{}, err
		}
	}
	if cfg.CacheDir != "-" {
		if stats, ok := cachedBuild(key, prev, out, intact); ok {
			if touched || restamped(stamps, found.Stamps) {
				// Nothing changed, but files or folders were read
				// again to find it out: the manifest records their
				// times now, so that the next build need not.
				prev.Inputs, prev.InputsTable = racy(inputs, start), nil
				prev.InputStamps, prev.OutStamps = stamps, found.Stamps
				cacheNotSaved(cfg.Log, cfg.CacheDir, prev.Save(manifestFile(cfg)))
			}
			stats.Unchanged, stats.Reused, stats.Duration = true, stats.Files, time.Since(start)
			stats.FoldersRead, stats.FoldersKept = folders(stamps, found.Stamps)
			return stats, nil
		}
		tr.step("inputs")
	}
	var w *publish.Writer
	if intact {
		w, err = publish.Update(out, prev, UpdateLimit)
	} else {
		w, err = publish.Begin(out, prev)
	}
	if err != nil {
		return Stats{}, err
	}
	o := newOutput(w)
	var st *state
	if cfg.CacheDir != "-" {
		if restored != nil {
			st, restored = <-restored, nil
		} else {
			st = restoreState(cfg, version, prev, out)
		}
		if st == nil || inputs == nil {
			st = newDiskState(cfg)
		} else {
			slices.Sort(changed) // for the loader's patch: a cold build needs none
			st.changed = changed
		}
		if inputs != nil {
			st.save = newStateWriter(cfg, version)
		}
		if listed != nil {
			st.loader.Listed(listed)
		}
		st.loaded = func() {
			// The inputs' hashes are those of the bytes the build read
			// (or else of the files as they are now); a file that
			// changes later has another time or size next time, so the
			// next build reads it again, and racy covers a change
			// within the clock's granularity.
			if inputs != nil && len(pending) > 0 {
				if err := settleInputs(cfg, inputs, pending, st.loader.Read); err == nil {
					key = inputKey(version, inputs)
				}
			}
			// The inputs go into the manifest as they are now: kept
			// encoded, not as a map, until it is saved. They are
			// encoded while the build goes on.
			if key != "" {
				in := inputs
				encoded = make(chan struct{})
				sums := make(chan map[string]uint64, 1)
				o.sumsMade = sums
				go func() {
					sums <- copySums(in) // before racy changes in
					table = publish.EncodeTable(racy(in, start))
					close(encoded)
				}()
			}
			inputs, pending = nil, nil
			// The loader's files and parses (a copy of each briefing's)
			// are a tenth of what a large build holds.
			st.loader = nil
		}
		tr.step("restore")
	}
	stats, err := run(cfg, o, st)
	if err != nil {
		w.Abort()
		if st != nil && st.save != nil {
			st.save.abort()
		}
		return stats, err
	}
	left := slices.DeleteFunc(unrecorded, func(rel string) bool { return w.Wrote(rel) || !recorded && earlierOutput(out, rel) })
	if len(left) > 0 {
		// What the build does not write again would be deleted, and
		// nothing tells these from someone's own files.
		w.Abort()
		if st != nil && st.save != nil {
			st.save.abort()
		}
		return Stats{}, fmt.Errorf("output folder %s holds files this build does not write (%s), and %s, so brief cannot tell them from files of yours and will not delete them: move them away (files to publish go in static/), or, if they are pages of an earlier build of this site, delete the folder and build again", out, listFiles(left), unrecordedWhy(cfg, prev, out))
	}
	_, stats.Reused = w.Files()
	stats.FoldersRead, stats.FoldersKept = folders(stamps, found.Stamps)
	tr.step("build")
	if err := w.Commit(); err != nil {
		w.Abort() // the folder the build wrote, if it was not swapped in
		if st != nil && st.save != nil {
			st.save.abort()
		}
		return stats, err
	}
	m := w.Manifest()
	tr.step("commit")
	stats.Duration = time.Since(start)
	if cfg.CacheDir != "-" {
		// The key and inputs are those seen before the build read its
		// sources, settled once it had (see state.loaded).
		if encoded != nil {
			<-encoded
		}
		if table != nil {
			m.Key, m.InputsTable = key, table
			m.InputStamps, m.OutStamps = stamps, found.Stamps
		}
		m.Stats, _ = json.Marshal(stats)
		// The state and the manifest are saved at once: each names the
		// key, and a state whose key is not the manifest's is not used.
		saved := make(chan error, 1)
		go func() { saved <- m.Save(manifestFile(cfg)) }()
		var err error
		if st.save != nil {
			err = st.save.commit(key)
		}
		manifestErr := <-saved
		if manifestErr == nil {
			w.Saved()
		}
		err = errors.Join(err, manifestErr)
		tr.step("save")
		cacheNotSaved(cfg.Log, cfg.CacheDir, err)
	}
	return stats, nil
}

// cacheNotSaved tells the user, if err is set, that the build cache in
// dir could not be saved: the build stands, the next one only takes
// longer.
func cacheNotSaved(log io.Writer, dir string, err error) {
	if err == nil {
		return
	}
	// The manifest and each part of the state fail alike when the folder
	// cannot be made: say each cause once. A folder that is a link to
	// none fails as "file exists"; that is said first.
	var causes []string
	if target, lerr := os.Readlink(dir); lerr == nil {
		if _, serr := os.Stat(dir); errors.Is(serr, fs.ErrNotExist) {
			causes = append(causes, fmt.Sprintf("%s is a symbolic link to %s, which does not exist: make that folder, or remove the link", dir, target))
		}
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if !slices.Contains(causes, line) {
			causes = append(causes, line)
		}
	}
	fmt.Fprintf(log, "brief: cannot save the build cache (%s); the next build will take longer\n", strings.Join(causes, "; "))
}

// Check runs every step of a build and reports its problems, writing nothing.
// Drafts are checked too, as if published, even without cfg.Drafts: a
// draft's broken link or clashing URL is reported now, not on the day it
// is published. Their problems are those a build with drafts has and the
// build without them does not.
func Check(cfg Config) (Stats, error) {
	cfg.defaults()
	stats, err := run(cfg, newOutput(nil), nil)
	var ce *diag.ContentError
	if cfg.Drafts || (err == nil && stats.Drafts == 0) || (err != nil && !errors.As(err, &ce)) {
		return stats, err
	}
	probs := stats.Warnings
	if ce != nil {
		probs = append(ce.Problems, probs...)
	}
	withDrafts := cfg
	withDrafts.Drafts = true
	dstats, derr := run(withDrafts, newOutput(nil), nil)
	more := dstats.Warnings
	if errors.As(derr, &ce) {
		more = append(ce.Problems, more...)
	} else if derr != nil {
		return stats, derr
	}
	// A problem of the build with drafts at a place where the build
	// without them has one already is the same one, seen with the draft
	// published: a link to a draft's address is told as that, once. A
	// template's problem met on published pages and drafts alike is told
	// as the build with drafts tells it, counting every page it failed on.
	seen := make(map[string]bool, len(probs))
	place := func(p *diag.Problem) diag.Problem {
		return diag.Problem{File: p.File, Line: p.Line, Col: p.Col, Severity: p.Severity}
	}
	at := make(map[diag.Problem]int, len(probs)) // index in probs
	for i, p := range probs {
		seen[p.String()] = true
		if p.Line > 0 {
			at[place(p)] = i
		}
	}
	for _, p := range more {
		i, placed := at[place(p)]
		switch {
		case seen[p.String()]:
		case placed:
			if samePagesProblem(probs[i].Msg, p.Msg) {
				probs[i] = p
			}
		default:
			seen[p.String()] = true
			probs = append(probs, p)
		}
	}
	stats.Warnings = probs.Warnings()
	return stats, probs.Err()
}

// samePagesProblem reports whether a and b are one template problem told
// with the pages it failed on (see renderer.problems), perhaps not the
// same pages.
func samePagesProblem(a, b string) bool {
	const sep = " (rendering "
	a, _, okA := strings.Cut(a, sep)
	b, _, okB := strings.Cut(b, sep)
	return okA && okB && a == b
}

// GCPercent is the garbage collector's target (runtime/debug.SetGCPercent)
// that brief build and brief check run with unless GOGC is set: the heap
// may grow by three fifths of what is live before a collection, rather
// than double, which bounds a build's peak memory. At 10,000 briefings,
// in ten alternating rounds on a 2-core AMD host, 60 gave a peak of
// 152 MiB (at most 155), 75 one of 163 MiB (at most 168), in about the
// same time: the median round took 1.005 times as long. 50 gave 139–144
// MiB and took 9 % more CPU.
const GCPercent = 60

// UpdateLimit is how many bytes of changed files a build writes beside
// the output folder to update it in place (see publish.Update): a build
// that changes more writes a new output folder and swaps it in.
const UpdateLimit = 64 << 20

// MemoryLimit is the soft memory limit brief build and brief check run
// under (runtime/debug.SetMemoryLimit) unless GOMEMLIMIT is set: it keeps
// a build of 100,000 briefings under 2 GiB (1.70–1.74 GiB peak: the Go
// heap stays under the limit). A build whose live heap passes HeapLarge
// lets its heap grow toward it (see SetGC); a site of up to some 30,000
// briefings never comes near it. A lower limit makes the collector run
// more often near it: at 1.5 GiB a build of 100,000 took 20 % longer.
// The cache files a build maps are resident beside the heap, so SetGC
// lowers the limit by them (some 400 MB at 100,000 briefings).
const MemoryLimit = 1792 << 20

// Result is a site built in memory.
type Result struct {
	Files map[string][]byte // output path → content, as Build would write them, but for the copies
	// Copied are the files copied as they are, a bundle's resources and
	// static/'s, by output path. Files holds none of their bytes: each
	// is read from its source file (see Copy and OpenCopy).
	Copied map[string]Copy
	// Drafts are the output paths that drafts held back would have, each
	// to the draft's source file (see site.Site.DraftPaths); none when
	// Config.Drafts publishes them.
	Drafts map[string]string
	Stats  Stats
}

// Builder builds one site again and again, as brief serve does after every
// change, keeping in memory what it can reuse between builds.
type Builder struct {
	cfg Config
	st  state
	// copies are the files the last build copied as they are, which the
	// next uses again if they have not changed (see output.keepCopy).
	copies map[string]copiedFile
}

// NewBuilder prepares repeated builds of cfg.Source; cfg.Out is ignored.
func NewBuilder(cfg Config) *Builder {
	cfg.defaults()
	return &Builder{cfg: cfg, st: state{loader: content.NewLoader(osfs.Dir(cfg.Source), cfg.BaseURL), mem: newMemory(), search: search.NewCache()}}
}

// Build builds the site in memory. Its files are byte for byte what Build
// writes to disk for the same sources. On content errors it returns a
// *diag.ContentError and no Result.
func (b *Builder) Build() (*Result, error) { return b.BuildChanged(nil) }

// BuildChanged is Build when the caller knows which files changed since the
// last build (paths relative to the source folder, with forward slashes,
// as a file watcher reports them): only those are read again. nil means
// unknown, and every file is checked.
func (b *Builder) BuildChanged(changed []string) (*Result, error) {
	out := newOutput(nil)
	out.mem = map[string][]byte{}
	out.kept = b.copies
	b.st.changed = changed
	stats, err := run(b.cfg, out, &b.st)
	if err != nil {
		return nil, err
	}
	b.copies = out.copies
	// A build without errors leaves its renderer, and the model in it.
	return &Result{Files: out.mem, Copied: out.copied, Drafts: b.st.last.site.DraftPaths, Stats: stats}, nil
}

// checkOut refuses an output folder that would swallow the sources, and an
// output or cache folder that overlaps an input or the other.
func checkOut(cfg Config) error {
	src, err1 := filepath.Abs(cfg.Source)
	dst, err2 := filepath.Abs(cfg.Out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	// Compared as the folders they are, whatever links lead to them.
	src, dst = realPath(src), realPath(dst)
	if inside(src, dst) {
		return fmt.Errorf("output folder %s contains the source folder; choose another --out", cfg.Out)
	}
	// A build replaces its output folder whole, and writes into its
	// cache folder: neither may be an input, hold one or lie in one, nor
	// may they overlap.
	cache := ""
	if cfg.CacheDir != "-" {
		var err error
		if cache, err = filepath.Abs(cfg.CacheDir); err != nil {
			return err
		}
		cache = realPath(cache)
	}
	for _, in := range inputs {
		path := filepath.Join(src, in)
		if overlap(path, dst) {
			return fmt.Errorf("output folder %s overlaps %s, which brief reads, and a build replaces its output folder whole; choose another --out, such as %s", cfg.Out, path, filepath.Join(cfg.Source, "public"))
		}
		if cache != "" && overlap(path, cache) {
			return fmt.Errorf("cache folder %s overlaps %s, which brief reads; choose another --cache, such as %s", cfg.CacheDir, path, filepath.Join(cfg.Source, CacheDir))
		}
	}
	if cache != "" && overlap(cache, dst) {
		return fmt.Errorf("output folder %s and cache folder %s overlap, and a build replaces its output folder whole; give each a folder of its own with --out and --cache", cfg.Out, cfg.CacheDir)
	}
	// Another folder inside the default cache folder makes it hold files
	// it did not write, and builds with the default then refuse it.
	if def := filepath.Join(src, CacheDir); cache != "" && cache != def && inside(cache, def) {
		return fmt.Errorf("cache folder %s lies inside brief's default cache folder %s, which a build without --cache uses and then refuses for holding it; choose a folder beside it, such as %s", cfg.CacheDir, def, def+"-"+filepath.Base(cache))
	} else if cache != def && inside(dst, def) {
		return fmt.Errorf("output folder %s lies inside brief's default cache folder %s, which a build without --cache uses and then refuses for holding it; choose another --out, such as %s", cfg.Out, def, filepath.Join(cfg.Source, "public"))
	}
	if cache != "" {
		if err := ownCache(cfg); err != nil {
			return err
		}
	}
	if fi, err := os.Lstat(cfg.Out); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// Replacing it whole would replace the link, not the folder.
		target, err := filepath.EvalSymlinks(cfg.Out)
		if err != nil { // it leads nowhere yet: where it says
			target, _ = os.Readlink(cfg.Out)
		}
		return fmt.Errorf("output %s is a symbolic link, and a build replaces its output folder whole; pass the folder it leads to as --out (%s)", cfg.Out, target)
	} else if err == nil && !fi.IsDir() {
		return fmt.Errorf("output %s is a file, not a folder; choose another --out", cfg.Out)
	}
	if file := fileAbove(cfg.Out); file != "" {
		return fmt.Errorf("output folder %s cannot be made: %s is a file, not a folder; choose another --out", cfg.Out, file)
	}
	if file := fileAbove(cfg.CacheDir); cache != "" && file != "" {
		return fmt.Errorf("cache folder %s cannot be made: %s is a file, not a folder; choose another --cache", cfg.CacheDir, file)
	}
	return nil
}

// fileAbove returns the nearest of the folders that hold path which is
// there, when it is not a folder, or "".
func fileAbove(path string) string {
	for p := filepath.Dir(path); ; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil {
			if fi.IsDir() {
				return ""
			}
			return p
		}
		if parent := filepath.Dir(p); parent == p {
			return ""
		}
	}
}

// realPath is path, absolute, with the symbolic links of its longest
// leading part that exists resolved: two spellings of one folder, one
// through a link, are then the same path. It is path when none resolves.
func realPath(path string) string {
	rest := ""
	for p := path; ; {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return path
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// overlap reports whether a and b are the same path or one lies inside
// the other.
func overlap(a, b string) bool { return inside(a, b) || inside(b, a) }

// inside reports whether path is dir or lies inside it.
// A dir that ends in a separator (the root, /) is taken as it is.
func inside(path, dir string) bool {
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return path+string(filepath.Separator) == dir || strings.HasPrefix(path, dir)
}

// checkStrays refuses an output folder that holds files brief did not
// write (strays, as publish.Examine listed them, or the error that kept it
// from listing them), which replacing the folder would delete: a user's
// files, a git checkout. A folder that prev does not record as it is (no
// cache, a new one, or another cache wrote it since) is brief's when its
// feed says brief wrote it; its strays, unrecorded, are then let be only
// if the build writes each of them again (see Build), since nothing tells
// the pages of an earlier build from files a user added.
//
// recorded says the folder is the one prev records: then each of its
// strays is a file the build must write again, or the user's, never an
// earlier page of brief's (see earlierOutput), which prev would list.
func checkStrays(out string, prev *publish.Manifest, strays []string, err error) (unrecorded []string, recorded bool, _ error) {
	if err != nil || len(strays) == 0 {
		return nil, false, err
	}
	briefs := writtenByBrief(out)
	if briefs && !lastBuild(out, prev) {
		// brief wrote the folder, in a build that prev does not
		// record (with another cache, or none): its files may be that
		// build's, but for those no build writes, as static/ never
		// publishes them: version control's (a checkout of the pages
		// branch, .git/) and editor litter.
		foreign := slices.DeleteFunc(slices.Clone(strays), func(rel string) bool {
			return !slices.ContainsFunc(strings.Split(rel, "/"), content.StaticIgnored)
		})
		if len(foreign) == 0 {
			return strays, false, nil
		}
		strays, briefs = foreign, false
	}
	if briefs {
		// brief's folder, with files the build its cache records did
		// not write: added since by hand, left by a build cut short
		// before it saved its record, or written by a build with
		// another cache (--cache elsewhere, or one it could not save).
		// Those this build writes again are its own; the others are
		// refused once it knows (see Build).
		return strays, true, nil
	}
	return nil, false, fmt.Errorf("output folder %s holds files brief did not write (%s); a build replaces the whole folder, so brief will not build there: move them away (files to publish go in static/), or choose another --out", out, listFiles(strays))
}

// earlierOutput reports whether the file rel of the output folder out is
// one that brief writes whatever the site: a page of the theme (which
// names brief in its head), a file beside one (a bundle's resource), a
// feed, the search index, or the theme's stylesheet and script, named by
// their hashes. A build into a folder
// that no cache describes deletes such a file, left by an earlier build
// (a briefing deleted since, a page fewer, a theme changed), when it
// writes it no more.
func earlierOutput(out, rel string) bool {
	for _, pattern := range []string{"css/style.*.css", "js/search.*.js", "search/*.json", "search/*/*.json"} {
		if ok, _ := path.Match(pattern, rel); ok {
			return true
		}
	}
	switch path.Ext(rel) {
	case ".html":
		return holds(out, rel, layout.GeneratorMeta)
	case ".xml":
		return holds(out, rel, "<generator>brief</generator>")
	}
	// A file beside a page of brief's is a bundle's resource (an image of
	// a briefing deleted since).
	return path.Dir(rel) != "." && holds(out, path.Dir(rel)+"/index.html", layout.GeneratorMeta)
}

// holds reports whether the first 16 KiB of the file rel of out hold mark.
func holds(out, rel, mark string) bool {
	f, err := os.Open(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16<<10)
	n, _ := io.ReadFull(f, head)
	return bytes.Contains(head[:n], []byte(mark))
}

// unrecordedWhy says why no manifest tells which files of out brief
// wrote: there is no cache, it is lost or damaged, or it records another
// folder.
func unrecordedWhy(cfg Config, prev *publish.Manifest, out string) string {
	switch {
	case cfg.CacheDir == "-":
		return "with no cache (--cache -) nothing records which files there brief wrote"
	case prev == nil || prev.Out == "":
		return fmt.Sprintf("the cache folder %s holds no record of it (no cache yet, or one lost or damaged)", cfg.CacheDir)
	case prev.Out != out:
		return fmt.Sprintf("the cache folder %s records the output folder %s, not this one", cfg.CacheDir, prev.Out)
	}
	return fmt.Sprintf("the cache folder %s records an earlier state of it", cfg.CacheDir)
}

// listFiles names the first three of files, and how many more there are.
func listFiles(files []string) string {
	list := strings.Join(files[:min(len(files), 3)], ", ")
	if len(files) > 3 {
		list += fmt.Sprintf(" and %d more", len(files)-3)
	}
	return list
}

// lastBuild reports whether prev records the last build into out: it is
// out's, and the site feed, which every build writes, is still the file
// prev records, not one that a build prev does not know wrote since.
func lastBuild(out string, prev *publish.Manifest) bool {
	if prev == nil || prev.Out != out {
		return false
	}
	rec, ok := prev.Files[layout.FeedFile]
	fi, err := os.Stat(filepath.Join(out, layout.FeedFile))
	return ok && err == nil && fi.Size() == rec.Size && fi.ModTime().UnixNano() == rec.ModTime
}

// writtenByBrief reports whether the site feed in out was written by brief,
// which names itself in it before any entry.
func writtenByBrief(out string) bool {
	return holds(out, layout.FeedFile, "<generator>brief</generator>")
}

// state is what a Builder carries from one build to the next.
type state struct {
	loader  *content.Loader
	changed []string
	mem     *memory
	search  *search.Cache // each briefing's words, for the search index
	last    *renderer     // the renderer of the last build without errors, for Preview
	save    *stateWriter  // for a build to disk: where the state goes for the next build
	// restored is set for a state read from the cache folder: its loader
	// holds only the bodies of the files that changed.
	restored bool
	ready    chan struct{} // closed once mem and search are restored too; see await
	crash    string        // a panic while they were read, raised again by await
	// loaded, if set, is called once the site is loaded and the content
	// state taken: a build to disk (Build) takes the hashes of what was
	// read, then lets go of the loader, which it needs no more.
	loaded func()
}

// run is the pipeline: load, model, render, write to out. st is nil for a
// one-shot build.
func run(cfg Config, out *output, st *state) (Stats, error) {
	start := time.Now()
	tr := newTrace(cfg.Log)
	defer tr.print()
	fsys := osfs.Dir(cfg.Source)
	var probs diag.List

	var src *content.Site
	var theme *layout.Theme
	var p, themeProbs diag.List
	if st != nil {
		st.last = nil // until this build succeeds: Preview needs the model of what was loaded
	}
	// The theme needs nothing of the content: its templates are parsed
	// while the content loads.
	parallel.For(2, func() func(int) {
		return func(i int) {
			switch {
			case i == 1:
				theme, themeProbs = layout.Load(fsys)
			case st != nil:
				src, p = st.loader.Load(st.changed)
			default:
				src, p = content.Load(fsys, cfg.BaseURL)
			}
		}
	})
	probs.Append(p)
	probs.Append(themeProbs)
	tr.step("load")
	s, p := site.New(src, site.Options{Drafts: cfg.Drafts})
	probs.Append(p)
	tr.step("model")
	if st != nil && st.save != nil && probs.Err() == nil {
		ls := st.loader.State()
		st.save.write("content", func(w *wire.Writer) { content.EncodeState(w, ls) })
	}
	if st != nil && st.loaded != nil {
		st.loaded()
	}

	r := &renderer{
		site: s,
		html: theme.For(s, ""),
		md: markdown.New(markdown.Options{
			UnsafeHTML: src.Config.UnsafeHTML, ReservedIDs: layout.ReservedIDs, ReservedPrefix: layout.ReservedIDPrefix,
		}),
		out:  out,
		fsys: fsys,
		memo: map[*content.Source]*memo{},
	}
	outputs := len(s.Pages) + len(s.Topics) + 1 // and the feeds
	out.expect(outputs)
	if st != nil {
		st.await()
		r.mem = st.mem
		r.mem.convertedWith(markdownSettings(&src.Config))
		r.mem.expect(r.sources, outputs)
		r.prepare(theme.Sum)
	}
	// A build from the state of another holds few bodies, and keeps them:
	// it writes the search index and the sitemap while the pages render.
	// A one-shot build, or a cold one to disk, holds no briefing's body
	// but while its page renders: the search index takes the briefing's
	// words just before (see renderAll), and is written after.
	r.writeFeeds()
	tr.step("feeds")
	warm := st != nil && (!st.mem.disk || st.restored)
	var publishing diag.List
	keepSearch := st != nil && st.save != nil && probs.Err() == nil
	index := search.NewCache()
	if st != nil {
		index = st.search
	}
	others := func() {
		// The search index and the sitemap are written side by side.
		done := make(chan struct{})
		go func() {
			publishing = writePublishing(fsys, s, out)
			close(done)
		}()
		if r.index != nil {
			r.index.Write(out.write)
		} else {
			index.Write(s, out.write)
		}
		if keepSearch {
			cs := index.State()
			st.save.write("search", func(w *wire.Writer) { saveSearch(w, cs) })
			st.search = nil // a build to disk needs it no more
		}
		<-done
	}
	saveMemory := func() {
		if st != nil && st.mem.stale(len(s.Pages)+len(r.feedFiles), r.sources()) {
			st.mem.forget(r.live())
		}
		if st != nil && st.save != nil {
			// Nothing changes the memory after rendering: it is
			// written while the build goes on.
			st.save.write("markdown", func(w *wire.Writer) { saveMarkdown(w, st.mem) })
			st.save.write("pages", func(w *wire.Writer) { savePages(w, st.mem.pages) })
		}
	}
	r.release = !warm && (st == nil || st.mem.disk)
	if warm {
		parallel.For(2, func() func(int) {
			return func(i int) {
				if i == 0 {
					others()
				} else {
					r.renderAll()
				}
			}
		})
		saveMemory()
		tr.step("render+search")
	} else {
		r.index = index.Indexer(s)
		r.renderAll()
		tr.step("render")
		returnGarbage()
		tr.step("free")
		// The memory is written beside the search index: at 100,000
		// briefings writing it takes a second, most of it waiting on
		// memory, which the end of the build would wait for.
		saveMemory()
		others()
		tr.step("search")
	}
	probs.Append(r.problems())
	rendered := int(r.rendered.Load())
	out.write(theme.CSSPath, theme.CSS)
	out.write(theme.JSPath, theme.JS)
	probs.Append(publishing)
	probs.Append(copyFiles(fsys, s, out))
	tr.step("copy")
	if !out.full() {
		// Once the disk is full, the pages not rendered after it are
		// missing, and every link to one would be told broken.
		probs.Append(checkLinks(s, out))
	}
	tr.step("links")
	probs = unique(probs)
	if err := out.err(); err != nil && probs.Err() == nil {
		// With content errors, those are what to report: a write that
		// failed is most often one of their consequences (a name too
		// long for the file system), and nothing is published either way.
		return Stats{}, err
	}
	if st != nil && probs.Err() == nil {
		st.last = r
	}
	stats := Stats{
		Briefings: len(s.Briefings), Topics: len(s.Topics), Analysts: len(s.Analysts),
		Pages: len(s.Pages), Files: out.count(), Rendered: rendered, Warnings: probs.Warnings(),
		Drafts: s.Drafts(), CopiesRead: int(out.read.Load()),
	}
	if !src.Expires.IsZero() {
		stats.Expires = src.Expires.UnixNano()
	}
	for _, b := range s.Briefings {
		stats.Notes += len(b.Notes)
	}
	stats.Duration = time.Since(start)
	return stats, probs.Err()
}

// returnGarbage returns the rendering's garbage to the system, on a
// mid-sized site. What a build writes after rendering (the search index,
// the sitemap, its state) is made of a few arrays of megabytes, which the
// garbage's scattered free space cannot hold: the heap would take fresh
// pages for them. Returned first, the garbage stays out of the peak: at
// 10,000 briefings, 25 MiB of 175. On a small site the collection it
// takes costs more time than the memory is worth. On a site whose heap
// has grown toward the memory limit (more than twice HeapLarge in use;
// see SetGC), the peak is behind it: the pages returned would only be
// faulted in again, and at 100,000 briefings that took 1.6–1.8 s of the
// build, against 0.8 s more for the writing after it.
func returnGarbage() {
	heap := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(heap)
	if heap[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	if n := heap[0].Value.Uint64(); n >= 64<<20 && n < 2*HeapLarge {
		debug.FreeOSMemory()
	}
}

// unique drops problems reported twice (a note shown on two pages).
func unique(l diag.List) diag.List {
	l.Sort()
	out := l[:0]
	for i, p := range l {
		if i > 0 && *p == *l[i-1] {
			continue
		}
		out = append(out, p)
	}
	return out
}

// MemoMemory is how many bytes of converted markdown a one-shot build keeps
// for bodies shown on several pages (notes, on their briefing's page and
// their analyst's): past it, such a body is converted again for each page.
// A build that lets go of bodies drops a note's HTML after its last page
// (see countUses), and renders pages in an order that makes that soon (see
// renderOrder), so it holds far less.
const MemoMemory = 64 << 20

// renderer renders every page of a site, in parallel.
type renderer struct {
	site *site.Site
	html *layout.Renderer
	md   *markdown.Converter
	out  *output
	fsys fs.FS

	mu    sync.Mutex
	probs diag.List
	// failed names the pages whose templates failed with each problem,
	// for problems to say where (see problems).
	failed   map[diag.Problem][]string
	memo     map[*content.Source]*memo // bodies converted in this build
	rendered atomic.Int64              // pages rendered, not kept

	// release lets go of each markdown body once converted: a one-shot
	// build needs it no more, and 10,000 briefings' bodies are most of the
	// memory a build holds.
	release bool
	// index, when set, is given each briefing before its page renders,
	// with its body and its notes' held in memory for both (see renderAll).
	index *search.Indexer
	// memoBytes is the HTML kept in memo, which a one-shot build bounds.
	memoBytes int
	// feedFiles are the feeds written, whose signatures memory keeps as
	// it keeps pages'.
	feedFiles []string
	nsources  int // see sources

	// For a Builder: what is kept between builds, and this build's sums.
	mem       *memory
	head      string
	globalSum uint64
	entrySums []uint64        // by briefing index
	noteBase  []int           // by briefing index: where its notes start in noteSums
	noteSums  []atomic.Uint64 // see noteSum; 0 until made

	inlineOnce sync.Once
	inline     map[string][]markdown.Inline // see inlineTexts
}

type memo struct {
	once  sync.Once
	entry *mdEntry
	// uses counts the pages still to show the body, when the build lets
	// go of bodies (see countUses): at none, it is forgotten. Guarded by
	// renderer.mu once rendering starts.
	uses int
}

// live lists the pages and markdown files of this build's site, which
// memory keeps (whether or not this build had to look at them).
func (r *renderer) live() map[string]bool {
	keep := make(map[string]bool, len(r.site.Pages)+4*len(r.site.Briefings))
	for _, p := range r.site.Pages {
		keep[p.Out] = true
	}
	for _, rel := range r.feedFiles {
		keep[rel] = true
	}
	r.eachSource(func(file string) { keep[file] = true })
	return keep
}

// sources counts the markdown files of this build's site. It counts them
// once: at 100,000 briefings the walk over the briefings and their notes
// takes 0.4 s, most of it waiting on memory.
func (r *renderer) sources() int {
	if r.nsources == 0 {
		r.eachSource(func(string) { r.nsources++ })
	}
	return r.nsources
}

// eachSource calls f with each markdown file of this build's site, once.
func (r *renderer) eachSource(f func(file string)) {
	s := r.site
	for _, b := range s.Briefings {
		f(b.File)
		for _, n := range b.Notes {
			f(n.File)
		}
	}
	for _, sec := range s.Sections {
		if sec.Intro != nil {
			f(sec.Intro.File)
		}
	}
	for _, t := range s.Topics {
		if t.Info != nil {
			f(t.Info.File)
		}
	}
	for _, a := range s.Analysts {
		if a.Profile != nil {
			f(a.Profile.File)
		}
	}
	for _, p := range s.Plain {
		f(p.File)
	}
	if s.Home != nil {
		f(s.Home.File)
	}
}

// prepare computes the sums that page signatures are made of.
func (r *renderer) prepare(theme [32]byte) {
	r.globalSum = r.global(theme)
	r.entrySums = make([]uint64, len(r.site.Briefings))
	r.noteBase = make([]int, len(r.site.Briefings))
	notes := 0
	for i, b := range r.site.Briefings {
		r.entrySums[i] = r.entrySum(b)
		r.noteBase[i] = notes
		notes += len(b.Notes)
	}
	r.noteSums = make([]atomic.Uint64, notes)
}

func (r *renderer) renderAll() {
	order := renderOrder(r.site)
	if r.release {
		r.countUses(order)
	}
	pages := make(chan *site.Page, 64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf, body bytes.Buffer
			for p := range pages {
				if r.out.full() {
					continue // see output.full
				}
				buf.Reset()
				r.render(&buf, &body, p)
			}
		}()
	}
	for _, p := range order {
		if r.out.full() {
			break // nothing more can be written: see output.full
		}
		if b := p.Briefing; b != nil && r.index != nil {
			// Read once for both, let go of once converted: a load
			// with a budget keeps no briefing's body (see
			// content.BodyMemory). A body that cannot be read
			// again fails its page.
			b.Hold()
			for _, n := range b.Notes {
				n.Hold()
			}
			r.index.Read(b.Index())
		}
		pages <- p
	}
	close(pages)
	wg.Wait()
}

// renderOrder lists the pages of s in the order to render them, which
// bounds how long a note's HTML is kept: a note shows on its briefing's
// page and on a page of its analyst's, which lists notes newest first, as
// Site.Briefings lists briefings. So briefing pages go newest first, each
// analyst page right after the page of the oldest briefing it shows, and
// the other pages after them: the listings' cards (see layout's entry)
// are kept from the first listing to the last, and by then the notes'
// bodies are gone. In the order of Site.Pages (by output path) every note
// would be kept from one to the other: 180 MB of HTML at 100,000
// briefings.
func renderOrder(s *site.Site) []*site.Page {
	briefing := make([]*site.Page, len(s.Briefings))
	after := make([][]*site.Page, len(s.Briefings))
	var other []*site.Page
	order := make([]*site.Page, 0, len(s.Pages))
	for _, p := range s.Pages {
		switch {
		case p.Kind == site.KindBriefing:
			briefing[p.Briefing.Index()] = p
		case p.Kind == site.KindAnalyst && len(p.Notes) > 0:
			last := 0
			for _, n := range p.Notes {
				last = max(last, n.Briefing.Index())
			}
			after[last] = append(after[last], p)
		default:
			other = append(other, p)
		}
	}
	for i, p := range briefing {
		if p != nil {
			order = append(order, p)
		}
		order = append(order, after[i]...)
	}
	return append(order, other...)
}

// countUses records, for each note, how many of the pages show it, so
// that a build which lets go of bodies drops its HTML after the last.
func (r *renderer) countUses(pages []*site.Page) {
	use := func(n *site.Note) {
		m := r.memo[&n.Source]
		if m == nil {
			m = &memo{}
			r.memo[&n.Source] = m
		}
		m.uses++
	}
	for _, p := range pages {
		switch p.Kind {
		case site.KindBriefing:
			for _, n := range p.Briefing.Notes {
				use(n)
			}
		case site.KindAnalyst:
			for _, n := range p.Notes {
				use(n)
			}
		}
	}
}

// render renders page p into buf. A body that only p shows is converted
// into body, and body may be used again once render returns.
func (r *renderer) render(buf, body *bytes.Buffer, p *site.Page) {
	var sig uint64
	// A build to disk that has no such page from the last build renders
	// it before taking its signature, which then finds every body already
	// converted: the other way round, a large site's bodies would be
	// converted twice, their HTML being more than the memo keeps.
	later := r.mem != nil && r.mem.disk && r.mem.page(p.Out) == nil
	if r.mem != nil && !later {
		if sig = r.signature(p); sig != 0 {
			if e := r.mem.page(p.Out); e != nil && e.Sig == sig {
				if e.html != nil {
					r.out.pageWithIDs(p, e.html, e.IDs)
					return
				}
				if r.out.keep(p, e.IDs) {
					return
				}
			}
		}
	}
	defer func() {
		if v := recover(); v != nil { // a bug in brief: reported as one, not a crash of the worker
			r.out.fail(fmt.Errorf("render %s: internal error (a bug in brief, please report it): %v\n%s", p.URL, v, debug.Stack()))
		}
	}()
	r.rendered.Add(1)
	md := func(src *content.Source, once bool) layout.Converted { return r.convertInto(body, src, once) }
	if prob := r.html.Render(buf, p, md); prob != nil {
		r.mu.Lock()
		r.probs = append(r.probs, prob)
		if strings.Contains(prob.Msg, `executing "`) { // as it ran, not as it parsed
			if r.failed == nil {
				r.failed = map[diag.Problem][]string{}
			}
			r.failed[*prob] = append(r.failed[*prob], failedPage(p))
		}
		r.mu.Unlock()
		r.out.unrendered(p)
		return
	}
	html := buf.Bytes()
	if r.out.mem != nil || (sig != 0 && !r.mem.disk) {
		html = bytes.Clone(html) // kept beyond this call; buf is reused
	}
	ids := r.out.page(p, html)
	if later {
		sig = r.signature(p)
	}
	if sig != 0 {
		r.mem.setPage(p.Out, &pageEntry{Sig: sig, html: html, IDs: ids})
	}
}

// convert renders a markdown body. Bodies that appear on several pages
// (notes, intros) are converted once per build and kept; a briefing's body
// appears only on its own page, so a one-shot build does not keep it.
func (r *renderer) convert(src *content.Source, once bool) layout.Converted {
	return r.convertInto(nil, src, once)
}

// convertInto is convert, converting a body that only the page shows
// into body when it is not nil, rather than into memory of its own: at
// 10,000 briefings, 80 MB that the collector does not have to reclaim.
func (r *renderer) convertInto(body *bytes.Buffer, src *content.Source, once bool) layout.Converted {
	if once && r.mem == nil {
		e := r.convertNow(src, body)
		if r.release {
			src.Release()
		}
		return converted(e.Res)
	}
	if once && r.mem.disk {
		if res, ok := r.convertOnce(src, body); ok {
			return converted(res)
		}
	}
	e := r.entry(src)
	res := e.Res
	if res.HTML == nil {
		res = r.reconvert(src)
	}
	if once && r.mem.disk {
		r.drop(src, e)
	} else if !once && r.release {
		r.used(src, e)
	}
	return converted(res)
}

// converted is a converted body as the page's template takes it.
func converted(res *markdown.Result) layout.Converted {
	return layout.Converted{Body: asHTML(res.HTML), Inline: res.Inline, Image: res.Image, ImageAlt: res.ImageAlt}
}

// asHTML shares the bytes of converted HTML with the page's template
// instead of copying them: no converted body changes while a page shows
// it. A kept one never changes; a worker's buffer (see convertInto) is
// written again only once its page is rendered.
func asHTML(b []byte) template.HTML {
	return template.HTML(unsafe.String(unsafe.SliceData(b), len(b)))
}

// convertOnce converts, in a build to disk, a body that only one page
// shows (a briefing's) and that this build has not converted yet: its HTML
// goes into that page alone, so it is neither copied nor held, and memory
// keeps its entry without HTML, for the page's signature and the next
// build. It reports false when the body already has an entry in this
// build (made for the page's signature), which convert then uses.
func (r *renderer) convertOnce(src *content.Source, body *bytes.Buffer) (*markdown.Result, bool) {
	r.mu.Lock()
	if r.memo[src] != nil {
		r.mu.Unlock()
		return nil, false
	}
	m := &memo{}
	r.memo[src] = m
	r.mu.Unlock()
	e := r.convertNow(src, body)
	kept := e.stripped()
	m.once.Do(func() { m.entry = kept })
	r.mem.setMarkdown(src.File, kept)
	if r.release {
		src.Release()
	}
	return e.Res, true
}

// drop lets go of the HTML the memo keeps for a body that no other page
// shows.
func (r *renderer) drop(src *content.Source, e *mdEntry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if m := r.memo[src]; m != nil && m.entry == e && e.Res.HTML != nil {
		r.memoBytes -= len(e.Res.HTML)
		m.entry = e.stripped()
		if r.release {
			src.Release()
		}
	}
}

// used counts one use of a body shown on several pages, forgetting it
// after the last (see countUses): its memo goes, HTML and all, and memory
// keeps its entry for the next build. Asked for again, it would be
// converted again.
func (r *renderer) used(src *content.Source, e *mdEntry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.memo[src]
	if m == nil {
		return
	}
	if m.uses--; m.uses != 0 {
		return
	}
	if m.entry == e && e.Res.HTML != nil {
		r.memoBytes -= len(e.Res.HTML)
	}
	delete(r.memo, src)
	src.Release()
}

// entry returns the converted body of src, converting it at most once per
// build, and in a Builder only when what it was converted from changed.
// Its HTML is nil when it comes from a memory kept on disk, or when a build
// to disk already holds MemoMemory bytes of HTML: see reconvert.
func (r *renderer) entry(src *content.Source) *mdEntry {
	r.mu.Lock()
	m := r.memo[src]
	if m == nil {
		if r.mem == nil && r.memoBytes > MemoMemory {
			// A one-shot build of a large site: keeping every note
			// converted would cost more memory than converting again.
			r.mu.Unlock()
			return r.convertNow(src, nil)
		}
		m = &memo{}
		r.memo[src] = m
	}
	r.mu.Unlock()
	var fresh *mdEntry // converted by this call, with its HTML
	m.once.Do(func() {
		if r.mem != nil {
			if e := r.mem.markdown(src.File); e != nil && e.valid(src, r.site) {
				r.report(src, *e.Res)
				m.entry = e
				return
			}
		}
		e := r.convertNow(src, nil)
		kept := e // what memory keeps for the next build
		if r.mem != nil {
			if r.mem.disk {
				kept = e.stripped()
			} else {
				e.Res.HTML = bytes.Clone(e.Res.HTML) // without the converter's slack: it is kept
			}
			r.mem.setMarkdown(src.File, kept)
		}
		fresh = e
		r.mu.Lock()
		if (r.mem == nil || r.mem.disk) && r.memoBytes > MemoMemory {
			if kept == e {
				kept = e.stripped()
			}
			e = kept
		} else {
			r.memoBytes += len(e.Res.HTML)
		}
		r.mu.Unlock()
		if r.release && e.Res.HTML != nil {
			src.Release() // kept converted in the memo
		}
		m.entry = e
	})
	if fresh != nil {
		return fresh
	}
	return m.entry
}

// markdownSettings are the site's settings that a body converts by: the
// base path, under which a root-relative link is written (/economy/ is
// /briefings/economy/), the host, links to which are checked, and whether
// raw HTML passes.
func markdownSettings(c *content.Config) string {
	return c.BasePath() + "\x00" + c.BaseURL.Host + "\x00" + strconv.FormatBool(c.UnsafeHTML)
}

// markdown converts the body of src, its links answered by links. A body
// that cannot be read again (see content.Source.Text) fails the build.
func (r *renderer) markdown(src *content.Source, links markdown.Resolver, into *bytes.Buffer) markdown.Result {
	body, err := src.Text()
	if err != nil {
		r.out.fail(err)
	}
	return r.md.ConvertInto(into, body, markdown.Page{
		File: src.File, BodyLine: src.BodyLine, BasePath: r.site.Config.BasePath(), Host: r.site.Config.BaseURL.Host, Resolver: links,
		IDPrefix: site.BodyIDPrefix(src.File), Inline: r.inlineTexts(src),
	})
}

// inlineTexts returns the takeaways and then the corrections' texts of
// the briefing whose body src is, which are converted with it as inline
// markdown; nil for any other body. It finds them by file, so that a
// briefing brief serve parsed again (see Preview) finds its own.
func (r *renderer) inlineTexts(src *content.Source) []markdown.Inline {
	r.inlineOnce.Do(func() {
		for _, b := range r.site.Briefings {
			n := len(b.Takeaways) + len(b.Corrections)
			if n == 0 {
				continue
			}
			in := make([]markdown.Inline, 0, n)
			for i, t := range b.Takeaways {
				var at content.TextPos
				if i < len(b.TakeawaysAt) {
					at = b.TakeawaysAt[i]
				}
				in = append(in, inline(t, at))
			}
			for _, c := range b.Corrections {
				in = append(in, inline(c.Text, c.TextAt))
			}
			if r.inline == nil {
				r.inline = map[string][]markdown.Inline{}
			}
			r.inline[b.File] = in
		}
	})
	return r.inline[src.File]
}

// inline is text, at at, as the markdown converter takes it.
func inline(text string, at content.TextPos) markdown.Inline {
	return markdown.Inline{Text: text, Line: at.Line, Col: at.Col, Spans: at.Spans, Coarse: at.Coarse}
}

// reconvert converts src again for a page, when the memo holds no HTML for
// it; its links and problems were reported when its entry was made.
func (r *renderer) reconvert(src *content.Source) *markdown.Result {
	res := r.markdown(src, r.site, nil)
	return &res
}

// convertNow converts src, into body if set (see markdown.ConvertInto),
// and reports its links and problems.
func (r *renderer) convertNow(src *content.Source, body *bytes.Buffer) *mdEntry {
	rec := &recorder{Resolver: r.site}
	res := r.markdown(src, rec, body)
	e := &mdEntry{Hash: src.Hash, Deps: rec.deps, Res: &res}
	if r.mem != nil {
		e.Sum = resultSum(&res)
	}
	r.report(src, res)
	return e
}

// report records a converted body's links, for the link check, and its
// problems.
func (r *renderer) report(src *content.Source, res markdown.Result) {
	r.out.links(src.File, res.Links)
	if len(res.Problems) > 0 {
		r.mu.Lock()
		for _, p := range res.Problems {
			sev := diag.Error
			if p.Warning {
				sev = diag.Warning
			}
			r.probs = append(r.probs, &diag.Problem{File: src.File, Line: p.Line, Col: p.Col, Msg: p.Msg, Severity: sev})
		}
		r.mu.Unlock()
	}
}

// problems returns the problems found while rendering. One that a
// template met as it ran on a page says on which, and on how many others,
// since the data a template fails on is a page's: a briefing with no
// takeaways, or a draft, which brief check renders too.
func (r *renderer) problems() diag.List {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, p := range r.probs {
		pages := r.failed[*p]
		if len(pages) == 0 {
			continue
		}
		q := *p
		q.Msg += " (rendering " + slices.Min(pages)
		if n := len(pages) - 1; n == 1 {
			q.Msg += ", and 1 other page"
		} else if n > 1 {
			q.Msg += fmt.Sprintf(", and %d other pages", n)
		}
		q.Msg += ")"
		r.probs[i] = &q
	}
	return r.probs
}

// failedPage names page p for a template's problem: its URL, and the
// content file it shows, if any.
func failedPage(p *site.Page) string {
	var src string
	var draft bool
	switch {
	case p.Briefing != nil:
		src, draft = p.Briefing.File, p.Briefing.Draft
	case p.Plain != nil:
		src, draft = p.Plain.File, p.Plain.Draft
	case p.Section != nil && p.Section.Intro != nil:
		src = p.Section.Intro.File
	case p.Topic != nil && p.Topic.Info != nil:
		src = p.Topic.Info.File
	case p.Analyst != nil && p.Analyst.Profile != nil:
		src = p.Analyst.Profile.File
	}
	name := p.URL
	if src != "" {
		name += ", from " + src
	}
	if draft {
		name += ", a draft"
	}
	return name
}
