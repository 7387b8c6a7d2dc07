"""TaskRpc through gRPC from a grpc.aio client, scenario by scenario in the style of the asyncio
docs' examples (gather, wait, Semaphore, cancel), against a running TaskRpc server:

    /usr/bin/python3 test_taskrpc_asyncio.py --host 127.0.0.1 --port 50051 [--case NAME[,NAME…]|all]

Prints "PASS name" or "FAIL name: reason" per scenario; exits 0 only if all passed (1 otherwise,
2 on a usage error). Every RPC has a deadline, every scenario a time limit and the whole run a
budget, so a broken server fails scenarios instead of hanging. Synchronisation is by real
signals only (progress-stream events, Await, Wait); the demo tasks' sleeps are the workload.
The process ends with os._exit once its results are flushed: grpcio can hang while the
interpreter finalises (grpc/grpc#29560), which would cost the caller its whole time limit. Should
anything hang before that, a faulthandler watchdog prints every thread's stack to stderr and exits
with status 1 after WATCHDOG_S.
"""

import argparse
import asyncio
import datetime
import faulthandler
import os
import sys
import time

import grpc
from google.protobuf import json_format

import taskrpc_asyncio_client as trpc
from taskrpc_asyncio_client import job_pb2, pb

SCENARIO_TIMEOUT_S = 20.0
RUN_BUDGET_S = 60.0
WATCHDOG_S = 100  # above the run's budget, below the 3-minute limit of tests/TaskRpc.Interop.Tests

SCENARIOS = {}  # name -> async def scenario(stub), in definition order


def scenario(fn):
    SCENARIOS[fn.__name__] = fn
    return fn


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def state_name(job):
    return job_pb2.JobState.Name(job.state)


def ids_of(jobs):
    return [job.id for job in jobs]


async def expect_status(code, awaitable, *, details_contain=None):
    """Awaits `awaitable`, which must fail with status `code`; returns the error."""
    try:
        await awaitable
    except grpc.aio.AioRpcError as error:
        check(error.code() == code, f"expected {code.name}, got {error.code().name}: {error.details()}")
        if details_contain is not None:
            check(details_contain in (error.details() or ""),
                  f"{code.name} details {error.details()!r} do not mention {details_contain!r}")
        return error
    raise AssertionError(f"expected {code.name}, got a response")


async def drain(stream):
    """Every event of a progress stream, to its end."""
    return [event async for event in stream]


async def cancel_all(stub, ids):
    """Cleanup: cancels jobs a scenario left running (already-ended ones are left alone)."""
    await asyncio.gather(*(trpc.cancel(stub, job_id, "scenario cleanup") for job_id in ids), return_exceptions=True)


# ---- asyncio.gather, asyncio.wait, asyncio.Semaphore ------------------------------------------

@scenario
async def gather_three(stub):
    async def run(task, args):
        job = await trpc.submit(stub, task, args)
        return trpc.result(await trpc.await_job(stub, job.id))

    results = await asyncio.gather(
        run("demo.echo", {"greeting": "hello"}),
        run("demo.echo", [1, "two", True]),
        run("demo.sleep", {"seconds": 0.2}),
    )
    expected = [{"greeting": "hello"}, [1, "two", True], {"slept": 0.2, "steps": 1}]
    check(results == expected, f"results {results}, expected {expected}")


@scenario
async def wait_first_completed(stub):
    short = await trpc.submit(stub, "demo.sleep", {"seconds": 0.1})
    long = await trpc.submit(stub, "demo.sleep", {"seconds": 5})
    try:
        started = time.monotonic()
        done, pending = await trpc.wait(stub, [short.id, long.id], return_when=trpc.FIRST_COMPLETED, timeout=3)
        elapsed = time.monotonic() - started
        check(ids_of(done) == [short.id], f"done {ids_of(done)}, expected [{short.id}] (the short one)")
        check(ids_of(pending) == [long.id], f"pending {ids_of(pending)}, expected [{long.id}] (the long one)")
        check(done[0].state == job_pb2.JOB_STATE_SUCCEEDED, f"short job {state_name(done[0])}")
        check(elapsed < 2.5, f"Wait took {elapsed:.2f} s; the short job needs 0.1 s")
        check(await trpc.cancel(stub, long.id), "cancelling the long job returned cancelled=false")
    finally:
        await cancel_all(stub, [long.id])


@scenario
async def wait_first_exception(stub):
    failing = await trpc.submit(stub, "demo.fail", {"message": "boom"})
    sleeping = await trpc.submit(stub, "demo.sleep", {"seconds": 5})
    try:
        started = time.monotonic()
        done, pending = await trpc.wait(stub, [failing.id, sleeping.id], return_when=trpc.FIRST_EXCEPTION, timeout=3)
        elapsed = time.monotonic() - started
        check(ids_of(done) == [failing.id], f"done {ids_of(done)}, expected [{failing.id}] (the failing one)")
        check(ids_of(pending) == [sleeping.id], f"pending {ids_of(pending)}, expected [{sleeping.id}]")
        check(done[0].state == job_pb2.JOB_STATE_FAILED, f"failing job {state_name(done[0])}")
        check(elapsed < 2.5, f"Wait took {elapsed:.2f} s; demo.fail fails at once")
        try:
            trpc.result(done[0])
            raise AssertionError("result() of the FAILED job did not raise")
        except trpc.JobError as error:
            check(error.job.error.message == "boom", f"error message {error.job.error.message!r}")
        check(await trpc.cancel(stub, sleeping.id), "cancelling the sleeping job returned cancelled=false")
    finally:
        await cancel_all(stub, [sleeping.id])


@scenario
async def wait_timeout(stub):
    jobs = [await trpc.submit(stub, "demo.sleep", {"seconds": 5}) for _ in range(2)]
    try:
        started = time.monotonic()
        done, pending = await trpc.wait(stub, ids_of(jobs), return_when=trpc.ALL_COMPLETED, timeout=0.2)
        elapsed = time.monotonic() - started
        check(done == [], f"done {ids_of(done)}, expected none")
        check(ids_of(pending) == ids_of(jobs), f"pending {ids_of(pending)}, expected {ids_of(jobs)}")
        check(all(not trpc.done(job) for job in pending), f"pending states {[state_name(j) for j in pending]}")
        check(elapsed < 2.0, f"Wait with timeout 0.2 s took {elapsed:.2f} s")
    finally:
        await cancel_all(stub, ids_of(jobs))


@scenario
async def semaphore_fan_out_600(stub):
    limit = asyncio.Semaphore(32)
    in_flight = peak = 0

    async def echo(i):
        nonlocal in_flight, peak
        async with limit:
            in_flight += 1
            peak = max(peak, in_flight)
            try:
                return await trpc.submit(stub, "demo.echo", {"i": i, "tag": f"job-{i}"}, wait=True)
            finally:
                in_flight -= 1

    jobs = await asyncio.gather(*(echo(i) for i in range(600)))
    check(len({job.id for job in jobs}) == 600, "job ids are not all distinct")
    for i, job in enumerate(jobs):
        check(job.state == job_pb2.JOB_STATE_SUCCEEDED, f"job {i} {state_name(job)}: {job.error.message}")
        check(trpc.result(job) == {"i": i, "tag": f"job-{i}"}, f"job {i} echoed {trpc.result(job)}")
    check(peak <= 32, f"{peak} calls in flight, the semaphore allows 32")


# ---- cancel, progress streams -----------------------------------------------------------------

@scenario
async def cancel_running(stub):
    job = await trpc.submit(stub, "demo.sleep", {"seconds": 30, "steps": 30})
    try:
        running = await trpc.wait_for_state(stub, job.id, job_pb2.JOB_STATE_RUNNING)
        check(running is not None, "the job ended without a RUNNING event")
        started = time.monotonic()
        response = await trpc.cancel_job(stub, job.id, "cancelled by cancel_running")
        check(response.cancelled, f"cancelled=false for a RUNNING job ({state_name(response.job)})")
        check(response.job.state in (job_pb2.JOB_STATE_RUNNING, job_pb2.JOB_STATE_CANCELLED),
              f"Cancel answered with the job {state_name(response.job)}")
        ended = await trpc.await_job(stub, job.id, timeout=5)
        elapsed = time.monotonic() - started
        check(ended.state == job_pb2.JOB_STATE_CANCELLED, f"after Cancel and Await the job is {state_name(ended)}")
        check(elapsed < 3.0, f"the cancelled job took {elapsed:.2f} s to end")
        check(ended.error.code == "CANCELLED", f"error.code {ended.error.code!r}")
        check("cancelled by cancel_running" in ended.error.message, f"error.message {ended.error.message!r} lacks the reason")
        again = await trpc.cancel_job(stub, job.id)
        check(not again.cancelled, "cancelling a CANCELLED job again returned cancelled=true")
        check(again.job.state == job_pb2.JOB_STATE_CANCELLED, f"second Cancel answered {state_name(again.job)}")
    finally:
        await cancel_all(stub, [job.id])


@scenario
async def progress_stream_and_resume(stub):
    job = await trpc.submit(stub, "demo.sleep", {"seconds": 0.6, "steps": 6})
    k = 3
    first = []
    async with trpc.stream_progress(stub, job.id) as stream:
        async for event in stream:
            first.append(event)
            if event.sequence >= k:
                break
        check(stream.cancel(), "cancelling the first stream: the call had already ended")
        check(await stream.code() == grpc.StatusCode.CANCELLED, f"first stream ended {await stream.code()}")
    check([e.sequence for e in first] == list(range(1, k + 1)), f"first stream sequences {[e.sequence for e in first]}")

    async with trpc.stream_progress(stub, job.id, from_sequence=k + 1) as stream:
        rest = await drain(stream)
        check(await stream.code() == grpc.StatusCode.OK, f"resumed stream ended {await stream.code()}")
    events = first + rest
    sequences = [e.sequence for e in events]
    check(sequences == list(range(1, len(events) + 1)), f"sequences {sequences} are not 1, 2, 3 … without gap or duplicate")
    check(all(e.job_id == job.id for e in events), "an event of another job")
    last = events[-1]
    check(last.WhichOneof("event") == "state_change" and last.state_change.state == job_pb2.JOB_STATE_SUCCEEDED,
          f"last event {json_format.MessageToDict(last)}, expected the SUCCEEDED state change")
    check(trpc.from_payload(last.state_change.result) == {"slept": 0.6, "steps": 6},
          f"SUCCEEDED event result {trpc.from_payload(last.state_change.result)}")
    fractions = [e.progress.fraction for e in events if e.WhichOneof("event") == "progress"]
    check(fractions and fractions == sorted(fractions) and fractions[-1] == 1.0, f"progress fractions {fractions}")
    states = [e.state_change.state for e in events if e.WhichOneof("event") == "state_change"]
    check(states[0] == job_pb2.JOB_STATE_QUEUED and job_pb2.JOB_STATE_RUNNING in states,
          f"state changes {[job_pb2.JobState.Name(s) for s in states]}")
    final = await trpc.get(stub, job.id)
    check(final.last_sequence == sequences[-1], f"job.last_sequence {final.last_sequence}, last event {sequences[-1]}")


# ---- error statuses ---------------------------------------------------------------------------

@scenario
async def error_unknown_task(stub):
    await expect_status(grpc.StatusCode.NOT_FOUND, trpc.submit(stub, "no.such.task", {}), details_contain="no.such.task")


@scenario
async def error_bad_args(stub):
    await expect_status(grpc.StatusCode.INVALID_ARGUMENT, trpc.submit(stub, "demo.sleep", {"seconds": "x"}))


@scenario
async def error_unknown_job_id(stub):
    missing = "j-no-such-job"
    for name, call in (("Get", lambda: trpc.get(stub, missing)),
                       ("Await", lambda: trpc.await_job(stub, missing, timeout=1)),
                       ("Cancel", lambda: trpc.cancel(stub, missing)),
                       ("StreamProgress", lambda: drain(trpc.stream_progress(stub, missing, deadline=trpc.DEADLINE_S))),
                       ("Wait", lambda: trpc.wait(stub, [missing], timeout=1))):
        try:
            await expect_status(grpc.StatusCode.NOT_FOUND, call(), details_contain=missing)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from None


@scenario
async def error_empty_id(stub):
    for name, call in (("Get", lambda: trpc.get(stub, "")),
                       ("Await", lambda: trpc.await_job(stub, "", timeout=1)),
                       ("Cancel", lambda: trpc.cancel(stub, "")),
                       ("StreamProgress", lambda: drain(trpc.stream_progress(stub, "", deadline=trpc.DEADLINE_S))),
                       ("Wait (no ids)", lambda: trpc.wait(stub, [], timeout=1))):
        try:
            await expect_status(grpc.StatusCode.INVALID_ARGUMENT, call())
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from None


@scenario
async def error_not_before_and_delay(stub):
    not_before = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=60)
    await expect_status(grpc.StatusCode.INVALID_ARGUMENT,
                        trpc.submit(stub, "demo.echo", {"x": 1}, delay=1, not_before=not_before))


@scenario
async def error_deadline_exceeded(stub):
    job = await trpc.submit(stub, "demo.sleep", {"seconds": 5})
    try:
        started = time.monotonic()
        await expect_status(grpc.StatusCode.DEADLINE_EXCEEDED, trpc.await_job(stub, job.id, deadline=0.3))
        check(time.monotonic() - started < 2.0, "the 0.3 s deadline took over 2 s to fire")
        still = await trpc.get(stub, job.id)
        check(not trpc.done(still), f"an Await that timed out changed the job: {state_name(still)}")
    finally:
        await cancel_all(stub, [job.id])


@scenario
async def job_failed(stub):
    message = "demo.fail failed on purpose: ✓ unicode too"
    job = await trpc.submit(stub, "demo.fail", {"message": message}, wait=True)
    check(job.state == job_pb2.JOB_STATE_FAILED, f"demo.fail ended {state_name(job)}")
    check(job.error.message == message, f"error.message {job.error.message!r}, expected {message!r}")
    check(job.error.code == "UNKNOWN", f"error.code {job.error.code!r} (a handler that throws is UNKNOWN)")
    check(not job.HasField("result"), "a FAILED job has a result")


# ---- grpcurl-style JSON -----------------------------------------------------------------------

@scenario
async def json_payload_parse_dict(stub):
    request = json_format.ParseDict({"task": "demo.echo", "args": {"json": {"x": 1}}, "wait": True}, pb.SubmitRequest())
    job = await trpc.submit(stub, request)
    as_json = json_format.MessageToDict(job)
    check(as_json.get("state") == "JOB_STATE_SUCCEEDED", f"state {as_json.get('state')}")
    check(as_json.get("result") == {"json": {"x": 1}}, f"result {as_json.get('result')}")
    check(as_json.get("args") == {"json": {"x": 1}}, f"args {as_json.get('args')}")

    # JSON durations ("0.2s") as grpcurl writes them: wait_timeout ends the wait, not the job.
    request = json_format.ParseDict({"task": "demo.sleep", "args": {"json": {"seconds": 5}}, "wait": True,
                                     "waitTimeout": "0.2s", "labels": {"scenario": "json"}}, pb.SubmitRequest())
    started = time.monotonic()
    job = await trpc.submit(stub, request)
    try:
        check(time.monotonic() - started < 2.0, "Submit with wait_timeout 0.2s took over 2 s")
        check(not trpc.done(job), f"a 5 s sleep was {state_name(job)} after 0.2 s")
        check(dict(job.labels) == {"scenario": "json"}, f"labels {dict(job.labels)}")
    finally:
        await cancel_all(stub, [job.id])


# ---- running ----------------------------------------------------------------------------------

async def run(host, port, names):
    failures = 0
    budget_end = time.monotonic() + RUN_BUDGET_S
    async with trpc.connect(host, port) as stub:
        for name in names:
            remaining = budget_end - time.monotonic()
            try:
                if remaining <= 0:
                    raise TimeoutError(f"the run's {RUN_BUDGET_S:.0f} s budget is spent")
                limit = min(SCENARIO_TIMEOUT_S, remaining)
                try:
                    await asyncio.wait_for(SCENARIOS[name](stub), limit)
                except asyncio.TimeoutError:
                    raise TimeoutError(f"did not finish within {limit:.1f} s") from None
                print(f"PASS {name}", flush=True)
            except Exception as error:  # noqa: BLE001 - every failure becomes a FAIL line
                failures += 1
                reason = f"{error.code().name}: {error.details()}" if isinstance(error, grpc.aio.AioRpcError) else \
                    f"{type(error).__name__}: {error}" if not isinstance(error, AssertionError) else str(error)
                print(f"FAIL {name}: {reason}", flush=True)
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--case", default="all", help="all, one scenario or a comma-separated list: " + ", ".join(SCENARIOS))
    options = parser.parse_args()
    names = list(SCENARIOS) if options.case == "all" else [n.strip() for n in options.case.split(",") if n.strip()]
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown or not names:
        parser.error(f"unknown scenario(s) {unknown}; known: {', '.join(SCENARIOS)}")
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True)
    failures = asyncio.run(run(options.host, options.port, names))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(1 if failures else 0)


if __name__ == "__main__":
    main()
