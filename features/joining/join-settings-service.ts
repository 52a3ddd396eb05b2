// An org's domain join settings, read and changed by its admins.
import type { ConditionFailure } from '../../shared/table/transact.js';
import { ConflictError, ValidationError } from '../../shared/vocabulary/errors.js';
import { nowIso } from '../../shared/vocabulary/ids.js';
import { orgRolesWith, type Permission } from '../../shared/vocabulary/policy.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent, changesBetween } from '../audit/audit-event.js';
import { membershipFailure, requireOrgPermission } from '../members/access.js';
import type { JoinSettingsRecord } from './join-settings-entity.js';
import * as settingsStore from './join-settings-store.js';
import type { DomainSettings, UpdateDomainSettingsInput } from './schemas.js';

const PERMISSION: Permission = 'org:update';

const toDomainSettings = ({ org_id, join_mode, default_role, default_workspace_id, updated_at }: JoinSettingsRecord): DomainSettings => ({
  org_id,
  join_mode,
  default_role,
  default_workspace_id,
  updated_at,
});

const unusableWorkspace = () =>
  new ValidationError('The default workspace must be an active workspace of this organization.', [
    { field: 'body.default_workspace_id', message: 'is not an active workspace of this organization' },
  ]);

const concurrentChange = () =>
  new ConflictError('concurrent_modification', 'The settings were changed by another request at the same time. Read them again and retry.');

export async function getDomainSettings(principal: Principal, orgId: string): Promise<DomainSettings> {
  const { member, settings } = await settingsStore.getSettingsAndMembership(orgId, requireUser(principal).userId);
  requireOrgPermission(member, PERMISSION);
  return toDomainSettings(settings);
}

export async function updateDomainSettings(principal: Principal, orgId: string, input: UpdateDomainSettingsInput): Promise<DomainSettings> {
  const user = requireUser(principal);
  const named = input.default_workspace_id ?? undefined;
  const { member, settings, workspace } = await settingsStore.getSettingsAndMembership(orgId, user.userId, named);
  requireOrgPermission(member, PERMISSION);
  if (named && workspace?.status !== 'active') throw unusableWorkspace();
  const now = nowIso();
  const next: JoinSettingsRecord = {
    ...settings,
    join_mode: input.join_mode ?? settings.join_mode,
    default_role: input.default_role ?? settings.default_role,
    default_workspace_id: input.default_workspace_id === undefined ? settings.default_workspace_id : input.default_workspace_id,
    updated_by: user.userId,
    updated_at: now,
    version: settings.version + 1,
  };
  const changes = changesBetween(settings, next, ['join_mode', 'default_role', 'default_workspace_id']);
  if (Object.keys(changes).length === 0) return toDomainSettings(settings);
  const event = auditEvent(principal, {
    action: 'domain_settings.updated',
    orgId,
    targets: [{ type: 'organization', id: orgId }],
    changes,
    at: now,
  });
  await settingsStore.saveSettings(
    settings,
    next,
    user.userId,
    orgRolesWith(PERMISSION),
    [event],
    (failure: ConditionFailure<settingsStore.SaveFailure>) => {
      switch (failure.label) {
        case 'actor':
          return membershipFailure(failure);
        case 'join_settings':
          return concurrentChange();
        case 'workspace':
          return unusableWorkspace();
      }
    },
  );
  return toDomainSettings(next);
}
