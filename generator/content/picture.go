package content

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	_ "image/gif" // the kinds of picture whose size DecodeConfig reads
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"

	_ "golang.org/x/image/webp"

	"brief/generator/diag"
)

// IsPicture reports whether a file's name says it is a picture whose size
// a build reads (see Resource.Width): PNG, JPEG, GIF or WebP. An SVG
// drawing has no size of its own in pixels, and is left out.
func IsPicture(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp":
		return true
	}
	return false
}

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
// its frame is wide. A file that cannot be read is reported when it is
// copied; one whose header is not a picture's gets a warning here, as its
// pages then show it with no size and move as it arrives.
func pictureSize(fsys fs.FS, file string, probs *diag.List) (width, height int) {
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
		cfg, format, err := image.DecodeConfig(bytes.NewReader(head))
		turned, cut := quarterTurned(head)
		switch {
		case i < len(pictureHeads) && len(head) == pictureHeads[i] && (errors.Is(err, io.ErrUnexpectedEOF) || cut):
			continue // the header goes on past what was read
		case errors.Is(err, image.ErrFormat):
			probs.Warn(file, 0, 0, "not a PNG, JPEG, GIF or WebP picture, as its name says: pages show it with no width and height, and move when it arrives; save it again in one of those formats")
			return 0, 0
		case err != nil:
			probs.Warn(file, 0, 0, "the picture's size cannot be read (%v): pages show it with no width and height, and move when it arrives; save it again as a PNG, JPEG, GIF or WebP file", err)
			return 0, 0
		case format == "jpeg" && turned:
			return cfg.Height, cfg.Width
		}
		return cfg.Width, cfg.Height
	}
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
