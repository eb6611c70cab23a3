#!/usr/bin/env bash
# bench/run.sh — the reproducible benchmark of brief against the goldmark floor and Hugo.
#
#   bench/run.sh [-n "1000 10000 100000"] [-runs 4] [-hugo auto|off|install|force] [-hugo-go VERSION]
#
# Everything (binaries, corpora, outputs, caches) lives under BENCH_DIR
# (default /dev/shm/brief-bench, i.e. tmpfs: see bench/README.md for why).
# The tables go to stdout and to BENCH_DIR/results.md; per-run logs to
# BENCH_DIR/logs/. At exit everything else in BENCH_DIR is removed unless KEEP=1.
#
# -hugo auto     use hugo if it is on PATH (default)
# -hugo off      never run hugo
# -hugo install  apt-get install Debian's hugo if it is missing, then as auto
# -hugo force    as install, and also run hugo at N >= 100000 (slow, GiBs of RAM)
# -hugo-go V     also measure Hugo V (e.g. v0.165.0) side by side, built with
#                `go install github.com/gohugoio/hugo@V` (CGO off) into the work
#                folder: the Go module proxy is enough, the first build takes minutes
#
# Environment: BENCH_DIR, KEEP=1, SEED (gencorpus -seed), BENCH_TIMEOUT (seconds
# per measured command, default none), BRIEF_BIN (a prebuilt brief to use instead
# of `go build .`).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/brief-bench}
NS="1000 10000 100000"
RUNS=4
HUGO_MODE=auto
HUGO_GO=""
SEED=${SEED:-}
TIMEOUT=${BENCH_TIMEOUT:-}

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; }

while [ $# -gt 0 ]; do
	case "$1" in
	-n | --n) NS=$2; shift 2 ;;
	-runs | --runs) RUNS=$2; shift 2 ;;
	-hugo | --hugo) HUGO_MODE=$2; shift 2 ;;
	-hugo-go | --hugo-go) HUGO_GO=$2; shift 2 ;;
	-h | -help | --help) usage; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
done
case "$HUGO_MODE" in auto | off | install | force) ;; *) echo "run.sh: -hugo must be auto, off, install or force" >&2; exit 2 ;; esac
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: -runs must be a positive integer" >&2; exit 2; }
for n in $NS; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: bad N '$n'" >&2; exit 2; }; done

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# ---------------------------------------------------------------- tools

apt_install() { # apt_install PKG...: Debian packages, without recommends (hugo recommends a whole Go 1.19)
	if [ "$(id -u)" != 0 ]; then
		echo "run.sh: need root to apt-get install $*" >&2
		return 1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ! -x /usr/bin/time ]; then
	log "GNU time missing: installing Debian's time package"
	apt_install time || { echo "run.sh: /usr/bin/time is required" >&2; exit 1; }
fi

USE_HUGO=0
if [ "$HUGO_MODE" != off ]; then
	if command -v hugo >/dev/null; then
		USE_HUGO=1
	elif [ "$HUGO_MODE" = install ] || [ "$HUGO_MODE" = force ]; then
		log "installing Debian's hugo"
		apt_install hugo && USE_HUGO=1
	else
		log "hugo not on PATH: skipping it (use -hugo install)"
	fi
fi
HUGO_VERSION=""
if [ $USE_HUGO = 1 ]; then
	HUGO_VERSION=$(hugo version 2>/dev/null | sed -E 's/^hugo v?([^ +]*).*/\1/')
fi

# ---------------------------------------------------------------- work folder

mkdir -p "$WORK" || exit 1
WORK=$(cd "$WORK" && pwd)
if [ "$(stat -f -c %T "$WORK")" != tmpfs ]; then
	log "warning: $WORK is not on tmpfs; figures will include disk effects (see bench/README.md)"
fi
# Only ever delete what this script creates inside WORK.
owned() { printf '%s\n' "$WORK"/brief "$WORK"/gencorpus "$WORK"/floor "$WORK"/corpus-* "$WORK"/out-* "$WORK"/cache-* "$WORK"/hugo-cache "$WORK"/hugo-go "$WORK"/tmp; }
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then
		log "KEEP=1: leaving $WORK as it is"
	else
		owned | while read -r p; do [ -e "$p" ] && rm -rf -- "$p"; done
		log "cleaned $WORK (results.md and logs/ kept)"
	fi
}
owned | while read -r p; do [ -e "$p" ] && rm -rf -- "$p"; done
rm -rf -- "$WORK/logs"
mkdir -p "$WORK/logs" "$WORK/tmp"
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building gencorpus, floor and brief in $ROOT"
(cd "$ROOT" && go build -o "$WORK/gencorpus" ./bench/gencorpus && go build -o "$WORK/floor" ./bench/floor) ||
	{ echo "run.sh: could not build bench/gencorpus or bench/floor" >&2; exit 1; }
BRIEF_OK=1
if [ -n "${BRIEF_BIN:-}" ]; then
	log "using BRIEF_BIN=$BRIEF_BIN instead of building brief"
	cp -- "$BRIEF_BIN" "$WORK/brief" || BRIEF_OK=0
	echo "BRIEF_BIN=$BRIEF_BIN" >"$WORK/logs/brief-go-build.log"
elif ! (cd "$ROOT" && go build -o "$WORK/brief" .) >"$WORK/logs/brief-go-build.log" 2>&1; then
	BRIEF_OK=0
	log "brief did not build (the brief rows will say so):"
	sed 's/^/    /' "$WORK/logs/brief-go-build.log" | head -20 >&2
fi
# The Hugos to measure: Debian's (or whatever hugo is on PATH), and -hugo-go's.
HUGO_BINS=() HUGO_NAMES=()
if [ $USE_HUGO = 1 ]; then
	HUGO_BINS+=(hugo)
	HUGO_NAMES+=("Hugo ${HUGO_VERSION}")
fi
if [ -n "$HUGO_GO" ]; then
	log "building Hugo $HUGO_GO with go install (minutes the first time)"
	if (cd "$WORK" && GOBIN="$WORK/hugo-go" CGO_ENABLED=0 go install "github.com/gohugoio/hugo@$HUGO_GO") >"$WORK/logs/hugo-go-install.log" 2>&1; then
		HUGO_BINS+=("$WORK/hugo-go/hugo")
		HUGO_NAMES+=("Hugo $("$WORK/hugo-go/hugo" version 2>/dev/null | sed -E 's/^hugo v?([^ +]*).*/\1/') (go install)")
	else
		log "go install of Hugo $HUGO_GO failed (see logs/hugo-go-install.log): skipping it"
	fi
fi

# Pass --cache only if this brief has the flag; otherwise it uses CORPUS/.brief-cache.
BRIEF_HAS_CACHE_FLAG=0
if [ $BRIEF_OK = 1 ] && "$WORK/brief" build --help 2>&1 | grep -q -- '-cache'; then
	BRIEF_HAS_CACHE_FLAG=1
fi

# ---------------------------------------------------------------- measuring

# R[key] holds space-separated values per run: key = "<row>|wall" etc.
declare -A R FAIL PAGES
ROWS=()

# measure ROW LOGNAME CMD...: runs CMD under GNU time; RECORD=1 stores the figures.
# Returns the command's exit status.
measure() {
	local row=$1 name=$2
	shift 2
	local tf="$WORK/tmp/time" lf="$WORK/logs/$name.log" rc
	local pre=()
	[ -n "$TIMEOUT" ] && pre=(timeout "$TIMEOUT")
	local t0=${EPOCHREALTIME:-}
	/usr/bin/time -f '%e %U %S %M' -o "$tf" "${pre[@]}" "$@" >"$lf" 2>&1
	rc=$?
	local t1=${EPOCHREALTIME:-}
	if [ $rc != 0 ]; then
		FAIL[$row]="exit $rc, see logs/$name.log"
		log "  $row: FAILED (exit $rc):"
		tail -n 5 "$lf" | sed 's/^/    /' >&2
		return $rc
	fi
	if [ "$RECORD" = 1 ]; then
		local wall user sys rss
		read -r wall user sys rss < <(tail -n 1 "$tf")
		# GNU time gives the wall time in hundredths of a second, too coarse
		# for a build of 1,000 briefings in 30 ms: bash's clock, read around
		# it, gives microseconds (GNU time's own start, about 1 ms, included).
		if [ -n "$t0" ] && [ -n "$t1" ]; then
			wall=$(awk -v a="${t0/,/.}" -v b="${t1/,/.}" 'BEGIN {printf "%.4f", b - a}')
		fi
		R[$row|wall]+="$wall "
		R[$row|user]+="$user "
		R[$row|sys]+="$sys "
		R[$row|rss]+="$rss "
	fi
	return 0
}

median() { # median of the numbers in $1
	tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {
		if (NR == 0) { print ""; exit }
		if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2] + v[NR/2+1]) / 2 }'
}

add_row() { # add_row KEY: remember the display order once
	local r
	for r in "${ROWS[@]}"; do [ "$r" = "$1" ] && return; done
	ROWS+=("$1")
}

count_html() { find "$1" -name '*.html' -type f 2>/dev/null | wc -l; }

# ---------------------------------------------------------------- per N

RESULTS="$WORK/results.md"
{
	echo "# brief benchmark results"
	echo
	echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r)"
	echo "- $(go version)"
	echo "- brief: ${BRIEF_BIN:-$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo 'no commit')}"
	echo "- hugo: $([ ${#HUGO_NAMES[@]} -gt 0 ] && (IFS=';'; echo "${HUGO_NAMES[*]}" | sed 's/;/; /g') || echo 'not used')"
	echo "- work folder: $WORK ($(stat -f -c %T "$WORK")); runs per figure: $RUNS after 1 discarded warm-up; medians"
	echo
} >"$RESULTS"

for N in $NS; do
	log "N=$N: generating corpora"
	R=() FAIL=() PAGES=() ROWS=()
	CORPUS="$WORK/corpus-$N"
	HCORPUS="$WORK/corpus-hugo-$N"
	seedarg=()
	[ -n "$SEED" ] && seedarg=(-seed "$SEED")
	"$WORK/gencorpus" -n "$N" -out "$CORPUS" -format neutral "${seedarg[@]}" 2>>"$WORK/logs/gencorpus.log" ||
		{ echo "run.sh: gencorpus failed" >&2; exit 1; }
	hugo_here=0
	[ ${#HUGO_BINS[@]} -gt 0 ] && hugo_here=1
	if [ $hugo_here = 1 ] && [ "$N" -ge 100000 ] && [ "$HUGO_MODE" != force ]; then
		hugo_here=0
		log "N=$N: skipping hugo (use -hugo force to include it)"
	fi
	if [ $hugo_here = 1 ]; then
		"$WORK/gencorpus" -n "$N" -out "$HCORPUS" -format hugo "${seedarg[@]}" 2>>"$WORK/logs/gencorpus.log" ||
			{ echo "run.sh: gencorpus -format hugo failed" >&2; exit 1; }
	fi
	mapfile -t BRIEFINGS < <(cd "$CORPUS" && find content -mindepth 3 -maxdepth 3 -name index.md | sort)

	ROW_COLD="brief cold (no cache, fresh out)"
	ROW_WARM="brief warm, nothing changed"
	ROW_EDIT="brief warm, 1 briefing edited"
	ROW_FLOOR="floor ($(nproc) workers)"
	add_row "$ROW_COLD"; add_row "$ROW_WARM"; add_row "$ROW_EDIT"; add_row "$ROW_FLOOR"
	if [ $hugo_here = 1 ]; then
		for name in "${HUGO_NAMES[@]}"; do add_row "$name"; done
	fi
	if [ $BRIEF_OK = 0 ]; then
		FAIL[$ROW_COLD]="brief did not build, see logs/brief-go-build.log"
		FAIL[$ROW_WARM]=${FAIL[$ROW_COLD]}
		FAIL[$ROW_EDIT]=${FAIL[$ROW_COLD]}
	fi

	for ((run = 0; run <= RUNS; run++)); do
		RECORD=$([ $run = 0 ] && echo 0 || echo 1)
		tag="n$N-r$run"
		log "N=$N run $run/$RUNS$([ $run = 0 ] && echo ' (warm-up, discarded)')"

		# a/b/c. brief: cold, warm unchanged, warm with one briefing edited.
		if [ $BRIEF_OK = 1 ] && [ -z "${FAIL[$ROW_COLD]:-}" ]; then
			out="$WORK/out-brief-$N"
			cache="$WORK/cache-$N"
			rm -rf -- "$out" "$cache" "$CORPUS/.brief-cache"
			bargs=(build --source "$CORPUS" --out "$out")
			[ $BRIEF_HAS_CACHE_FLAG = 1 ] && bargs+=(--cache "$cache")
			if measure "$ROW_COLD" "brief-cold-$tag" "$WORK/brief" "${bargs[@]}"; then
				[ $run = 0 ] && PAGES[brief]=$(count_html "$out")
				[ -z "${FAIL[$ROW_WARM]:-}" ] && measure "$ROW_WARM" "brief-warm-$tag" "$WORK/brief" "${bargs[@]}"
				if [ -z "${FAIL[$ROW_EDIT]:-}" ]; then
					# a different briefing each run; restored afterwards so every cold run sees the same corpus
					target=${BRIEFINGS[$(((run * 7919 + 17) % ${#BRIEFINGS[@]}))]}
					cp -p "$CORPUS/$target" "$WORK/tmp/edit-backup"
					marker="This sentence was added by the benchmark (edit $run)."
					printf '\n%s\n' "$marker" >>"$CORPUS/$target"
					if measure "$ROW_EDIT" "brief-edit-$tag" "$WORK/brief" "${bargs[@]}"; then
						page="$out/${target#content/}"
						page="${page%/index.md}/index.html"
						if ! grep -qF "$marker" "$page" 2>/dev/null && ! grep -rqF "$marker" "$out" 2>/dev/null; then
							log "  warning: the edited briefing ($target) is stale in $out"
							FAIL[$ROW_EDIT|stale]=1
						fi
					fi
					cp -p "$WORK/tmp/edit-backup" "$CORPUS/$target"
				fi
			else
				FAIL[$ROW_WARM]="not run: the cold build failed"
				FAIL[$ROW_EDIT]=${FAIL[$ROW_WARM]}
			fi
			rm -rf -- "$out" "$cache" "$CORPUS/.brief-cache"
		fi

		# d. the floor.
		out="$WORK/out-floor-$N"
		rm -rf -- "$out"
		if [ -z "${FAIL[$ROW_FLOOR]:-}" ] && measure "$ROW_FLOOR" "floor-$tag" "$WORK/floor" -in "$CORPUS" -out "$out"; then
			[ $run = 0 ] && PAGES[floor]=$(count_html "$out")
		fi
		rm -rf -- "$out"

		# e. Hugo, each of them.
		for ((h = 0; hugo_here && h < ${#HUGO_BINS[@]}; h++)); do
			row=${HUGO_NAMES[$h]}
			[ -n "${FAIL[$row]:-}" ] && continue
			out="$WORK/out-hugo-$N"
			rm -rf -- "$out" "$WORK/hugo-cache" "$HCORPUS/resources" "$HCORPUS/.hugo_build.lock"
			if measure "$row" "hugo$h-$tag" "${HUGO_BINS[$h]}" --source "$HCORPUS" --destination "$out" --cacheDir "$WORK/hugo-cache" --quiet; then
				[ $run = 0 ] && PAGES[hugo$h]=$(count_html "$out")
			fi
			rm -rf -- "$out" "$WORK/hugo-cache"
		done
	done

	# ---------------------------------------------------------------- table
	declare -A MED=()
	{
		printf '## %s briefings\n\n' "$(printf "%'d" "$N" 2>/dev/null || echo "$N")"
		echo "| tool / scenario | wall s | user s | sys s | peak RSS MiB |"
		echo "| --- | ---: | ---: | ---: | ---: |"
		for row in "${ROWS[@]}"; do
			if [ -n "${FAIL[$row]:-}" ]; then
				echo "| $row | FAILED: ${FAIL[$row]} | | | |"
				continue
			fi
			w=$(median "${R[$row|wall]:-}")
			u=$(median "${R[$row|user]:-}")
			s=$(median "${R[$row|sys]:-}")
			m=$(median "${R[$row|rss]:-}")
			if [ -z "$w" ]; then
				echo "| $row | no data | | | |"
				continue
			fi
			MED[$row|wall]=$w
			MED[$row|rss]=$m
			flag=""
			[ -n "${FAIL[$row|stale]:-}" ] && flag=" (stale output!)"
			printf '| %s%s | %.3f | %.2f | %.2f | %.1f |\n' "$row" "$flag" "$w" "$u" "$s" "$(awk -v k="$m" 'BEGIN {print k/1024}')"
		done
		echo
		ratio() { # ratio LABEL NUMKEY DENKEY
			local a=${MED[$2]:-} b=${MED[$3]:-}
			if [ -n "$a" ] && [ -n "$b" ] && awk -v b="$b" 'BEGIN {exit !(b > 0)}'; then
				printf -- '- %s: %s×\n' "$1" "$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a/b}')"
			else
				printf -- '- %s: n/a\n' "$1"
			fi
		}
		ratio "brief cold / floor, wall" "$ROW_COLD|wall" "$ROW_FLOOR|wall"
		names=("Hugo")
		[ $hugo_here = 1 ] && names=("${HUGO_NAMES[@]}")
		for name in "${names[@]}"; do
			ratio "$name / brief cold, wall" "$name|wall" "$ROW_COLD|wall"
			ratio "$name RSS / brief cold RSS" "$name|rss" "$ROW_COLD|rss"
			ratio "$name / brief warm (nothing changed), wall" "$name|wall" "$ROW_WARM|wall"
			ratio "$name / brief warm (1 briefing edited), wall" "$name|wall" "$ROW_EDIT|wall"
			ratio "$name / floor, wall" "$name|wall" "$ROW_FLOOR|wall"
		done
		echo
		pages="HTML pages written: brief ${PAGES[brief]:-n/a}, floor ${PAGES[floor]:-n/a}"
		for ((h = 0; hugo_here && h < ${#HUGO_NAMES[@]}; h++)); do
			pages+=", ${HUGO_NAMES[$h]} ${PAGES[hugo$h]:-n/a}"
		done
		echo "$pages"
		echo
	} | tee -a "$RESULTS"
	unset MED

	[ "${KEEP:-0}" = 1 ] || rm -rf -- "$CORPUS" "$HCORPUS" # free the tmpfs before the next N
done

log "results written to $RESULTS"
