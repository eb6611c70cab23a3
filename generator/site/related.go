package site

import (
	"slices"

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
		var lists [][]*Briefing
		var combos []combo
		var pos []int
		return func(i int) {
			b := s.Briefings[i]
			clear(seen)
			seen[b] = true
			for size := min(len(b.Topics), maxShared); size >= 1 && len(b.Related) < Related; size-- {
				lists = lists[:0]
				if size == 1 {
					for _, t := range b.Topics {
						lists = append(lists, t.Briefings)
					}
				} else {
					combos = combinations(combos[:0], combined(b), size, size)
					for _, c := range combos {
						lists = append(lists, index[c])
					}
				}
				pos = slices.Grow(pos[:0], len(lists))[:len(lists)]
				clear(pos)
				b.Related = mergeNewest(lists, pos, seen, b.Related)
			}
		}
	})
}

// relatedIndex lists the briefings, newest first, by each combination of two
// or three of their combined topics.
func relatedIndex(briefings []*Briefing) map[combo][]*Briefing {
	index := map[combo][]*Briefing{}
	var combos []combo
	for _, b := range briefings { // newest first, so every list is too
		combos = combinations(combos[:0], combined(b), 2, maxShared)
		for _, c := range combos {
			index[c] = append(index[c], b)
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

// combo is a combination of up to maxShared topics: their positions in
// Site.Topics, in increasing order, then -1 for each place left. A key of
// numbers rather than of the slugs joined: a briefing of ten topics has
// 165 combinations of two and three, each looked up in a map as large as
// the site.
type combo [maxShared]int32

// combinations appends to out every combination of lo to hi of the
// topics, of which it takes the first content.RelatedTopics.
func combinations(out []combo, topics []*Topic, lo, hi int) []combo {
	var ids [content.RelatedTopics]int32
	n := 0
	for _, t := range topics[:min(len(topics), len(ids))] {
		ids[n] = t.index
		n++
	}
	slices.Sort(ids[:n])
	var pick func(start, size int, c combo)
	pick = func(start, size int, c combo) {
		if size >= lo {
			out = append(out, c)
		}
		if size == hi {
			return
		}
		for i := start; i < n; i++ {
			next := c
			next[size] = ids[i]
			pick(i+1, size+1, next)
		}
	}
	pick(0, 0, combo{-1, -1, -1})
	return out
}

// mergeNewest appends to out, newest first, entries of the newest-first
// lists not yet seen, until out holds Related entries. pos, as long as
// lists and all zero, is where it is in each.
func mergeNewest(lists [][]*Briefing, pos []int, seen map[*Briefing]bool, out []*Briefing) []*Briefing {
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
