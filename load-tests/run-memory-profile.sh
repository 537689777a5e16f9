#!/usr/bin/env bash
# Where the server's memory per idle viewer connection goes: starts it, takes a heap snapshot (dotnet-gcdump) with no
# viewers, joins the given number of viewers of one rally and takes another while they are idle; writes
# load-tests/results/memory-profile-<yyyy-mm-dd>.md with the managed bytes per connection by type (RallyLive's own
# summed apart) beside the resident memory per connection the generator measures. For finding what to cut.
#
# Usage: load-tests/run-memory-profile.sh [viewers=5000] [name, written as memory-profile-<yyyy-mm-dd>-<name>.md]
# SERVER_SETTINGS (NAME=value …) starts the server with other settings, as in load-test-common.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

viewers="${1:-5000}"
begin_run
report="$results/memory-profile-$day${2:+-$2}.md"
gcdump="$(dotnet_tool dotnet-gcdump)"
start_server "$work" 5184
"$gcdump" collect -p "$SERVER_PID" -o "$work/empty.gcdump" >/dev/null
generator fanout --target server --url http://127.0.0.1:5184 --pid "$SERVER_PID" --levels "$viewers" > "$work/generator.out" &
generator_pid=$!
# The idle line is written once the crowd has settled, just before its traffic window starts.
until grep -q "viewers idle" "$work/generator.out" 2>/dev/null; do sleep 0.2; done
"$gcdump" collect -p "$SERVER_PID" -o "$work/idle.gcdump" >/dev/null
wait "$generator_pid" || true
"$gcdump" report "$work/empty.gcdump" > "$work/empty.txt"
"$gcdump" report "$work/idle.gcdump" > "$work/idle.txt"
{
  echo "# Server memory per idle connection, $day"
  echo
  echo "Produced by \`${SERVER_SETTINGS:+SERVER_SETTINGS=\"$SERVER_SETTINGS\" }load-tests/run-memory-profile.sh $viewers${2:+ $2}\` (commit \`$(git rev-parse --short HEAD)\`): heap"
  echo "snapshots (dotnet-gcdump, live objects after a full collection) of the server with no viewers and with $viewers idle viewers"
  echo "of one rally, each joined to a stream over the real protocol; generator on the same machine."
  echo
  machine_table
  echo
  echo '```'
  grep -E "viewers idle" "$work/generator.out" || true
  echo '```'
  echo
  echo "The line above is resident memory (RSS) per connection, what the load tests report; it also holds what the"
  echo "garbage collector has not yet taken back and the runtime's native memory, so it is above the live managed bytes below."
  echo "(dotnet-gcdump reads a .NET 10 heap through lossy event buffering and warns that a large heap's snapshot may miss"
  echo "objects: compare two crowd sizes before trusting a small difference.)"
  echo
  python3 "$root/load-tests/heap-by-type.py" "$work/empty.txt" "$work/idle.txt" "$viewers" 30
} > "$report"
echo "Wrote $report"
