//go:build unix

package serve

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestStuckStreamDropped opens an event stream that never reads, with a
// small receive buffer, and breaks the site with thousands of errors
// several times: the events sent fill the connection's buffers, and the
// server drops the stream once a write has waited writeTimeout, rather
// than holding what it was sent for as long as the page is open. Each
// broken save once queued its whole list of problems for every such page,
// and the server's memory grew by tens of megabytes a save.
func TestStuckStreamDropped(t *testing.T) {
	was := writeTimeout
	// Long enough that a busy machine starts the write within it, short
	// enough that the test waits on it only a few times.
	writeTimeout = time.Second
	t.Cleanup(func() { writeTimeout = was })

	var links strings.Builder
	for i := range 6000 {
		fmt.Fprintf(&links, "[%d](/nowhere/%d/) ", i, i)
	}
	files := maps.Clone(site)
	r := start(t, writeSite(t, files))
	_, body := r.get("/briefings/about/")
	m := scriptAttrs.FindStringSubmatch(body)

	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		c.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		return err
	}}
	host := strings.TrimPrefix(r.url, "http://")
	conn, err := d.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	q := url.Values{"v": {m[3]}, "page": {"about/index.html"}}
	fmt.Fprintf(conn, "GET %sevents?%s HTTP/1.1\r\nHost: %s\r\n\r\n", m[1], q.Encode(), host)

	const broken = "content/world/broken.md"
	for i := range 5 {
		r.write(broken, "---\ntitle: Broken\nsummary: S\ndate: 2026-01-01\ntopics: [X]\n---\n"+links.String()+"\n")
		if !r.waitFor(func() bool { return strings.Count(r.log.String(), "6000 errors") == i+1 }) {
			t.Fatalf("save %d: no rebuild with its errors", i+1)
		}
		if err := os.Remove(r.dir + "/" + broken); err != nil {
			t.Fatal(err)
		}
		if !r.waitFor(func() bool { return strings.Count(r.log.String(), "built") == i+2 }) {
			t.Fatalf("save %d: no rebuild once fixed:\n%s", i+1, r.log.String())
		}
	}
	// The server has given up on the stream by now; reading it drains
	// what the buffers hold, then ends. A stream still open would go on:
	// the read's deadline fails the test.
	time.Sleep(3 * writeTimeout)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	n, err := io.Copy(io.Discard, conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the stream that never read is still open after %d bytes", n)
	}
	if n < 1<<20 {
		t.Errorf("the stream held %d bytes; want over 1 MB, a list of problems at least (the test did not test)", n)
	}
}

// TestProblemsReplaceQueued: a page's queue holds the latest list of
// problems alone, after what came between.
func TestProblemsReplaceQueued(t *testing.T) {
	c := &client{wake: make(chan struct{}, 1)}
	c.send(event{"problems", 1})
	c.send(event{"ok", nil})
	c.send(event{"problems", 2})
	c.send(event{"reload", nil})
	c.send(event{"problems", 3})
	var got []string
	for _, e := range c.take() {
		got = append(got, fmt.Sprint(e.name, e.data))
	}
	if want := "ok<nil> reload<nil> problems3"; strings.Join(got, " ") != want {
		t.Errorf("queue %q; want %q", got, want)
	}
}
