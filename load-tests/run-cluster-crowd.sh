#!/usr/bin/env bash
# A crowd larger than one process can hold: one rally's viewers held by several generator processes (spread-fanout,
# each process under its own open-files limit and calling from its own loopback address), first against one node
# (the embedded default, as a baseline, up to what one process can hold) and then against a cluster of N nodes on a
# fresh Redis (node observers), in the same run and with the same traffic: a fixed total rate of reactions from a few
# senders and of probes (reactions whose arrival is timed), so that every viewer is sent the same frames whatever the
# crowd's size, at a rate two shared cores can deliver to 50,000 viewers. Every
# step is measured (idle memory per connection, then a 15 s window: reaction-to-viewer and frame latencies, delivered
# messages per server CPU-second, loss). Writes load-tests/results/cluster-crowd-<yyyy-mm-dd>[-name].md with charts.
#
# Usage: load-tests/run-cluster-crowd.sh [cluster-levels=15000,30000,50000] [node-levels=5000,15000] [nodes=3]
#        [reactions-per-second=0] [probes-per-second=0.5] [name]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

cluster_levels="${1:-15000,30000,50000}"
node_levels="${2:-5000,15000}"
nodes="${3:-3}"
reactions="${4:-0}"
probes="${5:-0.5}"
command -v redis-server >/dev/null || { echo "error: redis-server is missing (sudo apt-get install -y redis-server)" >&2; exit 1; }
begin_scratch
raise_open_files
install_gnuplot
build_all >/dev/null
suffix="${6:+-$6}"
report="$results/cluster-crowd-$day$suffix.md"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at="$(date -u '+%Y-%m-%d %H:%M')"
: > "$work/lines"

crowd() { # label url pids levels
  generator spread-fanout --name "$1" --url "$2" --pid "$3" --levels "$4" --reactions-per-second "$reactions" --probes-per-second "$probes" \
    | grep -E "viewers|error|spread" | sed "s/^/$1 /" | tee -a "$work/lines"
}

start_server "$work/node" 5190
crowd "one-node" "http://127.0.0.1:5190" "$SERVER_PID" "$node_levels"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

start_cluster "$work/cluster" "$nodes" 6392 NodeObservers
crowd "cluster-of-$nodes" "$CLUSTER_URLS" "$CLUSTER_PID_LIST" "$cluster_levels"
stop_cluster
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "# A crowd larger than one process: one node and $nodes nodes, $day"
  echo
  echo "Produced by \`load-tests/run-cluster-crowd.sh $cluster_levels $node_levels $nodes $reactions $probes${6:+ $6}\` (started $started_at UTC, commit"
  echo "\`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD || echo ' with uncommitted changes')). One rally's viewers, held by several generator processes"
  echo "(each under its own limit of open files, each from its own loopback address), connect to the nodes in turn,"
  echo "directly (no nginx); first one node (the embedded default: SQLite, no Redis), then $nodes nodes and a Redis on this"
  echo "machine's loopback (node observers). The same traffic at every step: $reactions reactions/s and $probes probes/s in all"
  echo "from 100 senders, so each viewer is sent the same frames whatever the crowd. Server CPU and memory are the nodes'"
  echo "(and Redis's) together; the generators share the same two cores."
  echo
  step_up_lines
  python3 "$root/load-tests/step-up-data.py" "$work/lines" > "$work/fanout.dat"
  charts "$work" "$results" "$day$suffix-crowd"
  echo
  echo "![p99 frame delivery latency by viewers](charts/$day$suffix-crowd-delivery-p99.png)"
  echo "![p99 reaction-to-viewer latency by viewers](charts/$day$suffix-crowd-reaction-p99.png)"
  echo "![Delivered messages per server CPU-second by viewers](charts/$day$suffix-crowd-efficiency.png)"
  echo "![Server CPU by viewers](charts/$day$suffix-crowd-cpu.png)"
  echo "![Server memory per connection by viewers](charts/$day$suffix-crowd-memory.png)"
} > "$report"
echo "Wrote $report"
