"""Watching a job's events, and following jobs across dropped connections."""

import pytest

import taskrpc
from helpers import CallRecorder, TcpProxy, awaiting
from taskrpc.v1 import job_pb2


def sequences(events):
    return [event.sequence for event in events]


async def test_watch_wholeLife_inOrderEndingWithTerminalEvent(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.sleep", {"seconds": 0.5, "steps": 5})

        events = [event async for event in job.watch()]

        assert sequences(events) == list(range(1, len(events) + 1))
        states = [e.state_change.state for e in events if e.HasField("state_change")]
        assert states[0] == job_pb2.JOB_STATE_QUEUED and states[-1] == job_pb2.JOB_STATE_SUCCEEDED
        assert job_pb2.JOB_STATE_RUNNING in states
        assert sum(1 for e in events if e.HasField("progress")) >= 1
        assert job.state is taskrpc.JobState.SUCCEEDED and await job == {"slept": 0.5, "steps": 5}


async def test_watch_fromSequence_startsThere(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.sleep", {"seconds": 0.3, "steps": 3})
        everything = [event async for event in job.watch()]

        tail = [event async for event in job.watch(from_sequence=3)]

        assert sequences(tail) == sequences(everything)[2:]


async def test_watch_pastTheEnd_endsAtOnce(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.echo", 1, wait=True)

        assert [event async for event in job.watch(from_sequence=job.snapshot.last_sequence + 1)] == []


async def test_watch_droppedConnection_resumesWithoutGapOrDuplicate(server):
    proxy = TcpProxy(server.port)
    try:
        async with taskrpc.Client(proxy.address, retry_backoff=0.05) as client:
            job = await client.submit("demo.sleep", {"seconds": 2, "steps": 20})
            events = []
            async for event in job.watch():
                events.append(event)
                if len(events) == 4:
                    assert not job.done()
                    proxy.cut()  # mid-stream: the next read fails UNAVAILABLE

            assert proxy.accepted >= 2  # it did reconnect
            assert sequences(events) == list(range(1, len(events) + 1))
            assert events[-1].state_change.state == job_pb2.JOB_STATE_SUCCEEDED
            assert await job == {"slept": 2, "steps": 20}
        async with taskrpc.Client(server.address) as direct:  # the server's own history, unbroken
            history = [event async for event in (await direct.get_job(job.id)).watch()]
        assert history == events
    finally:
        proxy.close()


async def test_await_droppedConnectionDuringWait_retriesAndGetsResult(server):
    proxy = TcpProxy(server.port)
    recorder = CallRecorder()
    try:
        async with taskrpc.Client(proxy.address, interceptors=[recorder]) as client:
            job = await client.submit("demo.sleep", {"seconds": 1})
            result = awaiting(job)
            await recorder.sent("Wait").wait()
            proxy.refusing = True  # the long poll breaks, whether it is on the wire yet or not
            proxy.cut()
            await recorder.failed("Wait").wait()
            proxy.refusing = False  # the server is back: a retry gets through

            assert await result == {"slept": 1, "steps": 1}
            assert recorder.count("Wait") >= 2 and proxy.accepted >= 2
    finally:
        proxy.close()


async def test_await_serverGone_raisesUnavailableAfterRetries(server):
    proxy = TcpProxy(server.port)
    recorder = CallRecorder()
    try:
        async with taskrpc.Client(proxy.address, interceptors=[recorder], max_retries=2, retry_backoff=0.01) as client:
            job = await client.submit("demo.sleep", {"seconds": 60})
            proxy.refusing = True
            result = awaiting(job)
            await recorder.sent("Wait").wait()
            proxy.cut()

            with pytest.raises(taskrpc.Unavailable) as error:
                await result

            assert error.value.transient and error.value.operation == "Wait"
            assert recorder.count("Wait") == 3  # the first call and two retries
        async with taskrpc.Client(server.address) as direct:
            assert await (await direct.get_job(job.id)).cancel() is True
    finally:
        proxy.close()
