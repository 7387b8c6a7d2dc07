#!/usr/bin/env bash
# Submit(wait=true) jobs driven by h2load (nghttp2's native HTTP/2 load generator) instead of our
# C# load generator: one request body, CONNS connections × STREAMS concurrent streams each, for
# DURATION seconds. h2load sees HTTP 200 even for a gRPC error (the status is in the trailers), so
# success is verified from the server: its job counters (GetStats, through
# bench/TaskRpc.Bench.Load stats) before and after the run, once nothing runs any more. Prints one
# JSON line in bench/TaskRpc.Bench.Load closed's format (name, concurrency, per_second, failed,
# errors, first_failure, mean_us; no percentiles: h2load reports the mean only), plus the verified
# counts and the CPU per job of h2load and (with SERVER_PID) of the server, sampled over
# [DURATION/4, DURATION − 1 s] of the run, as bench/sleep-profile.sh does for the C# load generator.
#   bench/lib/h2load-jobs.sh PORT CONNS STREAMS DURATION NAME TEXTPROTO   # env: SERVER_PID, LOAD_DLL, WORK
# TEXTPROTO is a taskrpc.v1.SubmitRequest in protobuf text format, e.g.
#   'task: "demo.sleep" args { json { struct_value { fields { key: "seconds" value { number_value: 0.01 } } } } } wait: true'
set -euo pipefail
port=$1 conns=$2 streams=$3 duration=$4 name=$5 text=$6
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOAD_DLL=${LOAD_DLL:-$ROOT/bench/TaskRpc.Bench.Load/bin/Release/net10.0/TaskRpc.Bench.Load.dll}
WORK=${WORK:-$(mktemp -d /tmp/h2load-jobs.XXXXXX)}
body=$(mktemp "$WORK/h2load-body.XXXXXX") out=$(mktemp "$WORK/h2load-$name.XXXXXX")
echo "$text" | protoc --encode=taskrpc.v1.SubmitRequest -I "$ROOT/protos" -I /usr/include "$ROOT/protos/taskrpc/v1/task_service.proto" >"$body.pb"
/usr/bin/python3 -c 'import struct,sys; b=open(sys.argv[1],"rb").read(); open(sys.argv[2],"wb").write(b"\0"+struct.pack(">I",len(b))+b)' "$body.pb" "$body"
stats() { dotnet "$LOAD_DLL" stats --target "http://127.0.0.1:$port"; }
cpu() { [[ -n ${1:-} ]] && awk '{print $14 + $15}' "/proc/$1/stat" || echo 0; }   # user + system, clock ticks
before=$(stats)
h2load -c "$conns" -m "$streams" -t 1 -D "$duration" -d "$body" -H 'content-type: application/grpc' -H 'te: trailers' \
  "http://127.0.0.1:$port/taskrpc.v1.TaskService/Submit" >"$out" 2>&1 &
hpid=$!
w0=$(( (duration + 3) / 4 )); w1=$(( duration - 1 - w0 )); (( w1 > 0 )) || w1=1   # the window: [DURATION/4, DURATION − 1 s]
sleep "$w0"; s0=$(cpu "${SERVER_PID:-}"); h0=$(cpu "$hpid"); t0=$(date +%s.%N)
sleep "$w1"; s1=$(cpu "${SERVER_PID:-}"); h1=$(cpu "$hpid"); t1=$(date +%s.%N)
wait "$hpid" || { cat "$out" >&2; echo "h2load failed" >&2; exit 1; }
for _ in $(seq 1 50); do   # the jobs of the streams h2load left open at its end finish too: wait for them
  after=$(stats)
  [[ $after == *'"queued":0,"running":0'* ]] && break
  sleep 0.1
done
/usr/bin/python3 - "$out" "$name" "$((conns * streams))" "$before" "$after" "$s0 $s1 $h0 $h1 $t0 $t1 $(getconf CLK_TCK)" "${SERVER_PID:-}" <<'PY'
import json, re, sys
out, name, conc, before, after, cpu, server_pid = sys.argv[1:8]
text = open(out).read()
elapsed = float(re.search(r"finished in ([0-9.]+)s", text).group(1))
total, started, done, ok, failed, errored, timeout = map(int, re.search(
    r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout", text).groups())
mean = re.search(r"time for request:\s+\S+\s+\S+\s+([0-9.]+)(us|ms|s)", text)
mean_us = float(mean.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6}[mean.group(2)] if mean else None
b, a = json.loads(before), json.loads(after)
server_ok = (a["jobs_finished"] - b["jobs_finished"]) - (a["jobs_failed"] - b["jobs_failed"])
server_failed = a["jobs_failed"] - b["jobs_failed"]
# Every HTTP 200 h2load counted must be a job the server finished SUCCEEDED (the server may have finished
# up to CONNS × STREAMS more: the streams h2load left open at its end).
missing = max(0, ok - server_ok)
verified = min(ok, server_ok)
s0, s1, h0, h1, t0, t1, tick = map(float, cpu.split())
rate = verified / elapsed
jobs = rate * (t1 - t0)
row = dict(mode="h2load", name=name, concurrency=int(conc), seconds=round(elapsed, 3), completed=verified,
           failed=server_failed + missing, errors=failed + errored + timeout,
           first_failure="" if not (missing or server_failed or failed + errored + timeout) else
           f"h2load: {ok} HTTP 2xx, {failed} failed, {errored} errored, {timeout} timeout; server: {server_ok} jobs SUCCEEDED, {server_failed} FAILED",
           per_second=round(rate, 1), mean_us=mean_us, h2load_succeeded=ok, server_succeeded=server_ok, server_failed=server_failed,
           client_cpu_us_per_job=round((h1 - h0) / tick * 1e6 / jobs, 1) if jobs else None)
if server_pid:
    row["server_cpu_us_per_job"] = round((s1 - s0) / tick * 1e6 / jobs, 1) if jobs else None
print(json.dumps(row))
PY
