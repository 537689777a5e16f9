#!/usr/bin/env bash
# Delivery across the nodes of a cluster, the two ways side by side in one run: the rally delivery grain handing each
# batch to every node with clients (node observers, the default) and SignalR's Redis backplane
# (RallyLive__Cluster__Delivery=RedisBackplane). For each way: a fresh Redis (appendonly, appendfsync always, as in
# production) and N nodes on this machine's loopback; one rally's viewers join the nodes in turn and are stepped up,
# each reacting at 6 a minute, frames at 4 a second. Server CPU and memory are the nodes' and Redis's together. The
# two ways take turns, for the given number of rounds (the second round in the other order), so that a drift of the
# machine shows. Writes load-tests/results/cluster-delivery-<yyyy-mm-dd>[-name].md, with charts of both ways' curves
# (latency, delivered per CPU-second, CPU and memory per connection against the crowd).
#
# Usage: load-tests/run-cluster-delivery.sh [levels=1000,2500,5000,7500] [nodes=2] [rounds=2] [name]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

levels="${1:-1000,2500,5000,7500}"
nodes="${2:-2}"
rounds="${3:-2}"
command -v redis-server >/dev/null || { echo "error: redis-server is missing (sudo apt-get install -y redis-server)" >&2; exit 1; }
begin_scratch
raise_open_files
install_gnuplot
build_all >/dev/null
suffix="${4:+-$4}"
report="$results/cluster-delivery-$day$suffix.md"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u '+%Y-%m-%d %H:%M')"
: > "$work/lines"

redis_port=6391
ways=""
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then ways+=" NodeObservers RedisBackplane"; else ways+=" RedisBackplane NodeObservers"; fi
done
run=0
for way in $ways; do
  run=$((run + 1))
  start_cluster "$work/$run-$way" "$nodes" "$redis_port" "$way"
  generator fanout --target server --name "$way" --url "$CLUSTER_URLS" --pid "$CLUSTER_PID_LIST" --levels "$levels" | grep -E "viewers|error" \
    | sed "s/^/$way (run $run) /" | tee -a "$work/lines"
  stop_cluster
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "# Delivery across nodes: node observers and SignalR's Redis backplane, $day"
  echo
  echo "Produced by \`load-tests/run-cluster-delivery.sh $levels $nodes $rounds${4:+ $4}\` (started $started_at UTC, commit"
  echo "\`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD || echo ' with uncommitted changes')): $nodes nodes and a Redis on this machine's loopback for each way in turn, one"
  echo "rally whose viewers join the nodes in turn, stepped up, each reacting at 6 a minute, frames at 4 a second; the"
  echo "generator beside them on the same cores. Server CPU and memory are the nodes' and Redis's together. A step is"
  echo "met when frame delivery p99 < 250 ms and reaction-to-viewer p99 < 500 ms with nothing lost; the step-up stops"
  echo "at the first miss."
  echo
  step_up_lines
  python3 "$root/load-tests/step-up-data.py" "$work/lines" > "$work/fanout.dat"
  charts "$work" "$results" "$day$suffix-cluster"
  echo
  echo "![p99 frame delivery latency by viewers](charts/$day$suffix-cluster-delivery-p99.png)"
  echo "![p99 reaction-to-viewer latency by viewers](charts/$day$suffix-cluster-reaction-p99.png)"
  echo "![Delivered messages per server CPU-second by viewers](charts/$day$suffix-cluster-efficiency.png)"
  echo "![Server CPU by viewers](charts/$day$suffix-cluster-cpu.png)"
  echo "![Server memory per connection by viewers](charts/$day$suffix-cluster-memory.png)"
} > "$report"
echo "Wrote $report"
