// A successful request for every route in the route table, over a fixture made through the API:
// the round-trip test runs each once, and `npm run bench` times them. Runs outside vitest too
// (the bench points api.ts and mail.ts at its own environment with useApi and useSes).
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RouteName } from '../../features/routes.js';
import { loadHandler } from '../../infra/local/lambda-modules.js';
import { apiKeyAuthorizerContext, toAuthorizerContext } from '../../shared/auth/authorizer-context.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import type { ApiKeyPrincipal } from '../../shared/vocabulary/principal.js';
import { signUp, type TestUser, uniqueEmail } from './api.js';
import { createKey, type TestKey } from './api-keys.js';
import { storeCredential, storePersonalCredential } from './credentials.js';
import { addDomain, postponeChecks, publish, uniqueDomain } from './domains.js';
import { ownDomain, requestsPath, settingsPath, signInAs } from './joining.js';
import { tokenFrom, waitForEmail } from './mail.js';
import { addMember } from './members.js';
import { fixtureReceiver, settledWebhook } from './webhooks.js';

export interface Fixture {
  admin: TestUser;
  orgId: string;
  workspaceId: string;
  spareWorkspaceId: string;
  developer: TestUser;
  leaver: TestUser;
  invitee: TestUser;
  /** Invitations to the invitee's address, one per route that answers one: the tokens come from the emails. */
  invitations: Record<'view' | 'accept' | 'decline' | 'revoke' | 'resend', { id: string; token: string; orgId: string }>;
  /** A webhook endpoint with a delivery that succeeded, and a second endpoint to delete. */
  webhookId: string;
  deliveryId: string;
  spareWebhookId: string;
  /** Where the fixture's endpoints point: a receiver in this process that answers 204. */
  receiverUrl: string;
  /** A developer key of the target workspace, and a second key to revoke. */
  apiKey: TestKey;
  spareApiKeyId: string;
  /** Viewers of the org without a role in the target workspace: one to ask for access, three with a pending request each to cancel, approve and deny. */
  requesters: Record<'asking' | 'cancel' | 'approve' | 'deny', TestUser>;
  accessRequests: Record<'cancel' | 'approve' | 'deny', string>;
  /** A pending domain claim whose TXT record is published (so verify verifies it), and a second one to delete. */
  domainId: string;
  spareDomainId: string;
  /**
   * Joining by domain: an org in `suggest` mode at a verified domain, with people there who asked
   * (one request each to approve, deny and cancel) and one who has not asked yet; and an org in
   * `auto` mode with someone at its domain who signed in before it was turned on.
   */
  /** Credentials of the target workspace: one to read, replace, roll back and reveal, one to move, one to delete. */
  credentials: Record<'main' | 'movable' | 'spare' | 'moveTarget', string>;
  /** The admin's personal credentials in the org (one to use, one to delete), and one of the developer's for the admin to delete. */
  personalCredentials: Record<'main' | 'spare' | 'developers', string>;
  joining: {
    suggestOrgId: string;
    requests: Record<'approve' | 'deny' | 'cancel', { id: string; requester: TestUser }>;
    asker: TestUser;
    autoOrgId: string;
    joiner: TestUser;
  };
}

/** The principal the authorizer makes of a fixture key (its first secret). */
export const keyPrincipal = (key: TestKey, role: ApiKeyPrincipal['role'] = 'developer'): ApiKeyPrincipal => ({
  type: 'api_key',
  keyId: key.id,
  orgId: key.orgId,
  workspaceId: key.workspaceId,
  role,
  secretGeneration: 1,
});

export type SampleRequest = {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  caller?: TestUser;
};

// A successful request for each route; a route without one fails the round-trip test.
export const sampleRequests: Record<RouteName, (f: Fixture) => SampleRequest> = {
  health: () => ({}),
  getOpenapi: () => ({}),
  getDocs: () => ({}),
  getDocsAsset: () => ({ path: { file: 'swagger-ui.css' } }),
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
  listAuditLog: (f) => ({ path: { orgId: f.orgId }, query: { action: 'workspace.*' } }),
  listWorkspaceAuditLog: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId } }),
  listEvents: (f) => ({ path: { orgId: f.orgId }, query: { limit: '10' } }),
  createWebhook: (f) => ({ path: { orgId: f.orgId }, body: { url: f.receiverUrl, events: ['member.*'] } }),
  listWebhooks: (f) => ({ path: { orgId: f.orgId } }),
  getWebhook: (f) => ({ path: { orgId: f.orgId, webhookId: f.webhookId } }),
  updateWebhook: (f) => ({ path: { orgId: f.orgId, webhookId: f.webhookId }, body: { description: 'Counted hook' } }),
  deleteWebhook: (f) => ({ path: { orgId: f.orgId, webhookId: f.spareWebhookId } }),
  rotateWebhookSecret: (f) => ({ path: { orgId: f.orgId, webhookId: f.webhookId } }),
  listWebhookDeliveries: (f) => ({ path: { orgId: f.orgId, webhookId: f.webhookId } }),
  retryWebhookDelivery: (f) => ({ path: { orgId: f.orgId, webhookId: f.webhookId, deliveryId: f.deliveryId } }),
  createApiKey: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId }, body: { name: 'Counted key', role: 'viewer' } }),
  listApiKeys: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId } }),
  getApiKey: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId, keyId: f.apiKey.id } }),
  updateApiKey: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId, keyId: f.apiKey.id }, body: { name: 'Renamed key' } }),
  revokeApiKey: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId, keyId: f.spareApiKeyId } }),
  rotateApiKey: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId, keyId: f.apiKey.id }, body: { grace_period_hours: 1 } }),
  createAccessToken: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId } }),
  getAccessTokenKeys: () => ({}),
  createAccessRequest: (f) => ({
    path: { orgId: f.orgId, workspaceId: f.workspaceId },
    body: { role: 'developer', message: 'Counted request' },
    caller: f.requesters.asking,
  }),
  listAccessRequests: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId }, query: { status: 'pending' } }),
  cancelAccessRequest: (f) => ({
    path: { orgId: f.orgId, workspaceId: f.workspaceId, requestId: f.accessRequests.cancel },
    caller: f.requesters.cancel,
  }),
  approveAccessRequest: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId, requestId: f.accessRequests.approve }, body: {} }),
  denyAccessRequest: (f) => ({
    path: { orgId: f.orgId, workspaceId: f.workspaceId, requestId: f.accessRequests.deny },
    body: { reason: 'Counted denial' },
  }),
  listMyAccessRequests: (f) => ({ caller: f.requesters.cancel }),
  createDomain: (f) => ({ path: { orgId: f.orgId }, body: { domain: uniqueDomain('counted') } }),
  listDomains: (f) => ({ path: { orgId: f.orgId } }),
  getDomain: (f) => ({ path: { orgId: f.orgId, domainId: f.domainId } }),
  verifyDomain: (f) => ({ path: { orgId: f.orgId, domainId: f.domainId } }),
  deleteDomain: (f) => ({ path: { orgId: f.orgId, domainId: f.spareDomainId } }),
  getDomainSettings: (f) => ({ path: { orgId: f.orgId } }),
  updateDomainSettings: (f) => ({ path: { orgId: f.orgId }, body: { default_role: 'developer' } }),
  listJoinableOrgs: (f) => ({ caller: f.joining.asker }),
  joinOrg: (f) => ({ path: { orgId: f.joining.autoOrgId }, caller: f.joining.joiner }),
  createJoinRequest: (f) => ({ path: { orgId: f.joining.suggestOrgId }, body: { message: 'Counted' }, caller: f.joining.asker }),
  listJoinRequests: (f) => ({ path: { orgId: f.joining.suggestOrgId }, query: { status: 'pending' } }),
  approveJoinRequest: (f) => ({
    path: { orgId: f.joining.suggestOrgId, requestId: f.joining.requests.approve.id },
    body: { role: 'viewer' },
  }),
  denyJoinRequest: (f) => ({ path: { orgId: f.joining.suggestOrgId, requestId: f.joining.requests.deny.id }, body: {} }),
  cancelJoinRequest: (f) => ({
    path: { orgId: f.joining.suggestOrgId, requestId: f.joining.requests.cancel.id },
    caller: f.joining.requests.cancel.requester,
  }),
  listMyJoinRequests: (f) => ({ caller: f.joining.requests.approve.requester }),
  createCredential: (f) => ({
    path: { orgId: f.orgId, workspaceId: f.workspaceId },
    body: { name: 'Counted credential', type: 'basic', secret: { username: 'counter', password: 'counted-password' } },
  }),
  listCredentials: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId } }),
  getCredential: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId, credentialId: f.credentials.main } }),
  replaceCredentialSecret: (f) => ({
    path: { orgId: f.orgId, workspaceId: f.workspaceId, credentialId: f.credentials.main },
    body: { secret: { api_key: 'sk_counted_replacement' } },
  }),
  rollBackCredential: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId, credentialId: f.credentials.main } }),
  revealCredential: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId, credentialId: f.credentials.main } }),
  moveCredential: (f) => ({
    path: { orgId: f.orgId, workspaceId: f.workspaceId, credentialId: f.credentials.movable },
    body: { workspace_id: f.credentials.moveTarget },
  }),
  deleteCredential: (f) => ({ path: { orgId: f.orgId, workspaceId: f.workspaceId, credentialId: f.credentials.spare } }),
  createPersonalCredential: (f) => ({
    path: { orgId: f.orgId },
    body: { name: 'Counted personal credential', type: 'api_key', secret: { api_key: 'sk_counted_personal' } },
  }),
  listAllPersonalCredentials: () => ({}),
  listPersonalCredentials: (f) => ({ path: { orgId: f.orgId } }),
  getPersonalCredential: (f) => ({ path: { orgId: f.orgId, credentialId: f.personalCredentials.main } }),
  replacePersonalCredentialSecret: (f) => ({
    path: { orgId: f.orgId, credentialId: f.personalCredentials.main },
    body: { secret: { api_key: 'sk_counted_personal_replacement' } },
  }),
  rollBackPersonalCredential: (f) => ({ path: { orgId: f.orgId, credentialId: f.personalCredentials.main } }),
  revealPersonalCredential: (f) => ({ path: { orgId: f.orgId, credentialId: f.personalCredentials.main } }),
  deletePersonalCredential: (f) => ({ path: { orgId: f.orgId, credentialId: f.personalCredentials.spare } }),
  listMemberCredentials: (f) => ({ path: { orgId: f.orgId, userId: f.developer.id } }),
  deleteMemberCredential: (f) => ({
    path: { orgId: f.orgId, userId: f.developer.id, credentialId: f.personalCredentials.developers },
  }),
};

/** The joining part of the fixture: people at two orgs' verified domains (test/support/joining.ts). */
async function joiningFixture(admin: TestUser): Promise<Fixture['joining']> {
  const orgAt = async (name: string, mode: 'suggest' | 'auto') => {
    const orgId: string = (await admin.api.post('/api/v1/orgs', { name })).body.id;
    const domain = uniqueDomain(mode);
    await ownDomain(orgId, domain);
    await admin.api.patch(settingsPath(orgId), { join_mode: mode === 'auto' ? 'suggest' : mode });
    return { orgId, domain };
  };
  const [suggest, auto] = await Promise.all([orgAt('Suggesting', 'suggest'), orgAt('Auto-joining', 'auto')]);
  const [approve, deny, cancel, asker, joiner] = await Promise.all(
    ['approve', 'deny', 'cancel', 'asker', 'joiner'].map((label) =>
      signInAs(`${label}@${label === 'joiner' ? auto.domain : suggest.domain}`),
    ),
  );
  // Turned on after the joiner's first sign-in: the join route, not the sign-in, makes the membership.
  await admin.api.patch(settingsPath(auto.orgId), { join_mode: 'auto' });
  const ask = async (requester: TestUser) => ({
    id: (await requester.api.post(requestsPath(suggest.orgId), {})).body.id as string,
    requester,
  });
  return {
    suggestOrgId: suggest.orgId,
    requests: { approve: await ask(approve!), deny: await ask(deny!), cancel: await ask(cancel!) },
    asker: asker!,
    autoOrgId: auto.orgId,
    joiner: joiner!,
  };
}

/** An org with three workspaces, a developer, a viewer about to leave, open invitations with their links, and webhook endpoints. */
export async function createFixture(): Promise<Fixture> {
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
  const { webhookId, deliveryId } = await settledWebhook(admin, orgId);
  const spareWebhookId = (await settledWebhook(admin, orgId)).webhookId;
  const receiverUrl = (await fixtureReceiver()).url;
  const [apiKey, spareApiKey] = await Promise.all([
    createKey(admin, orgId, workspaceId, 'developer'),
    createKey(admin, orgId, workspaceId, 'viewer'),
  ]);
  const [asking, cancel, approve, deny] = await Promise.all(
    ['asking', 'cancel', 'approve', 'deny'].map((label) => signUp(`requester-${label}`)),
  );
  const requesters = { asking: asking!, cancel: cancel!, approve: approve!, deny: deny! };
  await Promise.all(Object.values(requesters).map((requester) => addMember(orgId, requester, 'viewer')));
  const accessRequests = {} as Fixture['accessRequests'];
  for (const use of ['cancel', 'approve', 'deny'] as const) {
    const created = await requesters[use].api.post(`/api/v1/orgs/${orgId}/workspaces/${workspaceId}/access-requests`, {});
    if (created.status !== 201) throw new Error(`fixture access request: ${created.status} ${JSON.stringify(created.body)}`);
    accessRequests[use] = created.body.id;
  }
  const [domain, spareDomain] = [await addDomain(admin, orgId), await addDomain(admin, orgId)];
  await publish(domain);
  // Left to the sample's verify call: the scheduled pass would otherwise verify it first, a minute on.
  await postponeChecks(domain);
  const joining = await joiningFixture(admin);
  const [main, movable, spare] = await Promise.all(
    ['main', 'movable', 'spare'].map((name) => storeCredential(admin, orgId, workspaceId, { name })),
  );
  // A workspace of its own to move to: the spare one is deleted by its route's sample.
  const moveTarget: string = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'move-target' })).body.id;
  const credentials = { main: main!.id, movable: movable!.id, spare: spare!.id, moveTarget };
  const [personalMain, personalSpare, developers] = await Promise.all([
    storePersonalCredential(admin, orgId, { name: 'main' }),
    storePersonalCredential(admin, orgId, { name: 'spare' }),
    storePersonalCredential(developer, orgId, { name: 'developers' }),
  ]);
  // A replaced secret, so that the rollback sample has a version to go back to.
  await admin.api.put(`/api/v1/me/orgs/${orgId}/credentials/${personalMain.id}/secret`, {
    secret: { api_key: 'sk_fixture_personal_next' },
  });
  return {
    credentials,
    personalCredentials: { main: personalMain.id, spare: personalSpare.id, developers: developers.id },
    requesters,
    accessRequests,
    domainId: domain.id,
    spareDomainId: spareDomain.id,
    joining,
    apiKey,
    spareApiKeyId: spareApiKey.id,
    admin,
    orgId,
    workspaceId,
    spareWorkspaceId,
    developer,
    leaver,
    invitee,
    invitations,
    webhookId,
    deliveryId,
    spareWebhookId,
    receiverUrl,
  };
}

/** The API Gateway v2 event API Gateway would hand the route's function, with the authorizer's verdict for the caller. */
export function routeEvent(
  route: RouteDefinition,
  request: SampleRequest,
  defaultCaller: TestUser | ApiKeyPrincipal,
): APIGatewayProxyEventV2 {
  const caller = request.caller ?? defaultCaller;
  const verdict =
    'type' in caller
      ? apiKeyAuthorizerContext(caller, undefined)
      : toAuthorizerContext(
          { type: 'user', userId: caller.id, email: caller.email, emailVerified: true, name: caller.name },
          Math.floor(Date.now() / 1000) + 3600,
        );
  return {
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
      requestId: 'sample-request',
      authorizer: { lambda: verdict },
    },
  } as unknown as APIGatewayProxyEventV2;
}

export const sampleContext = { awsRequestId: 'sample-request', getRemainingTimeInMillis: () => 10_000 } as Context;

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Calls the route's handler module in this process, as Lambda would. */
export async function invokeRoute(route: RouteDefinition, event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const handler = await loadHandler<Handler>(route.name);
  return handler(event, sampleContext);
}
