#!/usr/bin/env bash
# Starts the grpcio interop server on a free port and runs every client against it:
# Python sync, Python grpc.aio and Node grpc-js. Exits non-zero if any case fails.
# The probe cases are skipped: the grpcio server cannot tell whether a request was compressed
# (see README.md); their *_noprobe variants run instead.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
skip=client_compressed_unary,client_compressed_streaming

[ -d "$here/python/gen/grpc/testing" ] || "$here/python/gen.sh"
[ -d "$here/node/node_modules/@grpc/grpc-js" ] || (cd "$here/node" && npm ci --no-audit --no-fund)

coproc SERVER { exec /usr/bin/python3 "$here/python/interop_server.py" --port 0; }
server_pid=$SERVER_PID
trap 'kill "$server_pid" 2>/dev/null || true' EXIT
read -r -t 30 ready port <&"${SERVER[0]}" || true
[ "${ready:-}" = READY ] || { echo "interop server did not report READY" >&2; exit 1; }

status=0
for api in sync aio; do
    echo "== python $api client"
    /usr/bin/python3 "$here/python/interop_client.py" --host 127.0.0.1 --port "$port" --api "$api" \
        --case all --skip "$skip" || status=1
done
echo "== node client"
node "$here/node/interop_client.js" --host 127.0.0.1 --port "$port" --case all --skip "$skip" || status=1
exit $status
