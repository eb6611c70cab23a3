#!/usr/bin/env bash
# bench/serve.sh — how long a save takes to show in brief serve.
#
#   bench/serve.sh [-n 10000] [-runs 15]
#
# Generates a corpus of N briefings with bench/gencorpus (brief's content
# model) under BENCH_DIR (default /dev/shm/brief-bench-serve), then runs
# BenchmarkSaveToServed in generator/serve on it: for a briefing edit, a
# note edit, a new briefing and a layout edit, the time from the save to
# the rebuilt page being served over HTTP (polled every millisecond). It
# prints the median and 90th percentile (nearest rank), and the median time
# of the rebuild that brief serve logged, which can be longer: the server
# shows an edited briefing's page before it rebuilds the rest of the site.
# KEEP=1 keeps the corpus.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/brief-bench-serve}
N=10000
RUNS=15
usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
	case "$1" in
	-n) N=$2; shift 2 ;;
	-runs) RUNS=$2; shift 2 ;;
	-h | -help | --help) usage; exit 0 ;;
	*) echo "serve.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
done
[[ "$N" =~ ^[1-9][0-9]*$ && "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "serve.sh: -n and -runs take positive integers" >&2; exit 2; }

corpus="$WORK/corpus-$N"
mkdir -p "$WORK"
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$corpus"' EXIT
cd "$ROOT"
rm -rf "$corpus"
go run ./bench/gencorpus -n "$N" -out "$corpus" -format neutral >&2
BRIEF_BENCH_CORPUS=$corpus go test -run '^$' -bench SaveToServed -benchtime "${RUNS}x" -timeout 60m ./generator/serve/
