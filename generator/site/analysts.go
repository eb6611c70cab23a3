package site

import (
	"sort"
	"strconv"

	"brief/generator/content"
	"brief/generator/diag"
)

// addAnalysts collects every note author. A note names its analyst; the
// slug of that name finds the profile in content/analysts/, if any.
func (s *Site) addAnalysts(src *content.Site, probs *diag.List) {
	profiles := map[string]*content.Analyst{}
	for _, p := range src.Analysts {
		profiles[p.Slug] = p
	}
	bySlug := map[string]*Analyst{}
	// A site has tens of thousands of notes by a few hundred analysts:
	// each name is made a slug once, and the notes are allocated together.
	type name struct{ slug, id string }
	names := map[string]name{}
	total := 0
	for _, b := range s.Briefings {
		total += len(b.Briefing.Notes)
	}
	notes := make([]Note, 0, total)
	for _, b := range s.Briefings {
		for _, cn := range b.Briefing.Notes {
			nm, ok := names[cn.Analyst]
			if !ok {
				nm.slug = content.Slug(cn.Analyst)
				nm.id = "note-" + nm.slug
				names[cn.Analyst] = nm
			}
			slug := nm.slug
			a := bySlug[slug]
			if a == nil {
				a = &Analyst{Slug: slug, Name: cn.Analyst, URL: s.Config.BasePath() + "analysts/" + slug + "/"}
				if p := profiles[slug]; p != nil {
					a.Profile, a.Name, a.Affiliation = p, p.Name, p.Affiliation
				} else {
					probs.Warn(cn.File, 0, 0, "analyst %q has no profile; add content/analysts/%s.md with name and affiliation", cn.Analyst, slug)
				}
				bySlug[slug] = a
				s.Analysts = append(s.Analysts, a)
			}
			notes = append(notes, Note{Note: cn, Analyst: a, Briefing: b, Affiliation: cn.Affiliation, ID: nm.id})
			n := &notes[len(notes)-1]
			if n.Affiliation == "" {
				n.Affiliation = a.Affiliation
			}
			if a.Affiliation == "" {
				a.Affiliation = cn.Affiliation
			}
			b.Notes = append(b.Notes, n)
			a.Notes = append(a.Notes, n)
		}
	}
	for _, p := range src.Analysts {
		if bySlug[p.Slug] == nil {
			a := &Analyst{Slug: p.Slug, Name: p.Name, Affiliation: p.Affiliation, URL: s.Config.BasePath() + "analysts/" + p.Slug + "/", Profile: p}
			bySlug[p.Slug] = a
			s.Analysts = append(s.Analysts, a)
		}
	}
	sort.Slice(s.Analysts, func(i, j int) bool { return s.Analysts[i].Slug < s.Analysts[j].Slug })
	// Notes on one analyst's page: newest briefing first (Briefings is in
	// that order already), so the order is stable whatever the note dates.
	for _, b := range s.Briefings {
		for i, n := range b.Notes {
			same := 1 // a briefing has a few notes: count earlier ones with this id
			for _, m := range b.Notes[:i] {
				if m.Analyst == n.Analyst {
					same++
				}
			}
			if same > 1 {
				n.ID = n.ID + "-" + strconv.Itoa(same)
			}
		}
	}
}
