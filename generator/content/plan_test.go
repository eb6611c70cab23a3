package content

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"brief/generator/diag"
	"brief/generator/internal/osfs"
	"brief/generator/internal/scan"
)

// TestPlanListed checks that planning the content folder from a listing,
// as a build to disk does, gives the jobs and problems of a walk, on a
// real folder with every kind of path the walk treats apart: hidden and
// editor files and folders, reserved and misnamed sections (empty ones
// too), files where none belong, symbolic links inside, outside, dangling
// and to folders, and names whose order as strings is not the walk's.
func TestPlanListed(t *testing.T) {
	root := t.TempDir()
	files := []string{
		"content/_index.md", "content/about.md", "content/logo.png",
		"content/world/a.md", "content/world/a-b.md", "content/world/a.b.md",
		"content/world/a/index.md", "content/world/a/notes/lena-ortiz.md", "content/world/a/map.png",
		"content/world/a-c/index.md", "content/world/a-c/notes/x.md",
		"content/world/nobundle/notes/n.md", "content/world/nobundle/chart.svg",
		"content/world/.draft.md", "content/world/b.md~", "content/world/.b.md.swp", "content/world/4913",
		"content/world/deep/.git/objects/ab/cdef", "content/.hidden/x.md",
		"content/search/x.md", "content/Bad_Section/y.md", "content/Bad_Section/inner/z.md",
		"content/topics/trade.md", "content/topics/sub/x.md", "content/topics/notes.txt",
		"content/analysts/lena-ortiz.md",
		"outside.md",
	}
	for _, f := range files {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("---\ntitle: x\n---\nbody\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"content/page", "content/Empty_Bad/deeper", "content/world/empty"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"content/world/linked.md":   "a.md",
		"content/world/out.md":      "../../../elsewhere.md",
		"content/world/in.md":       "../../outside.md",
		"content/world/dangling.md": "nowhere.md",
		"content/world/folder":      "a",
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}

	fsys := osfs.Dir(root)
	walked, walkProbs, walkStrays := plan(fsys, Dir, nil)
	found, dirs, err := scan.Walk(filepath.Join(root, Dir), scan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ls := &Listing{}
	for _, d := range dirs {
		ls.Dirs = append(ls.Dirs, Dir+"/"+d)
	}
	for _, f := range found {
		ls.Files = append(ls.Files, scan.File{Path: Dir + "/" + f.Path, Link: f.Link})
	}
	var seen []string
	listed, listProbs, listStrays := planListed(fsys, ls, func(j *job) { seen = append(seen, j.file) })
	slices.Sort(walkStrays)
	if !slices.Equal(listStrays, walkStrays) {
		t.Errorf("strays from the listing: %v; from the walk: %v", listStrays, walkStrays)
	}

	want, got := describeJobs(walked), describeJobs(listed)
	if len(want) < 15 {
		t.Fatalf("the walk planned %d jobs, want at least 15:\n%s", len(want), strings.Join(want, "\n"))
	}
	if !slices.Equal(got, want) {
		t.Errorf("jobs from the listing:\n%s\nfrom the walk:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	slices.Sort(seen)
	if files := jobFiles(listed); !slices.Equal(seen, files) {
		t.Errorf("found was given %v; want each job once, %v", seen, files)
	}
	wantProbs, gotProbs := describeProblems(walkProbs), describeProblems(listProbs)
	for _, must := range []string{"content/page:", "content/Empty_Bad:", "content/search:", "content/logo.png:", "content/world/out.md:", "content/world/folder:"} {
		if !strings.Contains(strings.Join(wantProbs, "\n"), must) {
			t.Errorf("the walk reported nothing for %s; the test no longer covers it:\n%s", must, strings.Join(wantProbs, "\n"))
		}
	}
	if !slices.Equal(gotProbs, wantProbs) {
		t.Errorf("problems from the listing:\n%s\nfrom the walk:\n%s", strings.Join(gotProbs, "\n"), strings.Join(wantProbs, "\n"))
	}
}

// describeJobs spells out what plan decided of each job, sorted by file.
func describeJobs(jobs []*job) []string {
	var out []string
	for _, j := range jobs {
		out = append(out, fmt.Sprintf("%s kind=%d section=%q slug=%q bundle=%q probs=%v",
			j.file, j.kind, j.section, j.slug, j.bundle, describeProblems(j.planProbs)))
	}
	slices.Sort(out)
	return out
}

func jobFiles(jobs []*job) []string {
	var out []string
	for _, j := range jobs {
		out = append(out, j.file)
	}
	slices.Sort(out)
	return out
}

func describeProblems(l diag.List) []string {
	l = append(diag.List{}, l...)
	l.Sort()
	var out []string
	for _, p := range l {
		out = append(out, p.String())
	}
	return out
}
