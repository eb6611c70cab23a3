package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// quotes corrects a guess of goldmark's typographer. It takes a single
// quote after a space or punctuation, before a word that starts with t,
// e, n or l, for the apostrophe of an elision ('twas, 'em, 'n'), so
// scare quotes around such a word came out wrong: 'the plan' as ’the
// plan’, and after an earlier apostrophe in the paragraph with a straight
// quote to close it (It's 'notable'. as It’s ’notable'.). quotes reads
// such a quote before goldmark does: an opening quote unless the word is
// an elision a writer means (elisions), and the quote that closes it.
// Every other quote is the typographer's, as before.
var quotes goldmark.Extender = quotesExtension{}

type quotesExtension struct{}

// Extend adds the parser ahead of the typographer's, whose priority is
// 9999: goldmark tries a character's inline parsers in ascending order.
func (quotesExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(quoteParser{}, 9998), util.Prioritized(wideQuoteParser{}, 9997)))
}

// wideQuoteParser leaves straight a quote beside a character of Chinese,
// Japanese or Korean, or their full-width punctuation. The typographer
// tells an opening quote from a closing one by the spaces around it,
// which these scripts do not use between words, so 他说："我们反对。"然后
// came out with two opening quotes, and 、"新型"と with a curly one and a
// straight one.
type wideQuoteParser struct{}

func (wideQuoteParser) Trigger() []byte { return []byte{'"', '\''} }

func (wideQuoteParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	after, _ := utf8.DecodeRune(line[1:])
	if !wide(block.PrecendingCharacter()) && !wide(after) {
		return nil
	}
	if line[0] == '"' {
		return quote(block, "&quot;") // as goldmark writes it without the typographer
	}
	return quote(block, "'")
}

// wide reports whether r is a letter of Chinese, Japanese or Korean, or
// punctuation of theirs (CJK symbols, full-width forms).
func wide(r rune) bool {
	return r >= 0x1100 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo) ||
		0x3000 <= r && r <= 0x303F || 0xFF00 <= r && r <= 0xFFEF)
}

// openQuotes is how many quotes quoteParser opened in a document and has
// not closed yet.
var openQuotes = parser.NewContextKey()

// elisions are the words that a quote before them shortens, which the
// typographer writes with an apostrophe: 'twas, 'tis, 'em, rock 'n' roll.
var elisions = map[string]bool{
	"twas": true, "tis": true, "twere": true, "twill": true, "til": true, "tween": true, "twixt": true,
	"em": true, "n": true, "neath": true, "nuff": true, "nother": true,
}

type quoteParser struct{}

func (quoteParser) Trigger() []byte { return []byte{'\''} }

func (quoteParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	before := block.PrecendingCharacter()
	d := parser.ScanDelimiter(line, before, 1, quoteDelimiter{})
	if d == nil || len(line) < 2 {
		return nil
	}
	open, _ := pc.Get(openQuotes).(int)
	after := rune(line[1])
	switch {
	case d.CanOpen && !d.CanClose && (unicode.IsPunct(before) || unicode.IsSpace(before)):
		guessed := strings.IndexByte("tenl", line[1]) >= 0 // where the typographer guesses an elision
		switch {
		case elisions[strings.ToLower(leadingWord(line[1:]))]:
			if guessed {
				return nil // the typographer's apostrophe
			}
			return quote(block, "&rsquo;") // 'Twas, which it takes for a quote
		case guessed:
			pc.Set(openQuotes, open+1)
			return quote(block, "&lsquo;")
		}
	case open > 0 && d.CanClose && (!d.CanOpen || unicode.IsPunct(after)):
		pc.Set(openQuotes, open-1)
		return quote(block, "&rsquo;")
	}
	return nil
}

// leadingWord is the run of ASCII letters that b starts with.
func leadingWord(b []byte) string {
	n := 0
	for n < len(b) && ('a' <= b[n]|0x20 && b[n]|0x20 <= 'z') {
		n++
	}
	return string(b[:n])
}

// quote consumes the quote and returns the entity for it, written as it
// is, as the typographer writes its own.
func quote(block text.Reader, entity string) ast.Node {
	block.Advance(1)
	node := ast.NewString([]byte(entity))
	node.SetCode(true)
	return node
}

// quoteDelimiter tells parser.ScanDelimiter which quotes may open or close
// as emphasis would; quotes never pair through the delimiter stack.
type quoteDelimiter struct{}

func (quoteDelimiter) IsDelimiter(b byte) bool                             { return b == '\'' }
func (quoteDelimiter) CanOpenCloser(opener, closer *parser.Delimiter) bool { return false }
func (quoteDelimiter) OnMatch(consumes int) ast.Node                       { return nil }
