// Which events a subscriber wants: an action of the catalogue (`member.removed`), every action of a
// group (`member.*`), or everything (`*`). Webhook endpoints name theirs this way; the request
// schema refuses a pattern that matches nothing, so a typo cannot subscribe to silence.
import { AUDIT_ACTIONS } from '../../shared/vocabulary/audit-actions.js';

export const ANY_EVENT = '*';

const GROUPS = new Set(AUDIT_ACTIONS.map((action) => action.slice(0, action.indexOf('.'))));

/** Why a pattern is not one, or undefined when it is. */
export function eventPatternProblem(pattern: string): string | undefined {
  if (pattern === ANY_EVENT) return undefined;
  if (pattern.endsWith('.*')) {
    return GROUPS.has(pattern.slice(0, -2))
      ? undefined
      : `names no group of events (${[...GROUPS].map((group) => `${group}.*`).join(', ')})`;
  }
  return (AUDIT_ACTIONS as readonly string[]).includes(pattern) ? undefined : 'is not an action of the event catalogue, a group.* or *';
}

export function matchesEventPatterns(patterns: readonly string[], action: string): boolean {
  return patterns.some(
    (pattern) => pattern === ANY_EVENT || pattern === action || (pattern.endsWith('.*') && action.startsWith(pattern.slice(0, -1))),
  );
}
