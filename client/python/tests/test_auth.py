"""Credentials against a server with API keys: api_key= and token= are accepted, none is refused."""

import grpc
import pytest

import taskrpc
from conftest import AUTH_KEY


async def test_api_key_runs_a_job(auth_server):
    async with taskrpc.Client(auth_server.address, api_key=AUTH_KEY) as client:
        job = await client.submit("demo.echo", {"n": 1})
        assert await job == {"n": 1}


async def test_token_runs_a_job(auth_server):
    # An API key is also a valid bearer token for the server (a JWT would be checked as one).
    async with taskrpc.Client(auth_server.address, token=AUTH_KEY) as client:
        job = await client.submit("demo.echo", [2])
        assert await job == [2]


async def test_no_credentials_unauthenticated(auth_server):
    async with taskrpc.Client(auth_server.address, max_retries=0) as client:
        with pytest.raises(taskrpc.Unauthenticated) as raised:
            await client.submit("demo.echo", 3)
        assert raised.value.code == grpc.StatusCode.UNAUTHENTICATED
        assert "Missing credentials" in raised.value.details


def test_api_key_and_token_refused():
    with pytest.raises(ValueError, match="at most one of api_key and token"):
        taskrpc.Client("127.0.0.1:1", api_key="a", token="b")
