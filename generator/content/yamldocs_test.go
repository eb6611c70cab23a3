package content

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"brief/generator/internal/exampletest"

	"go.yaml.in/yaml/v3"
)

// sameAsUnmarshal checks that unmarshalYAML gives src the tree and the error
// yaml.Unmarshal gives it, comments aside, after other documents have gone
// through the same pooled stream.
func sameAsUnmarshal(t *testing.T, src []byte) {
	t.Helper()
	var want, got yaml.Node
	wantErr := yaml.Unmarshal(src, &want)
	_, gotErr := unmarshalYAML(src, &got) // its nodes are not freed: got keeps them
	if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
		t.Fatalf("%q: error %v, want %v", src, gotErr, wantErr)
	}
	uncomment(&want)
	uncomment(&got)
	// The document node's own place is not used, and the stream's is its `---`.
	want.Line, want.Column, got.Line, got.Column = 0, 0, 0, 0
	if !reflect.DeepEqual(&got, &want) {
		t.Fatalf("%q:\ngot  %s\nwant %s", src, dump(&got), dump(&want))
	}
}

// uncomment removes the comments of n and the nodes under it.
func uncomment(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		uncomment(c)
	}
}

// dump shows a tree a node a line, for a failure's message.
func dump(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		fmt.Fprintf(&b, "\n%*s%s %q @%d:%d kind %d style %d", 2*depth, "", n.Tag, n.Value, n.Line, n.Column, n.Kind, n.Style)
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

var yamlCases = []string{
	"title: \"Kyiv doubles down\"\ndate: 2023-07-18T03:53:00Z\ntopics: [\"Defense Spending\", NATO]\n",
	"analyst: Min-jun Quinn\naffiliation: Institute\n",
	"a: b",
	"",
	"\n\n",
	"# only a comment\n",
	"title: x\n# trailing comment\n",
	"summary: |\n  one\n  two\n",
	"summary: >-\n  folded\n  text\n\n",
	"summary: |\n  ends with blank lines\n\n\n",
	"summary: |\n  no line break after it", // as front matter comes, without its last line break
	"summary: >\n  folded, no line break after it",
	"|\n 0",
	"takeaways:\n  - one\n  - two\n",
	"corrections:\n  - date: 2026-01-02\n    text: \"An earlier version.\"\n",
	"title: 'single ''quoted'''\n",
	"title: \"unclosed\n",
	"title: [unclosed\n",
	"title: x\n  bad: indent\n",
	"- a\n- b\n",
	"plain scalar",
	"title: a & b\n",
	"base: &x 1\nother: *x\n",
	"other: *x\n",
	"%YAML 1.2\n---\na: 1\n",
	"%YAML 1.2\na: 1\n",
	"a: 1\n%TAG ! tag:x,2000:\n",
	"a: 1\n...\nb: 2\n",
	"a: 1\n---\nb: 2\n",
	"a: 1\n--- \n",
	"\ufeffa: 1\n",
	"key: value # comment\n",
	"a:\n  b:\n    c: [1, 2, {d: e}]\n",
	"a: \"tab\there\"\n",
	"a:\tb\n",
	"? complex\n: key\n",
	"a: !!str 1\nb: !custom x\n",
	"title: x\ntitle: y\n",
	"a: b\nc",
	"a: \"multi\n  line\"\n",
	"a: 'x\n\n  y'\n",
	"a: |\n  x\n...",
	"a: b\n....\n",
	"a: b\n--\n",
}

// quickCases are front matters quickYAML reads itself (true) or leaves to
// yaml.v3 (false): the shapes it knows and the edges around them.
var quickCases = map[string]bool{
	"title: \"Kyiv doubles down\"\ndate: 2023-07-18T03:53:00Z\ntopics: [\"Defense Spending\", NATO]\n": true,
	"analyst: Min-jun Quinn\naffiliation: Institute\n":                                                 true,
	"title: \"Zürich talks\"\ntopics: [Café, \"Ünïcode\" , 'Trade' ]\n":                                true,
	"\n\ntitle: 'x'\n\nsummary: \"\"\ntags: []\nmore: ['']\n\n":                                        true,
	"a: b c  d\nb: it's 50% off, C++ or AT&T? x=y x@y b!c a~b a^b x$ (x) a/b a;b\n":                    true,
	"draft: true\nb: True\nc: FALSE\nd: yes\ne: No\nf: on\ng: null\nh: Null\n":                         true,
	"date: 2026-1-2\nb: 2026-01-31T09:00:00+01:00\nc: 2026-01-31T09:00:00.5Z\nd: 2026-01-31\n":         true,
	"yes: x\nno: y\non: z\na1: b\n_a: c":                                                               true,
	"a:  \"x\"\nb:   [a,b]\n":                                                                          true,
	"a: x\u00a0y\u00a0z\n":                                                                             true,
	"a: \u00a0x\n":                                                                                     false,
	"date: 2026-13-01\n":                                                                               false,
	"date: 2026-01-31t09:00:00Z\n":                                                                     false,
	"date: 2026-01-31 09:00:00\n":                                                                      false,
	"date: 20260131\n":                                                                                 false,
	"date: 2026-01-31T09:00Z\nb: 2026-01-31T09:00+09:00\n":                                             false, // no timestamps to yaml.v3: text
	"date: 2026-01-31T09:00:00+0900\n":                                                                 false,
	"date: 2026-01-31 09:00:00 +0200\n":                                                                false,
	"weight: 3\n":                                                                                      false,
	"a: ~\n":                                                                                           false,
	"a:\n":                                                                                             false,
	"a: b \n":                                                                                          false,
	"title: x\n \n":                                                                                    false,
	"A: x\n":                                                                                           false,
	"true: x\n":                                                                                        false,
	"a: @x\n":                                                                                          false,
	"a: $5\n":                                                                                          false,
	"a: b: c\n":                                                                                        false,
	"a: b # c\n":                                                                                       false,
	"a: [2026-01-02, 2026-01-02T10:00:00Z, 2026-01-02T10:00:00+01:00]\nb: [x - y]\n": true,
	"a" + strings.Repeat("b", 63) + ": c\n":                                          true,  // a key of 64 bytes
	"a" + strings.Repeat("b", 64) + ": c\n":                                          false, // longer keys are left to yaml.v3
	"a" + strings.Repeat("b", 1024) + ": c\n":                                        false, // which refuses one over 1,024
	"a: [a,]\n":   false,
	"a: [A?]":     false,
	"a: [A!, b;]": false,
	"a: [1.5/2]":  false,
	"a: [Saint-Denis, Côte d'Ivoire, AT&T (US), R+D, a_b, x 1.5/2]": true,
	"a: [,a]\n":         false,
	"a: [a ,b]\n":       false,
	"a: [ ]\n":          false,
	"a: [a]b\n":         false,
	"a: [[a]]\n":        false,
	"a: [a, {b: c}]\n":  false,
	"a: \"x\\\"y\"\n":   false,
	"a: \"x\" y\n":      false,
	"a: 'it''s'\n":      false,
	"a: x\u2028y\n":     false,
	"a: \"x\u0085y\"\n": false,
	"a: x\ufeffy\n":     false,
	"a: \"x\ty\"\n":     false,
	"a: x\r\n":          false,
	"a:\tx\n":           false,
	"a: -x\n":           false,
	"a: x\n- b\n":       false,
	"a: x\n  b: c\n":    false,
	"":                  false,
	"\n":                false,
}

func TestQuickYAML(t *testing.T) {
	for range 3 { // later rounds reuse the nodes of earlier ones, of other sizes
		for src, quick := range quickCases {
			if got := quickSameAsUnmarshal(t, []byte(src)); got != quick {
				t.Errorf("%q: quickYAML read it: %v, want %v", src, got, quick)
			}
			sameAsUnmarshal(t, []byte(src))
		}
	}
}

// quickSameAsUnmarshal checks that the tree quickYAML reads from src, if
// it reads one, is the one yaml.Unmarshal gives, then frees it. It
// reports whether quickYAML read src.
func quickSameAsUnmarshal(t *testing.T, src []byte) bool {
	t.Helper()
	q := quickYAML(src)
	if q == nil {
		return false
	}
	defer q.free()
	var want yaml.Node
	if err := yaml.Unmarshal(src, &want); err != nil {
		t.Fatalf("%q: quickYAML read it, yaml.Unmarshal fails: %v", src, err)
	}
	got := q.doc
	want.Line, want.Column, got.Line, got.Column = 0, 0, 0, 0
	if !reflect.DeepEqual(&got, &want) {
		t.Fatalf("%q:\ngot  %s\nwant %s", src, dump(&got), dump(&want))
	}
	return true
}

func TestUnmarshalYAML(t *testing.T) {
	for range 2 { // the second time round, every case follows another in the stream
		for _, c := range yamlCases {
			sameAsUnmarshal(t, []byte(c))
		}
	}
}

func FuzzUnmarshalYAML(f *testing.F) {
	for _, c := range yamlCases {
		f.Add([]byte(c))
	}
	for c := range quickCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsUnmarshal(t, src)
		sameAsUnmarshal(t, []byte("title: x\n")) // the stream still reads the next document
		quickSameAsUnmarshal(t, src)             // with nodes freed by others
		quickSameAsUnmarshal(t, []byte("a: b\nc: [d, e]\n"))
	})
}

// BenchmarkUnmarshalYAML reads the front matters of the example site through
// unmarshalYAML (quickYAML or the pooled stream), and through yaml.Unmarshal
// for comparison.
func BenchmarkUnmarshalYAML(b *testing.B) {
	var fms [][]byte
	for _, f := range exampletest.MarkdownFiles(b) {
		if fm, _, _, ok, _ := SplitFrontMatter(normalize(f)); ok {
			fms = append(fms, fm)
		}
	}
	for _, bc := range []struct {
		name string
		fn   func([]byte, *yaml.Node) error
	}{{"unmarshalYAML", func(src []byte, doc *yaml.Node) error {
		q, err := unmarshalYAML(src, doc)
		if q != nil {
			q.free() // as a build does once the file is read
		}
		return err
	}}, {"Unmarshal", func(src []byte, doc *yaml.Node) error { return yaml.Unmarshal(src, doc) }}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				var doc yaml.Node
				if err := bc.fn(fms[i%len(fms)], &doc); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
