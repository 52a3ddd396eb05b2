// How long the retry backlog has kept mail waiting. A retry pass logs it under
// MAIL_BACKLOG_AGE_FIELD, and a metric filter on the function logs (infra/monitoring.ts) turns it
// into the metric of the mail backlog alarm: email stuck for an hour is an outage of its own,
// even while every request answers 2xx.
import { idCreatedAt } from '../vocabulary/ids.js';

export const MAIL_BACKLOG_AGE_FIELD = 'mail_backlog_age_seconds';

/**
 * Seconds since the oldest of these unsent emails was queued, read from their time-ordered ids (the
 * due index holds keys only); 0 for none, or for ids that carry no time.
 */
export function backlogAgeSeconds(due: readonly { id: string }[], now = Date.now()): number {
  const queuedAt = due.map((item) => idCreatedAt(item.id)).filter((at): at is number => at !== undefined);
  return queuedAt.length === 0 ? 0 : Math.max(0, Math.round((now - Math.min(...queuedAt)) / 1000));
}
