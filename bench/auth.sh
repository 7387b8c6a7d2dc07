#!/usr/bin/env bash
# The cost of authentication on Submit with wait=true (demo.echo): three servers from one build
# (no auth, one API key, JWT HS256), driven in turn by ghz with the same load, ROUNDS times,
# alternating (none, key, jwt, none, ...), so the machine's load drifts over all three alike.
#
#   bench/auth.sh                 # ROUNDS=3 DURATION=10s CONCURRENCY=16
#   ROUNDS=5 DURATION=20s bench/auth.sh
#
# Prints one line per round and mode (req/s, p50, p99 in ms) and a Markdown table of medians
# with the ratio to no auth. Needs a Release build of server/TaskRpc.Server (built here) and
# ghz (../shared/tools/ghz, or on the PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONCURRENCY=${CONCURRENCY:-16}
GHZ=${GHZ:-$(command -v ghz || echo ../shared/tools/ghz)}
[ -x "$GHZ" ] || { echo "auth.sh: ghz not found (set GHZ=...)" >&2; exit 1; }
dotnet build server/TaskRpc.Server -c Release -v quiet -nologo >/dev/null
DLL=server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll
KEY=bench-api-key-0123456789
SECRET=bench-signing-key-of-at-least-32-bytes!!
JWT=$(/usr/bin/python3 - "$SECRET" <<'PY'
import base64, hashlib, hmac, json, sys, time
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
body = b64(json.dumps({"sub": "bench", "tenant": "bench", "exp": int(time.time()) + 3600}).encode())
sig = b64(hmac.new(sys.argv[1].encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
print(f"{head}.{body}.{sig}")
PY
)
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
start() { # name port args...
  local name=$1 port=$2; shift 2
  dotnet "$DLL" --port "$port" --http-port -1 --store memory --Logging:LogLevel:Default=Warning "$@" >"/tmp/auth-bench-$name.log" 2>&1 &
  PIDS+=($!)
}
P_NONE=$(free_port); start none "$P_NONE"
P_KEY=$(free_port); start key "$P_KEY" --Auth:ApiKeys:0:Key=$KEY --Auth:ApiKeys:0:Tenant=bench
P_JWT=$(free_port); start jwt "$P_JWT" --Auth:Jwt:SigningKey=$SECRET
for port in "$P_NONE" "$P_KEY" "$P_JWT"; do
  for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.5; done
done
run() { # mode port metadata-json duration
  "$GHZ" --insecure --proto protos/taskrpc/v1/task_service.proto --import-paths protos \
    --call taskrpc.v1.TaskService/Submit -d '{"task":"demo.echo","args":{"json":{"n":1}},"wait":true}' \
    -m "$3" -c "$CONCURRENCY" --connections 1 -z "$4" --format json "127.0.0.1:$2"
}
declare -A PORT=([none]=$P_NONE [key]=$P_KEY [jwt]=$P_JWT)
declare -A META=([none]='{}' [key]="{\"x-api-key\":\"$KEY\"}" [jwt]="{\"authorization\":\"Bearer $JWT\"}")
for mode in none key jwt; do run "$mode" "${PORT[$mode]}" "${META[$mode]}" 3s >/dev/null; done # warm-up
RESULTS=$(mktemp)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for mode in none key jwt; do
    run "$mode" "${PORT[$mode]}" "${META[$mode]}" "$DURATION" | /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)
lat = {d["percentage"]: d["latency"] / 1e6 for d in r.get("latencyDistribution") or []}
codes = r.get("statusCodeDistribution", {})
print(json.dumps({"round": int(sys.argv[1]), "mode": sys.argv[2], "rps": r["rps"], "p50": lat.get(50), "p99": lat.get(99), "codes": codes}))
' "$round" "$mode" | tee -a "$RESULTS"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$RESULTS" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
bad = [r for r in rows if set(r["codes"]) - {"OK"}]
if bad:
    print("non-OK answers:", bad, file=sys.stderr)
med = {m: {k: statistics.median(r[k] for r in rows if r["mode"] == m) for k in ("rps", "p50", "p99")} for m in ("none", "key", "jwt")}
print("| auth | req/s (median) | vs none | p50 ms | p99 ms |")
print("| --- | ---: | ---: | ---: | ---: |")
for m, name in (("none", "none"), ("key", "API key (x-api-key)"), ("jwt", "JWT HS256 (Bearer)")):
    v = med[m]
    print(f"| {name} | {v['rps']:,.0f} | {v['rps'] / med['none']['rps']:.2f} | {v['p50']:.2f} | {v['p99']:.2f} |")
PY
