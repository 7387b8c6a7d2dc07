#!/usr/bin/env node
// The TaskService cases (taskrpc.v1) from @grpc/grpc-js against a running TaskRpc server, protos
// loaded at runtime by @grpc/proto-loader from the repository's protos/:
//
//   node service_cases.js --host 127.0.0.1 --port N [--case NAME[,NAME...]|all] [--api-key KEY]
//
// With --api-key every call carries `authorization: Bearer KEY` (a client interceptor).
//
// The same case list as tests/interop/python/service_cases.py. Prints `PASS name` or
// `FAIL name: reason` per case; exits 0 only if every case passed (1 otherwise, 2 on a usage
// error). Every call carries a deadline, every case a time limit, and a watchdog ends a run that
// hangs anyway; the script ends with process.exit once its results are written.
'use strict';

const crypto = require('crypto');
const path = require('path');
const { isDeepStrictEqual } = require('util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { FileDescriptorProto } = require(require.resolve('protobufjs/ext/descriptor',
  { paths: [path.dirname(require.resolve('@grpc/proto-loader'))] }));

const PROTOS = path.resolve(__dirname, '../../../protos');
const DEADLINE_MS = 10000; // calls that return at once
const LONG_WAIT_S = 20; // server-side waits (Await, Wait) that must end by a job, not by their timeout
const CASE_TIMEOUT_MS = 40000;
const WATCHDOG_MS = 150000; // below the 3-minute limit of tests/TaskRpc.Interop.Tests
const MAX_MESSAGE = 4 * 1024 * 1024;
const MISSING_ID = 'j-no-such-job';
const GZIP = 2; // value of 'grpc.default_compression_algorithm' for gzip
const TERMINAL = ['JOB_STATE_SUCCEEDED', 'JOB_STATE_FAILED', 'JOB_STATE_CANCELLED'];
const Status = grpc.status;

const loaded = grpc.loadPackageDefinition(protoLoader.loadSync(
  ['taskrpc/v1/task_service.proto', 'grpc/health/v1/health.proto', 'grpc/reflection/v1/reflection.proto'],
  { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true, includeDirs: [PROTOS] },
));

// ---- payloads: google.protobuf.Value as proto-loader represents it -------------------------

function toValue(v) {
  if (v === null) return { nullValue: 'NULL_VALUE' };
  if (Array.isArray(v)) return { listValue: { values: v.map(toValue) } };
  switch (typeof v) {
    case 'number': return { numberValue: v };
    case 'string': return { stringValue: v };
    case 'boolean': return { boolValue: v };
    default: return { structValue: { fields: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toValue(x)])) } };
  }
}

function fromValue(v) {
  switch (v.kind) {
    case 'nullValue': return null;
    case 'listValue': return v.listValue.values.map(fromValue);
    case 'structValue': return Object.fromEntries(Object.entries(v.structValue.fields).map(([k, x]) => [k, fromValue(x)]));
    default: return v[v.kind];
  }
}

const toPayload = (value) => (Buffer.isBuffer(value) ? { binary: value } : { json: toValue(value) });
const fromPayload = (payload) => (payload && payload.kind === 'json' ? fromValue(payload.json)
  : payload && payload.kind === 'binary' ? payload.binary : undefined);
const duration = (seconds) => ({ seconds: String(Math.floor(seconds)), nanos: Math.round((seconds % 1) * 1e9) });

// ---- calls: each resolves once the call has its final status ---------------------------------

const options = (ms = DEADLINE_MS) => ({ deadline: new Date(Date.now() + ms) });

// Unary: { response, error, initial, status }.
function unary(client, method, request, { metadata = new grpc.Metadata(), ms } = {}) {
  return new Promise((resolve) => {
    const result = {};
    const call = client[method](request, metadata, options(ms), (error, response) => Object.assign(result, { error, response }));
    call.on('metadata', (initial) => { result.initial = initial; });
    call.on('status', (status) => { result.status = status; resolve(result); }); // after the callback
  });
}

// A streaming call's messages until its end, or until `until(message)` (then it is cancelled):
// { messages, status }.
function collect(call, until) {
  return new Promise((resolve) => {
    const result = { messages: [] };
    let ended = false;
    let cancelled = false;
    const done = () => {
      if (result.status && (ended || result.status.code !== Status.OK)) resolve(result);
    };
    call.on('data', (message) => {
      if (cancelled) return;
      result.messages.push(message);
      if (until && until(message)) {
        cancelled = true;
        call.cancel();
      }
    });
    call.on('error', () => {}); // reported through 'status'
    call.on('end', () => { ended = true; done(); });
    call.on('status', (status) => { result.status = status; done(); });
  });
}

// ---- assertions --------------------------------------------------------------------------------

class CaseFailure extends Error {}
function check(condition, message) {
  if (!condition) throw new CaseFailure(message);
}
const codeName = (code) => Object.keys(Status).find((k) => Status[k] === code) || String(code);
const show = (value) => JSON.stringify(value, (k, v) => (v && v.type === 'Buffer' ? `<${v.data.length} bytes>` : v));

// The result of a call, which must have failed with `code` (and details mentioning `mention`).
function expectStatus(result, code, mention) {
  const status = result.status;
  check(status.code === code, `expected ${codeName(code)}, got ${codeName(status.code)}: ${show(status.details)}`);
  if (mention !== undefined) {
    check((status.details || '').includes(mention), `${codeName(code)} details ${show(status.details)} do not mention ${mention}`);
  }
}

// The response of a call, which must have succeeded.
function ok(result, what) {
  check(result.status.code === Status.OK, `${what}: unexpected status ${codeName(result.status.code)}: ${show(result.status.details)}`);
  return result.response;
}

// ---- the cases ---------------------------------------------------------------------------------

function makeCases({ tasks, gzipTasks, health, reflection }, runId) {
  const context = { case: '', started: [] };
  const labels = () => ({ 'interop-run': runId, 'interop-case': context.case });
  const call = (method, request, ms) => unary(tasks, method, request, { ms });
  const submitResult = async (task, args, { wait = false, client = tasks, metadata, ...request } = {}) => {
    const result = await unary(client, 'Submit', { task, args: toPayload(args), wait, labels: labels(), ...request },
      { metadata, ms: DEADLINE_MS + (wait ? LONG_WAIT_S * 1000 : 0) });
    if (result.response) context.started.push(result.response.id);
    return result;
  };
  const submit = async (task, args, opts) => ok(await submitResult(task, args, opts), `Submit ${task}`);
  const submitLong = () => submit('demo.sleep', { seconds: 30, steps: 30 });
  const awaitResult = (id, timeout, ms) => call('Await', timeout === undefined ? { id } : { id, timeout: duration(timeout) },
    ms || DEADLINE_MS + (timeout === undefined ? LONG_WAIT_S : timeout) * 1000);
  const awaitJob = async (id, timeout) => ok(await awaitResult(id, timeout), 'Await');
  const waitResult = (ids, returnWhen, timeout = LONG_WAIT_S) => call('Wait', { ids, return_when: returnWhen, timeout: duration(timeout) },
    DEADLINE_MS + timeout * 1000);
  const wait = async (ids, returnWhen, timeout) => {
    const response = ok(await waitResult(ids, returnWhen, timeout), 'Wait');
    return { done: response.done.map((j) => j.id), pending: response.pending.map((j) => j.id), response };
  };
  const cancel = async (id, reason = '') => ok(await call('Cancel', { id, reason }), 'Cancel');
  const get = async (id) => ok(await call('Get', { id }), 'Get');
  const jobsOfThisCase = async () => ok(await call('List', { labels: labels(), page_size: 100 }), 'List').jobs;
  const events = (id, fromSequence = 0, until) => collect(
    tasks.StreamProgress({ id, from_sequence: String(fromSequence) }, new grpc.Metadata(), options(DEADLINE_MS + LONG_WAIT_S * 1000)),
    until,
  );
  const isState = (state) => (e) => e.event === 'state_change' && e.state_change.state === state;

  const cases = {
    // -- health and reflection --
    async health_serving() {
      for (const service of ['', 'taskrpc.v1.TaskService']) {
        const response = ok(await unary(health, 'Check', { service }), `Check(${show(service)})`);
        check(response.status === 'SERVING', `Check(${show(service)}) answered ${response.status}`);
      }
    },
    async reflection_lists_services() {
      const stream = reflection.ServerReflectionInfo(new grpc.Metadata(), options());
      const result = collect(stream);
      stream.write({ list_services: '' });
      stream.write({ file_containing_symbol: 'taskrpc.v1.TaskService' });
      stream.end();
      const { messages, status } = await result;
      check(status.code === Status.OK, `reflection call ended ${codeName(status.code)}: ${status.details}`);
      check(messages.length === 2, `${messages.length} reflection answers, expected 2`);
      check(messages[0].message_response === 'list_services_response', `list_services answered ${messages[0].message_response}`);
      const names = messages[0].list_services_response.service.map((s) => s.name);
      for (const expected of ['taskrpc.v1.TaskService', 'grpc.health.v1.Health']) {
        check(names.includes(expected), `reflection lists ${show(names)}, not ${expected}`);
      }
      check(messages[1].message_response === 'file_descriptor_response', `file_containing_symbol answered ${messages[1].message_response}`);
      const files = messages[1].file_descriptor_response.file_descriptor_proto.map((bytes) => FileDescriptorProto.decode(bytes));
      const service = files.filter((f) => f.package === 'taskrpc.v1').flatMap((f) => f.service).find((s) => s.name === 'TaskService');
      check(service, `no taskrpc.v1.TaskService in the files ${show(files.map((f) => f.name))}`);
      const methods = service.method.map((m) => m.name);
      for (const expected of ['Submit', 'Get', 'Await', 'Wait', 'Cancel', 'StreamProgress', 'List', 'ListTasks']) {
        check(methods.includes(expected), `TaskService methods ${show(methods)} lack ${expected}`);
      }
    },

    // -- submit, get, await --
    async submit_wait() {
      const args = { greeting: 'hello', numbers: [1, 2.5, -3], nested: { ok: true, none: null } };
      const job = await submit('demo.echo', args, { wait: true });
      check(job.id, 'the job has no id');
      check(job.task === 'demo.echo', `task ${job.task}`);
      check(job.state === 'JOB_STATE_SUCCEEDED', `Submit(wait) answered ${job.state}: ${job.error && job.error.message}`);
      check(isDeepStrictEqual(fromPayload(job.result), args), `result ${show(fromPayload(job.result))}, expected ${show(args)}`);
      check(isDeepStrictEqual(fromPayload(job.args), args), `args ${show(fromPayload(job.args))}`);
      check(isDeepStrictEqual(job.labels, labels()), `labels ${show(job.labels)}`);
    },
    async get() {
      const job = await submit('demo.echo', { get: 1 }, { wait: true });
      const got = await get(job.id);
      check(isDeepStrictEqual(got, job), `Get answered ${show(got)}, Submit(wait) answered ${show(job)}`);
    },
    async await_with_timeout() {
      const long = await submitLong();
      const unfinished = await awaitJob(long.id, 0.2);
      check(unfinished.id === long.id, `Await answered job ${unfinished.id}`);
      check(!TERMINAL.includes(unfinished.state), `a 30 s job was ${unfinished.state} after Await's 0.2 s timeout`);
      const short = await submit('demo.echo', { await: 1 });
      const ended = await awaitJob(short.id);
      check(ended.state === 'JOB_STATE_SUCCEEDED', `Await of demo.echo answered ${ended.state}`);
      check(isDeepStrictEqual(fromPayload(ended.result), { await: 1 }), `result ${show(fromPayload(ended.result))}`);
    },

    // -- wait-many --
    async wait_first_completed() {
      const long = await submitLong();
      const short = await submit('demo.echo', { first: 'completed' });
      const { done, pending } = await wait([long.id, short.id], 'RETURN_WHEN_FIRST_COMPLETED');
      check(isDeepStrictEqual(done, [short.id]) && isDeepStrictEqual(pending, [long.id]),
        `done ${show(done)}, pending ${show(pending)}; short ${short.id}, long ${long.id}`);
    },
    async wait_first_exception() {
      const long = await submitLong();
      const failing = await submit('demo.fail', { message: 'boom' });
      const { done, pending, response } = await wait([long.id, failing.id], 'RETURN_WHEN_FIRST_EXCEPTION');
      check(isDeepStrictEqual(done, [failing.id]) && isDeepStrictEqual(pending, [long.id]),
        `done ${show(done)}, pending ${show(pending)}; failing ${failing.id}`);
      const failed = response.done[0];
      check(failed.state === 'JOB_STATE_FAILED' && failed.error.message === 'boom', `the failing job is ${failed.state}: ${show(failed.error)}`);
    },
    async wait_all_completed() {
      const jobs = [await submit('demo.echo', { i: 0 }), await submit('demo.echo', { i: 1 }),
        await submit('demo.sleep', { seconds: 0.2, steps: 2 })];
      const ids = jobs.map((j) => j.id);
      const { done, pending, response } = await wait(ids, 'RETURN_WHEN_ALL_COMPLETED');
      check(isDeepStrictEqual(done, ids) && pending.length === 0, `done ${show(done)}, pending ${show(pending)}, expected done ${show(ids)}`);
      check(response.done.every((j) => j.state === 'JOB_STATE_SUCCEEDED'), `states ${show(response.done.map((j) => j.state))}`);
    },
    async wait_timeout() {
      const ids = [(await submitLong()).id, (await submitLong()).id];
      const { done, pending, response } = await wait(ids, 'RETURN_WHEN_ALL_COMPLETED', 0.2);
      check(done.length === 0 && isDeepStrictEqual(pending, ids), `done ${show(done)}, pending ${show(pending)}, expected all pending`);
      check(response.pending.every((j) => !TERMINAL.includes(j.state)), `states ${show(response.pending.map((j) => j.state))}`);
    },

    // -- watch --
    async watch_resume() {
      const job = await submit('demo.sleep', { seconds: 2, steps: 6 }); // still running when the first stream is cancelled
      const first = await events(job.id, 0, (e) => Number(e.sequence) >= 3);
      check(first.status.code === Status.CANCELLED, `the first stream, cancelled by the client, ended ${codeName(first.status.code)}`);
      const rest = await events(job.id, 4);
      check(rest.status.code === Status.OK, `the resumed stream ended ${codeName(rest.status.code)}: ${rest.status.details}`);
      const all = [...first.messages, ...rest.messages];
      const sequences = all.map((e) => Number(e.sequence));
      check(isDeepStrictEqual(sequences.slice(0, 3), [1, 2, 3]), `first stream sequences ${show(first.messages.map((e) => e.sequence))}`);
      check(sequences.every((s, i) => s === i + 1), `sequences ${show(sequences)}: a gap or a duplicate`);
      check(all.every((e) => e.job_id === job.id), 'an event of another job');
      check(isState('JOB_STATE_SUCCEEDED')(all[all.length - 1]), `the last event is not the SUCCEEDED state change: ${show(all[all.length - 1])}`);
      const progress = all.filter((e) => e.event === 'progress').map((e) => e.progress.fraction);
      check(progress.length === 6 && progress.every((f, i) => i === 0 || f >= progress[i - 1]) && progress[5] === 1, `progress ${show(progress)}`);
      const final = await get(job.id);
      check(Number(final.last_sequence) === sequences[sequences.length - 1], `last_sequence ${final.last_sequence}, last event ${sequences[sequences.length - 1]}`);
    },

    // -- cancel --
    async cancel_queued() {
      const job = await submit('demo.echo', { never: 'runs' }, { delay: duration(60) });
      check(job.state === 'JOB_STATE_QUEUED', `a job delayed by 60 s is ${job.state}`);
      const response = await cancel(job.id, 'cancelled while queued');
      check(response.cancelled && response.job.state === 'JOB_STATE_CANCELLED', `Cancel answered cancelled=${response.cancelled}, ${response.job.state}`);
      const ended = await awaitJob(job.id);
      check(ended.state === 'JOB_STATE_CANCELLED' && ended.attempt === 0, `after Cancel the job is ${ended.state}, attempt ${ended.attempt}`);
      check(ended.error.message.includes('cancelled while queued'), `error.message ${show(ended.error.message)} lacks the reason`);
      const states = (await events(job.id)).messages.filter((e) => e.event === 'state_change').map((e) => e.state_change.state);
      check(isDeepStrictEqual(states, ['JOB_STATE_QUEUED', 'JOB_STATE_CANCELLED']), `state changes ${show(states)}`);
    },
    async cancel_running() {
      const job = await submitLong();
      const running = await events(job.id, 0, isState('JOB_STATE_RUNNING'));
      check(running.messages.some(isState('JOB_STATE_RUNNING')), `no RUNNING event: ${codeName(running.status.code)}`);
      const response = await cancel(job.id, 'cancelled while running');
      check(response.cancelled, `Cancel of a running job answered cancelled=false, ${response.job.state}`);
      const ended = await awaitJob(job.id);
      check(ended.state === 'JOB_STATE_CANCELLED', `after Cancel and Await the job is ${ended.state}`);
      check(ended.error.code === 'CANCELLED' && ended.error.message.includes('cancelled while running'), `error ${show(ended.error)}`);
      check(!(await cancel(job.id)).cancelled, 'a second Cancel answered cancelled=true');
    },

    // -- deadlines, compression, message size, metadata --
    async deadline_exceeded() {
      const job = await submitLong();
      expectStatus(await awaitResult(job.id, undefined, 300), Status.DEADLINE_EXCEEDED);
      const still = await get(job.id);
      check(!TERMINAL.includes(still.state), `an Await that ran out of time changed the job: ${still.state}`);
    },
    async compression_gzip() {
      const args = { text: 'TaskRpc compresses well. '.repeat(40000) }; // ~1 MB of JSON, a few KB gzipped
      const job = await submit('demo.echo', args, { wait: true, client: gzipTasks });
      check(job.state === 'JOB_STATE_SUCCEEDED', `gzip Submit(wait) answered ${job.state}`);
      check(isDeepStrictEqual(fromPayload(job.result), args), 'the gzip-compressed args did not come back unchanged');
    },
    async large_message_near_limit() {
      // The request and the answer just under 4 MiB, and the job just under the server's job size
      // limit (Engine:MaxJobSizeBytes, 4 MiB - 64 KiB by default, so every job fits a message).
      const data = crypto.randomBytes(MAX_MESSAGE - 96 * 1024);
      const job = await submit('demo.echo', data, { delay: duration(60) }); // delayed: its result would double the Job
      check(job.state === 'JOB_STATE_QUEUED', `state ${job.state}`);
      check(data.equals(job.args.binary), `args came back with ${job.args.binary.length} bytes, sent ${data.length}`);
      check(data.equals((await get(job.id)).args.binary), 'Get answered other args');
    },
    async large_message_over_limit() {
      expectStatus(await submitResult('demo.echo', crypto.randomBytes(MAX_MESSAGE + 1024)), Status.RESOURCE_EXHAUSTED);
      const jobs = await jobsOfThisCase();
      check(jobs.length === 0, `the rejected Submit created ${show(jobs.map((j) => j.id))}`);
    },
    async custom_metadata() {
      const metadata = new grpc.Metadata();
      metadata.add('x-taskrpc-interop', `run ${runId}`);
      metadata.add('x-taskrpc-trace-bin', Buffer.from([0, 1, 2, 0xfe, 0xff]));
      const result = await submitResult('demo.echo', { metadata: true }, { wait: true, metadata });
      const job = ok(result, 'Submit with custom metadata');
      check(job.state === 'JOB_STATE_SUCCEEDED', `Submit with custom metadata answered ${job.state}`);
      check(result.initial && result.status.metadata, 'no initial or trailing metadata');
    },

    // -- error statuses --
    async error_unknown_id() {
      const calls = {
        Get: () => call('Get', { id: MISSING_ID }),
        Await: () => awaitResult(MISSING_ID, 1),
        Cancel: () => call('Cancel', { id: MISSING_ID }),
        StreamProgress: () => events(MISSING_ID),
        Wait: () => waitResult([MISSING_ID], 'RETURN_WHEN_ALL_COMPLETED', 1),
      };
      for (const [name, run] of Object.entries(calls)) {
        try {
          expectStatus(await run(), Status.NOT_FOUND, MISSING_ID);
        } catch (failure) {
          throw new CaseFailure(`${name}: ${failure.message}`);
        }
      }
    },
    async error_bad_args() {
      expectStatus(await submitResult('demo.sleep', { seconds: 'x' }), Status.INVALID_ARGUMENT);
      expectStatus(await submitResult('', {}), Status.INVALID_ARGUMENT);
      expectStatus(await call('Get', { id: '' }), Status.INVALID_ARGUMENT);
      const jobs = await jobsOfThisCase();
      check(jobs.length === 0, `rejected Submits created ${show(jobs.map((j) => j.id))}`);
    },
    async error_unknown_task() {
      expectStatus(await submitResult('no.such.task', {}), Status.NOT_FOUND, 'no.such.task');
    },
  };

  const cleanup = async () => {
    const ids = context.started.splice(0);
    await Promise.all(ids.map((id) => call('Cancel', { id, reason: 'case cleanup' })));
  };
  return { cases, context, cleanup };
}

// ---- main --------------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { host: '127.0.0.1', case: 'all' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!['host', 'port', 'case', 'api-key'].includes(key) || argv[i + 1] === undefined) {
      throw new Error(`usage: node service_cases.js --host H --port N [--case NAME[,NAME...]|all] [--api-key KEY] (bad argument ${argv[i]})`);
    }
    args[key] = argv[i + 1];
  }
  if (!args.port) throw new Error('--port is required');
  return args;
}

const withTimeout = (promise, ms) => {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CaseFailure(`did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const target = `${args.host}:${args.port}`;
  const credentials = grpc.credentials.createInsecure();
  // grpc-js refuses call credentials on an insecure channel: an interceptor adds the API key instead.
  const authenticate = (options, nextCall) => new grpc.InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      metadata.set('authorization', `Bearer ${args['api-key']}`);
      next(metadata, listener);
    },
  });
  const auth = args['api-key'] ? { interceptors: [authenticate] } : {};
  const clients = {
    tasks: new loaded.taskrpc.v1.TaskService(target, credentials, auth),
    // grpc-js has no per-call compression: a second channel compresses every request with gzip.
    gzipTasks: new loaded.taskrpc.v1.TaskService(target, credentials, { 'grpc.default_compression_algorithm': GZIP, ...auth }),
    health: new loaded.grpc.health.v1.Health(target, credentials, auth),
    reflection: new loaded.grpc.reflection.v1.ServerReflection(target, credentials, auth),
  };
  const { cases, context, cleanup } = makeCases(clients, `node-${crypto.randomBytes(4).toString('hex')}`);
  const all = Object.keys(cases);
  const names = args.case === 'all' ? all : args.case.split(',');
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length) throw new Error(`unknown case(s): ${unknown.join(', ')}; known: ${all.join(', ')}`);

  let passed = true;
  for (const name of names) {
    context.case = name;
    try {
      try {
        await withTimeout(cases[name](), CASE_TIMEOUT_MS);
      } finally {
        await withTimeout(cleanup(), 2 * DEADLINE_MS);
      }
      console.log(`PASS ${name}`);
    } catch (error) {
      passed = false;
      const reason = error instanceof CaseFailure ? error.message : String(error && error.stack || error);
      console.log(`FAIL ${name}: ${reason}`);
    }
  }
  Object.values(clients).forEach((client) => client.close());
  return passed ? 0 : 1;
}

// A run that hangs anyway (a call whose deadline never fires) ends here rather than at the
// caller's time limit; unref'd, so it never keeps a finished run alive.
setTimeout(() => {
  console.error(`watchdog: the run did not end within ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS).unref();

// Exit explicitly once the results are written: open channels and timers must not hold the run.
main().then((code) => process.exit(code), (error) => {
  console.error(error.message);
  process.exit(2);
});
