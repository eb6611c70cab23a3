// Package layout renders pages with html/template. The default theme is
// embedded in the binary; a file in the site's layouts/ folder with the same
// name as an embedded one replaces it.
package layout

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"brief/generator/diag"
	"brief/generator/markdown"
	"brief/generator/site"
)

//go:embed theme
var embedded embed.FS

// Dir is the folder of the site that holds template overrides.
const Dir = "layouts"

// shared are parsed into every page's template set.
var shared = []string{"base.html", "partials.html", "meta.html"}

// Theme is a parsed set of templates and the assets they refer to.
type Theme struct {
	pages map[string]*template.Template // by kind name
	cards *template.Template            // the shared templates, to render "entry" cards
	// frameSets are, for a page kind whose own file in layouts/ defines
	// "masthead" or "colophon", its templates as parsed, which render its
	// frames in place of the shared ones.
	frameSets map[string]*template.Template
	files     map[string]string        // template name → file it came from
	broken    map[string]*diag.Problem // kind name → why its template did not parse
	// native are the page kinds written by Go code rather than by their
	// templates, which no file in layouts/ overrides (see native.go);
	// nativeCards, whether "entry" cards are.
	native      map[string]func(*writer, *Data)
	nativeCards bool
	CSS         []byte // the stylesheet, theme plus code colours
	CSSPath     string // the stylesheet's output path, under the base path
	JS          []byte // the search page's script
	JSPath      string // the script's output path, under the base path
	// Sum identifies the theme: a hash of every template, script and
	// stylesheet it was made from, for caches of rendered pages.
	Sum [sha256.Size]byte
}

// Load parses the embedded theme with the overrides found in fsys's
// layouts/ folder (fsys may be nil). It needs nothing of the site's
// content, so a build loads it while it loads the content.
func Load(fsys fs.FS) (*Theme, diag.List) {
	var probs diag.List
	sum := sha256.New()
	var names []string // every file Load reads from layouts/ when it is there
	read := func(name string) (string, []byte) {
		names = append(names, name)
		if fsys != nil {
			if b, err := fs.ReadFile(fsys, Dir+"/"+name); err == nil {
				sum.Write([]byte(name + "\x00layouts\x00"))
				sum.Write(b)
				return Dir + "/" + name, b
			} else if !errors.Is(err, fs.ErrNotExist) {
				probs.Add(Dir+"/"+name, 0, 0, "cannot read: %v", err)
			}
		}
		b, err := embedded.ReadFile("theme/" + name)
		if err != nil {
			panic("embedded theme lacks " + name) // a bug in brief, not in the site
		}
		sum.Write([]byte(name + "\x00embedded\x00"))
		sum.Write(b)
		return "(embedded theme)/" + name, b
	}
	th := &Theme{pages: map[string]*template.Template{}, files: map[string]string{}, broken: map[string]*diag.Problem{}, frameSets: map[string]*template.Template{}}
	var common []*source
	for _, name := range shared {
		file, b := read(name)
		common = append(common, &source{name, file, string(b)})
		th.files[name] = file
	}
	cards, err := parse(common)
	if err != nil {
		probs = append(probs, templateProblem(err, common, common[len(common)-1]))
	}
	th.cards = cards
	for _, kind := range kinds() {
		name := kind + ".html"
		file, b := read(name)
		th.files[name] = file
		t, err := parse(append(common, &source{name, file, string(b)}))
		if err != nil {
			th.broken[kind] = templateProblem(err, common, &source{name, file, ""})
			probs = append(probs, th.broken[kind])
			continue
		}
		// A page kind's own file may define the shared templates anew, as
		// html/template lets it: then its pages use its own.
		own := defines(string(b))
		if own["masthead"] || own["colophon"] {
			if th.frameSets[kind], err = t.Clone(); err != nil {
				panic(err) // a template not yet run
			}
		}
		// Listings show each briefing's "entry" card on many pages (section,
		// topics, home, related): render it once per briefing, with the
		// theme's own "entry", and have the pages insert the result. A kind
		// that defines its own "entry" renders it on each page.
		if t.Lookup("entry") != nil && !own["entry"] {
			if _, err := t.New("entry").Parse("{{.Card}}"); err != nil {
				panic(err) // a constant template
			}
		}
		frameOnce(t)
		th.pages[kind] = t
	}
	builtIn := func(name string) bool { return !strings.HasPrefix(th.files[name], Dir+"/") }
	th.nativeCards = cards != nil && builtIn("partials.html")
	th.native = map[string]func(*writer, *Data){}
	for kind, write := range nativeKinds {
		if th.nativeCards && builtIn("base.html") && builtIn("meta.html") && builtIn(kind+".html") && th.pages[kind] != nil {
			th.native[kind] = write
		}
	}
	_, css := read("style.css")
	var buf bytes.Buffer
	buf.Write(css)
	if err := markdown.WriteCSS(&buf); err != nil {
		probs.Add("(code highlighting)", 0, 0, "cannot write stylesheet: %v", err)
	}
	th.CSS = buf.Bytes()
	cssSum := sha256.Sum256(th.CSS)
	th.CSSPath = "css/style." + hex.EncodeToString(cssSum[:4]) + ".css"
	_, th.JS = read("search.js")
	jsSum := sha256.Sum256(th.JS)
	th.JSPath = "js/search." + hex.EncodeToString(jsSum[:4]) + ".js"
	sum.Write(th.CSS)
	copy(th.Sum[:], sum.Sum(nil))
	if fsys != nil {
		probs.Append(unused(fsys, names))
	}
	return th, probs
}

// unused warns of the templates, stylesheets and scripts in layouts/ other
// than known, the files Load reads: a misspelt name (brefing.html), or a
// template laid out for another generator (Hugo's _default/single.html),
// would otherwise change nothing, silently. Other files (a README) are
// left alone.
func unused(fsys fs.FS, known []string) diag.List {
	known = slices.Sorted(slices.Values(known))
	var probs diag.List
	fs.WalkDir(fsys, Dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil // no layouts/ folder, or one that cannot be read: Load says so
		}
		switch path.Ext(name) {
		case ".html", ".css", ".js":
			if rel := strings.TrimPrefix(name, Dir+"/"); !slices.Contains(known, rel) {
				probs.Warn(name, 0, 0, "brief does not read this file, so it changes nothing; from layouts/ it reads %s", strings.Join(known, ", "))
			}
		}
		return nil
	})
	return probs
}

func kinds() []string {
	out := make([]string, 0, site.KindSearch+1)
	for k := site.KindHome; k <= site.KindSearch; k++ {
		out = append(out, k.String())
	}
	return out
}

type source struct{ name, file, text string }

func parse(srcs []*source) (*template.Template, error) {
	root := template.New("").Funcs(funcs)
	for _, s := range srcs {
		if _, err := root.New(s.name).Parse(s.text); err != nil {
			return nil, err
		}
	}
	return root, nil
}

var funcs = template.FuncMap{
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return strconv.Itoa(n) + " " + one
		}
		return strconv.Itoa(n) + " " + many
	},
}

// templateErr matches the position html/template puts in its errors:
// "template: briefing.html:12:5: ..." or "html/template:briefing.html:12:5: ...".
var templateErr = regexp.MustCompile(`template: ?([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateProblem turns a template error into a problem at the file and
// line of the template (an override in layouts/ or the embedded theme).
func templateProblem(err error, srcs []*source, page *source) *diag.Problem {
	msg := err.Error()
	m := templateErr.FindStringSubmatch(msg)
	if m == nil {
		return &diag.Problem{File: page.file, Msg: "template error: " + msg}
	}
	file := m[1]
	for _, s := range append(srcs, page) {
		if s.name == m[1] {
			file = s.file
		}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	what := strings.TrimSpace(m[4])
	if strings.HasPrefix(what, "no such template") && file != page.file && strings.HasPrefix(page.file, Dir+"/") {
		// The page's own file in layouts/ lacks a template that a file
		// it did not change calls: that file is the one to fix.
		return &diag.Problem{File: page.file, Msg: fmt.Sprintf("template error: %s, which %s:%d calls; define it in this file", what, file, line)}
	}
	return &diag.Problem{File: file, Line: line, Col: col, Msg: "template error: " + what}
}

// Renderer renders the pages of one site with a theme.
type Renderer struct {
	theme  *Theme
	site   *site.Site
	info   SiteInfo
	cards  []card // by briefing index
	frames frames
	styles string // for native pages: see siteStyles
}

// card is a briefing's listing entry and its "entry" template output,
// made once per build.
type card struct {
	once  sync.Once
	entry Entry
	prob  *diag.Problem
}

// For prepares the theme to render the pages of s. head is added to every
// page's <head>: brief serve's live-reload script, empty in a build.
func (th *Theme) For(s *site.Site, head template.HTML) *Renderer {
	base := s.Config.BasePath()
	info := SiteInfo{
		Title: s.Config.Title, Description: s.Config.Description, Lang: s.Config.Language,
		Dir:  direction(s.Config.Language),
		Base: base, CSS: base + th.CSSPath, Search: base + th.JSPath, Head: head,
		Origin: s.Config.BaseURL.Scheme + "://" + s.Config.BaseURL.Host,
	}
	for _, sec := range s.Sections {
		info.Nav = append(info.Nav, Link{sec.Title, sec.URL})
	}
	info.Pages = plainLinks(s.Plain)
	return &Renderer{theme: th, site: s, info: info, cards: make([]card, len(s.Briefings)),
		frames: frames{done: map[[2]string]*frameOut{}}, styles: siteStyles(&info)}
}

// entry returns a briefing's listing entry, with its card rendered.
func (r *Renderer) entry(b *site.Briefing) Entry {
	c := &r.cards[b.Index()]
	c.once.Do(func() {
		c.entry = entry(b)
		if r.theme.nativeCards {
			w := writer{Buffer: new(bytes.Buffer)}
			w.entry(&c.entry)
			c.entry.Card = template.HTML(w.String())
			return
		}
		if r.theme.cards == nil || r.theme.cards.Lookup("entry") == nil {
			return
		}
		var buf bytes.Buffer
		if err := r.theme.cards.ExecuteTemplate(&buf, "entry", c.entry); err != nil {
			c.prob = templateProblem(err, r.sources(), &source{"partials.html", r.theme.files["partials.html"], ""})
			return
		}
		c.entry.Card = template.HTML(buf.String())
	})
	return c.entry
}

func (r *Renderer) entries(bs []*site.Briefing) []Entry {
	out := make([]Entry, len(bs))
	for i, b := range bs {
		out[i] = r.entry(b)
	}
	return out
}

// writeNative writes a page of the built-in theme with Go code (see
// native.go), into w itself when it is a buffer.
func (r *Renderer) writeNative(w io.Writer, d *Data, main func(*writer, *Data)) error {
	buf, ok := w.(*bytes.Buffer)
	if !ok {
		buf = new(bytes.Buffer)
	}
	nw := writer{Buffer: buf, styles: r.styles}
	nw.base(d, main)
	if !ok {
		_, err := w.Write(buf.Bytes())
		return err
	}
	return nil
}

func (r *Renderer) sources() []*source {
	var srcs []*source
	for n, f := range r.theme.files {
		srcs = append(srcs, &source{name: n, file: f})
	}
	return srcs
}

// Render writes page p. md converts the markdown bodies the page shows.
func (r *Renderer) Render(w io.Writer, p *site.Page, md Markdown) *diag.Problem {
	name := p.Kind.String()
	t := r.theme.pages[name]
	if prob := r.theme.broken[name]; prob != nil {
		same := *prob // the problem Load reported, so that it is listed once
		return &same
	}
	if t == nil {
		return &diag.Problem{File: r.theme.files[name+".html"], Msg: "the template did not parse"}
	}
	frame, prob := r.frame(p)
	if prob != nil {
		return prob
	}
	d := r.view(p, md)
	d.Frame = frame
	if write := r.theme.native[name]; write != nil {
		if err := r.writeNative(w, d, write); err != nil {
			return &diag.Problem{File: r.theme.files[name+".html"], Msg: "cannot write the page: " + err.Error()}
		}
		return nil
	}
	if err := t.ExecuteTemplate(w, "base.html", d); err != nil {
		return templateProblem(err, r.sources(), &source{name + ".html", r.theme.files[name+".html"], ""})
	}
	for _, b := range p.Items {
		if c := &r.cards[b.Index()]; c.prob != nil {
			return c.prob
		}
	}
	return nil
}

// defines lists the templates a file defines with {{define}} (or
// {{block}}), by parsing it alone; a file that does not parse alone
// defines nothing here, and its errors are reported where it is parsed
// with the others.
func defines(src string) map[string]bool {
	t, err := template.New("").Parse(src)
	if err != nil {
		return nil
	}
	out := map[string]bool{}
	for _, d := range t.Templates() {
		if d.Name() != "" {
			out[d.Name()] = true
		}
	}
	return out
}
