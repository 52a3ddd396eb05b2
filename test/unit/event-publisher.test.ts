// publish-events' logic against a stubbed EventBridge client (the stub only injects EventBridge's
// answers, partial failures included): audit events go out in requests that fit PutEvents' limits,
// in stream order; entries EventBridge fails are retried; what never gets on is reported as the
// record Lambda must retry from, and no event is skipped.

import type { PutEventsCommand, PutEventsCommandOutput, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditEvent } from '../../features/audit/audit-event.js';
import { type AuditEventRecord, auditEventEntity } from '../../features/audit/audit-event-entity.js';
import { EVENT_SOURCE } from '../../features/events/bus-event.js';
import { publishStreamedEvents } from '../../features/events/event-publisher.js';
import { type BusEntry, entrySize, eventBridgeBus, PUT_EVENTS_LIMITS } from '../../shared/events/event-bus.js';
import { latestLocalEvents, localEventBus } from '../../shared/events/local-event-bus.js';
import { newId } from '../../shared/vocabulary/ids.js';
import type { UserPrincipal } from '../../shared/vocabulary/principal.js';
import { captureLogLines, type LoggedLines } from '../support/logged-lines.js';

const ORG_ID = '01900000-0000-7000-8000-000000000001';
const BUS = 'orgspace-test-bus';
const admin: UserPrincipal = {
  type: 'user',
  userId: '01900000-0000-7000-8000-0000000000aa',
  email: 'admin@example.com',
  emailVerified: true,
  name: 'Ada Admin',
  origin: { requestId: 'req-1' },
};

/** A workspace rename, as the service records it; `size` pads the names to make the event that large. */
function renamed(n: number, size = 0): AuditEventRecord {
  const workspaceId = newId();
  const padding = 'x'.repeat(size / 2);
  return auditEvent(admin, {
    action: 'workspace.updated',
    orgId: ORG_ID,
    workspaceId,
    targets: [{ type: 'workspace', id: workspaceId, name: `ws-${n}` }],
    changes: { name: { from: `old-${n}${padding}`, to: `ws-${n}${padding}` } },
  });
}

/** The stream record of an event's insert, as Lambda delivers it. */
function streamRecord(event: AuditEventRecord, n: number): DynamoDBRecord {
  return {
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: String(1000 + n),
      NewImage: marshall(auditEventEntity.item(event)) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
    },
  };
}

const recordsOf = (events: AuditEventRecord[]) => events.map(streamRecord);
const events = (count: number, size = 0) => Array.from({ length: count }, (_, n) => renamed(n, size));

/** How the stub answers one request: an error for the whole of it, or which of its entries fail. */
type Answer = (entries: PutEventsRequestEntry[], call: number) => Error | ((entry: PutEventsRequestEntry, index: number) => boolean);

/**
 * An EventBridge client that records each PutEvents request and the events it accepted, and answers
 * as `answer` says (every entry accepted by default), with EventBridge's per-entry results.
 */
function stubEventBridge(answer: Answer = () => () => false) {
  const requests: PutEventsRequestEntry[][] = [];
  const onTheBus: string[] = [];
  const client = {
    send: async (command: PutEventsCommand): Promise<PutEventsCommandOutput> => {
      const entries = command.input.Entries ?? [];
      requests.push(entries);
      const failing = answer(entries, requests.length);
      if (failing instanceof Error) throw failing;
      const results = entries.map((entry, index) => {
        if (failing(entry, index)) return { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
        onTheBus.push(idOf(entry));
        return { EventId: `event-${idOf(entry)}` };
      });
      return { $metadata: {}, FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
    },
  };
  return { bus: eventBridgeBus(client, BUS), requests, onTheBus };
}

const idOf = (entry: PutEventsRequestEntry) => JSON.parse(entry.Detail!).id as string;
const sizeOf = (entry: PutEventsRequestEntry) =>
  entrySize({ source: entry.Source!, detailType: entry.DetailType!, detail: entry.Detail!, time: entry.Time! } satisfies BusEntry);
const options = { attempts: 3, backoffMs: 0 };

let logged: LoggedLines;
beforeEach(() => {
  // A failure that is reported is also logged, by design; keep the output for the test's own failures.
  logged = captureLogLines();
});
afterEach(() => vi.restoreAllMocks());

describe('publishing audit events on the bus', () => {
  it('puts each event on the bus with source orgspace, its action as detail-type and the event as the API shows it as detail', async () => {
    const { bus, requests } = stubEventBridge();
    const [event] = events(1);
    expect(await publishStreamedEvents(recordsOf([event!]), bus, options)).toEqual([]);
    expect(requests).toHaveLength(1);
    const [entry] = requests[0]!;
    expect(entry).toMatchObject({
      EventBusName: BUS,
      Source: EVENT_SOURCE,
      DetailType: 'workspace.updated',
      Time: new Date(event!.occurred_at),
    });
    const detail = JSON.parse(entry!.Detail!);
    const { retention_days: _storedOnly, target_ids: _filterOnly, ...shown } = event!;
    expect(detail).toEqual(shown);
    expect(detail).toMatchObject({ schema_version: 1, actor: { type: 'user', id: admin.userId, email: admin.email, name: admin.name } });
    // Nothing only the table needs: no keys, no type tag, no TTL, no retention.
    for (const field of ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'type', 'expires_at', 'retention_days', 'target_ids'])
      expect(detail).not.toHaveProperty(field);
  });

  it('sends more than 10 events as several requests of at most 10, in stream order', async () => {
    const { bus, requests } = stubEventBridge();
    const batch = events(25);
    expect(await publishStreamedEvents(recordsOf(batch), bus, options)).toEqual([]);
    expect(requests.map((entries) => entries.length)).toEqual([10, 10, 5]);
    expect(requests.flat().map(idOf)).toEqual(batch.map((event) => event.id));
  });

  it('keeps every request under 256 KB, starting a new one where the next entry would not fit', async () => {
    const { bus, requests } = stubEventBridge();
    // About 110 KB each: two fit in a request, three do not.
    const large = events(5, 110_000);
    expect(await publishStreamedEvents(recordsOf(large), bus, options)).toEqual([]);
    expect(requests.map((entries) => entries.length)).toEqual([2, 2, 1]);
    for (const entries of requests)
      expect(entries.reduce((sum, entry) => sum + sizeOf(entry), 0)).toBeLessThanOrEqual(PUT_EVENTS_LIMITS.bytes);
    expect(requests.flat().map(idOf)).toEqual(large.map((event) => event.id));
  });

  it('puts an event too large for any request as a truncated summary, so that it is not lost', async () => {
    const { bus, requests } = stubEventBridge();
    const [small, huge, last] = [renamed(0), renamed(1, 300_000), renamed(2)];
    expect(await publishStreamedEvents(recordsOf([small!, huge!, last!]), bus, options)).toEqual([]);
    const entries = requests.flat();
    expect(entries.map(idOf)).toEqual([small!.id, huge!.id, last!.id]);
    const summary = JSON.parse(entries[1]!.Detail!);
    expect(summary).toEqual({
      id: huge!.id,
      schema_version: 1,
      org_id: ORG_ID,
      workspace_id: huge!.workspace_id,
      action: 'workspace.updated',
      occurred_at: huge!.occurred_at,
      actor: { type: 'user', id: admin.userId },
      targets: [{ type: 'workspace', id: huge!.targets[0]!.id }],
      truncated: true,
    });
    expect(entries[1]!.DetailType).toBe('workspace.updated');
    for (const entries of requests)
      expect(entries.reduce((sum, entry) => sum + sizeOf(entry), 0)).toBeLessThanOrEqual(PUT_EVENTS_LIMITS.bytes);
  });
});

describe('when EventBridge fails some entries', () => {
  it('retries only the failed entries, and reports nothing once they are on', async () => {
    const batch = events(10);
    const { bus, requests } = stubEventBridge((_entries, call) => (_entry, index) => call === 1 && [2, 5].includes(index));
    expect(await publishStreamedEvents(recordsOf(batch), bus, options)).toEqual([]);
    expect(requests.map((entries) => entries.map(idOf))).toEqual([batch.map((event) => event.id), [batch[2]!.id, batch[5]!.id]]);
  });

  it('reports the first record whose event never got on, sends no later request, and loses nothing when Lambda retries from there', async () => {
    const batch = events(15);
    const records = recordsOf(batch);
    const stuck = new Set([batch[3]!.id, batch[7]!.id]);
    const { bus, requests, onTheBus } = stubEventBridge(() => (entry) => stuck.has(idOf(entry)));

    const failures = await publishStreamedEvents(records, bus, options);

    expect(failures).toEqual([{ itemIdentifier: records[3]!.dynamodb!.SequenceNumber }]);
    // The first request, then its two failed entries twice more (three attempts); the second request waits for Lambda's retry.
    expect(requests.map((entries) => entries.length)).toEqual([10, 2, 2]);
    expect(logged.lines()).toContainEqual(expect.objectContaining({ level: 'error', message: 'publish_events_failed' }));

    // Lambda retries from the reported record, and EventBridge has recovered.
    stuck.clear();
    expect(await publishStreamedEvents(records.slice(3), bus, options)).toEqual([]);
    // Every event is on the bus, some twice (at least once: their `id` tells a consumer).
    expect([...new Set(onTheBus)].sort()).toEqual(batch.map((event) => event.id).sort());
  });

  it('retries a request that failed as a whole, then reports its first record', async () => {
    const batch = events(12);
    const records = recordsOf(batch);
    const { bus, requests } = stubEventBridge((_entries, call) =>
      call === 1 ? () => false : Object.assign(new Error('Service unavailable'), { name: 'InternalException' }),
    );
    expect(await publishStreamedEvents(records, bus, options)).toEqual([{ itemIdentifier: records[10]!.dynamodb!.SequenceNumber }]);
    expect(requests.map((entries) => entries.length)).toEqual([10, 2, 2, 2]);
  });

  it('reports a record that holds no readable audit event, after publishing the ones before it', async () => {
    const batch = events(3);
    const records = recordsOf(batch);
    const broken = structuredClone(records[1]!);
    delete broken.dynamodb!.NewImage!.actor;
    const { bus, requests } = stubEventBridge();
    expect(await publishStreamedEvents([records[0]!, broken, records[2]!], bus, options)).toEqual([
      { itemIdentifier: broken.dynamodb!.SequenceNumber },
    ]);
    expect(requests.flat().map(idOf)).toEqual([batch[0]!.id]);
    expect(logged.lines()).toContainEqual(expect.objectContaining({ level: 'error', message: 'publish_events_unreadable_record' }));
  });
});

describe('the local bus', () => {
  const entry = (detail: string): BusEntry => ({ source: EVENT_SOURCE, detailType: 'workspace.updated', detail, time: new Date() });

  it('keeps events as a rule target gets them, newest first', async () => {
    const bus = localEventBus('eu-west-1');
    const batch = events(2);
    expect(await publishStreamedEvents(recordsOf(batch), bus, options)).toEqual([]);
    const [newest, older] = latestLocalEvents(2);
    expect(newest).toMatchObject({
      version: '0',
      source: EVENT_SOURCE,
      'detail-type': 'workspace.updated',
      region: 'eu-west-1',
      detail: { id: batch[1]!.id },
    });
    expect(newest!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(older!.detail).toMatchObject({ id: batch[0]!.id });
  });

  it('refuses what EventBridge refuses: more than 10 entries, more than 256 KB, a detail that is not a JSON object', async () => {
    const bus = localEventBus('us-east-1');
    await expect(bus.put(Array.from({ length: 11 }, () => entry('{}')))).rejects.toThrow(/1 to 10 entries/);
    await expect(
      bus.put([entry(JSON.stringify({ a: 'x'.repeat(140_000) })), entry(JSON.stringify({ b: 'x'.repeat(140_000) }))]),
    ).rejects.toThrow(/over the limit/);
    expect(await bus.put([entry('{}'), entry('[1]')])).toEqual([
      { ok: true, eventId: expect.any(String) },
      { ok: false, errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' },
    ]);
  });
});
