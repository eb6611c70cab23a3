package content

import (
	"os"
	"strings"
	"testing"
	"time"

	"brief/generator/diag"
)

// BenchmarkLoad loads the site in the folder named by BRIEF_BENCH_SITE, a
// corpus made by bench/gencorpus, as a cold build does.
func BenchmarkLoad(b *testing.B) {
	dir := os.Getenv("BRIEF_BENCH_SITE")
	if dir == "" {
		b.Skip("set BRIEF_BENCH_SITE to a site folder, e.g. one made by bench/gencorpus")
	}
	fsys := os.DirFS(dir)
	for b.Loop() {
		if _, probs := Load(fsys, ""); len(probs.Errors()) > 0 {
			b.Fatal(probs)
		}
	}
}

// benchBody is a markdown body of the size and shape of a generated briefing.
var benchBody = strings.Repeat(`Analysts say the policy could reshape the regional balance on Defense Spending, according to people familiar with the talks. "We are not there yet," one official said, adding that the announcement leaves several **important** questions unanswered.

## Risks ahead

- Whether parliament approves the funding
- Signals from the central bank on NATO

`, 12)

const benchBriefing = `---
title: "Kyiv doubles down on plan for North Korea oversight"
date: 2023-07-18T03:53:00Z
topics: ["Defense Spending", "North Korea", "NATO"]
author: "Kwame Silva"
dateline: "Kyiv"
summary: "Energy regulators questioned the budget for coastal defenses; the decision reflects a broader shift in how Jakarta approaches NATO."
---

`

const benchNote = `---
analyst: "Min-jun Quinn"
affiliation: "Institute of International Finance Studies"
date: 2023-07-19T07:53:00Z
---

Senior diplomats called for a humanitarian corridor; critics argue the plan underestimates the risks of escalation. A senior defense official confirmed a proposed ceiling on exports, while stopping short of a formal commitment. "We are not there yet," one official said.
`

// BenchmarkParse reads one typical briefing and one of its notes from memory.
func BenchmarkParse(b *testing.B) {
	briefing := []byte(benchBriefing + benchBody)
	note := []byte(benchNote)
	cfg := &Config{Timezone: time.UTC}
	b.SetBytes(int64(len(briefing) + len(note)))
	b.ReportAllocs()
	for b.Loop() {
		var probs diag.List
		br := parseBriefing("content/world/x/index.md", briefing, "world", "x", true, cfg, &probs)
		n := parseNote("content/world/x/notes/n.md", note, cfg, &probs)
		if len(probs) > 0 || br.Title == "" || n == nil {
			b.Fatal(probs)
		}
	}
}
