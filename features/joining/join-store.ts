// The reads and transactions of joining by domain. A decision reads everything it rests on in one
// round trip (the domain's owner, the org's settings, the person's membership, block and pending
// request, with the org's first workspace queried beside them); the join re-checks it all as it writes.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { partitionQuery } from '../../shared/table/keys.js';
import type { Step } from '../../shared/table/steps.js';
import type { PrimaryKey } from '../../shared/table/table-definition.js';
import type { TransactOutcome } from '../../shared/table/transact.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commit } from '../audit/audit-steps.js';
import { domainOwnerEntity } from '../domains/domain-owner-entity.js';
import { type MemberRecord, memberEntity } from '../members/member-entity.js';
import * as memberSteps from '../members/member-steps.js';
import { orgEntity } from '../organizations/org-entity.js';
import * as orgSteps from '../organizations/org-steps.js';
import { type WorkspaceRecord, workspaceEntity, workspaceRanges } from '../workspaces/workspace-entity.js';
import { joinBlockEntity } from './join-block-entity.js';
import { pendingJoinRequestGuard } from './join-request-entity.js';
import { defaultJoinSettings, joinSettingsEntity } from './join-settings-entity.js';
import * as joinSteps from './join-steps.js';

/** The org's oldest workspace (ids are time-ordered): what a default of null means. */
export async function firstWorkspace(orgId: string): Promise<WorkspaceRecord | undefined> {
  const result = await db.send(
    new QueryCommand({ TableName: tableName, ...partitionQuery(workspaceRanges.workspacesOfOrg(orgId)), Limit: 1, ConsistentRead: true }),
  );
  return workspaceEntity.parseOptional(result.Items?.[0]);
}

export const orgKey = (orgId: string) => orgEntity.key({ id: orgId });
export const parseOrg = (item: Record<string, unknown> | undefined) => orgEntity.parseOptional(item);

export const domainOwnerKey = (domain: string) => domainOwnerEntity.key({ domain });

export const parseDomainOwner = (item: Record<string, unknown> | undefined) => domainOwnerEntity.parseOptional(item);

/** Who owns a domain, alone ('' for an address without one reads nothing). */
export async function getDomainOwner(domain: string) {
  if (domain === '') return undefined;
  const found = await batchGet([domainOwnerKey(domain)]);
  return parseDomainOwner(found.get(domainOwnerKey(domain)));
}

export interface Person {
  userId: string;
  email: string;
}

/** Everything a join by domain rests on, for one person and org: one BatchGetItem and the first-workspace query, in parallel. */
export async function readJoinContext(
  orgId: string,
  person: Person,
  domain: string,
  { extraKeys = [], withFirstWorkspace = true }: { extraKeys?: PrimaryKey[]; withFirstWorkspace?: boolean } = {},
) {
  const keys = {
    owner: domain === '' ? undefined : domainOwnerKey(domain),
    settings: joinSettingsEntity.key({ org_id: orgId }),
    member: memberEntity.key({ org_id: orgId, user_id: person.userId }),
    block: joinBlockEntity.key({ org_id: orgId, email: person.email }),
    pending: pendingJoinRequestGuard.key({ org_id: orgId, user_id: person.userId }),
  };
  const [found, first] = await Promise.all([
    batchGet([...Object.values(keys).filter((key): key is PrimaryKey => key !== undefined), ...extraKeys]),
    withFirstWorkspace ? firstWorkspace(orgId) : undefined,
  ]);
  return {
    found,
    owner: keys.owner && parseDomainOwner(found.get(keys.owner)),
    settings: joinSettingsEntity.parseOptional(found.get(keys.settings)) ?? defaultJoinSettings(orgId),
    member: memberEntity.parseOptional(found.get(keys.member)),
    block: joinBlockEntity.parseOptional(found.get(keys.block)),
    pending: pendingJoinRequestGuard.parseOptional(found.get(keys.pending)),
    firstWorkspace: first,
  };
}

export type JoinContext = Awaited<ReturnType<typeof readJoinContext>>;

export type JoinFailure = 'already_member' | 'workspace' | 'org' | 'domain' | 'join_mode' | 'blocked' | string;

/**
 * Creates the membership with its email guard (and its workspace grant, whose workspace must still
 * be active), takes an admin's seat for an admin, and holds whatever else the caller's `guards`
 * say, all in one transaction with the events.
 */
export function joinOrg<L extends string>(
  member: MemberRecord,
  guards: Step<L>[],
  events: AuditEventRecord[],
): Promise<TransactOutcome<L | 'already_member' | 'workspace' | 'org' | 'last_admin'>> {
  return commit<L | 'already_member' | 'workspace' | 'org' | 'last_admin'>(
    [
      ...memberSteps.join(member),
      ...Object.keys(member.workspaces).map((workspaceId) => joinSteps.workspaceStillActive(member.org_id, workspaceId)),
      ...(member.role === 'admin' ? [orgSteps.adminSeatTaken(member.org_id)] : []),
      ...guards,
    ],
    events,
  );
}
