#!/usr/bin/env bash
# Boot-to-ready: wall time from process launch until GET /api/ready answers 200.
#
# Publishes NotifyBridge.Web and bench/BareApp (Release) to a temporary directory, then
# measures, after one warm-up round that is not counted, N rounds of:
#   bare          the bare ASP.NET Core app (one MapGet) — the baseline
#   nb-first      NotifyBridge on an empty data directory (migrations applied, key ring created)
#   nb-second     NotifyBridge again on that same data directory (nothing pending)
# The three are interleaved round by round so background load affects them alike.
# Besides wall time it records the CPU time (user + system) each process had used when it
# became ready, which is less sensitive to other load on the machine than wall time.
# Every nb-second log must say "Database schema is up to date; no migrations to apply."
# and must not contain "Applying"; every nb-first log must contain "Applying".
#
# Usage: bench/boot-to-ready.sh            (N=5 by default)
#        N=10 bench/boot-to-ready.sh
#        PUBLISH_DIR=/tmp/x bench/boot-to-ready.sh   (reuse an earlier publish; skips building)
# Needs: dotnet, curl. Binds loopback ports only.
set -euo pipefail

N="${N:-5}"
POLL_INTERVAL="${POLL_INTERVAL:-0.01}"   # seconds between polls
TIMEOUT_S="${TIMEOUT_S:-60}"             # give up on one start after this long
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/boot-to-ready.XXXXXX")"
PUBLISH_DIR="${PUBLISH_DIR:-$WORK/publish}"
RESULTS="$WORK/results.tsv"
UP_TO_DATE="Database schema is up to date; no migrations to apply."

APP_PID=""
cleanup() {
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

now_ns() { date +%s%N; }
CLK_TCK="$(getconf CLK_TCK)"
# CPU time (user + system, all threads) a process has used so far, in ms.
cpu_ms() { awk -v hz="$CLK_TCK" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }

# A loopback port nobody listens on (connect fails), from a high random range.
free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "no free loopback port found" >&2
    return 1
}

publish() {
    if [[ -f "$PUBLISH_DIR/nb/NotifyBridge.Web.dll" && -f "$PUBLISH_DIR/bare/BareApp.dll" ]]; then
        echo "Using the existing publish output in $PUBLISH_DIR"
        return
    fi
    echo "Publishing (Release) to $PUBLISH_DIR ..."
    dotnet publish "$ROOT/src/NotifyBridge.Web" -c Release -o "$PUBLISH_DIR/nb" -nologo -v quiet
    dotnet publish "$ROOT/bench/BareApp" -c Release -o "$PUBLISH_DIR/bare" -nologo -v quiet
}

# measure <label> <app dir> <dll> <data dir or -> <log file>; sets MEASURED_MS (wall time to
# ready) and MEASURED_CPU_MS (CPU time the process had used by then).
# Runs in the main shell (not in $(...)) so the EXIT trap can always stop the app.
MEASURED_MS=""
MEASURED_CPU_MS=""
fail() {
    echo "$1" >&2
    [[ -n "${2:-}" ]] && tail -20 "$2" >&2
    exit 1
}

measure() {
    local label="$1" dir="$2" dll="$3" data="$4" log="$5"
    local port url start end code deadline
    port="$(free_port)"
    url="http://127.0.0.1:$port/api/ready"

    start="$(now_ns)"
    if [[ "$data" == "-" ]]; then
        (cd "$dir" && exec dotnet "$dll" --urls "http://127.0.0.1:$port") >"$log" 2>&1 &
    else
        (cd "$dir" && Storage__DataDirectory="$data" exec dotnet "$dll" --urls "http://127.0.0.1:$port") >"$log" 2>&1 &
    fi
    APP_PID=$!

    deadline=$((start + TIMEOUT_S * 1000000000))
    while :; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)"
        if [[ "$code" == "200" ]]; then
            end="$(now_ns)"
            MEASURED_CPU_MS="$(cpu_ms "$APP_PID")"
            break
        fi
        kill -0 "$APP_PID" 2>/dev/null || fail "$label: the process exited before it was ready; log: $log" "$log"
        (($(now_ns) <= deadline)) || fail "$label: not ready after ${TIMEOUT_S}s; log: $log" "$log"
        sleep "$POLL_INTERVAL"
    done

    # Graceful stop (flushes the console log), then make sure it is gone.
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
    MEASURED_MS=$(((end - start) / 1000000))
}

check_first() {
    grep -q "Applying" "$1" || fail "FAIL: first start did not apply migrations (no 'Applying' in $1)" "$1"
}

check_second() {
    grep -qF "$UP_TO_DATE" "$1" || fail "FAIL: second start did not log '$UP_TO_DATE' ($1)" "$1"
    if grep -q "Applying" "$1"; then fail "FAIL: second start applied migrations ($1)" "$1"; fi
}

record() { [[ "$2" == yes ]] && printf '%s\t%s\t%s\n' "$1" "$MEASURED_MS" "$MEASURED_CPU_MS" >>"$RESULTS"; return 0; }

round() {
    local i="$1" keep="$2" data="$WORK/data-$1"
    measure bare "$PUBLISH_DIR/bare" BareApp.dll - "$WORK/logs/bare-$i.log"
    record bare "$keep"

    rm -rf "$data"
    measure nb-first "$PUBLISH_DIR/nb" NotifyBridge.Web.dll "$data" "$WORK/logs/nb-first-$i.log"
    check_first "$WORK/logs/nb-first-$i.log"
    record nb-first "$keep"

    measure nb-second "$PUBLISH_DIR/nb" NotifyBridge.Web.dll "$data" "$WORK/logs/nb-second-$i.log"
    check_second "$WORK/logs/nb-second-$i.log"
    record nb-second "$keep"
}

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%d", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# summary <key> <label>: one Markdown table row.
summary() {
    local wall cpu
    wall="$(awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$RESULTS" | sort -n)"
    cpu="$(awk -F'\t' -v k="$1" '$1 == k { print $3 }' "$RESULTS")"
    printf '| %-46s | %4d | %9d | %6d | %6d | %13d |\n' "$2" "$(wc -l <<<"$wall")" \
        "$(median <<<"$wall")" "$(head -1 <<<"$wall")" "$(tail -1 <<<"$wall")" "$(median <<<"$cpu")"
}

main() {
    command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }
    mkdir -p "$WORK/logs"
    : >"$RESULTS"
    publish
    local load_start
    load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

    echo "Warm-up round (not counted) ..."
    round 0 no
    for i in $(seq 1 "$N"); do
        echo "Round $i/$N ..."
        round "$i" yes
    done

    echo
    echo "Boot-to-ready, ms (launch -> first 200 from /api/ready; polled every ${POLL_INTERVAL}s with curl)"
    echo "Machine: $(nproc) cores; SDK $(dotnet --version 2>/dev/null); load average (1/5/15 min) $load_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at end"
    echo
    echo "| scenario                                       | runs | median ms | min ms | max ms | median CPU ms |"
    echo "|------------------------------------------------|-----:|----------:|-------:|-------:|--------------:|"
    summary bare "bare ASP.NET Core app (bench/BareApp)"
    summary nb-first "NotifyBridge, first start (empty data dir)"
    summary nb-second "NotifyBridge, second start (nothing pending)"
    echo
    echo "All $N second starts logged \"$UP_TO_DATE\" and none logged \"Applying\"."
    echo "Raw results: $RESULTS; logs: $WORK/logs"
}

main "$@"
