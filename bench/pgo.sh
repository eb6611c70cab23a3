#!/usr/bin/env bash
# bench/pgo.sh writes default.pgo, the CPU profile from which `go build`,
# `go run` and `go install` optimise brief (profile-guided optimisation:
# https://go.dev/doc/pgo; the go command uses default.pgo beside main.go
# unless told -pgo=off).
#
# The profile is of what brief spends its time on: three cold builds of a
# 10,000-briefing corpus from bench/gencorpus and ten builds of a
# 1,000-briefing one after one edit each, by a brief built without a
# profile, merged into one. Run it again after large changes to the build;
# an older profile still works, it only guides less.
#
#   bench/pgo.sh            # writes ./default.pgo
#   BENCH_DIR=/tmp/x bench/pgo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${BENCH_DIR:-/dev/shm/brief-pgo}
rm -rf "$WORK"
mkdir -p "$WORK/profiles"
trap 'rm -rf "$WORK"' EXIT

go build -pgo=off -o "$WORK/brief" .
go run ./bench/gencorpus -n 10000 -out "$WORK/c10k" -format neutral >&2
go run ./bench/gencorpus -n 1000 -out "$WORK/c1k" -format neutral >&2

for i in 1 2 3; do
	rm -rf "$WORK/out" "$WORK/cache"
	(cd "$WORK/c10k" && "$WORK/brief" build --out "$WORK/out" --cache "$WORK/cache" \
		--cpuprofile "$WORK/profiles/cold-$i.prof" >/dev/null 2>&1)
done
rm -rf "$WORK/out" "$WORK/cache"
(cd "$WORK/c1k" && "$WORK/brief" build --out "$WORK/out" --cache "$WORK/cache" >/dev/null 2>&1)
pages=("$WORK"/c1k/content/*/*/index.md)
for i in $(seq 1 10); do
	echo "An edit, number $i." >>"${pages[0]}"
	(cd "$WORK/c1k" && "$WORK/brief" build --out "$WORK/out" --cache "$WORK/cache" \
		--cpuprofile "$WORK/profiles/edit-$i.prof" >/dev/null 2>&1)
done

go tool pprof -proto "$WORK"/profiles/*.prof >default.pgo
echo "bench/pgo.sh: wrote default.pgo ($(wc -c <default.pgo) bytes) from $(ls "$WORK/profiles" | wc -l) profiles" >&2
