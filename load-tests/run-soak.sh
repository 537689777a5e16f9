#!/usr/bin/env bash
# Soak: holds a few thousand viewer connections on one rally with steady reactions for a number of minutes (30 by
# default), sampling the server's RSS and the p99 reaction-to-viewer latency every 10 s, and writes
# load-tests/results/soak-<yyyy-mm-dd>.md with the memory slope (MB per hour, least squares), any loss, and PNG charts.
#
# Usage: load-tests/run-soak.sh [minutes=30] [viewers=3000]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

minutes="${1:-30}"
viewers="${2:-3000}"
begin_run
report="$results/soak-$day.md"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u '+%Y-%m-%d %H:%M')"
start_server "$work" 5183
status=0
generator soak --server http://127.0.0.1:5183 --server-pid "$SERVER_PID" --minutes "$minutes" --viewers "$viewers" --out "$out" || status=$?
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
stop_all

mkdir -p "$results/charts"
gnuplot <<GNUPLOT
set terminal pngcairo size 900,500
set grid
set xlabel 'minutes'
set output '$results/charts/soak-$day-p99.png'
set title 'Soak: p99 reaction-to-viewer latency per 10 s (ms)'
plot '$out/soak.dat' using 1:3 with lines title 'p99'
set output '$results/charts/soak-$day-rss.png'
set title 'Soak: server RSS (MB)'
plot '$out/soak.dat' using 1:2 with lines title 'RSS'
GNUPLOT

{
  echo "# Soak report, $day"
  echo
  echo "Produced by \`load-tests/run-soak.sh $minutes $viewers\` (started $started_at UTC): $viewers viewers held on one rally with steady"
  echo "reactions and a probe reaction a second, sampled every 10 s. Server and generator on the same machine."
  echo
  machine_table
  echo "| Load average (1, 5, 15 min) at start | $load_start |"
  echo "| Load average at end | $load_end |"
  echo
  cat "$out/soak.md"
  echo
  if [ "$minutes" -lt 30 ]; then
    echo "A run of a few minutes shows the server's heap still growing towards its working size; the memory slope means"
    echo "something only over the full 30 minutes, on a machine nobody else is using."
    echo
  fi
  echo "![p99 over time](charts/soak-$day-p99.png)"
  echo "![RSS over time](charts/soak-$day-rss.png)"
} > "$report"
echo "Wrote $report"
exit "$status"
