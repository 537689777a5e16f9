# Shared by run-load-tests.sh, run-soak.sh and the other run-*.sh scripts: limits, tools, builds, processes and charts. Sourced, not run.

stop_all() {
  for pid in ${COUNTERS_PID:-} ${SERVER_PID:-} ${BASELINE_PIDS:-} ${CLUSTER_PIDS:-}; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}

# Open files for tens of thousands of sockets (the generator raises its own too).
raise_open_files() {
  # Root may raise the hard limit only with CAP_SYS_RESOURCE; otherwise the hard limit bounds connections per process.
  ulimit -Hn 400000 2>/dev/null || true
  ulimit -n "$(ulimit -Hn)"
}

# gnuplot, for the charts, from Debian's packages when missing.
install_gnuplot() {
  if ! command -v gnuplot >/dev/null; then
    local sudo=""; [[ $EUID -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq gnuplot-nox >/dev/null
  fi
}

# Open files, gnuplot, and the Node clients.
prepare() {
  raise_open_files
  install_gnuplot
  if command -v npm >/dev/null; then (cd "$root/load-tests/js" && npm ci --silent --no-audit --no-fund); fi
  dotnet_tool dotnet-counters >/dev/null 2>&1 || true
}

# A .NET diagnostic tool (dotnet-trace, dotnet-gcdump, dotnet-counters) under load-tests/.tools, installed when missing;
# prints its path.
dotnet_tool() {
  local tool="$root/load-tests/.tools/$1"
  [[ -x "$tool" ]] || dotnet tool install --tool-path "$root/load-tests/.tools" "$1" >/dev/null
  echo "$tool"
}

# Today's date, the results folder, and a scratch folder removed (with every process this script started) on exit.
# Sets day, results, work and out.
begin_scratch() {
  day="$(date -u +%F)"
  results="$root/load-tests/results"
  work="$(mktemp -d)"
  out="$work/out"
  trap 'stop_all; rm -rf "$work"' EXIT
}

# What every run of the suite starts with: the scratch folder, the tools and the Release builds.
begin_run() {
  begin_scratch
  prepare
  build_all
}

build_all() {
  dotnet build src/RallyLive.Server -c Release -v q -nologo
  dotnet build load-tests/RallyLive.LoadGenerator -c Release -v q -nologo
  dotnet build load-tests/RallyLive.LoadBaselines -c Release -v q -nologo
}

generator() { dotnet "$root/load-tests/RallyLive.LoadGenerator/bin/Release/net10.0/RallyLive.LoadGenerator.dll" "$@"; }

wait_for() { # url
  for _ in $(seq 1 120); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "error: nothing answered at $1" >&2; return 1
}

# Every generated client calls from this machine: the server's per-address HTTP limits are lifted for load runs.
DEFAULT_SERVER_SETTINGS="RallyLive__HttpLimits__JoinStream__Burst=1000000 RallyLive__HttpLimits__CreateRally__Burst=100000 RallyLive__HttpLimits__Api__Burst=1000000"

# The server in Production mode on its own data file and keys under $1, on 127.0.0.1:$2; sets SERVER_PID. Its
# per-address HTTP limits are lifted (every generated client calls from this machine) unless SERVER_SETTINGS gives
# other settings (NAME=value …) instead.
start_server() {
  local dir="$1" port="$2"
  local settings="${SERVER_SETTINGS-$DEFAULT_SERVER_SETTINGS}"
  mkdir -p "$dir/keys"
  # shellcheck disable=SC2086 # the settings are words
  (cd "$root/src/RallyLive.Server/bin/Release/net10.0" && \
    ASPNETCORE_ENVIRONMENT=Production Urls="http://127.0.0.1:$port" \
    Grains__Storage__Default__DataSource="$dir/rallylive.db" RallyLive__Tokens__KeyDirectory="$dir/keys" \
    Logging__LogLevel__Default=Warning \
    exec env $settings dotnet RallyLive.Server.dll >>"$dir/server.out" 2>&1) &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$port/health"
}

# A cluster under $1: a fresh Redis on 127.0.0.1:$3 (appendonly, appendfsync always, as in production) and $2 nodes on
# 127.0.0.1:5191… delivering the way $4 says (NodeObservers or RedisBackplane), per-address HTTP limits lifted. Sets
# CLUSTER_URLS and CLUSTER_PID_LIST (comma-separated, Redis first) and CLUSTER_PIDS (for stop_all and stop_cluster).
start_cluster() {
  local dir="$1" nodes="$2" redis_port="$3" way="$4" i port silo
  mkdir -p "$dir/redis"
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir/redis" --appendonly yes --appendfsync always \
    --save "" --daemonize no >"$dir/redis.log" 2>&1 &
  CLUSTER_PID_LIST="$!"; CLUSTER_PIDS="$!"; CLUSTER_URLS=""
  for _ in $(seq 1 60); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.5; done
  for i in $(seq 1 "$nodes"); do
    port=$((5190 + i)); silo=$((11190 + i))
    # shellcheck disable=SC2086 # the settings are words
    (cd "$root/src/RallyLive.Server/bin/Release/net10.0" && \
      ASPNETCORE_ENVIRONMENT=Production Urls="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
      RallyLive__Cluster__Redis="127.0.0.1:$redis_port" RallyLive__Cluster__Delivery="$way" Grains__Silo__Port="$silo" \
      exec env $DEFAULT_SERVER_SETTINGS dotnet RallyLive.Server.dll >>"$dir/node$i.out" 2>&1) &
    CLUSTER_PID_LIST+=",$!"; CLUSTER_PIDS+=" $!"
    CLUSTER_URLS+="${CLUSTER_URLS:+,}http://127.0.0.1:$port"
  done
  for url in ${CLUSTER_URLS//,/ }; do wait_for "$url/health/ready"; done
}

stop_cluster() {
  # shellcheck disable=SC2086 # the pids are words
  kill $CLUSTER_PIDS; wait 2>/dev/null || true
  CLUSTER_PIDS=""
}

# A baseline (l0 or naive) on 127.0.0.1:$2, with BASELINE_SETTINGS (NAME=value …) in its environment; sets BASELINE_PID.
start_baseline() {
  # shellcheck disable=SC2086 # the settings are words
  (cd "$root/load-tests/RallyLive.LoadBaselines/bin/Release/net10.0" && \
    exec env ${BASELINE_SETTINGS:-} dotnet RallyLive.LoadBaselines.dll --mode "$1" --urls "http://127.0.0.1:$2" >/dev/null 2>&1) &
  BASELINE_PID=$!
  BASELINE_PIDS="${BASELINE_PIDS:-} $BASELINE_PID"
  for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0; sleep 0.5; done
  echo "error: baseline $1 did not listen" >&2; return 1
}

# A side-by-side run (run-fanout.sh, run-ingest.sh): the generator's command and options ("$3"…) against each target
# of $1 in turn, each started alone on this machine and stopped after: l0 or naive (a baseline) or server (RallyLive),
# any of them followed by +NAME=value… (extra environment settings). The lines of the generator's output that match
# $2 are kept in $work/lines, each marked with its target; sets started_at, load_start and load_end for the report.
side_by_side() {
  local targets="$1" pattern="$2" target kind extra pid url
  shift 2
  begin_scratch
  raise_open_files
  build_all >/dev/null
  load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
  started_at="$(date -u '+%Y-%m-%d %H:%M')"
  : > "$work/lines"
  for target in $targets; do
    kind="${target%%+*}"
    extra=""; [[ "$target" == *+* ]] && extra="${target#*+}"
    if [[ "$kind" == server ]]; then
      SERVER_SETTINGS="$DEFAULT_SERVER_SETTINGS ${extra//+/ }" start_server "$work/$target" 5186
      pid="$SERVER_PID" url="http://127.0.0.1:5186"
    else
      BASELINE_SETTINGS="${extra//+/ }" start_baseline "$kind" 5187
      pid="$BASELINE_PID" url="http://127.0.0.1:5187"
    fi
    generator "$@" --target "$kind" --url "$url" --pid "$pid" | grep -E "$pattern" | sed "s/^/$target /" | tee -a "$work/lines"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
}

# dotnet-counters samples the server's runtime and Kestrel counters every 5 s into a CSV, when it installed.
start_counters() {
  local tool="$root/load-tests/.tools/dotnet-counters"
  COUNTERS_PID=""
  [[ -x "$tool" ]] || return 0
  "$tool" collect -p "$1" --refresh-interval 5 --format csv -o "$2" \
    --counters System.Runtime,Microsoft.AspNetCore.Server.Kestrel,Microsoft.AspNetCore.Http.Connections >/dev/null 2>&1 &
  COUNTERS_PID=$!
}

stop_counters() { [[ -n "${COUNTERS_PID:-}" ]] && kill -INT "$COUNTERS_PID" 2>/dev/null && sleep 2 || true; COUNTERS_PID=""; }

# Peak of each counter in the CSV (Timestamp,Provider,Counter Name,Counter Type,Mean/Increment).
counters_summary() {
  echo "| counter | peak |"
  echo "|---|---:|"
  awk -F, 'NR > 1 && $5 != "" { key = $3; if (!(key in peak) || $5 + 0 > peak[key]) peak[key] = $5 + 0 }
    END { for (k in peak) printf "| %s | %.2f |\n", k, peak[k] }' "$1" | sort
}

# The end of a step-up report: the machine, its load average ($load_start, $load_end) and the generator's lines ($work/lines).
step_up_lines() {
  machine_table
  echo "| Load average (1, 5, 15 min) at start / end | $load_start / $load_end |"
  echo
  echo '```'
  cat "$work/lines"
  echo '```'
}

machine_table() {
  echo "| Machine | |"
  echo "|---|---|"
  echo "| CPU | $(lscpu | awk -F: '/^Model name/ { sub(/^[ \t]+/, "", $2); print $2; exit }') |"
  echo "| Cores (nproc) | $(nproc) |"
  echo "| Memory | $(free -g | awk '/^Mem:/ { print $2 }') GiB |"
  echo "| .NET SDK | $(dotnet --version) |"
  echo "| Kernel | $(uname -r) |"
  echo "| Open files per process (ulimit -n, hard) | $(ulimit -Hn) |"
}

# Charts of the fan-out step-up from fanout.dat (one block per target): latencies, delivered per CPU-second, CPU, memory.
# Written as charts/<day>-<what>.png: a run-*.sh script passes a day with its own suffix (2026-12-07-cluster).
charts() {
  local out="$1" results="$2" day="$3"
  mkdir -p "$results/charts"
  local data="$out/fanout.dat"
  local names; names="$(grep '^# [A-Za-z]' "$data" | sed 's/^# //' | tail -n +2 | tr '\n' ' ')"
  [[ -n "$names" ]] || return 0
  local delivery="" reaction="" efficiency="" cpu="" memory="" i=0 name
  for name in $names; do
    delivery+="'$data' index $i using 2:8 with linespoints title '$name', "
    reaction+="'$data' index $i using 2:4 with linespoints title '$name', "
    efficiency+="'$data' index $i using 2:5 with linespoints title '$name', "
    cpu+="'$data' index $i using 2:6 with linespoints title '$name', "
    memory+="'$data' index $i using 2:7 with linespoints title '$name', "
    i=$((i + 1))
  done
  gnuplot <<GNUPLOT
set terminal pngcairo size 900,500
set grid
set key top left
set xlabel 'viewers of one rally'
set xrange [0:*]
set logscale y
set output '$results/charts/$day-delivery-p99.png'
set title 'p99 frame delivery latency, from the tick to the viewer (ms, log scale)'
plot ${delivery%, }, 250 with lines dashtype 2 title '250 ms'
set output '$results/charts/$day-reaction-p99.png'
set title 'p99 reaction-to-viewer latency, from the scheduled send (ms, log scale)'
plot ${reaction%, }, 500 with lines dashtype 2 title '500 ms'
unset logscale y
set output '$results/charts/$day-efficiency.png'
set title 'Delivered messages per server CPU-second'
plot ${efficiency%, }
set output '$results/charts/$day-cpu.png'
set title 'Server CPU-seconds per second (2 cores = 2.0)'
plot ${cpu%, }
set output '$results/charts/$day-memory.png'
set title 'Server memory per idle connection (KiB: RSS growth / connections)'
plot ${memory%, }, 40 with lines dashtype 2 title '40 KiB'
GNUPLOT
}
