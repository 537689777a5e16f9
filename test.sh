#!/usr/bin/env bash
# Runs every RallyLive test and ends with one line: "N passed, N failed".
# Installs whatever the tests need first, so it works on a fresh machine with the .NET SDK.
set -uo pipefail
cd "$(dirname "$0")"

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

# Debian packages the tests need, installed once if the machine lacks them: Chromium, whose pages the browser
# tests drive; redis-server, which the Redis storage and cluster tests start on ports of their own, and nginx,
# which the cluster tests put in front of their nodes (no system service of either is used).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian's ${missing[*]} for the tests"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Node clients, from npm at their locked versions: the official SignalR JavaScript client for the protocol
# tests, playwright-core for the browser tests.
npm ci --prefix tests/RallyLive.Server.Tests/protocol --no-audit --no-fund
npm ci --prefix tests/RallyLive.Server.Tests/browser --no-audit --no-fund

rm -rf TestResults/screenshots   # this run's screenshots only

# A test that hangs is stopped after 10 minutes and named, so the run ends with a count rather than never.
dotnet test RallyLive.sln --configuration Release --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m --blame-hang-dump-type none "$@"
status=$?

# Sum the counters of every test assembly's TRX report: <Counters total=".." passed=".." failed=".." ...>
passed=0
failed=0
shopt -s nullglob
for report in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$report" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test failed before every test could report (exit code $status); see above." >&2
fi
if [ -d TestResults/screenshots ]; then
  echo "Screenshots of the pages: $(pwd)/TestResults/screenshots"
fi
echo "$passed passed, $failed failed"
exit "$status"
