package serve

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"brief/generator/internal/logbuf"
)

// BenchmarkSaveToServed measures brief serve as a writer sees it: the time
// from saving a file to the rebuilt page being served, found by polling
// the page over HTTP for the new text. It runs on the corpus in
// $BRIEF_BENCH_CORPUS (edited in place, then restored), or on one it
// generates with bench/gencorpus of $BRIEF_BENCH_N briefings (default
// 1000). bench/serve.sh runs it on 10,000 briefings. Besides ns/op it
// reports the median and 90th percentile from save to served, and the
// median time of the rebuild that followed each save, as the server logged
// it. That rebuild can take longer than the page took to be served: the
// server shows an edited briefing's page first ("page shown in" in its
// log), and rebuilds the rest of the site (listings, the search index)
// after.
func BenchmarkSaveToServed(b *testing.B) {
	dir := benchCorpus(b)
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	log := &logbuf.Buffer{}
	s, err := New(Config{Source: dir, Log: log})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Serve(ctx, ln)
	url := "http://" + ln.Addr().String() + s.Base()

	bundle, note := benchBundle(b, dir)
	page := url + strings.TrimPrefix(bundle, "content/") + "/"
	theme, err := os.ReadFile(filepath.Join("..", "layout", "theme", "briefing.html"))
	if err != nil {
		b.Fatal(err)
	}
	restore := map[string][]byte{}
	for _, f := range []string{bundle + "/index.md", note} {
		restore[f], _ = os.ReadFile(filepath.Join(dir, f))
	}
	defer func() {
		for f, data := range restore {
			os.WriteFile(filepath.Join(dir, f), data, 0o644)
		}
		os.RemoveAll(filepath.Join(dir, "layouts"))
		matches, _ := filepath.Glob(filepath.Join(dir, "content", "world", "bench-new-*"))
		for _, m := range matches {
			os.RemoveAll(m)
		}
	}()

	// Each save puts a new marker in a file and returns the page to poll.
	cases := []struct {
		name string
		save func(marker string) string
	}{
		{"briefing-edit", func(m string) string {
			benchReplace(b, dir, bundle+"/index.md", restore[bundle+"/index.md"], m)
			return page
		}},
		{"note-edit", func(m string) string {
			benchReplace(b, dir, note, restore[note], m)
			return page
		}},
		{"new-briefing", func(m string) string {
			slug := "bench-new-" + strings.ToLower(strings.TrimPrefix(m, "marker"))
			benchWrite(b, dir, "content/world/"+slug+"/index.md", fmt.Sprintf(
				"---\ntitle: %q\nsummary: A new briefing.\ndate: 2026-11-25T09:00:00Z\ntopics: [Bench]\n---\n\nIt says %s.\n", "New "+m, m))
			return url + "world/" + slug + "/"
		}},
		{"layout-edit", func(m string) string {
			benchWrite(b, dir, "layouts/briefing.html", string(theme)+`{{define "head"}}<meta name="edition" content="`+m+`">{{end}}`+"\n")
			return page
		}},
	}
	serial := 0
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var took, builds []float64
			for b.Loop() {
				serial++
				marker := "marker" + strconv.Itoa(serial) + "x" + strconv.FormatInt(time.Now().UnixNano()%1e6, 10)
				before := len(log.String())
				saved := time.Now()
				target := c.save(marker)
				benchPoll(b, target, marker)
				took = append(took, float64(time.Since(saved).Microseconds())/1000)
				b.StopTimer()
				builds = append(builds, firstRebuild(log, before))
				time.Sleep(50 * time.Millisecond) // let the tree settle
				b.StartTimer()
			}
			b.ReportMetric(percentile(took, 50), "ms-median")
			b.ReportMetric(percentile(took, 90), "ms-p90")
			b.ReportMetric(percentile(builds, 50), "ms-build-median")
		})
	}
}

// benchCorpus returns the corpus folder to serve.
func benchCorpus(b *testing.B) string {
	if dir := os.Getenv("BRIEF_BENCH_CORPUS"); dir != "" {
		return dir
	}
	n := os.Getenv("BRIEF_BENCH_N")
	if n == "" {
		n = "1000"
	}
	dir := filepath.Join(b.TempDir(), "corpus")
	cmd := exec.Command("go", "run", "brief/bench/gencorpus", "-n", n, "-out", dir, "-format", "neutral")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("gencorpus: %v\n%s", err, out)
	}
	return dir
}

// benchBundle finds a briefing bundle with notes in the world section, and
// one of its notes.
func benchBundle(b *testing.B, dir string) (bundle, note string) {
	notes, _ := filepath.Glob(filepath.Join(dir, "content", "world", "*", "notes", "*.md"))
	slices.Sort(notes)
	if len(notes) == 0 {
		b.Fatal("the corpus has no notes under content/world")
	}
	rel, _ := filepath.Rel(dir, notes[0])
	rel = filepath.ToSlash(rel)
	return strings.TrimSuffix(rel[:strings.Index(rel, "/notes/")], "/"), rel
}

// benchReplace saves the original text of rel with marker as its last line.
func benchReplace(b *testing.B, dir, rel string, orig []byte, marker string) {
	benchWrite(b, dir, rel, string(orig)+"\nNow "+marker+".\n")
}

func benchWrite(b *testing.B, dir, rel, text string) {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
}

// benchPoll fetches url until it serves marker.
func benchPoll(b *testing.B, url, marker string) {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.Contains(string(body), marker) {
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
	b.Fatalf("%s did not show %s within 2 minutes", url, marker)
}

var rebuiltIn = regexp.MustCompile(`rebuilt in ([0-9.]+[µm]?s)`)

// firstRebuild is the duration of the first rebuild logged after byte
// from of the server's log, in ms: the one that followed the save.
func firstRebuild(log *logbuf.Buffer, from int) float64 {
	// The line comes once the open pages have been told, just after the
	// page is served.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if m := rebuiltIn.FindStringSubmatch(log.String()[from:]); m != nil {
			d, _ := time.ParseDuration(m[1])
			return float64(d.Microseconds()) / 1000
		}
	}
	return 0
}

// percentile is the nearest-rank pth percentile of xs: the smallest value
// that at least p percent of them do not exceed (of 15 saves, the 14th for
// the 90th, the 8th for the median; of 3, the 3rd for the 90th).
func percentile(xs []float64, p int) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := (len(s)*p + 99) / 100 // ceil(p% of n)
	return s[max(rank, 1)-1]
}
