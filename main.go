// Command brief builds static sites of briefings: news-style explainers
// with analyst notes, indexed by topic. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"brief/generator"
	"brief/generator/diag"
	"brief/generator/publish"
	server "brief/generator/serve"
)

const usage = `brief builds a static site of briefings.

Usage:
  brief build [--source DIR] [--out DIR] [--base-url URL] [--drafts] [--cache DIR]
              [--cpuprofile FILE] [--memprofile FILE]
  brief serve [--source DIR] [--addr 127.0.0.1:1313] [--base-url URL] [--drafts]
              [--poll DURATION]
  brief check [--source DIR] [--base-url URL] [--drafts]
  brief new briefing <section>/<slug> [--source DIR]
  brief new note <section>/<slug> "<Analyst Name>" [--source DIR]
  brief new layout <file> [--source DIR]

Exit status: 0 on success, 1 when the content has errors, 2 on any other failure.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the exit status. A panic is a bug
// in brief: it is reported as one, with exit status 2, never as a crash.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "brief: internal error (a bug in brief, please report it): %v\n%s", r, debug.Stack())
			code = 2
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "build", "check":
		return build(cmd, args, stdout, stderr)
	case "serve":
		return serve(args, stdout, stderr)
	case "new":
		return scaffold(args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "brief: unknown command %q\n\n%s", cmd, usage)
	return 2
}

// baseURLUsage describes --base-url, which build, check and serve take
// alike, so that a site.yaml's missing base_url is given the same way to
// each.
const baseURLUsage = "URL the site is published at (overrides site.yaml's base_url)"

// emptyFlags refuses a folder flag given an empty value, most often an
// unset variable in a script (--out "$DEPLOY"), which would otherwise
// mean the default folder without a word.
func emptyFlags(fs *flag.FlagSet, names ...string) (err error) {
	fs.Visit(func(f *flag.Flag) {
		if err == nil && slices.Contains(names, f.Name) && f.Value.String() == "" {
			err = fmt.Errorf("--%s is empty; give it a folder, or leave it out for the default", f.Name)
		}
	})
	return err
}

// helpFlag reports whether arg asks for the usage.
func helpFlag(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// parseFailed is the exit status after a FlagSet's Parse failed with err:
// 0 when -h or --help asked for the flags, which Parse has printed, 2 for
// a flag it does not know or a bad value.
func parseFailed(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

func flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("brief "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func build(cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flags(cmd, stderr)
	var cfg generator.Config
	fs.StringVar(&cfg.Source, "source", ".", "site folder (holds site.yaml and content/)")
	fs.BoolVar(&cfg.Drafts, "drafts", false, "publish drafts too")
	fs.StringVar(&cfg.BaseURL, "base-url", "", baseURLUsage)
	var cpuProfile, memProfile string
	if cmd == "build" {
		fs.StringVar(&cfg.Out, "out", "", "output folder (default <source>/public)")
		fs.StringVar(&cfg.CacheDir, "cache", "", "folder for what builds reuse (default <source>/.brief-cache; - for none)")
		fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the build to `file`")
		fs.StringVar(&memProfile, "memprofile", "", "write a heap profile at the end of the build to `file`")
	}
	if err := fs.Parse(args); err != nil {
		return parseFailed(err)
	}
	stop, err := generator.StartProfiles(cpuProfile, memProfile, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "brief %s: %v\n", cmd, err)
		return 2
	}
	defer stop()
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "brief %s: unexpected argument %q\n", cmd, fs.Arg(0))
		return 2
	}
	if err := emptyFlags(fs, "source", "out", "cache"); err != nil {
		fmt.Fprintf(stderr, "brief %s: %v\n", cmd, err)
		return 2
	}
	if fi, err := os.Stat(cfg.Source); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "brief %s: %s is not a folder; pass the site folder (with site.yaml and content/) as --source\n", cmd, cfg.Source)
		return 2
	}
	if cfg.BaseURL != "" {
		// A bad flag, not the content's fault.
		if err := generator.CheckBaseURL(cfg.BaseURL); err != nil {
			fmt.Fprintf(stderr, "brief %s: %v\n", cmd, err)
			return 2
		}
	}
	cfg.Log = stderr
	if generator.IsLarge(cfg.Source, generator.HugeHeapSite) {
		// Where Linux leaves huge pages to each program, the heap
		// of a site of some size asks for them: a build of 10,000
		// briefings takes some 10 % less time, one of 100,000 some
		// 12 %.
		generator.HugeHeap(generator.MemoryLimit)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A build of a very large site holds much at once: near this soft
		// limit Go's collector works harder instead of letting the heap
		// grow to twice what is live. GOMEMLIMIT overrides it (off for
		// none).
		debug.SetMemoryLimit(generator.MemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		// Collect when the heap has grown by three fifths, not
		// doubled: less peak memory for a little more time; but not
		// before it holds HeapFloor, and toward the memory limit once
		// more than HeapLarge is live (see README, Speed and memory).
		// GOGC overrides it.
		generator.SetGC(generator.GCPercent, generator.HeapFloor, generator.HeapLarge)
	}
	do := generator.Build
	if cmd == "check" {
		do = generator.Check
	} else {
		defer onInterrupt()()
	}
	var stats generator.Stats
	stats, err = do(cfg)
	return report(cmd, stats, err, stdout, stderr)
}

// onInterrupt arranges that Ctrl-C (or SIGTERM) during a build removes
// the folder it writes beside the output, which stays as it was, and
// exits with the shell's status for the signal (130, or 143). It returns
// the function that undoes it.
func onInterrupt() func() {
	sigs := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sigs:
			publish.Interrupted()
			code := 128 + 2
			if s == syscall.SIGTERM {
				code = 128 + 15
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// report prints the problems of a build or check and a one-line summary,
// and picks the exit status: 0 done, 1 content errors, 2 anything else.
//
// Problems come one per line, errors and warnings together in file and
// line order, as `file:line:col: message` (`file:line:col: warning: …` for
// a warning), the form editors and CI annotations read. brief check
// prints them and its summary on stdout, since they are what it is asked
// for; brief build prints them on stderr, at most maxWarnings warnings, and
// its summary on stdout when it succeeds.
func report(cmd string, stats generator.Stats, err error, stdout, stderr io.Writer) int {
	var ce *diag.ContentError
	if err != nil && !errors.As(err, &ce) {
		fmt.Fprintf(stderr, "brief %s: %v\n", cmd, err)
		return 2
	}
	probs := append(diag.List{}, stats.Warnings...)
	if ce != nil {
		probs = append(probs, ce.Problems...)
	}
	probs.Sort()
	errs, warns := len(probs.Errors()), len(stats.Warnings)

	out := stderr
	const maxWarnings = 10
	limit := maxWarnings
	if cmd == "check" {
		out, limit = stdout, warns
	}
	shown := 0
	for _, p := range probs {
		if p.Severity == diag.Warning {
			if shown == limit {
				continue
			}
			shown++
		}
		fmt.Fprintln(out, p)
	}
	if shown < warns {
		fmt.Fprintf(out, "… and %s; brief check lists them all\n", diag.Count(warns-shown, "more warning"))
	}

	counts := diag.Count(errs, "error") + ", " + diag.Count(warns, "warning")
	switch {
	case errs > 0 && cmd == "check":
		fmt.Fprintf(stdout, "brief check: %s\n", counts)
		return 1
	case errs > 0:
		fmt.Fprintf(stderr, "brief build: %s; nothing was published, the output folder is as it was\n", counts)
		return 1
	case cmd == "check":
		fmt.Fprintf(stdout, "brief check: %s (%s)\n", counts, stats)
		return 0
	}
	fmt.Fprintf(stdout, "brief build: %s\n", stats)
	return 0
}

// serveAddr is where brief serve listens unless told otherwise.
const serveAddr = "127.0.0.1:1313"

// serve runs brief serve until Ctrl-C (SIGINT) or SIGTERM. Its log (the
// URL, a line per rebuild, content errors) goes to stdout in one stream,
// so errors show in order with the rebuilds.
func serve(args []string, stdout, stderr io.Writer) int {
	fs := flags("serve", stderr)
	cfg := server.Config{Log: stdout}
	fs.StringVar(&cfg.Source, "source", ".", "site folder (holds site.yaml and content/)")
	addr := fs.String("addr", serveAddr, "address to listen on; :PORT is 127.0.0.1:PORT, loopback only;\n0.0.0.0:PORT or [::]:PORT lets other machines reach it")
	fs.StringVar(&cfg.BaseURL, "base-url", "", baseURLUsage)
	fs.BoolVar(&cfg.Drafts, "drafts", false, "publish drafts too")
	fs.DurationVar(&cfg.Poll, "poll", 0, "check the files at this `interval` (like 500ms) instead of waiting for\nfile system events, which WSL's /mnt, Docker bind mounts and network shares lack")
	if err := fs.Parse(args); err != nil {
		return parseFailed(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "brief serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if cfg.Poll < 0 {
		fmt.Fprintf(stderr, "brief serve: --poll must be a positive duration like 500ms, not %v\n", cfg.Poll)
		return 2
	}
	if fi, err := os.Stat(cfg.Source); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "brief serve: %s is not a folder; pass the site folder (with site.yaml and content/) as --source\n", cfg.Source)
		return 2
	}
	if cfg.BaseURL != "" {
		if err := generator.CheckBaseURL(cfg.BaseURL); err != nil {
			fmt.Fprintf(stderr, "brief serve: %v\n", err)
			return 2
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := server.Run(ctx, cfg, *addr); err != nil {
		fmt.Fprintf(stderr, "brief serve: %v\n", err)
		return 2
	}
	fmt.Fprintln(stdout, "brief serve: stopped")
	return 0
}

func scaffold(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, "brief new: say what to create: briefing, note or layout\n\n"+usage)
		return 2
	}
	// Flags may come before what to create, as after it: brief new
	// --source site briefing world/x.
	lead := 0
	for lead < len(args) && strings.HasPrefix(args[lead], "-") && len(args[lead]) > 1 && !helpFlag(args[lead]) {
		if strings.Contains(args[lead], "=") {
			lead++
		} else {
			lead += 2
		}
	}
	if lead > 0 && lead < len(args) {
		args = slices.Concat(args[lead:lead+1], args[lead+1:], args[:lead])
	}
	what := args[0]
	if helpFlag(what) || what == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	fs := flags("new "+what, stderr)
	source := fs.String("source", ".", "site folder")
	if err := fs.Parse(reorder(args[1:])); err != nil {
		return parseFailed(err)
	}
	var file string
	var moved generator.Move // a single-file briefing made a bundle for its first note
	var err error
	now := time.Now()
	switch {
	case what == "briefing" && fs.NArg() == 1:
		file, err = generator.NewBriefing(*source, fs.Arg(0), now)
	case what == "note" && fs.NArg() >= 2:
		// The name unquoted, brief new note world/a Ana Lee, is the name
		// as the shell split it.
		file, moved, err = generator.NewNote(*source, fs.Arg(0), strings.Join(fs.Args()[1:], " "), now)
	case what == "layout" && fs.NArg() == 1:
		file, err = generator.NewLayout(*source, fs.Arg(0))
	default:
		fmt.Fprint(stderr, "brief new: expected `briefing <section>/<slug>`, `note <section>/<slug> \"<Analyst Name>\"` or `layout <file>`\n")
		return 2
	}
	if err != nil {
		// No content was checked: a name that cannot be, a file that
		// exists, a folder that cannot be written.
		fmt.Fprintf(stderr, "brief new %s: %v\n", what, err)
		return 2
	}
	if moved.From != "" {
		fmt.Fprintf(stdout, "moved %s to %s, since a briefing with notes is a folder\n", moved.From, moved.To)
		for _, f := range moved.Relinked {
			fmt.Fprintf(stdout, "changed %s: its links to the briefing now name %s\n", f, filepath.Base(filepath.Dir(moved.To))+"/index.md")
		}
		for _, at := range moved.Left {
			fmt.Fprintf(stdout, "left %s as it is: a link there is written in a form brief does not rewrite (with escapes, or over several lines); change it by hand\n", at)
		}
	}
	fmt.Fprintf(stdout, "created %s\n", file)
	if _, err := os.Stat(filepath.Join(*source, "site.yaml")); errors.Is(err, os.ErrNotExist) {
		// A site started with brief new: the first build would stop at it.
		fmt.Fprintf(stdout, "There is no site.yaml in %s yet: brief build needs one, with at least base_url (base_url: https://NAME.github.io/REPO/).\n", *source)
	}
	if moved.Draft {
		fmt.Fprintf(stdout, "The briefing is a draft (draft: true): the note is published with it, and brief serve --drafts shows it meanwhile.\n")
	}
	if what == "briefing" {
		if entries, _ := os.ReadDir(filepath.Dir(file)); len(entries) == 1 {
			fmt.Fprintf(stdout, "It is the first briefing of the section %s: a new folder of content/, with a page of its own.\n", filepath.Base(filepath.Dir(file)))
		}
		preview, published := generator.DraftAddresses(*source, fs.Arg(0), serveAddr)
		fmt.Fprintf(stdout, "It is a draft (draft: true), which brief build and brief serve leave out.\n"+
			"  brief serve --drafts shows it at %s\n  set draft: false, or remove the line, to publish it at %s\n", preview, published)
	}
	return 0
}

// reorder moves flags before positional arguments, so that
// `brief new note world/x "Name" --source site` works as well as the
// flags-first form the flag package expects.
func reorder(args []string) []string {
	var flagArgs, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flagArgs = append(flagArgs, a)
			if !strings.Contains(a, "=") && i+1 < len(args) {
				flagArgs = append(flagArgs, args[i+1])
				i++
			}
			continue
		}
		rest = append(rest, a)
	}
	return append(flagArgs, rest...)
}
