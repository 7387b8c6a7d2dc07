#!/bin/sh
# Generates the taskrpc.v1 message and service stubs into taskrpc/v1/ (gitignored) from
# protos/taskrpc/v1/*.proto. The proto package taskrpc.v1 maps onto this Python package, so the
# generated `from taskrpc.v1 import job_pb2` lines resolve inside it with no path tricks.
# Uses Debian's protoc 3.21 and grpc_python_plugin (protobuf-compiler, protobuf-compiler-grpc) on
# purpose: code emitted by newer protoc releases does not load with Debian's python3-protobuf
# 4.21. google/protobuf/*.proto come from /usr/include (libprotobuf-dev). Safe to run
# concurrently: files are generated in a private directory and renamed into place one by one.
# Run it before `import taskrpc` from a checkout, and before building a wheel.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
protos=$(cd "$here/../../protos" && pwd)
protoc=${PROTOC:-/usr/bin/protoc}
plugin=${GRPC_PYTHON_PLUGIN:-/usr/bin/grpc_python_plugin}
include=${PROTOBUF_INCLUDE:-/usr/include}
for need in "$protoc" "$plugin" "$include/google/protobuf/struct.proto"; do
    if [ ! -e "$need" ]; then
        echo "gen_protos.sh: $need missing: apt-get install protobuf-compiler protobuf-compiler-grpc libprotobuf-dev" >&2
        exit 1
    fi
done
tmp=$(mktemp -d "$here/.gen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$protoc" -I "$protos" -I "$include" \
    --python_out="$tmp" \
    --grpc_out="$tmp" \
    --plugin=protoc-gen-grpc="$plugin" \
    "$protos/taskrpc/v1/job.proto" \
    "$protos/taskrpc/v1/task_service.proto"
mkdir -p "$here/taskrpc/v1"
mv -f "$tmp"/taskrpc/v1/*.py "$here/taskrpc/v1/"
