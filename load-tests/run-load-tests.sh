#!/usr/bin/env bash
# Runs the standard load tests (load-tests/RallyLive.LoadGenerator) against RallyLive and the two baselines (L0, the
# raw WebSocket limit, and N, the naive relay; load-tests/RallyLive.LoadBaselines), each in its own process, and
# writes load-tests/results/<yyyy-mm-dd>.md with PNG charts. Builds in Release; takes under 15 minutes.
#
# Usage: load-tests/run-load-tests.sh [extra generator options, e.g. --levels 1000,2500 --server-budget-s 60]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

begin_run
report="$results/$day.md"

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u '+%Y-%m-%d %H:%M')"
start_server "$work" 5180
server_pid="$SERVER_PID"
start_baseline l0 5181; l0_pid="$BASELINE_PID"
start_baseline naive 5182; naive_pid="$BASELINE_PID"
start_counters "$server_pid" "$work/counters.csv"

generator suite --server http://127.0.0.1:5180 --server-pid "$server_pid" \
  --l0 http://127.0.0.1:5181 --l0-pid "$l0_pid" --naive http://127.0.0.1:5182 --naive-pid "$naive_pid" \
  --out "$out" --node-dir "$root/load-tests/js" "$@" | tee "$work/generator.out"
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
stop_counters

# Durability: kill the server outright, start it again on the same data file, and read the poll's tallies.
durability="The poll burst did not run."
if [[ -f "$out/poll.json" ]]; then
  kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true
  start_server "$work" 5180
  durability="$(generator verify-poll --poll-file "$out/poll.json" --server http://127.0.0.1:5180 | tail -n 1)" || true
fi
stop_all

charts "$out" "$results" "$day"
{
  echo "# Load test report, $day"
  echo
  echo "Produced by \`load-tests/run-load-tests.sh\` (started $started_at UTC). The server, the two baselines and the"
  echo "generator ran on the same machine, each in its own process; the generator's connections came from 127.0.0.2 and up."
  echo "Its viewers are the official .NET SignalR client, whose CPU (\"generator CPU-s / s\" in the tables) comes out of"
  echo "the same two cores as the server's: at the top steps it takes about as much as the server does."
  echo
  machine_table
  echo "| Load average (1, 5, 15 min) at start | $load_start |"
  echo "| Load average at end | $load_end |"
  echo
  echo "Other work shared these cores during the run (see the load average): figures are lower bounds of what the"
  echo "machine can do alone. Latency is measured from the time each send was scheduled (fixed arrival rates,"
  echo "no coordinated omission), with HdrHistogram; reaction-to-viewer latency from one probe reaction a second"
  echo "(a kind nobody else sends) to its arrival in a frame at every viewer."
  echo
  echo "## Targets"
  echo
  cat "$out/targets.md"
  echo
  echo "$durability"
  echo
  echo "## Charts"
  echo
  echo "![p99 frame delivery latency by viewers](charts/$day-delivery-p99.png)"
  echo "![p99 reaction-to-viewer latency by viewers](charts/$day-reaction-p99.png)"
  echo "![Delivered messages per server CPU-second by viewers](charts/$day-efficiency.png)"
  echo "![Server CPU by viewers](charts/$day-cpu.png)"
  echo "![Server memory per connection by viewers](charts/$day-memory.png)"
  echo
  echo "## Scenarios"
  echo
  cat "$out/scenarios.md"
  if [[ -s "$work/counters.csv" ]]; then
    echo "## Server runtime counters (dotnet-counters, peak values over the run)"
    echo
    counters_summary "$work/counters.csv"
  fi
} > "$report"
echo "Wrote $report"
