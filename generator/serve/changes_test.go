package serve

import (
	"maps"
	"regexp"
	"slices"
	"testing"

	"brief/generator"
)

// TestChanges checks what a rebuild means for open pages, as pure
// functions: which output paths changed, which pages only got the new
// stylesheet, and the event each open page gets.
func TestChanges(t *testing.T) {
	shared := []byte("same bytes, same array")
	old := map[string][]byte{
		"index.html":             []byte(`<link href="/b/css/style.aaaaaaaa.css"><p>home</p>`),
		"a/index.html":           []byte(`<link href="/b/css/style.aaaaaaaa.css"><p>a</p>`),
		"b/index.html":           []byte(`<link href="/b/css/style.aaaaaaaa.css"><p>b</p>`),
		"gone/index.html":        []byte(`gone`),
		"css/style.aaaaaaaa.css": []byte(`body{}`),
		"feed.xml":               shared,
	}
	files := map[string][]byte{
		"index.html":             []byte(`<link href="/b/css/style.bbbbbbbb.css"><p>home</p>`),
		"a/index.html":           []byte(`<link href="/b/css/style.bbbbbbbb.css"><p>a, edited</p>`),
		"b/index.html":           []byte(`<link href="/b/css/style.bbbbbbbb.css"><p>b</p>`),
		"new/index.html":         []byte(`new`),
		"css/style.bbbbbbbb.css": []byte(`body{color:red}`),
		"feed.xml":               shared,
	}
	// Copies are compared by their hash and source file.
	oldCopies := map[string]generator.Copy{
		"unchanged.txt": {Source: "static/unchanged.txt", Sum: 1},
		"a/map.png":     {Source: "content/a/map.png", Sum: 2},
		"a/moved.png":   {Source: "content/a/moved.png", Sum: 3},
		"gone.txt":      {Source: "static/gone.txt", Sum: 4},
	}
	copies := map[string]generator.Copy{
		"unchanged.txt": {Source: "static/unchanged.txt", Sum: 1},
		"a/map.png":     {Source: "content/a/map.png", Sum: 5},
		"a/moved.png":   {Source: "static/a/moved.png", Sum: 3},
		"new.txt":       {Source: "static/new.txt", Sum: 6},
	}
	changed, css := changedFiles(&snapshot{files: old, copied: oldCopies}, &snapshot{files: files, copied: copies})
	if css != "css/style.bbbbbbbb.css" {
		t.Errorf("stylesheet %q; want css/style.bbbbbbbb.css", css)
	}
	want := []string{"a/index.html", "a/map.png", "a/moved.png", "b/index.html", "css/style.aaaaaaaa.css", "css/style.bbbbbbbb.css", "gone.txt", "gone/index.html", "index.html", "new.txt", "new/index.html"}
	if got := slices.Sorted(maps.Keys(changed)); !slices.Equal(got, want) {
		t.Errorf("changed %q; want %q", got, want)
	}
	leaveOutStylesheet(changed, old, files, "/b/css/style.aaaaaaaa.css", "/b/css/style.bbbbbbbb.css")
	want = []string{"a/index.html", "a/map.png", "a/moved.png", "css/style.aaaaaaaa.css", "css/style.bbbbbbbb.css", "gone.txt", "gone/index.html", "new.txt", "new/index.html"}
	if got := slices.Sorted(maps.Keys(changed)); !slices.Equal(got, want) {
		t.Errorf("after leaving out stylesheet-only pages: %q; want %q", got, want)
	}
	for _, c := range []struct {
		pages []string
		css   bool
		want  string
	}{
		{[]string{"a/index.html"}, true, "reload"},
		{[]string{"b/index.html"}, true, "css"},
		{[]string{"b/index.html"}, false, "ok"},
		{[]string{"404.html", "new/index.html"}, false, "reload"}, // a 404 page whose page now exists
		{nil, false, "ok"},
	} {
		if got := decide(c.pages, changed, "/b/"+css, c.css).name; got != c.want {
			t.Errorf("decide(%q, css changed %v) = %s; want %s", c.pages, c.css, got, c.want)
		}
	}
}

// TestReloads checks which pages the changed files copied as they are
// reload: a resource its bundle's page (nested or removed too) and the
// pages that name its URL, a file of static/ every page.
func TestReloads(t *testing.T) {
	old := &snapshot{
		files:  map[string][]byte{"a/index.html": nil, "gone/index.html": nil},
		copied: map[string]generator.Copy{"gone/x.png": {Source: "content/gone/x.png"}},
	}
	next := &snapshot{
		files: map[string][]byte{"a/index.html": nil, "feed.xml": nil,
			"b/index.html":            []byte(`<p><img src="/news/a/map.png" alt="Map"></p>`),
			"analysts/ann/index.html": []byte(`<p><img src="/news/a/img/b.png" alt="B"></p>`),
			"c/index.html":            []byte(`<p><a href="/news/a/map.png.txt">not the map</a></p>`),
			"topics/index.html":       []byte(`<p>/news/a/map.png is named, not linked</p>`),
		},
		base: "/news/",
		copied: map[string]generator.Copy{
			"a/map.png":   {Source: "content/a/map.png"},
			"a/img/b.png": {Source: "content/a/img/b.png"},
			"logo.svg":    {Source: "static/logo.svg"},
		},
	}
	for _, c := range []struct {
		changed []string
		pages   []string
		static  bool
	}{
		{[]string{"a/map.png"}, []string{"a/index.html", "a/map.png", "b/index.html"}, false},
		{[]string{"a/img/b.png"}, []string{"a/img/b.png", "a/index.html", "analysts/ann/index.html"}, false},
		{[]string{"gone/index.html", "gone/x.png"}, []string{"gone/index.html", "gone/x.png"}, false},
		{[]string{"feed.xml"}, []string{"feed.xml"}, false},
		{[]string{"logo.svg"}, []string{"logo.svg"}, true},
	} {
		changed := map[string]bool{}
		for _, p := range c.changed {
			changed[p] = true
		}
		pages, static := reloads(changed, old, next)
		if got := slices.Sorted(maps.Keys(pages)); !slices.Equal(got, c.pages) || static != c.static {
			t.Errorf("reloads(%q) = %q, static %v; want %q, static %v", c.changed, got, static, c.pages, c.static)
		}
	}
}

// TestInjectAtHeadEnd puts the live-reload script where a browser ends
// the head: not at a "</head>" inside a script or a comment, at </HEAD>
// in capitals, before <body> when the head is not closed, and at the end
// of a page that has neither.
func TestInjectAtHeadEnd(t *testing.T) {
	for _, c := range []struct{ page, want string }{
		{"<html><head><title>x</title></head><body>b</body></html>", "<html><head><title>x</title>@</head><body>b</body></html>"},
		{`<head><script>var s="</head>";</script><!-- </head> --></head><p>`, `<head><script>var s="</head>";</script><!-- </head> -->@</head><p>`},
		{"<HEAD><title>x</title></HEAD><BODY>", "<HEAD><title>x</title>@</HEAD><BODY>"},
		{"<title>x</title><body><p>b", "<title>x</title>@<body><p>b"},
		{"<p>a fragment", "<p>a fragment@"},
	} {
		got := string(inject([]byte(c.page), "/", "1.1"))
		got = regexp.MustCompile(`<script src="/__brief/live.js"[^>]*></script>`).ReplaceAllString(got, "@")
		if got != c.want {
			t.Errorf("inject(%q) = %q; want %q", c.page, got, c.want)
		}
	}
}
