package content

import (
	"strconv"
	"strings"
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
