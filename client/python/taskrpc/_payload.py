"""Args and results: Python values to and from taskrpc.v1.Payload."""

from __future__ import annotations

from google.protobuf import message, struct_pb2

from ._proto import job_pb2


def encode_into(value, payload: job_pb2.Payload) -> None:
    """Sets ``payload`` (e.g. ``request.args``, in place: copying a Struct costs more than
    building it) from a Python value: bytes go as ``binary``, a protobuf message as ``message``
    (Any), a Payload as is, anything else JSON-shaped (dict, list, str, int, float, bool, None)
    as ``json``. Raises TypeError for a value JSON cannot carry."""
    if isinstance(value, (dict, list, tuple, str, int, float)) or value is None:
        _to_value(value, payload.json)
    elif isinstance(value, (bytes, bytearray, memoryview)):
        payload.binary = bytes(value)
    elif isinstance(value, job_pb2.Payload):
        payload.CopyFrom(value)
    elif isinstance(value, message.Message):
        payload.message.Pack(value)
    else:
        _to_value(value, payload.json)  # raises TypeError naming the type


def decode(payload: job_pb2.Payload):
    """A Payload as a Python value: JSON as dict/list/str/bool/None with integral numbers as int
    (JSON has one number type), ``binary`` as bytes, ``message`` as a google.protobuf.Any (unpack
    it into the type you expect), no payload as None."""
    kind = payload.WhichOneof("kind")
    if kind == "json":
        return _from_value(payload.json)
    if kind == "binary":
        return payload.binary
    if kind == "message":
        return payload.message
    return None


def _to_value(value, into: struct_pb2.Value) -> None:
    if value is None:
        into.null_value = struct_pb2.NULL_VALUE
    elif isinstance(value, bool):
        into.bool_value = value
    elif isinstance(value, (int, float)):
        into.number_value = value
    elif isinstance(value, str):
        into.string_value = value
    elif isinstance(value, dict):
        fields = into.struct_value.fields
        into.struct_value.SetInParent()
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be str, not {type(key).__name__}")
            _to_value(item, fields[key])
    elif isinstance(value, (list, tuple)):
        values = into.list_value.values
        into.list_value.SetInParent()
        for item in value:
            _to_value(item, values.add())
    else:
        raise TypeError(f"{type(value).__name__} is not JSON-shaped, bytes or a protobuf message")


def _from_value(value: struct_pb2.Value):
    kind = value.WhichOneof("kind")
    if kind == "number_value":
        number = value.number_value
        return int(number) if number.is_integer() and abs(number) <= 2**53 else number
    if kind == "string_value":
        return value.string_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "struct_value":
        return {key: _from_value(item) for key, item in value.struct_value.fields.items()}
    if kind == "list_value":
        return [_from_value(item) for item in value.list_value.values]
    return None
