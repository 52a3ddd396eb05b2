// Claiming a domain: the one route that judges a name by the Public Suffix List and the
// consumer-provider list, so it alone carries them (its row says so); the other domain routes read
// names already judged.
import { randomBytes } from 'node:crypto';
import { domainConfig } from '../../shared/config.js';
import { AppError, ConflictError } from '../../shared/vocabulary/errors.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { membershipFailure, requireOrgPermission } from '../members/access.js';
import { getMembership } from '../members/membership-read.js';
import { CLAIM_LIFETIME_MS, FIRST_CHECK_DELAY_MS } from './domain-checks.js';
import type { DomainRecord } from './domain-entity.js';
import { domainTarget, statusChange } from './domain-events.js';
import { isDomainProblem, normalizeDomain } from './domain-name.js';
import { DOMAIN_PERMISSION, domainManagers, toDomain } from './domain-service.js';
import * as domains from './domain-store.js';
import { domainErrors } from './errors.js';
import type { CreateDomainInput, Domain } from './schemas.js';

/** 256 random bits: nobody can guess the value another org was given, nor publish it for them. */
const newVerificationValue = () => `orgspace-verification=${randomBytes(32).toString('base64url')}`;

/** The domain as stored, or its 422. Checked only for the org's admins: anyone else gets the answer their role gets. */
async function checkedDomain(principal: Principal, orgId: string, input: string): Promise<string> {
  const normalized = normalizeDomain(input);
  if (!isDomainProblem(normalized)) return normalized;
  const spec = normalized.code === 'consumer_domain' ? domainErrors.consumerDomain : domainErrors.invalidDomain;
  requireOrgPermission(await getMembership(orgId, requireUser(principal).userId), DOMAIN_PERMISSION);
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
  await domains.createDomain(record, domainManagers(), limitPerOrg, [event], (failure) => {
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
