"""Jobs as asyncio futures: the standard library's combinators over many jobs, batched into
long-polling Wait calls."""

import asyncio

import pytest

import taskrpc
from helpers import CallRecorder

N = 1000


async def submit_many(client, count, task="demo.echo", args=lambda n: {"n": n}):
    """`count` jobs, submitted 50 at a time, in order."""
    jobs = []
    for start in range(0, count, 50):
        jobs += await asyncio.gather(*(client.submit(task, args(n)) for n in range(start, min(start + 50, count))))
    return jobs


async def test_gather_1000Jobs_resultsInOrderWithBatchedWaits(server):
    recorder = CallRecorder()
    async with taskrpc.Client(server.address, interceptors=[recorder]) as client:
        jobs = await submit_many(client, N, "demo.sleep", lambda n: {"seconds": 0.05 + (n % 10) / 100})

        results = await asyncio.gather(*jobs)

        assert [r["slept"] for r in results] == [0.05 + (n % 10) / 100 for n in range(N)]
        waits = recorder.requests("Wait")
        assert len(waits[0].ids) == N  # every job pending when gather began went out in one call
        print(f"{len(waits)} Wait calls for {N} jobs")
        assert len(waits) < N / 4, f"{len(waits)} Wait calls for {N} jobs"
        assert recorder.count("Await") == 0 and recorder.count("Get") == 0


async def test_gather_endedJobs_oneWaitCall(server):
    recorder = CallRecorder()
    async with taskrpc.Client(server.address, interceptors=[recorder]) as client:
        jobs = await submit_many(client, N)
        ids = [job.id for job in jobs]
        async with taskrpc.Client(server.address) as other:  # let them all end, unseen by `client`
            await asyncio.gather(*[await other.get_job(job_id) for job_id in ids])

        results = await asyncio.gather(*jobs)

        assert results == [{"n": n} for n in range(N)]
        assert recorder.count("Wait") == 1


async def test_asCompleted_1000Jobs_yieldsEachOnce(server):
    async with taskrpc.Client(server.address) as client:
        jobs = await submit_many(client, N, "demo.sleep", lambda n: {"seconds": (N - n) / 10000})

        seen = [await next_done for next_done in asyncio.as_completed(jobs)]

        assert sorted(r["slept"] for r in seen) == sorted((N - n) / 10000 for n in range(N))


async def test_wait_firstCompleted_returnsTheJobsThemselves(server):
    async with taskrpc.Client(server.address) as client:
        fast = await client.submit("demo.sleep", {"seconds": 0.1})
        slow = await submit_many(client, N, "demo.sleep", lambda n: {"seconds": 60})

        done, pending = await asyncio.wait([*slow, fast], return_when=asyncio.FIRST_COMPLETED, timeout=60)

        assert done == {fast} and pending == set(slow)
        cancelled = await asyncio.gather(*(job.cancel() for job in pending))
        assert all(cancelled)
        outcomes = await asyncio.gather(*pending, return_exceptions=True)
        assert all(isinstance(o, asyncio.CancelledError) for o in outcomes)


async def test_wait_timeout_returnsAllPendingAndStopsPolling(server):
    recorder = CallRecorder()
    async with taskrpc.Client(server.address, interceptors=[recorder]) as client:
        jobs = await submit_many(client, 20, "demo.sleep", lambda n: {"seconds": 60})

        done, pending = await asyncio.wait(jobs, timeout=0.3)

        assert not done and pending == set(jobs)
        assert not client.waiter._jobs  # nobody waits on them any more: nothing left to poll
        await asyncio.gather(*(job.cancel() for job in jobs))


async def test_wait_firstException_returnsAtTheFailure(server):
    async with taskrpc.Client(server.address) as client:
        slow = await submit_many(client, 100, "demo.sleep", lambda n: {"seconds": 60})
        failing = await client.submit("demo.fail", {"message": "first"})

        done, pending = await asyncio.wait([*slow, failing], return_when=asyncio.FIRST_EXCEPTION)

        assert done == {failing} and isinstance(failing.exception(), taskrpc.JobFailed)
        await asyncio.gather(*(job.cancel() for job in pending))


async def test_gather_returnExceptions_keepsEachOutcome(server):
    async with taskrpc.Client(server.address) as client:
        ok = await client.submit("demo.echo", 1)
        failed = await client.submit("demo.fail", {"message": "no"})
        cancelled = await client.submit("demo.sleep", {"seconds": 60})
        await cancelled.cancel()

        outcomes = await asyncio.gather(ok, failed, cancelled, return_exceptions=True)

        assert outcomes[0] == 1
        assert isinstance(outcomes[1], taskrpc.JobFailed)
        assert isinstance(outcomes[2], asyncio.CancelledError)


async def test_smallWaitBatch_splitsIdsAcrossCalls(server):
    recorder = CallRecorder()
    async with taskrpc.Client(server.address, interceptors=[recorder], wait_batch_size=100) as client:
        jobs = await submit_many(client, 1000, "demo.sleep", lambda n: {"seconds": 0.2})

        await asyncio.gather(*jobs)

        first_round = recorder.requests("Wait")[:10]
        assert sorted(len(request.ids) for request in first_round) == [100] * 10
        assert {i for request in first_round for i in request.ids} == {job.id for job in jobs}
        assert all(len(request.ids) <= 100 for request in recorder.requests("Wait"))


async def test_jobsAwaitedOverTime_joinTheWaiter(server):
    """Jobs awaited while a long poll is out go out in their own call and all end."""
    recorder = CallRecorder()
    async with taskrpc.Client(server.address, interceptors=[recorder]) as client:
        slow = await client.submit("demo.sleep", {"seconds": 60})
        slow_wait = asyncio.ensure_future(asyncio.shield(slow))
        await recorder.sent("Wait").wait()

        later = [await client.submit("demo.sleep", {"seconds": 0.1}) for _ in range(5)]
        assert await asyncio.gather(*later) == [{"slept": 0.1, "steps": 1}] * 5

        assert not slow_wait.done()
        assert await slow.cancel() is True
        with pytest.raises(asyncio.CancelledError):
            await slow_wait
