#!/usr/bin/env bash
# bench/pictures.sh — a site with a picture in every bundle, which the corpus
# of bench/run.sh does not have: brief serve's memory and times, and a cold
# build's peak, where the pictures are read, hashed and copied.
#
#   bench/pictures.sh [-n 10000] [-runs 3]
#
# It writes the corpus of N briefings with bench/gencorpus under BENCH_DIR
# (default /dev/shm/brief-pictures), and puts a JPEG of 1,200×800 (about
# 180 KB, from bench/picture) beside each briefing's index.md, shown by no
# page: a copy like any other. Each run then, for each brief in turn:
#   - starts `brief serve` on it, and reads from its log the first build's
#     time; its resident memory (VmRSS) once that build is served; appends a
#     sentence to one briefing (another each run, put back afterwards) and
#     reads the rebuild's time; the resident memory after it; and the time
#     curl takes to fetch one picture;
#   - runs a cold `brief build` with a cache folder under GNU time (wall time
#     and peak memory).
# It prints each run's figures and their medians.
#
# Environment: BENCH_DIR; KEEP=1 keeps the corpus and binaries; BRIEF_BIN, a
# prebuilt brief instead of `go build .`; BASE_BIN, another brief (an older
# commit's) measured in each run before it, to compare.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/brief-pictures}
N=10000
RUNS=3

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
	case "$1" in
	-n | --n) N=$2; shift 2 ;;
	-runs | --runs) RUNS=$2; shift 2 ;;
	-h | -help | --help) usage; exit 0 ;;
	*) echo "pictures.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
done
[[ "$N" =~ ^[1-9][0-9]*$ && "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "pictures.sh: -n and -runs take positive integers" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "pictures.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
command -v curl >/dev/null || { echo "pictures.sh: needs curl" >&2; exit 2; }

log() { printf '[pictures %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

mkdir -p "$WORK" || exit 1
WORK=$(cd "$WORK" && pwd)
CORPUS=$WORK/corpus-$N
SERVER=
EDITED= # the briefing an unfinished run appended to, put back on exit
cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
	[ -n "$EDITED" ] && cp -p -- "$WORK/edit-backup" "$CORPUS/$EDITED"
	rm -rf -- "$WORK/out" "$WORK/cache" "$WORK/serve.log" "$WORK/serve.out" "$WORK/time" "$WORK/edit-backup"
	[ "${KEEP:-0}" = 1 ] || rm -rf -- "$CORPUS" "$WORK/brief" "$WORK/gencorpus" "$WORK/picture"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building gencorpus, picture and brief in $ROOT"
(cd "$ROOT" && go build -o "$WORK/gencorpus" ./bench/gencorpus && go build -o "$WORK/picture" ./bench/picture) || exit 1
if [ -n "${BRIEF_BIN:-}" ]; then
	cp -- "$BRIEF_BIN" "$WORK/brief" || exit 1
else
	(cd "$ROOT" && go build -o "$WORK/brief" .) || exit 1
fi
BINS=("$WORK/brief")
NAMES=(brief)
if [ -n "${BASE_BIN:-}" ]; then
	BINS=("$BASE_BIN" "$WORK/brief")
	NAMES=(base brief)
fi

if [ ! -d "$CORPUS/content" ]; then
	log "writing a corpus of $N briefings, a picture in each bundle"
	"$WORK/gencorpus" -n "$N" -out "$CORPUS" -format neutral >/dev/null 2>&1 || { echo "pictures.sh: gencorpus failed" >&2; exit 1; }
	"$WORK/picture" -out "$WORK/photo.jpg" || exit 1
	for index in "$CORPUS"/content/*/*/index.md; do
		cp -- "$WORK/photo.jpg" "${index%index.md}photo.jpg" || exit 1
	done
	rm -f -- "$WORK/photo.jpg"
fi
mapfile -t BRIEFINGS < <(cd "$CORPUS" && printf '%s\n' content/*/*/index.md)
[ ${#BRIEFINGS[@]} -gt 0 ] || { echo "pictures.sh: no bundles in $CORPUS" >&2; exit 1; }

# rss PID: the resident memory of process PID, in MiB.
rss() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# await PATTERN: waits up to 10 minutes for a line of the serve log.
await() {
	for _ in $(seq 3000); do
		grep -q -- "$1" "$WORK/serve.log" && return 0
		kill -0 "$SERVER" 2>/dev/null || { echo "pictures.sh: brief serve stopped:" >&2; tail -5 "$WORK/serve.log" >&2; exit 1; }
		sleep 0.2
	done
	echo "pictures.sh: waited 10 minutes for '$1' in brief serve's log" >&2
	exit 1
}

# serve BIN: one run of brief serve; writes first build s, MiB, rebuild ms,
# MiB, picture ms to $WORK/serve.out. It runs in this shell, so that the
# trap on exit stops the server if anything fails.
serve() {
	"$1" serve --source "$CORPUS" --addr 127.0.0.1:0 >"$WORK/serve.log" 2>&1 &
	SERVER=$!
	await "brief serve: http"
	local url first before rebuild after picture target
	url=$(grep -o 'http://127[^ ]*' "$WORK/serve.log" | head -1)
	first=$(grep -m1 ' built ' "$WORK/serve.log" | grep -o 'in [0-9.]*[mµ]*s' | awk '{ v = $2; s = v + 0; if (v ~ /ms$/) s /= 1000; printf "%.2f", s }')
	before=$(rss "$SERVER")
	sleep 1.5 # past the one second in which a change is not trusted
	target=${BRIEFINGS[$(((RUN * 7919 + 17) % ${#BRIEFINGS[@]}))]}
	cp -p -- "$CORPUS/$target" "$WORK/edit-backup"
	EDITED=$target
	printf '\nThis sentence was added by the benchmark (run %s).\n' "$RUN" >>"$CORPUS/$target"
	await "rebuilt in"
	rebuild=$(grep -m1 'rebuilt in' "$WORK/serve.log" | grep -o 'rebuilt in [0-9.]*[mµ]*s' | awk '{ v = $3; s = v + 0; if (v ~ /µs$/) s /= 1000; else if (v !~ /ms$/) s *= 1000; printf "%.0f", s }')
	after=$(rss "$SERVER")
	picture=$(curl -s -o /dev/null -w '%{time_total}' "$url$(dirname "${target#content/}")/photo.jpg")
	kill "$SERVER"
	wait "$SERVER" 2>/dev/null
	SERVER=
	cp -p -- "$WORK/edit-backup" "$CORPUS/$target"
	EDITED=
	rm -f -- "$WORK/edit-backup"
	awk -v f="$first" -v b="$before" -v r="$rebuild" -v a="$after" -v p="$picture" 'BEGIN { printf "%s\t%s\t%s\t%s\t%.1f\n", f, b, r, a, p * 1000 }' >"$WORK/serve.out"
}

# build BIN: a cold build with a cache folder; prints wall s and peak MiB.
build() {
	rm -rf -- "$WORK/out" "$WORK/cache"
	/usr/bin/time -f '%e %M' -o "$WORK/time" "$1" build --source "$CORPUS" --out "$WORK/out" --cache "$WORK/cache" >/dev/null 2>&1 ||
		{ echo "pictures.sh: brief build failed" >&2; exit 1; }
	rm -rf -- "$WORK/out" "$WORK/cache"
	awk '{ printf "%s\t%.0f\n", $1, $2 / 1024 }' "$WORK/time"
}

RESULTS=$WORK/runs.tsv
: >"$RESULTS"
for ((RUN = 1; RUN <= RUNS; RUN++)); do
	for i in "${!BINS[@]}"; do
		serve "${BINS[$i]}"
		s=$(cat "$WORK/serve.out")
		b=$(build "${BINS[$i]}") || exit 1
		printf '%s\t%s\t%s\t%s\n' "${NAMES[$i]}" "$RUN" "$s" "$b" >>"$RESULTS"
		log "run $RUN, ${NAMES[$i]}: $(printf '%s\t%s' "$s" "$b" | tr '\t' ' ')"
	done
done

echo "## A picture in every bundle ($N briefings; $(nproc) cores, $RUNS runs, $(date -u +%Y-%m-%d))"
echo
echo "Columns: brief serve's first build (s), resident memory then (MiB), rebuild after one briefing's edit (ms), resident memory then (MiB), one picture fetched (ms); a cold brief build with a cache folder (s, peak MiB)."
echo
echo "| brief | run | serve: first build s | MiB | rebuild ms | MiB after | picture ms | build s | build peak MiB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$RESULTS"
for name in "${NAMES[@]}"; do
	awk -F'\t' -v name="$name" '
		function median(a, k,    i, j, t) {
			for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
			return k % 2 ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2
		}
		$1 == name { k++; for (c = 3; c <= 9; c++) v[c, k] = $c }
		END {
			if (!k) exit
			printf "| %s | median |", name
			for (c = 3; c <= 9; c++) { delete a; for (i = 1; i <= k; i++) a[i] = v[c, i]; printf " %s |", median(a, k) }
			print ""
		}' "$RESULTS"
done
