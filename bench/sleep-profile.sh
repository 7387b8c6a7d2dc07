#!/usr/bin/env bash
# Where the 10 ms-sleep workload's time goes (issue 10, item 14): 128 callers × demo.sleep
# {seconds: 0.01, steps: 1} can finish at most 12,800 jobs/s. Layers, alternating in each round on
# this machine, medians over rounds:
#   floor   no job at all: 128 loops of `await Task.Delay(10 ms)` (bench/TaskRpc.Bench.Engine, DELAY_ONLY_MS),
#           on the runtime's timers (DELAY_TIMER=system) and on the high-resolution timer demo.sleep uses
#   engine  the engine in process: Submit + Await of demo.sleep through IJobEngine, memory store
#           (bench/TaskRpc.Bench.Engine with TASK/ARGS, its GC pause share and stage medians)
#   grpc    the same jobs through a fresh server: bench/TaskRpc.Bench.Load closed, with stage medians
#           from the jobs' own timestamps (sent→created, created→started, started→finished, finished→returned)
#           and the CPU per job of the server and of the load generator (from /proc, sampled inside the
#           measured window: both share the machine's cores)
#   h2load  the same jobs on the same server driven by h2load (nghttp2's native load generator) instead of
#           our C# one, H2_SHAPES connections x streams (default '1x128 4x32'), success verified from the
#           server's job counters (bench/lib/h2load-jobs.sh), CPU per job of the server and of h2load
# BEFORE=DIR (a Release-built copy of an older tree) adds its engine and server to every round, so
# before and after are side by side in one run; the measured C# load runs use this tree's load
# generator in every column, unless LOAD_PER_BUILD=1: then each column's own (to compare load generators). GC_AB=1 instead runs this build twice per round,
# with the server GC (DOTNET_gcServer=1) and the workstation GC (DOTNET_gcServer=0), engine and
# server alike; VARIANTS='name=VAR=value,VAR=value other=...' runs this build once per named
# environment; an entry LG:VAR=value goes to the C# load generator instead of the server (its sleep and
# no-op runs). NOOP=1 also measures no-op jobs (demo.echo, NOOP_CONC callers, default 16,64) on each
# server. LAYERS (default 'floor engine grpc') picks the layers. SLEEP_ARGS overrides the sleep jobs' args.
# Every server runs with the startup hook bench/TaskRpc.Bench.AllocProbe (no code in the measured
# builds): server bytes allocated per job (sleep and no-op) and the server's CPU per no-op job come
# from its samples inside each measured window. Each server is warmed up (JIT tiering) by 10 s of no-op
# jobs and then SLEEP_WARMUP (default 5, 0: none) seconds of the sleep jobs, so the sleep window does
# not pay for compiling the sleep path (the third pass and before had no sleep warm-up).
#   bench/sleep-profile.sh            # ROUNDS=3 JOBS=20000 DURATION=8 PORT=50495
set -euo pipefail
cd "$(dirname "$0")/.."
SLEEP_WARMUP=${SLEEP_WARMUP:-5}
ROUNDS=${ROUNDS:-3}; JOBS=${JOBS:-20000}; DURATION=${DURATION:-8}; PORT=${PORT:-50495}
ENGINE=bench/TaskRpc.Bench.Engine/bin/Release/net10.0/TaskRpc.Bench.Engine.dll
LOAD=bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll
SERVER=${SERVER:-server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll}
BEFORE=${BEFORE:-}; GC_AB=${GC_AB:-}; NOOP=${NOOP:-}; NOOP_CONC=${NOOP_CONC:-16,64}; VARIANTS=${VARIANTS:-}
LAYERS=${LAYERS:-floor engine grpc}; H2_SHAPES=${H2_SHAPES:-1x128 4x32}
OUT=${OUT:-$(mktemp -d /tmp/sleep-profile.XXXXXX)}; mkdir -p "$OUT"
ARGS=${SLEEP_ARGS:-'{"seconds":0.01,"steps":1}'}
# The same args for h2load, as a SubmitRequest in protobuf text format (SLEEP_TEXT overrides it with SLEEP_ARGS).
SLEEP_TEXT=${SLEEP_TEXT:-'task: "demo.sleep" args { json { struct_value { fields { key: "seconds" value { number_value: 0.01 } } fields { key: "steps" value { number_value: 1 } } } } } wait: true'}
PROBE=$PWD/bench/TaskRpc.Bench.AllocProbe/bin/Release/net10.0/TaskRpc.Bench.AllocProbe.dll
[[ -f $PROBE ]] || dotnet build bench/TaskRpc.Bench.AllocProbe -c Release -nologo -v q >/dev/null
TICK=$(getconf CLK_TCK)
has() { [[ " $LAYERS " == *" $1 "* ]]; }
BUILDS=(after); [[ -n $BEFORE ]] && BUILDS=(before after); [[ -n $GC_AB ]] && BUILDS=(server-gc workstation-gc)
[[ -n $VARIANTS ]] && read -r -a BUILDS <<<"$(for v in $VARIANTS; do printf '%s ' "${v%%=*}"; done)"
# variant NAME: the tree (root), the server's environment (genv) and the C# load generator's (lenv) of one column.
variant() {
  root=.; genv=(); lenv=(); [[ $1 == before ]] && root=$BEFORE
  [[ $1 == server-gc ]] && genv=(DOTNET_gcServer=1)
  [[ $1 == workstation-gc ]] && genv=(DOTNET_gcServer=0)
  local v
  for v in $VARIANTS; do
    [[ ${v%%=*} == "$1" && $v == *=*=* ]] && IFS=, read -r -a genv <<<"${v#*=}"
  done
  local all=("${genv[@]}") e; genv=(X=1); lenv=(X=1)   # env needs at least one assignment
  for e in "${all[@]}"; do [[ $e == LG:* ]] && lenv+=("${e#LG:}") || genv+=("$e"); done
  return 0
}
NEED=("$LOAD"); [[ -n ${LOAD_PER_BUILD:-} && -n $BEFORE ]] && NEED+=("$BEFORE/$LOAD")
{ has grpc || has h2load; } && NEED+=("$SERVER" ${BEFORE:+"$BEFORE/$SERVER"})
{ has floor || has engine; } && NEED+=("$ENGINE")
has engine && [[ -n $BEFORE ]] && NEED+=("$BEFORE/$ENGINE")
for f in "${NEED[@]}"; do
  [[ -f $f ]] || { echo "missing $f: dotnet build -c Release first" >&2; exit 1; }
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system CPU of a process, in clock ticks
PID=; LPID=
trap '[[ -n $PID ]] && kill "$PID" 2>/dev/null; [[ -n $LPID ]] && kill "$LPID" 2>/dev/null; true' EXIT
for round in $(seq 1 "$ROUNDS"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  if has floor; then
    DELAY_TIMER=system DELAY_ONLY_MS=10 dotnet "$ENGINE" 1 "$JOBS" 128 floor >"$OUT/floor-system-$round.txt" 2>&1
    DELAY_TIMER=hires DELAY_ONLY_MS=10 dotnet "$ENGINE" 1 "$JOBS" 128 floor >"$OUT/floor-hires-$round.txt" 2>&1
  fi
  if has engine; then
    for build in "${BUILDS[@]}"; do
      variant "$build"
      env "${genv[@]}" TASK=demo.sleep ARGS="$ARGS" GCSTAT=1 STAGES=1 dotnet "$root/$ENGINE" 1 "$JOBS" 128 engine >"$OUT/engine-$build-$round.txt" 2>&1
    done
  fi
  if has grpc || has h2load; then
    for build in "${BUILDS[@]}"; do
      variant "$build"; lg=$LOAD; [[ -n ${LOAD_PER_BUILD:-} ]] && lg=$root/$LOAD
      env "${genv[@]}" DOTNET_STARTUP_HOOKS="$PROBE" TASKRPC_ALLOC_PROBE="$OUT/probe-$build-$round-%p.txt" dotnet "$root/$SERVER" --port "$PORT" --Server:HttpPort=-1 --Logging:LogLevel:Default=Warning --store memory >"$OUT/server-$build-$round.log" 2>&1 &
      PID=$!
      for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
      dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --concurrency 64 --warmup 0 --duration 10 >/dev/null 2>&1   # JIT tiering
      if (( SLEEP_WARMUP > 0 )); then   # and of the sleep path (timer, progress, suspended handler), which no-op jobs do not take
        dotnet "$LOAD" closed --target "http://127.0.0.1:$PORT" --task demo.sleep --args "$ARGS" --concurrency 128 --warmup 0 --duration "$SLEEP_WARMUP" >/dev/null 2>&1
      fi
      if has grpc; then
        env "${lenv[@]}" dotnet "$lg" closed --target "http://127.0.0.1:$PORT" --name sleep10ms --task demo.sleep --args "$ARGS" \
          --concurrency 128 --warmup 3 --duration "$DURATION" >"$OUT/grpc-$build-$round.jsonl" 2>/dev/null &
        LPID=$!
        # CPU of both processes over [4 s, DURATION + 2 s] after the load started: inside its measured window.
        sleep 4; s0=$(cpu "$PID"); c0=$(cpu "$LPID"); t0=$(date +%s.%N)
        sleep $(( DURATION - 2 )); s1=$(cpu "$PID"); c1=$(cpu "$LPID"); t1=$(date +%s.%N)
        wait "$LPID"; LPID=
        echo "$s0 $s1 $c0 $c1 $t0 $t1 $TICK" >"$OUT/cpu-$build-$round.txt"
      fi
      if has h2load; then   # the same sleep jobs from h2load, on the same warmed server
        for shape in $H2_SHAPES; do
          SERVER_PID=$PID LOAD_DLL=$LOAD WORK=$OUT bench/lib/h2load-jobs.sh "$PORT" "${shape%x*}" "${shape#*x}" "$DURATION" "$build-$shape-$round" "$SLEEP_TEXT" \
            >"$OUT/h2-$build-$shape-$round.jsonl" 2>"$OUT/h2-$build-$shape-$round.err" || echo "h2load $shape failed: $OUT/h2-$build-$shape-$round.err" >&2
        done
      fi
      if [[ -n $NOOP ]]; then
        : >"$OUT/noop-$build-$round.jsonl"; : >"$OUT/noopwin-$build-$round.txt"
        for c in ${NOOP_CONC//,/ }; do   # one load process per level; the probe window skips its warm-up
          w0=$(date +%s.%N)
          env "${lenv[@]}" dotnet "$lg" closed --target "http://127.0.0.1:$PORT" --name noop --concurrency "$c" --warmup 3 \
            --duration "$DURATION" >>"$OUT/noop-$build-$round.jsonl" 2>/dev/null
          echo "$c $w0 $(date +%s.%N)" >>"$OUT/noopwin-$build-$round.txt"
        done
      fi
      kill "$PID"; wait "$PID" 2>/dev/null || true
      mv "$OUT/probe-$build-$round-$PID.txt" "$OUT/probe-$build-$round.txt"; PID=   # the server's own (process-pool workers write theirs)
    done
  fi
  echo "$load $(cut -d' ' -f1 /proc/loadavg)" >"$OUT/load-$round.txt"
  echo "round $round done (load average $load)" >&2
done
/usr/bin/python3 - "$OUT" "$ROUNDS" "${BUILDS[*]}" "$NOOP_CONC" "$(has h2load && echo "$H2_SHAPES")" <<'PY'
import json, math, os, re, statistics, sys
out, rounds, builds, noop_conc, shapes = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split(","), sys.argv[5].split()
med = lambda xs: statistics.median(xs) if xs else float("nan")
limit = 128 / 0.010
nan = float("nan")
def rate(path):
    return float(re.search(r"median ([\d,]+) jobs/s", open(path).read()).group(1).replace(",", "")) if os.path.exists(path) else nan
def probe(path, t_from, t_to):  # (bytes, cpu µs) per job between the first and last probe sample in [t_from, t_to]
    try:
        rows = [[float(v) for v in l.split()] for l in open(path) if len(l.split()) == 4]
    except OSError:
        return nan, nan
    rows = [row for row in rows if t_from <= row[0] <= t_to]
    if len(rows) < 2 or rows[-1][3] <= rows[0][3]:
        return nan, nan
    jobs = rows[-1][3] - rows[0][3]
    return (rows[-1][1] - rows[0][1]) / jobs, (rows[-1][2] - rows[0][2]) * 1e6 / jobs
rows = []
for r in range(1, rounds + 1):
    for b in builds:
        x = dict(round=r, build=b, load=open(f"{out}/load-{r}.txt").read().split()[0],
                 system=rate(f"{out}/floor-system-{r}.txt"), hires=rate(f"{out}/floor-hires-{r}.txt"), engine=rate(f"{out}/engine-{b}-{r}.txt"))
        if os.path.exists(f"{out}/engine-{b}-{r}.txt"):
            eng = open(f"{out}/engine-{b}-{r}.txt").read()
            pause = re.findall(r"pause ([\d,]+) ms of ([\d,]+) ms", eng)[-1]
            stages = re.findall(r"submit->start ([\d.]+)/[\d.]+, start->finish ([\d.]+)/[\d.]+, finish->returned [\d.]+/[\d.]+, total ([\d.]+)/", eng)[-1]
            e_cpu = float(re.search(r"cpu ([\d.,]+) us/job", eng).group(1).replace(",", ""))
            x.update(gc=float(pause[0].replace(",", "")) / float(pause[1].replace(",", "")), e_start=float(stages[0]), e_run=float(stages[1]), e_total=float(stages[2]), e_cpu=e_cpu)
        if os.path.exists(f"{out}/grpc-{b}-{r}.jsonl"):
            g = json.loads(open(f"{out}/grpc-{b}-{r}.jsonl").readline())
            s0, s1, c0, c1, t0, t1, tick = map(float, open(f"{out}/cpu-{b}-{r}.txt").read().split())
            jobs = g["per_second"] * (t1 - t0)
            x.update(grpc=g["per_second"], failed=g["failed"] + g["errors"], g_p50=g["p50_us"] / 1000, g_p99=g["p99_us"] / 1000,
                     g_created=g["stage_created_p50_us"] / 1000, g_started=g["stage_started_p50_us"] / 1000,
                     g_run=g["stage_running_p50_us"] / 1000, g_returned=g["stage_returned_p50_us"] / 1000,
                     s_cpu=(s1 - s0) / tick * 1e6 / jobs if jobs else nan, c_cpu=(c1 - c0) / tick * 1e6 / jobs if jobs else nan)
            x["s_bytes"] = probe(f"{out}/probe-{b}-{r}.txt", t0, t1)[0]
            x["c_bytes"] = g.get("client_bytes_per_job", nan)
        for shape in shapes:
            h = f"{out}/h2-{b}-{shape}-{r}.jsonl"
            j = json.loads(open(h).readline()) if os.path.exists(h) and os.path.getsize(h) else {}
            x[f"h2_{shape}"], x[f"h2mean_{shape}"] = j.get("per_second", nan), (j.get("mean_us") or nan) / 1000
            x[f"h2s_{shape}"], x[f"h2c_{shape}"] = j.get("server_cpu_us_per_job") or nan, j.get("client_cpu_us_per_job") or nan
            x[f"h2f_{shape}"] = j.get("failed", 0) + j.get("errors", 0) if j else nan
        noop = f"{out}/noop-{b}-{r}.jsonl"
        if os.path.exists(noop):
            for line in open(noop):
                n = json.loads(line)
                x[f"noop{n['concurrency']}"], x[f"noopp99{n['concurrency']}"] = n["per_second"], n["p99_us"] / 1000
                x[f"noopcc{n['concurrency']}"] = n.get("client_cpu_us_per_job", nan)
            for line in open(f"{out}/noopwin-{b}-{r}.txt"):
                c, w0, w1 = line.split()
                x[f"noopB{c}"], x[f"noopcpu{c}"] = probe(f"{out}/probe-{b}-{r}.txt", float(w0) + 4, float(w1))
        rows.append(x)
pct = lambda x: "-" if math.isnan(x) else f"{x:,.0f}/s ({x/limit:.0%})"
num = lambda x: "-" if math.isnan(x) else f"{x:,.0f}"
cols = []
if not math.isnan(rows[0]["system"]):
    cols += [("floor: Task.Delay, runtime timer", lambda x: pct(x["system"])), ("floor: Task.Delay, high-resolution timer", lambda x: pct(x["hires"]))]
if "gc" in rows[0]:
    cols += [("engine in process (GC pause share; p50 submit→start, start→finish, total; CPU per job)",
              lambda x: f"{pct(x['engine'])} (GC {x['gc']:.0%}; {x['e_start']:.2f}, {x['e_run']:.2f}, {x['e_total']:.2f} ms; {x['e_cpu']:.0f} µs)")]
if "grpc" in rows[0]:
    cols += [("through gRPC (p50, p99; sent→created, created→started, started→finished, finished→returned)",
              lambda x: f"{pct(x['grpc'])} (p50 {x['g_p50']:.2f}, p99 {x['g_p99']:.2f} ms; {x['g_created']:.2f}, {x['g_started']:.2f}, {x['g_run']:.2f}, {x['g_returned']:.2f} ms)"),
             ("CPU per sleep job: server + load generator", lambda x: f"{x['s_cpu']:.0f} + {x['c_cpu']:.0f} µs"),
             ("server B per sleep job", lambda x: f"{x['s_bytes']:,.0f}"),
             ("load generator B per sleep call", lambda x: "-" if math.isnan(x.get("c_bytes", nan)) else f"{x['c_bytes']:,.0f}"),
             ("failed", lambda x: "" if math.isnan(x.get("failed", nan)) else f"{x['failed']:.0f}")]
for shape in shapes:
    cols += [(f"h2load {shape.replace('x', ' conn × ')} streams: jobs/s (mean ms; CPU per job server + h2load; failed)",
              lambda x, s=shape: f"{pct(x[f'h2_{s}'])} ({x[f'h2mean_{s}']:.2f} ms; {x[f'h2s_{s}']:.0f} + {x[f'h2c_{s}']:.0f} µs; {x[f'h2f_{s}']:.0f})")]
for c in noop_conc:
    if f"noop{c}" in rows[0]:
        cols += [(f"no-op, {c} callers: jobs/s, p99, CPU per job server + load generator, server B per job",
                  lambda x, c=c: f"{x[f'noop{c}']:,.0f}, {x[f'noopp99{c}']:.2f} ms, {x[f'noopcpu{c}']:.0f} + {num(x[f'noopcc{c}'])} µs, {x[f'noopB{c}']:,.0f} B")]
print("| round | build | load avg | " + " | ".join(name for name, _ in cols) + " |")
print("|---:|---|---:|" + "---|" * len(cols))
for x in rows:
    print(f"| {x['round']} | {x['build']} | {x['load']} | " + " | ".join(f(x) for _, f in cols) + " |")
for b in builds:
    sel = [x for x in rows if x["build"] == b]
    m = {k: med([x[k] for x in sel]) for k in sel[0] if k not in ("round", "build", "load")}
    m["failed"] = nan
    m.update({k: sum(x[k] for x in sel) for k in sel[0] if k.startswith("h2f_")})   # failures: the sum over rounds
    print(f"| median | {b} | | " + " | ".join(f(m) for _, f in cols) + " |")
PY
echo "raw results in $OUT" >&2
