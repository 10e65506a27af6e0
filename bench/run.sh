#!/usr/bin/env bash
# Reproduces the results table of bench/README.md: ROUNDS runs (default 6)
# of every benchmark in bench/, medians and confidence intervals by
# benchstat, ratios to the raw baseline of the same run and the targets by
# bench/internal/ratio, which rewrites the README's results block.
#
#   bench/run.sh                       # all benchmarks, 6 rounds
#   ROUNDS=10 BENCH=React bench/run.sh # a subset, more rounds
#   REPORT_ONLY=1 bench/run.sh         # the table again from bench/results/
#
# Each round runs every benchmark once (-count=1) and the rounds follow
# each other, so that load from other processes hits raw and waack alike
# instead of whichever benchmark -count=6 happened to be repeating. Raw
# outputs land in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-6}
bench=${BENCH:-.}
benchtime=${BENCHTIME:-1s}
benchstat=(go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da)
out=bench/results
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"${benchstat[@]}" -h >/dev/null 2>&1 || true # fetch and build it before timing anything

# REPORT_ONLY=1 rebuilds the table from the last run's results.
if [ -z "${REPORT_ONLY:-}" ]; then
	go test -c -o "$tmp/bench.test" ./bench
	load_before=$(cut -d' ' -f1-3 /proc/loadavg)
	started=$(date +%s)
	: >"$out/raw.txt"
	for i in $(seq "$rounds"); do
		echo "round $i of $rounds" >&2
		(cd "$tmp" && ./bench.test -test.run '^$' -test.bench "$bench" -test.benchmem -test.benchtime "$benchtime") >>"$out/raw.txt"
	done
	minutes=$(((($(date +%s) - started) + 59) / 60))
	load_after=$(cut -d' ' -f1-3 /proc/loadavg)
	cat >"$out/machine.md" <<MD
Machine: $(go version | cut -d' ' -f3-), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(date -u +%Y-%m-%d).
$rounds rounds of \`-benchtime $benchtime\` in ${minutes} min; load average $load_before before, $load_after after.
Reproduce with \`bench/run.sh\`. Medians (± the 95 % confidence interval) by benchstat; full output in results/benchstat.txt.
MD
fi

"${benchstat[@]}" "$out/raw.txt" >"$out/benchstat.txt"
"${benchstat[@]}" -format csv "$out/raw.txt" | go run ./bench/internal/ratio -readme bench/README.md -machine "$(cat "$out/machine.md")"
echo "bench/README.md updated; raw results in $out/" >&2
