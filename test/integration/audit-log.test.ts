// The audit log: every write route records exactly the events its row declares, in the same
// transaction as the change, with the caller as actor and the request's id; reading the log by
// org and by workspace with filters and pagination; the event feed in order; retention.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEventEntity } from '../../features/audit/audit-event-entity.js';
import { type RouteName, routes } from '../../features/routes.js';
import { db, tableName } from '../../shared/clients.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import { newId } from '../../shared/vocabulary/ids.js';
import { type ApiResponse, signUp, type TestUser, uniqueEmail } from '../support/api.js';
import { addMember } from '../support/members.js';
import { createFixture, type Fixture, invokeRoute, routeEvent, sampleRequests } from '../support/route-samples.js';
import { itemsOfOrg } from '../support/table.js';

const writeRoutes = (Object.entries(routes) as Array<[RouteName, RouteDefinition]>).filter(([, route]) => route.tableAccess === 'write');

// Rows that name alternatives: a call records one of them (removing someone else, or leaving).
const ONE_OF = new Set<RouteName>(['removeMember', 'putWorkspaceMember']);

/** The org a sample request changes: its path's, or the invitation's behind its token. */
function orgOfSample(name: RouteName, fixture: Fixture, responseBody: unknown): string {
  const sample = sampleRequests[name](fixture);
  if (sample.path?.orgId) return sample.path.orgId;
  if (name === 'createOrg') return (responseBody as { id: string }).id;
  if (name === 'acceptInvitation') return fixture.invitations.accept.orgId;
  if (name === 'declineInvitation') return fixture.invitations.decline.orgId;
  throw new Error(`No org known for ${name}`);
}

async function eventsOf(orgId: string) {
  return (await itemsOfOrg(orgId)).filter((item) => auditEventEntity.is(item)).map((item) => auditEventEntity.parse(item));
}

describe('every write route records its events', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await createFixture();
  });

  it('names the events of every write route in its row', () => {
    const silent = writeRoutes.filter(([, route]) => !route.records?.length).map(([name]) => name);
    expect(silent).toEqual([]);
  });

  for (const [name, route] of writeRoutes) {
    it(`${route.method} ${route.path} records ${route.records?.join(', ')}`, async () => {
      const sample = sampleRequests[name](fixture);
      const event = routeEvent(route, sample, fixture.admin);
      const requestId = `audit-${newId()}`;
      event.requestContext.requestId = requestId;
      event.headers['user-agent'] = 'audit-test/1.0';
      const response = await invokeRoute(route, event);
      expect(response.statusCode, response.body).toBe(route.successStatus);

      const recorded = (await eventsOf(orgOfSample(name, fixture, response.body && JSON.parse(response.body)))).filter(
        (stored) => stored.context.request_id === requestId,
      );
      const actions = recorded.map((stored) => stored.action).sort();
      if (ONE_OF.has(name)) {
        expect(actions).toHaveLength(1);
        expect(route.records).toContain(actions[0]);
      } else {
        expect(actions).toEqual([...(route.records ?? [])].sort());
      }
      const caller = sample.caller ?? fixture.admin;
      for (const stored of recorded) {
        expect(stored.context.user_agent).toBe('audit-test/1.0');
        expect(stored.targets.length).toBeGreaterThan(0);
        if (route.auth === 'public') expect(stored.actor).toMatchObject({ type: 'user', id: 'anonymous' });
        else expect(stored.actor).toMatchObject({ type: 'user', id: caller.id, email: caller.email });
      }
    });
  }
});

describe('the audit log', () => {
  let alice: TestUser;
  let bob: TestUser;
  let orgId: string;
  let workspaceId: string;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([signUp('alice'), signUp('bob')]);
    orgId = (await alice.api.post('/api/v1/orgs', { name: 'Audited' })).body.id;
    workspaceId = (await alice.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body.id;
    await addMember(orgId, bob, 'developer', { [workspaceId]: 'admin' });
  });

  it('shows who renamed a workspace, from what to what, newest first', async () => {
    const renamed = await bob.api.patch(`/api/v1/orgs/${orgId}/workspaces/${workspaceId}`, { name: 'staging-eu' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);

    const log = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log`);
    expect(log.status, JSON.stringify(log.body)).toBe(200);
    expect(log.body.data[0]).toMatchObject({
      schema_version: 1,
      org_id: orgId,
      workspace_id: workspaceId,
      action: 'workspace.updated',
      actor: { type: 'user', id: bob.id, email: bob.email },
      targets: [{ type: 'workspace', id: workspaceId, name: 'staging-eu' }],
      changes: { name: { from: 'staging', to: 'staging-eu' } },
      source: 'api',
      context: { request_id: expect.any(String) },
    });
    expect(log.body.data[0]).not.toHaveProperty('retention_days');
    expect(log.body.data[0]).not.toHaveProperty('target_ids');
    const times = log.body.data.map((event: { occurred_at: string }) => event.occurred_at);
    expect(times).toEqual([...times].sort().reverse());
    // The org's creation is in it too, with its first member and workspace.
    expect(log.body.data.map((event: { action: string }) => event.action)).toEqual(
      expect.arrayContaining(['organization.created', 'member.added', 'workspace.created']),
    );
  });

  it('filters by action, group, actor, target and workspace', async () => {
    await alice.api.patch(`/api/v1/orgs/${orgId}`, { name: 'Audited Inc' });
    const byAction = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?action=organization.updated`);
    expect(byAction.body.data.map((event: { action: string }) => event.action)).toEqual(['organization.updated']);
    expect(byAction.body.data[0].changes).toEqual({ name: { from: 'Audited', to: 'Audited Inc' } });

    const group = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?action=workspace.*`);
    expect(new Set(group.body.data.map((event: { action: string }) => event.action))).toEqual(
      new Set(['workspace.created', 'workspace.updated']),
    );

    const byActor = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?actor_id=${bob.id}`);
    expect(byActor.body.data.length).toBeGreaterThan(0);
    expect(byActor.body.data.every((event: { actor: { id: string } }) => event.actor.id === bob.id)).toBe(true);

    const byTarget = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?target_id=${workspaceId}`);
    expect(byTarget.body.data.length).toBeGreaterThanOrEqual(2);
    expect(
      byTarget.body.data.every((event: { targets: Array<{ id: string }> }) => event.targets.some((target) => target.id === workspaceId)),
    ).toBe(true);

    const byWorkspace = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?workspace_id=${workspaceId}`);
    expect(byWorkspace.body.data.map((event: { action: string }) => event.action)).toEqual([
      'workspace.updated',
      'workspace_member.added',
      'workspace.created',
    ]);

    const unknown = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?action=workspace.exploded`);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('member.role_changed');
  });

  it('pages with cursors that hold to their filters, and narrows by time', async () => {
    const before = new Date().toISOString();
    for (const name of ['one', 'two', 'three', 'four', 'five'])
      await alice.api.post(`/api/v1/orgs/${orgId}/invitations`, { email: uniqueEmail(name), role: 'viewer' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `action=invitation.created&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?${query}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((event: { id: string }) => event.id));
      cursor = page.body.next_cursor;
      if (cursor) {
        const elsewhere = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?action=member.*&cursor=${encodeURIComponent(cursor)}`);
        expect(elsewhere.status).toBe(400);
      }
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);

    const since = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?action=invitation.created&since=${encodeURIComponent(before)}`);
    expect(since.body.data.map((event: { action: string }) => event.action)).toEqual(Array(5).fill('invitation.created'));
    const until = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?until=${encodeURIComponent(before)}&action=invitation.*`);
    expect(until.body.data).toEqual([]);
  });

  it("gives a workspace's admins its log, and nobody else's", async () => {
    const own = await bob.api.get(`/api/v1/orgs/${orgId}/workspaces/${workspaceId}/audit-log`);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.data.every((event: { workspace_id: string }) => event.workspace_id === workspaceId)).toBe(true);
    expect(own.body.data.map((event: { action: string }) => event.action)).toContain('workspace.updated');
    expect((await bob.api.get(`/api/v1/orgs/${orgId}/audit-log`)).status).toBe(403);
  });

  it('never shows an event past its retention', async () => {
    const day = 86_400_000;
    const store = async (daysAgo: number, name: string) => {
      const at = new Date(Date.now() - daysAgo * day).toISOString();
      const event = {
        id: newId(Date.parse(at)),
        schema_version: 1,
        org_id: orgId,
        action: 'organization.updated',
        occurred_at: at,
        actor: { type: 'user' as const, id: alice.id },
        targets: [{ type: 'organization', id: orgId, name }],
        target_ids: [orgId],
        source: 'api' as const,
        context: { request_id: `retention-${daysAgo}` },
        retention_days: 365,
      };
      await db.send(new PutCommand({ TableName: tableName, Item: auditEventEntity.item(event) }));
      return event.id;
    };
    const kept = await store(300, 'kept');
    const expired = await store(400, 'expired');
    const log = await alice.api.get(`/api/v1/orgs/${orgId}/audit-log?action=organization.updated&limit=100`);
    const ids = log.body.data.map((event: { id: string }) => event.id);
    expect(ids).toContain(kept);
    expect(ids).not.toContain(expired);
  });
});

describe('the event feed', () => {
  it('hands out settled events in order, resuming exactly after the last one processed', async () => {
    const admin = await signUp('feeder');
    const orgId = (await admin.api.post('/api/v1/orgs', { name: 'Fed' })).body.id;
    const first = await admin.api.get(`/api/v1/orgs/${orgId}/events?limit=100`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);

    for (const name of ['a', 'b', 'c']) await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name });
    // Settled after a second in the tests (EVENT_FEED_SETTLE_SECONDS).
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const all: Array<{ id: string; action: string }> = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const response: ApiResponse = await admin.api.get(`/api/v1/orgs/${orgId}/events?limit=2${after ? `&after=${after}` : ''}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      all.push(...response.body.data);
      after = response.body.next_after;
      if (!response.body.has_more) break;
    }
    const ids = all.map((event) => event.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.filter((event) => event.action === 'workspace.created')).toHaveLength(4);

    // Nothing new: the same place is handed back.
    const idle = await admin.api.get(`/api/v1/orgs/${orgId}/events?after=${after}`);
    expect(idle.body).toEqual({ data: [], next_after: after, has_more: false });
  });
});
