package layout

import "testing"

func TestDirection(t *testing.T) {
	for _, c := range []struct{ lang, want string }{
		{"ar", "rtl"}, {"ar-EG", "rtl"}, {"arc", "rtl"}, {"ckb", "rtl"}, {"dv", "rtl"}, {"fa", "rtl"},
		{"fa-AF", "rtl"}, {"he", "rtl"}, {"iw", "rtl"}, {"ks", "rtl"}, {"ku-Arab", "rtl"}, {"ps", "rtl"},
		{"sd", "rtl"}, {"syr", "rtl"}, {"ug", "rtl"}, {"ur", "rtl"}, {"yi", "rtl"}, {"nqo", "rtl"},
		{"pa-Arab", "rtl"}, {"ff-Adlm", "rtl"}, {"az-Arab", "rtl"},
		{"en", ""}, {"en-GB", ""}, {"fr-CA", ""}, {"ku", ""}, {"pa", ""}, {"ff", ""}, {"zh", ""},
		{"ja", ""}, {"he-Latn", ""}, {"ar-Latn", ""}, {"sd-Deva", ""}, {"ug-Cyrl", ""}, {"und", ""},
		{"mis", ""}, {"mul", ""}, {"zxx", ""}, {"mis-Arab", "rtl"},
	} {
		if got := direction(c.lang); got != c.want {
			t.Errorf("direction(%q) = %q; want %q", c.lang, got, c.want)
		}
	}
}
