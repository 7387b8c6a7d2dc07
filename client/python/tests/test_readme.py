"""Runs every python block of README.md's "Python" section against the test server, and checks
each `print(...)  # expected` line printed what its comment says."""

import asyncio
import contextlib
import io
import os
import re
import subprocess
import sys
import textwrap

import pytest

import taskrpc
from conftest import PACKAGE_ROOT, REPO


def python_blocks():
    readme = open(os.path.join(REPO, "README.md"), encoding="utf-8").read()
    section = re.search(r"^## Python\n(.*?)^## ", readme, re.S | re.M)
    assert section, "README.md has no Python section"
    return re.findall(r"^```python\n(.*?)^```", section.group(1), re.S | re.M)


BLOCKS = python_blocks()


def expected_prints(code):
    return [m.group(1).strip() for m in re.finditer(r"^\s*print\(.*\)\s+# (.+)$", code, re.M)]


def check_output(code, output):
    lines = output.splitlines()
    for expected in expected_prints(code):
        assert expected in lines, f"expected a line {expected!r}, printed:\n{output}"


def test_readme_hasTheExamples():
    assert len(BLOCKS) >= 7
    assert "asyncio.run(main())" in BLOCKS[0]  # the first is a whole program


def test_readme_firstBlock_runsAsAProgram(server):
    code = BLOCKS[0].replace("127.0.0.1:50051", server.address)
    env = dict(os.environ, PYTHONPATH=PACKAGE_ROOT)
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    check_output(code, run.stdout)


@pytest.mark.parametrize("index", range(1, len(BLOCKS)), ids=lambda i: f"block{i}")
async def test_readme_block_runsAgainstTheServer(server, index):
    code = BLOCKS[index]
    namespace = {"asyncio": asyncio, "taskrpc": taskrpc}
    exec(compile("async def example(client):\n" + textwrap.indent(code, "    "), f"README block {index}", "exec"), namespace)
    output = io.StringIO()
    async with taskrpc.Client(server.address) as client:
        with contextlib.redirect_stdout(output):
            await namespace["example"](client)
    check_output(code, output.getvalue())
