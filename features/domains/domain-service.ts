import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import { ConflictError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { orgRolesWith, type Permission } from '../../shared/vocabulary/policy.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { membershipFailure, requireOrgPermission } from '../members/access.js';
import { verificationRecordName } from './domain-checks.js';
import type { DomainRecord } from './domain-entity.js';
import { domainTarget } from './domain-events.js';
import * as domains from './domain-store.js';
import { checkClaim, DOMAIN_NOT_FOUND } from './domain-verification.js';
import type { Domain } from './schemas.js';

export const DOMAIN_PERMISSION: Permission = 'domain:manage';
export const domainManagers = () => orgRolesWith(DOMAIN_PERMISSION);

export function toDomain(record: DomainRecord): Domain {
  const { id, org_id, domain, status, failure_reason, created_by, created_at, updated_at, verified_at, expires_at } = record;
  return {
    id,
    org_id,
    domain,
    status,
    failure_reason,
    verification: { type: 'TXT', name: verificationRecordName(domain), value: record.verification_value },
    created_by,
    created_at,
    updated_at,
    verified_at,
    expires_at,
    last_check:
      record.last_checked_at && record.last_check_result ? { at: record.last_checked_at, result: record.last_check_result } : null,
    next_check_at: record.next_check_at,
  };
}

export async function listDomains(principal: Principal, orgId: string, page: PageQuery) {
  const scope = ['domains', orgId];
  const result = await domains.listDomainsWithMembership(
    orgId,
    requireUser(principal).userId,
    page.limit,
    decodeCursor(page.cursor, scope),
  );
  requireOrgPermission(result.member, DOMAIN_PERMISSION);
  return { data: result.domains.map(toDomain), next_cursor: encodeCursor(result.lastDomainId, scope) };
}

async function readDomain(principal: Principal, orgId: string, domainId: string) {
  const user = requireUser(principal);
  const { member, domain } = await domains.getDomainAndMembership(orgId, domainId, user.userId);
  requireOrgPermission(member, DOMAIN_PERMISSION);
  if (!domain) throw new NotFoundError(DOMAIN_NOT_FOUND);
  return { user, domain };
}

export async function getDomain(principal: Principal, orgId: string, domainId: string): Promise<Domain> {
  return toDomain((await readDomain(principal, orgId, domainId)).domain);
}

/** Looks the TXT record up now. DNS failing to answer is no error of the caller's: the claim stays as it was, and says so. */
export async function verifyDomain(principal: Principal, orgId: string, domainId: string): Promise<Domain> {
  const { user, domain } = await readDomain(principal, orgId, domainId);
  const after = await checkClaim(domain, { principal, actor: { orgId, userId: user.userId, roles: domainManagers() } });
  return toDomain(after);
}

/** Deleting a verified domain ends its ownership in the same transaction: members stop joining by it at once. */
export async function deleteDomain(principal: Principal, orgId: string, domainId: string): Promise<void> {
  const { user, domain } = await readDomain(principal, orgId, domainId);
  const event = auditEvent(principal, { action: 'domain.deleted', orgId, targets: [domainTarget(domain)] });
  await domains.deleteDomain(domain, user.userId, domainManagers(), [event], (failure) => {
    if (failure.label === 'actor') return membershipFailure(failure);
    if (failure.label === 'owner') return new Error(`The owner item of ${domain.domain} is not this claim's`);
    return failure.item
      ? new ConflictError(
          'concurrent_modification',
          'The domain was changed at the same time (a check found its record). Read it again and retry.',
        )
      : new NotFoundError(DOMAIN_NOT_FOUND);
  });
}
