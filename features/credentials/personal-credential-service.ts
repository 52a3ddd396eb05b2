// A member's personal credentials in one org: sealed under a data key of their own (wrapped by KMS,
// bound to org and user), so only they can reveal one. Every change and reveal is one transaction
// that re-checks the owner's membership and records its event in the org's audit log.
import { credentialLimit } from '../../shared/config.js';
import { open, seal } from '../../shared/envelope/sealed-box.js';
import { comparableName } from '../../shared/vocabulary/display-name.js';
import { ConflictError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { commitOrThrow } from '../audit/audit-steps.js';
import { ORG_NOT_FOUND } from '../members/access.js';
import { keptVersion, secretText } from './credential-secret.js';
import { hintsOf, livePrevious } from './credential-view.js';
import { keyToSealWith, lostFirstKeyRace, retryingFirstKeyRace, unwrapStored } from './data-key-use.js';
import { concurrentChange, credentialErrors } from './errors.js';
import { explainOwnChange, readOwnCredential } from './personal-credential-access.js';
import {
  type PersonalCredentialRecord,
  type PersonalDataKeyRecord,
  personalKeyContext,
  personalSealBinding,
} from './personal-credential-entity.js';
import * as personalSteps from './personal-credential-steps.js';
import * as store from './personal-credential-store.js';
import { personalTargets, toPersonalCredential } from './personal-credential-view.js';
import type { CreateCredentialInput, PersonalCredential, RevealedCredential } from './schemas.js';

const limitReached = (limit: number) =>
  new ConflictError(
    credentialErrors.personalLimitReached.code,
    `You already hold the maximum of ${limit} personal credentials in this organization. Delete one first.`,
  );

const unwrap = (dataKey: PersonalDataKeyRecord) => unwrapStored(dataKey, personalKeyContext(dataKey.org_id, dataKey.owner_id));

/** The member's data key in the org: the one stored, or a new one (with the step that stores it). */
async function ownerKey(orgId: string, ownerId: string, stored: PersonalDataKeyRecord | undefined, limit: number) {
  const { key, fresh } = await keyToSealWith(stored, personalKeyContext(orgId, ownerId), (wrapped) => ({
    org_id: orgId,
    owner_id: ownerId,
    ...wrapped,
  }));
  return { key, step: fresh ? personalSteps.newDataKey(fresh) : personalSteps.counted(stored!, limit) };
}

export async function createOwnCredential(principal: Principal, orgId: string, input: CreateCredentialInput): Promise<PersonalCredential> {
  const user = requireUser(principal);
  const text = secretText(input.type, input.secret);
  const limit = credentialLimit();
  return retryingFirstKeyRace(async (attempt) => {
    const { member, dataKey } = await store.getMemberAndDataKey(orgId, user.userId);
    if (!member) throw new NotFoundError(ORG_NOT_FOUND);
    if (dataKey && dataKey.credential_count >= limit) throw limitReached(limit);
    const { key, step } = await ownerKey(orgId, user.userId, dataKey, limit);
    const now = nowIso();
    const record: PersonalCredentialRecord = {
      id: newId(),
      org_id: orgId,
      owner_id: user.userId,
      name: input.name,
      credential_type: input.type,
      metadata: input.metadata ?? {},
      hints: hintsOf(input.secret),
      secret_version: 1,
      sealed_secret: '',
      member_since: member.joined_at,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    record.sealed_secret = seal(key, text, personalSealBinding(record, 1));
    const event = auditEvent(principal, {
      action: 'personal_credential.created',
      orgId,
      targets: personalTargets(record),
      changes: { type: { from: null, to: record.credential_type }, secret_version: { from: null, to: 1 } },
      at: now,
    });
    await commitOrThrow(
      [
        personalSteps.ownerStillMember(orgId, user.userId, member.joined_at),
        step,
        ...personalSteps.create(record, comparableName(record.name)),
      ],
      [event],
      (failure) => {
        switch (failure.label) {
          case 'actor':
            return new NotFoundError(ORG_NOT_FOUND);
          case 'credential_name_taken':
            return new ConflictError(credentialErrors.personalNameTaken.code, credentialErrors.personalNameTaken.message);
          case 'credential_limit':
            return failure.item && Number(failure.item.credential_count) >= limit ? limitReached(limit) : concurrentChange();
          case 'data_key':
            return lostFirstKeyRace(attempt);
          default:
            return new Error('A freshly generated credential id collided');
        }
      },
    );
    return toPersonalCredential(record);
  });
}

async function newVersion(
  principal: Principal,
  credential: PersonalCredentialRecord,
  dataKey: PersonalDataKeyRecord,
  text: string,
  action: 'personal_credential.secret_replaced' | 'personal_credential.rolled_back',
): Promise<PersonalCredential> {
  const key = await unwrap(dataKey);
  const now = nowIso();
  const secretVersion = credential.secret_version + 1;
  const next: PersonalCredentialRecord = {
    ...credential,
    hints: hintsOf(JSON.parse(text) as Record<string, string>),
    secret_version: secretVersion,
    sealed_secret: seal(key, text, personalSealBinding(credential, secretVersion)),
    updated_at: now,
    version: credential.version + 1,
  };
  const previous = keptVersion(credential, now, { owner_id: credential.owner_id });
  const event = auditEvent(principal, {
    action,
    orgId: credential.org_id,
    targets: personalTargets(credential),
    changes: { secret_version: { from: credential.secret_version, to: secretVersion } },
    at: now,
  });
  await commitOrThrow(
    [
      personalSteps.ownerStillMember(credential.org_id, credential.owner_id, credential.member_since),
      ...personalSteps.replace(credential, next, previous),
    ],
    [event],
    explainOwnChange,
  );
  return toPersonalCredential(next, previous);
}

export async function replaceOwnCredentialSecret(
  principal: Principal,
  orgId: string,
  credentialId: string,
  input: { secret: Record<string, string> },
): Promise<PersonalCredential> {
  const { credential, dataKey } = await readOwnCredential(principal, orgId, credentialId, { secrets: true });
  return newVersion(
    principal,
    credential,
    dataKey!,
    secretText(credential.credential_type, input.secret),
    'personal_credential.secret_replaced',
  );
}

export async function rollBackOwnCredential(principal: Principal, orgId: string, credentialId: string): Promise<PersonalCredential> {
  const found = await readOwnCredential(principal, orgId, credentialId, { previous: true, secrets: true });
  const previous = livePrevious(found.previous);
  if (!previous || previous.secret_version >= found.credential.secret_version)
    throw new ConflictError(credentialErrors.noPreviousVersion.code, credentialErrors.noPreviousVersion.message);
  const key = await unwrap(found.dataKey!);
  const text = open(key, previous.sealed_secret, personalSealBinding(found.credential, previous.secret_version));
  return newVersion(principal, found.credential, found.dataKey!, text, 'personal_credential.rolled_back');
}

export async function revealOwnCredential(principal: Principal, orgId: string, credentialId: string): Promise<RevealedCredential> {
  const { credential, dataKey } = await readOwnCredential(principal, orgId, credentialId, { secrets: true });
  const key = await unwrap(dataKey!);
  const secret = JSON.parse(open(key, credential.sealed_secret, personalSealBinding(credential, credential.secret_version))) as Record<
    string,
    string
  >;
  const event = auditEvent(principal, {
    action: 'personal_credential.revealed',
    orgId,
    targets: personalTargets(credential),
    changes: { secret_version: { from: credential.secret_version, to: credential.secret_version } },
  });
  await commitOrThrow(
    [personalSteps.ownerStillMember(orgId, credential.owner_id, credential.member_since), personalSteps.unchanged(credential)],
    [event],
    explainOwnChange,
  );
  return { id: credential.id, name: credential.name, type: credential.credential_type, secret_version: credential.secret_version, secret };
}
