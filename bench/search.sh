#!/usr/bin/env bash
# bench/search.sh — how fast the search page answers a keystroke.
#
#   bench/search.sh [-n 10000] [-runs 3]
#
# Generates a corpus of N briefings with bench/gencorpus under BENCH_DIR
# (default /dev/shm/brief-bench-search), builds it with brief under
# /briefings/, then runs BenchmarkSearchLatency in generator: headless
# Chromium types seven queries a key at a time on /search/, served over
# HTTP/2 with gzip, and the page measures each keystroke to its results
# shown. It prints every figure, then the median and the slowest keystroke.
# KEEP=1 keeps the corpus and the site.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/brief-bench-search}
N=10000
RUNS=3
while [ $# -gt 0 ]; do
	case "$1" in
	-n) N=$2; shift 2 ;;
	-runs) RUNS=$2; shift 2 ;;
	*) echo "search.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
[[ "$N" =~ ^[1-9][0-9]*$ && "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "search.sh: -n and -runs take positive integers" >&2; exit 2; }

corpus="$WORK/corpus-$N"
out="$WORK/site-$N"
mkdir -p "$WORK"
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$corpus" "$out"' EXIT
cd "$ROOT"
rm -rf "$corpus" "$out"
go run ./bench/gencorpus -n "$N" -out "$corpus" -format neutral >&2
go run . build --source "$corpus" --out "$out" --base-url https://example.org/briefings/ --cache - 2>&1 | tail -1 >&2
BRIEF_SEARCH_SITE=$out go test -run '^$' -bench SearchLatency -benchtime "${RUNS}x" -v -timeout 30m ./generator/
