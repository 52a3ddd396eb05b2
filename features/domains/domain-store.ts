// The reads and writes behind verified domains. A route reads the caller's membership with what it
// asks for; a change made for a person re-checks their role in its transaction, with its events.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { conditionHeld } from '../../shared/table/conditional-write.js';
import { partitionQuery } from '../../shared/table/keys.js';
import { queryRange, toRangePage } from '../../shared/table/query-page.js';
import type { Step } from '../../shared/table/steps.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import type { ConditionFailure, TransactOutcome } from '../../shared/table/transact.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commit, commitOrThrow } from '../audit/audit-steps.js';
import { memberEntity } from '../members/member-entity.js';
import * as memberSteps from '../members/member-steps.js';
import { type DomainRecord, domainClaimPointer, domainEntity, domainRanges } from './domain-entity.js';
import * as domainSteps from './domain-steps.js';

const memberKey = (orgId: string, userId: string) => memberEntity.key({ org_id: orgId, user_id: userId });

/** The caller's membership and the claim, in one BatchGetItem. */
export async function getDomainAndMembership(orgId: string, domainId: string, userId: string) {
  const domainKey = domainEntity.key({ org_id: orgId, id: domainId });
  const found = await batchGet([memberKey(orgId, userId), domainKey]);
  return {
    member: memberEntity.parseOptional(found.get(memberKey(orgId, userId))),
    domain: domainEntity.parseOptional(found.get(domainKey)),
  };
}

export async function getDomain(orgId: string, domainId: string): Promise<DomainRecord | undefined> {
  const result = await db.send(
    new GetCommand({ TableName: tableName, Key: domainEntity.key({ org_id: orgId, id: domainId }), ConsistentRead: true }),
  );
  return domainEntity.parseOptional(result.Item);
}

/** The caller's membership and a page of the org's claims (oldest first), in parallel. */
export async function listDomainsWithMembership(orgId: string, userId: string, limit: number, afterDomainId?: string) {
  const range = domainRanges.domainsOfOrg(orgId);
  const [membership, result] = await Promise.all([
    db.send(new GetCommand({ TableName: tableName, Key: memberKey(orgId, userId), ConsistentRead: true })),
    queryRange(range, limit, afterDomainId),
  ]);
  const page = toRangePage(
    result,
    range,
    limit,
    (item) => domainEntity.parse(item),
    (domain) => domain.id,
  );
  return { member: memberEntity.parseOptional(membership.Item), domains: page.items, lastDomainId: page.lastId };
}

/** Claims whose check is due by `now`, soonest first (the index lags a little: a stale one fails its version condition). */
export async function listDueChecks(now: string, limit: number): Promise<DomainRecord[]> {
  const index = TABLE_DEFINITION.indexes.byPerson;
  const result = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.indexName,
      ...partitionQuery(domainRanges.checksDueBy(now), index),
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => domainEntity.parse(item));
}

/** Every org's claim on the domain, as pointers. A domain has few claimants; one page of 100 is all there is. */
export async function claimsOfDomain(domain: string) {
  const result = await db.send(
    new QueryCommand({ TableName: tableName, ...partitionQuery(domainRanges.claimsOfDomain(domain)), Limit: 100, ConsistentRead: true }),
  );
  return (result.Items ?? []).map((item) => domainClaimPointer.parse(item));
}

export type CreateFailure = 'actor' | 'domain_limit' | 'domain_already_added' | 'new_item';

/** Adds a claim if the creator still holds one of `roles` and the org is under its limit. */
export async function createDomain(
  claim: DomainRecord,
  roles: RoleKey[],
  limit: number,
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<CreateFailure>) => Error,
): Promise<void> {
  await commitOrThrow(
    [memberSteps.actorHolds(claim.org_id, claim.created_by, roles), domainSteps.counted(claim.org_id, limit), ...domainSteps.create(claim)],
    events,
    explain,
  );
}

export type DeleteFailure = 'actor' | 'domain' | 'owner';

export async function deleteDomain(
  claim: DomainRecord,
  userId: string,
  roles: RoleKey[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<DeleteFailure>) => Error,
): Promise<void> {
  await commitOrThrow([memberSteps.actorHolds(claim.org_id, userId, roles), ...domainSteps.remove(claim)], events, explain);
}

/**
 * A change of state, with its events and whatever else must go with it (the owner item, a notice),
 * and for a person the re-check of their role. A failed condition comes back as a value.
 */
export function commitTransition<L extends string>(
  changeSteps: readonly Step<L>[],
  events: AuditEventRecord[],
  actor?: { orgId: string; userId: string; roles: RoleKey[] },
): Promise<TransactOutcome<L | 'actor'>> {
  const actorSteps: Step<'actor'>[] = actor ? [memberSteps.actorHolds(actor.orgId, actor.userId, actor.roles)] : [];
  return commit<L | 'actor'>([...actorSteps, ...changeSteps], events);
}

/** A check that changed no state (when it looked, what it found, when to look next); false if the claim moved on meanwhile. */
export function recordCheck(current: DomainRecord, next: DomainRecord): Promise<boolean> {
  const step = domainSteps.replace(current, next).item.Put!;
  return conditionHeld(db.send(new PutCommand(step)));
}
