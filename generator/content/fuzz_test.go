package content

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"brief/generator/diag"
)

// FuzzFrontMatter reads arbitrary bytes as a briefing, a note, a plain
// page and site.yaml. Whatever the input, reading must not panic, every
// problem must point into the file, and a briefing read without errors
// must have what a page needs, with every character of its takeaways and
// corrections placed where the file has it (see TestTextAt). Seeds are in testdata/fuzz/FuzzFrontMatter.
func FuzzFrontMatter(f *testing.F) {
	const file = "content/world/x/index.md"
	cfg := &Config{Timezone: time.UTC}
	f.Fuzz(func(t *testing.T, raw []byte) {
		lines := bytes.Count(normalize(raw), []byte("\n")) + 1 // CRLF, CR and LF each end a line
		check := func(probs diag.List, file string) {
			for _, p := range probs {
				if p.File != file || p.Line < 0 || p.Line > lines+1 || p.Col < 0 || p.Msg == "" {
					t.Errorf("problem outside the file (%d lines): %q", lines, p.String())
				}
			}
		}

		var probs diag.List
		b := parseBriefing(file, raw, "world", "x", true, cfg, &probs)
		check(probs, file)
		if len(probs.Errors()) == 0 {
			switch {
			case b == nil:
				t.Fatal("no errors, but no briefing")
			case b.Title == "" || b.Summary == "" || b.Date.IsZero() || len(b.Topics) == 0:
				t.Errorf("no errors, but a required field is empty: %+v", b)
			case b.Slug == "" || strings.ContainsAny(b.Slug, "/\\.") || Slug(b.Slug) != b.Slug:
				t.Errorf("no errors, but slug %q could leave its folder", b.Slug)
			case !bytes.HasSuffix(normalize(raw), b.body):
				t.Errorf("the body is not the end of the file")
			}
			for _, topic := range b.Topics {
				if Slug(topic) == "" {
					t.Errorf("no errors, but topic %q has an empty slug", topic)
				}
			}
		}
		if b != nil {
			for i, text := range b.Takeaways {
				if i < len(b.TakeawaysAt) {
					if bad := misplaced(string(normalize(raw)), text, b.TakeawaysAt[i]); bad != "" {
						t.Errorf("takeaway %d: %s", i, bad)
					}
				}
			}
			for _, c := range b.Corrections {
				if bad := misplaced(string(normalize(raw)), c.Text, c.TextAt); bad != "" {
					t.Errorf("correction: %s", bad)
				}
			}
		}

		probs = nil
		n := parseNote("content/world/x/notes/n.md", raw, cfg, &probs)
		check(probs, "content/world/x/notes/n.md")
		if len(probs.Errors()) == 0 && (n == nil || Slug(n.Analyst) == "") {
			t.Errorf("no errors, but a note without an analyst: %+v", n)
		}

		probs = nil
		parsePage("content/about.md", raw, "about", cfg, &probs)
		check(probs, "content/about.md")

		c, probs := ParseConfig(raw, "")
		check(probs, ConfigFile)
		if len(probs.Errors()) == 0 && (c.BaseURL == nil || !strings.HasSuffix(c.BaseURL.Path, "/") || c.Paginate < 1) {
			t.Errorf("no errors, but an unusable configuration: %+v", c)
		}
		if c.BaseURL == nil || c.Timezone == nil {
			// With errors too: the build goes on to check the content.
			t.Errorf("a configuration without a base URL or time zone: %+v", c)
		}
	})
}
