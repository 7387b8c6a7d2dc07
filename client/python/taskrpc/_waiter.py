"""The client's waiter: follows every job something waits on with long-polling ``Wait`` calls,
one call per batch of at most 10,000 ids, and ends their futures as the answers come.

Each tracked job id is covered by exactly one call in flight. Ids tracked while calls are out
(e.g. the jobs of a new ``asyncio.gather``) go out together in one new call instead of
interrupting the others. A call returns as soon as any of its jobs ends (FIRST_COMPLETED) with
every job of it that has ended by then, or after the long poll with none; its ids still pending
go out again, together with any other uncovered ids, in the next call.
"""

from __future__ import annotations

import asyncio

import grpc

from ._proto import task_service_pb2
from .errors import NotFound, TransportError

# The most ids the server's Wait takes in one call (taskrpc.v1 WaitJobsRequest.ids).
MAX_IDS_PER_CALL = 10_000

_CANCELLED = grpc.StatusCode.CANCELLED


class Waiter:
    def __init__(self, client, batch_size: int):
        self._client = client
        self._batch_size = batch_size
        self._jobs: dict[str, set] = {}
        self._uncovered: set[str] = set()
        self._changed = asyncio.Event()
        self._task: asyncio.Task | None = None

    def track(self, job) -> None:
        """Follows ``job`` until it ends or is untracked."""
        if self._client.closed:
            job._fail(TransportError(_CANCELLED, "the client is closed", "Wait"))
            return
        jobs = self._jobs.get(job.id)
        if jobs is None:
            self._jobs[job.id] = jobs = set()
            self._uncovered.add(job.id)
            self._changed.set()
        jobs.add(job)
        if self._task is None:
            self._task = self._client.loop.create_task(self._run())

    def untrack(self, job) -> None:
        jobs = self._jobs.get(job.id)
        if jobs is None:
            return
        jobs.discard(job)
        if not jobs:
            del self._jobs[job.id]
            self._uncovered.discard(job.id)
            if not self._jobs:
                self._changed.set()  # let the loop end now rather than at the next answer

    async def close(self) -> None:
        """Stops following; the futures still followed fail with a TransportError (CANCELLED)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        jobs = [job for same_id in self._jobs.values() for job in same_id]
        self._jobs.clear()
        self._uncovered.clear()
        for job in jobs:
            job._fail(TransportError(_CANCELLED, "the client was closed while the job was awaited", "Wait"))

    async def _run(self) -> None:
        in_flight: dict[asyncio.Task, list[str]] = {}
        try:
            while self._jobs:
                if self._uncovered:
                    ids = [job_id for job_id in self._uncovered if job_id in self._jobs]
                    self._uncovered.clear()
                    for start in range(0, len(ids), self._batch_size):
                        chunk = ids[start:start + self._batch_size]
                        in_flight[self._client.loop.create_task(self._wait(chunk))] = chunk
                self._changed.clear()
                changed = self._client.loop.create_task(self._changed.wait())
                try:
                    answered, _ = await asyncio.wait([*in_flight, changed], return_when=asyncio.FIRST_COMPLETED)
                finally:
                    changed.cancel()
                for call in answered:
                    if call is not changed:
                        await self._answered(call, in_flight.pop(call))
        except Exception as error:  # a defect here must not leave every await hanging
            for job in [job for same_id in self._jobs.values() for job in same_id]:
                job._fail(error)
            raise
        finally:
            for call in in_flight:
                call.cancel()
            if self._task is asyncio.current_task():
                self._task = None

    async def _wait(self, ids: list[str]):
        long_poll = self._client.long_poll
        request = task_service_pb2.WaitJobsRequest(ids=ids, return_when=task_service_pb2.RETURN_WHEN_FIRST_COMPLETED)
        request.timeout.FromNanoseconds(round(long_poll * 1e9))
        return await self._client.rpc.call("Wait", request, server_wait=long_poll, retry=True)

    async def _answered(self, call: asyncio.Task, ids: list[str]) -> None:
        error = call.exception()
        if error is None:
            response = call.result()
            # Ended jobs in finishing order, so that as_completed yields them in that order even
            # when one answer ends several.
            done = sorted(response.done, key=lambda job: (job.finish_time.seconds, job.finish_time.nanos))
            for snapshot in (*done, *response.pending):
                self._observe(snapshot.id, snapshot)
        elif isinstance(error, NotFound):
            await self._find_missing(ids)
        else:
            # Not transient, or still failing after the retries: the awaits of these jobs raise it.
            for job_id in ids:
                for job in list(self._jobs.get(job_id, ())):
                    job._fail(error)
        self._uncovered.update(job_id for job_id in ids if job_id in self._jobs)

    async def _find_missing(self, ids: list[str]) -> None:
        """Wait refused the batch because a job is no longer known: find which, fail its awaits
        with NotFound, and keep following the others."""
        rpc = self._client.rpc

        async def get(job_id):
            try:
                self._observe(job_id, await rpc.call("Get", task_service_pb2.GetJobRequest(id=job_id), retry=True))
            except TransportError as error:
                for job in list(self._jobs.get(job_id, ())):
                    job._fail(error)

        await asyncio.gather(*(get(job_id) for job_id in ids if job_id in self._jobs))

    def _observe(self, job_id: str, snapshot) -> None:
        for job in list(self._jobs.get(job_id, ())):
            job._observe(snapshot)

