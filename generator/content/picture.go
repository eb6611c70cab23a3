package content

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"image"
	_ "image/gif" // the kinds of picture whose size DecodeConfig reads
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
	"sync"

	_ "golang.org/x/image/webp"

	"brief/generator/diag"
)

// IsPicture reports whether a file's name says it is a picture whose size
// a build reads (see Resource.Width): PNG, JPEG, GIF, WebP, or an SVG
// drawing, whose root element may give it one.
func IsPicture(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg":
		return true
	}
	return false
}

// errNotPicture is a header of another kind of file than the picture's
// name says.
var errNotPicture = errors.New("not the picture its name says")

// pictureHeads are how much of a picture is read for its size, in turn
// until its header is whole: most headers are in the first few hundred
// bytes, but a JPEG's frame header comes after its Exif block, which says
// how the picture is turned, and a camera's is most often 10 to 30 KB; a
// picture whose header goes on past the last is read whole.
var pictureHeads = [...]int{4 << 10, 64 << 10}

// heads are buffers for the reads of pictureHeads, one for each reader
// at a time.
var heads = sync.Pool{New: func() any { return new([64 << 10]byte) }}

// headReader is a file system that reads the start of a file, refusing
// what is not a regular file without waiting on it, as osfs.Dir does.
type headReader interface {
	ReadHead(name string, buf []byte) (int, error)
}

// pictureSize returns the size of the picture in file, as a browser shows
// it: a JPEG whose Exif block says it is turned a quarter is as tall as
// its frame is wide, and an SVG drawing is as large as its root element's
// width and height say, or has no size of its own. A file that cannot be
// read is reported when it is copied; one whose header is not a
// picture's gets a warning here, as its pages then show it with no size
// and move as it arrives.
func pictureSize(fsys fs.FS, file string, probs *diag.List) (width, height int) {
	size, kinds := rasterSize, "a PNG, JPEG, GIF or WebP picture"
	if strings.EqualFold(path.Ext(file), ".svg") {
		size, kinds = drawingSize, "an SVG drawing"
	}
	buf := heads.Get().(*[64 << 10]byte)
	defer heads.Put(buf)
	for i := 0; ; i++ {
		var head []byte
		var err error
		if i < len(pictureHeads) {
			head, err = readHead(fsys, file, buf[:pictureHeads[i]])
		} else {
			head, err = fs.ReadFile(fsys, file)
		}
		if err != nil {
			return 0, 0
		}
		width, height, more, err := size(head)
		switch {
		case more && i < len(pictureHeads) && len(head) == pictureHeads[i]:
			continue // the header goes on past what was read
		case errors.Is(err, errNotPicture):
			probs.Warn(file, 0, 0, "not %s, as its name says: pages show it with no width and height, and move when it arrives; save it again as %s", kinds, kinds)
			return 0, 0
		case err != nil:
			probs.Warn(file, 0, 0, "the picture's size cannot be read (%v): pages show it with no width and height, and move when it arrives; save it again as %s", err, kinds)
			return 0, 0
		}
		return width, height
	}
}

// rasterSize reads the size of a PNG, JPEG, GIF or WebP picture from
// head, the start of its file; more reports a header that may go on past
// head.
func rasterSize(head []byte) (width, height int, more bool, err error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(head))
	turned, cut := quarterTurned(head)
	more = errors.Is(err, io.ErrUnexpectedEOF) || cut
	switch {
	case errors.Is(err, image.ErrFormat):
		return 0, 0, more, errNotPicture
	case err != nil:
		return 0, 0, more, err
	case format == "jpeg" && turned:
		return cfg.Height, cfg.Width, more, nil
	}
	return cfg.Width, cfg.Height, more, nil
}

// drawingSize reads the size of an SVG drawing from head, the start of
// its file: its root element's width and height, in pixels or another
// absolute unit (a browser gives the drawing that size), or 0, 0 when
// either is missing or relative (a percent, em), as the drawing then
// takes the size of its place. more reports a file that head does not
// hold up to the end of the root element's start tag.
func drawingSize(head []byte) (width, height int, more bool, err error) {
	d := xml.NewDecoder(bytes.NewReader(head))
	// The bytes of another encoding than UTF-8 are read as they are:
	// the root element's name and sizes are ASCII in every one an SVG
	// is saved in.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := d.Token()
		if err != nil {
			// Cut short or not XML: the rest of the file tells which.
			if errors.Is(err, io.EOF) {
				err = errNotPicture
			}
			return 0, 0, true, err
		}
		root, ok := tok.(xml.StartElement)
		if !ok {
			continue // the XML declaration, comments, a DOCTYPE
		}
		if root.Name.Local != "svg" {
			return 0, 0, false, errNotPicture
		}
		var w, h float64
		for _, a := range root.Attr {
			switch {
			case a.Name.Space != "":
			case a.Name.Local == "width":
				w = cssPixels(a.Value)
			case a.Name.Local == "height":
				h = cssPixels(a.Value)
			}
		}
		if w < 1 || h < 1 || w > 1e6 || h > 1e6 {
			return 0, 0, false, nil
		}
		return int(math.Round(w)), int(math.Round(h)), false, nil
	}
}

// cssPixels is a length of SVG's root element in CSS pixels: a number,
// unitless or in px, pt, pc, in, cm or mm; 0 for any other.
func cssPixels(v string) float64 {
	v = strings.TrimSpace(v)
	unit := 1.0
	for _, u := range []struct {
		name string
		px   float64
	}{{"px", 1}, {"pt", 96.0 / 72}, {"pc", 16}, {"in", 96}, {"cm", 96 / 2.54}, {"mm", 96 / 25.4}} {
		if num, ok := strings.CutSuffix(v, u.name); ok {
			v, unit = strings.TrimSpace(num), u.px
			break
		}
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n <= 0 {
		return 0
	}
	return n * unit
}

// readHead reads the start of file into buf, and returns what it read.
func readHead(fsys fs.FS, file string, buf []byte) ([]byte, error) {
	if hr, ok := fsys.(headReader); ok {
		n, err := hr.ReadHead(file, buf)
		return buf[:n], err
	}
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n, err := io.ReadFull(f, buf)
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		err = nil
	}
	return buf[:n], err
}

// quarterTurned reports whether head, the start of a JPEG file, has an
// Exif orientation of 5 to 8: the picture is shown turned a quarter, so
// browsers swap its width and height. cut reports an Exif block that
// goes on past the end of head.
func quarterTurned(head []byte) (turned, cut bool) {
	if len(head) < 4 || head[0] != 0xFF || head[1] != 0xD8 {
		return false, false
	}
	// Segments: FF, a marker, then a big-endian length that counts
	// itself, until the start of the scan.
	for i := 2; i+4 <= len(head) && head[i] == 0xFF; {
		marker := head[i+1]
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return false, false
		}
		size := int(binary.BigEndian.Uint16(head[i+2:]))
		if size < 2 {
			return false, false
		}
		end := i + 2 + size
		if seg := head[i+4 : min(end, len(head))]; marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			if end > len(head) {
				return false, true
			}
			o := exifOrientation(seg[6:])
			return o >= 5 && o <= 8, false
		}
		i = end
	}
	return false, false
}

// exifOrientation returns the Orientation tag (0x0112) of the first image
// directory of tiff, an Exif block's TIFF data, or 0.
func exifOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return 0
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 0
	}
	ifd := int(order.Uint32(tiff[4:]))
	if ifd < 8 || ifd+2 > len(tiff) {
		return 0
	}
	count := int(order.Uint16(tiff[ifd:]))
	for k := range count {
		e := ifd + 2 + 12*k
		if e+12 > len(tiff) {
			return 0
		}
		// Tag, type (3: a 16-bit number), count, then the value itself
		// in the first bytes of the last four.
		if order.Uint16(tiff[e:]) == 0x0112 && order.Uint16(tiff[e+2:]) == 3 {
			return int(order.Uint16(tiff[e+8:]))
		}
	}
	return 0
}
