#!/usr/bin/env bash
# Before/after comparison of bench/README.md: the benchmarks of an earlier
# commit (BEFORE, e.g. the commit a change started from) and of the working
# tree, in interleaved rounds (before, after, after, before, …) so that load
# from other processes hits both alike, then benchstat of the two.
#
#   BEFORE=426ba28 NAME=resty-react bench/compare.sh                   # React*, 6 rounds
#   BEFORE=426ba28 NAME=resty-paired ROUNDS=8 BENCH=ReactPaired bench/compare.sh
#
# Outputs: bench/results/$NAME-before.txt, -after.txt and -compare.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${BEFORE:?set BEFORE to the commit to compare with}"
rounds=${ROUNDS:-6}
bench=${BENCH:-React}
benchtime=${BENCHTIME:-1s}
name=${NAME:-compare}
benchstat=(go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da)
out=bench/results
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"${benchstat[@]}" -h >/dev/null 2>&1 || true # fetch and build it before timing anything

mkdir "$tmp/before"
git archive "$BEFORE" | tar -x -C "$tmp/before"
(cd "$tmp/before" && go test -c -o "$tmp/before.test" ./bench)
go test -c -o "$tmp/after.test" ./bench

run() { # run <before|after>
	(cd "$tmp" && "./$1.test" -test.run '^$' -test.bench "$bench" -test.benchmem -test.benchtime "$benchtime") >>"$out/$name-$1.txt"
}
: >"$out/$name-before.txt"
: >"$out/$name-after.txt"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >"$out/$name-compare.txt"
for i in $(seq "$rounds"); do
	echo "round $i of $rounds" >&2
	if [ $((i % 2)) -eq 1 ]; then run before; run after; else run after; run before; fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/$name-compare.txt"
(cd "$out" && "${benchstat[@]}" before="$name-before.txt" after="$name-after.txt") >>"$out/$name-compare.txt"
echo "benchstat in $out/$name-compare.txt" >&2
