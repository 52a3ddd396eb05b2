// A deleted workspace leaves its members' grants even when the stream record that should trigger
// the cleanup is lost (#11): the delete queues a cleanup in its own transaction, and the scheduled
// sweep runs whatever the stream consumer did not. This file runs its own API, stream poller and
// schedules (on the shared DynamoDB Local, with a table of its own), so that the fault injected
// here reaches this file's consumer only. Nothing from shared/ is imported before that environment
// has set the configuration its modules read.
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { freePort, type LocalEnvironment, startLocalEnvironment } from '../../infra/local/environment.js';
import { signUp, type TestUser } from '../support/api.js';

let environment: LocalEnvironment;

beforeAll(async () => {
  environment = await startLocalEnvironment({
    port: await freePort(),
    dynamoPort: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    sesPort: await freePort(),
    tableName: 'orgspace-grant-cleanup',
    scheduleIntervalMs: 300,
  });
  const { useApi } = await import('../support/api.js');
  useApi(environment.apiUrl);
});

afterAll(() => environment?.stop());
afterEach(() => vi.restoreAllMocks());

// Imported only once the environment has set the configuration.
const modules = async () => ({
  clients: await import('../../shared/clients.js'),
  backgroundFunctions: await import('../../shared/events/background-functions.js'),
  members: await import('../support/members.js'),
  table: await import('../support/table.js'),
  consumer: await import('../../functions/drop-workspace-grants.js'),
});
const sweepHandler = async () => (await import('../../functions/sweep-workspace-grants.js')).handler;

let admin: TestUser;
let developer: TestUser;
let viewer: TestUser;
let orgId: string;
let staging: string;
let scratch: string;

beforeEach(async () => {
  const { members } = await modules();
  [admin, developer, viewer] = await Promise.all([signUp('admin'), signUp('developer'), signUp('viewer')]);
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Cleanup' })).body.id;
  staging = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body.id;
  scratch = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'scratch' })).body.id;
  await members.addMember(orgId, developer, 'developer', { [staging]: 'developer', [scratch]: 'viewer' });
  await members.addMember(orgId, viewer, 'viewer', { [scratch]: 'admin' });
  // A versioned membership too: the cleanup moves the version on from wherever it is.
  expect((await admin.api.put(`/api/v1/orgs/${orgId}/workspaces/${scratch}/members/${viewer.id}`, { role: 'developer' })).status).toBe(200);
});

const grantsOf = async (user: TestUser) =>
  (await admin.api.get(`/api/v1/orgs/${orgId}/members/${user.id}`)).body.workspaces.map(
    (grant: { workspace_id: string }) => grant.workspace_id,
  );

async function storedState() {
  const { table } = await modules();
  const items = await table.itemsOfOrg(orgId);
  return {
    cleanups: items.filter((item) => item.type === 'grant_cleanup'),
    members: Object.fromEntries(items.filter((item) => item.type === 'member').map((item) => [item.user_id, item])),
  };
}

/**
 * Every cleanup query for `workspaceId` from this process fails, as a record does that ends in the
 * dead-letter queue: the consumer reports it, the poller retries it, then gives up on it.
 */
async function loseTheStreamRecordOf(workspaceId: string) {
  const { clients } = await modules();
  let attempts = 0;
  const name = `lost-record-${workspaceId}`;
  clients.dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      const names = (args.input as { ExpressionAttributeNames?: Record<string, string> }).ExpressionAttributeNames;
      if (context.commandName?.startsWith('Query') && names?.['#workspace'] === workspaceId) {
        attempts++;
        throw Object.assign(new Error('injected: the stream record is lost'), { name: 'InjectedFault' });
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { attempts: () => attempts, restore: () => clients.dynamoClient.middlewareStack.remove(name) };
}

/** Moves a queued cleanup's due time into the past, where waiting out the grace is not an option. */
async function makeDue(cleanup: Record<string, unknown>) {
  const { clients } = await modules();
  const cleanupEntity = await import('../../features/members/grant-cleanup-entity.js');
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const record = cleanupEntity.grantCleanupEntity.parse(cleanup);
  await clients.db.send(
    new PutCommand({
      TableName: clients.tableName,
      Item: cleanupEntity.grantCleanupEntity.item({ ...record, due_at: new Date(Date.now() - 1_000).toISOString() }),
    }),
  );
}

/** The stream record of the workspace's deletion, as Lambda would hand it over again. */
function replayedRemove(workspaceId: string): DynamoDBStreamEvent {
  return {
    Records: [
      {
        eventName: 'REMOVE',
        eventSource: 'aws:dynamodb',
        dynamodb: {
          SequenceNumber: '1',
          OldImage: { type: { S: 'workspace' }, org_id: { S: orgId }, id: { S: workspaceId } },
        },
      },
    ],
  };
}

describe('deleting a workspace whose stream record is lost', () => {
  it('leaves a queued cleanup, which the sweep runs once due: the grants and the cleanup go', async () => {
    const { backgroundFunctions } = await modules();
    // The consumer's and the poller's complaints about the injected fault are expected.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const consumer = backgroundFunctions.streamConsumers.find((row) => row.name === 'drop-workspace-grants')!;
    const before = await storedState();

    const lost = await loseTheStreamRecordOf(scratch);
    try {
      expect((await admin.api.delete(`/api/v1/orgs/${orgId}/workspaces/${scratch}`)).status).toBe(204);
      // The poller delivers the record, the consumer fails on it each time, and the poller gives up.
      await expect.poll(lost.attempts, { timeout: 20_000, interval: 100 }).toBe(1 + consumer.retryAttempts);
    } finally {
      lost.restore();
    }

    // What the bug left behind: grants to a workspace that is gone. Now a cleanup is queued beside them,
    // and the sweep (running every 300 ms here) leaves it alone while the consumer's grace lasts.
    expect(await grantsOf(developer)).toEqual([staging, scratch]);
    expect(await grantsOf(viewer)).toEqual([scratch]);
    const queued = (await storedState()).cleanups;
    expect(queued).toMatchObject([{ org_id: orgId, workspace_id: scratch, gsi1pk: 'CLEANUP#DUE' }]);

    await makeDue(queued[0]!);
    await expect.poll(() => grantsOf(developer), { timeout: 10_000 }).toEqual([staging]);
    await expect.poll(async () => (await storedState()).cleanups, { timeout: 10_000 }).toEqual([]);
    expect(await grantsOf(viewer)).toEqual([]);
    const after = await storedState();
    expect(after.members[developer.id]?.version).toBe(1);
    expect(after.members[viewer.id]?.version).toBe((before.members[viewer.id]?.version as number) + 1);
  }, 60_000);
});

describe('running a cleanup again', () => {
  it('changes nothing: a replayed stream record and another sweep pass find nothing to drop', async () => {
    const { consumer } = await modules();
    const sweep = await sweepHandler();
    expect((await admin.api.delete(`/api/v1/orgs/${orgId}/workspaces/${scratch}`)).status).toBe(204);
    // The stream consumer runs at once: grants and cleanup go without waiting for the sweep.
    await expect.poll(async () => (await storedState()).cleanups, { timeout: 10_000 }).toEqual([]);
    const cleaned = await storedState();
    expect(Object.values(cleaned.members).map((member) => Object.keys((member as { workspaces: object }).workspaces))).toEqual(
      expect.arrayContaining([[staging], []]),
    );

    // Replayed twice, once alongside a sweep pass.
    expect(await consumer.handler(replayedRemove(scratch))).toEqual({ batchItemFailures: [] });
    await Promise.all([consumer.handler(replayedRemove(scratch)), sweep()]);
    expect(await storedState()).toEqual(cleaned);
  });
});
