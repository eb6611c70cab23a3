package content

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// yamlError turns an error of the YAML decoder into a line of the YAML
// text (1-based; 0 when the decoder did not say) and a message in plain
// words.
//
// The decoder counts lines unevenly: for a scanner error (a bad character
// or an unclosed quote) it prints the 1-based line; for a parser error (a
// token in the wrong place) it prints the 0-based line, and no line at all
// when that is 0. The parser's messages are the few listed in parserErrors;
// everything else with a line comes from the scanner.
func yamlError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	rest, hasLine := strings.CutPrefix(msg, "line ")
	if hasLine {
		n, after, ok := strings.Cut(rest, ": ")
		if v, convErr := strconv.Atoi(n); ok && convErr == nil {
			line, msg = v, after
		}
	}
	switch {
	case parserErrors[msg]:
		line++
	case line == 0 && scannerErrors[msg] != "":
		line = 1
	}
	if plain := scannerErrors[msg]; plain != "" {
		return line, plain
	}
	if plain := parserProblems[msg]; plain != "" {
		return line, plain
	}
	return line, msg
}

// parserErrors are the messages of the YAML parser, whose lines are 0-based.
var parserErrors = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// parserProblems say the common parser errors in plain words.
var parserProblems = map[string]string{
	"did not find expected ',' or ']'":    "a list in [brackets] is not closed; add the `]`, and put entries that contain commas in quotes",
	"did not find expected ',' or '}'":    "a `{` is not closed; add the `}`",
	"did not find expected '-' indicator": "a list entry does not start with `- `, or is indented differently from the others",
	"did not find expected key":           "this line does not line up with the keys before it: check its indentation, and the quotes on the line before",
	"did not find expected node content":  "a value is missing or starts with a character that needs quotes",
}

// scannerErrors say the common scanner errors in plain words.
var scannerErrors = map[string]string{
	"mapping values are not allowed in this context":  "unexpected `:`; a value that contains `: ` must be in quotes, like `title: \"Sanctions: what they mean\"`",
	"found character that cannot start any token":     "a value cannot start with this character (a tab, @ or `); put the value in quotes, and indent with spaces",
	"found a tab character that violates indentation": "a tab is used for indentation; indent with spaces",
	"could not find expected ':'":                     "a line is not `key: value`; add the `:`, or indent it if it continues the line before",
	"found unexpected end of stream":                  "a quoted value is not closed; add the closing quote",
	"found unknown escape character":                  "unknown escape in a \"double-quoted\" value; write \\\\ for a backslash, or use 'single quotes'",
	"found unexpected ':'":                            "unexpected `:`; put the value in quotes",
}

// yamlMistake is a mistake yamlMistakes found: where it is in the YAML
// text (line from 1, column in characters from 1) and what to do.
type yamlMistake struct {
	line, col int
	msg       string
}

// yamlMistakes finds the mistakes writers make most in `key: value` lines,
// which the decoder reports in its own terms, on another line or on none:
// a value that starts with a character YAML reads as syntax (`*Breaking*
// news`, `- dash`, `> arrow`), text after the closing quote or bracket of
// a value (`"Quoted" and more`, `[Updated] new talks`), and a quote or
// bracket never closed, at the line and column where it opens. It is
// called only once the decoder has failed, so it costs a valid file
// nothing, and it returns nothing for a mistake it does not know.
func yamlMistakes(src []byte) []yamlMistake {
	s := string(src)
	var out []yamlMistake
	add := func(at int, format string, args ...any) {
		line := 1 + strings.Count(s[:at], "\n")
		col := 1 + utf8.RuneCountInString(s[strings.LastIndexByte(s[:at], '\n')+1:at])
		out = append(out, yamlMistake{line, col, fmt.Sprintf(format, args...)})
	}
	block := -1 // the indentation of a `key: |` line while its text is read
	for i := 0; i < len(s); {
		end := lineEnd(s, i)
		next := min(end+1, len(s))
		indent := len(s[i:end]) - len(strings.TrimLeft(s[i:end], " "))
		if block >= 0 && (indent > block || strings.TrimSpace(s[i:end]) == "") {
			i = next
			continue
		}
		block = -1
		if i+indent < end && s[i+indent] == '\t' {
			add(i+indent, "this line is indented with a tab, and YAML indents with spaces only; replace the tab with spaces")
			i = next
			continue
		}
		key, at := valueStart(s, i+indent, end)
		if at < 0 || at == end {
			i = next
			continue
		}
		value := strings.TrimRight(s[at:end], " \t")
		like := key + ": " + quoted(value)
		if key == "-" {
			like = "- " + quoted(value)
		}
		switch c := s[at]; {
		case c == '*' || c == '&':
			what := map[byte]string{'*': "an alias", '&': "an anchor"}[c]
			add(at, "a value cannot start with `%c`, which YAML reads as %s; put the value in quotes, like `%s`", c, what, like)
		case c == '-' && len(value) > 2 && value[1] == ' ' && (key == "topics" || key == "takeaways" || key == "aliases"):
			// A list's entry written on its key's line.
			entry := strings.TrimSpace(value[2:])
			add(at, "a list's entries go on lines of their own below its key, `%s:` and then `  - %s`; or write `%s: %s`", key, entry, key, flowList([]string{entry}))
		case (c == '-' || c == '?') && (len(value) == 1 || value[1] == ' '):
			what := map[byte]string{'-': "a list entry", '?': "a key"}[c]
			add(at, "a value cannot start with `%c `, which YAML reads as %s; put the value in quotes, like `%s`", c, what, like)
		case c == '|' || c == '>':
			rest := strings.TrimLeft(value[1:], "+-0123456789")
			if t := strings.TrimLeft(rest, " "); t == "" || t[0] == '#' && len(t) < len(rest) {
				block = indent // a block of text on the lines below
				break
			}
			add(at, "a value cannot start with `%c`, which YAML reads as the start of a block of text on the lines below; put the value in quotes, like `%s`", c, like)
		case c == '"' || c == '\'':
			close := quoteEnd(s, at)
			if close < 0 {
				add(at, "the quote that opens this value is never closed; add the closing `%c`", c)
				return out
			}
			if after(s, close) && close > end {
				add(at, "the quote that opens this value is not closed on its line; add the closing `%c`", c)
			} else if after(s, close) {
				if inner := value[1:]; strings.HasSuffix(inner, string(c)) {
					like = strings.TrimSuffix(like, quoted(value)) + quoted(inner[:len(inner)-1])
				}
				add(close, "text after the closing quote: a value that starts with a quote ends at the next one; put the whole value in quotes, like `%s`", like)
			}
			next = min(lineEnd(s, close)+1, len(s))
		case c == '[' && commentIn(value) > 0:
			// [Korea, #trade]: the # starts a comment, which ends the
			// line and the list with it.
			inner := strings.TrimPrefix(value, "[")
			if k := strings.LastIndexByte(inner, ']'); k >= 0 {
				inner = inner[:k]
			}
			add(at+commentIn(value), "an entry that starts with `#` must be in quotes: after a blank, `#` starts a comment in YAML, which ends the line and this list before its `]`; write `%s: %s`", key, flowList(splitList(inner, ",")))
			return out
		case c == '[' || c == '{':
			close := flowEnd(s, at)
			if close < 0 {
				add(at, "the `%c` that opens this value is never closed; add the `%c`, and put entries that contain commas in quotes", c, map[byte]byte{'[': ']', '{': '}'}[c])
				return out
			}
			if after(s, close) && close > end {
				add(at, "the `%c` that opens this value is not closed on its line; add the `%c`, and put entries that contain commas in quotes", c, map[byte]byte{'[': ']', '{': '}'}[c])
			} else if after(s, close) {
				what := map[byte]string{'[': "a list", '{': "a set of keys"}[c]
				add(close, "text after the closing `%c`: a value that starts with `%c` is %s to YAML; put the whole value in quotes, like `%s`", s[close-1], c, what, like)
			}
			next = min(lineEnd(s, close)+1, len(s))
		default:
			if k := strings.Index(value, ": "); k >= 0 && key != "-" && !strings.Contains(value[:k], " #") {
				add(at+k, "unexpected `:`; a value that contains `: ` must be in quotes, like `%s`", like)
			}
		}
		i = next
	}
	return out
}

// commentIn returns the offset in value, a list in brackets on one line,
// of a # that starts a YAML comment inside it (after a blank, the [ or a
// comma), or -1.
func commentIn(value string) int {
	quote := byte(0)
	for i := 1; i < len(value); i++ {
		switch c := value[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == ']':
			return -1
		case c == '#' && strings.IndexByte(" \t[,", value[i-1]) >= 0:
			return i
		}
	}
	return -1
}

// lineEnd returns the offset of the end of the line that holds s[i].
func lineEnd(s string, i int) int {
	if n := strings.IndexByte(s[i:], '\n'); n >= 0 {
		return i + n
	}
	return len(s)
}

// valueStart reads the line of s from i to end as `key: value`, or as a
// list entry `- value` or `- key: value`, and returns the key and the
// offset of the value; at is -1 when the line is neither.
func valueStart(s string, i, end int) (key string, at int) {
	line := s[i:end]
	if rest, ok := strings.CutPrefix(line, "- "); ok {
		trimmed := strings.TrimLeft(rest, " ")
		i += len(line) - len(trimmed)
		line = trimmed
		if k, _ := keyOf(line); k == "" {
			return "-", i
		}
	}
	k, n := keyOf(line)
	if k == "" {
		return "", -1
	}
	rest := line[n:]
	return k, i + n + len(rest) - len(strings.TrimLeft(rest, " "))
}

// keyOf returns the key a line starts with, written in letters, digits,
// `_` and `-`, and the length of it with its colon; "" when there is none.
func keyOf(line string) (string, int) {
	n := strings.IndexFunc(line, func(r rune) bool {
		return !(r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r))
	})
	if n <= 0 || line[n] != ':' || n+1 < len(line) && line[n+1] != ' ' {
		return "", 0
	}
	return line[:n], n + 1
}

// quoteEnd returns the offset just after the quote that closes the quoted
// value opening at s[at], or -1 when none does.
func quoteEnd(s string, at int) int {
	q := s[at]
	for i := at + 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++ // '' is a quote inside 'single quotes'
		case s[i] == q:
			return i + 1
		}
	}
	return -1
}

// flowEnd returns the offset just after the bracket or brace that closes
// the one at s[at], or -1 when none does. Quotes that start an entry are
// skipped over, as are comments.
func flowEnd(s string, at int) int {
	depth, prev := 0, byte(' ')
	for i := at; i < len(s); i++ {
		switch c := s[i]; {
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			if depth--; depth == 0 {
				return i + 1
			}
		case (c == '"' || c == '\'') && strings.IndexByte("[{,: \n", prev) >= 0:
			if i = quoteEnd(s, i) - 1; i < 0 {
				return -1
			}
		case c == '#' && (prev == ' ' || prev == '\n'):
			i = lineEnd(s, i) - 1
		}
		if i < len(s) && s[i] != ' ' {
			prev = s[i]
		}
	}
	return -1
}

// after reports whether text other than spaces and a comment follows
// s[at] on its line.
func after(s string, at int) bool {
	rest := s[at:lineEnd(s, at)]
	trimmed := strings.TrimLeft(rest, " \t")
	return trimmed != "" && (trimmed[0] != '#' || len(trimmed) == len(rest))
}

// quoted writes v as a YAML value in quotes: double ones, or single ones
// when v holds a double quote or a backslash.
func quoted(v string) string {
	if !strings.ContainsAny(v, "\"\\") {
		return `"` + v + `"`
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}
