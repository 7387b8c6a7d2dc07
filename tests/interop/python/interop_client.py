#!/usr/bin/python3
"""gRPC interop client (grpc.testing.TestService) on Debian's grpcio, sync or grpc.aio API.

    /usr/bin/python3 interop_client.py --host 127.0.0.1 --port N --api sync|aio --case NAME[,NAME...]|all [--skip a,b]

Prints `PASS name` or `FAIL name: reason` per case; exits 0 only if every case passed.

The process ends with os._exit once every result is printed and flushed, without closing the
channel or finalising the interpreter: grpcio's sync Channel.close() can deadlock waiting for its
calls to drain (grpc/grpc#20026, open), and a client that hangs after reporting its cases would
only cost the test run its time limit. Should anything hang before that, a faulthandler watchdog
prints every thread's stack to stderr and exits with status 1 after WATCHDOG_S.
"""

import argparse
import asyncio
import contextlib
import faulthandler
import os
import queue
import sys

import grpc

from interop_common import (
    CASES, CLIENT_STREAMING_TOTAL, COMPRESSED_STREAMING_TOTAL, DEADLINE_S, ECHO_METADATA, PING_PONG,
    SERVER_COMPRESSED_STREAMING, SERVER_STREAMING_SIZES, SPECIAL_STATUS_MESSAGE, STATUS_CODE,
    STATUS_MESSAGE, CaseFailure, Empty, check, check_aggregate, check_code, check_echo_metadata,
    check_payload, check_payloads, client_streaming_requests, echo_status, expect_status,
    input_request, large_request, m, output_request, test_pb2_grpc)

GZIP = grpc.Compression.Gzip
WATCHDOG_S = 120  # below the 3-minute limit of tests/TaskRpc.Interop.Tests/ExternalClientTests
Code = grpc.StatusCode


def compressed_streaming_requests():
    """The two messages of client_compressed_streaming. grpcio compresses every message of a call
    or none, so the second message (uncompressed with expect_compressed=false in the spec) goes
    compressed too and therefore says expect_compressed=true (see README)."""
    return [input_request(27182, expect_compressed=True),
            input_request(45904, expect_compressed=True)]


class RequestPipe:
    """Blocking request iterator for sync streaming calls: add() sends, close() half-closes."""
    _CLOSE = object()

    def __init__(self):
        self._queue = queue.Queue()

    def __iter__(self):
        return self

    def __next__(self):
        item = self._queue.get()
        if item is self._CLOSE:
            self._queue.put(item)
            raise StopIteration
        return item

    def add(self, request):
        self._queue.put(request)

    def close(self):
        self._queue.put(self._CLOSE)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class SyncCases:
    def __init__(self, channel):
        self.stub = test_pb2_grpc.TestServiceStub(channel)
        self.unimplemented = test_pb2_grpc.UnimplementedServiceStub(channel)

    def empty_unary(self):
        check(isinstance(self.stub.EmptyCall(Empty(), timeout=DEADLINE_S), Empty), "no Empty response")

    def large_unary(self):
        check_payload(self.stub.UnaryCall(large_request(), timeout=DEADLINE_S), 314159)

    def client_compressed_unary(self, probe=True):
        if probe:
            with expect_status(Code.INVALID_ARGUMENT):
                self.stub.UnaryCall(large_request(expect_compressed=True), timeout=DEADLINE_S)
        check_payload(self.stub.UnaryCall(large_request(expect_compressed=True), compression=GZIP,
                                          timeout=DEADLINE_S), 314159)
        check_payload(self.stub.UnaryCall(large_request(expect_compressed=False), timeout=DEADLINE_S),
                      314159)

    def client_compressed_unary_noprobe(self):
        self.client_compressed_unary(probe=False)

    def server_compressed_unary(self):
        for compressed in (True, False):
            check_payload(self.stub.UnaryCall(large_request(response_compressed=compressed),
                                              timeout=DEADLINE_S), 314159)

    def client_streaming(self):
        response = self.stub.StreamingInputCall(iter(client_streaming_requests()), timeout=DEADLINE_S)
        check_aggregate(response, CLIENT_STREAMING_TOTAL)

    def client_compressed_streaming(self, probe=True):
        if probe:
            with expect_status(Code.INVALID_ARGUMENT):
                self.stub.StreamingInputCall(iter([input_request(27182, expect_compressed=True)]),
                                             timeout=DEADLINE_S)
        response = self.stub.StreamingInputCall(iter(compressed_streaming_requests()),
                                                compression=GZIP, timeout=DEADLINE_S)
        check_aggregate(response, COMPRESSED_STREAMING_TOTAL)

    def client_compressed_streaming_noprobe(self):
        self.client_compressed_streaming(probe=False)

    def server_streaming(self):
        responses = self.stub.StreamingOutputCall(output_request(SERVER_STREAMING_SIZES),
                                                  timeout=DEADLINE_S)
        check_payloads(list(responses), SERVER_STREAMING_SIZES)

    def server_compressed_streaming(self):
        sizes, compressed = zip(*SERVER_COMPRESSED_STREAMING)
        responses = self.stub.StreamingOutputCall(output_request(sizes, compressed=compressed),
                                                  timeout=DEADLINE_S)
        check_payloads(list(responses), sizes)

    def ping_pong(self):
        with RequestPipe() as pipe:
            responses = self.stub.FullDuplexCall(pipe, timeout=DEADLINE_S)
            for request_size, response_size in PING_PONG:
                pipe.add(output_request([response_size], request_size))
                check_payload(next(responses), response_size)
            pipe.close()
            check_payloads(list(responses), [])

    def empty_stream(self):
        check_payloads(list(self.stub.FullDuplexCall(iter([]), timeout=DEADLINE_S)), [])

    def custom_metadata(self):
        response, call = self.stub.UnaryCall.with_call(large_request(), metadata=ECHO_METADATA,
                                                       timeout=DEADLINE_S)
        check_payload(response, 314159)
        check_echo_metadata(call.initial_metadata(), call.trailing_metadata())
        call = self.stub.FullDuplexCall(iter([output_request([314159], 271828)]),
                                        metadata=ECHO_METADATA, timeout=DEADLINE_S)
        check_payloads(list(call), [314159])
        check_echo_metadata(call.initial_metadata(), call.trailing_metadata())

    def status_code_and_message(self):
        with expect_status(Code.UNKNOWN, STATUS_MESSAGE):
            self.stub.UnaryCall(echo_status(m.SimpleRequest, STATUS_CODE, STATUS_MESSAGE),
                                timeout=DEADLINE_S)
        with expect_status(Code.UNKNOWN, STATUS_MESSAGE):
            request = echo_status(m.StreamingOutputCallRequest, STATUS_CODE, STATUS_MESSAGE)
            list(self.stub.FullDuplexCall(iter([request]), timeout=DEADLINE_S))

    def special_status_message(self):
        with expect_status(Code.UNKNOWN, SPECIAL_STATUS_MESSAGE):
            self.stub.UnaryCall(echo_status(m.SimpleRequest, STATUS_CODE, SPECIAL_STATUS_MESSAGE),
                                timeout=DEADLINE_S)

    def unimplemented_method(self):
        with expect_status(Code.UNIMPLEMENTED):
            self.stub.UnimplementedCall(Empty(), timeout=DEADLINE_S)

    def unimplemented_service(self):
        with expect_status(Code.UNIMPLEMENTED):
            self.unimplemented.UnimplementedCall(Empty(), timeout=DEADLINE_S)

    def cancel_after_begin(self):
        with RequestPipe() as pipe:
            future = self.stub.StreamingInputCall.future(pipe, timeout=DEADLINE_S)
            future.cancel()
            check_code(future.code(), Code.CANCELLED)

    def cancel_after_first_response(self):
        with RequestPipe() as pipe:
            responses = self.stub.FullDuplexCall(pipe, timeout=DEADLINE_S)
            pipe.add(output_request([31415], 27182))
            next(responses)
            responses.cancel()
            check_code(responses.code(), Code.CANCELLED)

    def timeout_on_sleeping_server(self):
        with RequestPipe() as pipe:
            responses = self.stub.FullDuplexCall(pipe, timeout=0.001)
            pipe.add(output_request(request_size=27182))
            with expect_status(Code.DEADLINE_EXCEEDED):
                next(responses)


class AioCases:
    def __init__(self, channel):
        self.stub = test_pb2_grpc.TestServiceStub(channel)
        self.unimplemented = test_pb2_grpc.UnimplementedServiceStub(channel)

    async def empty_unary(self):
        check(isinstance(await self.stub.EmptyCall(Empty(), timeout=DEADLINE_S), Empty),
              "no Empty response")

    async def large_unary(self):
        check_payload(await self.stub.UnaryCall(large_request(), timeout=DEADLINE_S), 314159)

    async def client_compressed_unary(self, probe=True):
        if probe:
            with expect_status(Code.INVALID_ARGUMENT):
                await self.stub.UnaryCall(large_request(expect_compressed=True), timeout=DEADLINE_S)
        check_payload(await self.stub.UnaryCall(large_request(expect_compressed=True),
                                                compression=GZIP, timeout=DEADLINE_S), 314159)
        check_payload(await self.stub.UnaryCall(large_request(expect_compressed=False),
                                                timeout=DEADLINE_S), 314159)

    async def client_compressed_unary_noprobe(self):
        await self.client_compressed_unary(probe=False)

    async def server_compressed_unary(self):
        for compressed in (True, False):
            check_payload(await self.stub.UnaryCall(large_request(response_compressed=compressed),
                                                    timeout=DEADLINE_S), 314159)

    async def client_streaming(self):
        response = await self.stub.StreamingInputCall(iter(client_streaming_requests()),
                                                      timeout=DEADLINE_S)
        check_aggregate(response, CLIENT_STREAMING_TOTAL)

    async def client_compressed_streaming(self, probe=True):
        if probe:
            with expect_status(Code.INVALID_ARGUMENT):
                await self.stub.StreamingInputCall(
                    iter([input_request(27182, expect_compressed=True)]), timeout=DEADLINE_S)
        response = await self.stub.StreamingInputCall(iter(compressed_streaming_requests()),
                                                      compression=GZIP, timeout=DEADLINE_S)
        check_aggregate(response, COMPRESSED_STREAMING_TOTAL)

    async def client_compressed_streaming_noprobe(self):
        await self.client_compressed_streaming(probe=False)

    async def server_streaming(self):
        call = self.stub.StreamingOutputCall(output_request(SERVER_STREAMING_SIZES),
                                             timeout=DEADLINE_S)
        check_payloads([response async for response in call], SERVER_STREAMING_SIZES)

    async def server_compressed_streaming(self):
        sizes, compressed = zip(*SERVER_COMPRESSED_STREAMING)
        call = self.stub.StreamingOutputCall(output_request(sizes, compressed=compressed),
                                             timeout=DEADLINE_S)
        check_payloads([response async for response in call], sizes)

    async def ping_pong(self):
        call = self.stub.FullDuplexCall(timeout=DEADLINE_S)
        for request_size, response_size in PING_PONG:
            await call.write(output_request([response_size], request_size))
            check_payload(await call.read(), response_size)
        await call.done_writing()
        check(await call.read() is grpc.aio.EOF, "more than four responses")
        check_code(await call.code(), Code.OK)

    async def empty_stream(self):
        call = self.stub.FullDuplexCall(timeout=DEADLINE_S)
        await call.done_writing()
        check(await call.read() is grpc.aio.EOF, "expected no responses")
        check_code(await call.code(), Code.OK)

    async def custom_metadata(self):
        call = self.stub.UnaryCall(large_request(), metadata=ECHO_METADATA, timeout=DEADLINE_S)
        check_payload(await call, 314159)
        check_echo_metadata(await call.initial_metadata(), await call.trailing_metadata())
        call = self.stub.FullDuplexCall(iter([output_request([314159], 271828)]),
                                        metadata=ECHO_METADATA, timeout=DEADLINE_S)
        check_payloads([response async for response in call], [314159])
        check_echo_metadata(await call.initial_metadata(), await call.trailing_metadata())

    async def status_code_and_message(self):
        with expect_status(Code.UNKNOWN, STATUS_MESSAGE):
            await self.stub.UnaryCall(echo_status(m.SimpleRequest, STATUS_CODE, STATUS_MESSAGE),
                                      timeout=DEADLINE_S)
        with expect_status(Code.UNKNOWN, STATUS_MESSAGE):
            request = echo_status(m.StreamingOutputCallRequest, STATUS_CODE, STATUS_MESSAGE)
            [_ async for _ in self.stub.FullDuplexCall(iter([request]), timeout=DEADLINE_S)]

    async def special_status_message(self):
        with expect_status(Code.UNKNOWN, SPECIAL_STATUS_MESSAGE):
            await self.stub.UnaryCall(
                echo_status(m.SimpleRequest, STATUS_CODE, SPECIAL_STATUS_MESSAGE), timeout=DEADLINE_S)

    async def unimplemented_method(self):
        with expect_status(Code.UNIMPLEMENTED):
            await self.stub.UnimplementedCall(Empty(), timeout=DEADLINE_S)

    async def unimplemented_service(self):
        with expect_status(Code.UNIMPLEMENTED):
            await self.unimplemented.UnimplementedCall(Empty(), timeout=DEADLINE_S)

    async def cancel_after_begin(self):
        call = self.stub.StreamingInputCall(timeout=DEADLINE_S)
        call.cancel()
        check_code(await call.code(), Code.CANCELLED)

    async def cancel_after_first_response(self):
        call = self.stub.FullDuplexCall(timeout=DEADLINE_S)
        await call.write(output_request([31415], 27182))
        await call.read()
        call.cancel()
        check_code(await call.code(), Code.CANCELLED)

    async def timeout_on_sleeping_server(self):
        call = self.stub.FullDuplexCall(timeout=0.001)
        # The write itself may already fail because the 1 ms deadline has passed.
        with contextlib.suppress(grpc.RpcError, asyncio.InvalidStateError):
            await call.write(output_request(request_size=27182))
        check_code(await call.code(), Code.DEADLINE_EXCEEDED)


def describe(error):
    if isinstance(error, CaseFailure):
        return str(error)
    if isinstance(error, grpc.RpcError) and hasattr(error, "code"):
        return f"unexpected status {error.code().name}: {error.details()!r}"
    return f"{type(error).__name__}: {error}"


def report(name, error):
    print(f"PASS {name}" if error is None else f"FAIL {name}: {describe(error)}", flush=True)
    return error is None


def run_sync(target, names):
    channel = grpc.insecure_channel(target)  # never closed: see the module's docstring
    cases = SyncCases(channel)
    results = []
    for name in names:
        try:
            getattr(cases, name)()
            results.append(report(name, None))
        except Exception as error:  # noqa: BLE001 - every failure is reported, not raised
            results.append(report(name, error))
    return all(results)


async def run_aio(target, names):
    async with grpc.aio.insecure_channel(target) as channel:
        cases = AioCases(channel)
        results = []
        for name in names:
            try:
                await getattr(cases, name)()
                results.append(report(name, None))
            except Exception as error:  # noqa: BLE001
                results.append(report(name, error))
        return all(results)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api", choices=("sync", "aio"), default="sync")
    parser.add_argument("--case", default="all",
                        help="'all' or comma-separated case names: " + ", ".join(CASES))
    parser.add_argument("--skip", default="", help="comma-separated cases to leave out of 'all'")
    args = parser.parse_args()
    skip = [name for name in args.skip.split(",") if name]
    names = [name for name in CASES if name not in skip] if args.case == "all" else args.case.split(",")
    unknown = [name for name in skip + names if name not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; known: {', '.join(CASES)}")
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True)
    target = f"{args.host}:{args.port}"
    ok = run_sync(target, names) if args.api == "sync" else asyncio.run(run_aio(target, names))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0 if ok else 1)


if __name__ == "__main__":
    main()
