#!/usr/bin/env bash
# Process-pool benchmark: no-op jobs through the Processes executor (in-process engine, worker
# processes of the benchmark's own executable), then forced-cancel latency.
# Usage: bench/processes.sh [rounds] [jobs per round]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release bench/TaskRpc.Bench.Processes >/dev/null
exec dotnet bench/TaskRpc.Bench.Processes/bin/Release/net10.0/TaskRpc.Bench.Processes.dll "${1:-7}" "${2:-10000}"
