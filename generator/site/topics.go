package site

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

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
	described := map[string]string{}
	for _, info := range src.Topics {
		if prev, ok := described[info.Slug]; ok {
			probs.Add(info.File, 1, 1, "this description would have the URL %stopics/%s/, which %s already has%s; keep one of the two files", s.Config.BasePath(), info.Slug, prev, unicodeForms(info.File, prev))
			continue
		}
		described[info.Slug] = info.File
		t := bySlug[info.Slug]
		if t == nil {
			msg := fmt.Sprintf("no published briefing has a topic whose slug is %q, this file's name, so it describes no page", info.Slug)
			if slug := content.Slug(info.Title); slug != info.Slug && bySlug[slug] != nil {
				msg += fmt.Sprintf("; its title %q is the topic %stopics/%s/: rename the file %s/topics/%s.md", info.Title, s.Config.BasePath(), slug, content.Dir, slug)
			}
			probs.Warn(info.File, 0, 0, "%s", msg)
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
	for i, t := range s.Topics {
		t.index = int32(i)
		if len(spellings[t.Slug]) > 1 && t.Slug != "" { // a topic with no letters is an error of its own
			warnNamesThatClash(t, spellings[t.Slug], probs)
		}
	}
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

// warnNamesThatClash flags the spellings of topic t that are other names
// than its most used one, though they make the same slug: "C++" and "C#"
// are both /topics/c/, and the page shows only one of them. Spellings
// that differ only in case, accents, white space and punctuation ("U.S."
// and "U.S", "Côte d'Ivoire" and "Cote d’Ivoire") are one name (see
// signs). Each other spelling is reported once, at the topics of the
// newest briefing that uses it.
func warnNamesThatClash(t *Topic, counts map[string]int, probs *diag.List) {
	ref := mostUsed(counts)
	refSigns := signs(ref)
	// Each other name's newest briefing, found in one pass over the
	// topic's briefings, newest first: a topic may have thousands.
	newest := map[string]*Briefing{}
	for name := range counts {
		if name != ref && signs(name) != refSigns {
			newest[name] = nil
		}
	}
	left := len(newest)
	for _, b := range t.Briefings {
		if left == 0 {
			break
		}
		for _, name := range b.Briefing.Topics {
			if first, ok := newest[name]; ok && first == nil {
				newest[name] = b
				left--
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(newest)) {
		if b := newest[name]; b != nil {
			at := b.TopicsAt
			probs.Warn(b.File, at.Line, at.Col, "topics %q and %q both have the URL %s, so they are one topic, shown as %q; rename one if they are different topics", name, ref, t.URL, t.Name)
		}
	}
}

// signs returns the characters of a name that tell it from another name
// of the same slug, in order: those other than letters, digits, marks,
// white space, invisible ones (a soft hyphen) and punctuation, and of
// punctuation # % & * @, which make a
// name of their own ("C#", "AT&T", "50%") where a full stop, an
// apostrophe, a hyphen or brackets only abbreviate or join words. Two
// names of one slug have the same letters and digits, but for case and
// accents, so they are one name when their signs are the same: "C++" has
// "++" and "C#" "#", while "U.S." and "US" have none.
func signs(name string) string {
	var b []byte
	for _, r := range name {
		switch {
		case r < utf8.RuneSelf && !asciiSign[r]:
		case r >= utf8.RuneSelf && (unicode.In(r, unicode.L, unicode.N, unicode.M, unicode.P, unicode.Cf) || unicode.IsSpace(r)):
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

// asciiSign marks the ASCII characters signs keeps: symbols, and the
// punctuation that makes a name of its own.
var asciiSign = func() (t [utf8.RuneSelf]bool) {
	for _, c := range "#%&*@$+<=>^`|~" {
		t[c] = true
	}
	return t
}()

// warnNearDuplicateTopics flags a topic used by a single briefing whose
// slug is close to another topic's ("north-korea" and "n-korea"): most
// likely a spelling slip that splits a topic in two. The warning goes to
// the briefing of the less used spelling; when both are used once, to the
// one whose slug sorts last, so that a pair is reported once. Of several
// close topics, it names the one whose slug sorts first.
func (s *Site) warnNearDuplicateTopics(probs *diag.List) {
	var near *nearSlugs // made at the first topic used once
	for i, t := range s.Topics {
		if len(t.Briefings) != 1 {
			continue
		}
		if near == nil {
			slugs := make([]string, len(s.Topics))
			for j, t := range s.Topics {
				slugs[j] = t.Slug
			}
			near = newNearSlugs(slugs)
		}
		first := -1
		near.candidates(t.Slug, func(j int) {
			other := s.Topics[j]
			if j == i || first >= 0 && j > first || len(other.Briefings) == 1 && other.Slug > t.Slug || !similar(t.Slug, other.Slug) {
				return
			}
			first = j
		})
		if first < 0 {
			continue
		}
		other := s.Topics[first]
		b := t.Briefings[0]
		at := b.TopicsAt
		if len(other.Briefings) == 1 {
			if where := other.Briefings[0].File; where == b.File {
				probs.Warn(b.File, at.Line, at.Col, "topics %q and %q are used only here; if they are one topic, use one spelling", t.Name, other.Name)
			} else {
				probs.Warn(b.File, at.Line, at.Col, "topic %q is used only here, and %q only in %s; if they are one topic, use one spelling", t.Name, other.Name, where)
			}
		} else {
			probs.Warn(b.File, at.Line, at.Col, "topic %q is used only here and looks like %q (%s); use one spelling", t.Name, other.Name, diag.Count(len(other.Briefings), "briefing"))
		}
	}
}

// similar reports whether two slugs differ by little: a slip of a letter or
// two in a long enough name (north-corea), the same words with some cut
// short (n-korea, north-korea), or the same letters split differently
// (u-s, us). Short distinct names (iran, iraq) are not similar, nor are
// names with different numbers in them (elections-2025, elections-2026;
// cop28, cop29), which name different things on purpose.
func similar(a, b string) bool {
	if a == b || digits(a) != digits(b) {
		return false
	}
	n := min(len(a), len(b))
	if n >= 6 && withinEdits(a, b, slips(n)) {
		return !otherWord(a, b)
	}
	if strings.Count(a, "-") != strings.Count(b, "-") {
		return strings.ReplaceAll(a, "-", "") == strings.ReplaceAll(b, "-", "")
	}
	wa, wb := strings.Split(a, "-"), strings.Split(b, "-")
	if len(wa) < 2 {
		return false
	}
	for i := range wa {
		if !strings.HasPrefix(wa[i], wb[i]) && !strings.HasPrefix(wb[i], wa[i]) {
			return false
		}
	}
	return true
}

// otherWord reports whether a and b, of as many words, differ in one word
// by more than a slip in that word: afrique-de-l-ouest and
// afrique-de-l-est (West and East Africa) are two edits apart, few for
// the whole name, but ouest and est are two words.
func otherWord(a, b string) bool {
	wa, wb := strings.Split(a, "-"), strings.Split(b, "-")
	if len(wa) != len(wb) || len(wa) < 2 {
		return false
	}
	differ := -1
	for i := range wa {
		if wa[i] != wb[i] {
			if differ >= 0 {
				return false
			}
			differ = i
		}
	}
	x, y := wa[differ], wb[differ]
	return !withinEdits(x, y, max(1, min(len(x), len(y))/4))
}

func abs(x int) int { return max(x, -x) }

// withinEdits reports whether a and b are at most k edits apart, as
// content.Distance(a, b) <= k, filling only the cells of its table within
// k of the diagonal: a path through any other takes more than k edits.
func withinEdits(a, b string, k int) bool {
	if abs(len(a)-len(b)) > k {
		return false
	}
	const far = 1 << 30
	var rows [2][65]int
	if len(b) >= len(rows[0]) {
		return content.Distance(a, b) <= k
	}
	prev, cur := &rows[0], &rows[1]
	for j := range len(b) + 1 {
		prev[j] = far
		if j <= k {
			prev[j] = j
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		cur[lo-1] = far
		if lo == 1 && i <= k {
			cur[0] = i
		}
		least := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			least = min(least, cur[j])
		}
		if hi < len(b) {
			cur[hi+1] = far
		}
		if least > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= k
}

// digits returns the digits of s, in order.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if '0' <= r && r <= '9' {
			return r
		}
		return -1
	}, s)
}
