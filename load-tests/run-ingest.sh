#!/usr/bin/env bash
# The ingest step-up alone, against each target one after the other in the same run: a crowd of one rally, ever more of
# its viewers each sending a batch of taps every quarter second (as the viewer page does), for a side-by-side look at
# accepted taps per server CPU-second; writes load-tests/results/ingest-<yyyy-mm-dd>.md. Targets as in run-fanout.sh:
# l0 (raw WebSocket limit), naive (the naive relay) or server (RallyLive), each optionally followed by +NAME=value….
#
# Usage: load-tests/run-ingest.sh [viewers=5000] [targets="l0 server"]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

viewers="${1:-5000}"
targets="${2:-l0 server}"
begin_scratch
raise_open_files
build_all >/dev/null
report="$results/ingest-$day.md"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u '+%Y-%m-%d %H:%M')"
: > "$work/lines"
ingest() { # target kind url pid
  generator ingest --target "$2" --url "$3" --pid "$4" --viewers "$viewers" | grep -E "ingest [0-9,]+ senders|error" \
    | sed "s/^/$1 /" | tee -a "$work/lines"
}
each_target "$targets" ingest
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "# Ingest side by side, $day"
  echo
  echo "Produced by \`load-tests/run-ingest.sh $viewers \"$targets\"\` (started $started_at UTC, commit"
  echo "\`$(git rev-parse --short HEAD)\`): one rally of $viewers viewers receiving its frames (4 a second); at each step"
  echo "that many of them each send a batch of 2 or 3 taps every 250 ms (10 taps a second each) for 10 s, every viewer"
  echo "then checked to have seen every accepted tap. Each target alone on the machine in turn, the generator beside it"
  echo "on the same cores; the step-up stops once the acknowledgement p99 reaches 250 ms or anything is lost."
  echo
  step_up_lines
} > "$report"
echo "Wrote $report"
