// A fixed-window counter: how often something happened for one subject (an inviter, an org, an
// address, a user creating orgs) in one clock hour or one UTC day. A limit is a condition on the
// counter in the same transaction as the write it counts, so concurrent requests cannot overshoot
// it, and a refused write counts nothing. Counters outlive their window by a day, then TTL drops them.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { PREFIXES } from '../../shared/table/table-definition.js';

/** The windows a counter may span, with their ISO 8601 durations (part of the counter's key). */
export const QUOTA_WINDOWS = {
  hour: { milliseconds: 3_600_000, duration: 'PT1H' },
  day: { milliseconds: 86_400_000, duration: 'P1D' },
} as const;

export type QuotaWindow = keyof typeof QUOTA_WINDOWS;

/** What is counted, and for whom: `{ scope: 'inviter', subject: userId }`. */
export interface QuotaSubject {
  scope: string;
  subject: string;
}

/** One counter: a subject in the window starting at `start` (an ISO time on the window's boundary). */
export interface QuotaCounter extends QuotaSubject {
  window: QuotaWindow;
  start: string;
}

const quotaRecord = shape.object({ count: shape.number, window_end: shape.string });

export type QuotaRecord = Stored<typeof quotaRecord>;

export const quotaEntity = defineEntity({
  type: 'quota',
  shape: quotaRecord,
  // The sort key is an ISO 8601 interval (`2025-06-01T10:00:00.000Z/PT1H`): it says what it counts.
  key: (counter: QuotaCounter) => ({
    pk: `${PREFIXES.quota}${counter.scope}#${counter.subject}`,
    sk: `${counter.start}/${QUOTA_WINDOWS[counter.window].duration}`,
  }),
});

/** The window of this length that holds `now`: clock hours and UTC days, the same for every counter. */
export function windowAt(window: QuotaWindow, now: string): { start: string; end: string } {
  const length = QUOTA_WINDOWS[window].milliseconds;
  const start = Math.floor(Date.parse(now) / length) * length;
  return { start: new Date(start).toISOString(), end: new Date(start + length).toISOString() };
}

/** Whole seconds until the window that holds `now` ends: what a refused client is told to wait. */
export function secondsLeftIn(window: QuotaWindow, now: string): number {
  return Math.max(1, Math.ceil((Date.parse(windowAt(window, now).end) - Date.parse(now)) / 1000));
}
