package content

import (
	"io/fs"
	"time"

	"brief/generator/diag"
)

// LoaderState is what a Loader knows after a load, in a form the build
// cache writes to disk (see EncodeState), so that a build in a new process can start from the
// parses of the last one and read again only the files that changed.
// Bodies are not part of it: a restored Loader reads them again when a
// page needs one (see Source.Text).
type LoaderState struct {
	Config    []byte // site.yaml as last read
	Files     []FileState
	WalkProbs diag.List
	Strays    []string // files of the walk that no job has
}

// FileState is one content file as the last load planned and parsed it.
type FileState struct {
	File, Section, Slug, Bundle string
	Kind                        int
	PlanProbs                   diag.List
	Hash                        uint64 // of the file's bytes
	Page                        *Page
	Briefing                    *Briefing
	Note                        *Note
	Analyst                     *Analyst
	Topic                       *Topic
	Probs                       diag.List
	Width, Height               int // a picture resource's size (see Resource.Width)
}

// State returns what the Loader knows. It shares the parsed files with
// the Loader and its Sites, but EncodeState writes none of their bodies,
// so a build may go on, and let go of bodies, while the state is written.
func (l *Loader) State() *LoaderState {
	st := &LoaderState{Config: l.config, Files: make([]FileState, len(l.jobs)), WalkProbs: l.walkProb, Strays: l.strays}
	for i, j := range l.jobs {
		st.Files[i] = FileState{File: j.file, Section: j.section, Slug: j.slug, Bundle: j.bundle, Kind: int(j.kind),
			PlanProbs: j.planProbs, Hash: j.rawHash, Probs: j.probs, Width: j.width, Height: j.height,
			Page: j.page, Briefing: j.briefing, Note: j.note, Analyst: j.analyst, Topic: j.topic}
	}
	return st
}

// RestoreLoader returns a Loader of fsys that knows what st records, as if
// it had made the load st was taken from: its next Load with a list of
// changed files reads only those. It keeps at most BodyMemory bytes of
// bodies in memory, as Load does. st's files must be sorted, as State
// gives them.
func RestoreLoader(fsys fs.FS, baseURL string, st *LoaderState) *Loader {
	l := NewLoader(fsys, baseURL)
	cfg, _ := ParseConfig(st.Config, baseURL)
	l.config, l.cfg, l.walkProb, l.strays = st.Config, cfg, st.WalkProbs, st.Strays
	l.jobs = make([]*job, len(st.Files))
	for i := range st.Files {
		f := &st.Files[i]
		j := &job{file: f.File, kind: kind(f.Kind), section: f.Section, slug: f.Slug, bundle: f.Bundle,
			planProbs: f.PlanProbs, rawHash: f.Hash, probs: f.Probs, width: f.Width, height: f.Height,
			page: f.Page, briefing: f.Briefing, note: f.Note, analyst: f.Analyst, topic: f.Topic}
		if src := j.source(); src != nil {
			src.body, src.reread = nil, fsys
		}
		switch {
		case j.briefing != nil:
			inZone(cfg.Timezone, &j.briefing.Date)
			inZone(cfg.Timezone, &j.briefing.Updated)
			for k := range j.briefing.Corrections {
				inZone(cfg.Timezone, &j.briefing.Corrections[k].Date)
			}
		case j.note != nil:
			inZone(cfg.Timezone, &j.note.Date)
		}
		l.jobs[i] = j
	}
	l.dirs = map[string]bool{}
	l.addDirs(l.jobs)
	return l
}

// inZone gives back a time read from the cache the zone it was parsed in,
// when that is loc: time.Time.MarshalBinary keeps the offset, not the
// zone's name.
func inZone(loc *time.Location, t *time.Time) {
	if t.IsZero() {
		return
	}
	_, off := t.Zone()
	if in := t.In(loc); offset(in) == off {
		*t = in
	}
}

func offset(t time.Time) int {
	_, off := t.Zone()
	return off
}
