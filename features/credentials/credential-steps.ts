// Writing credentials. A credential, its name guard, its kept previous version and its workspace's
// data key (with the count) change together; changes are conditioned on the version that was read.
import { conditions, type Expression, steps, valueList } from '../../shared/table/steps.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import { memberEntity } from '../members/member-entity.js';
import {
  type CredentialRecord,
  credentialEntity,
  credentialNameGuard,
  type DataKeyRecord,
  dataKeyEntity,
  type PreviousVersionRecord,
  previousVersionEntity,
} from './credential-entity.js';

const atVersion = (version: number): Expression => ({ expression: 'version = :readVersion', values: { ':readVersion': version } });

const guardOf = (credential: CredentialRecord, nameKey: string) =>
  credentialNameGuard.item({
    org_id: credential.org_id,
    workspace_id: credential.workspace_id,
    name_key: nameKey,
    credential_id: credential.id,
  });

/** The workspace's first credential brings its data key; the put fails if another request made one first. */
export const newDataKey = (dataKey: DataKeyRecord) =>
  steps.put('data_key', dataKeyEntity.item({ ...dataKey, credential_count: 1 }), { condition: conditions.isNew });

/** One more credential under the data key that was read, if the workspace is under the limit. */
export const counted = (dataKey: DataKeyRecord, limit: number) =>
  steps.update(
    'credential_limit',
    dataKeyEntity.key(dataKey),
    { expression: 'ADD credential_count :one', values: { ':one': 1 } },
    {
      condition: {
        expression: 'wrapped_key = :wrapped AND credential_count < :limit',
        values: { ':wrapped': dataKey.wrapped_key, ':limit': limit },
      },
    },
  );

export const uncounted = (orgId: string, workspaceId: string) =>
  steps.update(
    'credential',
    dataKeyEntity.key({ org_id: orgId, workspace_id: workspaceId }),
    { expression: 'ADD credential_count :minusOne', values: { ':minusOne': -1 } },
    { condition: conditions.exists },
  );

export const create = (credential: CredentialRecord, nameKey: string) => [
  steps.put('credential_name_taken', guardOf(credential, nameKey), { condition: conditions.isNew }),
  steps.put('new_item', credentialEntity.item(credential), { condition: conditions.isNew }),
];

/** A new current secret; the one it supersedes is kept as `previous` (or nothing is kept). */
export const replace = (current: CredentialRecord, next: CredentialRecord, previous: PreviousVersionRecord | undefined) => [
  steps.put('credential', credentialEntity.item(next), { condition: atVersion(current.version) }),
  previous
    ? steps.put('credential', previousVersionEntity.item(previous))
    : steps.delete('credential', previousVersionEntity.key({ org_id: current.org_id, credential_id: current.id })),
];

/** The credential is still the version that was read: a reveal answers what is stored. */
export const unchanged = (current: CredentialRecord) =>
  steps.check('credential', credentialEntity.key(current), atVersion(current.version));

export const remove = (current: CredentialRecord, nameKey: string) => [
  steps.delete('credential', credentialEntity.key(current), { condition: atVersion(current.version) }),
  steps.delete('credential', credentialNameGuard.key({ org_id: current.org_id, workspace_id: current.workspace_id, name_key: nameKey })),
  steps.delete('credential', previousVersionEntity.key({ org_id: current.org_id, credential_id: current.id })),
  uncounted(current.org_id, current.workspace_id),
];

/**
 * The mover is admin of both workspaces: an org admin, or holding admin grants on each. One
 * condition on the one membership item (a transaction touches an item once).
 */
export const adminOfBoth = (orgId: string, userId: string, roles: RoleKey[], from: string, to: string) => {
  const { list, values } = valueList('role', roles);
  return steps.check('actor', memberEntity.key({ org_id: orgId, user_id: userId }), {
    expression: `#role IN ${list} OR (#grants.#from IN ${list} AND #grants.#to IN ${list})`,
    names: { '#role': 'role', '#grants': 'workspaces', '#from': from, '#to': to },
    values,
  });
};
