"""One channel to the server and the client's calls on it: metadata and a deadline on every unary
call, transient failures retried with backoff, gRPC errors turned into TransportError. The port
of the C# client's RpcCaller and Backoff."""

from __future__ import annotations

import asyncio
import random

import grpc

from ._proto import task_service_pb2_grpc
from .errors import from_rpc_error



def backoff_delay(failure: int, initial: float, maximum: float) -> float:
    """Seconds to wait before retry number ``failure`` (1 for the first): ``initial`` doubled per
    retry, at most ``maximum``, minus up to 20 % jitter (as the C# client's Backoff)."""
    delay = min(initial * (1 << min(max(failure - 1, 0), 16)), maximum)
    return max(delay - delay * 0.2 * random.random(), 0.0)


def parse_target(target: str, tls) -> tuple[str, object]:
    """``host:port``, ``http://host:port`` (cleartext) or ``https://host:port`` (TLS unless ``tls``
    says otherwise) as a gRPC target and the tls setting."""
    if target.startswith("https://"):
        return target[len("https://"):].rstrip("/"), True if tls is None else tls
    if target.startswith("http://"):
        return target[len("http://"):].rstrip("/"), tls
    return target, tls


def channel_credentials(tls) -> grpc.ChannelCredentials | None:
    """None for cleartext (tls None or False); the system's roots for True; PEM root certificates
    (bytes) as the only roots; a grpc.ChannelCredentials as it is."""
    if tls is None or tls is False:
        return None
    if tls is True:
        return grpc.ssl_channel_credentials()
    if isinstance(tls, (bytes, bytearray)):
        return grpc.ssl_channel_credentials(root_certificates=bytes(tls))
    if isinstance(tls, grpc.ChannelCredentials):
        return tls
    raise TypeError("tls must be None, a bool, PEM root certificates (bytes) or grpc.ChannelCredentials")


class RpcCaller:
    """The client's channel and calls. Not public: Client and Job use it."""

    def __init__(self, target, *, credentials, metadata, call_timeout, max_retries, retry_backoff,
                 max_retry_backoff, channel_options, interceptors):
        options = list(channel_options or ())
        if credentials is None:
            self.channel = grpc.aio.insecure_channel(target, options=options, interceptors=interceptors)
        else:
            self.channel = grpc.aio.secure_channel(target, credentials, options=options, interceptors=interceptors)
        self.stub = task_service_pb2_grpc.TaskServiceStub(self.channel)
        self._methods = {}
        self.metadata = tuple(metadata) or None
        self.call_timeout = call_timeout
        self.max_retries = max_retries
        self.retry_backoff = retry_backoff
        self.max_retry_backoff = max_retry_backoff

    def backoff(self, failure: int) -> float:
        return backoff_delay(failure, self.retry_backoff, self.max_retry_backoff)

    async def call(self, name: str, request, *, server_wait: float = 0.0, retry: bool = False):
        """One unary call of TaskService/``name``; ``server_wait`` is how long the server may hold
        it (a long poll), added to the deadline. With ``retry``, transient failures are retried
        up to ``max_retries`` times in a row."""
        method = self._methods.get(name) or self._methods.setdefault(name, getattr(self.stub, name))
        timeout = server_wait + self.call_timeout
        failures = 0
        while True:
            try:
                return await method(request, timeout=timeout, metadata=self.metadata)
            except grpc.aio.AioRpcError as rpc_error:
                error = from_rpc_error(rpc_error, name)
                if not (retry and error.transient and failures < self.max_retries):
                    raise error from rpc_error
            failures += 1
            await asyncio.sleep(self.backoff(failures))

    def stream_progress(self, request):
        """A StreamProgress call (no deadline: it lasts as long as the job)."""
        return self.stub.StreamProgress(request, metadata=self.metadata)

    async def close(self) -> None:
        await self.channel.close()
