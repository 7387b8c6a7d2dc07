"""The TaskRpc client: submits jobs and returns them as asyncio futures."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator, Iterable, Mapping

from . import _payload
from ._proto import job_pb2, task_service_pb2
from ._rpc import RpcCaller, channel_credentials, parse_target
from ._waiter import MAX_IDS_PER_CALL, Waiter
from .job import Job, result_of
from .types import TERMINAL_STATES, JobState, Retry, set_duration

__all__ = ["Client"]


class Client:
    """A client of a TaskRpc server. Use it as ``async with taskrpc.Client(...) as client:`` (or
    call ``await client.close()``), on one event loop; it multiplexes every call over one HTTP/2
    connection, so share one instance.

    Args (all keyword-only but ``target``; defaults in brackets):
        target: ``"host:port"``, ``"http://host:port"`` (cleartext) or ``"https://host:port"``
            (TLS) [``"127.0.0.1:50051"``].
        api_key: an API key the server knows (``Auth:ApiKeys``), sent as
            ``authorization: Bearer <api_key>`` metadata on every call [None: none].
        token: a bearer token (a JWT), sent as ``authorization: Bearer <token>``; at most one of
            ``api_key`` and ``token`` [None: none].
        tls: None/False for cleartext (h2c), True for TLS with the system's roots, PEM root
            certificates (bytes), or a ``grpc.ChannelCredentials`` [None; True for https://].
        metadata: extra ``(key, value)`` pairs (or a mapping) sent on every call [none].
        call_timeout: the deadline of short calls (submit, get, cancel), in seconds, and the
            margin added to each long poll [30].
        max_retries: how often a transient failure (UNAVAILABLE, RESOURCE_EXHAUSTED, a broken
            progress stream) is retried in a row by gets, awaits, waits, watches and submissions
            with an idempotency key before it is raised [5].
        retry_backoff: seconds before the first retry; doubles on each one, minus up to 20 %
            jitter [0.2].
        max_retry_backoff: the longest wait between retries, in seconds [5].
        long_poll: how long the server may hold one Wait or Await call, in seconds, before the
            client asks again [20].
        wait_batch_size: the most job ids per Wait call, 1 to 10,000 [10,000].
        cancel_remote_on_cancel: whether cancelling a job's future without awaiting the cancel
            (``asyncio.wait_for`` on timeout, ``gather`` or a task awaiting it being cancelled)
            cancels the remote job too; per job: ``submit(..., cancel_remote_on_cancel=True)``
            or ``job.cancel_remote_on_cancel`` [False: only the local future].
        channel_options: gRPC channel arguments, e.g. ``[("grpc.ssl_target_name_override",
            "localhost")]`` [none].
        interceptors: ``grpc.aio`` client interceptors [none].
    """

    def __init__(self, target: str = "127.0.0.1:50051", *, api_key: str | None = None,
                 token: str | None = None, tls=None,
                 metadata: Iterable[tuple[str, str]] | Mapping[str, str] | None = None,
                 call_timeout: float = 30.0, max_retries: int = 5, retry_backoff: float = 0.2,
                 max_retry_backoff: float = 5.0, long_poll: float = 20.0,
                 wait_batch_size: int = MAX_IDS_PER_CALL, cancel_remote_on_cancel: bool = False,
                 channel_options=None, interceptors=None):
        if call_timeout <= 0 or long_poll <= 0:
            raise ValueError("call_timeout and long_poll must be positive")
        if max_retries < 0 or retry_backoff < 0 or max_retry_backoff < retry_backoff:
            raise ValueError("max_retries and retry_backoff must be >= 0, max_retry_backoff >= retry_backoff")
        if not 1 <= wait_batch_size <= MAX_IDS_PER_CALL:
            raise ValueError(f"wait_batch_size must be 1 to {MAX_IDS_PER_CALL}")
        self._target, tls = parse_target(target, tls)
        self._credentials = channel_credentials(tls)
        pairs = list(metadata.items() if isinstance(metadata, Mapping) else metadata or ())
        if api_key is not None and token is not None:
            raise ValueError("give at most one of api_key and token")
        if api_key is not None or token is not None:
            pairs.append(("authorization", f"Bearer {api_key if api_key is not None else token}"))
        self._metadata = [(key.lower(), value) for key, value in pairs]
        self._call_timeout = call_timeout
        self._max_retries = max_retries
        self._retry_backoff = retry_backoff
        self._max_retry_backoff = max_retry_backoff
        self._channel_options = channel_options
        self._interceptors = interceptors
        self.long_poll = long_poll
        self._long_poll_duration = (int(long_poll), round((long_poll - int(long_poll)) * 1e9))
        self.cancel_remote_on_cancel = cancel_remote_on_cancel
        self._wait_batch_size = wait_batch_size
        self._rpc: RpcCaller | None = None
        self._waiter: Waiter | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.closed = False

    async def __aenter__(self) -> Client:
        self._open()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        """Closes the connection; jobs still awaited fail with a TransportError (CANCELLED)."""
        self.closed = True
        if self._waiter is not None:
            await self._waiter.close()
        if self._rpc is not None:
            await self._rpc.close()

    @property
    def rpc(self) -> RpcCaller:
        return self._rpc or self._open()

    @property
    def waiter(self) -> Waiter:
        self.rpc  # noqa: B018 - opens the client on first use
        return self._waiter

    def _open(self) -> RpcCaller:
        if self.closed:
            raise RuntimeError("the client is closed")
        if self._rpc is None:
            self.loop = asyncio.get_running_loop()
            self._rpc = RpcCaller(self._target, credentials=self._credentials, metadata=self._metadata,
                                  call_timeout=self._call_timeout, max_retries=self._max_retries,
                                  retry_backoff=self._retry_backoff, max_retry_backoff=self._max_retry_backoff,
                                  channel_options=self._channel_options, interceptors=self._interceptors)
            self._waiter = Waiter(self, self._wait_batch_size)
        return self._rpc

    # ---- jobs ----------------------------------------------------------------------------------

    async def submit(self, task: str, args=None, *, priority: int = 0,
                     delay: float | datetime.timedelta | None = None, not_before: datetime.datetime | None = None,
                     timeout: float | datetime.timedelta | None = None,
                     schedule_to_start_timeout: float | datetime.timedelta | None = None,
                     retry: int | Retry | None = None, idempotency_key: str | None = None,
                     labels: Mapping[str, str] | None = None, wait: bool = False,
                     cancel_remote_on_cancel: bool | None = None, _as_job: bool = True) -> Job:
        """Submits a job of ``task`` and returns it as a ``Job`` future: ``await`` it for the result.

        Args:
            task: the registered task's name, e.g. ``"demo.echo"``.
            args: JSON-shaped values (dict, list, str, int, float, bool), bytes, a protobuf
                message or a ``taskrpc.v1.job_pb2.Payload`` [None: no args].
            priority: -1000..1000; higher runs first among jobs waiting for the same executor [0].
            delay: do not start before this many seconds (or timedelta) [None].
            not_before: do not start before this time (an aware datetime) [None].
            timeout: how long one attempt may run before it fails DEADLINE_EXCEEDED [the task's].
            schedule_to_start_timeout: how long the job may wait to start [no limit].
            retry: attempts in all (an int) or a ``taskrpc.Retry`` policy [the task's].
            idempotency_key: resubmitting with the same key returns the job first submitted with
                it; with a key the submission is retried on transient failures [None].
            labels: free-form labels to list and filter jobs by [none].
            wait: answer only once the job has ended (or after ``long_poll``): one round trip
                for short jobs [False].
            cancel_remote_on_cancel: see ``Client`` [the client's].

        The executor is not an option: each task declares its own (see ``list_tasks()``), and
        the contract's SubmitRequest has no executor field.

        Raises ``taskrpc.NotFound`` for an unknown task, ``taskrpc.InvalidArgument`` for args or
        options the server refuses, another ``taskrpc.TransportError`` when the call fails.
        """
        if not task:
            raise ValueError("task must be a task name")
        request = task_service_pb2.SubmitRequest(task=task, wait=wait)
        if priority:
            request.priority = priority
        if idempotency_key:
            request.idempotency_key = idempotency_key
        if labels:
            request.labels.update(labels)
        if args is not None:
            _payload.encode_into(args, request.args)
        if delay is not None:
            set_duration(request.delay, delay)
        if not_before is not None:
            if not_before.tzinfo is None:
                raise ValueError("not_before must be an aware datetime")
            request.not_before.FromDatetime(not_before.astimezone(datetime.timezone.utc).replace(tzinfo=None))
        if timeout is not None:
            set_duration(request.execution_timeout, timeout)
        if schedule_to_start_timeout is not None:
            set_duration(request.schedule_to_start_timeout, schedule_to_start_timeout)
        if retry is not None:
            request.retry.CopyFrom((Retry(retry) if isinstance(retry, int) else retry).to_proto())
        server_wait = 0.0
        if wait:
            server_wait = self.long_poll
            request.wait_timeout.seconds, request.wait_timeout.nanos = self._long_poll_duration
        snapshot = await self.rpc.call("Submit", request, server_wait=server_wait, retry=bool(idempotency_key))
        return self._job(snapshot, cancel_remote_on_cancel) if _as_job else snapshot

    async def run(self, task: str, args=None, **options):
        """Submits with ``wait=True`` and returns the result: one round trip for a short job
        (``await (await client.submit(task, args))`` in one call). Takes ``submit``'s options;
        raises as ``await job`` does."""
        job = await self.submit(task, args, wait=True, _as_job=False, **options)
        if job.state in TERMINAL_STATES:
            return result_of(job)  # the usual case: no future needed
        return await self._job(job, options.get("cancel_remote_on_cancel"))

    async def map(self, task: str, inputs: Iterable, *, max_concurrency: int = 50,
                  return_exceptions: bool = False, **options) -> list:
        """Runs ``task`` once per input, at most ``max_concurrency`` jobs at a time (an
        ``asyncio.Semaphore`` fan-out of ``run``), and returns the results in input order.

        The first failure is raised (as ``asyncio.gather``) and the calls still going are
        stopped (jobs already submitted run to their end); with ``return_exceptions=True``
        failures take their place in the list instead."""
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        semaphore = asyncio.Semaphore(max_concurrency)

        async def one(args):
            async with semaphore:
                return await self.run(task, args, **options)

        calls = [asyncio.ensure_future(one(args)) for args in inputs]
        try:
            return await asyncio.gather(*calls, return_exceptions=return_exceptions)
        finally:
            for call in calls:
                call.cancel()

    async def get_job(self, job_id: str, *, cancel_remote_on_cancel: bool | None = None) -> Job:
        """An existing job by id, e.g. one submitted by another process. Raises ``taskrpc.NotFound``
        for an unknown id."""
        if not job_id:
            raise ValueError("job_id must be a job id")
        snapshot = await self.rpc.call("Get", task_service_pb2.GetJobRequest(id=job_id), retry=True)
        return self._job(snapshot, cancel_remote_on_cancel)

    async def jobs(self, *, state: JobState | None = None, task: str | None = None,
                   labels: Mapping[str, str] | None = None) -> AsyncIterator[job_pb2.Job]:
        """Jobs (``taskrpc.v1.job_pb2.Job``), newest first, filtered by state, task and labels,
        fetched a page at a time as the iteration goes."""
        request = task_service_pb2.ListJobsRequest(state=int(state or 0), task=task or "", labels=labels or {},
                                                   page_size=500)
        while True:
            page = await self.rpc.call("List", request, retry=True)
            for snapshot in page.jobs:
                yield snapshot
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token

    async def list_tasks(self) -> list:
        """The tasks the server runs (``taskrpc.v1.task_service_pb2.TaskInfo``: name, executor,
        max_concurrency, description, args_description, defaults)."""
        response = await self.rpc.call("ListTasks", task_service_pb2.ListTasksRequest(), retry=True)
        return list(response.tasks)

    def _job(self, snapshot: job_pb2.Job, cancel_remote_on_cancel: bool | None) -> Job:
        remote = self.cancel_remote_on_cancel if cancel_remote_on_cancel is None else cancel_remote_on_cancel
        return Job(self, snapshot, remote)
