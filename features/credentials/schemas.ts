import * as z from 'zod/mini';
import { displayName, id, timestamp } from '../../shared/http/schemas.js';
import { CREDENTIAL_TYPES } from './credential-types.js';

const FIELD_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const fieldName = z
  .string()
  .check(
    z.maxLength(64, 'must be at most 64 characters'),
    z.regex(FIELD_NAME, 'must be a field name: a lowercase letter, then up to 63 lowercase letters, digits or underscores'),
  );

// The per-value cap is the request body's own (64 KB), far above the secret's: the whole secret's
// 16 KB limit answers first, with 413 secret_too_large, rather than a 400 about one field.
const SECRET_VALUE_MAX = 64 * 1024;
const secretFields = z
  .record(
    fieldName,
    z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(SECRET_VALUE_MAX, `must be at most ${SECRET_VALUE_MAX} characters`)),
  )
  .check(z.describe('The secret, as named fields (`{"api_key": "sk_live_…"}`): stored encrypted, never shown again but by reveal.'));

const metadata = z
  .record(fieldName, z.string().check(z.maxLength(1000, 'must be at most 1000 characters')))
  .check(z.describe('What the credential is for, in the clear: shown in reads and lists. Never put a secret here.'));

export const credentialParams = z.lazy(() => z.strictObject({ orgId: id, workspaceId: id, credentialId: id }));

export const createCredentialBody = z.lazy(() =>
  z.strictObject({
    name: displayName,
    type: z.enum(CREDENTIAL_TYPES),
    secret: secretFields,
    metadata: z.optional(metadata),
  }),
);

export const replaceSecretBody = z.lazy(() => z.strictObject({ secret: secretFields }));

export const moveCredentialBody = z.lazy(() =>
  z.strictObject({
    workspace_id: id.check(z.describe('The workspace of the same org to move the credential to.')),
  }),
);

const credentialFields = {
  id,
  org_id: id,
  workspace_id: id,
  name: z.string(),
  type: z.enum(CREDENTIAL_TYPES),
  metadata: z.record(z.string(), z.string()),
  hints: z
    .record(z.string(), z.string())
    .check(z.describe('Per secret field, a masked hint (`••••1234`): enough to tell secrets apart, never enough to use one.')),
  secret_version: z.number().check(z.describe('1 when made; one more with each replacement or rollback.')),
  previous_version_until: z
    .nullable(timestamp)
    .check(z.describe('Until when the version a replacement superseded can be rolled back to (7 days).')),
  created_by: id,
  created_at: timestamp,
  updated_at: timestamp,
};

export const credential = z.lazy(() => z.object(credentialFields));

export const personalCredentialsParams = z.lazy(() => z.strictObject({ orgId: id }));
export const personalCredentialParams = z.lazy(() => z.strictObject({ orgId: id, credentialId: id }));
export const memberCredentialsParams = z.lazy(() => z.strictObject({ orgId: id, userId: id }));
export const memberCredentialParams = z.lazy(() => z.strictObject({ orgId: id, userId: id, credentialId: id }));

export const personalCredential = z.lazy(() =>
  z.object({
    id,
    org_id: id,
    owner_id: id.check(z.describe('The member it belongs to: the only one who can reveal or change it.')),
    name: z.string(),
    type: z.enum(CREDENTIAL_TYPES),
    metadata: credentialFields.metadata,
    hints: credentialFields.hints,
    secret_version: credentialFields.secret_version,
    previous_version_until: credentialFields.previous_version_until,
    created_at: timestamp,
    updated_at: timestamp,
  }),
);

export const revealedCredential = z.lazy(() =>
  z.object({
    id,
    name: z.string(),
    type: z.enum(CREDENTIAL_TYPES),
    secret_version: z.number(),
    secret: z.record(z.string(), z.string()).check(z.describe('The secret in plain text. Every reveal is an audit event.')),
  }),
);

export type CreateCredentialInput = z.infer<typeof createCredentialBody>;
export type Credential = z.infer<typeof credential>;
export type RevealedCredential = z.infer<typeof revealedCredential>;
export type PersonalCredential = z.infer<typeof personalCredential>;
