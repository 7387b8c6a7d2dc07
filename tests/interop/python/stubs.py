"""The generated stubs (run gen.sh first): taskrpc.v1, grpc.health.v1 and grpc.reflection.v1.

taskrpc collides with nothing: putting gen/ on sys.path is enough. grpc.health and
grpc.reflection live in package grpc, i.e. inside the installed grpcio package: gen/grpc is
appended to grpc.__path__ so that the generated `from grpc.health.v1 import ...` lines resolve
without editing generated code (Debian's python3-grpcio ships neither module).
"""

import os
import sys

import grpc

_GEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen")
if not all(os.path.isdir(os.path.join(_GEN, *d.split("/"))) for d in ("taskrpc/v1", "grpc/health/v1", "grpc/reflection/v1")):
    sys.exit(f"generated stubs missing: run {os.path.join(os.path.dirname(_GEN), 'gen.sh')} first")
if _GEN not in sys.path:
    sys.path.insert(0, _GEN)
if os.path.join(_GEN, "grpc") not in grpc.__path__:
    grpc.__path__.append(os.path.join(_GEN, "grpc"))

from grpc.health.v1 import health_pb2, health_pb2_grpc  # noqa: E402,F401
from grpc.reflection.v1 import reflection_pb2, reflection_pb2_grpc  # noqa: E402,F401
from taskrpc.v1 import job_pb2, task_service_pb2, task_service_pb2_grpc  # noqa: E402,F401
