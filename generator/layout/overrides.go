package layout

import (
	"html/template"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"brief/generator/diag"
)

// A page kind's templates are the theme's files with the site's own
// files of the same names in layouts/ parsed on top of them: each
// template a file in layouts/ defines replaces the theme's of that name,
// and every other stays. So a layouts/partials.html that defines only
// "colophon" changes the footer and nothing else. html/template allows a
// template to be defined again until its set first runs (but not by an
// empty one, which parseSet sees to).

// source is one file of a template set.
type source struct {
	// name is the name the file is parsed under, which html/template's
	// errors give as the file: the theme's file name (base.html), or the
	// path of the site's own file (layouts/base.html).
	name string
	file string // where it is, for messages
	text string
}

// own reports whether s is a file of the site's layouts/.
func (s *source) own() bool { return strings.HasPrefix(s.name, Dir+"/") }

// parseSet parses srcs, in order, into one set. The top level of a site's
// own file, unless it is empty, replaces the theme's file of the same
// name: layouts/base.html's page is the set's "base.html". A template a
// site's file defines empty replaces the theme's too, where html/template
// would keep the theme's: {{define "colophon"}}{{end}} means no footer.
func parseSet(srcs []*source) (*template.Template, error) {
	root := template.New("").Funcs(funcs).Option("missingkey=error")
	for _, s := range srcs {
		var emptied []string
		if s.own() {
			emptied = emptyDefines(s, root)
		}
		t, err := root.New(s.name).Parse(s.text)
		if err != nil {
			return nil, err
		}
		if s.own() && t.Tree != nil && !parse.IsEmptyTree(t.Tree.Root) {
			if _, err := root.AddParseTree(strings.TrimPrefix(s.name, Dir+"/"), t.Tree); err != nil {
				return nil, err
			}
		}
		for _, name := range emptied {
			e, err := root.New(name).Parse("{{if false}}{{end}}") // not empty to html/template, and writes nothing
			if err != nil {
				panic(err) // a constant template
			}
			e.Tree.ParseName = s.name
		}
	}
	return root, nil
}

// emptyDefines returns the templates s defines empty that set has
// already, not empty.
func emptyDefines(s *source, set *template.Template) []string {
	alone, err := template.New(s.name).Funcs(funcs).Parse(s.text)
	if err != nil {
		return nil // reported where it is parsed into the set
	}
	var out []string
	for _, t := range alone.Templates() {
		if t.Name() != s.name && t.Tree != nil && parse.IsEmptyTree(t.Tree.Root) {
			if theirs := set.Lookup(t.Name()); theirs == nil || theirs.Tree == nil || parse.IsEmptyTree(theirs.Tree.Root) {
				continue
			}
			out = append(out, t.Name())
		}
	}
	return out
}

// overrides returns, for each template of set that a file in layouts/
// defines, that file.
func overrides(set *template.Template) map[string]string {
	out := map[string]string{}
	for _, t := range set.Templates() {
		if t.Tree != nil && strings.HasPrefix(t.Tree.ParseName, Dir+"/") && t.Name() != t.Tree.ParseName {
			out[t.Name()] = t.Tree.ParseName
		}
	}
	return out
}

// eachCall calls f with each {{template}} and {{block}} in n.
func eachCall(n parse.Node, f func(*parse.TemplateNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			eachCall(c, f)
		}
	case *parse.IfNode:
		eachCall(n.List, f)
		eachCall(n.ElseList, f)
	case *parse.RangeNode:
		eachCall(n.List, f)
		eachCall(n.ElseList, f)
	case *parse.WithNode:
		eachCall(n.List, f)
		eachCall(n.ElseList, f)
	case *parse.TemplateNode:
		f(n)
	}
}

// reached returns the templates that name calls, directly or through
// others, and name itself, but not through those in skip.
func reached(set *template.Template, name string, skip ...string) map[string]bool {
	seen := map[string]bool{}
	var visit func(string)
	visit = func(name string) {
		if seen[name] || slices.Contains(skip, name) {
			return
		}
		seen[name] = true
		if t := set.Lookup(name); t != nil && t.Tree != nil {
			eachCall(t.Tree.Root, func(c *parse.TemplateNode) { visit(c.Name) })
		}
	}
	visit(name)
	return seen
}

// usage is which templates the sets of a theme call, and which of them a
// file in layouts/ defines.
type usage struct {
	called  map[string]bool
	defined map[string]place
	mains   map[string]bool // the files whose "main" some page kind uses
}

// pages records which file's "main" a page kind's set uses, given its
// overrides (see overrides).
func (u *usage) pages(over map[string]string) {
	if u.mains == nil {
		u.mains = map[string]bool{}
	}
	u.mains[over["main"]] = true
}

// shadowedMain warns of a "main" that layouts/partials.html defines and
// no page uses, every page kind's own file defining its "main", which
// wins: the text would be on no page, without a word. (A {{block "main"}}
// in a site's base.html is a default, as Hugo's baseof gives, and is left
// alone.) shared is the set of the shared files alone; all says that
// every kind's set parsed (a kind that failed is told, and proves
// nothing).
func (u *usage) shadowedMain(shared *template.Template, all bool) diag.List {
	if shared == nil || !all {
		return nil
	}
	file := overrides(shared)["main"]
	if file != Dir+"/partials.html" || u.mains[file] {
		return nil
	}
	var probs diag.List
	_, line, _ := position(shared.Lookup("main").Tree, shared.Lookup("main").Tree.Root)
	probs.Warn(file, line, 0, "no page uses this {{define \"main\"}}: every page kind's own file defines \"main\", and a page kind's wins over partials.html's; put it in the file of the kind it is for (%s/page.html for plain pages, %s/home.html for the home page, …)", Dir, Dir)
	return probs
}

// place is where a file in layouts/ defines a template, taken when the
// sets are parsed: brief may later replace the template's tree.
type place struct {
	file string
	line int
}

// add records the templates set calls and defines, before brief changes
// any call (see insertRendered).
func (u *usage) add(set *template.Template) {
	if u.called == nil {
		u.called, u.defined = map[string]bool{"base.html": true}, map[string]place{} // brief calls the page
	}
	for _, t := range set.Templates() {
		if t.Tree == nil {
			continue
		}
		eachCall(t.Tree.Root, func(c *parse.TemplateNode) { u.called[c.Name] = true })
		if _, ok := u.defined[t.Name()]; !ok && strings.HasPrefix(t.Tree.ParseName, Dir+"/") && t.Name() != t.Tree.ParseName {
			file, line, _ := position(t.Tree, t.Tree.Root)
			u.defined[t.Name()] = place{file, line}
		}
	}
}

// uncalled warns of each template a file in layouts/ defines that no
// template of any set calls (a {{define "title"}} where the theme has no
// "title"): it would otherwise change nothing, silently.
func (u *usage) uncalled() diag.List {
	var probs diag.List
	for _, name := range slices.Sorted(maps.Keys(u.defined)) {
		if u.called[name] {
			continue
		}
		p := u.defined[name]
		if name == path.Base(p.file) && slices.Contains(kinds(), strings.TrimSuffix(name, ".html")) {
			// The file's text outside any {{define}}: a whole page, as
			// Hugo's and Eleventy's templates are.
			probs.Warn(p.file, p.line, 0, "the text outside {{define}} in this file is not used: brief's base.html writes the page, and %s gives only its own part; put that part in {{define \"main\"}}…{{end}}, or make the whole page your base.html", name)
			continue
		}
		probs.Warn(p.file, p.line, 0, "no template calls %q, so defining it changes nothing; the theme's templates are %s", name, themeTemplates)
	}
	return probs
}

// position returns the file, line and column of node n of tree.
func position(tree *parse.Tree, n parse.Node) (file string, line, col int) {
	loc, _ := tree.ErrorContext(n)
	file, rest, _ := strings.Cut(loc, ":")
	l, c, _ := strings.Cut(rest, ":")
	line, _ = strconv.Atoi(l)
	col, _ = strconv.Atoi(c)
	return file, line, col
}

// themeTemplates names the templates of the theme a file in layouts/ may
// define anew.
const themeTemplates = `"main" (a page kind's own part, in its file), "head" (more tags for <head>, empty in the theme) and "meta" (meta.html), and, in partials.html, "entry", "listing", "pager", "note", "counts", "masthead" and "colophon"`
