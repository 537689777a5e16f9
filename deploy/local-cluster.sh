#!/usr/bin/env bash
# A real RallyLive cluster on this machine's loopback: Redis, N nodes and nginx in front.
#   deploy/local-cluster.sh start [N]   installs what is missing (redis-server, nginx), starts them, prints the URLs
#   deploy/local-cluster.sh stop        stops exactly what start started
# Everything it starts is recorded in $RALLYLIVE_CLUSTER_DIR (default /tmp/rallylive-cluster): pids, logs, Redis data.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
state="${RALLYLIVE_CLUSTER_DIR:-/tmp/rallylive-cluster}"
front_port="${RALLYLIVE_FRONT_PORT:-8080}"
redis_port="${RALLYLIVE_REDIS_PORT:-6390}"
first_http_port=5101
first_silo_port=11111

say() { echo "[local-cluster] $*"; }

install_missing() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]} from Debian's packages"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

wait_for() { # description, command...
  local what="$1"; shift
  for _ in $(seq 1 240); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  say "gave up waiting for $what"; return 1
}

start() {
  local nodes="${1:-3}"
  if [ -f "$state/pids" ]; then
    say "a cluster is already running (state in $state); run: $0 stop"; exit 1
  fi
  install_missing
  mkdir -p "$state/redis"
  : > "$state/pids"
  # The operator key that opens each node's /metrics and Orleans dashboard; kept beside the pids, readable by this user only.
  (umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > "$state/operator-key")
  local operator_key; operator_key="$(cat "$state/operator-key")"

  say "building the server (Release)"
  dotnet build "$repo/src/RallyLive.Server" -c Release -v quiet -nologo >"$state/build.log" 2>&1 || { cat "$state/build.log"; exit 1; }

  say "starting Redis on 127.0.0.1:$redis_port (appendonly, appendfsync always)"
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$state/redis" --appendonly yes --appendfsync always \
    --save "" --daemonize no >"$state/redis.log" 2>&1 &
  echo "redis $!" >> "$state/pids"
  wait_for "Redis" redis-cli -p "$redis_port" ping

  local upstreams=""
  for i in $(seq 1 "$nodes"); do
    local http=$((first_http_port + i - 1)) silo=$((first_silo_port + i - 1)) demo=false
    [ "$i" -eq 1 ] && demo=true   # the first node plays the built-in demo
    say "starting node $i: http://127.0.0.1:$http (silo port $silo)"
    (cd "$repo/src/RallyLive.Server" && \
      ASPNETCORE_ENVIRONMENT=Production Urls="http://127.0.0.1:$http" \
      RallyLive__Cluster__Redis="127.0.0.1:$redis_port" Grains__Silo__Port="$silo" \
      RallyLive__Demo__Enabled="$demo" RallyLive__PublicUrl="http://127.0.0.1:$front_port" RallyLive__TrustedProxies__0=127.0.0.1 \
      RallyLive__Operations__Key="$operator_key" \
      exec dotnet bin/Release/net10.0/RallyLive.Server.dll >"$state/node$i.log" 2>&1) &
    echo "node$i $!" >> "$state/pids"
    upstreams+="        server 127.0.0.1:$http max_fails=1 fail_timeout=5s;"$'\n'
  done
  for i in $(seq 1 "$nodes"); do
    wait_for "node $i" curl -fsS "http://127.0.0.1:$((first_http_port + i - 1))/health/ready"
  done

  say "starting nginx on 127.0.0.1:$front_port"
  mkdir -p "$state/nginx-body"
  local template="$repo/deploy/nginx/rallylive.conf.template"
  UPSTREAMS="$upstreams" FRONT="127.0.0.1:$front_port" STATE="$state" python3 - "$template" > "$state/nginx.conf" <<'PY'
import os, sys
text = open(sys.argv[1]).read()
for name in ("UPSTREAMS", "FRONT", "STATE"):
    text = text.replace("@" + name + "@", os.environ[name].rstrip("\n"))
print(text)
PY
  local nginx_bin; nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
  "$nginx_bin" -p "$state" -c "$state/nginx.conf" -g 'daemon off;' >"$state/nginx.log" 2>&1 &
  echo "nginx $!" >> "$state/pids"
  wait_for "nginx" curl -fsS "http://127.0.0.1:$front_port/health"

  echo
  echo "RallyLive cluster of $nodes nodes is up."
  echo "  front (nginx):   http://127.0.0.1:$front_port"
  for i in $(seq 1 "$nodes"); do echo "  node $i:          http://127.0.0.1:$((first_http_port + i - 1))   log: $state/node$i.log"; done
  echo "  Redis:           127.0.0.1:$redis_port   data: $state/redis"
  echo "  operations:      each node's /metrics and /dashboard/ (user any, password: the key in $state/operator-key)"
  echo "  demo links (played by node 1, opened through the front):"
  wait_for "the demo's links" grep -q "control panel:" "$state/node1.log" || true
  grep -E "^Demo rally|  (control panel|moderator console|watch |report):" "$state/node1.log" \
    | sed "s#http://127.0.0.1:$first_http_port#http://127.0.0.1:$front_port#g" || true
  echo "Stop it with: $0 stop"
}

stop() {
  if [ ! -f "$state/pids" ]; then
    say "nothing to stop (no $state/pids)"; return 0
  fi
  # nginx and the nodes first (nodes store their grains' last state as they stop), Redis last.
  tac "$state/pids" | while read -r name pid; do
    if kill -0 "$pid" 2>/dev/null; then
      say "stopping $name ($pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$state/pids"
  say "stopped; logs and Redis data stay in $state"
}

case "${1:-}" in
  start) start "${2:-3}" ;;
  stop) stop ;;
  *) echo "usage: $0 start [N] | stop"; exit 2 ;;
esac
