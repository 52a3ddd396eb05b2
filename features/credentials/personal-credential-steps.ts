// Writing personal credentials. Every change re-checks, on the owner's membership item, that it is
// still the membership the credential was made in; the credential, its name guard, its kept
// previous version and the owner's data key (with the count) change together.
import { conditions, type Expression, steps } from '../../shared/table/steps.js';
import { memberEntity } from '../members/member-entity.js';
import { type PreviousVersionRecord, previousVersionEntity } from './credential-entity.js';
import {
  type PersonalCredentialRecord,
  type PersonalDataKeyRecord,
  personalCredentialEntity,
  personalDataKeyEntity,
  personalNameGuard,
} from './personal-credential-entity.js';

const atVersion = (version: number): Expression => ({ expression: 'version = :readVersion', values: { ':readVersion': version } });

/** The owner is still a member of the org, in the membership that began at `memberSince`. */
export const ownerStillMember = (orgId: string, ownerId: string, memberSince: string) =>
  steps.check('actor', memberEntity.key({ org_id: orgId, user_id: ownerId }), {
    expression: 'joined_at = :memberSince',
    values: { ':memberSince': memberSince },
  });

export const newDataKey = (dataKey: PersonalDataKeyRecord) =>
  steps.put('data_key', personalDataKeyEntity.item({ ...dataKey, credential_count: 1 }), { condition: conditions.isNew });

export const counted = (dataKey: PersonalDataKeyRecord, limit: number) =>
  steps.update(
    'credential_limit',
    personalDataKeyEntity.key(dataKey),
    { expression: 'ADD credential_count :one', values: { ':one': 1 } },
    {
      condition: {
        expression: 'wrapped_key = :wrapped AND credential_count < :limit',
        values: { ':wrapped': dataKey.wrapped_key, ':limit': limit },
      },
    },
  );

const guardKey = (credential: PersonalCredentialRecord, nameKey: string) =>
  personalNameGuard.key({ org_id: credential.org_id, owner_id: credential.owner_id, name_key: nameKey });

export const create = (credential: PersonalCredentialRecord, nameKey: string) => [
  steps.put(
    'credential_name_taken',
    personalNameGuard.item({ org_id: credential.org_id, owner_id: credential.owner_id, name_key: nameKey, credential_id: credential.id }),
    { condition: conditions.isNew },
  ),
  steps.put('new_item', personalCredentialEntity.item(credential), { condition: conditions.isNew }),
];

export const replace = (current: PersonalCredentialRecord, next: PersonalCredentialRecord, previous: PreviousVersionRecord) => [
  steps.put('credential', personalCredentialEntity.item(next), { condition: atVersion(current.version) }),
  steps.put('credential', previousVersionEntity.item(previous)),
];

export const unchanged = (current: PersonalCredentialRecord) =>
  steps.check('credential', personalCredentialEntity.key(current), atVersion(current.version));

export const remove = (current: PersonalCredentialRecord, nameKey: string) => [
  steps.delete('credential', personalCredentialEntity.key(current), { condition: atVersion(current.version) }),
  steps.delete('credential', guardKey(current, nameKey)),
  steps.delete('credential', previousVersionEntity.key({ org_id: current.org_id, credential_id: current.id })),
  steps.update(
    'credential',
    personalDataKeyEntity.key(current),
    { expression: 'ADD credential_count :minusOne', values: { ':minusOne': -1 } },
    { condition: conditions.exists },
  ),
];
