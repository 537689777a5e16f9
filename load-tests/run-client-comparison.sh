#!/usr/bin/env bash
# The load generator's lean protocol client against the official .NET SignalR client
# (Microsoft.AspNetCore.SignalR.Client), side by side in one run. Builds the server and the generator in Release,
# starts the server (Production, embedded SQLite on a temporary data file) and, at each level, runs the generator's
# `clients` command once with the lean client and once with the official one, each in a new process: a new rally,
# N viewers connecting and joining its stream, held idle, then a few probe reactions that every viewer must receive.
# Writes load-tests/results/client-comparison-<yyyy-mm-dd>.md: the machine, the load average, the commit, a table per
# level and both clients' costs side by side. The conclusion is for whoever reads the figures to add. Takes 8 to 11
# minutes here with the defaults below.
#
# Usage: load-tests/run-client-comparison.sh
# Environment (optional):
#   LEVELS=1000,5000,10000,19000   viewer connections per run, each in a new generator process. With 20,000 open
#               files per process, the server (about 320 files open before any connection) cannot hold 19,900.
#   IDLE_S=20   how long the connections are held idle    PROBES=5   probe reactions, one a second
#   REPORT=file   where to write the report (default load-tests/results/client-comparison-<yyyy-mm-dd>.md)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh   # begin_scratch, raise_open_files, generator, start_server, machine_table

LEVELS="${LEVELS:-1000,5000,10000,19000}"
IDLE_S="${IDLE_S:-20}"
PROBES="${PROBES:-5}"
begin_scratch
report="${REPORT:-$results/client-comparison-$day.md}"
raise_open_files
dotnet build src/RallyLive.Server -c Release -v q -nologo
dotnet build load-tests/RallyLive.LoadGenerator -c Release -v q -nologo

commit="$(git rev-parse --short HEAD)"
dirty="$(git status --porcelain --untracked-files=no | wc -l)"
official_version="$(sed -n 's/.*"Microsoft.AspNetCore.SignalR.Client" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u '+%Y-%m-%d %H:%M')"
start_server "$work" 5183
: >"$work/runs.jsonl"
: >"$work/failures.md"

for level in ${LEVELS//,/ }; do
  for client in lean official; do
    echo "$(date -u +%H:%M:%S) $level connections, $client client"
    rc=0
    generator clients --client "$client" --connections "$level" --idle-s "$IDLE_S" --probes "$PROBES" \
      --server http://127.0.0.1:5183 --server-pid "$SERVER_PID" --out "$work/runs.jsonl" 2>&1 | tee -a "$work/generator.out" || rc=$?
    if [[ $rc -ne 0 ]]; then
      echo "- $level connections, $client client: the generator exited with $rc; its last lines: $(tail -n 3 "$work/generator.out" | tr '\n' ' ' | tr -d '|`')" >>"$work/failures.md"
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "- The server exited during the $level-connection $client run; its last lines: $(grep -v '^ *at ' "$work/server.out" | tail -n 3 | tr '\n' ' ' | tr -d '|`')" >>"$work/failures.md"
      break 2
    fi
  done
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
server_rss="$(awk '/^VmRSS:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo "gone")"
stop_all

mkdir -p "$(dirname "$report")"
{
  echo "# Lean client against the official .NET SignalR client, $day"
  echo
  echo "Produced by \`load-tests/run-client-comparison.sh\` (started $started_at UTC) at commit \`$commit\`$([[ $dirty -gt 0 ]] && echo " with $dirty uncommitted changes")."
  echo "The server (Release, Production, embedded SQLite on a temporary data file) and the generator ran on the same"
  echo "machine. At each level the generator's \`clients\` command ran twice, each time in a new process on a new rally:"
  echo "with the lean client (\`LoadConnection\`) and with the official client (Microsoft.AspNetCore.SignalR.Client"
  echo "$official_version: WebSockets only, no negotiation, no automatic reconnect, its WebSocket opened from the same"
  echo "127.0.0.2 source address with the same socket options as the lean client's). Every viewer connects with its"
  echo "token and calls \`JoinStream\`, as the load tests' viewers do; a failed attempt is retried twice, a second apart."
  echo "The connections are then held idle for $IDLE_S s, and $PROBES probe reactions, one a second from the first viewer,"
  echo "must reach every viewer (latency from each probe's scheduled send to its frame at each viewer)."
  echo
  echo "Memory is the generator's RSS (VmRSS) growth from before the first connection to the end of the idle hold,"
  echo "per connection made; the managed heap is measured after a full collection at both points. CPU is the"
  echo "generator's user plus system time (/proc), while connecting and while idle; the server's is shown beside it."
  echo "The viewer tokens are fetched over HTTP before the measurement starts."
  echo
  machine_table
  echo "| Load average (1, 5, 15 min) at start | $load_start |"
  echo "| Load average at end | $load_end |"
  echo "| Server RSS at end | $server_rss |"
  echo
  echo "Other work may have shared these cores during the run (see the load average, also given per run)."
  echo
  echo "## Figures"
  echo
  generator clients-report --runs "$work/runs.jsonl" | grep -v '^open files limit'
  if [[ -s "$work/failures.md" ]]; then
    echo
    echo "## Runs that did not finish"
    echo
    cat "$work/failures.md"
  fi
} >"$report"
echo "Wrote $report"
