// Loads handler modules the way Lambda does (once per process, `functions/<name>.ts` exporting
// `handler`) and builds the context object Lambda passes them.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { handlerFile } from '../../shared/http/route.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const loaded = new Map<string, Promise<unknown>>();

export function loadHandler<H = (event: unknown, context: Context) => Promise<unknown>>(name: string): Promise<H> {
  let handler = loaded.get(name);
  if (!handler) {
    handler = import(pathToFileURL(join(REPO_ROOT, handlerFile({ name }))).href).then((module: { handler: unknown }) => module.handler);
    loaded.set(name, handler);
  }
  return handler as Promise<H>;
}

export function lambdaContext(functionName: string, requestId: string, timeoutMs = 10_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
