#!/bin/sh
# Generates the Python message and service stubs for grpc/testing/*.proto into ./gen/.
# Uses Debian's protoc 3.21 and grpc_python_plugin on purpose: code emitted by newer protoc
# releases does not load with Debian's python3-protobuf. Safe to run concurrently: files are
# generated in a private directory and renamed into place one by one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
protos=$(cd "$here/../../../protos" && pwd)
out="$here/gen/grpc/testing"
tmp=$(mktemp -d "$here/.gen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
/usr/bin/protoc -I "$protos" \
    --python_out="$tmp" \
    --grpc_out="$tmp" \
    --plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin \
    "$protos/grpc/testing/empty.proto" \
    "$protos/grpc/testing/messages.proto" \
    "$protos/grpc/testing/test.proto"
mkdir -p "$out"
mv -f "$tmp"/grpc/testing/*.py "$out/"
echo "generated into $here/gen"
