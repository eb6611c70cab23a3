// Package browsertest starts the headless Chromium that brief's browser
// tests drive with chromedp: Debian's chromium package, a fresh profile,
// and the flags that keep it off the network (this machine has none).
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium is where Debian's chromium package puts the browser.
const Chromium = "/usr/bin/chromium"

// Need skips the test when file is missing, unless it runs in CI
// (CI=true), where every tool must be there and its absence fails.
func Need(t testing.TB, file, hint string) {
	t.Helper()
	if _, err := os.Stat(file); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: %s", file, hint)
		}
		t.Skipf("%s is missing: %s", file, hint)
	}
}

// Open starts headless Chromium for the test and returns a tab, closed
// when the test ends. The tab gives up after three minutes: that catches
// a hang, not a slow machine. opts add to the browser's options.
func Open(t testing.TB, opts ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	Need(t, Chromium, "install Debian's chromium package (.ci/run does)")
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // containers have a small /dev/shm
		chromedp.Flag("hide-scrollbars", true),       // screenshots and widths without a scrollbar
		chromedp.UserDataDir(t.TempDir()),
	}, opts...)...)
	ctx, cancelTab := chromedp.NewContext(alloc)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTime()
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // start the browser now, not at the first action
		t.Fatalf("start %s: %v", Chromium, err)
	}
	return ctx
}
