"""One job: submit and its options, await, state, get, cancel, wait_for, errors."""

import asyncio
import datetime

import grpc
import pytest

import taskrpc
from helpers import awaiting
from taskrpc.v1 import job_pb2


async def test_submit_await_returnsResult(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.echo", {"x": 1, "nested": [1, 2.5, "a", None, True]})

        assert job.id and job.task == "demo.echo"
        assert await job == {"x": 1, "nested": [1, 2.5, "a", None, True]}
        assert job.state is taskrpc.JobState.SUCCEEDED
        assert job.done() and job.result() == {"x": 1, "nested": [1, 2.5, "a", None, True]}


async def test_submit_bytesArgs_roundTripAsBytes(server):
    async with taskrpc.Client(server.address) as client:
        assert await client.run("demo.echo", b"\x00\x01binary") == b"\x00\x01binary"


async def test_await_failedJob_raisesJobFailedWithRemoteError(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.fail", {"message": "boom"})

        with pytest.raises(taskrpc.JobFailed) as failed:
            await job

        assert failed.value.code == "UNKNOWN" and failed.value.status_code is grpc.StatusCode.UNKNOWN
        assert "boom" in failed.value.message and failed.value.job_id == job.id
        assert failed.value.job.state == job_pb2.JOB_STATE_FAILED
        assert job.state is taskrpc.JobState.FAILED


async def test_await_cancelledJob_raisesCancelledError(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.sleep", {"seconds": 60})

        assert await job.cancel("not needed") is True
        with pytest.raises(asyncio.CancelledError):
            await job

        assert job.state is taskrpc.JobState.CANCELLED
        assert "not needed" in job.snapshot.error.message
        assert await job.cancel() is False  # as Task.cancel() on a done task


async def test_cancel_endedJob_returnsFalseAndKeepsResult(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.echo", 7, wait=True)

        assert job.state is taskrpc.JobState.SUCCEEDED
        assert not job.cancel()  # the future has ended: falsy, as Future.cancel()
        assert await job.cancel() is False
        assert await job == 7


async def test_get_runningJob_updatesStateAndProgress(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.sleep", {"seconds": 30, "steps": 30})
        async for event in job.watch():
            if event.HasField("progress"):
                break

        snapshot = await job.get()

        assert snapshot.state == job_pb2.JOB_STATE_RUNNING and job.state is taskrpc.JobState.RUNNING
        assert job.progress is not None and job.progress.fraction > 0
        assert not job.done()
        await job.cancel()


async def test_getJob_byId_followsTheSameJob(server):
    async with taskrpc.Client(server.address) as client:
        submitted = await client.submit("demo.sleep", {"seconds": 0.2})
        found = await client.get_job(submitted.id)

        assert found.id == submitted.id and found is not submitted
        assert await found == await submitted


async def test_submitOptions_reachTheJob(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.echo", {"v": 1}, priority=7, delay=datetime.timedelta(milliseconds=300),
                                  retry=taskrpc.Retry(max_attempts=3, initial_backoff=0.1), timeout=5,
                                  labels={"team": "py", "run": job_label()})

        snapshot = job.snapshot
        assert snapshot.priority == 7 and snapshot.max_attempts == 3
        assert snapshot.execution_timeout.ToTimedelta() == datetime.timedelta(seconds=5)
        assert snapshot.not_before.ToDatetime() >= snapshot.create_time.ToDatetime() + datetime.timedelta(milliseconds=299)
        assert dict(snapshot.labels) == {"team": "py", "run": job_label()}
        assert await job == {"v": 1}
        assert job.snapshot.start_time.ToDatetime() >= snapshot.not_before.ToDatetime()
        listed = [found.id async for found in client.jobs(labels={"run": job_label()})]
        assert listed == [job.id]


async def test_submit_executionTimeout_failsDeadlineExceeded(server):
    async with taskrpc.Client(server.address) as client:
        with pytest.raises(taskrpc.JobFailed) as failed:
            await client.run("demo.sleep", {"seconds": 30}, timeout=0.2)

        assert failed.value.code == "DEADLINE_EXCEEDED"
        assert failed.value.status_code is grpc.StatusCode.DEADLINE_EXCEEDED


async def test_submit_retryPolicy_retriesFailedAttempts(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.fail", {"message": "again"}, retry=taskrpc.Retry(3, initial_backoff=0.05))

        with pytest.raises(taskrpc.JobFailed):
            await job

        assert job.snapshot.attempt == 3


async def test_submit_sameIdempotencyKey_returnsTheFirstJob(server):
    async with taskrpc.Client(server.address) as client:
        key = "py-idem-" + job_label()
        first = await client.submit("demo.echo", {"n": 1}, idempotency_key=key)
        second = await client.submit("demo.echo", {"n": 2}, idempotency_key=key)

        assert second.id == first.id
        assert await second == {"n": 1}


async def test_submit_unknownTask_raisesNotFound(server):
    async with taskrpc.Client(server.address) as client:
        with pytest.raises(taskrpc.NotFound) as error:
            await client.submit("no.such.task")

        assert error.value.code is grpc.StatusCode.NOT_FOUND and error.value.operation == "Submit"
        assert isinstance(error.value, LookupError) and not error.value.transient


async def test_submit_badPriority_raisesInvalidArgument(server):
    async with taskrpc.Client(server.address) as client:
        with pytest.raises(taskrpc.InvalidArgument) as error:
            await client.submit("demo.echo", 1, priority=5000)

        assert error.value.code is grpc.StatusCode.INVALID_ARGUMENT and "priority" in error.value.details.lower()


async def test_getJob_unknownId_raisesNotFound(server):
    async with taskrpc.Client(server.address) as client:
        with pytest.raises(taskrpc.NotFound):
            await client.get_job("j0000000000000000000000000")


async def test_waitFor_timeout_leavesRemoteJobRunningByDefault(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.sleep", {"seconds": 60})

        with pytest.raises(TimeoutError):
            await asyncio.wait_for(job, 0.3)

        assert job.cancelled()
        assert (await job.get()).state in (job_pb2.JOB_STATE_QUEUED, job_pb2.JOB_STATE_RUNNING)
        assert await job.cancel() is True  # still cancellable remotely
        assert (await job.outcome()).state == job_pb2.JOB_STATE_CANCELLED


async def test_waitFor_timeoutWithCancelRemote_cancelsTheRemoteJob(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.sleep", {"seconds": 60}, cancel_remote_on_cancel=True)

        with pytest.raises(TimeoutError):
            await asyncio.wait_for(job, 0.3)

        assert job.state is taskrpc.JobState.CANCELLED  # wait_for returned once the remote job ended
        assert (await job.get()).state == job_pb2.JOB_STATE_CANCELLED


async def test_cancelledAwaitingTask_cancelsOnlyTheLocalFutureByDefault(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.sleep", {"seconds": 60})
        task = awaiting(job)
        await running(job)

        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

        assert job.cancelled()
        assert (await job.get()).state == job_pb2.JOB_STATE_RUNNING
        assert await job.cancel() is True


async def test_clientOption_cancelRemote_appliesToCancelledAwaitingTask(server):
    async with taskrpc.Client(server.address, cancel_remote_on_cancel=True) as client:
        job = await client.submit("demo.sleep", {"seconds": 60})
        task = awaiting(job)
        await running(job)

        task.cancel()  # Task.cancel() cancels the future the task awaits: the job
        with pytest.raises(asyncio.CancelledError):
            await task

        assert (await job.outcome()).state == job_pb2.JOB_STATE_CANCELLED


async def test_listTasks_namesEachTaskWithItsExecutor(server):
    async with taskrpc.Client(server.address) as client:
        tasks = {task.name: task for task in await client.list_tasks()}

        assert tasks["demo.echo"].executor == job_pb2.EXECUTOR_ASYNC
        assert tasks["demo.cpu"].executor == job_pb2.EXECUTOR_PROCESSES
        assert tasks["demo.blocking_sleep"].executor == job_pb2.EXECUTOR_THREADS


async def test_setResult_onJob_isRefused(server):
    async with taskrpc.Client(server.address) as client:
        job = await client.submit("demo.echo", 1)
        with pytest.raises(RuntimeError):
            job.set_result(2)
        assert await job == 1


async def running(job):
    """Returns once the job's RUNNING event has come."""
    async for event in job.watch():
        if event.HasField("state_change") and event.state_change.state == job_pb2.JOB_STATE_RUNNING:
            return
    raise AssertionError(f"{job} ended without running")


_LABEL = None


def job_label():
    """A value unique to this test session (the server outlives single tests)."""
    global _LABEL
    if _LABEL is None:
        _LABEL = datetime.datetime.now().strftime("%H%M%S%f")
    return _LABEL
