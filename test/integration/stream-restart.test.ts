// The local stream poller keeps its place across restarts, as Lambda's event source mapping does:
// what changed while it was down still reaches the consumers once it is back (issue 11 #11: a
// workspace deleted just before a restart must still leave its members' grants). A consumer of its
// own, filtered to this test's items, records what it is given.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startStreamConsumers } from '../../infra/local/stream-consumers.js';
import { db, tableName } from '../../shared/clients.js';
import type { StreamConsumer } from '../../shared/events/background-functions.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';

const dataDir = mkdtempSync(join(tmpdir(), 'orgspace-stream-'));
const marker = `stream-restart-${Date.now()}`;
const { partitionKey, sortKey } = TABLE_DEFINITION;
const keyOf = (n: number) => ({ [partitionKey]: `TEST#${marker}#${n}`, [sortKey]: 'item' });
afterAll(async () => {
  for (let n = 0; n < 4; n++) await db.send(new DeleteCommand({ TableName: tableName, Key: keyOf(n) }));
  rmSync(dataDir, { recursive: true, force: true });
});

const recorder: StreamConsumer = {
  name: 'test-recorder',
  description: "Records this test's inserts",
  tableAccess: 'none',
  sendsMail: false,
  publishesEvents: false,
  filter: { eventName: ['INSERT'], dynamodb: { NewImage: { marker: { S: [marker] } } } },
  batchSize: 10,
  retryAttempts: 0,
  whenDeadLettered: 'Never: a test consumer.',
};
const received: number[] = [];

function startPoller() {
  return startStreamConsumers({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    tableName: inject('tableName'),
    consumers: [recorder],
    pollIntervalMs: 50,
    checkpointFile: join(dataDir, 'stream-checkpoints.json'),
    handlerOf: async () => async (event) => {
      for (const record of event.Records) received.push(Number(record.dynamodb?.NewImage?.n?.N));
      return { batchItemFailures: [] };
    },
  });
}

const write = (n: number) => db.send(new PutCommand({ TableName: tableName, Item: { ...keyOf(n), marker, n } }));
const waitForReceived = (count: number) => expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);

describe('the local stream poller across a restart', () => {
  it('reads from now on at its first start, then resumes after the last record it finished with', async () => {
    await write(0);
    const first = await startPoller();
    await write(1);
    await waitForReceived(1);
    await first.stop();

    // Changes while it is down: the restart must not skip them.
    await write(2);
    await write(3);
    const second = await startPoller();
    try {
      await waitForReceived(3);
      // Give a replay of record 1 (or a late record 0) the time to show.
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await second.stop();
    }
    expect(received).toEqual([1, 2, 3]);
  });
});
