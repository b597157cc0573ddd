#!/usr/bin/env bash
# Starts the hub the way a newcomer does (`npm start`, embedded database, fresh data directory) and runs the
# README's example query through the gateway with a demo token.
set -euo pipefail
cd "$(dirname "$0")/.."

export PORT="${SMOKE_PORT:-4400}"
export LOTGRAPH_DATA_DIR
LOTGRAPH_DATA_DIR="$(mktemp -d)/data"
unset DATABASE_URL
log="$(mktemp)"

# its own process group, so stopping it stops npm, the shell it runs and node alike
setsid npm start >"$log" 2>&1 &
pid=$!
cleanup() { kill -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  grep -q "LotGraph is running at" "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "npm start exited early" >&2; exit 1; }
  sleep 1
done
grep -q "LotGraph is running at http://127.0.0.1:${PORT}/graphql" "$log" || { cat "$log"; echo "npm start did not print the URL" >&2; exit 1; }
cat "$log"

token="$(node gateway/bin/lotgraph.js token --user qa.manager)"
query='{"query":"{ lot(lotNumber: \"SYR3-2611-0008\") { lotNumber status material { code gtin } exceptions { number severity capas { number status } } } }"}'
answer="$(curl -sf "http://127.0.0.1:${PORT}/graphql" -H "authorization: Bearer ${token}" -H 'content-type: application/json' -d "$query")"
echo "$answer"
echo "$answer" | grep -q '"capas":\[{"number":"CAPA-2026-0017"' || { echo "example query did not return the lot's exceptions and CAPAs" >&2; exit 1; }
# The README's login: a demo user's password gives a token the graph accepts.
login='{"query":"mutation { login(userId: \"qa.manager\", password: \"lotgraph-demo\") { token } }"}'
session="$(curl -sf "http://127.0.0.1:${PORT}/graphql" -H 'content-type: application/json' -d "$login")"
login_token="$(node -e 'console.log(JSON.parse(process.argv[1]).data.login.token)' "$session")" || { echo "login did not return a token: $session" >&2; exit 1; }
me="$(curl -sf "http://127.0.0.1:${PORT}/graphql" -H "authorization: Bearer ${login_token}" -H 'content-type: application/json' -d '{"query":"{ me { id } }"}')"
echo "$me" | grep -q '"me":{"id":"qa.manager"}' || { echo "the token from login was not accepted: $me" >&2; exit 1; }
curl -sf "http://127.0.0.1:${PORT}/healthz" | grep -q '"status":"ok"' || { echo "/healthz is not ok" >&2; exit 1; }
page="$(mktemp)"
curl -sf "http://127.0.0.1:${PORT}/graphql" -H 'accept: text/html' -o "$page"
grep -q '<title>LotGraph</title>' "$page" || { echo "GraphiQL page missing" >&2; exit 1; }
echo "smoke passed"
