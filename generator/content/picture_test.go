package content

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"brief/generator/diag"
	"brief/generator/internal/osfs"
)

// pictureBytes encodes a blank picture of w×h pixels in format: png,
// jpeg, gif, or webp (a lossless header, which is all a size needs: the
// Go libraries have no WebP encoder).
func pictureBytes(t testing.TB, format string, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	var b bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&b, img)
	case "jpeg":
		err = jpeg.Encode(&b, img, nil)
	case "gif":
		err = gif.Encode(&b, img, nil)
	case "webp":
		// RIFF, WEBP, a VP8L chunk: its signature byte, then 14 bits of
		// width-1, 14 of height-1, alpha and version, least significant
		// bit first.
		bits := uint32(w-1) | uint32(h-1)<<14
		chunk := append([]byte{0x2f}, binary.LittleEndian.AppendUint32(nil, bits)...)
		b.WriteString("RIFF")
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(4+8+len(chunk)+1)))
		b.WriteString("WEBPVP8L")
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(chunk))))
		b.Write(chunk)
		b.WriteByte(0) // the chunk's padding to an even length
	default:
		t.Fatalf("no format %s", format)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withOrientation puts an Exif block saying orientation o, in the byte
// order order ("II" or "MM"), right after a JPEG's start marker, as a
// camera does.
func withOrientation(jpg []byte, order string, o uint16) []byte {
	var bo binary.AppendByteOrder = binary.LittleEndian
	if order == "MM" {
		bo = binary.BigEndian
	}
	tiff := []byte(order)
	tiff = bo.AppendUint16(tiff, 42)
	tiff = bo.AppendUint32(tiff, 8) // the first directory right after
	tiff = bo.AppendUint16(tiff, 2) // two entries: another tag first
	tiff = bo.AppendUint16(tiff, 0x010F)
	tiff = bo.AppendUint16(tiff, 2)
	tiff = bo.AppendUint32(tiff, 4)
	tiff = append(tiff, 'C', 'a', 'm', 0)
	tiff = bo.AppendUint16(tiff, 0x0112)
	tiff = bo.AppendUint16(tiff, 3)
	tiff = bo.AppendUint32(tiff, 1)
	tiff = bo.AppendUint16(tiff, o)
	tiff = append(tiff, 0, 0)
	tiff = bo.AppendUint32(tiff, 0) // no next directory
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// withJFIF puts a JFIF block right after a JPEG's start marker, before
// any other, as most programs that save a JPEG do.
func withJFIF(jpg []byte) []byte {
	app0 := []byte{0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0}
	return append(append([]byte{0xFF, 0xD8}, app0...), jpg[2:]...)
}

// withSegment puts a segment of size bytes with the given marker right
// after a JPEG's start marker, as a program keeps a colour profile
// (APP2) or its own data there.
func withSegment(jpg []byte, marker byte, size int) []byte {
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, marker}, uint16(size+2))
	seg = append(seg, make([]byte, size)...)
	return append(append([]byte{0xFF, 0xD8}, seg...), jpg[2:]...)
}

// TestPictureSize: the size of each kind of picture is read from its
// header, as a browser shows it: a JPEG turned a quarter by its Exif
// block has its width and height swapped. A file that says it is a
// picture and is not one gets a warning that names it.
func TestPictureSize(t *testing.T) {
	jpg := pictureBytes(t, "jpeg", 7, 3)
	cases := []struct {
		name          string
		data          []byte
		width, height int
	}{
		{"a.png", pictureBytes(t, "png", 30, 20), 30, 20},
		{"a.jpg", jpg, 7, 3},
		{"b.JPEG", jpg, 7, 3},
		{"a.gif", pictureBytes(t, "gif", 5, 4), 5, 4},
		{"a.webp", pictureBytes(t, "webp", 900, 600), 900, 600},
		{"upright.jpg", withOrientation(jpg, "II", 1), 7, 3},
		{"upside-down.jpg", withOrientation(jpg, "MM", 3), 7, 3},
		{"turned-right.jpg", withOrientation(jpg, "II", 6), 3, 7},
		{"turned-left.jpg", withOrientation(jpg, "MM", 8), 3, 7},
		{"mirrored-turned.jpg", withOrientation(jpg, "II", 5), 3, 7},
		{"jfif-then-exif.jpg", withJFIF(withOrientation(jpg, "MM", 6)), 3, 7},
		// Past the 64 KB read at first: the whole file is read.
		{"exif-past-the-head.jpg", withSegment(withOrientation(jpg, "II", 6), 0xE2, 65500), 3, 7},
		{"frame-past-the-head.jpg", withSegment(withSegment(jpg, 0xE2, 60000), 0xE3, 60000), 7, 3},
		{"jpeg-named-png.png", jpg, 7, 3},
	}
	dir := t.TempDir()
	// SVG drawings: the root element's width and height in an absolute
	// unit, or no size of their own.
	svg := func(attrs string) []byte {
		return []byte(`<?xml version="1.0"?>` + "\n<!-- a chart -->\n" + `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">` +
			"\n<svg xmlns=\"http://www.w3.org/2000/svg\" " + attrs + "><rect width=\"10\" height=\"10\"/></svg>\n")
	}
	cases = append(cases, []struct {
		name          string
		data          []byte
		width, height int
	}{
		{"px.svg", svg(`width="640" height="360px"`), 640, 360},
		{"pt.SVG", svg(`width="432pt" height="288pt" viewBox="0 0 432 288"`), 576, 384},
		{"in.svg", svg(`width=" 2in " height="1.5in"`), 192, 144},
		{"cm.svg", svg(`width="2.54cm" height="25.4mm"`), 96, 96},
		{"fraction.svg", svg(`width="100.6" height="50.4"`), 101, 50},
		{"percent.svg", svg(`width="100%" height="300"`), 0, 0},
		{"em.svg", svg(`width="20em" height="10em"`), 0, 0},
		{"viewbox.svg", svg(`viewBox="0 0 800 400"`), 0, 0},
		{"zero.svg", svg(`width="0" height="100"`), 0, 0},
		{"namespaced.svg", svg(`xlink:width="640" width="30" height="20" xmlns:xlink="http://www.w3.org/1999/xlink"`), 30, 20},
		{"latin1.svg", append([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?>`+"\n<!-- Caf\xe9 -->"), svg(`width="12" height="6"`)[len(`<?xml version="1.0"?>`):]...), 12, 6},
		{"long-comment.svg", append([]byte("<!-- "+strings.Repeat("x", 70<<10)+" -->"), svg(`width="8" height="4"`)...), 8, 4},
	}...)
	for _, c := range cases {
		if !IsPicture(c.name) {
			t.Errorf("IsPicture(%q) = false", c.name)
		}
		if err := os.WriteFile(filepath.Join(dir, c.name), c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		var probs diag.List
		w, h := pictureSize(osfs.Dir(dir), c.name, &probs)
		if w != c.width || h != c.height || len(probs) > 0 {
			t.Errorf("%s: %d×%d, problems %v; want %d×%d", c.name, w, h, probs, c.width, c.height)
		}
	}
	for _, name := range []string{"map.svgz", "notes.txt", "data.csv", "png", "a.png.md"} {
		if IsPicture(name) {
			t.Errorf("IsPicture(%q) = true", name)
		}
	}

	if err := os.WriteFile(filepath.Join(dir, "broken.png"), []byte("not a picture at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	var probs diag.List
	w, h := pictureSize(osfs.Dir(dir), "broken.png", &probs)
	if w != 0 || h != 0 || len(probs) != 1 || probs[0].File != "broken.png" || probs[0].Severity != diag.Warning ||
		!strings.Contains(probs[0].Msg, "not a PNG, JPEG, GIF or WebP picture") {
		t.Errorf("a text file named .png: %d×%d, problems %v; want 0×0 and one warning at broken.png", w, h, probs)
	}
	// Files named .svg that are no drawing: HTML, and text.
	for name, data := range map[string]string{"page.svg": "<!doctype html><html><body>x</body></html>", "text.svg": "not a drawing"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		probs = nil
		w, h = pictureSize(osfs.Dir(dir), name, &probs)
		if w != 0 || h != 0 || len(probs) != 1 || probs[0].File != name || probs[0].Severity != diag.Warning {
			t.Errorf("%s: %d×%d, problems %v; want 0×0 and one warning", name, w, h, probs)
		}
	}
	// A PNG cut short after its signature: damaged, not of another kind.
	if err := os.WriteFile(filepath.Join(dir, "cut.png"), pictureBytes(t, "png", 3, 3)[:12], 0o644); err != nil {
		t.Fatal(err)
	}
	probs = nil
	w, h = pictureSize(osfs.Dir(dir), "cut.png", &probs)
	if w != 0 || h != 0 || len(probs) != 1 || probs[0].File != "cut.png" || probs[0].Severity != diag.Warning ||
		!strings.Contains(probs[0].Msg, "size cannot be read (unexpected EOF)") {
		t.Errorf("a PNG cut short: %d×%d, problems %v; want 0×0 and one warning at cut.png", w, h, probs)
	}
	// A file gone since it was listed is the copy's to report.
	probs = nil
	if w, h := pictureSize(osfs.Dir(dir), "gone.png", &probs); w != 0 || h != 0 || len(probs) > 0 {
		t.Errorf("a missing file: %d×%d, problems %v; want 0×0 and none", w, h, probs)
	}
}

// TestLoadPictureSize: a bundle's picture has its size in the loaded
// site; a load after it is replaced by one of another size has the new
// size; and a Loader restored from the state of the last load has it
// too, without reading the picture again.
func TestLoadPictureSize(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, ConfigFile, "base_url: https://example.org/\n")
	writeFile(t, root, "content/world/a/index.md", "---\ntitle: \"A\"\nsummary: \"S\"\ndate: 2026-01-02\ntopics: [Trade]\n---\n![Map](map.png)\n")
	writeFile(t, root, "content/world/a/notes.txt", "not a picture")
	put := func(w, h int) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(root, "content/world/a/map.png"), pictureBytes(t, "png", w, h), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sizes := func(s *Site) map[string][2]int {
		got := map[string][2]int{}
		for _, b := range s.Briefings {
			for _, r := range b.Resources {
				got[r.Rel] = [2]int{r.Width, r.Height}
			}
		}
		return got
	}
	want := func(s *Site, probs diag.List, when string, w, h int) {
		t.Helper()
		if len(probs) > 0 {
			t.Fatalf("%s: %v", when, probs)
		}
		if got := sizes(s); got["map.png"] != [2]int{w, h} || got["notes.txt"] != [2]int{} {
			t.Errorf("%s: sizes %v; want map.png %d×%d and notes.txt none", when, got, w, h)
		}
	}

	put(40, 30)
	l := NewLoader(osfs.Dir(root), "")
	s, probs := l.Load(nil)
	want(s, probs, "the first load", 40, 30)

	put(80, 45)
	s, probs = l.Load([]string{"content/world/a/map.png"})
	want(s, probs, "a load after the picture was replaced", 80, 45)

	restored := RestoreLoader(osfs.Dir(root), "", l.State())
	s, probs = restored.Load([]string{})
	want(s, probs, "a restored loader's load with nothing changed", 80, 45)
}

// BenchmarkPictureSize reads the size of a 1200×800 JPEG from its file,
// as a load does for each picture of a bundle: a camera's (an Exif block
// of 20 KB before the frame) and one saved by a program (no Exif).
func BenchmarkPictureSize(b *testing.B) {
	dir := b.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, &jpeg.Options{Quality: 60}); err != nil {
		b.Fatal(err)
	}
	camera := withSegment(withOrientation(plain.Bytes(), "II", 6), 0xE2, 20<<10)
	for name, data := range map[string][]byte{"program": plain.Bytes(), "camera": camera} {
		if err := os.WriteFile(filepath.Join(dir, name+".jpg"), data, 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			fsys := osfs.Dir(dir)
			var probs diag.List
			for b.Loop() {
				if w, _ := pictureSize(fsys, name+".jpg", &probs); w == 0 {
					b.Fatal(probs)
				}
			}
		})
	}
}

// FuzzPictureSize: any bytes under a picture's name, a JPEG's or an SVG
// drawing's, give a size, or 0×0 and one warning, and never a panic (the
// Exif reading is brief's own);
// bytes the standard decoders read whole give their size, swapped only
// for a JPEG.
func FuzzPictureSize(f *testing.F) {
	jpg := pictureBytes(f, "jpeg", 7, 3)
	for _, seed := range [][]byte{
		pictureBytes(f, "png", 3, 2), jpg, pictureBytes(f, "gif", 5, 4), pictureBytes(f, "webp", 9, 6),
		withOrientation(jpg, "II", 6), withOrientation(jpg, "MM", 8), withJFIF(withOrientation(jpg, "MM", 5)),
		withSegment(jpg, 0xE2, 5000), jpg[:40], []byte("GIF89a"), nil,
	} {
		f.Add(seed)
	}
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg" width="432pt" height="3in"/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"a.jpg": {Data: data}, "a.svg": {Data: data}}
		var probs diag.List
		if w, h := pictureSize(fsys, "a.svg", &probs); w < 0 || h < 0 || len(probs) > 1 || len(probs) == 1 && (w != 0 || h != 0) {
			t.Fatalf("as a drawing, %d×%d with problems %v", w, h, probs)
		}
		probs = nil
		w, h := pictureSize(fsys, "a.jpg", &probs)
		if w < 0 || h < 0 || len(probs) > 1 || len(probs) == 1 && (w != 0 || h != 0) {
			t.Fatalf("%d×%d with problems %v", w, h, probs)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(probs) > 0 {
			t.Fatalf("bytes the decoders read gave %v", probs)
		}
		if (w != cfg.Width || h != cfg.Height) && (format != "jpeg" || w != cfg.Height || h != cfg.Width) {
			t.Fatalf("%s of %d×%d read as %d×%d", format, cfg.Width, cfg.Height, w, h)
		}
	})
}
