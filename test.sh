#!/usr/bin/env bash
# Runs every NotifyBridge test: unit, integration on SQLite and on a throwaway PostgreSQL
# cluster, bUnit components, the migration drift check for both providers, and the
# Playwright journey in Chromium. Installs what a fresh Debian machine lacks (Chromium,
# the PostgreSQL server, the dotnet-ef tool). Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

results_dir="${TEST_RESULTS_DIR:-$PWD/artifacts/test-results}"
rm -rf "$results_dir" && mkdir -p "$results_dir"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing ${missing[*]}"
  as_root apt-get update -qq
  # The plain install (with Recommends) is the one proven to work for headless Chromium here.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "Could not install ${missing[*]}"; exit 1; }
  # The Debian package starts a default cluster we do not use: the tests start their own.
  if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_lsclusters >/dev/null; then
    as_root pg_ctlcluster --force "$(pg_lsclusters -h | awk 'NR==1{print $1}')" main stop 2>/dev/null || true
  fi
fi

echo "==> Restoring tools and building"
dotnet tool restore >/dev/null || exit 1
dotnet build NotifyBridge.sln -c Debug -nologo -clp:ErrorsOnly || exit 1

failed_steps=0
echo "==> Migrations cover the model (both providers)"
for context in SqliteNotifyBridgeDbContext PostgresNotifyBridgeDbContext; do
  if ! dotnet ef migrations has-pending-model-changes --no-build --context "$context" \
        --project src/NotifyBridge.Infrastructure >"$results_dir/ef-$context.log" 2>&1; then
    echo "Model changes without a migration for $context:"; cat "$results_dir/ef-$context.log"
    failed_steps=$((failed_steps + 1))
  fi
done

run_tests() {
  local project=$1 name=$2
  echo "==> $name"
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=minimal" --results-directory "$results_dir" || true
}
run_tests tests/NotifyBridge.Tests unit-integration
run_tests tests/NotifyBridge.E2E e2e

passed=0; failed=0; found=0
for trx in "$results_dir"/*.trx; do
  [ -f "$trx" ] || continue
  found=$((found + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# A test project that crashed before writing its results counts as a failure.
[ "$found" -eq 2 ] || failed=$((failed + 2 - found))
failed=$((failed + failed_steps))

if [ "$(git status --porcelain -- '*.golden.txt' 2>/dev/null | wc -l)" != 0 ]; then
  echo "Golden files changed or appeared during the run:"; git status --porcelain -- '*.golden.txt'
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
