#!/usr/bin/env bash
# bench/growth.sh — how a cold build's time grows with the size of the site,
# brief beside the goldmark floor, which keeps nothing in memory.
#
#   bench/growth.sh [-n "1000 3000 10000 30000 100000"] [-runs 3]
#
# It builds brief, bench/floor and bench/gencorpus, writes one corpus per size
# under BENCH_DIR (default /dev/shm/brief-growth: tmpfs, see bench/README.md),
# then, in each run, a cold `brief build` (no cache, fresh output folder) and
# the floor at every size in turn, smallest first, so that the machine's drift
# falls on all sizes alike. It prints each run's wall times, then per size the
# medians, the time per 1,000 briefings, and each size's time over the one
# before: linear growth keeps the time per 1,000 briefings flat, and makes the
# ratio the ratio of the sizes.
#
# Each run's times also go to BENCH_DIR/runs.tsv, which stays. There is no
# warm-up round.
#
# Environment: BENCH_DIR, KEEP=1 (keep corpora and binaries), BRIEF_BIN (a
# prebuilt brief to use instead of `go build .`).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/brief-growth}
NS="1000 3000 10000 30000 100000"
RUNS=3

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
	case "$1" in
	-n | --n) NS=$2; shift 2 ;;
	-runs | --runs) RUNS=$2; shift 2 ;;
	-h | -help | --help) usage; exit 0 ;;
	*) echo "growth.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "growth.sh: -runs must be a positive integer" >&2; exit 2; }
for n in $NS; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "growth.sh: bad N '$n'" >&2; exit 2; }; done

log() { printf '[growth %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

mkdir -p "$WORK" || exit 1
WORK=$(cd "$WORK" && pwd)
# Only ever delete what this script creates inside WORK.
owned() { printf '%s\n' "$WORK"/brief "$WORK"/gencorpus "$WORK"/floor "$WORK"/corpus-* "$WORK"/out "$WORK"/cache "$WORK"/stderr; }
cleanup() { [ "${KEEP:-0}" = 1 ] || owned | while read -r p; do [ -e "$p" ] && rm -rf -- "$p"; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building gencorpus, floor and brief in $ROOT"
(cd "$ROOT" && go build -o "$WORK/gencorpus" ./bench/gencorpus && go build -o "$WORK/floor" ./bench/floor) || exit 1
if [ -n "${BRIEF_BIN:-}" ]; then
	cp -- "$BRIEF_BIN" "$WORK/brief" || exit 1
else
	(cd "$ROOT" && go build -o "$WORK/brief" .) || exit 1
fi
for n in $NS; do
	[ -d "$WORK/corpus-$n/content" ] && continue
	log "writing a corpus of $n briefings"
	"$WORK/gencorpus" -n "$n" -out "$WORK/corpus-$n" -format neutral >/dev/null 2>"$WORK/stderr" ||
		{ cat "$WORK/stderr" >&2; exit 1; }
done

# measure TOOL N: one run, its wall seconds (bash's clock) on stdout.
measure() {
	rm -rf -- "$WORK/out" "$WORK/cache"
	local args
	if [ "$1" = brief ]; then
		args=("$WORK/brief" build --source "$WORK/corpus-$2" --out "$WORK/out" --cache "$WORK/cache")
	else
		args=("$WORK/floor" -in "$WORK/corpus-$2" -out "$WORK/out")
	fi
	local start=$EPOCHREALTIME
	if ! "${args[@]}" >/dev/null 2>"$WORK/stderr"; then
		echo "growth.sh: $1 failed at $2 briefings:" >&2
		tail -5 "$WORK/stderr" >&2
		exit 1
	fi
	local end=$EPOCHREALTIME
	rm -rf -- "$WORK/out" "$WORK/cache"
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

RESULTS=$WORK/runs.tsv
: >"$RESULTS"
for ((run = 1; run <= RUNS; run++)); do
	for n in $NS; do
		b=$(measure brief "$n") || exit 1
		f=$(measure floor "$n") || exit 1
		printf '%s\t%s\t%s\t%s\n' "$run" "$n" "$b" "$f" >>"$RESULTS"
		log "run $run, $n briefings: brief ${b} s, floor ${f} s"
	done
done

echo "## Cold builds by size (wall seconds; $(nproc) cores, $RUNS run$([ "$RUNS" = 1 ] || echo s), $(date -u +%Y-%m-%d))"
echo
echo "| briefings | brief s, median | floor s, median | brief s per 1,000 | floor s per 1,000 | brief ÷ the size before | floor ÷ the size before | brief ÷ floor |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
sort -t$'\t' -k2,2n -k1,1n "$RESULTS" | awk -F'\t' '
	function median(a, k,    i, j, t) {
		for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return k % 2 ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2
	}
	function row(    mb, mf, gb, gf) {
		mb = median(bs, k); mf = median(fs, k)
		gb = pb ? sprintf("%.2f× for %.2f×", mb / pb, n / pn) : ""
		gf = pf ? sprintf("%.2f×", mf / pf) : ""
		printf "| %d | %.3f | %.3f | %.3f | %.3f | %s | %s | %.2f× |\n", n, mb, mf, mb / n * 1000, mf / n * 1000, gb, gf, mb / mf
		pb = mb; pf = mf; pn = n
	}
	$2 != n { if (k) row(); n = $2; k = 0 }
	{ k++; bs[k] = $3; fs[k] = $4 }
	END { if (k) row() }'
echo
echo "Per run (brief / floor, seconds):"
awk -F'\t' '{ t[$1] = t[$1] sprintf(" %s: %s / %s;", $2, $3, $4) } END { for (r = 1; r in t; r++) print "- run " r ":" t[r] }' "$RESULTS"
