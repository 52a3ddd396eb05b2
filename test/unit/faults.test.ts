// Faults injected at the DynamoDB client: what a caller sees when DynamoDB throttles, when
// transactions collide, and when something unexpected breaks. The handlers run for real; only
// the client's answers are replaced.

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as createWorkspace } from '../../functions/create-workspace.js';
import { handler as getOrg } from '../../functions/get-org.js';
import { toAuthorizerContext } from '../../shared/auth/authorizer-context.js';
import { db, dynamoClient } from '../../shared/clients.js';
import { CONFLICT_ATTEMPTS } from '../../shared/table/transact.js';
import { captureLogLines, type LoggedLines } from '../support/logged-lines.js';

const ORG_ID = '01900000-0000-7000-8000-000000000001';

function event(path: Record<string, string>, body?: unknown): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'test',
    rawPath: '/',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: path,
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-123',
      authorizer: {
        lambda: toAuthorizerContext(
          {
            type: 'user',
            userId: '01900000-0000-7000-8000-0000000000aa',
            email: 'a@example.com',
            emailVerified: true,
            name: 'A',
          },
          Math.floor(Date.now() / 1000) + 3600,
        ),
      },
    },
  } as unknown as APIGatewayProxyEventV2;
}
const context = { awsRequestId: 'lambda-req', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function awsError(name: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`${name} from the service`), { name, $metadata: {}, ...extra });
}

let logged: LoggedLines;
beforeEach(() => {
  // The 503s are logged as warnings by design; keep the test output for failures.
  logged = captureLogLines();
});
afterEach(() => vi.restoreAllMocks());

describe('when DynamoDB throttles', () => {
  it('answers 503 with Retry-After, never 500', async () => {
    vi.spyOn(db, 'send').mockRejectedValue(awsError('ProvisionedThroughputExceededException') as never);
    const response = await getOrg(event({ orgId: ORG_ID }), context);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(JSON.parse(response.body!).error).toMatchObject({ code: 'service_unavailable', request_id: 'req-123' });
  });
});

describe('when DynamoDB throttles for a moment', () => {
  /** Answers the first `times` requests that reach the wire with a throttling error, below the SDK's retries. */
  function throttleFirst(times: number) {
    let attempts = 0;
    const name = `throttle-${Math.random()}`;
    dynamoClient.middlewareStack.add(
      (next) => async (args) => {
        attempts++;
        if (attempts <= times)
          throw Object.assign(awsError('ThrottlingException'), { $fault: 'client', $metadata: { httpStatusCode: 400 } });
        return next(args);
      },
      { step: 'finalizeRequest', name, priority: 'low' },
    );
    return { attempts: () => attempts, remove: () => dynamoClient.middlewareStack.remove(name) };
  }

  it('retries with backoff and answers as if nothing happened', async () => {
    const throttle = throttleFirst(2);
    try {
      // The third attempt reaches DynamoDB Local, which has no such org: the answer a caller gets without throttling.
      const response = await getOrg(event({ orgId: ORG_ID }), context);
      expect(throttle.attempts()).toBe(3);
      expect(response.statusCode).toBe(404);
    } finally {
      throttle.remove();
    }
  });

  it('gives up after its attempts and answers 503 with Retry-After', async () => {
    const throttle = throttleFirst(100);
    try {
      const response = await getOrg(event({ orgId: ORG_ID }), context);
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(throttle.attempts()).toBe(4);
    } finally {
      throttle.remove();
    }
  });
});

describe('when a condition fails', () => {
  it('answers 409 with the code of the condition that failed', async () => {
    vi.spyOn(db, 'send').mockRejectedValue(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }) as never,
    );
    const response = await createWorkspace(event({ orgId: ORG_ID }, { name: 'staging' }), context);
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body!).error.code).toBe('workspace_name_taken');
  });
});

describe('when transactions collide', () => {
  const conflict = () =>
    new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
    });

  it('retries and succeeds when the conflict clears', async () => {
    const send = vi
      .spyOn(db, 'send')
      .mockRejectedValueOnce(conflict() as never)
      .mockResolvedValueOnce({} as never);
    const response = await createWorkspace(event({ orgId: ORG_ID }, { name: 'staging' }), context);
    expect(response.statusCode).toBe(201);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('answers 503 with Retry-After when the conflict persists', async () => {
    const send = vi.spyOn(db, 'send').mockRejectedValue(conflict() as never);
    const response = await createWorkspace(event({ orgId: ORG_ID }, { name: 'staging' }), context);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
    expect(send).toHaveBeenCalledTimes(CONFLICT_ATTEMPTS);
  });
});

describe('when something unexpected breaks', () => {
  it('answers 500 naming only the request id: no stack, no table, no key', async () => {
    vi.spyOn(db, 'send').mockRejectedValue(
      awsError('ResourceNotFoundException', {
        message: 'Requested resource not found: Table: orgspace-prod not found; key pk=ORG#x',
      }) as never,
    );
    const response = await getOrg(event({ orgId: ORG_ID }), context);
    expect(response.statusCode).toBe(500);
    const body = JSON.parse(response.body!);
    expect(body).toEqual({
      error: { code: 'internal_error', message: expect.stringContaining('request id'), request_id: 'req-123', details: [] },
    });
    expect(response.body).not.toMatch(/orgspace-prod|ORG#|pk=|at \w+ \(/);
    // Logged once, where it was mapped to the 500: the request's own line, with the stack the client never saw.
    const errors = logged.lines().filter((line) => line.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        message: 'request',
        request_id: 'req-123',
        status: 500,
        error_code: 'internal_error',
        error: expect.objectContaining({ name: 'ResourceNotFoundException', stack: expect.stringContaining('at ') }),
      }),
    ]);
  });
});
