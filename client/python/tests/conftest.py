"""The test session: generates the stubs, builds the server once (unless TASKRPC_SERVER_DLL names
a built one), starts it on a free port with the memory store, and runs `async def` tests with
asyncio.run (no plugin needed)."""

import asyncio
import inspect
import os
import re
import subprocess
import sys
import threading

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(PACKAGE_ROOT))
subprocess.run([os.path.join(PACKAGE_ROOT, "gen_protos.sh")], check=True)
sys.path.insert(0, PACKAGE_ROOT)

# A test that hangs fails after this long instead of blocking the run (not a speed limit).
TEST_TIMEOUT_S = 180
START_TIMEOUT_S = 90


class Server:
    """The TaskRpc server, run as `dotnet TaskRpc.Server.dll --port 0`: Kestrel picks a free port
    and logs it ("Now listening on: http://127.0.0.1:PORT"), so no port can be taken between
    choosing and binding it."""

    def __init__(self, dll, *args):
        self.process = subprocess.Popen(
            ["dotnet", dll, "--port", "0", "--http-port", "-1", "--store", "memory", "--Logging:LogLevel:Default=Warning",
             "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
             # 1,000 sleeping jobs run at once, as 1,000 asyncio.sleep tasks would (default 256).
             "--Engine:Async:MaxConcurrency=4096", *args],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.output = []
        self.port = None
        self._started = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self._started.wait(START_TIMEOUT_S) or self.port is None:
            self.stop()
            raise RuntimeError("the server did not start:\n" + "".join(self.output))
        self.address = f"127.0.0.1:{self.port}"

    def _read(self):
        for line in self.process.stdout:
            self.output.append(line)
            found = re.search(r"Now listening on: http://127\.0\.0\.1:(\d+)", line)
            if found:
                self.port = int(found.group(1))
            if "Application started" in line:
                self._started.set()
        self._started.set()  # exited

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(30)


def server_dll():
    dll = os.environ.get("TASKRPC_SERVER_DLL")
    if dll:
        return dll
    subprocess.run(["dotnet", "build", "server/TaskRpc.Server", "-v", "quiet", "-nologo"], cwd=REPO, check=True)
    return os.path.join(REPO, "server", "TaskRpc.Server", "bin", "Debug", "net10.0", "TaskRpc.Server.dll")


@pytest.fixture(scope="session")
def server():
    running = Server(server_dll())
    yield running
    running.stop()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Runs an `async def` test in a fresh event loop."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        kwargs = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(asyncio.wait_for(pyfuncitem.obj(**kwargs), TEST_TIMEOUT_S))
        return True
    return None
