// Command picture writes a JPEG photograph's stand-in for bench/pictures.sh:
// a picture of the size asked, whose colours vary enough from pixel to pixel
// that it compresses about as a photograph does (1,200×800 at quality 60:
// some 180 KB).
//
//	picture -w 1200 -h 800 -q 60 -out photo.jpg
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
)

func main() {
	w := flag.Int("w", 1200, "width in pixels")
	h := flag.Int("h", 800, "height in pixels")
	q := flag.Int("q", 60, "JPEG quality, 1 to 100")
	out := flag.String("out", "photo.jpg", "the file to write")
	flag.Parse()
	if *w < 1 || *h < 1 || *q < 1 || *q > 100 {
		fmt.Fprintln(os.Stderr, "picture: -w and -h must be positive, -q from 1 to 100")
		os.Exit(2)
	}
	img := image.NewRGBA(image.Rect(0, 0, *w, *h))
	for y := range *h {
		for x := range *w {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 3), uint8(x * y), 255})
		}
	}
	f, err := os.Create(*out)
	if err == nil {
		err = jpeg.Encode(f, img, &jpeg.Options{Quality: *q})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "picture:", err)
		os.Exit(1)
	}
}
