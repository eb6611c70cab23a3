package content

import "testing"

// TestConfigEncoding expects site.yaml in any encoding but UTF-8, or with
// an invisible control character, to be refused with the position in the
// file as the writer sees it. YAML alone would decode a UTF-16 byte-order
// mark and report lines the file does not have (found by FuzzFrontMatter).
func TestConfigEncoding(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"\xff\xfe( ( 00", "site.yaml:1:1: the file is not valid UTF-8; save it as UTF-8"},
		{"\xfe\xff\x00b\x00a\x00s\x00e", "site.yaml:1:1: the file is not valid UTF-8; save it as UTF-8"},
		{"title: T\nbase_url: https://x.github.io/\x00b/\n", "site.yaml:2:31: the file holds the invisible control character U+0000, which pages and feeds cannot carry; delete it"},
	} {
		_, probs := ParseConfig([]byte(c.src), "")
		if len(probs) != 1 || probs[0].String() != c.want {
			t.Errorf("ParseConfig(%q) reported %v; want %s", c.src, probs, c.want)
		}
	}
	if _, probs := ParseConfig([]byte("title: Tête\nbase_url: https://x.github.io/b/\n"), ""); len(probs) != 0 {
		t.Errorf("a UTF-8 site.yaml reported %v", probs)
	}
}

// TestConfigLanguage checks that `language` takes a BCP 47 tag, written
// the usual way, and refuses a language's name.
func TestConfigLanguage(t *testing.T) {
	for _, c := range []struct{ lang, want, err string }{
		{"en", "en", ""},
		{"fr_CA", "fr-CA", ""},
		{"EN-gb", "en-GB", ""},
		{"english", "", "site.yaml:2:11: `language` must be a language tag like en, en-GB or pt-BR, not \"english\""},
		{"zz", "", "site.yaml:2:11: `language` must be a language tag like en, en-GB or pt-BR, not \"zz\""},
	} {
		cfg, probs := ParseConfig([]byte("base_url: https://x.github.io/b/\nlanguage: "+c.lang+"\n"), "")
		switch {
		case c.err == "" && (len(probs) != 0 || cfg.Language != c.want):
			t.Errorf("language: %s gave %q and %v; want %q", c.lang, cfg.Language, probs, c.want)
		case c.err != "" && (len(probs) != 1 || probs[0].String() != c.err):
			t.Errorf("language: %s reported %v; want %s", c.lang, probs, c.err)
		}
	}
}

// TestConfigAlwaysHasBaseURL checks that settings that cannot be read
// still give a base URL, so that the build can go on to check the content:
// a nil one crashed brief.
func TestConfigAlwaysHasBaseURL(t *testing.T) {
	for _, src := range []string{"base_url: [\n", "- a\n", "\xff\xfe", "", "base_url: ftp://x/\n"} {
		for _, flag := range []string{"", "https://example.org/b/"} {
			cfg, probs := ParseConfig([]byte(src), flag)
			if cfg.BaseURL == nil {
				t.Errorf("ParseConfig(%q, %q): no base URL (problems %v)", src, flag, probs)
			}
		}
	}
}
