#!/usr/bin/env bash
# The poll burst with more voters than one process may open sockets for: the server (the embedded default, one node)
# on a data file of its own, the voters held by generator processes (spread-poll) and all due within 2 s; then the
# server killed outright (kill -9), started again on the same file, and the poll's tallies read once more, so that
# "acknowledged" is checked to mean "durable". Repeated for the given rounds. Writes
# load-tests/results/poll-burst-<yyyy-mm-dd>.md.
#
# Usage: load-tests/run-poll-burst.sh [voters=20000] [rounds=2]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

voters="${1:-20000}"
rounds="${2:-2}"
begin_scratch
raise_open_files
build_all >/dev/null
report="$results/poll-burst-$day.md"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u '+%Y-%m-%d %H:%M')"
: > "$work/lines"

for round in $(seq 1 "$rounds"); do
  dir="$work/round-$round"; mkdir -p "$dir"
  start_server "$dir" 5180
  { generator spread-poll --url http://127.0.0.1:5180 --pid "$SERVER_PID" --voters "$voters" --out "$dir" || true; } \
    | grep -E "poll burst|acknowledged|could not" | sed "s/^/round $round: /" | tee -a "$work/lines"
  kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  start_server "$dir" 5180
  if [[ -f "$dir/poll.json" ]]; then
    generator verify-poll --poll-file "$dir/poll.json" --server http://127.0.0.1:5180 | tail -n 1 | sed "s/^/round $round: /" | tee -a "$work/lines" || true
  fi
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "# Poll burst: $voters votes due within 2 s, $day"
  echo
  echo "Produced by \`load-tests/run-poll-burst.sh $voters $rounds\` (started $started_at UTC, commit"
  echo "\`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD || echo ' with uncommitted changes')). One node (the embedded default, SQLite); the voters"
  echo "held by generator processes beside it on the same cores, each voter joined before the poll opens and voting once,"
  echo "all $voters due within 2 s; then \`kill -9\` of the server, a restart on the same data file, and the tallies read again."
  echo
  step_up_lines
} > "$report"
echo "Wrote $report"
