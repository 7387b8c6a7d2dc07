"""The generated taskrpc.v1 stubs (taskrpc/v1/, made by gen_protos.sh), with a clear error when
they have not been generated yet."""

import os

try:
    from taskrpc.v1 import job_pb2, task_service_pb2, task_service_pb2_grpc
except ImportError as missing:  # pragma: no cover - exercised only on a fresh checkout
    script = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gen_protos.sh")
    raise ImportError(f"taskrpc's generated stubs (taskrpc/v1/*_pb2.py) are missing: run {script}") from missing

__all__ = ["job_pb2", "task_service_pb2", "task_service_pb2_grpc"]
