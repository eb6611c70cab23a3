#!/usr/bin/env bash
# bench/excess.sh — which functions grow faster than the site. It takes CPU
# profiles of cold builds at two sizes and prints, for each function, its CPU
# per build at both sizes and its excess: what it takes at the larger size
# beyond its time at the smaller one scaled by the ratio of the sizes. A build
# that grows linearly has no excess; the excesses of all functions add up to
# that of the whole build.
#
#   bench/excess.sh [-small 10000] [-large 100000] [-runs "6 3"] [-top 25]
#
# -runs gives the number of builds at each size (the small one's profiles are
# short, so it takes more of them); sizes alternate, so that the host's drift
# falls on both. Builds are cold: no cache, a fresh output folder. The corpora
# are written under BENCH_DIR (default /dev/shm/brief-growth, where
# bench/growth.sh keeps its own), the profiles too.
#
# Two tables follow: by flat time (where the cycles burn: a function that
# touches memory shows there when its data stop fitting in the caches), and
# by cumulative time (which part of brief it is).
#
# Environment: BENCH_DIR, KEEP=1 (keep corpora, binaries and profiles), BRIEF_BIN
# (a prebuilt brief to use instead of `go build .`).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/brief-growth}
SMALL=10000
LARGE=100000
RUNS="6 3"
TOP=25

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
	case "$1" in
	-small | --small) SMALL=$2; shift 2 ;;
	-large | --large) LARGE=$2; shift 2 ;;
	-runs | --runs) RUNS=$2; shift 2 ;;
	-top | --top) TOP=$2; shift 2 ;;
	-h | -help | --help) usage; exit 0 ;;
	*) echo "excess.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
done
read -r RS RL <<<"$RUNS"
for v in "$SMALL" "$LARGE" "$RS" "${RL:-}" "$TOP"; do
	[[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "excess.sh: -small, -large, -top and both -runs must be positive integers" >&2; exit 2; }
done
[ "$SMALL" -lt "$LARGE" ] || { echo "excess.sh: -small must be less than -large" >&2; exit 2; }

log() { printf '[excess %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

mkdir -p "$WORK" || exit 1
WORK=$(cd "$WORK" && pwd)
PROF=$WORK/profiles
# Only ever delete what this script creates inside WORK: corpora that were
# there before it ran are kept.
made=()
cleanup() {
	[ "${KEEP:-0}" = 1 ] && return
	rm -rf -- "$WORK/excess-brief" "$WORK/excess-gencorpus" "$WORK/excess-out" "$WORK/excess-cache" "$WORK/stderr" "$PROF"
	for c in "${made[@]}"; do rm -rf -- "$c"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building gencorpus and brief in $ROOT"
(cd "$ROOT" && go build -o "$WORK/excess-gencorpus" ./bench/gencorpus) || exit 1
if [ -n "${BRIEF_BIN:-}" ]; then
	cp -- "$BRIEF_BIN" "$WORK/excess-brief" || exit 1
else
	(cd "$ROOT" && go build -o "$WORK/excess-brief" .) || exit 1
fi
for n in "$SMALL" "$LARGE"; do
	[ -d "$WORK/corpus-$n/content" ] && continue
	log "writing a corpus of $n briefings"
	made+=("$WORK/corpus-$n")
	"$WORK/excess-gencorpus" -n "$n" -out "$WORK/corpus-$n" -format neutral >/dev/null 2>"$WORK/stderr" ||
		{ cat "$WORK/stderr" >&2; exit 1; }
done
rm -rf -- "$PROF" && mkdir -p "$PROF" || exit 1

# profile N R: one cold build of N briefings, its CPU profile in PROF.
profile() {
	rm -rf -- "$WORK/excess-out" "$WORK/excess-cache"
	if ! "$WORK/excess-brief" build --source "$WORK/corpus-$1" --out "$WORK/excess-out" --cache "$WORK/excess-cache" \
		--cpuprofile "$PROF/$1-$2.prof" >/dev/null 2>"$WORK/stderr"; then
		echo "excess.sh: brief failed at $1 briefings:" >&2
		tail -5 "$WORK/stderr" >&2
		exit 1
	fi
	rm -rf -- "$WORK/excess-out" "$WORK/excess-cache"
}
for ((r = 1; r <= RS || r <= RL; r++)); do
	if [ "$r" -le "$RS" ]; then log "build $r at $SMALL"; profile "$SMALL" "$r"; fi
	if [ "$r" -le "$RL" ]; then log "build $r at $LARGE"; profile "$LARGE" "$r"; fi
done

# SEC is an awk function: seconds from a duration as pprof prints it.
SEC='function sec(x) { if (x ~ /ms$/) { sub(/ms$/, "", x); return x / 1000 } if (x ~ /(us|µs)$/) { sub(/(us|µs)$/, "", x); return x / 1e6 } sub(/s$/, "", x); return x + 0 }'

# Each size's profiles are merged once, into PROF/N.top.
for n in "$SMALL" "$LARGE"; do
	go tool pprof -top -nodefraction=0 -nodecount=1000000 "$WORK/excess-brief" "$PROF/$n"-*.prof >"$PROF/$n.top" 2>/dev/null ||
		{ echo "excess.sh: go tool pprof failed on the profiles of $n briefings" >&2; exit 1; }
done
runs() { if [ "$1" = "$LARGE" ]; then echo "$RL"; else echo "$RS"; fi; }

# table N FIELD: "function<TAB>seconds per build" for every function in the
# merged profiles of size N, FIELD 1 for flat time and 4 for cumulative.
table() {
	awk -v f="$2" -v runs="$(runs "$1")" "$SEC"'
		/^ *([0-9.]+(m|u|µ)?s|0) / { name = $6; for (i = 7; i <= NF; i++) name = name " " $i; printf "%s\t%.4f\n", name, sec($f) / runs }' "$PROF/$1.top" |
		LC_ALL=C sort -t$'\t' -k1,1
}
# total N: the CPU seconds per build of size N.
total() {
	awk -v runs="$(runs "$1")" "$SEC"'
		/Total samples/ { for (i = 1; i <= NF; i++) if ($i == "samples") printf "%.2f", sec($(i+2)) / runs }' "$PROF/$1.top"
}
ts=$(total "$SMALL")
tl=$(total "$LARGE")
scale=$(awk -v a="$SMALL" -v b="$LARGE" 'BEGIN { print b / a }')

echo "## CPU beyond linear growth, $SMALL to $LARGE briefings ($(nproc) cores, $(date -u +%Y-%m-%d))"
echo
awk -v s="$ts" -v l="$tl" -v k="$scale" -v rs="$RS" -v rl="$RL" -v a="$SMALL" -v b="$LARGE" 'BEGIN {
	printf "CPU per cold build: %.2f s at %d (%d builds), %.2f s at %d (%d builds): %.2f× for %.2f×, %+.2f s beyond linear.\n", s, a, rs, l, b, rl, l / s, k, l - k * s
}'
for field in 1 4; do
	kind=flat
	[ "$field" = 4 ] && kind=cumulative
	echo
	echo "### By $kind time: the $TOP largest excesses, then the $TOP largest savings"
	echo
	echo "| excess s | $SMALL s | $LARGE s | growth | function |"
	echo "| ---: | ---: | ---: | ---: | --- |"
	LC_ALL=C join -t$'\t' -a1 -a2 -e 0 -o 0,1.2,2.2 <(table "$SMALL" "$field") <(table "$LARGE" "$field") |
		awk -F'\t' -v k="$scale" '{ g = $2 > 0 ? sprintf("%.1f×", $3 / $2) : "new"; printf "%.4f\t| %+.3f | %.3f | %.3f | %s | `%s` |\n", $3 - k * $2, $3 - k * $2, $2, $3, g, $1 }' |
		sort -t$'\t' -k1,1gr | cut -f2- | awk -v top="$TOP" '{ l[NR] = $0 } END { for (i = 1; i <= NR; i++) if (i <= top || i > NR - top) print l[i] }'
done
