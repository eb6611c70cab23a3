package layout

import (
	"bytes"
	"html/template"
	"sync"

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

// frameOnce redefines each framed template of a page's template set to
// insert its rendered output.
func frameOnce(t *template.Template) {
	for _, name := range framed {
		if t.Lookup(name) == nil {
			continue
		}
		field := map[string]string{"masthead": "{{.Masthead}}", "colophon": "{{.Colophon}}"}[name]
		if _, err := t.New(name).Parse(field); err != nil {
			panic(err) // a constant template
		}
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
		set, file := r.theme.cards, "partials.html"
		if own := r.theme.frameSets[key[0]]; own != nil {
			set, file = own, key[0]+".html"
		}
		for _, name := range framed {
			if set == nil || set.Lookup(name) == nil {
				continue
			}
			var buf bytes.Buffer
			if err := set.ExecuteTemplate(&buf, name, out.f); err != nil {
				out.prob = templateProblem(err, r.theme.files[file])
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
