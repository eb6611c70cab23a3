package content

import (
	"brief/generator/diag"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		src, fm, body string
		bodyLine      int
		ok, unclosed  bool
	}{
		{"---\ntitle: x\n---\nbody\n", "title: x\n", "body\n", 4, true, false},
		{"---\ntitle: x\n---", "title: x\n", "", 4, true, false},
		{"---\n---\n", "", "", 3, true, false},
		{"---\n---", "", "", 3, true, false},
		{"--- \ntitle: x\n---  \n\nbody", "title: x\n", "\nbody", 4, true, false},
		{"---\na: 1\nb: 2\n---\n---\n", "a: 1\nb: 2\n", "---\n", 5, true, false},
		{"---", "", "", 0, true, true},
		{"---\n", "", "", 0, true, true},
		{"---\ntitle: x\n", "", "", 0, true, true},
		{"----\n---\n", "", "----\n---\n", 1, false, false},
		{"body only\n", "", "body only\n", 1, false, false},
		{"", "", "", 1, false, false},
		{"\n---\ntitle: x\n---\n", "", "\n---\ntitle: x\n---\n", 1, false, false},
	}
	for _, tt := range tests {
		fm, body, line, ok, unclosed := SplitFrontMatter([]byte(tt.src))
		if string(fm) != tt.fm || string(body) != tt.body || line != tt.bodyLine || ok != tt.ok || unclosed != tt.unclosed {
			t.Errorf("SplitFrontMatter(%q) = %q, %q, %d, %v, %v; want %q, %q, %d, %v, %v",
				tt.src, fm, body, line, ok, unclosed, tt.fm, tt.body, tt.bodyLine, tt.ok, tt.unclosed)
		}
	}
}

// TestBriefingProblems reads one briefing per case and checks every
// problem reported, with its position: the YAML errors on the line of the
// file where they are (the YAML starts on line 2), each key's problem at
// its key or value.
func TestBriefingProblems(t *testing.T) {
	const ok = "title: \"T\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n"
	tests := []struct {
		name, file string
		want       string // problems, one per line
	}{
		{"valid", "---\n" + ok + "---\nBody.\n", ""},
		{"no front matter", "Body.\n", "1:1: missing front matter; start the file with a `---` line, the keys, and another `---` line"},
		{"TOML front matter", "+++\ntitle = \"T\"\n+++\nBody.\n", "1:1: front matter in TOML (between `+++` lines, as Hugo allows) is not read; write it in YAML between `---` lines: `title = \"T\"` becomes `title: \"T\"`"},
		{"unclosed", "---\n" + ok + "\nBody.\n", "1:1: front matter opened with `---` on line 1 is never closed; add a line with `---` after the last key"},
		{"only a fence", "---", "1:1: front matter opened with `---` on line 1 is never closed; add a line with `---` after the last key"},
		{"colon on the first line", "---\ntitle: Sanctions: a primer\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\n",
			"2:17: front matter is not valid YAML: unexpected `:`; a value that contains `: ` must be in quotes, like `title: \"Sanctions: a primer\"`"},
		{"colon later", "---\n" + ok + "author: Kim: analyst\n---\n",
			"6:12: front matter is not valid YAML: unexpected `:`; a value that contains `: ` must be in quotes, like `author: \"Kim: analyst\"`"},
		{"indented key", "---\ntitle: \"T\"\nsummary: \"S\"\n  date: 2026-01-02\ntopics: [Trade]\n---\n",
			"4:0: front matter is not valid YAML: this line does not line up with the keys before it: check its indentation, and the quotes on the line before"},
		{"unclosed list", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade, Energy\n---\n",
			"5:9: front matter is not valid YAML: the `[` that opens this value is never closed; add the `]`, and put entries that contain commas in quotes"},
		{"unclosed quote at the end", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\nauthor: \"Kim\n---\n",
			"6:9: front matter is not valid YAML: the quote that opens this value is never closed; add the closing `\"`"},
		{"unclosed quote that runs on", "---\ntitle: \"Quay Desk\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\n",
			"2:8: front matter is not valid YAML: the quote that opens this value is not closed on its line; add the closing `\"`"},
		{"an alias, with the rest after it", "---\ntitle: T\nsummary: *Breaking* news\ndate: 2026-01-02\ntopics: [Trade]\ndateline: *Kyiv*\n---\n",
			"3:10: front matter is not valid YAML: a value cannot start with `*`, which YAML reads as an alias; put the value in quotes, like `summary: \"*Breaking* news\"`\n" +
				"6:11: front matter is not valid YAML: a value cannot start with `*`, which YAML reads as an alias; put the value in quotes, like `dateline: \"*Kyiv*\"`"},
		{"an anchor", "---\n" + ok + "author: &nbsp; spaced\n---\n",
			"6:9: front matter is not valid YAML: a value cannot start with `&`, which YAML reads as an anchor; put the value in quotes, like `author: \"&nbsp; spaced\"`"},
		{"an alias of no anchor", "---\n" + ok + "author: *who\n---\n",
			"6:9: front matter is not valid YAML: a value cannot start with `*`, which YAML reads as an alias; put the value in quotes, like `author: \"*who\"`"},
		{"an anchor and its alias", "---\ntitle: &t \"X\"\nsummary: *t\ndate: 2026-01-02\ntopics: [Trade]\n---\n",
			"2:8: a value cannot start with `&`, which YAML reads as an anchor, and brief does not use anchors; put the value in quotes, or delete `&t`\n" +
				"3:10: a value cannot start with `*`, which YAML reads as an alias, and brief does not use aliases; put the value in quotes, like `summary: \"*t\"`"},
		{"a list entry", "---\n" + ok + "author: - dash start\n---\n",
			"6:9: front matter is not valid YAML: a value cannot start with `- `, which YAML reads as a list entry; put the value in quotes, like `author: \"- dash start\"`"},
		{"a key", "---\n" + ok + "author: ? question\n---\n",
			"6:9: front matter is not valid YAML: a value cannot start with `? `, which YAML reads as a key; put the value in quotes, like `author: \"? question\"`"},
		{"a block of text", "---\ntitle: > arrow\nsummary: | pipe\ndate: 2026-01-02\ntopics: [Trade]\n---\n",
			"2:8: front matter is not valid YAML: a value cannot start with `>`, which YAML reads as the start of a block of text on the lines below; put the value in quotes, like `title: \"> arrow\"`\n" +
				"3:10: front matter is not valid YAML: a value cannot start with `|`, which YAML reads as the start of a block of text on the lines below; put the value in quotes, like `summary: \"| pipe\"`"},
		{"a block of text, rightly", "---\ntitle: >-\n  *T*\n  - x\nsummary: | # S\n  \"S\" and\ndate: 2026-01-02\ntopics: [Trade]\n---\n", ""},
		{"text after brackets", "---\n" + ok + "author: [Updated] new talks\n---\n",
			"6:18: front matter is not valid YAML: text after the closing `]`: a value that starts with `[` is a list to YAML; put the whole value in quotes, like `author: \"[Updated] new talks\"`"},
		{"text after quotes", "---\ntitle: \"Quoted\" and more\nsummary: 'It's here'\ndate: 2026-01-02\ntopics: [Trade]\n---\n",
			"2:16: front matter is not valid YAML: text after the closing quote: a value that starts with a quote ends at the next one; put the whole value in quotes, like `title: '\"Quoted\" and more'`\n" +
				"3:14: front matter is not valid YAML: text after the closing quote: a value that starts with a quote ends at the next one; put the whole value in quotes, like `summary: \"It's here\"`"},
		{"quotes and brackets that close on a later line", "---\ntitle: \"T\nU\" # c\nsummary: [a,\n  'b]']\ndate: 2026-01-02\ntopics: [Trade]\nauthor: x: y\n---\n",
			"8:10: front matter is not valid YAML: unexpected `:`; a value that contains `: ` must be in quotes, like `author: \"x: y\"`"},
		{"a comment for a value", "---\ntitle: #MeToo explained\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\ndateline: #Kyiv\n---\n",
			"2:7: `title` is empty: `#` starts a comment, so YAML leaves out `#MeToo explained`; put the value in quotes, like `title: \"#MeToo explained\"`\n" +
				"6:10: `dateline` is empty: `#` starts a comment, so YAML leaves out `#Kyiv`; put the value in quotes, like `dateline: \"#Kyiv\"`"},
		{"a fence of four hyphens", "----\n" + ok + "---\n", "1:1: the first line is `----`, not `---`; front matter opens and closes with a line of three hyphens"},
		{"a fence of two hyphens", "--\n" + ok + "---\n", "1:1: the first line is `--`, not `---`; front matter opens and closes with a line of three hyphens"},
		{"tab indent", "---\n" + ok + "takeaways:\n\t- One\n---\n",
			"7:1: front matter is not valid YAML: this line is indented with a tab, and YAML indents with spaces only; replace the tab with spaces"},
		{"colon in a value", "---\ntitle: Sanctions: what they mean\n" + ok + "---\n",
			"2:17: front matter is not valid YAML: unexpected `:`; a value that contains `: ` must be in quotes, like `title: \"Sanctions: what they mean\"`"},
		{"line without colon", "---\n" + ok + "draft\n---\n",
			"6:0: front matter is not valid YAML: a line is not `key: value`; add the `:`, or indent it if it continues the line before"},
		{"not a mapping", "---\n- a\n- b\n---\n", "2:1: front matter must be a set of `key: value` lines, not a list"},
		{"misspelt key", "---\n" + ok + "updatd: 2026-01-03\n---\n", "6:1: unknown key `updatd`; did you mean `updated`?"},
		{"a Hugo key", "---\n" + ok + "tags: [x]\n---\n", "6:1: unknown key `tags`; did you mean `topics`?"},
		{"a required key misspelt is not missing too", "---\ntittle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02\ntags: [Trade]\n---\n",
			"2:1: unknown key `tittle`; did you mean `title`?\n5:1: unknown key `tags`; did you mean `topics`?"},
		{"a short key is not a typo of a longer one", "---\n" + ok + "tag: x\n---\n", "6:1: unknown key `tag`; did you mean `topics`?"},
		{"a short unknown key", "---\n" + ok + "img: x\n---\n", "6:1: unknown key `img`; known keys are title, summary, date, updated, author, dateline, contact, topics, takeaways, corrections, draft, slug, aliases"},
		{"unknown key", "---\n" + ok + "colour: blue\n---\n", "6:1: unknown key `colour`; known keys are title, summary, date, updated, author, dateline, contact, topics, takeaways, corrections, draft, slug, aliases"},
		{"key twice", "---\n" + ok + "title: \"U\"\n---\n", "6:1: key `title` is given twice; keep one"},
		{"keys after the end of the YAML", "---\n" + ok + "...\ntitel: \"lost\"\n---\n", "6:1: the YAML ends at this `...` line, and brief would ignore what follows it; delete the line"},
		{"a comment after the end of the YAML", "---\n" + ok + "...\n# nothing more\n\n---\n", ""},
		{"missing keys", "---\ntitle: \"T\"\ntopics: [Trade]\n---\n",
			"1:1: missing required key `date`; add a line like `date: 2026-01-31`\n1:1: missing required key `summary`; add a line like `summary: \"One sentence that says what the briefing is about.\"`"},
		{"empty values", "---\ntitle:\nsummary: \"\"\ndate: 2026-01-02\ntopics: []\n---\n",
			"2:7: `title` is empty; give it a value, like `title: \"What the sanctions mean\"`\n3:10: `summary` is empty; give it a value, like `summary: \"One sentence that says what the briefing is about.\"`\n5:9: `topics` needs at least one topic"},
		{"text for a list", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: North Korea\n---\n",
			"5:9: `topics` must be a list, like `topics: [North Korea]`, not `North Korea`; if it is several, separate them with commas: `topics: [North, Korea]`"},
		{"takeaways as a text", "---\n" + ok + "takeaways: Talks resume in May\n---\n",
			"6:12: `takeaways` must be a list, like `takeaways: [\"Talks resume in May\"]`, not `Talks resume in May`"},
		{"list for text", "---\ntitle: [A, B]\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\n",
			"2:8: `title` must be text, not a list; if the brackets or braces belong to the text, put it all in quotes"},
		{"bad date", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 25/07/2019\ntopics: [Trade]\n---\n",
			"4:7: `date`: \"25/07/2019\" is not a date; write the year, month and day (2026-01-31), with a time after it if you like (2026-01-31T09:00, 2026-01-31 09:00:00), and a zone after the time when it is not the site's (2026-01-31T09:00:00+01:00, 2026-01-31T09:00Z, 2026-01-31 09:00:00 +0100)"},
		{"a month and day of one digit", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-3-5\ntopics: [Trade]\nupdated: 2026-3-5 10:00 +0200\n---\n",
			"4:7: `date`: \"2026-3-5\" is not a date; write the month and day in two digits each, like 2026-03-05\n" +
				"6:10: `updated`: \"2026-3-5 10:00 +0200\" is not a date; write the month and day in two digits each, like 2026-03-05 10:00 +0200"},
		{"times with a zone as Hugo and Jekyll write them", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02T09:00+09:00\ntopics: [Trade]\nupdated: 2026-01-02 09:00:00 +0200\n---\n", ""},
		{"no such day", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-02-29T10:00:00Z\ntopics: [Trade]\n---\n",
			"4:7: `date`: 2026-02-29T10:00:00Z is not a day of the calendar; check the month and day"},
		{"updated the day it was published", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02T10:00:00+09:00\ntopics: [Trade]\nupdated: 2026-01-02\n---\n", ""},
		{"updated the day before a timed date", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02T10:00:00+09:00\ntopics: [Trade]\nupdated: 2026-01-01\n---\n",
			"6:10: `updated` (2026-01-01) is before `date` (2026-01-02); `updated` is when the briefing last changed"},
		{"updated earlier the same day", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02T10:00:00+09:00\ntopics: [Trade]\nupdated: 2026-01-02T09:00:00+09:00\n---\n",
			"6:10: `updated` (2026-01-02 09:00) is before `date` (2026-01-02 10:00); `updated` is when the briefing last changed"},
		{"past the year 9999 in UTC", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 9999-12-31T23:59:59-12:00\ntopics: [Trade]\n---\n",
			"4:7: `date`: 9999-12-31T23:59:59-12:00 is outside the years 1000 to 9999 (in UTC); check the year"},
		{"the zero time", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 0001-01-01\ntopics: [Trade]\n---\n",
			"4:7: `date`: 0001-01-01 is outside the years 1000 to 9999 (in UTC); check the year"},
		{"a year of three digits", "---\n" + ok + "updated: 0202-01-01\n---\n",
			"6:10: `updated`: 0202-01-01 is outside the years 1000 to 9999 (in UTC); check the year"},
		{"empty date, reported once", "---\ntitle: \"T\"\nsummary: \"S\"\ndate:\ntopics: [Trade]\n---\n",
			"4:6: `date` is empty; give it a value, like `date: 2026-01-31`"},
		{"topics that are not text, each at its place", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [[x], \"!!\", Trade]\n---\n",
			"5:10: each entry of `topics` must be text, not a list\n5:15: topic \"!!\" has no letters or digits"},
		{"only a list in topics", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [[x, y]]\n---\n",
			"5:10: each entry of `topics` must be text, not a list"},
		{"empty takeaways", "---\n" + ok + "takeaways: [\"\", \"  \", \"A point.\"]\n---\n",
			"6:13: a takeaway is empty; write the point, or delete the entry\n6:17: a takeaway is empty; write the point, or delete the entry"},
		{"no such hour", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02T25:00:00Z\ntopics: [Trade]\n---\n",
			"4:7: `date`: 2026-01-02T25:00:00Z is not a time of day; check the hours and minutes"},
		{"updated before date", "---\n" + ok + "updated: 2026-01-01\n---\n",
			"6:10: `updated` (2026-01-01) is before `date` (2026-01-02); `updated` is when the briefing last changed"},
		{"slug escaping", "---\n" + ok + "slug: ../../etc\n---\n",
			"6:7: `slug` names the briefing's own folder, so it cannot contain `/` or `..`; use lowercase letters, digits and hyphens, like \"etc\""},
		{"slug of dots alone", "---\n" + ok + "slug: \"..\"\n---\n",
			"6:7: `slug` names the briefing's own folder, so it cannot contain `/` or `..`; use lowercase letters, digits and hyphens, like \"sanctions-explained\""},
		{"slug with capitals", "---\n" + ok + "slug: My-Slug\n---\n", "6:7: `slug` must be lowercase letters, digits and hyphens, like \"my-slug\""},
		{"slug of punctuation", "---\n" + ok + "slug: \"!!\"\n---\n", "6:7: `slug` needs letters or digits, like \"sanctions-explained\""},
		{"correction without text", "---\n" + ok + "corrections:\n  - date: 2026-01-03\n---\n", "7:5: missing required key `text`; add it, like `text: \"An earlier version misstated the range.\"`"},
		{"slug too long", "---\n" + ok + "slug: " + strings.Repeat("ab", 101) + "\n---\n",
			"6:7: `slug` is 202 bytes long, more than the 200 brief takes for a folder name in a URL; shorten it"},
		{"topic too long", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade, " + strings.Repeat("Ж", 101) + "]\n---\n",
			"5:17: topic \"ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ\"… would be a folder name of 202 bytes in its URL, more than the 200 brief takes; shorten it"},
		{"topic just short enough", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [" + strings.Repeat("Ж", 100) + "]\n---\n", ""},
		{"topic without letters", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [\"?!\"]\n---\n", "5:10: topic \"?!\" has no letters or digits"},
		{"invalid UTF-8", "---\ntitle: \"Caf\xe9\"\n---\n", "2:12: the file is not valid UTF-8; save it as UTF-8" + latinHint},
		{"control character", "---\n" + ok + "---\nA vertical\vtab.\n", "7:11: the file holds the invisible control character U+000B, which pages and feeds cannot carry; delete it"},
		{"every control character", "---\n" + ok + "---\nA\x01b\x1bc\nd\x01\n", "7:2: the file holds the invisible control character U+0001, which pages and feeds cannot carry; delete it\n" +
			"7:4: the file holds the invisible control character U+001B, which pages and feeds cannot carry; delete it\n" +
			"8:2: the file holds the invisible control character U+0001, which pages and feeds cannot carry; delete it"},
		{"every place not in UTF-8", "---\ntitle: \"Caf\xe9 cr\xe8me \xe9\xe9\"\n---\n", "2:12: the file is not valid UTF-8; save it as UTF-8" + latinHint + "\n" +
			"2:16: the file is not valid UTF-8; save it as UTF-8\n2:20: the file is not valid UTF-8; save it as UTF-8"},
		{"ten bad characters and the count of the rest", "---\n" + ok + "---\n" + strings.Repeat("\x02\n", 13),
			tenControls() + "17:1: and 3 more characters like those above, from here on"},
		{"C1 control in the front matter", "---\ntitle: \"T\u0085\"\n---\n", "2:10: the file holds the invisible control character U+0085, which pages and feeds cannot carry; delete it"},
		{"DEL", "---\n" + ok + "---\nx\x7f\n", "7:2: the file holds the invisible control character U+007F, which pages and feeds cannot carry; delete it"},
		{"line separators in a value are no line breaks", "---\ntitle: \"T\u2028\u2029\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\nupdatd: 2026-01-03\n---\n",
			"6:1: unknown key `updatd`; did you mean `updated`?"},
		{"a line separator at the end of the YAML", "---\ntitle: \"T\"\nsummary: [\u2029\n---\n",
			"3:10: front matter is not valid YAML: the `[` that opens this value is never closed; add the `]`, and put entries that contain commas in quotes"}, // at the `[`, on the line of the file
		{"a date in the future", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: 2999-01-02\ntopics: [Trade]\n---\n",
			"4:7: `date` (2999-01-02) is in the future: the briefing is published now, and listed first until then; set `draft: true` to hold it back"},
		{"tomorrow's date is not the future", "---\ntitle: \"T\"\nsummary: \"S\"\ndate: " + time.Now().UTC().Add(12*time.Hour).Format("2006-01-02") + "\ntopics: [Trade]\n---\n", ""},
		{"CR line endings", "---\rtitle: \"T\"\rsummary: \"S\"\rdate: 2026-01-02\rtopics: Trade\r---\r", "5:9: `topics` must be a list, like `topics: [Trade]`, not `Trade`"},
		{"CRLF and BOM", "\ufeff---\r\ntitle: \"T\"\r\nsummary: \"S\"\r\ndate: 2026-01-02\r\ntopics: Trade\r\n---\r\n", "5:9: `topics` must be a list, like `topics: [Trade]`, not `Trade`"},
		{"a note where a briefing goes", "---\naffiliation: Desk\nanalyst: Ann Lee\ndate: 2026-01-03\n---\nMy assessment.\n",
			"3:1: this file holds an analyst's note (it has `analyst` and no `title`), but a file directly in a section is a briefing; a note goes in the notes/ folder of its briefing's bundle, like content/world/<briefing>/notes/<analyst>.md"},
		{"a briefing with an analyst key", "---\ntitle: \"T\"\nanalyst: Ann Lee\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\n", "3:1: unknown key `analyst`; known keys are title, summary, date, updated, author, dateline, contact, topics, takeaways, corrections, draft, slug, aliases"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"site.yaml":          {Data: []byte("base_url: https://example.org/\n")},
				"content/world/x.md": {Data: []byte(tt.file)},
			}
			_, probs := Load(fsys, "")
			probs.Sort()
			var got []string
			for _, p := range probs {
				if p.File != "content/world/x.md" {
					t.Errorf("problem in another file: %s", p)
					continue
				}
				got = append(got, fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg))
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("problems:\n%s\nwant:\n%s", g, tt.want)
			}
		})
	}
}

// tenControls is the problems of the first ten lines of U+0002 after the
// front matter of TestBriefingProblems.
func tenControls() string {
	var b strings.Builder
	for line := 7; line < 17; line++ {
		fmt.Fprintf(&b, "%d:1: the file holds the invisible control character U+0002, which pages and feeds cannot carry; delete it\n", line)
	}
	return b.String()
}

// TestMissingConfig checks that a site without site.yaml, built without
// --base-url, gets one error that says so, not a second one about the
// base URL the missing file lacks.
func TestMissingConfig(t *testing.T) {
	fsys := fstest.MapFS{"content/world/x.md": {Data: []byte("---\ntitle: X\nsummary: S\ndate: 2024-01-02\ntopics: [a]\n---\nBody.\n")}}
	_, probs := Load(fsys, "")
	if len(probs) != 1 || probs[0].File != ConfigFile || !strings.Contains(probs[0].Msg, "site.yaml is missing") {
		t.Errorf("problems = %v, want one: site.yaml is missing", probs)
	}
	if _, probs := Load(fsys, "https://example.org/"); len(probs) != 0 {
		t.Errorf("with a base URL given, problems = %v, want none", probs)
	}
}

// TestNoteAnalystTooLong checks that an analyst's name whose slug could not
// be a folder name is an error at its line, as a long slug or topic is.
func TestNoteAnalystTooLong(t *testing.T) {
	cfg := &Config{Timezone: time.UTC}
	for name, want := range map[string]int{strings.Repeat("Ana ", 40): 0, strings.Repeat("Ana ", 60): 1} {
		var probs diag.List
		parseNote("content/world/x/notes/n.md", []byte("---\nanalyst: \""+name+"\"\n---\nNote.\n"), cfg, &probs)
		if len(probs) != want || want == 1 && (probs[0].Line != 2 || !strings.Contains(probs[0].Msg, "more than the 200 brief takes")) {
			t.Errorf("analyst of %d bytes: problems %v, want %d", len(name), probs, want)
		}
	}
}

// TestTopicNamesTrimmed checks that a topic is read without the white
// space around it and with each run inside it made one space, in a
// briefing's `topics` and a description's `title`: "  padded  " is the
// spelling "padded", and a tab is not kept to be shown in listings.
func TestTopicNamesTrimmed(t *testing.T) {
	cfg := &Config{Timezone: time.UTC}
	var probs diag.List
	b := parseBriefing("content/world/x.md", []byte("---\ntitle: T\nsummary: S\ndate: 2026-01-02\n"+
		"topics: [\"  padded  \", \"Tab\tinside\", \"two  spaces\", \"end \", \"Côte\u00a0d'Ivoire\", \"line\\nbreak\", Trade]\n---\nBody.\n"),
		"world", "x", false, cfg, &probs)
	want := []string{"padded", "Tab inside", "two spaces", "end", "Côte d'Ivoire", "line break", "Trade"}
	if len(probs) > 0 || fmt.Sprintf("%q", b.Topics) != fmt.Sprintf("%q", want) {
		t.Errorf("topics = %q, problems %v; want %q", b.Topics, probs, want)
	}
	tp := parseTopic("content/topics/padded.md", []byte("---\ntitle: \" Padded\t\"\n---\n"), cfg, &probs)
	if tp.Title != "Padded" {
		t.Errorf("description title = %q; want %q", tp.Title, "Padded")
	}
}

// TestScalarTitles holds what the README says of a title or summary that
// YAML would read as another kind of value, a number, a date or a
// boolean: it is read as its text, as written (a title "1984" is a real
// title), where yaml.v3 would make 0x1F 31 and 1e3 1000; empty (~, null)
// it is an error.
func TestScalarTitles(t *testing.T) {
	cfg := &Config{Timezone: time.UTC}
	for _, value := range []string{"42", "1984", "2024-03-01", "2024-03-01T10:00:00Z", "0x1F", "1e3", "042", "-7", "3.50", "true", "yes", ".inf", "12:30"} {
		var probs diag.List
		src := "---\ntitle: " + value + "\nsummary: " + value + "\ndate: 2026-01-02\ntopics: [" + value + "]\n---\nBody.\n"
		b := parseBriefing("content/world/x.md", []byte(src), "world", "x", false, cfg, &probs)
		if len(probs) > 0 || b.Title != value || b.Summary != value || len(b.Topics) != 1 || b.Topics[0] != value {
			t.Errorf("title, summary and topic %s: %q, %q, %q, problems %v; want each %q", value, b.Title, b.Summary, b.Topics, probs, value)
		}
	}
	for _, value := range []string{"~", "null"} {
		var probs diag.List
		parseBriefing("content/world/x.md", []byte("---\ntitle: "+value+"\nsummary: S\ndate: 2026-01-02\ntopics: [T]\n---\n"), "world", "x", false, cfg, &probs)
		if len(probs) != 1 || !strings.Contains(probs[0].Msg, "`title` is empty") {
			t.Errorf("title: %s: problems %v; want it empty", value, probs)
		}
	}
}

// TestCorrectionsInDateOrder holds that corrections are kept in the order
// they were made, whatever the order they are written in, with their
// texts' positions.
func TestCorrectionsInDateOrder(t *testing.T) {
	cfg := &Config{Timezone: time.UTC}
	var probs diag.List
	b := parseBriefing("content/world/x.md", []byte("---\ntitle: T\nsummary: S\ndate: 2025-01-01\ntopics: [T]\ncorrections:\n"+
		"  - date: 2025-03-01\n    text: Third.\n  - date: 2025-02-01\n    text: Second.\n  - date: 2025-02-01\n    text: Second too.\n---\nBody.\n"),
		"world", "x", false, cfg, &probs)
	var got []string
	for _, c := range b.Corrections {
		got = append(got, fmt.Sprintf("%s %s @%d", c.Date.Format("01-02"), c.Text, c.TextAt.Line))
	}
	want := []string{"02-01 Second. @10", "02-01 Second too. @12", "03-01 Third. @8"}
	if len(probs) > 0 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("corrections %q, problems %v; want %q", got, probs, want)
	}
}

// TestCountWordsUnspacedScripts holds that scripts written without spaces
// between words count by their characters, 23 words for 50 of them, and
// others by runs between spaces, whatever their script.
func TestCountWordsUnspacedScripts(t *testing.T) {
	for _, c := range []struct {
		body string
		want int
	}{
		{"One two  three\tfour\nfive", 5},
		{strings.Repeat("Экономика растёт ", 100), 200},
		{strings.Repeat("日本の経済は成長している。", 100), 1 + 1200*23/50}, // 12 of the 13 characters; 。 is not a letter
		{strings.Repeat("ประเทศไทย ", 10), 10 + 90*23/50},
		{"Café “quoted” — ok", 4},
	} {
		if got := countWords([]byte(c.body)); got != c.want {
			t.Errorf("countWords(%.30q…) = %d; want %d", c.body, got, c.want)
		}
	}
}

// TestUnspacedAtEveryOffset holds unspaced, which passes over eight bytes
// at a time, to counting rune by rune: characters of two, three and four
// bytes, counted and not, at every offset around the eight-byte steps,
// and bytes that begin no character.
func TestUnspacedAtEveryOffset(t *testing.T) {
	byRune := func(b []byte) int {
		n := 0
		for _, r := range string(b) {
			if spaceless(r) {
				n++
			}
		}
		return n
	}
	for _, c := range []string{"ก", "日", "の", "𠀀", "—", "é", "😀", "\xe0", "\xff", "Ж"} {
		for pad := range 17 {
			for gap := range 10 {
				text := []byte(strings.Repeat("a", pad) + c + strings.Repeat("b", gap) + c + c + strings.Repeat(" ", pad%5))
				if got, want := unspaced(text), byRune(text); got != want {
					t.Errorf("unspaced(%q) = %d; counted rune by rune, %d", text, got, want)
				}
				if got, want := countWords(text), countWordsByByte(text); got != want {
					t.Errorf("countWords(%q) = %d; byte by byte, %d", text, got, want)
				}
			}
		}
	}
}

// countWordsByByte is countWords a byte at a time.
func countWordsByByte(b []byte) int {
	n, in, wide := 0, false, false
	for _, c := range b {
		space := c == ' ' || c == '\n' || c == '\t'
		if !space && !in {
			n++
		}
		in = !space
		wide = wide || c >= 0xE0
	}
	if wide {
		n += unspaced(b) * 23 / 50
	}
	return n
}

// TestConfidenceAnyCase reads a note's `confidence` in any case, as the
// lowercase word it shows, and still refuses another word. Left empty
// (`confidence:` or `~`) it is not given, as any optional key; a list is
// told once that it must be text.
func TestConfidenceAnyCase(t *testing.T) {
	cfg := &Config{Timezone: time.UTC}
	for value, want := range map[string]string{"High": "high", "MODERATE": "moderate", "low": "low", "certain": "", "~": "-", "": "-", "[high]": "text"} {
		var probs diag.List
		n := parseNote("content/world/x/notes/n.md", []byte("---\nanalyst: Ann\nconfidence: "+value+"\n---\nNote.\n"), cfg, &probs)
		switch want {
		case "":
			if len(probs) != 1 || !strings.Contains(probs[0].Msg, "must be low, moderate or high") {
				t.Errorf("confidence %q: problems %v, want the one that names the three", value, probs)
			}
			continue
		case "text":
			if len(probs) != 1 || !strings.Contains(probs[0].Msg, "must be text") {
				t.Errorf("confidence %q: problems %v, want one saying it must be text", value, probs)
			}
			continue
		case "-":
			if len(probs) != 0 || n.Confidence != "" {
				t.Errorf("confidence %q: read %q with problems %v, want none", value, n.Confidence, probs)
			}
			continue
		}
		if len(probs) != 0 || n.Confidence != want {
			t.Errorf("confidence %q: read %q with problems %v, want %q", value, n.Confidence, probs, want)
		}
	}
}

// TestBlockScalarsTrimmed reads a text written as a YAML block (`|` or
// `>`) without the line break that ends it, which a feed's summary and a
// page's meta description would otherwise carry; `|-` has none.
func TestBlockScalarsTrimmed(t *testing.T) {
	cfg := &Config{Timezone: time.UTC}
	for _, block := range []string{"|\n  A literal\n  summary\n", ">\n  A literal\n  summary\n\n", "|-\n  A literal\n  summary\n", "|+\n  A literal\n  summary\n\n"} {
		var probs diag.List
		b := parseBriefing("content/world/x.md", []byte("---\ntitle: T\nsummary: "+block+"date: 2026-01-02\ntopics: [T]\n---\nBody.\n"), "world", "x", false, cfg, &probs)
		if len(probs) != 0 || strings.HasSuffix(b.Summary, "\n") || !strings.HasPrefix(b.Summary, "A literal") {
			t.Errorf("summary %q: read %q with problems %v, want it without its last line break", block, b.Summary, probs)
		}
	}
}

// TestProseWords counts a body's words for its reading time without its
// fenced code blocks, which a reader skims: a 2,000-line listing made an
// "87 min read". What only looks like a fence is counted. Nor are the
// words of HTML comments counted, which the page does not show.
func TestProseWords(t *testing.T) {
	code := strings.Repeat("x := compute(a, b, c)\n", 2000)
	for _, c := range []struct {
		body string
		want int
	}{
		{"one two\n\n```go\n" + code + "```\n\nthree four\n", 4},
		{"one\n~~~~\n" + code + "~~~\nstill code\n~~~~\ntwo\n", 2}, // closed by a fence as long
		{"one\n   ```\ncode here\n   ```\ntwo\n", 2},               // up to three spaces before
		{"one\n    ```\nfour spaces: an indented code block\n", 8}, // counted
		{"one ``` two ``` three\n", 5},                             // inline code spans, counted
		{"one\n```a`b\nnot a fence: a backtick in its info\n", 10}, // counted
		{"one\n```\nnever closed, code to the end\n", 1},
		// HTML comments, which the page leaves out, are left out too.
		{"one <!-- " + strings.Repeat("note ", 3000) + "--> two\n", 2},
		{"one\n\n<!--\n" + strings.Repeat("note\n", 3000) + "-->\n\n```\n<!-- code -->\n```\ntwo\n", 2},
		{"one <!--> two <!---> three\n", 3}, // empty comments
		{"one\n\n<!-- never closed, to the end\n\nmore\n", 1},
	} {
		if got := proseWords([]byte(c.body)); got != c.want {
			t.Errorf("proseWords(%.40q…) = %d; want %d", c.body, got, c.want)
		}
	}
}

// latinHint follows the first "not valid UTF-8" of a file.
const latinHint = " (a file from an older editor is most often in Windows-1252: `iconv -f windows-1252 -t utf-8` converts it)"

// TestRelativeAlias: a relative alias is told which address to write
// instead, and that address is one aliasPath takes. For ../old/ it said
// /../old/, which it then refused. In a section, it is the address Hugo
// took it for: beside the page, in its section.
func TestRelativeAlias(t *testing.T) {
	for _, tt := range []struct{ alias, section, like string }{
		{"./old2/", "", "/old2/"},
		{"../old/", "", "/old/"},
		{"old", "", "/old"},
		{"2019/../old-title.html", "", "/old-title.html"},
		{"../", "", "/2019/old-title/"},
		{".", "", "/2019/old-title/"},
		{"old-a", "posts", "/posts/old-a"},
		{"old/", "posts", "/posts/old/"},
		{"../old/", "posts", "/old/"},
		{".", "posts", "/2019/old-title/"},
		{"../", "posts", "/2019/old-title/"},
	} {
		_, why := aliasPath(tt.alias, tt.section)
		_, like, ok := strings.Cut(why, "like ")
		if !strings.HasPrefix(why, "is relative") || !ok || like != tt.like {
			t.Errorf("alias %q: %q; want it told to write %s", tt.alias, why, tt.like)
			continue
		}
		if p, why := aliasPath(like, tt.section); why != "" || p == "" {
			t.Errorf("alias %q is told to write %s, which is refused: %s", tt.alias, like, why)
		}
	}
}

// TestBareDayAfterTimedDate: a bare `updated` or correction date names a
// day, and a timed `date` falls on one day in its own zone and maybe on
// another in the site's. A bare day later than the date's own came after
// it (from that day's start in the date's zone), and the date's own day or
// its day in the site's zone is the date itself. The next day was refused,
// or warned of, since its midnight in the site's zone came before the
// date, and a correction on it did not move the modified time.
func TestBareDayAfterTimedDate(t *testing.T) {
	for _, tt := range []struct {
		name, zone, date, updated, corrected string
		want                                 string // the problems, one a line
		wantUpdated, wantCorrected           string // RFC 3339, "" for as written
	}{
		{"the next day where it was dated", "UTC", "2026-01-05T23:00:00-05:00", "2026-01-06", "2026-01-06", "",
			"2026-01-06T00:00:00-05:00", "2026-01-06T00:00:00-05:00"},
		{"its own day", "UTC", "2026-01-05T23:00:00-05:00", "2026-01-05", "2026-01-05", "",
			"2026-01-05T23:00:00-05:00", "2026-01-05T00:00:00Z"},
		{"its day in the site's zone", "Asia/Tokyo", "2026-01-05T20:00:00Z", "2026-01-06", "2026-01-06", "",
			"2026-01-06T00:00:00Z", "2026-01-06T00:00:00Z"},
		{"its day in the site's zone, behind its own", "UTC", "2026-01-06T01:00:00+09:00", "2026-01-05", "2026-01-05", "",
			"2026-01-06T01:00:00+09:00", "2026-01-05T00:00:00Z"},
		{"the day before", "UTC", "2026-01-05T23:00:00-05:00", "2026-01-04", "2026-01-04",
			"6:10: `updated` (2026-01-04) is before `date` (2026-01-05); `updated` is when the briefing last changed\n" +
				"9:11: correction dated 2026-01-04, before the briefing's date 2026-01-05T23:00:00-05:00; a correction comes after the briefing it corrects, so check its date",
			"", ""},
		// The day of `updated` is after that of `date` as each is
		// written, but the instant is before: the message gives both
		// with their times and offsets.
		{"a later day, but earlier", "Asia/Tokyo", "2026-01-05T20:00:00Z", "2026-01-06T01:00", "2026-01-06",
			"6:10: `updated` (2026-01-06 01:00 +09:00) is before `date` (2026-01-05 20:00 +00:00); `updated` is when the briefing last changed",
			"", "2026-01-06T00:00:00Z"},
		{"a timed time before", "UTC", "2026-01-05T23:00:00-05:00", "2026-01-05T22:00:00-05:00", "2026-01-05T10:00:00-05:00",
			"6:10: `updated` (2026-01-05 22:00) is before `date` (2026-01-05 23:00); `updated` is when the briefing last changed\n" +
				"9:11: correction dated 2026-01-05T10:00:00-05:00, before the briefing's date 2026-01-05T23:00:00-05:00; a correction comes after the briefing it corrects, so check its date",
			"", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := "---\ntitle: Z\nsummary: S\ndate: " + tt.date + "\ntopics: [X]\nupdated: " + tt.updated +
				"\ncorrections:\n  - text: Fixed the figure.\n    date: " + tt.corrected + "\n---\nBody.\n"
			fsys := fstest.MapFS{
				"site.yaml":          {Data: []byte("base_url: https://example.org/\ntimezone: " + tt.zone + "\n")},
				"content/world/z.md": {Data: []byte(file)},
			}
			s, probs := Load(fsys, "")
			probs.Sort()
			var got []string
			for _, p := range probs {
				got = append(got, fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg))
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Fatalf("problems:\n%s\nwant:\n%s", g, tt.want)
			}
			if tt.want != "" {
				return
			}
			b := s.Briefings[0]
			if got := b.Updated.Format(time.RFC3339); got != tt.wantUpdated {
				t.Errorf("updated %s; want %s", got, tt.wantUpdated)
			}
			if got := b.Corrections[0].Date.Format(time.RFC3339); got != tt.wantCorrected {
				t.Errorf("the correction's date %s; want %s", got, tt.wantCorrected)
			}
		})
	}
}

func TestUnclosedBidi(t *testing.T) {
	const (
		lre = "\u202a"
		rlo = "\u202e"
		pdf = "\u202c"
		rli = "\u2067"
		fsi = "\u2068"
		pdi = "\u2069"
	)
	for _, c := range []struct {
		s    string
		want rune
	}{
		{"plain — with “quotes”", 0},
		{"a" + rlo + "b" + pdf + "c", 0},
		{"a" + rlo + "b", '\u202e'},
		{rli + "a" + pdi, 0},
		{rli + lre + "a" + pdi, 0},              // the isolate's end closes the embedding in it
		{rli + rlo + "a" + pdf, '\u2067'},       // the override is closed, the isolate is not
		{rlo + rli + "a" + pdf + pdi, '\u202e'}, // U+202C cannot close past an isolate
		{pdf + pdi + "stray closers", 0},
		{fsi + "a" + pdi + lre, '\u202a'},
		{"\u200fmarks\u200e", 0},
	} {
		if got := unclosedBidi(c.s); got != c.want {
			t.Errorf("unclosedBidi(%+q) = %U, want %U", c.s, got, c.want)
		}
	}
}
