"""TaskRpc's futures in asyncio's vocabulary, over grpc.aio: a library in miniature.

    async with connect("127.0.0.1", 50051) as stub:
        job = await submit(stub, "demo.sleep", {"seconds": 1})
        job = await await_job(stub, job.id)          # like `await task`
        print(result(job))                           # like Task.result(): raises if it failed
        done, pending = await wait(stub, ids, return_when=FIRST_COMPLETED, timeout=3)
        cancelled = await cancel(stub, job_id)       # like Task.cancel(): False if already done
        async with stream_progress(stub, job_id, from_sequence=1) as events:
            async for event in events: ...

Every call carries a gRPC deadline, so a broken server fails a call instead of hanging it. Needs
the stubs from gen.sh; run with /usr/bin/python3 (Debian's python3-grpcio and python3-protobuf).
"""

import contextlib
import datetime

import grpc
from google.protobuf import json_format, struct_pb2

from stubs import job_pb2, task_service_pb2, task_service_pb2_grpc

pb = task_service_pb2
JobState = job_pb2.JobState

# asyncio.wait's return_when constants, as the contract spells them.
FIRST_COMPLETED = pb.RETURN_WHEN_FIRST_COMPLETED
FIRST_EXCEPTION = pb.RETURN_WHEN_FIRST_EXCEPTION
ALL_COMPLETED = pb.RETURN_WHEN_ALL_COMPLETED

TERMINAL_STATES = frozenset({job_pb2.JOB_STATE_SUCCEEDED, job_pb2.JOB_STATE_FAILED, job_pb2.JOB_STATE_CANCELLED})

# The gRPC deadline of a call that returns at once; calls that wait get their wait on top.
DEADLINE_S = 10.0


class JobError(Exception):
    """A job ended FAILED (as a task's exception would be raised by Task.result())."""

    def __init__(self, job):
        super().__init__(f"job {job.id} ({job.task}) failed: {job.error.code}: {job.error.message}")
        self.job = job


class JobCancelledError(Exception):
    """A job ended CANCELLED (asyncio.CancelledError's counterpart, kept apart from it so that a
    cancelled *job* cannot be mistaken for cancellation of the awaiting coroutine)."""

    def __init__(self, job):
        super().__init__(f"job {job.id} ({job.task}) was cancelled: {job.error.message}")
        self.job = job


class InvalidStateError(Exception):
    """result() of a job that has not ended (asyncio.InvalidStateError's counterpart)."""


# ---- payloads and times -----------------------------------------------------------------------

def to_payload(value):
    """A Python value as a Payload: bytes stay bytes, a Payload passes through, anything else is
    JSON-shaped (dict, list, str, number, bool, None) and goes as google.protobuf.Value."""
    if isinstance(value, job_pb2.Payload):
        return value
    if isinstance(value, (bytes, bytearray)):
        return job_pb2.Payload(binary=bytes(value))
    return job_pb2.Payload(json=json_format.ParseDict(value, struct_pb2.Value()))


def from_payload(payload):
    """A Payload as a Python value: JSON-shaped as dict/list/… (numbers as floats), bytes as
    bytes, a message as its google.protobuf.Any, no payload as None."""
    kind = payload.WhichOneof("kind")
    if kind == "json":
        return json_format.MessageToDict(payload.json)
    if kind == "binary":
        return payload.binary
    if kind == "message":
        return payload.message
    return None


def _set_duration(field, seconds):
    field.FromNanoseconds(round(seconds * 1e9))


# A call that waits without a timeout of its own (Await, Wait, Submit with wait) gets this long.
UNBOUNDED_WAIT_S = 30.0


def _deadline(wait_s):
    """A call's deadline: its own wait plus the usual margin."""
    return DEADLINE_S + wait_s


def _waits_s(timeout):
    """How long a call waits at most: its timeout (seconds or a Duration), or UNBOUNDED_WAIT_S."""
    if timeout is None:
        return UNBOUNDED_WAIT_S
    return timeout.ToNanoseconds() / 1e9 if hasattr(timeout, "ToNanoseconds") else timeout


# ---- the API ----------------------------------------------------------------------------------

@contextlib.asynccontextmanager
async def connect(host, port):
    """An insecure (h2c) channel to a TaskRpc server and its TaskService stub, closed on exit."""
    async with grpc.aio.insecure_channel(f"{host}:{port}") as channel:
        yield task_service_pb2_grpc.TaskServiceStub(channel)


def submit_request(task, args=None, *, wait=False, wait_timeout=None, delay=None, not_before=None,
                   execution_timeout=None, schedule_to_start_timeout=None, priority=0,
                   idempotency_key="", labels=None):
    """A SubmitRequest; times in seconds (floats), not_before as an aware datetime."""
    request = pb.SubmitRequest(task=task, wait=wait, priority=priority, idempotency_key=idempotency_key,
                               labels=labels or {})
    if args is not None:
        request.args.CopyFrom(to_payload(args))
    for name, seconds in (("wait_timeout", wait_timeout), ("delay", delay),
                          ("execution_timeout", execution_timeout),
                          ("schedule_to_start_timeout", schedule_to_start_timeout)):
        if seconds is not None:
            _set_duration(getattr(request, name), seconds)
    if not_before is not None:
        request.not_before.FromDatetime(not_before.astimezone(datetime.timezone.utc).replace(tzinfo=None))
    return request


async def submit(stub, task, args=None, *, deadline=None, **opts):
    """Submits a job (asyncio.create_task's counterpart) and returns the Job as accepted, or with
    wait=True as it ended. `task` may also be a ready SubmitRequest (then args and opts must not
    be given), e.g. one parsed from grpcurl-style JSON."""
    if isinstance(task, pb.SubmitRequest):
        if args is not None or opts:
            raise TypeError("a ready SubmitRequest takes no args or options")
        request = task
    else:
        request = submit_request(task, args, **opts)
    if deadline is None:
        deadline = _deadline(_waits_s(request.wait_timeout if request.HasField("wait_timeout") else None)
                             if request.wait else 0.0)
    return await stub.Submit(request, timeout=deadline)


async def get(stub, job_id, *, deadline=DEADLINE_S):
    """The job as it is now."""
    return await stub.Get(pb.GetJobRequest(id=job_id), timeout=deadline)


async def await_job(stub, job_id, timeout=None, *, deadline=None):
    """`await task`: the job once it has ended. With timeout (seconds), the job as it is then,
    ended or not (as asyncio.wait_for would give up, but without raising)."""
    request = pb.AwaitJobRequest(id=job_id)
    if timeout is not None:
        _set_duration(request.timeout, timeout)
    return await stub.Await(request, timeout=deadline or _deadline(_waits_s(timeout)))


async def wait(stub, ids, return_when=ALL_COMPLETED, timeout=None, *, deadline=None):
    """asyncio.wait over jobs: (done, pending), lists of Jobs in the order of `ids`."""
    request = pb.WaitJobsRequest(ids=list(ids), return_when=return_when)
    if timeout is not None:
        _set_duration(request.timeout, timeout)
    response = await stub.Wait(request, timeout=deadline or _deadline(_waits_s(timeout)))
    return list(response.done), list(response.pending)


async def cancel(stub, job_id, reason="", *, deadline=DEADLINE_S):
    """Task.cancel(): True if this call cancelled the job, False if it had already ended."""
    return (await cancel_job(stub, job_id, reason, deadline=deadline)).cancelled


async def cancel_job(stub, job_id, reason="", *, deadline=DEADLINE_S):
    """Cancel with the full CancelJobResponse (the job after the request and `cancelled`)."""
    return await stub.Cancel(pb.CancelJobRequest(id=job_id, reason=reason), timeout=deadline)


def done(job):
    """Task.done()."""
    return job.state in TERMINAL_STATES


def result(job):
    """Task.result(): the result of a SUCCEEDED job as a Python value; raises JobError for a FAILED
    job, JobCancelledError for a CANCELLED one, InvalidStateError for one not ended."""
    if job.state == job_pb2.JOB_STATE_SUCCEEDED:
        return from_payload(job.result)
    if job.state == job_pb2.JOB_STATE_FAILED:
        raise JobError(job)
    if job.state == job_pb2.JOB_STATE_CANCELLED:
        raise JobCancelledError(job)
    raise InvalidStateError(f"job {job.id} is {JobState.Name(job.state)}, not done")


class ProgressStream:
    """A job's events from a sequence number on, as an async iterator; ends after the terminal
    event. Use as `async with`, or call cancel(): either ends the gRPC call."""

    def __init__(self, stub, job_id, from_sequence=0, deadline=60.0):
        self._call = stub.StreamProgress(pb.StreamProgressRequest(id=job_id, from_sequence=from_sequence),
                                         timeout=deadline)

    def __aiter__(self):
        return self._call.__aiter__()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        self.cancel()

    def cancel(self):
        """Ends the call (the server sees it cancelled); False if it had already ended."""
        return self._call.cancel()

    async def code(self):
        """The call's final status code (e.g. CANCELLED after cancel(), OK after the end)."""
        return await self._call.code()


def stream_progress(stub, job_id, from_sequence=0, *, deadline=60.0):
    """A ProgressStream of the job's events from `from_sequence` (0 or 1: the whole history)."""
    return ProgressStream(stub, job_id, from_sequence, deadline)


async def wait_for_state(stub, job_id, state, *, deadline=30.0):
    """The first event that puts the job in `state` (history included), read from its progress
    stream; None if the job ended without reaching it."""
    async with stream_progress(stub, job_id, deadline=deadline) as events:
        async for event in events:
            if event.WhichOneof("event") == "state_change" and event.state_change.state == state:
                return event
    return None
