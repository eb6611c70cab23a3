package generator

import (
	"bytes"
	"slices"

	"brief/generator/content"
	"brief/generator/site"
)

// maxPreview is the most changed files Preview takes on: more is a git
// checkout or a save-all, not a writer at work on one page.
const maxPreview = 8

// Preview renders, from the model of the last build without errors, the
// pages that show the bodies of the changed files, when each of them is a
// published briefing or note whose front matter gives the same fields as
// before (see content.Loader.BodyEdit): the briefing's page and, for a
// note, the analyst pages that list it. It returns them by output path,
// or nil when that does not apply, a body has an error, or a link of
// these bodies, or a link of the site into these pages, no longer reaches
// its page or anchor.
//
// Only a body changed, so the model is the same and these pages are byte
// for byte what the next BuildChanged(changed) renders: brief serve shows
// them at once and then runs that build, which brings up to date what else
// a body reaches (reading times in listings, feeds, the search index). It
// must not run while a build does.
func (b *Builder) Preview(changed []string) map[string][]byte {
	last := b.st.last
	if last == nil || len(changed) == 0 || len(changed) > maxPreview {
		return nil
	}
	want := make(map[string]bool, len(changed))
	for _, p := range changed {
		want[p] = true
	}
	briefings := map[*site.Briefing]*site.Briefing{} // as built → as edited
	notes := map[*site.Note]*site.Note{}
	found := 0
	for _, old := range last.site.Briefings {
		var edited *site.Briefing
		edit := func() *site.Briefing {
			if edited == nil {
				b, cb := *old, *old.Briefing
				b.Briefing, b.Notes = &cb, slices.Clone(old.Notes)
				edited = &b
				briefings[old] = edited
			}
			return edited
		}
		if want[old.File] {
			src, words, ok := b.st.loader.BodyEdit(old.File)
			if !ok {
				return nil
			}
			e := edit()
			e.Source, e.Words, e.Minutes = src, words, site.Minutes(words)
			found++
		}
		for i, n := range old.Notes {
			if !want[n.File] {
				continue
			}
			src, _, ok := b.st.loader.BodyEdit(n.File)
			if !ok {
				return nil
			}
			e := edit()
			en, cn := *n, *n.Note
			cn.Source = src
			en.Note, en.Briefing = &cn, e
			e.Notes[i] = &en
			notes[n] = &en
			found++
		}
	}
	if found != len(want) {
		return nil // a file that is not a published briefing or note
	}

	pageOf := map[string]string{} // the edited briefings' files → their pages, for #anchor links
	for old := range briefings {
		pageOf[old.File] = old.URL
	}

	r := &renderer{site: last.site, html: last.html, md: last.md, out: newOutput(nil), memo: map[*content.Source]*memo{}, mem: last.mem}
	files := map[string][]byte{}
	ids := map[string][]string{} // page URL → its ids, as edited
	for _, p := range last.site.Pages {
		q := *p
		switch {
		case p.Kind == site.KindBriefing && briefings[p.Briefing] != nil:
			q.Briefing = briefings[p.Briefing]
		case p.Kind == site.KindAnalyst && len(notes) > 0:
			q.Notes = nil
			for i, n := range p.Notes {
				if e := notes[n]; e != nil {
					if q.Notes == nil {
						q.Notes = slices.Clone(p.Notes)
					}
					q.Notes[i] = e
				}
			}
			if q.Notes == nil {
				continue
			}
		default:
			continue
		}
		var buf bytes.Buffer
		if prob := r.html.Render(&buf, &q, r.convert); prob != nil {
			return nil
		}
		files[q.Out] = buf.Bytes()
		ids[q.URL] = scanIDs(buf.Bytes())
	}
	if r.problems().Err() != nil || r.out.err() != nil || !linksHold(last, r.out.refs, ids, want, pageOf) {
		return nil
	}
	return files
}

// linksHold reports whether refs, the links of the bodies rendered, and
// the links of the last build into the pages rendered, still reach their
// pages and anchors: the last build's, with ids, the ids of the pages
// rendered, instead of theirs. An edit that breaks one is left to the
// build, which reports it and keeps the last good site served.
func linksHold(last *renderer, refs []ref, ids map[string][]string, edited map[string]bool, pageOf map[string]string) bool {
	for _, l := range last.out.refs {
		if _, into := ids[l.Path]; into && l.Fragment != "" && !edited[l.file] {
			refs = append(refs, l)
		}
	}
	return checkRefs(refs, linkTargets{
		base:   last.site.Config.BasePath(),
		pageOf: pageOf,
		files:  last.out.files,
		drafts: last.site.DraftPaths,
		ids: func(url string) ([]string, bool) {
			if l, ok := ids[url]; ok {
				return l, true
			}
			l, ok := last.out.ids[url]
			return l, ok
		},
	}).Err() == nil
}
