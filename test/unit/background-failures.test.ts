// What a background function throws reaches the operator as one of our JSON error lines, naming the
// function and the invocation, with a stack: the line the runbook's query finds when a schedule's or
// consumer's errors alarm fires. Driven by the background-function table, so a new function that
// skips the wrapper fails here. The handlers run for real; only the DynamoDB client's answers are
// replaced.

import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db, dynamoClient } from '../../shared/clients.js';
import { schedules, streamConsumers } from '../../shared/events/background-functions.js';
import { captureLogLines, type LoggedLines } from '../support/logged-lines.js';

type Handler = (event: unknown, context?: Context) => Promise<unknown>;

const context = { awsRequestId: 'invocation-7', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

const handlerOf = async (name: string) => ((await import(`../../functions/${name}.ts`)) as { handler: Handler }).handler;

const failureLines = (logged: LoggedLines) => logged.lines().filter((line) => line.message === 'background_function_failed');

let logged: LoggedLines;
beforeEach(() => {
  logged = captureLogLines();
});
afterEach(() => vi.restoreAllMocks());

describe('a schedule whose pass fails', () => {
  it.each(schedules.map((schedule) => schedule.name))('%s logs the error once and fails the invocation', async (name) => {
    const unavailable = Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $metadata: {} });
    vi.spyOn(db, 'send').mockRejectedValue(unavailable as never);
    vi.spyOn(dynamoClient, 'send').mockRejectedValue(unavailable as never);
    const handler = await handlerOf(name);

    await expect(handler({ source: 'aws.events' }, context)).rejects.toBe(unavailable);

    const lines = failureLines(logged);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      function: name,
      request_id: 'invocation-7',
      error: { name: 'InternalServerError', message: 'Internal server error' },
    });
    expect((lines[0]!.error as { stack: string }).stack).toContain('at ');
  });
});

describe('a stream consumer that throws', () => {
  it.each(streamConsumers.map((consumer) => consumer.name))('%s logs the error once and fails the batch', async (name) => {
    const handler = await handlerOf(name);

    // An invocation without records: nothing a per-record handler catches.
    await expect(handler({}, context)).rejects.toThrow(TypeError);

    const lines = failureLines(logged);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', function: name, request_id: 'invocation-7', error: { name: 'TypeError' } });
  });
});
