package markdown

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// walker rewrites links in a parsed document and collects what the build
// checks later: heading ids, internal links, problems.
type walker struct {
	src      []byte
	page     Page
	ids      []string
	links    []Link
	problems []Problem
}

func (w *walker) walk(doc ast.Node) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok {
				if s, ok := id.([]byte); ok {
					w.ids = append(w.ids, string(s))
				}
			}
		case *east.Footnote:
			w.ids = append(w.ids, fmt.Sprintf("fn:%d", n.Index))
		case *ast.Link:
			n.Destination = w.rewrite(n, n.Destination, false)
		case *ast.Image:
			if n.FirstChild() == nil {
				line, col := w.position(n, n.Destination)
				w.problem(line, col, true, "image %s has no alt text; describe it in the brackets: ![what it shows](%s)", n.Destination, n.Destination)
			}
			n.Destination = w.rewrite(n, n.Destination, true)
		}
		return ast.WalkContinue, nil
	})
}

// rewrite returns the destination a link should have in the output.
func (w *walker) rewrite(n ast.Node, dest []byte, image bool) []byte {
	raw := string(dest)
	u, err := url.Parse(raw)
	if err != nil {
		line, col := w.position(n, dest)
		w.problem(line, col, false, "link %q is not a valid URL: %v", raw, err)
		return dest
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Scheme == "javascript" || u.Scheme == "vbscript" || (u.Scheme == "data" && !image) {
			return nil // goldmark leaves the href empty; the text stays
		}
		return dest
	}
	if u.Path == "" { // #anchor on the same page
		if u.Fragment != "" {
			line, col := w.position(n, dest)
			w.links = append(w.links, Link{Fragment: u.Fragment, Line: line, Col: col})
		}
		return dest
	}
	line, col := w.position(n, dest)
	if strings.HasPrefix(u.Path, "/") {
		// Root-relative: relative to the site, so it gets the base path.
		target := strings.TrimSuffix(w.page.BasePath, "/") + u.Path
		w.links = append(w.links, Link{Path: target, Fragment: u.Fragment, Line: line, Col: col})
		return []byte(withFragment(target, u))
	}
	file := path.Join(path.Dir(w.page.File), u.Path)
	if strings.HasSuffix(u.Path, ".md") {
		target, err := w.page.Resolver.PageURL(file)
		if err != nil {
			w.problem(line, col, false, "link to %s: %v", u.Path, err)
			return dest
		}
		w.links = append(w.links, Link{Path: target, Fragment: u.Fragment, Line: line, Col: col})
		return []byte(withFragment(target, u))
	}
	if !w.page.Resolver.IsResource(file) {
		what := "link to"
		if image {
			what = "image"
		}
		w.problem(line, col, false, "%s %s: no such file beside this page (looked for %s)", what, u.Path, file)
	}
	return dest
}

func withFragment(p string, u *url.URL) string {
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		p += "#" + u.EscapedFragment()
	}
	return p
}

// position finds the line and column in the file of dest, searching from
// the start of the block that holds node n.
func (w *walker) position(n ast.Node, dest []byte) (line, col int) {
	start := 0
	for b := n; b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			start = b.Lines().At(0).Start
			break
		}
	}
	if i := bytes.Index(w.src[start:], dest); i >= 0 && len(dest) > 0 {
		start += i
	}
	line = w.page.BodyLine + bytes.Count(w.src[:start], []byte("\n"))
	col = start - bytes.LastIndexByte(w.src[:start], '\n')
	return line, col
}

func (w *walker) problem(line, col int, warning bool, format string, args ...any) {
	w.problems = append(w.problems, Problem{Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Warning: warning})
}
