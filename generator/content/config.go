package content

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"brief/generator/diag"

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/idna"
	"golang.org/x/text/language"
)

// ConfigFile is the name of the site settings file at the source root.
const ConfigFile = "site.yaml"

// Config holds the settings of site.yaml. Zero values mean the default.
type Config struct {
	Title       string         // site name, shown in the header and feeds
	Description string         // one sentence about the site, for the home page and feeds
	BaseURL     *url.URL       // where the site is published; always ends in "/"
	Language    string         // BCP 47 tag for <html lang>; default "en"
	Timezone    *time.Location // for bare dates; default UTC
	Paginate    int            // entries per listing page; default 20
	FeedContent string         // "summary" (default) or "full"
	CNAME       string         // custom domain written to /CNAME, if any
	CNAMEAt     Pos            // where site.yaml sets it
	UnsafeHTML  bool           // pass raw HTML in markdown through
	// Params are the site's own settings for its templates (a banner's
	// text, a social handle), as `params` in site.yaml has them: nil when
	// it has none.
	Params map[string]any
}

// BasePath is the path part of the base URL, for example "/briefings/".
func (c *Config) BasePath() string { return c.BaseURL.Path }

// placeholderURL stands for a base URL that is missing or wrong, which is
// an error: nothing built with it is published.
func placeholderURL() *url.URL { return &url.URL{Scheme: "http", Host: "localhost", Path: "/"} }

var configKeys = []string{"title", "description", "base_url", "language", "timezone", "paginate", "feed_content", "cname", "unsafe_html", "params"}

// ParseConfig reads site.yaml. baseURL, when not empty, replaces the file's
// base_url (the --base-url flag). A missing file is allowed only when
// baseURL is given.
func ParseConfig(src []byte, baseURL string) (Config, diag.List) {
	var probs diag.List
	// A file that cannot be read as settings still gives a whole Config:
	// the build goes on to find the content's problems too.
	cfg := Config{Language: "en", Timezone: time.UTC, Paginate: 20, FeedContent: "summary", BaseURL: placeholderURL()}
	if !plainText(ConfigFile, src, &probs) {
		return cfg, probs
	}
	src = normalize(src)
	f := &fields{file: ConfigFile, probs: &probs, tz: time.UTC}
	defer f.release()
	m := f.parse(src)
	if m == nil {
		return cfg, probs
	}
	rawBase, baseLine, baseCol := "", m.Line, 0
	f.each(m, configKeys, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			cfg.Title = f.str(key, v)
		case "description":
			cfg.Description = f.str(key, v)
		case "base_url":
			rawBase, baseLine, baseCol = f.str(key, v), v.Line, v.Column
		case "language":
			if s := f.str(key, v); s != "" {
				// <html lang> and the feeds' xml:lang take a BCP 47 tag;
				// a name there says nothing to screen readers or search.
				if tag, err := language.Parse(s); err != nil {
					f.errNode(v, "`language` must be a language tag like en, en-GB or pt-BR, not %q", s)
				} else {
					cfg.Language = tag.String()
				}
			}
		case "timezone":
			name := f.str(key, v)
			loc, err := time.LoadLocation(name)
			if name == "Local" {
				// The zone of the machine that builds: the same files
				// would give other pages on another machine.
				f.errNode(v, "`timezone`: Local is the zone of whichever machine builds the site; name the zone, like UTC or Europe/Berlin")
			} else if err != nil {
				if fix := zoneCase(name); fix != "" {
					f.errNode(v, "`timezone`: unknown time zone %q; zone names have capitals: %s", name, fix)
				} else if near := Nearest(name, zoneNames(), len(name)); near != "" {
					f.errNode(v, "`timezone`: unknown time zone %q; did you mean %s?", name, near)
				} else {
					f.errNode(v, "`timezone`: unknown time zone %q; use a name like UTC or Europe/Berlin", name)
				}
			} else {
				cfg.Timezone = loc
			}
		case "paginate":
			if n, ok := f.integer(key, v); ok && n > 0 {
				cfg.Paginate = n
			} else if ok {
				f.errNode(v, "`paginate` must be at least 1")
			}
		case "feed_content":
			s := f.str(key, v)
			if s != "summary" && s != "full" {
				f.errNode(v, "`feed_content` must be summary or full, not %q", s)
			} else {
				cfg.FeedContent = s
			}
		case "cname":
			cfg.CNAME, cfg.CNAMEAt = strings.TrimSpace(f.str(key, v)), f.pos(v)
			if cfg.CNAME != "" && !hostname(cfg.CNAME) {
				f.errNode(v, "`cname` must be a bare domain like news.example.org, not %q%s", cfg.CNAME, cnameHint(cfg.CNAME))
				cfg.CNAME = ""
			}
			// One spelling, as the base URL's host has: DNS and Pages
			// ignore capitals.
			cfg.CNAME = strings.ToLower(cfg.CNAME)
		case "unsafe_html":
			cfg.UnsafeHTML = f.boolean(key, v)
		case "params":
			if v.Kind != yaml.MappingNode {
				f.errNode(v, "`params` must be a mapping of names to values: `params:`, then lines like `  banner: \"Live coverage\"`")
			} else if err := v.Decode(&cfg.Params); err != nil {
				f.errNode(v, "`params`: %v", err)
			}
		}
	})
	// Where a base URL's problem is: in site.yaml, or the flag's value.
	where, what := ConfigFile, "`base_url`"
	if baseURL != "" {
		rawBase, baseLine, baseCol = baseURL, 0, 0
		where, what = "--base-url", "the value"
	}
	if rawBase == "" && baseCol > 0 {
		probs.Add(ConfigFile, baseLine, baseCol, "`base_url` is empty; write the address the site is published at, e.g. base_url: https://org.github.io/briefings/ (or pass --base-url)")
		rawBase = placeholderURL().String()
	}
	if rawBase == "" {
		probs.Add(ConfigFile, 1, 1, "missing required key `base_url` (or pass --base-url), e.g. base_url: https://org.github.io/briefings/")
		rawBase = placeholderURL().String()
	}
	u, err := url.Parse(rawBase)
	absolute := err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
	if !absolute {
		probs.Add(where, baseLine, baseCol, "%s must be an absolute http(s) URL like https://org.github.io/briefings/, not %q", what, rawBase)
		u = placeholderURL()
	}
	title := u.Hostname() // as written, for a site with no title
	if host := u.Hostname(); absolute && strings.ContainsFunc(host, func(r rune) bool { return r >= utf8.RuneSelf }) {
		// Go writes a host's other letters percent-encoded, which no
		// browser reads as the host: the site's addresses name it as
		// DNS does, in punycode.
		ascii, err := idna.Lookup.ToASCII(host)
		if err != nil {
			probs.Add(where, baseLine, baseCol, "%s has the host %q, which is not a domain name: %v", what, host, err)
			u = placeholderURL()
		} else if port := u.Port(); port != "" {
			u.Host = ascii + ":" + port
		} else {
			u.Host = ascii
		}
	}
	if absolute {
		// One site, one spelling: a host in capitals, or with its
		// scheme's own port, would give feeds' ids and canonical
		// addresses another spelling than links elsewhere.
		u.Host = strings.TrimSuffix(strings.ToLower(u.Host), ":") // an empty port is the scheme's
		if port := u.Port(); port == "443" && u.Scheme == "https" || port == "80" && u.Scheme == "http" {
			u.Host = strings.TrimSuffix(u.Host, ":"+port)
		}
	}
	if absolute {
		if msg := hostProblem(u); msg != "" {
			probs.Add(where, baseLine, baseCol, "%s %s", what, msg)
			u = placeholderURL()
		}
	}
	unnamable := func(r rune) bool { return r == '#' || r == '?' || r == '%' || r < 0x20 || r == 0x7f }
	if absolute && (strings.ContainsFunc(u.Path, unnamable) || strings.Contains(strings.ToLower(u.RawPath), "%2f")) {
		// A folder's name of the published site cannot hold them: links
		// are made from the decoded path, where %23 would start a
		// fragment and %2F split the name in two.
		probs.Add(where, baseLine, baseCol, "%s has an escaped `#`, `?`, `/`, `%%` or control character in its path %q, which no folder of a published site can be named with; name the folder without it", what, u.EscapedPath())
		u = placeholderURL()
	}
	if u.User != nil {
		// Every page, feed and the sitemap carry the base URL: a
		// password in it would be published.
		probs.Add(where, baseLine, baseCol, "%s holds a user name or password (before the @), which every page would publish; write it as %s://%s%s", what, u.Scheme, u.Host, u.EscapedPath())
		u.User = nil
	}
	if ext := strings.ToLower(path.Ext(u.Path)); absolute && (ext == ".html" || ext == ".htm") {
		// A page's address (…/briefings/index.html) where the folder's
		// belongs: every link would go under the page's name.
		dir := strings.TrimSuffix(path.Dir(u.Path), "/") + "/"
		probs.Add(where, baseLine, baseCol, "%s ends with the page %s, but is the address of the folder the site is published in; write it as %s://%s%s", what, path.Base(u.Path), u.Scheme, u.Host, (&url.URL{Path: dir}).EscapedPath())
		u.Path, u.RawPath = dir, ""
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	if absolute && strings.ContainsAny(rawBase, "?#") {
		// Links are made from the base URL's path alone: the query or
		// fragment would be dropped from every one without a word.
		probs.Add(where, baseLine, baseCol, "%s has a query (after ?) or a fragment (after #), which no link of the site would keep; write it as %s://%s%s", what, u.Scheme, u.Host, u.EscapedPath())
	}
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	if clean := cleanDir(u.Path); clean != u.Path {
		// Links start with the path: "//x/" would lead to host x.
		probs.Add(where, baseLine, baseCol, "%s has an empty, . or .. part in its path %q; write it as %s://%s%s", what, u.Path, u.Scheme, u.Host, clean)
		u = placeholderURL()
	}
	cfg.BaseURL = u
	if strings.TrimSpace(cfg.Title) == "" {
		// Pages, feeds and the masthead need a name: an empty <title>
		// is invalid, an empty brand link is a link with no text.
		cfg.Title = title
	}
	return cfg, probs
}

// hostProblem says what in the host or port of u, an absolute http(s)
// URL with its host in ASCII, no browser could reach, or returns "". The
// host is an IP address, or a name of letters, digits, hyphens and
// underscores, in labels separated by dots (a single one, localhost, is
// fine); the port, if any, is from 1 to 65535. net/url leaves both to the
// resolver: it takes a port of 99999, or `<` in a name.
func hostProblem(u *url.URL) string {
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Sprintf("has the port %s, which no server listens on: a port is a number from 1 to 65535", p)
		}
	}
	host := u.Hostname()
	if host == "" {
		return "has no host, only a port; write the host before it, like https://org.github.io/briefings/"
	}
	if net.ParseIP(host) != nil {
		return ""
	}
	for _, l := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if l == "" || len(l) > 63 {
			return fmt.Sprintf("has the host %q, which is not a domain name: each of its parts between dots has 1 to 63 characters", host)
		}
		for _, c := range []byte(l) {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return fmt.Sprintf("has the host %q, which is not a domain name: it holds %q, where a name has letters, digits, hyphens and dots", host, c)
			}
		}
	}
	return ""
}

// cleanDir is a URL path that ends in / without its empty, . and ..
// parts, ending in / as well.
func cleanDir(p string) string {
	if p = path.Clean(p); p != "/" {
		p += "/"
	}
	return p
}

// cnameHint suggests the domain a refused `cname` likely means: without
// the final dot of a fully qualified name, or, for letters beyond ASCII,
// in the ASCII form that DNS and GitHub Pages take. It is "" when it has
// none.
func cnameHint(s string) string {
	like := strings.TrimSuffix(s, ".")
	if ascii, err := idna.Lookup.ToASCII(like); err == nil {
		like = ascii
	}
	if like == s || !hostname(like) {
		return ""
	}
	if strings.HasSuffix(s, ".") && like == strings.ToLower(strings.TrimSuffix(s, ".")) {
		return "; write it without the final dot: " + like
	}
	return "; write it in its ASCII form, as DNS takes it: " + like
}

// hostname reports whether s is a domain name as DNS takes it: dot-
// separated labels of ASCII letters, digits and hyphens, at least two,
// none empty or over 63 bytes, none starting or ending with a hyphen.
// (A name in another script is written in its xn-- form.)
func hostname(s string) bool {
	labels := strings.Split(s, ".")
	if len(s) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range []byte(l) {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// zoneFolders are where Unix systems keep the time zone database, as Go's
// time package looks for it.
var zoneFolders = []string{"/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/", "/etc/zoneinfo/"}

// zoneNames lists the names of the time zones the system's database
// describes (Asia/Tokyo), from its zone1970.tab or zone.tab, to suggest
// one for a misspelt name; none where it has no such file (Windows).
func zoneNames() []string {
	for _, dir := range zoneFolders {
		for _, tab := range []string{"zone1970.tab", "zone.tab"} {
			raw, err := os.ReadFile(dir + tab)
			if err != nil {
				continue
			}
			var names []string
			for line := range strings.Lines(string(raw)) {
				if cols := strings.Split(strings.TrimRight(line, "\r\n"), "\t"); len(cols) >= 3 && !strings.HasPrefix(line, "#") {
					names = append(names, cols[2])
				}
			}
			return append(names, "UTC")
		}
	}
	return nil
}

// zoneCase returns the time zone that name is in other capitals, as in
// utc or asia/tokyo, or "" for none: zone names are file names, and a
// case-sensitive disk finds them only as written (UTC, Asia/Tokyo).
func zoneCase(name string) string {
	titled := []rune(strings.ToLower(name))
	for i := range titled {
		if i == 0 || strings.ContainsRune("/_-", titled[i-1]) {
			titled[i] = unicode.ToUpper(titled[i])
		}
	}
	// Small words inside a place's name stay small: Port-au-Prince,
	// Dar_es_Salaam, Isle_of_Man.
	small := string(titled)
	for _, w := range []string{"Au", "Es", "Of", "De", "Da", "Du", "La", "Le"} {
		for _, sep := range []string{"-", "_"} {
			small = strings.ReplaceAll(small, sep+w+sep, sep+strings.ToLower(w)+sep)
		}
	}
	for _, c := range []string{strings.ToUpper(name), string(titled), small} {
		if _, err := time.LoadLocation(c); c != name && err == nil {
			return c
		}
	}
	return ""
}
