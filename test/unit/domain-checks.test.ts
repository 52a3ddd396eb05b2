// The state machine of a domain claim, as plain functions of the claim, what DNS said and the time.
import { describe, expect, it } from 'vitest';
import { afterCheck, checkResult, lostToOtherOrg } from '../../features/domains/domain-checks.js';
import type { DomainRecord } from '../../features/domains/domain-entity.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const created = Date.parse('2026-12-01T00:00:00.000Z');
const at = (ms: number) => new Date(created + ms).toISOString();

const pending: DomainRecord = {
  id: '0193a000-0000-7000-8000-000000000001',
  org_id: '0193a000-0000-7000-8000-000000000002',
  domain: 'acme.com',
  status: 'pending',
  failure_reason: null,
  verification_value: 'orgspace-verification=abc',
  created_by: 'user',
  created_at: at(0),
  updated_at: at(0),
  verified_at: null,
  last_checked_at: null,
  last_check_result: null,
  next_check_at: at(MINUTE),
  check_attempts: 0,
  missing_since: null,
  expires_at: at(7 * DAY),
  version: 1,
};
const verified: DomainRecord = { ...pending, status: 'verified', verified_at: at(MINUTE), next_check_at: at(DAY) };

describe('a look-up', () => {
  it('finds the value among the records, tells records without it from no record, and DNS failing from both', () => {
    expect(checkResult({ outcome: 'records', values: ['v=spf1', 'orgspace-verification=abc'] }, 'orgspace-verification=abc')).toBe('found');
    expect(checkResult({ outcome: 'records', values: ['orgspace-verification=abd'] }, 'orgspace-verification=abc')).toBe('wrong_value');
    expect(checkResult({ outcome: 'none' }, 'x')).toBe('missing');
    expect(checkResult({ outcome: 'failed', code: 'ESERVFAIL' }, 'x')).toBe('dns_error');
  });
});

describe('a pending claim', () => {
  it('is verified when its record is found', () => {
    const transition = afterCheck(pending, 'found', at(2 * MINUTE));
    expect(transition).toMatchObject({ kind: 'verified', next: { status: 'verified', verified_at: at(2 * MINUTE), version: 2 } });
  });

  it('is looked at again with a doubling delay, capped at 6 hours, and never after it expires', () => {
    let claim = pending;
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      const now = Date.parse(claim.next_check_at!);
      const transition = afterCheck(claim, i % 2 ? 'missing' : 'dns_error', new Date(now).toISOString());
      if (transition.kind !== 'checked') throw new Error(transition.kind);
      delays.push((Date.parse(transition.next.next_check_at!) - now) / MINUTE);
      claim = transition.next;
    }
    expect(delays.slice(0, 6)).toEqual([2, 4, 8, 16, 32, 64]);
    expect(Math.max(...delays)).toBe(360);
    const late = afterCheck({ ...claim, check_attempts: 3 }, 'missing', at(7 * DAY - MINUTE));
    expect(late.kind === 'checked' && late.next.next_check_at).toBe(at(7 * DAY));
  });

  it('fails as expired at its expiry, whatever DNS said', () => {
    for (const result of ['missing', 'wrong_value', 'dns_error'] as const)
      expect(afterCheck(pending, result, at(7 * DAY))).toMatchObject({
        kind: 'failed',
        next: { status: 'failed', failure_reason: 'expired', next_check_at: null },
      });
  });

  it('fails as claimed_by_other_org when another org verified the domain first', () => {
    expect(lostToOtherOrg(pending, at(MINUTE))).toMatchObject({
      status: 'failed',
      failure_reason: 'claimed_by_other_org',
      next_check_at: null,
    });
  });
});

describe('a verified domain', () => {
  it('is re-checked daily while its record is there', () => {
    expect(afterCheck(verified, 'found', at(DAY))).toMatchObject({
      kind: 'checked',
      next: { status: 'verified', next_check_at: at(2 * DAY) },
    });
  });

  it('lapses once its record has been missing 7 days in a row, and is verified again when it returns', () => {
    const first = afterCheck(verified, 'missing', at(DAY));
    expect(first).toMatchObject({ kind: 'checked', next: { status: 'verified', missing_since: at(DAY) } });
    if (first.kind !== 'checked') return;
    expect(afterCheck(first.next, 'missing', at(7 * DAY)).kind).toBe('checked');
    const lapsed = afterCheck(first.next, 'wrong_value', at(8 * DAY));
    expect(lapsed).toMatchObject({ kind: 'lapsed', next: { status: 'lapsed' } });
    if (lapsed.kind !== 'lapsed') return;
    expect(afterCheck(lapsed.next, 'found', at(9 * DAY))).toMatchObject({
      kind: 'verified',
      next: { status: 'verified', missing_since: null },
    });
  });

  it('is not counted as missing when DNS does not answer: it is asked again within the hour', () => {
    const transition = afterCheck(verified, 'dns_error', at(DAY));
    expect(transition).toMatchObject({ kind: 'checked', next: { missing_since: null, next_check_at: at(DAY + 60 * MINUTE) } });
  });

  it('found again after a miss starts the count over', () => {
    const missed = afterCheck(verified, 'missing', at(DAY));
    if (missed.kind !== 'checked') throw new Error(missed.kind);
    expect(afterCheck(missed.next, 'found', at(2 * DAY))).toMatchObject({ next: { missing_since: null } });
  });
});

describe('a failed claim', () => {
  it('is left as it is', () => {
    expect(afterCheck({ ...pending, status: 'failed', failure_reason: 'expired' }, 'found', at(DAY))).toEqual({ kind: 'unchanged' });
  });
});
