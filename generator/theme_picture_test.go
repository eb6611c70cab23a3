package generator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPictureKeepsItsPlace: a briefing's picture has its place on the
// page before it arrives, since the page gives its width and height, so
// nothing moves when it does. The example site's launch map (600×300) is
// held back by the server while Chromium lays the page out: its box is
// already half as tall as it is wide. Once it is let through and shown
// in the middle of the screen, the page has had no layout shift (without
// the size, the box was 0×0 and the text below moved down by the
// picture's height: a shift of 0.053 at 1280×800).
func TestPictureKeepsItsPlace(t *testing.T) {
	out := mustBuild(t, Config{Source: "..", CacheDir: "-"})
	pages := pagesHandler("/briefings/", out)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/launch-map.png") {
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		pages.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	var released bool
	let := func() {
		if !released {
			released = true
			close(release)
		}
	}
	t.Cleanup(let) // before srv.Close, which waits for the held request

	ctx := browser(t)
	if err := chromedp.Do(ctx, view(1280, "light"), chromedp.Navigate(srv.URL+"/briefings/")); err != nil {
		t.Fatal(err)
	}
	// Navigate waits for the load event, which a held picture holds back:
	// the page is opened from the home page's script instead.
	page := srv.URL + "/briefings/world/north-korea-missile-tests/"
	eval[any](t, ctx, `location.href = `+jsString(page))
	const img = `document.querySelector("img[src$='launch-map.png']")`
	if !within(ctx, 30*time.Second, `location.href === `+jsString(page)+` && document.readyState !== "loading" && `+img) {
		t.Fatal("the briefing page did not open")
	}
	box := eval[[]float64](t, ctx, `(() => { const r = `+img+`.getBoundingClientRect(); return [`+img+`.complete ? 1 : 0, r.width, r.height]; })()`)
	if box[0] != 0 {
		t.Fatal("the picture was shown before the server let it through")
	}
	if w, h := box[1], box[2]; w < 100 || h < w/2-1 || h > w/2+1 {
		t.Errorf("before the picture arrives, its box is %.1f×%.1f px; want it as tall as half its width", w, h)
	}

	// In the middle of the screen, with text above it and below it: at
	// the top, scroll anchoring would keep the text below in place.
	eval[any](t, ctx, img+`.scrollIntoView({block: "center"})`)
	let()
	if !within(ctx, 30*time.Second, img+`.complete && `+img+`.naturalWidth === 600`) {
		t.Fatal("the picture was not shown once let through")
	}
	// Layout shifts so far, with a moment for the last to be reported;
	// an observer is not called when there are none.
	shift := eval[float64](t, ctx, `new Promise(done => {
		let sum = 0;
		new PerformanceObserver(list => {
			for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value;
		}).observe({type: "layout-shift", buffered: true});
		setTimeout(() => done(sum), 500);
	})`)
	if shift > 0.001 {
		t.Errorf("the page shifted by %.3f as the picture arrived; want none", shift)
	}
}
