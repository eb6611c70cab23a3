package content

import (
	"math/rand/v2"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"North Korea", "north-korea"},
		{"  North   Korea  ", "north-korea"},
		{"north-korea", "north-korea"},
		{"NORTH KOREA", "north-korea"},
		{"Côte d'Ivoire", "cote-d-ivoire"},
		{"São Tomé & Príncipe", "sao-tome-principe"},
		{"Øresund Straße", "oresund-strasse"},
		{"Łódź", "lodz"},
		{"Россия", "россия"},
		{"日本の防衛", "日本の防衛"},
		{"G7/G20 summit (2026)", "g7-g20-summit-2026"},
		{"---", ""},
		{"a--b", "a-b"},
		{"ＡＩ", "ai"},          // fullwidth, as Japanese and Chinese input methods type it
		{"ﬁnance", "finance"}, // a ligature
		{"Ｃôte", "cote"},      // both
		{"ΚΟΣΜΟΣ", "κοσμος"},  // a capital sigma that ends a word is final
		{"κοσμος", "κοσμος"},
		{"ΣΟΣ ΣΑ", "σος-σα"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestSlugKeepsOtherScripts checks that only Latin letters lose their
// accents: the marks of other scripts are part of their letters.
func TestSlugKeepsOtherScripts(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ガス", "ガス"},       // katakana ga keeps its voicing mark (not カス)
		{"Йемен", "йемен"}, // Cyrillic short i keeps its breve
		{"हिन्दी समाचार", "हिन्दी-समाचार"}, // Devanagari vowel signs and virama
		{"Việt Nam", "viet-nam"},
		{"Ελλάδα", "ελλάδα"}, // Greek is not Latin: its accent stays
		{"한국 경제", "한국-경제"},
		{"-\u0301x", "x"}, // a stray mark after punctuation is dropped
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestASCIISlugAgreesWithUnicodeSlug(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const chars = "aZ09 -_./'&()Xyq\t"
	for range 20000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = chars[rng.IntN(len(chars))]
		}
		fast, ok := asciiSlug(string(b))
		if slow := unicodeSlug(string(b)); !ok || fast != slow {
			t.Fatalf("asciiSlug(%q) = %q, %v; unicodeSlug gives %q", b, fast, ok, slow)
		}
	}
}
