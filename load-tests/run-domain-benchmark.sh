#!/usr/bin/env bash
# Runs the domain throughput benchmarks (load-tests/RallyLive.Benchmarks, class DomainThroughputBenchmarks) in
# Release, on a host over a real SQLite file, and writes load-tests/results/domain-throughput.md: the machine,
# BenchmarkDotNet's table, and durable votes per second on one poll and reaction batches per second on one stream.
# No network is involved: these are the grains' own costs, the floor under the load tests.
#
# Usage: load-tests/run-domain-benchmark.sh [extra BenchmarkDotNet arguments]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh   # machine_table

artifacts="$root/load-tests/BenchmarkDotNet.Artifacts/domain"   # git-ignored
report="$root/load-tests/results/domain-throughput.md"
class="RallyLive.Benchmarks.DomainThroughputBenchmarks"

rm -rf "$artifacts"
dotnet run -c Release --project load-tests/RallyLive.Benchmarks -- --filter '*DomainThroughputBenchmarks*' --artifacts "$artifacts" "$@"
table="$artifacts/results/$class-report-github.md"
[[ -f "$table" ]] || { echo "error: BenchmarkDotNet wrote no report under $artifacts/results" >&2; exit 1; }

# Mean per operation, in microseconds, from the table's Mean column ("22.588 μs" or "1,251.3 ns").
mean_us() {
  awk -F'|' -v method="$1" '$2 ~ method {
      gsub(/[ ,]/, "", $3); value = $3
      if (value ~ /ns$/) { sub(/ns$/, "", value); print value / 1000 }
      else if (value ~ /ms$/) { sub(/ms$/, "", value); print value * 1000 }
      else { sub(/(μs|us)$/, "", value); print value } }' "$table"
}
per_second() { awk -v us="$1" 'BEGIN { printf "%\047d", 1e6 / us }'; }

vote_us="$(mean_us PollBurst)"
react_us="$(mean_us ReactionBatches)"
{
  echo "# Domain throughput benchmark"
  echo
  echo "Produced by \`load-tests/run-domain-benchmark.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC."
  echo
  machine_table
  echo "| Storage | SQLite file, WAL, synchronous=FULL, group commit |"
  [[ $# -gt 0 ]] && echo "| BenchmarkDotNet arguments | \`$*\` |"
  echo
  echo "- **PollBurst**: a new poll, opened, and 20,000 viewers voting at once; a vote counts only once its record has"
  echo "  committed. Mean per vote: ${vote_us} µs, that is **$(per_second "$vote_us") durable votes per second** on one poll;"
  echo "  20,000 votes take about $(awk -v us="$vote_us" 'BEGIN { printf "%.2f", us * 20000 / 1e6 }') s."
  echo "- **ReactionBatches**: one batch of taps from each of 1,000 joined viewers, one after another, into one stream."
  echo "  Mean per batch: ${react_us} µs, that is **$(per_second "$react_us") batches per second** from one caller."
  echo
  echo "These are the grains' costs in process, without the network; the load tests measure the whole path."
  echo
  echo "## BenchmarkDotNet results"
  echo
  cat "$table"
} > "$report"
echo "Wrote $report"
