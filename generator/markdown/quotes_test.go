package markdown

import (
	"strings"
	"testing"
)

// TestQuotes: single quotes around a word that starts with t, e, n or l
// open and close as around any other word; goldmark's typographer took
// the opening one for an elision's apostrophe ('twas), and, after an
// apostrophe earlier in the paragraph, left the closing one straight.
// The elisions writers mean keep their apostrophe, and so does every
// other apostrophe, in a body and in a correction alike.
func TestQuotes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"He quoted 'Lagos' and 'economy' and 'the plan' and 'last rites'.",
			"He quoted &lsquo;Lagos&rsquo; and &lsquo;economy&rsquo; and &lsquo;the plan&rsquo; and &lsquo;last rites&rsquo;."},
		{"It's 'notable'.", "It&rsquo;s &lsquo;notable&rsquo;."},
		{"She said 'the plan's cost' was 'national'.", "She said &lsquo;the plan&rsquo;s cost&rsquo; was &lsquo;national&rsquo;."},
		{`"he said 'the end' then"`, "&ldquo;he said &lsquo;the end&rsquo; then&rdquo;"},
		{"'Twas so, rock 'n' roll, let 'em go, 'tis true, 'til then.",
			"&rsquo;Twas so, rock &rsquo;n&rsquo; roll, let &rsquo;em go, &rsquo;tis true, &rsquo;til then."},
		{"The Smiths' house, the '90s, don't, I'm, you're.",
			"The Smiths&rsquo; house, the &rsquo;90s, don&rsquo;t, I&rsquo;m, you&rsquo;re."},
	} {
		got := strings.TrimSuffix(strings.TrimPrefix(string(convert(c.in, false).HTML), "<p>"), "</p>\n")
		if got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.in, got, c.want)
		}
	}
	res := New(Options{}).Convert(nil, Page{File: "content/world/x/index.md", BasePath: "/b/", Resolver: testSite,
		Inline: []Inline{{Text: "Fixed a 'typo' -- see 'the table'.", Line: 3, Col: 6}}})
	if want := "Fixed a &lsquo;typo&rsquo; &ndash; see &lsquo;the table&rsquo;."; res.Inline[0] != want {
		t.Errorf("a correction:\n got %s\nwant %s", res.Inline[0], want)
	}
}

// TestWideQuotes: a quote beside Chinese, Japanese or Korean, or their
// full-width punctuation, stays straight. The typographer pairs quotes by
// the spaces around them, which these scripts have none of: 他说："我们反对。"
// came out with two opening quotes, 、"新型"と with one curly and one
// straight. Quotes in Latin text beside them are still curled.
func TestWideQuotes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`他说："我们反对。"然后离开。`, `他说：&quot;我们反对。&quot;然后离开。`},
		{`韓国軍は、"新型の可能性がある"と話す。`, `韓国軍は、&quot;新型の可能性がある&quot;と話す。`},
		{`그는 "안 된다"고 말했다.`, `그는 &quot;안 된다&quot;고 말했다.`},
		{`'東京'の`, `'東京'の`},
		{`He said "no" in 東京 and "yes".`, `He said &ldquo;no&rdquo; in 東京 and &ldquo;yes&rdquo;.`},
	} {
		got := strings.TrimSuffix(strings.TrimPrefix(string(convert(c.in, false).HTML), "<p>"), "</p>\n")
		if got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}
