// What a look-up of a claim's TXT record does to it: the state machine of a verified domain, as
// plain functions of the claim, what DNS said and the time. `pending → verified | failed`,
// `verified → lapsed → verified`; a failed claim stays failed (its org deletes it and adds it anew).
import type { TxtLookup } from '../../shared/dns/txt-records.js';
import type { DomainCheckResult, DomainRecord } from './domain-entity.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** How long a claim may stay pending, and how long a verified domain's record may be missing before it lapses. */
export const CLAIM_LIFETIME_MS = 7 * DAY_MS;
export const LAPSE_AFTER_MS = 7 * DAY_MS;
/** A pending claim is looked at again after 1 minute, then 2, 4, ... up to every 6 hours. */
export const FIRST_CHECK_DELAY_MS = MINUTE_MS;
const MAX_PENDING_DELAY_MS = 6 * HOUR_MS;
/** A verified (or lapsed) domain is re-checked daily; sooner after DNS failed to answer. */
const RECHECK_DELAY_MS = DAY_MS;
const RECHECK_AFTER_DNS_ERROR_MS = HOUR_MS;

export const verificationRecordName = (domain: string) => `_orgspace-verification.${domain}`;

export function checkResult(lookup: TxtLookup, expected: string): DomainCheckResult {
  switch (lookup.outcome) {
    case 'records':
      return lookup.values.includes(expected) ? 'found' : 'wrong_value';
    case 'none':
      return 'missing';
    case 'failed':
      return 'dns_error';
  }
}

export type Transition =
  | { kind: 'verified' | 'failed' | 'lapsed' | 'checked'; next: DomainRecord }
  /** A failed claim: nothing to look up, nothing to write. */
  | { kind: 'unchanged' };

const at = (ms: number) => new Date(ms).toISOString();

function pendingDelay(attempts: number): number {
  return Math.min(FIRST_CHECK_DELAY_MS * 2 ** attempts, MAX_PENDING_DELAY_MS);
}

/** The claim after a check at `now` that found `result`. */
export function afterCheck(claim: DomainRecord, result: DomainCheckResult, nowIso: string): Transition {
  if (claim.status === 'failed') return { kind: 'unchanged' };
  const now = Date.parse(nowIso);
  const checked = {
    ...claim,
    last_checked_at: nowIso,
    last_check_result: result,
    updated_at: nowIso,
    version: claim.version + 1,
  };
  if (result === 'found') {
    const recheck = { ...checked, missing_since: null, check_attempts: 0, next_check_at: at(now + RECHECK_DELAY_MS) };
    if (claim.status === 'verified') return { kind: 'checked', next: recheck };
    return { kind: 'verified', next: { ...recheck, status: 'verified', failure_reason: null, verified_at: nowIso } };
  }
  if (claim.status === 'pending') {
    const expiresAt = Date.parse(claim.expires_at);
    if (now >= expiresAt) return { kind: 'failed', next: { ...checked, status: 'failed', failure_reason: 'expired', next_check_at: null } };
    const attempts = claim.check_attempts + 1;
    return {
      kind: 'checked',
      next: { ...checked, check_attempts: attempts, next_check_at: at(Math.min(now + pendingDelay(attempts), expiresAt)) },
    };
  }
  if (result === 'dns_error') return { kind: 'checked', next: { ...checked, next_check_at: at(now + RECHECK_AFTER_DNS_ERROR_MS) } };
  const missingSince = claim.missing_since ?? nowIso;
  const next = { ...checked, missing_since: missingSince, next_check_at: at(now + RECHECK_DELAY_MS) };
  if (claim.status === 'verified' && now - Date.parse(missingSince) >= LAPSE_AFTER_MS)
    return { kind: 'lapsed', next: { ...next, status: 'lapsed' } };
  return { kind: 'checked', next };
}

/** The claim after another org verified the domain first. */
export function lostToOtherOrg(claim: DomainRecord, nowIso: string): DomainRecord {
  return {
    ...claim,
    status: 'failed',
    failure_reason: 'claimed_by_other_org',
    next_check_at: null,
    updated_at: nowIso,
    version: claim.version + 1,
  };
}
