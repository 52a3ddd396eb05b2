// The credential routes that never open a secret: list, read metadata, delete.
import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import { comparableName } from '../../shared/vocabulary/display-name.js';
import { NotFoundError } from '../../shared/vocabulary/errors.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { WORKSPACE_NOT_FOUND } from '../members/access.js';
import { callerAccess, callerKey, requireCallerWorkspacePermission } from '../members/caller.js';
import * as memberSteps from '../members/member-steps.js';
import { explainChange, readCredential, rolesWith } from './credential-access.js';
import * as credentialSteps from './credential-steps.js';
import * as store from './credential-store.js';
import { credentialTarget, toCredential } from './credential-view.js';
import type { Credential } from './schemas.js';

export async function listCredentials(principal: Principal, orgId: string, workspaceId: string, page: PageQuery) {
  const scope = ['credentials', orgId, workspaceId];
  const result = await store.listCredentialsWithCaller(
    orgId,
    workspaceId,
    callerKey(principal, orgId),
    page.limit,
    decodeCursor(page.cursor, scope),
  );
  requireCallerWorkspacePermission(callerAccess(principal, result.caller), workspaceId, 'credential:read');
  if (!result.workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  return { data: result.items.map((item) => toCredential(item)), next_cursor: encodeCursor(result.lastId, scope) };
}

export async function getCredential(principal: Principal, orgId: string, workspaceId: string, credentialId: string): Promise<Credential> {
  const { credential, previous } = await readCredential(principal, orgId, workspaceId, credentialId, 'credential:read');
  return toCredential(credential, previous);
}

export async function deleteCredential(principal: Principal, orgId: string, workspaceId: string, credentialId: string): Promise<void> {
  const user = requireUser(principal);
  const { credential } = await readCredential(principal, orgId, workspaceId, credentialId, 'credential:write');
  const event = auditEvent(principal, {
    action: 'credential.deleted',
    orgId,
    workspaceId,
    targets: [credentialTarget(credential)],
    changes: { secret_version: { from: credential.secret_version, to: null } },
  });
  await store.write(
    [
      memberSteps.actorHolds(orgId, user.userId, rolesWith('credential:write'), workspaceId),
      ...credentialSteps.remove(credential, comparableName(credential.name)),
    ],
    [event],
    explainChange(workspaceId, 'credential:write'),
  );
}
