"""TaskRpc's Python asyncio client: remote jobs you ``await``.

    async with taskrpc.Client("127.0.0.1:50051") as client:
        job = await client.submit("demo.sleep", {"seconds": 2})
        result = await job                       # taskrpc.JobFailed / asyncio.CancelledError
        results = await asyncio.gather(*jobs)    # jobs are asyncio futures
        echoed = await client.map("demo.echo", inputs, max_concurrency=50)

Needs grpcio >= 1.51 and protobuf >= 4.21, and the generated stubs (gen_protos.sh).
"""

from .client import Client
from .errors import (DeadlineExceeded, InvalidArgument, JobFailed, NotFound, PermissionDenied, ResourceExhausted,
                     TaskRpcError, TransportError, Unauthenticated, Unavailable)
from .job import CancelRequest, Job
from .types import JobState, Retry

__all__ = [
    "CancelRequest",
    "Client",
    "DeadlineExceeded",
    "InvalidArgument",
    "Job",
    "JobFailed",
    "JobState",
    "NotFound",
    "PermissionDenied",
    "ResourceExhausted",
    "Retry",
    "TaskRpcError",
    "TransportError",
    "Unauthenticated",
    "Unavailable",
]

__version__ = "0.1.0"
