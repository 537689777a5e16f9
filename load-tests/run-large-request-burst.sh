#!/usr/bin/env bash
# A burst of oversized requests against one server, with the configured body limit (256 KiB, appsettings.json) and,
# side by side in the same run, with the limit raised to 30 MB (how the server behaved before Kestrel's limits were
# bound): rounds of parallel 28 MB POST /api/rallies, while /health is timed and the server's RSS sampled every 0.2 s.
# Writes load-tests/results/large-request-burst-<yyyy-mm-dd>.md: RSS before, at its peak and 10 s after the burst,
# the answers the burst got, and /health latency during it.
#
# Usage: load-tests/run-large-request-burst.sh [parallel=16] [rounds=4] [megabytes=28]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source load-tests/load-test-common.sh

parallel="${1:-16}"
rounds="${2:-4}"
megabytes="${3:-28}"
begin_scratch
dotnet build src/RallyLive.Server -c Release -v q -nologo
report="$results/large-request-burst-$day.md"

# One oversized rally: a title of $megabytes MB, valid JSON, so only the size can refuse it.
body="$work/body.json"
{ printf '{"title":"'; head -c "$((megabytes * 1024 * 1024))" /dev/zero | tr '\0' 'a'; printf '","streams":[{"id":"stage","name":"Stage"}]}'; } > "$body"

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# Runs one server with $1 as its body limit on port $2 and prints one table row.
measure() {
  local label="$1" limit="$2" port="$3" dir="$work/$3"
  mkdir -p "$dir"
  Kestrel__Limits__MaxRequestBodySize="$limit" start_server "$dir" "$port"
  local base="http://127.0.0.1:$port"
  sleep 5
  local before; before="$(rss_mb "$SERVER_PID")"

  : > "$dir/rss"
  (while kill -0 "$SERVER_PID" 2>/dev/null; do rss_mb "$SERVER_PID" >> "$dir/rss"; echo >> "$dir/rss"; sleep 0.2; done) &
  local sampler=$!
  : > "$dir/health"
  (while :; do curl -s -o /dev/null -w '%{time_total}\n' "$base/health" >> "$dir/health" || true; sleep 0.05; done) &
  local timer=$!

  : > "$dir/codes"
  for _ in $(seq 1 "$rounds"); do
    for _ in $(seq 1 "$parallel"); do
      curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' --data-binary "@$body" "$base/api/rallies" >> "$dir/codes" || echo "failed" >> "$dir/codes" &
    done
    wait_jobs
  done
  kill "$timer" 2>/dev/null || true
  sleep 10
  local after; after="$(rss_mb "$SERVER_PID")"
  kill "$sampler" 2>/dev/null || true
  local peak; peak="$(grep -v '^$' "$dir/rss" | sort -n | tail -1)"
  local p95; p95="$(sort -n "$dir/health" | awk '{ v[NR] = $1 } END { i = int(NR * 0.95); if (i < 1) i = 1; printf "%.0f", v[i] * 1000 }')"
  local answers; answers="$(sort "$dir/codes" | uniq -c | awk '{ printf "%s%s x %s", sep, $1, $2; sep = ", " }')"
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  echo "| $label | $before | $peak | $after | $answers | $p95 |"
}

# Waits for the burst's curl processes only (the sampler and timer run on).
wait_jobs() {
  for pid in $(jobs -p); do
    [[ "$pid" == "${sampler:-}" || "$pid" == "${timer:-}" || "$pid" == "$SERVER_PID" ]] && continue
    wait "$pid" 2>/dev/null || true
  done
}

started_at="$(date -u '+%Y-%m-%d %H:%M')"
limited="$(measure "configured limit (256 KiB)" 262144 5191)"
unlimited="$(measure "baseline: limit raised to 30 MB" 31457280 5192)"

{
  echo "# A burst of oversized requests, $started_at UTC"
  echo
  echo "$rounds rounds of $parallel parallel POST /api/rallies with a $megabytes MB body, against one server on SQLite"
  echo "(Release, Production settings), once with the body limit of appsettings.json and once with it raised to 30 MB,"
  echo "as the server behaved before Kestrel's limits were bound. RSS is the server process's resident memory; /health is"
  echo "timed every 50 ms during the burst. Written by \`load-tests/run-large-request-burst.sh\`."
  echo
  echo "| server | RSS before (MB) | RSS peak (MB) | RSS 10 s after (MB) | answers | /health p95 during (ms) |"
  echo "|---|---:|---:|---:|---|---:|"
  echo "$limited"
  echo "$unlimited"
  echo
  machine_table
} > "$report"
cat "$report"
