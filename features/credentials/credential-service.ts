// A workspace's credentials. Secrets are sealed with AES-256-GCM under the workspace's data key
// (wrapped by KMS, bound to org and workspace) and the seal is bound to the credential and version.
// Every change and every reveal is one transaction that re-checks the caller and records its
// event; no plaintext reaches an event, a log line or an error.
import { credentialLimit } from '../../shared/config.js';
import { open, seal } from '../../shared/envelope/sealed-box.js';
import { comparableName } from '../../shared/vocabulary/display-name.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/vocabulary/errors.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { requireWorkspacePermission, WORKSPACE_NOT_FOUND } from '../members/access.js';
import { callerKey } from '../members/caller.js';
import * as memberSteps from '../members/member-steps.js';
import * as workspaceSteps from '../workspaces/workspace-steps.js';
import { actorFailure, explainChange, readCredential, rolesWith } from './credential-access.js';
import { type CredentialRecord, type DataKeyRecord, sealBinding, workspaceKeyContext } from './credential-entity.js';
import { keptVersion, secretText } from './credential-secret.js';
import * as credentialSteps from './credential-steps.js';
import * as store from './credential-store.js';
import { credentialTarget, hintsOf, livePrevious, toCredential } from './credential-view.js';
import { keyToSealWith, lostFirstKeyRace, retryingFirstKeyRace, unwrapStored } from './data-key-use.js';
import { CREDENTIAL_NOT_FOUND, concurrentChange, credentialErrors } from './errors.js';
import type { CreateCredentialInput, Credential, RevealedCredential } from './schemas.js';

const nameTaken = () => new ConflictError(credentialErrors.nameTaken.code, credentialErrors.nameTaken.message);
const limitReached = (limit: number) =>
  new ConflictError(
    credentialErrors.limitReached.code,
    `This workspace already holds the maximum of ${limit} credentials. Delete one first.`,
  );

const unwrap = (dataKey: DataKeyRecord) => unwrapStored(dataKey, workspaceKeyContext(dataKey.org_id, dataKey.workspace_id));

/** The workspace's data key: the one stored, or a new one (with the step that stores it). */
async function workspaceKey(orgId: string, workspaceId: string, stored: DataKeyRecord | undefined, limit: number) {
  const { key, fresh } = await keyToSealWith(stored, workspaceKeyContext(orgId, workspaceId), (wrapped) => ({
    org_id: orgId,
    workspace_id: workspaceId,
    ...wrapped,
  }));
  return { key, step: fresh ? credentialSteps.newDataKey(fresh) : credentialSteps.counted(stored!, limit) };
}

export async function createCredential(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  input: CreateCredentialInput,
): Promise<Credential> {
  const user = requireUser(principal);
  const text = secretText(input.type, input.secret);
  const limit = credentialLimit();
  return retryingFirstKeyRace(async (attempt) => {
    const { member, dataKey } = await store.getDataKeyAndMembership(orgId, workspaceId, user.userId);
    requireWorkspacePermission(member, workspaceId, 'credential:write');
    if (dataKey && dataKey.credential_count >= limit) throw limitReached(limit);
    const { key, step } = await workspaceKey(orgId, workspaceId, dataKey, limit);
    const now = nowIso();
    const record: CredentialRecord = {
      id: newId(),
      org_id: orgId,
      workspace_id: workspaceId,
      name: input.name,
      credential_type: input.type,
      metadata: input.metadata ?? {},
      hints: hintsOf(input.secret),
      secret_version: 1,
      sealed_secret: '',
      created_by: user.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    record.sealed_secret = seal(key, text, sealBinding(record, 1));
    const event = auditEvent(principal, {
      action: 'credential.created',
      orgId,
      workspaceId,
      targets: [credentialTarget(record)],
      changes: { type: { from: null, to: record.credential_type }, secret_version: { from: null, to: 1 } },
      at: now,
    });
    await store.write(
      [
        memberSteps.actorHolds(orgId, user.userId, rolesWith('credential:write'), workspaceId),
        workspaceSteps.exists('workspace', orgId, workspaceId),
        step,
        ...credentialSteps.create(record, comparableName(record.name)),
      ],
      [event],
      (failure) => {
        switch (failure.label) {
          case 'actor':
            return actorFailure(failure, workspaceId, 'credential:write');
          case 'workspace':
            return new NotFoundError(WORKSPACE_NOT_FOUND);
          case 'credential_name_taken':
            return nameTaken();
          case 'credential_limit':
            return failure.item && Number(failure.item.credential_count) >= limit ? limitReached(limit) : concurrentChange();
          case 'data_key':
            return lostFirstKeyRace(attempt);
          default:
            return new Error('A freshly generated credential id collided');
        }
      },
    );
    return toCredential(record);
  });
}

/** A new version holding `text`; the current one is kept 7 days for rollback. */
async function newVersion(
  principal: Principal,
  credential: CredentialRecord,
  dataKey: DataKeyRecord,
  text: string,
  action: 'credential.secret_replaced' | 'credential.rolled_back',
): Promise<Credential> {
  const user = requireUser(principal);
  const key = await unwrap(dataKey);
  const now = nowIso();
  const secretVersion = credential.secret_version + 1;
  const next: CredentialRecord = {
    ...credential,
    hints: hintsOf(JSON.parse(text) as Record<string, string>),
    secret_version: secretVersion,
    sealed_secret: seal(key, text, sealBinding(credential, secretVersion)),
    updated_at: now,
    version: credential.version + 1,
  };
  const previous = keptVersion(credential, now, { workspace_id: credential.workspace_id });
  const event = auditEvent(principal, {
    action,
    orgId: credential.org_id,
    workspaceId: credential.workspace_id,
    targets: [credentialTarget(credential)],
    changes: { secret_version: { from: credential.secret_version, to: secretVersion } },
    at: now,
  });
  await store.write(
    [
      memberSteps.actorHolds(credential.org_id, user.userId, rolesWith('credential:write'), credential.workspace_id),
      ...credentialSteps.replace(credential, next, previous),
    ],
    [event],
    explainChange(credential.workspace_id, 'credential:write'),
  );
  return toCredential(next, previous);
}

export async function replaceCredentialSecret(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  credentialId: string,
  input: { secret: Record<string, string> },
): Promise<Credential> {
  requireUser(principal);
  const { credential, dataKey } = await readCredential(principal, orgId, workspaceId, credentialId, 'credential:write', { secrets: true });
  const text = secretText(credential.credential_type, input.secret);
  return newVersion(principal, credential, dataKey!, text, 'credential.secret_replaced');
}

export async function rollBackCredential(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  credentialId: string,
): Promise<Credential> {
  requireUser(principal);
  const found = await readCredential(principal, orgId, workspaceId, credentialId, 'credential:write', { secrets: true });
  const previous = livePrevious(found.previous);
  if (!previous || previous.secret_version >= found.credential.secret_version)
    throw new ConflictError(credentialErrors.noPreviousVersion.code, credentialErrors.noPreviousVersion.message);
  const key = await unwrap(found.dataKey!);
  const text = open(key, previous.sealed_secret, sealBinding(found.credential, previous.secret_version));
  return newVersion(principal, found.credential, found.dataKey!, text, 'credential.rolled_back');
}

export async function revealCredential(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  credentialId: string,
): Promise<RevealedCredential> {
  const { credential, dataKey, access } = await readCredential(principal, orgId, workspaceId, credentialId, 'credential:reveal', {
    secrets: true,
  });
  const key = await unwrap(dataKey!);
  const secret = JSON.parse(open(key, credential.sealed_secret, sealBinding(credential, credential.secret_version))) as Record<
    string,
    string
  >;
  const event = auditEvent(principal, {
    action: 'credential.revealed',
    orgId,
    workspaceId,
    targets: [credentialTarget(credential)],
    changes: { secret_version: { from: credential.secret_version, to: credential.secret_version } },
  });
  const actorCheck =
    access.type === 'api_key'
      ? store.keyStillWorks(callerKey(principal, orgId))
      : memberSteps.actorHolds(orgId, access.member.user_id, rolesWith('credential:reveal'), workspaceId);
  await store.write([actorCheck, credentialSteps.unchanged(credential)], [event], explainChange(workspaceId, 'credential:reveal'));
  return { id: credential.id, name: credential.name, type: credential.credential_type, secret_version: credential.secret_version, secret };
}

/**
 * Moves a credential to another workspace of the org, for an admin of both: opened under the old
 * binding, sealed under the new one, the new item written and the old one deleted with its name,
 * in one transaction. The version kept for rollback stays behind and is erased with the old item.
 */
export async function moveCredential(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  credentialId: string,
  input: { workspace_id: string },
): Promise<Credential> {
  const user = requireUser(principal);
  const toId = input.workspace_id;
  const found = await store.getForMove(orgId, workspaceId, toId, credentialId, user.userId);
  requireWorkspacePermission(found.member, workspaceId, 'credential:read');
  if (!found.credential) throw new NotFoundError(CREDENTIAL_NOT_FOUND);
  requireWorkspacePermission(found.member, workspaceId, 'credential:move');
  if (!found.target)
    throw new ValidationError('body.workspace_id names no workspace of this organization.', [
      { field: 'body.workspace_id', message: 'is not a workspace of this organization' },
    ]);
  requireWorkspacePermission(found.member, toId, 'credential:move');
  const { credential } = found;
  if (toId === workspaceId) return toCredential(credential);
  const limit = credentialLimit();
  if (found.targetKey && found.targetKey.credential_count >= limit) throw limitReached(limit);
  const text = open(await unwrap(found.sourceKey!), credential.sealed_secret, sealBinding(credential, credential.secret_version));
  const target = await workspaceKey(orgId, toId, found.targetKey, limit);
  const now = nowIso();
  const moved: CredentialRecord = { ...credential, workspace_id: toId, updated_at: now, version: credential.version + 1 };
  moved.sealed_secret = seal(target.key, text, sealBinding(moved, moved.secret_version));
  const event = auditEvent(principal, {
    action: 'credential.moved',
    orgId,
    workspaceId,
    targets: [credentialTarget(credential), { type: 'workspace', id: toId, name: found.target.name }],
    changes: { workspace_id: { from: workspaceId, to: toId } },
    at: now,
  });
  const nameKey = comparableName(credential.name);
  await store.write(
    [
      credentialSteps.adminOfBoth(orgId, user.userId, rolesWith('credential:move'), workspaceId, toId),
      workspaceSteps.exists('workspace', orgId, toId),
      target.step,
      ...credentialSteps.remove(credential, nameKey),
      ...credentialSteps.create(moved, nameKey),
    ],
    [event],
    (failure) => {
      switch (failure.label) {
        case 'actor':
          return actorFailure(failure, toId, 'credential:move');
        case 'workspace':
          return new NotFoundError(WORKSPACE_NOT_FOUND);
        case 'credential_name_taken':
          return new ConflictError(
            credentialErrors.nameTaken.code,
            'The target workspace already has a credential of that name. Rename one first.',
          );
        case 'credential_limit':
          return failure.item && Number(failure.item.credential_count) >= limit ? limitReached(limit) : concurrentChange();
        case 'credential':
          return failure.item ? concurrentChange() : new NotFoundError(CREDENTIAL_NOT_FOUND);
        default:
          return concurrentChange();
      }
    },
  );
  return toCredential(moved);
}
