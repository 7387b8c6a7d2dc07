"""Renders bench/run-all.sh's raw results (a work directory) into docs/benchmarks.md.

Usage: python3 bench/render_benchmarks.py WORK_DIR docs/benchmarks.md   (or - for stdout)
Only the block between the run-all markers is (re)written; every other section of the file
(the colleagues' transport, store and process-pool sections) is kept verbatim.
"""
import glob
import json
import os
import re
import statistics
import sys

BEGIN, END = "<!-- run-all:begin -->", "<!-- run-all:end -->"
HERE = os.path.dirname(os.path.abspath(__file__))
NOOP = '{"task":"demo.echo","args":{"json":{"x":1}},"wait":true}'
SLEEP = '{"task":"demo.sleep","args":{"json":{"seconds":0.01,"steps":1}},"wait":true}'
GHZ = f"""```sh
# no-op jobs, by server reflection
ghz --insecure --call taskrpc.v1.TaskService.Submit -d '{NOOP}' -c 64 --connections 4 -z 30s 127.0.0.1:50051
# the same with the proto files
ghz --insecure --import-paths protos --proto protos/taskrpc/v1/task_service.proto \\
    --call taskrpc.v1.TaskService.Submit -d '{NOOP}' -c 64 --connections 4 -z 30s 127.0.0.1:50051
# sequential round trip (latency percentiles)
ghz --insecure --call taskrpc.v1.TaskService.Submit -d '{NOOP}' -c 1 -z 30s 127.0.0.1:50051
# 10 ms sleep jobs at high concurrency
ghz --insecure --call taskrpc.v1.TaskService.Submit -d '{SLEEP}' -c 256 --connections 4 -z 30s 127.0.0.1:50051
```

ghz runs grpc-go clients: its figures are not comparable with h2load's or our C# client's (more
client CPU per call, on the same 2 cores)."""


def jsonl(path):
    """The JSON records of a results file; none when the step did not run."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.startswith("{")]


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ms(us):
    return "–" if us is None else (f"{us / 1000:.2f} ms" if us < 100_000 else f"{us / 1000:.0f} ms")


def n(v):
    return "–" if v is None else f"{v:,.0f}"


def mark(ok):
    return "✅" if ok else "❌"


def read(work, name, default=""):
    path = os.path.join(work, name)
    return open(path, encoding="utf-8", errors="replace").read().strip() if os.path.exists(path) else default


def e2e(work):
    """{(store, name, concurrency): [row per round]}"""
    rows = {}
    for path in sorted(glob.glob(os.path.join(work, "e2e-*-r*.jsonl"))):
        store = re.search(r"e2e-(\w+)-r\d+", path).group(1)
        for r in jsonl(path):
            rows.setdefault((store, r["name"], r["concurrency"]), []).append(r)
    return rows


STAGES = ("stage_created_p50_us", "stage_started_p50_us", "stage_running_p50_us", "stage_returned_p50_us")


def floors(work):
    """{(store, timer, concurrency): [floor jobs/s per round]}: N loops of Task.Delay(10 ms), no job at all."""
    out = {}
    for path in sorted(glob.glob(os.path.join(work, "floor-*-c*-*-r*.txt"))):
        timer, c, store = re.search(r"floor-(\w+)-c(\d+)-(\w+)-r\d+\.txt$", path).groups()
        found = re.search(r"median ([\d,]+) jobs/s", read(work, os.path.basename(path)))
        if found:
            out.setdefault((store, timer, int(c)), []).append(float(found.group(1).replace(",", "")))
    return out


def summary(rows):
    """Medians over rounds; 'failed' counts jobs that ended other than SUCCEEDED plus calls that failed."""
    s = {f: med([r.get(f) for r in rows]) for f in ("per_second", "p50_us", "p90_us", "p99_us", "max_us", "errors") + STAGES}
    s["failed"] = med([r.get("failed", 0) + r["errors"] for r in rows])
    s["first_failure"] = next((r["first_failure"] for r in rows if r.get("first_failure")), "")
    return s


def stages(s):
    if s.get("stage_created_p50_us") is None:
        return "–"
    return " / ".join(ms(s[k]) for k in STAGES)


def h2(work):
    runs = {}
    for path in sorted(glob.glob(os.path.join(work, "h2-*-r*.txt"))):
        name = re.search(r"h2-(.+)-r\d+\.txt", path).group(1)
        text = open(path, encoding="utf-8", errors="replace").read()
        rps = float(re.search(r"finished in [0-9.]+\w+, ([0-9.]+) req/s", text).group(1))
        ok = re.search(r"(\d+) succeeded, (\d+) failed, (\d+) errored", text).groups()
        load = float(re.search(r"loadavg ([0-9.]+)", text).group(1))
        runs.setdefault(name, []).append(dict(rps=rps, failed=int(ok[1]) + int(ok[2]), load=load))
    return runs


def main():
    work, doc = sys.argv[1], sys.argv[2]
    m = dict(line.split("=", 1) for line in read(work, "machine.env").splitlines() if "=" in line)
    out, targets = [], []
    w = out.append

    # 1. end to end
    rows = e2e(work)
    w("### 1. Submit with wait, closed loop (our C# client)\n")
    w("Each of N workers calls Submit(wait=true) back to back over one `GrpcChannel` for "
      f"{m.get('settings', '')} (per measurement: warm-up discarded, then the measured window); "
      "memory and SQLite servers alternate, one fresh server per round; figures are medians over rounds.\n")
    w("```sh\nbench/TaskRpc.Bench.Load closed --target http://127.0.0.1:PORT --name noop --concurrency 1,16,64,256\n"
      "bench/TaskRpc.Bench.Load closed --target http://127.0.0.1:PORT --name sleep10ms --task demo.sleep "
      "--args '{\"seconds\":0.01,\"steps\":1}' --concurrency 128,256\n"
      "# server: dotnet server/TaskRpc.Server/bin/Release/net10.0/TaskRpc.Server.dll --port PORT "
      "--Logging:LogLevel:Default=Warning --store memory   (or --store sqlite --db FILE)\n```\n")
    w("Only jobs that ended SUCCEEDED count (jobs/s, latency); *failed* counts jobs that ended otherwise "
      "and calls that failed. For the 10 ms sleep, *of limit* is jobs/s ÷ (concurrency / 10 ms), the most N "
      "callers of 10 ms jobs can finish; *of floor* is jobs/s ÷ the floor measured right before it in the same "
      "rounds: N loops of `await Task.Delay(10 ms)` and nothing else, on the high-resolution timer that demo.sleep "
      "sleeps on (bench/TaskRpc.Bench.Engine `DELAY_ONLY_MS=10`, table below). Stages are medians from each job's own timestamps (same clock as "
      "the client): sent → created (request, Submit) / created → started (queue, dispatch) / started → "
      "finished (handler, progress, completion) / finished → returned (wake-up, response). "
      "Rows *sleep10ms-h2load-CxM* are the same sleep jobs driven by h2load instead of our C# client "
      "(C connections × M concurrent streams, `bench/lib/h2load-jobs.sh`): h2load counts HTTP 200 even for a "
      "gRPC error, so only jobs the server's counters (GetStats) show SUCCEEDED count; h2load reports no "
      "percentiles (–) and no stages.\n")
    w("| store | workload | concurrency | jobs/s | of limit | of floor | p50 | p90 | p99 | max | failed | stages (p50) | rounds |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    failures = []
    fl = floors(work)
    floor_of = lambda store, c, timer="hires": med(fl.get((store, timer, c), []))
    for key in sorted(rows, key=lambda k: (k[0] != "memory", k[1], k[2])):
        s = summary(rows[key])
        limit = f"{s['per_second'] / (key[2] / 0.010):.0%}" if key[1].startswith("sleep10ms") else ""
        floor = floor_of(key[0], key[2]) if key[1].startswith("sleep10ms") else None
        of_floor = f"{s['per_second'] / floor:.0%}" if floor else ""
        w(f"| {key[0]} | {key[1]} | {key[2]} | {n(s['per_second'])} | {limit} | {of_floor} | {ms(s['p50_us'])} | {ms(s['p90_us'])} | "
          f"{ms(s['p99_us'])} | {ms(s['max_us'])} | {n(s['failed'])} | {stages(s)} | {len(rows[key])} |")
        if s["first_failure"]:
            failures.append(f"{key[0]} {key[1]} c={key[2]}: {s['first_failure']}")
    if failures:
        w("\nFirst failures: " + "; ".join(failures))
    if fl:
        w("\nThe sleep rows' floor, no job at all (medians over the same rounds; *of limit* as above):\n")
        w("| store's rounds | loops | Task.Delay(10 ms), high-resolution timer (demo.sleep's) | Task.Delay(10 ms), runtime timer |")
        w("|---|---:|---:|---:|")
        for store, c in sorted({(k[0], k[2]) for k in fl}, key=lambda k: (k[0] != "memory", k[1])):
            cells = [f"{n(v)}/s ({v / (c / 0.010):.0%})" if (v := floor_of(store, c, t)) else "–" for t in ("hires", "system")]
            w(f"| {store} | {c} | {cells[0]} | {cells[1]} |")
    sleep = rows.get(("memory", "sleep10ms", 128))
    if sleep:
        rate = summary(sleep)["per_second"]
        share = rate / 12_800
        targets.append(("10 ms sleep jobs, 128 callers (memory): ≥ 90% of the 12,800 jobs/s limit", f"{share:.0%}", share >= 0.9))
        if floor_of("memory", 128):
            of_floor = rate / floor_of("memory", 128)
            targets.append(("10 ms sleep jobs, 128 callers (memory): ≥ 90% of the timer floor measured in the same rounds",
                            f"{of_floor:.0%}", of_floor >= 0.9))
    seq = rows.get(("memory", "noop", 1))
    if seq:
        p99 = summary(seq)["p99_us"]
        targets.append(("Sequential no-op round trip p99 ≤ 2 ms (memory store, concurrency 1)", ms(p99), p99 <= 2000))
    w("")

    # 2. transport ceiling
    runs = h2(work)
    if runs:
        w("### 2. Transport ceiling vs Submit with wait (h2load, same settings)\n")
        w("h2load `-c 16 -m 32 -t 1 -D DURATION --warm-up-time=2`, alternating ping, submit-memory, "
          "submit-sqlite per round after one discarded run each. `ping` is `taskrpc.bench.Echo/Ping` on "
          "bench/TaskRpc.Bench.Transport (grpc-dotnet: Grpc.AspNetCore, trivial handler); `submit-*` is "
          "`/taskrpc.v1.TaskService/Submit` with SubmitRequest{task: demo.echo, args: {json: {x: 1}}, wait: true} "
          "(35-byte message, encoded with `protoc --encode`). Before measuring, one response of each is "
          "checked: grpc-status 0, and for Submit the decoded Job is JOB_STATE_SUCCEEDED.\n")
        w("```sh\nh2load -c 16 -m 32 -t 1 -D 10 --warm-up-time=2 -d submit.bin -H 'content-type: application/grpc' "
          "-H 'te: trailers' http://127.0.0.1:PORT/taskrpc.v1.TaskService/Submit\n```\n")
        w("| endpoint | median req/s | runs (req/s, load average) | failed |")
        w("|---|---:|---|---:|")
        medians = {}
        for name in ("ping", "submit-memory", "submit-sqlite"):
            rs = runs.get(name, [])
            medians[name] = med([r["rps"] for r in rs])
            w(f"| {name} | {n(medians[name])} | " + ", ".join(f"{r['rps']:,.0f} ({r['load']:.1f})" for r in rs)
              + f" | {sum(r['failed'] for r in rs)} |")
        if medians.get("ping"):
            for name, goal in (("submit-memory", 0.50), ("submit-sqlite", 0.25)):
                ratio = medians[name] / medians["ping"]
                paired = [s["rps"] / p["rps"] for p, s in zip(runs["ping"], runs[name])]
                w(f"\n{name} / ping: **{ratio:.1%}** (paired per round: {', '.join(f'{p:.0%}' for p in paired)}).")
                targets.append((f"Submit-with-wait ({name.split('-')[1]}) ≥ {goal:.0%} of the transport ceiling", f"{ratio:.1%}", ratio >= goal))
        w("")

    # 3. fan-out
    fan = jsonl(os.path.join(work, "fanout.jsonl"))
    if fan:
        w("### 3. Progress fan-out\n")
        w("demo.sleep {seconds: 3, steps: 300} reports progress every 10 ms; the server runs with "
          "`--Engine:ProgressFlushInterval=00:00:00` so every report is published. Subscribers call "
          "StreamProgress from sequence 0 and read to the terminal event. Events/s = events received by "
          "all subscribers / time from the first to the last event.\n")
        w("```sh\nbench/TaskRpc.Bench.Load fanout --jobs 1 --subscribers 1000 --seconds 3 --steps 300\n"
          "bench/TaskRpc.Bench.Load fanout --jobs 1000 --subscribers 1 --seconds 3 --steps 300\n```\n")
        w("| case | jobs × subscribers | events delivered | of which progress | seconds | events/s | streams complete |")
        w("|---|---|---:|---:|---:|---:|---:|")
        for r in fan:
            w(f"| {r['name']} | {r['jobs']} × {r['subscribers_per_job']} | {n(r['events'])} | {n(r['progress_events'])} | "
              f"{r['seconds']:.2f} | **{n(r['events_per_second'])}** | {r['complete_streams']}/{r['streams']} |")
        w("")

    # 4. process pool
    proc = jsonl(os.path.join(work, "process.jsonl"))
    if proc:
        w("### 4. Process pool through the server\n")
        w("No-op in a worker process (`demo.cpu {\"n\":0}`, Processes executor, default pool: 2 workers × 2 in "
          "flight) submitted with wait by 16 workers (only SUCCEEDED jobs count); then cancel latency (Cancel "
          "call → job CANCELLED) of `demo.cpu` once it has reported its first progress, i.e. its handler runs in "
          "a worker: forced (`ignore_cancel: true`, the pool kills the worker after the 500 ms grace period, so "
          "no forced cancel can take less) and cooperative (the handler sees its token at its next progress step).\n")
        for r in proc:
            if r["mode"] == "closed":
                w(f"- no-op jobs through the pool: **{n(r['per_second'])} jobs/s**, p50 {ms(r['p50_us'])}, p99 {ms(r['p99_us'])}, "
                  f"{r.get('failed', 0)} failed, {r['errors']} errors")
            else:
                w(f"- {r['name']}: {r['cancelled']}/{r['rounds']} cancelled, p50 **{ms(r['p50_us'])}**, max {ms(r['max_us'])}")
        w("")
    for title, stem in (("In-process store harness (colleague's bench/TaskRpc.Bench.Store, see its section below)", "store-harness"),
                        ("In-process process-pool harness (colleague's bench/processes.sh, see its section below)", "process-harness")):
        skipped = read(work, stem + ".skipped")
        text = read(work, stem + ".txt")
        if skipped or text:
            w(f"#### {title}\n")
            w(skipped if skipped else f"`{read(work, stem + '.cmd')}` — output of this run:\n\n```\n{text}\n```")
            w("")

    # 5. queued scaling: one fresh server per round (queued-R.jsonl)
    rounds = [levels for levels in (jsonl(path) for path in sorted(glob.glob(os.path.join(work, "queued-*.jsonl")))) if levels]
    if rounds:
        w("### 5. Throughput with many delayed jobs queued (the timer heap); memory per queued job\n")
        w("A memory-store server (`--Engine:Async:QueueCapacity=2000000 --Engine:ResultRetention=00:00:05 "
          "--Engine:RetentionSweepInterval=00:00:01`, so finished no-op jobs do not pile up in the RSS), a fresh "
          f"one for each of {len(rounds)} rounds. It is "
          "brought to each level with demo.echo jobs delayed by one hour (Submit without wait, 128 in flight); "
          "then the no-op closed loop runs at concurrency 64. RSS is VmRSS of the server from /proc, read "
          "2 s after queuing; bytes per queued job = (RSS at the level − RSS before any queuing) / level. "
          "The targets use the median over rounds of each round's own ratio.\n")
        w("```sh\nbench/TaskRpc.Bench.Load queued --levels 1000,100000,1000000 --server-pid PID --concurrency 64\n```\n")
        w("| round | queued jobs | queuing rate (submits/s) | server RSS | bytes per queued job | no-op jobs/s | p50 | p99 | ÷ first level |")
        w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        ratios, per_jobs = [], []
        for index, levels in enumerate(rounds, 1):
            for r in levels:
                w(f"| {index} | {n(r['queued'])} | {n(r['queue_submits_per_second'])} | {r['rss_after_queue'] / 2**20:,.0f} MiB | "
                  f"{n(r['bytes_per_queued_job'])} | {n(r['per_second'])} | {ms(r['p50_us'])} | {ms(r['p99_us'])} | "
                  f"{r['per_second'] / levels[0]['per_second']:.0%} |")
            ratios.append(levels[-1]["per_second"] / levels[0]["per_second"])
            per_jobs.append(levels[-1]["bytes_per_queued_job"])
        first, last = rounds[0][0], rounds[0][-1]
        ratio, per_job = med(ratios), med(per_jobs)
        w(f"\n{n(last['queued'])} ÷ {n(first['queued'])} queued per round: "
          + ", ".join(f"{x:.0%}" for x in ratios) + f"; median **{ratio:.0%}**. Bytes per queued job, median: **{n(per_job)}**.")
        targets.append((f"Throughput at {n(last['queued'])} queued within 20% of {n(first['queued'])} queued (median of {len(rounds)} rounds)", f"{ratio:.0%}", ratio >= 0.8))
        targets.append(("≤ 2 KB of memory per queued job", f"{n(per_job)} B", per_job <= 2048))
        w("")

    # 5b. runnable backlog (runnable-R.jsonl)
    runnable = [levels for levels in (jsonl(path) for path in sorted(glob.glob(os.path.join(work, "runnable-*.jsonl")))) if levels]
    if runnable:
        w("### 5b. Throughput with a runnable backlog in the executor queue\n")
        w("A memory-store server with 2 Async slots (`--Engine:Async:MaxConcurrency=2 --Engine:Async:QueueCapacity=2000000 "
          "--Engine:ResultRetention=00:00:05`), a fresh one per round. At each level, low-priority (−10) demo.echo "
          "jobs are queued, runnable, behind two blockers holding the slots; then 64 callers submit high-priority "
          "(10) demo.sleep 1 ms jobs with wait and the blockers are cancelled. The 1 ms jobs keep both slots busy, so "
          "a high-priority job always waits and every free slot goes to one: the backlog waits in the executor's "
          "priority queue the whole window (blockers of priority 0 take the slots as it ends; how many of the "
          "backlog had run is read back with Get at the start and the end of the window: none should run inside it). jobs/s is therefore bounded by 2 slots × (1 ms + timer and "
          "engine overhead); what matters is the ratio between levels.\n")
        w("```sh\nbench/TaskRpc.Bench.Load runnable --levels 1000,1000000 --slots 2 --server-pid PID --concurrency 64\n```\n")
        w("| round | runnable low-priority jobs | of them ran (in the window) | server RSS | high-priority jobs/s | p50 | p99 | failed | ÷ first level |")
        w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        ratios = []
        for index, levels in enumerate(runnable, 1):
            for r in levels:
                w(f"| {index} | {n(r['queued'])} | {n(r['low_priority_ran'])} ({n(r.get('low_priority_ran_in_window'))}) | {r['rss_after_queue'] / 2**20:,.0f} MiB | {n(r['per_second'])} | "
                  f"{ms(r['p50_us'])} | {ms(r['p99_us'])} | {r['failed'] + r['errors']} | {r['per_second'] / levels[0]['per_second']:.0%} |")
            ratios.append(levels[-1]["per_second"] / levels[0]["per_second"])
        last = runnable[0][-1]
        ratio = med(ratios)
        w(f"\n{n(last['queued'])} ÷ {n(runnable[0][0]['queued'])} runnable per round: " + ", ".join(f"{x:.0%}" for x in ratios) + f"; median **{ratio:.0%}**.")
        targets.append((f"High-priority throughput with {n(last['queued'])} runnable low-priority jobs waiting within 20% of {n(runnable[0][0]['queued'])}", f"{ratio:.0%}", ratio >= 0.8))
        w("")
    elif read(work, "runnable.skipped"):
        w("### 5b. Throughput with a runnable backlog in the executor queue\n\n" + read(work, "runnable.skipped") + "\n")

    # 6. peers
    peers = []
    for name in ("celery", "dask"):
        path = os.path.join(work, f"peer-{name}.jsonl")
        peers += jsonl(path)
    skipped = read(work, "peers.skipped")
    w("### 6. Side by side with Celery and Dask\n")
    if skipped:
        w(skipped + "\n")
    if peers:
        w("Same machine, same run, same closed loop: N concurrent clients each submit one job and wait for "
          "its result. Celery 5 (Debian python3-celery) with redis-server as broker and result backend, "
          "`task.delay(1).get()` from N client threads; no-op on `--pool prefork -c 2` (one process per core), "
          "sleep on `--pool threads -c 128`. Dask distributed (python3-distributed): LocalCluster of 2 worker "
          "processes (1 thread each for the no-op, 64 each for the sleep), asynchronous Client, N coroutines "
          "each `await client.submit(f, 1, pure=False)`. TaskRpc: the figures of section 1 (memory store).\n")
        w("```sh\ncd bench/peers\nREDIS_URL=redis://127.0.0.1:PORT/0 python3 celery_bench.py --workload noop --pool prefork "
          "--worker-concurrency 2 --concurrency 1,16,64\nREDIS_URL=redis://127.0.0.1:PORT/0 python3 celery_bench.py "
          "--workload sleep --pool threads --worker-concurrency 128 --concurrency 128\n"
          "python3 dask_bench.py --workload noop --workers 2 --threads 1 --concurrency 1,16,64\n"
          "python3 dask_bench.py --workload sleep --workers 2 --threads 64 --concurrency 128\n```\n")
        w("| workload | concurrency | system | jobs/s | p50 | p99 | errors | TaskRpc ÷ system |")
        w("|---|---:|---|---:|---:|---:|---:|---:|")
        for p in sorted(peers, key=lambda r: (r["name"], r["concurrency"], r["peer"])):
            ours_key = ("memory", "noop" if p["name"] == "noop" else "sleep10ms", p["concurrency"])
            ours = summary(rows[ours_key]) if ours_key in rows else None
            factor = ours["per_second"] / p["per_second"] if ours and p["per_second"] else None
            if ours and p["peer"] == "celery":
                w(f"| {p['name']} | {p['concurrency']} | TaskRpc (memory) | {n(ours['per_second'])} | {ms(ours['p50_us'])} | {ms(ours['p99_us'])} | {n(ours['errors'])} | |")
            w(f"| {p['name']} | {p['concurrency']} | {p['peer']} ({p['pool']}) | {n(p['per_second'])} | {ms(p['p50_us'])} | "
              f"{ms(p['p99_us'])} | {p['errors']} | {'–' if factor is None else f'{factor:,.1f}×'} |")
        for peer, goal in (("celery", 20), ("dask", 10)):
            noop = [p for p in peers if p["peer"] == peer and p["name"] == "noop" and ("memory", "noop", p["concurrency"]) in rows]
            if noop:
                best_ours = max(summary(rows[("memory", "noop", p["concurrency"])])["per_second"] for p in noop)
                best_peer = max(p["per_second"] for p in noop)
                f = best_ours / best_peer
                targets.append((f"≥ {goal}× {peer.title()} on the no-op workload (best concurrency of each)", f"{f:,.1f}×", f >= goal))
        w("")

    w("### ghz (for users): Submit\n")
    w("ghz is not installable on this machine (no internet, not in Debian), so h2load stands in above. "
      "Against a server started with `dotnet run -c Release --project server/TaskRpc.Server -- --store memory` "
      "(reflection is on, so ghz needs no .proto; with `--proto`, the import path is `protos/` and ghz brings "
      "the google/protobuf well-known types itself). JSON payload: "
      "`{\"task\":\"demo.echo\",\"args\":{\"json\":{\"x\":1}},\"wait\":true}`.\n")
    w(GHZ)
    w("")
    head = [BEGIN, "## End to end: all figures in one run (bench/run-all.sh)", "",
            "Reproduce: `bench/run-all.sh` (full, about 20–25 minutes) or `QUICK=1 bench/run-all.sh` (smoke run). "
            "It builds Release, starts and stops every server and peer itself on loopback, and rewrites this block; "
            "the other sections of this file are kept as they are.", "",
            f"Machine: {m.get('nproc')} cores ({m.get('cpu')}), {m.get('mem')} RAM, kernel {m.get('kernel')}, "
            f".NET SDK {m.get('dotnet')}, {m.get('h2load')}. Run {m.get('date')}, commit {m.get('commit')}, "
            f"{m.get('elapsed', '?')} s in all; load average at start {m.get('loadavg')} (1, 5, 15 min): the "
            "machine is shared, everything above 2 means other work competed for the 2 cores; compare "
            "figures within this run only. Settings: " + m.get("settings", "") + ".", "",
            "### Targets", "", "| target | this run | |", "|---|---:|---|"]
    head += [f"| {t} | {v} | {mark(ok)} |" for t, v, ok in targets]
    head += [""]
    limits = os.path.join(HERE, "limits.md")
    tail = [open(limits, encoding="utf-8").read().strip(), ""] if os.path.exists(limits) else []
    block = "\n".join(head + out + tail + [END]) + "\n"
    if doc == "-":
        print(block)
        return
    text = open(doc, encoding="utf-8").read() if os.path.exists(doc) else "# TaskRpc benchmarks\n"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END) + 1:]
    else:
        title, _, rest = text.partition("\n")
        text = title + "\n\n" + block + "\n" + rest.lstrip("\n")
    with open(doc, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"updated {doc}")


if __name__ == "__main__":
    main()
