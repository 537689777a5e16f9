#!/usr/bin/env bash
# The ingest step-up alone, against each target one after the other in the same run: a crowd of one rally, ever more of
# its viewers each sending a batch of taps every quarter second (as the viewer page does), for a side-by-side look at
# accepted taps per server CPU-second; writes load-tests/results/ingest-<yyyy-mm-dd>.md. Targets as in run-fanout.sh:
# l0 (raw WebSocket limit), naive (the naive relay) or server (RallyLive), each optionally followed by +NAME=value….
#
# Usage: load-tests/run-ingest.sh [viewers=1000] [targets="l0 server"]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

viewers="${1:-1000}"
targets="${2:-l0 server}"
side_by_side "$targets" "ingest [0-9,]+ senders|error" ingest --viewers "$viewers"
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
} > "$results/ingest-$day.md"
echo "Wrote $results/ingest-$day.md"
