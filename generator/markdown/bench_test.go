package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"brief/generator/internal/exampletest"
)

// BenchmarkConvert converts every markdown file of the example site into
// one reused buffer, as a build's workers do.
func BenchmarkConvert(b *testing.B) {
	c := New(Options{})
	files := exampletest.MarkdownFiles(b)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range files {
			c.ConvertInto(&buf, src, Page{File: "content/world/x/index.md", BodyLine: 6, BasePath: "/b/", Resolver: testSite})
		}
	}
}

// BenchmarkMayAutolink is the check that decides whether a body parsed
// without Linkify is parsed again with it, on every markdown file of the
// example site.
func BenchmarkMayAutolink(b *testing.B) {
	c := New(Options{})
	files := exampletest.MarkdownFiles(b)
	docs := make([]ast.Node, len(files))
	for i, src := range files {
		docs[i] = c.md[0][0].Parser().Parse(text.NewReader(src))
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, src := range files {
			mayAutolink(docs[i], src)
		}
	}
}

// BenchmarkNesting is the check of how deep in lists and quotes each line
// lies (see MaxNesting), which every body passes before it is parsed, on
// every markdown file of the example site.
func BenchmarkNesting(b *testing.B) {
	files := exampletest.MarkdownFiles(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range files {
			nesting(src, MaxNesting)
		}
	}
}

// BenchmarkFenceLanguages converts a body of code blocks in languages a
// writer uses that chroma finds by file name (txt) or not at all
// (mermaid, output), and one it knows by name (python): see lexerFor.
func BenchmarkFenceLanguages(b *testing.B) {
	c := New(Options{})
	var src bytes.Buffer
	for _, lang := range []string{"python", "txt", "mermaid", "output", "console-log"} {
		src.WriteString("Text.\n\n```" + lang + "\nx = 1\n```\n\n")
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		c.ConvertInto(&buf, src.Bytes(), Page{File: "content/world/x/index.md", BodyLine: 6, BasePath: "/b/", Resolver: testSite})
	}
}
