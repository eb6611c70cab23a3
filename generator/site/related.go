package site

import (
	"sort"
	"strings"

	"brief/generator/content"
	"brief/generator/internal/parallel"
)

// Related is how many related briefings a briefing page lists.
const Related = 4

// maxShared is the most shared topics related briefings are ranked by.
const maxShared = 3

// relate picks, for every briefing, the briefings that share the most topics
// with it, newest first among equals. Rather than compare every pair (slow
// at 100,000 briefings), it indexes briefings by each combination of up to
// three of their topics, then merges the few lists a briefing's own
// combinations name, taking entries until it has enough.
func (s *Site) relate() {
	index := relatedIndex(s.Briefings)
	// Each briefing's list depends on the index alone: they are made in
	// parallel.
	parallel.For(len(s.Briefings), func() func(int) {
		seen := map[*Briefing]bool{}
		return func(i int) {
			b := s.Briefings[i]
			clear(seen)
			seen[b] = true
			for size := min(len(b.Topics), maxShared); size >= 1 && len(b.Related) < Related; size-- {
				var lists [][]*Briefing
				if size == 1 {
					for _, t := range b.Topics {
						lists = append(lists, t.Briefings)
					}
				} else {
					for _, combo := range combinations(combined(b), size, size) {
						lists = append(lists, index[combo])
					}
				}
				b.Related = mergeNewest(lists, seen, b.Related)
			}
		}
	})
}

// relatedIndex lists the briefings, newest first, by each combination of two
// or three of their combined topics, the slugs joined in order.
func relatedIndex(briefings []*Briefing) map[string][]*Briefing {
	index := map[string][]*Briefing{}
	for _, b := range briefings { // newest first, so every list is too
		for _, combo := range combinations(combined(b), 2, maxShared) {
			index[combo] = append(index[combo], b)
		}
	}
	return index
}

// combined returns the topics of b whose combinations are indexed, its
// first content.RelatedTopics, so that the index grows with the briefings,
// not with the cube of one briefing's topics.
func combined(b *Briefing) []*Topic {
	return b.Topics[:min(len(b.Topics), content.RelatedTopics)]
}

// combinations returns the keys of every combination of lo to hi of the
// topics, each key the slugs joined in order.
func combinations(topics []*Topic, lo, hi int) []string {
	slugs := make([]string, len(topics))
	for i, t := range topics {
		slugs[i] = t.Slug
	}
	sort.Strings(slugs)
	var out []string
	var pick func(start int, chosen []string)
	pick = func(start int, chosen []string) {
		if len(chosen) >= lo {
			out = append(out, strings.Join(chosen, "\x00"))
		}
		if len(chosen) == hi {
			return
		}
		for i := start; i < len(slugs); i++ {
			pick(i+1, append(chosen, slugs[i]))
		}
	}
	pick(0, nil)
	return out
}

// mergeNewest appends to out, newest first, entries of the newest-first
// lists not yet seen, until out holds Related entries.
func mergeNewest(lists [][]*Briefing, seen map[*Briefing]bool, out []*Briefing) []*Briefing {
	pos := make([]int, len(lists))
	for len(out) < Related {
		best := -1
		for i, l := range lists {
			for pos[i] < len(l) && seen[l[pos[i]]] {
				pos[i]++
			}
			if pos[i] < len(l) && (best < 0 || l[pos[i]].order < lists[best][pos[best]].order) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		b := lists[best][pos[best]]
		seen[b] = true
		out = append(out, b)
	}
	return out
}
