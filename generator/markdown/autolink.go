package markdown

import (
	"bytes"
	"slices"

	"github.com/yuin/goldmark/ast"
)

// GFM's Linkify makes links of bare URLs and email addresses. It is tried
// at every space of every paragraph, which is a third of the time goldmark
// takes on prose, and most bodies have nothing for it: a build parses a
// body without it, and parses it again with it only when the text may hold
// something it would link. The output is the same either way;
// FuzzWithoutLinkify holds a conversion to the one with Linkify.

// A candidate is text Linkify links starting with it, or, for an email
// address, holding it: http:, https:, ftp:, www. or @.

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
	found := candidates(src)
	if len(found) == 0 {
		return false
	}
	slices.SortFunc(found, func(a, b span) int { return a.start - b.start })
	in := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			start, end := t.Segment.Start, min(len(src), t.Segment.Stop+maxCandidate-1)
			i, _ := slices.BinarySearchFunc(found, start, func(c span, start int) int { return c.start - start })
			for ; i < len(found) && found[i].start < end; i++ {
				if found[i].end <= end {
					in = true
					return ast.WalkStop, nil
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return in
}

// span is where a candidate is in a body.
type span struct{ start, end int }

// candidates finds every candidate in src. Colons and at signs are rare
// in prose, so it looks for them, not for the common letters the
// candidates start with.
func candidates(src []byte) []span {
	var found []span
	for i := 0; ; i++ {
		k := bytes.IndexByte(src[i:], ':')
		if k < 0 {
			break
		}
		i += k
		for _, scheme := range []string{"http", "https", "ftp"} {
			if i >= len(scheme) && string(src[i-len(scheme):i]) == scheme {
				found = append(found, span{i - len(scheme), i + 1})
			}
		}
	}
	for i := 0; ; i++ {
		k := bytes.IndexByte(src[i:], '@')
		if k < 0 {
			break
		}
		i += k
		found = append(found, span{i, i + 1})
	}
	for i := 0; ; i++ {
		k := bytes.Index(src[i:], []byte("www."))
		if k < 0 {
			break
		}
		i += k
		found = append(found, span{i, i + 4})
	}
	return found
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

// backslashBreaks reports whether a line of src ends in three or more
// backslashes. goldmark converts such a line without a hard line break,
// and then, with Linkify only, keeps the backslash of an escaped ( or ~ at
// the start of the next line: FuzzWithoutLinkify found it. Such bodies are
// parsed with Linkify.
func backslashBreaks(src []byte) bool {
	return bytes.Contains(src, []byte("\\\\\\\n")) || bytes.Contains(src, []byte("\\\\\\\r\n"))
}
