#!/usr/bin/env bash
# Load test of the inbound webhook endpoint on loopback: the full path (token check,
# parse, event + payload log + counters + search index, group commit) against a Release
# build on SQLite. Needs wrk (apt-get install wrk). Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }

duration=${DURATION:-15s}; connections=${CONNECTIONS:-64}
data=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
dotnet build -c Release src/NotifyBridge.Web -nologo -clp:ErrorsOnly >/dev/null
app="dotnet src/NotifyBridge.Web/bin/Release/net10.0/NotifyBridge.Web.dll"
export Storage__DataDirectory="$data"
$app create-admin --email load@example.test --password Passw0rd-load >/dev/null
token=$($app create-token --email load@example.test --name load | tail -1)

# The per-provider rate limit would (rightly) answer 429 long before the machine's limit.
Webhooks__RateLimitPerMinute=100000000 Webhooks__RateLimitBurst=1000000 Logging__LogLevel__Default=Warning \
  $app --urls "http://127.0.0.1:$port" >"$data/app.log" 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
until curl -sf "http://127.0.0.1:$port/api/ready" >/dev/null; do sleep 0.2; done

url=$(curl -sf -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  -d '{"name":"Load","type":"generic_webhook","webhookSecret":"load-secret-123"}' \
  "http://127.0.0.1:$port/api/v1/providers" | python3 -c 'import json,sys;print(json.load(sys.stdin)["webhookUrl"])')
cat >"$data/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body   = '{"title":"Backup finished","message":"Nightly backup of the NAS completed in 42 minutes","url":"https://nas.example/backup"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Webhook-Token"] = "load-secret-123"
LUA
wrk -t2 -c"$connections" -d5s -s "$data/post.lua" "$url" >/dev/null   # warm-up
wrk -t2 -c"$connections" -d"$duration" --latency -s "$data/post.lua" "$url"
python3 - "$data/notifybridge.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
q = lambda s: c.execute(s).fetchone()[0]
hits = q("select count(*) from EventSearch where EventSearch match 'backup'")
print(f"stored events {q('select count(*) from Events')}, counter {q('select EventCount from ProviderEventCounters')}, "
      f"search hits {hits}, payload log rows {q('select count(*) from WebhookPayloadLog')}")
PY
