//go:build unix

package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"brief/generator/internal/logbuf"

	"golang.org/x/sys/unix"
)

// hang bounds a wait that only a hang would outlast.
const hang = time.Minute

// TestBuildsShareCacheInTurn: a build waits while another holds the cache
// folder's lock, says so, and builds once it is free. Two builds at once
// on one cache and output wrote each other's temporary files away, both
// failed, and left the output half of each.
func TestBuildsShareCacheInTurn(t *testing.T) {
	src := listingSite(t)
	cache := filepath.Join(t.TempDir(), "cache")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(cache, cacheLock), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	var log logbuf.Buffer
	done := make(chan error, 1)
	go func() {
		_, err := Build(Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), CacheDir: cache, Log: &log})
		done <- err
	}()
	deadline := time.Now().Add(hang)
	for !strings.Contains(log.String(), "waiting for another build that uses the cache folder") {
		select {
		case err := <-done:
			t.Fatalf("the build ended (%v) while another held the cache; log %q", err, log.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, no word of waiting; log %q", hang, log.String())
		}
	}
	select {
	case err := <-done:
		t.Fatalf("the build ended (%v) while another held the cache", err)
	default:
	}
	unix.Flock(int(f.Fd()), unix.LOCK_UN)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("once the cache was free: %v", err)
		}
	case <-time.After(hang):
		t.Fatalf("after %v, the build still waits", hang)
	}
}
