package serve

import (
	"context"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"brief/generator"
	"brief/generator/internal/logbuf"
)

// TestAddressWithErrorsAtStart: a site with a content error at startup is
// still served under site.yaml's base path, and the address printed says
// so. It said http://127.0.0.1:PORT/ and never the real one.
func TestAddressWithErrorsAtStart(t *testing.T) {
	files := map[string]string{
		"site.yaml":                       "base_url: https://acme.github.io/desk/\n",
		"content/world/grain-corridor.md": strings.Replace(site["content/world/grain-corridor.md"], "title:", "titel:", 1),
	}
	r := start(t, writeSite(t, files))
	want := "brief serve: " + r.url + "/desk/ (Ctrl-C to stop)\n"
	if !r.waitFor(func() bool { return strings.Contains(r.log.String(), want) }) {
		t.Fatalf("the log does not say %q:\n%s", want, r.log.String())
	}
}

// TestAddressOnceSiteYAMLFixed: when site.yaml itself is broken at startup,
// the first good build prints the address the site is served at.
func TestAddressOnceSiteYAMLFixed(t *testing.T) {
	files := map[string]string{
		"site.yaml":                       "base_url: [\n",
		"content/world/grain-corridor.md": site["content/world/grain-corridor.md"],
	}
	r := start(t, writeSite(t, files))
	if !r.waitFor(func() bool { return strings.Contains(r.log.String(), "brief serve: "+r.url+"/ (Ctrl-C to stop)\n") }) {
		t.Fatalf("no address printed at startup:\n%s", r.log.String())
	}
	r.write("site.yaml", "base_url: https://acme.github.io/desk/\n")
	want := "brief serve: " + r.url + "/desk/\n"
	if !r.waitFor(func() bool { return strings.Contains(r.log.String(), want) }) {
		t.Fatalf("the log does not say %q once site.yaml is fixed:\n%s", want, r.log.String())
	}
}

// TestListenEveryIPv4Address: --addr 0.0.0.0:PORT listens on IPv4 alone,
// as asked (it listened on IPv6 too), and prints an address a browser
// opens: loopback's, not 0.0.0.0 or [::].
func TestListenEveryIPv4Address(t *testing.T) {
	ln, err := Listen("0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if host != "0.0.0.0" {
		ln.Close()
		t.Fatalf("Listen(0.0.0.0:0) listens on %s; want 0.0.0.0, IPv4 alone", ln.Addr())
	}
	log := &logbuf.Buffer{}
	s, err := New(Config{Source: writeSite(t, site), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(hang):
			t.Error("Serve did not return")
		}
	}()
	url := "http://127.0.0.1:" + port + "/briefings/"
	r := &running{t: t, url: url, log: log}
	if !r.waitFor(func() bool { return strings.Contains(log.String(), "brief serve: "+url+" (Ctrl-C to stop)\n") }) {
		t.Fatalf("the log does not give %s:\n%s", url, log.String())
	}
	if !strings.Contains(log.String(), "other machines reach this server at this machine's address, port "+port) {
		t.Errorf("the log does not say how other machines reach the server:\n%s", log.String())
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %s", url, resp.Status)
	}
	// Reachable from other machines, it still answers only requests
	// addressed to this one: by an IP address, localhost or its name. A
	// name of another's that leads here, as DNS rebinding makes one,
	// read the drafts (the check was off once not on loopback).
	name, _ := os.Hostname()
	first, _, _ := strings.Cut(strings.ToLower(name), ".")
	for host, want := range map[string]int{
		"evil.example": http.StatusForbidden, "evil.example:" + port: http.StatusForbidden,
		"192.0.2.7:" + port: http.StatusOK, "[2001:db8::1]": http.StatusOK, "localhost": http.StatusOK,
		first: http.StatusOK, first + ".local:" + port: http.StatusOK, "x" + first + ".example": http.StatusForbidden,
	} {
		if status, _ := rawGetHost(t, "http://127.0.0.1:"+port, host, "/briefings/"); status != want {
			t.Errorf("GET /briefings/ with Host: %s: status %d; want %d", host, status, want)
		}
	}
}

// TestListenPortOnly: --addr :PORT, Go's usual "just this port", listens
// on loopback alone, with the check of the Host header on, and prints
// 127.0.0.1's address. It listened on every address of the machine, IPv4
// and IPv6, without the check, and printed http://[::1]:PORT/.
func TestListenPortOnly(t *testing.T) {
	ln, err := Listen(":0")
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if host != "127.0.0.1" {
		ln.Close()
		t.Fatalf("Listen(:0) listens on %s; want 127.0.0.1, loopback alone", ln.Addr())
	}
	r := serveOn(t, Config{Source: writeSite(t, site)}, ln)
	want := "brief serve: http://127.0.0.1:" + port + "/briefings/ (Ctrl-C to stop)\n"
	if !r.waitFor(func() bool { return strings.Contains(r.log.String(), want) }) {
		t.Fatalf("the log does not say %q:\n%s", want, r.log.String())
	}
	if strings.Contains(r.log.String(), "other machines") {
		t.Errorf("the log speaks of other machines:\n%s", r.log.String())
	}
	if status, _ := rawGetHost(t, r.url, "evil.example", "/briefings/"); status != http.StatusForbidden {
		t.Errorf("GET /briefings/ with Host: evil.example: status %d; want 403", status)
	}
	if status, _ := rawGetHost(t, r.url, "localhost", "/briefings/"); status != http.StatusOK {
		t.Errorf("GET /briefings/ with Host: localhost: status %d; want 200", status)
	}
}

// TestAddressEscaped: a base path with a space in it is printed as a URL
// writes it, so that a terminal's link and a copy of it lead to the site.
// It was printed with the space, which ends a link.
func TestAddressEscaped(t *testing.T) {
	files := map[string]string{
		"site.yaml":                       "base_url: https://acme.github.io/News%20Room/\n",
		"content/world/grain-corridor.md": site["content/world/grain-corridor.md"],
	}
	r := start(t, writeSite(t, files))
	want := "brief serve: " + r.url + "/News%20Room/ (Ctrl-C to stop)\n"
	if !r.waitFor(func() bool { return strings.Contains(r.log.String(), want) }) {
		t.Fatalf("the log does not say %q:\n%s", want, r.log.String())
	}
	if resp, _ := r.get("/News%20Room/world/grain-corridor/"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET the printed address's briefing: status %d; want 200", resp.StatusCode)
	}
	preview, published := generator.DraftAddresses(r.dir, "world/new-one", "127.0.0.1:1313")
	if preview != "http://127.0.0.1:1313/News%20Room/world/new-one/" || published != "https://acme.github.io/News%20Room/world/new-one/" {
		t.Errorf("DraftAddresses = %q, %q; want both with %%20", preview, published)
	}
}

// TestListenBadAddresses: an --addr without a port, with a port out of
// range, or with an address this machine does not have is told what to
// write, where it got Go's own words ("missing port in address", "bind:
// cannot assign requested address").
func TestListenBadAddresses(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1":       `--addr "127.0.0.1" is not a host and port; write it like 127.0.0.1:1313, or :1313`,
		"127.0.0.1:99999": `--addr "127.0.0.1:99999": the port is a number from 1 to 65535 (0 for any free one), not "99999"`,
		"127.0.0.1:http":  `--addr "127.0.0.1:http": the port is a number from 1 to 65535 (0 for any free one), not "http"`,
		"192.0.2.1:0":     "this machine has no address 192.0.2.1; pass one of its own, 127.0.0.1 for this machine alone, or 0.0.0.0 for every one",
	} {
		ln, err := Listen(addr)
		if err == nil {
			ln.Close()
			t.Errorf("Listen(%q) listened on %s", addr, ln.Addr())
			continue
		}
		if err.Error() != want {
			t.Errorf("Listen(%q): %v\nwant %s", addr, err, want)
		}
	}
}
