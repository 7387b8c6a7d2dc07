"""Celery 5 peer benchmark: the no-op and 10 ms sleep workloads, closed loop, on one Redis.

Starts its own worker (celery -A celery_app worker) for each workload and stops it at the end.
N client threads each do task.delay(x).get() back to back (one job per round trip, like
Submit with wait=true); prints one JSON line per (workload, concurrency).

  REDIS_URL=redis://127.0.0.1:PORT/0 python3 celery_bench.py --workload noop --pool prefork \
      --worker-concurrency 2 --concurrency 1,16,64 --warmup 2 --duration 10
"""
import argparse
import os
import signal
import subprocess
import sys
import threading
import time

from peer_common import Recorder, emit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from celery_app import app, noop, sleep10ms  # noqa: E402


def start_worker(pool, concurrency):
    cmd = [sys.executable, "-m", "celery", "-A", "celery_app", "worker", f"--pool={pool}",
           f"--concurrency={concurrency}", "--loglevel=WARNING", "--without-gossip",
           "--without-mingle", "--without-heartbeat", "-n", f"bench{os.getpid()}@%h"]
    worker = subprocess.Popen(cmd, cwd=HERE, env=dict(os.environ), start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=sys.stderr)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            noop.delay(0).get(timeout=2)
            return worker
        except Exception:  # the worker is not ready yet
            if worker.poll() is not None:
                raise SystemExit("celery worker exited during start-up")
    stop_worker(worker)
    raise SystemExit("celery worker not ready after 60 s")


def stop_worker(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def closed_loop(task, concurrency, warmup, duration):
    rec = Recorder(warmup, duration)
    lock = threading.Lock()

    def client():
        while rec.running():
            began = time.perf_counter()
            try:
                ok = task.delay(1).get(timeout=30) == 1
            except Exception:  # counted as an error
                ok = False
            ended = time.perf_counter()
            with lock:
                rec.record(began, ended, ok)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + warmup + 60)
    return rec


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workload", choices=["noop", "sleep"], required=True)
    p.add_argument("--pool", default="prefork")
    p.add_argument("--worker-concurrency", type=int, default=2)
    p.add_argument("--concurrency", default="1,16,64")
    p.add_argument("--warmup", type=float, default=2)
    p.add_argument("--duration", type=float, default=10)
    a = p.parse_args()
    task = noop if a.workload == "noop" else sleep10ms
    app.control.purge()
    worker = start_worker(a.pool, a.worker_concurrency)
    try:
        for c in (int(x) for x in a.concurrency.split(",")):
            rec = closed_loop(task, c, a.warmup, a.duration)
            result = rec.result(peer="celery", name=a.workload, concurrency=c,
                                pool=f"{a.pool} -c {a.worker_concurrency}")
            print(f"celery {a.workload} c={c}: {result['per_second']}/s p50 {result['p50_us']} µs "
                  f"p99 {result['p99_us']} µs, {result['errors']} errors", file=sys.stderr)
            emit(result)
    finally:
        stop_worker(worker)


if __name__ == "__main__":
    main()
