// Tenant isolation, seen by an attacker who is an admin (or a viewer) of one org (A) and knows the
// real ids of another (B): B's org, workspace, member and invitation ids answer exactly as random ids do, and
// nothing in B's partition changes, whatever is in the path, the body, the query or the headers.
// The tenant comes from the token and the path, and from nowhere else.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RouteName, routeList, routes } from '../../features/routes.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import { signUp, type TestUser } from '../support/api.js';
import { createKey } from '../support/api-keys.js';
import { storeCredential } from '../support/credentials.js';
import { addDomain, postponeChecks, publish } from '../support/domains.js';
import { addMember } from '../support/members.js';
import { fillPath, orgPartition, orgPartitionAtRest, pathParamNames, sampleBodies, send, withoutRequestId } from '../support/security.js';
import { settledWebhook } from '../support/webhooks.js';

const TENANT_PARAMS = [
  'orgId',
  'workspaceId',
  'userId',
  'invitationId',
  'webhookId',
  'deliveryId',
  'keyId',
  'domainId',
  'requestId',
  'credentialId',
] as const;
type TenantParam = (typeof TENANT_PARAMS)[number];
type Ids = Record<TenantParam, string>;
/** An org's ids, and the secret of its workspace's admin key. */
type Org = Ids & { key: string };

const tenantRoutes = (Object.entries(routes) as Array<[RouteName, RouteDefinition]>).filter(([, route]) =>
  pathParamNames(route).some((name) => (TENANT_PARAMS as readonly string[]).includes(name)),
);

let attacker: TestUser;
/** A viewer in A: a weaker role must not tell real ids from random ones either (403 vs 404 would). */
let attackingViewer: TestUser;
let victim: TestUser;
let orgA: Org;
let orgB: Org;

async function orgWithEverything(admin: TestUser, label: string): Promise<Org> {
  const orgId = (await admin.api.post('/api/v1/orgs', { name: `Tenant ${label}` })).body.id as string;
  const workspaceId = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: `${label}-workspace` })).body.id as string;
  const member = await signUp(`${label}-member`);
  await addMember(orgId, member, 'developer', { [workspaceId]: 'developer' });
  const invitation = await admin.api.post(`/api/v1/orgs/${orgId}/invitations`, {
    email: `${label}-${randomUUID().slice(0, 8)}@example.com`,
    role: 'viewer',
  });
  expect(invitation.status).toBe(201);
  // Subscribed to webhook events only, and its own delivery settled: nothing in the tests below adds to it.
  const { webhookId, deliveryId } = await settledWebhook(admin, orgId);
  const key = await createKey(admin, orgId, workspaceId, 'admin');
  const requester = await signUp(`${label}-requester`);
  await addMember(orgId, requester, 'viewer');
  const request = await requester.api.post(`/api/v1/orgs/${orgId}/workspaces/${workspaceId}/access-requests`, {});
  expect(request.status).toBe(201);
  // Published and left to the API alone, so that only a verify call that got through could change it.
  const domain = await addDomain(admin, orgId);
  await publish(domain);
  await postponeChecks(domain);
  const credential = await storeCredential(admin, orgId, workspaceId);
  return {
    credentialId: credential.id,
    orgId,
    workspaceId,
    userId: member.id,
    invitationId: invitation.body.id,
    webhookId,
    deliveryId,
    keyId: key.id,
    requestId: request.body.id,
    domainId: domain.id,
    key: key.key,
  };
}

/** Outbox items and notices flip to sent shortly after their emails go out; wait for that, so that B's partition holds still. */
async function settled(admin: TestUser, orgId: string): Promise<void> {
  for (let tries = 0; tries < 150; tries++) {
    const list = await admin.api.get(`/api/v1/orgs/${orgId}/invitations`);
    const notices = (await orgPartition(orgId)).filter((item) => item.type === 'notice');
    if (
      list.body.data.every((item: { email_status: string }) => item.email_status !== 'queued') &&
      notices.length > 1 &&
      notices.every((notice) => notice.status !== 'pending')
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('invitation email never recorded as sent');
}

beforeAll(async () => {
  [attacker, attackingViewer, victim] = await Promise.all([signUp('attacker'), signUp('attacking-viewer'), signUp('victim')]);
  [orgA, orgB] = await Promise.all([orgWithEverything(attacker, 'a'), orgWithEverything(victim, 'b')]);
  await addMember(orgA.orgId, attackingViewer, 'viewer', { [orgA.workspaceId]: 'viewer' });
  await Promise.all([settled(attacker, orgA.orgId), settled(victim, orgB.orgId)]);
}, 60_000);

const randomIds = (): Ids => ({
  orgId: randomUUID(),
  workspaceId: randomUUID(),
  userId: randomUUID(),
  invitationId: randomUUID(),
  webhookId: randomUUID(),
  deliveryId: randomUUID(),
  keyId: randomUUID(),
  requestId: randomUUID(),
  domainId: randomUUID(),
  credentialId: randomUUID(),
});

/**
 * The id combinations to try on a route: every parameter from B; and A's org with each mix of A's
 * and B's child ids that holds at least one of B's. Each comes with its twin in which B's ids are
 * replaced by random ones.
 */
function probes(
  route: RouteDefinition,
): Array<{ label: string; real: Record<string, string>; random: Record<string, string>; allFromB: boolean }> {
  const params = pathParamNames(route) as TenantParam[];
  const children: TenantParam[] = params.filter((name) => name !== 'orgId');
  const random = randomIds();
  const result = [{ label: 'all of B', real: pick(params, () => orgB), random: pick(params, () => random), allFromB: true }];
  for (let mask = 1; mask < 1 << children.length; mask++) {
    const fromB = (name: TenantParam) => children.indexOf(name) >= 0 && (mask & (1 << children.indexOf(name))) !== 0;
    result.push({
      label: `A's org with B's ${children.filter(fromB).join(', ')}`,
      real: pick(params, (name) => (name === 'orgId' || !fromB(name) ? orgA : orgB)),
      random: pick(params, (name) => (name === 'orgId' || !fromB(name) ? orgA : random)),
      allFromB: false,
    });
  }
  return result;
}

function pick(params: TenantParam[], source: (name: TenantParam) => Ids): Record<string, string> {
  return Object.fromEntries(params.map((name) => [name, source(name)[name]]));
}

describe("another tenant's real ids", () => {
  it('covers every route with an org, workspace, member, invitation, webhook or delivery id in its path', () => {
    expect(tenantRoutes.length).toBeGreaterThanOrEqual(18);
    // Every route with a path parameter is either tenant-scoped, addressed by an invitation link, or
    // one of Swagger UI's files (an allow-listed name that touches no tenant).
    for (const route of routeList.filter((r) => r.path.includes('{'))) {
      const notTenantScoped = ['token', 'file'].includes(pathParamNames(route).join());
      expect(tenantRoutes.some(([, r]) => r === route) || notTenantScoped, route.path).toBe(true);
    }
  });

  it('answer exactly as random ids do, and change nothing in either org', async () => {
    const [beforeA, beforeB] = await Promise.all([orgPartitionAtRest(orgA.orgId), orgPartitionAtRest(orgB.orgId)]);
    const problems: string[] = [];
    const attackers = [
      { label: "A's admin", authorization: `Bearer ${attacker.token}`, isKey: false },
      { label: "A's viewer", authorization: `Bearer ${attackingViewer.token}`, isKey: false },
      { label: "an admin key of A's workspace", authorization: `Bearer ${orgA.key}`, isKey: true },
    ];
    // One attacker at a time: all of them at once is more requests in flight than the local runtime answers in time.
    for (const { label, authorization, isKey } of attackers) {
      await Promise.all(
        tenantRoutes.flatMap(([name, route]) =>
          probes(route).map(async (probe) => {
            const body = sampleBodies[name]?.();
            const request = (ids: Record<string, string>) => send(route.method, fillPath(route, ids), { authorization, body });
            const [real, random] = await Promise.all([request(probe.real), request(probe.random)]);
            const where = `${label}: ${route.method} ${route.path} (${probe.label})`;
            // A key is refused on every route that takes no keys before anything is read: the same 403 whatever the ids.
            const expected = isKey && !route.apiKeys ? 403 : 404;
            if (probe.allFromB && real.status !== expected) problems.push(`${where}: ${real.status}, expected ${expected}`);
            if (real.status < 400 || real.status >= 500) problems.push(`${where}: ${real.status}, expected a refusal`);
            if (real.status !== random.status) problems.push(`${where}: ${real.status} for real ids, ${random.status} for random ones`);
            else if (JSON.stringify(withoutRequestId(real.body)) !== JSON.stringify(withoutRequestId(random.body))) {
              problems.push(`${where}: ${JSON.stringify(real.body)} differs from ${JSON.stringify(random.body)}`);
            }
          }),
        ),
      );
    }
    expect(problems).toEqual([]);
    expect(await orgPartitionAtRest(orgB.orgId)).toEqual(beforeB);
    expect(await orgPartitionAtRest(orgA.orgId)).toEqual(beforeA);
  });
});

describe('the tenant comes from the token and the path only', () => {
  const auth = () => `Bearer ${attacker.token}`;
  const tenantHeaders = () => ({
    'x-org-id': orgB.orgId,
    'x-tenant-id': orgB.orgId,
    'x-workspace-id': orgB.workspaceId,
    'org-id': orgB.orgId,
  });

  it("ignores headers that name another org: the request acts on the path's org", async () => {
    const beforeB = await orgPartition(orgB.orgId);
    const renamed = await send('PATCH', `/api/v1/orgs/${orgA.orgId}`, {
      authorization: auth(),
      headers: tenantHeaders(),
      body: { name: 'Renamed with a header' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.id).toBe(orgA.orgId);
    const created = await send('POST', `/api/v1/orgs/${orgA.orgId}/workspaces`, {
      authorization: auth(),
      headers: tenantHeaders(),
      body: { name: 'header-made' },
    });
    expect(created.status).toBe(201);
    expect(created.body.org_id).toBe(orgA.orgId);
    const listed = await send('GET', `/api/v1/orgs/${orgA.orgId}/workspaces`, { authorization: auth(), headers: tenantHeaders() });
    expect(listed.body.data.map((workspace: { org_id: string }) => workspace.org_id)).toEqual(listed.body.data.map(() => orgA.orgId));
    expect(listed.body.data.map((workspace: { id: string }) => workspace.id)).toContain(created.body.id);
    const theirs = await send('GET', `/api/v1/orgs/${orgB.orgId}`, { authorization: auth(), headers: tenantHeaders() });
    expect(theirs.status).toBe(404);
    expect(await orgPartition(orgB.orgId)).toEqual(beforeB);
  });

  it('refuses an org id in a body with 400 naming the field, for every route with a body', async () => {
    const beforeB = await orgPartition(orgB.orgId);
    const bodyRoutes = (Object.entries(routes) as Array<[RouteName, RouteDefinition]>).filter(([, route]) => route.body);
    expect(bodyRoutes.length).toBeGreaterThan(0);
    for (const [name, route] of bodyRoutes) {
      const ids = { ...orgA };
      for (const field of ['org_id', 'orgId']) {
        const response = await send(route.method, fillPath(route, ids), {
          authorization: auth(),
          body: { ...sampleBodies[name]!(), [field]: orgB.orgId },
        });
        expect(response.status, `${route.method} ${route.path} with ${field}`).toBe(400);
        expect(response.body.error.details, `${route.method} ${route.path}`).toContainEqual({
          field: `body.${field}`,
          message: 'is not a field of this request; remove it',
        });
      }
    }
    expect(await orgPartition(orgB.orgId)).toEqual(beforeB);
  });

  it('refuses an org id in the query with 400 on every route', async () => {
    const problems: string[] = [];
    const ids = {
      orgId: orgA.orgId,
      workspaceId: orgA.workspaceId,
      userId: orgA.userId,
      invitationId: orgA.invitationId,
      webhookId: orgA.webhookId,
      deliveryId: orgA.deliveryId,
      keyId: orgA.keyId,
      requestId: orgA.requestId,
      domainId: orgA.domainId,
      credentialId: orgA.credentialId,
      token: 'A'.repeat(43),
      file: 'swagger-ui.css',
    };
    // The invitation page is the one route whose query is open by design: identity providers add
    // their own parameters to its callback. It is a static page that touches no tenant.
    for (const [name, route] of (Object.entries(routes) as Array<[RouteName, RouteDefinition]>).filter(
      ([name]) => name !== 'getInvitePage',
    )) {
      for (const field of ['org_id', 'orgId']) {
        const body = sampleBodies[name]?.();
        const response = await send(route.method, `${fillPath(route, ids)}?${field}=${orgB.orgId}`, { authorization: auth(), body });
        const details: Array<{ field: string }> = response.body?.error?.details ?? [];
        if (response.status !== 400 || !details.some((detail) => detail.field === `query.${field}`))
          problems.push(
            `${route.method} ${route.path}?${field}=: ${response.status} ${String(JSON.stringify(response.body)).slice(0, 120)}`,
          );
      }
    }
    expect(problems).toEqual([]);
  });
});
