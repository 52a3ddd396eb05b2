// An org's claim on an email domain, in the org's partition. While a DNS check of it is due (a
// pending claim retried with backoff, a verified or lapsed one re-checked daily) it sits in the
// person index under DOMAINCHECK#DUE, sorted by when, so the scheduled pass reads only what is due.
// A guard per domain keeps an org from claiming one twice, a counter holds the org to its limit,
// and a pointer beside the domain's owner item lists every org's claim on it.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { DOMAIN_CHECK_RESULTS, DOMAIN_FAILURE_REASONS, DOMAIN_STATUSES } from './domain-states.js';

export type { DomainCheckResult, DomainFailureReason, DomainStatus } from './domain-states.js';

const domainRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  /** Lowercased and IDNA-encoded (domain-name.ts). */
  domain: shape.string,
  status: shape.oneOf(DOMAIN_STATUSES),
  failure_reason: shape.nullable(shape.oneOf(DOMAIN_FAILURE_REASONS)),
  /** The TXT value that proves control: `orgspace-verification=` and 256 random bits. Not a secret: it is published in DNS. */
  verification_value: shape.string,
  created_by: shape.string,
  created_at: shape.string,
  updated_at: shape.string,
  verified_at: shape.nullable(shape.string),
  last_checked_at: shape.nullable(shape.string),
  last_check_result: shape.nullable(shape.oneOf(DOMAIN_CHECK_RESULTS)),
  /** When the scheduled pass looks again; null once the claim has failed. */
  next_check_at: shape.nullable(shape.string),
  /** Pending checks made so far: the backoff doubles with each. */
  check_attempts: shape.number,
  /** Since when a verified domain's record has been missing, checked on end; null while it is there. */
  missing_since: shape.nullable(shape.string),
  /** A pending claim fails as `expired` at this time if it is not verified by then. */
  expires_at: shape.string,
  /** Moved on by every change; changes are conditioned on the version they read. */
  version: shape.number,
});

export type DomainRecord = Stored<typeof domainRecord>;

export const domainEntity = defineEntity({
  type: 'domain',
  shape: domainRecord,
  key: (domain: Pick<DomainRecord, 'org_id' | 'id'>) => ({ pk: orgPartition(domain.org_id), sk: PREFIXES.domain + domain.id }),
  indexKeys: (domain): Record<string, string> =>
    domain.next_check_at === null
      ? {}
      : { gsi1pk: PREFIXES.domainCheckDue, gsi1sk: `${domain.next_check_at}#${domain.org_id}#${domain.id}` },
});

/** One per domain an org claims, so that it claims each once; deleted with the claim. */
export const domainNameGuard = defineEntity({
  type: 'domain_name',
  shape: shape.object({ domain_id: shape.string }),
  key: (guard: { org_id: string; domain: string }) => ({ pk: orgPartition(guard.org_id), sk: PREFIXES.domainName + guard.domain }),
});

/** How many domains an org holds, in any state (at most the limit). */
export const domainCounter = defineEntity({
  type: 'domain_count',
  shape: shape.object({ domains: shape.number }),
  key: (counter: { org_id: string }) => ({ pk: orgPartition(counter.org_id), sk: PREFIXES.domainCount }),
});

/** Beside the domain's owner item: one org's claim on it, so that the org that verifies it finds the claims it beat. */
export const domainClaimPointer = defineEntity({
  type: 'domain_claim',
  shape: shape.object({ org_id: shape.string, domain_id: shape.string, domain: shape.string }),
  key: (claim: { domain: string; org_id: string; domain_id: string }) => ({
    pk: PREFIXES.domainOwner + claim.domain,
    sk: `${PREFIXES.domainClaim}${claim.org_id}#${claim.domain_id}`,
  }),
});

export const domainRanges = {
  claimsOfDomain: (domain: string) => ({ partition: PREFIXES.domainOwner + domain, prefix: PREFIXES.domainClaim }),
  domainsOfOrg: (orgId: string) => ({ partition: orgPartition(orgId), prefix: PREFIXES.domain }),
  /** Claims whose check is due by `dueBy` (ISO time), soonest first. */
  checksDueBy: (dueBy: string) => ({ partition: PREFIXES.domainCheckDue, upTo: `${dueBy}#~` }),
};
