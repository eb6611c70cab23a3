package layout

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"

	"brief/generator/diag"
	"brief/generator/site"
)

// Frame is what the "masthead" and "colophon" templates see: the site,
// the page's kind and which navigation link is the page itself. They see
// nothing else, so each is rendered once per build for each frame and the
// result reused on every page (the navigation is most of a page's
// template actions, and html/template's escaping costs by the action).
type Frame struct {
	Site    *SiteInfo
	Kind    string // the page kind, as in Data.Kind
	Current string // URL of the navigation link that is this page, or ""

	// The rendered templates, for the page templates to insert.
	Masthead, Colophon template.HTML
}

// framed are the templates rendered once per frame.
var framed = []string{"masthead", "colophon"}

// standIn is the function of the templates that stand in for those brief
// renders once ("masthead", "colophon", "entry") in the pages' sets: it
// returns what was rendered, from the data the {{template}} call gives.
const standIn = "briefRendered"

// rendered is standIn: the rendered template name, from the data v a
// page gives it, or why v is not what name is given.
func rendered(name string, v any) (template.HTML, error) {
	if name == "entry" {
		switch e := v.(type) {
		case Entry:
			return e.Card, nil
		case *Entry:
			if e != nil {
				return e.Card, nil
			}
		}
		return "", fmt.Errorf(`"entry" shows one briefing of a listing, a layout.Entry (each of .Entries, or of .Briefing.Related), not %s`, given(v))
	}
	var f *Frame
	switch d := v.(type) {
	case Frame:
		f = &d
	case *Data: // the page's: its frame is the one to show
		if d != nil {
			f = &d.Frame
		}
	}
	if f == nil {
		return "", fmt.Errorf(`%q is given the page's .Frame (its .Site, .Kind and .Current), not %s, since brief renders it once for all pages of a kind: write {{template %q .Frame}}`, name, given(v), name)
	}
	if name == "masthead" {
		return f.Masthead, nil
	}
	return f.Colophon, nil
}

// given names the type of v for a message.
func given(v any) string {
	if v == nil {
		return "nothing"
	}
	return fmt.Sprintf("a %T", v)
}

// callSite is where a file in layouts/ calls a template brief renders
// once.
type callSite struct {
	file      string
	line, col int
}

// insertRendered makes each of names that set has insert what brief
// rendered of it once (see rendered). Each call of one of them in a file
// in layouts/ calls a stand-in of its own, named for its place (in
// th.calls), so that a problem with what it is given is reported there.
func (th *Theme) insertRendered(set *template.Template, names ...string) {
	names = slices.DeleteFunc(slices.Clone(names), func(n string) bool { return set.Lookup(n) == nil })
	define := func(id, name string) {
		if _, err := set.New(id).Parse("{{" + standIn + " " + strconv.Quote(name) + " .}}"); err != nil {
			panic(err) // a constant template
		}
	}
	for _, name := range names {
		define(name, name)
	}
	for _, t := range set.Templates() {
		if t.Tree == nil || !strings.HasPrefix(t.Tree.ParseName, Dir+"/") {
			continue
		}
		eachCall(t.Tree.Root, func(c *parse.TemplateNode) {
			if !slices.Contains(names, c.Name) {
				return
			}
			file, line, col := position(t.Tree, c)
			site := callSite{file, line, col + 1}
			key := c.Name + "\x00" + fmt.Sprint(site)
			id := th.callIDs[key]
			if id == "" {
				id = c.Name + "#" + strconv.Itoa(len(th.callIDs)+1)
				th.callIDs[key], th.calls[id] = id, site
			}
			if set.Lookup(id) == nil {
				define(id, c.Name)
			}
			c.Name = id
		})
	}
}

// frames keeps the rendered frames of one build.
type frames struct {
	mu   sync.Mutex
	done map[[2]string]*frameOut
}

type frameOut struct {
	once sync.Once
	f    Frame
	prob *diag.Problem
}

// frame returns the page's frame, rendering it the first time it is met.
func (r *Renderer) frame(p *site.Page) (Frame, *diag.Problem) {
	current := ""
	for _, l := range r.info.Nav {
		if l.URL == p.URL {
			current = p.URL
		}
	}
	key := [2]string{p.Kind.String(), current}
	r.frames.mu.Lock()
	out := r.frames.done[key]
	if out == nil {
		out = &frameOut{f: Frame{Site: &r.info, Kind: key[0], Current: current}}
		r.frames.done[key] = out
	}
	r.frames.mu.Unlock()
	out.once.Do(func() {
		set, kind := r.theme.cards, ""
		if own := r.theme.frameSets[key[0]]; own != nil {
			set, kind = own, key[0]
		}
		for _, name := range framed {
			if set == nil || set.Lookup(name) == nil {
				continue
			}
			var buf bytes.Buffer
			file := r.theme.files["partials.html"]
			if kind != "" {
				file = r.theme.files[kind+".html"]
			}
			if out.prob = r.theme.run(set, &buf, kind, name, out.f, "the "+name+" of "+key[0]+" pages", file); out.prob != nil {
				return
			}
			if name == "masthead" {
				out.f.Masthead = template.HTML(buf.String())
			} else {
				out.f.Colophon = template.HTML(buf.String())
			}
		}
	})
	return out.f, out.prob
}
