package layout

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"brief/generator/diag"
)

// templateErr matches the position html/template puts in its errors:
// "template: briefing.html:12:5: ..." or "html/template:briefing.html:12:5: ...".
var templateErr = regexp.MustCompile(`template: ?([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// problem is the problem of err, from running template root in the set
// of a page kind, or of the shared templates for kind "".
func (th *Theme) problem(err error, kind, root string) *diag.Problem {
	file := th.files[cmp.Or(kind, "partials")+".html"]
	var e *template.Error
	if !errors.As(err, &e) || e.ErrorCode != template.ErrEndContext {
		return th.templateProblem(err, file)
	}
	// Every page of the kind has it: found once.
	th.mu.Lock()
	defer th.mu.Unlock()
	key := kind + "\x00" + root
	if th.ends[key] == nil {
		th.ends[key] = th.unclosed(th.srcs[kind], root, e)
	}
	same := *th.ends[key]
	return &same
}

// templateProblem turns a template error into a problem at the file and
// line of the template (an override in layouts/ or the embedded theme),
// or of the {{template}} call in layouts/ whose data it could not use, or
// else in file.
func (th *Theme) templateProblem(err error, file string) *diag.Problem {
	msg := err.Error()
	m := templateErr.FindStringSubmatch(msg)
	if m == nil {
		if f, line := th.quoted(msg); f != "" {
			if strings.Contains(msg, " in attribute name: ") {
				msg += "; a quote opened earlier in the tag, here or on a line before, may be left open"
			}
			msg = plainer(msg)
			return &diag.Problem{File: f, Line: line, Msg: "template error: " + msg}
		}
		return &diag.Problem{File: file, Msg: "template error: " + msg}
	}
	what := strings.TrimSpace(m[4])
	if c, ok := th.calls[m[1]]; ok {
		// A call in layouts/ of a template brief renders once: its
		// stand-in says what it is given (see insertRendered).
		if _, why, ok := strings.Cut(what, "error calling "+standIn+": "); ok {
			what = why
		}
		return &diag.Problem{File: c.file, Line: c.line, Col: c.col, Msg: "template error: " + what}
	}
	file = m[1]
	line, _ := strconv.Atoi(m[2])
	col := 0
	if m[3] != "" {
		at, _ := strconv.Atoi(m[3])
		col = th.column(m[1], line, at)
	}
	if _, err := embedded.Open("theme/" + file); err == nil {
		file = "(embedded theme)/" + file
	}
	if what == "unexpected EOF" {
		if src := th.ownSource(file); src != nil {
			if kw, l, c := stillOpen(src.text); kw != "" {
				return &diag.Problem{File: file, Line: l, Col: c, Msg: fmt.Sprintf("template error: the file ends before the {{end}} of this {{%s}}; an {{end}} is missing, for it or for a block opened after it", kw)}
			}
		}
	}
	if strings.HasPrefix(file, "(embedded theme)/") {
		// The theme's template failed on what a file of the site gave it:
		// the mistake is at that call.
		if x := executing.FindStringSubmatch(what); x != nil {
			if f, l, c := th.ownCall(x[1]); f != "" {
				return &diag.Problem{File: f, Line: l, Col: c, Msg: fmt.Sprintf("template error: the theme's %q cannot use what this call gives it (%s:%d:%d: %s%s)", x[1], file, line, col, what, fieldsHint(what))}
			}
		}
	}
	return &diag.Problem{File: file, Line: line, Col: col, Msg: "template error: " + plainer(what) + fieldsHint(what)}
}

// branchEnd matches html/template's error for an {{if}}, {{with}} or
// {{range}} whose branches end in different contexts, which it gives in
// its own terms: {stateHTMLCmt delimNone …}.
var branchEnd = regexp.MustCompile(`^(\{\{\w+\}\}) branches end in different contexts: (\{[^}]*\}), (\{[^}]*\})`)

// plainer says in words three template errors that html/template and
// text/template give in their own terms.
func plainer(what string) string {
	if m := branchEnd.FindStringSubmatch(what); m != nil {
		open := m[2]
		if strings.HasPrefix(open, "{stateText ") {
			open = m[3]
		}
		return fmt.Sprintf("%s: one branch ends inside %s and another does not; close it inside the branch that opens it", m[1], unclosedWhat(open))
	}
	if _, name, ok := strings.Cut(what, "multiple definition of template "); ok {
		return fmt.Sprintf("%s is defined a second time here, and a file defines each template once; keep one, or rename the other", name)
	}
	if what == "unexpected EOF" {
		return "the file ends before an {{end}}: an {{if}}, {{with}}, {{range}}, {{block}} or {{define}} is never closed"
	}
	return what
}

// column turns the place in a line that Go's template errors give, the
// bytes before it, into the column an editor shows, counting characters
// from 1 as brief's other problems do: `日本{{.Nope}}` has .Nope at column
// 5, where the error says 8. name is the name the file was parsed under;
// a file brief cannot find is taken to be ASCII.
func (th *Theme) column(name string, line, at int) int {
	text := ""
	for _, srcs := range th.srcs {
		for _, s := range srcs {
			if s.name == name {
				text = s.text
			}
		}
	}
	for n := 1; n < line && text != ""; n++ {
		_, text, _ = strings.Cut(text, "\n")
	}
	text, _, _ = strings.Cut(text, "\n")
	if at > len(text) {
		return at + 1
	}
	return utf8.RuneCountInString(text[:at]) + 1
}

// ownSource is the site's own file named file, or nil.
func (th *Theme) ownSource(file string) *source {
	for _, s := range th.ownSources() {
		if s.file == file {
			return s
		}
	}
	return nil
}

// stillOpen finds, in a template's text, the block action still open at
// its end: the outermost {{if}}, {{with}}, {{range}}, {{block}} or
// {{define}} that no {{end}} closes. It gives the keyword and where the
// action starts, or "" when every block is closed.
//
// An {{end}} missing inside a block is taken by the block around it, so
// the open one is where the missing {{end}} is, or around it.
func stillOpen(text string) (keyword string, line, col int) {
	type block struct {
		kw string
		at int
	}
	var open []block
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], "{{")
		if j < 0 {
			break
		}
		at := i + j
		k := at + 2
		if strings.HasPrefix(text[k:], "- ") || strings.HasPrefix(text[k:], "-\t") || strings.HasPrefix(text[k:], "-\n") {
			k++
		}
		for k < len(text) && strings.IndexByte(" \t\r\n", text[k]) >= 0 {
			k++
		}
		if strings.HasPrefix(text[k:], "/*") {
			e := strings.Index(text[k:], "*/")
			if e < 0 {
				break
			}
			k += e + 2
		} else {
			w := k
			for w < len(text) && ('a' <= text[w] && text[w] <= 'z') {
				w++
			}
			switch text[k:w] {
			case "if", "with", "range", "block", "define":
				open = append(open, block{text[k:w], at})
			case "end":
				if len(open) > 0 {
					open = open[:len(open)-1]
				}
			}
		}
		i = actionEnd(text, k)
	}
	if len(open) == 0 {
		return "", 0, 0
	}
	b := open[0]
	before := text[:b.at]
	return b.kw, 1 + strings.Count(before, "\n"), 1 + utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:])
}

// actionEnd is the offset just past the "}}" that ends the action whose
// words start at k, past any quoted string that holds one.
func actionEnd(text string, k int) int {
	for k < len(text) {
		switch c := text[k]; c {
		case '"', '\'', '`':
			k++
			for k < len(text) && text[k] != c {
				if text[k] == '\\' && c != '`' {
					k++
				}
				k++
			}
			k++
		case '}':
			if strings.HasPrefix(text[k:], "}}") {
				return k + 2
			}
			k++
		default:
			k++
		}
	}
	return len(text)
}

// ownCall finds the first call of template name in the site's own files:
// {{template "name" …}}.
func (th *Theme) ownCall(name string) (file string, line, col int) {
	call := regexp.MustCompile(`\{\{-?\s*template\s+"` + regexp.QuoteMeta(name) + `"`)
	for _, s := range th.ownSources() {
		if loc := call.FindStringIndex(s.text); loc != nil {
			before := s.text[:loc[0]]
			return s.file, 1 + strings.Count(before, "\n"), 1 + loc[0] - (strings.LastIndexByte(before, '\n') + 1)
		}
	}
	return "", 0, 0
}

// executing matches the template html/template's error names as the one
// it was running.
var executing = regexp.MustCompile(`^executing "([^"]+)"`)

// noField matches html/template's error for a field a value lacks.
var noField = regexp.MustCompile(`can't evaluate field \w+ in type (\*?layout\.\w+)$`)

// dataTypes are the types of the data templates receive, by the name
// html/template's errors give them.
var dataTypes = func() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, v := range []any{Data{}, SiteInfo{}, Frame{}, Entry{}, BriefingView{}, NoteView{}, Link{}, Count{}, Pager{}, Date{}, Correction{}} {
		t := reflect.TypeOf(v)
		out[t.String()], out["*"+t.String()] = t, t
	}
	return out
}()

// fieldsHint lists the fields of the value a template asked for a field
// it does not have, or tells where a frame's or a card's data comes from.
func fieldsHint(what string) string {
	if strings.Contains(what, "nil pointer evaluating *layout.BriefingView.") {
		return "; .Briefing is set on a briefing's page only: use it inside {{with .Briefing}}…{{end}}"
	}
	if _, key, ok := strings.Cut(what, "map has no entry for key "); ok && strings.Contains(what, ".Params") {
		// The map asked: .Site.Params, or a map inside it, as in
		// <.Site.Params.social.nope>.
		parent, yamlPath := ".Site.Params", "params"
		if _, at, ok := strings.Cut(what, "at <"); ok {
			chain, _, _ := strings.Cut(at, ">")
			if p, ok := strings.CutSuffix(chain, "."+strings.Trim(key, `"`)); ok && strings.Contains(p, ".Params") {
				parent = p
				_, rest, _ := strings.Cut(p, ".Params")
				yamlPath = "params" + rest
			}
		}
		return fmt.Sprintf("; %s in site.yaml has no such key, which is an error so that a typo shows: for a key a site may leave out, write {{with index %s %s}}…{{end}}", yamlPath, parent, key)
	}
	if strings.Contains(what, "nil data; no entry for key") {
		name := "…"
		if m := executing.FindStringSubmatch(what); m != nil {
			name = m[1]
		}
		return fmt.Sprintf(`; the template was called without data: pass it on with {{template %q .}}, the dot at the end`, name)
	}
	m := noField.FindStringSubmatch(what)
	if m == nil {
		return ""
	}
	t := dataTypes[m[1]]
	var fields []string
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		if (t == reflect.TypeFor[Frame]() || t == reflect.TypeFor[Entry]()) && f.Type == reflect.TypeFor[template.HTML]() {
			continue // what brief rendered of it, empty while it renders
		}
		fields = append(fields, "."+f.Name)
	}
	hint := fmt.Sprintf("; a %s has %s", m[1], strings.Join(fields, ", "))
	// Why the template was given what it was, when brief gave it: only
	// inside the templates it renders once (in base.html, .Frame is a
	// Frame as any page's data has it).
	name := ""
	if x := executing.FindStringSubmatch(what); x != nil {
		name = x[1]
	}
	switch {
	case t == reflect.TypeFor[Frame]() && (name == "masthead" || name == "colophon"):
		hint += `: "masthead" and "colophon" are given the page's Frame whatever {{template}} passes them, since brief renders each once for all pages of a kind`
	case t == reflect.TypeFor[Entry]() && name == "entry":
		hint += `: "entry" is given one briefing of a listing, since brief renders it once for all listings`
	}
	return hint
}

// unclosed explains an html/template error that a page or a part ends
// in a non-text context: inside a tag, an attribute value, a comment or
// a <script>. html/template names only the template it ran, and not where,
// and it is nearly always one of those a file in layouts/ defines: the
// problem is at the first template that ends so when it runs alone,
// among those root reaches in the set srcs make, and that reaches no
// other such.
func (th *Theme) unclosed(srcs []*source, root string, err *template.Error) *diag.Problem {
	set, perr := parseSet(srcs)
	if perr != nil {
		return &diag.Problem{Msg: perr.Error()} // it parsed before: a bug
	}
	over := overrides(set)
	var culprits []string
	for name := range reached(set, root) {
		if over[name] == "" {
			continue
		}
		// A set of its own for each: a template that fails to escape
		// is spoilt for every later run.
		alone, _ := parseSet(srcs)
		var e *template.Error
		if run := alone.ExecuteTemplate(failWriter{}, name, nil); errors.As(run, &e) && e.ErrorCode == template.ErrEndContext {
			culprits = append(culprits, name)
		}
	}
	slices.Sort(culprits)
	for _, name := range culprits {
		if !slices.ContainsFunc(culprits, func(other string) bool { return other != name && reached(set, name)[other] }) {
			t := set.Lookup(name)
			file, line, _ := position(t.Tree, t.Tree.Root)
			return &diag.Problem{File: file, Line: line, Msg: fmt.Sprintf("template error: %q ends inside %s; close it in the template that opens it", name, unclosedWhat(err.Description))}
		}
	}
	var files []string
	for _, f := range over {
		if !slices.Contains(files, f) {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	file := strings.Join(files, ", ")
	if len(files) == 0 {
		file = th.files[root]
	}
	return &diag.Problem{File: file, Msg: fmt.Sprintf("template error: %q ends inside %s", root, unclosedWhat(err.Description))}
}

// unclosedWhat says in words what html/template's context is inside.
func unclosedWhat(context string) string {
	for _, w := range []struct{ state, what string }{
		{"delimDoubleQuote", `an attribute value opened with " and never closed`},
		{"delimSingleQuote", `an attribute value opened with ' and never closed`},
		{"stateHTMLCmt", "an HTML comment (<!--) never closed"},
		{"elementScript", "a <script> element never closed"},
		{"stateJS", "a <script> element never closed"},
		{"elementStyle", "a <style> element never closed"},
		{"stateCSS", "a <style> element never closed"},
		{"stateRCDATA", "a <title> or <textarea> element never closed"},
		{"elementTitle", "a <title> or <textarea> element never closed"},
		{"elementTextarea", "a <title> or <textarea> element never closed"},
	} {
		if strings.Contains(context, w.state) {
			return w.what
		}
	}
	return "a tag never closed with >"
}

// failWriter stops a template at its first output: unclosed runs
// templates only for html/template to escape them.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("not written") }

// escapeQuote matches the text html/template quotes at the end of an
// error that gives no line: "\"" in attribute name: "x\">y</div>".
var escapeQuote = regexp.MustCompile(`: ("(?:[^"\\]|\\.)*")$`)

// quoted finds the file of layouts/ and the line where the text an
// html/template error quotes begins, when exactly one of the site's files
// has it: such errors (a quote never closed in a tag) name the template
// that ran, base.html, and no line.
func (th *Theme) quoted(msg string) (file string, line int) {
	m := escapeQuote.FindStringSubmatch(msg)
	if m == nil {
		return "", 0
	}
	text, err := strconv.Unquote(m[1])
	if err != nil || strings.TrimSpace(text) == "" {
		return "", 0
	}
	for _, s := range th.ownSources() {
		i := strings.Index(s.text, text)
		if i < 0 {
			continue
		}
		if file != "" || strings.Contains(s.text[i+1:], text) {
			return "", 0 // in two places: no telling which
		}
		file, line = s.file, 1+strings.Count(s.text[:i], "\n")
	}
	return file, line
}

// ownSources returns the site's own files of the theme, each once, by
// name.
func (th *Theme) ownSources() []*source {
	var files []*source
	for _, srcs := range th.srcs {
		for _, s := range srcs {
			if s.own() && !slices.Contains(files, s) {
				files = append(files, s)
			}
		}
	}
	slices.SortFunc(files, func(a, b *source) int { return strings.Compare(a.file, b.file) })
	return files
}
