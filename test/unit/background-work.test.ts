// What the bench's cost estimate adds for what a request sets off once answered
// (bench/background-work.ts). The counts follow from the stream consumers' filters and the prices,
// worked out here by hand: EventBridge $1.00 a million events, SES $0.10 a thousand emails, Lambda
// $0.20 a million invocations.
import { BatchGetCommand, BatchWriteCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { backgroundWorkOf, recordInsertedItems, takeInserted } from '../../bench/background-work.js';
import { db, tableName } from '../../shared/clients.js';

describe('the background work a million requests set off', () => {
  it('puts each audit event on EventBridge, and two consumers take it (publish-events, deliver-webhook-events)', () => {
    const work = backgroundWorkOf([{ perHundred: 100, inserted: { audit_event: 1 } }]);
    expect(work).toMatchObject({ events: 1_000_000, emails: 0, consumerInvocations: 2_000_000 });
    expect(work.eventBridge).toBeCloseTo(1, 9);
    expect(work.consumerRequests).toBeCloseTo(0.4, 9);
    expect(work.ses).toBe(0);
  });

  it('sends each invitation email through SES, and its sending records one event more', () => {
    // The invitation's own event and its email_sent event; the outbox item starts send-invitation-emails.
    const work = backgroundWorkOf([{ perHundred: 100, inserted: { audit_event: 1, outbox: 1 } }]);
    expect(work).toMatchObject({ events: 2_000_000, emails: 1_000_000, consumerInvocations: 5_000_000 });
    expect(work.ses).toBeCloseTo(100, 9);
    expect(work.eventBridge).toBeCloseTo(2, 9);
    expect(work.consumerRequests).toBeCloseTo(1, 9);
  });

  it('weighs each request by its share of the mix, and items no consumer takes cost nothing', () => {
    const work = backgroundWorkOf([
      { perHundred: 3, inserted: {} },
      { perHundred: 1, inserted: { audit_event: 1, org: 1 } },
    ]);
    // A quarter of the requests write one event each; an org's insert starts copy-org-to-memberships.
    expect(work.events).toBeCloseTo(250_000, 6);
    expect(work.consumerInvocations).toBeCloseTo(250_000 * 3, 6);
  });

  it("counts the items a request's Puts insert, alone, in a batch and in a transaction, by type, and leaves reads alone", async () => {
    recordInsertedItems();
    takeInserted();
    // A table that does not exist: the requests are counted as sent, and write nothing.
    const TableName = 'no-such-table';
    await db.send(new PutCommand({ TableName, Item: { pk: 'a', sk: 'b', type: 'notice' } })).catch(() => undefined);
    await db
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: { pk: 'a', sk: 'c', type: 'audit_event' } } },
            { Put: { TableName, Item: { pk: 'a', sk: 'd', type: 'audit_event' } } },
            { Delete: { TableName, Key: { pk: 'a', sk: 'e' } } },
          ],
        }),
      )
      .catch(() => undefined);
    await db
      .send(new BatchWriteCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item: { pk: 'a', sk: 'f', type: 'outbox' } } }] } }))
      .catch(() => undefined);
    // A read sends its keys where a batch write sends its writes: it must still answer.
    const read = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [{ pk: 'a', sk: 'b' }] } } }));
    expect(read.Responses?.[tableName]).toEqual([]);
    expect(takeInserted()).toEqual({ notice: 1, audit_event: 2, outbox: 1 });
    expect(takeInserted()).toEqual({});
  });
});
