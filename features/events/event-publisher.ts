// Puts the audit events of a batch of table-stream records on the event bus, in stream order, at
// least once. Entries the bus fails one by one (PutEvents' FailedEntryCount) are retried here a few
// times; what still fails is reported as the batch's first failed record (ReportBatchItemFailures),
// so Lambda retries from there, and after its own retries the batch goes to the dead-letter queue:
// no event is skipped. A retried record can reach the bus twice; `detail.id` tells a consumer so.

import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchItemFailure, DynamoDBRecord } from 'aws-lambda';
import { type BusEntry, batchesOf, type EntryOutcome, type EventBus } from '../../shared/events/event-bus.js';
import { errorFields, log } from '../../shared/observability/log.js';
import { businessMetrics } from '../../shared/observability/metrics.js';
import { auditEventEntity } from '../audit/audit-event-entity.js';
import { busEntryOf } from './bus-event.js';

export interface PublishOptions {
  /** Tries of an entry within one invocation, the first included. */
  attempts?: number;
  /** Pause before the first retry; it doubles with each. */
  backoffMs?: number;
}

interface Pending {
  sequenceNumber: string;
  eventId: string;
  entry: BusEntry;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Actions that are also the product's headline numbers, counted as they go on the bus.
const COUNTED_ACTIONS: Readonly<Record<string, string>> = {
  'organization.created': 'orgs_created',
  'invitation.created': 'invitations_created',
  'invitation.accepted': 'invitations_accepted',
};

/** One line per batch on the bus. A batch Lambda retries is counted again: the counts are at least what happened. */
function countPublished(batch: readonly Pending[]): void {
  const counts: Record<string, number> = { events_published: batch.length };
  for (const { entry } of batch) {
    const metric = COUNTED_ACTIONS[entry.detailType];
    if (metric) counts[metric] = (counts[metric] ?? 0) + 1;
  }
  log('info', 'events_published', businessMetrics(counts), `events → bus: ${batch.map(({ entry }) => entry.detailType).join(', ')}`);
}

function pendingOf(record: DynamoDBRecord): Pending {
  const image = record.dynamodb?.NewImage;
  if (!image) throw new Error('The stream record has no new image');
  // Lambda's attribute-value type and the SDK's describe the same JSON; what it holds is checked by parse.
  const event = auditEventEntity.parse(unmarshall(image as Parameters<typeof unmarshall>[0]));
  return { sequenceNumber: record.dynamodb?.SequenceNumber ?? '', eventId: event.id, entry: busEntryOf(event) };
}

/** Puts one batch, retrying the entries that failed; the first entry that never got on, if any. */
async function putWithRetries(batch: readonly Pending[], bus: EventBus, attempts: number, backoffMs: number): Promise<Pending | undefined> {
  let pending = batch;
  for (let attempt = 1; ; attempt++) {
    let outcomes: EntryOutcome[];
    try {
      outcomes = await bus.put(pending.map((item) => item.entry));
    } catch (error) {
      // The whole request failed (after the SDK's own retries): every entry in it did.
      outcomes = pending.map(() => ({ ok: false, errorCode: 'RequestFailed', errorMessage: errorFields(error).message }));
    }
    const failed = pending.flatMap((item, index) => {
      const outcome = outcomes[index];
      return outcome?.ok ? [] : [{ item, outcome: outcome ?? { ok: false as const, errorCode: 'NoResult' } }];
    });
    if (failed.length === 0) return undefined;
    if (attempt >= attempts) {
      log('error', 'publish_events_failed', {
        attempts,
        failed: failed.map(({ item, outcome }) => ({ event_id: item.eventId, sequence_number: item.sequenceNumber, ...outcome })),
      });
      return failed[0]!.item;
    }
    // Only the failed entries go again: the others are on the bus already.
    pending = failed.map(({ item }) => item);
    await sleep(backoffMs * 2 ** (attempt - 1));
  }
}

/** The records Lambda should retry from: none, or the first one whose event is not on the bus. */
export async function publishStreamedEvents(
  records: readonly DynamoDBRecord[],
  bus: EventBus,
  { attempts = 3, backoffMs = 100 }: PublishOptions = {},
): Promise<DynamoDBBatchItemFailure[]> {
  const items: Pending[] = [];
  let unreadable: DynamoDBRecord | undefined;
  for (const record of records) {
    try {
      items.push(pendingOf(record));
    } catch (error) {
      // A record that is not an audit event of the declared shape is a bug: it is reported, never
      // skipped, so it ends in the dead-letter queue (with its alarm) after Lambda's retries.
      log('error', 'publish_events_unreadable_record', { sequence_number: record.dynamodb?.SequenceNumber, error: errorFields(error) });
      unreadable = record;
      break;
    }
  }
  for (const batch of batchesOf(items)) {
    const failed = await putWithRetries(batch, bus, attempts, backoffMs);
    // Later batches wait for the retry from here: sent now, they would only be sent again.
    if (failed) return [{ itemIdentifier: failed.sequenceNumber }];
    countPublished(batch);
  }
  return unreadable ? [{ itemIdentifier: unreadable.dynamodb?.SequenceNumber ?? '' }] : [];
}
