// /me and /orgs read one page of the person index and nothing else (#17): each membership carries a
// copy of what they show of its org, which the stream consumer keeps current. These tests run
// against the shared local environment, whose stream poller runs the consumer; the consumer is also
// called here directly, with records as Lambda would replay them, and with a fault injected.
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memberEntity } from '../../features/members/member-entity.js';
import { orgEntity } from '../../features/organizations/org-entity.js';
import { getMe } from '../../features/users/user-service.js';
import { handler as copyOrgToMemberships } from '../../functions/copy-org-to-memberships.js';
import { db, dynamoClient, dynamoRequestLog, tableName } from '../../shared/clients.js';
import type { UserPrincipal } from '../../shared/vocabulary/principal.js';
import { signUp, type TestUser, uniqueEmail } from '../support/api.js';
import { addMember } from '../support/members.js';
import { itemsOfOrg } from '../support/table.js';

let admin: TestUser;
let viewer: TestUser;
let orgId: string;

beforeEach(async () => {
  [admin, viewer] = await Promise.all([signUp('admin'), signUp('viewer')]);
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Before' })).body.id;
  // Written straight to the table without a copy, as a join that does not hold the org writes it.
  await addMember(orgId, viewer, 'viewer', {}, { withoutCopy: true });
});
afterEach(() => vi.restoreAllMocks());

const nameInMe = async (user: TestUser) =>
  ((await user.api.get('/api/v1/me')).body.orgs as { id: string; name: string }[]).find((org) => org.id === orgId)?.name;
const nameInOrgs = async (user: TestUser) =>
  ((await user.api.get('/api/v1/orgs?limit=100')).body.data as { id: string; name: string }[]).find((org) => org.id === orgId)?.name;

const personOf = (user: TestUser): UserPrincipal => ({
  type: 'user',
  userId: user.id,
  email: user.email,
  emailVerified: true,
  name: user.name,
});

async function storedMemberships() {
  return (await itemsOfOrg(orgId)).filter((item) => memberEntity.is(item)).map((item) => memberEntity.parse(item));
}

async function storedOrg() {
  return orgEntity.parse((await itemsOfOrg(orgId)).find((item) => orgEntity.is(item))!);
}

/** The stream record of a change to the org, from `before` to `after`, as Lambda hands it over. */
function orgModified(before: Record<string, unknown>, after: Record<string, unknown>, sequenceNumber = '1'): DynamoDBStreamEvent {
  const image = (record: Record<string, unknown>) =>
    marshall(orgEntity.item(record as Parameters<typeof orgEntity.item>[0])) as NonNullable<
      NonNullable<DynamoDBStreamEvent['Records'][number]['dynamodb']>['NewImage']
    >;
  return {
    Records: [
      {
        eventName: 'MODIFY',
        eventSource: 'aws:dynamodb',
        dynamodb: { SequenceNumber: sequenceNumber, OldImage: image(before), NewImage: image(after) },
      },
    ],
  };
}

describe('a membership inserted without a copy', () => {
  it('gets one from the stream, as the org is now', async () => {
    await expect
      .poll(async () => (await storedMemberships()).find((member) => member.user_id === viewer.id)?.org_copy)
      .toEqual({
        name: 'Before',
        personal: false,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        version: 1,
      });
    expect(await nameInMe(viewer)).toBe('Before');
  });
});

describe('a rename', () => {
  it("shows in every member's /me and /orgs within a second (the stream's lag, locally)", async () => {
    await expect.poll(async () => (await storedMemberships()).every((member) => member.org_copy)).toBe(true);
    expect((await admin.api.patch(`/api/v1/orgs/${orgId}`, { name: 'After' })).status).toBe(200);
    // The staleness window the README states: the poller's interval and one pass of the consumer.
    await expect.poll(() => nameInMe(viewer), { timeout: 1_000, interval: 50 }).toBe('After');
    expect(await nameInOrgs(viewer)).toBe('After');
    expect(await nameInMe(admin)).toBe('After');
    expect((await storedMemberships()).map((member) => member.org_copy?.version)).toEqual([2, 2]);
  });

  it('reaches every membership of an org with more members than a page of the consumer', async () => {
    const members = Array.from({ length: 230 }, (_, i) => ({ id: randomUUID(), email: uniqueEmail(`m${i}`), name: null }));
    await Promise.all(members.map((member) => addMember(orgId, member as unknown as TestUser, 'viewer')));
    expect((await admin.api.patch(`/api/v1/orgs/${orgId}`, { name: 'Many' })).status).toBe(200);
    await expect
      .poll(async () => (await storedMemberships()).filter((member) => member.org_copy?.name === 'Many').length, { timeout: 20_000 })
      .toBe(232);
  }, 60_000);
});

describe('the copy consumer', () => {
  it('never lets an older rename overwrite a newer one, and a replayed record changes nothing', async () => {
    await expect.poll(async () => (await storedMemberships()).every((member) => member.org_copy)).toBe(true);
    const first = await storedOrg();
    expect((await admin.api.patch(`/api/v1/orgs/${orgId}`, { name: 'Newer' })).status).toBe(200);
    await expect.poll(() => nameInMe(viewer)).toBe('Newer');

    // The record of a rename to version 2 arrives late, after the rename to version 3 landed.
    const newer = await storedOrg();
    const older = { ...first, name: 'Older', version: newer.version! - 1, updated_at: first.updated_at };
    expect(await copyOrgToMemberships(orgModified(first, older))).toEqual({ batchItemFailures: [] });
    expect(await nameInMe(viewer)).toBe('Newer');
    expect(await nameInOrgs(admin)).toBe('Newer');

    // The same record again, as at-least-once delivery may bring it.
    const replay = orgModified(first, newer);
    expect(await copyOrgToMemberships(replay)).toEqual({ batchItemFailures: [] });
    expect((await storedMemberships()).map((member) => member.org_copy)).toEqual([
      expect.objectContaining({ name: 'Newer', version: newer.version }),
      expect.objectContaining({ name: 'Newer', version: newer.version }),
    ]);
  });

  it('reports a record that fails part-way, and its retry finishes the copies without losing any', async () => {
    const members = Array.from({ length: 150 }, (_, i) => ({ id: randomUUID(), email: uniqueEmail(`p${i}`), name: null }));
    await Promise.all(members.map((member) => addMember(orgId, member as unknown as TestUser, 'viewer')));
    await expect.poll(async () => (await storedMemberships()).every((member) => member.org_copy), { timeout: 20_000 }).toBe(true);
    const before = await storedOrg();
    // A rename this process's consumer hears of (the table's org is not touched, so the poller's consumer is not).
    const renamed = { ...before, name: 'Retried', version: (before.version ?? 0) + 1, updated_at: new Date().toISOString() };
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let updates = 0;
    const fault = 'fail-the-60th-copy';
    dynamoClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'UpdateItemCommand' && ++updates === 60)
          throw Object.assign(new Error('injected'), { name: 'InjectedFault' });
        return next(args);
      },
      { step: 'initialize', name: fault },
    );
    try {
      const failed = await copyOrgToMemberships(orgModified(before, renamed, '42'));
      expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: '42' }] });
    } finally {
      dynamoClient.middlewareStack.remove(fault);
    }
    const partly = (await storedMemberships()).filter((member) => member.org_copy?.name === 'Retried').length;
    expect(partly).toBeLessThan(152);

    expect(await copyOrgToMemberships(orgModified(before, renamed, '42'))).toEqual({ batchItemFailures: [] });
    expect((await storedMemberships()).filter((member) => member.org_copy?.name === 'Retried')).toHaveLength(152);
  }, 60_000);
});

describe('a membership without a copy', () => {
  it('(written before copies) shows the org read from its record, at one read more; the others cost none', async () => {
    await expect.poll(async () => (await storedMemberships()).every((member) => member.org_copy)).toBe(true);
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: memberEntity.key({ org_id: orgId, user_id: viewer.id }),
        UpdateExpression: 'REMOVE org_copy',
      }),
    );

    dynamoRequestLog.length = 0;
    const me = await getMe(personOf(viewer));
    expect(me.orgs.find((org) => org.id === orgId)?.name).toBe('Before');
    expect(dynamoRequestLog.map((request) => request.command)).toEqual(['QueryCommand', 'BatchGetItemCommand']);

    dynamoRequestLog.length = 0;
    await getMe(personOf(admin));
    expect(dynamoRequestLog.map((request) => request.command)).toEqual(['QueryCommand']);
  });
});
