package content

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestSlugShaped(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"north-korea", true},
		{"g7-summit-2026", true},
		{"côte-d-ivoire", true},
		{norm.NFD.String("côte-d-ivoire"), true}, // as macOS may spell it
		{"россия", true},
		{"日本の防衛", true},
		{"ガス", true},
		{"straße", true},
		{"North-Korea", false},
		{"north korea", false},
		{"north_korea", false},
		{"-north", false},
		{"north-", false},
		{"north--korea", false},
		{"Россия", false},
		{"..", false},
		{"a.b", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := SlugShaped(tt.name); got != tt.want {
			t.Errorf("SlugShaped(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}
