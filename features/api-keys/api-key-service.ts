// A workspace's API keys, managed by its admins (org admins included). The secret is returned by
// create and rotate only; every change is one transaction that re-checks the caller's role and
// records its event, and no event, log line or error carries a secret.
import { config } from '../../shared/config.js';
import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import type { ConditionFailure } from '../../shared/table/transact.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import { orgRolesWith, type Permission } from '../../shared/vocabulary/policy.js';
import { changedMeanwhile, type IfMatch, requireCurrent } from '../../shared/vocabulary/preconditions.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent, changesBetween } from '../audit/audit-event.js';
import { requireWorkspacePermission, WORKSPACE_NOT_FOUND } from '../members/access.js';
import { memberEntity } from '../members/member-entity.js';
import { type ApiKeyRecord, keyDisplay } from './api-key-entity.js';
import { workingGenerations } from './api-key-liveness.js';
import { apiKeyTarget, revocation } from './api-key-revocation.js';
import { newApiKeySecret } from './api-key-secret.js';
import * as keys from './api-key-store.js';
import { apiKeyErrors } from './errors.js';
import type { ApiKey, ApiKeyWithSecret, CreateApiKeyInput } from './schemas.js';

const KEY_NOT_FOUND = 'API key';
const PERMISSION: Permission = 'api_key:manage';
const managers = () => orgRolesWith(PERMISSION);
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const concurrentChange = () =>
  new ConflictError('concurrent_modification', 'The API key was changed by another request at the same time. Read it again and retry.');
const revokedKey = () =>
  new ConflictError(apiKeyErrors.revoked.code, 'The API key is revoked; a revoked key cannot be renamed or rotated. Create a new one.');

export function toApiKey(record: ApiKeyRecord, now = Date.now()): ApiKey {
  const { id, org_id, workspace_id, name, role, prefix, last4, created_by, created_at, updated_at, expires_at, last_used_at, revoked_at } =
    record;
  const expired = expires_at !== null && Date.parse(expires_at) <= now;
  const graceUntil = workingGenerations(record, now).length > 1 ? record.previous_secret_valid_until! : null;
  return {
    id,
    org_id,
    workspace_id,
    name,
    role,
    display: keyDisplay(record),
    prefix,
    last4,
    status: revoked_at !== null ? 'revoked' : expired ? 'expired' : 'active',
    created_by,
    created_at,
    updated_at,
    expires_at,
    last_used_at,
    revoked_at,
    previous_secret_valid_until: revoked_at === null ? graceUntil : null,
  };
}

/**
 * A failed re-check of the caller at write time, answered as a read would have answered it:
 * gone from the org is 404, no standing in the workspace is 404, a weaker role is 403.
 */
function actorFailure(failure: ConditionFailure<string>, workspaceId: string): Error {
  try {
    requireWorkspacePermission(memberEntity.parseOptional(failure.item), workspaceId, PERMISSION);
  } catch (error) {
    return error as Error;
  }
  return new ForbiddenError();
}

export async function createApiKey(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  input: CreateApiKeyInput,
): Promise<ApiKeyWithSecret> {
  const user = requireUser(principal);
  const now = nowIso();
  const secret = newApiKeySecret(config().apiKeyEnvironment);
  // Only the workspace's admins make keys, and admin is the highest role: a key's role is never
  // above its creator's. The write re-checks that the creator is one.
  const record: ApiKeyRecord = {
    id: newId(),
    org_id: orgId,
    workspace_id: workspaceId,
    name: input.name,
    role: input.role,
    prefix: secret.prefix,
    last4: secret.last4,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
    expires_at: input.expires_in_days === undefined ? null : new Date(Date.parse(now) + input.expires_in_days * DAY_MS).toISOString(),
    last_used_at: null,
    revoked_at: null,
    secret_generation: 1,
    secret_hash: secret.hash,
    version: 1,
  };
  const event = auditEvent(principal, {
    action: 'api_key.created',
    orgId,
    workspaceId,
    targets: [apiKeyTarget(record)],
    changes: { role: { from: null, to: record.role }, ...(record.expires_at ? { expires_at: { from: null, to: record.expires_at } } : {}) },
    at: now,
  });
  const limit = config().apiKeyLimitPerWorkspace;
  await keys.createKey(record, managers(), limit, [event], (failure) => {
    switch (failure.label) {
      case 'actor':
        return actorFailure(failure, workspaceId);
      case 'workspace':
        return new NotFoundError(WORKSPACE_NOT_FOUND);
      case 'api_key_limit':
        return new ConflictError(
          apiKeyErrors.limitReached.code,
          `This workspace already has the maximum of ${limit} API keys that are not revoked. Revoke one first.`,
        );
      case 'new_item':
        return new Error('A freshly generated API key collided');
    }
  });
  return { ...toApiKey(record), key: secret.secret };
}

export async function listApiKeys(principal: Principal, orgId: string, workspaceId: string, page: PageQuery) {
  const scope = ['api-keys', orgId, workspaceId];
  const result = await keys.listKeysWithMembership(
    orgId,
    workspaceId,
    requireUser(principal).userId,
    page.limit,
    decodeCursor(page.cursor, scope),
  );
  requireWorkspacePermission(result.member, workspaceId, PERMISSION);
  if (!result.workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  const now = Date.now();
  return { data: result.keys.map((key) => toApiKey(key, now)), next_cursor: encodeCursor(result.lastKeyId, scope) };
}

async function readKey(principal: Principal, orgId: string, workspaceId: string, keyId: string) {
  const user = requireUser(principal);
  const { member, key } = await keys.getKeyAndMembership(orgId, workspaceId, keyId, user.userId);
  requireWorkspacePermission(member, workspaceId, PERMISSION);
  if (!key) throw new NotFoundError(KEY_NOT_FOUND);
  return { user, key };
}

export async function getApiKey(principal: Principal, orgId: string, workspaceId: string, keyId: string): Promise<ApiKey> {
  return toApiKey((await readKey(principal, orgId, workspaceId, keyId)).key);
}

/** For a change conditioned on the version read: gone is 404, changed meanwhile is 409. */
const explainChange = (workspaceId: string, ifMatch?: IfMatch) => (failure: ConditionFailure<keys.ChangeFailure>) => {
  if (failure.label === 'actor') return actorFailure(failure, workspaceId);
  if (failure.label === 'new_item') return new Error('A freshly generated API key secret collided');
  return failure.item ? changedMeanwhile(ifMatch, 'API key', concurrentChange) : new NotFoundError(KEY_NOT_FOUND);
};

export async function updateApiKey(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  keyId: string,
  input: { name: string },
  ifMatch?: IfMatch,
): Promise<ApiKey> {
  const { user, key } = await readKey(principal, orgId, workspaceId, keyId);
  const current = toApiKey(key);
  requireCurrent(ifMatch, 'API key', current);
  if (key.revoked_at !== null) throw revokedKey();
  if (input.name === key.name) return current;
  const next: ApiKeyRecord = { ...key, name: input.name, updated_at: nowIso(), version: key.version + 1 };
  const event = auditEvent(principal, {
    action: 'api_key.updated',
    orgId,
    workspaceId,
    targets: [apiKeyTarget(next)],
    changes: changesBetween(key, next, ['name']),
    at: next.updated_at,
  });
  await keys.changeKey('rename', key, next, user.userId, managers(), [event], explainChange(workspaceId, ifMatch));
  return toApiKey(next);
}

export async function revokeApiKey(principal: Principal, orgId: string, workspaceId: string, keyId: string): Promise<void> {
  const { user, key } = await readKey(principal, orgId, workspaceId, keyId);
  if (key.revoked_at !== null) return;
  const { next, event } = revocation(principal, key, nowIso());
  await keys.changeKey('revoke', key, next, user.userId, managers(), [event], explainChange(workspaceId));
}

export async function rotateApiKey(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  keyId: string,
  input: { grace_period_hours: number },
): Promise<ApiKeyWithSecret> {
  const { user, key } = await readKey(principal, orgId, workspaceId, keyId);
  if (key.revoked_at !== null) throw revokedKey();
  const now = nowIso();
  const secret = newApiKeySecret(config().apiKeyEnvironment);
  const graceUntil =
    input.grace_period_hours > 0 ? new Date(Date.parse(now) + input.grace_period_hours * HOUR_MS).toISOString() : undefined;
  const { previous_secret_hash: _, previous_secret_valid_until: __, ...rest } = key;
  const next: ApiKeyRecord = {
    ...rest,
    prefix: secret.prefix,
    last4: secret.last4,
    secret_hash: secret.hash,
    secret_generation: key.secret_generation + 1,
    ...(graceUntil ? { previous_secret_hash: key.secret_hash, previous_secret_valid_until: graceUntil } : {}),
    updated_at: now,
    version: key.version + 1,
  };
  const event = auditEvent(principal, {
    action: 'api_key.rotated',
    orgId,
    workspaceId,
    targets: [apiKeyTarget(key)],
    changes: {
      display: { from: keyDisplay(key), to: keyDisplay(next) },
      previous_secret_valid_until: { from: toApiKey(key).previous_secret_valid_until, to: graceUntil ?? null },
    },
    at: now,
  });
  await keys.changeKey('rotate', key, next, user.userId, managers(), [event], explainChange(workspaceId));
  return { ...toApiKey(next), key: secret.secret };
}
