#!/usr/bin/env bash
# Graceful degradation, measured: one crowd beyond what one node sustains (every viewer reacting, a probe a second,
# chat, every viewer voting once), against RallyLive as shipped (it sheds load when
# saturated) and, in the same run, against RallyLive with shedding off (RallyLive__Realtime__Degradation__Enabled=false),
# each alone on the machine in turn, the generator beside it. Writes load-tests/results/overload-<yyyy-mm-dd>.md.
#
# Usage: load-tests/run-overload.sh [viewers=10000] [seconds=60] [chat messages a second=10] [rounds=1]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

viewers="${1:-10000}"
seconds="${2:-60}"
chat="${3:-10}"
rounds="${4:-1}"
begin_scratch
raise_open_files
build_all >/dev/null
report="$results/overload-$day.md"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u '+%Y-%m-%d %H:%M')"
: > "$work/rows"
: > "$work/levels"
for round in $(seq 1 "$rounds"); do
  for variant in "sheds load" "shedding off"; do
    settings="$DEFAULT_SERVER_SETTINGS"
    [[ "$variant" == "shedding off" ]] && settings="$settings RallyLive__Realtime__Degradation__Enabled=false"
    SERVER_SETTINGS="$settings" start_server "$work/$round-${variant// /-}" 5188
    generator overload --server http://127.0.0.1:5188 --server-pid "$SERVER_PID" --viewers "$viewers" --seconds "$seconds" --chat-per-second "$chat" \
      --name "$variant (round $round)" | tee "$work/generator.out" | grep -E "^[0-9:]+ |error" || true
    grep -E '^\| ' "$work/generator.out" >> "$work/rows" || echo "| $variant (round $round) | $viewers | the run failed: see above |" >> "$work/rows"
    grep -E '^level ' "$work/generator.out" | sed 's/^level /- /' >> "$work/levels" || true
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  done
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "# Overload: graceful degradation side by side, $day"
  echo
  echo "Produced by \`load-tests/run-overload.sh $viewers $seconds $chat $rounds\` (started $started_at UTC, commit \`$(git rev-parse --short HEAD)\`)."
  echo "One rally, $viewers viewers of one stream for $seconds s: each reacting 6 times a minute, a probe reaction a second, $chat chat"
  echo "messages a second among them (each stream's viewers are sent at most 20 a second at full delivery), and every viewer"
  echo "voting once in an open poll, spread over the window. RallyLive as shipped, then with shedding off, each alone on the"
  echo "machine in turn with the generator beside it (Release, SQLite, default limits)."
  echo
  machine_table
  echo "| Load average (1, 5, 15 min) at start | $load_start |"
  echo "| Load average at end | $load_end |"
  echo
  echo "Latencies are p99 (p50) in ms. Frame: from a frame's tick to a viewer; reaction: from a probe's scheduled send to a viewer"
  echo "(includes the wait for the tick and, while shedding, for the batch); vote: from its scheduled send to its acknowledgement."
  echo "Messages: frames and chat received per viewer per second. CPU: server / generator, cores. Lost / duplicated taps"
  echo "(every viewer must see every accepted tap, merged or not, within 15 s of the window's end) / connections the server closed."
  echo
  echo "| server | viewers | frame | reaction | vote | votes acknowledged / tallies | chat per stream (a second) | messages per viewer per s | CPU | lost / dup / closed | levels |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  cat "$work/rows"
  echo
  echo "What the control panel was told (\`ServerLoad\`), in seconds from the window's start:"
  echo
  cat "$work/levels"
} > "$report"
echo "Wrote $report"
