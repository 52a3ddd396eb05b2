// A workspace credential, in up to three items of its org's partition: the credential (metadata,
// masked hints, the current secret sealed under the workspace's data key), the version a
// replacement superseded (kept 7 days for rollback, then DynamoDB's TTL erases it) and the name's
// uniqueness guard. The workspace's data key, wrapped by KMS, carries the workspace's credential
// count, so the transaction that adds a credential checks the limit on the item it reads anyway.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { CREDENTIAL_TYPES } from './credential-types.js';

const credentialRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  workspace_id: shape.string,
  name: shape.string,
  /** The API's `type` (an item's own `type` attribute is its entity tag). */
  credential_type: shape.oneOf(CREDENTIAL_TYPES),
  metadata: shape.record(shape.string),
  /** Per secret field, `••••` and its last four characters (for a value long enough to spare them). */
  hints: shape.record(shape.string),
  /** Counts the secrets it has had: 1 when made, one more with each replacement or rollback. */
  secret_version: shape.number,
  /** `v1.<base64>`: AES-256-GCM, bound to org, workspace, credential and secret_version. */
  sealed_secret: shape.string,
  created_by: shape.string,
  created_at: shape.string,
  updated_at: shape.string,
  /** Moved on by every change; changes are conditioned on the version they read. */
  version: shape.number,
});

export type CredentialRecord = Stored<typeof credentialRecord>;

export const credentialEntity = defineEntity({
  type: 'credential',
  shape: credentialRecord,
  key: (key: Pick<CredentialRecord, 'org_id' | 'workspace_id' | 'id'>) => ({
    pk: orgPartition(key.org_id),
    sk: `${PREFIXES.credential}${key.workspace_id}#${key.id}`,
  }),
});

/** How long a replaced secret can be rolled back to. */
export const PREVIOUS_VERSION_DAYS = 7;

/** Kept for a workspace's credential and a member's personal one alike (credential ids are unique in the org). */
const previousRecord = shape.object({
  credential_id: shape.string,
  org_id: shape.string,
  workspace_id: shape.optional(shape.string),
  owner_id: shape.optional(shape.string),
  secret_version: shape.number,
  sealed_secret: shape.string,
  hints: shape.record(shape.string),
  valid_until: shape.string,
});

export type PreviousVersionRecord = Stored<typeof previousRecord>;

export const previousVersionEntity = defineEntity({
  type: 'credential_previous',
  shape: previousRecord,
  key: (key: { org_id: string; credential_id: string }) => ({
    pk: orgPartition(key.org_id),
    sk: PREFIXES.previousCredential + key.credential_id,
  }),
  expiresAt: (previous) => ({ at: previous.valid_until }),
});

export const credentialNameGuard = defineEntity({
  type: 'credential_name',
  shape: shape.object({ credential_id: shape.string }),
  key: (guard: { org_id: string; workspace_id: string; name_key: string }) => ({
    pk: orgPartition(guard.org_id),
    sk: `${PREFIXES.credentialName}${guard.workspace_id}#${guard.name_key}`,
  }),
});

const dataKeyRecord = shape.object({
  org_id: shape.string,
  workspace_id: shape.string,
  /** Base64 of what KMS (or the local master key) wrapped; unwrapped only under the same context. */
  wrapped_key: shape.string,
  credential_count: shape.number,
  created_at: shape.string,
});

export type DataKeyRecord = Stored<typeof dataKeyRecord>;

export const dataKeyEntity = defineEntity({
  type: 'credential_data_key',
  shape: dataKeyRecord,
  key: (key: { org_id: string; workspace_id: string }) => ({ pk: orgPartition(key.org_id), sk: PREFIXES.dataKey + key.workspace_id }),
});

export const credentialRanges = {
  credentialsOfWorkspace: (orgId: string, workspaceId: string) => ({
    partition: orgPartition(orgId),
    prefix: `${PREFIXES.credential}${workspaceId}#`,
  }),
};

/** What a workspace's data key is bound to, at KMS and in its local stand-in. */
export const workspaceKeyContext = (orgId: string, workspaceId: string) => ({
  purpose: 'orgspace-credentials',
  org_id: orgId,
  workspace_id: workspaceId,
});

/** The associated data of a sealed secret: moving a ciphertext to another item, version or workspace breaks it. */
export const sealBinding = (credential: Pick<CredentialRecord, 'org_id' | 'workspace_id' | 'id'>, secretVersion: number) =>
  `orgspace-credential/v1 org=${credential.org_id} workspace=${credential.workspace_id} credential=${credential.id} version=${secretVersion}`;
