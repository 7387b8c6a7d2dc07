#!/usr/bin/python3
"""gRPC interop server (grpc.testing.TestService) on Debian's grpcio, plaintext on 127.0.0.1.

    /usr/bin/python3 interop_server.py --port N     (0 picks a free port)

Prints `READY <port>` once listening. UnimplementedCall and UnimplementedService stay unimplemented.
Known limit: grpcio hides grpc-encoding and the per-message compressed flag from handlers, so
expect_compressed cannot be checked and is ignored (see README).
"""

import argparse
import signal
import time
from concurrent import futures

import grpc

from interop_common import (
    ECHO_INITIAL_KEY, ECHO_TRAILING_KEY, STATUS_BY_NUMBER, Empty, m, payload, test_pb2_grpc)


def start_call(context, compress=False):
    """Per-call setup, before any response: response compression, then the Echo Metadata feature."""
    if compress:
        context.set_compression(grpc.Compression.Gzip)
    metadata = context.invocation_metadata()
    initial = [(k, v) for k, v in metadata if k == ECHO_INITIAL_KEY]
    trailing = [(k, v) for k, v in metadata if k == ECHO_TRAILING_KEY]
    if initial:
        context.send_initial_metadata(initial)
    if trailing:
        context.set_trailing_metadata(trailing)


def check_request(request, context):
    """Echo Status feature and response_type validation; aborts the call when they apply."""
    if request.response_type != m.COMPRESSABLE:
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"unsupported response_type {request.response_type}")
    status = request.response_status
    if status.code != 0:
        context.abort(STATUS_BY_NUMBER.get(status.code, grpc.StatusCode.UNKNOWN), status.message)


def wants_compression(request):
    return any(params.compressed.value for params in request.response_parameters)


def streamed_responses(request, context):
    """One response per ResponseParameters; interval_us is the spec's delay before each one.
    The call-level encoding is decided in start_call; messages not asking for compression are
    sent with the compressed flag cleared."""
    check_request(request, context)
    for params in request.response_parameters:
        if params.interval_us:
            time.sleep(params.interval_us / 1e6)
        if not params.compressed.value:
            context.disable_next_message_compression()
        yield m.StreamingOutputCallResponse(payload=payload(params.size))


class TestService(test_pb2_grpc.TestServiceServicer):
    # UnimplementedCall is deliberately inherited: grpcio answers it with UNIMPLEMENTED.

    def EmptyCall(self, request, context):
        start_call(context)
        return Empty()

    def UnaryCall(self, request, context):
        start_call(context, compress=request.response_compressed.value)
        check_request(request, context)
        return m.SimpleResponse(payload=payload(request.response_size))

    def CacheableUnaryCall(self, request, context):
        start_call(context)
        return m.SimpleResponse(payload=m.Payload(body=str(time.time_ns()).encode()))

    def StreamingInputCall(self, request_iterator, context):
        start_call(context)
        total = sum(len(request.payload.body) for request in request_iterator)
        return m.StreamingInputCallResponse(aggregated_payload_size=total)

    def StreamingOutputCall(self, request, context):
        start_call(context, compress=wants_compression(request))
        yield from streamed_responses(request, context)

    def FullDuplexCall(self, request_iterator, context):
        started = False
        for request in request_iterator:
            if not started:  # the encoding is per call: the first request decides it
                start_call(context, compress=wants_compression(request))
                started = True
            yield from streamed_responses(request, context)
        if not started:
            start_call(context)

    def HalfDuplexCall(self, request_iterator, context):
        requests = list(request_iterator)
        start_call(context, compress=any(wants_compression(request) for request in requests))
        for request in requests:
            yield from streamed_responses(request, context)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()

    # Threads, not asyncio: each open stream holds a worker, so keep plenty of them.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
    test_pb2_grpc.add_TestServiceServicer_to_server(TestService(), server)
    port = server.add_insecure_port(f"127.0.0.1:{args.port}")
    if port == 0:
        raise SystemExit(f"cannot listen on 127.0.0.1:{args.port}")
    server.start()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: server.stop(grace=1))
    print(f"READY {port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
