// brief serve's shared worker: the open tabs of a server listen to its
// event stream through this one worker, over one connection, where each
// listening on a stream of its own held one of the six connections a
// browser opens to a server. A tab says hello with what the stream needs
// of it (the output paths it shows and the version it was served at) and
// bye when it stops listening; the worker opens the stream again for the
// tabs it has then, and hands each tab the events for it.
"use strict";

const tabs = new Map(); // id → {port, pages, v}
let next = 0;
let stream = null;
let timer = 0;

onconnect = (e) => {
  const port = e.ports[0];
  const id = String(++next);
  port.onmessage = ({ data }) => {
    if (data.bye) {
      // The stream goes on with the tab in it until a tab comes: its
      // events are for nobody.
      tabs.delete(id);
      if (tabs.size > 0) return;
    } else if (data.hello) {
      tabs.set(id, { port, pages: data.hello.pages, v: data.hello.v });
    }
    // Tabs that come together (every tab reloading after a save) open
    // one stream.
    clearTimeout(timer);
    timer = setTimeout(open, 10);
  };
};

// open opens the stream for the tabs there are now, in place of the last
// one. Each tab's version makes the server send what the tab missed
// meanwhile, as it does for a tab's own stream.
function open() {
  if (stream) stream.close();
  stream = null;
  if (tabs.size === 0) return;
  const query = new URLSearchParams();
  for (const [id, t] of tabs) query.append("tab", JSON.stringify({ id, v: t.v, pages: t.pages }));
  const listening = [...tabs.values()];
  const tell = (message) => {
    for (const t of listening) t.port.postMessage(message);
  };
  stream = new EventSource("events?" + query); // beside this script, under the base path
  stream.onopen = () => tell({ state: "open" });
  stream.onerror = () => tell({ state: "reconnecting" });
  for (const name of ["reload", "css", "ok", "problems"]) {
    stream.addEventListener(name, (e) => {
      const { tab, data } = JSON.parse(e.data);
      const t = tabs.get(tab);
      if (t) t.port.postMessage({ name, data });
    });
  }
}
