// The reads and transactions behind the credential routes. Every read fetches the caller's standing
// (a membership, or the API key itself) with what it asks for; every write re-checks the caller's
// role in its transaction, with the change's audit event.
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { eachInRange, queryRange, toRangePage } from '../../shared/table/query-page.js';
import { type Step, steps } from '../../shared/table/steps.js';
import type { PrimaryKey } from '../../shared/table/table-definition.js';
import type { ConditionFailure } from '../../shared/table/transact.js';
import { comparableName } from '../../shared/vocabulary/display-name.js';
import type { Principal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commit, commitOrThrow } from '../audit/audit-steps.js';
import { memberEntity } from '../members/member-entity.js';
import { workspaceEntity } from '../workspaces/workspace-entity.js';
import { credentialEntity, credentialRanges, dataKeyEntity, previousVersionEntity } from './credential-entity.js';
import * as credentialSteps from './credential-steps.js';
import { credentialTarget } from './credential-view.js';

const dataKeyKey = (orgId: string, workspaceId: string) => dataKeyEntity.key({ org_id: orgId, workspace_id: workspaceId });

/** The caller's membership and the workspace's data key, in one BatchGetItem. */
export async function getDataKeyAndMembership(orgId: string, workspaceId: string, userId: string) {
  const memberKey = memberEntity.key({ org_id: orgId, user_id: userId });
  const found = await batchGet([memberKey, dataKeyKey(orgId, workspaceId)]);
  return {
    member: memberEntity.parseOptional(found.get(memberKey)),
    dataKey: dataKeyEntity.parseOptional(found.get(dataKeyKey(orgId, workspaceId))),
  };
}

/** The credential with the caller's standing, and (for what decrypts) the data key and the kept previous version. */
export async function getCredentialAndCaller(
  orgId: string,
  workspaceId: string,
  credentialId: string,
  callerKey: PrimaryKey,
  also: { secrets?: true } = {},
) {
  const credentialKey = credentialEntity.key({ org_id: orgId, workspace_id: workspaceId, id: credentialId });
  const previousKey = previousVersionEntity.key({ org_id: orgId, credential_id: credentialId });
  const found = await batchGet([callerKey, credentialKey, previousKey, ...(also.secrets ? [dataKeyKey(orgId, workspaceId)] : [])]);
  return {
    caller: found.get(callerKey),
    credential: credentialEntity.parseOptional(found.get(credentialKey)),
    previous: previousVersionEntity.parseOptional(found.get(previousKey)),
    dataKey: dataKeyEntity.parseOptional(found.get(dataKeyKey(orgId, workspaceId))),
  };
}

/** What a move rests on: the credential, the mover, both workspaces and both data keys, in one BatchGetItem. */
export async function getForMove(orgId: string, fromId: string, toId: string, credentialId: string, userId: string) {
  const memberKey = memberEntity.key({ org_id: orgId, user_id: userId });
  const credentialKey = credentialEntity.key({ org_id: orgId, workspace_id: fromId, id: credentialId });
  const targetKey = workspaceEntity.key({ org_id: orgId, id: toId });
  const found = await batchGet([memberKey, credentialKey, targetKey, dataKeyKey(orgId, fromId), dataKeyKey(orgId, toId)]);
  return {
    member: memberEntity.parseOptional(found.get(memberKey)),
    credential: credentialEntity.parseOptional(found.get(credentialKey)),
    target: workspaceEntity.parseOptional(found.get(targetKey)),
    sourceKey: dataKeyEntity.parseOptional(found.get(dataKeyKey(orgId, fromId))),
    targetKey: dataKeyEntity.parseOptional(found.get(dataKeyKey(orgId, toId))),
  };
}

/** The caller's standing with the workspace, and a page of its credentials (oldest first), in parallel. */
export async function listCredentialsWithCaller(orgId: string, workspaceId: string, callerKey: PrimaryKey, limit: number, after?: string) {
  const range = credentialRanges.credentialsOfWorkspace(orgId, workspaceId);
  const workspaceKey = workspaceEntity.key({ org_id: orgId, id: workspaceId });
  const [found, result] = await Promise.all([batchGet([callerKey, workspaceKey]), queryRange(range, limit, after)]);
  const page = toRangePage(
    result,
    range,
    limit,
    (item) => credentialEntity.parse(item),
    (credential) => credential.id,
  );
  return { caller: found.get(callerKey), workspace: workspaceEntity.parseOptional(found.get(workspaceKey)), ...page };
}

/** The key a reveal was made with is still there, not revoked: re-checked in the reveal's transaction. */
export const keyStillWorks = (key: PrimaryKey) =>
  steps.check('actor', key, { expression: 'attribute_exists(version) AND attribute_type(revoked_at, :null)', values: { ':null': 'NULL' } });

/** A change of credentials with its events, every failure final and explained by its label. */
export function write<L extends string>(
  changeSteps: readonly Step<L>[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<L>) => Error,
): Promise<void> {
  return commitOrThrow(changeSteps, events, explain);
}

/**
 * Erases a deleted workspace's credentials, each with its `credential.deleted` event (by the job),
 * then the workspace's data key: nothing sealed under it can be opened again. A credential erased
 * meanwhile (a replayed record, the sweep and the consumer at once) is left to the run that erased it.
 */
export async function eraseWorkspaceCredentials(orgId: string, workspaceId: string, job: Principal): Promise<number> {
  let erased = 0;
  await eachInRange(
    credentialRanges.credentialsOfWorkspace(orgId, workspaceId),
    (item) => credentialEntity.parse(item),
    (credential) => credential.id,
    async (credential) => {
      const event = auditEvent(job, {
        action: 'credential.deleted',
        orgId,
        workspaceId,
        targets: [credentialTarget(credential)],
        changes: { workspace_deleted: { from: false, to: true } },
      });
      if ((await commit(credentialSteps.remove(credential, comparableName(credential.name)), [event])).ok) erased++;
    },
  );
  await db.send(new DeleteCommand({ TableName: tableName, Key: dataKeyKey(orgId, workspaceId) }));
  return erased;
}
