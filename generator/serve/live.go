package serve

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"brief/generator/diag"

	nethtml "golang.org/x/net/html"
)

// liveDir is the folder, under the base path, of the live-reload script
// and its event stream. No page of a site can live there: brief's URLs
// never start with an underscore.
const liveDir = "__brief/"

// reconnect is how long a page waits to open its event stream again when
// it drops.
const reconnect = 500 * time.Millisecond

//go:embed live.js live-worker.js
var liveJS embed.FS

// event is one server-sent event for an open page.
type event struct {
	name string // reload, css, ok or problems
	data any
}

// problem is a diag.Problem as the overlay shows it.
type problem struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Msg  string `json:"msg"`
	Text string `json:"text"` // file:line:col: message
}

func problemsEvent(l diag.List) event {
	out := make([]problem, len(l))
	for i, p := range l {
		out[i] = problem{p.File, p.Line, p.Col, p.Msg, p.String()}
	}
	return event{"problems", out}
}

// client is one open page, listening on the event stream.
type client struct {
	pages []string // output paths whose change reloads the page
	tab   string   // the page's id in a stream shared by tabs; "" in a stream of its own
	since string   // the version the page was served at, "run.n"

	mu     sync.Mutex
	queue  []event
	wake   chan struct{} // has a value when queue is not empty
	closed bool
}

// send queues e for the page. The page needs only the latest of the
// site's problems: a "problems" event replaces any still queued, so that
// a page that does not read (a tab stopped in a debugger) holds one list
// of them, not one per rebuild.
func (c *client) send(e event) {
	c.mu.Lock()
	if e.name == "problems" {
		c.queue = slices.DeleteFunc(c.queue, func(q event) bool { return q.name == "problems" })
	}
	c.queue = append(c.queue, e)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *client) take() []event {
	c.mu.Lock()
	defer c.mu.Unlock()
	q := c.queue
	c.queue = nil
	return q
}

// hub knows the open pages, to tell each what a rebuild means for it.
type hub struct {
	mu      sync.Mutex
	clients map[*client]bool
	done    chan struct{} // closed when the server stops
}

func newHub() *hub {
	return &hub{clients: map[*client]bool{}, done: make(chan struct{})}
}

func (h *hub) add(c *client) {
	h.mu.Lock()
	h.clients[c] = true
	h.mu.Unlock()
}

func (h *hub) remove(c *client) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
}

// each calls f for every open page.
func (h *hub) each(f func(c *client)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		f(c)
	}
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// decide tells an open page what a successful rebuild means for it: reload
// when one of its pages changed (see reloads), swap the stylesheet when
// only that changed, otherwise only clear a shown error overlay.
func decide(pages []string, changed map[string]bool, css string, cssChanged bool) event {
	for _, p := range pages {
		if changed[p] {
			return event{"reload", struct{}{}}
		}
	}
	if cssChanged {
		return event{"css", map[string]string{"href": css}}
	}
	return event{"ok", struct{}{}}
}

// events streams server-sent events to one open page, or to the tabs of
// a browser that share one stream through live-worker.js. A page says
// which output paths it shows and the version it was served at, so that
// a change made between serving the page and opening the stream is not
// missed: its own stream in the parameters page and v, and each tab of a
// shared one in a parameter tab, {"id":…,"v":…,"pages":[…]}, whose events
// carry the tab's id.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	wake := make(chan struct{}, 1) // has a value when a client's queue is not empty
	clients, err := streamClients(r.URL.Query(), wake)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// When the stream drops, as brief serve restarts, the browser tries
	// again this soon, not after its default of about 3 s.
	fmt.Fprintf(w, "retry: %d\n\n", reconnect.Milliseconds())

	for _, c := range clients {
		s.hub.add(c)
		defer s.hub.remove(c)
		for _, e := range s.catchUp(c.pages, c.since) {
			c.send(e)
		}
	}
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		var events bytes.Buffer
		for _, c := range clients {
			for _, e := range c.take() {
				data, err := json.Marshal(e.data)
				if err == nil && c.tab != "" {
					data, err = json.Marshal(tabEvent{c.tab, data})
				}
				if err != nil {
					panic(err) // our own plain values
				}
				fmt.Fprintf(&events, "event: %s\ndata: %s\n\n", e.name, data)
			}
		}
		// A page that reads nothing for this long is dropped: it would
		// hold what it was sent while its connection's buffers are full.
		// Its browser opens the stream again and catches up. The time
		// counts from the first write, not from before the events were
		// encoded: on a busy machine a long list of problems could take
		// all of it.
		rc.SetWriteDeadline(time.Now().Add(writeTimeout))
		w.Write(events.Bytes()) // an error shows in Flush
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-wake:
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n") // buffered: it reaches the page at the top of the loop, under its deadline
		case <-r.Context().Done():
			return
		case <-s.hub.done:
			return
		}
	}
}

// writeTimeout bounds how long an event stream's write may wait for the
// page to read.
var writeTimeout = 10 * time.Second

// tabEvent is an event's data in a stream shared by tabs.
type tabEvent struct {
	Tab  string          `json:"tab"`
	Data json.RawMessage `json:"data"`
}

// streamClients makes the clients of an event stream from its query,
// woken by wake.
func streamClients(q url.Values, wake chan struct{}) ([]*client, error) {
	var clients []*client
	add := func(tab, v string, pages []string) {
		clients = append(clients, &client{pages: pages, tab: tab, since: v, wake: wake})
	}
	for _, raw := range q["tab"] {
		var t struct {
			ID    string   `json:"id"`
			V     string   `json:"v"`
			Pages []string `json:"pages"`
		}
		if err := json.Unmarshal([]byte(raw), &t); err != nil || t.ID == "" {
			return nil, fmt.Errorf("tab %q is not {\"id\":…,\"v\":…,\"pages\":[…]}", raw)
		}
		add(t.ID, t.V, t.Pages)
	}
	if clients == nil {
		add("", q.Get("v"), q["page"])
	}
	return clients, nil
}

// catchUp is what a page served at version v ("run.n") missed while it
// did not listen: a reload when one of its pages or a file of static/
// changed since, even while the site has errors (the last good build
// holds the change); otherwise the new stylesheet, if it changed, and the
// site's errors, if it has any.
func (s *Server) catchUp(pages []string, v string) []event {
	s.mu.RLock()
	defer s.mu.RUnlock()
	seen, ok := s.seen(v)
	if !ok {
		return []event{{"reload", struct{}{}}}
	}
	if s.staticAt > seen {
		return []event{{"reload", struct{}{}}} // a file of static/ it may show
	}
	for _, p := range pages {
		if s.changedAt[p] > seen {
			return []event{{"reload", struct{}{}}}
		}
	}
	var out []event
	if s.site != nil && s.cssAt > seen {
		out = append(out, event{"css", map[string]string{"href": s.site.base + s.css}})
	}
	if s.problems != nil {
		return append(out, problemsEvent(s.problems))
	}
	if out == nil {
		out = append(out, event{"ok", struct{}{}})
	}
	return out
}

// seen reads the version v ("run.n") a page was served at. It reports
// false when the page must reload whatever changed: it was served by
// another run of brief serve, or it is the error page shown before the
// first good build and there is a build now.
func (s *Server) seen(v string) (int, bool) {
	run, n, _ := strings.Cut(v, ".")
	seen, err := strconv.Atoi(n)
	if run != s.run || err != nil || (seen == 0 && s.site != nil) {
		return 0, false
	}
	return seen, true
}

// headEnd is where the head of page ends: at its </head> tag, or else
// where <body> starts, read as a browser does (a "</head>" in a script,
// a comment or an attribute is not the tag, </HEAD> is); or else the
// end of the page.
func headEnd(page []byte) int {
	z := nethtml.NewTokenizer(bytes.NewReader(page))
	at := 0
	for {
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			return len(page)
		case nethtml.EndTagToken, nethtml.StartTagToken:
			name, _ := z.TagName()
			if tt == nethtml.EndTagToken && string(name) == "head" || tt == nethtml.StartTagToken && string(name) == "body" {
				return at
			}
		}
		at += len(z.Raw())
	}
}

// inject adds the live-reload script to a page before </head>. pages are
// the output paths whose change reloads it; none gives an empty list, not
// null, which the script could not walk.
func inject(page []byte, base, version string, pages ...string) []byte {
	if pages == nil {
		pages = []string{}
	}
	list, _ := json.Marshal(pages)
	tag := fmt.Sprintf(`<script src="%s" data-pages="%s" data-v="%s"></script>`,
		html.EscapeString(base+liveDir+"live.js"), html.EscapeString(string(list)), html.EscapeString(version))
	i := headEnd(page)
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}
