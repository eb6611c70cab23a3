package content

import (
	"bytes"
	"errors"
	"sync"

	"go.yaml.in/yaml/v3"
)

// unmarshalYAML decodes one front matter into doc, as yaml.Unmarshal would,
// but for the place of the document node itself, which is not used. When
// quickYAML read it, q holds doc's nodes: doc is not to be used after
// q.free, which the caller may call once done with it, or leave uncalled.
//
// Front matter of the shape most files have is read by quickYAML. The
// rest goes to yaml.v3. yaml.Unmarshal makes a new parser for every call,
// with its buffers and token queue: for a front matter of a few lines that
// is most of the work and nearly two thirds of the memory. A yaml.Decoder
// reads document after document of a stream with one parser, so decoders
// are kept in a pool and each is handed front matters one at a time, each
// between a `---` and a `...` line. Whatever the stream could read
// differently from a document of its own is left to yaml.Unmarshal (see
// streamable), and so is any document the stream fails on, so that errors
// read exactly as before. FuzzUnmarshalYAML holds all three to the same
// trees and errors.
func unmarshalYAML(src []byte, doc *yaml.Node) (q *quick, err error) {
	if q := quickYAML(src); q != nil {
		*doc = q.doc
		return q, nil
	}
	return nil, decodeYAML(src, doc)
}

// decodeYAML is unmarshalYAML by yaml.v3 alone.
func decodeYAML(src []byte, doc *yaml.Node) error {
	if !streamable(src) {
		return yaml.Unmarshal(src, doc)
	}
	s := yamlStreams.Get().(*yamlStream)
	err := s.decode(src, doc)
	if err == nil {
		yamlStreams.Put(s) // else s is dropped: its parser has failed
	}
	if err != nil || blank(doc) {
		*doc = yaml.Node{}
		return yaml.Unmarshal(src, doc)
	}
	return nil
}

// blank reports whether doc holds nothing but an empty null, as a document
// with no content does in a stream; yaml.Unmarshal then gives no document.
func blank(doc *yaml.Node) bool {
	return len(doc.Content) == 1 && doc.Content[0].Tag == "!!null" && doc.Content[0].Value == ""
}

var yamlStreams = sync.Pool{New: func() any { return new(yamlStream) }}

// streamable reports whether src reads the same as a document of a stream
// as on its own. Anchors are the stream's, not the document's, so an alias
// could name one from an earlier file; a line starting with `%`, `---` or
// `...` is a directive or a document's start or end; a byte-order mark is
// read only at the start of a stream; and a block scalar (`|` or `>`) that
// runs to the end would keep the line break the stream adds after it.
func streamable(src []byte) bool {
	if bytes.ContainsAny(src, "&*|>") || bytes.HasPrefix(src, []byte("\ufeff")) {
		return false
	}
	for line := src; len(line) > 0; {
		if line[0] == '%' || bytes.HasPrefix(line, []byte("...")) || bytes.HasPrefix(line, []byte("---")) {
			return false
		}
		i := bytes.IndexByte(line, '\n')
		if i < 0 {
			break
		}
		line = line[i+1:]
	}
	return true
}

// yamlStream is a decoder and the reader it reads documents from.
//
// The decoder looks two tokens past the end of a document before it hands
// the document over, so each front matter is followed by an empty document,
// `---` and `...`, which holds those two tokens. The empty document is read
// before the next front matter, with that front matter's first two tokens
// as its own look-ahead.
type yamlStream struct {
	dec   *yaml.Decoder
	feed  feed
	empty bool // an empty document is to be read before the next one
}

// errStream reports that the stream did not read a document as expected: it
// read past the end of what it was given, or the document ended before its
// `...`. The stream is then dropped, and the document read on its own.
var errStream = errors.New("the stream read past its document")

// feed hands the decoder the current document and nothing more.
type feed struct {
	doc []byte // "---\n", the front matter and a line break, "...\n---\n...\n"
	off int
}

func (f *feed) Read(p []byte) (int, error) {
	if f.off == len(f.doc) {
		return 0, errStream
	}
	n := copy(p, f.doc[f.off:])
	f.off += n
	return n, nil
}

// decode reads src as the next document of the stream, with lines counted
// from 1 at its first line, as yaml.Unmarshal counts them.
func (s *yamlStream) decode(src []byte, doc *yaml.Node) error {
	if s.dec == nil {
		s.dec = yaml.NewDecoder(&s.feed)
	}
	s.feed.doc = append(append(s.feed.doc[:0], "---\n"...), src...)
	if len(src) > 0 && src[len(src)-1] != '\n' {
		s.feed.doc = append(s.feed.doc, '\n')
	}
	s.feed.doc = append(s.feed.doc, "...\n---\n...\n"...)
	s.feed.off = 0
	if s.empty {
		var e yaml.Node
		if err := s.dec.Decode(&e); err != nil {
			return err
		}
		if !blank(&e) {
			return errStream
		}
	}
	if err := s.dec.Decode(doc); err != nil {
		return err
	}
	s.empty = true
	if s.feed.off != len(s.feed.doc) || doc.Kind != yaml.DocumentNode {
		return errStream
	}
	// The document's first line is the one below the `---`. An empty value
	// at the very end is placed where the next token starts: the stream's
	// `...`, where yaml.Unmarshal has the end of the text.
	shift(doc, doc.Line)
	if endsEmpty(doc) {
		return errStream
	}
	return nil
}

// shift moves n and every node under it up by lines lines.
func shift(n *yaml.Node, lines int) {
	n.Line -= lines
	for _, c := range n.Content {
		shift(c, lines)
	}
}

// endsEmpty reports whether the last node of n, in the order of the text,
// is an empty value.
func endsEmpty(n *yaml.Node) bool {
	for len(n.Content) > 0 {
		n = n.Content[len(n.Content)-1]
	}
	return n.Kind == yaml.ScalarNode && n.Value == "" && n.Style == 0
}
