// How domain claims appear in the audit log: by id, named by the domain. The verification value
// is published in DNS and so no secret, but events carry only what changed.
import type { AuditTarget } from '../audit/audit-event-entity.js';
import type { DomainRecord } from './domain-entity.js';

export const domainTarget = (claim: Pick<DomainRecord, 'id' | 'domain'>): AuditTarget => ({
  type: 'domain',
  id: claim.id,
  name: claim.domain,
});

/** The change of state from one version of a claim to the next. */
export function statusChange(before: DomainRecord | null, after: DomainRecord) {
  return {
    status: { from: before?.status ?? null, to: after.status },
    ...(after.failure_reason !== (before?.failure_reason ?? null)
      ? { failure_reason: { from: before?.failure_reason ?? null, to: after.failure_reason } }
      : {}),
  };
}
