package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"brief/generator/content"
	"brief/generator/site"
)

func TestWords(t *testing.T) {
	cases := []struct {
		text     string
		markdown bool
		want     string
	}{
		{"North Korea's latest tests", false, "north korea latest tests"},
		{"Côte d'Ivoire, São Tomé", false, "cote ivoire sao tome"},
		{"Straße Łódź Øresund ÆSIR", false, "strasse lodz oresund aesir"},
		{"Cafe\u0301 cre\u0300me", false, "cafe creme"}, // accents as combining marks
		{"Hà Nội, Đà Nẵng, Nguyễn; Ħamrun", false, "ha noi da nang nguyen hamrun"},
		{"Nguye\u0302\u0303n ǢǾ ẛa ŦƀɎ", false, "nguyen aeo sa tby"}, // a base that folds again: ǿ → ø → o
		{"ガス田 and Йемен", false, "ガス田 and йемен"},
		{"Ёлки, ПЁТР и ёжик", false, "елки петр ежик"}, // Russian writes е for ё too
		{"ＡＩと台風５号、ｅｃｏｎｏｍｙ！", false, "aiと台風5号 economy"}, // full-width ASCII is ASCII
		// Greek folds as Latin does.
		{"Ελλάδα, ΚΟΣΜΟΣ κόσμος ἄνθρωπος Ϊ́", false, "ελλαδα κοσμοσ κοσμοσ ανθρωποσ"},
		{"हिन्दी समाचार", false, "हिन्दी समाचार"}, // marks of other scripts stay
		// Arabic and Hebrew lose their vowel marks, Arabic its hamza on
		// alef and its tatweel, as readers type them.
		{"مَدِينَةُ القَاهِرَةِ كَبِيرَةٌ", false, "مدينة القاهرة كبيرة"},
		{"إسرائيل أحمد القرآن ٱلله القاهـــرة", false, "اسراييل احمد القران الله القاهرة"}, // ئ is ي with a hamza,
		{"שָׁלוֹם עוֹלָם", false, "שלום עולם"},
		{"1,290 km (800 miles) in 2026", false, "290 km 800 miles in 2026"},
		{"a I x", false, ""}, // one letter is not a word
		{"The U.S. and the E.U., U.S.A and U.K.-led; e.g. this", false, "the us and the eu usa and uk led eg this"},
		{"U.Sa, xU.S., U.S2, a.b.c.d.e.f.g.h.i, U.Sé, 3.5.1, Y.", false, "sa xu s2 abcdefghi se"},
		{strings.Repeat("x", 41) + " " + strings.Repeat("y", 40), false, strings.Repeat("y", 40)},
		// A run of a script written without spaces is cut to its first 40
		// characters; a long one of Latin letters, a hash, is left out.
		{"รัฐบาลไทยประกาศมาตรการใหม่เพื่อกระตุ้นเศรษฐกิจในช่วงปลายปีนี้โดยเน้นการท่องเที่ยว กรุงเทพมหานคร", false,
			"รัฐบาลไทยประกาศมาตรการใหม่เพื่อกระตุ้นเศ กรุงเทพมหานคร"},
		{"日本経済新聞によると政府は来年度の予算案で防衛費を大幅に増額し過去最大の規模となる見通しで財務省と各省庁の調整が続いているという", false,
			"日本経済新聞によると政府は来年度の予算案で防衛費を大幅に増額し過去最大の規模とな"},
		{"2026年のGDP成長率は政府の見通しを下回り日銀は金融政策の正常化を急がない姿勢を改めて示したと報じられた", false,
			"2026年のgdp成長率は政府の見通しを下回り日銀は金融政策の正常化を急がない姿"},
		{"3f9a0c7e5b1d2468ace13579bdf02468ace13579bdf02468ace13579bdf0 ok", false, "ok"},
		{"See [the primer](https://example.org/long/path) and <https://x.org/a>.", true, "see the primer and"},
		{"Raw <span class=\"note\">words</span> stay", true, "raw words stay"},
		{"a ] (not a link) and a < b", true, "not link and"},
		{"[x](unclosed\n\nnext paragraph", true, "unclosed next paragraph"},
		{"`code_span` and\n```go\nfunc Main() {}\n```", true, "code span and func main"}, // not the fence's language
		{"~~~ python\nx = 1\n~~~\nand ```not a fence```", true, "and not fence"},
		// An HTML comment is left out of the page, and of the index: in a
		// line, with a > in it, over paragraphs, and to the end when never
		// closed, as on the page.
		{"Seen <!-- private > aside --> here", true, "seen here"},
		{"One.\n\n<!--\nsecret one\n\nsecret two\n-->\n\nTwo <!--> three <!---> four", true, "one two three four"},
		{"Open <!-- secret\n\nto the end", true, "open"},
		// A reference definition's destination and title are not on the page.
		{"See [the report][imf].\n\n [imf]: https://imf.example.org/x \"Fiscal Monitor\"\nNext [aa]: bb", true, "see the report next aa bb"},
		// A footnote's text is on the page, and in the index; its label is
		// shown as a number, and left out.
		{"Overdue.[^src] And more.[^2]\n\n[^src]: Interviews with exporters.\n  [^2]: Ledger, [volume](https://x.org/v) twelve.", true, "overdue and more interviews with exporters ledger volume twelve"},
	}
	for _, c := range cases {
		var got []string
		var tok tokenizer
		tok.words([]byte(c.text), c.markdown, func(w []byte, _ uint64) { got = append(got, string(w)) })
		if strings.Join(got, " ") != c.want {
			t.Errorf("words(%q, markdown=%v) = %q; want %q", c.text, c.markdown, strings.Join(got, " "), c.want)
		}
	}
}

func TestVarint(t *testing.T) {
	for _, v := range []uint32{0, 1, 31, 32, 33, 1023, 1024, 40000, 1<<32 - 1} {
		b := appendVarint(nil, v)
		got, n := decodeVarint(string(b))
		if got != v || n != len(b) {
			t.Errorf("varint %d: wrote %q, read back %d from %d of %d bytes", v, b, got, n, len(b))
		}
	}
}

// decodeVarint is search.js's reading of a posting, for the tests.
func decodeVarint(s string) (v uint32, n int) {
	for shift := 0; ; shift += 5 {
		c := uint32(strings.IndexByte(digits, s[n]))
		n++
		v |= (c & 31) << shift
		if c&32 == 0 {
			return v, n
		}
	}
}

// index reads a written index as search.js does.
type index struct {
	meta struct {
		V      string   `json:"v"`
		Docs   int      `json:"docs"`
		Chunk  int      `json:"chunk"`
		Shards []string `json:"shards"`
	}
	files  map[string][]byte
	shards map[int]shard // read so far
	all    []posting     // every word of every shard, in order, once read
}

func build(t *testing.T, s *site.Site) *index {
	t.Helper()
	ix := &index{files: map[string][]byte{}, shards: map[int]shard{}}
	Write(s, func(p string, data []byte) {
		if _, dup := ix.files[p]; dup {
			t.Errorf("%s written twice", p)
		}
		ix.files[p] = data
	})
	if err := json.Unmarshal(ix.files["search/index.json"], &ix.meta); err != nil {
		t.Fatal(err)
	}
	return ix
}

// shard is a shard file as search.js reads it.
type shard struct {
	T, P []string
	U    map[string]string
}

func (ix *index) shard(t *testing.T, i int) shard {
	t.Helper()
	if sh, ok := ix.shards[i]; ok {
		return sh
	}
	var sh shard
	if err := json.Unmarshal(ix.files["search/t/"+strconv.Itoa(i)+".json"], &sh); err != nil {
		t.Fatal(err)
	}
	if len(sh.T) != len(sh.P) {
		t.Fatalf("shard %d: %d words, %d postings", i, len(sh.T), len(sh.P))
	}
	ix.shards[i] = sh
	return sh
}

// find returns, for each briefing with a word starting with prefix, the
// best level it has one at (field·2, plus 1 for the word prefix itself),
// by briefing number, looking where search.js does: in the union of
// prefix if the shard has one, in the shard's words otherwise.
func (ix *index) find(t *testing.T, prefix string) map[int]int {
	t.Helper()
	i := sortSearch(ix.meta.Shards, prefix)
	if i < 0 {
		return nil
	}
	sh := ix.shard(t, i)
	if u, ok := sh.U[prefix]; ok {
		return decode(u, 3, 0)
	}
	found := map[int]int{}
	for j, term := range sh.T {
		if strings.HasPrefix(term, prefix) {
			merge(found, decode(sh.P[j], 2, exact(term, prefix)))
		}
	}
	return found
}

// bruteFind is what find should return: the postings of every word of
// every shard that starts with prefix.
func (ix *index) bruteFind(t *testing.T, prefix string) map[int]int {
	t.Helper()
	if ix.all == nil {
		for i := range ix.meta.Shards {
			sh := ix.shard(t, i)
			for j, term := range sh.T {
				ix.all = append(ix.all, posting{term, decode(sh.P[j], 2, 0)})
			}
		}
	}
	found := map[int]int{}
	i, _ := slices.BinarySearchFunc(ix.all, prefix, func(p posting, s string) int { return strings.Compare(p.term, s) })
	for ; i < len(ix.all) && strings.HasPrefix(ix.all[i].term, prefix); i++ {
		for doc, l := range ix.all[i].levels {
			merge(found, map[int]int{doc: l | exact(ix.all[i].term, prefix)})
		}
	}
	return found
}

// posting is a word and its levels by briefing, not counting exactness.
type posting struct {
	term   string
	levels map[int]int
}

func exact(term, prefix string) int {
	if term == prefix {
		return 1
	}
	return 0
}

// decode reads a postings string whose numbers hold a briefing number's
// difference from the previous one above bits bits of field or level,
// and returns the level of each briefing: a field doubled, plus exact.
func decode(p string, bits uint, exact int) map[int]int {
	found, doc := map[int]int{}, 0
	for p != "" {
		v, n := decodeVarint(p)
		p = p[n:]
		doc += int(v >> bits)
		l := int(v & (1<<bits - 1))
		if bits == 2 {
			l = l<<1 | exact
		}
		if _, dup := found[doc]; dup {
			panic(fmt.Sprintf("briefing %d twice in %q", doc, p))
		}
		found[doc] = l
	}
	return found
}

func merge(into, from map[int]int) {
	for doc, l := range from {
		if old, ok := into[doc]; !ok || l > old {
			into[doc] = l
		}
	}
}

// whole and start are the levels of a word equal to the query, and of
// one that starts with it, in field.
func whole(field int) int { return field<<1 | 1 }
func start(field int) int { return field << 1 }

// sortSearch is the last shard whose first key is not after key, or -1.
func sortSearch(keys []string, key string) int {
	i := -1
	for j, k := range keys {
		if k <= key {
			i = j
		}
	}
	return i
}

func exampleSite(t *testing.T, files map[string]string) *site.Site {
	t.Helper()
	fsys := fstest.MapFS{"site.yaml": {Data: []byte("title: T\nbase_url: https://example.org/b/\n")}}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	src, probs := content.Load(fsys, "")
	if err := probs.Err(); err != nil {
		t.Fatal(err)
	}
	s, probs := site.New(src, site.Options{})
	if err := probs.Err(); err != nil {
		t.Fatal(err)
	}
	return s
}

func briefing(title, date, topics, body string) string {
	return fmt.Sprintf("---\ntitle: %q\nsummary: \"Summary of %s.\"\ndate: %s\ntopics: [%s]\n---\n\n%s\n", title, title, date, topics, body)
}

func TestIndex(t *testing.T) {
	s := exampleSite(t, map[string]string{
		"content/world/old.md":             briefing("Sanctions on Oil", "2026-01-01", "Energy", "Tankers and [harbours](https://ports.example/x)."),
		"content/world/mid/index.md":       briefing("Ports Reopen", "2026-02-01", "Shipping", "Oil flows again through Aden."),
		"content/world/mid/notes/desk.md":  "---\nanalyst: \"Mirela Sokolović\"\n---\n\nWatch insurance premiums.\n",
		"content/economy/new.md":           briefing("Chip Controls", "2026-03-01", "Trade, Sanctions", "Exporters of lithography tools."),
		"content/economy/newest/index.md":  briefing("Côte d'Ivoire Cocoa", "2026-04-01", "Trade", "Prices rose."),
		"content/economy/newest/extra.txt": "not indexed",
	})
	ix := build(t, s)
	if ix.meta.Docs != 4 || len(ix.meta.Shards) == 0 || ix.meta.V == "" {
		t.Fatalf("index.json = %s", ix.files["search/index.json"])
	}
	// Briefings are numbered newest first: newest 0, new 1, mid 2, old 3.
	for _, c := range []struct {
		prefix string
		want   map[int]int
	}{
		{"sanctions", map[int]int{1: whole(fieldTag), 3: whole(fieldTitle)}},
		{"oil", map[int]int{2: whole(fieldBody), 3: whole(fieldTitle)}},
		{"port", map[int]int{2: start(fieldTitle)}}, // not from the link's address in the old one
		{"summary", map[int]int{0: whole(fieldSummary), 1: whole(fieldSummary), 2: whole(fieldSummary), 3: whole(fieldSummary)}},
		{"sokolov", map[int]int{2: start(fieldTag)}},
		{"insurance", map[int]int{2: whole(fieldBody)}},
		{"cote", map[int]int{0: whole(fieldTitle)}},
		{"economy", map[int]int{0: whole(fieldTag), 1: whole(fieldTag)}},
		{"zz", map[int]int{}},
	} {
		if got := ix.find(t, c.prefix); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("briefings with words starting %q: %v; want %v", c.prefix, got, c.want)
		}
	}
	var rows [][5]string
	if err := json.Unmarshal(ix.files["search/d/0.json"], &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0] != [5]string{"economy/newest/", "Côte d'Ivoire Cocoa", "Summary of Côte d'Ivoire Cocoa.", "1 April 2026", "Economy"} {
		t.Errorf("docs table = %v", rows)
	}

	again := build(t, s)
	if len(again.files) != len(ix.files) {
		t.Fatalf("a second build wrote %d files, the first %d", len(again.files), len(ix.files))
	}
	for p, data := range ix.files {
		if !bytes.Equal(again.files[p], data) {
			t.Errorf("%s differs between two builds of the same site", p)
		}
	}
}

// TestShards checks that a large vocabulary is split into shards of whole
// keys, in order, each found by its key.
func TestShards(t *testing.T) {
	files := map[string]string{}
	var body strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&body, "w%s%d ", strconv.FormatInt(int64(i*7919%3000), 36), i)
	}
	for i := range 40 {
		files[fmt.Sprintf("content/world/b%d.md", i)] = briefing(fmt.Sprintf("B%d", i), fmt.Sprintf("2026-01-%02d", 1+i%28), "X", body.String())
	}
	ix := build(t, exampleSite(t, files))
	if len(ix.meta.Shards) < 3 {
		t.Fatalf("%d shards for %d KB of index; want several", len(ix.meta.Shards), len(ix.files)/1024)
	}
	checkShards(t, ix)
	for _, w := range []string{"w0", "wa", "wz"} {
		if got := ix.find(t, w); len(got) != 40 {
			t.Errorf("words starting %q are in %d briefings; want 40", w, len(got))
		}
	}
}

// TestSplit indexes words that share long prefixes, in Latin and Cyrillic
// letters, so that groups are split at two, three and four characters,
// and checks that every prefix is found as a search of every word of the
// index would find it.
func TestSplit(t *testing.T) {
	rnd := uint32(1)
	next := func(n int) int { // a deterministic sequence, so that failures repeat
		rnd = rnd*1664525 + 1013904223
		return int(rnd>>8) % n
	}
	letters := func(alphabet string, n int) string {
		a := []rune(alphabet)
		var b strings.Builder
		for range n {
			b.WriteRune(a[next(len(a))])
		}
		return b.String()
	}
	const latin, cyrillic = "abcdefghijklmnopqrstuvwxyz", "абвгдежзиклмнопрстуфхцчшщыэюя"
	vocab := []string{"uk", "ukr", "ukra", "ukraine", "ukrainian", "ukrainians", "укр", "україна", "ukrainianist"}
	for range 600 {
		vocab = append(vocab, "ukra"+letters(latin, 1+next(5)))
	}
	for range 300 {
		vocab = append(vocab, "ukr"+letters(latin, 1+next(5)))
	}
	for range 500 {
		vocab = append(vocab, "uk"+letters(latin, 1+next(5)))
	}
	for range 600 {
		vocab = append(vocab, "укр"+letters(cyrillic, 1+next(5)))
	}
	for range 300 {
		vocab = append(vocab, letters(latin, 2+next(6)))
	}
	files := map[string]string{}
	const n = 60
	for i := range n {
		var title, topics, body []string
		for _, w := range vocab {
			switch r := next(100); {
			case r < 2:
				title = append(title, w)
			case r < 5 && len(topics) < 3: // more would make site.New relate briefings slowly
				topics = append(topics, w)
			case r < 50:
				body = append(body, w)
			}
		}
		files[fmt.Sprintf("content/world/b%d.md", i)] = briefing(strings.Join(title, " "), fmt.Sprintf("2026-01-%02d", 1+i%28), strings.Join(topics, ", "), strings.Join(body, " "))
	}
	s := exampleSite(t, files)
	ix := build(t, s)
	checkShards(t, ix)

	unions := map[string]bool{}
	for i := range ix.meta.Shards {
		for k := range ix.shard(t, i).U {
			unions[k] = true
		}
	}
	for _, k := range []string{"uk", "ukr", "ukra", "ук", "укр"} {
		if !unions[k] {
			t.Errorf("no union for %q; unions: %v", k, slices.Sorted(maps.Keys(unions)))
		}
	}

	prefixes := map[string]bool{"ukq": true, "ukraineq": true, "укрq": true, "zzzzzzzz": true, "ük": true}
	for i := range ix.meta.Shards {
		for _, term := range ix.shard(t, i).T {
			r := []rune(term)
			for n := 2; n <= min(len(r), 5); n++ {
				prefixes[string(r[:n])] = true
			}
			prefixes[term] = true
		}
	}
	for p := range unions {
		prefixes[p] = true
	}
	for _, p := range slices.Sorted(maps.Keys(prefixes)) {
		got, want := ix.find(t, p), ix.bruteFind(t, p)
		if !maps.Equal(got, want) {
			t.Errorf("briefings with words starting %q: %v; want %v", p, got, want)
		}
	}
	for _, c := range []struct {
		prefix string
		level  int
	}{{"uk", whole(fieldTitle)}, {"ukraine", whole(fieldTitle)}, {"ukrainian", whole(fieldTitle)}, {"ukrainia", start(fieldTitle)}, {"укр", whole(fieldTitle)}} {
		if got := slices.Max(slices.Collect(maps.Values(ix.find(t, c.prefix)))); got != c.level {
			t.Errorf("best level of %q: %d; want %d", c.prefix, got, c.level)
		}
	}

	again := build(t, s)
	for p, data := range ix.files {
		if !bytes.Equal(again.files[p], data) {
			t.Errorf("%s differs between two builds of the same site", p)
		}
	}
}

// checkShards checks the shards of ix: each there, keys in order, words
// in order across shards and within their shard's keys, and no shard
// larger than 2·ShardSize unless it holds a single group.
func checkShards(t *testing.T, ix *index) {
	t.Helper()
	keys := ix.meta.Shards
	for i := 1; i < len(keys); i++ {
		if keys[i-1] >= keys[i] {
			t.Errorf("shard keys out of order: %q before %q", keys[i-1], keys[i])
		}
	}
	last := ""
	for i, k := range keys {
		data, ok := ix.files["search/t/"+strconv.Itoa(i)+".json"]
		if !ok {
			t.Fatalf("shard %d missing", i)
		}
		sh := ix.shard(t, i)
		for _, term := range sh.T {
			if term <= last || term < k || i+1 < len(keys) && term >= keys[i+1] {
				t.Errorf("shard %d (%q): word %q out of order", i, k, term)
			}
			last = term
		}
		for u := range sh.U {
			if u < k || i+1 < len(keys) && u >= keys[i+1] {
				t.Errorf("shard %d (%q): union %q out of place", i, k, u)
			}
		}
		if len(data) > 2*ShardSize {
			single := len(sh.U) == 0 || len(sh.U) == 1 && sh.U[k] != ""
			for _, term := range sh.T {
				single = single && strings.HasPrefix(term, k)
			}
			if !single {
				t.Errorf("shard %d (%q) has %d bytes and more than one group", i, k, len(data))
			}
		}
	}
}

// TestCacheMatchesFresh edits a site between builds that share a Cache:
// each build's files are byte for byte those of a fresh build.
func TestCacheMatchesFresh(t *testing.T) {
	files := map[string]string{
		"content/world/a.md":             briefing("Alpha Talks", "2026-01-01", "Trade", "Ports and tankers."),
		"content/world/b/index.md":       briefing("Beta Ports", "2026-02-01", "Shipping", "Oil flows."),
		"content/world/b/notes/desk.md":  "---\nanalyst: \"Desk\"\n---\n\nInsurance.\n",
		"content/economy/c.md":           briefing("Gamma Chips", "2026-03-01", "Trade", "Lithography."),
		"content/analysts/desk.md":       "---\nname: \"The Desk\"\naffiliation: \"Staff\"\n---\n\nBio.\n",
		"content/topics/trade.md":        "---\ntitle: \"Trade\"\n---\n\nAbout trade.\n",
		"content/economy/_index.md":      "---\ntitle: \"Economy\"\n---\n",
		"content/world/b/notes/other.md": "---\nanalyst: \"Other\"\naffiliation: \"Inst\"\n---\n\nZebra.\n",
	}
	edits := []func(){
		func() {
			files["content/world/a.md"] = briefing("Alpha Talks", "2026-01-01", "Trade", "Ports, tankers and zeppelins.")
		},
		func() {
			files["content/world/d.md"] = briefing("Delta", "2026-04-01", "Energy", "Brand new words: quokka.")
		},
		func() { delete(files, "content/economy/c.md") },
		func() { files["content/analysts/desk.md"] = "---\nname: \"The Renamed Desk\"\n---\n\nBio.\n" },
		func() { files["content/topics/trade.md"] = "---\ntitle: \"Commerce\"\n---\n" },
		func() { files["content/economy/_index.md"] = "---\ntitle: \"Money\"\n---\n" },
		func() { delete(files, "content/world/b/notes/other.md") },
		func() { files["content/world/a.md"] = briefing("Alpha", "2026-05-01", "Trade", "Now the newest.") },
	}
	c, ci := NewCache(), NewCache() // written whole, and through an Indexer
	for i := -1; i < len(edits); i++ {
		if i >= 0 {
			edits[i]()
		}
		s := exampleSite(t, files)
		got, viaIndexer, want := map[string][]byte{}, map[string][]byte{}, map[string][]byte{}
		c.Write(s, func(p string, data []byte) { got[p] = data })
		x := ci.Indexer(s)
		for k := len(s.Briefings) - 1; k >= 0; k -= 2 {
			x.Read(k)
		}
		x.Write(func(p string, data []byte) { viaIndexer[p] = data })
		Write(s, func(p string, data []byte) { want[p] = data })
		sameFiles(t, fmt.Sprintf("after edit %d, the cache", i), got, want)
		sameFiles(t, fmt.Sprintf("after edit %d, the cache through an Indexer", i), viaIndexer, want)
	}
}

// TestIndexerMatchesWrite reads briefings through an Indexer in an order
// of its own, in several batches, and leaves some for Write: the index is
// the one Write makes.
func TestIndexerMatchesWrite(t *testing.T) {
	files := map[string]string{}
	for i := range 150 {
		files[fmt.Sprintf("content/world/b%03d.md", i)] = briefing(fmt.Sprintf("Briefing %d", i), fmt.Sprintf("2026-01-%02d", 1+i%28),
			fmt.Sprintf("T%d", i%7), fmt.Sprintf("Words w%d and w%d, common.", i, i*7%150))
	}
	s := exampleSite(t, files)
	got, want := map[string][]byte{}, map[string][]byte{}
	x := NewCache().Indexer(s)
	for k := len(s.Briefings) - 1; k >= 0; k-- {
		if k%3 != 0 {
			x.Read(k)
			x.Read(k) // a second time does nothing
		}
	}
	x.Write(func(p string, data []byte) { got[p] = data })
	Write(s, func(p string, data []byte) { want[p] = data })
	sameFiles(t, "the Indexer", got, want)
}

func sameFiles(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s wrote %d files, a fresh build %d", what, len(got), len(want))
	}
	for p, data := range want {
		if !bytes.Equal(got[p], data) {
			t.Errorf("%s wrote %s unlike a fresh build:\n%s\n%s", what, p, got[p], data)
		}
	}
}

// TestCorrectionsIndexed: a correction's words find its briefing, as its
// body's do, and the address of a link in it is no word: "correction"
// and "wrong distance" found nothing.
func TestCorrectionsIndexed(t *testing.T) {
	s := exampleSite(t, map[string]string{
		"content/world/x.md": strings.Replace(briefing("Corridor", "2026-01-01", "Shipping", "Text."), "---\n\n",
			"corrections:\n  - date: 2026-01-02\n    text: \"An earlier version gave the wrong distance; see [the errata](https://errata.example/list).\"\n---\n\n", 1),
	})
	ix := build(t, s)
	for prefix, want := range map[string]map[int]int{
		"wrong": {0: whole(fieldBody)}, "distance": {0: whole(fieldBody)}, "errata": {0: whole(fieldBody)}, "list": {},
	} {
		if got := ix.find(t, prefix); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("briefings with words starting %q: %v; want %v", prefix, got, want)
		}
	}
}

// TestIndexHasWhatThePageShows: the index holds the words a reader sees
// and none the page leaves out: not an HTML comment's, in the body, a
// note or a takeaway, nor a takeaway's link destination or a reference
// definition's; and a word written with character references is found as
// it shows.
func TestIndexHasWhatThePageShows(t *testing.T) {
	body := "Prices rose in the &eacute;t&eacute;&nbsp;season.\n\n<!-- editor: source is Jones > leakone -->\n\n" +
		"<!--\nTODO: leaktwo.\n\nOur informant speaks Friday.\n-->\n\nSee [the report][imf].\n\n[imf]: https://imf.example.org/publications \"Fiscal Monitor\"\n"
	s := exampleSite(t, map[string]string{
		"content/world/x/index.md": strings.Replace(briefing("Corridor", "2026-01-01", "Shipping", body), "---\n\n",
			"takeaways: [\"Rates rise <!-- leakthree --> on [data](https://zebrahost.example.org/x).\"]\n---\n\n", 1),
		"content/world/x/notes/desk.md": "---\nanalyst: Desk\n---\nWatch it. <!-- leakfour -->\n",
	})
	ix := build(t, s)
	for prefix, want := range map[string]map[int]int{
		"prices": {0: whole(fieldBody)}, "ete": {0: whole(fieldBody)}, "rates": {0: whole(fieldSummary)}, "watch": {0: whole(fieldBody)},
		"leak": {}, "informant": {}, "friday": {}, "eacute": {}, "nbsp": {}, "publications": {}, "fiscal": {}, "zebrahost": {}, "https": {}, "imf": {},
	} {
		if got := ix.find(t, prefix); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("briefings with words starting %q: %v; want %v", prefix, got, want)
		}
	}
}

// TestArabicArticle: an Arabic noun written with its article (المدينة,
// the city), alone or after a one-letter conjunction or preposition
// (والمدينة, بالمدينة, للمدينة), is found by the noun (مدينة) as well as
// as written; it was found only as written. A word of fewer than three
// letters after the article (الم) is not cut.
func TestArabicArticle(t *testing.T) {
	s := exampleSite(t, map[string]string{
		"content/world/ar.md": briefing("Cities", "2026-01-01", "Economy", "زار المدينة والقاهرة بالقطار للمشاركة في الم."),
	})
	ix := build(t, s)
	for prefix, want := range map[string]map[int]int{
		"مدينة":    {0: whole(fieldBody)},
		"المدينة":  {0: whole(fieldBody)},
		"قاهرة":    {0: whole(fieldBody)},
		"قطار":     {0: whole(fieldBody)},
		"مشاركة":   {0: whole(fieldBody)},
		"والقاهرة": {0: whole(fieldBody)},
		"م":        {0: start(fieldBody)},
	} {
		if got := ix.find(t, prefix); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("briefings with words starting %q: %v; want %v", prefix, got, want)
		}
	}
	for word, want := range map[string]string{"المدينة": "مدينة", "الم": "", "مدينة": "", "city": "", "للمدينة": "مدينة"} {
		if got := string(withoutArticle([]byte(word))); got != want {
			t.Errorf("withoutArticle(%q) = %q; want %q", word, got, want)
		}
	}
}

// TestLongUnspacedRunsIndexed: a run of Thai or Japanese longer than 40
// characters, a clause or a sentence, is found by its start, from two
// characters to the whole run as search.js cuts a query (its first 40),
// as a shorter run is; a long run of Latin letters, a hash, is not
// indexed. The long runs were left out of the index: "รัฐบาล" found
// nothing, while "กรุงเทพ", a short run, was found.
func TestLongUnspacedRunsIndexed(t *testing.T) {
	thai := "รัฐบาลไทยประกาศมาตรการใหม่เพื่อกระตุ้นเศรษฐกิจในช่วงปลายปีนี้โดยเน้นการท่องเที่ยว"
	japanese := "日本経済新聞によると政府は来年度の予算案で防衛費を大幅に増額し過去最大の規模となる見通しで財務省と各省庁の調整が続いているという"
	hash := "3f9a0c7e5b1d2468ace13579bdf02468ace13579bdf02468ace13579bdf0"
	s := exampleSite(t, map[string]string{
		"content/world/th.md": briefing("Stimulus", "2026-01-01", "Economy", thai+"\n\nกรุงเทพมหานคร"),
		"content/world/ja.md": briefing("Budget", "2026-01-02", "Economy", japanese+"\n\nCommit "+hash+"."),
	})
	ix := build(t, s)
	first40 := func(s string) string { return string([]rune(s)[:40]) }
	// Briefings are numbered newest first: ja 0, th 1.
	for prefix, want := range map[string]map[int]int{
		"รัฐบาล":          {1: start(fieldBody)},
		"กรุงเทพ":         {1: start(fieldBody)},
		first40(thai):     {1: whole(fieldBody)},
		"日本経済":            {0: start(fieldBody)},
		first40(japanese): {0: whole(fieldBody)},
		"commit":          {0: whole(fieldBody)},
		hash[:2]:          {},
		hash[:40]:         {},
	} {
		if got := ix.find(t, prefix); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("briefings with words starting %q: %v; want %v", prefix, got, want)
		}
	}
}
