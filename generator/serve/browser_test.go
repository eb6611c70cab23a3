package serve

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"brief/generator/internal/browsertest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// browser opens a headless Chromium for the test, or skips the test when
// Chromium is missing outside CI; under CI=true it must run.
func browser(t *testing.T) context.Context { return browsertest.Open(t) }

// within evaluates the JavaScript expression cond in the open page until
// it is true or the deadline passes, and reports whether it became true.
// Errors while the page reloads are part of waiting.
func within(ctx context.Context, deadline time.Time, cond string) bool {
	for time.Now().Before(deadline) {
		c, cancel := context.WithDeadline(ctx, deadline)
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

// withoutSharedWorker makes the tab's pages as a browser's without shared
// workers, where each page listens on a stream of its own.
func withoutSharedWorker(t *testing.T, tab context.Context) {
	t.Helper()
	err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: "delete window.SharedWorker"})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// TestBrowser opens a briefing in a real browser while its markdown is
// edited: each save shows up without a reload by hand, a broken save
// shows an overlay naming the file, and the fix clears it. It does so
// with a shared worker, and in a browser without them.
func TestBrowser(t *testing.T) {
	t.Run("shared worker", func(t *testing.T) { testBrowser(t, true) })
	t.Run("own stream", func(t *testing.T) { testBrowser(t, false) })
}

func testBrowser(t *testing.T, shared bool) {
	ctx := browser(t)
	if !shared {
		withoutSharedWorker(t, ctx)
	}
	r := start(t, writeSite(t, site))
	const file = "content/world/quiet-harbour/index.md"
	if err := chromedp.Do(ctx, chromedp.Navigate(r.url+"/briefings/world/quiet-harbour/")); err != nil {
		t.Fatal(err)
	}
	if !within(ctx, time.Now().Add(hang), `window.briefLive === "open"`) {
		t.Fatal("the page's live-reload stream did not open")
	}
	if has, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof SharedWorker === "function"`)); has != shared {
		t.Fatalf("the page has shared workers: %v; want %v", has, shared)
	}
	body := func(text string) string {
		return fmt.Sprintf(`document.body.innerText.includes(%q)`, text)
	}

	// An edit shows within a second of the save.
	r.edit(file, "The ferries stopped in March.", "The ferries came back in May.")
	saved := time.Now()
	if !within(ctx, saved.Add(time.Second), body("The ferries came back in May.")) {
		t.Fatalf("the open page did not show the edit within 1 s of the save")
	}
	t.Logf("the edit showed %v after the save", time.Since(saved).Round(time.Millisecond))

	// A broken save: an overlay names the file; the page stays as it was.
	r.edit(file, "title:", "titel:")
	overlay := `(document.getElementById("brief-overlay") || {textContent: ""}).textContent`
	if !within(ctx, time.Now().Add(hang), overlay+`.includes("`+file+`:2")`) {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](overlay))
		t.Fatalf("no overlay naming %s; the overlay reads %q", file, text)
	}
	if !within(ctx, time.Now().Add(hang), body("The ferries came back in May.")) {
		t.Errorf("the page behind the overlay changed")
	}

	// The fix clears the overlay.
	r.edit(file, "titel:", "title:")
	if !within(ctx, time.Now().Add(hang), `document.getElementById("brief-overlay") === null`) {
		t.Fatal("the overlay stayed after the fix")
	}

	// A stylesheet change swaps the stylesheet in place: the page is not
	// reloaded, so a mark left on window survives.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.briefMark = true`)); err != nil {
		t.Fatal(err)
	}
	r.write("layouts/style.css", "body { background: rgb(1, 2, 3) }\n")
	if !within(ctx, time.Now().Add(hang), `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`) {
		t.Fatal("the new stylesheet did not apply")
	}
	if marked, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.briefMark === true`)); !marked {
		t.Errorf("the page reloaded for a stylesheet change; want the stylesheet swapped in place")
	}
	// A hidden page stops listening, and catches up when shown again.
	hidden := func(h bool) string {
		return fmt.Sprintf(`Object.defineProperty(document, "hidden", {value: %v, configurable: true});
			document.dispatchEvent(new Event("visibilitychange")); true`, h)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](hidden(true))); err != nil {
		t.Fatal(err)
	}
	if !within(ctx, time.Now().Add(hang), `window.briefLive === "hidden"`) {
		t.Fatal("a hidden page kept listening")
	}
	r.edit(file, "The ferries came back in May.", "The ferries run again.")
	time.Sleep(300 * time.Millisecond) // rebuilt meanwhile, unseen
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](hidden(false))); err != nil {
		t.Fatal(err)
	}
	if !within(ctx, time.Now().Add(hang), body("The ferries run again.")) {
		t.Fatal("a page shown again did not catch up with the edit made while it was hidden")
	}
	if strings.Contains(r.log.String(), "panic") {
		t.Errorf("server log mentions a panic:\n%s", r.log.String())
	}
}

// TestBrowserBrokenFirstBuild opens the error page of a site that has
// errors from the start, through the real script: it lists each error
// once (an overlay listed them all again on top of the page's own list),
// keeps its list current as the errors change, and once site.yaml is
// right, the page reloads into the site by itself.
func TestBrowserBrokenFirstBuild(t *testing.T) {
	ctx := browser(t)
	r := start(t, writeSite(t, map[string]string{
		"content/world/one.md": "---\ntitle: \"One\"\nsummary: \"The first.\"\ndate: 2026-03-01\ntopics: [Shipping]\n---\n\nThe only briefing.\n",
	}))
	if err := chromedp.Do(ctx, chromedp.Navigate(r.url+"/")); err != nil {
		t.Fatal(err)
	}
	if !within(ctx, time.Now().Add(hang), `document.body.innerText.includes("The site has errors") && window.briefLive === "open"`) {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.briefLive)`))
		t.Fatalf("the error page's live-reload stream did not open (briefLive %s)", state)
	}
	// Each error once, whatever the stream has said by now.
	once := func(text string) {
		t.Helper()
		count := fmt.Sprintf(`document.body.innerText.split(%q).length - 1`, text)
		if !within(ctx, time.Now().Add(hang), count+" === 1") {
			n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](count))
			page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
			t.Fatalf("the error page shows %q %d times; want once. It reads:\n%s", text, n, page)
		}
	}
	time.Sleep(100 * time.Millisecond) // the stream's problems event has come
	once("site.yaml is missing")
	r.write("site.yaml", "base_url: https://x.org/\ntitel: x\n")
	once("site.yaml:2:1: unknown key `titel`")
	if !within(ctx, time.Now().Add(hang), `!document.body.innerText.includes("site.yaml is missing")`) {
		t.Errorf("the error page still lists the error that was fixed")
	}
	r.write("site.yaml", "base_url: https://x.org/\n")
	if !within(ctx, time.Now().Add(hang), `!document.body.innerText.includes("The site has errors") && document.body.innerText.includes("One")`) {
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("the error page did not reload once the site was fixed; it reads:\n%s", text)
	}
}

// TestBrowserReconnectsSoon stops brief serve under an open page, edits
// the page's file and starts brief serve again on the same address, as a
// writer does who restarts it: the page shows the edit within two seconds
// of the restart. It took three: the stream did not say how soon to
// reconnect, and Chromium waits 3 s by default.
func TestBrowserReconnectsSoon(t *testing.T) {
	ctx := browser(t)
	dir := writeSite(t, site)
	r := start(t, dir)
	if err := chromedp.Do(ctx, chromedp.Navigate(r.url+"/briefings/world/quiet-harbour/")); err != nil {
		t.Fatal(err)
	}
	if !within(ctx, time.Now().Add(hang), `window.briefLive === "open"`) {
		t.Fatal("the page's live-reload stream did not open")
	}
	r.stop()
	if !within(ctx, time.Now().Add(hang), `window.briefLive === "reconnecting"`) {
		t.Fatal("the page did not notice that the server stopped")
	}
	write(t, dir, "content/world/quiet-harbour/index.md", strings.Replace(site["content/world/quiet-harbour/index.md"],
		"The ferries stopped in March.", "The ferries came back in May.", 1))
	ln, err := Listen(strings.TrimPrefix(r.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	restarted := time.Now()
	serveOn(t, Config{Source: dir}, ln)
	if !within(ctx, restarted.Add(2*time.Second), `document.body.innerText.includes("The ferries came back in May.")`) {
		t.Fatalf("the open page did not show the edit within 2 s of the restart")
	}
	t.Logf("the page showed the edit %v after the restart", time.Since(restarted).Round(time.Millisecond))
}

// TestBrowserEightTabs opens eight pages of one server in Chromium, each
// in a tab of its own, where each counts as visible: every one loads and
// listens, and an edit that every page shows reloads them all. Each tab
// held one of the six connections a browser opens to a server, so the
// seventh never loaded.
func TestBrowserEightTabs(t *testing.T) {
	first := browser(t)
	r := start(t, writeSite(t, site))
	paths := []string{"/briefings/", "/briefings/world/quiet-harbour/", "/briefings/world/grain-corridor/", "/briefings/about/",
		"/briefings/topics/", "/briefings/analysts/", "/briefings/world/", "/briefings/search/"}
	var tabs []context.Context
	for i, path := range paths {
		tab := first
		if i > 0 {
			var cancel context.CancelFunc
			tab, cancel = chromedp.NewContext(first)
			t.Cleanup(cancel)
			if err := chromedp.Do(tab); err != nil { // open the tab, for as long as the test
				t.Fatal(err)
			}
		}
		load, stop := context.WithTimeout(tab, hang)
		err := chromedp.Do(load, chromedp.Navigate(r.url+path))
		stop()
		if err != nil {
			t.Fatalf("tab %d, %s, did not load: %v", i+1, path, err)
		}
		if !within(tab, time.Now().Add(hang), `window.briefLive === "open"`) {
			state, _ := chromedp.Run(tab, chromedp.Evaluate[string](`String(window.briefLive) + " " + document.visibilityState`))
			t.Fatalf("tab %d, %s, does not listen (briefLive %s)", i+1, path, state)
		}
		tabs = append(tabs, tab)
	}
	r.write("site.yaml", strings.Replace(site["site.yaml"], "Test Desk", "Harbour Desk", 1))
	saved := time.Now()
	for i, tab := range tabs {
		if !within(tab, saved.Add(hang), `document.title.includes("Harbour Desk")`) {
			t.Errorf("tab %d, %s, did not reload with the new title", i+1, paths[i])
		}
	}
	t.Logf("the eight tabs showed the new title %v after the save", time.Since(saved).Round(time.Millisecond))
	// They listen again, through one connection: an edit of one page
	// reloads that page.
	for i, tab := range tabs {
		if !within(tab, time.Now().Add(hang), `window.briefLive === "open"`) {
			t.Fatalf("tab %d, %s, does not listen after its reload", i+1, paths[i])
		}
	}
	r.edit("content/world/quiet-harbour/index.md", "The ferries stopped in March.", "The ferries came back in May.")
	if !within(tabs[1], time.Now().Add(hang), `document.body.innerText.includes("The ferries came back in May.")`) {
		t.Errorf("the briefing's tab did not show the edit")
	}
}
