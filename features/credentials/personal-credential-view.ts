// How a personal credential is shown: as a workspace credential is, with its owner in place of a
// workspace; never its secret.
import type { PreviousVersionRecord } from './credential-entity.js';
import { livePrevious } from './credential-view.js';
import type { PersonalCredentialRecord } from './personal-credential-entity.js';
import type { PersonalCredential } from './schemas.js';

export const personalTargets = (credential: Pick<PersonalCredentialRecord, 'id' | 'name' | 'owner_id'>) => [
  { type: 'personal_credential', id: credential.id, name: credential.name },
  { type: 'user', id: credential.owner_id },
];

export function toPersonalCredential(record: PersonalCredentialRecord, previous?: PreviousVersionRecord): PersonalCredential {
  const { id, org_id, owner_id, name, credential_type: type, metadata, hints, secret_version, created_at, updated_at } = record;
  const kept = livePrevious(previous);
  return {
    id,
    org_id,
    owner_id,
    name,
    type,
    metadata,
    hints,
    secret_version,
    previous_version_until: kept && kept.secret_version < secret_version ? kept.valid_until : null,
    created_at,
    updated_at,
  };
}
