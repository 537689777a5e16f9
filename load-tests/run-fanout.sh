#!/usr/bin/env bash
# The fan-out step-up alone, against each target one after the other in the same run, for a side-by-side look at the
# send path; writes load-tests/results/fanout-<yyyy-mm-dd>.md. A target is l0 (raw WebSocket limit), naive (the
# naive relay), server (RallyLive), or server+NAME=value… (RallyLive with extra environment settings, e.g. a runtime
# setting put back to its default). The full report (every scenario, charts) is run-load-tests.sh.
#
# Usage: load-tests/run-fanout.sh [levels=2500,5000,7500,10000] [targets="l0 naive server"]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

levels="${1:-2500,5000,7500,10000}"
targets="${2:-l0 naive server}"
begin_scratch
raise_open_files
build_all >/dev/null
report="$results/fanout-$day.md"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u '+%Y-%m-%d %H:%M')"
: > "$work/lines"
for target in $targets; do
  case "$target" in
    server*)
      extra="${target#server}"; extra="${extra#+}"
      SERVER_SETTINGS="$DEFAULT_SERVER_SETTINGS ${extra//+/ }" start_server "$work/$target" 5186
      pid="$SERVER_PID" url="http://127.0.0.1:5186" kind=server ;;
    *)
      start_baseline "$target" 5187
      pid="$BASELINE_PID" url="http://127.0.0.1:5187" kind="$target" ;;
  esac
  generator fanout --target "$kind" --url "$url" --pid "$pid" --levels "$levels" | grep -E "viewers|error" \
    | sed "s/^/$target /" | tee -a "$work/lines"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "# Fan-out side by side, $day"
  echo
  echo "Produced by \`load-tests/run-fanout.sh $levels \"$targets\"\` (started $started_at UTC, commit"
  echo "\`$(git rev-parse --short HEAD)\`): one rally, viewers stepped up, each reacting at 6 a minute, frames at 4 a second;"
  echo "each target alone on the machine in turn, the generator beside it on the same cores. A step is met when frame"
  echo "delivery p99 < 250 ms and reaction-to-viewer p99 < 500 ms with nothing lost; the step-up stops at the first miss."
  echo
  step_up_lines
} > "$report"
echo "Wrote $report"
