#!/usr/bin/env node
// gRPC interop client (grpc.testing.TestService) on @grpc/grpc-js, protos loaded at runtime.
//
//   node interop_client.js --host 127.0.0.1 --port N --case NAME[,NAME...]|all [--skip a,b]
//
// Prints `PASS name` or `FAIL name: reason` per case; exits 0 only if every case passed.
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTOS = path.resolve(__dirname, '../../../protos');
const DEADLINE_MS = 10000; // every call carries a deadline, so a broken peer cannot hang the suite
const GZIP = 2; // value of 'grpc.default_compression_algorithm' for gzip
const NO_COMPRESS = 2; // grpc-js WriteFlags.NoCompress (a TypeScript const enum, not exported)

const ECHO_INITIAL = ['x-grpc-test-echo-initial', 'test_initial_metadata_value'];
const ECHO_TRAILING = ['x-grpc-test-echo-trailing-bin', Buffer.from([0xab, 0xab, 0xab])];
const CLIENT_STREAMING_SIZES = [27182, 8, 1828, 45904];
const SERVER_STREAMING_SIZES = [31415, 9, 2653, 58979];
const STATUS_MESSAGE = 'test status message';
const SPECIAL_STATUS_MESSAGE = '\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \u{1f608}\t\n';
const Status = grpc.status;

const testing = grpc.loadPackageDefinition(protoLoader.loadSync('grpc/testing/test.proto', {
  keepCase: true, longs: String, enums: String, defaults: true, oneofs: true, includeDirs: [PROTOS],
})).grpc.testing;

// ---- request builders ----------------------------------------------------------------------

const payload = (size) => ({ type: 'COMPRESSABLE', body: Buffer.alloc(size) });
const largeRequest = (extra = {}) => ({
  response_type: 'COMPRESSABLE', response_size: 314159, payload: payload(271828), ...extra,
});
const inputRequest = (size, expectCompressed) => (expectCompressed === undefined
  ? { payload: payload(size) }
  : { payload: payload(size), expect_compressed: { value: expectCompressed } });
const outputRequest = (sizes = [], requestSize, compressed) => ({
  response_type: 'COMPRESSABLE',
  response_parameters: sizes.map((size, i) => (compressed ? { size, compressed: { value: compressed[i] } } : { size })),
  ...(requestSize === undefined ? {} : { payload: payload(requestSize) }),
});
const echoStatus = (message) => ({ response_status: { code: 2, message } });
const echoMetadata = () => {
  const metadata = new grpc.Metadata();
  metadata.add(...ECHO_INITIAL);
  metadata.add(...ECHO_TRAILING);
  return metadata;
};
const options = (ms = DEADLINE_MS) => ({ deadline: new Date(Date.now() + ms) });

// ---- call helpers: each resolves once the call has its final status --------------------------

// Unary (or client-streaming when `requests` is given): { response, error, initial, status }.
function unary(client, method, request, { metadata = new grpc.Metadata(), requests, flags = [] } = {}) {
  return new Promise((resolve) => {
    const result = {};
    const callback = (error, response) => Object.assign(result, { error, response });
    const call = requests
      ? client[method](metadata, options(), callback)
      : client[method](request, metadata, options(), callback);
    call.on('metadata', (initial) => { result.initial = initial; });
    call.on('status', (status) => { result.status = status; resolve(result); }); // after the callback
    if (requests) {
      requests.forEach((r, i) => call.write(r, flags[i])); // a numeric "encoding" is grpc-js's write flags
      call.end();
    }
  });
}

// Collects all responses of a server-streaming or bidi call: { responses, initial, status }.
function collect(call) {
  return new Promise((resolve) => {
    const result = { responses: [] };
    let ended = false;
    const done = () => {
      if (result.status && (ended || result.status.code !== Status.OK)) resolve(result);
    };
    call.on('metadata', (initial) => { result.initial = initial; });
    call.on('data', (response) => result.responses.push(response));
    call.on('error', () => {}); // reported through 'status'
    call.on('end', () => { ended = true; done(); });
    call.on('status', (status) => { result.status = status; done(); });
  });
}

// The final status of a call whose messages are read (if at all) some other way.
function statusOf(call) {
  call.on('error', () => {}); // reported through 'status'
  return new Promise((resolve) => call.on('status', resolve));
}

// ---- assertions --------------------------------------------------------------------------------

class CaseFailure extends Error {}
function check(condition, message) {
  if (!condition) throw new CaseFailure(message);
}
const codeName = (code) => Object.keys(Status).find((k) => Status[k] === code) || String(code);
function checkStatus(status, code, details) {
  check(status.code === code, `status ${codeName(status.code)} ${JSON.stringify(status.details)}, expected ${codeName(code)}`);
  if (details !== undefined) {
    check(status.details === details, `status message ${JSON.stringify(status.details)}, expected ${JSON.stringify(details)}`);
  }
}
const checkOk = (result) => checkStatus(result.status, Status.OK);
function checkPayload(response, size) {
  const body = response.payload.body;
  check(body.length === size, `payload is ${body.length} bytes, expected ${size}`);
  check(body.every((b) => b === 0), 'payload body is not all zeros');
}
function checkPayloads(responses, sizes) {
  check(responses.length === sizes.length, `got ${responses.length} responses, expected ${sizes.length}`);
  responses.forEach((response, i) => checkPayload(response, sizes[i]));
}
function checkAggregate(result, total) {
  checkOk(result);
  const got = result.response.aggregated_payload_size;
  check(got === total, `aggregated_payload_size is ${got}, expected ${total}`);
}
function checkEchoMetadata(initial, trailing) {
  const gotInitial = initial ? initial.get(ECHO_INITIAL[0]) : [];
  check(gotInitial.length === 1 && gotInitial[0] === ECHO_INITIAL[1],
    `initial metadata ${ECHO_INITIAL[0]}=${JSON.stringify(gotInitial)}, expected ${ECHO_INITIAL[1]}`);
  const gotTrailing = trailing ? trailing.get(ECHO_TRAILING[0]) : [];
  check(gotTrailing.length === 1 && ECHO_TRAILING[1].equals(gotTrailing[0]),
    `trailing metadata ${ECHO_TRAILING[0]}=${JSON.stringify(gotTrailing)}, expected abab ab`);
}
async function checkLargeUnary(client, extra) {
  const result = await unary(client, 'UnaryCall', largeRequest(extra));
  checkOk(result);
  checkPayload(result.response, 314159);
}

// ---- cases -------------------------------------------------------------------------------------

function makeCases({ plain, gzip, unimplemented }) {
  const clientCompressedUnary = async (probe) => {
    if (probe) {
      const result = await unary(plain, 'UnaryCall', largeRequest({ expect_compressed: { value: true } }));
      checkStatus(result.status, Status.INVALID_ARGUMENT);
    }
    await checkLargeUnary(gzip, { expect_compressed: { value: true } });
    await checkLargeUnary(plain, { expect_compressed: { value: false } });
  };
  const clientCompressedStreaming = async (probe) => {
    if (probe) {
      const result = await unary(plain, 'StreamingInputCall', null, { requests: [inputRequest(27182, true)] });
      checkStatus(result.status, Status.INVALID_ARGUMENT);
    }
    const requests = [inputRequest(27182, true), inputRequest(45904, false)];
    checkAggregate(await unary(gzip, 'StreamingInputCall', null, { requests, flags: [0, NO_COMPRESS] }), 73086);
  };
  const fullDuplex = (requests, metadata = new grpc.Metadata()) => {
    const call = plain.FullDuplexCall(metadata, options());
    const result = collect(call);
    requests.forEach((r) => call.write(r));
    call.end();
    return result;
  };

  return {
    async empty_unary() {
      const result = await unary(plain, 'EmptyCall', {});
      checkOk(result);
      check(result.response != null, 'no Empty response');
    },
    large_unary: () => checkLargeUnary(plain),
    client_compressed_unary: () => clientCompressedUnary(true),
    client_compressed_unary_noprobe: () => clientCompressedUnary(false),
    async server_compressed_unary() {
      await checkLargeUnary(plain, { response_compressed: { value: true } });
      await checkLargeUnary(plain, { response_compressed: { value: false } });
    },
    async client_streaming() {
      const requests = CLIENT_STREAMING_SIZES.map((size) => inputRequest(size));
      checkAggregate(await unary(plain, 'StreamingInputCall', null, { requests }), 74922);
    },
    client_compressed_streaming: () => clientCompressedStreaming(true),
    client_compressed_streaming_noprobe: () => clientCompressedStreaming(false),
    async server_streaming() {
      const result = await collect(plain.StreamingOutputCall(outputRequest(SERVER_STREAMING_SIZES), new grpc.Metadata(), options()));
      checkOk(result);
      checkPayloads(result.responses, SERVER_STREAMING_SIZES);
    },
    async server_compressed_streaming() {
      const request = outputRequest([31415, 92653], undefined, [true, false]);
      const result = await collect(plain.StreamingOutputCall(request, new grpc.Metadata(), options()));
      checkOk(result);
      checkPayloads(result.responses, [31415, 92653]);
    },
    async ping_pong() {
      const call = plain.FullDuplexCall(new grpc.Metadata(), options());
      const status = statusOf(call);
      const responses = call[Symbol.asyncIterator]();
      for (let i = 0; i < CLIENT_STREAMING_SIZES.length; i++) {
        call.write(outputRequest([SERVER_STREAMING_SIZES[i]], CLIENT_STREAMING_SIZES[i]));
        const { value, done } = await responses.next();
        check(!done, `stream ended after ${i} responses`);
        checkPayload(value, SERVER_STREAMING_SIZES[i]);
      }
      call.end();
      check((await responses.next()).done, 'more than four responses');
      checkStatus(await status, Status.OK);
    },
    async empty_stream() {
      const result = await fullDuplex([]);
      checkOk(result);
      checkPayloads(result.responses, []);
    },
    async custom_metadata() {
      const result = await unary(plain, 'UnaryCall', largeRequest(), { metadata: echoMetadata() });
      checkOk(result);
      checkPayload(result.response, 314159);
      checkEchoMetadata(result.initial, result.status.metadata);
      const streamed = await fullDuplex([outputRequest([314159], 271828)], echoMetadata());
      checkOk(streamed);
      checkPayloads(streamed.responses, [314159]);
      checkEchoMetadata(streamed.initial, streamed.status.metadata);
    },
    async status_code_and_message() {
      checkStatus((await unary(plain, 'UnaryCall', echoStatus(STATUS_MESSAGE))).status, Status.UNKNOWN, STATUS_MESSAGE);
      checkStatus((await fullDuplex([echoStatus(STATUS_MESSAGE)])).status, Status.UNKNOWN, STATUS_MESSAGE);
    },
    async special_status_message() {
      const result = await unary(plain, 'UnaryCall', echoStatus(SPECIAL_STATUS_MESSAGE));
      checkStatus(result.status, Status.UNKNOWN, SPECIAL_STATUS_MESSAGE);
    },
    async unimplemented_method() {
      checkStatus((await unary(plain, 'UnimplementedCall', {})).status, Status.UNIMPLEMENTED);
    },
    async unimplemented_service() {
      checkStatus((await unary(unimplemented, 'UnimplementedCall', {})).status, Status.UNIMPLEMENTED);
    },
    async cancel_after_begin() {
      const call = plain.StreamingInputCall(new grpc.Metadata(), options(), () => {});
      const status = statusOf(call);
      call.cancel();
      checkStatus(await status, Status.CANCELLED);
    },
    async cancel_after_first_response() {
      const call = plain.FullDuplexCall(new grpc.Metadata(), options());
      const status = statusOf(call);
      const responses = call[Symbol.asyncIterator]();
      call.write(outputRequest([31415], 27182));
      check(!(await responses.next()).done, 'no first response');
      call.cancel();
      checkStatus(await status, Status.CANCELLED);
    },
    async timeout_on_sleeping_server() {
      const call = plain.FullDuplexCall(new grpc.Metadata(), options(1));
      const status = statusOf(call);
      call.write(outputRequest([], 27182));
      checkStatus(await status, Status.DEADLINE_EXCEEDED);
    },
  };
}

// ---- main --------------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { host: '127.0.0.1', case: 'all', skip: '' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!['host', 'port', 'case', 'skip'].includes(key) || argv[i + 1] === undefined) {
      throw new Error(`usage: node interop_client.js --host H --port N --case NAME[,NAME...]|all [--skip a,b] (bad argument ${argv[i]})`);
    }
    args[key] = argv[i + 1];
  }
  if (!args.port) throw new Error('--port is required');
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const target = `${args.host}:${args.port}`;
  const credentials = grpc.credentials.createInsecure();
  const clients = {
    plain: new testing.TestService(target, credentials),
    gzip: new testing.TestService(target, credentials, { 'grpc.default_compression_algorithm': GZIP }),
    unimplemented: new testing.UnimplementedService(target, credentials),
  };
  const cases = makeCases(clients);
  const all = Object.keys(cases);
  const skip = args.skip.split(',').filter(Boolean);
  const names = args.case === 'all' ? all.filter((n) => !skip.includes(n)) : args.case.split(',');
  const unknown = [...skip, ...names].filter((n) => !all.includes(n));
  if (unknown.length) throw new Error(`unknown case(s): ${unknown.join(', ')}; known: ${all.join(', ')}`);

  let passed = true;
  for (const name of names) {
    try {
      await cases[name]();
      console.log(`PASS ${name}`);
    } catch (error) {
      passed = false;
      const reason = error instanceof CaseFailure ? error.message
        : error.code !== undefined ? `unexpected status ${codeName(error.code)}: ${JSON.stringify(error.details)}`
          : String(error && error.stack || error);
      console.log(`FAIL ${name}: ${reason}`);
    }
  }
  Object.values(clients).forEach((client) => client.close());
  return passed ? 0 : 1;
}

// Exit explicitly: grpc-js keeps the deadline timer of a call cancelled before it started
// (cancel_after_begin) armed, which would hold the process open for DEADLINE_MS.
main().then((code) => process.exit(code), (error) => {
  console.error(error.message);
  process.exit(2);
});
