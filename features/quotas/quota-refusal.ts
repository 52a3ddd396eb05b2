// What a client is told when a quota refused its write: which limit, and how long until its window ends.
import { TooManyRequestsError } from '../../shared/vocabulary/errors.js';
import { type QuotaWindow, secondsLeftIn } from './quota-entity.js';

export const PERIOD: Record<QuotaWindow, string> = { hour: 'this hour', day: 'today (days are UTC)' };

/** A 429 with `code`, saying `what` and when to try again (Retry-After: the rest of the window). */
export function quotaRefusal(code: string, window: QuotaWindow, now: string, what: string): TooManyRequestsError {
  const wait = secondsLeftIn(window, now);
  return new TooManyRequestsError(code, `${what} Try again in ${wait} seconds.`, wait);
}
