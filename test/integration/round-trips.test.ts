// Every route makes exactly the DynamoDB requests its route-table row declares, authorization
// included, and never a Scan. The handlers run in this process against DynamoDB Local, so the
// client's request log sees each request.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoRequestLog } from '../../shared/clients.js';
import { toAuthorizerContext } from '../../shared/http/caller.js';
import { handlerFile, type RouteDefinition } from '../../shared/http/route.js';
import { routes, type RouteName } from '../../shared/http/routes.js';
import { signUp, type TestUser } from '../support/api.js';

interface Fixture {
  admin: TestUser;
  orgId: string;
  workspaceId: string;
  spareWorkspaceId: string;
}

// A successful request for each route; a route without one fails the test below.
const sampleRequests: Record<RouteName, (f: Fixture) => { path?: Record<string, string>; query?: Record<string, string>; body?: unknown }> = {
  health: () => ({}),
  getOpenapi: () => ({}),
  getDocs: () => ({}),
  getMe: () => ({}),
  createOrg: () => ({ body: { name: 'Counted' } }),
  listOrgs: () => ({ query: { limit: '10' } }),
  getOrg: (f) => ({ path: { orgId: f.orgId } }),
  updateOrg: (f) => ({ path: { orgId: f.orgId }, body: { name: 'Renamed' } }),
  listRoles: (f) => ({ path: { orgId: f.orgId } }),
  createWorkspace: (f) => ({ path: { orgId: f.orgId }, body: { name: 'counted-ws' } }),
  listWorkspaces: (f) => ({ path: { orgId: f.orgId } }),
  getWorkspace: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId } }),
  updateWorkspace: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId }, body: { name: 'renamed-ws' } }),
  deleteWorkspace: (f) => ({ path: { orgId: f.orgId, workspaceId: f.spareWorkspaceId } }),
};

let fixture: Fixture;
beforeAll(async () => {
  const admin = await signUp('counter');
  const orgId = (await admin.api.post('/api/v1/orgs', { name: 'Counting' })).body.id;
  const workspaceId = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'target' })).body.id;
  const spareWorkspaceId = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'spare' })).body.id;
  fixture = { admin, orgId, workspaceId, spareWorkspaceId };
});

async function invoke(route: RouteDefinition, request: ReturnType<(typeof sampleRequests)[RouteName]>) {
  const { handler } = await import(`../../${handlerFile(route)}`);
  const event = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: route.path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: request.path,
    queryStringParameters: request.query,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'round-trip-test',
      authorizer: { lambda: toAuthorizerContext({ userId: fixture.admin.id, email: fixture.admin.email, emailVerified: true, name: fixture.admin.name }) },
    },
  } as unknown as APIGatewayProxyEventV2;
  return handler(event, { awsRequestId: 'round-trip-test', getRemainingTimeInMillis: () => 10_000 } as Context);
}

describe('DynamoDB round trips per route', () => {
  it('has a sample request for every route in the route table', () => {
    expect(Object.keys(sampleRequests).sort()).toEqual(Object.keys(routes).sort());
  });

  for (const [name, route] of Object.entries(routes) as Array<[RouteName, RouteDefinition]>) {
    it(`${route.method} ${route.path}: ${route.dynamoRoundTrips.count} request(s)`, async () => {
      dynamoRequestLog.length = 0;
      const response = await invoke(route, sampleRequests[name](fixture));
      expect(response.statusCode, response.body).toBe(route.successStatus);
      expect(dynamoRequestLog).toHaveLength(route.dynamoRoundTrips.count);
      expect(dynamoRequestLog).not.toContain('ScanCommand');
      if (route.dynamoRoundTrips.count > 1) expect(route.dynamoRoundTrips.reason).toBeTruthy();
    });
  }
});
