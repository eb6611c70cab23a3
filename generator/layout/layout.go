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
	"slices"
	"strconv"
	"strings"
	"sync"

	"brief/generator/content"
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
	// srcs are the files each page kind's set is made of, by kind, and
	// the shared templates' for "".
	srcs map[string][]*source
	// calls are the calls in layouts/ of the templates brief renders once,
	// by the name of their stand-ins (see insertRendered); callIDs are
	// those names, by template and place.
	calls   map[string]callSite
	callIDs map[string]string
	mu      sync.Mutex
	ends    map[string]*diag.Problem // see problem
	// native are the page kinds written by Go code rather than by their
	// templates, which no file in layouts/ overrides (see native.go);
	// nativeCards, whether "entry" cards are.
	native      map[string]func(*writer, *Data)
	nativeCards bool
	// icon is the site's favicon in static/, if it has one (see icons).
	icon    string
	CSS     []byte // the stylesheet, theme plus code colours
	CSSPath string // the stylesheet's output path, under the base path
	JS      []byte // the search page's script
	JSPath  string // the script's output path, under the base path
	// Sum identifies the theme: a hash of every template, script and
	// stylesheet it was made from, for caches of rendered pages.
	Sum [sha256.Size]byte
}

// Load parses the embedded theme with the overrides found in fsys's
// layouts/ folder (fsys may be nil): a file there replaces each template
// it defines, a stylesheet or script the theme's whole (see overrides.go).
// It needs nothing of the site's content, so a build loads it while it
// loads the content.
func Load(fsys fs.FS) (*Theme, diag.List) {
	var probs diag.List
	sum := sha256.New()
	var names []string // every file Load reads from layouts/ when it is there
	if fsys != nil {
		if fi, err := fs.Lstat(fsys, Dir); err == nil && !fi.IsDir() && fi.Mode()&fs.ModeSymlink == 0 {
			probs.Add(Dir, 0, 0, "this is a file, and brief reads a site's templates from a folder %s/; rename or move it", Dir)
			fsys = nil // the theme alone
		}
	}
	// ownFile returns the site's file name in layouts/, if it has one.
	ownFile := func(name string) *source {
		names = append(names, name)
		if fsys == nil {
			return nil
		}
		file := Dir + "/" + name
		fi, err := fs.Lstat(fsys, file)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err == nil && fi.IsDir() {
			probs.Add(file, 0, 0, "this is a folder, and brief reads %s as a template file; rename or move the folder", file)
			return nil
		}
		// As in content/ and static/: a named pipe is not opened, a
		// link must stay in the source folder, and the file must be
		// UTF-8 text.
		if err == nil && content.Special(fi.Mode()) != 0 {
			content.NotRegular(file, fi.Mode(), &probs)
			return nil
		}
		if err == nil && fi.Mode()&fs.ModeSymlink != 0 && !content.SymlinkInside(fsys, file, &probs) {
			return nil
		}
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			content.ReadFailed(file, err, &probs)
			return nil
		}
		if !content.PlainText(file, b, &probs) {
			return nil
		}
		// An editor's byte order mark would be the first bytes of every
		// page, or text before a {{define}}.
		b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		sum.Write([]byte(name + "\x00layouts\x00"))
		sum.Write(b)
		return &source{file, file, string(b)}
	}
	// read returns the theme's file name, and the site's own when
	// layouts/ has it.
	read := func(name string) (theme, own *source) {
		b, err := embedded.ReadFile("theme/" + name)
		if err != nil {
			panic("embedded theme lacks " + name) // a bug in brief, not in the site
		}
		sum.Write([]byte(name + "\x00embedded\x00"))
		sum.Write(b)
		return &source{name, "(embedded theme)/" + name, string(b)}, ownFile(name)
	}
	th := &Theme{pages: map[string]*template.Template{}, files: map[string]string{}, broken: map[string]*diag.Problem{},
		frameSets: map[string]*template.Template{}, native: map[string]func(*writer, *Data){},
		srcs: map[string][]*source{}, calls: map[string]callSite{}, callIDs: map[string]string{}, ends: map[string]*diag.Problem{}}
	var themeShared, ownShared []*source
	for _, name := range shared {
		theme, own := read(name)
		themeShared, th.files[name] = append(themeShared, theme), theme.file
		if own != nil {
			ownShared, th.files[name] = append(ownShared, own), own.file
			if name == "base.html" {
				probs = append(probs, noGeneratorMeta(own)...)
			}
		}
	}
	th.srcs[""] = slices.Concat(themeShared, ownShared)
	cards, err := parseSet(th.srcs[""])
	if err != nil {
		probs = append(probs, th.templateProblem(err, th.files["partials.html"]))
	}
	th.cards = cards
	// Cards are written by Go code unless a file in layouts/ defines
	// "entry" for every kind.
	th.nativeCards = cards != nil && overrides(cards)["entry"] == ""
	var use usage
	for _, kind := range kinds() {
		name := kind + ".html"
		theme, own := read(name)
		th.files[name] = theme.file
		// The kind's files come after the shared ones, so that its "main"
		// wins over a default a site's base.html gives with {{block
		// "main" .}}, as Hugo's baseof does.
		srcs := slices.Concat(themeShared, ownShared, []*source{theme})
		if own != nil {
			srcs, th.files[name] = append(srcs, own), own.file
		}
		th.srcs[kind] = srcs
		t, err := parseSet(srcs)
		if err != nil {
			th.broken[kind] = th.templateProblem(err, th.files[name])
			probs = append(probs, th.broken[kind])
			continue
		}
		use.add(t)
		over := overrides(t)
		use.pages(over)
		ownDefines := func(tmpl string) bool { return own != nil && over[tmpl] == own.name }
		if write := nativeKinds[kind]; write != nil && !ownDefines("entry") && !overridden(t, over) {
			th.native[kind] = write
		}
		// A page kind's own file may define the shared templates anew, as
		// html/template lets it: then its pages use its own.
		if ownDefines("masthead") || ownDefines("colophon") {
			if th.frameSets[kind], err = t.Clone(); err != nil {
				panic(err) // a template not yet run
			}
		}
		// The frames are rendered once per frame, and listings show each
		// briefing's "entry" card on many pages (section, topics, home,
		// related): render it once per briefing, with the shared "entry",
		// and have the pages insert the result. A kind that defines its
		// own "entry" renders it on each page.
		once := slices.Clone(framed)
		if !ownDefines("entry") {
			once = append(once, "entry")
		}
		th.insertRendered(t, once...)
		th.pages[kind] = t
	}
	if fsys != nil {
		probs.Append(use.uncalled())
		probs.Append(use.shadowedMain(cards, len(th.pages) == len(kinds())))
	}
	if fsys != nil {
		for _, name := range icons {
			if fi, err := fs.Stat(fsys, content.StaticDir+"/"+name); err == nil && fi.Mode().IsRegular() {
				th.icon = name
				sum.Write([]byte("icon\x00" + name))
				break
			}
		}
	}
	theme, own := read("style.css")
	extra := ownFile(extraCSS)
	var buf bytes.Buffer
	// A browser reads @import only before every rule, so a site's own
	// style.css's and extra.css's go first; one after a rule is ignored,
	// which a warning says.
	for _, f := range []*source{own, extra} {
		if f == nil {
			continue
		}
		text := f.text
		var imports string
		imports, f.text = leadingImports(text)
		buf.WriteString(imports)
		for _, line := range lateImports(text, len(text)-len(f.text)) {
			probs.Warn(f.file, line, 1, "a browser ignores an @import after other rules; move it to the top of the file, where brief puts it before the rest of the stylesheet")
		}
	}
	// The code colours follow the theme's rules, or come before a site's
	// own style.css, whose rules then win where they select the same.
	codeCSS := func() {
		if err := markdown.WriteCSS(&buf); err != nil {
			probs.Add("(code highlighting)", 0, 0, "cannot write stylesheet: %v", err)
		}
	}
	if own != nil {
		codeCSS()
		buf.WriteString(own.text)
	} else {
		buf.WriteString(theme.text)
		codeCSS()
	}
	// A site's extra.css adds rules to the stylesheet, after the theme's
	// and the code colours, so that they win: no page's writer changes.
	if extra != nil {
		buf.WriteString("\n/* " + extra.file + " */\n" + extra.text)
	}
	th.CSS = buf.Bytes()
	cssSum := sha256.Sum256(th.CSS)
	th.CSSPath = cssPrefix + hex.EncodeToString(cssSum[:4]) + cssSuffix
	th.JS = []byte(pick(read("search.js")).text)
	jsSum := sha256.Sum256(th.JS)
	th.JSPath = "js/search." + hex.EncodeToString(jsSum[:4]) + ".js"
	sum.Write(th.CSS)
	copy(th.Sum[:], sum.Sum(nil))
	if fsys != nil {
		probs.Append(unused(fsys, names))
	}
	return th, probs
}

// A theme's stylesheet is at cssPrefix, 8 hex digits of its hash, then
// cssSuffix.
const cssPrefix, cssSuffix = "css/style.", ".css"

// IsStylesheet reports whether the output path p is a theme's stylesheet,
// named as Load names it, and not a file of static/ at css/style.css or
// the like.
func IsStylesheet(p string) bool {
	hash, ok := strings.CutPrefix(p, cssPrefix)
	if !ok || !strings.HasSuffix(hash, cssSuffix) || len(hash) != 8+len(cssSuffix) {
		return false
	}
	_, err := hex.DecodeString(strings.TrimSuffix(hash, cssSuffix))
	return err == nil
}

// extraCSS is the file in layouts/ whose rules are added to the theme's
// stylesheet, where style.css there would replace it whole.
const extraCSS = "extra.css"

// ThemeFiles are the names of the embedded theme's files, each of which
// a file of the same name in layouts/ overrides.
func ThemeFiles() []string {
	entries, err := embedded.ReadDir("theme")
	if err != nil {
		panic(err) // embedded
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// ThemeFile returns the embedded theme's file name, for a site to copy
// into layouts/ and change.
func ThemeFile(name string) ([]byte, error) {
	if !slices.Contains(ThemeFiles(), name) {
		if near := nearest(name, ThemeFiles()); near != "" {
			return nil, fmt.Errorf("the theme has no file %q; did you mean %s?", name, near)
		}
		return nil, fmt.Errorf("the theme has no file %q; its files are %s", name, strings.Join(ThemeFiles(), ", "))
	}
	return embedded.ReadFile("theme/" + name)
}

// icons are the names of a favicon in static/ that pages link instead of
// the theme's, the first the site has: browsers look for /favicon.ico
// only at the root of a host, and a site under a path has none there.
var icons = []string{"favicon.svg", "favicon.png", "favicon.ico"}

// pick is the site's own file when it has one, else the theme's.
func pick(theme, own *source) *source {
	if own != nil {
		return own
	}
	return theme
}

// overridden reports whether a page kind's page, base.html, reaches a
// template that a file in layouts/ defines (over), and so is not what
// its native writer writes. The frames and the shared "entry" are not
// part of it: the writer inserts them as rendered.
func overridden(set *template.Template, over map[string]string) bool {
	for name := range reached(set, "base.html", append(framed, "entry")...) {
		if over[name] != "" {
			return true
		}
	}
	return false
}

// unused warns of the templates, stylesheets and scripts in layouts/ other
// than known, the files Load reads, naming the one it most likely meant: a
// misspelt name (brefing.html), one with another extension for templates
// (home.tmpl), or a template laid out for another generator (Hugo's
// _default/single.html), would otherwise change nothing, silently. Other
// files (a README) are left alone.
func unused(fsys fs.FS, known []string) diag.List {
	known = slices.Sorted(slices.Values(known))
	var probs diag.List
	fs.WalkDir(fsys, Dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil // no layouts/ folder, or one that cannot be read: Load says so
		}
		if content.Ignored(d.Name()) {
			return nil // hidden, or an editor's: as in content/, never read, nothing to say
		}
		switch strings.ToLower(path.Ext(name)) { // page.HTML is not page.html
		case ".html", ".htm", ".tmpl", ".tpl", ".gohtml", ".gotmpl", ".css", ".js":
			rel := strings.TrimPrefix(name, Dir+"/")
			switch near := nearest(rel, known); {
			case slices.Contains(known, rel):
			case near != "":
				probs.Warn(name, 0, 0, "brief does not read this file, so it changes nothing; did you mean %s?", near)
			default:
				probs.Warn(name, 0, 0, "brief does not read this file, so it changes nothing; from layouts/ it reads %s", strings.Join(known, ", "))
			}
		}
		return nil
	})
	return probs
}

// nearest returns the known name a file name most likely meant: one of
// the same name but for its case or its extension (Briefing.html,
// home.tmpl), or one a typo or two from it (brefing.html); "" when none
// is.
func nearest(name string, known []string) string {
	name = strings.ToLower(name)
	stem := strings.TrimSuffix(name, path.Ext(name))
	for _, k := range known {
		if k == name || strings.TrimSuffix(k, path.Ext(k)) == stem {
			return k
		}
	}
	return content.Nearest(name, known, len(stem))
}

func kinds() []string {
	out := make([]string, 0, site.KindSearch+1)
	for k := site.KindHome; k <= site.KindSearch; k++ {
		out = append(out, k.String())
	}
	return out
}

var funcs = template.FuncMap{
	standIn: rendered,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return strconv.Itoa(n) + " " + one
		}
		return strconv.Itoa(n) + " " + many
	},
	"lower": strings.ToLower,
	"upper": strings.ToUpper,
	"dict":  dict,
}

// dict makes a map of its arguments, names and values in turn, for a
// template to call another with more than one value:
// {{template "byline" dict "Name" .Author "Page" .}}.
func dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, fmt.Errorf("dict takes names and values in pairs, and was given an odd number of arguments (%d)", len(pairs))
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		name, ok := pairs[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict's names must be strings, and argument %d is a %T", i+1, pairs[i])
		}
		m[name] = pairs[i+1]
	}
	return m, nil
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
		Title: s.Config.Title, Description: s.Config.Description, Lang: s.Config.Language, Params: s.Config.Params,
		Dir: direction(s.Config.Language), UI: UILang(s.Config.Language),
		Base: base, CSS: base + th.CSSPath, Search: base + th.JSPath, Head: head, Icon: iconURL(base, th.icon),
		Origin: s.Config.BaseURL.Scheme + "://" + s.Config.BaseURL.Host,
	}
	info.Nav = navLinks(s.Sections, base)
	info.Pages, info.allPages = footerLinks(plainLinks(s.Plain), base)
	return &Renderer{theme: th, site: s, info: info, cards: make([]card, len(s.Briefings)),
		frames: frames{done: map[[2]string]*frameOut{}}, styles: siteStyles(&info)}
}

// NavSections is the most sections the masthead names. It is on every
// page: a site of 2,000 sections (a folder under content/ for each
// briefing, say) wrote 1.3 GB for 5,000 briefings, most of it mastheads.
const NavSections = 10

// navLinks returns the masthead's links to sections, in their order: all
// of them, or else the NavSections with the most briefings (the first of
// those with as many), and a link to the home page's list of every section.
func navLinks(sections []*site.Section, base string) []Link {
	shown := mostListed(sections, NavSections, func(s *site.Section) int { return len(s.Briefings) })
	nav := make([]Link, 0, len(shown)+1)
	for _, sec := range shown {
		nav = append(nav, Link{sec.Title, sec.URL})
	}
	if len(shown) < len(sections) {
		nav = append(nav, Link{"More sections", base + "#sections"})
	}
	return nav
}

// mostListed returns items, when there are n or fewer, or else the n of
// them that list the most briefings (count's), the first of those with as
// many, in the order of items.
func mostListed[T any](items []T, n int, count func(T) int) []T {
	if len(items) <= n {
		return items
	}
	at := make([]int, len(items))
	for i := range at {
		at[i] = i
	}
	slices.SortStableFunc(at, func(i, j int) int { return count(items[j]) - count(items[i]) })
	at = at[:n]
	slices.Sort(at)
	shown := make([]T, n)
	for k, i := range at {
		shown[k] = items[i]
	}
	return shown
}

// FooterPages is the most plain pages the footer names. Like the
// masthead, it is on every page: 500 plain pages made each page's footer
// 28 KB.
const FooterPages = 10

// footerLinks returns the footer's links to plain pages, given all of
// them by title: all of them, or else the first FooterPages and a link to
// the home page's list of every plain page, which is then all.
func footerLinks(pages []Link, base string) (footer, all []Link) {
	if len(pages) <= FooterPages {
		return pages, nil
	}
	footer = append(slices.Clip(pages[:FooterPages]), Link{"More pages", base + "#all-pages"})
	return footer, pages
}

// Links returns the links in every page's masthead and footer, which a
// page kept from an earlier build must have been rendered with.
func (r *Renderer) Links() (nav, pages []Link) { return r.info.Nav, r.info.Pages }

func iconURL(base, icon string) string {
	if icon == "" {
		return ""
	}
	return base + icon
}

// entry returns a briefing's listing entry, with its card rendered.
func (r *Renderer) entry(b *site.Briefing) Entry {
	c := &r.cards[b.Index()]
	c.once.Do(func() {
		c.entry = entry(b)
		c.entry.UI = r.info.UI
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
		if c.prob = r.theme.run(r.theme.cards, &buf, "", "entry", c.entry, "the card of "+b.URL, r.theme.files["partials.html"]); c.prob != nil {
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
	if prob := r.theme.run(t, w, name, "base.html", d, p.URL, r.theme.siteFile(name)); prob != nil {
		return prob
	}
	for _, b := range p.Items {
		if c := &r.cards[b.Index()]; c.prob != nil {
			return c.prob
		}
	}
	return nil
}

// leadingImports splits a stylesheet into its @import rules, which come
// before any other rule (after comments and white space), each on a line
// of its own, and the rest.
func leadingImports(css string) (imports, rest string) {
	var b strings.Builder
	i := 0
	for {
		j := i
		for j < len(css) {
			if c := css[j]; c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
				j++
			} else if strings.HasPrefix(css[j:], "/*") {
				end := strings.Index(css[j+2:], "*/")
				if end < 0 {
					return b.String(), css[i:]
				}
				j += end + 4
			} else {
				break
			}
		}
		charset := len(css)-j >= 8 && strings.EqualFold(css[j:j+8], "@charset")
		if !charset && (len(css)-j < 7 || !strings.EqualFold(css[j:j+7], "@import")) {
			return b.String(), css[i:]
		}
		end := statementEnd(css, j)
		if end < 0 {
			return b.String(), css[i:]
		}
		if !charset { // an @charset is left out: the stylesheet is UTF-8, and one not first in it is void
			b.WriteString(css[j:end] + "\n")
		}
		i = end
	}
}

// lateImports returns the lines of css at which an @import begins a line
// after the leading ones, which end at offset from.
func lateImports(css string, from int) []int {
	var lines []int
	for i := from; i < len(css); {
		j := strings.Index(css[i:], "@import")
		if j < 0 {
			break
		}
		at := i + j
		start := strings.LastIndexByte(css[:at], '\n') + 1
		if strings.TrimSpace(css[start:at]) == "" {
			lines = append(lines, strings.Count(css[:at], "\n")+1)
		}
		i = at + len("@import")
	}
	return lines
}

// statementEnd returns the offset just past the ; that ends the CSS
// statement at css[from:], skipping quoted strings, or -1.
func statementEnd(css string, from int) int {
	var quote byte
	for k := from; k < len(css); k++ {
		switch c := css[k]; {
		case quote != 0:
			if c == '\\' {
				k++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == ';':
			return k + 1
		}
	}
	return -1
}

// noGeneratorMeta warns of a site's base.html that writes the page's head
// without GeneratorMeta. A build finds the pages brief wrote in an output
// folder by it, when no cache records them: without it, a build after the
// cache is lost refuses to delete the pages of a briefing removed since,
// which it cannot tell from files of the user's.
func noGeneratorMeta(own *source) diag.List {
	head := strings.Index(own.text, "<head")
	if head < 0 || strings.Contains(own.text, GeneratorMeta) {
		return nil
	}
	var probs diag.List
	probs.Warn(own.file, 1+strings.Count(own.text[:head], "\n"), 0, "this base.html writes <head> without %s, by which brief knows its own pages in an output folder that no cache describes: without it, a build after the cache is lost refuses to delete the pages of a briefing removed since; put the line in <head>, as the theme's base.html does", GeneratorMeta)
	return probs
}
