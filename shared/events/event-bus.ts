// The seam between whoever publishes events and wherever they go: the stack's EventBridge bus in
// AWS (eventBridgeBus), an in-process list under the local runtime (local-event-bus.ts). Beside it,
// what a PutEvents request may hold, so that a publisher can split its entries into requests that fit.
import { PutEventsCommand, type PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';

/** One event as PutEvents takes it; the bus it goes on is the bus's own business. */
export interface BusEntry {
  source: string;
  detailType: string;
  /** The event itself, as JSON text. */
  detail: string;
  time: Date;
}

/** What became of one entry of a request, in the order the entries were given. */
export type EntryOutcome = { ok: true; eventId: string } | { ok: false; errorCode: string; errorMessage?: string };

export interface EventBus {
  /** One PutEvents request of at most PUT_EVENTS_LIMITS; throws when the request as a whole fails. */
  put(entries: readonly BusEntry[]): Promise<EntryOutcome[]>;
}

/** EventBridge's limits on one PutEvents request: entries, and their size together. */
export const PUT_EVENTS_LIMITS = { entries: 10, bytes: 256 * 1024 };

/**
 * An entry's size as EventBridge counts it against PUT_EVENTS_LIMITS.bytes: 14 bytes for the time,
 * then the UTF-8 bytes of source, detail-type and detail (and resources, which these entries have none of).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export function entrySize(entry: BusEntry): number {
  return 14 + Buffer.byteLength(entry.source) + Buffer.byteLength(entry.detailType) + Buffer.byteLength(entry.detail);
}

/**
 * Consecutive runs of items whose entries fit one request each, in their order. An item whose entry
 * alone is over the size limit gets a request of its own, which EventBridge then refuses: shrink
 * such entries before batching them.
 */
export function batchesOf<T extends { entry: BusEntry }>(items: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = entrySize(item.entry);
    if (current.length > 0 && (current.length === PUT_EVENTS_LIMITS.entries || bytes + size > PUT_EVENTS_LIMITS.bytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The one call of the EventBridge client a bus needs (a test stubs it to inject faults). */
export interface PutEventsClient {
  send(command: PutEventsCommand): Promise<PutEventsCommandOutput>;
}

export function eventBridgeBus(client: PutEventsClient, busName: string): EventBus {
  return {
    async put(entries) {
      const output = await client.send(
        new PutEventsCommand({
          Entries: entries.map((entry) => ({
            EventBusName: busName,
            Source: entry.source,
            DetailType: entry.detailType,
            Detail: entry.detail,
            Time: entry.time,
          })),
        }),
      );
      // EventBridge answers one result per entry, in order: an EventId, or an ErrorCode.
      return entries.map((_entry, index): EntryOutcome => {
        const result = output.Entries?.[index];
        if (result?.EventId && !result.ErrorCode) return { ok: true, eventId: result.EventId };
        return {
          ok: false,
          errorCode: result?.ErrorCode ?? 'NoResult',
          ...(result?.ErrorMessage ? { errorMessage: result.ErrorMessage } : {}),
        };
      });
    },
  };
}
