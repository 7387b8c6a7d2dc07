"""Dask distributed peer benchmark: the no-op and 10 ms sleep workloads, closed loop.

A LocalCluster of worker processes on this machine; an asynchronous Client with N coroutines,
each doing `await client.submit(f, x, pure=False)` back to back (one task per round trip, like
Submit with wait=true). Prints one JSON line per (workload, concurrency).

  python3 dask_bench.py --workload noop --workers 2 --threads 1 --concurrency 1,16,64 --duration 10
"""
import argparse
import asyncio
import sys
import time

from dask.distributed import Client, LocalCluster

from peer_common import Recorder, emit


def noop(x):
    return x


def sleep10ms(x):
    time.sleep(0.01)
    return x


async def closed_loop(client, fn, concurrency, warmup, duration):
    rec = Recorder(warmup, duration)

    async def one():
        while rec.running():
            began = time.perf_counter()
            try:
                ok = await client.submit(fn, 1, pure=False) == 1
            except Exception:  # counted as an error
                ok = False
            rec.record(began, time.perf_counter(), ok)

    await asyncio.gather(*(one() for _ in range(concurrency)))
    return rec


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workload", choices=["noop", "sleep"], required=True)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--concurrency", default="1,16,64")
    p.add_argument("--warmup", type=float, default=2)
    p.add_argument("--duration", type=float, default=10)
    a = p.parse_args()
    fn = noop if a.workload == "noop" else sleep10ms
    async with LocalCluster(n_workers=a.workers, threads_per_worker=a.threads, processes=True,
                            dashboard_address=None, host="127.0.0.1", asynchronous=True,
                            silence_logs=40) as cluster:
        async with Client(cluster, asynchronous=True) as client:
            for c in (int(x) for x in a.concurrency.split(",")):
                rec = await closed_loop(client, fn, c, a.warmup, a.duration)
                result = rec.result(peer="dask", name=a.workload, concurrency=c,
                                    pool=f"{a.workers} processes x {a.threads} threads")
                print(f"dask {a.workload} c={c}: {result['per_second']}/s p50 {result['p50_us']} µs "
                      f"p99 {result['p99_us']} µs, {result['errors']} errors", file=sys.stderr)
                emit(result)


if __name__ == "__main__":
    asyncio.run(main())
