#!/usr/bin/env bash
# Runs every TaskRpc test: unit, integration and interop (Python grpcio, Node grpc-js).
# Installs what the interop tests need when it is missing (Debian packages, npm packages),
# then ends with one line "N passed, N failed, N skipped" counted from the TRX results and the
# Python client's pytest JUnit XML.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Interop]
set -uo pipefail
cd "$(dirname "$0")"

apt_packages=(python3-grpcio python3-protobuf protobuf-compiler libprotobuf-dev protobuf-compiler-grpc python3-pytest nghttp2-client tmux postgresql)
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs npm)
missing=()
for pkg in "${apt_packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    installed=no
    for attempt in 1 2 3; do  # a mirror that hiccups once should not fail the run
        if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null; then
            installed=yes
            break
        fi
        echo "apt-get failed (attempt $attempt of 3)"
        sleep $((attempt * 10))
    done
    [ "$installed" = yes ] || { echo "apt-get install failed"; exit 1; }
fi

if [ ! -d tests/interop/node/node_modules/@grpc/grpc-js ]; then
    for attempt in 1 2 3; do
        (cd tests/interop/node && npm ci --no-audit --no-fund --loglevel=error) && break
        [ $attempt -lt 3 ] || { echo "npm ci failed"; exit 1; }
        echo "npm ci failed (attempt $attempt of 3)"
        sleep $((attempt * 10))
    done
fi

results=TestResults
rm -rf "$results"
# Build in parallel, then run one test assembly at a time: several assemblies start servers,
# worker processes and Python/Node peers, and on 2 cores running them all at once would
# starve the timing-bound acceptance tests (forced cancel, thread-pool isolation).
if dotnet build TaskRpc.sln -v quiet -nologo; then
    dotnet test TaskRpc.sln --no-build -m:1 --logger "trx" --results-directory "$results" "$@"
    status=$?
    # The Python client (client/python) against the server just built; pytest's exit 5 (no
    # tests collected) fails the run like any other non-zero exit.
    TASKRPC_SERVER_DLL="$PWD/server/TaskRpc.Server/bin/Debug/net10.0/TaskRpc.Server.dll" \
        /usr/bin/python3 -m pytest client/python -q -p no:cacheprovider --junitxml="$results/pytest/client-python.xml" \
        || { echo "pytest client/python failed (exit $?)"; status=1; }
else
    echo "Build failed."
    status=1
fi

/usr/bin/python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
for path in files:
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
for path in glob.glob(sys.argv[1] + "/pytest/*.xml"):  # pytest --junitxml
    files.append(path)
    for suite in ET.parse(path).getroot().iter("testsuite"):
        bad, skip = int(suite.get("failures", 0)) + int(suite.get("errors", 0)), int(suite.get("skipped", 0))
        passed += int(suite.get("tests", 0)) - bad - skip
        failed += bad
        skipped += skip
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or not files else 0)
PY
summary=$?
[ $status -eq 0 ] && [ $summary -eq 0 ]
