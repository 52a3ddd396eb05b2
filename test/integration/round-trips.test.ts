// Every route makes exactly the DynamoDB requests its route-table row declares, authorization
// included, and never a Scan. The handlers run in this process against DynamoDB Local, so the
// client's request log sees each request.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoRequestLog } from '../../shared/clients.js';
import { toAuthorizerContext } from '../../shared/http/caller.js';
import { handlerFile, type RouteDefinition } from '../../shared/http/route.js';
import { routes, type RouteName } from '../../shared/http/routes.js';
import { signUp, uniqueEmail, type TestUser } from '../support/api.js';
import { tokenFrom, waitForEmail } from '../support/mail.js';
import { addMember } from '../support/members.js';

interface Fixture {
  admin: TestUser;
  orgId: string;
  workspaceId: string;
  spareWorkspaceId: string;
  developer: TestUser;
  leaver: TestUser;
  invitee: TestUser;
  /** Invitations to the invitee's address, one per route that answers one: the tokens come from the emails. */
  invitations: Record<'view' | 'accept' | 'decline' | 'revoke' | 'resend', { id: string; token: string; orgId: string }>;
}

type SampleRequest = { path?: Record<string, string>; query?: Record<string, string>; body?: unknown; caller?: TestUser };

// A successful request for each route; a route without one fails the test below.
const sampleRequests: Record<RouteName, (f: Fixture) => SampleRequest> = {
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
  listMembers: (f) => ({ path: { orgId: f.orgId } }),
  getMember: (f) => ({ path: { orgId: f.orgId, userId: f.developer.id } }),
  updateMember: (f) => ({ path: { orgId: f.orgId, userId: f.developer.id }, body: { role: 'viewer' } }),
  removeMember: (f) => ({ path: { orgId: f.orgId, userId: f.leaver.id } }),
  listWorkspaceMembers: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId } }),
  putWorkspaceMember: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId, userId: f.developer.id }, body: { role: 'admin' } }),
  removeWorkspaceMember: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId, userId: f.developer.id } }),
  createInvitation: (f) => ({ path: { orgId: f.orgId }, body: { email: uniqueEmail('counted'), role: 'viewer' } }),
  listInvitations: (f) => ({ path: { orgId: f.orgId }, query: { status: 'pending' } }),
  revokeInvitation: (f) => ({ path: { orgId: f.invitations.revoke.orgId, invitationId: f.invitations.revoke.id } }),
  resendInvitation: (f) => ({ path: { orgId: f.invitations.resend.orgId, invitationId: f.invitations.resend.id } }),
  getInvitation: (f) => ({ path: { token: f.invitations.view.token } }),
  acceptInvitation: (f) => ({ path: { token: f.invitations.accept.token }, caller: f.invitee }),
  declineInvitation: (f) => ({ path: { token: f.invitations.decline.token } }),
  listMyInvitations: (f) => ({ caller: f.invitee }),
  getInvitePage: () => ({}),
};

let fixture: Fixture;
beforeAll(async () => {
  const admin = await signUp('counter');
  const orgId = (await admin.api.post('/api/v1/orgs', { name: 'Counting' })).body.id;
  const workspaceId = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'target' })).body.id;
  const spareWorkspaceId = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'spare' })).body.id;
  const [developer, leaver, invitee] = await Promise.all([signUp('developer'), signUp('leaver'), signUp('invitee')]);
  await addMember(orgId, developer, 'developer');
  await addMember(orgId, leaver, 'viewer');
  // The invitee has two open invitations (in two orgs: one per address and org); the other routes use other addresses.
  const invitations = {} as Fixture['invitations'];
  for (const use of ['view', 'accept', 'decline', 'revoke', 'resend'] as const) {
    const email = use === 'view' || use === 'accept' ? invitee.email : uniqueEmail(use);
    const inviteOrg = use === 'view' ? orgId : (await admin.api.post('/api/v1/orgs', { name: `Inviting ${use}` })).body.id;
    const created = await admin.api.post(`/api/v1/orgs/${inviteOrg}/invitations`, { email, role: 'viewer' });
    invitations[use] = { id: created.body.id, orgId: inviteOrg, token: tokenFrom(await waitForEmail(email, use === 'accept' ? 2 : 1)) };
  }
  fixture = { admin, orgId, workspaceId, spareWorkspaceId, developer, leaver, invitee, invitations };
});

async function invoke(route: RouteDefinition, request: SampleRequest) {
  const caller = request.caller ?? fixture.admin;
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
      authorizer: { lambda: toAuthorizerContext({ userId: caller.id, email: caller.email, emailVerified: true, name: caller.name }) },
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
