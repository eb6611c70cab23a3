package layout

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"brief/generator/diag"
)

// A template of the site's own may never end ({{range 1000000000000}}),
// or write without end: html/template has no way to stop it. So brief
// runs each template on a goroutine of its own, into a buffer of its own
// that takes at most MaxOutput bytes, and stops waiting for it after
// TemplateTimeout. A template that did not end in time spoils its theme,
// in this process, for any site: every later page fails at once with the
// same problem, rather than start another that never ends (brief check
// renders the site twice, with drafts and without, and brief serve on
// every save, each with a theme loaded anew). What it keeps running, brief
// cannot stop: a build ends with the process, and brief serve goes on
// running it until it is restarted, which the problem says.

// TemplateTimeout is how long one template may run, for one page, card or
// frame, before brief gives up on it. A page of brief's theme takes well
// under a millisecond.
var TemplateTimeout = time.Minute

// MaxOutput is the most a template may write for one page: far more than
// any reader's browser would open.
var MaxOutput = 128 << 20

// errTooLong is what a template's writer returns once it is past
// MaxOutput, which stops the template.
var errTooLong = errors.New("output too long")

// capped is a buffer that takes at most max bytes.
type capped struct {
	bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	if c.Len()+len(p) > c.max {
		return 0, errTooLong
	}
	return c.Buffer.Write(p)
}

func (c *capped) WriteString(s string) (int, error) {
	if c.Len()+len(s) > c.max {
		return 0, errTooLong
	}
	return c.Buffer.WriteString(s)
}

// stuck holds, by theme (Theme.Sum), the problem of a template that did
// not end, or wrote more than MaxOutput.
var stuck sync.Map

// runaways counts the templates that did not end (see Runaways).
var runaways atomic.Int64

// Runaways is how many times templates ran past TemplateTimeout in this
// process without ending: each still runs, as Go cannot stop it, and
// keeps a core busy until the process ends. brief serve says so even when
// the build that met it is superseded.
func Runaways() int64 { return runaways.Load() }

var buffers = sync.Pool{New: func() any { return new(capped) }}

// run executes template name of set, the set of page kind kind ("" for
// the shared templates), with data into w, within the limits above, and
// returns the problem it met, if any. what names what it renders (a page's
// URL, a briefing's card), for the limits' problems, and file the file to
// report them at; a template's own error is placed as problem places it.
func (th *Theme) run(set *template.Template, w io.Writer, kind, name string, data any, what, file string) *diag.Problem {
	if p, ok := stuck.Load(th.Sum); ok {
		same := *p.(*diag.Problem)
		return &same
	}
	out := buffers.Get().(*capped)
	out.Reset()
	out.max = MaxOutput
	done := make(chan error, 1)
	go func() { done <- set.ExecuteTemplate(out, name, data) }()
	timer := time.NewTimer(TemplateTimeout)
	defer timer.Stop()
	select {
	case err := <-done:
		if errors.Is(err, errTooLong) {
			// As with one that does not end, every later page of the
			// theme fails at once rather than write as much again; and
			// out, which holds MaxOutput, is let go of, not pooled.
			p := &diag.Problem{File: file, Msg: fmt.Sprintf(
				"template error: the templates wrote more than %d MB for %s, and brief stopped them; does a {{range}} go on far longer than meant?",
				MaxOutput>>20, what)}
			first, _ := stuck.LoadOrStore(th.Sum, p)
			same := *first.(*diag.Problem)
			return &same
		}
		defer buffers.Put(out)
		if err == nil {
			_, err = w.Write(out.Bytes())
		}
		if err != nil {
			return th.problem(err, kind, name)
		}
		return nil
	case <-timer.C:
		// out is the running template's still: never put back.
		p := &diag.Problem{File: file, Msg: fmt.Sprintf(
			"template error: the templates ran for more than %v on %s without ending, and brief stopped waiting; does a {{range}} go on without end, or a {{template}} call itself? (brief serve goes on running it until you restart it)",
			TemplateTimeout, what)}
		first, loaded := stuck.LoadOrStore(th.Sum, p)
		if !loaded {
			runaways.Add(1)
		}
		same := *first.(*diag.Problem)
		return &same
	}
}

// siteFile is the file a problem of a page kind's templates that brief
// cannot place is reported at: the kind's file in layouts/, else the
// site's partials.html or base.html, which the kind's pages run too, else
// the theme's file for the kind.
func (th *Theme) siteFile(kind string) string {
	for _, name := range []string{kind + ".html", "partials.html", "base.html"} {
		if f := th.files[name]; strings.HasPrefix(f, Dir+"/") {
			return f
		}
	}
	return th.files[kind+".html"]
}
