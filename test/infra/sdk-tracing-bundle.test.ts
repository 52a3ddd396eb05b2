// The traceSdkCalls choice as Lambda runs it: a bundle built as `cdk deploy -c traceSdkCalls=true`
// builds it (infra/bundling.ts), run in a fresh process with the environment Lambda gives a traced
// function and an X-Ray daemon of our own on a UDP port, so the test reads the very documents that
// would reach X-Ray. DynamoDB and SES are the local ones; KMS and EventBridge, a stub answering
// their JSON protocol.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/bundling.js';

const run = promisify(execFile);
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The name X-Ray's middleware goes by in a client's middleware stack: in a bundle, the mark of the X-Ray SDK. */
const XRAY_MIDDLEWARE = 'XRaySDKInstrumentation';
const SECRET = `s3cret-${randomBytes(12).toString('hex')}`;
/** The data key KMS hands out: SECRET's bytes, as KMS's JSON carries them. */
const PLAINTEXT = Buffer.from(SECRET.padEnd(32, '.').slice(0, 32)).toString('base64');

let outDir: string;
let stub: Server;
let bundle: string;

/** KMS and EventBridge, as far as the entry uses them. */
function awsJsonStub(): Server {
  const plaintext = PLAINTEXT;
  const answers: Record<string, unknown> = {
    'TrentService.GenerateDataKey': {
      KeyId: 'arn:aws:kms:us-east-1:111122223333:key/test',
      Plaintext: plaintext,
      CiphertextBlob: plaintext,
    },
    'TrentService.Decrypt': { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/test', Plaintext: plaintext },
    'AWSEvents.PutEvents': { FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] },
  };
  return createServer((request, response) => {
    request.resume().on('end', () => {
      const answer = answers[String(request.headers['x-amz-target'])];
      response.writeHead(answer ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(answer ?? { __type: 'UnknownOperationException' }));
    });
  });
}

/** Runs the bundle's handler once in a fresh process; returns what it printed and the datagrams the daemon got. */
async function invoke(env: Record<string, string>) {
  const daemon = createSocket('udp4');
  const datagrams: string[] = [];
  daemon.on('message', (message) => datagrams.push(message.toString()));
  await new Promise<void>((bound) => daemon.bind(0, '127.0.0.1', bound));
  const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  // Without the local key file, the credentials' data keys come from (the stub of) KMS; without
  // the Lambda variables of the machine running the tests, only `env` says whether this is Lambda.
  const { CREDENTIALS_MASTER_KEY_FILE, AWS_EXECUTION_ENV, LAMBDA_TASK_ROOT, _X_AMZN_TRACE_ID, ...testEnv } = process.env;
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `console.log(JSON.stringify(await (await import(${JSON.stringify(pathToFileURL(bundle).href)})).handler()))`,
      ],
      {
        cwd: outDir,
        env: {
          ...testEnv,
          NODE_OPTIONS: '',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_ENDPOINT_URL_KMS: stubUrl,
          AWS_ENDPOINT_URL_EVENTBRIDGE: stubUrl,
          CREDENTIALS_KMS_KEY_ID: 'alias/credentials',
          EVENT_BUS_NAME: 'orgspace-test',
          EVENT_BUS_LOCAL: 'false',
          SDK_CALLS_SECRET: SECRET,
          AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
          ...env,
        },
      },
    );
    // A datagram sent just before the process ended is delivered by now, or was never sent.
    await new Promise((settle) => setTimeout(settle, 100));
    return { result: JSON.parse(stdout.trim().split('\n').at(-1)!), stdout, stderr, datagrams };
  } finally {
    daemon.close();
  }
}

/** Each datagram is a header line and one segment document. */
const documents = (datagrams: string[]) => datagrams.map((datagram) => JSON.parse(datagram.slice(datagram.indexOf('\n') + 1)));

const ALL_CALLS_ANSWERED = { read: true, queried: 1, unwrapped: true, published: true, sent: true };

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'orgspace-sdk-tracing-'));
  stub = awsJsonStub();
  await new Promise<void>((listening) => stub.listen(0, '127.0.0.1', listening));
  await build(esbuildOptions(join(REPO_ROOT, 'test/support/sdk-calls-entry.ts'), join(outDir, 'traced'), { traceSdkCalls: true }));
  bundle = join(outDir, 'traced', 'index.mjs');
});
afterAll(async () => {
  stub?.close();
  await rm(outDir, { recursive: true, force: true });
});

describe('bundles and the traceSdkCalls choice', () => {
  it('carry the X-Ray SDK with the choice, and none of it without', async () => {
    const entry = join(REPO_ROOT, 'functions/get-org.ts');
    await build(esbuildOptions(entry, join(outDir, 'get-org')));
    await build(esbuildOptions(entry, join(outDir, 'get-org-traced'), { traceSdkCalls: true }));
    expect(await readFile(join(outDir, 'get-org', 'index.mjs'), 'utf8')).not.toContain(XRAY_MIDDLEWARE);
    expect(await readFile(join(outDir, 'get-org-traced', 'index.mjs'), 'utf8')).toContain(XRAY_MIDDLEWARE);
  });

  it('in Lambda, show each SDK call as a subsegment with its service, operation and table, and no key, item, plaintext or token', async () => {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const { result, stderr, datagrams } = await invoke({
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: 'sdk-calls',
      LAMBDA_TASK_ROOT: outDir,
      _X_AMZN_TRACE_ID: `Root=${traceId};Parent=${randomBytes(8).toString('hex')};Sampled=1`,
    });
    expect(result).toEqual(ALL_CALLS_ANSWERED);
    expect(stderr).toBe('');
    const subsegments = documents(datagrams);
    expect(subsegments.map((subsegment) => [subsegment.name, subsegment.aws.operation]).sort()).toEqual(
      [
        ['DynamoDB', 'PutItem'],
        ['DynamoDB', 'GetItem'],
        ['DynamoDB', 'Query'],
        ['KMS', 'GenerateDataKey'],
        ['KMS', 'Decrypt'],
        ['EventBridge', 'PutEvents'],
        ['SES', 'SendEmail'],
      ].sort(),
    );
    for (const subsegment of subsegments) {
      expect(subsegment).toMatchObject({ type: 'subsegment', trace_id: traceId, namespace: 'aws' });
      if (subsegment.name === 'DynamoDB') expect(subsegment.aws.table_name).toBe(process.env.TABLE_NAME);
    }
    const recorded = datagrams.join('\n');
    expect(recorded).not.toContain(SECRET);
    expect(recorded).not.toContain(PLAINTEXT);
    expect(recorded).not.toContain('trace@example.com');
  });

  it('outside Lambda, leave every call untraced and print nothing of their own', async () => {
    const { result, stdout, stderr, datagrams } = await invoke({});
    expect(result).toEqual(ALL_CALLS_ANSWERED);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stderr).toBe('');
    expect(datagrams).toEqual([]);
  });
});
