package content

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"

	"brief/generator/diag"

	"go.yaml.in/yaml/v3"
)

// splitFrontMatter separates the YAML block between the opening and closing
// `---` lines from the markdown after it. src must already have LF line
// endings and no byte-order mark. bodyLine is the 1-based line on which the
// body starts. ok is false when the file has no front matter at all; a
// front matter that is opened but never closed is reported as a problem.
func splitFrontMatter(src []byte) (fm, body []byte, bodyLine int, ok bool, unclosed bool) {
	if !bytes.HasPrefix(src, []byte("---\n")) && !bytes.Equal(src, []byte("---")) {
		return nil, src, 1, false, false
	}
	rest := src[4:]
	line := 2
	for len(rest) > 0 || line == 2 {
		end := bytes.IndexByte(rest, '\n')
		cur := rest
		if end >= 0 {
			cur = rest[:end]
		}
		if string(bytes.TrimRight(cur, " \t")) == "---" {
			fmEnd := len(src) - len(rest)
			if end < 0 {
				return src[4:fmEnd], nil, line + 1, true, false
			}
			return src[4:fmEnd], rest[end+1:], line + 1, true, false
		}
		if end < 0 {
			break
		}
		rest = rest[end+1:]
		line++
	}
	return nil, nil, 0, true, true
}

// fields decodes one YAML mapping strictly: every key must be known, every
// value must have the expected shape, and every problem is reported at its
// line and column in the original file.
type fields struct {
	file  string
	line0 int // line of the file on which the YAML starts, minus one
	probs *diag.List
	tz    *time.Location
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parse decodes src into a mapping node. It returns nil after reporting a
// problem when src is not valid YAML or not a mapping.
func (f *fields) parse(src []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		msg := err.Error()
		line := 0
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		f.errAt(line, 0, "front matter is not valid YAML: %s", msg)
		return nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode}
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return &yaml.Node{Kind: yaml.MappingNode}
	}
	if root.Kind != yaml.MappingNode {
		f.errNode(root, "front matter must be a list of `key: value` lines")
		return nil
	}
	return root
}

// each calls fn for every key of the mapping that is one of known, and
// reports unknown and repeated keys.
func (f *fields) each(m *yaml.Node, known []string, fn func(key string, v *yaml.Node)) map[string]bool {
	seen := make(map[string]bool, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		if !contains(known, key) {
			if s := suggest(key, known); s != "" {
				f.errNode(k, "unknown key `%s`; did you mean `%s`?", key, s)
			} else {
				f.errNode(k, "unknown key `%s`; known keys are %s", key, strings.Join(known, ", "))
			}
			continue
		}
		if seen[key] {
			f.errNode(k, "key `%s` is given twice", key)
			continue
		}
		seen[key] = true
		fn(key, v)
	}
	return seen
}

// require reports every key of want that is missing from seen.
func (f *fields) require(m *yaml.Node, seen map[string]bool, want ...string) {
	for _, k := range want {
		if !seen[k] {
			line := m.Line
			if len(m.Content) == 0 {
				line = 1
			}
			f.errAt(line, 0, "missing required key `%s`", k)
		}
	}
}

func (f *fields) errNode(n *yaml.Node, format string, args ...any) {
	f.errAt(n.Line, n.Column, format, args...)
}

func (f *fields) errAt(line, col int, format string, args ...any) {
	if line > 0 {
		line += f.line0
	}
	f.probs.Add(f.file, line, col, format, args...)
}

// str reads a scalar as text.
func (f *fields) str(key string, n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		f.errNode(n, "`%s` must be text, not %s", key, kindName(n))
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// strs reads a list of scalars. A lone scalar is refused with a hint, since a
// writer who types `topics: Trade` most likely meant a list of one.
func (f *fields) strs(key string, n *yaml.Node) []string {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		f.errNode(n, "`%s` must be a list, like `%s: [%s]`, not %s", key, key, n.Value, kindName(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode {
			f.errNode(item, "each entry of `%s` must be text, not %s", key, kindName(item))
			continue
		}
		out = append(out, item.Value)
	}
	return out
}

func (f *fields) boolean(key string, n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		f.errNode(n, "`%s` must be true or false, not %q", key, n.Value)
		return false
	}
	return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
}

func (f *fields) integer(key string, n *yaml.Node) int {
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		f.errNode(n, "`%s` must be a whole number, not %q", key, n.Value)
	}
	return v
}

// date reads a timestamp (2019-07-25T09:00:00+09:00) or a bare date
// (2019-07-25), which means midnight in the site's time zone.
func (f *fields) date(key string, n *yaml.Node) time.Time {
	if n.Kind != yaml.ScalarNode {
		f.errNode(n, "`%s` must be a date, not %s", key, kindName(n))
		return time.Time{}
	}
	t, err := ParseDate(n.Value, f.tz)
	if err != nil {
		f.errNode(n, "`%s`: %q is not a date; write 2006-01-02 or 2006-01-02T15:04:05+01:00", key, n.Value)
	}
	return t
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseDate reads the date formats front matter accepts. Times without a
// zone are taken in loc.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	var err error
	for _, layout := range dateLayouts {
		var t time.Time
		t, err = time.ParseInLocation(layout, strings.TrimSpace(s), loc)
		if err == nil {
			return t, nil
		}
	}
	return time.Time{}, err
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a set of keys"
	default:
		return "`" + n.Value + "`"
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest returns the known key closest to key, if it is close enough to be
// a typo.
func suggest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(strings.ToLower(key), k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein edit distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
