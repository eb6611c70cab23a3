package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"brief/generator/content"
)

// NewBriefing writes content/<section>/<slug>.md, a draft briefing with every
// front-matter key filled in or explained, dated now. target is
// "<section>/<slug>". It refuses to overwrite an existing briefing.
func NewBriefing(source, target string, now time.Time) (string, error) {
	section, slug, err := splitTarget(target)
	if err != nil {
		return "", err
	}
	if existing := findBriefing(source, section, slug); existing != "" {
		return "", fmt.Errorf("%s already exists; brief new never overwrites", existing)
	}
	title := strings.ToUpper(slug[:1]) + strings.ReplaceAll(slug[1:], "-", " ")
	text := `---
title: ` + strconv.Quote(title) + `
summary: "One sentence that tells the reader what happened and why it matters."
date: ` + now.Format(time.RFC3339) + `
# updated: ` + now.Format("2006-01-02") + `   # when you revise it later
author: ""
dateline: ""                  # the city the story is filed from
topics: ["` + title + `"]      # one or more; pages are made for each
takeaways: []                 # optional key points shown above the article
# corrections:                # dated corrections, shown on the page
#   - date: ` + now.Format("2006-01-02") + `
#     text: "An earlier version misstated …"
draft: true                   # set to false to publish
# slug: a-shorter-url         # optional: overrides the file name in the URL
---

Write the lede here: who, what, where, when, in two or three sentences.

## Context

## What to watch
`
	file := filepath.Join(source, content.Dir, section, slug+".md")
	return file, create(file, text)
}

// NewNote writes content/<section>/<slug>/notes/<analyst>.md, a note by
// analyst on an existing briefing, and returns its path. A single-file
// briefing becomes a bundle first: <slug>.md moves to <slug>/index.md,
// with its relative links to other markdown files adjusted so they still
// resolve; moved then holds the two paths, which are otherwise "".
func NewNote(source, target, analyst string, now time.Time) (file string, moved [2]string, err error) {
	section, slug, err := splitTarget(target)
	if err != nil {
		return "", moved, err
	}
	aslug := content.Slug(analyst)
	if aslug == "" {
		return "", moved, fmt.Errorf("analyst name %q has no letters or digits", analyst)
	}
	existing := findBriefing(source, section, slug)
	if existing == "" {
		return "", moved, fmt.Errorf("there is no briefing %s/%s; create it first with `brief new briefing %s/%s`", section, slug, section, slug)
	}
	bundle := filepath.Join(source, content.Dir, section, slug)
	file = filepath.Join(bundle, "notes", aslug+".md")
	if _, err := os.Stat(file); err == nil {
		return "", moved, fmt.Errorf("%s already exists; brief new never overwrites", file)
	}
	if !strings.HasSuffix(existing, "index.md") {
		index := filepath.Join(bundle, "index.md")
		if err := toBundle(existing, index); err != nil {
			return "", moved, err
		}
		moved = [2]string{existing, index}
	}
	affiliation := ""
	if prof, err := os.ReadFile(filepath.Join(source, content.Dir, "analysts", aslug+".md")); err == nil {
		if m := regexp.MustCompile(`(?m)^affiliation:\s*(.*)$`).FindSubmatch(prof); m != nil {
			affiliation = strings.Trim(strings.TrimSpace(string(m[1])), `"`)
		}
	}
	text := `---
analyst: ` + strconv.Quote(analyst) + `   # matches content/analysts/` + aslug + `.md when there is a profile
affiliation: ` + strconv.Quote(affiliation) + `
date: ` + now.Format(time.RFC3339) + `
# confidence: moderate          # low, moderate or high
---

The assessment, in a paragraph or two.
`
	return file, moved, create(file, text)
}

func splitTarget(target string) (section, slug string, err error) {
	section, slug, ok := strings.Cut(strings.Trim(target, "/"), "/")
	if !ok || strings.Contains(slug, "/") || section == "" || slug == "" {
		return "", "", fmt.Errorf("expected <section>/<slug>, like world/north-korea-missile-tests, not %q", target)
	}
	for _, part := range []string{section, slug} {
		if slug := content.Slug(part); slug == "" {
			return "", "", fmt.Errorf("%q is not a slug: it has no letters or digits", part)
		} else if slug != part {
			return "", "", fmt.Errorf("%q is not a slug; use %q", part, slug)
		}
	}
	for _, r := range content.Reserved {
		if section == r {
			return "", "", fmt.Errorf("%q is reserved and cannot be a section", section)
		}
	}
	return section, slug, nil
}

// findBriefing returns the file of briefing section/slug, in either form,
// or "" when there is none.
func findBriefing(source, section, slug string) string {
	for _, f := range []string{
		filepath.Join(source, content.Dir, section, slug, "index.md"),
		filepath.Join(source, content.Dir, section, slug+".md"),
	} {
		if _, err := os.Stat(f); err == nil {
			return f
		}
	}
	return ""
}

// relativeMD matches markdown link destinations to other .md files by a
// relative path.
var relativeMD = regexp.MustCompile(`\]\(([^)\s#:/][^)\s#:]*\.md)`)

// toBundle moves a single-file briefing into a folder of its own. Its
// relative links gain a ../ because the file is now one folder deeper.
func toBundle(from, to string) error {
	src, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	src = relativeMD.ReplaceAll(src, []byte("](../$1"))
	if err := create(to, string(src)); err != nil {
		return err
	}
	return os.Remove(from)
}

// create writes a new file, refusing to replace one.
func create(file, text string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; brief new never overwrites", file)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
