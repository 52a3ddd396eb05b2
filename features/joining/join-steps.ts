// The labelled steps of joining by domain, which the join transactions (and the members and
// invitations features) compose: who may join is re-checked at write time, from the same items
// the decision was read from, so a domain lapsing or a mode turned off meanwhile wins.
import { conditions, steps, valueList } from '../../shared/table/steps.js';
import { domainOwnerEntity } from '../domains/domain-owner-entity.js';
import { workspaceEntity } from '../workspaces/workspace-entity.js';
import { type JoinBlockRecord, joinBlockEntity } from './join-block-entity.js';
import { type JoinSettingsRecord, joinSettingsEntity } from './join-settings-entity.js';
import type { JoinMode } from './join-terms.js';

/** The domain is still verified, and by this org. */
export const domainStillOwned = (orgId: string, domain: string) =>
  steps.check('domain', domainOwnerEntity.key({ domain }), {
    expression: 'org_id = :orgId AND #status = :verified',
    names: { '#status': 'status' },
    values: { ':orgId': orgId, ':verified': 'verified' },
  });

/** The org's join mode is still one of `modes`. */
export const modeStillIn = (orgId: string, modes: readonly JoinMode[]) => {
  const { list, values } = valueList('mode', modes);
  return steps.check('join_mode', joinSettingsEntity.key({ org_id: orgId }), {
    expression: `join_mode IN ${list}`,
    values,
  });
};

/** Nobody left or was removed from the org with this address (`removed` only: a leaver may still ask). */
export const notBlocked = (orgId: string, email: string, reasons: 'any' | 'removed' = 'any') =>
  steps.check(
    'blocked',
    joinBlockEntity.key({ org_id: orgId, email }),
    reasons === 'any'
      ? { expression: 'attribute_not_exists(#key)', names: { '#key': 'pk' } }
      : { expression: 'attribute_not_exists(#key) OR reason <> :removed', names: { '#key': 'pk' }, values: { ':removed': 'removed' } },
  );

/** A workspace that a join grants is still there and active. */
export const workspaceStillActive = (orgId: string, workspaceId: string) =>
  steps.check('workspace', workspaceEntity.key({ org_id: orgId, id: workspaceId }), {
    expression: 'attribute_exists(#key) AND #status = :active',
    names: { '#key': 'pk', '#status': 'status' },
    values: { ':active': 'active' },
  });

// Neither has a condition, so neither can fail: each takes a label of the transaction it joins.

/** Written with the end of a membership (members/member-store.ts). */
export const block = <L extends string>(label: L, record: JoinBlockRecord) => steps.put(label, joinBlockEntity.item(record));

/** An admin's invitation, or an approved request, lets the address join again. */
export const unblock = <L extends string>(label: L, orgId: string, email: string) =>
  steps.delete(label, joinBlockEntity.key({ org_id: orgId, email }));

/** The new settings, if they are still the version that was read (0: none stored yet). */
export const saveSettings = (current: JoinSettingsRecord, next: JoinSettingsRecord) =>
  steps.put('join_settings', joinSettingsEntity.item(next), {
    condition:
      current.version === 0 ? conditions.isNew : { expression: 'version = :readVersion', values: { ':readVersion': current.version } },
  });

/** A deleted workspace stops being the default: the setting goes back to the org's first workspace. */
export const forgetDefaultWorkspace = (orgId: string, workspaceId: string, at: string) =>
  steps.update(
    'join_settings',
    joinSettingsEntity.key({ org_id: orgId }),
    {
      expression: 'SET default_workspace_id = :none, updated_at = :at ADD version :one',
      values: { ':none': null, ':at': at, ':one': 1 },
    },
    { condition: { expression: 'default_workspace_id = :workspaceId', values: { ':workspaceId': workspaceId } } },
  );
