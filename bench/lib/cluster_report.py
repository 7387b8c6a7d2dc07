"""bench/cluster.sh's report: markdown tables from the JSON lines it left in WORK (argument 1)."""
import glob
import json
import os
import re
import statistics
import sys

work = sys.argv[1]
LABELS = {
    "sqlite": ("TaskRpc, SQLite", "1 node"),
    "pg1": ("TaskRpc, PostgreSQL", "1 node"),
    "pg2": ("TaskRpc, PostgreSQL", "2 nodes"),
    "pg3": ("TaskRpc, PostgreSQL", "3 nodes"),
    "memory": ("TaskRpc, memory", "1 node"),
    "hangfire-pg": ("Hangfire, PostgreSQL", "{workers} workers"),
    "hangfire-memory": ("Hangfire, InMemory", "{workers} workers"),
}
ORDER = list(LABELS)


def lines(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.startswith("{")]


def loads(path):
    try:
        with open(path) as f:
            return " → ".join(line.split(" ", 1)[1].split()[0] for line in f if line.strip())
    except OSError:
        return "?"


def ms(us):
    return f"{us / 1000:.1f}" if us >= 1000 else f"{us / 1000:.2f}"


def label(system, row):
    name, what = LABELS.get(system, (system, ""))
    return name, what.format(workers=row.get("workers", "?"))


with open(os.path.join(work, "machine.env")) as f:
    print(f.read().strip())
print()

# 1. Throughput: median of the rounds per (workload, system, workers).
runs = {}
round_loads = []
for path in sorted(glob.glob(os.path.join(work, "throughput-*-r*.jsonl"))):
    system, rnd = re.search(r"throughput-(.+)-r(\d+)\.jsonl$", path).groups()
    round_loads.append(f"{system} r{rnd}: {loads(path[:-len('.jsonl')] + '.load')}")
    for row in lines(path):
        key = (row["name"], system, row.get("workers", 0))
        runs.setdefault(key, []).append(row)

print("Load average (1 min) before → after each throughput run: " + "; ".join(round_loads))
print()
print("| workload | system | nodes / workers | callers | jobs/s (median) | each round | p50 ms | p99 ms | submit→start p50 ms | failed + errors |")
print("| --- | --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
best = {}
for key in sorted(runs, key=lambda k: (k[0] != "noop", ORDER.index(k[1]) if k[1] in ORDER else 99, k[2])):
    name, system, workers = key
    rows = runs[key]
    rate = statistics.median(r["per_second"] for r in rows)
    best_key = (name, system)
    best[best_key] = max(best.get(best_key, 0), rate)
    system_label, what = label(system, rows[0])
    each = ", ".join(format(r["per_second"], ",.0f") for r in rows)
    print(f"| {name} | {system_label} | {what} | {rows[0]['concurrency']} | {rate:,.0f} | {each} | "
          f"{ms(statistics.median(r['p50_us'] for r in rows))} | {ms(statistics.median(r['p99_us'] for r in rows))} | "
          f"{ms(statistics.median(r.get('submit_to_start_p50_us', 0) for r in rows))} | "
          f"{sum(r.get('failed', 0) + r.get('errors', 0) for r in rows)} |")
print()


def ratio(name, a, b):
    if best.get((name, a)) and best.get((name, b)):
        return f"{best[(name, a)] / best[(name, b)]:.2f}×"
    return "n/a"


for name in sorted({k[0] for k in best}, key=lambda n: n != "noop"):
    parts = [f"PostgreSQL 1 node ÷ SQLite {ratio(name, 'pg1', 'sqlite')}",
             f"2 nodes ÷ 1 node {ratio(name, 'pg2', 'pg1')}",
             f"3 nodes ÷ 1 node {ratio(name, 'pg3', 'pg1')}",
             f"TaskRpc PostgreSQL (1 node) ÷ Hangfire PostgreSQL (best worker count) {ratio(name, 'pg1', 'hangfire-pg')}",
             f"TaskRpc memory ÷ Hangfire InMemory (best) {ratio(name, 'memory', 'hangfire-memory')}"]
    print(f"- {name}: " + "; ".join(parts))
print()

# 2. Idle submit-to-start and 3. backlog drain.
idle, backlog = [], []
for path in sorted(glob.glob(os.path.join(work, "extras-*.jsonl")), key=lambda p: ORDER.index(re.search(r"extras-(.+)\.jsonl$", p).group(1))):
    system = re.search(r"extras-(.+)\.jsonl$", path).group(1)
    load = loads(path[:-len(".jsonl")] + ".load")
    for row in lines(path):
        (idle if row["mode"] == "idle" else backlog).append((system, row, load))

if idle:
    print("Idle submit-to-start (one caller, one job at a time, a pause between jobs; submitted to node 1):")
    print()
    print("| system | nodes / workers | jobs | submit→start p50 / p99 ms | created→started p50 / p99 ms | round trip p50 / p99 ms | ran per node | load |")
    print("| --- | --- | ---: | --- | --- | --- | --- | --- |")
    for system, r, load in idle:
        system_label, what = label(system, r)
        if r.get("long_polling"):
            what += ", long polling"
        created = (f"{ms(r['created_to_started_p50_us'])} / {ms(r['created_to_started_p99_us'])}"
                   if "created_to_started_p50_us" in r else "—")
        print(f"| {system_label} | {what} | {r['jobs']} | {ms(r['submit_to_start_p50_us'])} / {ms(r['submit_to_start_p99_us'])} | {created} | "
              f"{ms(r['round_trip_p50_us'])} / {ms(r['round_trip_p99_us'])} | {r.get('ran_per_node', '—')} | {load} |")
    print()

if backlog:
    print("Backlog drain (no-op jobs all due at once; claim, run and complete each):")
    print()
    print("| system | nodes / workers | jobs | succeeded | drain s | jobs/s | first start after due ms | ran per node | submitted before due | load |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |")
    for system, r, load in backlog:
        system_label, what = label(system, r)
        print(f"| {system_label} | {what} | {r['jobs']} | {r['succeeded']} | {r.get('drain_seconds', 0):.2f} | {r.get('per_second', 0):,.0f} | "
              f"{r.get('first_start_after_due_ms', '—')} | {r.get('ran_per_node', '—')} | {'no (late)' if r.get('late') else 'yes' if 'late' in r else '—'} | {load} |")
