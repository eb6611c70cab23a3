package content

import (
	"errors"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"

	"brief/generator/diag"
	"brief/generator/internal/osfs"
	"brief/generator/internal/scan"
)

// Loader loads one site again and again, as brief serve does after every
// save. It keeps each parsed file and parses again only the files that
// changed, so a load after one edit costs about one file.
type Loader struct {
	// fsys is read with fs.ReadFile. A build gives an osfs.Dir, whose
	// ReadFile reads a file into a buffer of its size: the bytes are kept
	// for the whole build, and 40,000 files' worth of slack adds up.
	fsys    fs.FS
	baseURL string

	config   []byte          // site.yaml as last read
	cfg      Config          // and as parsed
	jobs     []*job          // every file of content/, sorted, as last loaded
	dirs     map[string]bool // folders holding those files
	walkProb diag.List       // problems of the last walk not tied to a file
	strays   []string        // files of the last walk that no job has (see Site.Strays)
	budget   *bodyBudget     // bodies kept in memory; nil keeps all
	listed   *Listing        // the content folder as just listed, for the next walk
	read     int             // files the last Load read
}

// Listing is the content folder as scan.Walk lists it: its files and
// folders, with paths from the source root (content/world/a.md).
type Listing struct {
	Files []scan.File
	Dirs  []string
}

// Listed gives the Loader the content folder as the caller has just listed
// it, existing and a folder. If the next Load walks the whole folder, it
// plans from ls instead of reading every folder again; either way that
// Load drops ls. A build to disk lists its inputs anyway, to know what
// changed.
func (l *Loader) Listed(ls *Listing) {
	l.listed = ls
}

// NewLoader prepares repeated loads of fsys. baseURL, when set, overrides
// site.yaml's base_url.
func NewLoader(fsys fs.FS, baseURL string) *Loader {
	return &Loader{fsys: fsys, baseURL: baseURL}
}

// OtherConfigs are the settings files of Hugo and Jekyll, which a site
// moved in keeps beside site.yaml and brief does not read. A build names
// each that is there, so the build cache takes them for inputs: one added
// or deleted is seen.
var OtherConfigs = []string{"hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "config.json", "_config.yml", "_config.yaml"}

// configTool is whose settings file name is.
func configTool(name string) string {
	if strings.HasPrefix(name, "_") {
		return "Jekyll"
	}
	return "Hugo"
}

// otherConfigs returns those of OtherConfigs that are files in fsys. A
// config.toml, config.yaml or config.json is another tool's as often as
// Hugo's (Python's ruff reads one): it counts only when it names a key
// of Hugo's (baseURL, languageCode, theme).
func otherConfigs(fsys fs.FS) []string {
	var found []string
	for _, name := range OtherConfigs {
		fi, err := fs.Stat(fsys, name)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if strings.HasPrefix(name, "config.") {
			if fi.Size() > 1<<20 {
				continue
			}
			raw, err := fs.ReadFile(fsys, name)
			low := strings.ToLower(string(raw))
			if err != nil || !strings.Contains(low, "baseurl") && !strings.Contains(low, "languagecode") && !strings.Contains(low, "theme") {
				continue
			}
		}
		found = append(found, name)
	}
	return found
}

// LimitBodies makes the Loader keep at most n bytes of markdown bodies in
// memory; Source.Text reads the others again when needed.
func (l *Loader) LimitBodies(n int64) {
	l.budget = &bodyBudget{limit: n}
}

// Load reads the site. changed lists the paths (slash-separated, from the
// source root) that changed since the previous Load, and only those are
// read again; nil means unknown, and then every file is read and parsed
// again if its bytes changed. A changed folder, or a file in a folder not
// seen before, makes it walk the content folder again.
func (l *Loader) Load(changed []string) (*Site, diag.List) {
	var probs diag.List
	raw, err := fs.ReadFile(l.fsys, ConfigFile)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		ReadFailed(ConfigFile, err, &probs)
	}
	missing := errors.Is(err, fs.ErrNotExist) && l.baseURL == ""
	others := otherConfigs(l.fsys)
	switch {
	case missing && len(others) > 0:
		probs.Add(ConfigFile, 0, 0, "site.yaml is missing; %s is the settings of %s, which brief does not read: create site.yaml with its base URL as `base_url: https://org.github.io/briefings/` (and `title`, `language`, `timezone`, brief's names for the settings it has)", others[0], configTool(others[0]))
	case missing:
		if _, err := fs.Stat(l.fsys, "site.yml"); err == nil {
			probs.Add(ConfigFile, 0, 0, "site.yaml is missing, and brief does not read site.yml; rename site.yml to site.yaml")
		} else {
			probs.Add(ConfigFile, 0, 0, "site.yaml is missing; create it with at least `base_url: https://org.github.io/briefings/`, or pass --base-url")
		}
	case err == nil:
		for _, other := range others {
			probs.Warn(other, 0, 0, "brief does not read %s, the settings of %s: the site's are in site.yaml, so move any you need there (`base_url`, `title`, `language`, `timezone`), and delete this file once the site has moved", other, configTool(other))
		}
	}
	cfg, cfgProbs := ParseConfig(raw, l.baseURL)
	if !missing && !errors.Is(err, osfs.ErrNotRegular) {
		// Of no file, or of a named pipe, which is not read, the only
		// problem is the one said above.
		probs.Append(cfgProbs)
	}
	// Of the settings, a file's parse depends on the time zone alone (a
	// bare date is midnight there): another zone parses everything again.
	if l.jobs != nil && l.cfg.Timezone.String() != cfg.Timezone.String() {
		l.jobs = nil
	}
	l.cfg = cfg
	l.config = raw
	s := &Site{Config: cfg}

	if l.jobs == nil || changed == nil || !l.patch(changed, &s.Config) {
		l.walk(&s.Config)
	}
	l.listed = nil // it was of this Load's folder only
	jobs, pruneProbs, pruned := prune(l.jobs)
	probs.Append(l.walkProb)
	probs.Append(pruneProbs)
	if len(l.strays) > 0 || len(pruned) > 0 {
		s.Strays = append(slices.Clip(l.strays), pruned...)
		slices.Sort(s.Strays)
	}
	assemble(s, jobs, &probs)
	if len(s.Briefings) == 0 && probs.Err() == nil {
		// Most often a folder that was not there when the build ran (a
		// submodule not checked out): the site would replace the
		// published one with an empty one.
		probs.Warn(Dir, 0, 0, "content/ has no briefings, so the site lists none; a briefing is content/<section>/<slug>.md")
	}
	if l.budget != nil {
		// The Site's briefings are copies: once it lets go of a body
		// (see Source.Text), the Loader must not hold it either. A
		// kept parse reads its body again.
		for _, j := range l.jobs {
			if b := j.briefing; b != nil && b.body != nil {
				b.body, b.reread = nil, l.fsys
			}
		}
	}
	return s, probs
}

// walk plans the whole content folder again and reads every file, keeping
// the parse of each file whose bytes did not change. (Sizes and times are
// not trusted here: a save within the file system's time granularity, or a
// restored time, would go unseen. Callers that know what changed use patch.)
func (l *Loader) walk(cfg *Config) {
	prev := make(map[string]*job, len(l.jobs))
	for _, j := range l.jobs {
		prev[j.file] = j
	}
	// Files are read while the walk goes on.
	rd := startReaders(l.fsys, cfg, l.budget)
	found := func(j *job) {
		keepParse(j, prev)
		rd.read(j)
	}
	var jobs []*job
	var probs diag.List
	var strays []string
	if l.listed != nil {
		jobs, probs, strays = planListed(l.fsys, l.listed, found)
		l.listed = nil
	} else {
		jobs, probs, strays = plan(l.fsys, Dir, found)
	}
	rd.wait()
	l.read = rd.n
	slices.SortFunc(jobs, fileOrder)
	l.jobs, l.walkProb, l.strays = jobs, probs, strays
	l.dirs = map[string]bool{}
	l.addDirs(jobs)
}

// fileOrder orders jobs by their file's path.
func fileOrder(a, b *job) int { return strings.Compare(a.file, b.file) }

// addDirs records the folders that hold jobs' files, and the folders
// above them.
func (l *Loader) addDirs(jobs []*job) {
	last := "" // jobs come by path: most share the folder of the one before
	for _, j := range jobs {
		d := parent(j.file)
		if d == last {
			continue
		}
		last = d
		for ; d != "." && !l.dirs[d]; d = parent(d) {
			l.dirs[d] = true
		}
	}
}

// parent is path.Dir of a clean relative path, without a copy.
func parent(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

// unseen is the outermost folder, holding p or p itself, that the last
// load did not see, or "" when that is the content folder itself.
func (l *Loader) unseen(p string) string {
	for !l.dirs[path.Dir(p)] {
		p = path.Dir(p)
		if p == Dir || p == "." {
			return ""
		}
	}
	return p
}

// keepParses points each newly planned job at the same file's job in
// prev when that one's parse still fits, so that run keeps the parse if
// the bytes did not change.
func keepParses(jobs []*job, prev map[string]*job) {
	for _, j := range jobs {
		keepParse(j, prev)
	}
}

// keepParse is keepParses for one job.
func keepParse(j *job, prev map[string]*job) {
	if old := prev[j.file]; old != nil && old.kind == j.kind && sameTarget(old, j) && samePlan(old, j) {
		j.prev = old
	}
}

// samePlan reports whether the path-derived problems are the same, so the
// kept parse's problems are still all of the file's problems.
func samePlan(old, j *job) bool {
	if len(old.planProbs) != len(j.planProbs) {
		return false
	}
	for i := range old.planProbs {
		if *old.planProbs[i] != *j.planProbs[i] {
			return false
		}
	}
	return true
}

// sameTarget reports whether a kept parse still fits the file's place: the
// path decides the section and slug of a briefing.
func sameTarget(old, j *job) bool {
	return old.section == j.section && old.slug == j.slug && old.bundle == j.bundle
}

// patch applies a list of changed files to the last load. A folder that
// came, or a file in one, is planned whole; a path that went away takes
// every file under it along. It reports false when it cannot (the content
// folder itself changed, a symbolic link, a path problem, or the last walk
// had problems a change could fix), and then the caller walks instead.
func (l *Loader) patch(changed []string, cfg *Config) bool {
	if fi, err := fs.Stat(l.fsys, Dir); err != nil || !fi.IsDir() {
		return false // the walk reports it
	}
	byFile := make(map[string]*job, len(l.jobs))
	for _, j := range l.jobs {
		byFile[j.file] = j
	}
	var todo []*job
	removed := map[string]bool{}
	var gone []string            // folders whose old files are dropped unless planned again
	planned := map[string]bool{} // new folders planned whole, with every file in them
	folder := func(root string) bool {
		if root == "" || len(l.walkProb) > 0 {
			return false
		}
		if planned[root] {
			return true // a batch names many files of a new folder
		}
		planned[root] = true
		if fi, err := fs.Lstat(l.fsys, root); err != nil || !fi.IsDir() {
			return false
		}
		jobs, probs, _ := plan(l.fsys, root, nil)
		if len(probs) > 0 {
			return false // the walk reports them
		}
		keepParses(jobs, byFile)
		gone = append(gone, root+"/")
		todo = append(todo, jobs...)
		return true
	}
	for _, p := range changed {
		if p == Dir || p == "." {
			return false // the content folder itself came or went, or anything did
		}
		if p == ConfigFile || !strings.HasPrefix(p, Dir+"/") {
			continue // layouts, static: not content
		}
		if Ignored(path.Base(p)) || under(p, planned) {
			continue
		}
		if reported(l.walkProb, p) {
			return false // the walk finds whether it still has the problem (a named pipe now a file)
		}
		fi, err := fs.Lstat(l.fsys, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if _, ok := byFile[p]; ok {
				removed[p] = true
			} else if len(l.walkProb) > 0 {
				return false
			} else {
				gone = append(gone, p+"/") // a folder, perhaps
			}
			continue
		case err != nil:
			return false
		case fi.IsDir():
			if _, ok := byFile[p]; ok {
				removed[p] = true // a file before, a folder now
			}
			if !folder(l.unseen(p)) {
				return false
			}
			continue
		case !fi.Mode().IsRegular():
			return false
		case !l.dirs[path.Dir(p)]:
			if !folder(l.unseen(path.Dir(p))) {
				return false
			}
			continue
		}
		var jp diag.List
		j := classify(p, strings.Split(strings.TrimPrefix(p, Dir+"/"), "/"), &jp)
		if j == nil {
			return false
		}
		j.planProbs = jp
		todo = append(todo, j)
	}
	// A file that is a symbolic link changes when the file it leads to
	// does, which no change names (the watcher sees content/ only): it
	// is read again each time, and its parse kept if its bytes are the
	// same.
	inGone := func(file string) bool {
		for _, g := range gone {
			if strings.HasPrefix(file, g) {
				return true
			}
		}
		return false
	}
	for _, j := range l.jobs {
		if j.link && !removed[j.file] && !inGone(j.file) {
			todo = append(todo, &job{file: j.file, kind: j.kind, section: j.section, slug: j.slug, bundle: j.bundle,
				link: true, planProbs: j.planProbs, prev: j})
		}
	}
	l.read = run(l.fsys, todo, cfg, l.budget)
	jobs := make([]*job, 0, len(l.jobs)+len(todo))
	replaced := map[string]*job{}
	for _, j := range todo {
		replaced[j.file] = j
	}
	for _, j := range l.jobs {
		if r := replaced[j.file]; r != nil {
			jobs = append(jobs, r)
			delete(replaced, j.file)
		} else if !removed[j.file] && !inGone(j.file) {
			jobs = append(jobs, j)
		}
	}
	for _, j := range replaced {
		jobs = append(jobs, j)
	}
	slices.SortFunc(jobs, fileOrder)
	l.jobs = jobs
	l.addDirs(todo)
	return true
}

// reported reports whether probs has a problem at file p.
func reported(probs diag.List, p string) bool {
	for _, prob := range probs {
		if prob.File == p {
			return true
		}
	}
	return false
}

// Reads is how many files of content/ the last Load read. A Load after
// a change reads the changed files, and a new folder's once.
func (l *Loader) Reads() int { return l.read }

// Read tells what the last Load read of file, if it read the file: the
// hash of its bytes (xxhash, as the build cache's) and, when the file
// system tells them (osfs.Dir), the size and time of the file they came
// from, or else zeros.
func (l *Loader) Read(file string) (hash uint64, info osfs.Info, ok bool) {
	i := sort.Search(len(l.jobs), func(i int) bool { return l.jobs[i].file >= file })
	if i == len(l.jobs) || l.jobs[i].file != file || l.jobs[i].source() == nil {
		return 0, osfs.Info{}, false
	}
	return l.jobs[i].rawHash, l.jobs[i].info, true
}

// BodyEdit reads file again, a briefing or a note that the last Load parsed
// without errors, and reports whether the only change since is its
// markdown body: the front matter gives exactly the same fields, and the
// same problems, warnings only (a date ahead, say). Then it returns the file's new Source and, for
// a briefing, the new word count. It changes nothing in the Loader: the
// next Load reads the file as usual. brief serve uses it to show an edited
// page before the whole site is rebuilt.
func (l *Loader) BodyEdit(file string) (src Source, words int, ok bool) {
	i := sort.Search(len(l.jobs), func(i int) bool { return l.jobs[i].file >= file })
	if i == len(l.jobs) || l.jobs[i].file != file {
		return Source{}, 0, false
	}
	old := l.jobs[i]
	if old.probs.Err() != nil || len(old.planProbs) > 0 || (old.briefing == nil && old.note == nil) {
		return Source{}, 0, false
	}
	raw, err := fs.ReadFile(l.fsys, file)
	if err != nil {
		return Source{}, 0, false
	}
	var probs diag.List
	if old.briefing != nil {
		b := parseBriefing(file, raw, old.section, old.slug, old.bundle != "", &l.cfg, &probs)
		was := *old.briefing
		was.Source, was.Words = b.Source, b.Words
		return b.Source, b.Words, sameProblems(probs, old.probs) && reflect.DeepEqual(&was, b)
	}
	n := parseNote(file, raw, &l.cfg, &probs)
	if n == nil {
		return Source{}, 0, false
	}
	was := *old.note
	was.Source = n.Source
	return n.Source, 0, sameProblems(probs, old.probs) && reflect.DeepEqual(&was, n)
}

// sameProblems reports whether a file read again has the problems it had,
// which are warnings.
func sameProblems(now, was diag.List) bool {
	return slices.EqualFunc(now, was, func(a, b *diag.Problem) bool { return *a == *b })
}
