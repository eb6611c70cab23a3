package markdown

import (
	"fmt"
	"strings"
	"testing"
)

func TestTooManyFootnotes(t *testing.T) {
	var b strings.Builder
	for i := range MaxFootnotes + 1 {
		fmt.Fprintf(&b, "Claim[^%d].\n\n", i)
	}
	for i := range MaxFootnotes + 1 {
		fmt.Fprintf(&b, "[^%d]: Source %d.\n", i, i)
	}
	res := New(Options{}).Convert([]byte(b.String()), Page{File: "x.md", BodyLine: 5, Resolver: testSite})
	if len(res.Problems) != 1 || !res.Problems[0].Warning || !strings.Contains(res.Problems[0].Msg, "footnote") {
		t.Fatalf("problems = %+v; want one warning about footnotes", res.Problems)
	}
	if strings.Contains(string(res.HTML), "footnote-ref") {
		t.Errorf("footnotes were linked despite the limit")
	}
}
