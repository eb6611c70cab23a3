package generator

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/golden")

// TestGolden builds each site in testdata/golden/*.txtar (its files other
// than public/…) and compares the output with the archive's public/… files.
// With -update it rewrites them; an archive with no public/ files gets
// every HTML page.
func TestGolden(t *testing.T) {
	cases, _ := filepath.Glob("testdata/golden/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no golden cases in testdata/golden")
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			inputs := map[string]string{}
			var want []txtar.File
			for _, f := range ar.Files {
				if strings.HasPrefix(f.Name, "public/") {
					want = append(want, f)
				} else {
					inputs[f.Name] = string(f.Data)
				}
			}
			got := readTree(t, mustBuild(t, Config{Source: writeSite(t, inputs)}))
			if *update {
				rewrite(t, file, ar, want, got)
				return
			}
			for _, f := range want {
				name := strings.TrimPrefix(f.Name, "public/")
				if !bytes.Equal(got[name], f.Data) {
					t.Errorf("%s differs from the golden file (run go test ./generator -run TestGolden -update to accept):\n%s",
						name, firstDiff(string(f.Data), string(got[name])))
				}
			}
		})
	}
}

func rewrite(t *testing.T, file string, ar *txtar.Archive, want []txtar.File, got map[string][]byte) {
	var names []string
	for _, f := range want {
		names = append(names, strings.TrimPrefix(f.Name, "public/"))
	}
	if len(names) == 0 {
		for name := range got {
			if strings.HasSuffix(name, ".html") {
				names = append(names, name)
			}
		}
		sort.Strings(names)
	}
	files := ar.Files[:0]
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "public/") {
			files = append(files, f)
		}
	}
	for _, name := range names {
		files = append(files, txtar.File{Name: "public/" + name, Data: got[name]})
	}
	ar.Files = files
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + a + "\n  got:  " + b
		}
	}
	return "(identical lines; different line endings?)"
}
