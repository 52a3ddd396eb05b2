// What `GET /me` says to a caller holding a workspace API key: the key, its workspace and what it
// may do there. This is how a product built on Orgspace checks a key its own customer sent it, in
// one call: the key and its workspace are read together, so a revoked key is refused at once.
import { batchGet } from '../../shared/table/batch-get.js';
import { UnauthenticatedError } from '../../shared/vocabulary/errors.js';
import { apiKeyPermissions } from '../../shared/vocabulary/policy.js';
import type { ApiKeyPrincipal } from '../../shared/vocabulary/principal.js';
import { workspaceEntity } from '../workspaces/workspace-entity.js';
import { apiKeyEntity, keyDisplay } from './api-key-entity.js';
import { requireLiveKey } from './api-key-liveness.js';

export async function describeApiKey(principal: ApiKeyPrincipal) {
  const keyKey = apiKeyEntity.key({ org_id: principal.orgId, workspace_id: principal.workspaceId, id: principal.keyId });
  const workspaceKey = workspaceEntity.key({ org_id: principal.orgId, id: principal.workspaceId });
  const found = await batchGet([keyKey, workspaceKey]);
  const stored = apiKeyEntity.parseOptional(found.get(keyKey));
  const workspace = workspaceEntity.parseOptional(found.get(workspaceKey));
  if (!stored || !workspace) throw new UnauthenticatedError("The API key's workspace has been deleted, and the key with it.");
  const key = requireLiveKey(stored, principal);
  return {
    principal_type: 'api_key' as const,
    api_key: {
      id: key.id,
      name: key.name,
      display: keyDisplay(key),
      created_at: key.created_at,
      expires_at: key.expires_at,
    },
    org_id: key.org_id,
    workspace: { id: workspace.id, name: workspace.name },
    role: key.role,
    permissions: apiKeyPermissions(key.role),
  };
}
