package content

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestConfigEncoding expects site.yaml in any encoding but UTF-8, or with
// an invisible control character, to be refused with the position in the
// file as the writer sees it. YAML alone would decode a UTF-16 byte-order
// mark and report lines the file does not have (found by FuzzFrontMatter).
func TestConfigEncoding(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"\xff\xfe( ( 00", "site.yaml:1:1: the file is saved as UTF-16; save it as UTF-8"},
		{"\xfe\xff\x00b\x00a\x00s\x00e", "site.yaml:1:1: the file is saved as UTF-16; save it as UTF-8"},
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

// TestConfigSecondDocument refuses a second YAML document in site.yaml,
// which yaml.v3 does not read: its keys were ignored without a word, the
// misspelt and the invalid ones too. A `---` that starts the first one, and
// a `...` that ends the file, are fine.
func TestConfigSecondDocument(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"---\nbase_url: https://e.org/\n---\ntitle: \"My Desk\"\nlanguag: en\npaginate: -5\n", "site.yaml:3:1: the YAML ends at this `---` line, and brief would ignore what follows it; delete the line"},
		{"base_url: https://e.org/\n...\ntitle: \"My Desk\"\n", "site.yaml:2:1: the YAML ends at this `...` line, and brief would ignore what follows it; delete the line"},
		{"# settings\n---\nbase_url: https://e.org/\n...\n# the end\n", ""},
	} {
		_, probs := ParseConfig([]byte(c.src), "")
		if got := fmt.Sprint(probs); c.want == "" && len(probs) != 0 || c.want != "" && (len(probs) != 1 || probs[0].String() != c.want) {
			t.Errorf("ParseConfig(%q) reported %s; want %q", c.src, got, c.want)
		}
	}
}

// TestConfigYAMLMistakes checks that site.yaml's YAML mistakes are
// reported as front matter's are, at the line and column where they are:
// the decoder reports a quote or bracket never closed at the end of the
// file, a line it does not have.
func TestConfigYAMLMistakes(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"title: \"Quay Desk\nbase_url: https://a.b/\n", "site.yaml:1:8: site.yaml is not valid YAML: the quote that opens this value is never closed; add the closing `\"`"},
		{"base_url: https://a.b/\ntitle: x\npaginate: [\n", "site.yaml:3:11: site.yaml is not valid YAML: the `[` that opens this value is never closed; add the `]`, and put entries that contain commas in quotes"},
		{"base_url: https://a.b/\ntitle: *Desk*\n", "site.yaml:2:8: site.yaml is not valid YAML: a value cannot start with `*`, which YAML reads as an alias; put the value in quotes, like `title: \"*Desk*\"`"},
		{"- base_url: https://a.b/\n", "site.yaml:1:1: site.yaml must be a set of `key: value` lines, not a list"},
		{"title: Desk\n", "site.yaml:1:1: missing required key `base_url` (or pass --base-url), e.g. base_url: https://org.github.io/briefings/"},
		{"base_url: https://a.b/\n  \ttitle: x\n", "site.yaml:2:3: site.yaml is not valid YAML: this line is indented with a tab, and YAML indents with spaces only; replace the tab with spaces"},
	} {
		_, probs := ParseConfig([]byte(c.src), "")
		if len(probs) != 1 || probs[0].String() != c.want {
			t.Errorf("ParseConfig(%q) reported %v; want %s", c.src, probs, c.want)
		}
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

// TestConfigValues checks settings that look plausible and would publish a
// broken or machine-dependent site: a base URL with a password in it (every
// page would publish it), a base path with an empty part (links to "//x/"
// lead to host x), a time zone that is the building machine's, and a custom
// domain that is not a domain name (CNAME is one line).
func TestConfigValues(t *testing.T) {
	for _, c := range []struct{ yaml, err string }{
		{"base_url: https://org.github.io//x//", "site.yaml:1:11: `base_url` has an empty, . or .. part in its path \"//x//\"; write it as https://org.github.io/x/"},
		{"base_url: https://org.github.io/a/./../b", "site.yaml:1:11: `base_url` has an empty, . or .. part in its path \"/a/./../b/\"; write it as https://org.github.io/b/"},
		{"base_url: https://org.github.io/a/b", ""},
		{"base_url: https://user:secret@org.github.io/a/", "site.yaml:1:11: `base_url` holds a user name or password (before the @), which every page would publish; write it as https://org.github.io/a/"},
		{"base_url: https://org.github.io/a?q=1", "site.yaml:1:11: `base_url` has a query (after ?) or a fragment (after #), which no link of the site would keep; write it as https://org.github.io/a/"},
		{"base_url: https://org.github.io/a/?", "site.yaml:1:11: `base_url` has a query (after ?) or a fragment (after #), which no link of the site would keep; write it as https://org.github.io/a/"},
		{"base_url: \"https://org.github.io/#top\"", "site.yaml:1:11: `base_url` has a query (after ?) or a fragment (after #), which no link of the site would keep; write it as https://org.github.io/"},
		{"base_url: https://org.github.io/caf%C3%A9%3F/", "site.yaml:1:11: `base_url` has an escaped `#`, `?`, `/`, `%` or control character in its path \"/caf%C3%A9%3F/\", which no folder of a published site can be named with; name the folder without it"},
		{"base_url: https://org.github.io/caf%C3%A9/", ""},
		{"base_url: https://org.github.io/q/index.html", "site.yaml:1:11: `base_url` ends with the page index.html, but is the address of the folder the site is published in; write it as https://org.github.io/q/"},
		{"base_url: https://org.github.io/Home.HTM", "site.yaml:1:11: `base_url` ends with the page Home.HTM, but is the address of the folder the site is published in; write it as https://org.github.io/"},
		{"base_url: https://org.github.io/v1.2", ""},
		{"base_url: https://org.example:99999/", "site.yaml:1:11: `base_url` has the port 99999, which no server listens on: a port is a number from 1 to 65535"},
		{"base_url: https://org.example:0/", "site.yaml:1:11: `base_url` has the port 0, which no server listens on: a port is a number from 1 to 65535"},
		{"base_url: \"https://a<b.example/\"", "site.yaml:1:11: `base_url` has the host \"a<b.example\", which is not a domain name: it holds '<', where a name has letters, digits, hyphens and dots"},
		{"base_url: https://news..example/", "site.yaml:1:11: `base_url` has the host \"news..example\", which is not a domain name: each of its parts between dots has 1 to 63 characters"},
		{"base_url: http://localhost:8000/", ""},
		{"base_url: \"https://:8080/\"", "site.yaml:1:11: `base_url` has no host, only a port; write the host before it, like https://org.github.io/briefings/"},
		{"base_url: https://org.github.io/a%23b/", "site.yaml:1:11: `base_url` has an escaped `#`, `?`, `/`, `%` or control character in its path \"/a%23b/\", which no folder of a published site can be named with; name the folder without it"},
		{"base_url: https://org.github.io/a%2fb/", "site.yaml:1:11: `base_url` has an escaped `#`, `?`, `/`, `%` or control character in its path \"/a%2fb/\", which no folder of a published site can be named with; name the folder without it"},
		{"base_url: https://org.github.io/100%25/", "site.yaml:1:11: `base_url` has an escaped `#`, `?`, `/`, `%` or control character in its path \"/100%25/\", which no folder of a published site can be named with; name the folder without it"},
		{"base_url: https://org.github.io/a%00/", "site.yaml:1:11: `base_url` has an escaped `#`, `?`, `/`, `%` or control character in its path \"/a%00/\", which no folder of a published site can be named with; name the folder without it"},
		{"base_url: https://org.github.io/my%20desk/", ""},
		{"base_url: http://127.0.0.1:8080/d/", ""},
		{"base_url: \"http://[::1]:8080/\"", ""},
		{"base_url: https://my_host.example./", ""},
		{"base_url: https://org.github.io/\npaginate: 2.5", "site.yaml:2:11: `paginate` must be a whole number, not \"2.5\""},
		{"base_url: https://org.github.io/\npaginate: 0", "site.yaml:2:11: `paginate` must be at least 1"},
		{"base_url: https://org.github.io/\ntimezone: Local", "site.yaml:2:11: `timezone`: Local is the zone of whichever machine builds the site; name the zone, like UTC or Europe/Berlin"},
		{"base_url: https://org.github.io/\ntimezone: Asia/Tokyo", ""},
		{"base_url: https://org.github.io/\ntimezone: america/new_york", "site.yaml:2:11: `timezone`: unknown time zone \"america/new_york\"; zone names have capitals: America/New_York"},
		{"base_url: https://org.github.io/\ntimezone: asia/tokyo", "site.yaml:2:11: `timezone`: unknown time zone \"asia/tokyo\"; zone names have capitals: Asia/Tokyo"},
		{"base_url: https://org.github.io/\ntimezone: Asia/Tokio", "site.yaml:2:11: `timezone`: unknown time zone \"Asia/Tokio\"; did you mean Asia/Tokyo?"},
		{"base_url: https://org.github.io/\ntimezone: Europe/Berln", "site.yaml:2:11: `timezone`: unknown time zone \"Europe/Berln\"; did you mean Europe/Berlin?"},
		{"base_url: https://org.github.io/\ntimezone: Mars/Olympus", "site.yaml:2:11: `timezone`: unknown time zone \"Mars/Olympus\"; use a name like UTC or Europe/Berlin"},
		{"base_url: https://org.github.io/\ntimezone: utc", "site.yaml:2:11: `timezone`: unknown time zone \"utc\"; zone names have capitals: UTC"},
		{"base_url: https://org.github.io/\ntimezone: america/port-au-prince", "site.yaml:2:11: `timezone`: unknown time zone \"america/port-au-prince\"; zone names have capitals: America/Port-au-Prince"},
		{"base_url: https://org.github.io/\ntimezone: AFRICA/DAR_ES_SALAAM", "site.yaml:2:11: `timezone`: unknown time zone \"AFRICA/DAR_ES_SALAAM\"; zone names have capitals: Africa/Dar_es_Salaam"},
		{"title: x\nbase_url: \"\"", "site.yaml:2:11: `base_url` is empty; write the address the site is published at, e.g. base_url: https://org.github.io/briefings/ (or pass --base-url)"},
		{"base_url: https://org.github.io/\ncname: \"news.example.org\\nevil\"", "site.yaml:2:8: `cname` must be a bare domain like news.example.org, not \"news.example.org\\nevil\""},
		{"base_url: https://org.github.io/\ncname: news..example.org", "site.yaml:2:8: `cname` must be a bare domain like news.example.org, not \"news..example.org\""},
		{"base_url: https://org.github.io/\ncname: -news.example.org", "site.yaml:2:8: `cname` must be a bare domain like news.example.org, not \"-news.example.org\""},
		{"base_url: https://org.github.io/\ncname: localhost", "site.yaml:2:8: `cname` must be a bare domain like news.example.org, not \"localhost\""},
		{"base_url: https://news.example.org/\ncname: News.Example-1.org", ""},
		// The name a refused one likely means: without a fully
		// qualified name's final dot, or in ASCII.
		{"base_url: https://org.github.io/\ncname: News.Example.org.", "site.yaml:2:8: `cname` must be a bare domain like news.example.org, not \"News.Example.org.\"; write it without the final dot: news.example.org"},
		{"base_url: https://org.github.io/\ncname: bücher.example", "site.yaml:2:8: `cname` must be a bare domain like news.example.org, not \"bücher.example\"; write it in its ASCII form, as DNS takes it: xn--bcher-kva.example"},
		{"base_url: https://xn--caf-dma.example/\ncname: xn--caf-dma.example", ""},
		{"base_url: https://org.github.io/\nparams:\n  banner: \"Live\"\n  social: {mastodon: \"@d@x.social\"}", ""},
		{"base_url: https://org.github.io/\nparams: 3", "site.yaml:2:9: `params` must be a mapping of names to values: `params:`, then lines like `  banner: \"Live coverage\"`"},
	} {
		cfg, probs := ParseConfig([]byte(c.yaml+"\n"), "")
		switch {
		case c.err == "" && len(probs) != 0:
			t.Errorf("%q reported %v", c.yaml, probs)
		case c.err != "" && (len(probs) != 1 || probs[0].String() != c.err):
			t.Errorf("%q reported %v; want %s", c.yaml, probs, c.err)
		case c.err != "" && (cfg.CNAME != "" || cfg.BaseURL == nil || cfg.Timezone == nil):
			t.Errorf("%q kept the value it refused (cname %q), or has no base URL or time zone", c.yaml, cfg.CNAME)
		}
	}
}

// TestIgnored lists the names brief never reads (editor litter, hidden
// files) and, in static/, the ones it leaves out of the output.
func TestIgnored(t *testing.T) {
	for _, c := range []struct {
		rel     string
		ignored bool
	}{
		{"content/world/a.md", false},
		{"content/world/#a.md#", true},
		{"content/world/.#a.md", true},
		{"content/world/a.md~", true},
		{"content/world/.a.md.swp", true},
		{"content/world/4913", true},
		{"content/world/sedXy12Ab", true},
		{"content/world/b/sed0a9Zq1", true},
		{"content/world/x.md___jb_tmp___", true},
		{"content/world/x.md___jb_old___", true},
		{"static/sedXy12Ab", true},
		{"content/world/sedan12345", false},
		{"content/world/b/sedan.jpg", false},
		{"content/world/sedative.md", false},
		{"content/world/sed-12345", false},
		{"content/science/sediments/index.md", false},
		{"content/.hidden/a.md", true},
		{"content/world/#1-story.md", false},
		{"static/.well-known/security.txt", false},
		{"static/.htaccess", false},
		{"static/.git/HEAD", true},
		{"static/docs/.gitkeep", true},
		{"static/.DS_Store", true},
		{"static/#notes.txt#", true},
		{"layouts/.base.html", true},
	} {
		if got := IgnoredAt(c.rel); got != c.ignored {
			t.Errorf("IgnoredAt(%q) = %v; want %v", c.rel, got, c.ignored)
		}
	}
}

// TestConfigFlagAndTitle: a bad --base-url is reported as the flag's, not
// as site.yaml's, and a site without a title is named after its host.
func TestConfigFlagAndTitle(t *testing.T) {
	_, probs := ParseConfig([]byte("title: T\nbase_url: https://org.github.io/b/\n"), "org.github.io/b/")
	if want := `--base-url: the value must be an absolute http(s) URL like https://org.github.io/briefings/, not "org.github.io/b/"`; len(probs) != 1 || probs[0].String() != want {
		t.Errorf("a bad --base-url reported %v; want %s", probs, want)
	}
	_, probs = ParseConfig([]byte("base_url: https://org.github.io/b/\n"), "https://x.example.io/?q=1")
	if want := `--base-url: the value has a query (after ?) or a fragment (after #), which no link of the site would keep; write it as https://x.example.io/`; len(probs) != 1 || probs[0].String() != want {
		t.Errorf("a --base-url with a query reported %v; want %s", probs, want)
	}
	for _, yaml := range []string{"base_url: https://news.example.org/desk/\n", "title: \"  \"\nbase_url: https://news.example.org/desk/\n"} {
		cfg, probs := ParseConfig([]byte(yaml), "")
		if len(probs) != 0 || cfg.Title != "news.example.org" {
			t.Errorf("%q: title %q, problems %v; want news.example.org", yaml, cfg.Title, probs)
		}
	}
}

// TestParseDate reads the forms of a date and time that RFC 3339 and YAML
// allow, and refuses the rest.
func TestParseDate(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database")
	}
	want := time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC)
	for _, s := range []string{
		"2026-04-10T09:00:00Z",
		"2026-04-10t09:00:00z",
		"2026-04-10T11:00:00+02:00",
		"2026-04-10 11:00:00 +02:00",
		"2026-04-10T11:00:00 +02:00",
		"2026-04-10 11:00:00+02:00",
		"2026-04-10T09:00:00.000Z",
		"2026-04-10T11:00:00",
		"2026-04-10 11:00",
		"2026-04-10T09:00Z",
		"2026-04-10t09:00z",
		"2026-04-10T18:00+09:00",
		"2026-04-10 18:00 +09:00",
		"2026-04-10T18:00:00+0900",
		"2026-04-10T18:00:00.000+0900",
		"2026-04-10 11:00:00 +0200", // Hugo's and Jekyll's
		"2026-04-10 11:00:00+0200",
		"2026-04-10T11:00 +0200",
		"2026-04-10 09:00:00 Z",
	} {
		if got, err := ParseDate(s, berlin); err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"10/04/2026", "2026-04-10x09:00", "April 10, 2026", "2026-04-10T09:00:00zz",
		"2026-4-10", "2026-04-10T09:00+9", "2026-04-10T09:00:00 +02 00", "2026-04-10T09:00:00 GMT"} {
		if got, err := ParseDate(s, berlin); err == nil {
			t.Errorf("ParseDate(%q) = %v; want an error", s, got)
		}
	}
}

// TestParseDateWhereClocksSkip reads dates in zones whose clocks go
// forward: a bare date whose midnight is skipped is the day's first
// instant, the change, not the evening before; a time of day that is
// skipped is an error that says so.
func TestParseDateWhereClocksSkip(t *testing.T) {
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Skip("no time zone database")
		}
		return loc
	}
	for _, c := range []struct{ zone, date, want string }{
		{"America/Santiago", "2025-09-07", "2025-09-07T01:00:00-03:00"},
		{"America/Havana", "2025-03-09", "2025-03-09T01:00:00-04:00"},
		{"America/Sao_Paulo", "2018-11-04", "2018-11-04T01:00:00-02:00"},
		{"Asia/Beirut", "2025-03-30", "2025-03-30T01:00:00+03:00"},
		{"Europe/Paris", "2025-03-30", "2025-03-30T00:00:00+01:00"},
		{"Europe/Paris", "2025-03-30T03:00", "2025-03-30T03:00:00+02:00"},
	} {
		got, err := ParseDate(c.date, zone(c.zone))
		if err != nil || got.Format(time.RFC3339) != c.want {
			t.Errorf("ParseDate(%q) in %s = %s, %v; want %s", c.date, c.zone, got.Format(time.RFC3339), err, c.want)
		}
	}
	// A time the clocks show twice is either (Go does not say which).
	if got, err := ParseDate("2025-10-26T02:30", zone("Europe/Paris")); err != nil || got.Format("15:04") != "02:30" {
		t.Errorf("ParseDate of a time shown twice = %v, %v; want 02:30", got, err)
	}
	_, err := ParseDate("2025-03-30T02:30:00", zone("Europe/Paris"))
	var skip *SkippedTimeError
	if !errors.As(err, &skip) || skip.From != "02:00" || skip.To != "03:00" {
		t.Errorf("ParseDate of a skipped time: %v; want the clocks' change from 02:00 to 03:00", err)
	}
	if _, err := ParseDate("2025-09-07T00:30", zone("America/Santiago")); !errors.As(err, &skip) || skip.From != "00:00" || skip.To != "01:00" {
		t.Errorf("ParseDate of a skipped time: %v; want the clocks' change from 00:00 to 01:00", err)
	}
}

// TestConfigHostInPunycode writes a base URL's host with other letters
// than ASCII as DNS names it, in punycode: Go's URLs would percent-encode
// it, which no browser reads as the host. A site with no title takes the
// host as written; a host that is no domain name is an error.
func TestConfigHostInPunycode(t *testing.T) {
	cfg, probs := ParseConfig([]byte("base_url: https://bücher.example:8080/news/\n"), "")
	if len(probs) != 0 || cfg.BaseURL.String() != "https://xn--bcher-kva.example:8080/news/" || cfg.Title != "bücher.example" {
		t.Errorf("base URL %s, title %q, problems %v", cfg.BaseURL, cfg.Title, probs)
	}
	_, probs = ParseConfig([]byte("base_url: https://bü_cher.example/\n"), "")
	if want := `site.yaml:1:11: ` + "`base_url`" + ` has the host "bü_cher.example", which is not a domain name: idna: disallowed rune U+005F`; len(probs) != 1 || probs[0].String() != want {
		t.Errorf("a host with _ reported %v; want %s", probs, want)
	}
}

// TestConfigHostOneSpelling: a base URL's host is lowercased and loses its
// scheme's own port, so that feeds' ids and canonical addresses are spelt
// as the site's links are; another port stays.
func TestConfigHostOneSpelling(t *testing.T) {
	for raw, want := range map[string]string{
		"https://PROBE.github.io:443/desk/": "https://probe.github.io/desk/",
		"http://Example.org:80/":            "http://example.org/",
		"https://example.org:8443/":         "https://example.org:8443/",
		"http://example.org:443/":           "http://example.org:443/",
		"https://example.org:/b/":           "https://example.org/b/",
	} {
		cfg, probs := ParseConfig([]byte("base_url: "+raw+"\n"), "")
		if len(probs) != 0 || cfg.BaseURL.String() != want {
			t.Errorf("base_url %s: %s, %v; want %s", raw, cfg.BaseURL, probs, want)
		}
	}
}
