// The one line each API request logs: what an operator queries by (request, route, tenant,
// caller, status, error code), what it cost in DynamoDB, and the route's metrics as EMF.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toAuthorizerContext } from '../../shared/auth/authorizer-context.js';
import { captureLogLines, type LoggedLines } from '../support/logged-lines.js';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<{ statusCode: number }>;
let getOrg: Handler;
let getInvitation: Handler;

const USER_ID = '01900000-0000-7000-8000-0000000000ab';
const MISSING_ORG = '01900000-0000-7000-8000-00000000dead';
const TOKEN = 'T0ken_that-must-never-reach-a-log-line-0123';
const context = { awsRequestId: 'lambda-req', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function event(path: Record<string, string>, signedIn: boolean): APIGatewayProxyEventV2 {
  const user = { type: 'user' as const, userId: USER_ID, email: 'log@example.com', emailVerified: true, name: 'L' };
  return {
    version: '2.0',
    rawPath: '/',
    headers: {},
    pathParameters: path,
    isBase64Encoded: false,
    requestContext: {
      requestId: signedIn ? `req-${path.orgId}` : 'req-public',
      ...(signedIn ? { authorizer: { lambda: toAuthorizerContext(user, Math.floor(Date.now() / 1000) + 3600) } } : {}),
    },
  } as unknown as APIGatewayProxyEventV2;
}

let logged: LoggedLines;
beforeAll(async () => {
  // The test workers log only errors (worker-env.ts); this file reads the info lines. Set before the
  // handlers' modules load, as their configuration is read once.
  vi.stubEnv('LOG_LEVEL', 'info');
  ({ handler: getOrg } = (await import('../../functions/get-org.js')) as unknown as { handler: Handler });
  ({ handler: getInvitation } = (await import('../../functions/get-invitation.js')) as unknown as { handler: Handler });
});
afterEach(() => vi.restoreAllMocks());

const requestLines = () => logged.lines().filter((line) => line.message === 'request');

describe('the request line', () => {
  it('names the request, route, caller, tenant, outcome and DynamoDB cost, with the route metrics as EMF', async () => {
    logged = captureLogLines();
    expect((await getOrg(event({ orgId: MISSING_ORG }, true), context)).statusCode).toBe(404);
    expect((await getOrg(event({ orgId: MISSING_ORG }, true), context)).statusCode).toBe(404);
    const [first, second] = requestLines();
    expect(first).toMatchObject({
      level: 'info',
      request_id: `req-${MISSING_ORG}`,
      route: 'get-org',
      method: 'GET',
      path: `/api/v1/orgs/${MISSING_ORG}`,
      status: 404,
      principal: { type: 'user', id: USER_ID },
      org_id: MISSING_ORG,
      error_code: 'not_found',
      cold_start: true,
      requests: 1,
      errors_4xx: 1,
      errors_5xx: 0,
    });
    expect(first!.dynamodb).toEqual({ requests: 1, capacity_units: expect.any(Number) });
    expect(first!.duration_ms).toBeGreaterThan(0);
    expect(first!.latency).toBe(first!.duration_ms);
    const directives = (
      first!._aws as { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> }
    ).CloudWatchMetrics;
    expect(directives.map((directive) => [directive.Namespace, directive.Dimensions])).toEqual([
      ['Orgspace', [['route']]],
      ['Orgspace', [['route', 'error_code']]],
    ]);
    expect(directives[0]!.Metrics.map((metric) => metric.Name)).toEqual(['requests', 'latency', 'errors_4xx', 'errors_5xx']);
    expect(second).toMatchObject({ cold_start: false });
  });

  it('leaves a token in the path out: the path shows its placeholder', async () => {
    logged = captureLogLines();
    expect((await getInvitation(event({ token: TOKEN }, false), context)).statusCode).toBe(404);
    const [line] = requestLines();
    expect(line).toMatchObject({ route: 'get-invitation', path: '/api/v1/invitations/{token}', status: 404 });
    expect(line).not.toHaveProperty('principal');
    expect(JSON.stringify(logged.lines())).not.toContain(TOKEN);
  });
});
