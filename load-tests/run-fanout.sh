#!/usr/bin/env bash
# The fan-out step-up alone, against each target one after the other in the same run, for a side-by-side look at the
# send path; writes load-tests/results/fanout-<yyyy-mm-dd>.md. A target is l0 (raw WebSocket limit), naive (the
# naive relay) or server (RallyLive), each optionally followed by +NAME=value… (extra environment settings, e.g. a
# runtime setting put back to its default, or given to a baseline too). The full report (every scenario, charts) is
# run-load-tests.sh.
#
# Usage: load-tests/run-fanout.sh [levels=2500,5000,7500,10000] [targets="l0 naive server"]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

levels="${1:-2500,5000,7500,10000}"
targets="${2:-l0 naive server}"
side_by_side "$targets" "viewers|error" fanout --levels "$levels"
{
  echo "# Fan-out side by side, $day"
  echo
  echo "Produced by \`load-tests/run-fanout.sh $levels \"$targets\"\` (started $started_at UTC, commit"
  echo "\`$(git rev-parse --short HEAD)\`): one rally, viewers stepped up, each reacting at 6 a minute, frames at 4 a second;"
  echo "each target alone on the machine in turn, the generator beside it on the same cores. A step is met when frame"
  echo "delivery p99 < 250 ms and reaction-to-viewer p99 < 500 ms with nothing lost; the step-up stops at the first miss."
  echo
  step_up_lines
} > "$results/fanout-$day.md"
echo "Wrote $results/fanout-$day.md"
