#!/usr/bin/env bash
# Transport benchmark: grpc-dotnet (Grpc.AspNetCore) vs a bare Kestrel HTTP/2 endpoint returning the same bytes.
#
#   bench/transport.sh            # 3 rounds, writes the section in docs/benchmarks.md
#   ROUNDS=5 bench/transport.sh   # more rounds (each round costs ~36 s)
#   NO_DOCS=1 bench/transport.sh  # measure only, print the section to stdout
#
# One server process (bench/TaskRpc.Bench.Transport) listens on two loopback h2c ports: the
# trivial unary method taskrpc.bench.Echo/Ping on grpc-dotnet, and a bare MapPost endpoint
# on the same path that answers with the byte-identical framed reply + grpc-status 0 trailer.
# h2load drives them alternately (bare, grpc, bare, grpc, ...): a throughput run
# (-c 16 -m 32) and a latency run (-c 1 -m 1) per endpoint and round. Medians per endpoint
# and the ratio grpc/bare go to the section "## Transport: gRPC layer vs bare Kestrel".
# Runtime is bounded: ~2 min with the default 3 rounds, hard stop at BUDGET_S (280 s).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROJECT="$ROOT/bench/TaskRpc.Bench.Transport"
DLL="$PROJECT/bin/Release/net10.0/TaskRpc.Bench.Transport.dll"
DOC="$ROOT/docs/benchmarks.md"
GRPC_PORT=${GRPC_PORT:-50161}
BARE_PORT=${BARE_PORT:-50162}
ROUNDS=${ROUNDS:-3}
BUDGET_S=${BUDGET_S:-280}
TPUT_ARGS=(-c 16 -m 32 -t 1 -D 10 --warm-up-time=2)
LAT_ARGS=(-c 1 -m 1 -t 1 -D 5 --warm-up-time=1)
HDRS=(-H 'content-type: application/grpc' -H 'te: trailers')
URL_PATH=/taskrpc.bench.Echo/Ping
START=$SECONDS

die() { echo "transport.sh: $*" >&2; exit 1; }

command -v h2load >/dev/null || die "h2load not found: install nghttp2-client (apt-get install -y nghttp2-client)."
command -v dotnet >/dev/null || die "dotnet not found."
command -v python3 >/dev/null || die "python3 not found."
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer."
per_round=$(( 2 * (12 + 6) ))
(( ROUNDS * per_round + 60 <= BUDGET_S )) || die "ROUNDS=$ROUNDS needs ~$(( ROUNDS * per_round + 60 )) s, over the budget of ${BUDGET_S} s (raise BUDGET_S)."

WORK=$(mktemp -d /tmp/taskrpc-transport.XXXXXX)
SERVER_PID=
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.3; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

remaining() { echo $(( BUDGET_S - (SECONDS - START) )); }

echo "== build (Release)"
timeout 150 dotnet build "$PROJECT" -c Release -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; die "build failed (log above)."; }

for port in "$GRPC_PORT" "$BARE_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is already in use (set GRPC_PORT / BARE_PORT)."; fi
done

echo "== start server (grpc :$GRPC_PORT, bare :$BARE_PORT)"
DOTNET_gcServer=1 dotnet "$DLL" --grpc-port "$GRPC_PORT" --bare-port "$BARE_PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  grep -q READY "$WORK/server.log" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "server exited before READY."; }
  sleep 0.1
done
grep -q READY "$WORK/server.log" || die "server not READY after 10 s."

# PingRequest{message="ping", seq=1}: field 1 (0x0a) len 4 "ping", field 2 (0x10) varint 1;
# framed: flag 0, big-endian length 8.
REQ="$WORK/req.bin"
printf '\x00\x00\x00\x00\x08\x0a\x04ping\x10\x01' >"$REQ"
[[ $(stat -c %s "$REQ") == 13 ]] || die "request body is not 13 bytes."

echo "== verify one response per endpoint"
for name in bare grpc; do
  port=$BARE_PORT; [[ $name == grpc ]] && port=$GRPC_PORT
  url="http://127.0.0.1:$port$URL_PATH"
  if command -v nghttp >/dev/null; then
    timeout 10 nghttp -v -d "$REQ" "${HDRS[@]}" "$url" >"$WORK/verify-$name.txt" 2>&1 || die "$name: nghttp failed."
    timeout 10 nghttp -d "$REQ" "${HDRS[@]}" "$url" >"$WORK/body-$name.bin" 2>/dev/null || die "$name: nghttp failed."
  else
    timeout 10 h2load -n 1 -c 1 -v -d "$REQ" "${HDRS[@]}" "$url" >"$WORK/verify-$name.txt" 2>&1 || die "$name: h2load -n 1 failed."
  fi
  grep -aqE 'grpc-status: 0$' "$WORK/verify-$name.txt" || { cat "$WORK/verify-$name.txt" >&2; die "$name: no 'grpc-status: 0' trailer."; }
  grep -aqE ':status: 200$' "$WORK/verify-$name.txt" || die "$name: HTTP status is not 200."
  echo "   $name: :status 200, grpc-status 0"
done
if [[ -f "$WORK/body-bare.bin" ]]; then
  cmp -s "$WORK/body-bare.bin" "$WORK/body-grpc.bin" || die "response bodies differ: $(xxd -p "$WORK/body-bare.bin") vs $(xxd -p "$WORK/body-grpc.bin")."
  echo "   bodies identical: $(xxd -p "$WORK/body-grpc.bin")"
fi

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# idle+iowait and steal ticks of the whole machine
sys_ticks() { awk '/^cpu /{print $5 + $6, $9}' /proc/stat; }

# run KIND NAME ROUND: one h2load run; records the output and the server's CPU use over the
# measurement window (sampled from the end of h2load's warm-up to its exit).
run() {
  local kind=$1 name=$2 round=$3 port warm dur args
  port=$BARE_PORT; [[ $name == grpc ]] && port=$GRPC_PORT
  if [[ $kind == tput ]]; then args=("${TPUT_ARGS[@]}"); warm=2; dur=10; else args=("${LAT_ARGS[@]}"); warm=1; dur=5; fi
  (( $(remaining) > dur + warm + 10 )) || die "time budget (${BUDGET_S} s) exhausted."
  local out="$WORK/$kind-$name-$round.txt"
  timeout $(( dur + warm + 20 )) h2load "${args[@]}" -d "$REQ" "${HDRS[@]}" "http://127.0.0.1:$port$URL_PATH" >"$out" 2>&1 &
  local h2pid=$!
  sleep "$warm.2"
  local t0 c0 t1 c1 s0 s1 h0 h1 hpid
  hpid=$(pgrep -P "$h2pid" -x h2load || echo "$h2pid")
  t0=$(date +%s.%N); c0=$(cpu_ticks "$SERVER_PID"); s0=$(sys_ticks); h0=$(cpu_ticks "$hpid")
  sleep "$(( dur - 2 )).5"
  h1=$(cpu_ticks "$hpid")
  wait "$h2pid" || { cat "$out" >&2; die "h2load failed ($kind $name round $round)."; }
  t1=$(date +%s.%N); c1=$(cpu_ticks "$SERVER_PID"); s1=$(sys_ticks)
  echo "cpu_ticks $(( c1 - c0 )) wall $t0 $t1 clk_tck $(getconf CLK_TCK) sys0 $s0 sys1 $s1 h2load_ticks $(( h1 - h0 )) h2load_wall $(( dur - 2 )).5 loadavg $(cut -d' ' -f1 /proc/loadavg)" >>"$out"
  printf '   %-4s %-4s round %d: %s\n' "$kind" "$name" "$round" "$(grep -oE '[0-9.]+ req/s' "$out")"
}

echo "== measure: $ROUNDS rounds, alternating bare/grpc"
for round in $(seq 1 "$ROUNDS"); do
  run tput bare "$round"; run tput grpc "$round"
  run lat bare "$round"; run lat grpc "$round"
done

TPUT_CMD="h2load ${TPUT_ARGS[*]} -d req.bin -H 'content-type: application/grpc' -H 'te: trailers' http://127.0.0.1:PORT$URL_PATH"
LAT_CMD="h2load ${LAT_ARGS[*]} -d req.bin -H 'content-type: application/grpc' -H 'te: trailers' http://127.0.0.1:PORT$URL_PATH"

export ELAPSED=$(( SECONDS - START )) WORK ROUNDS DOC TPUT_CMD LAT_CMD GRPC_PORT BARE_PORT NO_DOCS="${NO_DOCS:-}"
export M_NPROC="$(nproc)" M_MEM="$(free -h | awk '/^Mem:/{print $2}')" \
  M_CPU="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)" M_DOTNET="$(dotnet --version)" \
  M_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" M_KERNEL="$(uname -r)" M_H2LOAD="$(h2load --version | head -1)" \
  M_COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
python3 - <<'PY'
import os, re, statistics as st

work, rounds = os.environ["WORK"], int(os.environ["ROUNDS"])
UNIT = {"us": 1.0, "ms": 1000.0, "s": 1e6}

def us(v):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s)", v)
    return float(m.group(1)) * UNIT[m.group(2)]

def parse(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    rps = float(re.search(r"finished in [0-9.]+\w+, ([0-9.]+) req/s", text).group(1))
    req = re.search(r"requests: (\d+) total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored", text)
    total, ok, failed, errored = map(int, req.groups())
    codes = re.search(r"status codes: (\d+) 2xx", text)
    if failed or errored or ok != total or int(codes.group(1)) != total:
        raise SystemExit(f"{path}: failed requests or non-2xx statuses:\n{text}")
    lat = re.search(r"time for request:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", text)
    mn, mx, mean, sd = (us(x) for x in lat.groups())
    cpu = re.search(r"cpu_ticks (\d+) wall ([0-9.]+) ([0-9.]+) clk_tck (\d+) sys0 (\d+) (\d+) sys1 (\d+) (\d+) "
                    r"h2load_ticks (-?\d+) h2load_wall ([0-9.]+) loadavg ([0-9.]+)", text)
    g = cpu.groups()
    hz, wall = int(g[3]), float(g[2]) - float(g[1])
    cpu_frac = int(g[0]) / hz / wall
    idle = (int(g[6]) - int(g[4])) / hz / wall
    steal = (int(g[7]) - int(g[5])) / hz / wall
    h2 = int(g[8]) / hz / float(g[9]) if int(g[8]) > 0 else float("nan")
    return dict(rps=rps, min=mn, max=mx, mean=mean, sd=sd, cpu=cpu_frac * 100, cpu_us=cpu_frac * 1e6 / rps,
                h2cpu=h2 * 100, idle=idle * 100, steal=steal * 100, load=float(g[10]))

runs = {(k, n): [parse(f"{work}/{k}-{n}-{r}.txt") for r in range(1, rounds + 1)]
        for k in ("tput", "lat") for n in ("bare", "grpc")}
def median(values):
    values = [x for x in values if x == x]
    return st.median(values) if values else float("nan")

med = {key: {f: median(x[f] for x in v) for f in v[0]} for key, v in runs.items()}
ratio = med["tput", "grpc"]["rps"] / med["tput", "bare"]["rps"]
paired = [g["rps"] / b["rps"] for b, g in zip(runs["tput", "bare"], runs["tput", "grpc"])]
lat_ratio = med["lat", "grpc"]["rps"] / med["lat", "bare"]["rps"]
cpu_ratio = med["tput", "bare"]["cpu_us"] / med["tput", "grpc"]["cpu_us"]
met = ratio >= 0.80
below = sum(p < 0.80 for p in paired)
loads = [x["load"] for v in runs.values() for x in v]
spread = max(paired) / min(paired) - 1
verdict = "MET" if met else "NOT MET"
if met and below:
    verdict += f" on the medians, but {below} of {rounds} paired rounds were below 80%"
elif not met and below < rounds:
    verdict += f" on the medians ({rounds - below} of {rounds} paired rounds were at or above 80%)"

def f_us(v):
    return f"{v / 1000:.2f} ms" if v >= 10000 else f"{v:.0f} µs"

rows = []
for kind, label in (("tput", "throughput `-c 16 -m 32`"), ("lat", "latency `-c 1 -m 1`")):
    for name in ("bare", "grpc"):
        m = med[kind, name]
        rows.append(f"| {label} | {'bare Kestrel' if name == 'bare' else 'gRPC layer'} | {m['rps']:,.0f} | "
                    f"{f_us(m['mean'])} | {f_us(m['sd'])} | {f_us(m['max'])} | {m['cpu']:.0f}% | {m['h2cpu']:.0f}% | "
                    f"{m['idle']:.0f}% / {m['steal']:.0f}% | {m['cpu_us']:.1f} |")
detail = []
for kind in ("tput", "lat"):
    for name in ("bare", "grpc"):
        detail.append(f"| {kind} | {name} | " + " | ".join(f"{x['rps']:,.0f} ({x['load']:.1f})" for x in runs[kind, name]) + " |")

e = os.environ
section = f"""## Transport: gRPC layer vs bare Kestrel

What it measures: the cost of the gRPC layer (grpc-dotnet, Grpc.AspNetCore 2.85.0: request
validation, call context, framing, protobuf parse/serialize, status trailers) on a trivial unary method, against a
bare Kestrel HTTP/2 endpoint that answers the same request with the byte-identical response
(5-byte frame + the same `PingReply` bytes, `content-type: application/grpc`, `grpc-status: 0`
trailer). Both live in one process (bench/TaskRpc.Bench.Transport: two WebApplications, same
runtime, thread pool and GC), on two loopback h2c ports, Kestrel HTTP/2 only, Release, logging
off. The bare endpoint is an `app.MapPost` on the same path with the same endpoint routing and
Kestrel limits as `MapGrpcService` (HTTP/2 only, 1000 streams per connection), so the difference is the gRPC layer alone. It
drains the request body, then writes the precomputed frame and trailer.

Method: `taskrpc.bench.Echo/Ping` (bench/TaskRpc.Bench.Transport/bench.proto), request
`PingRequest{{message: "ping", seq: 1}}` (13-byte framed body), the handler echoes it into a new
`PingReply`. The script checks one response per endpoint first (`nghttp -v`: `:status 200`,
`grpc-status: 0`, bodies byte-identical), then runs h2load alternately bare, grpc, bare, grpc, …
({rounds} rounds per endpoint and mode) and takes the median per endpoint.

Reproduce: `bench/transport.sh` (3 rounds, about 2 minutes); this run: `ROUNDS={rounds} bench/transport.sh`,
{e['ELAPSED']} s including the build.

Machine: {e['M_NPROC']} cores ({e['M_CPU']}), {e['M_MEM']} RAM, kernel {e['M_KERNEL']}, .NET SDK
{e['M_DOTNET']}, {e['M_H2LOAD']}; shared and noisy VM (1-minute load average {min(loads):.1f}–{max(loads):.1f}
during the runs: other work competed for the cores); h2load and the server share the 2 cores.
Run: {e['M_DATE']}, commit {e['M_COMMIT']} (plus the working tree at that time).

Commands (PORT = {e['BARE_PORT']} bare, {e['GRPC_PORT']} gRPC; req.bin = `printf '\\x00\\x00\\x00\\x00\\x08\\x0a\\x04ping\\x10\\x01'`):

```sh
dotnet build bench/TaskRpc.Bench.Transport -c Release
dotnet bench/TaskRpc.Bench.Transport/bin/Release/net10.0/TaskRpc.Bench.Transport.dll --grpc-port {e['GRPC_PORT']} --bare-port {e['BARE_PORT']}
nghttp -v -d req.bin -H 'content-type: application/grpc' -H 'te: trailers' http://127.0.0.1:PORT/taskrpc.bench.Echo/Ping   # check: grpc-status: 0
{e['TPUT_CMD']}
{e['LAT_CMD']}
```

Results (median of {rounds} runs each; latency is h2load's "time for request": mean, sd, max;
CPU figures are taken from /proc over the measurement window, 100% = one core: server and
h2load process CPU, the machine's idle and steal time, and the server's CPU time per request):

| run | endpoint | req/s | mean | sd | max | server CPU | h2load CPU | idle / steal | server CPU µs/req |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
{chr(10).join(rows)}

Every run's req/s, in run order (rounds 1..{rounds}), with the machine's 1-minute load average
at the end of the run in parentheses (above 2 means other work competed for the 2 cores):

| mode | endpoint | {' | '.join(f'r{i}' for i in range(1, rounds + 1))} |
|---|---|{'---:|' * rounds}
{chr(10).join(detail)}

**Ratio gRPC / bare (throughput, medians): {ratio:.1%}** — per-round paired ratios
{', '.join(f'{p:.1%}' for p in paired)}. Latency run (`-c 1 -m 1`): {lat_ratio:.1%} of bare req/s
(mean {f_us(med['lat', 'grpc']['mean'])} vs {f_us(med['lat', 'bare']['mean'])}). Server CPU per request:
bare needs {cpu_ratio:.0%} of what the gRPC layer needs.

**Target (gRPC layer keeps ≥ 80% of the bare endpoint's req/s): {verdict}.**

Reading the numbers: h2load runs one thread (`-t 1`) and takes most of one of the 2 cores, so at
high throughput it can be the limit for the bare endpoint; the req/s ratio then flatters the
slower side. The CPU µs/req column does not depend on who the bottleneck is: it is the better
measure of what the layer costs per call, though contention inflates it too. The paired ratios
of this run differ by up to {spread:.0%} from one another: on this shared VM single runs mean
little, hence the alternation and medians; rerun when the load average is low.

### ghz (for users)

[ghz](https://ghz.sh) is the usual gRPC load tool; it is not installable on this machine (no
internet, not packaged in Debian), so h2load stands in above. With ghz, against the same server
(it serves grpc.reflection.v1 and v1alpha, so ghz can discover the method by reflection):

```sh
# via server reflection
ghz --insecure --call taskrpc.bench.Echo/Ping -d '{{"message":"ping","seq":1}}' \\
    -c 16 --connections 16 -z 10s 127.0.0.1:{e['GRPC_PORT']}
# with the proto file
ghz --insecure --proto bench/TaskRpc.Bench.Transport/bench.proto --call taskrpc.bench.Echo.Ping \\
    -d '{{"message":"ping","seq":1}}' -c 16 --connections 16 -z 10s 127.0.0.1:{e['GRPC_PORT']}
# latency, one call at a time
ghz --insecure --proto bench/TaskRpc.Bench.Transport/bench.proto --call taskrpc.bench.Echo.Ping \\
    -d '{{"message":"ping","seq":1}}' -c 1 -z 10s 127.0.0.1:{e['GRPC_PORT']}
```

ghz's figures are not comparable with h2load's: ghz runs grpc-go clients (far more client CPU
per call), `-c` is concurrent workers rather than connections × streams, and it reports
percentiles rather than sd.
"""

print(section)
if e.get("NO_DOCS"):
    raise SystemExit(0)

doc = e["DOC"]
title = "## Transport: gRPC layer vs bare Kestrel"
if os.path.exists(doc):
    text = open(doc, encoding="utf-8").read()
else:
    text = "# TaskRpc benchmarks\n"
lines = text.splitlines(keepends=True)
start = next((i for i, l in enumerate(lines) if l.rstrip() == title), None)
if start is None:
    new = text.rstrip("\n") + "\n\n" + section
else:
    end = next((j for j in range(start + 1, len(lines)) if lines[j].startswith("## ")), len(lines))
    rest = "".join(lines[end:])
    new = "".join(lines[:start]) + section + ("\n" + rest if rest else "")
os.makedirs(os.path.dirname(doc), exist_ok=True)
with open(doc, "w", encoding="utf-8") as f:
    f.write(new)
print(f"updated {doc}")
PY
echo "== done in $(( SECONDS - START )) s (raw outputs: $WORK)"
