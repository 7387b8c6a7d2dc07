"""A job's event stream that survives reconnects (the port of the C# client's ProgressWatcher):
after a transient failure, or a stream that ends before the terminal event, it subscribes again
from the last sequence seen plus one, so the caller sees every event once, in order."""

from __future__ import annotations

import asyncio

import grpc

from ._proto import task_service_pb2
from .errors import TRANSIENT_CODES, from_rpc_error, transport_error
from .types import JobState


async def watch(job, rpc, from_sequence: int):
    next_sequence = max(from_sequence, 1)
    failures = 0
    while True:
        broken = None
        call = rpc.stream_progress(task_service_pb2.StreamProgressRequest(id=job.id, from_sequence=next_sequence))
        try:
            async for event in call:
                if event.sequence < next_sequence:
                    continue
                next_sequence = event.sequence + 1
                failures = 0
                job._observe_event(event)
                yield event
                if event.HasField("state_change") and JobState(event.state_change.state).terminal:
                    return
        except grpc.aio.AioRpcError as rpc_error:
            if rpc_error.code() not in TRANSIENT_CODES:
                raise from_rpc_error(rpc_error, "StreamProgress") from rpc_error
            broken = rpc_error
        finally:
            call.cancel()

        if broken is None and await _has_no_events_from(job, next_sequence):
            return  # a watch from past the job's end
        failures += 1
        if failures > rpc.max_retries:
            code = broken.code() if broken is not None else grpc.StatusCode.UNAVAILABLE
            raise transport_error(code, f"the progress stream of job {job.id} broke {failures} times in a row",
                                  "StreamProgress") from broken
        await asyncio.sleep(rpc.backoff(failures))


async def _has_no_events_from(job, next_sequence: int) -> bool:
    """True when the job has ended and has no event at or after ``next_sequence``."""
    current = await job.get()
    return JobState(current.state).terminal and current.last_sequence < next_sequence
