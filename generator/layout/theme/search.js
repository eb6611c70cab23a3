// brief's search page: finds briefings in the index the build writes under
// search/ (its format is described in generator/search), in the browser,
// with no server and no dependencies. A query loads one shard per word,
// never more than a few tens of kilobytes, and the rows of the results it
// shows. A shard holds whole groups of words sharing a prefix; a prefix
// too common for one shard comes with its union: every briefing with a
// word starting with it, at that word's best score.
(() => {
  "use strict";
  const form = document.getElementById("search-form");
  if (!form || !window.fetch) return;
  const input = form.elements.q;
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const root = form.dataset.index; // the index folder, e.g. /briefings/search/
  const base = root.slice(0, root.length - "search/".length); // paths in the docs table are relative to it
  const WEIGHT = [1, 3, 6, 10]; // a word in the body, summary, topics or title
  const EXACT = WEIGHT.map((x) => x * 1.5); // the very word typed
  const LEVEL = WEIGHT.flatMap((x, i) => [x, EXACT[i]]); // a union's level: field·2 + exact
  const PAGE = 10;
  const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const DIGIT = new Uint8Array(128);
  for (let i = 0; i < 64; i++) DIGIT[DIGITS.charCodeAt(i)] = i;

  // Words as generator/search/words.go cuts and folds them: runs of letters
  // and digits, lowercase, Latin and Greek letters without their accents,
  // Cyrillic ё as е, full-width Ａ and ５ as ASCII, Arabic and Hebrew without their vowel marks or Arabic's tatweel. Lowercase
  // letter by letter, as Go does (a final Σ is σ, not ς), and with no
  // normalisation, which words.go does not do either (NFC makes 0958 क़
  // two characters, F900 豈 another).
  const FOLDS = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    "ħ": "h", "ŧ": "t", "ƀ": "b", "ƚ": "l", "ƶ": "z", "ǥ": "g", "ȼ": "c", "ɇ": "e", "ɉ": "j",
    "ɍ": "r", "ɏ": "y", "ſ": "s", "ς": "σ", "ٱ": "ا",
  };
  const WORD = /[\p{L}\p{Nd}][\p{L}\p{Nd}\p{M}]*/gu;
  const unaccent = (c) => FOLDS[c] ?? c.normalize("NFD").replace(/\p{M}/gu, "").replace(/./gu, (b) => FOLDS[b] ?? b);
  const fold = (s) => s.replaceAll("\u0640", "").replace(/[\uFF01-\uFF5E]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(/./gsu, (c) => c.toLowerCase()).replaceAll("ё", "е")
    .replace(/[\p{Script=Latin}\p{Script=Greek}\p{Script=Arabic}]/gu, unaccent)
    .replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}0-9])\p{M}+/gu, "$1");
  // An abbreviation, single letters each with a dot (U.S., E.U., U.S.A),
  // is one word of its letters, as words.go's abbreviation reads it.
  const ABBR = /(?<![\p{L}\p{Nd}\p{M}])[A-Za-z](?:\.[A-Za-z](?![\p{L}\p{Nd}\p{M}]))+\.?/gu;
  // A word of more than 40 characters is cut to its first 40 when a
  // character of a script written without spaces is in it, and left out
  // otherwise, as words.go's flush does with the scripts of its
  // unspacedScripts.
  const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tai_Le}\p{Script=New_Tai_Lue}\p{Script=Tai_Tham}\p{Script=Tai_Viet}]/u;
  const cut = (w) => {
    const cs = [...w];
    return cs.length > 40 && UNSPACED.test(w) ? cs.slice(0, 40).join("") : w;
  };
  const words = (s) => [...new Set((fold(s.replace(ABBR, (m) => m.replaceAll(".", "") + " ")).match(WORD) || []).map(cut))].filter((w) => {
    const n = [...w].length;
    return n >= 2 && n <= 40;
  });
  // whole holds the query's abbreviations, as words (U.S. is us): they
  // match only themselves, not every word they begin (used, user).
  let whole = new Set();
  const abbreviations = (s) => new Set((s.match(ABBR) || []).map((m) => fold(m.replaceAll(".", ""))));
  const matches = (t, w) => whole.has(w) ? t === w : t.startsWith(w);
  const codeCmp = (a, b) => {
    const x = [...a], y = [...b];
    for (let i = 0; i < x.length && i < y.length; i++) {
      const d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  };

  const cache = new Map();
  const get = (path) => {
    let p = cache.get(path);
    if (!p) {
      p = fetch(root + path + "?v=" + meta.v).then((r) => {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      cache.set(path, p);
    }
    return p;
  };
  let meta = null;
  const ready = fetch(root + "index.json", { cache: "no-cache" })
    .then((r) => r.ok ? r.json() : Promise.reject(new Error("index.json: " + r.status)))
    .then((m) => { meta = m; });
  // Equal scores rank newest first, so the newest briefings are in most
  // first results: fetch the rows of the newest hundred while the reader
  // starts typing, the very newest first, so that most keystrokes wait only
  // for their words.
  const NEWEST = 100;
  ready.then(() => meta.docs && get("d/0.json")).then(() => {
    for (let k = 1; k * meta.chunk < Math.min(meta.docs, NEWEST); k++) get("d/" + k + ".json").catch(() => {});
  }).catch(() => {});

  // The shard of w: the last whose first key is not after w. If w is a
  // split prefix, it holds w's union; if not, it holds every word starting
  // with w (see generator/search for why).
  const shard = (w) => {
    let lo = 0, hi = meta.shards.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (codeCmp(meta.shards[mid], w) <= 0) lo = mid + 1; else hi = mid;
    }
    return lo ? get("t/" + (lo - 1) + ".json") : Promise.resolve(null);
  };

  // add reads the postings string ps, whose numbers hold a briefing's
  // number, as a difference from the previous one, above bits bits that
  // index score, and keeps in s each briefing's best score.
  const add = (ps, bits, score, s) => {
    const mask = (1 << bits) - 1;
    for (let j = 0, doc = 0; j < ps.length;) {
      let p = 0, shift = 0, c;
      do {
        c = DIGIT[ps.charCodeAt(j++)];
        p |= (c & 31) << shift;
        shift += 5;
      } while (c & 32);
      doc += p >>> bits;
      const v = score[p & mask];
      if (v > s[doc]) s[doc] = v;
    }
  };

  // find returns the numbers of the briefings that have every word of the
  // query (the last one, as typed so far, as the start of a word; the
  // others too, so that "nort kor" finds North Korea), best first.
  const find = async (ws) => {
    const shards = await Promise.all(ws.map(shard));
    let score = null;
    ws.forEach((w, i) => {
      const s = new Float32Array(meta.docs), sh = shards[i], u = sh && sh.u && !whole.has(w) && sh.u[w];
      if (typeof u === "string") add(u, 3, LEVEL, s); // a string: sh.u.constructor is no union
      else if (sh) {
        for (let t = 0; t < sh.t.length; t++) {
          if (matches(sh.t[t], w)) add(sh.p[t], 2, sh.t[t].length === w.length ? EXACT : WEIGHT, s);
        }
      }
      if (!score) score = s;
      else for (let d = 0; d < score.length; d++) score[d] = score[d] && s[d] ? score[d] + s[d] : 0;
    });
    // Best first, newest first among equals: the briefings by score, each
    // score's in order, as scores are few.
    const by = new Map();
    for (let d = 0; d < score.length; d++) {
      if (!score[d]) continue;
      const same = by.get(score[d]);
      if (same) same.push(d); else by.set(score[d], [d]);
    }
    return [...by.keys()].sort((a, b) => b - a).flatMap((v) => by.get(v));
  };

  const rows = (ids) => Promise.all(ids.map((d) => get("d/" + Math.floor(d / meta.chunk) + ".json")
    .then((chunk) => chunk[d % meta.chunk])));

  // mark appends text to el with the words that match the query in <mark>,
  // an abbreviation (U.S.) whole.
  const PARTS = new RegExp("(" + ABBR.source + "|" + WORD.source + ")", "u");
  const mark = (el, text, ws) => {
    text.split(PARTS).forEach((part, i) => {
      const f = i % 2 ? fold(part.replaceAll(".", "")) : "";
      if (f && ws.some((w) => matches(f, w))) {
        el.appendChild(document.createElement("mark")).textContent = part;
      } else if (part) {
        el.appendChild(document.createTextNode(part));
      }
    });
    return el;
  };
  const el = (parent, tag, cls) => {
    const e = parent.appendChild(document.createElement(tag));
    if (cls) e.className = cls;
    return e;
  };
  // show appends the results docs to the list and returns the link of the
  // first.
  const show = (docs, ws) => {
    let first = null;
    for (const [path, title, summary, date, section] of docs) {
      const art = el(el(list, "li", "entry"), "article");
      el(art, "p", "kicker").textContent = section;
      const a = el(el(art, "h2", "headline"), "a");
      a.href = base + path;
      mark(a, title, ws);
      mark(el(art, "p", "dek"), summary, ws);
      const m = el(art, "p", "meta");
      m.textContent = date;
      if (status.lang) m.lang = status.lang; // an English date on a site in another language
      first ??= a;
    }
    return first;
  };
  // tell says in the status line how many briefings match q, and how many
  // of them are shown when that is fewer.
  // It names the words of one letter in q, which are not searched, so
  // that "topic 3" does not read as a search for the 3.
  const tell = (q, hits, shown) => {
    const quoted = "“" + q + "”";
    const short = (fold(q.replace(ABBR, (m) => m.replaceAll(".", "") + " ")).match(WORD) || []).filter((w) => [...w].length < 2);
    status.textContent = (!hits ? "No briefing matches " + quoted + ". Try fewer or shorter words."
      : shown < hits ? "Showing " + shown + " of " + hits + " briefings that match " + quoted + "."
      : hits + (hits === 1 ? " briefing matches " : " briefings match ") + quoted + ".")
      + (short.length ? " Words of one letter (" + [...new Set(short)].join(", ") + ") are not searched." : "");
  };

  let seq = 0, more = null;
  const run = async () => {
    const t0 = performance.now(), n = ++seq, q = input.value.trim();
    const address = () => history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
    const ws = words(q);
    whole = abbreviations(q);
    if (!ws.length) {
      list.replaceChildren();
      if (more) more.remove();
      const long = (fold(q).match(WORD) || []).some((w) => [...w].length > 40);
      status.textContent = !q ? "" : long ? "Words of more than 40 letters are not searched; type a shorter one."
        : "Type at least two letters of a word.";
      address();
      return;
    }
    try {
      await ready;
      const hits = await find(ws);
      const first = await rows(hits.slice(0, PAGE));
      if (n !== seq) return; // a newer query is under way
      list.replaceChildren();
      show(first, ws);
      let shown = first.length;
      tell(q, hits.length, shown);
      if (more) more.remove();
      more = null;
      if (hits.length > shown) {
        const button = more = document.createElement("button");
        button.type = "button";
        button.className = "more-results";
        button.textContent = "Show more results";
        if (status.lang) button.lang = status.lang;
        // The next page's first result takes the focus, so that keyboard
        // and screen reader go on where the new results start (the button
        // is below them now, and gone after the last page).
        let busy = false;
        button.onclick = async () => {
          if (busy) return;
          busy = true; // a second press before the rows came would show them twice
          let next;
          try {
            next = await rows(hits.slice(shown, shown + PAGE));
          } finally {
            busy = false;
          }
          if (n !== seq) return; // a newer query replaced these results
          const a = show(next, ws);
          shown += next.length;
          tell(q, hits.length, shown);
          if (a) a.focus();
          if (shown >= hits.length) button.remove();
        };
        list.after(button);
      }
      performance.measure("brief-search", { start: t0 });
    } catch (err) {
      if (n === seq) status.textContent = "The search index could not be loaded. Browse the topics instead.";
    }
    if (n === seq) address(); // once the results are shown: its first call takes milliseconds
  };

  document.getElementById("search-nojs").remove();
  form.hidden = false;
  form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
  input.addEventListener("input", run);
  const q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    run();
  } else {
    input.focus(); // a reader who opens the search page came to type
  }
})();
