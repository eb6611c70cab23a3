#!/usr/bin/env bash
# Builds the example site and runs Lighthouse (tools/lighthouse.mjs) on its
# home page, a topic and a briefing, served under the base path with gzip.
# Every category must score at least MIN_SCORE (default 98). Needs Go,
# Node, Debian's chromium and `npm ci --prefix tools`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go run . build --source . --out "$out/public"
base=$(sed -n 's|^base_url: *"\{0,1\}[a-z]*://[^/"]*\(/[^"]*\)"\{0,1\} *$|\1|p' site.yaml)
base=${base:-/}
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
node tools/lighthouse.mjs "$out/public" "${base%/}/" "" topics/north-korea/ world/north-korea-missile-tests/
