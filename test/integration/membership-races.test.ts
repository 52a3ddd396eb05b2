// Lost updates on memberships (#12): a route that reads a membership and then writes it must not
// land on a membership that another request changed in between, whatever that change was (a
// grant put or removed, a role change). The route's handler runs in this process against DynamoDB
// Local; the competing write goes through the API and is let in between the handler's read and
// its transaction by a hook on this process's DynamoDB client, so the race is the same every run.
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memberEntity } from '../../features/members/member-entity.js';
import { routes } from '../../features/routes.js';
import { db, dynamoClient, tableName } from '../../shared/clients.js';
import type { RouteDefinition } from '../../shared/http/route.js';
import { type ApiResponse, signUp, type TestUser } from '../support/api.js';
import { addMember } from '../support/members.js';
import { invokeRoute, routeEvent, type SampleRequest } from '../support/route-samples.js';

let admin: TestUser;
let target: TestUser;
let orgId: string;
let staging: string;
let prod: string;

beforeEach(async () => {
  [admin, target] = await Promise.all([signUp('admin'), signUp('target')]);
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Races' })).body.id;
  staging = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body.id;
  prod = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'prod' })).body.id;
  // Written as before memberships had a version: such an item reads as version 0.
  await addMember(orgId, target, 'developer', { [staging]: 'developer' });
});

const removeHook: Array<() => void> = [];
afterEach(() => {
  for (const remove of removeHook.splice(0)) remove();
});

/** Lets `write` land after the handler's reads and before its first transaction reaches DynamoDB. */
function beforeTheTransaction(write: () => Promise<ApiResponse>) {
  const name = `race-${randomUUID()}`;
  let landed: ApiResponse | undefined;
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      if (!landed && context.commandName?.startsWith('TransactWrite')) landed = await write();
      return next(args);
    },
    { step: 'initialize', name },
  );
  removeHook.push(() => dynamoClient.middlewareStack.remove(name));
  return { landed: () => landed };
}

const memberPath = (userId: string) => `/api/v1/orgs/${orgId}/members/${userId}`;
const grantPath = (workspaceId: string, userId: string) => `/api/v1/orgs/${orgId}/workspaces/${workspaceId}/members/${userId}`;

async function storedMember(userId: string) {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: memberEntity.key({ org_id: orgId, user_id: userId }), ConsistentRead: true }),
  );
  return Item ? memberEntity.parse(Item) : undefined;
}

function invoke(route: RouteDefinition, request: SampleRequest, headers: Record<string, string> = {}) {
  const event = routeEvent(route, request, admin);
  return invokeRoute(route, { ...event, headers: { ...event.headers, ...headers } });
}

const errorCode = (response: { body?: string }) => JSON.parse(response.body ?? '{}').error?.code;

describe('a membership write after a read', () => {
  it('refuses a role change when a workspace grant landed after its read (409)', async () => {
    const race = beforeTheTransaction(() => admin.api.put(grantPath(prod, target.id), { role: 'viewer' }));
    const response = await invoke(routes.updateMember, { path: { orgId, userId: target.id }, body: { role: 'viewer' } });
    expect(race.landed()?.status).toBe(200);
    expect(response.statusCode, response.body).toBe(409);
    expect(errorCode(response)).toBe('concurrent_modification');
    expect(await storedMember(target.id)).toMatchObject({ role: 'developer', workspaces: { [staging]: 'developer', [prod]: 'viewer' } });
  });

  it('answers 412 with If-Match when a grant was removed after its read, and goes ahead once read again', async () => {
    const read = await admin.api.get(memberPath(target.id));
    const etag = read.headers.get('etag')!;
    // The removal is one transaction without a read: it too moves the version on.
    const race = beforeTheTransaction(() => admin.api.delete(grantPath(staging, target.id)));
    const response = await invoke(
      routes.updateMember,
      { path: { orgId, userId: target.id }, body: { role: 'viewer' } },
      { 'if-match': etag },
    );
    expect(race.landed()?.status).toBe(204);
    expect(response.statusCode, response.body).toBe(412);
    expect(await storedMember(target.id)).toMatchObject({ role: 'developer', workspaces: {} });

    const again = await admin.api.get(memberPath(target.id));
    const retried = await invoke(
      routes.updateMember,
      { path: { orgId, userId: target.id }, body: { role: 'viewer' } },
      { 'if-match': again.headers.get('etag')! },
    );
    expect(retried.statusCode, retried.body).toBe(200);
    expect(await storedMember(target.id)).toMatchObject({ role: 'viewer', workspaces: {} });
  });

  it('refuses a workspace grant when the org role changed after its read', async () => {
    // A first grant gives the item a version; the race then meets a versioned membership.
    expect((await admin.api.put(grantPath(prod, target.id), { role: 'viewer' })).status).toBe(200);
    const race = beforeTheTransaction(() => admin.api.patch(memberPath(target.id), { role: 'viewer' }));
    const response = await invoke(routes.putWorkspaceMember, {
      path: { orgId, workspaceId: staging, userId: target.id },
      body: { role: 'admin' },
    });
    expect(race.landed()?.status).toBe(200);
    expect(response.statusCode, response.body).toBe(409);
    expect(errorCode(response)).toBe('concurrent_modification');
    expect(await storedMember(target.id)).toMatchObject({ role: 'viewer', workspaces: { [staging]: 'developer', [prod]: 'viewer' } });
  });

  it('refuses to remove a member whose grants changed after its read', async () => {
    const race = beforeTheTransaction(() => admin.api.put(grantPath(prod, target.id), { role: 'developer' }));
    const response = await invoke(routes.removeMember, { path: { orgId, userId: target.id } });
    expect(race.landed()?.status).toBe(200);
    expect(response.statusCode, response.body).toBe(409);
    expect(errorCode(response)).toBe('concurrent_modification');
    expect(await storedMember(target.id)).toMatchObject({ workspaces: { [staging]: 'developer', [prod]: 'developer' } });
  });

  it('moves the version on with every change, and leaves it alone when nothing changes', async () => {
    expect((await storedMember(target.id))?.version).toBeUndefined();
    expect((await admin.api.put(grantPath(prod, target.id), { role: 'viewer' })).status).toBe(200);
    expect((await admin.api.put(grantPath(prod, target.id), { role: 'viewer' })).status).toBe(200); // the same grant: no write
    expect((await admin.api.patch(memberPath(target.id), { role: 'viewer' })).status).toBe(200);
    expect((await admin.api.delete(grantPath(prod, target.id))).status).toBe(204);
    expect((await admin.api.delete(grantPath(prod, target.id))).status).toBe(404);
    expect(await storedMember(target.id)).toMatchObject({ version: 3, role: 'viewer', workspaces: { [staging]: 'developer' } });
    // Its ETag digests the representation only: the version is not part of what a client sees.
    const read = await admin.api.get(memberPath(target.id));
    expect(read.body).not.toHaveProperty('version');
  });
});
