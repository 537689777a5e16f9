#!/usr/bin/env bash
# A hostile viewer beside an honest crowd: 2,000 honest viewers (each at an address of its own) react, chat and carry
# a probe a second for a warm-up not counted (20 s), a window alone, a window while one machine mints viewer tokens as fast as the server allows and
# floods chat, reactions and reports from them and from many connections on one (from a process of its own at the
# lowest CPU priority, as if from another machine), and a window alone again. The server runs with its
# default limits, behind the generator as its trusted proxy (so each client's address is its own, as behind nginx).
# Writes load-tests/results/hostile-<yyyy-mm-dd>.md: the honest viewers' p99 latency and chat in the three windows, side by side.
#
# Usage: load-tests/run-hostile.sh [seconds per window=60] [honest viewers=2000]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

seconds="${1:-60}"
viewers="${2:-2000}"
begin_run
report="$results/hostile-$day.md"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u '+%Y-%m-%d %H:%M')"
SERVER_SETTINGS="RallyLive__TrustedProxies__0=127.0.0.0/8" start_server "$work" 5187
status=0
generator hostile --server http://127.0.0.1:5187 --server-pid "$SERVER_PID" --seconds "$seconds" --viewers "$viewers" --out "$out" || status=$?
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
stop_all

{
  echo "# A hostile viewer beside $viewers honest viewers, $day"
  echo
  echo "Produced by \`load-tests/run-hostile.sh $seconds $viewers\` (started $started_at UTC). Server (default limits, Release,"
  echo "SQLite), honest crowd and attacker on the same machine; the attacker in a process of its own at the lowest CPU priority"
  echo "(nice 19), standing for a machine of its own: its own work is not taken from the server's or the honest crowd's"
  echo "share of the cores, while what it costs the server is."
  echo
  machine_table
  echo "| Load average (1, 5, 15 min) at start | $load_start |"
  echo "| Load average at end | $load_end |"
  echo
  cat "$out/hostile.md"
} >"$report"
echo "report: $report"
exit "$status"
