#!/usr/bin/env bash
# Runs every test of the repository on a fresh Debian machine with the .NET SDK, installing what the tests
# need first, and ends with one line: "N passed, N failed[, N skipped]".
#
#   scripts/test.sh                 every test
#   scripts/test.sh --filter EXPR   passed to dotnet test (e.g. --filter FullyQualifiedName~Watch)
set -uo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }

# Debian packages the tests use, as "command:package" pairs; each is installed only when its command is
# missing, so a prepared machine pays nothing. chromium: the dashboard test drives it with Playwright. promtool and
# prometheus (package prometheus): the observability tests check the metrics exposition and run a real Prometheus
# server against BookInfo.
required=(chromium:chromium "promtool:prometheus" "prometheus:prometheus")
need_packages=()
for pair in "${required[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need_packages+=("${pair#*:}")
done
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing ${need_packages[*]}"
    apt-get update -qq && apt-get install -y -qq "${need_packages[@]}" >/dev/null
  else
    log "missing ${need_packages[*]}: run as root, or install them with apt-get"
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet is not on PATH: install the .NET 10 SDK" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log "restoring and building"
build_log=$(mktemp)
if ! dotnet build Mesh.sln -c Release -nologo -v quiet >"$build_log" 2>&1; then
  grep -E "error" "$build_log" | sort -u >&2
  rm -f "$build_log"
  echo "0 passed, 1 failed"
  exit 1
fi
rm -f "$build_log"

log "running tests"
output=$(mktemp)
dotnet test Mesh.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$output" | grep -A3 -E "^\s*Failed [A-Za-z]|(Passed|Failed)! |error" >&2
status=${PIPESTATUS[0]}

# Each test assembly ends with "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T" (or "Failed!  - ...").
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed: / {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
  }
  END { printf "%d %d %d\n", p, f, s }' "$output")
assemblies=$(grep -cE "(Passed|Failed)! +- +Failed: " "$output")
rm -f "$output"

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the run broke before reporting (a crash, a test host abort): never report it as green
fi
if [ "$assemblies" -eq 0 ]; then
  failed=$((failed > 0 ? failed : 1))
fi

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
