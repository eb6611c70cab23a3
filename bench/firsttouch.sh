#!/usr/bin/env bash
# bench/firsttouch.sh — what memory touched for the first time costs on this
# machine, apart from brief: the time to write a file of each size to a tmpfs
# folder, after the memory freed before has had time to settle.
#
#   bench/firsttouch.sh [-mb "300 1000 3000"] [-runs 3] [-settle 20]
#
# A VM whose balloon reports free pages to its host (free page reporting) hands
# memory back once it is freed, and the host faults it in again at its next
# first touch: then writing N megabytes costs more than N times one megabyte
# once N passes what the guest keeps unreported. A build touches its heap, its
# output and its cache once each, so the same curve bends its growth from
# 10,000 to 100,000 briefings (README, Growth). The script prints, per size,
# the median wall time, the time per GB, and each size's time over the one
# before; on bare metal the time per GB stays flat.
#
# Environment: BENCH_DIR (default /dev/shm/brief-firsttouch).
set -uo pipefail

WORK=${BENCH_DIR:-/dev/shm/brief-firsttouch}
MBS="300 1000 3000"
RUNS=3
SETTLE=20

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
	case "$1" in
	-mb | --mb) MBS=$2; shift 2 ;;
	-runs | --runs) RUNS=$2; shift 2 ;;
	-settle | --settle) SETTLE=$2; shift 2 ;;
	-h | -help | --help) usage; exit 0 ;;
	*) echo "firsttouch.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "firsttouch.sh: -runs must be a positive integer" >&2; exit 2; }
[[ "$SETTLE" =~ ^[0-9]+$ ]] || { echo "firsttouch.sh: -settle must be a number of seconds" >&2; exit 2; }
for mb in $MBS; do [[ "$mb" =~ ^[1-9][0-9]*$ ]] || { echo "firsttouch.sh: bad size '$mb'" >&2; exit 2; }; done

log() { printf '[firsttouch %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

mkdir -p "$WORK" || exit 1
WORK=$(cd "$WORK" && pwd)
# Only ever delete what this script creates inside WORK.
cleanup() { rm -f -- "$WORK/filler" "$WORK/runs.tsv"; rmdir -- "$WORK" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM

reported=/sys/module/page_reporting/parameters/reported_kib
[ -r "$reported" ] && log "free page reporting: on; reported so far $(($(cat "$reported") / 1024)) MiB"

# write MB: one write of MB megabytes after SETTLE seconds, its wall seconds.
write() {
	rm -f -- "$WORK/filler"
	sleep "$SETTLE"
	local start=$EPOCHREALTIME
	dd if=/dev/zero of="$WORK/filler" bs=1M count="$1" status=none || exit 1
	local end=$EPOCHREALTIME
	rm -f -- "$WORK/filler"
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

: >"$WORK/runs.tsv"
for ((run = 1; run <= RUNS; run++)); do
	for mb in $MBS; do
		t=$(write "$mb") || exit 1
		printf '%s\t%s\t%s\n' "$run" "$mb" "$t" >>"$WORK/runs.tsv"
		log "run $run, $mb MB: $t s"
	done
done

echo "## First touch of memory (dd to $WORK after ${SETTLE} s; $RUNS runs, $(date -u +%Y-%m-%d))"
echo
echo "| MB | s, median | s per GB | ÷ the size before |"
echo "| ---: | ---: | ---: | ---: |"
sort -t$'\t' -k2,2n -k1,1n "$WORK/runs.tsv" | awk -F'\t' '
	function median(a, k,    i, j, t) {
		for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return k % 2 ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2
	}
	function row(    m, g) {
		m = median(ts, k)
		g = p ? sprintf("%.2f× for %.2f×", m / p, n / pn) : ""
		printf "| %d | %.3f | %.2f | %s |\n", n, m, m / n * 1000, g
		p = m; pn = n
	}
	$2 != n { if (k) row(); n = $2; k = 0 }
	{ k++; ts[k] = $3 }
	END { if (k) row() }'
