package main

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// killSite writes the source of a site of n briefings into dir; edited,
// every fourth has another title, every fortieth is gone and ten are new.
func killSite(t *testing.T, dir string, n int, edited bool) {
	t.Helper()
	files := map[string]string{"site.yaml": "title: \"Desk\"\nbase_url: https://example.org/desk/\n"}
	sections := []string{"world", "economy", "energy", "security"}
	topics := []string{"Trade", "Sanctions", "Oil", "Grain", "Shipping", "Elections", "Cyber", "Nuclear"}
	para := strings.Repeat("A sentence of the briefing's body, long enough to make a page. ", 12)
	for i := range n + 10 {
		title := fmt.Sprintf("Briefing %d", i)
		switch {
		case !edited && i >= n, edited && i%40 == 0:
			continue
		case edited && i%4 == 1:
			title = fmt.Sprintf("Revised briefing %d", i)
		}
		files[fmt.Sprintf("content/%s/b%03d.md", sections[i%len(sections)], i)] = fmt.Sprintf(
			"---\ntitle: %q\nsummary: \"What %d is about.\"\ndate: 2025-%02d-%02dT%02d:00:00Z\ntopics: [%s, %s]\n---\n\n%s\n\n%s\n\n%s\n",
			title, i, 1+i%12, 1+i%28, i%24, topics[i%len(topics)], topics[(i/3)%len(topics)], para, para, para)
	}
	writeFilesIn(t, dir, files)
}

// TestKilledBuildKeepsOutput kills brief build (SIGKILL: an out-of-memory
// killer, a cancelled CI job) while it updates an output folder in place,
// at several moments, and checks that the output is still the old site
// byte for byte, with no file or folder of brief's in it, and that the
// next build makes the new site exactly. The update wrote hidden
// .<name>.brief-tmp files beside their targets, which a kill left in the
// output (and a deploy that uploads hidden files published), and renamed
// them one by one while it wrote the others, so a kill left some pages new
// and the listings old.
//
// Killed while it writes (once 1, a quarter and half of the changed files
// are in its folder beside the output), a build must leave the old site.
// Killed at other moments (as soon as anything in the output changes,
// and from the end of its writes on), it may have begun to rename them
// into the output, which leaves each file old or new for the milliseconds
// that takes, and nothing else.
func TestKilledBuildKeepsOutput(t *testing.T) {
	root := t.TempDir()
	srcA, srcB := filepath.Join(root, "a"), filepath.Join(root, "b")
	killSite(t, srcA, 200, false)
	killSite(t, srcB, 200, true)
	build := func(src string, args ...string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"build", "--source", src}, args...), &stdout, &stderr); code != 0 {
			t.Fatalf("build %s: exit %d\n%s", src, code, &stderr)
		}
	}
	build(srcA, "--out", filepath.Join(root, "ref-a"), "--cache", "-")
	build(srcB, "--out", filepath.Join(root, "ref-b"), "--cache", "-")
	refA, refB := snapshot(t, filepath.Join(root, "ref-a")), snapshot(t, filepath.Join(root, "ref-b"))
	changed := 0
	for rel, data := range refB {
		if old, ok := refA[rel]; data != nil && (!ok || !bytes.Equal(old, data)) {
			changed++
		}
	}

	// The site as its last build left it, the output of A and its cache,
	// with B's content now.
	work, last := filepath.Join(root, "work"), filepath.Join(root, "last")
	copyTree(t, srcA, work)
	build(work)
	kept := []string{"public", ".brief-cache"}
	for _, dir := range kept {
		copyTree(t, filepath.Join(work, dir), filepath.Join(last, dir))
	}
	if err := os.RemoveAll(filepath.Join(work, "content")); err != nil {
		t.Fatal(err)
	}
	copyTree(t, filepath.Join(srcB, "content"), filepath.Join(work, "content"))
	out := filepath.Join(work, "public")
	// restore puts that back, for a build to update, with nothing a
	// build left beside the output.
	restore := func() {
		t.Helper()
		left, _ := filepath.Glob(filepath.Join(work, ".public.tmp-*"))
		for _, dir := range append(left, filepath.Join(work, "public"), filepath.Join(work, ".brief-cache")) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}
		for _, dir := range kept {
			copyTree(t, filepath.Join(last, dir), filepath.Join(work, dir))
		}
	}
	// Each build that follows a killed one makes B.
	recovers := func(when string) {
		t.Helper()
		build(work)
		if d := treeDiff(refB, snapshot(t, out)); d != "" {
			t.Errorf("%s, the next build's output is not the new site:\n%s", when, d)
		}
	}

	// clean checks that each file of the output is the old site's or the
	// new one's, and nothing else is there.
	clean := func(when string) {
		t.Helper()
		got := snapshot(t, out)
		for _, rel := range slices.Sorted(maps.Keys(got)) {
			a, inA := refA[rel]
			b, inB := refB[rel]
			if !(inA && bytes.Equal(got[rel], a)) && !(inB && bytes.Equal(got[rel], b)) {
				t.Errorf("%s, the output holds %s, of neither site", when, rel)
			}
		}
		if treeDiff(refA, got) != "" && treeDiff(refB, got) != "" {
			t.Logf("%s: a mix of the two sites", when)
		}
	}

	// Uninterrupted, the update makes the new site.
	restore()
	if msg, err := briefCommand(t, "build", "--source", work).CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, msg)
	}
	if d := treeDiff(refB, snapshot(t, out)); d != "" {
		t.Fatalf("the update's output is not the new site:\n%s", d)
	}

	// Killed as soon as anything in the output changes: a file or folder
	// made, renamed into it, or removed.
	restore()
	names := slices.Sorted(maps.Keys(refA))
	cmd := briefCommand(t, "build", "--source", work)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for changedAt := ""; changedAt == ""; {
		ended := false
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("the build failed: %v", err)
			}
			ended = true // perhaps between two looks at the output
		case <-time.After(100 * time.Microsecond):
		}
		if now := listing(out); !slices.Equal(now, names) {
			cmd.Process.Kill()
			changedAt = "killed as soon as the output changed"
			if !ended {
				<-done
			}
			clean(changedAt)
			recovers(changedAt)
		} else if ended {
			t.Fatal("the build ended and left the output as it was")
		}
	}

	// kill restores the old site, starts a build and kills it once k
	// files are written in a folder beside the output, and after it
	// waits. A build on a busy machine can write the rest and end between
	// two looks at the folder: kill then tries again, up to five times,
	// and says false if every build ended first.
	kill := func(when string, k int, after time.Duration) bool {
		t.Helper()
		for range 5 {
			restore()
			cmd := briefCommand(t, "build", "--source", work)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			ended := false
			for !ended && staged(work) < k {
				select {
				case err := <-done:
					if err != nil {
						t.Fatalf("%s: the build failed: %v", when, err)
					}
					ended = true
				case <-time.After(100 * time.Microsecond):
				}
			}
			if ended {
				continue
			}
			time.Sleep(after)
			cmd.Process.Kill()
			<-done
			return true
		}
		t.Errorf("%s: five builds in a row ended before %d files were in a folder beside the output", when, k)
		return false
	}
	for _, k := range []int{1, changed / 4, changed / 2} {
		when := fmt.Sprintf("killed once %d of %d files were written", k, changed)
		if !kill(when, k, 0) {
			continue
		}
		if d := treeDiff(refA, snapshot(t, out)); d != "" {
			t.Errorf("%s, the output is not the old site:\n%s", when, d)
		}
		recovers(when)
	}
	// Near the end of the writes, and after them: the renames, then the
	// build saves its cache.
	for _, after := range []time.Duration{0, 2 * time.Millisecond, 5 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond} {
		k := changed - changed/10
		when := fmt.Sprintf("killed %v after %d of %d files were written", after, k, changed)
		if !kill(when, k, after) {
			continue
		}
		clean(when)
		recovers(when)
	}
}

// listing lists the files and folders under out, sorted, as snapshot
// names them.
func listing(out string) []string {
	var names []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == out {
			return nil
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			rel += "/"
		}
		names = append(names, rel)
		return nil
	})
	slices.Sort(names)
	return names
}

// staged counts the files in the folders beside work/public that a build
// of it writes.
func staged(work string) int {
	n := 0
	dirs, _ := filepath.Glob(filepath.Join(work, ".public.tmp-*"))
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
	}
	return n
}

// treeDiff says how got differs from want, as snapshot gives them: the
// first ten paths only in one, or with other bytes; "" when they are the
// same.
func treeDiff(want, got map[string][]byte) string {
	var d []string
	for _, rel := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[rel]; !ok {
			d = append(d, "missing: "+rel)
		} else if !bytes.Equal(g, want[rel]) {
			d = append(d, "differs: "+rel)
		}
	}
	for _, rel := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[rel]; !ok {
			d = append(d, "extra: "+rel)
		}
	}
	if len(d) > 10 {
		d = append(d[:10], fmt.Sprintf("… and %d more", len(d)-10))
	}
	return strings.Join(d, "\n")
}

// TestInterruptedBuild stops brief build with Ctrl-C (SIGINT) once it has
// begun to write the folder beside its output: it exits 130, as the
// shell's default for the signal has it, the output is the old site byte
// for byte (or the new one, if the signal came during the final swap),
// and nothing of the build's is left beside it. Before, the
// folder stayed, hidden, until a build an hour later removed it: ten
// interrupted builds left 268 MB. It is stopped as the folder appears,
// and again once it holds a quarter and half of the files: the folder was removed while
// the build's workers still wrote into it, and what they made meanwhile
// stayed.
func TestInterruptedBuild(t *testing.T) {
	root := t.TempDir()
	srcA, srcB := filepath.Join(root, "a"), filepath.Join(root, "b")
	killSite(t, srcA, 300, false)
	killSite(t, srcB, 300, true)
	site := filepath.Join(root, "site")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "--source", srcB, "--out", filepath.Join(root, "fresh"), "--cache", "-"}, &stdout, &stderr); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, &stderr)
	}
	fresh := snapshot(t, filepath.Join(root, "fresh"))
	for _, at := range []int{0, len(fresh) / 4, len(fresh) / 2} {
		interruptAt(t, srcA, srcB, site, at, fresh)
	}
}

// interruptAt builds srcA into site's public/, then builds srcB there and
// stops it with Ctrl-C once the folder it writes beside the output holds
// at files, and checks what TestInterruptedBuild says.
func interruptAt(t *testing.T, srcA, srcB, site string, at int, fresh map[string][]byte) {
	t.Helper()
	out := filepath.Join(site, "public")
	var stdout, stderr bytes.Buffer
	for try := 1; ; try++ {
		if code := run([]string{"build", "--source", srcA, "--out", out, "--cache", "-"}, &stdout, &stderr); code != 0 {
			t.Fatalf("build: exit %d\n%s", code, &stderr)
		}
		old := snapshot(t, out)
		cmd := briefCommand(t, "build", "--source", srcB, "--out", out, "--cache", "-")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		ended, signalled := false, false
		for deadline := time.Now().Add(2 * time.Minute); !ended; {
			select {
			case err = <-done:
				ended = true
				continue
			case <-time.After(200 * time.Microsecond):
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatal("the build did not end")
			}
			if beside, _ := filepath.Glob(filepath.Join(site, ".public.tmp-*")); !signalled && len(beside) > 0 && (at == 0 || staged(site) >= at) {
				cmd.Process.Signal(os.Interrupt)
				signalled = true
			}
		}
		if !signalled || err == nil {
			if try < 5 {
				continue // it ended between two looks: again
			}
			t.Fatalf("the build ended before it could be interrupted at %d files, five times", at)
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 130 {
			t.Errorf("interrupted at %d files, the build ended with %v; want exit status 130", at, err)
		}
		// Stopped in its last step, the swap, a build finishes it.
		if got := snapshot(t, out); treeDiff(old, got) != "" && treeDiff(fresh, got) != "" {
			t.Errorf("the interrupted build left an output that is neither the old site nor the new:\n%s", treeDiff(old, got))
		}
		entries, _ := os.ReadDir(site)
		for _, e := range entries {
			if e.Name() != "public" {
				t.Errorf("the build interrupted at %d files left %s beside the output", at, e.Name())
			}
		}
		return
	}
}
