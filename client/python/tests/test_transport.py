"""What goes on the wire: api_key and metadata, TLS, and the retry of transient failures."""

import asyncio
import os
import subprocess

import grpc
import pytest

import taskrpc
from helpers import CallRecorder, TcpProxy
from taskrpc.v1 import job_pb2, task_service_pb2_grpc


class RecordingService(task_service_pb2_grpc.TaskServiceServicer):
    """A TaskService that answers Get with a SUCCEEDED job and records each call's metadata: the
    real server does not check api keys yet (auth is a later issue), so this one shows what
    arrives on the server side."""

    def __init__(self):
        self.metadata = []

    async def Get(self, request, context):
        self.metadata.append(tuple(context.invocation_metadata()))
        return job_pb2.Job(id=request.id, task="demo.echo", state=job_pb2.JOB_STATE_SUCCEEDED, last_sequence=3)


async def start_recording_server(credentials=None):
    service = RecordingService()
    grpc_server = grpc.aio.server()
    task_service_pb2_grpc.add_TaskServiceServicer_to_server(service, grpc_server)
    if credentials is None:
        port = grpc_server.add_insecure_port("127.0.0.1:0")
    else:
        port = grpc_server.add_secure_port("127.0.0.1:0", credentials)
    await grpc_server.start()
    return grpc_server, service, port


async def test_apiKeyAndMetadata_sentOnEveryCall(server):
    grpc_server, service, port = await start_recording_server()
    try:
        async with taskrpc.Client(f"http://127.0.0.1:{port}", api_key="k-123", metadata={"X-Tenant": "t1"}) as client:
            job = await client.get_job("j1")
            await job.get()

        assert len(service.metadata) == 2
        for metadata in service.metadata:
            assert ("authorization", "Bearer k-123") in metadata and ("x-tenant", "t1") in metadata
    finally:
        await grpc_server.stop(None)


async def test_noApiKey_sendsNoAuthorization(server):
    grpc_server, service, port = await start_recording_server()
    try:
        async with taskrpc.Client(f"127.0.0.1:{port}") as client:
            await client.get_job("j1")

        assert not any(key == "authorization" for key, _ in service.metadata[0])
    finally:
        await grpc_server.stop(None)


async def test_tls_withRootCertificate_connects(server, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
                   check=True, capture_output=True)
    credentials = grpc.ssl_server_credentials([(key.read_bytes(), cert.read_bytes())])
    grpc_server, service, port = await start_recording_server(credentials)
    try:
        async with taskrpc.Client(f"https://localhost:{port}", tls=cert.read_bytes(), api_key="tls-key") as client:
            job = await client.get_job("j-tls")
            assert job.state is taskrpc.JobState.SUCCEEDED and await job is None

        async with taskrpc.Client(f"127.0.0.1:{port}", max_retries=0) as cleartext:
            with pytest.raises(taskrpc.Unavailable):
                await cleartext.get_job("j-tls")
        assert ("authorization", "Bearer tls-key") in service.metadata[0]
    finally:
        await grpc_server.stop(None)


async def test_submit_withIdempotencyKey_retriedUntilTheServerAnswers(server):
    proxy = TcpProxy(server.port)
    proxy.refusing = True
    recorder = CallRecorder()
    try:
        async with taskrpc.Client(proxy.address, interceptors=[recorder], max_retries=10) as client:
            submit = asyncio.ensure_future(client.submit("demo.echo", {"k": 1}, idempotency_key=f"retry-{os.getpid()}"))
            await recorder.failed("Submit").wait()
            proxy.refusing = False

            job = await submit

            assert await job == {"k": 1}
            assert recorder.count("Submit") >= 2 and proxy.refused >= 1
    finally:
        proxy.close()


async def test_submit_withoutIdempotencyKey_notRetried(server):
    proxy = TcpProxy(server.port)
    proxy.refusing = True
    recorder = CallRecorder()
    try:
        async with taskrpc.Client(proxy.address, interceptors=[recorder]) as client:
            with pytest.raises(taskrpc.Unavailable) as error:
                await client.submit("demo.echo", 1)

            assert error.value.code is grpc.StatusCode.UNAVAILABLE and error.value.transient
            assert isinstance(error.value, ConnectionError)
            assert recorder.count("Submit") == 1
    finally:
        proxy.close()


def test_retryBackoff_doublesUpToTheMaximumWithJitter():
    from taskrpc._rpc import backoff_delay

    for failure, full in ((1, 0.2), (2, 0.4), (3, 0.8), (4, 1.6), (6, 5.0), (40, 5.0)):
        delay = backoff_delay(failure, 0.2, 5.0)
        assert full * 0.8 <= delay <= full


def test_client_badOptions_raiseValueError():
    with pytest.raises(ValueError):
        taskrpc.Client(wait_batch_size=10_001)
    with pytest.raises(ValueError):
        taskrpc.Client(call_timeout=0)
    with pytest.raises(TypeError):
        taskrpc.Client(tls="yes")
