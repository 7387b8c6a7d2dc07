"""The exceptions of the TaskRpc client: a job that failed, and a call that failed."""

from __future__ import annotations

import grpc

__all__ = [
    "DeadlineExceeded",
    "InvalidArgument",
    "JobFailed",
    "NotFound",
    "PermissionDenied",
    "ResourceExhausted",
    "TaskRpcError",
    "TransportError",
    "Unauthenticated",
    "Unavailable",
]

# Trying again later may succeed: the server is unreachable or the connection broke
# (UNAVAILABLE), or its queue is full (RESOURCE_EXHAUSTED). As the C# client's IsTransient.
TRANSIENT_CODES = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED})


class TaskRpcError(Exception):
    """Base of every exception this package raises (besides asyncio.CancelledError)."""


class TransportError(TaskRpcError):
    """A call to the server failed: it could not be reached, the connection broke, or it refused
    the request. ``code`` is the gRPC status (a ``grpc.StatusCode``), ``details`` its message,
    ``operation`` the RPC (e.g. ``"Submit"``). Subclasses name the common codes."""

    def __init__(self, code: grpc.StatusCode, details: str, operation: str = ""):
        self.code = code
        self.details = details
        self.operation = operation
        where = f"{operation} failed with " if operation else ""
        super().__init__(f"{where}{code.name}: {details}")

    @property
    def transient(self) -> bool:
        """True when trying again later may succeed (UNAVAILABLE, RESOURCE_EXHAUSTED)."""
        return self.code in TRANSIENT_CODES


class NotFound(TransportError, LookupError):
    """NOT_FOUND: an unknown task, or a job id the server does not know (or no longer retains)."""


class InvalidArgument(TransportError, ValueError):
    """INVALID_ARGUMENT: args or options the server refused; ``details`` says why."""


class Unavailable(TransportError, ConnectionError):
    """UNAVAILABLE: the server could not be reached or the connection broke (after retries)."""


class ResourceExhausted(TransportError):
    """RESOURCE_EXHAUSTED: the server's queue or store is full."""


class DeadlineExceeded(TransportError, TimeoutError):
    """DEADLINE_EXCEEDED: the call's deadline (``Client(call_timeout=...)``) passed."""


class Unauthenticated(TransportError):
    """UNAUTHENTICATED: the server refused the api_key (or its absence)."""


class PermissionDenied(TransportError):
    """PERMISSION_DENIED: the api_key may not do this."""


_BY_CODE = {
    grpc.StatusCode.NOT_FOUND: NotFound,
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument,
    grpc.StatusCode.UNAVAILABLE: Unavailable,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhausted,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceeded,
    grpc.StatusCode.UNAUTHENTICATED: Unauthenticated,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDenied,
}


def transport_error(code: grpc.StatusCode, details: str, operation: str = "") -> TransportError:
    """The exception for a call that ended with ``code``: the subclass that names it, if any."""
    return _BY_CODE.get(code, TransportError)(code, details, operation)


def from_rpc_error(error: grpc.RpcError, operation: str) -> TransportError:
    """A grpc.aio.AioRpcError as the TransportError subclass of its status code."""
    return transport_error(error.code(), error.details() or "", operation)


class JobFailed(TaskRpcError):
    """The job ended FAILED: ``await job`` raises this, as awaiting a task raises its exception.

    ``code`` is the remote error's gRPC code name (``"UNKNOWN"`` when the handler threw,
    ``"DEADLINE_EXCEEDED"`` for a timeout, ``"ABORTED"`` when its worker died), ``message`` and
    ``type`` the handler's exception message and type, ``details`` its stack trace when the
    server sends detailed errors; ``job`` is the job as it ended (a ``taskrpc.v1.job_pb2.Job``).
    """

    def __init__(self, job):
        error = job.error
        self.job = job
        self.job_id = job.id
        self.code = error.code
        self.message = error.message
        self.type = error.type
        self.details = error.details
        super().__init__(f"job {job.id} ({job.task}) failed: {error.code}: {error.message}")

    @property
    def status_code(self) -> grpc.StatusCode:
        """``code`` as a ``grpc.StatusCode`` (UNKNOWN for a name gRPC does not have)."""
        return getattr(grpc.StatusCode, self.code, grpc.StatusCode.UNKNOWN)
