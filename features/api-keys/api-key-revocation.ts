// A key's revocation as it is written and recorded, whoever revokes it: an admin through the API,
// or the cleanup of a deleted workspace.
import type { Principal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import type { ApiKeyRecord } from './api-key-entity.js';

export const apiKeyTarget = (key: Pick<ApiKeyRecord, 'id' | 'name'>) => ({ type: 'api_key', id: key.id, name: key.name });

/** The key as revoked at `now`, and its `api_key.revoked` event. */
export function revocation(principal: Principal, key: ApiKeyRecord, now: string) {
  const next: ApiKeyRecord = { ...key, revoked_at: now, updated_at: now, version: key.version + 1 };
  const event = auditEvent(principal, {
    action: 'api_key.revoked',
    orgId: key.org_id,
    workspaceId: key.workspace_id,
    targets: [apiKeyTarget(key)],
    changes: { revoked_at: { from: null, to: now } },
    at: now,
  });
  return { next, event };
}
