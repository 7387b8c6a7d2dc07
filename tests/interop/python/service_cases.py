#!/usr/bin/python3
"""The TaskService cases (taskrpc.v1) from Debian's grpcio, sync or grpc.aio API, against a
running TaskRpc server:

    /usr/bin/python3 service_cases.py --host 127.0.0.1 --port N --api sync|aio [--case NAME[,NAME...]|all] [--api-key KEY]

With --api-key every call carries ``authorization: Bearer KEY`` metadata.

The same case list as tests/interop/node/service_cases.js. Prints "PASS name" or "FAIL name:
reason" per case, flushed at once; exits 0 only if every case passed (1 otherwise, 2 on a usage
error). The cases are written once, as coroutines, against a small adapter per API: `sync` makes
blocking grpcio calls (grpc.insecure_channel) on a worker thread, `aio` awaits grpc.aio calls.

Every RPC carries a deadline and every case a time limit, so a broken server fails cases instead
of hanging the run. The process ends with os._exit once its results are flushed, without closing
the channel: grpcio's Channel.close() can hang waiting for calls to drain (grpc/grpc#20026,
grpc/grpc#29560). Should anything hang before that, a faulthandler watchdog prints every
thread's stack to stderr and exits with status 1 after WATCHDOG_S.
"""

import argparse
import asyncio
import faulthandler
import functools
import os
import sys
import uuid

import grpc
from google.protobuf import descriptor_pb2

from stubs import (health_pb2, health_pb2_grpc, job_pb2, reflection_pb2, reflection_pb2_grpc,
                   task_service_pb2, task_service_pb2_grpc)
from taskrpc_asyncio_client import from_payload, submit_request

pb = task_service_pb2
Code = grpc.StatusCode
DEADLINE_S = 10.0          # calls that return at once
LONG_WAIT_S = 20.0         # server-side waits (Await, Wait) that must end by a job, not by their timeout
CASE_TIMEOUT_S = 40.0
WATCHDOG_S = 150           # below the 3-minute limit of tests/TaskRpc.Interop.Tests
MAX_MESSAGE = 4 * 1024 * 1024
MISSING_ID = "j-no-such-job"
TERMINAL = {job_pb2.JOB_STATE_SUCCEEDED, job_pb2.JOB_STATE_FAILED, job_pb2.JOB_STATE_CANCELLED}


# ---- one adapter per grpcio API ---------------------------------------------------------------

class Credentials:
    """The API key sent with every call of an adapter, when the run has one."""

    def __init__(self, api_key):
        self._pairs = (("authorization", f"Bearer {api_key}"),) if api_key else ()

    def add(self, kwargs):
        if self._pairs:
            kwargs["metadata"] = tuple(kwargs.get("metadata") or ()) + self._pairs
        return kwargs


class SyncApi:
    """grpcio's blocking API; each call runs on a worker thread so the cases can be coroutines."""

    def __init__(self, target, api_key=None):
        self.channel = grpc.insecure_channel(target)  # never closed: see the module's docstring
        self.credentials = Credentials(api_key)

    async def unary(self, method, request, **kwargs):
        return await asyncio.to_thread(functools.partial(method, request, **self.credentials.add(kwargs)))

    async def unary_with_call(self, method, request, **kwargs):
        """(response, initial metadata, trailing metadata)."""
        response, call = await asyncio.to_thread(functools.partial(method.with_call, request, **self.credentials.add(kwargs)))
        return response, call.initial_metadata(), call.trailing_metadata()

    def stream(self, method, request, **kwargs):
        return SyncStream(method(request, **self.credentials.add(kwargs)))


class SyncStream:
    def __init__(self, call):
        self._call = call

    async def next(self):
        """The next message, or None at the end of the stream."""
        return await asyncio.to_thread(next, self._call, None)

    def cancel(self):
        return self._call.cancel()

    async def code(self):
        return await asyncio.to_thread(self._call.code)


class AioApi:
    def __init__(self, target, api_key=None):
        self.channel = grpc.aio.insecure_channel(target)
        self.credentials = Credentials(api_key)

    async def unary(self, method, request, **kwargs):
        return await method(request, **self.credentials.add(kwargs))

    async def unary_with_call(self, method, request, **kwargs):
        call = method(request, **self.credentials.add(kwargs))
        response = await call
        return response, await call.initial_metadata(), await call.trailing_metadata()

    def stream(self, method, request, **kwargs):
        return AioStream(method(request, **self.credentials.add(kwargs)))


class AioStream:
    def __init__(self, call):
        self._call = call

    async def next(self):
        message = await self._call.read()
        return None if message is grpc.aio.EOF else message

    def cancel(self):
        return self._call.cancel()

    async def code(self):
        return await self._call.code()


# ---- the cases --------------------------------------------------------------------------------

class CaseFailure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CaseFailure(message)


def state_name(job):
    return job_pb2.JobState.Name(job.state)


def duration(seconds):
    value = pb.AwaitJobRequest().timeout
    value.FromNanoseconds(round(seconds * 1e9))
    return value


CASES = []  # the case names, in the order of a run


def case(method):
    CASES.append(method.__name__)
    return method


class Cases:
    """The cases (marked @case, run in the order written) and their helpers."""

    def __init__(self, api, run_id):
        self.api = api
        self.run_id = run_id
        self.case = ""
        self.tasks = task_service_pb2_grpc.TaskServiceStub(api.channel)
        self.health = health_pb2_grpc.HealthStub(api.channel)
        self.reflection = reflection_pb2_grpc.ServerReflectionStub(api.channel)
        self.started = []  # jobs to cancel when the case ends

    # -- helpers --

    def labels(self):
        """Labels of every job a case submits: List finds exactly the jobs of this run and case."""
        return {"interop-run": self.run_id, "interop-case": self.case}

    async def call(self, method, request, timeout=DEADLINE_S, **kwargs):
        return await self.api.unary(getattr(self.tasks, method), request, timeout=timeout, **kwargs)

    async def submit(self, task, args=None, *, wait=False, compression=None, **request_options):
        request = submit_request(task, args, wait=wait, labels=self.labels(), **request_options)
        job = await self.call("Submit", request, DEADLINE_S + LONG_WAIT_S if wait else DEADLINE_S, compression=compression)
        self.started.append(job.id)
        return job

    async def submit_long(self):
        """A demo.sleep of 30 s in 30 steps: still running when the case ends (then cancelled)."""
        return await self.submit("demo.sleep", {"seconds": 30, "steps": 30})

    async def await_job(self, job_id, timeout=None, deadline=None):
        request = pb.AwaitJobRequest(id=job_id)
        if timeout is not None:
            request.timeout.CopyFrom(duration(timeout))
        return await self.call("Await", request, deadline or DEADLINE_S + (timeout or LONG_WAIT_S))

    async def wait(self, ids, return_when, timeout=LONG_WAIT_S):
        request = pb.WaitJobsRequest(ids=ids, return_when=return_when, timeout=duration(timeout))
        response = await self.call("Wait", request, DEADLINE_S + timeout)
        return [j.id for j in response.done], [j.id for j in response.pending], response

    async def cancel(self, job_id, reason=""):
        return await self.call("Cancel", pb.CancelJobRequest(id=job_id, reason=reason))

    async def jobs_of_this_case(self):
        response = await self.call("List", pb.ListJobsRequest(labels=self.labels(), page_size=100))
        return list(response.jobs)

    async def events(self, job_id, from_sequence=0, until=None):
        """The job's events from `from_sequence`, to the end of the stream or until `until(event)`
        (then the call is cancelled); with the stream's final code."""
        stream = self.api.stream(self.tasks.StreamProgress,
                                 pb.StreamProgressRequest(id=job_id, from_sequence=from_sequence),
                                 timeout=DEADLINE_S + LONG_WAIT_S)
        events = []
        while (event := await stream.next()) is not None:
            events.append(event)
            if until is not None and until(event):
                check(stream.cancel(), "cancelling the progress stream: the call had already ended")
                break
        return events, await stream.code()

    async def expect_status(self, code, call, details_contain=None):
        try:
            await call
        except grpc.RpcError as error:
            check(error.code() == code, f"expected {code.name}, got {error.code().name}: {error.details()!r}")
            if details_contain is not None:
                check(details_contain in (error.details() or ""),
                      f"{code.name} details {error.details()!r} do not mention {details_contain!r}")
            return error
        raise CaseFailure(f"expected {code.name}, got a response")

    async def cleanup(self):
        for job_id in self.started:
            try:
                await self.cancel(job_id, "case cleanup")
            except grpc.RpcError:
                pass
        self.started = []

    # -- health and reflection --

    @case
    async def health_serving(self):
        for service in ("", "taskrpc.v1.TaskService"):
            response = await self.api.unary(self.health.Check, health_pb2.HealthCheckRequest(service=service),
                                            timeout=DEADLINE_S)
            check(response.status == health_pb2.HealthCheckResponse.SERVING,
                  f"Check({service!r}) answered {health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)}")

    @case
    async def reflection_lists_services(self):
        requests = [reflection_pb2.ServerReflectionRequest(list_services=""),
                    reflection_pb2.ServerReflectionRequest(file_containing_symbol="taskrpc.v1.TaskService")]
        stream = self.api.stream(self.reflection.ServerReflectionInfo, iter(requests), timeout=DEADLINE_S)
        listed = await stream.next()
        check(listed is not None and listed.HasField("list_services_response"), f"list_services answered {listed}")
        names = {s.name for s in listed.list_services_response.service}
        for expected in ("taskrpc.v1.TaskService", "grpc.health.v1.Health"):
            check(expected in names, f"reflection lists {sorted(names)}, not {expected}")
        found = await stream.next()
        check(found is not None and found.HasField("file_descriptor_response"), f"file_containing_symbol answered {found}")
        files = [descriptor_pb2.FileDescriptorProto.FromString(f) for f in found.file_descriptor_response.file_descriptor_proto]
        service = [s for f in files for s in f.service if f.package == "taskrpc.v1" and s.name == "TaskService"]
        check(service, f"no taskrpc.v1.TaskService in the files {[f.name for f in files]}")
        methods = {m.name for m in service[0].method}
        for expected in ("Submit", "Get", "Await", "Wait", "Cancel", "StreamProgress", "List", "ListTasks", "GetStats"):
            check(expected in methods, f"TaskService methods {sorted(methods)} lack {expected}")
        check(await stream.next() is None, "more than two reflection answers")
        check(await stream.code() == Code.OK, f"reflection call ended {await stream.code()}")

    # -- submit, get, await --

    @case
    async def submit_wait(self):
        args = {"greeting": "hello", "numbers": [1, 2.5, -3], "nested": {"ok": True, "none": None}}
        job = await self.submit("demo.echo", args, wait=True)
        check(job.id, "the job has no id")
        check(job.task == "demo.echo", f"task {job.task!r}")
        check(job.state == job_pb2.JOB_STATE_SUCCEEDED, f"Submit(wait) answered {state_name(job)}: {job.error.message}")
        check(from_payload(job.result) == args, f"result {from_payload(job.result)}, expected {args}")
        check(from_payload(job.args) == args, f"args {from_payload(job.args)}")
        check(dict(job.labels) == self.labels(), f"labels {dict(job.labels)}")

    @case
    async def get(self):
        job = await self.submit("demo.echo", {"get": 1}, wait=True)
        got = await self.call("Get", pb.GetJobRequest(id=job.id))
        check(got == job, f"Get answered\n{got}\nSubmit(wait) answered\n{job}")

    @case
    async def await_with_timeout(self):
        long = await self.submit_long()
        unfinished = await self.await_job(long.id, timeout=0.2)
        check(unfinished.id == long.id, f"Await answered job {unfinished.id}")
        check(unfinished.state not in TERMINAL, f"a 30 s job was {state_name(unfinished)} after Await's 0.2 s timeout")
        short = await self.submit("demo.echo", {"await": 1})
        ended = await self.await_job(short.id)
        check(ended.state == job_pb2.JOB_STATE_SUCCEEDED, f"Await of demo.echo answered {state_name(ended)}")
        check(from_payload(ended.result) == {"await": 1}, f"result {from_payload(ended.result)}")

    # -- wait-many --

    @case
    async def wait_first_completed(self):
        long = await self.submit_long()
        short = await self.submit("demo.echo", {"first": "completed"})
        done, pending, _ = await self.wait([long.id, short.id], pb.RETURN_WHEN_FIRST_COMPLETED)
        check(done == [short.id] and pending == [long.id], f"done {done}, pending {pending}; short {short.id}, long {long.id}")

    @case
    async def wait_first_exception(self):
        long = await self.submit_long()
        failing = await self.submit("demo.fail", {"message": "boom"})
        done, pending, response = await self.wait([long.id, failing.id], pb.RETURN_WHEN_FIRST_EXCEPTION)
        check(done == [failing.id] and pending == [long.id], f"done {done}, pending {pending}; failing {failing.id}")
        failed = response.done[0]
        check(failed.state == job_pb2.JOB_STATE_FAILED and failed.error.message == "boom",
              f"the failing job is {state_name(failed)}: {failed.error.message!r}")

    @case
    async def wait_all_completed(self):
        jobs = [await self.submit("demo.echo", {"i": i}) for i in range(2)]
        jobs.append(await self.submit("demo.sleep", {"seconds": 0.2, "steps": 2}))
        ids = [j.id for j in jobs]
        done, pending, response = await self.wait(ids, pb.RETURN_WHEN_ALL_COMPLETED)
        check(done == ids and pending == [], f"done {done}, pending {pending}, expected done {ids}")
        check(all(j.state == job_pb2.JOB_STATE_SUCCEEDED for j in response.done),
              f"states {[state_name(j) for j in response.done]}")

    @case
    async def wait_timeout(self):
        ids = [(await self.submit_long()).id for _ in range(2)]
        done, pending, response = await self.wait(ids, pb.RETURN_WHEN_ALL_COMPLETED, timeout=0.2)
        check(done == [] and pending == ids, f"done {done}, pending {pending}, expected all pending")
        check(all(j.state not in TERMINAL for j in response.pending), f"states {[state_name(j) for j in response.pending]}")

    # -- watch --

    @case
    async def watch_resume(self):
        job = await self.submit("demo.sleep", {"seconds": 2, "steps": 6})  # still running when the first stream is cancelled
        first, code = await self.events(job.id, until=lambda e: e.sequence >= 3)
        check(code == Code.CANCELLED, f"the first stream, cancelled by the client, ended {code}")
        check([e.sequence for e in first] == [1, 2, 3], f"first stream sequences {[e.sequence for e in first]}")
        rest, code = await self.events(job.id, from_sequence=4)
        check(code == Code.OK, f"the resumed stream ended {code}")
        sequences = [e.sequence for e in first + rest]
        check(sequences == list(range(1, len(sequences) + 1)), f"sequences {sequences}: a gap or a duplicate")
        check(all(e.job_id == job.id for e in first + rest), "an event of another job")
        last = rest[-1] if rest else first[-1]
        check(last.WhichOneof("event") == "state_change" and last.state_change.state == job_pb2.JOB_STATE_SUCCEEDED,
              f"the last event is not the SUCCEEDED state change: {last}")
        progress = [e.progress.fraction for e in first + rest if e.WhichOneof("event") == "progress"]
        check(len(progress) == 6 and progress == sorted(progress) and progress[-1] == 1.0, f"progress {progress}")
        final = await self.call("Get", pb.GetJobRequest(id=job.id))
        check(final.last_sequence == sequences[-1], f"last_sequence {final.last_sequence}, last event {sequences[-1]}")

    # -- cancel --

    @case
    async def cancel_queued(self):
        job = await self.submit("demo.echo", {"never": "runs"}, delay=60)
        check(job.state == job_pb2.JOB_STATE_QUEUED, f"a job delayed by 60 s is {state_name(job)}")
        response = await self.cancel(job.id, "cancelled while queued")
        check(response.cancelled and response.job.state == job_pb2.JOB_STATE_CANCELLED,
              f"Cancel answered cancelled={response.cancelled}, {state_name(response.job)}")
        ended = await self.await_job(job.id)
        check(ended.state == job_pb2.JOB_STATE_CANCELLED and ended.attempt == 0,
              f"after Cancel the job is {state_name(ended)}, attempt {ended.attempt}")
        check("cancelled while queued" in ended.error.message, f"error.message {ended.error.message!r} lacks the reason")
        events, _ = await self.events(job.id)
        states = [job_pb2.JobState.Name(e.state_change.state) for e in events if e.WhichOneof("event") == "state_change"]
        check(states == ["JOB_STATE_QUEUED", "JOB_STATE_CANCELLED"], f"state changes {states}")

    @case
    async def cancel_running(self):
        job = await self.submit_long()
        await self.events(job.id, until=lambda e: e.WhichOneof("event") == "state_change"
                          and e.state_change.state == job_pb2.JOB_STATE_RUNNING)
        response = await self.cancel(job.id, "cancelled while running")
        check(response.cancelled, f"Cancel of a running job answered cancelled=false, {state_name(response.job)}")
        ended = await self.await_job(job.id)
        check(ended.state == job_pb2.JOB_STATE_CANCELLED, f"after Cancel and Await the job is {state_name(ended)}")
        check(ended.error.code == "CANCELLED" and "cancelled while running" in ended.error.message,
              f"error {ended.error.code}: {ended.error.message!r}")
        again = await self.cancel(job.id)
        check(not again.cancelled, "a second Cancel answered cancelled=true")

    # -- deadlines, compression, message size, metadata --

    @case
    async def deadline_exceeded(self):
        job = await self.submit_long()
        await self.expect_status(Code.DEADLINE_EXCEEDED, self.await_job(job.id, deadline=0.3))
        still = await self.call("Get", pb.GetJobRequest(id=job.id))
        check(still.state not in TERMINAL, f"an Await that ran out of time changed the job: {state_name(still)}")

    @case
    async def compression_gzip(self):
        args = {"text": "TaskRpc compresses well. " * 40_000}  # ~1 MB of JSON, a few KB gzipped
        job = await self.submit("demo.echo", args, wait=True, compression=grpc.Compression.Gzip)
        check(job.state == job_pb2.JOB_STATE_SUCCEEDED, f"gzip Submit(wait) answered {state_name(job)}")
        check(from_payload(job.result) == args, "the gzip-compressed args did not come back unchanged")

    @case
    async def large_message_near_limit(self):
        # The request and the answer just under 4 MiB, and the job just under the server's job size
        # limit (Engine:MaxJobSizeBytes, 4 MiB - 64 KiB by default, so every job fits a message).
        data = os.urandom(MAX_MESSAGE - 96 * 1024)
        job = await self.submit("demo.echo", data, delay=60)  # delayed: its result would double the Job
        check(job.state == job_pb2.JOB_STATE_QUEUED, f"state {state_name(job)}")
        check(job.args.binary == data, f"args came back with {len(job.args.binary)} bytes, sent {len(data)}")
        got = await self.call("Get", pb.GetJobRequest(id=job.id))
        check(got.args.binary == data, "Get answered other args")

    @case
    async def large_message_over_limit(self):
        data = os.urandom(MAX_MESSAGE + 1024)
        await self.expect_status(Code.RESOURCE_EXHAUSTED, self.submit("demo.echo", data))
        jobs = await self.jobs_of_this_case()
        check(jobs == [], f"the rejected Submit created {[j.id for j in jobs]}")

    @case
    async def custom_metadata(self):
        metadata = (("x-taskrpc-interop", f"run {self.run_id}"), ("x-taskrpc-trace-bin", bytes([0, 1, 2, 0xfe, 0xff])))
        request = submit_request("demo.echo", {"metadata": True}, wait=True, labels=self.labels())
        job, initial, trailing = await self.api.unary_with_call(self.tasks.Submit, request, metadata=metadata,
                                                                timeout=DEADLINE_S + LONG_WAIT_S)
        self.started.append(job.id)
        check(job.state == job_pb2.JOB_STATE_SUCCEEDED, f"Submit with custom metadata answered {state_name(job)}")
        check(initial is not None and trailing is not None, "no initial or trailing metadata")

    # -- error statuses --

    @case
    async def error_unknown_id(self):
        calls = {
            "Get": lambda: self.call("Get", pb.GetJobRequest(id=MISSING_ID)),
            "Await": lambda: self.await_job(MISSING_ID, timeout=1),
            "Cancel": lambda: self.cancel(MISSING_ID),
            "StreamProgress": lambda: self.events(MISSING_ID),
            "Wait": lambda: self.wait([MISSING_ID], pb.RETURN_WHEN_ALL_COMPLETED, timeout=1),
        }
        for name, call in calls.items():
            try:
                await self.expect_status(Code.NOT_FOUND, call(), details_contain=MISSING_ID)
            except CaseFailure as failure:
                raise CaseFailure(f"{name}: {failure}") from None

    @case
    async def error_bad_args(self):
        await self.expect_status(Code.INVALID_ARGUMENT, self.submit("demo.sleep", {"seconds": "x"}))
        await self.expect_status(Code.INVALID_ARGUMENT, self.submit("", {}))
        await self.expect_status(Code.INVALID_ARGUMENT, self.call("Get", pb.GetJobRequest(id="")))
        jobs = await self.jobs_of_this_case()
        check(jobs == [], f"rejected Submits created {[j.id for j in jobs]}")

    @case
    async def error_unknown_task(self):
        await self.expect_status(Code.NOT_FOUND, self.submit("no.such.task", {}), details_contain="no.such.task")


# ---- running ----------------------------------------------------------------------------------

def describe(error):
    if isinstance(error, CaseFailure):
        return str(error)
    if isinstance(error, grpc.RpcError) and hasattr(error, "code"):
        return f"unexpected status {error.code().name}: {error.details()!r}"
    if isinstance(error, asyncio.TimeoutError):
        return f"did not finish within {CASE_TIMEOUT_S:.0f} s"
    return f"{type(error).__name__}: {error}"


async def run(api_name, target, names, api_key=None):
    api = SyncApi(target, api_key) if api_name == "sync" else AioApi(target, api_key)
    cases = Cases(api, f"python-{api_name}-{uuid.uuid4().hex[:8]}")
    passed = True
    for name in names:
        cases.case = name
        try:
            try:
                await asyncio.wait_for(getattr(cases, name)(), CASE_TIMEOUT_S)
            finally:
                await asyncio.wait_for(cases.cleanup(), DEADLINE_S * 2)
            print(f"PASS {name}", flush=True)
        except Exception as error:  # noqa: BLE001 - every failure becomes a FAIL line
            passed = False
            print(f"FAIL {name}: {describe(error)}", flush=True)
    return passed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api", choices=("sync", "aio"), required=True)
    parser.add_argument("--api-key", default=None, help="send authorization: Bearer KEY with every call")
    parser.add_argument("--case", default="all", help="all, one case or a comma-separated list: " + ", ".join(CASES))
    options = parser.parse_args()
    names = CASES if options.case == "all" else [n.strip() for n in options.case.split(",") if n.strip()]
    unknown = [n for n in names if n not in CASES]
    if unknown or not names:
        parser.error(f"unknown case(s) {unknown}; known: {', '.join(CASES)}")
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True)
    passed = asyncio.run(run(options.api, f"{options.host}:{options.port}", names, options.api_key))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0 if passed else 1)


if __name__ == "__main__":
    main()
