#!/usr/bin/env bash
# Profiles the server under one fan-out step: starts it, steps a crowd up to the given viewers, and while the crowd
# reacts takes a CPU sample with dotnet-trace (12 s of the step's 15 s of traffic);
# writes load-tests/results/profile-<yyyy-mm-dd>.md with the hottest methods. For finding what limits a missed target.
#
# Usage: load-tests/run-profile.sh [viewers=5000] [name, written as profile-<yyyy-mm-dd>-<name>.md]
# SERVER_SETTINGS (NAME=value …) starts the server with other settings, as in load-test-common.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

viewers="${1:-5000}"
begin_run
report="$results/profile-$day${2:+-$2}.md"
trace="$(dotnet_tool dotnet-trace)"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
start_server "$work" 5184
generator fanout --target server --url http://127.0.0.1:5184 --pid "$SERVER_PID" --levels "$viewers" > "$work/generator.out" &
generator_pid=$!
# The step's 15 s traffic window starts as the idle line is written: sample 12 s of it, before the crowd disconnects.
until grep -q "viewers idle" "$work/generator.out" 2>/dev/null; do sleep 0.2; done
sleep 1
"$trace" collect -p "$SERVER_PID" --duration 00:00:00:12 \
  --format Speedscope -o "$work/trace.nettrace" >/dev/null 2>&1 || true
wait "$generator_pid" || true
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "# Server profile under fan-out, $day"
  echo
  echo "Produced by \`${SERVER_SETTINGS:+SERVER_SETTINGS=\"$SERVER_SETTINGS\" }load-tests/run-profile.sh $viewers${2:+ $2}\` (commit \`$(git rev-parse --short HEAD)\`): $viewers viewers of one rally reacting at 6 per viewer per"
  echo "minute (frames at 4/s), a 12 s CPU sample of the server with dotnet-trace (its default sampling profile), generator on the same machine."
  echo
  machine_table
  echo "| Load average at start / end | $load_start / $load_end |"
  echo
  echo '```'
  grep -E "viewers" "$work/generator.out" || true
  echo '```'
  echo
  python3 "$root/load-tests/top-frames.py" "$work/trace.speedscope.json" 25
} > "$report"
echo "Wrote $report"
