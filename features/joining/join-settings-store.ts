// Reading and writing an org's domain join settings, with the caller's membership in the same round trip.
import { batchGet } from '../../shared/table/batch-get.js';
import type { ConditionFailure } from '../../shared/table/transact.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commitOrThrow } from '../audit/audit-steps.js';
import { memberEntity } from '../members/member-entity.js';
import * as memberSteps from '../members/member-steps.js';
import { workspaceEntity } from '../workspaces/workspace-entity.js';
import { defaultJoinSettings, type JoinSettingsRecord, joinSettingsEntity } from './join-settings-entity.js';
import * as joinSteps from './join-steps.js';

/** The caller's membership, the settings (the defaults if none are stored) and, if named, a workspace: one BatchGetItem. */
export async function getSettingsAndMembership(orgId: string, userId: string, workspaceId?: string) {
  const memberKey = memberEntity.key({ org_id: orgId, user_id: userId });
  const settingsKey = joinSettingsEntity.key({ org_id: orgId });
  const workspaceKey = workspaceId ? workspaceEntity.key({ org_id: orgId, id: workspaceId }) : undefined;
  const found = await batchGet([memberKey, settingsKey, ...(workspaceKey ? [workspaceKey] : [])]);
  return {
    member: memberEntity.parseOptional(found.get(memberKey)),
    settings: joinSettingsEntity.parseOptional(found.get(settingsKey)) ?? defaultJoinSettings(orgId),
    workspace: workspaceKey && workspaceEntity.parseOptional(found.get(workspaceKey)),
  };
}

export type SaveFailure = 'actor' | 'join_settings' | 'workspace';

/** Writes the settings if the caller is still an admin, they are still the version read, and a named workspace is still active. */
export async function saveSettings(
  current: JoinSettingsRecord,
  next: JoinSettingsRecord,
  actorId: string,
  roles: RoleKey[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<SaveFailure>) => Error,
): Promise<void> {
  await commitOrThrow<SaveFailure>(
    [
      memberSteps.actorHolds(next.org_id, actorId, roles),
      joinSteps.saveSettings(current, next),
      ...(next.default_workspace_id ? [joinSteps.workspaceStillActive(next.org_id, next.default_workspace_id)] : []),
    ],
    events,
    explain,
  );
}
