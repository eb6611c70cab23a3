package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
)

// GFM's Linkify makes links of bare URLs and email addresses. It is tried
// at every space of every paragraph, which is a third of the time goldmark
// takes on prose, and most bodies have nothing for it: a build parses a
// body without it, and parses it again with it only when the text may hold
// something it would link. The output is the same either way;
// FuzzWithoutLinkify holds a conversion to the one with Linkify.

// candidates are what text Linkify links starts with, or, for an email
// address, holds.
var candidates = [][]byte{[]byte("http:"), []byte("https:"), []byte("ftp:"), []byte("www."), []byte("@")}

// maxCandidate is the length of the longest candidate.
const maxCandidate = len("https:")

// mayAutolink reports whether Linkify could make a link in doc, parsed
// from src without it: whether the text of doc (not its link
// destinations, raw HTML or autolinks in angle brackets, which other
// parsers take before Linkify is tried) holds a candidate. Text is looked
// at a little past its end, so a candidate split across two text nodes is
// seen too; code spans and link texts are text here, so bodies with such
// candidates are parsed again when they need not be.
func mayAutolink(doc ast.Node, src []byte) bool {
	if !hasCandidate(src) {
		return false
	}
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			seg := t.Segment
			if hasCandidate(src[seg.Start:min(len(src), seg.Stop+maxCandidate-1)]) {
				found = true
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return found
}

func hasCandidate(b []byte) bool {
	for _, c := range candidates {
		if bytes.Contains(b, c) {
			return true
		}
	}
	return false
}

// trailingBlanks reports whether a line of src ends in two or more
// spaces, tabs or carriage returns. goldmark with Linkify keeps all but
// the last of them (trying Linkify at every space splits the line's text
// there, and only the last piece is trimmed), and without it drops them
// all: FuzzWithoutLinkify found it. Such bodies are parsed with Linkify.
func trailingBlanks(src []byte) bool {
	for rest := src; len(rest) > 0; {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		if n := len(line); n >= 2 && isBlank(line[n-1]) && isBlank(line[n-2]) {
			return true
		}
		rest = after
	}
	return false
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }
