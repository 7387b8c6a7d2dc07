"""client.map: a Semaphore-bounded fan-out with results in input order."""

import pytest

import taskrpc
from helpers import CallRecorder


async def test_map_600Inputs_resultsInInputOrderAtMost50InFlight(server):
    recorder = CallRecorder()
    async with taskrpc.Client(server.address, interceptors=[recorder]) as client:
        results = await client.map("demo.echo", ({"n": n} for n in range(600)), max_concurrency=50)

        assert results == [{"n": n} for n in range(600)]
        assert recorder.count("Submit") == 600
        assert recorder.max_in_flight["Submit"] == 50
        assert all(request.wait for request in recorder.requests("Submit"))  # one round trip per job


async def test_map_failure_raisesTheFirstError(server):
    async with taskrpc.Client(server.address) as client:
        # demo.fail fails at run time whatever its args (demo.sleep's bad args are refused at Submit).
        with pytest.raises(taskrpc.JobFailed) as failed:
            await client.map("demo.fail", [{"message": "mapped failure"}], max_concurrency=2)

        assert failed.value.code == "UNKNOWN" and "mapped failure" in str(failed.value)


async def test_map_returnExceptions_keepsEachOutcomeInPlace(server):
    async with taskrpc.Client(server.address) as client:
        outcomes = await client.map("demo.sleep", [{"seconds": 0.01}, {"seconds": -1}, {"seconds": 0.01}],
                                    max_concurrency=3, return_exceptions=True)
        failures = await client.map("demo.fail", [{"message": "first"}, {"message": "second"}], return_exceptions=True)

        assert outcomes[0] == outcomes[2] == {"slept": 0.01, "steps": 1}
        assert isinstance(outcomes[1], taskrpc.InvalidArgument)  # refused by Submit itself (demo.sleep's validator)
        assert [type(f) for f in failures] == [taskrpc.JobFailed, taskrpc.JobFailed]
        assert "first" in str(failures[0]) and "second" in str(failures[1])


async def test_map_noInputs_returnsEmptyList(server):
    async with taskrpc.Client(server.address) as client:
        assert await client.map("demo.echo", []) == []
        with pytest.raises(ValueError):
            await client.map("demo.echo", [1], max_concurrency=0)
