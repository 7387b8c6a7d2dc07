"""The Python client (client/python, package taskrpc) under a closed loop: one Client, N
coroutines each running no-op jobs back to back; one JSON line per concurrency, in the peers'
format (bench/peers/peer_common.py).

  --mode run:    `await client.run("demo.echo", {"x": 1})`, Submit with wait=true: one round trip per job.
  --mode await:  `await (await client.submit(...))`: Submit, then the job awaited through the
                 client's batched long-poll Wait.

  /usr/bin/python3 bench/python_client_bench.py --target 127.0.0.1:PORT --concurrency 64 --warmup 3 --duration 10
"""
import argparse
import asyncio
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "..", "client", "python"), os.path.join(HERE, "peers")]
import taskrpc  # noqa: E402
from peer_common import Recorder, emit  # noqa: E402


async def closed_loop(target, concurrency, warmup, duration, mode):
    rec = Recorder(warmup, duration)
    async with taskrpc.Client(target) as client:

        async def one():
            if mode == "run":
                return await client.run("demo.echo", {"x": 1})
            return await (await client.submit("demo.echo", {"x": 1}))

        async def worker():
            while rec.running():
                began = time.perf_counter()
                try:
                    ok = await one() == {"x": 1}
                except taskrpc.TaskRpcError:
                    ok = False
                rec.record(began, time.perf_counter(), ok)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return rec


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--target", default="127.0.0.1:50051")
    p.add_argument("--mode", choices=["run", "await"], default="run")
    p.add_argument("--concurrency", default="64")
    p.add_argument("--warmup", type=float, default=3)
    p.add_argument("--duration", type=float, default=10)
    a = p.parse_args()
    for c in (int(x) for x in a.concurrency.split(",")):
        rec = asyncio.run(closed_loop(a.target, c, a.warmup, a.duration, a.mode))
        result = rec.result(peer="taskrpc-python", name=f"noop-{a.mode}", concurrency=c)
        print(f"python client {a.mode} c={c}: {result['per_second']}/s p50 {result['p50_us']} µs "
              f"p99 {result['p99_us']} µs, {result['errors']} errors", file=sys.stderr)
        emit(result)


if __name__ == "__main__":
    main()
