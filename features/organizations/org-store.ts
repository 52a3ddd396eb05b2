import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { lastEvaluatedId, partitionQuery } from '../../shared/table/keys.js';
import { takePage } from '../../shared/table/page-cursor.js';
import type { Step } from '../../shared/table/steps.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import type { ConditionFailure, TransactOutcome } from '../../shared/table/transact.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commit, commitOrThrow } from '../audit/audit-steps.js';
import { type MemberRecord, memberEntity, memberRanges, membershipPosition } from '../members/member-entity.js';
import * as memberSteps from '../members/member-steps.js';
import * as quotaSteps from '../quotas/quota-steps.js';
import { type UserRecord, userEntity, userIndexOfUser } from '../users/user-entity.js';
import type { WorkspaceRecord } from '../workspaces/workspace-entity.js';
import * as workspaceSteps from '../workspaces/workspace-steps.js';
import { type OrgRecord, orgEntity } from './org-entity.js';
import * as orgSteps from './org-steps.js';

export interface NewOrg {
  org: OrgRecord;
  admin: MemberRecord;
  workspace: WorkspaceRecord;
  /** The org, its first member and its first workspace, each recorded as it is created. */
  events: AuditEventRecord[];
}

/** The steps that create an org with its first admin and first workspace, in one transaction. */
export function newOrgSteps({ org, admin, workspace }: NewOrg): Step<'new_item' | 'already_member' | 'workspace_name_taken'>[] {
  return [orgSteps.create(org), ...memberSteps.join(admin), ...workspaceSteps.create(workspace)];
}

/**
 * Creates an org someone asked for, counted against the orgs they may create today: each org
 * brings invitation emails of its own, so creating orgs must not be a way around those limits.
 */
export function createOrg(
  plan: NewOrg,
  orgsPerDay: number,
): Promise<TransactOutcome<'orgs_created' | 'new_item' | 'already_member' | 'workspace_name_taken'>> {
  const { org } = plan;
  return commit(
    [
      quotaSteps.count(
        'orgs_created',
        { scope: 'orgs_created', subject: org.created_by, window: 'day', limit: orgsPerDay },
        org.created_at,
      ),
      ...newOrgSteps(plan),
    ],
    plan.events,
  );
}

/** The caller's membership and the org, in one BatchGetItem. */
export async function getOrgAndMembership(orgId: string, userId: string) {
  const memberKey = memberEntity.key({ org_id: orgId, user_id: userId });
  const orgKey = orgEntity.key({ id: orgId });
  const found = await batchGet([memberKey, orgKey]);
  return { member: memberEntity.parseOptional(found.get(memberKey)), org: orgEntity.parseOptional(found.get(orgKey)) };
}

/** The caller's membership alone. */
export async function getMembership(orgId: string, userId: string): Promise<MemberRecord | undefined> {
  const memberKey = memberEntity.key({ org_id: orgId, user_id: userId });
  const found = await batchGet([memberKey]);
  return memberEntity.parseOptional(found.get(memberKey));
}

/** Renames an org if the caller still holds one of `roles` when the write lands. */
export async function renameOrg(
  orgId: string,
  userId: string,
  roles: RoleKey[],
  /** `unchangedSince`: rename only if the org was last updated then, the version a client's If-Match named. */
  rename: { name: string; updatedAt: string; unchangedSince: string | undefined },
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<'actor' | 'org'>) => Error,
): Promise<void> {
  await commitOrThrow(
    [memberSteps.actorHolds(orgId, userId, roles), orgSteps.rename(orgId, rename.name, rename.updatedAt, rename.unchangedSince)],
    events,
    explain,
  );
}

export interface MembershipPage {
  memberships: MemberRecord[];
  lastOrgId: string | undefined;
}

const personIndex = TABLE_DEFINITION.indexes.byPerson;

/** A page of the user's memberships from the user index, ordered by org id. */
export async function listMembershipsOfUser(userId: string, limit: number, afterOrgId?: string): Promise<MembershipPage> {
  const range = memberRanges.membershipsOfUser(userId);
  const result = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: personIndex.indexName,
      ...partitionQuery(range, personIndex),
      Limit: limit + 1,
      ...(afterOrgId ? { ExclusiveStartKey: membershipPosition({ org_id: afterOrgId, user_id: userId }) } : {}),
    }),
  );
  const items = (result.Items ?? []).map((item) => memberEntity.parse(item));
  const { page, lastId } = takePage(items, limit, lastEvaluatedId(result.LastEvaluatedKey, range, personIndex), (member) => member.org_id);
  return { memberships: page, lastOrgId: lastId };
}

/** The user's profile and their first `limit` memberships: one query, the profile sorts first. */
export async function getProfileAndMemberships(
  userId: string,
  limit: number,
): Promise<{ user: UserRecord | undefined; memberships: MemberRecord[] }> {
  const result = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: personIndex.indexName,
      ...partitionQuery(userIndexOfUser(userId), personIndex),
      Limit: limit + 1,
    }),
  );
  const items = result.Items ?? [];
  return {
    user: userEntity.parseOptional(items.find((item) => userEntity.is(item))),
    memberships: items.filter((item) => memberEntity.is(item)).map((item) => memberEntity.parse(item)),
  };
}

export async function getOrgs(orgIds: string[]): Promise<Map<string, OrgRecord>> {
  const keys = orgIds.map((id) => orgEntity.key({ id }));
  const found = await batchGet(keys);
  const records = keys.flatMap((key) => {
    const org = orgEntity.parseOptional(found.get(key));
    return org ? [org] : [];
  });
  return new Map(records.map((org) => [org.id, org]));
}

/** The org as it is now (a strongly consistent read), for the stream consumer that copies it. */
export async function getOrgConsistently(orgId: string): Promise<OrgRecord | undefined> {
  const result = await db.send(new GetCommand({ TableName: tableName, Key: orgEntity.key({ id: orgId }), ConsistentRead: true }));
  return orgEntity.parseOptional(result.Item);
}
