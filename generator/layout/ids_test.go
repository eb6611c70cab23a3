package layout

import (
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestReservedIDs checks that ReservedIDs lists every id the theme writes:
// in its templates, in the Go code that writes the same pages, and in the
// script brief serve adds to every page. The notes' ids are the one id a
// template does not spell out, and begin with ReservedIDPrefix.
func TestReservedIDs(t *testing.T) {
	sources := map[string]*regexp.Regexp{}
	templates, _ := fs.Glob(embedded, "theme/*.html")
	for _, f := range templates {
		sources[f] = regexp.MustCompile(` id="([^"]*)"`)
	}
	natives, _ := fs.Glob(os.DirFS("."), "native*.go")
	for _, f := range natives {
		sources[f] = regexp.MustCompile(` id=\\"([^"\\]*)\\"`)
	}
	sources["../serve/live.js"] = regexp.MustCompile(`\bid = "([^"]*)"`)
	found := 0
	for f, re := range sources {
		var b []byte
		var err error
		if strings.HasPrefix(f, "theme/") {
			b, err = embedded.ReadFile(f)
		} else {
			b, err = os.ReadFile(f)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllSubmatch(b, -1) {
			found++
			id := string(m[1])
			if id == "{{.}}" || id == "" { // a note's: {{with .ID}} id="{{.}}"{{end}}, or the Go code's
				continue
			}
			if !slices.Contains(ReservedIDs, id) {
				t.Errorf("%s writes id %q, which ReservedIDs lacks: a heading could take it", f, id)
			}
		}
	}
	if found < len(ReservedIDs) {
		t.Errorf("found %d ids in %d files; the patterns no longer match the theme", found, len(sources))
	}
}
