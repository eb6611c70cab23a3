package markdown

import (
	"fmt"
	"slices"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Destination is where the destination of a link, an image or a link
// reference definition is written in a body.
type Destination struct {
	Start, Stop int    // the bytes of the destination in the body, without <> around it
	URL         string // the destination as the page gets it: escapes and character references resolved
}

// parseOnly is the parser of bodies with footnotes and GFM, the one that
// converts nearly every body, for Destinations.
var parseOnly = sync.OnceValue(func() *Converter { return New(Options{}) })

// Destinations finds, in document order, the destinations of the links and
// images of a body and of its link reference definitions, as the build
// parses it: never in code spans or code blocks. A link by reference has
// no destination of its own: its definition's is listed once. Autolinks
// (absolute by nature), raw HTML and empty destinations (`[x]()`) are not
// listed. It is for tools that edit the links of a file in place, byte
// for byte elsewhere.
func Destinations(src []byte) ([]Destination, error) {
	doc := parseOnly().md[1][1].Parser().Parse(text.NewReader(src))
	var dests []Destination
	var err error
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch n := n.(type) {
		case *ast.Link:
			dest = n.Destination
		case *ast.Image:
			dest = n.Destination
		case *ast.LinkReferenceDefinition:
			dest = n.Destination
		default:
			return ast.WalkContinue, nil
		}
		if len(dest) == 0 {
			return ast.WalkContinue, nil
		}
		start, ok := within(src, dest)
		if !ok {
			err = fmt.Errorf("cannot find the link destination %q in the text", dest)
			return ast.WalkStop, nil
		}
		url := string(resolve(dest))
		dests = append(dests, Destination{Start: start, Stop: start + len(dest), URL: url})
		return ast.WalkContinue, nil
	})
	if err != nil {
		return nil, err
	}
	// Definitions come before the paragraphs that use them, but a link by
	// reference may come before its definition: order by place, once each.
	slices.SortFunc(dests, func(a, b Destination) int { return a.Start - b.Start })
	return slices.CompactFunc(dests, func(a, b Destination) bool { return a.Start == b.Start }), nil
}

// within returns the offset of sub in src when sub is a slice of src's own
// bytes. goldmark's destinations are: it slices them from the line it
// reads, and keeps no other record of where they are.
func within(src, sub []byte) (int, bool) {
	off := cap(src) - cap(sub)
	if off < 0 || off+len(sub) > len(src) || len(sub) == 0 || &src[off] != &sub[0] {
		return 0, false
	}
	return off, true
}
