"""Shared pieces of the Python interop client and server: generated-code loading, the request
builders and the assertions of grpc's doc/interop-test-descriptions.md."""

import contextlib
import os
import sys

import grpc

_GEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen")
if not os.path.isdir(os.path.join(_GEN, "grpc", "testing")):
    sys.exit(f"generated stubs missing: run {os.path.join(os.path.dirname(_GEN), 'gen.sh')} first")
# The protos live in package grpc.testing, i.e. Python module grpc.testing, which collides with the
# installed grpc package. Make gen/grpc a second search location of that package so the generated
# `from grpc.testing import ...` lines resolve without editing generated code.
grpc.__path__.append(os.path.join(_GEN, "grpc"))

from grpc.testing import empty_pb2, messages_pb2, test_pb2_grpc  # noqa: E402

Empty = empty_pb2.Empty
m = messages_pb2

DEADLINE_S = 10.0  # every call carries a deadline, so a broken peer cannot hang the suite

ECHO_INITIAL_KEY = "x-grpc-test-echo-initial"
ECHO_INITIAL_VALUE = "test_initial_metadata_value"
ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin"
ECHO_TRAILING_VALUE = b"\xab\xab\xab"
ECHO_METADATA = ((ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE), (ECHO_TRAILING_KEY, ECHO_TRAILING_VALUE))

CLIENT_STREAMING_SIZES = (27182, 8, 1828, 45904)
CLIENT_STREAMING_TOTAL = 74922
SERVER_STREAMING_SIZES = (31415, 9, 2653, 58979)
PING_PONG = tuple(zip(CLIENT_STREAMING_SIZES, SERVER_STREAMING_SIZES))  # (request, response) sizes
COMPRESSED_STREAMING_TOTAL = 27182 + 45904  # 73086
SERVER_COMPRESSED_STREAMING = ((31415, True), (92653, False))
STATUS_CODE, STATUS_MESSAGE = 2, "test status message"
SPECIAL_STATUS_MESSAGE = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"

# All cases, in the order of interop-test-descriptions.md. The *_noprobe variants (as in grpc-java)
# skip the INVALID_ARGUMENT probe, for servers that cannot see whether a request was compressed.
CASES = (
    "empty_unary", "large_unary",
    "client_compressed_unary", "client_compressed_unary_noprobe", "server_compressed_unary",
    "client_streaming", "client_compressed_streaming", "client_compressed_streaming_noprobe",
    "server_streaming", "server_compressed_streaming",
    "ping_pong", "empty_stream", "custom_metadata",
    "status_code_and_message", "special_status_message",
    "unimplemented_method", "unimplemented_service",
    "cancel_after_begin", "cancel_after_first_response", "timeout_on_sleeping_server",
)

STATUS_BY_NUMBER = {code.value[0]: code for code in grpc.StatusCode}


# ---- request builders ------------------------------------------------------------------------

def payload(size):
    return m.Payload(type=m.COMPRESSABLE, body=bytes(size))


def large_request(expect_compressed=None, response_compressed=None):
    request = m.SimpleRequest(response_type=m.COMPRESSABLE, response_size=314159,
                              payload=payload(271828))
    if expect_compressed is not None:
        request.expect_compressed.value = expect_compressed
    if response_compressed is not None:
        request.response_compressed.value = response_compressed
    return request


def input_request(size, expect_compressed=None):
    request = m.StreamingInputCallRequest(payload=payload(size))
    if expect_compressed is not None:
        request.expect_compressed.value = expect_compressed
    return request


def client_streaming_requests():
    return [input_request(size) for size in CLIENT_STREAMING_SIZES]


def output_request(response_sizes=(), request_size=None, compressed=None):
    """StreamingOutputCallRequest asking for one response per size; `compressed` is an optional
    parallel sequence of booleans for ResponseParameters.compressed."""
    request = m.StreamingOutputCallRequest(response_type=m.COMPRESSABLE)
    for i, size in enumerate(response_sizes):
        params = request.response_parameters.add(size=size)
        if compressed is not None:
            params.compressed.value = compressed[i]
    if request_size is not None:
        request.payload.CopyFrom(payload(request_size))
    return request


def echo_status(message_type, code, message):
    request = message_type()
    request.response_status.code = code
    request.response_status.message = message
    return request


# ---- assertions --------------------------------------------------------------------------------

class CaseFailure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CaseFailure(message)


def check_payload(response, size):
    body = response.payload.body
    check(len(body) == size, f"payload is {len(body)} bytes, expected {size}")
    check(body == bytes(size), "payload body is not all zeros")


def check_payloads(responses, sizes):
    check(len(responses) == len(sizes), f"got {len(responses)} responses, expected {len(sizes)}")
    for response, size in zip(responses, sizes):
        check_payload(response, size)


def check_aggregate(response, total):
    got = response.aggregated_payload_size
    check(got == total, f"aggregated_payload_size is {got}, expected {total}")


def check_code(code, expected):
    check(code == expected, f"status {code.name if code else code}, expected {expected.name}")


def check_status(code, details, expected_code, expected_details=None):
    check_code(code, expected_code)
    if expected_details is not None:
        check(details == expected_details, f"status message {details!r}, expected {expected_details!r}")


@contextlib.contextmanager
def expect_status(expected_code, expected_details=None):
    """Asserts that the block raises grpc.RpcError (sync or aio) with the given status."""
    try:
        yield
    except grpc.RpcError as error:
        check_status(error.code(), error.details(), expected_code, expected_details)
    else:
        raise CaseFailure(f"call succeeded, expected {expected_code.name}")


def metadata_values(metadata, key):
    # sync metadata is a tuple of (key, value) named tuples, grpc.aio.Metadata iterates the same way
    return [value for k, value in (metadata or ()) if k == key]


def check_echo_metadata(initial, trailing):
    got_initial = metadata_values(initial, ECHO_INITIAL_KEY)
    check(got_initial == [ECHO_INITIAL_VALUE],
          f"initial metadata {ECHO_INITIAL_KEY}={got_initial!r}, expected [{ECHO_INITIAL_VALUE!r}]")
    got_trailing = metadata_values(trailing, ECHO_TRAILING_KEY)
    check(got_trailing == [ECHO_TRAILING_VALUE],
          f"trailing metadata {ECHO_TRAILING_KEY}={got_trailing!r}, expected [{ECHO_TRAILING_VALUE!r}]")
