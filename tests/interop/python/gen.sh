#!/bin/sh
# Generates the Python message and service stubs into ./gen/: taskrpc/v1/*.proto (TaskRpc's
# contract) and the standard grpc/health/v1 and grpc/reflection/v1 protos every TaskRpc server
# serves. Uses Debian's protoc 3.21 and grpc_python_plugin on purpose: code emitted by newer protoc
# releases does not load with Debian's python3-protobuf. Safe to run concurrently: files are
# generated in a private directory and renamed into place one by one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
protos=$(cd "$here/../../../protos" && pwd)
# taskrpc.v1 imports google/protobuf/*.proto: Debian ships those in /usr/include, package
# libprotobuf-dev (and the Python modules for them in python3-protobuf: not generated here).
if [ ! -f /usr/include/google/protobuf/struct.proto ]; then
    echo "gen.sh: /usr/include/google/protobuf/*.proto missing: apt-get install libprotobuf-dev" >&2
    exit 1
fi
tmp=$(mktemp -d "$here/.gen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
/usr/bin/protoc -I "$protos" -I /usr/include \
    --python_out="$tmp" \
    --grpc_out="$tmp" \
    --plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin \
    "$protos/taskrpc/v1/job.proto" \
    "$protos/taskrpc/v1/task_service.proto" \
    "$protos/grpc/health/v1/health.proto" \
    "$protos/grpc/reflection/v1/reflection.proto"
for dir in taskrpc/v1 grpc/health/v1 grpc/reflection/v1; do
    mkdir -p "$here/gen/$dir"
    mv -f "$tmp/$dir"/*.py "$here/gen/$dir/"
done
echo "generated into $here/gen"
