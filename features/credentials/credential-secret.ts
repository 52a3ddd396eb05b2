// What workspace and personal credentials do alike with a secret before and after sealing it:
// check it against its type and size, and keep the version a replacement supersedes.
import { AppError, ValidationError } from '../../shared/vocabulary/errors.js';
import { PREVIOUS_VERSION_DAYS, type PreviousVersionRecord } from './credential-entity.js';
import type { CredentialType } from './credential-types.js';
import { credentialErrors, SECRET_MAX_BYTES } from './errors.js';

const DAY_MS = 24 * 3_600_000;

/** Fields each type must carry; `generic` takes any. */
const REQUIRED_FIELDS: Record<CredentialType, string[]> = {
  api_key: ['api_key'],
  basic: ['username', 'password'],
  oauth2: ['client_id', 'client_secret'],
  generic: [],
};

/** The secret as it is sealed; refused before any key is fetched when it is too large or lacks its type's fields. */
export function secretText(type: CredentialType, secret: Record<string, string>): string {
  const missing = REQUIRED_FIELDS[type].filter((field) => !(field in secret));
  if (missing.length > 0)
    throw new ValidationError(
      `body.secret must hold ${missing.join(' and ')} for a ${type} credential.`,
      missing.map((field) => ({ field: `body.secret.${field}`, message: `is required for a ${type} credential` })),
    );
  if (Object.keys(secret).length === 0)
    throw new ValidationError('body.secret must hold at least one field.', [
      { field: 'body.secret', message: 'must hold at least one field' },
    ]);
  const text = JSON.stringify(secret);
  if (Buffer.byteLength(text, 'utf8') > SECRET_MAX_BYTES)
    throw new AppError(413, credentialErrors.secretTooLarge.code, credentialErrors.secretTooLarge.message);
  return text;
}

type Versioned = { id: string; org_id: string; secret_version: number; sealed_secret: string; hints: Record<string, string> };

/** The current secret of `credential`, kept 7 days from `now` once a replacement supersedes it. */
export const keptVersion = (
  credential: Versioned,
  now: string,
  scope: Pick<PreviousVersionRecord, 'workspace_id' | 'owner_id'>,
): PreviousVersionRecord => ({
  credential_id: credential.id,
  org_id: credential.org_id,
  ...scope,
  secret_version: credential.secret_version,
  sealed_secret: credential.sealed_secret,
  hints: credential.hints,
  valid_until: new Date(Date.parse(now) + PREVIOUS_VERSION_DAYS * DAY_MS).toISOString(),
});
