package content

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// latinFolds spells the Latin letters that do not decompose into a base
// letter and an accent, so that "Øresund" and "Łódź" still slug to ASCII.
var latinFolds = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i",
}

// Slug turns a name into the lowercase path segment used in URLs. Latin
// letters lose their accents (côte → cote), letters and digits of other
// scripts stay as they are, with their marks (ガス, йемен, हिन्दी), and every
// other run of characters becomes a single hyphen. Compatibility forms are
// their letters (fullwidth ＡＩ is ai, the ligature ﬁ is fi), and a Greek
// sigma that ends a word is final (ΚΟΣΜΟΣ is κοσμος, as κοσμος is). The
// same name always gives the same slug.
func Slug(name string) string {
	if s, ok := asciiSlug(name); ok {
		return s
	}
	return unicodeSlug(name)
}

func unicodeSlug(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	hyphen := false
	marks := false // whether a combining mark here belongs to a letter kept with its marks
	for _, r := range norm.NFKD.String(name) {
		if unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) {
			if marks {
				b.WriteRune(r)
			}
			continue // a Latin accent, split off by NFD, or a stray mark
		}
		r = unicode.ToLower(r)
		if s, ok := latinFolds[r]; ok {
			writeSlugPart(&b, &hyphen, s)
			marks = false
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			marks = !unicode.Is(unicode.Latin, r)
			continue
		}
		hyphen, marks = true, false
	}
	slug := norm.NFC.String(b.String())
	if strings.ContainsRune(slug, 'σ') {
		slug = finalSigma(slug)
	}
	return slug
}

// finalSigma writes each σ that ends a word of slug as ς, the form Greek
// spells a word's last sigma in, which lowercasing a capital Σ does not
// give.
func finalSigma(slug string) string {
	r := []rune(slug)
	for i, c := range r {
		if c == 'σ' && (i+1 == len(r) || !unicode.IsLetter(r[i+1])) {
			r[i] = 'ς'
		}
	}
	return string(r)
}

func writeSlugPart(b *strings.Builder, hyphen *bool, s string) {
	if *hyphen && b.Len() > 0 {
		b.WriteByte('-')
	}
	*hyphen = false
	b.WriteString(s)
}

// asciiSlug is Slug for the common case of a plain ASCII name, without the
// cost of Unicode normalisation; ok is false for any other name.
func asciiSlug(name string) (string, bool) {
	var buf [64]byte
	b := buf[:0]
	hyphen := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 0x80:
			return "", false
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			if hyphen && len(b) > 0 {
				b = append(b, '-')
			}
			hyphen = false
			b = append(b, c)
		default:
			hyphen = true
		}
	}
	return string(b), true
}
