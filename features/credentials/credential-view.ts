// How a credential is shown: metadata, masked hints and versions; never its secret.
import type { CredentialRecord, PreviousVersionRecord } from './credential-entity.js';
import type { Credential } from './schemas.js';

export const credentialTarget = (credential: Pick<CredentialRecord, 'id' | 'name'>) => ({
  type: 'credential',
  id: credential.id,
  name: credential.name,
});

const SHOWN = 4;

/** `••••` and the last four characters, for a value long enough (12 or more) that they give nothing away. */
export const hintsOf = (secret: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(secret).map(([field, value]) => [field, value.length >= 12 ? `••••${value.slice(-SHOWN)}` : '••••']));

/** The kept previous version, while it may still be rolled back to. */
export const livePrevious = (previous: PreviousVersionRecord | undefined, now = Date.now()) =>
  previous && Date.parse(previous.valid_until) > now ? previous : undefined;

export function toCredential(record: CredentialRecord, previous?: PreviousVersionRecord): Credential {
  const {
    id,
    org_id,
    workspace_id,
    name,
    credential_type: type,
    metadata,
    hints,
    secret_version,
    created_by,
    created_at,
    updated_at,
  } = record;
  const kept = livePrevious(previous);
  return {
    id,
    org_id,
    workspace_id,
    name,
    type,
    metadata,
    hints,
    secret_version,
    previous_version_until: kept && kept.secret_version < secret_version ? kept.valid_until : null,
    created_by,
    created_at,
    updated_at,
  };
}
