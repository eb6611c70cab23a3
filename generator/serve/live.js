// brief serve's live reload, added to every page it serves (never to the
// output of brief build). It listens to the server's event stream and
// reloads the page when the page changed, swaps the stylesheet when only
// that changed, and shows build errors in an overlay until they are fixed.
(() => {
  "use strict";
  // pagesOf reads the output paths whose change reloads the page. A list
  // it cannot read leaves the page listening all the same: an error page
  // lists none, and must still reload once the site is fixed.
  function pagesOf(script) {
    try {
      const list = JSON.parse(script.dataset.pages || "[]");
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  const me = document.currentScript;
  const src = new URL(me.src);
  const pages = pagesOf(me);

  // on acts on one event of the stream.
  let reloading = false;
  function on(name, data) {
    if (name === "reload" && !reloading) {
      reloading = true;
      stop();
      location.reload();
    } else if (name === "css") {
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        if (/\/css\/style\.[0-9a-f]+\.css$/.test(new URL(link.href, location.href).pathname) && link.getAttribute("href") !== data.href) {
          link.href = data.href;
        }
      }
      hide();
    } else if (name === "ok") {
      hide();
    } else if (name === "problems") {
      show(data);
    }
  }

  // A browser opens at most six connections to a server over HTTP/1.1,
  // and an event stream holds one for as long as it is open: the tabs of
  // a server share one stream through a shared worker, or, in a browser
  // without them, each listens on a stream of its own. Either way only
  // visible pages listen. A page that comes back into view listens again
  // and, told the version it was served at, catches up with what changed
  // meanwhile.
  let shared = null;
  try {
    shared = new SharedWorker(src.pathname.replace(/live\.js$/, "live-worker.js"), { name: "brief" }).port;
  } catch {
    // no shared workers here: a stream of its own
  }
  let events = null;
  let listening = false;
  function listen() {
    listening = true;
    window.briefLive = "connecting";
    if (shared) {
      shared.postMessage({ hello: { pages, v: me.dataset.v } });
      return;
    }
    const query = new URLSearchParams();
    for (const p of pages) query.append("page", p);
    query.set("v", me.dataset.v);
    events = new EventSource(src.pathname.replace(/live\.js$/, "events") + "?" + query);
    events.onopen = () => { window.briefLive = "open"; };
    events.onerror = () => { window.briefLive = "reconnecting"; };
    for (const name of ["reload", "css", "ok", "problems"]) {
      events.addEventListener(name, (e) => on(name, JSON.parse(e.data)));
    }
  }
  function stop() {
    listening = false;
    if (shared) {
      shared.postMessage({ bye: true });
    } else if (events) {
      events.close();
      events = null;
    }
  }
  if (shared) {
    shared.onmessage = ({ data }) => {
      if (data.state) {
        if (listening) window.briefLive = data.state;
      } else if (listening) {
        on(data.name, data.data);
      }
    };
    // A page left, or kept in the back-forward cache, stops listening.
    addEventListener("pagehide", () => { if (listening) stop(); });
    addEventListener("pageshow", (e) => { if (e.persisted && !document.hidden && !listening) listen(); });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.hidden && listening) {
      stop();
      window.briefLive = "hidden";
    } else if (!document.hidden && !listening && !reloading) {
      listen();
    }
  });
  if (!document.hidden) listen();

  const id = "brief-overlay";

  function hide() {
    const el = document.getElementById(id);
    if (el) el.remove();
  }

  function show(problems) {
    // The error page served while no build has succeeded lists the errors
    // itself: its list is brought up to date, not covered by the same one.
    const own = document.getElementById("brief-errors");
    if (own) {
      own.replaceChildren(...problems.map((p) => {
        const item = document.createElement("li");
        const text = document.createElement("code");
        text.textContent = p.text;
        item.append(text);
        return item;
      }));
      return;
    }
    hide();
    const box = document.createElement("div");
    box.id = id;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;" +
      "margin:0;padding:1em 1.25em;background:#fff5f5;color:#1a1a1a;border-bottom:4px solid #c0262d;" +
      "font:15px/1.45 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.25)";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Hide until the next save");
    close.style.cssText = "float:right;font-size:1.4em;line-height:1;border:0;background:none;cursor:pointer";
    close.onclick = hide;
    const title = document.createElement("strong");
    const n = problems.length;
    title.textContent = (n === 1 ? "1 error" : n + " errors") + " in the site; " +
      "this page shows the last good build until you fix " + (n === 1 ? "it." : "them.");
    const list = document.createElement("ul");
    list.style.cssText = "margin:.5em 0 0;padding-left:1.2em";
    for (const p of problems) {
      const item = document.createElement("li");
      const where = document.createElement("code");
      where.textContent = p.file + (p.line ? ":" + p.line + (p.col ? ":" + p.col : "") : "");
      where.style.cssText = "font-weight:bold;color:#8a1c22";
      item.append(where, ": " + p.msg);
      list.append(item);
    }
    box.append(close, title, list);
    document.body.append(box);
  }
})();
