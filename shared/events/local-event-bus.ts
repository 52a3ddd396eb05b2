// The bus of the local runtime, which has no EventBridge: it keeps the last events put on it in
// memory, as a rule's target would receive them, for `GET /local/event-bus` (infra/local/dev-routes.ts).
// It refuses what EventBridge refuses (too many entries or bytes in one request, a detail that is
// not a JSON object), so a publisher that works locally fits the real limits too.
import { randomUUID } from 'node:crypto';
import { type BusEntry, type EntryOutcome, type EventBus, entrySize, PUT_EVENTS_LIMITS } from './event-bus.js';

/** An event as EventBridge hands it to a rule's target. */
export interface DeliveredEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** EventBridge's precision: whole seconds. */
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** How many events the local bus remembers; older ones are dropped. */
export const LOCAL_BUS_CAPACITY = 1000;
export const LOCAL_ACCOUNT = '000000000000';

// On globalThis: the local API's page and the handler that publishes must see one list, even if
// the module is loaded twice (once by the local runtime, once by the handler module loader).
const KEY = Symbol.for('orgspace.localEventBus');
const delivered = (): DeliveredEvent[] => {
  const holder = globalThis as { [KEY]?: DeliveredEvent[] };
  holder[KEY] ??= [];
  return holder[KEY];
};

class LocalBusRefused extends Error {
  override name = 'ValidationException';
}

function detailOf(entry: BusEntry): { detail: object } | undefined {
  try {
    const detail: unknown = JSON.parse(entry.detail);
    return typeof detail === 'object' && detail !== null && !Array.isArray(detail) ? { detail } : undefined;
  } catch {
    return undefined;
  }
}

export function localEventBus(region: string): EventBus {
  return {
    async put(entries) {
      if (entries.length === 0 || entries.length > PUT_EVENTS_LIMITS.entries)
        throw new LocalBusRefused(`PutEvents takes 1 to ${PUT_EVENTS_LIMITS.entries} entries, got ${entries.length}`);
      const bytes = entries.reduce((sum, entry) => sum + entrySize(entry), 0);
      if (bytes > PUT_EVENTS_LIMITS.bytes)
        throw new LocalBusRefused(`Total size of the entries in the request is over the limit: ${bytes}`);
      const events = delivered();
      return entries.map((entry): EntryOutcome => {
        const parsed = detailOf(entry);
        if (!parsed) return { ok: false, errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' };
        const event: DeliveredEvent = {
          version: '0',
          id: randomUUID(),
          'detail-type': entry.detailType,
          source: entry.source,
          account: LOCAL_ACCOUNT,
          time: entry.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          region,
          resources: [],
          detail: parsed.detail,
        };
        events.push(event);
        if (events.length > LOCAL_BUS_CAPACITY) events.splice(0, events.length - LOCAL_BUS_CAPACITY);
        return { ok: true, eventId: event.id };
      });
    },
  };
}

/** The latest events put on the local bus, newest first. */
export function latestLocalEvents(limit: number): DeliveredEvent[] {
  return delivered().slice(-limit).reverse();
}
