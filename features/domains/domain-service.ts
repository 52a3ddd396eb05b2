// An org's verified email domains, managed by its admins: add a claim, publish its TXT record,
// verify it (now, or let the scheduled pass find it), delete it. Every change is one transaction
// that re-checks the caller's role and records its event.
import { randomBytes } from 'node:crypto';
import { domainConfig } from '../../shared/config.js';
import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import { AppError, ConflictError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import { orgRolesWith, type Permission } from '../../shared/vocabulary/policy.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { membershipFailure, requireOrgPermission } from '../members/access.js';
import { CLAIM_LIFETIME_MS, FIRST_CHECK_DELAY_MS, verificationRecordName } from './domain-checks.js';
import type { DomainRecord } from './domain-entity.js';
import { domainTarget, statusChange } from './domain-events.js';
import { isDomainProblem, normalizeDomain } from './domain-name.js';
import * as domains from './domain-store.js';
import { checkClaim, DOMAIN_NOT_FOUND } from './domain-verification.js';
import { domainErrors } from './errors.js';
import type { CreateDomainInput, Domain } from './schemas.js';

const PERMISSION: Permission = 'domain:manage';
const managers = () => orgRolesWith(PERMISSION);

/** 256 random bits: nobody can guess the value another org was given, nor publish it for them. */
const newVerificationValue = () => `orgspace-verification=${randomBytes(32).toString('base64url')}`;

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

/** The domain as stored, or its 422. Checked only for the org's admins: anyone else gets the answer their role gets. */
async function checkedDomain(principal: Principal, orgId: string, input: string): Promise<string> {
  const normalized = normalizeDomain(input);
  if (!isDomainProblem(normalized)) return normalized;
  const spec = normalized.code === 'consumer_domain' ? domainErrors.consumerDomain : domainErrors.invalidDomain;
  requireOrgPermission(await domains.getMembership(orgId, requireUser(principal).userId), PERMISSION);
  throw new AppError(spec.status, spec.code, normalized.message, [{ field: 'body.domain', message: normalized.message }]);
}

export async function createDomain(principal: Principal, orgId: string, input: CreateDomainInput): Promise<Domain> {
  const user = requireUser(principal);
  const domain = await checkedDomain(principal, orgId, input.domain);
  const now = nowIso();
  const record: DomainRecord = {
    id: newId(),
    org_id: orgId,
    domain,
    status: 'pending',
    failure_reason: null,
    verification_value: newVerificationValue(),
    created_by: user.userId,
    created_at: now,
    updated_at: now,
    verified_at: null,
    last_checked_at: null,
    last_check_result: null,
    next_check_at: new Date(Date.parse(now) + FIRST_CHECK_DELAY_MS).toISOString(),
    check_attempts: 0,
    missing_since: null,
    expires_at: new Date(Date.parse(now) + CLAIM_LIFETIME_MS).toISOString(),
    version: 1,
  };
  const event = auditEvent(principal, {
    action: 'domain.created',
    orgId,
    targets: [domainTarget(record)],
    changes: statusChange(null, record),
    at: now,
  });
  const { limitPerOrg } = domainConfig();
  await domains.createDomain(record, managers(), limitPerOrg, [event], (failure) => {
    switch (failure.label) {
      case 'actor':
        return membershipFailure(failure);
      case 'domain_limit':
        return new ConflictError(
          domainErrors.limitReached.code,
          `This organization already has the maximum of ${limitPerOrg} domains. Delete one first.`,
        );
      case 'domain_already_added':
        return new ConflictError(domainErrors.alreadyAdded.code, `This organization already has ${domain} among its domains.`);
      case 'new_item':
        return new Error('A freshly generated domain id collided');
    }
  });
  return toDomain(record);
}

export async function listDomains(principal: Principal, orgId: string, page: PageQuery) {
  const scope = ['domains', orgId];
  const result = await domains.listDomainsWithMembership(
    orgId,
    requireUser(principal).userId,
    page.limit,
    decodeCursor(page.cursor, scope),
  );
  requireOrgPermission(result.member, PERMISSION);
  return { data: result.domains.map(toDomain), next_cursor: encodeCursor(result.lastDomainId, scope) };
}

async function readDomain(principal: Principal, orgId: string, domainId: string) {
  const user = requireUser(principal);
  const { member, domain } = await domains.getDomainAndMembership(orgId, domainId, user.userId);
  requireOrgPermission(member, PERMISSION);
  if (!domain) throw new NotFoundError(DOMAIN_NOT_FOUND);
  return { user, domain };
}

export async function getDomain(principal: Principal, orgId: string, domainId: string): Promise<Domain> {
  return toDomain((await readDomain(principal, orgId, domainId)).domain);
}

/** Looks the TXT record up now. DNS failing to answer is no error of the caller's: the claim stays as it was, and says so. */
export async function verifyDomain(principal: Principal, orgId: string, domainId: string): Promise<Domain> {
  const { user, domain } = await readDomain(principal, orgId, domainId);
  const after = await checkClaim(domain, { principal, actor: { orgId, userId: user.userId, roles: managers() } });
  return toDomain(after);
}

/** Deleting a verified domain ends its ownership in the same transaction: members stop joining by it at once. */
export async function deleteDomain(principal: Principal, orgId: string, domainId: string): Promise<void> {
  const { user, domain } = await readDomain(principal, orgId, domainId);
  const event = auditEvent(principal, { action: 'domain.deleted', orgId, targets: [domainTarget(domain)] });
  await domains.deleteDomain(domain, user.userId, managers(), [event], (failure) => {
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
