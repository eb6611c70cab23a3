package site

import (
	"sort"
	"strings"

	"brief/generator/content"
	"brief/generator/diag"
)

// addTopics groups briefings by topic slug. A topic's name comes from its
// description file when there is one, else from its most used spelling.
func (s *Site) addTopics(src *content.Site, probs *diag.List) {
	bySlug := map[string]*Topic{}
	spellings := map[string]map[string]int{}
	for _, b := range s.Briefings {
		for _, name := range b.Briefing.Topics {
			slug := content.Slug(name)
			t := bySlug[slug]
			if t == nil {
				t = &Topic{Slug: slug, URL: s.Config.BasePath() + "topics/" + slug + "/"}
				bySlug[slug] = t
				spellings[slug] = map[string]int{}
				s.Topics = append(s.Topics, t)
			}
			spellings[slug][name]++
			if n := len(t.Briefings); n > 0 && t.Briefings[n-1] == b {
				continue // the same topic named twice in one briefing
			}
			t.Briefings = append(t.Briefings, b)
			b.Topics = append(b.Topics, t)
		}
	}
	for _, info := range src.Topics {
		t := bySlug[info.Slug]
		if t == nil {
			probs.Warn(info.File, 0, 0, "no published briefing has the topic %q, so it gets no page", info.Title)
			continue
		}
		t.Info = info
	}
	for _, t := range s.Topics {
		t.Name = mostUsed(spellings[t.Slug])
		if t.Info != nil && t.Info.Title != "" {
			t.Name = t.Info.Title
		}
	}
	sort.Slice(s.Topics, func(i, j int) bool { return s.Topics[i].Slug < s.Topics[j].Slug })
	s.warnNearDuplicateTopics(probs)
}

// mostUsed returns the spelling used most often; ties go to the one that
// sorts first, so the choice never depends on map order.
func mostUsed(counts map[string]int) string {
	best, bestN := "", 0
	for name, n := range counts {
		if n > bestN || (n == bestN && name < best) {
			best, bestN = name, n
		}
	}
	return best
}

// warnNearDuplicateTopics flags a topic used by a single briefing whose
// slug is a small edit away from a more used one ("north-korea" and
// "n-korea"): most likely a spelling slip that splits a topic in two.
func (s *Site) warnNearDuplicateTopics(probs *diag.List) {
	for _, t := range s.Topics {
		if len(t.Briefings) != 1 {
			continue
		}
		for _, other := range s.Topics {
			if other == t || len(other.Briefings) < 2 || !similar(t.Slug, other.Slug) {
				continue
			}
			b := t.Briefings[0]
			probs.Warn(b.File, 0, 0, "topic %q is used only here and looks like %q (%d briefings); use one spelling", t.Name, other.Name, len(other.Briefings))
			break
		}
	}
}

// similar reports whether two slugs differ by little: a slip of a letter or
// two in a long enough name (north-corea), or the same words with some cut
// short (n-korea, north-korea). Short distinct names (iran, iraq) are not
// similar.
func similar(a, b string) bool {
	if n := min(len(a), len(b)); n >= 6 && editDistance(a, b) <= max(1, n/6) {
		return true
	}
	wa, wb := strings.Split(a, "-"), strings.Split(b, "-")
	if len(wa) != len(wb) || len(wa) < 2 || a == b {
		return false
	}
	for i := range wa {
		if !strings.HasPrefix(wa[i], wb[i]) && !strings.HasPrefix(wb[i], wa[i]) {
			return false
		}
	}
	return true
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
