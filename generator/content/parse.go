package content

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math/bits"
	"net/mail"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"brief/generator/diag"

	"go.yaml.in/yaml/v3"
)

var (
	briefingKeys = []string{"title", "summary", "date", "updated", "author", "dateline", "contact", "topics", "takeaways", "corrections", "draft", "slug", "aliases"}
	noteKeys     = []string{"analyst", "affiliation", "date", "confidence"}
	analystKeys  = []string{"name", "affiliation", "role"}
	topicKeys    = []string{"title", "summary"}
	pageKeys     = []string{"title", "summary", "draft"}
)

// normalize removes a UTF-8 byte-order mark and turns CRLF and CR line
// endings into LF, so that lines are counted alike everywhere: YAML and
// markdown both take a lone CR as a line break.
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src
}

// open checks the encoding of a file, splits its front matter and returns a
// decoder positioned on it. m is nil when the file cannot be read further.
func open(file string, raw []byte, tz *time.Location, probs *diag.List) (src Source, f *fields, m *yaml.Node) {
	src = Source{File: file, Hash: hashBytes(raw)}
	if !plainText(file, raw, probs) {
		return src, nil, nil
	}
	text := normalize(raw)
	fm, body, bodyLine, ok, unclosed := SplitFrontMatter(text)
	if unclosed {
		if line := dotsLine(text); line > 0 {
			// Jekyll and YAML end a document with ...; brief's front
			// matter ends as it opens.
			probs.Add(file, line, 1, "front matter opened with `---` on line 1 ends here with `...`, as a YAML document may, but brief's ends with a `---` line, as it opens; write `---`")
			return src, nil, nil
		}
		probs.Add(file, 1, 1, "front matter opened with `---` on line 1 is never closed; add a line with `---` after the last key")
		return src, nil, nil
	}
	first, _, _ := bytes.Cut(text, []byte("\n"))
	if !ok && nearFence(first) {
		probs.Add(file, 1, 1, "the first line is `%s`, not `---`; front matter opens and closes with a line of three hyphens", bytes.TrimRight(first, " \t"))
		return src, nil, nil
	}
	if !ok && string(bytes.TrimRight(first, " \t")) == "+++" {
		probs.Add(file, 1, 1, "front matter in TOML (between `+++` lines, as Hugo allows) is not read; write it in YAML between `---` lines: `title = \"T\"` becomes `title: \"T\"`")
		return src, nil, nil
	}
	if !ok && bytes.HasPrefix(bytes.TrimSpace(first), []byte("{")) {
		probs.Add(file, 1, 1, "front matter in JSON (a `{` object, as Hugo allows) is not read; write it in YAML between `---` lines: `\"title\": \"T\",` becomes `title: \"T\"`")
		return src, nil, nil
	}
	if line, at := fenceBelow(text); !ok && line > 0 {
		// Blank lines or blanks before the fence: the first line opens
		// front matter, or the file is all body.
		what := "blank lines come before it"
		if line == 1 {
			what = "blanks come before it on its line"
		}
		probs.Add(file, line, at, "front matter must open on the file's first line, with `---` at its start, and %s; remove them", what)
		return src, nil, nil
	}
	if !ok {
		probs.Add(file, 1, 1, "missing front matter; start the file with a `---` line, the keys, and another `---` line")
		return src, nil, nil
	}
	src.body, src.BodyLine = body, bodyLine
	f = &fields{file: file, line0: 1, probs: probs, tz: tz}
	return src, f, f.parse(fm)
}

// dotsLine returns the line, after the first, that is `...` alone (blanks
// after it aside), or 0.
func dotsLine(text []byte) int {
	for line := 1; len(text) > 0; line++ {
		l, rest, _ := bytes.Cut(text, []byte("\n"))
		if line > 1 && string(bytes.TrimRight(l, " \t")) == "..." {
			return line
		}
		text = rest
	}
	return 0
}

// fenceBelow finds a `---` line that opens front matter but for the
// blank lines or blanks before it, and returns its line and the column of
// its first hyphen, or 0, 0.
func fenceBelow(text []byte) (line, col int) {
	for line = 1; len(text) > 0; line++ {
		l, rest, _ := bytes.Cut(text, []byte("\n"))
		trimmed := bytes.TrimLeft(l, " \t")
		if len(bytes.TrimSpace(l)) == 0 {
			text = rest
			continue
		}
		if string(bytes.TrimRight(trimmed, " \t")) == "---" && (line > 1 || len(trimmed) < len(l)) {
			return line, len(l) - len(trimmed) + 1
		}
		return 0, 0
	}
	return 0, 0
}

// nearFence reports whether a line is made of hyphens, but not three: a
// typo for the `---` that opens front matter.
func nearFence(line []byte) bool {
	line = bytes.TrimRight(line, " \t")
	return len(line) >= 2 && len(bytes.Trim(line, "-")) == 0
}

// plainText reports whether raw is UTF-8 text without invisible control
// characters, and reports every place where it is not (see badChars).
// Nothing else is read further: YAML would guess at other encodings
// (UTF-16 after a byte-order mark) and report positions in text the writer
// never saw.
func plainText(file string, raw []byte, probs *diag.List) bool {
	if utf8.Valid(raw) && control(raw) < 0 {
		return true
	}
	badChars(file, raw, probs)
	return false
}

// maxBadChars is how many bad characters of a file badChars names, one
// problem each; a file in another encoding has one on nearly every line.
const maxBadChars = 10

// badChars reports each run of bytes of raw that is not UTF-8 or, in a
// file that is all UTF-8, each invisible control character, at its line
// and column, up to maxBadChars, and then how many more there are. The
// control characters of a file not in UTF-8 are left out: they are most
// likely the zero bytes of UTF-16, which saving it as UTF-8 removes.
func badChars(file string, raw []byte, probs *diag.List) {
	valid := utf8.Valid(raw)
	if !valid {
		if what := notText(file, raw); what != "" {
			probs.Add(file, 1, 1, "%s", what)
			return
		}
	}
	hint := "; save it as UTF-8 (a file from an older editor is most often in Windows-1252: `iconv -f windows-1252 -t utf-8` converts it)"
	line, col, n := 1, 1, 0
	moreLine, moreCol := 0, 0
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		msg := ""
		switch {
		case r == utf8.RuneError && size <= 1:
			for i+size < len(raw) {
				if r, s := utf8.DecodeRune(raw[i+size:]); r != utf8.RuneError || s > 1 {
					break
				}
				size++ // one problem for a run of bytes that are not UTF-8
			}
			msg, hint = "the file is not valid UTF-8"+hint, "; save it as UTF-8"
		case valid && controlAt(raw, i):
			msg = fmt.Sprintf("the file holds the %s %U, which pages and feeds cannot carry; delete it", controlKind(r), r)
		}
		if msg != "" {
			switch {
			case n < maxBadChars:
				probs.Add(file, line, col, "%s", msg)
			case n == maxBadChars:
				moreLine, moreCol = line, col
			}
			n++
		}
		if r == '\n' || r == '\r' && (i+1 == len(raw) || raw[i+1] != '\n') {
			line, col = line+1, 1
		} else if r != '\r' {
			col++
		}
		i += size
	}
	if n > maxBadChars {
		probs.Add(file, moreLine, moreCol, "and %d more characters like those above, from here on", n-maxBadChars)
	}
}

// notText says why raw, the bytes of file, which are not UTF-8, are not
// text at all, or returns "": text in UTF-16 (zero bytes beside every
// letter of ASCII), or another kind of file (zero bytes elsewhere, or
// mostly bytes that are not UTF-8), which one message says better than one
// per character.
func notText(file string, raw []byte) string {
	head := raw[:min(len(raw), 4096)]
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return "the file is saved as UTF-16; save it as UTF-8"
	}
	var zeros [2]int
	for i, b := range head {
		if b == 0 {
			zeros[i%2]++
		}
	}
	if z := zeros[0] + zeros[1]; z > 0 {
		if z >= len(head)/4 && (zeros[0] == 0 || zeros[1] == 0) {
			return "the file is saved as UTF-16; save it as UTF-8"
		}
		return "this is not a text file: it holds zero bytes, which text never does; " + textKind(file)
	}
	bad := 0
	for i := 0; i < len(head); {
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size <= 1 {
			bad++
		}
		i += size
	}
	if bad > len(head)/4 {
		return "this is not a text file: most of its bytes are not UTF-8; " + textKind(file)
	}
	return ""
}

// textKind says what file, which is not text, must be instead, by its
// name: the content files, site.yaml and layouts/ all pass through
// plainText.
func textKind(file string) string {
	switch path.Ext(file) {
	case ".md":
		return "a .md file must be markdown saved as UTF-8"
	case ".yaml", ".yml":
		return path.Base(file) + " must be YAML saved as UTF-8"
	case ".html":
		return "a layout must be HTML saved as UTF-8"
	case ".css":
		return "a stylesheet must be CSS saved as UTF-8"
	}
	return "it must be text saved as UTF-8"
}

// control returns the offset of the first invisible control character,
// which a writer never means to type and which pages, feeds or YAML
// cannot carry: a C0 control other than tab, line feed and carriage
// return, DEL, a C1 control (U+0080 to U+009F), or the non-characters
// U+FFFE and U+FFFF. It returns -1 when there is none. b must be UTF-8.
//
// Every file passes through here whole, so it skips eight bytes at a time
// while they are all printable ASCII, which none of those characters is.
func control(b []byte) int {
	for i := 0; i < len(b); {
		if i+8 <= len(b) && printableASCII(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
			continue
		}
		for end := min(i+8, len(b)); i < end; i++ {
			if controlAt(b, i) {
				return i
			}
		}
	}
	return -1
}

// controlKind names what r, which pages and feeds cannot carry, is: a
// control character, or a noncharacter (U+FFFE, U+FFFF), which Unicode
// keeps for no text at all.
func controlKind(r rune) string {
	if r&0xFFFE == 0xFFFE || r >= 0xFDD0 && r <= 0xFDEF {
		return "noncharacter"
	}
	return "invisible control character"
}

// controlAt reports whether an invisible control character starts at b[i].
func controlAt(b []byte, i int) bool {
	switch c := b[i]; {
	case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
		return true
	case c == 0xc2 && i+1 < len(b) && b[i+1] <= 0x9f: // U+0080 to U+009F
		return true
	case c == 0xef && i+2 < len(b) && b[i+1] == 0xbf && b[i+2] >= 0xbe: // U+FFFE, U+FFFF
		return true
	}
	return false
}

// Eight bytes read as one little-endian word, and masks over its bytes.
const (
	lanes = 0x0101010101010101 // 1 in every byte
	lows  = 0x7f7f7f7f7f7f7f7f // all but the top bit of every byte
	highs = 0x8080808080808080 // the top bit of every byte
)

// printableASCII reports whether the eight bytes of x are all from 0x20
// to 0x7e. Taking 0x20 from a byte below 0x20 or above 0x9f sets its top
// bit, and so does adding 1 to one from 0x7f to 0xfe; a borrow or carry
// across bytes only ever starts at such a byte, whose own top bit is set.
func printableASCII(x uint64) bool { return ((x-lanes*0x20)|(x+lanes))&highs == 0 }

// zeros has the top bit set in exactly the bytes of x that are 0.
func zeros(x uint64) uint64 { return ^((x&lows + lows) | x) & highs }

// parseBriefing reads a briefing file. section and slug come from its path.
func parseBriefing(file string, raw []byte, section, slug string, bundle bool, cfg *Config, probs *diag.List) *Briefing {
	src, f, m := open(file, raw, cfg.Timezone, probs)
	defer f.release()
	b := &Briefing{Source: src, Section: section, Slug: slug, Bundle: bundle}
	if m == nil {
		// Keep the briefing, empty, so that it still has its URL: a link
		// to it is then not reported as a link to nothing.
		return b
	}
	if k := noteKey(m); k != nil {
		// An analyst's note saved where a briefing goes: five errors
		// of missing and unknown keys would not say so.
		where := "a file directly in a section"
		if bundle {
			where = "a bundle's index.md"
		}
		f.errNode(k, "this file holds an analyst's note (it has `analyst` and no `title`), but %s is a briefing; a note goes in the notes/ folder of its briefing's bundle, like %s/%s/<briefing>/notes/<analyst>.md", where, Dir, path.Base(path.Dir(strings.TrimSuffix(file, "/index.md"))))
		return b
	}
	var dated, updated, placeholderAt *yaml.Node
	var corrected []*yaml.Node // each correction's `date`, or nil
	seen := f.each(m, briefingKeys, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			b.Title = f.str(key, v)
		case "aliases":
			b.Aliases = f.aliases(key, v, section)
		case "summary":
			b.Summary = f.str(key, v)
			if b.Summary == PlaceholderSummary {
				placeholderAt = v
			}
		case "date":
			b.Date = f.date(key, v)
			dated = v
		case "updated":
			b.Updated, b.UpdatedAt = f.date(key, v), f.pos(v)
			updated = v
		case "author":
			b.Author = f.str(key, v)
		case "dateline":
			b.Dateline = f.str(key, v)
		case "contact":
			b.Contact = strings.TrimSpace(f.str(key, v))
			if _, why := ContactURL(b.Contact); why != "" {
				f.errNode(v, "`contact` %s", why)
				b.Contact = ""
			}
		case "topics":
			b.Topics = f.strs(key, v)
			for i, name := range b.Topics {
				b.Topics[i] = topicName(name)
			}
			b.TopicsAt = f.pos(f.key)
			f.eachText(v, func(item *yaml.Node) {
				switch slug := Slug(item.Value); {
				case slug == "":
					f.errNode(item, "topic %q has no letters or digits", item.Value)
				case len(slug) > MaxSlug:
					f.errNode(item, "topic %.40q… would be a folder name of %d bytes in its URL, more than the %d brief takes; shorten it", item.Value, len(slug), MaxSlug)
				}
			})
			if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
				f.errNode(v, "`topics` needs at least one topic")
			}
			switch n := distinctTopics(v); {
			case v.Kind != yaml.SequenceNode:
			case n > MaxTopics:
				// Each topic's page and feed lists the briefing with all
				// its topics: the output grows with their square, 3.3 GB
				// for 5,000.
				f.errNode(v, "`topics` names %d topics, and a briefing has at most %d: each of its topic pages and feeds lists it with all of them; keep the ones a reader would look for", n, MaxTopics)
				b.Topics = b.Topics[:min(len(b.Topics), MaxTopics)] // checked as the first, not rendered 5,000 times over
			case n > RelatedTopics:
				f.warnNode(v, "`topics` names %d topics: only the first %d find related briefings, and each of the %d topic pages and feeds lists this briefing with all of them; keep the ones a reader would look for", n, RelatedTopics, n)
			}
		case "takeaways":
			b.Takeaways = f.strs(key, v)
			f.eachText(v, func(item *yaml.Node) {
				if escapedControlAt(item) < 0 { // one strs left out has no place
					b.TakeawaysAt = append(b.TakeawaysAt, f.textAt(item))
				}
				if strings.TrimSpace(item.Value) == "" {
					f.errNode(item, "a takeaway is empty; write the point, or delete the entry")
				}
			})
		case "corrections":
			b.Corrections, corrected = f.corrections(v)
		case "draft":
			b.Draft = f.boolean(key, v)
		case "slug":
			s := f.str(key, v)
			b.Slug, b.SlugAt = Slug(s), f.pos(v)
			switch {
			case strings.Contains(s, "/") || strings.Contains(s, ".."):
				f.errNode(v, "`slug` names the briefing's own folder, so it cannot contain `/` or `..`; use lowercase letters, digits and hyphens, like %q", cmp.Or(b.Slug, "sanctions-explained"))
			case b.Slug == "":
				f.errNode(v, "`slug` needs letters or digits, like \"sanctions-explained\"")
			case b.Slug != s:
				f.errNode(v, "`slug` must be lowercase letters, digits and hyphens, like %q", b.Slug)
			case len(b.Slug) > MaxSlug:
				f.errNode(v, "`slug` is %d bytes long, more than the %d brief takes for a folder name in a URL; shorten it", len(b.Slug), MaxSlug)
			}
		}
	})
	f.require(m, seen, "title", "summary", "date", "topics")
	if !b.Draft {
		// A draft is still being written.
		if placeholderAt != nil {
			f.warnNode(placeholderAt, "the summary is still the one brief new wrote for you to replace")
		}
		placeholder(probs, src, PlaceholderLede, "the briefing", "until then")
	}
	if !b.Updated.IsZero() && b.Updated.Before(b.Date) {
		if t, ok := dayAfter(updated, b.Updated, b.Date); ok {
			b.Updated = t
		}
	}
	if !b.Updated.IsZero() && b.Updated.Before(b.Date) {
		// The days as written, or the times too when the day is the
		// same; and their offsets when the day of `updated` is not
		// before that of `date` as written, in another zone
		// (2026-01-06T01:00 in Tokyo is before 2026-01-05T20:00:00Z).
		layout := bareDate
		switch up, date := b.Updated.Format(bareDate), b.Date.Format(bareDate); {
		case up == date && zoneOffset(b.Updated) == zoneOffset(b.Date):
			layout = "2006-01-02 15:04"
		case up >= date:
			layout = "2006-01-02 15:04 -07:00"
		}
		f.errNode(updated, "`updated` (%s) is before `date` (%s); `updated` is when the briefing last changed", b.Updated.Format(layout), b.Date.Format(layout))
	}
	for i, c := range b.Corrections {
		// A correction comes after what it corrects: one dated before
		// the briefing is nearly always a typo in its date (a year, or
		// the month and day swapped). A bare date on the day of a timed
		// `date` is that day, after it (see dayAfter). Both dates are
		// named as written, each in its own zone.
		if c.Date.IsZero() || !c.Date.Before(b.Date) {
			continue
		}
		t, ok := dayAfter(corrected[i], c.Date, b.Date)
		switch {
		case !ok:
			f.warnNode(corrected[i], "correction dated %s, before the briefing's date %s; a correction comes after the briefing it corrects, so check its date",
				strings.TrimSpace(corrected[i].Value), strings.TrimSpace(dated.Value))
		case t.After(b.Date):
			// The next day where the briefing was dated: the
			// briefing changed after it was published, and its
			// modified time moves.
			b.Corrections[i].Date = t
		}
	}
	// Corrections are shown, and given to JSON-LD, in the order they
	// were made, whatever the order they were written in.
	slices.SortStableFunc(b.Corrections, func(x, y Correction) int { return x.Date.Compare(y.Date) })
	if Ahead(b.Date, time.Now()) {
		f.warnNode(dated, "`date` (%s) "+aheadWarning+", and listed first until then; set `draft: true` to hold it back", b.Date.Format("2006-01-02"))
	}
	b.Words = proseWords(b.body)
	return b
}

// proseWords counts the words of a body for its reading time, leaving out
// its fenced code blocks, which a reader skims or skips (a 2,000-line
// listing made an "87 min read"), and its HTML comments, which the page
// leaves out (3,000 words of a writer's notes in one made a 230-word
// briefing a "14 min read").
func proseWords(body []byte) int {
	if bytes.Contains(body, commentOpen) {
		body = WithoutComments(body, []byte(" ")) // words on either side stay apart
	}
	if !bytes.Contains(body, []byte("```")) && !bytes.Contains(body, []byte("~~~")) {
		return countWords(body)
	}
	n, start := 0, 0 // start: of the prose not yet counted
	var fence []byte // the open fence's run of ` or ~, nil outside one
	for i := 0; i < len(body); {
		end := bytes.IndexByte(body[i:], '\n') + i + 1
		if end == i {
			end = len(body)
		}
		line := body[i:end]
		trimmed := bytes.TrimLeft(line, " ")
		c, run := firstByte(trimmed), 0
		for run < len(trimmed) && trimmed[run] == c {
			run++
		}
		switch {
		case len(line)-len(trimmed) > 3 || run < 3 || c != '`' && c != '~':
		case fence == nil && !(c == '`' && bytes.IndexByte(trimmed[run:], '`') >= 0):
			n += countWords(body[start:i])
			fence = trimmed[:run]
		case fence != nil && c == fence[0] && run >= len(fence) && len(bytes.TrimSpace(trimmed[run:])) == 0:
			fence, start = nil, end
		}
		i = end
	}
	if fence == nil {
		n += countWords(body[start:])
	}
	return n
}

var commentOpen, commentClose = []byte("<!--"), []byte("-->")

// CommentEnd returns how many bytes of rest, the text just after a
// "<!--", the HTML comment takes, its end included, or -1 when it is never
// closed. It ends at "-->", or at once with ">" or "->": <!--> and <!--->
// are empty comments, as browsers read them.
func CommentEnd(rest []byte) int {
	switch {
	case bytes.HasPrefix(rest, []byte(">")):
		return 1
	case bytes.HasPrefix(rest, []byte("->")):
		return 2
	}
	if k := bytes.Index(rest, commentClose); k >= 0 {
		return k + len(commentClose)
	}
	return -1
}

// WithoutComments is b with each HTML comment, <!-- to the end that
// CommentEnd gives, replaced by sep; one never closed runs to the end, as
// it hides the rest of the page (in a paragraph it is text, which brief
// warns of, and its words are left out too).
func WithoutComments(b, sep []byte) []byte {
	out := make([]byte, 0, len(b))
	for {
		i := bytes.Index(b, commentOpen)
		if i < 0 {
			return append(out, b...)
		}
		out = append(append(out, b[:i]...), sep...)
		rest := b[i+len(commentOpen):]
		end := CommentEnd(rest)
		if end < 0 {
			return out
		}
		b = rest[end:]
	}
}

// firstByte is b's first byte, or 0 when b is empty.
func firstByte(b []byte) byte {
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// distinctTopics counts the topics of a `topics` list, as their pages do:
// "J" and "j " are one topic.
func distinctTopics(v *yaml.Node) int {
	if len(v.Content) <= RelatedTopics {
		return len(v.Content)
	}
	seen := make(map[string]bool, len(v.Content))
	for _, item := range v.Content {
		seen[Slug(item.Value)] = true
	}
	return len(seen)
}

// topicName returns a topic's name as written without the white space
// around it, and with each run of white space inside it made one space:
// "  padded  " and "padded" are one spelling, shown without the spaces,
// and a tab is not shown as a tab. Most names need no change and are
// returned as they are.
func topicName(s string) string {
	prev := ' ' // a space before the name makes one at its start a run
	for _, r := range s {
		if unicode.IsSpace(r) && (r != ' ' || prev == ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
		prev = r
	}
	if prev == ' ' && s != "" {
		return strings.TrimRight(s, " ")
	}
	return s
}

// MaxSlug bounds the bytes of a slug that the writer gives (`slug`) or
// that a name makes (a topic, an analyst): each is a folder name in the
// output, and file systems take at most 255 bytes for one. A longer one
// failed only when the build wrote it, without the file and line.
const MaxSlug = 200

// MaxTopics is the most topics a briefing may have: each of its topics'
// pages and feeds lists it with every one, so its share of the output
// grows with their square.
const MaxTopics = 100

// RelatedTopics is how many of a briefing's topics, its first as written,
// are combined to find the briefings that share two or three of them (see
// package site). The combinations grow with the cube of the topics (1,000
// topics make 166 million), so past these a topic counts only as one shared
// topic; 10 make 165. More topics than that get a warning.
const RelatedTopics = 10

// aheadAllowed is how far ahead of the clock a briefing's date may be
// without a warning: a bare date is midnight in the site's time zone,
// up to 14 hours ahead of UTC, and a writer may date a briefing for
// the morning it is published.
const aheadAllowed = 24 * time.Hour

// aheadWarning is the words of the warning for a date ahead, by which a
// load that reuses a file's parse drops it once the date is no longer
// ahead (see assemble).
const aheadWarning = "is in the future: the briefing is published now"

// Ahead reports whether a date is ahead of now by more than a briefing's
// date may be without a warning: the site warns of an `updated` date or a
// correction's so far ahead too.
func Ahead(date, now time.Time) bool { return date.After(now.Add(aheadAllowed)) }

// corrections reads the `corrections` list, and returns with it the node
// of each correction's `date` (nil for one without), for problems found
// once the briefing's own date is known.
func (f *fields) corrections(v *yaml.Node) ([]Correction, []*yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		f.errNode(v, "`corrections` must be a list of entries with `date` and `text`")
		return nil, nil
	}
	var out []Correction
	var dates []*yaml.Node
	for _, item := range v.Content {
		if item.Kind != yaml.MappingNode {
			f.errNode(item, "each correction needs `date` and `text`, like `- {date: 2019-07-27, text: \"…\"}`")
			continue
		}
		var c Correction
		var dated *yaml.Node
		seen := f.each(item, []string{"date", "text"}, func(key string, v *yaml.Node) {
			if key == "date" {
				c.Date, c.DateAt, dated = f.date(key, v), f.pos(v), v
			} else {
				c.Text, c.TextAt = f.str(key, v), f.textAt(v)
			}
		})
		f.require(item, seen, "date", "text")
		out = append(out, c)
		dates = append(dates, dated)
	}
	return out, dates
}

// noteKey returns the `analyst` key of front matter m that has no
// `title`, a note's; nil for any other.
func noteKey(m *yaml.Node) *yaml.Node {
	var analyst *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch m.Content[i].Value {
		case "title":
			return nil
		case "analyst":
			analyst = m.Content[i]
		}
	}
	return analyst
}

// The texts that brief new writes for the writer to replace: a build
// warns of one still there once the file is published.
const (
	PlaceholderSummary = "One sentence that tells the reader what happened and why it matters."
	PlaceholderLede    = "Write the lede here: who, what, where, when, in two or three sentences."
	PlaceholderNote    = "The assessment, in a paragraph or two."
)

// placeholder warns, at its line, of text in the body of src, the
// placeholder brief new wrote in place of what, which is published when
// when says.
func placeholder(probs *diag.List, src Source, text, what, when string) {
	i := bytes.Index(src.body, []byte(text))
	if i < 0 {
		return
	}
	line := src.BodyLine + bytes.Count(src.body[:i], []byte("\n"))
	probs.Warn(src.File, line, 1, "this is the text brief new wrote for you to replace; write %s here, and it is published as it is %s", what, when)
}

func parseNote(file string, raw []byte, cfg *Config, probs *diag.List) *Note {
	src, f, m := open(file, raw, cfg.Timezone, probs)
	defer f.release()
	if m == nil {
		return nil
	}
	n := &Note{Source: src}
	seen := f.each(m, noteKeys, func(key string, v *yaml.Node) {
		switch key {
		case "analyst":
			n.Analyst, n.AnalystAt = f.str(key, v), f.pos(v)
			if slug := Slug(n.Analyst); slug == "" && strings.TrimSpace(n.Analyst) != "" { // a blank one is told it is empty
				f.errNode(v, "analyst %q has no letters or digits", n.Analyst)
			} else if len(slug) > MaxSlug {
				f.errNode(v, "analyst %.40q… would be a folder name of %d bytes in its URL, more than the %d brief takes; shorten the name", n.Analyst, len(slug), MaxSlug)
			}
		case "affiliation":
			n.Affiliation = f.str(key, v)
		case "date":
			n.Date, n.DateAt = f.date(key, v), f.pos(v)
		case "confidence":
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				break // `confidence:` or `~`: none given, as for any optional key
			}
			n.Confidence = strings.ToLower(f.str(key, v))
			if v.Kind != yaml.ScalarNode {
				break // told by str
			}
			if n.Confidence != "low" && n.Confidence != "moderate" && n.Confidence != "high" {
				f.errNode(v, "`confidence` must be low, moderate or high, not %q", n.Confidence)
			}
		}
	})
	f.require(m, seen, "analyst")
	// A note is never a draft itself, but its briefing may be: the
	// note is parsed before it is known whose it is.
	placeholder(probs, src, PlaceholderNote, "the note", "whenever its briefing is")
	if len(bytes.TrimSpace(src.body)) == 0 {
		probs.Warn(src.File, max(1, src.BodyLine-1), 1, "the note has no text, so its card shows only who wrote it; write the assessment below the front matter")
	}
	if Slug(n.Analyst) == "" {
		return nil // no analyst to file it under; reported above
	}
	return n
}

// ParseProfile reads the analyst profile raw, the file content/analysts/<slug>.md
// at file, as a build does: brief new note takes the affiliation from it.
// The analyst is nil when the front matter cannot be read; the list says why.
func ParseProfile(file string, raw []byte) (*Analyst, diag.List) {
	var probs diag.List
	cfg := Config{Timezone: time.UTC}
	return parseAnalyst(file, raw, &cfg, &probs), probs
}

// ParseNote reads the note raw, at file, as a build in UTC does: brief new
// note reads the analyst's notes already on a briefing. The note is nil
// when the front matter cannot be read; the list says why.
func ParseNote(file string, raw []byte) (*Note, diag.List) {
	var probs diag.List
	cfg := Config{Timezone: time.UTC}
	return parseNote(file, raw, &cfg, &probs), probs
}

func parseAnalyst(file string, raw []byte, cfg *Config, probs *diag.List) *Analyst {
	src, f, m := open(file, raw, cfg.Timezone, probs)
	defer f.release()
	if m == nil {
		return nil
	}
	a := &Analyst{Source: src, Slug: Slug(strings.TrimSuffix(path.Base(file), ".md"))}
	seen := f.each(m, analystKeys, func(key string, v *yaml.Node) {
		switch key {
		case "name":
			a.Name, a.NameAt = f.str(key, v), f.pos(v)
		case "affiliation":
			a.Affiliation = f.str(key, v)
		case "role":
			a.Role = f.str(key, v)
		}
	})
	f.require(m, seen, "name")
	return a
}

func parseTopic(file string, raw []byte, cfg *Config, probs *diag.List) *Topic {
	src, f, m := open(file, raw, cfg.Timezone, probs)
	defer f.release()
	if m == nil {
		return nil
	}
	t := &Topic{Source: src, Slug: Slug(strings.TrimSuffix(path.Base(file), ".md"))}
	seen := f.each(m, topicKeys, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			t.Title = topicName(f.str(key, v))
		case "summary":
			t.Summary = f.str(key, v)
		}
	})
	f.require(m, seen, "title")
	return t
}

// parsePage reads a plain page, a section's introduction or, with slug
// "", the home page's (content/_index.md). Only the home page's title is
// optional: the site's title names the home page, and a title given
// there is the heading above its introduction.
func parsePage(file string, raw []byte, slug string, cfg *Config, probs *diag.List) *Page {
	src, f, m := open(file, raw, cfg.Timezone, probs)
	defer f.release()
	p := &Page{Source: src, Slug: slug}
	if m == nil {
		return p // empty, as an unreadable briefing is
	}
	seen := f.each(m, pageKeys, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			p.Title = f.str(key, v)
		case "summary":
			p.Summary = f.str(key, v)
		case "draft":
			p.Draft = f.boolean(key, v)
		}
	})
	if slug != "" {
		f.require(m, seen, "title")
	}
	return p
}

// countWords counts runs of non-space bytes, a close enough measure of
// words in markdown for a reading time. Space is a blank, a line feed or a
// tab. It reads eight bytes at a time: a word starts at each non-space
// byte whose previous byte is space.
//
// Chinese, Japanese, Thai, Lao, Khmer and Burmese are written without
// spaces between words, so a sentence of them is one run: their
// characters are counted instead (see unspaced), each as 23/50 of a word.
// A reader reads some 500 of them a minute (Hugo's figure for CJK), and
// 230 words (site.WordsPerMinute) of other scripts.
func countWords(b []byte) int {
	n := 0
	var prev uint64 // top bit of the lowest byte set when the byte before is not space
	var lead uint64 // top bit of each byte read that may begin a character of three bytes or four
	body := b
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		lead |= leads(x)
		space := zeros(x^(lanes*' ')) | zeros(x^(lanes*'\n')) | zeros(x^(lanes*'\t'))
		word := ^space & highs
		n += bits.OnesCount64(word &^ (word<<8 | prev))
		prev = word >> 56
		b = b[8:]
	}
	in := prev != 0
	for _, c := range b {
		lead |= leads(uint64(c))
		space := c == ' ' || c == '\n' || c == '\t'
		if !space && !in {
			n++
		}
		in = !space
	}
	if lead != 0 {
		n += unspaced(body) * 23 / 50
	}
	return n
}

// leads has the top bit set of each byte of x from 0xE0 up, which begins
// a character of three bytes or four in UTF-8, and no other bit: such a
// byte has its three top bits set, and shifting x left by one and by two
// brings a byte's bits 6 and 5 onto its bit 7.
func leads(x uint64) uint64 { return x & (x << 1) & (x << 2) & highs }

// unspaced counts the characters of b from scripts written without spaces
// between words: Thai, Lao, Burmese, Khmer, Japanese kana and the Han
// ideographs. All take three bytes or four in UTF-8, so only bytes from
// 0xE0 up begin one.
//
// Most text beyond ASCII in a script with spaces has few such bytes (a
// dash or a quotation mark of three bytes), so eight bytes without one
// are passed over at once.
func unspaced(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		if i+8 <= len(b) && leads(binary.LittleEndian.Uint64(b[i:])) == 0 {
			i += 8
			continue
		}
		if b[i] < 0xE0 {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		i += size
		if spaceless(r) {
			n++
		}
	}
	return n
}

// spaceless reports whether r belongs to a script written without spaces
// between words (see unspaced).
func spaceless(r rune) bool {
	switch {
	case r >= 0x0E00 && r <= 0x0EFF, // Thai, Lao
		r >= 0x1000 && r <= 0x109F,   // Myanmar
		r >= 0x1780 && r <= 0x17FF,   // Khmer
		r >= 0x3040 && r <= 0x30FF,   // Hiragana, Katakana
		r >= 0x3400 && r <= 0x4DBF,   // CJK Extension A
		r >= 0x4E00 && r <= 0x9FFF,   // CJK Unified Ideographs
		r >= 0xF900 && r <= 0xFAFF,   // CJK Compatibility Ideographs
		r >= 0x20000 && r <= 0x3FFFF: // CJK Extensions B and on
		return true
	}
	return false
}

// zoneOffset is t's offset from UTC in seconds.
func zoneOffset(t time.Time) int {
	_, off := t.Zone()
	return off
}

// dayAfter tells when a bare date (see bareDate) that comes out before a
// briefing's timed date happened, if it names the day of that date or a
// later one; n is the date's node, t the date as read (midnight in the
// site's zone), date the briefing's. A bare date is a day, and the
// briefing's date falls on one day in its own zone and maybe on another
// in the site's: `date: 2026-01-05T23:00:00-05:00` is the 5th where it was
// written and the 6th in UTC. So a bare day later than the date's own is
// that day's start in the date's zone, after it; the date's own day, or
// its day in the site's zone, is the date itself: that day, after it was
// published. An earlier day, or a timed date, is before it (false).
func dayAfter(n *yaml.Node, t, date time.Time) (time.Time, bool) {
	v := strings.TrimSpace(n.Value)
	if len(v) != len(bareDate) {
		return t, false
	}
	own := date.Format(bareDate)
	switch {
	case v > own: // the layout's digits order the days as strings
		if start, err := time.ParseInLocation(bareDate, v, date.Location()); err == nil {
			return start, true
		}
	case v == own || v == date.In(t.Location()).Format(bareDate):
		return date, true
	}
	return t, false
}

// ContactURL returns the address a briefing's `contact` links to: an
// email address (desk@example.org, or written mailto:desk@example.org) as
// a mailto: URL, a web address (https://example.org/contact) as it is; or
// why the text is neither. An empty contact is none.
func ContactURL(contact string) (href, why string) {
	if contact == "" {
		return "", ""
	}
	const want = "must be an email address (desk@example.org) or a web address (https://example.org/contact)"
	if strings.ContainsFunc(contact, unicode.IsSpace) {
		return "", fmt.Sprintf("%s, one address without spaces, not %q", want, contact)
	}
	lower := strings.ToLower(contact)
	switch {
	case strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"):
		if u, err := url.Parse(contact); err == nil && u.Host != "" {
			return contact, ""
		}
	case strings.Contains(contact, "://"):
	default:
		addr := contact
		if strings.HasPrefix(lower, "mailto:") {
			addr = contact[len("mailto:"):]
		}
		if a, err := mail.ParseAddress(addr); err == nil && a.Address == addr && a.Name == "" {
			return "mailto:" + addr, ""
		}
	}
	return "", fmt.Sprintf("%s, not %q", want, contact)
}
