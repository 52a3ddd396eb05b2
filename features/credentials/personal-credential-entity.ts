// A member's personal credential: theirs alone, scoped to one org (their membership in it), in the
// org's partition beside the workspace credentials. Sealed under a data key of that member's in
// that org, never a workspace's, so no workspace key or role can open it, an org admin's included.
// Each credential remembers the membership it was made in (`member_since`, the member's
// `joined_at`): removal erases them, and one of an earlier membership is never shown to a later one.
// The version a replacement superseded is the workspace credentials' (`previousVersionEntity`).
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { CREDENTIAL_TYPES } from './credential-types.js';

const personalCredentialRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  /** The member it belongs to: the only one who can read, change or reveal it. */
  owner_id: shape.string,
  name: shape.string,
  credential_type: shape.oneOf(CREDENTIAL_TYPES),
  metadata: shape.record(shape.string),
  hints: shape.record(shape.string),
  secret_version: shape.number,
  /** `v1.<base64>`: AES-256-GCM, bound to org, owner, credential and secret_version. */
  sealed_secret: shape.string,
  /** The owner's `joined_at` in the org when it was made. */
  member_since: shape.string,
  created_at: shape.string,
  updated_at: shape.string,
  version: shape.number,
});

export type PersonalCredentialRecord = Stored<typeof personalCredentialRecord>;

export const personalCredentialEntity = defineEntity({
  type: 'personal_credential',
  shape: personalCredentialRecord,
  key: (key: Pick<PersonalCredentialRecord, 'org_id' | 'owner_id' | 'id'>) => ({
    pk: orgPartition(key.org_id),
    sk: `${PREFIXES.personalCredential}${key.owner_id}#${key.id}`,
  }),
  // The owner's credentials in every org, for GET /me/credentials: one partition per person.
  indexKeys: (credential) => ({
    gsi1pk: PREFIXES.personalCredentialOwner + credential.owner_id,
    gsi1sk: personalPositionOf(credential),
  }),
});

/** Where a credential sorts among its owner's in the person index: by org, then id. */
export const personalPositionOf = (credential: Pick<PersonalCredentialRecord, 'org_id' | 'id'>) => `${credential.org_id}#${credential.id}`;

export const personalNameGuard = defineEntity({
  type: 'personal_credential_name',
  shape: shape.object({ credential_id: shape.string }),
  key: (guard: { org_id: string; owner_id: string; name_key: string }) => ({
    pk: orgPartition(guard.org_id),
    sk: `${PREFIXES.personalCredentialName}${guard.owner_id}#${guard.name_key}`,
  }),
});

const personalDataKeyRecord = shape.object({
  org_id: shape.string,
  owner_id: shape.string,
  wrapped_key: shape.string,
  credential_count: shape.number,
  created_at: shape.string,
});

export type PersonalDataKeyRecord = Stored<typeof personalDataKeyRecord>;

export const personalDataKeyEntity = defineEntity({
  type: 'personal_credential_data_key',
  shape: personalDataKeyRecord,
  key: (key: { org_id: string; owner_id: string }) => ({ pk: orgPartition(key.org_id), sk: PREFIXES.personalDataKey + key.owner_id }),
});

export const personalCredentialRanges = {
  /** In the person index, ordered by org and id (personalPositionOf). */
  credentialsOfOwner: (ownerId: string) => ({ partition: PREFIXES.personalCredentialOwner + ownerId, prefix: '' }),
  credentialsOfMember: (orgId: string, ownerId: string) => ({
    partition: orgPartition(orgId),
    prefix: `${PREFIXES.personalCredential}${ownerId}#`,
  }),
};

/**
 * What a member's data key is bound to. The purpose is the workspace keys' own, which is what the
 * stack's KMS grant is conditioned on; `user_id` in place of `workspace_id` keeps them apart.
 */
export const personalKeyContext = (orgId: string, ownerId: string) => ({
  purpose: 'orgspace-credentials',
  org_id: orgId,
  user_id: ownerId,
});

export const personalSealBinding = (credential: Pick<PersonalCredentialRecord, 'org_id' | 'owner_id' | 'id'>, secretVersion: number) =>
  `orgspace-personal-credential/v1 org=${credential.org_id} user=${credential.owner_id} credential=${credential.id} version=${secretVersion}`;
