#!/usr/bin/env bash
# The stand-in runtime against Microsoft Orleans, side by side in one run (issue 12, item 8). Builds the given
# commit (the last one on the stand-in) in a temporary git worktree under /tmp and the current HEAD in place, both in
# Release, then runs, one after the other on the same machine:
#   1. the grain-call benchmark (RallyLive.Benchmarks, GrainCallBenchmarks) of each tree, BenchmarkDotNet `--job short`;
#   2. the domain benchmark (DomainThroughputBenchmarks: a poll burst of 20,000 durable votes, reaction batches) of
#      each tree, with the class's own short job (1 warm-up, 5 iterations, monitoring);
#   3. the load generator's suite against each tree's real server process, started with the same settings: one
#      rally stepped up in viewers (fan-out), a poll burst (checked again after kill -9 and a restart), batched taps
#      ingested, and small chat, churn and many-rallies scenarios. HEAD's generator drives both servers (the
#      protocol did not change).
# and writes load-tests/results/orleans-comparison-<yyyy-mm-dd>.md: the machine, the load average, a table per
# scenario with both figures and their ratio. A build or scenario that fails is reported as failed, not dropped.
# Takes about 20-25 minutes with the defaults below.
#
# Usage: load-tests/run-orleans-comparison.sh <stand-in-commit>
# Environment (optional):
#   LEVELS=1000,2500   viewers of the fan-out steps        VOTERS=10000   poll burst voters (also the ingest crowd)
#   SCALE=0.2          scale of chat, churn, many rallies  BUDGET_S=240   time budget of the fan-out step-up
#   GRAIN_ARGS="--job short"   DOMAIN_ARGS=""             extra BenchmarkDotNet arguments of each benchmark
#   STANDIN_TREE=dir   an existing worktree checked out at the commit, used instead of a temporary one
#   REPORT=file        where to write the report (default load-tests/results/orleans-comparison-<day>.md)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh   # machine_table, wait_for

[[ $# -eq 1 ]] || { echo "usage: $0 <stand-in-commit>" >&2; exit 2; }
standin_commit="$(git rev-parse --verify --quiet "$1^{commit}")" || { echo "error: $1 is not a commit" >&2; exit 2; }
head_commit="$(git rev-parse HEAD)"
LEVELS="${LEVELS:-1000,2500}"
VOTERS="${VOTERS:-10000}"
SCALE="${SCALE:-0.2}"
BUDGET_S="${BUDGET_S:-240}"
GRAIN_ARGS="${GRAIN_ARGS---job short}"
DOMAIN_ARGS="${DOMAIN_ARGS:-}"
day="$(date -u +%F)"
report="${REPORT:-$root/load-tests/results/orleans-comparison-$day.md}"
work="$(mktemp -d /tmp/rallylive-comparison.XXXXXX)"
meta="$work/meta"   # one "key<TAB>value" a line, read by orleans-comparison-report.py
mkdir -p "$work/status"

temporary_tree=""
keep_work=""
cleanup() {
  [[ -n "${SERVER_PID:-}" ]] && kill "$SERVER_PID" 2>/dev/null
  wait 2>/dev/null
  if [[ -n "$temporary_tree" ]]; then git -C "$root" worktree remove --force "$temporary_tree" >/dev/null 2>&1 || rm -rf "$temporary_tree"; fi
  [[ -n "$keep_work" ]] || rm -rf "$work"
}
trap cleanup EXIT

note() { printf '%s\t%s\n' "$1" "$2" >>"$meta"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
log() { echo "$(date -u +%H:%M:%S) $*"; }
# Records a phase's outcome: ok, or failed with the last lines of its log.
status() { # phase rc logfile
  if [[ "$2" -eq 0 ]]; then echo ok >"$work/status/$1"
  else { echo "failed (exit $2); last lines of its output:"; tail -n 15 "$3" 2>/dev/null; } >"$work/status/$1"; fi
}

ulimit -Hn 400000 2>/dev/null || true
ulimit -n "$(ulimit -Hn)"

# ---- Builds ----------------------------------------------------------------------------------------------------
if [[ -n "${STANDIN_TREE:-}" ]]; then
  standin="$(cd "$STANDIN_TREE" && pwd)"
  [[ "$(git -C "$standin" rev-parse HEAD)" == "$standin_commit" ]] || { echo "error: $standin is not at $standin_commit" >&2; exit 2; }
else
  standin="$(mktemp -d /tmp/rallylive-standin.XXXXXX)"
  temporary_tree="$standin"
  git -C "$root" worktree add --detach --force "$standin" "$standin_commit" >/dev/null || { echo "error: no worktree for $standin_commit" >&2; exit 1; }
fi
orleans="$root"
note standin_tree "${temporary_tree:+temporary}"
note standin_commit "$standin_commit"
note standin_subject "$(git log -1 --format=%s "$standin_commit")"
note head_commit "$head_commit"
note head_subject "$(git log -1 --format=%s "$head_commit")"
note head_dirty "$(git status --porcelain --untracked-files=no | wc -l)"
note started "$(date -u '+%Y-%m-%d %H:%M')"
note levels "$LEVELS"; note voters "$VOTERS"; note scale "$SCALE"; note budget_s "$BUDGET_S"
note grain_args "$GRAIN_ARGS"; note domain_args "$DOMAIN_ARGS"

build() { # name tree
  log "building $1 in $2"
  local rc=0
  for project in src/RallyLive.Server load-tests/RallyLive.Benchmarks load-tests/RallyLive.LoadGenerator; do
    [[ "$1" == standin && "$project" == load-tests/RallyLive.LoadGenerator ]] && continue
    (cd "$2" && dotnet build "$project" -c Release -v q -nologo) >>"$work/build-$1.log" 2>&1 || { rc=$?; break; }
  done
  status "build-$1" "$rc" "$work/build-$1.log"
  return "$rc"
}
build standin "$standin"; standin_built=$?
build orleans "$orleans"; orleans_built=$?
[[ $orleans_built -eq 0 ]] || log "HEAD did not build: see the report"

# ---- Benchmarks ------------------------------------------------------------------------------------------------
bench() { # name tree class args...
  local name="$1" tree="$2" class="$3"; shift 3
  local out="$work/bench/$name/$class"
  mkdir -p "$out"
  log "$class on $name ${*:-(its own job)}"
  note "load_${name}_$class" "$(load)"
  # shellcheck disable=SC2068
  (cd "$tree" && dotnet run -c Release --project load-tests/RallyLive.Benchmarks -- \
      --filter "*$class*" --exporters json --artifacts "$out" $@) >"$out.log" 2>&1
  local rc=$?
  [[ $rc -eq 0 ]] && ! compgen -G "$out/results/*$class-report*.json" >/dev/null && rc=99
  status "bench-$name-$class" "$rc" "$out.log"
}

note load_benchmarks_start "$(load)"
for class in GrainCallBenchmarks DomainThroughputBenchmarks; do
  args="$GRAIN_ARGS"; [[ $class == DomainThroughputBenchmarks ]] && args="$DOMAIN_ARGS"
  [[ $standin_built -eq 0 ]] && bench standin "$standin" "$class" $args
  [[ $orleans_built -eq 0 ]] && bench orleans "$orleans" "$class" $args
done
note load_benchmarks_end "$(load)"

# ---- Load tests against each server process --------------------------------------------------------------------
generator() { dotnet "$orleans/load-tests/RallyLive.LoadGenerator/bin/Release/net10.0/RallyLive.LoadGenerator.dll" "$@"; }

# Each tree's server, Production, its own data file and keys, as load-test-common.sh's start_server does.
start_tree_server() { # tree dir port
  mkdir -p "$2/keys"
  (cd "$1/src/RallyLive.Server/bin/Release/net10.0" && \
    ASPNETCORE_ENVIRONMENT=Production Urls="http://127.0.0.1:$3" \
    Grains__Storage__Default__DataSource="$2/rallylive.db" RallyLive__Tokens__KeyDirectory="$2/keys" \
    RallyLive__HttpLimits__JoinStream__Burst=1000000 RallyLive__HttpLimits__CreateRally__Burst=100000 RallyLive__HttpLimits__Api__Burst=1000000 \
    Logging__LogLevel__Default=Warning \
    exec dotnet RallyLive.Server.dll >>"$2/server.out" 2>&1) &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$3/health"
}

suite() { # name tree port
  local name="$1" tree="$2" port="$3" dir="$work/load-$1"
  mkdir -p "$dir"
  log "load suite against the $name server on port $port"
  note "load_${name}_suite_start" "$(load)"
  note "time_${name}_suite_start" "$(date -u +%H:%M:%S)"
  if ! start_tree_server "$tree" "$dir" "$port"; then
    cp "$dir/server.out" "$dir/generator.out" 2>/dev/null
    status "load-$name" 98 "$dir/generator.out"; SERVER_PID=""; return
  fi
  generator suite --server "http://127.0.0.1:$port" --server-pid "$SERVER_PID" --out "$dir/out" \
    --levels "$LEVELS" --server-budget-s "$BUDGET_S" --scale "$SCALE" --poll-voters "$VOTERS" >"$dir/generator.out" 2>&1
  local rc=$?
  note "load_${name}_suite_end" "$(load)"
  note "time_${name}_suite_end" "$(date -u +%H:%M:%S)"
  status "load-$name" "$rc" "$dir/generator.out"
  # Durability: kill the server outright, start it again on the same data file, and read the poll's tallies.
  if [[ -f "$dir/out/poll.json" ]]; then
    kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
    if start_tree_server "$tree" "$dir" "$port"; then
      generator verify-poll --poll-file "$dir/out/poll.json" --server "http://127.0.0.1:$port" 2>&1 | tail -n 1 >"$dir/durability.txt"
    else
      echo "The server did not start again after kill -9." >"$dir/durability.txt"
    fi
  fi
  kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""
  tail -n 3 "$dir/server.out" >"$dir/server-tail.txt" 2>/dev/null
}

[[ $standin_built -eq 0 ]] && suite standin "$standin" 5190
[[ $orleans_built -eq 0 ]] && suite orleans "$orleans" 5191
note finished "$(date -u '+%Y-%m-%d %H:%M')"
note load_end "$(load)"

# ---- Report ----------------------------------------------------------------------------------------------------
mkdir -p "$(dirname "$report")"
machine_table >"$work/machine.md"
python3 "$root/load-tests/orleans-comparison-report.py" "$work" "$day" >"$report.tmp" && mv "$report.tmp" "$report" \
  || { echo "error: the report could not be written; the figures are in $work (kept)" >&2; keep_work=1; exit 1; }
log "wrote $report"
