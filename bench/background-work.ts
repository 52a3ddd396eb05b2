// What a request sets off once it is answered, and what that costs beyond the request itself: each
// item it inserts reaches the stream consumers whose filters take it
// (shared/events/background-functions.ts), each audit event goes on EventBridge, each invitation
// email and notice goes through SES, and a sent invitation email records one audit event more
// (`invitation.email_sent`, features/invitations/invitation-delivery.ts). Counted from what the
// request wrote, priced at prices.ts. The consumers' own durations and requests are not measured
// (they run in the local environment's process), so only their invocations are priced.
import { auditEventEntity } from '../features/audit/audit-event-entity.js';
import { outboxEntity } from '../features/invitations/outbox-entity.js';
import { noticeEntity } from '../features/notices/notice-entity.js';
import { dynamoClient } from '../shared/clients.js';
import { matchesPattern, streamConsumers } from '../shared/events/background-functions.js';
import { PRICES } from './prices.js';

/** Items a request inserted, by their `type`. */
export type Inserted = Record<string, number>;

/** Per million API requests of the mix. */
export interface BackgroundWork {
  events: number;
  emails: number;
  /** One per record, as at low traffic; batches of several records take fewer. */
  consumerInvocations: number;
  eventBridge: number;
  ses: number;
  /** Lambda's request charge for those invocations, without their duration. */
  consumerRequests: number;
}

const insertedTypes: string[] = [];
let recording = false;

/** From now on, the `type` of every item a Put writes (alone, in a batch, in a transaction) is kept for takeInserted. */
export function recordInsertedItems(): void {
  if (recording) return;
  recording = true;
  dynamoClient.middlewareStack.add(
    (next) => async (args) => {
      for (const item of putItemsOf(args.input)) {
        const type = (item as { type?: { S?: string } | string }).type;
        const name = typeof type === 'string' ? type : type?.S;
        if (name) insertedTypes.push(name);
      }
      return next(args);
    },
    // After the document client has marshalled the input.
    { step: 'build', name: 'benchInsertedItems' },
  );
}

/** What was inserted since the last call. */
export function takeInserted(): Inserted {
  const counts: Inserted = {};
  for (const type of insertedTypes.splice(0)) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function putItemsOf(input: unknown): unknown[] {
  const command = input as {
    Item?: unknown;
    TransactItems?: Array<{ Put?: { Item?: unknown } }>;
    // A BatchWriteItem's are lists of writes per table; a BatchGetItem's, its keys per table.
    RequestItems?: Record<string, Array<{ PutRequest?: { Item?: unknown } }> | { Keys: unknown[] }>;
  };
  if (command.TransactItems) return command.TransactItems.flatMap((step) => (step.Put?.Item ? [step.Put.Item] : []));
  if (command.RequestItems)
    return Object.values(command.RequestItems).flatMap((writes) =>
      Array.isArray(writes) ? writes.flatMap((write) => (write.PutRequest?.Item ? [write.PutRequest.Item] : [])) : [],
    );
  return command.Item ? [command.Item] : [];
}

const AUDIT_EVENT = auditEventEntity.type;
const INVITATION_EMAIL = outboxEntity.type;
const NOTICE = noticeEntity.type;

/** The items one request inserts, and those its invitation emails insert once sent. */
const withEmailEvents = (inserted: Inserted): Inserted => ({
  ...inserted,
  [AUDIT_EVENT]: (inserted[AUDIT_EVENT] ?? 0) + (inserted[INVITATION_EMAIL] ?? 0),
});

const consumersTaking = (type: string) =>
  streamConsumers.filter((consumer) =>
    matchesPattern({ eventName: 'INSERT', dynamodb: { NewImage: { type: { S: type } } } }, consumer.filter),
  ).length;

/** `mix`: each request's share (per hundred) and what it inserted. */
export function backgroundWorkOf(mix: ReadonlyArray<{ perHundred: number; inserted: Inserted }>): BackgroundWork {
  const total = mix.reduce((sum, entry) => sum + entry.perHundred, 0);
  const weighed = mix.map((entry) => ({ share: entry.perHundred / total, inserted: withEmailEvents(entry.inserted) }));
  const perMillion = (count: (inserted: Inserted) => number) =>
    weighed.reduce((sum, entry) => sum + entry.share * count(entry.inserted), 0) * 1_000_000;
  const events = perMillion((inserted) => inserted[AUDIT_EVENT] ?? 0);
  const emails = perMillion((inserted) => (inserted[INVITATION_EMAIL] ?? 0) + (inserted[NOTICE] ?? 0));
  const consumerInvocations = perMillion((inserted) =>
    Object.entries(inserted).reduce((sum, [type, count]) => sum + count * consumersTaking(type), 0),
  );
  return {
    events,
    emails,
    consumerInvocations,
    eventBridge: (events / 1_000_000) * PRICES.eventBridge.perMillionEvents,
    ses: (emails / 1000) * PRICES.ses.perThousandEmails,
    consumerRequests: (consumerInvocations / 1_000_000) * PRICES.lambda.perMillionRequests,
  };
}
