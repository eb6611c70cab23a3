// Package diag holds the problems that brief reports to writers: each one
// names a file and, where known, a line and column, and says in plain words
// what is wrong. A build collects every problem it finds rather than stopping
// at the first, so a writer can fix them all in one pass.
package diag

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Count is n and noun, with an s unless n is 1: "1 note", "3 notes", for
// the counts in brief's messages.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Severity says whether a problem stops the build.
type Severity int

const (
	// Error stops the build: nothing is published.
	Error Severity = iota
	// Warning is reported, and the build still succeeds.
	Warning
	// Unreadable is a file or folder brief cannot read (its permissions,
	// a failing disk): not the content's fault, but it stops the build,
	// which reports such problems alone (see List.Err).
	Unreadable
)

// Problem is one thing wrong with the content, meant for the person who wrote it.
type Problem struct {
	File     string // path relative to the site's source folder, with forward slashes
	Line     int    // 1-based; 0 when unknown
	Col      int    // 1-based; 0 when unknown
	Msg      string
	Severity Severity
}

// String formats the problem as file:line:col: message, the form editors
// and CI annotations understand.
func (p *Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	b.WriteString(": ")
	if p.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// List collects problems from every step of a build.
type List []*Problem

// Add records an error at file:line:col.
func (l *List) Add(file string, line, col int, format string, args ...any) {
	*l = append(*l, &Problem{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Warn records a warning at file:line:col.
func (l *List) Warn(file string, line, col int, format string, args ...any) {
	*l = append(*l, &Problem{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Severity: Warning})
}

// CannotRead records that brief cannot read file, a file or folder, for
// err: "cannot read: permission denied", the system's reason without the
// path, which the problem names already.
func (l *List) CannotRead(file string, err error) {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	*l = append(*l, &Problem{File: file, Msg: "cannot read: " + err.Error(), Severity: Unreadable})
}

// Append adds all of other's problems to l.
func (l *List) Append(other List) { *l = append(*l, other...) }

// Sort orders the problems by file, line and column, so that output does not
// depend on the order in which parallel work finished.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
}

// Errors returns only the problems that stop a build.
func (l List) Errors() List { return l.filter(Error) }

// Warnings returns only the problems that do not stop a build.
func (l List) Warnings() List { return l.filter(Warning) }

func (l List) filter(s Severity) List {
	var out List
	for _, p := range l {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// Err returns the errors in l as an error value, or nil when there are
// none: a *ReadError if brief could not read a file or folder, else a
// *ContentError.
func (l List) Err() error {
	if unread := l.filter(Unreadable); len(unread) > 0 {
		unread.Sort()
		return &ReadError{Problems: unread}
	}
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	errs.Sort()
	return &ContentError{Problems: errs}
}

// ContentError is returned by a build that found errors in the content.
type ContentError struct {
	Problems List
}

func (e *ContentError) Error() string { return e.Problems.lines() }

// ReadError is returned by a build that could not read files or folders
// of the site. It lists those alone: what the content would have of them
// (a link to a page it cannot read, "there is no such page") would mislead.
type ReadError struct {
	Problems List
}

func (e *ReadError) Error() string { return e.Problems.lines() }

// lines is the problems, one a line.
func (l List) lines() string {
	lines := make([]string, len(l))
	for i, p := range l {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
