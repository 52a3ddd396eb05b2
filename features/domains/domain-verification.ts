// Looking a claim's TXT record up and applying what was found: for an admin's verify call and for
// the scheduled pass alike. A state change is one transaction with its event (and the owner item
// it moves); a check that changes no state only notes when it looked and when to look next. The
// first org to verify a domain wins by the owner item's condition; the claims it beat then fail,
// each with an event in its own org's log written by the system, never by the winner's people.
// A lapse, and a claim lost, are emailed to the org's admins in the same transaction.

import { lookUpTxt } from '../../shared/dns/txt-records.js';
import { errorFields, log } from '../../shared/observability/log.js';
import type { ConditionFailure } from '../../shared/table/transact.js';
import { NotFoundError } from '../../shared/vocabulary/errors.js';
import { nowIso } from '../../shared/vocabulary/ids.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import { type Principal, systemPrincipal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { membershipFailure } from '../members/access.js';
import { afterCheck, checkResult, lostToOtherOrg, verificationRecordName } from './domain-checks.js';
import type { DomainRecord } from './domain-entity.js';
import { domainTarget, statusChange } from './domain-events.js';
import { claimLostNotice, lapsedNotice } from './domain-notices.js';
import * as domainSteps from './domain-steps.js';
import * as domains from './domain-store.js';

export const DOMAIN_NOT_FOUND = 'Domain';

/** Who asked for the check: a person (re-checked in the write) or the scheduled pass. */
export interface Checker {
  principal: Principal;
  actor?: { orgId: string; userId: string; roles: RoleKey[] };
}

type TransitionAction = 'domain.verified' | 'domain.failed' | 'domain.lapsed';

const eventOf = (principal: Principal, action: TransitionAction, before: DomainRecord, after: DomainRecord) =>
  auditEvent(principal, {
    action,
    orgId: after.org_id,
    targets: [domainTarget(after)],
    changes: statusChange(before, after),
    at: after.updated_at,
  });

/** The claim as it is now, after a write found it moved on (another check, a delete). */
async function reread(claim: DomainRecord): Promise<DomainRecord> {
  const current = await domains.getDomain(claim.org_id, claim.id);
  if (!current) throw new NotFoundError(DOMAIN_NOT_FOUND);
  return current;
}

function explain(failure: ConditionFailure<string>, claim: DomainRecord): Promise<DomainRecord> {
  if (failure.label === 'actor') throw membershipFailure(failure);
  return reread(claim);
}

/** Looks the claim's record up now and applies the result; the claim as it then stands. */
export async function checkClaim(claim: DomainRecord, checker: Checker): Promise<DomainRecord> {
  if (claim.status === 'failed') return claim;
  const result = checkResult(await lookUpTxt(verificationRecordName(claim.domain)), claim.verification_value);
  const now = nowIso();
  const transition = afterCheck(claim, result, now);
  switch (transition.kind) {
    case 'unchanged':
      return claim;
    case 'checked':
      return (await domains.recordCheck(claim, transition.next)) ? transition.next : reread(claim);
    case 'failed':
    case 'lapsed': {
      const { next } = transition;
      const changeSteps =
        next.status === 'lapsed'
          ? [domainSteps.replace(claim, next), domainSteps.lapse(next), lapsedNotice(next)]
          : [domainSteps.replace(claim, next)];
      const action = next.status === 'lapsed' ? 'domain.lapsed' : 'domain.failed';
      const outcome = await domains.commitTransition(changeSteps, [eventOf(checker.principal, action, claim, next)], checker.actor);
      return outcome.ok ? next : explain(outcome, claim);
    }
    case 'verified':
      return verify(claim, transition.next, checker, now);
  }
}

async function verify(claim: DomainRecord, next: DomainRecord, checker: Checker, now: string): Promise<DomainRecord> {
  const outcome = await domains.commitTransition(
    [domainSteps.replace(claim, next), domainSteps.own(next)],
    [eventOf(checker.principal, 'domain.verified', claim, next)],
    checker.actor,
  );
  if (outcome.ok) {
    await failRivals(next, checker.principal);
    return next;
  }
  if (outcome.label !== 'owner') return explain(outcome, claim);
  // Another org verified it first.
  const lost = lostToOtherOrg({ ...claim, last_checked_at: now, last_check_result: 'found' }, now);
  const lostOutcome = await domains.commitTransition(
    [domainSteps.replace(claim, lost), claimLostNotice(lost)],
    [eventOf(checker.principal, 'domain.failed', claim, lost)],
    checker.actor,
  );
  return lostOutcome.ok ? lost : explain(lostOutcome, claim);
}

/**
 * Fails the other orgs' pending claims on a domain just verified. Best effort: a claim missed here
 * (an error, a claim made meanwhile) fails at its own next check, on the owner item's condition.
 */
async function failRivals(winner: DomainRecord, principal: Principal): Promise<void> {
  const job = { ...systemPrincipal('domain-ownership'), ...(principal.origin ? { origin: principal.origin } : {}) };
  try {
    for (const pointer of await domains.claimsOfDomain(winner.domain)) {
      if (pointer.org_id === winner.org_id) continue;
      const rival = await domains.getDomain(pointer.org_id, pointer.domain_id);
      if (rival?.status !== 'pending') continue;
      const lost = lostToOtherOrg(rival, nowIso());
      await domains.commitTransition(
        [domainSteps.replace(rival, lost), claimLostNotice(lost)],
        [eventOf(job, 'domain.failed', rival, lost)],
      );
    }
  } catch (error) {
    log('error', 'domain_rivals_not_failed', { domain_id: winner.id, error: errorFields(error) });
  }
}

/** Claims per pass: a full page leaves the rest to the next pass, a few minutes later. */
const PASS_LIMIT = 50;

export interface CheckPassCounts {
  checked: number;
  changed: number;
  failed: number;
}

/** Checks every claim due by now; one that fails stays due for the next pass and does not hold up the others. */
export async function checkDueDomains(job: Principal): Promise<CheckPassCounts> {
  const counts: CheckPassCounts = { checked: 0, changed: 0, failed: 0 };
  for (const claim of await domains.listDueChecks(nowIso(), PASS_LIMIT)) {
    try {
      const after = await checkClaim(claim, { principal: job });
      counts.checked++;
      if (after.status !== claim.status) counts.changed++;
    } catch (error) {
      if (error instanceof NotFoundError) continue;
      counts.failed++;
      log('error', 'domain_check_failed', { org_id: claim.org_id, domain_id: claim.id, error: errorFields(error) });
    }
  }
  return counts;
}
