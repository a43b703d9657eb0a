#!/usr/bin/env node
// An independent peer of the crossborder.v1 protocol (docs/wire-spec.md): gRPC from grpc-js,
// protobuf from protobufjs, CMS from the OpenSSL command line. See README.md.
//
//   node peer.mjs send  --as IT/NCP --to AL/NCP --target 127.0.0.1:PORT --payload FILE ... 
//   node peer.mjs serve --as AL/NCP --listen 127.0.0.1:PORT --count 1 --out DIR ...
//
// Prints one JSON line per event on standard output; exits 0 on success, 1 on a refusal or a
// failed check (with `node-peer: REASON: text` on standard error), 2 on a usage error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const common = {
  as: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  chain: { type: 'string' },
  'signing-cert': { type: 'string' },
  'signing-key': { type: 'string' },
  'trust-list': { type: 'string' },
  'operator-cert': { type: 'string' },
  work: { type: 'string' },
};

const commands = {
  send: {
    options: {
      ...common,
      to: { type: 'string' },
      target: { type: 'string' },
      payload: { type: 'string' },
      purpose: { type: 'string' },
      'legal-basis': { type: 'string' },
      'policy-id': { type: 'string' },
      'policy-version': { type: 'string' },
      'policy-sha256': { type: 'string' },
      'lifetime-hours': { type: 'string', default: '72' },
    },
    run: async (o) => (await import('./lib/send.mjs')).send(o),
  },
  serve: {
    options: {
      ...common,
      listen: { type: 'string' },
      'encryption-cert': { type: 'string' },
      'encryption-key': { type: 'string' },
      count: { type: 'string', default: '1' },
      'timeout-seconds': { type: 'string', default: '120' },
      out: { type: 'string' },
    },
    run: async (o, report) => (await import('./lib/serve.mjs')).serve(o, report),
  },
};

const camel = (name) => name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const report = (event) => process.stdout.write(JSON.stringify(event) + '\n');

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  const command = commands[name];
  if (!command) {
    process.stderr.write('usage: node peer.mjs send|serve --option value ... (see README.md)\n');
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: command.options, strict: true }));
  } catch (error) {
    process.stderr.write(`node-peer: ${error.message}\n`);
    return 2;
  }
  const missing = Object.keys(command.options).filter((k) => k !== 'work' && values[k] === undefined);
  if (missing.length > 0) {
    process.stderr.write(`node-peer: missing --${missing.join(', --')}\n`);
    return 2;
  }
  const options = Object.fromEntries(Object.entries(values).map(([k, v]) => [camel(k), v]));
  options.work ??= fs.mkdtempSync(path.join(os.tmpdir(), 'crossborder-node-peer-'));
  try {
    const result = await command.run(options, report);
    if (result) report(result);
    return 0;
  } catch (error) {
    process.stderr.write(`node-peer: ${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main();
