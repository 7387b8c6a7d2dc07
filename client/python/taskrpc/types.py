"""Plain Python forms of the contract's enums and options."""

from __future__ import annotations

import dataclasses
import datetime
import enum

from ._proto import job_pb2

__all__ = ["JobState", "Retry"]


class JobState(enum.IntEnum):
    """A job's state (taskrpc.v1.JobState, same numbers)."""

    UNSPECIFIED = job_pb2.JOB_STATE_UNSPECIFIED
    QUEUED = job_pb2.JOB_STATE_QUEUED
    RUNNING = job_pb2.JOB_STATE_RUNNING
    SUCCEEDED = job_pb2.JOB_STATE_SUCCEEDED
    FAILED = job_pb2.JOB_STATE_FAILED
    CANCELLED = job_pb2.JOB_STATE_CANCELLED

    @property
    def terminal(self) -> bool:
        """True for SUCCEEDED, FAILED and CANCELLED: the job has ended."""
        return self in _TERMINAL

    def __str__(self) -> str:
        return self.name


_TERMINAL = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED})
# The same as plain ints, for the hot path (an IntEnum lookup costs more than a set probe).
TERMINAL_STATES = frozenset(int(state) for state in _TERMINAL)


@dataclasses.dataclass(frozen=True)
class Retry:
    """Retries of a job after a failed attempt (taskrpc.v1.RetryPolicy); times in seconds.

    ``max_attempts`` counts the first attempt (1: no retry, at most 100). The others default to
    the server's: ``initial_backoff`` 1 s, ``max_backoff`` 5 minutes, ``multiplier`` 2,
    ``jitter`` 0.2. ``submit(..., retry=3)`` is short for ``Retry(max_attempts=3)``.
    """

    max_attempts: int
    initial_backoff: float | datetime.timedelta | None = None
    max_backoff: float | datetime.timedelta | None = None
    multiplier: float = 0.0
    jitter: float = 0.0

    def to_proto(self) -> job_pb2.RetryPolicy:
        policy = job_pb2.RetryPolicy(max_attempts=self.max_attempts, backoff_multiplier=self.multiplier,
                                     jitter=self.jitter)
        if self.initial_backoff is not None:
            set_duration(policy.initial_backoff, self.initial_backoff)
        if self.max_backoff is not None:
            set_duration(policy.max_backoff, self.max_backoff)
        return policy


def seconds(value: float | datetime.timedelta) -> float:
    """Seconds from a number of seconds or a timedelta."""
    return value.total_seconds() if isinstance(value, datetime.timedelta) else float(value)


def set_duration(field, value: float | datetime.timedelta) -> None:
    """Sets a google.protobuf.Duration field from seconds or a timedelta."""
    field.FromNanoseconds(round(seconds(value) * 1e9))

