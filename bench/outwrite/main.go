// Command outwrite measures what writing a build's output costs the
// machine, and nothing else: it lists the files under FROM (a build's
// output folder), then writes files of the same sizes at the same paths
// under OUT, one call each, with GOMAXPROCS writers, and prints the wall
// seconds of the writing. With -hold it first allocates and touches that
// many bytes and keeps them until the writing ends, as a build's heap is
// resident while it writes its pages.
//
//	outwrite -from OUTPUT -out DIR [-hold 1.7GiB] [-runs 3]
//
// OUT must be new or empty; it is emptied before each run and removed at
// the end. The bytes written
// are not the pages' (a tmpfs page costs the same whatever it holds). See
// bench/HISTORY.md, "Memory beside the output" (twenty-ninth session).
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

type file struct {
	rel  string
	size int64
}

func main() {
	from := flag.String("from", "", "a build's output folder, whose files' sizes and paths are written")
	out := flag.String("out", "", "the folder to write into (emptied first, removed at the end)")
	hold := flag.String("hold", "0", "bytes to allocate, touch and keep while writing (e.g. 1.7GiB, 500MiB)")
	runs := flag.Int("runs", 3, "how many times to write the files")
	flag.Parse()
	if *from == "" || *out == "" || *runs < 1 {
		flag.Usage()
		os.Exit(2)
	}
	held, err := parseBytes(*hold)
	if err != nil {
		fmt.Fprintf(os.Stderr, "outwrite: -hold: %v\n", err)
		os.Exit(2)
	}
	// outwrite removes -out between runs and at the end: it takes only a
	// folder that is not there yet or is empty, never a file.
	if info, err := os.Lstat(*out); err == nil {
		entries, _ := os.ReadDir(*out)
		if !info.IsDir() || len(entries) > 0 {
			fmt.Fprintf(os.Stderr, "outwrite: %s is there and is not an empty folder; name a new folder for -out, which outwrite removes\n", *out)
			os.Exit(2)
		}
	}
	files, largest, err := list(*from)
	if err != nil {
		fail(err)
	}
	buf := make([]byte, largest)
	for i := range buf {
		buf[i] = 'a' + byte(i%26)
	}
	resident := touch(held)
	var total int64
	for _, f := range files {
		total += f.size
	}
	fmt.Printf("%d files, %d bytes, %d bytes held\n", len(files), total, held)
	for run := 1; run <= *runs; run++ {
		if err := os.RemoveAll(*out); err != nil {
			fail(err)
		}
		start := time.Now()
		if err := write(*out, files, buf); err != nil {
			fail(err)
		}
		fmt.Printf("run %d: %.3f s\n", run, time.Since(start).Seconds())
	}
	runtime.KeepAlive(resident)
	os.RemoveAll(*out)
}

// fail reports err and exits.
func fail(err error) {
	fmt.Fprintf(os.Stderr, "outwrite: %v\n", err)
	os.Exit(1)
}

// list returns the regular files under root, with their sizes, and the
// size of the largest.
func list(root string) (files []file, largest int64, err error) {
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files = append(files, file{rel, info.Size()})
		largest = max(largest, info.Size())
		return nil
	})
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("%s holds no files", root)
	}
	return files, largest, err
}

// write makes the folders, then writes the files with GOMAXPROCS writers.
func write(out string, files []file, buf []byte) error {
	made := map[string]bool{}
	for _, f := range files {
		if dir := filepath.Dir(f.rel); !made[dir] {
			made[dir] = true
			if err := os.MkdirAll(filepath.Join(out, dir), 0o755); err != nil {
				return err
			}
		}
	}
	jobs := make(chan file, 64)
	errs := make(chan error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for f := range jobs {
				if err := os.WriteFile(filepath.Join(out, f.rel), buf[:f.size], 0o644); err != nil {
					errs <- err
					for range jobs {
					}
					return
				}
			}
		})
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	close(errs)
	return <-errs
}

// touch allocates n bytes and writes one byte in each 4 KiB page, so that
// all of it is resident.
func touch(n int64) []byte {
	b := make([]byte, n)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	return b
}

// parseBytes reads a count of bytes with an optional KiB, MiB or GiB (or
// KB, MB, GB) suffix.
func parseBytes(arg string) (int64, error) {
	s := arg
	units := []struct {
		suffix string
		size   float64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.size
			break
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a count of bytes", arg)
	}
	return int64(v * mult), nil
}
