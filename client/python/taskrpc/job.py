"""A job on the server, seen from the client as an asyncio future."""

from __future__ import annotations

import asyncio

from . import _payload, _watch
from ._proto import job_pb2, task_service_pb2
from .errors import JobFailed
from .types import TERMINAL_STATES, JobState

__all__ = ["CancelRequest", "Job"]


def _terminal(snapshot: job_pb2.Job) -> bool:
    return snapshot.state in TERMINAL_STATES


class Job(asyncio.Future):
    """A job on a TaskRpc server as an ``asyncio.Future``: ``await job`` gives its result, raises
    ``taskrpc.JobFailed`` when it failed and ``asyncio.CancelledError`` when it was cancelled, and
    the standard library's ``gather``, ``wait``, ``wait_for``, ``as_completed`` and ``shield``
    take it as it is. Made by ``Client.submit`` or ``Client.get_job``; not thread-safe (use it on
    its client's event loop).

    While anything waits on a job (an ``await``, a combinator, a done callback) the client's
    waiter follows it: all the jobs waited on at once share one long-polling ``Wait`` call per
    10,000 jobs. Nothing is polled for a job nobody waits on.
    """

    def __init__(self, client, snapshot: job_pb2.Job, cancel_remote_on_cancel: bool):
        super().__init__(loop=client.loop)
        self._client = client
        self._snapshot = snapshot
        self._tracked = False
        self.id: str = snapshot.id
        """The job's id, assigned by the server."""
        self.task: str = snapshot.task
        """The job's task, e.g. ``"demo.sleep"``."""
        self.cancel_remote_on_cancel: bool = cancel_remote_on_cancel
        """Whether cancelling this future without awaiting the cancel (as ``asyncio.wait_for``
        on timeout, ``gather`` or a cancelled awaiting task do) cancels the remote job too;
        default ``Client(cancel_remote_on_cancel=False)``: only the local future is cancelled."""
        if _terminal(snapshot):
            self._resolve()

    # ---- what the client has seen ------------------------------------------------------------

    @property
    def state(self) -> JobState:
        """The latest state this client has seen, from any call or event about the job; no call is made."""
        return JobState(self._snapshot.state)

    @property
    def snapshot(self) -> job_pb2.Job:
        """The job as last seen (a ``taskrpc.v1.job_pb2.Job``: attempt, times, labels, error…)."""
        return self._snapshot

    @property
    def progress(self) -> job_pb2.Progress | None:
        """The latest progress seen (``fraction``, ``message``, ``detail``), or None."""
        return self._snapshot.progress if self._snapshot.HasField("progress") else None

    # ---- calls ---------------------------------------------------------------------------------

    async def get(self) -> job_pb2.Job:
        """Fetches the job as it is now (and updates ``state``); retried on transient failures.
        Raises ``taskrpc.NotFound`` once the server no longer retains it."""
        snapshot = await self._client.rpc.call("Get", task_service_pb2.GetJobRequest(id=self.id), retry=True)
        self._observe(snapshot)
        return snapshot

    async def outcome(self) -> job_pb2.Job:
        """Waits for the job to end and returns it as it ended, whatever its state: unlike
        ``await job`` it raises nothing for FAILED or CANCELLED, and it still follows the remote
        job after this future was cancelled locally."""
        long_poll = self._client.long_poll
        while not _terminal(self._snapshot):
            request = task_service_pb2.AwaitJobRequest(id=self.id)
            request.timeout.FromNanoseconds(round(long_poll * 1e9))
            self._observe(await self._client.rpc.call("Await", request, server_wait=long_poll, retry=True))
        return self._snapshot

    def watch(self, from_sequence: int = 0):
        """The job's events (``taskrpc.v1.job_pb2.JobEvent``: state changes and progress) from
        ``from_sequence`` on (0: the whole history), then live ones, ending after the terminal
        event: ``async for event in job.watch(): ...``. A dropped connection is resumed from the
        last sequence seen plus one, so every event comes once, in order."""
        return _watch.watch(self, self._client.rpc, from_sequence)

    def cancel(self, msg: str | None = None) -> CancelRequest:
        """Cancels the job, as ``Task.cancel()``; ``msg`` is the reason, recorded in the job's error.

        ``await job.cancel()`` asks the server to cancel the job and returns its answer: True if
        this request cancelled it, False if it had already ended. The future then ends with the
        remote job: awaiting it raises ``asyncio.CancelledError`` once the job is CANCELLED (or
        gives the result if it had already succeeded).

        Without ``await`` (as ``asyncio.wait_for`` calls it on timeout, ``gather`` when cancelled,
        or a task awaiting the job when that task is cancelled) the return value is truthy when
        the future had not ended yet, as ``Future.cancel()``; then with
        ``cancel_remote_on_cancel`` the remote job is cancelled too and the future ends with it,
        and without it (the default) only this future is cancelled and the remote job goes on.
        """
        request = CancelRequest(self, msg, not self.done())
        if request:
            if self.cancel_remote_on_cancel:
                request.start(fallback_to_local=True)
            else:
                self._loop.call_soon(request.cancel_locally_unless_awaited)
        return request

    def set_result(self, result):
        raise RuntimeError("a Job's result comes from the server")

    def set_exception(self, exception):
        raise RuntimeError("a Job's exception comes from the server")

    def add_done_callback(self, fn, *, context=None):
        super().add_done_callback(fn, context=context)
        if not self._tracked and not self.done():
            self._tracked = True
            self._client.waiter.track(self)

    def remove_done_callback(self, fn):
        removed = super().remove_done_callback(fn)
        if self._tracked and not self.done() and not getattr(self, "_callbacks", True):
            self._tracked = False  # nobody waits any more (e.g. asyncio.wait timed out): stop polling
            self._client.waiter.untrack(self)
        return removed

    def __repr__(self) -> str:
        return f"<taskrpc.Job {self.id} {self.task} {self.state.name}{' (cancelled locally)' if self.cancelled() and self.state != JobState.CANCELLED else ''}>"

    # ---- what the client sees ------------------------------------------------------------------

    def _observe(self, snapshot: job_pb2.Job) -> None:
        """Records a snapshot of the job if it is at least as new as what was seen; a terminal one
        ends the future."""
        if _terminal(self._snapshot) or snapshot.last_sequence < self._snapshot.last_sequence:
            return
        self._snapshot = snapshot
        if _terminal(snapshot):
            self._resolve()

    def _observe_event(self, event: job_pb2.JobEvent) -> None:
        """Records a progress or state change event."""
        if _terminal(self._snapshot) or event.sequence < self._snapshot.last_sequence:
            return
        snapshot = job_pb2.Job()
        snapshot.CopyFrom(self._snapshot)
        snapshot.last_sequence = event.sequence
        if event.HasField("progress"):
            snapshot.progress.CopyFrom(event.progress)
        elif event.HasField("state_change"):
            change = event.state_change
            snapshot.state = change.state
            snapshot.attempt = change.attempt
            snapshot.ClearField("result")
            snapshot.ClearField("error")
            if change.HasField("result"):
                snapshot.result.CopyFrom(change.result)
            if change.HasField("error"):
                snapshot.error.CopyFrom(change.error)
            if JobState(change.state).terminal:
                snapshot.finish_time.CopyFrom(event.time)
        self._observe(snapshot)

    def _resolve(self) -> None:
        """Ends the future from the terminal snapshot."""
        if self.done():
            return
        snapshot = self._snapshot
        try:
            value = result_of(snapshot)
        except asyncio.CancelledError as cancelled:
            asyncio.Future.cancel(self, msg=cancelled.args[0])
        except Exception as error:  # noqa: BLE001 - JobFailed, or a result this client cannot decode
            super().set_exception(error)
            if not self._tracked:
                # Seen by get()/watch()/cancel() with nobody awaiting the job: not an unhandled error.
                self._log_traceback = False
        else:
            super().set_result(value)
        if self._tracked:
            self._client.waiter.untrack(self)

    def _fail(self, error: BaseException) -> None:
        """Ends the future with a transport error (the waiter could not follow the job)."""
        if not self.done():
            super().set_exception(error)
            if self._tracked:
                self._client.waiter.untrack(self)

    def _cancel_locally(self, reason: str | None) -> None:
        if asyncio.Future.cancel(self, msg=reason) and self._tracked:
            self._client.waiter.untrack(self)

    async def _cancel_remote(self, reason: str | None, fallback_to_local: bool) -> bool:
        try:
            response = await self._client.rpc.call(
                "Cancel", task_service_pb2.CancelJobRequest(id=self.id, reason=reason or ""))
        except BaseException:
            if fallback_to_local:
                self._cancel_locally(reason)  # do not leave asyncio.wait_for waiting forever
            raise
        self._observe(response.job)
        return response.cancelled


def result_of(snapshot: job_pb2.Job):
    """The result of a terminal job: its decoded result if it SUCCEEDED; raises JobFailed if it
    FAILED, asyncio.CancelledError if it was CANCELLED."""
    if snapshot.state == job_pb2.JOB_STATE_SUCCEEDED:
        return _payload.decode(snapshot.result)
    if snapshot.state == job_pb2.JOB_STATE_FAILED:
        raise JobFailed(snapshot)
    raise asyncio.CancelledError(f"job {snapshot.id} ({snapshot.task}) was cancelled: {snapshot.error.message}")


class CancelRequest:
    """What ``Job.cancel()`` returns: truthy as ``Future.cancel()`` (the future had not ended),
    and awaitable for the server's answer (True if this request cancelled the remote job)."""

    __slots__ = ("_job", "_reason", "_pending", "_task")

    def __init__(self, job: Job, reason: str | None, pending: bool):
        self._job = job
        self._reason = reason
        self._pending = pending
        self._task: asyncio.Task | None = None

    def __bool__(self) -> bool:
        return self._pending

    def __await__(self):
        return self.start(fallback_to_local=False).__await__()

    def start(self, fallback_to_local: bool) -> asyncio.Task:
        """Sends the Cancel call (once)."""
        if self._task is None:
            self._task = self._job.get_loop().create_task(self._job._cancel_remote(self._reason, fallback_to_local))
            if fallback_to_local:
                self._task.add_done_callback(_retrieve)
        return self._task

    def cancel_locally_unless_awaited(self) -> None:
        if self._task is None:
            self._job._cancel_locally(self._reason)


def _retrieve(task: asyncio.Task) -> None:
    """Marks a background cancel's failure as seen (its job was cancelled locally instead)."""
    if not task.cancelled():
        task.exception()
