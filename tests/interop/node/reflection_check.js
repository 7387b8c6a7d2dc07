#!/usr/bin/env node
// Checks a server's gRPC reflection service with grpc-js-reflection-client, an implementation
// independent of ours.
//
//   node reflection_check.js --host 127.0.0.1 --port N [--symbol taskrpc.v1.TaskService]
//       [--file taskrpc/v1/task_service.proto] [--expect-service NAME]... [--reflection-version v1|v1alpha]...
//
// For each reflection version (default: v1 and v1alpha) it lists the services, fetches the file
// containing --symbol, the file named --file, and the file of every --expect-service. Prints JSON
// of what it found; exits 0 only if every expected service is listed and resolves to a service
// descriptor, the symbol resolves to a descriptor and the file comes back under its name.
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const { GrpcReflection } = require('grpc-js-reflection-client');

// protobufjs renames files when the library rebuilds a descriptor set (after their package, e.g.
// "grpc_testing.proto" for grpc.testing), so the names the server really sent are read from the
// raw answer, decoded with the library's own protobufjs.
const { FileDescriptorProto } = require(require.resolve('protobufjs/ext/descriptor',
  { paths: [path.dirname(require.resolve('grpc-js-reflection-client'))] }));

const DEADLINE_MS = 10000;
const REPEATABLE = ['expect-service', 'reflection-version'];
const SINGLE = ['host', 'port', 'symbol', 'file'];

function parseArgs(argv) {
  const args = { host: '127.0.0.1', 'expect-service': [], 'reflection-version': [] };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    const value = argv[i + 1];
    if (value === undefined || ![...SINGLE, ...REPEATABLE].includes(key)) {
      throw new Error(`bad argument ${argv[i]}; usage: node reflection_check.js --host H --port N `
        + '[--symbol S] [--file F] [--expect-service NAME]... [--reflection-version v1|v1alpha]...');
    }
    if (REPEATABLE.includes(key)) args[key].push(value); else args[key] = value;
  }
  if (!args.port) throw new Error('--port is required');
  if (args['reflection-version'].length === 0) args['reflection-version'] = ['v1', 'v1alpha'];
  return args;
}

// Every reflection request carries a deadline (the library passes these through to grpc-js).
const callArgs = () => [new grpc.Metadata(), { deadline: new Date(Date.now() + DEADLINE_MS) }];

// Fetches by symbol or by file name: the files the server sent (name and dependencies) and what
// `symbol` resolves to once the library has fetched all dependencies and built its descriptor.
// The raw answer comes from the library's TypeScript-private getProtoDescriptorBy* methods.
async function fetchFile(client, by, value, symbol) {
  const raw = by === 'symbol'
    ? await client.getProtoDescriptorBySymbol(value, ...callArgs())
    : await client.getProtoDescriptorByFileName(value, ...callArgs());
  const served = raw.map((bytes) => FileDescriptorProto.decode(bytes))
    .map((file) => ({ name: file.name, package: file.package, dependencies: file.dependency || [] }));
  const descriptor = by === 'symbol'
    ? await client.getDescriptorBySymbol(value, ...callArgs())
    : await client.getDescriptorByFileName(value, ...callArgs());
  if (!symbol) return { served };
  const found = descriptor.getProtobufJsRoot().lookup(symbol);
  const resolved = found ? {
    kind: found.constructor.name,
    ...(found.methods ? { methods: Object.keys(found.methods) } : {}),
    ...(found.fields ? { fields: Object.keys(found.fields) } : {}),
  } : null;
  return { served, resolved };
}

async function checkVersion(target, version, args) {
  const client = new GrpcReflection(target, grpc.credentials.createInsecure(), {}, version);
  const report = { version };
  const failures = [];
  const attempt = async (what, action) => {
    try {
      return await action();
    } catch (error) {
      failures.push(`${what}: ${error.message}`);
      return undefined;
    }
  };

  report.services = await attempt('list services', () => client.listServices('*', ...callArgs()));
  for (const service of args['expect-service']) {
    if (report.services && !report.services.includes(service)) failures.push(`service ${service} not listed`);
    const found = await attempt(`resolve service ${service}`,
      () => fetchFile(client, 'symbol', service, service));
    if (found) {
      (report.expected ??= {})[service] = found;
      if (found.resolved?.kind !== 'Service') failures.push(`${service} does not resolve to a service descriptor`);
    }
  }
  if (args.symbol) {
    report.symbol = await attempt(`file containing symbol ${args.symbol}`,
      async () => ({ name: args.symbol, ...await fetchFile(client, 'symbol', args.symbol, args.symbol) }));
    if (report.symbol && !report.symbol.resolved) failures.push(`symbol ${args.symbol} does not resolve to a descriptor`);
  }
  if (args.file) {
    report.file = await attempt(`file by name ${args.file}`,
      async () => ({ name: args.file, ...await fetchFile(client, 'file', args.file) }));
    if (report.file && !report.file.served.some((f) => f.name === args.file)) {
      failures.push(`file ${args.file} missing from the answer`);
    }
  }
  report.failures = failures;
  return report;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const target = `${args.host}:${args.port}`;
  const reports = [];
  for (const version of args['reflection-version']) reports.push(await checkVersion(target, version, args));
  const ok = reports.every((r) => r.failures.length === 0);
  console.log(JSON.stringify({ target, ok, reports }, null, 2));
  return ok ? 0 : 1;
}

// Exit explicitly rather than wait for grpc-js to drop its idle connections.
main().then((code) => process.exit(code), (error) => {
  console.error(error.message);
  process.exit(2);
});
